"""Place resolution and name matching."""

from __future__ import annotations

import pytest

from api.language.names import contains_phrase, fold, mentions, names_as_one
from api.language.place_names import towns_of_adjectives
from api.language.places import (
    countries_named,
    country_attached,
    in_a_country_named,
    lies_in_region,
    names_by_demonym,
    region_attached,
    resolve_place,
)
from schemas.contract import Place
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("written, name, country, kind")
def test_places_resolve_to_canonical_names(
    written: str, name: str, country: str | None, kind: str
) -> None:
    place = resolve_place(written)
    assert place is not None
    assert (place.name, place.country, place.kind) == (name, country, kind)


@cases("written")
def test_organisations_topics_and_unknown_names_are_not_places(written: str) -> None:
    assert resolve_place(written) is None


def test_gazetteer_gives_ids_and_coordinates() -> None:
    place = resolve_place("Karlsruhe")
    assert place is not None and place.geonames_id and place.lat and place.lon


def test_fold_ignores_case_accents_and_umlauts() -> None:
    assert fold("Köln") == fold("KOELN") == "koeln"
    assert fold("Klaipėda") == "klaipeda"
    assert fold("Ma’anshan") == "ma anshan"


@cases("sentence, name, as_one")
def test_a_person_s_name_is_written_as_one_name(sentence: str, name: str, as_one: bool) -> None:
    assert names_as_one(sentence, name) is as_one


def test_mentions_allows_german_inflection_but_not_other_words() -> None:
    assert mentions("Vertreter kanadischer Unternehmen", "Kanada")
    assert mentions("die Kölner Wirtschaft", "Köln")
    assert mentions(
        "der Chinesisch-Deutschen Industriestädteallianz",
        "Chinesisch-Deutsche Industriestädteallianz",
    )
    assert not mentions("eine Delegation aus Leeds", "Lyon")
    assert not mentions("im Jahr 2016", "2017")
    assert contains_phrase("fand am 23. April statt", "am 23. April")
    assert not contains_phrase("fand am 23. April statt", "am 24. April")


@cases("text, country")
def test_a_country_is_named_by_its_adjective(text: str, country: str) -> None:
    assert names_by_demonym(text, country)


def test_a_word_that_only_starts_like_an_adjective_names_no_country() -> None:
    assert not names_by_demonym("Die Delegation fuhr über den Kanal.", "Kanada")
    assert not names_by_demonym("Die Kanadier kamen.", "China")


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "Which towns in Ireland or Britain are twinned with places in France?",
            [{"IE", "GB"}, {"FR"}],
        ),
        ("Welche deutschen Städte sind mit chinesischen Städten verbunden?", [{"DE"}, {"CN"}]),
        ("Welche französischen und italienischen Partnerstädte hat Ulm?", [{"FR", "IT"}]),
        ("Partnerstädte in Großbritannien, Frankreich oder Polen", [{"GB", "FR", "PL"}]),
        ("Which German towns have partners in Great Britain?", [{"DE"}, {"GB"}]),
        ("Wer leitete die Delegation aus Nottingham?", []),
    ],
)
def test_the_countries_a_question_names_come_in_the_groups_it_lists_them(
    text: str, groups: list[set[str]]
) -> None:
    from api.language.places import countries_in

    assert countries_in(text) == groups


@cases("sentence, adjective, town")
def test_a_town_s_adjective_is_read_as_the_names_it_may_come_from(
    sentence: str, adjective: str, town: str
) -> None:
    [(word, towns)] = towns_of_adjectives(sentence)
    assert word == adjective and town in towns


def test_no_town_adjective_opens_a_sentence_or_stands_before_a_lower_case_word() -> None:
    assert towns_of_adjectives("Nordheimer Gäste kamen.") == []
    assert towns_of_adjectives("Die Gäste waren Nordheimer und blieben.") == []


@cases("sentence, name, country")
def test_the_country_a_sentence_attaches_to_a_place(
    sentence: str, name: str, country: str | None
) -> None:
    assert country_attached(sentence, name) == country


def test_the_region_a_sentence_places_a_town_in_gives_its_country() -> None:
    assert region_attached("Die Stadt Neumarkt in der Oberpfalz tritt bei.", "Neumarkt") == "DE"
    assert region_attached("Gäste aus Kleinfeld (Toskana) kamen.", "Kleinfeld") == "IT"
    assert region_attached("Gäste aus Kleinfeld kamen in die Toskana.", "Kleinfeld") is None


@cases("town, region, inside")
def test_a_town_lies_in_the_region_that_covers_its_first_level_division(
    town: str, region: str, inside: bool
) -> None:
    place, area = resolve_place(town), resolve_place(region)
    assert place is not None and area is not None
    assert lies_in_region(place, area) is inside


@cases("text, countries")
def test_the_countries_a_text_names_by_name_adjective_or_region(
    text: str, countries: list[str]
) -> None:
    assert countries_named(text) == set(countries)


@cases("name, countries, country")
def test_a_town_of_a_shared_name_is_the_one_in_a_country_the_article_names(
    name: str, countries: list[str], country: str
) -> None:
    place = resolve_place(name)
    assert place is not None
    placed = in_a_country_named(place, set(countries))
    assert placed.country == country
    assert (placed.geonames_id == place.geonames_id) is (country == place.country)


def test_a_town_the_article_itself_places_keeps_its_country() -> None:
    place = Place(name="Oberwaldbach", country="DE", kind="city")
    assert in_a_country_named(place, {"FR"}) == place
    country = Place(name="Frankreich", country="FR", kind="country")
    assert in_a_country_named(country, {"DE"}) == country
