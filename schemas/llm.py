"""Model-facing schemas: what the language model fills in, flat and with sentence numbers, not quotes.

The schema is the prompt: docstrings and field descriptions are written for the model. Schemas
sent to a grammar-constrained server are inlined (no $ref) because such grammars may ignore refs.
Empty strings stand for "not stated" so that no field needs anyOf/null.
"""

from __future__ import annotations

import copy
import functools
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, create_model


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the schema with every local $ref replaced by its definition and $defs removed."""
    definitions = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items() if key != "$defs"}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


class ModelFacing(BaseModel):
    """Base for schemas the model fills: the JSON schema it sees has no references."""

    task: ClassVar[str] = ""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # Built once per class and arguments (it took ~3 ms of CPU per model call); a copy is
        # returned because callers (instructor) may change it.
        key = (cls, args, tuple(sorted(kwargs.items())))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = inline_refs(super().model_json_schema(*args, **kwargs))
        return copy.deepcopy(_SCHEMAS[key])


_SCHEMAS: dict[tuple[Any, ...], dict[str, Any]] = {}


SENTENCES = "Numbers [n] of the article sentences that state this fact."
# Bounds on every list and string keep a looping small model from running into the token
# limit: the grammar built from the schema enforces them while the model writes.
FEW, SOME, MANY = 4, 6, 40
NAME, PHRASE = 80, 60
JOINS = 10
Name = Annotated[str, Field(max_length=NAME)]
Phrase = Annotated[str, Field(max_length=PHRASE)]


class PartnershipMention(BaseModel):
    """A standing relationship between exactly two places (town twinning, friendship, cooperation)."""

    sentences: list[int] = Field(description=SENTENCES, max_length=FEW)
    place_a: str = Field(
        description="One place, written exactly as in the article.", max_length=NAME
    )
    place_b: str = Field(
        description="The other place, written exactly as in the article.", max_length=NAME
    )
    kind: Literal["twinning", "friendship", "cooperation"]
    status: Literal["existing", "new", "planned", "ended"]
    since: str = Field(
        description="The article's words for since when, or an empty string.", max_length=PHRASE
    )
    topics: list[Phrase] = Field(
        description="Fields of exchange, in the article's words.", max_length=FEW
    )


class PartnershipAnswer(ModelFacing):
    """All partnerships between two places that the article states."""

    task: ClassVar[str] = "partnerships"
    partnerships: list[PartnershipMention] = Field(max_length=SOME)


class LeaderMention(BaseModel):
    """A person who led or represented the travelling delegation (never a host)."""

    name: str = Field(description="The person's name, exactly as in the article.", max_length=NAME)
    role: str = Field(
        description="The person's function, as in the article, or an empty string.",
        max_length=PHRASE,
    )


class VisitMention(BaseModel):
    """A delegation or official that travelled from one place to another."""

    sentences: list[int] = Field(description=SENTENCES, max_length=FEW)
    from_place: str = Field(
        description="Place the visitors came from, or an empty string.", max_length=NAME
    )
    from_organisation: str = Field(
        description="Organisation that sent them, or an empty string.", max_length=NAME
    )
    host_place: str = Field(
        description="Place that was visited, or an empty string.", max_length=NAME
    )
    date_text: str = Field(
        description="The article's words for when, or an empty string.", max_length=PHRASE
    )
    leaders: list[LeaderMention] = Field(max_length=FEW)
    topics: list[Phrase] = Field(
        description="What the visit was about, in the article's words.", max_length=FEW
    )


class VisitAnswer(ModelFacing):
    """All visits of delegations or officials that the article reports."""

    task: ClassVar[str] = "visits"
    visits: list[VisitMention] = Field(max_length=SOME)


class SentenceVisits(ModelFacing):
    """Base of the answer about one sentence's visits (`visits_of_sentence` builds it)."""

    task: ClassVar[str] = "visits"
    visits: list[Any]


@functools.lru_cache(maxsize=512)
def visits_of_sentence(
    number: int, origins: tuple[str, ...], places: tuple[str, ...]
) -> type[SentenceVisits]:
    """The answer about sentence [number]'s visits: the grammar writes that number, so the
    answer starts from that sentence; where the visitors came from is one of `origins`, where
    they went one of `places` (or empty). Dates come from the sentence, by code; leaders from
    the first answer only (asked about one sentence, the model names its neighbours' hosts)."""
    # Literal of values known only at run time: built as Any, which is what pydantic reads.
    cited: Any = Literal[number]
    origin: Any = Literal[origins]
    host: Any = Literal[(*places, "")]
    mention: Any = create_model(
        "SentenceVisit",
        __doc__="A delegation or official that travelled from one place to another.",
        sentences=(list[cited], Field(description=SENTENCES, min_length=1, max_length=1)),
        from_place=(origin, Field(description="Place the visitors came from.")),
        host_place=(host, Field(description="Place that was visited, or empty.")),
    )
    return create_model(
        "SentenceVisits",
        __base__=SentenceVisits,
        __doc__=f"The visits that sentence [{number}] reports.",
        visits=(list[mention], Field(max_length=3)),
    )


class JoiningMention(BaseModel):
    """A place whose joining of the alliance the article reports."""

    place: str = Field(
        description="The place that joined, exactly as in the article.", max_length=NAME
    )
    date_text: str = Field(
        description="The article's words for when it joined, or empty.", max_length=PHRASE
    )
    event: str = Field(
        description="The occasion at which it joined, or an empty string.", max_length=PHRASE
    )


class AllianceMention(BaseModel):
    """A named network or alliance of several cities or regions."""

    sentences: list[int] = Field(description=SENTENCES, max_length=FEW)
    name: str = Field(
        description="The alliance's full name, exactly as in the article.", max_length=NAME
    )
    founded_text: str = Field(
        description="The article's words for when it was founded, or empty.", max_length=PHRASE
    )
    founding_event: str = Field(
        description="The occasion at which it was founded, or empty.", max_length=PHRASE
    )
    members: list[Name] = Field(
        description="Every member place the article names.", max_length=MANY
    )
    joined: list[JoiningMention] = Field(max_length=JOINS)


class AllianceAnswer(ModelFacing):
    """All named alliances or networks of cities that the article reports."""

    task: ClassVar[str] = "alliances"
    alliances: list[AllianceMention] = Field(max_length=FEW)


ANSWER_MODELS: tuple[type[ModelFacing], ...] = (PartnershipAnswer, VisitAnswer, AllianceAnswer)


class QuestionPlan(ModelFacing):
    """How to search the stored articles for the user's last question."""

    task: ClassVar[str] = "plan"
    question: str = Field(description="The last question, complete and standalone.", max_length=300)
    search_terms: list[Phrase] = Field(
        description="German search words: names and key nouns of the question.", max_length=8
    )


class AnswerDraft(ModelFacing):
    """An answer built only from the numbered passages."""

    task: ClassVar[str] = "answer"
    passages: list[int] = Field(
        description="Numbers of the passages that state the answer; empty if none does.",
        max_length=FEW,
    )
    answer: str = Field(description="The short answer, or an empty string.", max_length=600)
