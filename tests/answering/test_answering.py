"""Question answering's pure parts: search terms, ranking, and the checks an answer must pass."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from api.answering.answerer import Passage, settle
from api.answering.checks import off_topic, restating, unsupported
from api.answering.from_facts import _origin, spoken_date
from api.http.app import create_app
from api.language.lexicon import language_of
from api.language.text import split_sentences
from api.model.client import CallLogger
from api.settings import Settings
from api.storage.search import SentenceIndex, search_terms
from api.storage.store import Store
from api.storage.tables import create_engine
from schemas.llm import AnswerDraft
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

PASSAGES = [
    Passage("d1", 0, 60, "Angeführt wurde die Delegation von Bürgermeisterin Jane Doe."),
    Passage("d1", 61, 120, "Die Gäste blieben drei Tage in Lyon, im Oktober 2019."),
]


def draft(answer: str, passages: list[int]) -> AnswerDraft:
    return AnswerDraft(answer=answer, passages=passages)


def test_search_terms_fold_case_umlauts_and_inflection() -> None:
    assert search_terms("Die Partnerstädte") == search_terms("PARTNERSTADT")
    assert search_terms("Städtepartnerschaften") == search_terms("Städtepartnerschaft")
    assert search_terms("Kölner Delegationen") == ["koln", "delegation"]
    assert "die" not in search_terms("die der das")


async def test_the_obviously_relevant_sentence_ranks_first(database_url: str) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    index = SentenceIndex(store.engine)
    text = (
        "Das Wetter war gut.\nDie Partnerstadt Lyon schickte eine Delegation.\n"
        "Der Markt war voll.\nDelegationen kommen oft."
    )
    await index.add("d1", split_sentences(text))
    hits = await index.search(search_terms("Welche Delegation kam aus der Partnerstadt Lyon?"), 3)
    assert text[hits[0].start : hits[0].end] == "Die Partnerstadt Lyon schickte eine Delegation."
    assert await index.search(search_terms("Tokio"), 3) == []
    await index.remove("d1")
    assert await index.indexed_documents() == set()
    await store.engine.dispose()


def test_a_supported_answer_gets_renumbered_citations() -> None:
    answer, citations, reason = settle(draft("Jane Doe leitete sie [1].", [1]), PASSAGES, "Wer?")
    assert (answer, reason) == ("Jane Doe leitete sie [1].", None)
    assert [(c.n, c.text) for c in citations] == [(1, PASSAGES[0].text)]
    answer, citations, _ = settle(draft("Drei Tage.", [2]), PASSAGES, "Wie lange?")
    assert answer == "Drei Tage. [1]" and citations[0].start == 61


def test_of_the_passages_listed_for_an_answer_those_that_state_it_are_cited() -> None:
    topic = Passage("d1", 121, 170, "Die Delegation aus Lyon besuchte auch das Rathaus.")
    passages = [*PASSAGES, topic]
    question = "Wie lange blieb die Delegation aus Lyon?"
    answer, citations, reason = settle(draft("Drei Tage.", [1, 2, 3]), passages, question)
    assert (answer, reason) == ("Drei Tage. [1]", None)
    assert [c.text for c in citations] == [PASSAGES[1].text]
    # Each passage that holds a part of the answer is cited.
    both = "Wer leitete die Delegation aus Lyon, und wie lange blieb sie?"
    _, citations, _ = settle(draft("Jane Doe, drei Tage.", [3, 1, 2]), passages, both)
    assert [c.text for c in citations] == [PASSAGES[0].text, PASSAGES[1].text]


def test_a_cited_passage_that_states_nothing_the_others_do_not_is_no_longer_cited() -> None:
    headline = Passage("d1", 0, 41, "Delegation aus Lyon: drei Tage in Ulm.")
    body = Passage(
        "d1", 42, 120, "Die Delegation aus Lyon blieb drei Tage in Ulm und besuchte das Rathaus."
    )
    topic = Passage("d1", 121, 170, "Die Delegation aus Lyon kam mit dem Zug.")
    question = "Wie lange blieb die Delegation aus Lyon in Ulm?"
    # The model marked all three: the headline states as much as the body sentence, which is
    # the longer and stays; the third states nothing of the answer.
    answer, citations, reason = settle(
        draft("Drei Tage [1][2][3].", [1, 2, 3]), [headline, body, topic], question
    )
    assert (answer, reason) == ("Drei Tage [1].", None)
    assert [c.text for c in citations] == [body.text]
    # A passage that states a part of the answer the others lack stays, with its marker.
    _, citations, _ = settle(
        draft("Drei Tage [2], mit dem Zug [3].", [2, 3]), [headline, body, topic], question
    )
    assert [c.text for c in citations] == [body.text, topic.text]


def test_an_answer_that_quotes_the_sentence_stating_it_stands() -> None:
    quoted = "Die Gäste blieben drei Tage in Lyon, im Oktober 2019."
    answer, citations, reason = settle(draft(quoted, [2]), PASSAGES, "Wie lange blieben sie?")
    assert (answer, reason) == (quoted + " [1]", None)
    assert [c.start for c in citations] == [61]


def test_answers_the_sources_do_not_support_are_refused() -> None:
    assert settle(draft("", []), PASSAGES, "Wer?")[2]
    assert settle(draft("Jane Doe [7].", []), PASSAGES, "Wer?")[2]  # cites no existing passage
    assert "numbers" in (unsupported("Sie blieben 5 Tage.", PASSAGES[1].text, "Wie lange?") or "")
    assert "when" in (unsupported("In Lyon.", PASSAGES[1].text, "Wann war das?") or "")
    assert "place" in (unsupported("Jane Doe kam aus Paris.", PASSAGES[0].text, "Wer?") or "")
    assert "names no one" in (
        unsupported("Die Delegation.", PASSAGES[0].text, "Wer leitete die Delegation?") or ""
    )
    assert "nothing" in (
        unsupported("Die Delegation.", PASSAGES[0].text, "Wie reiste die Delegation?") or ""
    )
    # A town leads no delegation, but it may receive one
    received = "Lyon empfing die Delegation aus Aue."
    assert "names no one" in (unsupported("Lyon", received, "Wer leitete die Delegation?") or "")
    assert unsupported("Lyon", received, "Wer empfing die Delegation aus Aue?") is None
    assert unsupported("Lyon", received, "Who received the delegation from Aue?") is None
    assert (
        unsupported("three days, in October 2019", PASSAGES[1].text, "How long did they stay?")
        is None
    )


def test_an_answer_with_markup_its_sources_lack_is_refused() -> None:
    question = "Wer leitete die Delegation?"
    for answer in (
        "Jane Doe <script>alert(document.cookie)</script>",
        'Jane Doe <img src=x onerror="alert(1)">',
        "Jane Doe, see javascript:alert(1)",
    ):
        assert "markup" in (unsupported(answer, PASSAGES[0].text, question) or ""), answer
    assert unsupported("Jane Doe", PASSAGES[0].text, question) is None


def test_the_question_language_is_detected() -> None:
    assert language_of("Who led the delegation?") == "en"
    assert language_of("Wer leitete die Delegation?") == "de"


@cases("question, language")
def test_words_both_languages_write_tell_neither(question: str, language: str) -> None:
    assert language_of(question) == language


def test_passages_about_something_else_do_not_answer() -> None:
    retrieved = [passage.text for passage in PASSAGES]
    terms = search_terms("Wie lange blieben die Gäste in Lyon?")
    assert off_topic([PASSAGES[0].text], retrieved, terms) is not None
    assert off_topic([PASSAGES[1].text], retrieved, terms) is None


# Two articles written for these tests: one about a network of towns, one about a twinning.
NETWORK = [
    Passage("net", 0, 50, "Das Städtenetzwerk Ostseeküste wurde 2001 in Rostock gegründet."),
    Passage("net", 51, 110, "Zu seinen Gründern gehören Anna Berg und Paul Stein."),
]
TWINNING = [
    Passage("twin", 0, 45, "Die Partnerschaft zwischen Aue und Lyon besteht seit 1975."),
    Passage(
        "twin",
        46,
        120,
        "Die Partnerschaft von Aue und Lyon gilt vor allem Kultur und Schüleraustausch.",
    ),
    Passage("twin", 121, 160, "Zu den Gründern des Vereins gehört Eva Roth."),
]


def test_a_sentence_about_the_topic_its_article_named_before_is_on_topic() -> None:
    """'Zu seinen Gründern ...' speaks of the network its article named one sentence before."""
    question = "Wer gründete das Städtenetzwerk Ostseeküste?"
    passages = NETWORK + TWINNING
    _, citations, reason = settle(draft("Anna Berg und Paul Stein", [2]), passages, question)
    assert reason is None and [c.document_id for c in citations] == ["net"], reason
    # The same kind of sentence in an article about something else is not about the network.
    _, citations, reason = settle(draft("Eva Roth", [5]), passages, question)
    assert citations == [] and "do not speak of" in (reason or "")


def test_off_topic_measures_the_question_words_over_the_cited_sentences_article() -> None:
    texts = [passage.text for passage in NETWORK + TWINNING]
    terms = search_terms("Wer gründete das Städtenetzwerk Ostseeküste?")
    cited = [NETWORK[1].text]
    assert off_topic(cited, texts, terms) is not None
    assert off_topic(cited, texts, terms, [p.text for p in NETWORK]) is None


def test_an_english_article_is_held_to_the_words_english_articles_use() -> None:
    """A German question's words ("Länder", "besuchten") are no words an English article
    writes: it is on topic when it names what the question names."""
    english = "Delegates from Spain and Poland visited Leeds during the HOME conference."
    german = [
        "Beim Besuch in Aue kamen Gäste aus vielen Ländern.",
        "Die Delegierten besuchten das Rathaus.",
    ]
    terms = search_terms("Aus welchen Ländern kamen die Delegierten, die Leeds besuchten?")
    assert off_topic([english], [english, *german], terms) is None
    # A German sentence is still held to the German words.
    assert off_topic([german[1]], [english, *german], terms) is not None


def test_the_passage_that_holds_the_answers_words_is_the_one_cited() -> None:
    question = "Worauf konzentriert sich die Partnerschaft zwischen Aue und Lyon?"
    texts = [passage.text for passage in TWINNING]
    assert restating("auf Kultur und Schüleraustausch", question, texts) == [2]
    # An answer no passage holds, or one that only repeats the question, restates none.
    assert restating("auf Sport und Musik", question, texts) == []
    assert restating("Aue und Lyon", question, texts) == []
    # The model named passage 1; the answer's words stand in passage 2, which is cited.
    answer, citations, reason = settle(
        draft("auf Kultur und Schüleraustausch [1]", [1]), TWINNING, question
    )
    assert reason is None and [c.text for c in citations] == [TWINNING[1].text]
    assert answer == "auf Kultur und Schüleraustausch [1]"


def test_a_bare_number_is_restated_by_the_one_passage_that_states_it() -> None:
    """The model answered "8013" but named a passage without it: the one passage that states
    the number states the answer. A number two passages state, or one the question gives,
    restates none."""
    question = "How many member cities does the network have?"
    texts = [
        "Nordheim has joined the network of cities for peace.",
        "To date there are 8013 member cities around the world.",
        "The network was founded in 1982; 2 cities founded it.",
    ]
    assert restating("8013", question, texts) == [2]
    assert restating("8013 cities", question, texts) == [2]
    assert restating("2", question, [*texts, "Only 2 joined in 1990."]) == []
    assert restating("1982", "Was the network founded in 1982?", texts) == []
    passages, start = [], 0
    for text in texts:
        passages.append(Passage("d1", start, start + len(text), text))
        start += len(text) + 1
    _, citations, reason = settle(draft("8013", [1]), passages, question)
    assert reason is None and [c.text for c in citations] == [texts[1]]


SIGNING = [
    Passage("sign", 0, 56, "Der Vertrag zwischen Aue und Lyon liegt heute im Rathaus."),
    Passage("sign", 57, 120, "Unterzeichnet wurde er 1975 im Festsaal des alten Rathauses."),
]


def test_a_passage_holding_more_of_the_answers_words_than_the_cited_one_is_cited() -> None:
    """The cited sentence holds one of the answer's words and passes the checks; the other
    holds them all, and is the one that states the answer."""
    question = "Wo wurde der Vertrag zwischen Aue und Lyon unterzeichnet?"
    answer, citations, reason = settle(
        draft("Im Festsaal des alten Rathauses [1]", [1]), SIGNING, question
    )
    assert reason is None and [c.text for c in citations] == [SIGNING[1].text]
    assert answer == "Im Festsaal des alten Rathauses [1]"
    # A cited sentence that holds as much of the answer as any other stays cited.
    _, citations, _ = settle(draft("Heute im Rathaus [1]", [1]), SIGNING, question)
    assert [c.text for c in citations] == [SIGNING[0].text]


class QuestionRecordingFakeModel(FakeModel):
    """A fake model, named as such, that keeps the question each answer call was given."""

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__(answers)
        self.answered: list[str] = []

    async def complete(self, messages: Any, response_model: Any, log: CallLogger) -> Any:
        if response_model.task == "answer":
            self.answered += re.findall(r"^Question: (.*)$", messages[-1]["content"], re.M)
        return await super().complete(messages, response_model, log)


def follow_up(client: TestClient[Any], question: str, answer: str, then: str) -> str:
    """The chat's reply to a second question, after the first and its answer."""
    turns = [("user", question), ("assistant", answer), ("user", then)]
    messages = [{"role": role, "content": content} for role, content in turns]
    chat = client.post("/v1/chat/completions", json={"messages": messages})
    assert chat.status_code == 200, chat.text
    reply: str = chat.json()["choices"][0]["message"]["content"]
    return reply


