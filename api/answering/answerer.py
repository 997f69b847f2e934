"""Question answering from the stored articles, with citations the server computes and checks.

One call plans the search (a standalone question and German search words), the
sentence index finds passages, a second call answers from numbered passages, and code keeps
the answer only if its [n] markers point at passages and the numbers it states stand there.
A question that asks two things has the part its answer leaves out asked on its own
(api/answering/parts.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from api.answering.checks import (
    WANTS_DATE,
    about_the_towns,
    affirmed_unstated,
    copies_passages,
    count_of_a_measure,
    figure_of_another_place,
    foreign_names,
    gives_what_is_asked,
    names_no_other_place,
    names_stated,
    off_topic,
    other_parties,
    own_words,
    restating,
    unsupported,
)
from api.answering.from_facts import (
    FactAnswer,
    Source,
    answer_from_facts,
    refers_to_a_network,
    spoken_when,
)
from api.answering.from_sentences import receivers
from api.answering.parts import Part, parts_of
from api.answering.retrieval import PASSAGES, Passage, Retriever, query_of
from api.language.dates import find_date_expressions, parse_date_expression
from api.language.lexicon import language_of
from api.language.numbers import numbers_in
from api.model.client import CallRecord, StructuredModel
from api.model.prompts import AskPrompts
from api.storage.search import SentenceIndex, search_terms
from api.storage.store import Store
from schemas.http import AskDiagnostics, AskOut, Citation
from schemas.llm import AnswerDraft, QuestionPlan

MARKER = re.compile(r"\s*\[(\d+)\]")
NOT_IN_SOURCES = {
    "de": "Die gespeicherten Artikel enthalten dazu keine Angaben.",
    "en": "The stored articles do not say.",
}
# Said of one part of a question the articles do not answer, when they answer another.
PART_NOT_IN_SOURCES = {
    "de": "Zu „{asked}“ enthalten die gespeicherten Artikel keine Angaben.",
    "en": "On “{asked}” the stored articles do not say.",
}


@dataclass
class Turn:
    role: str
    content: str


@dataclass
class Tally:
    """Model calls and tokens spent on one question."""

    calls: list[CallRecord] = field(default_factory=list)

    async def log(self, record: CallRecord) -> None:
        self.calls.append(record)


@dataclass
class Asking:
    """A question being answered in parts, and what each part is answered from."""

    question: str
    language: str
    passages: list[Passage]
    terms: list[str]
    document_ids: list[str] | None
    tally: Tally
    # What the passages were searched with: search words and the weights of translations.
    searched: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)


@dataclass
class Answerer:
    """Answers a conversation's last question from the stored articles, with checked citations."""

    store: Store
    index: SentenceIndex
    model: StructuredModel
    prompts: AskPrompts
    token_budget: int | None = None

    @property
    def retriever(self) -> Retriever:
        return Retriever(self.store, self.index)

    async def ask(self, conversation: list[Turn], document_ids: list[str] | None = None) -> AskOut:
        answer = await self._ask(conversation, document_ids)
        return await self._with_sources(answer)

    async def _with_sources(self, answer: AskOut) -> AskOut:
        """Each citation with its document's title, url and date, and the fact whose evidence
        it is (the first that overlaps it), if any."""
        cited = list(dict.fromkeys(citation.document_id for citation in answer.citations))
        facts = await self.store.facts.of_documents(cited) if cited else []
        documents = {}
        for citation in answer.citations:
            citation.fact_id = _fact_of(citation, facts)
            if citation.document_id not in documents:
                documents[citation.document_id] = await self.store.documents.get(
                    citation.document_id
                )
            document = documents[citation.document_id]
            citation.document_title = document.title
            citation.document_url = document.url
            citation.published_at = document.published_at
        return answer

    async def _ask(self, conversation: list[Turn], document_ids: list[str] | None) -> AskOut:
        started, tally = time.monotonic(), Tally()
        language = language_of(conversation[-1].content)
        if _asked_on_its_own(conversation):
            # A question for a field of stored facts is answered from them, with no model call.
            facts = await answer_from_facts(
                self.store, conversation[-1].content, language, document_ids
            )
            if facts is not None:
                return _from_facts(conversation[-1].content, language, facts, started)
        plan = await self._plan(conversation, tally)
        if not _asked_on_its_own(conversation):
            # A follow-up ("Und wie lange blieb sie?") made standalone by the plan may ask for
            # a field of the fact the conversation is about.
            facts = await answer_from_facts(self.store, plan.question, language, document_ids)
            if facts is not None:
                return _from_facts(plan.question, language, facts, started, tally)
        query = query_of(plan.question, search_terms(" ".join(plan.search_terms)))
        last = search_terms(conversation[-1].content)
        searched = list(dict.fromkeys(query.terms + last))
        # The standalone question names what a follow-up ("Und wann?") is about.
        passages = await self.retriever.passages(
            plan.question, searched, document_ids, query.weights
        )
        if len(parts_of(plan.question, language)) == 1:
            # Who received the visitors: the agent of a sentence's verb of receiving.
            read = receivers(plan.question, language, passages, searched, query.weights)
            if read is not None:
                return _from_facts(plan.question, language, read, started, tally, "sentences")
        # The checks hold the cited passages to the question's words, not to translations.
        terms = list(dict.fromkeys(query.asked + last))
        over_budget = self._over_budget(tally)
        draft = None
        if passages and not over_budget:
            draft = await self._answer(plan.question, language, passages, tally)
        answer, citations, reason = settle(draft, passages, conversation[-1].content, terms)
        reason = over_budget or reason
        parts = parts_of(plan.question, language)
        if len(parts) > 1 and not over_budget:
            asking = Asking(
                plan.question,
                language,
                passages,
                terms,
                document_ids,
                tally,
                searched,
                query.weights,
            )
            answer, citations, reason = await self._completed(asking, parts, answer, citations)
        diagnostics = AskDiagnostics(
            question=plan.question,
            language=language,
            search_terms=searched,
            passages=len(passages),
            model_calls=len(tally.calls),
            prompt_tokens=sum(call.prompt_tokens for call in tally.calls),
            completion_tokens=sum(call.completion_tokens for call in tally.calls),
            seconds=round(time.monotonic() - started, 3),
            reason=reason,
        )
        if not citations:
            return AskOut(
                status="not_in_sources",
                answer=NOT_IN_SOURCES[language],
                citations=[],
                diagnostics=diagnostics,
            )
        return AskOut(
            status="answered", answer=answer, citations=citations, diagnostics=diagnostics
        )

    def _over_budget(self, tally: Tally) -> str | None:
        """Why no further call is made for this question: its token budget is spent."""
        spent = sum(call.prompt_tokens + call.completion_tokens for call in tally.calls)
        if self.token_budget is None or spent < self.token_budget:
            return None
        return f"token budget exceeded: {spent} tokens spent, the budget is {self.token_budget}"

    async def _plan(self, conversation: list[Turn], tally: Tally) -> QuestionPlan:
        lines = [f"{turn.role}: {turn.content}" for turn in conversation]
        messages = [
            {"role": "system", "content": self.prompts.plan},
            {"role": "user", "content": "Conversation:\n" + "\n".join(lines)},
        ]
        plan, _, _ = await self.model.complete(messages, QuestionPlan, tally.log)
        if _asked_on_its_own(conversation):
            # A question asked on its own is answered as asked. The small model's rewrites of
            # such questions were often wrong: English put into broken German, "who led the
            # delegation" turned into "who was the mayor". Rewriting is for follow-ups.
            plan = plan.model_copy(update={"question": conversation[-1].content})
        return plan

    async def _completed(
        self, asking: Asking, parts: list[Part], answer: str, citations: list[Citation]
    ) -> tuple[str, list[Citation], str | None]:
        """The answer to a question that asks several things (api/answering/parts.py), with
        the parts it leaves out answered one at a time and joined to it; every part on its own
        when the whole question's answer was refused. A part the articles do not answer is
        said to be so; the question is refused only when they answer none."""
        answered: list[tuple[str, list[Citation]]] = []
        missing = parts
        if citations:
            plain = MARKER.sub("", answer)
            missing = [p for p in parts if not gives_what_is_asked(plain, asking.question, p.asked)]
            if len(missing) in (0, len(parts)):
                return answer, citations, None
            answered.append((answer, citations))
        refused = []
        for part in missing:
            dated = _date_cited(part, answered, asking.language)
            if dated:
                text, cited, reason = (*dated, None)
            else:
                asked = await self._searched_again(asking, answered)
                text, cited, reason = await self._answer_part(asked, part)
            if not cited:
                text = PART_NOT_IN_SOURCES[asking.language].format(asked=part.asked)
                refused.append(f"{part.asked} {reason}")
            answered.append((text, cited))
        if len(refused) == len(parts):
            return "", [], "; ".join(refused)
        return (*joined(answered), None)

    async def _searched_again(
        self, asking: Asking, answered: list[tuple[str, list[Citation]]]
    ) -> Asking:
        """The passages for a part the answers so far leave out: first the sentences of the
        articles they cite that name what they found (their own words and numbers: a date,
        people, places), as those tell more of the same event; then the question's passages.
        The sentences they cited come last: what those state has been said."""
        citations = [citation for _, cited in answered for citation in cited]
        said = " ".join(MARKER.sub("", text) for text, cited in answered if cited)
        found = [t for t in search_terms(said) if t not in search_terms(asking.question)]
        if not found:
            return asking
        cited_articles = list(dict.fromkeys(citation.document_id for citation in citations))
        naming = await self.retriever.naming(found, cited_articles)
        passages = list({p.key: p for p in naming + asking.passages}.values())
        cited = {(citation.document_id, citation.start) for citation in citations}
        said_there = [passage for passage in passages if passage.key in cited]
        others = [passage for passage in passages if passage.key not in cited]
        return replace(asking, passages=others[: PASSAGES - len(said_there)] + said_there)

    async def _answer_part(
        self, asking: Asking, part: Part
    ) -> tuple[str, list[Citation], str | None]:
        """One part's answer: from the facts where it is a question on its own and they
        answer it, else the model's from the passages, checked against what the part asks."""
        if part.whole or refers_to_a_network(part.asked):
            # A part that leans on the whole question ("and when was the network founded?")
            # is read with it, for the network it names.
            facts = await answer_from_facts(
                self.store, part.asked, asking.language, asking.document_ids, asking.question
            )
            if facts is not None:
                return facts.answer, _cited(facts.sources), None
        over_budget = self._over_budget(asking.tally)
        if over_budget or not asking.passages:
            return "", [], over_budget or "no passage matches the question"
        passages, terms = asking.passages, asking.terms
        if part.whole:
            draft = await self._answer(part.asked, asking.language, passages, asking.tally)
            return settle(draft, passages, part.asked, terms)
        draft = await self._answer(
            asking.question, asking.language, passages, asking.tally, focus=part.asked
        )
        return settle(draft, passages, asking.question, terms, asked=part.asked)

    async def _answer(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        tally: Tally,
        focus: str | None = None,
    ) -> AnswerDraft:
        """The model's draft from the numbered passages; `focus`: the part of the question to
        answer, when it is not a question on its own ("und wann?")."""
        numbered = "\n".join(f"[{n}] {p.text}" for n, p in enumerate(passages, start=1))
        written = "German" if language == "de" else "English"
        asked = f"Question: {question}\n"
        if focus:
            asked += f"Answer only this part of it: {focus}\n"
        user = f"Passages:\n{numbered}\n\n{asked}Answer in {written}."
        messages = [
            {"role": "system", "content": self.prompts.answer},
            {"role": "user", "content": user},
        ]
        draft, _, _ = await self.model.complete(messages, AnswerDraft, tally.log)
        return draft


