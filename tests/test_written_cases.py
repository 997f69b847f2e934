"""The tables of written cases beside the test modules (tests/support.py, `WrittenCases`):
each is read as the test takes it, and no table stands where no test reads it (its cases
would never run)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.support import WrittenCases

TESTS = Path(__file__).resolve().parent
# Beside the test modules; the recorded model answers (cassettes/) are YAML files too.
CASE_FILES = sorted(
    path for path in TESTS.rglob("test_*.yaml") if "cassettes" not in path.relative_to(TESTS).parts
)


@pytest.mark.parametrize("path", CASE_FILES, ids=[str(p.relative_to(TESTS)) for p in CASE_FILES])
def test_every_table_of_written_cases_feeds_a_test_of_its_module(path: Path) -> None:
    assert path.with_suffix(".py").exists(), f"{path.name} stands beside no test module"
    module = importlib.import_module(".".join(path.relative_to(TESTS.parent).with_suffix("").parts))
    assert module.cases.unread() == set()


def test_a_table_is_read_as_the_test_takes_its_parameters(tmp_path: Path) -> None:
    (tmp_path / "test_sample.yaml").write_text(
        "test_sample:\n"
        '  - ["Ulm und Lyon", [["Ulm", "Lyon"]], null]\n'
        '  - ["Kein Paar", [], true]\n'
        "test_forgotten:\n"
        '  - "Eine Zeile, die nie läuft"\n',
        encoding="utf-8",
    )
    cases = WrittenCases(str(tmp_path / "test_sample.py"))

    @cases("sentence, pairs, expected")
    def test_sample(sentence: str, pairs: list[tuple[str, str]], expected: bool | None) -> None:
        """A test of three parameters, never run: only its parametrization is looked at."""

    [mark] = test_sample.pytestmark  # type: ignore[attr-defined]
    assert mark.args == (
        "sentence, pairs, expected",
        [("Ulm und Lyon", [("Ulm", "Lyon")], None), ("Kein Paar", [], True)],
    )
    assert cases.unread() == {"test_forgotten"}
