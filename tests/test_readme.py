"""The README stays true: its settings table names every field of `Settings`, nothing else,
with the defaults the code has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from api.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def settings_table() -> list[tuple[list[str], list[str]]]:
    """(variables, defaults) per row of the table under '## Settings'."""
    section = README.read_text().split("\n## Settings\n", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            variables = re.findall(r"`([A-Z_]+)`", cells[0])
            defaults = re.findall(r"`([^`]*)`", cells[1])
            rows.append((variables, defaults))
    return rows


def same(value: Any, written: str) -> bool:
    """Whether the README writes this default: numbers by value (`60` for 60.0), paths with
    `~` for the home folder."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(written) == value
    return str(value).replace(str(Path.home()), "~") == written


def test_the_settings_table_names_every_setting_and_only_settings() -> None:
    named = {variable.lower() for variables, _ in settings_table() for variable in variables}
    assert named == set(Settings.model_fields)


def test_the_settings_table_gives_the_defaults_of_the_code() -> None:
    defaults = Settings.model_construct()
    compared = 0
    for variables, given in settings_table():
        if len(given) != len(variables):  # "empty", "see above"
            continue
        for variable, default in zip(variables, given, strict=True):
            assert same(getattr(defaults, variable.lower()), default), variable
            compared += 1
    assert compared >= 30