def _from_facts(
    question: str,
    language: str,
    facts: FactAnswer,
    started: float,
    tally: Tally | None = None,
    answered_from: Literal["facts", "sentences"] = "facts",
) -> AskOut:
    """The answer code read off the facts (or off a sentence of the passages); `tally` holds
    the model calls made before (the plan)."""
    calls = tally.calls if tally else []
    citations = _cited(facts.sources)
    diagnostics = AskDiagnostics(
        question=question,
        language=language,
        search_terms=[],
        passages=len(citations),
        model_calls=len(calls),
        prompt_tokens=sum(call.prompt_tokens for call in calls),
        completion_tokens=sum(call.completion_tokens for call in calls),
        seconds=round(time.monotonic() - started, 3),
        answered_from=answered_from,
    )
    return AskOut(
        status="answered", answer=facts.answer, citations=citations, diagnostics=diagnostics
    )


def _date_cited(
    part: Part, answered: list[tuple[str, list[Citation]]], language: str
) -> tuple[str, list[Citation]] | None:
    """A part that asks when, answered from the sentences the answers so far cite if they
    state one date between them ("Mayor Wong was one of the most recent visitors in
    February" tells who came, and when): the date as written, cited to its sentence, or in
    the question's language where the sentence is in the other ("im Februar"). None when they
    state none or several."""
    if not WANTS_DATE.search(part.asked) or refers_to_a_network(part.asked):
        # The sentences of who joined a network date the joinings, not its founding.
        return None
    dated: dict[str, Citation] = {}
    for _, cited in answered:
        for citation in cited:
            for expression in find_date_expressions(citation.text):
                dated.setdefault(expression, citation)
    if len(dated) != 1:
        return None
    [(expression, citation)] = dated.items()
    start, end = parse_date_expression(expression)
    if start and end in (None, start) and language_of(citation.text) != language:
        expression = spoken_when(start, language)
    return f"{expression[:1].upper()}{expression[1:]} [1]", [citation.model_copy(update={"n": 1})]


