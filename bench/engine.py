"""The embedded engine's speed on this machine, and how close the service comes to it.

    .venv/bin/python bench/engine.py                       # all three parts, one run
    .venv/bin/python bench/engine.py --parts floor         # only the engine's own speed
    .venv/bin/python bench/engine.py --parts service,batch --parallel 3 \
        --before-python /tmp/before/bin/python     # also the engine before, in the batch part

1. floor: llama-bench, built with the engine (api/model/engine.py), on the packaged model: prompt
   tokens/s over a prompt of the seeds' size and generated tokens/s, 2 threads, the median of
   its repetitions. Levers side by side: the CPU variant the loader picks here against the
   x64 baseline (what a build for every CPU without dispatch would run), flash attention,
   batch sizes.
2. service: the service's own pipeline (Extractor and the real client) over the five seed
   articles against llama-server, one after another, as `./run eval live` does. Per article:
   seconds, calls, prompt tokens sent, prompt tokens the server evaluated (its `timings`; the
   rest came from its prompt cache), generated tokens, and the engine floor for that work
   (evaluated / prompt speed + generated / generation speed). Quality is scored as
   `./run eval` does, so a lever that costs correctness shows.
3. batch: a re-extraction job of the seed and hostile articles through the service's queue
   (open_runtime on SQLite), for each `--parallel` N: llama-server with N slots and
   `EXTRACTION_CONCURRENCY` N. Documents per hour, and the ratio to N = 1.

Results go to bench/results/engine.json; bench/README.md has the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.evaluation.runner import Run, load_cases, run_case, score
from api.extraction.extractor import Extractor
from api.language.text import normalize_text
from api.model.client import ModelClient
from api.model.engine import Engine
from api.model.files import ensure_model_file
from api.model.prompts import load_prompts
from api.model.server import embedded_server
from api.runtime import open_runtime
from api.settings import Settings
from api.storage.store import Store
from api.storage.tables import DocumentRow, create_engine
from bench.jobs import reextract_all
from tests.fake_llm_server import free_port

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "engine.json"
PROMPT_TOKENS = 1536  # about one seed article's prompt
GENERATED_TOKENS = 64


# --- 1. the engine's own speed --------------------------------------------------------------


def llama_bench(
    engine: Engine,
    model: Path,
    variant: str | None,
    *flags: str,
    sizes: tuple[int, int, int] = (PROMPT_TOKENS, GENERATED_TOKENS, 3),
) -> dict[str, Any]:
    """llama-bench's medians; `variant`: only that CPU library present (None: all, the loader
    picks)."""
    with tempfile.TemporaryDirectory() as folder:
        binary = engine.bench
        if variant is not None:
            # The loader searches the binary's own folder: a copy beside one CPU library.
            for path in engine.bin.iterdir():
                if "ggml-cpu-" not in path.name or path.name == f"libggml-cpu-{variant}.so":
                    shutil.copy2(path, Path(folder) / path.name)
            binary = Path(folder) / "llama-bench"
        command = [
            str(binary), "-m", str(model), "-t", "2", "-r", str(sizes[2]), "-o", "json",
            "-p", str(sizes[0]), "-n", str(sizes[1]), *flags,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=folder)
    loaded = [line for line in done.stderr.splitlines() if "loaded CPU backend" in line]
    rows = json.loads(done.stdout)
    speed = {}
    for row in rows:
        kind = "prompt" if row["n_prompt"] else "generate"
        speed[kind] = round(statistics.median(row["samples_ts"]), 2)
    return {
        "variant": variant
        or (loaded[0].rsplit("libggml-cpu-", 1)[-1].removesuffix(".so") if loaded else "?"),
        "flags": " ".join(flags),
        "prompt_tokens": sizes[0],
        "generated_tokens": sizes[1],
        "prompt_tokens_per_s": speed["prompt"],
        "generated_tokens_per_s": speed["generate"],
    }


def floor_part(engine: Engine, model: Path) -> list[dict[str, Any]]:
    levers: list[tuple[str | None, tuple[str, ...]]] = [
        (None, ("-fa", "0", "-b", "512", "-ub", "512")),
        (None, ("-fa", "1", "-b", "512", "-ub", "512")),
        (None, ("-fa", "0", "-b", "256", "-ub", "256")),
        (None, ("-fa", "0", "-b", "1024", "-ub", "1024")),
    ]
    rows = []
    for variant, flags in levers:
        rows.append(llama_bench(engine, model, variant, *flags))
        print(json.dumps(rows[-1]), flush=True)
    # The baseline variant (plain x86-64, no SIMD) is so slow that it gets a short test, with
    # the variant picked here beside it at the same size.
    for variant in (None, "x64"):
        rows.append(llama_bench(engine, model, variant, "-fa", "0", sizes=(128, 16, 1)))
        print(json.dumps(rows[-1]), flush=True)
    return rows


# --- 2. the service against the engine ------------------------------------------------------


class Timings:
    """Collects llama-server's `timings` of each completion the client receives."""

    def __init__(self) -> None:
        self.calls: list[dict[str, float]] = []
        original = ModelClient._create

        async def create(client: ModelClient, *arguments: Any) -> Any:
            answer, completion = await original(client, *arguments)
            self.calls.append((completion.model_extra or {}).get("timings", {}))
            return answer, completion

        ModelClient._create = create  # type: ignore[method-assign]

    def since(self, start: int) -> dict[str, float]:
        calls = self.calls[start:]
        return {
            "evaluated_prompt_tokens": sum(call.get("prompt_n", 0) for call in calls),
            "generated_tokens": sum(call.get("predicted_n", 0) for call in calls),
            "prompt_seconds": round(sum(call.get("prompt_ms", 0) for call in calls) / 1000, 2),
            "generate_seconds": round(sum(call.get("predicted_ms", 0) for call in calls) / 1000, 2),
        }


