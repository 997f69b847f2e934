"""OpenAI-compatible Chat Completions bodies, with the documented extra field `citations`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.http import Citation

MODEL_ID = "citylinks"
# The same answers with the sources written out under the content, for chat front ends that
# drop fields they do not know (`citations`): choose this model there.
MODEL_WITH_SOURCES = "citylinks-with-sources"


class ContentPart(BaseModel):
    """A part of a message's content as OpenAI's clients send it; only text parts are read."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = Field(default=None, max_length=20_000)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = Field(default=None)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatRequest(BaseModel):
    """Fields other than these are accepted and ignored: temperature, top_p, n, max_tokens,
    stop, seed, tools, tool_choice, response_format, user, ... (the answer is always one
    choice, built from the stored articles)."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1, max_length=50)
    stream: bool = False
    stream_options: StreamOptions | None = None
    sources: bool = Field(
        default=False,
        description="Write the sources under the content (also: the model "
        f"{MODEL_WITH_SOURCES!r}), for front ends that drop `citations`.",
    )


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(description="The sources of the [n] markers in the content.")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "citylinks"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class OpenAIError(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorOut(BaseModel):
    """Errors on /v1, in the shape OpenAI's clients read; `code` is this service's error code."""

    error: OpenAIError
