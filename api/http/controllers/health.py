"""Health: liveness (the process answers) and readiness (database and model endpoint reachable)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec

from schemas.http import Health, Liveness, ModelServerHealth


async def readiness(state: State) -> Health:
    database = await state.store.ping()
    server = state.model_server
    # The embedded server answers nothing else while it generates: its state is what counts.
    model = server.ready if server is not None else await state.model.ping()
    return Health(
        status="ok" if database and model else "degraded",
        database=database,
        model=model,
        model_name=state.settings.llm_model,
        model_endpoint=getattr(state.model, "base_url", "in-process"),
        model_server=None
        if server is None
        else ModelServerHealth(
            state=server.state, restarts=server.restarts, failure=server.failure
        ),
    )


async def ready_response(state: State) -> Response[Health]:
    health = await readiness(state)
    return Response(health, status_code=200 if health.status == "ok" else 503)


NOT_READY = {503: ResponseSpec(data_container=Health, description="Not ready: see which part")}


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", summary="Liveness: the process is up and serving (no dependency is checked)")
    async def get_liveness(self) -> Liveness:
        return Liveness(status="alive")

    @get(
        "/ready",
        summary="Readiness: the database and the model endpoint answer (503 when one does not)",
        responses=NOT_READY,
    )
    async def get_readiness(self, state: State) -> Response[Health]:
        return await ready_response(state)

    @get("/", summary="Same as /health/ready", responses=NOT_READY)
    async def get_health(self, state: State) -> Response[Health]:
        return await ready_response(state)