def _cited(sources: list[Source]) -> list[Citation]:
    return [
        Citation(n=n, document_id=s.document_id, start=s.start, end=s.end, text=s.text)
        for n, s in enumerate(sources, start=1)
    ]


def joined(answers: list[tuple[str, list[Citation]]]) -> tuple[str, list[Citation]]:
    """Answers to the parts of one question as one answer, each [n] renumbered to the joined
    citations; a span two parts cite is cited once."""
    citations: list[Citation] = []
    texts = []
    for text, cited in answers:
        numbers = {}
        for citation in cited:
            key = (citation.document_id, citation.start, citation.end)
            known = [c.n for c in citations if (c.document_id, c.start, c.end) == key]
            if not known:
                known = [len(citations) + 1]
                citations.append(citation.model_copy(update={"n": known[0]}))
            numbers[citation.n] = known[0]
        texts.append(_as_sentence(_renumbered(text, numbers)))
    return " ".join(texts), citations


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    """The text with each [n] renumbered, after a space; markers that stand together stay
    together ("1982 [1][2]" -> "1982 [3][4]", "Lyon[1]" -> "Lyon [3]")."""

    def renumber(match: re.Match[str]) -> str:
        space = "" if text[: match.start()].endswith("]") else " "
        return f"{space}[{numbers[int(match.group(1))]}]"

    return MARKER.sub(renumber, text).strip()


