"""The chat endpoint as real clients send to it: the openai SDK, and raw bodies of the kind
Open WebUI and LibreChat send (content as text parts, stream_options, parameters it ignores),
with errors in OpenAI's shape. A fake model (named as such) extracts the article; the
questions here are answered from its facts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from litestar.testing import TestClient

from api.errors import InvalidInput
from api.http.app import create_app
from api.http.controllers.chat import stream_answer
from api.settings import Settings
from schemas.chat import ChatRequest
from tests.conftest import FakeModel
from tests.http.test_access import keyed
from tests.http.test_api import ANSWERS, ARTICLE
from tests.live_server import serving

QUESTION = "Wer leitete die Delegation aus Nottingham?"
# What Open WebUI sends (its system prompt, sampling parameters, a usage request).
OPEN_WEBUI = {
    "model": "citylinks",
    "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": [{"type": "text", "text": QUESTION}]},
    ],
    "stream": True,
    "stream_options": {"include_usage": True},
    "temperature": 0.8,
    "top_p": 0.9,
    "max_tokens": 1024,
    "user": "someone@example.org",
}
# What LibreChat sends without streaming: more parameters the service ignores.
LIBRECHAT = {
    "model": "citylinks",
    "messages": [{"role": "user", "content": [{"type": "text", "text": QUESTION}]}],
    "n": 1,
    "presence_penalty": 0,
    "frequency_penalty": 0,
    "tools": [{"type": "function", "function": {"name": "search", "parameters": {}}}],
    "response_format": {"type": "text"},
}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient[Any]]:
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        assert client.post("/documents?wait=10", json={"text": ARTICLE}).status_code == 200
        yield client


def events(body: str) -> list[Any]:
    """The data of each server-sent event, parsed (comments, the keep-alives, skipped)."""
    data = [line[len("data: ") :] for line in body.splitlines() if line.startswith("data: ")]
    assert data[-1] == "[DONE]"
    return [json.loads(item) for item in data[:-1]]


def test_a_streamed_answer_starts_with_the_role_and_ends_with_the_usage(client: Any) -> None:
    answer = client.post("/v1/chat/completions", json=OPEN_WEBUI)
    assert answer.status_code == 200
    chunks = events(answer.text)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert "Jane Doe" in content
    stop = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"] == "stop"]
    assert len(stop) == 1 and stop[0]["citations"]
    usage = chunks[-1]
    assert usage["choices"] == [] and set(usage["usage"]) == {
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
    }


def test_text_parts_and_ignored_parameters_are_accepted(client: Any) -> None:
    answer = client.post("/v1/chat/completions", json=LIBRECHAT)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "Jane Doe" in body["choices"][0]["message"]["content"]
    assert len(body["choices"]) == 1 and body["citations"]


def test_sources_are_written_under_the_content_when_asked(client: Any) -> None:
    plain = {"messages": [{"role": "user", "content": QUESTION}]}
    for asked in ({**plain, "model": "citylinks-with-sources"}, {**plain, "sources": True}):
        body = client.post("/v1/chat/completions", json=asked).json()
        content = body["choices"][0]["message"]["content"]
        citation = body["citations"][0]
        assert f"Sources:\n[{citation['n']}] \u201c{citation['text']}\u201d" in content
    content = client.post("/v1/chat/completions", json=plain).json()["choices"][0]["message"]
    assert "Sources:" not in content["content"]
    listed = [model["id"] for model in client.get("/v1/models").json()["data"]]
    assert listed == ["citylinks", "citylinks-with-sources"]


def test_errors_on_v1_come_in_openais_shape(client: Any) -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    refused = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": [image]}]}
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "message": "only text content parts are read; got image_url",
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_input",
    }
    malformed = client.post("/v1/chat/completions", json={"messages": "hello"})
    assert malformed.status_code == 400
    assert malformed.json()["error"]["type"] == "invalid_request_error"
    # Outside /v1 errors keep the service's own shape.
    assert "detail" in client.post("/ask", json={}).json()


def test_the_openai_sdk_reads_parts_usage_and_errors(settings: Settings) -> None:
    keyed_settings = keyed(settings)
    with serving(create_app(keyed_settings, model=FakeModel(ANSWERS))) as url:
        sdk = openai.OpenAI(base_url=f"{url}/v1", api_key="cl_unknown", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as unknown:
            sdk.models.list()
        assert unknown.value.code == "unauthenticated"
        assert "unknown or revoked" in unknown.value.message
    with serving(create_app(settings, model=FakeModel(ANSWERS))) as url:
        sdk = openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
        httpx.post(f"{url}/documents?wait=10", json={"text": ARTICLE}, timeout=30)
        parts = [{"type": "text", "text": QUESTION}]
        stream = sdk.chat.completions.create(
            model="citylinks",
            messages=[{"role": "user", "content": parts}],  # type: ignore[list-item]
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        assert chunks[0].choices[0].delta.role == "assistant"
        assert chunks[-1].usage is not None and chunks[-1].choices == []
        with pytest.raises(openai.BadRequestError) as refused:
            sdk.chat.completions.create(model="citylinks", messages=[])
        assert refused.value.type == "invalid_request_error"


class FailingAnswerer:
    """A fake answerer, named as such: prepares for a while, then fails."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def ask(self, conversation: Any) -> Any:
        await asyncio.sleep(0.05)
        raise self.error


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InvalidInput("the question is empty"), "invalid_input"),
        (RuntimeError("bug"), "internal_error"),
    ],
)
async def test_an_error_while_streaming_ends_the_stream_with_an_error_event(
    error: Exception, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.http.controllers.chat.KEEP_ALIVE_SECONDS", 0.01)
    request = ChatRequest.model_validate({"messages": [{"role": "user", "content": QUESTION}]})
    answerer = FailingAnswerer(error)
    sent = [part async for part in stream_answer(lambda: answerer.ask([]), request, "chatcmpl-1")]
    assert sent[0].startswith("data: ") and '"role": "assistant"' in sent[0]
    assert ": still reading the sources\n\n" in sent  # kept alive while it prepared
    assert json.loads(sent[-2][len("data: ") :])["error"]["code"] == code
    assert sent[-1] == "data: [DONE]\n\n"
