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


TRAVEL = "Die neun Delegierten reisten am Dienstag, 20. September, nach Lyon."


@pytest.mark.parametrize(
    ("answer", "stands"),
    [
        ("Am Dienstag, 20. September", True),
        ("vor drei Jahren", True),  # a span back from now
        ("9", False),  # a count is no date
        ("neun Delegierte", False),
    ],
)
def test_a_when_question_wants_a_date_not_any_number(answer: str, stands: bool) -> None:
    problem = unsupported(answer, TRAVEL + " Das war vor drei Jahren.", "Wann reisten sie?")
    assert (problem is None) is stands, problem


@pytest.mark.parametrize(
    ("question", "answer", "stands"),
    [
        ("Wie lange gilt die Urkunde?", "Sie ist unbefristet gültig.", True),
        ("For how long is the charter valid?", "It is valid indefinitely.", True),
        # Without end is no count
        ("Wie viele Urkunden gibt es?", "Sie ist unbefristet gültig.", False),
        ("Wie lange gilt die Urkunde?", "Sie gilt in Lyon.", False),
    ],
)
def test_without_end_answers_how_long(question: str, answer: str, stands: bool) -> None:
    source = "Die Urkunde für Lyon ist unbefristet gültig, valid indefinitely."
    assert (unsupported(answer, source, question) is None) is stands


def test_function_and_calendar_words_that_are_also_towns_are_no_places() -> None:
    # "Am" (Belgium) and "Mai" are towns too; the answer names no place its source does not
    source = "Am Samstag im Mai empfing Nordheim die Gäste."
    assert unsupported("Am Samstag im Mai", source, "Wann kamen die Gäste?") is None
    assert unsupported("In Hall", source, "Wo empfing man die Gäste?")


@pytest.mark.parametrize(
    ("question", "answer", "stands"),
    [
        ("Wo empfing man die Gäste?", "In Nordheim", True),
        ("Wo empfing man die Gäste?", "Im Rathaus", True),
        ("Wo empfing man die Gäste?", "In der Festhalle", True),
        ("Wann und wo kamen die Gäste an?", "Am Samstag im Mai", False),
        ("Who welcomed the guests, and where?", "Mayor Tom Kurz, at the town hall", True),
        # The question's own place is no answer to where in it
        ("Wo in Nordheim empfing man die Gäste?", "Nordheim empfing die Gäste am Samstag", False),
    ],
)
def test_a_where_question_wants_a_place_or_a_venue(
    question: str, answer: str, stands: bool
) -> None:
    source = "Am Samstag im Mai empfing Bürgermeister Tom Kurz die Gäste in Nordheim."
    source += " Im Rathaus, in der Festhalle und at the town hall."
    assert (unsupported(answer, source, question) is None) is stands