class BeforeServer:
    """The engine before this change, for the side-by-side 'before': llama-cpp-python's
    server (`--before-python`: a Python with llama-cpp-python[server]==0.3.36), started with
    the command line the service used."""

    def __init__(self, python: str, settings: Settings, model: Path) -> None:
        self.port = free_port()
        command = [
            python, "-m", "llama_cpp.server", "--model", str(model),
            "--model_alias", settings.llm_model, "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(settings.embedded_context_tokens),
            "--n_threads", str(settings.embedded_threads), "--n_batch", "512",
        ]  # fmt: skip
        log = (settings.model_cache_dir / "before-server.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    async def start(self) -> str:
        import httpx

        base_url = f"http://127.0.0.1:{self.port}/v1"
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                assert self.process.poll() is None, "the before server exited"
                try:
                    if (await client.get(f"{base_url}/models")).status_code == 200:
                        return base_url
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
        raise RuntimeError("the before server did not start")

    async def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


async def service_part(
    settings: Settings, speed: dict[str, Any], before: str | None = None, grammar: str = "ours"
) -> dict[str, Any]:
    """The seeds through the service, on llama-server with our grammar (api/model/grammar.py) or
    with llama-server's own grammar from the schema (`grammar="llama.cpp"`), or on the
    engine before (llama-cpp-python's server)."""
    server: Any = (
        BeforeServer(before, settings, ensure_model_file(settings.model_cache_dir))
        if before
        else await embedded_server(settings)
    )
    base_url = await server.start()
    # json_object: the server turns the schema into its own grammar; gbnf: ours.
    schema_format = "json_object" if before or grammar == "llama.cpp" else "gbnf"
    client = ModelClient(settings, base_url, schema_format, server=None if before else server)
    timings = Timings()
    extractor = Extractor(client, load_prompts())
    cases = load_cases(ROOT / "fixtures")
    articles, runs = [], {}
    try:
        for case in cases:
            start = len(timings.calls)
            run = await run_case(extractor, case)
            runs[case.name] = run
            work = timings.since(start)
            floor = (
                work["evaluated_prompt_tokens"] / speed["prompt_tokens_per_s"]
                + work["generated_tokens"] / speed["generated_tokens_per_s"]
            )
            row = {
                "article": case.name[:3],
                "seconds": round(run.seconds, 2),
                "calls": len(run.calls),
                "prompt_tokens_sent": sum(call.prompt_tokens for call in run.calls),
                **work,
                "floor_seconds": round(floor, 2),
                "seconds_over_floor": round(run.seconds / floor, 2) if floor else None,
                "error": run.error,
            }
            print(json.dumps(row), flush=True)
            articles.append(row)
    finally:
        await client.close()
        await server.stop()
    quality = score(cases, runs)
    return {
        "settings": _engine_settings(settings),
        "grammar": "llama-cpp-python" if before else grammar,
        "articles": articles,
        "median_seconds": statistics.median(row["seconds"] for row in articles),
        "median_floor_seconds": statistics.median(row["floor_seconds"] for row in articles),
        "quality": quality,
    }


# --- 3. a re-extraction job ------------------------------------------------------------------


def batch_texts() -> list[str]:
    """The seed and hostile articles, as the service stores them."""
    from api.language.text import html_to_text

    texts = [case.text for case in load_cases(ROOT / "fixtures")]
    for path in sorted((ROOT / "fixtures" / "hostile").iterdir()):
        if path.suffix == ".txt":
            texts.append(normalize_text(path.read_text(encoding="utf-8")))
        elif path.suffix == ".html":
            texts.append(html_to_text(path.read_text(encoding="utf-8")))
    return texts


async def store_documents(database_url: str, texts: list[str]) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    async with store.sessions.begin() as session:
        for text in texts:
            digest = hashlib.sha256(text.encode()).hexdigest()
            session.add(
                DocumentRow(id=digest[:24], text_sha256=digest, text=text, source_format="text")
            )
    await store.engine.dispose()


async def batch_part(
    settings: Settings, parallel: int, texts: list[str], before: str | None = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await store_documents(database_url, texts)
        changes: dict[str, Any] = {
            "database_url": database_url,
            "embedded_parallel": parallel,
            "extraction_concurrency": parallel,
        }
        server = None
        if before:
            server = BeforeServer(before, settings, ensure_model_file(settings.model_cache_dir))
            changes |= {"llm_base_url": await server.start(), "llm_schema_format": "json_object"}
        settings = settings.model_copy(update=changes)
        async with open_runtime(settings) as runtime:
            view, seconds = await reextract_all(runtime, 1.0)
            # Several sequences decoded in one batch may change answers: score the seeds.
            cases = load_cases(ROOT / "fixtures")
            runs, model_seconds = {}, {}
            for case in cases:
                document_id = hashlib.sha256(case.text.encode()).hexdigest()[:24]
                stored = await runtime.store.extractions.latest_finished(document_id)
                runs[case.name] = Run((stored.result or {}) if stored else {}, 0.0)
                calls = await runtime.store.extractions.model_calls(stored.id) if stored else []
                model_seconds[case.name[:3]] = sum(call.duration_ms for call in calls) / 1000
            quality = score(cases, runs)["types"]
        if server is not None:
            await server.stop()
    row = {
        "engine": "before" if before else "llama-server",
        "parallel": parallel,
        "documents": len(texts),
        "done": view.done,
        "failed": view.failed,
        "seconds": round(seconds, 1),
        "documents_per_hour": round(len(texts) / seconds * 3600, 1),
        "seed_f1": {kind: quality[kind]["f1"] for kind in quality},
        # Per seed article, the seconds of its model calls (one at a time only when parallel 1).
        "seed_model_seconds": model_seconds,
    }
    print(json.dumps(row), flush=True)
    return row


def _engine_settings(settings: Settings) -> dict[str, Any]:
    names = ("embedded_threads", "embedded_parallel", "embedded_batch_tokens")
    return {name: getattr(settings, name) for name in names} | {
        "embedded_flash_attention": settings.embedded_flash_attention
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--parts",
        default="floor,service,batch",
        help="floor, service, batch; service_before (with --before-python) and "
        "service_llama_grammar add the engine before and llama-server's own grammar beside",
    )
    parser.add_argument("--parallel", default="1,3", help="slots for the batch part")
    parser.add_argument(
        "--before-python",
        help="a Python with llama-cpp-python[server]==0.3.36: also measure the engine before",
    )
    arguments = parser.parse_args()
    before = arguments.before_python
    parts = arguments.parts.split(",")
    settings = Settings(llm_base_url="", log_level="WARNING")
    engine = Engine.for_settings(settings)
    engine.require()
    model = ensure_model_file(settings.model_cache_dir)
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {"cpus": len(os.sched_getaffinity(0)), "engine": engine.stamp}
    if "floor" in parts:
        results["floor"] = floor_part(engine, model)
    speed = results["floor"][0]
    if "service" in parts:
        if before and "service_before" in parts:
            results["service_before"] = asyncio.run(service_part(settings, speed, before))
        if "service_llama_grammar" in parts:
            # The grammar lever, side by side: llama-server's own grammar against ours.
            results["service_llama_grammar"] = asyncio.run(
                service_part(settings, speed, grammar="llama.cpp")
            )
        results["service"] = asyncio.run(service_part(settings, speed))
    if "batch" in parts:
        texts = batch_texts()
        rows = [asyncio.run(batch_part(settings, 1, texts, before))] if before else []
        for slots in arguments.parallel.split(","):
            rows.append(asyncio.run(batch_part(settings, int(slots), texts)))
        for row in rows:
            row["ratio_to_first"] = round(
                row["documents_per_hour"] / rows[0]["documents_per_hour"], 2
            )
        results["batch"] = rows
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