def test_a_question_on_its_own_is_answered_as_asked(settings: Settings) -> None:
    # The fake's plan rewrites every question into another one.
    plan = {"question": "Wer war Bürgermeister von Nottingham?", "search_terms": []}
    answer = {"passages": [1], "answer": "Jane Doe."}
    model = QuestionRecordingFakeModel({**ANSWERS, "plan": plan, "answer": answer})
    with TestClient(create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
        asked = client.post("/ask", json={"question": "Wer leitete die Delegation?"}).json()
        assert asked["diagnostics"]["question"] == "Wer leitete die Delegation?"
        follow_up(client, "Wer leitete die Delegation?", "Jane Doe.", "Und wie lange blieb sie?")
    # A follow-up needs the conversation: there the plan's standalone question is answered.
    assert model.answered == ["Wer leitete die Delegation?", plan["question"]]


def test_a_follow_up_made_standalone_is_answered_from_the_facts(settings: Settings) -> None:
    plan = {
        "question": "Wann kam die Delegation aus Nottingham nach Karlsruhe?",
        "search_terms": [],
    }
    model = FakeModel({**ANSWERS, "plan": plan, "answer": {"passages": [], "answer": ""}})
    with TestClient(create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
        model.calls.clear()
        asked = "Wer leitete die Delegation aus Nottingham?"
        reply = follow_up(client, asked, "Bürgermeisterin Jane Doe [1]", "Und wann kam sie?")
        assert reply.startswith("3. Mai 2023 [1]")
    assert model.calls == ["plan"]  # the plan's question, and then the facts: no answer call


def test_questions_for_a_field_of_stored_facts_are_answered_from_them(settings: Settings) -> None:
    plan = {"question": "", "search_terms": []}
    model = FakeModel({**ANSWERS, "plan": plan, "answer": {"passages": [], "answer": ""}})
    with TestClient(create_app(settings, model=model)) as client:
        document = client.post("/documents?wait=10", json={"text": ARTICLE}).json()["document"]
        text = client.get(f"/documents/{document['id']}").json()["text"]
        calls_after_extraction = len(model.calls)

        def ask(question: str) -> dict[str, Any]:
            answer: dict[str, Any] = client.post("/ask", json={"question": question}).json()
            for citation in answer["citations"]:
                assert text[citation["start"] : citation["end"]] == citation["text"]
            return answer

        led = ask("Wer leitete die Delegation aus Nottingham?")
        assert led["status"] == "answered" and led["answer"] == "Bürgermeisterin Jane Doe [1]"
        assert (
            led["citations"][0]["text"]
            == "Angeführt wurde die Delegation von Bürgermeisterin Jane Doe."
        )
        assert led["diagnostics"]["answered_from"] == "facts"
        # The town's adjective names the town: "die Nottinghamer Delegation"
        assert ask("Wer leitete die Nottinghamer Delegation?")["answer"] == led["answer"]
        partners = ask("Which twin towns does Karlsruhe have?")
        assert partners["answer"] == "Nottingham [1]"
        assert partners["citations"][0]["text"].startswith("Die Partnerstädte Karlsruhe")
        origin = ask("Aus welcher Stadt kam die Delegation, die Karlsruhe besuchte?")
        assert origin["answer"] == "Nottingham [1]"
        assert origin["citations"][0]["text"].startswith("Eine Delegation aus Nottingham")
        came = ask("Wann kam die Delegation aus Nottingham nach Karlsruhe?")
        assert came["answer"] == "3. Mai 2023 [1]"
        assert came["citations"][0]["text"].startswith("Eine Delegation aus Nottingham")
        members = ask("Welche Mitglieder hat Eurocities?")
        assert members["answer"] == "Karlsruhe [1] und Lyon [1]"
        twinned = ask("Ist Nottingham eine Partnerstadt von Karlsruhe?")
        assert twinned["answer"] == "Ja, Nottingham und Karlsruhe sind Partnerstädte [1]"
        assert twinned["citations"][0]["text"].startswith("Die Partnerstädte Karlsruhe")
        assert ask("Is Karlsruhe twinned with Nottingham?")["answer"] == (
            "Yes, Karlsruhe and Nottingham are twin towns [1]"
        )
        # What kind of relationship: the partnership's kind, without a "yes"
        kind = ask("What kind of relationship does Nottingham have with Karlsruhe?")
        assert kind["answer"] == "Nottingham and Karlsruhe are twin towns (since 1969) [1]"
        assert ask("Welche Art von Beziehung verbindet Karlsruhe und Nottingham?")["answer"] == (
            "Karlsruhe und Nottingham sind Partnerstädte (seit 1969) [1]"
        )
        assert model.calls[calls_after_extraction:] == []
        # A field the facts leave empty, a question for none, or one about several groups
        # ("where did the delegations come from": one visit's origin would not answer it).
        several = ask("Woher kamen die Delegationen, die Karlsruhe besuchten?")
        assert several["diagnostics"]["answered_from"] == "passages"
        signed = ask("Wann wurde die Partnerschaft von Karlsruhe unterzeichnet?")
        assert signed["diagnostics"]["answered_from"] == "passages"
        # No fact joins Lyon and Karlsruhe as partners: no "no" from the facts, the model's
        not_twinned = ask("Ist Lyon eine Partnerstadt von Karlsruhe?")
        assert not_twinned["diagnostics"]["answered_from"] == "passages"
        assert model.calls[calls_after_extraction:] == ["plan", "answer"] * 3


def test_dates_of_facts_are_spoken_in_the_question_language() -> None:
    assert spoken_date("2017-04-24", "de") == "24. April 2017"
    assert spoken_date("--04-23", "en") == "23 April"
    assert spoken_date("2016", "de") == "2016"
    assert spoken_date(None, "de") == ""


def a_visit(origin: str, sentence: str, topics: list[str] | None = None) -> dict[str, Any]:
    """A stored visit's payload, as much of it as the answers from facts read."""
    place = {"name": origin, "country": None, "kind": "city"}
    span = {"start": 0, "end": len(sentence), "text": sentence}
    return {"from_place": place, "host_place": None, "topics": topics or [], "evidence": [span]}


def test_the_visit_a_question_means_is_told_by_the_words_few_visits_share() -> None:
    """'kam' and 'Delegation' ask or stand in every visit; 'Solarenergie' names one."""
    visits = [
        ("d1", a_visit("Lyon", "Eine Delegation aus Lyon kam im Bereich Kultur nach Aue.")),
        ("d2", a_visit("Porto", "Die Delegation aus Porto sah sich Solarenergie an.")),
        ("d3", a_visit("Gent", "Eine Delegation aus Gent kam im Bereich Sport.")),
    ]
    question = "Aus welchem Land kam die Delegation im Bereich Solarenergie?"
    found = _origin(visits, question, [])
    assert found is not None and found.answer.startswith("Porto"), found
    # A question whose words tell no visit from another gets no answer from the facts.
    assert _origin(visits, "Woher kam die Delegation?", []) is None


def test_between_visits_that_share_as_much_the_one_about_the_asked_topic_is_meant() -> None:
    visits = [
        ("d1", a_visit("Lyon", "Eine Delegation aus Lyon kam.", ["Windkraft"])),
        ("d2", a_visit("Porto", "Eine Delegation aus Porto kam im Bereich Kultur.")),
    ]
    question = "Aus welchem Land kam die Delegation im Bereich Windkraft?"
    found = _origin(visits, question, [])
    assert found is not None and found.answer.startswith("Lyon"), found


def test_a_passage_cited_by_code_must_speak_of_the_question_on_its_own() -> None:
    """Read with its article, the population of the partner town would pass for Aue's."""
    passages = [
        Passage("aue", 0, 55, "Aue liegt im Erzgebirge und ist mit Lyon verschwistert."),
        Passage("aue", 56, 100, "Die Stadt an der Rhône zählt 500.000 Einwohner."),
    ]
    question = "Wie viele Einwohner hat Aue im Erzgebirge?"
    _, citations, reason = settle(draft("500.000 Einwohner [1]", [1]), passages, question)
    assert citations == [] and "numbers" in (reason or ""), reason


def test_a_number_is_cited_by_its_sentence_in_the_article_the_model_cited() -> None:
    """The model cites the article's sentences about the network, not the one with the
    number; that one names no other place, so it is read with them."""
    passages = [
        Passage("net", 0, 48, "Ashcombe has joined the League of Quiet Towns."),
        Passage("net", 49, 100, "To date there are 412 of them in 30 countries."),
    ]
    question = "How many member towns does the League of Quiet Towns have?"
    answer, citations, reason = settle(draft("412", [1]), passages, question)
    assert reason is None, reason
    assert [c.text for c in citations] == [passages[1].text] and answer == "412 [1]"


def test_a_passage_cited_by_code_that_holds_every_name_of_the_answer_is_read_with_its_article() -> (
    None
):
    """The model named the wrong passage; the one holding both founders' names states the
    answer, and its article names the network one sentence before."""
    passages = [*NETWORK, Passage("net", 111, 150, "Der Sitz ist in Rostock.")]
    question = "Who founded the Ostseeküste network?"
    answer, citations, reason = settle(draft("Anna Berg and Paul Stein", [3]), passages, question)
    assert reason is None, reason
    assert [c.text for c in citations] == [NETWORK[1].text]
    assert answer == "Anna Berg and Paul Stein [1]"


def test_a_passage_of_an_article_about_other_towns_is_no_source() -> None:
    """The model cites a sentence of another article beside the one that answers: it goes;
    when it is all the model cites, the answer is refused."""
    passages = [
        Passage("lyon", 0, 50, "Die Gäste aus Forchheim landeten 2016 in Lyon."),
        Passage("porto", 51, 100, "2012 flog eine Gruppe von 25 Spielern nach Porto."),
    ]
    question = "Wann landete die Forchheimer Gruppe?"
    _, citations, reason = settle(draft("2016", [1, 2]), passages, question)
    assert reason is None and [c.document_id for c in citations] == ["lyon"], reason
    _, citations, reason = settle(draft("2012", [2]), passages, question)
    assert citations == [] and "other towns" in (reason or "")
