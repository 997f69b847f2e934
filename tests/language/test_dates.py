"""Date phrases found in and parsed from German and English text into partial ISO dates."""

from __future__ import annotations

from datetime import date

import pytest

from api.language.dates import (
    day_part_with,
    find_date_expressions,
    is_only_a_date,
    occasion_phrase,
    parse_date_expression,
    weekday_written,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

_Expected = tuple[str | None, str | None]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # explicit dates
        ("am 23. April", ("--04-23", "--04-23")),
        ("im Oktober", ("--10", "--10")),
        ("am Montag, 24. April 2017", ("2017-04-24", "2017-04-24")),
        ("Montag, 24. April 2017", ("2017-04-24", "2017-04-24")),
        ("am Montag, den 24. April 2017", ("2017-04-24", "2017-04-24")),
        ("on Monday, April 24, 2017", ("2017-04-24", "2017-04-24")),
        ("im April 2016", ("2016-04", "2016-04")),
        ("2016", ("2016", "2016")),
        ("im Jahr 2016", ("2016", "2016")),
        ("seit 1962", ("1962", "1962")),
        ("since 1962", ("1962", "1962")),
        ("24.04.2017", ("2017-04-24", "2017-04-24")),
        ("24.4.17", ("2017-04-24", "2017-04-24")),
        ("12.5.62", ("1962-05-12", "1962-05-12")),
        ("2017-04-24", ("2017-04-24", "2017-04-24")),
        ("am 14.11.", ("--11-14", "--11-14")),
        ("04/24/2017", ("2017-04-24", "2017-04-24")),
        ("24/04/2017", ("2017-04-24", "2017-04-24")),
        ("04/05/2017", ("2017", "2017")),  # day and month ambiguous: only the year is stated
        ("on April 23rd, 2017", ("2017-04-23", "2017-04-23")),
        ("23 April 2017", ("2017-04-23", "2017-04-23")),
        ("the 23rd of April", ("--04-23", "--04-23")),
        ("31.04.2017", (None, None)),
        # month names and abbreviations
        ("im Januar", ("--01", "--01")),
        ("im Jänner", ("--01", "--01")),
        ("im Feb. 2017", ("2017-02", "2017-02")),
        ("im März", ("--03", "--03")),
        ("im Maerz", ("--03", "--03")),
        ("Mrz. 2017", ("2017-03", "2017-03")),
        ("am 3. Apr.", ("--04-03", "--04-03")),
        ("im Mai", ("--05", "--05")),
        ("im Juni", ("--06", "--06")),
        ("im Juno", ("--06", "--06")),
        ("im Juli", ("--07", "--07")),
        ("im Julei", ("--07", "--07")),
        ("am 3. Aug.", ("--08-03", "--08-03")),
        ("Sept. 2017", ("2017-09", "2017-09")),
        ("Sep. 2017", ("2017-09", "2017-09")),
        ("am 3. Okt.", ("--10-03", "--10-03")),
        ("am 9. Nov.", ("--11-09", "--11-09")),
        ("am 24. Dez.", ("--12-24", "--12-24")),
        ("in December 2019", ("2019-12", "2019-12")),
        ("Jan 5, 2020", ("2020-01-05", "2020-01-05")),
        ("Dec 24", ("--12-24", "--12-24")),
        ("in March", ("--03", "--03")),
        # ranges
        ("vom 14. - 17.11.", ("--11-14", "--11-17")),
        ("vom 14. bis 17. November 2023", ("2023-11-14", "2023-11-17")),
        ("14.–17.11.2023", ("2023-11-14", "2023-11-17")),
        ("14.10. - 17.11.2023", ("2023-10-14", "2023-11-17")),
        ("April 14-17, 2023", ("2023-04-14", "2023-04-17")),
        ("14-17 April 2023", ("2023-04-14", "2023-04-17")),
        ("zwischen dem 3. und 5. Mai", ("--05-03", "--05-05")),
        ("between 3 and 5 May 2021", ("2021-05-03", "2021-05-05")),
        ("vom 30. April bis 2. Mai 2023", ("2023-04-30", "2023-05-02")),
        ("28.12. - 3.1.2024", ("2023-12-28", "2024-01-03")),
        ("am 23. und 24. April", ("--04-23", "--04-24")),
        ("am 3. und 5. Mai", ("--05-05", "--05-05")),  # two days, not a range
        ("von 2016 bis 2018", ("2016", "2018")),
        # the beginning, end or middle of a month
        ("Anfang Mai", ("--05", "--05")),
        ("Ende Oktober 2016", ("2016-10", "2016-10")),
        ("mid-May", ("--05", "--05")),
        # a season of a year: the year, as precise as ISO 8601 can say it
        ("im Herbst 2026", ("2026", "2026")),
        ("in the spring of 2025", ("2025", "2025")),
        ("im Frühjahr des Jahres 1999", ("1999", "1999")),
    ],
)
def test_parse_without_publication_date(expression: str, expected: _Expected) -> None:
    assert parse_date_expression(expression) == expected


VAGUE = ("kürzlich", "recently", "bald", "demnächst", "im Frühjahr", "in spring")
NOT_DATES = ("the delegation may march on", "Jan Müller kam", "")
# Relative expressions need the publication date
RELATIVE = ("am Montag", "heute", "in dieser Woche", "am Wochenende")


@pytest.mark.parametrize("expression", VAGUE + NOT_DATES + RELATIVE)
def test_a_vague_or_relative_expression_gives_no_date_on_its_own(expression: str) -> None:
    assert parse_date_expression(expression) == (None, None)


