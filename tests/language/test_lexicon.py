"""The words that state a kind of fact, in uses that do and uses that do not."""

from __future__ import annotations

from api.language.lexicon import base_title, has_trigger, states_kind
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("sentence")
def test_a_sentence_of_people_coming_states_a_visit(sentence: str) -> None:
    assert states_kind(sentence, "visit")


@cases("sentence")
def test_a_thing_that_came_from_a_place_states_no_visit(sentence: str) -> None:
    assert has_trigger(sentence, "visit")  # the word is there; its use states no visit
    assert not states_kind(sentence, "visit")


def test_the_other_kinds_are_stated_by_their_words_alone() -> None:
    assert states_kind("Der Anstoß kam aus Frankreich: die Städtepartnerschaft.", "partnership")
    assert states_kind("The idea came from the network's members.", "alliance")


def test_a_title_is_known_in_its_genitive_dative_and_plural_too() -> None:
    forms = {
        "Oberbürgermeisters": "oberbuergermeister",
        "Herrn": "herr",
        "Cllrs": "cllr",
        "Bürgermeisterin": "buergermeisterin",
        # A weak noun's "-en" in the genitive and dative ("dem Präsidenten")
        "Präsidenten": "praesident",
        "Kellers": None,
        "Garten": None,
        "Geschäftsführer": None,
        # A prefix of rank or time before a title: still a title
        "Vizebürgermeisterin": "vizebuergermeisterin",
        "Altbürgermeisters": "altbuergermeister",
        # The prefix alone, or before no title, is none
        "Vize": None,
        "Altstadt": None,
        "Exporte": None,
    }
    assert {word: base_title(word) for word in forms} == forms
