"""The answer checks of api/answering/checks.py on sentences written for these tests: an answer
must give the kind of thing the question asks for, and its names must come from an article
about the question's places."""

from __future__ import annotations

import pytest

from api.answering.checks import (
    about_the_towns,
    affirmed_unstated,
    copies_passages,
    count_of_a_measure,
    figure_of_another_place,
    foreign_names,
    other_parties,
    unsupported,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

SOURCE = (
    "Der Impuls kam aus Italien, Bürgermeister Tom Kurz aus Nordheim nahm ihn auf. "
    "Die neun Delegierten reisten am Dienstag, 20. September, nach Lyon, vor drei Jahren. "
    "Die Urkunde für Lyon ist unbefristet gültig, valid indefinitely. "
    "Am Samstag im Mai empfing er die Gäste in Nordheim, im Rathaus, in der Festhalle. "
    "Die Sänger kamen aus der Toskana."
)


@cases("question, answer, stands")
def test_an_answer_gives_the_kind_of_thing_the_question_asks_for(
    question: str, answer: str, stands: bool
) -> None:
    problem = unsupported(answer, SOURCE, question)
    assert (problem is None) is stands, problem


def test_function_and_calendar_words_that_are_also_towns_are_no_places() -> None:
    # "Am" (Belgium) and "Mai" are towns too; the answer names no place its source does not
    assert unsupported("Am Samstag im Mai", SOURCE, "Wann kamen die Gäste?") is None
    assert unsupported("In Hall", SOURCE, "Wo empfing man die Gäste?")


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


def test_a_friendship_of_clubs_does_not_answer_of_a_twinning_of_towns() -> None:
    cited = [
        "Der FC Nordheim pflegt eine Vereinsfreundschaft zum Fußballclub aus Lyon.",
        "Seit 2004 besuchen sich die Mannschaften.",
    ]
    assert other_parties("Seit wann besteht die Städtepartnerschaft Nordheim–Lyon?", cited)
    # Asked of the clubs, the same sources answer
    assert other_parties("Seit wann besuchen sich die Mannschaften?", cited) is None
    # A club's exchange within a twinning of the towns: the towns are partners
    twinned = [*cited, "Der Austausch der Vereine belebt die Städtepartnerschaft."]
    assert (
        other_parties("Seit wann besteht die Städtepartnerschaft Nordheim–Lyon?", twinned) is None
    )


YORK = "Die englische Partnerstadt York und Nordheim verbindet seit 1957 eine Partnerschaft."


@cases("question, answer, stands")
def test_the_answer_to_a_yes_or_no_question_cites_a_sentence_naming_its_places(
    question: str, answer: str, stands: bool
) -> None:
    assert (affirmed_unstated(answer, question, [YORK]) is None) is stands


def test_a_town_s_byname_answers_no_where_about_that_town() -> None:
    question = "Wo trat Karlsruhe dem Netzwerk bei?"
    source = "Die Fächerstadt trat dem Netzwerk im Rahmen der Hannover Messe bei."
    assert "where" in (unsupported("Die Fächerstadt trat bei.", source, question) or "")
    assert unsupported("Im Rahmen der Hannover Messe.", source, question) is None


def test_an_answer_that_strings_passages_together_answers_nothing() -> None:
    passages = [
        "Die Delegation aus Nordheim reiste im Mai nach Lyon.",
        "Das Netzwerk der Seestädte wurde 1990 in Kleinfeld gegründet.",
        "Ulm",
    ]
    dump = f"{passages[0]}  {passages[1]}"
    assert copies_passages(dump, passages) == "the answer copies 2 passages instead of answering"
    # Quoting the one sentence that states it is an answer; a short passage is a name
    assert copies_passages(passages[0], passages) is None
    assert (
        copies_passages(
            "Ulm und Lyon. Die Delegation aus Nordheim reiste im Mai nach Lyon.", passages
        )
        is None
    )


@pytest.mark.parametrize(
    ("question", "about"),
    [
        # By name, by the German adjective, a small town the question presents as a place
        ("Wann kam die Delegation aus Forchheim an?", {"forchheim"}),
        ("Wann kam die Forchheimer Gruppe an?", {"forchheim"}),
        ("Who led the visit to Westbury?", {"westbury"}),
        # By its name in the other language
        ("Wer leitete die Delegation aus Köln?", {"cologne"}),
        # No town asked of: a country, a network, a function word opening the question
        ("Welche Städte in Frankreich sind Partnerstädte?", None),
        ("Since when is the network active?", None),
    ],
)
def test_only_articles_naming_the_question_s_town_can_answer_it(
    question: str, about: set[str] | None
) -> None:
    articles = {
        "forchheim": ["Die Forchheimer Gäste landeten am Freitag."],
        "westbury": ["WESTBURY welcomed its guests on Friday."],
        "cologne": ["A delegation from Cologne arrived in May."],
        "elsewhere": ["2012 flog eine Gruppe nach Portugal."],
    }
    assert about_the_towns(question, articles) == about


@cases("answer, question, cited, refused")
def test_a_places_figure_is_said_of_that_place(
    answer: str, question: str, cited: list[str], refused: bool
) -> None:
    assert (figure_of_another_place(answer, question, cited) is not None) is refused


@cases("answer, question, cited, refused")
def test_a_count_is_not_answered_by_a_measure_of_time_or_money(
    answer: str, question: str, cited: list[str], refused: bool
) -> None:
    assert (count_of_a_measure(answer, question, cited) is not None) is refused
