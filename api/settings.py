"""Settings: the one place that reads the environment (prefix CITYLINKS_)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"


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
    # How the JSON schema travels: OpenAI's response_format json_schema (OpenAI, vLLM, Ollama)
    # or llama.cpp's json_object with a schema (used for the embedded server).
    llm_schema_format: Literal["json_schema", "json_object"] = "json_schema"

    # Embedded model server (used only when llm_base_url is empty).
    model_path: Path | None = None
    model_cache_dir: Path = Path.home() / ".cache" / "citylinks" / "models"
    embedded_port: int = 0
    embedded_threads: int = 2
    embedded_context_tokens: int = 8192
    embedded_startup_seconds: float = 600.0

    # Extractions running at once in this process (the in-process queue, or one worker).
    extraction_concurrency: int = Field(default=1, ge=1, le=256)
    # local: this process runs extractions (single machine, any database).
    # shared: SAQ on PostgreSQL; `python -m api.cli worker` processes, on any machine, run them.
    queue: Literal["local", "shared"] = "local"
    # A running extraction's worker renews its claim this often (x4); a claim not renewed for
    # this long is taken over by another worker. Also SAQ's heartbeat in the shared queue.
    extraction_lease_seconds: float = Field(default=60.0, ge=2.0)
    extraction_timeout_seconds: float = Field(default=3600.0, ge=10.0)
    queue_retries: int = Field(default=3, ge=1, le=20)
    job_batch_size: int = Field(default=500, ge=1, le=10_000)
    max_body_bytes: int = Field(default=2_000_000, ge=1_000)
    max_wait_seconds: float = 600.0
    default_page_size: int = 50
    max_page_size: int = 500

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