def _as_sentence(text: str) -> str:
    """The text closed as a sentence: a part's answer is often a bare phrase ("2004 [1]" ->
    "2004 [1].")."""
    return text if MARKER.sub("", text).rstrip().endswith((".", "!", "?")) else text + "."


def _asked_on_its_own(conversation: list[Turn]) -> bool:
    return [turn.role for turn in conversation if turn.role != "system"] == ["user"]


def settle(
    draft: AnswerDraft | None,
    passages: list[Passage],
    question: str,
    terms: list[str] | None = None,
    asked: str | None = None,
) -> tuple[str, list[Citation], str | None]:
    """The answer with its citations numbered in order, or the reason it cannot stand;
    `asked`: the part of the question it answers, when that is not the whole.

    The model names the passages that state the answer and may mark statements with [n];
    statements it left unmarked are marked with all of its passages at the end. When the
    checks refuse the passages it cited, the passages that hold the answer's own words are
    cited instead, if they pass the checks on their own (`restating` in checks.py)."""
    if draft is None:
        return "", [], "no passage matches the question"
    valid = range(1, len(passages) + 1)
    text = _without_stray_markers(draft.answer, valid)
    marked = [int(n) for n in MARKER.findall(text) if int(n) in valid]
    listed = [n for n in draft.passages if n in valid]
    order = list(dict.fromkeys(marked + listed))
    if not text.strip() or not order:
        return "", [], "the model found no passage that states the answer"
    # Passages of articles about other towns than the question's are no source of its answer.
    about = about_the_towns(question, _by_document(passages))
    if about is not None:
        order = [n for n in order if passages[n - 1].document_id in about]
        marked, listed = [n for n in marked if n in order], [n for n in listed if n in order]
        if not order:
            return "", [], "the cited passages stand in articles about other towns"
    plain = MARKER.sub("", text)
    terms = terms or search_terms(question)
    problem = _problem(plain, order, passages, question, terms, asked=asked)
    if problem:
        restated = restating(plain, question, [passage.text for passage in passages])
        # Cited by code, not by the model: the sentences must be on topic on their own, or
        # hold every name the answer gives, or stand in an article the model cited where
        # neither they nor the model's name another place than the question's (then their
        # article's other sentences may name the topic, as the model's citations may: "8013"
        # stated by "To date there are 8013 member cities", in the article about the network).
        texts = [passages[n - 1].text for n in restated]
        in_context = names_stated(plain, question, texts) or (
            _in_articles_of(restated, order, passages)
            and names_no_other_place(texts + [passages[n - 1].text for n in order], question)
        )
        if (
            not restated
            or restated == order
            or _problem(plain, restated, passages, question, terms, in_context, asked)
        ):
            return "", [], problem
        # Cited again, by the passages that hold the answer's words; the model's marks go.
        text, marked, listed, order = plain, [], restated, restated
    elif not marked:
        listed = order = _stating(plain, order, passages, question, terms, asked)
    holding = [
        n
        for n in _holding_more(plain, order, passages, question)
        if about is None or passages[n - 1].document_id in about
    ]
    if holding and not _problem(plain, holding, passages, question, terms, asked=asked):
        # The model named the wrong passage: the answer is in the words of another one.
        text, marked, listed, order = plain, [], holding, holding
    fewest = _fewest(plain, order, passages, question)
    if fewest != order and not _problem(plain, fewest, passages, question, terms, asked=asked):
        order = fewest
        marked, listed = [n for n in marked if n in order], [n for n in listed if n in order]
    answer = MARKER.sub(lambda m: _renumber(m, order), text).strip()
    if not marked:
        answer += " " + "".join(f"[{order.index(n) + 1}]" for n in listed)
    citations = [
        Citation(
            n=new,
            document_id=passages[old - 1].document_id,
            start=passages[old - 1].start,
            end=passages[old - 1].end,
            text=passages[old - 1].text,
        )
        for new, old in enumerate(order, start=1)
    ]
    return answer, citations, None


