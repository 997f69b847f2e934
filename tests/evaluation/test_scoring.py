"""The scorer on small hand-made predictions whose scores are worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from api.evaluation.scoring import (
    TypeScore,
    field_score,
    grounded,
    lenient_topics,
    score_document,
    set_f1,
    states_answer,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

TEXT = "Aachen und Bonn sind Partnerstädte. Aachen und Celle auch. Eine Delegation kam aus Essen."


def place(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "country": "DE", "kind": "city", "aliases": list(aliases)}


def partnership(a: str, b: str, **extra: Any) -> dict[str, Any]:
    return {
        "places": [place(a), place(b)],
        "kind": "twinning",
        "status": "existing",
        "since": None,
        "topics": [],
        "evidence": [],
        **extra,
    }


def test_precision_recall_f1_with_an_optional_gold_item() -> None:
    gold = [
        partnership("Aachen", "Bonn"),
        partnership("Aachen", "Celle"),
        partnership("Aachen", "Düren", optional=True),
    ]
    predicted = [
        partnership("Bonn", "Aachen"),
        partnership("Aachen", "Essen"),
        partnership("Düren", "Aachen"),
    ]
    score = TypeScore()
    score_document("partnerships", predicted, gold, TEXT, "doc", score)
    # Bonn-Aachen hits; Aachen-Essen is a false positive; Düren matches the optional item (ignored);
    # Aachen-Celle is missed.  P = 1/2, R = 1/2, F1 = 1/2.
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 1)
    assert (score.precision, score.recall, score.f1) == (0.5, 0.5, 0.5)
    assert [h["item"]["places"][1]["name"] for h in score.hallucinations] == ["Essen"]


def test_visits_match_by_organisation_and_aliases() -> None:
    gold = [
        {
            "from_place": place("Essen"),
            "from_organisation": "Stadtwerke Essen",
            "host_place": place("Ruhrgebiet", "Metropole Ruhr"),
            "evidence": [],
        }
    ]
    predicted = [
        {
            "from_place": None,
            "from_organisation": "stadtwerke essen",
            "host_place": place("Metropole Ruhr"),
            "evidence": [],
        }
    ]
    score = TypeScore()
    score_document("visits", predicted, gold, TEXT, "doc", score)
    assert score.true_positives == 1 and score.false_positives == 0
    assert score.summary()["fields"]["from_place"] == 0.0  # predicted none, gold Essen
    assert score.summary()["fields"]["host_place"] == 1.0


def test_set_f1_worked_example() -> None:
    # 2 of 3 predicted are right, 2 of 4 gold are found: P = 2/3, R = 1/2, F1 = 4/7.
    predicted = [{"a"}, {"b"}, {"c"}]
    gold = [{"a"}, {"b", "bee"}, {"d"}, {"e"}]
    assert set_f1(predicted, gold) == pytest.approx(4 / 7)
    assert set_f1([], []) == 1.0
    assert set_f1([{"a"}], []) == 0.0


def test_members_count_aliases() -> None:
    predicted = {"members": [place("Köln"), place("Rüsselsheim")]}
    gold = {"members": [place("Koeln"), place("Rüsselsheim am Main", "Rüsselsheim")]}
    assert field_score("members", predicted, gold) == 1.0


def test_topics_are_scored_leniently() -> None:
    assert lenient_topics(["Erneuerbare Energien"], ["Energie"]) == 1.0
    assert lenient_topics(["Tourismus"], ["Energie"]) == 0.0


def test_dates_and_numbers_compare_exactly() -> None:
    assert field_score("start", {"start": "--10"}, {"start": None}) == 0.0
    assert field_score("duration_days", {"duration_days": 3}, {"duration_days": 3}) == 1.0
    assert field_score("date_text", {"date_text": "im Oktober"}, {"date_text": "Im Oktober"}) == 1.0


def test_grounding_needs_overlap_with_a_quoted_sentence() -> None:
    gold = {"evidence": ["Aachen und Celle auch."]}
    start = TEXT.index("Aachen und Celle")
    assert grounded({"evidence": [{"start": start, "end": start + 5}]}, gold, TEXT)
    assert not grounded({"evidence": [{"start": 0, "end": 10}]}, gold, TEXT)


@cases("answer, gold, states")
def test_answers_state_the_gold_names_and_numbers(answer: str, gold: str, states: bool) -> None:
    assert states_answer(answer, gold) == states


@cases("answer, gold, question, states")
def test_an_answer_need_not_repeat_what_the_question_gives(
    answer: str, gold: str, question: str, states: bool
) -> None:
    assert states_answer(answer, gold, question) == states
