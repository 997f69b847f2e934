"""A GBNF grammar for the JSON a model-facing schema allows, sent to llama.cpp's server.

llama-server turns a JSON schema into a grammar itself, but its grammar lets the model write
newlines and up to 20 spaces of indentation between any two tokens of the JSON. The small
embedded model takes that freedom: it indents, spends more tokens per answer, and its answers
change (measured in bench/README.md). This grammar allows at most one space where JSON allows
whitespace, as llama-cpp-python's converter did, and is otherwise the schema's: the same
property order, the same bounds on lists and strings, enums and constants as literals.

It covers what schemas/llm.py uses (objects whose properties are all required, arrays with
bounds, strings with a maximum length, integers, enums and constants); anything else raises,
so a schema that grows a new construct fails in a test, not in a model call.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from pydantic import BaseModel

SPACE = 'space ::= " "?'
CHAR = r'char ::= [^"\\\x7F\x00-\x1F] | [\\] (["\\bfnrt] | "u" [0-9a-fA-F]{4})'
INTEGER = 'integer ::= "-"? ([0-9] | [1-9] [0-9]{0,15}) space'
STRING = 'string ::= "\\"" char* "\\"" space'


class UnsupportedSchema(ValueError):
    """The schema uses a construct this converter does not translate."""


@functools.lru_cache(maxsize=1024)
def grammar_of(model: type[BaseModel]) -> str:
    """The grammar for a model-facing schema class, built once per class."""
    return grammar_for(model.model_json_schema())


def grammar_for(schema: dict[str, Any]) -> str:
    """The GBNF grammar whose sentences are exactly the JSON documents `schema` accepts
    (references already inlined, as ModelFacing.model_json_schema returns them)."""
    rules: dict[str, str] = {}
    root = _rule(schema, "root", rules)
    lines = [f"root ::= {root}"] if root != "root" else []
    lines += [f"{name} ::= {body}" for name, body in rules.items()]
    text = "\n".join(lines)
    used = [
        rule for rule in (INTEGER, STRING) if re.search(rf"(?<![\w-]){rule.split()[0]}\b", text)
    ]
    return "\n".join([*lines, *used, CHAR, SPACE]) + "\n"


def _rule(schema: dict[str, Any], name: str, rules: dict[str, str]) -> str:
    """The grammar expression for one schema node; named rules go into `rules`."""
    if "const" in schema:
        return f"{_literal(schema['const'])} space"
    if "enum" in schema:
        return "(" + " | ".join(_literal(value) for value in schema["enum"]) + ") space"
    kind = schema.get("type")
    if kind == "object":
        return _named(name, _object(schema, name, rules), rules)
    if kind == "array":
        return _named(name, _array(schema, name, rules), rules)
    if kind == "string":
        if "maxLength" in schema:
            return f'"\\"" char{{0,{int(schema["maxLength"])}}} "\\"" space'
        return "string"
    if kind == "integer":
        return "integer"
    raise UnsupportedSchema(f"no grammar for schema node {name}: {json.dumps(schema)[:200]}")


def _object(schema: dict[str, Any], name: str, rules: dict[str, str]) -> str:
    properties: dict[str, Any] = schema.get("properties", {})
    if set(schema.get("required", [])) != set(properties):
        raise UnsupportedSchema(f"{name}: every property must be required")
    parts = [
        f'{_literal(key)} space ":" space {_rule(value, _rule_name(name, key), rules)}'
        for key, value in properties.items()
    ]
    return (
        '"{" space ' + ' "," space '.join(parts) + ' "}" space' if parts else '"{" space "}" space'
    )


def _array(schema: dict[str, Any], name: str, rules: dict[str, str]) -> str:
    # The item is always a rule of its own: llama.cpp refuses a repetition whose body,
    # expanded, times its bound exceeds 2,000 symbols (40 names of up to 80 characters).
    item = _rule(schema.get("items", {}), f"{name}-item", rules)
    if not re.fullmatch(r"[\w-]+", item):
        item = _named(f"{name}-item", item, rules)
    least = int(schema.get("minItems", 0))
    most = schema.get("maxItems")
    if most is not None and int(most) == 0:
        return '"[" space "]" space'
    more = f"{{{max(least - 1, 0)},{'' if most is None else int(most) - 1}}}"
    items = item if more == "{0,0}" else f'{item} ("," space {item}){more}'
    if least == 0:
        items = f"({items})?"
    return f'"[" space {items} "]" space'


def _rule_name(parent: str, key: str) -> str:
    """GBNF rule names hold letters, digits and dashes only."""
    return f"{parent}-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in key)


def _named(name: str, body: str, rules: dict[str, str]) -> str:
    rules[name] = body
    return name


def _literal(value: Any) -> str:
    """A grammar literal for the JSON text of `value`."""
    return json.dumps(json.dumps(value, ensure_ascii=False), ensure_ascii=False)
