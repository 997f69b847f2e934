"""The real service on loopback for the load test, its model replaying the recorded responses.

    .venv/bin/python bench/load_server.py [--database-url URL] [--stock-matcher]

Serves create_app() through uvicorn on 127.0.0.1 and a free port, on a fresh SQLite database
in a temporary folder (or the given PostgreSQL database, which must be empty). The model is
`recorded_model()` inside one vcrpy cassette holding every recording of
tests/cassettes/test_extraction_recorded/ (record mode "none", playback repeats allowed), so
no model runs and a request nobody recorded fails as an unreachable model would. The five
seeds are ingested through the HTTP API; then one JSON line on stdout says the service is
ready: {"url": ..., "documents": [ids]}. Logs (JSON lines) go to stderr; SIGINT or
SIGTERM stops it.
"""

from __future__ import annotations

import argparse
import functools
import json
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import vcr
import vcr.matchers
from vcr.request import Request as RecordedRequest
from vcr.serialize import deserialize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.http.app import create_app
from api.http.observability import configure_logging
from api.settings import Settings
from tests.answering.test_ask_recorded import ingest_seeds
from tests.extraction.test_extraction_recorded import RECORD_BASE_URL, recorded_model

CASSETTES = Path(__file__).resolve().parent.parent / "tests/cassettes/test_extraction_recorded"
HOST = "127.0.0.1"
# High enough that the limiter never answers 429 under load, while it still runs on every
# request (its cost belongs in the figures). All locust users share one client address.
PER_MINUTE = 1_000_000


class AllRecordings:
    """A vcrpy persister: every cassette of the folder, read as one; the load test never records."""

    @staticmethod
    def load_cassette(_path: str, serializer: Any) -> tuple[list[Any], list[Any]]:
        requests: list[Any] = []
        responses: list[Any] = []
        for cassette in sorted(CASSETTES.glob("*.yaml")):
            loaded = deserialize(cassette.read_text(encoding="utf-8"), serializer)
            requests += loaded[0]
            responses += loaded[1]
        return requests, responses

    @staticmethod
    def save_cassette(_path: str, _cassette: Any, serializer: Any = None) -> None:
        raise RuntimeError("the load test replays recordings and never writes them")


def passing_own_requests(own_url: str) -> Callable[[RecordedRequest], RecordedRequest | None]:
    """vcrpy lets a request through unrecorded when this returns None: our own ingestion
    calls the service on 127.0.0.1, the host the model was recorded on, so ignore_hosts
    cannot tell them apart; the port can."""

    def check(request: RecordedRequest) -> RecordedRequest | None:
        return None if request.uri.startswith(own_url) else request

    return check


@functools.lru_cache(maxsize=4096)
def parsed_json(body: bytes) -> Any:
    return json.loads(body)


def is_json(request: RecordedRequest) -> bool:
    return "application/json" in request.headers.get("Content-Type", "") and bool(request.body)


def same_body(new: RecordedRequest, recorded: RecordedRequest) -> bool:
    """vcrpy's "body" matcher (JSON bodies compared parsed) without the unified diff it
    builds for every recorded request that does not match, only to log it: profiled, that
    diff was three quarters of the server's CPU per /ask. Other bodies: vcrpy's own."""
    if is_json(new) and is_json(recorded):
        return bool(parsed_json(bytes(new.body)) == parsed_json(bytes(recorded.body)))
    vcr.matchers.body(new, recorded)  # raises AssertionError when they differ
    return True


@contextmanager
def recordings(own_url: str, stock_matcher: bool = False) -> Iterator[None]:
    """Every model call served from the recordings, matched like the tests match them."""
    replay = vcr.VCR(record_mode="none")
    replay.register_persister(AllRecordings)
    if not stock_matcher:
        replay.register_matcher("body", same_body)
    with replay.use_cassette(
        str(CASSETTES / "all.yaml"),  # a name only: AllRecordings reads the folder
        allow_playback_repeats=True,
        # The same as tests/conftest.py vcr_config: the recorded port varies, so not the host.
        match_on=["method", "path", "body"],
        filter_headers=["authorization", "api-key", "x-api-key", "openai-organization"],
        decode_compressed_response=True,
        before_record_request=passing_own_requests(own_url),
    ):
        yield


def service_settings(database_url: str, folder: str) -> Settings:
    return Settings(
        host=HOST,  # loopback: keyless, as `./run serve` is by default
        database_url=database_url,
        llm_base_url=RECORD_BASE_URL,
        model_cache_dir=Path(folder) / "models",
        ingest_per_minute=PER_MINUTE,
        questions_per_minute=PER_MINUTE,
    )


def ingest_when_started(server: uvicorn.Server, url: str) -> None:
    """Wait for the server, submit the seeds (their extractions replay), announce readiness."""
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or server.should_exit:
            print("the server did not start", file=sys.stderr)
            server.should_exit = True
            return
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=url, timeout=180) as client:
            documents = list(ingest_seeds(client))
    except Exception:
        server.should_exit = True
        raise
    ready = {"url": url, "documents": documents}
    print(json.dumps(ready), flush=True)


def bound_socket() -> socket.socket:
    """A socket on a free port, handed to uvicorn: no race between choosing and binding."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    return listener


def serve(database_url: str | None, folder: str, stock_matcher: bool) -> None:
    settings = service_settings(database_url or f"sqlite+aiosqlite:///{folder}/load.db", folder)
    # As `python -m api` runs it: one JSON log line per request, no uvicorn access log.
    configure_logging(settings.log_level, json_lines=True)
    listener = bound_socket()
    url = f"http://{HOST}:{listener.getsockname()[1]}"
    config = uvicorn.Config(
        create_app(settings, model=recorded_model()), log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    with recordings(url, stock_matcher):
        threading.Thread(target=ingest_when_started, args=(server, url), daemon=True).start()
        # In the main thread, so that uvicorn handles SIGINT and SIGTERM (a clean shutdown).
        server.run(sockets=[listener])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--stock-matcher", action="store_true", help="vcrpy's own body matcher (much slower)"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citylinks-load-") as folder:
        serve(arguments.database_url, folder, arguments.stock_matcher)


if __name__ == "__main__":
    main()
