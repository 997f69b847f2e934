"""Roles in a visit (api/language/roles.py), each rule on sentences written for it."""

from __future__ import annotations

import pytest

from api.language.places import resolve_place
from api.language.roles import (
    is_host_official,
    joined_people,
    led_people,
    listed_people,
    only_present,
    person_ending,
    received_people,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

HOST = resolve_place("Eisenstadt")
ORIGIN = resolve_place("Bad Kissingen")


@cases("sentence, name, role")
def test_the_sentence_puts_the_person_on_the_hosts_side(
    sentence: str, name: str, role: str | None
) -> None:
    assert is_host_official(sentence, name, role, HOST, ORIGIN)


@cases("sentence, name, role")
def test_the_sentence_keeps_the_person_with_the_travelling_party(
    sentence: str, name: str, role: str | None
) -> None:
    assert not is_host_official(sentence, name, role, HOST, ORIGIN)


@cases("sentence, name, present")
def test_who_was_present_is_told_from_who_led(sentence: str, name: str, present: bool) -> None:
    assert only_present(sentence, name) is present


def test_only_an_article_and_a_title_stand_between_the_presence_and_the_name() -> None:
    assert only_present("Anwesend war auch der Konsul Tom Weber.", "Tom Weber")
    # More words than an article and titles: Tom Weber is not the one said to be present
    assert not only_present("Anwesend waren die Gäste aus Lyon als Tom Weber sprach.", "Tom Weber")


@pytest.mark.parametrize(
    ("phrase", "person"),
    [
        (
            "dem Präsidenten der Bürgerschaft Peter Paul",
            ("Präsidenten der Bürgerschaft", "Peter Paul"),
        ),
        ("Councillor Jane Doe", ("Councillor", "Jane Doe")),
        ("mit seiner Stellvertreterin Anna Berg", ("Stellvertreterin", "Anna Berg")),
        ("dem früheren Bürgermeister Tom Kurz", ("früheren Bürgermeister", "Tom Kurz")),
        ("dem Oberbürgermeister Dr.-Ing. Max Bauer", ("Oberbürgermeister", "Max Bauer")),
        ("Anna Berg", (None, "Anna Berg")),
        # A surname with a particle takes the given name before it
        ("von Stadträtin Marie Le Goff", ("Stadträtin", "Marie Le Goff")),
        # More given names after a title
        ("Kolding's mayor Knud Erik Langhoff", ("Kolding's mayor", "Knud Erik Langhoff")),
        ("Bürgermeister Hans Peter Kurz", ("Bürgermeister", "Hans Peter Kurz")),
        # A group counted, an organisation, a place, a title and a surname alone: nobody
        ("zwölf Sängern des Chores Ulmer Spatzen", None),
        ("Vertretern der Hochschule Nordheim", None),
        ("der Stadt Lyon", None),
        ("Bürgermeister Berg", None),
        ("the chairman of the Town", None),
    ],
)
def test_the_person_a_phrase_ends_with(phrase: str, person: tuple[str | None, str] | None) -> None:
    assert person_ending(phrase) == person


def test_words_the_text_writes_in_lower_case_name_no_person() -> None:
    """'Town Twinning' is a person's name by its shape, not where the text writes 'town
    twinning'."""
    phrase = "a very successful Leeds Town Twinning"
    assert person_ending(phrase) == ("a very successful Leeds", "Town Twinning")
    assert person_ending(phrase, frozenset({"town", "twinning"})) is None


@cases("sentence, name, joined")
def test_who_is_joined_to_a_person(
    sentence: str, name: str, joined: list[tuple[str | None, str]]
) -> None:
    assert joined_people(sentence, name) == joined


@cases("sentence, led")
def test_who_the_words_of_leading_govern(sentence: str, led: list[tuple[str, str]]) -> None:
    assert led_people(sentence) == led


def test_the_others_of_a_list_that_names_two_of_the_people() -> None:
    sentence = (
        "Eine Delegation (mit den Stadträten Anna Berg, Ben Roth und Eva Lang, dem früheren "
        "Bürgermeister Tom Kurz, Stadtschreiberin Ida Pohl und acht Musikern des Musikvereins "
        "Nordheim) reiste nach Lyon."
    )
    assert listed_people(sentence, ["Anna Berg", "Ben Roth"]) == [
        (None, "Eva Lang"),
        ("früheren Bürgermeister", "Tom Kurz"),
        ("Stadtschreiberin", "Ida Pohl"),
    ]
    # One person of the list named is no sign that the list is of the travelling party.
    assert listed_people(sentence, ["Anna Berg"]) == []
    # A list in parentheses is another list than the one around it.
    sentence = "Anna Berg und Ben Roth (mit ihren Gästen Eva Lang und Ida Pohl) reisten ab."
    assert listed_people(sentence, ["Anna Berg", "Ben Roth"]) == []


@cases("sentence, people")
def test_who_received_the_visitors_is_the_agent_or_subject_of_receiving(
    sentence: str, people: list[tuple[str | None, str]]
) -> None:
    assert received_people(sentence) == people
