"""Prometheus metrics: GET /metrics (admin scope)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST


class MetricsController(Controller):
    tags = ["health"]
    opt = {"scope": "admin"}

    @get("/metrics", summary="Prometheus metrics", media_type=CONTENT_TYPE_LATEST)
    async def get_metrics(self, state: State) -> Response[bytes]:
        counts = await state.store.extractions.counts()
        for status in ("pending", "running"):
            state.metrics.queue_depth.labels(status).set(counts.get(status, 0))
        return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
