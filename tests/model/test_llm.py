"""The model boundary's retry policy, against a fake transport that fails as told (named as a fake)."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import instructor
import openai

from api.errors import UpstreamError
from api.model.client import CallRecord, ModelClient
from api.settings import Settings
from schemas.llm import AllianceAnswer


def fake_endpoint(
    replies: list[tuple[int, Any, dict[str, str]]], seen: list[dict[str, Any]]
) -> httpx2.MockTransport:
    """A fake OpenAI-compatible endpoint answering from a script of (status, content, headers)."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        status, content, headers = replies.pop(0)
        if status != 200:
            return httpx2.Response(status, json={"error": {"message": "fake"}}, headers=headers)
        body = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": content[1],
                    "message": {"role": "assistant", "content": content[0]},
                }
            ],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        }
        return httpx2.Response(200, json=body)

    return httpx2.MockTransport(handle)


def client(
    replies: list[tuple[int, Any, dict[str, str]]], seen: list[dict[str, Any]]
) -> ModelClient:
    model = ModelClient(Settings(llm_max_attempts=3), "http://fake.invalid/v1", "json_object")
    model.openai = openai.AsyncOpenAI(
        base_url="http://fake.invalid/v1",
        api_key="x",
        max_retries=0,
        http_client=httpx2.AsyncClient(transport=fake_endpoint(replies, seen)),
    )
    model.client = instructor.from_openai(model.openai, mode=instructor.Mode.JSON_SCHEMA)
    return model


async def run(model: ModelClient) -> tuple[Any, list[CallRecord]]:
    calls: list[CallRecord] = []

    async def log(record: CallRecord) -> None:
        calls.append(record)

    try:
        return await model.complete([{"role": "user", "content": "x"}], AllianceAnswer, log), calls
    except UpstreamError as error:
        return error, calls


async def test_rate_limits_and_server_errors_are_retried_honouring_retry_after() -> None:
    seen: list[dict[str, Any]] = []
    model = client(
        [
            (429, None, {"retry-after": "0"}),
            (500, None, {}),
            (200, ('{"alliances": []}', "stop"), {}),
        ],
        seen,
    )
    result, calls = await run(model)
    assert result[0].alliances == [] and result[1:] == (5, 2)
    assert [call.outcome for call in calls] == ["retryable_error", "retryable_error", "ok"]


async def test_truncated_output_is_asked_again_with_another_seed_then_recorded_as_failure() -> None:
    seen: list[dict[str, Any]] = []
    cut = ('{"alliances": [{"name": "Bund', "length")
    result, calls = await run(client([(200, cut, {})] * 3, seen))
    assert isinstance(result, UpstreamError) and "cut off" in result.detail
    assert [call.outcome for call in calls] == ["invalid_output"] * 3
    assert [body["seed"] for body in seen] == [7, 8, 9]


async def test_a_bad_request_is_not_retried() -> None:
    result, calls = await run(client([(400, None, {})], []))
    assert isinstance(result, UpstreamError) and "HTTP 400" in result.detail
    assert len(calls) == 1