def _problem(
    answer: str,
    order: list[int],
    passages: list[Passage],
    question: str,
    terms: list[str],
    in_context: bool = True,
    asked: str | None = None,
) -> str | None:
    """Why the answer, citing these passages (1-based), cannot stand; None when it can.
    `in_context`: the cited sentences are read with the rest of their articles; `asked`: the
    part of the question the answer is for."""
    cited = [passages[n - 1] for n in order]
    articles = {passage.document_id for passage in cited}
    context = [p.text for p in passages if in_context and p.document_id in articles]
    texts = [passage.text for passage in cited]
    return (
        unsupported(answer, " ".join(texts), question, asked)
        or off_topic(texts, [passage.text for passage in passages], terms, context)
        or other_parties(question, texts + context)
        or foreign_names(answer, question, _by_document(cited), _by_document(passages))
        or affirmed_unstated(answer, question, texts)
        or figure_of_another_place(answer, question, texts)
        or count_of_a_measure(answer, question, texts)
        or copies_passages(answer, [passage.text for passage in passages])
    )


def _stating(
    answer: str,
    order: list[int],
    passages: list[Passage],
    question: str,
    terms: list[str],
    asked: str | None = None,
) -> list[int]:
    """Of the passages the model cited for an answer it did not mark, those that hold one of
    the answer's own words or numbers, if they support it on their own: the model often
    lists every passage about the topic ("50 [1][2][3][4]"), and a citation is for the
    sentence that states the answer. All of them when none or all hold one."""
    own, numbers = own_words(answer, question), numbers_in(answer) - numbers_in(question)
    holding = [
        n
        for n in order
        if own & set(search_terms(passages[n - 1].text))
        or numbers & numbers_in(passages[n - 1].text)
    ]
    if (
        not holding
        or holding == order
        or _problem(answer, holding, passages, question, terms, asked=asked)
    ):
        return order
    return holding


