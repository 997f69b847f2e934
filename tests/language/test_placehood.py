"""Placehood from the text: each rule of api/language/placehood.py on sentences written for it, and
what it makes of names the gazetteer knows only as small places or not at all."""

from __future__ import annotations

from api.language.placehood import (
    authority_place,
    is_person_name,
    lower_case_words,
    person_name_words,
    presents_place,
)
from api.language.places import country_stated, resolve_place
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("sentence, name, presents")
def test_whether_the_sentence_presents_the_name_as_a_place(
    sentence: str, name: str, presents: bool
) -> None:
    assert presents_place(sentence, name) is presents


def test_a_word_the_text_writes_in_lower_case_is_no_place_however_used() -> None:
    text = "Man sagt, man fahre nach Man. In der Stadt Man ist es still."
    assert not presents_place("Man fährt nach Man.", "Man", lower_case_words(text))
    assert presents_place("Man fährt nach Man.", "Man")


def test_a_local_authority_stands_for_its_place() -> None:
    assert authority_place("Westbury Town Council") == "Westbury"
    assert authority_place("The Ashcombe District Council") == "Ashcombe"
    assert authority_place("Ashcombe Municipal District") == "Ashcombe"
    assert authority_place("Stadtverwaltung der Stadt Kleinfeld") == "Kleinfeld"
    assert authority_place("Kleinfeld") is None
    place = resolve_place("Nottingham City Council")
    assert place is not None and place.name == "Nottingham"


def test_the_words_after_a_title_are_a_persons_name() -> None:
    text = (
        "Cllr Preston opened the hall. Unter Leitung des Oberbürgermeisters Dr.-Ing. Hans "
        "Kleinert reiste eine Delegation nach Lyon. Mayor Jane Doe of Little Marsh spoke, and "
        "Bürgermeisterin Anna Berger empfing sie."
    )
    people = person_name_words(text)
    assert people == {"Preston", "Hans", "Kleinert", "Jane", "Doe", "Anna", "Berger"}
    assert is_person_name("Preston", people) and is_person_name("Jane Doe", people)
    # A name ends at a word in lower case ("of Little Marsh"), at punctuation and at the end
    # of its sentence, not at an initial
    text = "Bürgermeisterin Anna Berger. Kleinfeld feiert. Cllr Smith, Lyon und Mayor J. Doe."
    assert person_name_words(text) == {"Anna", "Berger", "Smith", "J", "Doe"}
    assert not is_person_name("Little Marsh", people) and not is_person_name("Lyon", people)
    assert not is_person_name("", people)


def test_a_small_place_needs_the_text_and_an_unknown_one_is_kept_without_coordinates() -> None:
    # Hennersdorf (Lower Austria) has about 1,500 inhabitants: known, but not by name alone.
    assert resolve_place("Hennersdorf") is None
    small = resolve_place("Hennersdorf", presented=True)
    assert small is not None and small.country == "AT" and small.geonames_id is not None
    unknown = resolve_place("Oberwaldbach in Österreich", presented=True)
    assert unknown is not None and unknown.name == "Oberwaldbach"
    assert unknown.country == "AT" and unknown.lat is None
    assert resolve_place("Oberwaldbach") is None


@cases("written, country")
def test_a_qualified_name_resolves_with_its_qualifier_kept(written: str, country: str) -> None:
    place = resolve_place(written)
    assert place is not None and place.name == written and place.country == country


def test_the_country_a_name_states() -> None:
    assert country_stated("Castelnuovo in Italien") == "IT"
    assert country_stated("Elmvale, Kanada") == "CA"
    assert country_stated("Saint-Aubin (Frankreich)") == "FR"
    assert country_stated("Castelnuovo") is None


def test_codes_among_the_gazetteers_alternate_names_are_not_places() -> None:
    # GeoNames lists airport codes as alternate names: "TSV" (a sports club) is not Townsville.
    assert resolve_place("TSV") is None
    assert resolve_place("LHR") is None
    assert resolve_place("Townsville") is not None


def test_a_word_for_a_programme_or_body_is_no_place() -> None:
    assert not presents_place("Sie kamen aus Initiative.", "Initiative")
    assert not presents_place("The grant came from Council.", "Council")
