"""Prompt files, model-facing schemas and cache keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from api.errors import ModelSetupError
from api.extraction.service import CacheKeyParts, schema_version, verifier_version
from api.language.names import mentions
from api.model.prompts import PROMPT_DIR, TASKS, load_prompts
from api.settings import Settings
from schemas.llm import ANSWER_MODELS


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_few_shot_example_is_grounded_in_its_own_text() -> None:
    example = load_prompts().example
    text = " ".join(example["sentences"])
    enums = {"twinning", "friendship", "cooperation", "existing", "new", "planned", "ended"}
    for task in TASKS:
        for value in strings(example["answers"][task]):
            assert value in enums or mentions(text, value), (task, value)


def test_few_shot_answers_fit_the_model_schemas() -> None:
    example = load_prompts().example
    for model in ANSWER_MODELS:
        model.model_validate(example["answers"][model.task])


def test_prompt_version_follows_the_content(tmp_path: Path) -> None:
    for path in (p for p in PROMPT_DIR.iterdir() if p.is_file()):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_prompts(tmp_path).version == load_prompts().version
    (tmp_path / "visits.md").write_text("Task: something else.", encoding="utf-8")
    assert load_prompts(tmp_path).version != load_prompts().version


def test_a_broken_prompt_file_is_named_in_the_error(tmp_path: Path) -> None:
    for path in (p for p in PROMPT_DIR.iterdir() if p.is_file()):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "example.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelSetupError, match=r"example\.json"):
        load_prompts(tmp_path)


def test_every_task_shares_the_system_prompt_and_article_prefix() -> None:
    prompts = load_prompts()
    conversations = [prompts.messages(task, "[0] Satz.") for task in TASKS]
    assert all(c[:-1] == conversations[0][:-1] for c in conversations)
    assert all(c[-1]["content"].startswith("Article:\n[0] Satz.\n\n") for c in conversations)
    assert [m["role"] for m in conversations[0]] == ["system", *["user", "assistant"] * 3, "user"]


@pytest.mark.parametrize("model", ANSWER_MODELS)
def test_model_facing_schemas_are_flat(model: Any) -> None:
    schema = json.dumps(model.model_json_schema())
    assert "$ref" not in schema and "$defs" not in schema and "anyOf" not in schema


def test_cache_key_changes_with_every_part() -> None:
    generation = Settings().generation_settings()
    base = CacheKeyParts("p1", schema_version(), "model-a", generation, verifier_version())
    key = base.key("abc")
    assert base.key("abc") == key and len(key) == 32
    variants = [
        dataclasses.replace(base, prompt_version="p2"),
        dataclasses.replace(base, schema_version="s2"),
        dataclasses.replace(base, model="model-b"),
        dataclasses.replace(base, generation={"temperature": 1}),
        dataclasses.replace(base, verifier_version="v2"),
    ]
    assert len({key, base.key("abd"), *(variant.key("abc") for variant in variants)}) == 7


def test_the_verifier_version_follows_the_verification_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A fix to verification makes a new cache key, so it reaches results already stored."""
    from api.extraction import service

    sources = service.verifier_sources()
    assert {"extraction/verify.py", "language/lexicon.py", "language/data/places.json"} <= {
        path.relative_to(service.API_DIR).as_posix() for path in sources
    }
    for path in sources:
        copy = tmp_path / path.relative_to(service.API_DIR)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
    monkeypatch.setattr(service, "API_DIR", tmp_path)
    versions = []
    for changed in (None, "extraction/verify.py", "language/lexicon.py"):
        if changed:
            with (tmp_path / changed).open("a") as source:
                source.write("\n# a changed rule\n")
        service.verifier_version.cache_clear()
        versions.append(service.verifier_version())
    service.verifier_version.cache_clear()
    assert len(set(versions)) == 3


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYLINKS_LLM_BASE_URL", "http://example.invalid/v1")
    monkeypatch.setenv("CITYLINKS_EXTRACTION_CONCURRENCY", "4")
    settings = Settings()
    assert settings.extraction_concurrency == 4 and not settings.uses_embedded_model
    assert Settings(llm_base_url="").uses_embedded_model
