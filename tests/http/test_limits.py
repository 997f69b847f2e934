"""Resource limits: document length (split, then capped), question and chat size, page size,
and token budgets per document and per question."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar.testing import TestClient

from api.http.app import create_app
from api.model.client import CallRecord
from api.settings import Settings
from tests.conftest import FakeModel
from tests.http.test_access import QUESTION_ANSWERS
from tests.http.test_api import ANSWERS, ARTICLE

FILLER = " ".join(f"Satz {n} handelt vom Wetter und sonst gar nichts." for n in range(20))


class CostlyFakeModel(FakeModel):
    """A fake model, named as such, that reports `tokens` (prompt, completion) for each call."""

    tokens = (600, 100)

    async def complete(self, messages: Any, response_model: Any, log: Any) -> Any:
        async def costly(record: CallRecord) -> None:
            await log(
                replace(record, prompt_tokens=self.tokens[0], completion_tokens=self.tokens[1])
            )

        answer, _, _ = await super().complete(messages, response_model, costly)
        return answer, *self.tokens


def long_article(relations: int) -> str:
    """Weather filler between sentences that each state a partnership."""
    parts = [
        f"Die Stadt pflegt seit 1960 eine Städtepartnerschaft mit Ort {n}."
        for n in range(relations)
    ]
    return "\n".join(f"{FILLER}\n{part}" for part in parts)


def test_a_document_over_the_hard_cap_is_413_and_not_stored(settings: Settings) -> None:
    config = settings.model_copy(update={"max_document_chars": 1_000, "max_body_bytes": 100_000})
    with TestClient(create_app(config, model=FakeModel(ANSWERS))) as client:
        refused = client.post("/documents", json={"text": "Wort " * 400})
        assert refused.status_code == 413
        assert "CITYLINKS_MAX_DOCUMENT_CHARS" in refused.json()["detail"]
        assert client.get("/documents").json()["total"] == 0


def test_a_long_document_is_extracted_in_pieces_and_merged(settings: Settings) -> None:
    config = settings.model_copy(update={"max_body_bytes": 2_000_000})
    model = FakeModel()
    with TestClient(create_app(config, model=model)) as client:
        response = client.post("/documents?wait=30", json={"text": long_article(100)})
        assert response.status_code == 200, response.text
        extraction = response.json()["extraction"]
        assert extraction["status"] == "done"
        diagnostics = extraction["result"]["diagnostics"]
        # Only partnership sentences: one call per piece, more than one piece.
        assert model.calls.count("partnerships") == len(model.calls) > 1
        assert diagnostics["model_calls"] == len(model.calls)
        assert diagnostics["candidate_sentences"] >= 100


def test_a_document_stops_at_its_token_budget_with_a_clear_reason(settings: Settings) -> None:
    config = settings.model_copy(update={"document_token_budget": 1_000})
    model = CostlyFakeModel(ANSWERS)
    with TestClient(create_app(config, model=model)) as client:
        extraction = client.post("/documents?wait=10", json={"text": ARTICLE}).json()["extraction"]
        assert extraction["status"] == "failed"
        assert "token budget exceeded" in extraction["error"]
        assert "CITYLINKS_DOCUMENT_TOKEN_BUDGET" in extraction["error"]
        assert len(model.calls) == 2  # the call that crossed the budget was the last


def test_a_question_stops_at_its_token_budget(settings: Settings) -> None:
    config = settings.model_copy(update={"question_token_budget": 1_000})
    model = CostlyFakeModel({**ANSWERS, **QUESTION_ANSWERS})
    with TestClient(create_app(config, model=model)) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
        model.answers["plan"] = {
            "question": "Warum kam die Delegation?",
            "search_terms": ["Delegation"],
        }
        # Why it came: no field of a stored fact answers that, so the model is asked.
        question = {"question": "Warum kam die Delegation aus Nottingham?"}
        model.calls.clear()
        assert client.post("/ask", json=question).status_code == 200
        assert model.calls == ["plan", "answer"]  # 700 tokens for the plan: within the budget
        model.tokens = (900, 200)
        model.calls.clear()
        body = client.post("/ask", json=question).json()
        assert model.calls == ["plan"]
        assert body["status"] == "not_in_sources"
        assert "token budget exceeded" in body["diagnostics"]["reason"]


def test_questions_and_conversations_over_their_limits_are_400(settings: Settings) -> None:
    config = settings.model_copy(
        update={"max_question_chars": 50, "max_chat_messages": 3, "max_chat_chars": 200}
    )
    with TestClient(create_app(config, model=FakeModel(QUESTION_ANSWERS))) as client:
        too_long = client.post("/ask", json={"question": "Wer " * 20})
        assert too_long.status_code == 400
        assert "CITYLINKS_MAX_QUESTION_CHARS" in too_long.json()["detail"]
        many = [{"role": "user", "content": "Wer?"}] * 4
        response = client.post("/v1/chat/completions", json={"messages": many})
        assert (
            response.status_code == 400
            and "MAX_CHAT_MESSAGES" in response.json()["error"]["message"]
        )
        wordy = [
            {"role": "assistant", "content": "x" * 190},
            {"role": "user", "content": "Wer?" * 5},
        ]
        response = client.post("/v1/chat/completions", json={"messages": wordy})
        assert (
            response.status_code == 400 and "MAX_CHAT_CHARS" in response.json()["error"]["message"]
        )


def test_a_page_larger_than_allowed_is_400(settings: Settings) -> None:
    config = settings.model_copy(update={"max_page_size": 20})
    with TestClient(create_app(config, model=FakeModel())) as client:
        assert client.get("/documents?limit=20").status_code == 200
        refused = client.get("/partnerships?limit=21")
        assert refused.status_code == 400 and "CITYLINKS_MAX_PAGE_SIZE" in refused.json()["detail"]
