"""The embedded engine: llama.cpp's own `llama-server`, compiled once for every x86-64 CPU.

The source comes from a PyPI source package (llama-cpp-python's sdist carries llama.cpp in
`vendor/llama.cpp`). It is built without `-march=native`: the CPU code is compiled once per
instruction-set level (`GGML_CPU_ALL_VARIANTS`) into loadable libraries, and at start the
server loads the one that scores best on the CPU it runs on (`GGML_BACKEND_DL`). So a build
made on one machine runs on any other x86-64 machine, with that machine's instructions.

The variant that uses AMX tiles (`sapphirerapids`) is kept apart in `optional/`: AMX tile state
is not dependable on some virtual machines (a server that loaded it died with SIGILL on its
first request), so it is only loaded when asked for and shown to work by a probe
(`CITYLINKS_EMBEDDED_AMX=probe`, see api/model/server.py).

The build lands in `<cache>/engine/<stamp>/`; the stamp hashes everything that changes the
binaries (source package, CMake settings, compiler, architecture), so a changed setting
builds anew and a build is never taken for another.

    python -m api.model.engine build     # build unless already built (./run serve does this)
    python -m api.model.engine info      # where the engine is, its settings, this CPU's flags
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from api.errors import ModelSetupError
from api.settings import Settings

SOURCE_PACKAGE = "llama-cpp-python"
SOURCE_VERSION = "0.3.36"
LLAMA_CPP_SUBDIR = "vendor/llama.cpp"
TARGETS = ("llama-server", "llama-bench")
# Variants the default search may load; the AMX one needs a probe first.
OPTIONAL_VARIANTS = ("sapphirerapids",)
CMAKE_SETTINGS = (
    "-DCMAKE_BUILD_TYPE=Release",
    "-DBUILD_SHARED_LIBS=ON",
    # Never the build machine's own instructions: one library per instruction-set level,
    # the best for the running CPU chosen at load.
    "-DGGML_NATIVE=OFF",
    "-DGGML_BACKEND_DL=ON",
    "-DGGML_CPU_ALL_VARIANTS=ON",
    # The libraries find each other beside the binary ($ORIGIN), wherever the folder is.
    "-DCMAKE_BUILD_RPATH_USE_ORIGIN=ON",
    # Nothing is fetched while building: no prebuilt web UI, no HTTPS, no curl.
    "-DLLAMA_USE_PREBUILT_UI=OFF",
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_CURL=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_BUILD_APP=OFF",
)


def compiler_version() -> str:
    """The C++ compiler's first line of --version (part of the stamp)."""
    compiler = shutil.which("c++") or shutil.which("g++")
    if compiler is None:
        return "none"
    output = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False)
    return output.stdout.splitlines()[0] if output.stdout else "unknown"


def build_settings() -> dict[str, object]:
    """What the binaries are built from and for (the compiler is recorded beside it, in
    build.json, but a compiler upgrade does not make a working build unusable)."""
    return {
        "source": f"{SOURCE_PACKAGE}=={SOURCE_VERSION}",
        "cmake": list(CMAKE_SETTINGS),
        "targets": list(TARGETS),
        "optional_variants": list(OPTIONAL_VARIANTS),
        "machine": platform.machine(),
    }


def cmake() -> str:
    """The cmake of this environment (the 'embedded' extra installs it), else the system's."""
    beside = Path(sys.executable).parent / "cmake"
    found = str(beside) if beside.is_file() else shutil.which("cmake")
    if found is None:
        raise ModelSetupError(
            "cmake is needed to build the embedded engine: install the project's 'embedded' "
            "extra (./run serve does), or cmake itself"
        )
    return found


