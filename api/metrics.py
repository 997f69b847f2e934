"""Prometheus metrics: requests, model calls and tokens, cache hits, failures, queue depth.

Each runtime has its own registry (tests build many apps in one process); `/metrics` renders it.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from api.model.client import CallLogger, CallRecord, StructuredModel

# No `_created` sample beside each counter: the scraper knows when a series appeared.
disable_created_metrics()  # type: ignore[no-untyped-call]
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "citylinks_http_requests",
            "HTTP requests answered, by route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "citylinks_http_request_seconds",
            "Time to answer an HTTP request.",
            ["method", "route"],
            buckets=SECONDS,
            registry=self.registry,
        )
        self.model_calls = Counter(
            "citylinks_model_calls",
            "Model calls, by task and outcome (ok, retryable_error, invalid_output, error).",
            ["task", "outcome"],
            registry=self.registry,
        )
        self.model_tokens = Counter(
            "citylinks_model_tokens",
            "Tokens the model read (prompt) and wrote (completion).",
            ["task", "kind"],
            registry=self.registry,
        )
        self.model_seconds = Histogram(
            "citylinks_model_call_seconds",
            "Duration of one model call.",
            ["task"],
            buckets=SECONDS,
            registry=self.registry,
        )
        self.submissions = Counter(
            "citylinks_submissions",
            "Submitted documents: served from the extraction cache (cache_hit) or queued.",
            ["outcome"],
            registry=self.registry,
        )
        self.extractions = Counter(
            "citylinks_extractions_finished",
            "Extractions finished by this process, by status (done, failed).",
            ["status"],
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "citylinks_queue_depth",
            "Extractions waiting (pending) or in progress (running), in the database.",
            ["status"],
            registry=self.registry,
        )

    def observe_call(self, record: CallRecord) -> None:
        self.model_calls.labels(record.task, record.outcome).inc()
        self.model_tokens.labels(record.task, "prompt").inc(record.prompt_tokens)
        self.model_tokens.labels(record.task, "completion").inc(record.completion_tokens)
        self.model_seconds.labels(record.task).observe(record.duration_ms / 1000)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MeteredModel:
    """A model whose every call (each attempt) is counted before it is logged as usual."""

    def __init__(self, model: StructuredModel, metrics: Metrics) -> None:
        self.inner = model
        self.metrics = metrics

    @property
    def model(self) -> str:
        return self.inner.model

    @property
    def base_url(self) -> str:
        return str(getattr(self.inner, "base_url", "in-process"))

    async def complete(self, messages: Any, response_model: Any, log: CallLogger) -> Any:
        async def counted(record: CallRecord) -> None:
            self.metrics.observe_call(record)
            await log(record)

        return await self.inner.complete(messages, response_model, counted)

    async def ping(self) -> bool:
        return await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()
