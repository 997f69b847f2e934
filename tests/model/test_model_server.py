"""The embedded model server's supervision, with a FAKE model server process in its place.

The fake (tests/fake_llm_server.py run as a child process, no model in it) is started, probed,
watched and restarted exactly as llama-server is: killed mid-extraction, the service restarts
it and every document is extracted once; one that dies on its first completion stops start-up
with the signal and its log; one that exits at every start ends in a crash loop whose reason
the failed extractions carry.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from api.errors import ModelSetupError
from api.http.app import create_app
from api.model.server import EmbeddedModelServer, Launch, describe_exit
from api.settings import Settings
from tests.support import extraction, submit, until

ROOT = Path(__file__).resolve().parents[2]


class FakeModelProcess:
    """Launches the FAKE model server as a process (a stand-in for llama-server)."""

    def __init__(self, latency: float = 0.0, *arguments: str) -> None:
        self.latency = latency
        self.arguments = list(arguments)

    def launch(self, port: int, optional: bool) -> Launch:
        command = [sys.executable, "-m", "tests.fake_llm_server", "--port", str(port)]
        return Launch(command=[*command, "--latency", str(self.latency), *self.arguments], cwd=ROOT)


def supervised_settings(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(
        update={
            "embedded_startup_seconds": 30.0,
            "embedded_restart_backoff_seconds": 0.2,
            "llm_timeout_seconds": 20.0,
            "llm_backoff_seconds": 0.05,
        }
        | changes
    )


def finished(client: TestClient[Any], document_ids: list[str]) -> bool:
    return all(extraction(client, i)["status"] in ("done", "failed") for i in document_ids)


def test_exits_are_described_with_their_signal_and_what_it_means() -> None:
    assert describe_exit(3) == "exited with code 3"
    assert describe_exit(-signal.SIGILL).startswith("killed by SIGILL (an illegal instruction")
    assert "memory" in describe_exit(-signal.SIGKILL)
    assert describe_exit(-signal.SIGUSR2) == "killed by SIGUSR2"


async def test_a_server_that_dies_on_its_first_completion_stops_start_up(
    settings: Settings,
) -> None:
    server = EmbeddedModelServer(
        supervised_settings(settings), FakeModelProcess(0.0, "--die-on-completion", "SIGILL")
    )
    with pytest.raises(ModelSetupError) as raised:
        await server.start()
    message = str(raised.value)
    assert "killed by SIGILL" in message and "on its first completion" in message
    assert "fake model server: dying with signal" in message  # the last lines of its log
    assert "python -m api.model.engine build --force" in message  # what to do
    assert server.process is None and server.state == "starting"


async def test_a_server_that_cannot_start_names_its_exit_code(
    settings: Settings, tmp_path: Path
) -> None:
    flag = tmp_path / "broken"
    flag.touch()
    server = EmbeddedModelServer(
        supervised_settings(settings), FakeModelProcess(0.0, "--exit-at-start-if", str(flag))
    )
    with pytest.raises(ModelSetupError, match="exited with code 3 while loading"):
        await server.start()


def test_killed_mid_extraction_the_server_is_restarted_and_every_document_finishes(
    settings: Settings,
) -> None:
    settings = supervised_settings(settings)
    server = EmbeddedModelServer(settings, FakeModelProcess(1.5))
    with TestClient(create_app(settings, model_server=server)) as client:
        assert client.get("/health/ready").json()["model_server"]["state"] == "serving"
        document_ids = [submit(client, number) for number in range(3)]
        until(
            lambda: extraction(client, document_ids[0])["status"] == "running",
            10,
            "the first extraction runs",
        )
        time.sleep(0.5)  # its model call is in flight
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        until(lambda: client.get("/health/ready").status_code == 503, 5, "readiness is 503")
        until(lambda: finished(client, document_ids), 60, "every extraction finishes")
        ready = client.get("/health/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["model_server"] == {"state": "serving", "restarts": 1, "failure": None}
        for document_id in document_ids:
            done = extraction(client, document_id)
            assert done["status"] == "done" and done["attempts"] == 1, done
        # The call the kill cut off was logged and asked again once the server was back.
        outcomes = [call["outcome"] for call in extraction(client, document_ids[0])["model_calls"]]
        assert outcomes == ["retryable_error", "ok"], outcomes


def test_a_server_that_keeps_dying_ends_in_a_crash_loop_the_extractions_name(
    settings: Settings, tmp_path: Path
) -> None:
    flag = tmp_path / "broken"
    settings = supervised_settings(
        settings, embedded_restart_limit=2, embedded_restart_backoff_seconds=0.05
    )
    server = EmbeddedModelServer(settings, FakeModelProcess(1.5, "--exit-at-start-if", str(flag)))
    with TestClient(create_app(settings, model_server=server)) as client:
        document_id = submit(client, 0)
        until(lambda: extraction(client, document_id)["status"] == "running", 10, "it runs")
        flag.touch()  # from now on every start exits at once
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        until(lambda: finished(client, [document_id]), 30, "the extraction ends")
        failed = extraction(client, document_id)
        assert failed["status"] == "failed"
        assert "crash loop" in failed["error"] and "exited with code 3" in failed["error"]
        assert "died 3 times" in failed["error"] and server.restarts == 2
        later = submit(client, 1)  # accepted and stored, failed with the same reason
        until(lambda: finished(client, [later]), 10, "the later extraction ends")
        assert "crash loop" in extraction(client, later)["error"]
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["model_server"]["state"] == "failed"
        assert client.get(f"/documents/{document_id}").status_code == 200  # nothing is lost


def test_a_call_that_kills_the_server_each_time_fails_alone(settings: Settings) -> None:
    """Each process answers its probe, then dies on the extraction's call: after two deaths
    the call fails, and the server, restarted, serves on."""
    settings = supervised_settings(settings)
    server = EmbeddedModelServer(
        settings, FakeModelProcess(0.0, "--die-on-completion", "SIGSEGV", "--after", "1")
    )
    with TestClient(create_app(settings, model_server=server)) as client:
        document_id = submit(client, 0)
        until(lambda: finished(client, [document_id]), 30, "the extraction ends")
        failed = extraction(client, document_id)
        assert failed["status"] == "failed"
        assert "died 2 times while answering this call" in failed["error"], failed["error"]
        until(lambda: server.ready, 10, "the server serves again")
        assert server.restarts == 2


def test_the_watch_does_not_restart_a_server_that_was_stopped(settings: Settings) -> None:
    server = EmbeddedModelServer(supervised_settings(settings), FakeModelProcess())

    async def start_and_stop() -> None:
        await server.start()
        await server.stop()
        await asyncio.sleep(0.5)

    asyncio.run(start_and_stop())
    assert server.state == "stopped" and server.process is None and server.restarts == 0