def _holding_more(
    answer: str, order: list[int], passages: list[Passage], question: str
) -> list[int]:
    """The passages (1-based) that hold more of the answer's own words than the cited ones
    together, when the model cited others: a small model often gives the number of a
    passage beside the one whose words it answers in ("signed at a ceremony at the SeaCity
    museum [3]", where [5] says so). Empty when the cited passages hold as much."""
    restated = restating(answer, question, [passage.text for passage in passages])
    if not restated or set(restated) & set(order):
        return []
    own = own_words(answer, question)

    def held(numbers: list[int]) -> int:
        return len(own & {t for n in numbers for t in search_terms(passages[n - 1].text)})

    return restated if held(restated) > held(order) else []


def _fewest(answer: str, order: list[int], passages: list[Passage], question: str) -> list[int]:
    """Of the cited passages (1-based, in order), the fewest that hold every word and number
    of the answer that any of them holds. A passage that adds nothing the others do not
    state goes: the headline that repeats a sentence of the body, a second sentence about
    the topic. Of two that hold as much, the longer stays: the sentence that states the fact
    in full, not the headline that sums it up. All of them when none holds any of it (an
    answer in words of another language than its sources')."""
    own, numbers = own_words(answer, question), numbers_in(answer) - numbers_in(question)
    holds = {
        n: {("word", w) for w in own & set(search_terms(passages[n - 1].text))}
        | {("number", x) for x in numbers & numbers_in(passages[n - 1].text)}
        for n in order
    }
    wanted = set().union(*holds.values())
    kept: set[int] = set()
    while wanted:
        best = max(order, key=lambda n: (len(holds[n] & wanted), len(passages[n - 1].text)))
        kept.add(best)
        wanted -= holds[best]
    return [n for n in order if n in kept] if kept else order


def _in_articles_of(these: list[int], cited: list[int], passages: list[Passage]) -> bool:
    """Whether the passages (1-based) `these` all stand in articles of the `cited` ones."""
    articles = {passages[n - 1].document_id for n in cited}
    return all(passages[n - 1].document_id in articles for n in these)


def _by_document(passages: list[Passage]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for passage in passages:
        grouped.setdefault(passage.document_id, []).append(passage.text)
    return grouped


def _without_stray_markers(answer: str, valid: range) -> str:
    """The answer without markers that point at no passage. Until none is left, because
    dropping one can join its neighbours into another: "[[9]5]" -> "[5]"."""
    while True:
        kept = MARKER.sub(lambda m: m.group() if int(m.group(1)) in valid else "", answer)
        if kept == answer:
            return answer
        answer = kept


def _renumber(match: re.Match[str], order: list[int]) -> str:
    number = int(match.group(1))
    if number not in order:
        return ""  # a marker that points at no passage, or at one no longer cited, is dropped
    return f" [{order.index(number) + 1}]"


def _fact_of(citation: Citation, facts: list[tuple[int, str, dict[str, Any]]]) -> int | None:
    """The first fact of the cited document whose evidence overlaps the cited span."""
    for fact_id, document_id, payload in facts:
        if document_id == citation.document_id and any(
            span["start"] < citation.end and citation.start < span["end"]
            for span in payload["evidence"]
        ):
            return fact_id
    return None
