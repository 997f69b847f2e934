"""The answer checks of api/answering/checks.py on sentences written for these tests: an answer
must give the kind of thing the question asks for, and its names must come from an article
about the question's places."""

from __future__ import annotations

import pytest

from api.answering.checks import foreign_names, unsupported

SOURCE = "Der Impuls kam aus Italien, Bürgermeister Tom Kurz aus Nordheim nahm ihn auf."


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # A town asked for, only a country named
        ("Aus welcher italienischen Stadt kam der Impuls?", "Italien"),
        ("Which French town sent the delegation?", "The delegation came from France."),
        # A person asked for, only places and the question's own words given
        ("Wer nahm den Impuls auf?", "Der Impuls kam aus Italien."),
        ("What is the name of the mayor of Nordheim?", "The mayor of Nordheim, Italien."),
    ],
)
def test_an_answer_that_names_no_thing_of_the_kind_asked_for_is_refused(
    question: str, answer: str
) -> None:
    assert unsupported(answer, SOURCE, question)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Aus welcher Stadt kam der Bürgermeister?", "Aus Nordheim"),
        ("Wer nahm den Impuls auf?", "Bürgermeister Tom Kurz"),
        ("Who took the idea up?", "Mayor Tom Kurz of Nordheim"),
        ("Aus welchem Land kam der Impuls?", "Aus Italien"),
    ],
)
def test_an_answer_of_the_kind_asked_for_stands(question: str, answer: str) -> None:
    assert unsupported(answer, SOURCE, question) is None


def test_a_name_from_an_article_about_other_places_is_refused() -> None:
    question = "Wer ist Bürgermeister von Kleinfeld?"
    context = {
        "a": ["Kleinfeld feierte das Jubiläum der Partnerschaft."],
        "b": ["Bürgermeister Tom Kurz aus Nordheim begrüßte die Gäste."],
    }
    cited = {"a": context["a"], "b": context["b"]}
    assert foreign_names("Bürgermeister Tom Kurz", question, cited, context)


def test_a_name_from_the_article_about_the_question_s_place_stands() -> None:
    question = "Wer ist Bürgermeister von Kleinfeld?"
    context = {"a": ["Kleinfeld feierte.", "Bürgermeister Tom Kurz begrüßte die Gäste."]}
    cited = {"a": context["a"][1:]}
    assert foreign_names("Bürgermeister Tom Kurz", question, cited, context) is None
    # A question that names no place: nothing to hold the names to
    assert foreign_names("Tom Kurz", "Wer begrüßte die Gäste?", cited, {}) is None


def test_an_article_naming_the_asked_country_by_its_adjective_is_about_it() -> None:
    """The question says "French", the article "Northern France" and "the French mayors"."""
    question = "Who signed the agreement on the French side?"
    context = {"a": ["Little Marsh lies in Northern France.", "Mayor Jean Roux signed it."]}
    cited = {"a": context["a"][1:]}
    assert foreign_names("Mayor Jean Roux", question, cited, context) is None
    elsewhere = {"b": ["Little Marsh lies in Germany.", "Mayor Jan Kurz signed it."]}
    assert foreign_names("Mayor Jan Kurz", question, {"b": elsewhere["b"][1:]}, elsewhere)
