"""A question that asks two things, cut into its parts (api/answering/parts.py), and the parts'
answers joined into one (api/answering/answerer.py), on questions written for these tests."""

from __future__ import annotations

import pytest

from api.answering.answerer import joined
from api.answering.checks import gives_what_is_asked, unsupported
from api.answering.parts import Part, parts_of
from schemas.http import Citation


@pytest.mark.parametrize(
    ("question", "language", "parts"),
    [
        # Question words joined before one clause: each part is a question on its own
        (
            "Wann und von wem wurde die Urkunde unterzeichnet?",
            "de",
            [
                Part("Wann wurde die Urkunde unterzeichnet?", whole=True),
                Part("Von wem wurde die Urkunde unterzeichnet?", whole=True),
            ],
        ),
        (
            "When and how did Little Marsh join the network?",
            "en",
            [
                Part("When did Little Marsh join the network?", whole=True),
                Part("How did Little Marsh join the network?", whole=True),
            ],
        ),
        # A second question joined to a first: it leans on the first
        (
            "Wer leitete die Delegation aus Nordheim, und wann reiste sie?",
            "de",
            [
                Part("Wer leitete die Delegation aus Nordheim?", whole=True),
                Part("wann reiste sie?", whole=False),
            ],
        ),
        (
            "Where was the charter signed, and by whom?",
            "en",
            [Part("Where was the charter signed?", whole=True), Part("by whom?", whole=False)],
        ),
        (
            "Welcher Bürgermeister besuchte Lyon zuletzt, und wann?",
            "de",
            [
                Part("Welcher Bürgermeister besuchte Lyon zuletzt?", whole=True),
                Part("wann?", whole=False),
            ],
        ),
        # A list inside one question asks one thing
        (
            "Wer leitete die Delegation aus Nordheim und Kleinfeld?",
            "de",
            [Part("Wer leitete die Delegation aus Nordheim und Kleinfeld?", whole=True)],
        ),
        (
            "Who led the visit of the mayor and the council to Bramley?",
            "en",
            [Part("Who led the visit of the mayor and the council to Bramley?", whole=True)],
        ),
        # English "and was" continues a clause; "was" asks only in German
        (
            "Which town signed and was twinned with Bramley?",
            "en",
            [Part("Which town signed and was twinned with Bramley?", whole=True)],
        ),
    ],
)
def test_a_question_is_cut_into_the_things_it_asks(
    question: str, language: str, parts: list[Part]
) -> None:
    assert parts_of(question, language) == parts


def cited(n: int, start: int) -> Citation:
    return Citation(n=n, document_id="d", start=start, end=start + 5, text="x" * 5)


def test_joined_answers_cite_each_span_once_and_read_as_sentences() -> None:
    text, citations = joined(
        [
            ("Tom Kurz [1][2]", [cited(1, 0), cited(2, 10)]),
            ("Im Mai 2016. [1]", [cited(1, 10)]),
            ("Zu „wo?“ enthalten die gespeicherten Artikel keine Angaben.", []),
        ]
    )
    assert text == (
        "Tom Kurz [1] [2]. Im Mai 2016. [2] "
        "Zu „wo?“ enthalten die gespeicherten Artikel keine Angaben."
    )
    assert [(c.n, c.start) for c in citations] == [(1, 0), (2, 10)]


def test_a_part_is_held_to_what_it_asks_not_to_the_whole_question() -> None:
    question = "Wann wurde die Urkunde unterzeichnet, und von wem?"
    source = "Bürgermeister Tom Kurz unterzeichnete die Urkunde im Mai 2016 in Lyon."
    # "Tom Kurz" answers "von wem?" although it gives no date the whole question asks for
    assert unsupported("Bürgermeister Tom Kurz", source, question, asked="von wem?") is None
    assert unsupported("Bürgermeister Tom Kurz", source, question) is not None
    assert unsupported("In Lyon", source, question, asked="von wem?") is not None


@pytest.mark.parametrize(
    ("answer", "asked", "given"),
    [
        ("Am 24. April 2012", "Wann trat Lyon bei?", True),
        ("Am 24. April 2012", "Wie trat Lyon bei?", False),
        ("Mit einem Brief, den Bürgermeister Tom Kurz unterschrieb", "Wie trat Lyon bei?", True),
        ("July 3, 1999", "by whom?", False),
        ("On July 3, 1999, by Mayor Tom Kurz", "by whom?", True),
        ("Tom Kurz and Eva Roth", "what happened to that link?", False),
        ("In 1998 the towns ended the link", "what happened to that link?", True),
        ("Tom Kurz", "how many came?", False),
        ("Bürgermeister Tom Kurz", "und wo?", False),
        ("Bürgermeister Tom Kurz, im Rathaus", "und wo?", True),
    ],
)
def test_an_answer_is_read_for_each_thing_its_question_asks(
    answer: str, asked: str, given: bool
) -> None:
    question = "Wann und wie trat Lyon dem Netzwerk bei, wer unterschrieb, und wo?"
    assert gives_what_is_asked(answer, question, asked) is given
