"""A question that asks two things, cut into its parts so that each is answered on its own.

Two ways of asking two things are common in German and English questions:

- question words joined before one clause: "Wann und von wem wurde die Urkunde
  unterzeichnet?", "When and how did Ulm join?" The clause serves each question word, so each
  part is a whole question: "Wann wurde die Urkunde unterzeichnet?", "Von wem wurde ...?"
- a second question joined to a first: "Wer leitete die Delegation, und wann reiste sie?",
  "Where was it signed, and by whom?" The first part is a whole question; the second often
  leans on the first ("sie", or no verb at all: "und wann?"), so it is asked beside the whole
  question, not on its own.

A small model answers the first part of such a question and forgets the second; asked one
part at a time it answers each."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Question words, and the prepositions that may stand before them ("von wem", "by whom",
# "in which year", "zu welchem Zweck"). "was" is German only: English "and was it ..." asks no
# second question.
_GERMAN_ASKING = (
    r"(?:(?:seit|bis|ab|von|mit|aus|an|in|zu|für|nach|um)\s+)?"
    r"(?:wann|wo|wohin|woher|warum|wieso|weshalb|wie|wer|wen|wem|wessen|welche[mnrs]?|was)\b"
)
_ENGLISH_ASKING = (
    r"(?:(?:since|until|from|with|by|for|on|at|in|to|of)\s+)?"
    r"(?:when|where|why|how|who|whom|whose|which|what)\b"
)
_ASKING = {"de": _GERMAN_ASKING, "en": _ENGLISH_ASKING}
_AND = {"de": r"und", "en": r"and"}


@dataclass(frozen=True)
class Part:
    """One thing a question asks: `asked` is the part in the question's words; `whole` says
    whether it is a question on its own (else it is asked beside the question it is part of)."""

    asked: str
    whole: bool


def parts_of(question: str, language: str) -> list[Part]:
    """The parts of a question that asks two or more things; the question alone when it asks
    one."""
    question = " ".join(question.split())
    return _joined_question_words(question, language) or _joined_questions(question, language)


def _joined_question_words(question: str, language: str) -> list[Part] | None:
    """ "Wann und wo trat Ulm bei?" -> "Wann trat Ulm bei?", "Wo trat Ulm bei?"."""
    asking, conjunction = _ASKING[language], _AND[language]
    match = re.match(
        rf"\W*({asking})\s*,?\s+{conjunction}\s+({asking})\s+(\w.*)$", question, re.IGNORECASE
    )
    if match is None:
        return None
    first, second, clause = match.groups()
    return [Part(f"{_capitalised(words)} {clause}", whole=True) for words in (first, second)]


def _joined_questions(question: str, language: str) -> list[Part]:
    """ "Wer leitete sie, und wann reiste sie?" -> "Wer leitete sie?", "wann reiste sie?".
    A question word right after the conjunction starts a second question; a name there
    belongs to a list ("Wer leitete die Delegation aus Ulm und Lyon?" asks one thing)."""
    asking, conjunction = _ASKING[language], _AND[language]
    cuts = [
        match.start()
        for match in re.finditer(rf",?\s+{conjunction}\s+(?={asking})", question, re.IGNORECASE)
    ]
    if not cuts:
        return [Part(question, whole=True)]
    bounds = [0, *cuts, len(question)]
    pieces = [question[start:end].strip(" ,?") for start, end in itertools.pairwise(bounds)]
    first, *rest = [re.sub(rf"^{conjunction}\s+", "", piece, flags=re.I) for piece in pieces]
    return [Part(first + "?", whole=True), *(Part(piece + "?", whole=False) for piece in rest)]


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]
