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


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("null", 0),
        ("zero", 0),
        ("ein", 1),
        ("eine", 1),
        ("einen", 1),
        ("einem", 1),
        ("einer", 1),
        ("eins", 1),
        ("one", 1),
        ("zwei", 2),
        ("two", 2),
        ("drei", 3),
        ("vier", 4),
        ("fünf", 5),
        ("fuenf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
        ("zehn", 10),
        ("elf", 11),
        ("zwölf", 12),
        ("zwoelf", 12),
        ("dreizehn", 13),
        ("sechzehn", 16),
        ("siebzehn", 17),
        ("neunzehn", 19),
        ("zwanzig", 20),
        ("dreißig", 30),
        ("dreissig", 30),
        ("vierzig", 40),
        ("neunzig", 90),
        ("hundert", 100),
        ("tausend", 1000),
        ("einundzwanzig", 21),
        ("zweiundzwanzig", 22),
        ("dreiundvierzig", 43),
        ("zweihundertdreiundvierzig", 243),
        ("dreitausend", 3000),
        ("Fünf", 5),
        ("ZWÖLF", 12),
        ("eleven", 11),
        ("twenty", 20),
        ("thirty", 30),
        ("ninety", 90),
        ("twenty-one", 21),
        ("hundred", 100),
        ("17", 17),
        (" 17 ", 17),
    ],
)
def test_number_word(word: str, expected: int | None) -> None:
    assert number_word(word) == expected


# A noun that holds a number word, a plural of it, an ordinal, a word that only looks like one
@pytest.mark.parametrize(
    "word", ["Delegation", "Jahrhundert", "Hunderte", "dritte", "wunderbar", ""]
)
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("für drei Tage", 3),
        ("drei Tage lang", 3),
        ("die im Oktober für drei Tage in die Stadt kam", 3),
        ("einen dreitägigen Besuch", 3),
        ("eine 3-tägige Reise", 3),
        ("zu einem vierwöchigen Aufenthalt", 28),
        ("zwei Wochen", 14),
        ("während einer Woche", 7),
        ("für einen Tag", 1),
        ("three days", 3),
        ("a two-week visit", 14),
        ("for a week", 7),
        ("a 3-day visit", 3),
        ("vor drei Tagen und dann für zwei Wochen", 14),
    ],
)
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eine 17-köpfige Delegation", 17),
        ("unter Beteiligung einer 17-köpfigen Delegation", 17),
        ("eine fünfköpfige Delegation", 5),
        ("Delegation mit 25 Teilnehmern", 25),
        ("25 Teilnehmerinnen und Teilnehmer", 25),
        ("30 Vertreterinnen und Vertreter", 30),
        ("die drei Vertreter der Stadt", 3),
        ("25 deutsche Teilnehmer", 25),
        ("a delegation of 12", 12),
        ("The group of nine was led by the mayor.", 9),
        ("a party of twelve from Jena", 12),
        ("a delegation of twenty-one from Jena", 21),
        ("12 delegates", 12),
        ("a 12-member delegation", 12),
        ("20 Personen", 20),
        ("1.200 Teilnehmer", 1200),
        ("welcomed the 15 visitors from Lyon", 15),
        ("Die zwölf Besucher aus Lyon", 12),
        # A crowd, not a delegation
        ("20.000 Besucher kamen zum Stadtfest", None),
        ("ein Teilnehmer sagte", None),
        ("Die Delegation kam am 23. April", None),
    ],
)
def test_count_of_people(text: str, expected: int | None) -> None:
    assert count_of_people(text) == expected


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Zum Fest kündigten sich gleich zwei Delegationen im Rathaus an.", 2),
        ("Three groups will visit the town in May.", 3),
        ("Vier Partnerstädte schickten Vertreter.", 3),  # the next three at the most
        ("Zwölf Städte sind Mitglied.", 0),  # too many to be named one a sentence
        # Named in the sentence itself
        ("Zwei Städte, Ulm und Lyon, traten dem Netzwerk bei.", 0),
        ("Die zwei Delegationen aus Ulm und Lyon kamen am Montag.", 0),
        # No count of things that are named: a span of time, a pair spoken of before
        ("Die Delegation blieb drei Tage.", 0),
        ("Die beiden Partnerstädte feierten.", 0),
    ],
)
def test_a_sentence_announces_the_things_it_counts_without_naming_them(
    sentence: str, count: int
) -> None:
    assert announced_count(sentence) == count


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        # The age right before the relation's noun, one word between at most
        ("Damit wurde die seit 20 Jahren dauernde Städtepartnerschaft erneuert.", 20),
        ("Ulm verbindet mit Lyon eine 36-jährige Städtepartnerschaft.", 36),
        ("Die zwanzigjährige Freundschaft wurde gefeiert.", 20),
        ("Ulm feiert 50 Jahre Partnerschaft mit Lyon.", 50),
        ("Ashcombe is celebrating its 20th anniversary of twinning with Lyon.", 20),
        ("It was a 25-year friendship between the towns.", 25),
        # After the noun, as what its clause says
        ("Die Partnerschaft zwischen Ulm und Lyon besteht seit zwanzig Jahren.", 20),
        ("The twinning has lasted for 30 years.", 30),
        # A person's age, a person's years, a qualified age, a year: no relation's age
        ("Der 50-jährige Bürgermeister besuchte die Partnerstadt.", None),
        ("Sie lebt seit 20 Jahren in Ulm und pflegt die Partnerschaft.", None),
        ("He has worked 30 years for the partnership.", None),
        ("Die Partnerschaft besteht seit mehr als 20 Jahren.", None),
        ("Vor 20 Jahren wurde die Partnerschaft gegründet.", None),
        ("Seit 1990 besteht die Partnerschaft.", None),
    ],
)
def test_the_age_of_a_relation_is_read_beside_its_noun(sentence: str, years: int | None) -> None:
    assert relation_age(fold(sentence)) == years
