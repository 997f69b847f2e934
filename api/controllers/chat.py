"""OpenAI-compatible chat over the articles: POST /v1/chat/completions, GET /v1/models."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.response import Stream

from api.answering import Answerer, Turn
from api.controllers.dependencies import provide_answerer
from api.errors import InvalidInput
from schemas.chat import (
    MODEL_ID,
    AssistantMessage,
    ChatCompletion,
    ChatRequest,
    Choice,
    ModelCard,
    ModelList,
    Usage,
)
from schemas.http import AskOut

STARTED = int(time.time())


def conversation_of(request: ChatRequest) -> list[Turn]:
    turns = [
        Turn(message.role, message.content or "")
        for message in request.messages
        if message.role in ("user", "assistant") and message.content
    ]
    if not turns or turns[-1].role != "user":
        raise InvalidInput("the last message must be a non-empty user message")
    return turns


def completion_of(answer: AskOut, completion_id: str) -> ChatCompletion:
    usage = Usage(
        prompt_tokens=answer.diagnostics.prompt_tokens,
        completion_tokens=answer.diagnostics.completion_tokens,
        total_tokens=answer.diagnostics.prompt_tokens + answer.diagnostics.completion_tokens,
    )
    return ChatCompletion(
        id=completion_id,
        created=int(time.time()),
        model=MODEL_ID,
        choices=[Choice(message=AssistantMessage(content=answer.answer))],
        usage=usage,
        citations=answer.citations,
    )


def chunk(
    completion_id: str, delta: dict[str, str], finish: str | None = None, **extra: object
) -> str:
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


async def stream_answer(answer: AskOut, completion_id: str) -> AsyncIterator[str]:
    """The finished answer as OpenAI chunks: role, the content word by word, then the citations."""
    yield chunk(completion_id, {"role": "assistant", "content": ""})
    for piece in answer.answer.split(" "):
        yield chunk(completion_id, {"content": piece + " "})
    citations = [citation.model_dump() for citation in answer.citations]
    yield chunk(completion_id, {}, "stop", citations=citations)
    yield "data: [DONE]\n\n"


class ChatController(Controller):
    path = "/v1"
    tags = ["chat"]
    dependencies = {"answerer": Provide(provide_answerer, sync_to_thread=False)}

    @get("/models", summary="The one model this service offers")
    async def list_models(self) -> ModelList:
        return ModelList(data=[ModelCard(id=MODEL_ID, created=STARTED)])

    @post(
        "/chat/completions",
        summary="Chat about the stored articles (OpenAI format; `citations` added)",
        status_code=200,
    )
    async def create_chat_completion(
        self, data: JSONBody[ChatRequest], answerer: NamedDependency[Answerer]
    ) -> Response[ChatCompletion] | Stream:
        answer = await answerer.ask(conversation_of(data))
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        if data.stream:
            return Stream(stream_answer(answer, completion_id), media_type="text/event-stream")
        return Response(completion_of(answer, completion_id))