def build_stamp(settings: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


class Engine:
    """One build of the engine: its folder, its binaries, and whether it is complete."""

    def __init__(self, root: Path) -> None:
        self.settings = build_settings()
        self.stamp = build_stamp(self.settings)
        self.folder = root.resolve() / self.stamp
        self.bin = self.folder / "bin"
        self.optional = self.folder / "optional"
        # The server's working folder: the loader also searches the current folder for CPU
        # libraries, so it runs in one that holds none (or only the optional ones, when probed).
        self.portable = self.folder / "run"
        self.stamp_file = self.folder / "build.json"

    @classmethod
    def for_settings(cls, settings: Settings) -> Engine:
        return cls(settings.engine_dir)

    @property
    def server(self) -> Path:
        return self.bin / "llama-server"

    @property
    def bench(self) -> Path:
        return self.bin / "llama-bench"

    @property
    def built(self) -> bool:
        return self.stamp_file.is_file() and self.server.is_file()

    def require(self) -> None:
        if not self.built:
            raise ModelSetupError(
                f"the embedded engine is not built in {self.folder}: run "
                "'python -m api.model.engine build' (./run serve does this on first use)"
            )

    def variants(self) -> list[str]:
        """The CPU variants the default search sees."""
        return sorted(path.name for path in self.bin.glob("libggml-cpu-*.so"))

    def build(self, log: Path | None = None) -> None:
        """Download the source package, compile the targets, install them here."""
        with tempfile.TemporaryDirectory(prefix="citylinks-engine-") as scratch:
            work = Path(scratch)
            source = _unpacked_source(work)
            build_dir = work / "build"
            started = time.monotonic()
            _run([cmake(), "-S", str(source), "-B", str(build_dir), *CMAKE_SETTINGS], log)
            jobs = str(max(1, len(os.sched_getaffinity(0))))
            _run([cmake(), "--build", str(build_dir), "-j", jobs, "--target", *TARGETS], log)
            self._install(build_dir / "bin")
            seconds = round(time.monotonic() - started)
        # The build folder is gone now: the installed server must run on its own.
        _run([str(self.server), "--version"], log)
        record = {
            **self.settings,
            "compiler": compiler_version(),
            "build_seconds": seconds,
            "built_at": time.time(),
        }
        self.stamp_file.write_text(json.dumps(record, indent=2))

    def _install(self, built: Path) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        for folder in (self.bin, self.optional, self.portable):
            folder.mkdir(parents=True)
        for path in built.iterdir():
            if path.name in TARGETS or ".so" in path.name:
                shutil.copy2(path, self.bin / path.name, follow_symlinks=False)
        for variant in OPTIONAL_VARIANTS:
            library = self.bin / f"libggml-cpu-{variant}.so"
            if library.exists():
                library.rename(self.optional / library.name)


def _unpacked_source(work: Path) -> Path:
    """The source package from PyPI, unpacked; its llama.cpp folder."""
    downloads = work / "download"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--dest",
            str(downloads),
            f"{SOURCE_PACKAGE}=={SOURCE_VERSION}",
        ],
        None,
    )
    archive = next(downloads.glob("*.tar.gz"))
    with tarfile.open(archive) as bundle:
        bundle.extractall(work / "source", filter="data")
    return next((work / "source").iterdir()) / LLAMA_CPP_SUBDIR


def _run(command: list[str], log: Path | None) -> None:
    if log is None:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        output = completed.stdout + completed.stderr
    else:
        with log.open("a") as stream:
            completed = subprocess.run(
                command, stdout=stream, stderr=subprocess.STDOUT, text=True, check=False
            )
        output = "".join(log.read_text().splitlines(keepends=True)[-20:])
    if completed.returncode != 0:
        raise ModelSetupError(
            f"building the embedded engine failed ({' '.join(command[:3])} ...: exit "
            f"{completed.returncode}):\n{output[-3000:]}"
        )


def cpu_flags() -> set[str]:
    """The instruction-set flags this CPU advertises (Linux /proc/cpuinfo)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def advertises_amx() -> bool:
    return {"amx_tile", "amx_int8"} <= cpu_flags()


def main() -> None:
    parser = argparse.ArgumentParser(description="Build or describe the embedded engine.")
    parser.add_argument("command", choices=["build", "info"])
    parser.add_argument("--force", action="store_true", help="build again even if built")
    arguments = parser.parse_args()
    command = arguments.command
    engine = Engine.for_settings(Settings())
    if command == "build":
        if engine.built and not arguments.force:
            return
        engine.folder.parent.mkdir(parents=True, exist_ok=True)
        log = engine.folder.parent / f"build-{engine.stamp}.log"
        print(
            f"Building the embedded engine (llama.cpp {SOURCE_PACKAGE}=={SOURCE_VERSION}, every "
            f"x86-64 CPU variant; about 22 minutes on 2 cores; log: {log})...",
            file=sys.stderr,
        )
        try:
            engine.build(log)
        except (ModelSetupError, OSError) as error:
            sys.exit(f"building the embedded engine failed: {error}")
        return
    interesting = sorted(flag for flag in cpu_flags() if flag.startswith(("avx", "amx", "f16c")))
    print(
        json.dumps(
            {
                "folder": str(engine.folder),
                "built": engine.built,
                "variants": engine.variants() if engine.built else [],
                "settings": engine.settings,
                "cpu_flags": interesting,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
