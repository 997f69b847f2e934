"""Settings: the one place that reads the environment (prefix CITYLINKS_)."""

from __future__ import annotations

import hashlib
import ipaddress
import json
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
LARGEST_PAGE = 500


def _is_loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    """Service configuration; every field can be set as CITYLINKS_<FIELD> in the environment."""

    model_config = SettingsConfigDict(env_prefix="CITYLINKS_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "sqlite+aiosqlite:///./var/citylinks.db"

    # Model endpoint. Empty base URL: start the embedded llama.cpp server.
    llm_base_url: str = ""
    llm_api_key: str = "not-needed"
    llm_model: str = DEFAULT_MODEL_NAME
    llm_temperature: float = 0.0
    llm_seed: int = 7
    llm_max_tokens: int = 2048
    llm_timeout_seconds: float = 300.0
    llm_max_attempts: int = Field(default=3, ge=1, le=10)
    # First wait before retrying a transport error or HTTP 429/5xx without Retry-After;
    # it doubles with each attempt, up to 30 s.
    llm_backoff_seconds: float = Field(default=1.0, ge=0.0, le=30.0)
    # How the JSON schema travels: OpenAI's response_format json_schema (OpenAI, vLLM, Ollama)
    # or llama.cpp's json_object with a schema, or a llama.cpp grammar built from the schema
    # that keeps the JSON on one line (api/model/grammar.py; used for the embedded server).
    llm_schema_format: Literal["json_schema", "json_object", "gbnf"] = "json_schema"

    # Embedded model server (used only when llm_base_url is empty).
    model_path: Path | None = None
    model_cache_dir: Path = Path.home() / ".cache" / "citylinks" / "models"
    embedded_port: int = 0
    # Where api/model/engine.py builds llama.cpp's server (one folder per build stamp).
    engine_dir: Path = Path.home() / ".cache" / "citylinks" / "engine"
    embedded_threads: int = 2
    # Context per slot; `embedded_parallel` slots decode side by side (continuous batching).
    embedded_context_tokens: int = 8192
    embedded_parallel: int = Field(default=1, ge=1, le=16)
    embedded_batch_tokens: int = Field(default=512, ge=32, le=8192)
    embedded_flash_attention: Literal["on", "off", "auto"] = "auto"
    # off: never load the AMX code; probe: load it where the CPU advertises AMX and a first
    # completion with it succeeds (AMX tiles are not dependable on some virtual machines).
    embedded_amx: Literal["off", "probe"] = "off"
    embedded_startup_seconds: float = 600.0
    # A model server that dies is restarted after a pause that doubles from this; one that
    # dies this many times in a row (without a stable minute between) is given up.
    embedded_restart_backoff_seconds: float = Field(default=1.0, ge=0.0, le=30.0)
    embedded_restart_limit: int = Field(default=5, ge=0, le=100)

    # Extractions running at once in this process (the in-process queue, or one worker).
    extraction_concurrency: int = Field(default=1, ge=1, le=256)
    # local: this process runs extractions (single machine, any database).
    # shared: SAQ on PostgreSQL; `python -m api.commands.admin worker` processes, on any machine, run them.
    queue: Literal["local", "shared"] = "local"
    # A running extraction's worker renews its claim this often (x4); a claim not renewed for
    # this long is taken over by another worker. Also SAQ's heartbeat in the shared queue.
    extraction_lease_seconds: float = Field(default=60.0, ge=2.0)
    extraction_timeout_seconds: float = Field(default=3600.0, ge=10.0)
    queue_retries: int = Field(default=3, ge=1, le=20)
    job_batch_size: int = Field(default=500, ge=1, le=10_000)
    max_wait_seconds: float = 600.0

    # json: one JSON object per log line, with the request id; text: for reading in a terminal.
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Access. keys: every request but /health and the docs needs an API key (`python -m
    # api.commands.admin keys create`). none: no keys, allowed only while bound to loopback. auto: keys
    # unless bound to loopback.
    auth: Literal["auto", "keys", "none"] = "auto"
    # Requests per minute per API key (or per client address without a key).
    ingest_per_minute: int = Field(default=60, ge=1)
    questions_per_minute: int = Field(default=30, ge=1)
    # Extractions one key may have pending or running at once; more are refused with 429.
    extractions_per_key: int = Field(default=20, ge=1)

    # Input limits, each refused with a 4xx naming the limit.
    max_body_bytes: int = Field(default=2_000_000, ge=1_000)
    # Longer articles are split into pieces extracted one after another and merged; above
    # this many characters (of cleaned text) they are refused with 413.
    max_document_chars: int = Field(default=400_000, ge=1_000)
    max_question_chars: int = Field(default=1_000, ge=10)
    max_chat_messages: int = Field(default=50, ge=1)
    max_chat_chars: int = Field(default=20_000, ge=100)
    default_page_size: int = Field(default=50, ge=1, le=LARGEST_PAGE)
    # May be lowered; the API description documents LARGEST_PAGE.
    max_page_size: int = Field(default=LARGEST_PAGE, ge=1, le=LARGEST_PAGE)
    # Tokens (prompt + completion) one document's extraction, or one question, may spend;
    # the call that crosses the budget is the last one.
    document_token_budget: int = Field(default=200_000, ge=1_000)
    question_token_budget: int = Field(default=20_000, ge=1_000)

    @property
    def binds_loopback(self) -> bool:
        return self.host == "localhost" or _is_loopback_address(self.host)

    @property
    def keys_required(self) -> bool:
        if self.auth == "auto":
            return not self.binds_loopback
        return self.auth == "keys"

    @property
    def uses_embedded_model(self) -> bool:
        return not self.llm_base_url

    def generation_settings(self) -> dict[str, float | int]:
        """The settings that change what a model returns, and so belong in the cache key."""
        return {
            "temperature": self.llm_temperature,
            "seed": self.llm_seed,
            "max_tokens": self.llm_max_tokens,
        }

    def generation_fingerprint(self) -> str:
        payload = json.dumps(self.generation_settings(), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
