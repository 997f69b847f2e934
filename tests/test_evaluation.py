"""The evaluation command in recorded mode: the pipeline over the seeds, scored against gold."""

from __future__ import annotations

import json
from pathlib import Path

from api.evaluation import ROOT, evaluate, table, write_report

CASSETTES = ROOT / "tests" / "cassettes" / "test_extraction_recorded"


async def test_recorded_evaluation_writes_table_json_markdown_and_chart(tmp_path: Path) -> None:
    report = await evaluate("recorded", ROOT / "fixtures", CASSETTES)
    write_report(report, tmp_path, "recorded")
    assert set(report["types"]) == {"partnerships", "visits", "alliances"}
    assert report["cost"]["articles"] == 5 and report["cost"]["failed"] == 0
    assert report["cost"]["model_calls"] >= 5
    # The quality target, met by the recorded responses: a change that loses it fails.
    assert {name: score["f1"] >= 0.85 for name, score in report["types"].items()} == {
        "partnerships": True,
        "visits": True,
        "alliances": True,
    }
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert saved["types"] == report["types"]
    assert (tmp_path / "f1.png").read_bytes().startswith(b"\x89PNG")
    assert "| 000_909b035e1937e147 |" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert table(report).splitlines()[0].split() == [
        "type",
        "P",
        "R",
        "F1",
        "ground",
        "tp",
        "fp",
        "fn",
    ]
