"""The grammar sent to llama-server: it accepts the schema's JSON on one line and nothing else.

The grammars here have no recursion, so the test turns each into a Python regular expression
(GBNF's literals, classes, groups and repetitions map one to one) and matches JSON against it.
"""

from __future__ import annotations

import json
import re

import pytest

from api.model.grammar import UnsupportedSchema, grammar_for, grammar_of
from schemas.llm import (
    AllianceAnswer,
    PartnershipAnswer,
    SentenceVisits,
    VisitAnswer,
    visits_of_sentence,
)

TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]|[\w-]+|\{\d*(?:,\d*)?\}|[()|?*+])')


def regex_of(grammar: str) -> re.Pattern[str]:
    """A regular expression that matches what the (non-recursive) GBNF grammar accepts."""
    rules = dict(line.split(" ::= ", 1) for line in grammar.strip().splitlines())

    def expand(name: str) -> str:
        parts = []
        for token in TOKEN.findall(rules[name]):
            if token.startswith('"'):
                parts.append(re.escape(json.loads(token)))
            elif token.startswith("[") or token in "()|?*+" or token.startswith("{"):
                parts.append(token)
            else:
                parts.append(f"(?:{expand(token)})")
        return "".join(parts)

    return re.compile(expand("root"), re.DOTALL)


def accepts(model: type, document: object) -> bool:
    return (
        regex_of(grammar_of(model)).fullmatch(json.dumps(document, ensure_ascii=False)) is not None
    )


PARTNERSHIP = {
    "sentences": [3, 4],
    "place_a": "Frankfurt (Oder)",
    "place_b": "Słubice",
    "kind": "twinning",
    "status": "existing",
    "since": "seit 1975",
    "topics": ["Schule", 'Sport "und" Kultur'],
}


def test_the_schemas_json_on_one_line_is_accepted_in_its_property_order() -> None:
    assert accepts(PartnershipAnswer, {"partnerships": [PARTNERSHIP, PARTNERSHIP]})
    assert accepts(PartnershipAnswer, {"partnerships": []})
    compact = json.dumps({"partnerships": [PARTNERSHIP]}, separators=(",", ":"))
    assert regex_of(grammar_of(PartnershipAnswer)).fullmatch(compact)
    shuffled = {key: PARTNERSHIP[key] for key in reversed(list(PARTNERSHIP))}
    assert not accepts(PartnershipAnswer, {"partnerships": [shuffled]})


def test_newlines_and_indentation_are_not_accepted() -> None:
    indented = json.dumps({"partnerships": [PARTNERSHIP]}, indent=2)
    assert not regex_of(grammar_of(PartnershipAnswer)).fullmatch(indented)


def test_bounds_enums_and_types_of_the_schema_hold() -> None:
    too_many = {"partnerships": [PARTNERSHIP] * 7}  # max_length=SOME (6)
    assert not accepts(PartnershipAnswer, too_many)
    assert not accepts(PartnershipAnswer, {"partnerships": [{**PARTNERSHIP, "kind": "twin"}]})
    assert not accepts(PartnershipAnswer, {"partnerships": [{**PARTNERSHIP, "sentences": ["3"]}]})
    long_name = {**PARTNERSHIP, "place_a": "X" * 81}  # max_length=NAME (80)
    assert not accepts(PartnershipAnswer, {"partnerships": [long_name]})
    assert accepts(PartnershipAnswer, {"partnerships": [{**PARTNERSHIP, "place_a": "X" * 80}]})


def test_every_model_facing_schema_has_a_grammar() -> None:
    visit = {
        "sentences": [1],
        "from_place": "Mosbach",
        "from_organisation": "",
        "host_place": "Budapest",
        "date_text": "im Mai",
        "leaders": [{"name": "Julian Stipp", "role": "Oberbürgermeister"}],
        "topics": [],
    }
    assert accepts(VisitAnswer, {"visits": [visit]})
    alliance = {
        "sentences": [2],
        "name": "Die Hanse",
        "founded_text": "1980",
        "founding_event": "",
        "members": ["Lippstadt", "Kampen"],
        "joined": [{"place": "Kampen", "date_text": "", "event": ""}],
    }
    assert accepts(AllianceAnswer, {"alliances": [alliance]})


def test_a_sentences_answer_may_only_name_its_sentence_and_its_candidate_places() -> None:
    answer: type[SentenceVisits] = visits_of_sentence(5, ("Bad Kissingen",), ("Eisenstadt",))
    one = {"sentences": [5], "from_place": "Bad Kissingen", "host_place": "Eisenstadt"}
    assert accepts(answer, {"visits": [one]})
    assert accepts(answer, {"visits": [{**one, "host_place": ""}]})
    assert not accepts(answer, {"visits": [{**one, "sentences": [4]}]})
    assert not accepts(answer, {"visits": [{**one, "from_place": "Wien"}]})
    assert not accepts(answer, {"visits": [{**one, "sentences": [5, 5]}]})


def test_a_schema_construct_without_a_translation_is_refused() -> None:
    with pytest.raises(UnsupportedSchema):
        grammar_for({"type": "object", "properties": {"a": {"type": "number"}}, "required": ["a"]})
    with pytest.raises(UnsupportedSchema):
        grammar_for({"type": "object", "properties": {"a": {"type": "integer"}}, "required": []})


def test_the_fake_servers_smallest_answer_fits_each_grammar() -> None:
    from tests.fake_llm_server import smallest_sentence

    sentence_model = visits_of_sentence(2, ("Mosbach",), ("Budapest",))
    for model in (PartnershipAnswer, VisitAnswer, AllianceAnswer, sentence_model):
        smallest = smallest_sentence(grammar_of(model))
        assert regex_of(grammar_of(model)).fullmatch(smallest)
        model.model_validate_json(smallest)
    one = grammar_for(
        {
            "type": "object",
            "properties": {"a": {"type": "array", "items": {"const": 7}, "minItems": 2}},
            "required": ["a"],
        }
    )
    assert json.loads(smallest_sentence(one)) == {"a": [7, 7]}


def _synthesized_rules(group: str) -> int:
    """The rules llama.cpp synthesizes for a group's body: one per repetition bound."""
    inner = [int(most or least or 1) for least, most in re.findall(r"\{(\d*),?(\d*)\}", group)]
    return max(1, sum(inner) + group.count("?") + group.count("*"))


def test_no_repetition_exceeds_the_limit_llama_cpp_enforces() -> None:
    """llama.cpp refuses a grammar when a repeated group's synthesized rules times its
    bound exceed 2,000 (it answered 400 'failed to parse grammar' for the alliances schema
    before list items became rules of their own)."""
    from schemas.llm import AnswerDraft, QuestionPlan

    sentence_model = visits_of_sentence(2, ("Mosbach",), ("Budapest",))
    models = (PartnershipAnswer, VisitAnswer, AllianceAnswer, sentence_model)
    for model in (*models, QuestionPlan, AnswerDraft):
        for body in grammar_of(model).splitlines():
            for group, most in re.findall(r"\(([^()]*)\)\{\d*,(\d*)\}", body):
                assert _synthesized_rules(group) * int(most or 1) <= 2000, (model, body)
