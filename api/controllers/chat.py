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
from api.controllers.dependencies import provide_answerer, provide_settings
from api.errors import InvalidInput
from api.openapi import ChatOperation
from api.settings import Settings
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


def conversation_of(request: ChatRequest, settings: Settings) -> list[Turn]:
    turns = [
        Turn(message.role, message.content or "")
        for message in request.messages
        if message.role in ("user", "assistant") and message.content
    ]
    if not turns or turns[-1].role != "user":
        raise InvalidInput("the last message must be a non-empty user message")
    if len(request.messages) > settings.max_chat_messages:
        raise InvalidInput(
            f"the conversation has {len(request.messages)} messages; the limit is "
            f"{settings.max_chat_messages} (CITYLINKS_MAX_CHAT_MESSAGES)"
        )
    characters = sum(len(turn.content) for turn in turns)
    if characters > settings.max_chat_chars:
        raise InvalidInput(
            f"the conversation has {characters} characters; the limit is "
            f"{settings.max_chat_chars} (CITYLINKS_MAX_CHAT_CHARS)"
        )
    if len(turns[-1].content) > settings.max_question_chars:
        raise InvalidInput(
            f"the last message has {len(turns[-1].content)} characters; the limit is "
            f"{settings.max_question_chars} (CITYLINKS_MAX_QUESTION_CHARS)"
        )
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
    opt = {"scope": "read"}
    dependencies = {
        "answerer": Provide(provide_answerer, sync_to_thread=False),
        "settings": Provide(provide_settings, sync_to_thread=False),
    }

    @get("/models", summary="The one model this service offers")
    async def list_models(self) -> ModelList:
        return ModelList(data=[ModelCard(id=MODEL_ID, created=STARTED)])

    @post(
        "/chat/completions",
        summary="Chat about the stored articles (OpenAI format; `citations` added)",
        status_code=200,
        opt={"rate_limit": "questions"},
        operation_class=ChatOperation,
    )
    async def create_chat_completion(
        self,
        data: JSONBody[ChatRequest],
        answerer: NamedDependency[Answerer],
        settings: NamedDependency[Settings],
    ) -> Response[ChatCompletion] | Stream:
        answer = await answerer.ask(conversation_of(data, settings))
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        if data.stream:
            return Stream(stream_answer(answer, completion_id), media_type="text/event-stream")
        return Response(completion_of(answer, completion_id))
