"""A question that asks two things, cut into its parts (api/answering/parts.py), and the parts'
answers joined into one (api/answering/answerer.py), on questions written for these tests."""

from __future__ import annotations

import re
from typing import Any

from api.answering.answerer import Answerer, Turn, _date_cited, joined
from api.answering.checks import gives_what_is_asked, unsupported
from api.answering.parts import Part, parts_of
from api.language.text import split_sentences
from api.model.client import CallLogger
from api.model.prompts import load_ask_prompts
from api.storage.search import SentenceIndex
from api.storage.store import Store
from api.storage.tables import DocumentRow, create_engine
from schemas.http import Citation
from tests.conftest import FakeModel
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("question, language, parts")
def test_a_question_is_cut_into_the_things_it_asks(
    question: str, language: str, parts: list[tuple[str, bool]]
) -> None:
    assert parts_of(question, language) == [Part(asked, whole) for asked, whole in parts]


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
        "Tom Kurz [1][2]. Im Mai 2016. [2] "
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


@cases("answer, asked, given")
def test_an_answer_is_read_for_each_thing_its_question_asks(
    answer: str, asked: str, given: bool
) -> None:
    question = "Wann und wie trat Lyon dem Netzwerk bei, wer unterschrieb, und wo?"
    assert gives_what_is_asked(answer, question, asked) is given


class PassageReadingFakeModel(FakeModel):
    """A fake model, named as such: keeps the passages each answer call was shown; answers
    "when" with the first passage that gives a date, "where" with the first that names a
    town hall, the whole question with the date."""

    def __init__(self) -> None:
        super().__init__({"plan": {"question": "", "search_terms": []}})
        self.shown: list[list[str]] = []

    async def complete(self, messages: Any, response_model: Any, log: CallLogger) -> Any:
        if response_model.task == "answer":
            content = messages[-1]["content"]
            passages = re.findall(r"^\[(\d+)\] (.*)$", content, re.M)
            self.shown.append([text for _, text in passages])
            wanted, answer = ("Rathaus", "Im Rathaus von Kleinfeld")
            if not re.search(r"^Question: Wo ", content, re.M):
                wanted, answer = ("3. Mai", "3. Mai")
            numbers = [int(n) for n, text in passages if wanted in text][:1]
            self.answers["answer"] = {"passages": numbers, "answer": answer if numbers else ""}
        return await super().complete(messages, response_model, log)


async def test_a_part_the_answer_leaves_out_is_searched_again_with_what_it_found(
    database_url: str,
) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    index = SentenceIndex(store.engine)
    text = (
        "Nordheim seit 3. Mai im Bund der Städte.\n"
        + "".join(f"Der Bund der Städte hat Nordheim zum {n}. Mal geehrt.\n" for n in range(2, 10))
        + "Die Feier fand am 3. Mai im Rathaus von Kleinfeld statt."
    )
    await store.documents.add(DocumentRow(id="d", text_sha256="d", text=text, source_format="text"))
    await index.add("d", split_sentences(text))
    model = PassageReadingFakeModel()
    answerer = Answerer(store, index, model, load_ask_prompts())
    asked = await answerer.ask([Turn("user", "Wann und wo trat Nordheim dem Bund der Städte bei?")])
    await store.engine.dispose()
    whole, when, where = model.shown
    feier = "Die Feier fand am 3. Mai im Rathaus von Kleinfeld statt."
    # The whole answer names no place: each part is asked. The sentence that tells where
    # holds none of the question's words: search found it by the date the "when" part's
    # answer gave; the sentence that answer cited comes last.
    assert feier not in whole and when == whole
    assert where[0] == feier and where[-1] == "Nordheim seit 3. Mai im Bund der Städte."
    assert asked.answer == "3. Mai [1]. Im Rathaus von Kleinfeld [2]."


def said(text: str) -> Citation:
    return Citation(n=1, document_id="d", start=0, end=len(text), text=text)


def test_a_when_part_is_the_one_date_the_sentences_cited_so_far_state() -> None:
    visit = said("Bürgermeister Tom Kurz war im Februar der letzte Besucher aus Ulm.")
    when = Part("und wann?", whole=False)
    assert _date_cited(when, [("Tom Kurz [1]", [visit])], "de") == ("Im Februar [1]", [visit])
    # Two dates: which one is the visit's is the model's to read; no date, nothing to give
    both = said("Tom Kurz, im Mai 2019 gewählt, kam im Februar nach Lyon.")
    assert _date_cited(when, [("Tom Kurz [1]", [both])], "de") is None
    plain = said("Tom Kurz kam nach Lyon.")
    assert _date_cited(when, [("Tom Kurz [1]", [plain])], "de") is None
    # A part that asks something else, or nothing answered yet
    assert _date_cited(Part("und wo?", whole=False), [("Tom Kurz [1]", [visit])], "de") is None
    assert _date_cited(Part("Wann kam er?", whole=True), [], "de") is None
    # The date of a joining is not the founding of the network joined
    founded = Part("und wann wurde das Netzwerk gegründet?", whole=False)
    assert _date_cited(founded, [("Tom Kurz [1]", [visit])], "de") is None


def test_a_when_part_from_a_sentence_in_the_other_language_is_said_in_the_questions() -> None:
    visit = said("Mayor Tom Kurz was one of the most recent visitors in February.")
    german = Part("und wann?", whole=False)
    assert _date_cited(german, [("Tom Kurz [1]", [visit])], "de") == ("Im Februar [1]", [visit])
    signed = said("The charter was signed on July 3, 1999 by Mayor Tom Kurz.")
    assert _date_cited(german, [("Tom Kurz [1]", [signed])], "de")[0] == "Am 3. Juli 1999 [1]"
    english = Part("and when?", whole=False)
    visit = said("Bürgermeister Tom Kurz war im Februar der letzte Besucher aus Ulm.")
    assert _date_cited(english, [("Tom Kurz [1]", [visit])], "en")[0] == "In February [1]"
    # A range stays as written: its two ends are one answer
    days = said("Tom Kurz stayed from 4 to 12 March in Ulm.")
    assert _date_cited(german, [("Tom Kurz [1]", [days])], "de")[0] == "From 4 to 12 March [1]"
