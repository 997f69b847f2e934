"""Prompt files: loaded through one typed loader, versioned by the hash of their content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.errors import ModelSetupError

PROMPT_DIR = Path(__file__).resolve().parents[2] / "prompts"
TASKS = ("partnerships", "visits", "alliances")
# A task may also be asked about one sentence (prompts/<task>_sentence.md, "{sentence}" in it):
# the follow-up for sentences that state a fact of its kind but that no answer cited.
SENTENCE_TASKS = ("visits",)


@dataclass(frozen=True)
class PromptSet:
    system: str
    tasks: dict[str, str]
    sentence_tasks: dict[str, str]
    example: dict[str, Any]
    version: str

    def messages(self, task: str, numbered_sentences: str) -> list[dict[str, str]]:
        """Chat messages for one task: system prompt, the worked example, then the article.

        The example is a finished conversation of its own (article, then one turn per task),
        which keeps a small model from copying it into the real answer. Everything before
        the article's task line is the same for every call, so a server that reuses an
        evaluated prefix (llama.cpp does) evaluates it once, and the article once per document.
        """
        return self._conversation(numbered_sentences, self.tasks[task])

    def sentence_messages(
        self, task: str, number: int, numbered_sentences: str
    ) -> list[dict[str, str]]:
        """Chat messages asking `task` about sentence [number] of the article only; the same
        prefix as `messages`, so the article is not evaluated again."""
        return self._conversation(numbered_sentences, self._sentence_task(task, number))

    def _conversation(self, numbered_sentences: str, task_text: str) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": self.system}, *self._example_turns()]
        user = f"Article:\n{numbered_sentences}\n\n{task_text}"
        return [*messages, {"role": "user", "content": user}]

    def _sentence_task(self, task: str, number: int) -> str:
        return self.sentence_tasks[task].replace("{sentence}", str(number))

    def _example_turns(self) -> list[dict[str, str]]:
        article = number_sentences(list(enumerate(self.example["sentences"])))
        turns = []
        for position, task in enumerate(TASKS):
            question = self.tasks[task]
            if position == 0:
                question = f"Article:\n{article}\n\n{question}"
            answer = json.dumps(self.example["answers"][task], ensure_ascii=False)
            turns += [
                {"role": "user", "content": question},
                {"role": "assistant", "content": answer},
            ]
        return turns


@dataclass(frozen=True)
class AskPrompts:
    """The prompts of question answering: planning the search, and answering from passages."""

    plan: str
    answer: str
    version: str


def load_ask_prompts(directory: Path = PROMPT_DIR / "ask") -> AskPrompts:
    files = {name: _read(directory / name) for name in ("plan.md", "answer.md")}
    return AskPrompts(
        plan=_require(directory / "plan.md", files["plan.md"]),
        answer=_require(directory / "answer.md", files["answer.md"]),
        version=_version(files),
    )


def number_sentences(sentences: list[tuple[int, str]]) -> str:
    return "\n".join(f"[{number}] {text}" for number, text in sentences)


def load_prompts(directory: Path = PROMPT_DIR) -> PromptSet:
    files = {path.name: _read(path) for path in sorted(directory.iterdir()) if path.is_file()}
    example = _parse_example(directory / "example.json", files.get("example.json"))
    system = _require(directory / "system.md", files.get("system.md"))
    return PromptSet(
        system=system,
        tasks={task: _require(directory / f"{task}.md", files.get(f"{task}.md")) for task in TASKS},
        sentence_tasks={
            task: _require(directory / f"{task}_sentence.md", files.get(f"{task}_sentence.md"))
            for task in SENTENCE_TASKS
        },
        example=example,
        version=_version(files),
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ModelSetupError(f"cannot read prompt file {path}: {error}") from error


def _require(path: Path, content: str | None) -> str:
    if not content or not content.strip():
        raise ModelSetupError(f"prompt file {path} is missing or empty")
    return content.strip()


def _parse_example(path: Path, content: str | None) -> dict[str, Any]:
    try:
        example: dict[str, Any] = json.loads(_require(path, content))
        for task in TASKS:
            example["answers"][task]
        return example
    except (ValueError, KeyError, TypeError) as error:
        raise ModelSetupError(f"prompt file {path} is not a valid example: {error!r}") from error


def _version(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()[:12]
