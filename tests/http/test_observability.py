"""Liveness and readiness, Prometheus metrics, request ids, JSON log lines and safe headers."""

from __future__ import annotations

import json
import logging

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.http.app import create_app
from api.http.observability import JsonFormatter, request_id
from api.settings import Settings
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE


class UnreachableFakeModel(FakeModel):
    """A fake model whose endpoint does not answer pings."""

    async def ping(self) -> bool:
        return False


def test_liveness_holds_while_readiness_reports_a_missing_model(settings: Settings) -> None:
    with TestClient(create_app(settings, model=UnreachableFakeModel())) as client:
        assert client.get("/health/live").json() == {"status": "alive"}
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["database"] is True and ready.json()["model"] is False
        assert client.get("/health").status_code == 503
    with TestClient(create_app(settings, model=FakeModel())) as client:
        assert client.get("/health/ready").status_code == 200


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return 0.0


def test_metrics_count_requests_model_calls_tokens_and_cache_hits(settings: Settings) -> None:
    with TestClient(create_app(settings, model=FakeModel(ANSWERS))) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
        client.post("/documents?wait=10", json={"text": ARTICLE})
        client.get("/documents/nothing")
        text = client.get("/metrics").text
    assert metric(text, "citylinks_submissions_total", outcome="cache_hit") == 1
    assert metric(text, "citylinks_submissions_total", outcome="queued") == 1
    assert metric(text, "citylinks_model_calls_total", task="visits", outcome="ok") == 1
    assert metric(text, "citylinks_model_tokens_total", task="visits", kind="prompt") == 10
    assert metric(text, "citylinks_extractions_finished_total", status="done") == 1
    assert metric(text, "citylinks_queue_depth", status="pending") == 0
    route = {"method": "GET", "route": "/documents/{document_id}", "status": "404"}
    assert metric(text, "citylinks_http_requests_total", **route) == 1
    assert "citylinks_http_request_seconds_bucket" in text


def test_a_request_id_is_kept_or_made_and_sent_back(settings: Settings) -> None:
    with TestClient(create_app(settings, model=FakeModel())) as client:
        given = client.get("/documents", headers={"X-Request-ID": "abc-123"})
        assert given.headers["x-request-id"] == "abc-123"
        made = client.get("/documents", headers={"X-Request-ID": "<script>"})
        assert len(made.headers["x-request-id"]) == 32 and "<" not in made.headers["x-request-id"]


def test_each_request_is_logged_once_with_its_id_and_outcome(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="api.requests"),
        TestClient(create_app(settings, model=FakeModel())) as client,
    ):
        client.get("/documents/missing", headers={"X-Request-ID": "req-1"})
    records = [record for record in caplog.records if record.name == "api.requests"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["status"] == 404 and line["route"] == "/documents/{document_id}"
    assert line["method"] == "GET" and line["caller"] == "local"


def test_json_log_lines_carry_the_current_request_id() -> None:
    token = request_id.set("req-42")
    try:
        record = logging.LogRecord("api", logging.WARNING, __file__, 1, "model %s", ("down",), None)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "req-42" and line["message"] == "model down"
    assert line["level"] == "warning"


def test_json_answers_may_not_be_sniffed_as_html(settings: Settings) -> None:
    with TestClient(create_app(settings, model=FakeModel(ANSWERS))) as client:
        response = client.post(
            "/documents", json={"html": "<p>Hallo <script>alert(1)</script></p>"}
        )
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in ("application/json", "application/problem+json")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in response.headers["content-security-policy"]
