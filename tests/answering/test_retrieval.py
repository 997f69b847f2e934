"""Retrieval: search words across the two languages, and the articles a question is about
searched first. Sentences written for these tests."""

from __future__ import annotations

from api.answering.retrieval import PLAN_EXAMPLES, Retriever, query_of, translations
from api.language.text import split_sentences
from api.model.prompts import load_ask_prompts
from api.storage.search import SentenceIndex, search_terms
from api.storage.store import Store
from api.storage.tables import DocumentRow, create_engine
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("question, article")
def test_a_question_finds_the_words_of_an_article_in_the_other_language(
    question: str, article: str
) -> None:
    query = query_of(question, [])
    assert set(query.terms) & set(search_terms(article)) - set(search_terms(question))
    # The checks hold an answer to the question's own words
    assert query.asked == search_terms(question)


@cases("question")
def test_words_that_only_look_like_the_glossary_s_are_not_translated(question: str) -> None:
    assert translations(search_terms(question)) == []


def document(identifier: str, text: str) -> DocumentRow:
    return DocumentRow(id=identifier, text_sha256=identifier, text=text, source_format="text")


ARTICLES = {
    "ulm": "Die Gäste aus Lyon kamen nach Ulm. Sie wurden im Rathaus empfangen.",
    "lyon": "The French guests were received in the town hall. They came from Lyon, France.",
    "leeds": "The guests were received in Leeds town hall. Leeds welcomed Lyon.",
}


async def retriever_of(database_url: str) -> Retriever:
    store = Store(create_engine(database_url))
    await store.create_schema()
    index = SentenceIndex(store.engine)
    for identifier, text in ARTICLES.items():
        await store.documents.add(document(identifier, text))
        await index.add(identifier, split_sentences(text))
    return Retriever(store, index)


async def test_the_articles_naming_the_question_s_places_are_searched_first(
    database_url: str,
) -> None:
    retriever = await retriever_of(database_url)
    question = "Who received the French guests in Ulm's town hall?"
    passages = await retriever.passages(question, query_of(question, []).terms, None)
    await retriever.store.engine.dispose()
    # The German article about Ulm first, though the others hold more of the English words
    assert [passage.document_id for passage in passages[:2]] == ["ulm", "ulm"]
    assert {passage.document_id for passage in passages} == {"ulm", "lyon", "leeds"}


async def test_the_articles_about_a_question_name_the_most_of_its_towns(
    database_url: str,
) -> None:
    retriever = await retriever_of(database_url)
    about = retriever._articles_about
    assert await about("Wer empfing die Gäste aus Lyon in Leeds?", None) == ["leeds"]
    assert await about("Wer empfing die Gäste aus Lyon?", None) == ["leeds", "lyon", "ulm"]
    assert await about("Wer empfing die Gäste aus Lyon?", ["ulm"]) == ["ulm"]
    assert await about("Wer empfing die Gäste?", None) == []
    # Countries do not make a question about one article
    assert await about("Which towns in France welcomed guests?", None) == []
    await retriever.store.engine.dispose()


def test_the_plan_s_guesses_are_no_search_words() -> None:
    planned = search_terms("Rathaus gegründet Bürgermeister 1990 2016")
    query = query_of("Where did the mayor receive the guests in 2016?", planned)
    # The plan's translation stays, and its example word where the question asks for it
    assert {"rathaus", "burgermeist", "2016"} <= set(query.asked)
    # Its example word the question does not ask for, and a year it does not state, go
    assert not {"gegrund", "1990"} & set(query.terms)


def test_the_plan_s_examples_stand_in_its_prompt() -> None:
    assert set(search_terms(load_ask_prompts().plan)) >= PLAN_EXAMPLES


def test_a_translation_counts_less_than_the_question_s_own_word() -> None:
    query = query_of("Which alliance did Ulm join?", [])
    # One word, three translations: each counts half of a word the question gives
    assert {query.weights[term] for term in search_terms("Allianz Bündnis Netzwerk")} == {0.5}
    assert "ulm" not in query.weights and "allianc" not in query.weights


async def test_weights_scale_a_term_s_part_of_the_ranking(database_url: str) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    index = SentenceIndex(store.engine)
    text = "Ulm trat dem Bündnis bei.\nUlm joined the alliance."
    await index.add("d1", split_sentences(text))
    terms = search_terms("alliance Bündnis")
    equal = await index.search(terms, 2)
    weighted = await index.search(terms, 2, weights={"bundnis": 0.5})
    await store.engine.dispose()
    assert equal[0].score == equal[1].score
    assert text[weighted[0].start : weighted[0].end] == "Ulm joined the alliance."
    assert weighted[1].score == equal[1].score / 2
