"""The floor plan as a test: which package of `api/` may import which, read from the imports.

Layers, from the bottom: `language` knows only itself; `model` (the only package that speaks
to the model server through openai and instructor), `storage` and `knowledge` stand on
language; `extraction` and `answering` on those, never on each other; the edges (`http`,
`commands`, `evaluation`) and the wiring (`runtime`) on everything below them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[1] / "api"
FOUNDATION = {"errors", "settings"}
BELOW = {
    "errors": set(),
    "settings": {"errors"},
    "language": set(),
    "model": FOUNDATION | {"language"},
    "storage": FOUNDATION | {"language"},
    "knowledge": {"language"},
    "metrics": {"model"},
    "extraction": FOUNDATION | {"language", "model", "storage", "metrics"},
    "answering": FOUNDATION | {"language", "model", "storage", "knowledge"},
    "runtime": FOUNDATION
    | {"language", "model", "storage", "knowledge", "metrics", "extraction", "answering"},
    "http": FOUNDATION
    | {"language", "model", "storage", "knowledge", "metrics", "extraction", "answering"}
    | {"runtime"},
    "evaluation": FOUNDATION
    | {"language", "model", "storage", "extraction", "answering", "runtime"},
    "commands": FOUNDATION | {"storage", "extraction", "runtime"},
    "__main__": FOUNDATION | {"http"},
}
# Third-party libraries that belong to one part of the service only.
OWNED = {"openai": "model", "instructor": "model", "litestar": "http", "sqlalchemy": "storage"}


def part_of(module: str) -> str:
    """`api.language.text` -> `language`; `api.errors` -> `errors`."""
    return module.split(".")[1]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(API.rglob("*.py")):
        relative = path.relative_to(API.parent).with_suffix("")
        found.append((".".join(relative.parts).removesuffix(".__init__"), path))
    return found


def imports_of(path: Path) -> set[str]:
    """Every module the file imports, absolute (`from api.x import y` counts as `api.x`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def violations(module: str, imported: set[str]) -> list[str]:
    here = part_of(module)
    wrong = []
    for name in sorted(imported):
        top = name.split(".")[0]
        if top == "api" and name != "api":
            there = part_of(name)
            if there != here and there not in BELOW[here]:
                wrong.append(f"{module} imports {name}: {here} may not use {there}")
        elif top in OWNED and OWNED[top] != here:
            wrong.append(f"{module} imports {name}: only {OWNED[top]} may")
    return wrong


def test_every_part_of_the_service_has_its_place_in_the_layers() -> None:
    assert {part_of(module) for module, _ in modules() if module != "api"} <= set(BELOW)


@pytest.mark.parametrize("module, path", modules(), ids=[module for module, _ in modules()])
def test_imports_follow_the_layers(module: str, path: Path) -> None:
    if module == "api":
        return
    assert violations(module, imports_of(path)) == []


def test_the_rules_catch_a_wrong_import() -> None:
    assert violations("api.extraction.verify", {"api.answering.answerer"}) == [
        "api.extraction.verify imports api.answering.answerer: extraction may not use answering"
    ]
    assert violations("api.language.text", {"openai"}) == [
        "api.language.text imports openai: only model may"
    ]
    assert violations("api.answering.answerer", {"api.language.names", "api.model.client"}) == []