@pytest.mark.parametrize(
    ("expression", "published_at", "expected"),
    [
        ("am Montag", date(2017, 4, 26), ("2017-04-24", "2017-04-24")),
        ("am Montag", date(2017, 4, 24), ("2017-04-24", "2017-04-24")),
        ("on Monday", date(2017, 4, 26), ("2017-04-24", "2017-04-24")),
        ("am Montagabend", date(2017, 4, 26), ("2017-04-24", "2017-04-24")),
        ("vergangenen Montag", date(2017, 4, 24), ("2017-04-17", "2017-04-17")),
        ("am letzten Montag", date(2017, 4, 26), ("2017-04-24", "2017-04-24")),
        ("last Monday", date(2017, 4, 24), ("2017-04-17", "2017-04-17")),
        ("nächsten Montag", date(2017, 4, 26), ("2017-05-01", "2017-05-01")),
        ("next Monday", date(2017, 4, 24), ("2017-05-01", "2017-05-01")),
        ("heute", date(2023, 5, 10), ("2023-05-10", "2023-05-10")),
        ("today", date(2023, 5, 10), ("2023-05-10", "2023-05-10")),
        ("gestern", date(2023, 5, 1), ("2023-04-30", "2023-04-30")),
        ("yesterday", date(2023, 1, 1), ("2022-12-31", "2022-12-31")),
        ("vorgestern", date(2023, 5, 10), ("2023-05-08", "2023-05-08")),
        ("in dieser Woche", date(2023, 11, 15), ("2023-11-13", "2023-11-19")),
        ("this week", date(2023, 11, 19), ("2023-11-13", "2023-11-19")),
        ("letzte Woche", date(2023, 11, 15), ("2023-11-06", "2023-11-12")),
        ("in der vergangenen Woche", date(2023, 11, 13), ("2023-11-06", "2023-11-12")),
        ("last week", date(2024, 1, 3), ("2023-12-25", "2023-12-31")),
        ("im vergangenen Jahr", date(2020, 3, 3), ("2019", "2019")),
        ("last month", date(2020, 1, 3), ("2019-12", "2019-12")),
        # A weekend is Saturday and Sunday; with no direction word the nearest one is meant
        ("am vergangenen Wochenende", date(2014, 9, 17), ("2014-09-13", "2014-09-14")),
        ("letztes Wochenende", date(2014, 9, 20), ("2014-09-13", "2014-09-14")),
        ("am Wochenende", date(2014, 9, 16), ("2014-09-13", "2014-09-14")),
        ("am Wochenende", date(2014, 9, 18), ("2014-09-20", "2014-09-21")),
        ("over the weekend", date(2014, 9, 21), ("2014-09-20", "2014-09-21")),
        ("next weekend", date(2014, 9, 20), ("2014-09-27", "2014-09-28")),
        ("am kommenden Wochenende", date(2014, 9, 18), ("2014-09-20", "2014-09-21")),
        # a missing year comes from publication, one year back if that would be the future
        ("im Oktober", date(2019, 11, 5), ("2019-10", "2019-10")),
        ("im Oktober", date(2019, 4, 5), ("2019-10", "2019-10")),
        ("im Oktober", date(2019, 3, 1), ("2018-10", "2018-10")),
        ("am 23. April", date(2017, 4, 26), ("2017-04-23", "2017-04-23")),
        ("am 23. Dezember", date(2017, 4, 26), ("2016-12-23", "2016-12-23")),
        ("vom 14. - 17.11.", date(2023, 11, 20), ("2023-11-14", "2023-11-17")),
        ("28.12. - 3.1.", date(2024, 1, 10), ("2023-12-28", "2024-01-03")),
        ("29.2.", date(2024, 3, 1), ("2024-02-29", "2024-02-29")),
        ("29.2.", date(2023, 3, 1), (None, None)),
        ("24.4.17", date(2016, 1, 1), ("2017-04-24", "2017-04-24")),
        # explicit years and vague words ignore the publication date
        ("im April 2016", date(2023, 1, 1), ("2016-04", "2016-04")),
        ("kürzlich", date(2023, 1, 1), (None, None)),
        ("im Frühjahr", date(2023, 1, 1), (None, None)),
    ],
)
def test_parse_with_publication_date(
    expression: str, published_at: date, expected: _Expected
) -> None:
    assert parse_date_expression(expression, published_at) == expected


@cases("text, expected")
def test_find_date_expressions(text: str, expected: list[str]) -> None:
    found = find_date_expressions(text)
    assert found == expected
    assert all(phrase in text for phrase in found)


@cases("event, texts, expected")
def test_an_occasion_is_given_with_the_preposition_that_attaches_it(
    event: str, texts: list[str], expected: str
) -> None:
    assert occasion_phrase(event, texts) == expected


@cases("phrase, day, language, weekday")
def test_the_weekday_a_date_phrase_writes_is_said_where_the_calendar_agrees(
    phrase: str, day: str, language: str, weekday: str | None
) -> None:
    assert weekday_written(phrase, day, language) == weekday


@cases("sentence, language, part")
def test_the_part_of_the_day_is_the_one_the_date_s_clause_gives(
    sentence: str, language: str, part: str | None
) -> None:
    [phrase] = find_date_expressions(sentence)
    assert day_part_with(sentence, phrase, language) == part


@cases("phrase, only")
def test_a_phrase_that_says_nothing_but_when(phrase: str, only: bool) -> None:
    assert is_only_a_date(phrase) is only
