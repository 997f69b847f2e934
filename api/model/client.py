"""The one module that talks to a language model: instructor over openai.AsyncOpenAI, any compatible endpoint."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import instructor
import openai
from instructor.v2.core.errors import IncompleteOutputException, InstructorError
from pydantic import ValidationError

from api.errors import UpstreamError
from api.model.grammar import grammar_of
from api.settings import Settings
from schemas.llm import ModelFacing

Answer = TypeVar("Answer", bound=ModelFacing)
# What a reply that is not the schema's JSON raises under instructor's wrapper.
UnusableOutput = ValidationError | json.JSONDecodeError

# A call cut off by the embedded server's death is sent again after its restart, this often.
DEATHS_PER_CALL = 2
# Transport faults worth another attempt; anything else is a bad request and will not get better.
RETRYABLE = (
    openai.APIConnectionError,
    openai.APITimeoutError,
    openai.RateLimitError,
    openai.InternalServerError,
)


@dataclass(frozen=True)
class CallRecord:
    """One model call, as logged to the database."""

    task: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    duration_ms: int
    outcome: str
    error: str | None = None


CallLogger = Callable[[CallRecord], Awaitable[None]]


class StructuredModel(Protocol):
    """What the pipeline needs from a model; ModelClient is the real one, tests may pass a fake."""

    @property
    def model(self) -> str: ...

    async def complete(
        self, messages: list[dict[str, str]], response_model: type[Answer], log: CallLogger
    ) -> tuple[Answer, int, int]: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class ServerWatch(Protocol):
    """A model server this process runs and restarts (api/model/server.py)."""

    async def wait_until_serving(self) -> int:
        """Wait while it restarts; its generation. UpstreamError once it is given up."""

    async def died_since(self, generation: int) -> bool: ...


class ModelClient:
    """Structured completions against one OpenAI-compatible Chat Completions endpoint.

    With `server` (the embedded one), a call the server's death cut off waits for its restart
    and goes again without spending an attempt, up to DEATHS_PER_CALL times: a request that
    kills the server each time fails on its own instead of taking the server down for all."""

    def __init__(
        self,
        settings: Settings,
        base_url: str,
        schema_format: str,
        server: ServerWatch | None = None,
    ) -> None:
        self.settings = settings
        self.server = server
        self.base_url = base_url
        self.schema_format = schema_format
        self.openai = openai.AsyncOpenAI(
            base_url=base_url,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_seconds,
            max_retries=0,
        )
        self.client = instructor.from_openai(self.openai, mode=instructor.Mode.JSON_SCHEMA)

    @property
    def model(self) -> str:
        return self.settings.llm_model

    async def ping(self) -> bool:
        try:
            await self.openai.models.list(timeout=5.0)
            return True
        except openai.OpenAIError:
            return False

    async def close(self) -> None:
        await self.openai.close()

    async def complete(
        self,
        messages: list[dict[str, str]],
        response_model: type[Answer],
        log: CallLogger,
    ) -> tuple[Answer, int, int]:
        """Return the parsed answer with prompt and completion tokens, after bounded retries."""
        attempts = self.settings.llm_max_attempts
        attempt = deaths = 1
        while True:
            generation = await self.server.wait_until_serving() if self.server is not None else 0
            started = time.monotonic()
            try:
                # A retry after unusable output asks for another sample: the same seed would
                # repeat the same reply on a deterministic server.
                answer, completion = await self._create(messages, response_model, attempt - 1)
            except (InstructorError, ValidationError, openai.OpenAIError) as raised:
                error = _root_cause(raised)
                retryable = isinstance(error, RETRYABLE) or not isinstance(
                    error, openai.APIStatusError
                )
                outcome = "retryable_error" if isinstance(error, RETRYABLE) else "invalid_output"
                failed = getattr(raised, "last_completion", None)  # its tokens were spent too
                await log(self._record(response_model, started, failed, outcome, error))
                if await self._server_died(error, generation):
                    if deaths == DEATHS_PER_CALL:
                        raise UpstreamError(
                            f"the embedded model server died {deaths} times while answering "
                            "this call"
                        ) from raised
                    deaths += 1
                    continue  # not this call's fault: wait for the restart, go again
                if attempt == attempts or not retryable:
                    raise UpstreamError(_describe(error, attempt)) from raised
                await asyncio.sleep(
                    _backoff_seconds(error, attempt, self.settings.llm_backoff_seconds)
                )
                attempt += 1
                continue
            await log(self._record(response_model, started, completion, "ok", None))
            usage = completion.usage
            return (
                answer,
                usage.prompt_tokens if usage else 0,
                usage.completion_tokens if usage else 0,
            )

    async def _server_died(self, error: BaseException, generation: int) -> bool:
        if self.server is None or not isinstance(error, openai.APIConnectionError):
            return False
        return await self.server.died_since(generation)

    async def _create(
        self, messages: list[dict[str, str]], response_model: type[Answer], retry: int
    ) -> tuple[Answer, Any]:
        extra_body: dict[str, Any] | None = None
        if self.schema_format == "json_object":
            # llama.cpp-style servers take the schema inside a json_object response_format.
            schema = response_model.model_json_schema()
            extra_body = {"response_format": {"type": "json_object", "schema": schema}}
        elif self.schema_format == "gbnf":
            # llama-server with our own grammar for the schema: JSON on one line (api/model/grammar.py).
            grammar = grammar_of(response_model)
            extra_body = {"response_format": {"type": "text"}, "grammar": grammar}
        answer, completion = await self.client.chat.completions.create_with_completion(
            model=self.settings.llm_model,
            messages=messages,  # type: ignore[arg-type]
            response_model=response_model,
            # instructor counts retries after the first request: 0 makes each attempt of
            # complete() exactly one request, so llm_max_attempts bounds them and each is logged.
            max_retries=0,
            extra_body=extra_body,
            **{**self.settings.generation_settings(), "seed": self.settings.llm_seed + retry},  # type: ignore[arg-type]
        )
        return answer, completion

    def _record(
        self,
        response_model: type[ModelFacing],
        started: float,
        completion: Any,
        outcome: str,
        error: BaseException | None,
    ) -> CallRecord:
        usage = getattr(completion, "usage", None) or _usage_from_error(error)
        return CallRecord(
            task=response_model.task,
            model=self.settings.llm_model,
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome=outcome,
            error=None if error is None else _describe(error, 1),
        )


def _root_cause(error: BaseException) -> BaseException:
    """The transport or status error instructor wrapped, if any; else the error itself."""
    seen = error
    while seen.__cause__ is not None or (
        seen.__context__ is not None and not seen.__suppress_context__
    ):
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
        if isinstance(seen, openai.OpenAIError | IncompleteOutputException | UnusableOutput):
            return seen
    return error


def _usage_from_error(error: BaseException | None) -> Any:
    last = getattr(error, "last_completion", None)
    return getattr(last, "usage", None)


def _backoff_seconds(error: BaseException, attempt: int, base: float) -> float:
    response = getattr(error, "response", None)
    retry_after = response.headers.get("retry-after") if response is not None else None
    if retry_after:
        try:
            return min(float(retry_after), 60.0)
        except ValueError:
            pass
    if not isinstance(error, RETRYABLE):
        return 0.0  # unusable output: ask again at once
    return float(min(base * 2 ** (attempt - 1), 30))


def _describe(error: BaseException, attempts: int) -> str:
    if isinstance(error, IncompleteOutputException):
        reason = "the model's reply was cut off at the token limit (truncated JSON)"
    elif isinstance(error, openai.APITimeoutError):
        reason = "the model endpoint timed out"
    elif isinstance(error, openai.APIConnectionError):
        reason = "the model endpoint is unreachable"
    elif isinstance(error, openai.APIStatusError):
        reason = f"the model endpoint answered HTTP {error.status_code}"
    elif isinstance(error, json.JSONDecodeError) or _is_invalid_json(error):
        reason = f"the model's reply is not JSON: {_problems(error)}"
    elif isinstance(error, ValidationError):
        reason = f"the model's reply does not fit the schema: {_problems(error)}"
    else:
        reason = f"the model's reply was not valid for the schema: {error}"
    reason = reason[:500]
    return f"{reason} (after {attempts} attempt{'s' if attempts != 1 else ''})"


def _is_invalid_json(error: BaseException) -> bool:
    return isinstance(error, ValidationError) and any(
        issue["type"] == "json_invalid" for issue in error.errors()
    )


def _problems(error: BaseException) -> str:
    """What was wrong with a reply, on one line: 'field.path: message; ...'."""
    if not isinstance(error, ValidationError):
        return str(error)
    return "; ".join(
        ".".join(str(part) for part in issue["loc"]) + ": " * bool(issue["loc"]) + issue["msg"]
        for issue in error.errors()[:5]
    )
