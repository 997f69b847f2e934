"""Cardinal numbers, durations and delegation sizes parsed from German and English text."""

from __future__ import annotations

import pytest

from api.language.names import fold
from api.language.numbers import (
    announced_count,
    count_of_people,
    duration_days,
    number_word,
    numbers_in,
    relation_age,
    stay_length,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("word, expected")
def test_number_word(word: str, expected: int | None) -> None:
    assert number_word(word) == expected


# A noun that holds a number word, a plural of it, an ordinal, a word that only looks like one
@cases("word")
def test_a_word_that_is_no_cardinal_is_no_number(word: str) -> None:
    assert number_word(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eine 17-köpfige Delegation", {17}),
        ("die dreitägigen Feiern", {3}),
        ("ein vierwöchiger Aufenthalt", {4}),
        ("eine zweitägige Reise", {2}),
        ("die fünfköpfige Gruppe", {5}),
        ("a 3-day visit", {3}),
        ("a three-day visit", {3}),
        ("1.200 Besucher", {1200}),
        ("1,200 visitors", {1200}),
        ("Eintritt 12,50 Euro", set()),
        ("um 14.30 Uhr", set()),
        ("am 24.04.2017", set()),
        ("am 23. April kamen zwölf Gäste", {12}),
        ("the 23rd visit of 40 guests", {40}),
        ("einundzwanzig Gäste und twenty-one guests", {21}),
        ("vom 14.-17.11. kamen 30 Vertreter", {30}),
        ("Die Delegation reiste nach Jena", set()),
        ("Er kam mit einem Bus und eins blieb", {1}),
    ],
)
def test_numbers_in(text: str, expected: set[int]) -> None:
    assert numbers_in(text) == expected


@cases("text, expected")
def test_duration_days(text: str, expected: int | None) -> None:
    assert duration_days(text) == expected


NO_SPAN = ("die Delegation besuchte drei Firmen", "am Tag der offenen Tür")
# A point in time ("vor drei Tagen", "three days ago") or a span after an event is no stay's length
NO_STAY = ("vor drei Tagen kam die Delegation", "drei Tage später reiste sie ab", "three days ago")


@pytest.mark.parametrize("text", ("zwei Monate", *NO_SPAN, *NO_STAY))
def test_no_days_for_months_a_point_in_time_or_no_span(text: str) -> None:
    assert duration_days(text) is None


def test_a_stays_length_is_a_length_before_a_noun_for_a_stay_or_journey() -> None:
    assert stay_length("Während ihres viertägigen Aufenthalts sahen die Gäste viel.") == 4
    assert stay_length("Ihr zweiwöchiger Arbeitsbesuch endete am Freitag.") == 14
    assert stay_length("Drei Tage Aufenthalt blieben ihnen.") == 3
    assert stay_length("They returned from a five-day trip.") == 5
    # or a length after a verb of staying
    assert stay_length("Die Gäste blieben drei Tage in der Stadt.") == 3
    assert stay_length("Insgesamt verbrachten die Gäste fünf Tage in Lyon.") == 5
    assert stay_length("They stayed for two weeks.") == 14
    assert stay_length("The group spent nine days in Leeds.") == 9
    # A length of something else, or a time after an event, is no stay's
    assert stay_length("Die dreitägige Konferenz begann.") is None
    assert stay_length("Drei Tage lang feierten sie.") is None
    assert stay_length("Zwei Tage später folgte die Reise.") is None


@cases("text, expected")
def test_count_of_people(text: str, expected: int | None) -> None:
    assert count_of_people(text) == expected


@cases("sentence, count")
def test_a_sentence_announces_the_things_it_counts_without_naming_them(
    sentence: str, count: int
) -> None:
    assert announced_count(sentence) == count


@cases("sentence, years")
def test_the_age_of_a_relation_is_read_beside_its_noun(sentence: str, years: int | None) -> None:
    assert relation_age(fold(sentence)) == years
