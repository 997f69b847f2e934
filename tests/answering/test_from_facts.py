"""What a question asks, as api/answering/from_facts.py reads it: sentences written for these tests."""

from __future__ import annotations

import pytest

from api.answering.from_facts import SECOND_QUESTION, WHEN, WHICH, WHICH_TIME, _titled
from api.language.names import fold


@pytest.mark.parametrize(
    "question",
    [
        "Wer leitete die Delegation aus Oberwaldbach, und wie lange blieb sie?",
        "Wie viele Gäste kamen aus Kleinfeld, und wer leitete die Gruppe?",
        "Who led the delegation from Little Marsh, and when did it travel?",
        "Who led the delegation from Ashcombe and how many people came?",
        "Welche Partnerstädte hat Nordheim, und seit wann?",
    ],
)
def test_a_second_question_joined_to_the_first_is_seen(question: str) -> None:
    assert SECOND_QUESTION.search(fold(question))


@pytest.mark.parametrize(
    "question",
    [
        "Wer leitete die Delegation aus Oberwaldbach und Kleinfeld?",
        "Who led the delegation from Little Marsh and Ashcombe?",
        "Welche Partnerstädte hat Nordheim?",
        "Who led the visit of the mayor and the council to Bramley?",
    ],
)
def test_one_question_with_a_list_in_it_asks_one_thing(question: str) -> None:
    assert not SECOND_QUESTION.search(fold(question))


@pytest.mark.parametrize(
    "question",
    [
        "An welchem Tag ist Nordheim dem Netzwerk beigetreten?",
        "In welchem Jahr trat Kleinfeld dem Bund bei?",
        "On what date did Little Marsh join the network?",
        "In which year did Ashcombe join?",
    ],
)
def test_a_which_question_about_a_day_or_year_asks_when_not_which(question: str) -> None:
    text = fold(question)
    assert WHEN.search(text)
    assert not WHICH.search(WHICH_TIME.sub(" ", text))


def test_a_which_question_about_places_still_asks_which() -> None:
    text = fold("Welche Städte sind dem Netzwerk beigetreten, und wann?")
    assert WHICH.search(WHICH_TIME.sub(" ", text)) and WHEN.search(text)


@pytest.mark.parametrize(
    ("person", "said"),
    [
        ({"name": "Tom Kurz", "role": "Bürgermeister"}, "Bürgermeister Tom Kurz"),
        ({"name": "Ann Lee", "role": "Lord Mayor"}, "Lord Mayor Ann Lee"),
        # A longer description follows the name
        (
            {"name": "Ann Lee", "role": "Leader of the Ashcombe Council"},
            "Ann Lee (Leader of the Ashcombe Council)",
        ),
        # No role, or a name that already holds it
        ({"name": "Tom Kurz", "role": None}, "Tom Kurz"),
        ({"name": "Bürgermeister Tom Kurz", "role": "Bürgermeister"}, "Bürgermeister Tom Kurz"),
    ],
)
def test_a_leader_is_named_with_the_role_the_text_gives(person: dict, said: str) -> None:
    assert _titled(person) == said
