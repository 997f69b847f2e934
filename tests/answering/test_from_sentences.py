"""Answers read off one sentence (api/answering/from_sentences.py), on sentences written for
them."""

from __future__ import annotations

from api.answering.from_sentences import asks_who_received, receivers
from api.answering.retrieval import Passage
from api.storage.search import search_terms
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


def passage(text: str, start: int = 0) -> Passage:
    return Passage("doc", start, start + len(text), text)


@cases("question, asks")
def test_a_question_for_who_received_the_visitors(question: str, asks: bool) -> None:
    assert asks_who_received(question) == asks


def test_who_received_them_is_read_off_the_sentence_that_shares_most_with_the_question() -> None:
    school = passage("Zuerst wurden sie von Schulleiterin Ute Kern in der Schule begrüßt.")
    town_hall = passage(
        "Am Nachmittag wurden die Gäste von Bürgermeister Tom Kurz zusammen mit der "
        "Lehrerin Eva Roth im Rathaus empfangen.",
        start=80,
    )
    question = "Wer empfing die Gäste im Rathaus?"
    answer = receivers(question, "de", [school, town_hall], search_terms(question), {})
    assert answer is not None
    assert answer.answer == "Bürgermeister Tom Kurz und Lehrerin Eva Roth [1]"
    assert [(s.start, s.text) for s in answer.sources] == [(80, town_hall.text)]


def test_an_english_question_gets_the_title_in_english() -> None:
    sentence = passage("Die Delegation wurde von Oberbürgermeister Paul Stein begrüßt.")
    question = "Who welcomed the delegation?"
    answer = receivers(question, "en", [sentence], search_terms(question), {})
    assert answer is not None
    assert answer.answer == "Lord Mayor Paul Stein (Oberbürgermeister) [1]"


def test_no_answer_where_no_sentence_says_who_received_them() -> None:
    sentence = passage("Die Gäste aus Lyon wurden im Rathaus empfangen.")
    question = "Wer empfing die Gäste aus Lyon?"
    assert receivers(question, "de", [sentence], search_terms(question), {}) is None
    asked_otherwise = "Wann kamen die Gäste aus Lyon an?"
    assert receivers(asked_otherwise, "de", [sentence], search_terms(asked_otherwise), {}) is None
