"""Health: is the database reachable, is the model endpoint answering."""

from __future__ import annotations

from litestar import Controller, get
from litestar.datastructures import State

from schemas.http import Health


class HealthController(Controller):
    tags = ["health"]

    @get("/health", summary="Service health")
    async def get_health(self, state: State) -> Health:
        database = await state.store.ping()
        server = state.model_server
        model = server.running if server is not None else await state.model.ping()
        return Health(
            status="ok" if database and model else "degraded",
            database=database,
            model=model,
            model_name=state.settings.llm_model,
            model_endpoint=getattr(state.model, "base_url", "in-process"),
        )
