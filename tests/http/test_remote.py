"""The command line as a client of a running service: submit files and folders, ask, export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from api.commands import remote
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE
from tests.live_server import serving


def test_submit_a_folder_then_ask_and_export(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "karlsruhe.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "page.html").write_text(
        f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8"
    )
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    with serving(create_app(settings, model=FakeModel(ANSWERS))) as url:
        monkeypatch.setenv("CITYLINKS_URL", url)
        assert remote.main(["submit", str(folder)]) == 0
        submitted = capsys.readouterr().out
        assert "karlsruhe.txt" in submitted and "page.html" in submitted
        assert "notes.md" not in submitted
        assert submitted.count("done") == 2

        assert remote.main(["ask", "Wer leitete die Delegation aus Nottingham?"]) == 0
        answered = capsys.readouterr().out
        assert "Jane Doe" in answered and "[1]" in answered
        # Text in brackets is printed as it is, not read as the terminal library's markup.
        assert remote.main(["submit", str(folder / "[/quote] notes.md")]) == 2
        assert "articles/[/quote]" in capsys.readouterr().err

        assert remote.main(["export", "visits", "--format", "csv", "--place", "nottingham"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert rows and all(row["from_place"] == "Nottingham" for row in rows)

        assert remote.main(["submit", str(folder / "notes.md")]) == 2
    monkeypatch.setenv("CITYLINKS_URL", "http://127.0.0.2:9")
    assert remote.main(["ask", "Wer?"]) == 2
    assert "is ./run serve running?" in capsys.readouterr().err
