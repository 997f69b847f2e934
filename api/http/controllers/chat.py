"""OpenAI-compatible chat over the articles: POST /v1/chat/completions, GET /v1/models."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.response import Stream

from api.answering.answerer import Answerer, Turn
from api.errors import DomainError, InvalidInput
from api.http.controllers.error_responses import (
    domain_error_response,
    http_error_response,
    internal_error_response,
)
from api.http.openapi import ChatOperation
from api.settings import Settings
from schemas.chat import (
    MODEL_ID,
    MODEL_WITH_SOURCES,
    AssistantMessage,
    ChatCompletion,
    ChatMessage,
    ChatRequest,
    Choice,
    ModelCard,
    ModelList,
    Usage,
)
from schemas.http import AskOut

logger = logging.getLogger(__name__)
STARTED = int(time.time())
KEEP_ALIVE_SECONDS = 5.0


def text_of(message: ChatMessage) -> str:
    """A message's text: its content, or its text parts joined (other parts are refused)."""
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    kinds = sorted({part.type for part in message.content if part.type != "text"})
    if kinds:
        raise InvalidInput(f"only text content parts are read; got {', '.join(kinds)}")
    return "\n".join(part.text or "" for part in message.content)


def conversation_of(request: ChatRequest, settings: Settings) -> list[Turn]:
    turns = [
        Turn(message.role, text_of(message))
        for message in request.messages
        if message.role in ("user", "assistant") and text_of(message)
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


def usage_of(answer: AskOut) -> Usage:
    return Usage(
        prompt_tokens=answer.diagnostics.prompt_tokens,
        completion_tokens=answer.diagnostics.completion_tokens,
        total_tokens=answer.diagnostics.prompt_tokens + answer.diagnostics.completion_tokens,
    )


def content_of(answer: AskOut, with_sources: bool) -> str:
    """The answer, and with `with_sources` its citations written under it as text."""
    if not with_sources or not answer.citations:
        return answer.answer
    lines = [
        f"[{citation.n}] \u201c{citation.text}\u201d ({citation.document_id})"
        for citation in answer.citations
    ]
    return answer.answer + "\n\nSources:\n" + "\n".join(lines)


def completion_of(answer: AskOut, completion_id: str, with_sources: bool) -> ChatCompletion:
    return ChatCompletion(
        id=completion_id,
        created=int(time.time()),
        model=MODEL_WITH_SOURCES if with_sources else MODEL_ID,
        choices=[Choice(message=AssistantMessage(content=content_of(answer, with_sources)))],
        usage=usage_of(answer),
        citations=answer.citations,
    )


def event(body: object) -> str:
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def chunk(
    completion_id: str,
    delta: dict[str, str],
    finish: str | None = None,
    model: str = MODEL_ID,
    **extra: object,
) -> str:
    return event(
        {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
    )


async def stream_answer(
    answering: Callable[[], Awaitable[AskOut]], request: ChatRequest, completion_id: str
) -> AsyncIterator[str]:
    """OpenAI chunks: the role at once, a comment every few seconds while the answer is
    prepared (proxies and clients keep the connection), then the content word by word, the
    citations, and with `stream_options.include_usage` a last chunk with the usage."""
    with_sources = wants_sources(request)
    model = MODEL_WITH_SOURCES if with_sources else MODEL_ID
    yield chunk(completion_id, {"role": "assistant", "content": ""}, model=model)
    # Started here, not by the handler: a client gone before the first chunk starts nothing.
    task = asyncio.ensure_future(answering())
    try:
        while not task.done():
            await asyncio.wait([task], timeout=KEEP_ALIVE_SECONDS)
            if not task.done():
                yield ": still reading the sources\n\n"
        answer = task.result()
    except Exception as error:  # the status line is sent: the error goes into the stream
        if isinstance(error, DomainError):
            body = openai_error_body(error.status, error.code, error.detail)
        else:
            logger.exception("unhandled error while answering", exc_info=error)
            body = openai_error_body(500, "internal_error", "internal server error")
        yield event(body)
        yield "data: [DONE]\n\n"
        return
    finally:
        task.cancel()
    for piece in content_of(answer, with_sources).split(" "):
        yield chunk(completion_id, {"content": piece + " "}, model=model)
    citations = [citation.model_dump(mode="json") for citation in answer.citations]
    yield chunk(completion_id, {}, "stop", model=model, citations=citations)
    if request.stream_options is not None and request.stream_options.include_usage:
        usage = usage_of(answer).model_dump()
        yield event(
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [],
                "usage": usage,
            }
        )
    yield "data: [DONE]\n\n"


def wants_sources(request: ChatRequest) -> bool:
    return request.sources or request.model == MODEL_WITH_SOURCES


# --- errors in OpenAI's shape ------------------------------------------------------------------

OPENAI_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    429: "rate_limit_error",
}


def openai_error_body(status: int, code: str, message: str) -> dict[str, object]:
    kind = OPENAI_ERROR_TYPES.get(status, "server_error" if status >= 500 else "api_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def as_openai_error(request: Request[Any, Any, Any], error: Exception) -> Response[object]:
    """The app's own error answer, reshaped: clients of /v1 read `error.message`."""
    if isinstance(error, DomainError):
        answer = domain_error_response(request, error)
    elif isinstance(error, HTTPException):
        answer = http_error_response(request, error)
    else:
        answer = internal_error_response(request, error)
    body = answer.content
    assert isinstance(body, dict)
    return Response(
        openai_error_body(body["status"], body["error"], body["detail"]),
        status_code=answer.status_code,
        headers=answer.headers,
    )


class ChatController(Controller):
    path = "/v1"
    tags = ["chat"]
    opt = {"scope": "read", "openai_errors": True}
    exception_handlers = {
        DomainError: as_openai_error,
        HTTPException: as_openai_error,
        Exception: as_openai_error,
    }

    @get("/models", summary="The models: citylinks, and the same with the sources in the content")
    async def list_models(self) -> ModelList:
        return ModelList(
            data=[ModelCard(id=name, created=STARTED) for name in (MODEL_ID, MODEL_WITH_SOURCES)]
        )

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
        conversation = conversation_of(data, settings)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        if data.stream:
            events = stream_answer(lambda: answerer.ask(conversation), data, completion_id)
            return Stream(events, media_type="text/event-stream")
        answer = await answerer.ask(conversation)
        return Response(completion_of(answer, completion_id, wants_sources(data)))
