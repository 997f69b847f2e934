"""The embedded model endpoint: llama.cpp's `llama-server` as a supervised child process.

`EmbeddedModelServer.start()` launches the server (api/model/engine.py builds it), waits until it
answers, and runs one tiny completion before calling it ready: a build that dies on its
first request (an instruction this CPU does not execute) stops the service at once, with a
message that names the signal, the last lines of the server's log and what to do.

After that the server is watched. When it exits for any reason (killed, out of memory, a
crash), the exit is logged, readiness turns 503, and it is started again on the same port
with growing pauses. Model calls that were cut off wait for it and go again
(`wait_until_serving`, used by api/model/client.py), so a crash costs time, not extractions. A server
that keeps dying (`embedded_restart_limit` times without a stable minute between) is given up:
the state becomes `failed` and every waiting call fails with that reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx

from api.errors import ModelSetupError, UpstreamError
from api.model.engine import Engine, advertises_amx
from api.model.files import EXPECTED_SHA256, ensure_model_file
from api.settings import Settings
from schemas.http import ModelServerState as State

logger = logging.getLogger(__name__)

# A server that served this long before dying counts as stable: its restarts start over.
STABLE_SECONDS = 60.0
LOG_TAIL_LINES = 12
PROBE = {
    "messages": [{"role": "user", "content": "Reply with OK."}],
    "max_tokens": 2,
    "temperature": 0.0,
}

SIGNAL_ADVICE = {
    signal.SIGILL: (
        "an illegal instruction: the engine ran an instruction this CPU does not execute. "
        "The portable build chooses its CPU code at load; rebuild it with "
        "'python -m api.model.engine build --force' and leave CITYLINKS_EMBEDDED_AMX=off"
    ),
    signal.SIGKILL: (
        "killed from outside, often by the kernel when memory ran out (see 'dmesg'); lower "
        "CITYLINKS_EMBEDDED_CONTEXT_TOKENS or CITYLINKS_EMBEDDED_PARALLEL"
    ),
    signal.SIGSEGV: "a crash in the engine (segmentation fault)",
    signal.SIGABRT: "the engine aborted (an assertion or an allocation failed)",
    signal.SIGBUS: "a bus error: the model file may have changed while it was mapped",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def model_identity(settings: Settings) -> str:
    """What identifies the model in the cache key: name plus the weights' identity."""
    if not settings.uses_embedded_model:
        return settings.llm_model
    if settings.model_path is None:
        return f"{settings.llm_model}@sha256:{EXPECTED_SHA256[:16]}"
    stat = settings.model_path.stat()
    return f"{settings.model_path.name}@{stat.st_size}:{int(stat.st_mtime)}"


def describe_exit(returncode: int) -> str:
    """'killed by SIGILL (an illegal instruction: ...)' or 'exited with code 1'."""
    if returncode >= 0:
        return f"exited with code {returncode}"
    try:
        number = signal.Signals(-returncode)
    except ValueError:
        return f"killed by signal {-returncode}"
    advice = SIGNAL_ADVICE.get(number)
    return f"killed by {number.name}" + (f" ({advice})" if advice else "")


def _find_prctl() -> object | None:
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    return None


# Looked up here, not in the forked child: loading a library there can deadlock.
_PRCTL = _find_prctl()
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the model server gets SIGTERM when the service dies, even by SIGKILL."""
    if callable(_PRCTL):
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class Launch:
    """How to start one model server process."""

    command: list[str]
    cwd: Path
    env: dict[str, str] | None = None


class Launcher(Protocol):
    """Makes the command line of a model server on a port; `optional`: also load the CPU code
    that needs a probe (AMX)."""

    def launch(self, port: int, optional: bool) -> Launch: ...


class LlamaServer:
    """The real launcher: the built llama-server with the packaged (or configured) model."""

    def __init__(self, settings: Settings, engine: Engine, model_path: Path) -> None:
        self.settings = settings
        self.engine = engine
        self.model_path = model_path

    def launch(self, port: int, optional: bool) -> Launch:
        settings = self.settings
        slots = settings.embedded_parallel
        command = [
            str(self.engine.server),
            "--model",
            str(self.model_path),
            "--alias",
            settings.llm_model,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            # Each slot (a sequence decoded beside the others) gets the full context.
            "--ctx-size",
            str(settings.embedded_context_tokens * slots),
            "--parallel",
            str(slots),
            "--threads",
            str(settings.embedded_threads),
            "--threads-batch",
            str(settings.embedded_threads),
            "--batch-size",
            str(settings.embedded_batch_tokens),
            "--ubatch-size",
            str(settings.embedded_batch_tokens),
            "--flash-attn",
            settings.embedded_flash_attention,
            # Prompts of idle slots kept in memory for reuse (a bound, not a reservation).
            "--cache-ram",
            "2048",
            "--jinja",
            "--no-webui",
        ]
        # The loader picks the CPU code from the binary's folder and the working folder.
        cwd = self.engine.optional if optional else self.engine.portable
        return Launch(command=command, cwd=cwd)


class EmbeddedModelServer:
    """Starts, probes and watches one model server; restarts it when it dies."""

    def __init__(self, settings: Settings, launcher: Launcher) -> None:
        self.settings = settings
        self.launcher = launcher
        self.log_path = settings.model_cache_dir / "llama-server.log"
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0
        self.state: State = "starting"
        self.failure: str | None = None
        self.generation = 0  # how many times a server became ready
        self.restarts = 0
        self.optional = False  # the probed optional CPU code (AMX) is in use
        self.last_exit = ""  # how the last server process ended
        self._serving = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None
        self._ready_at = 0.0  # when the current process passed its probe
        self._log_offset = 0  # where the current process's lines begin in the log

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def ready(self) -> bool:
        return (
            self.state == "serving" and self.process is not None and self.process.returncode is None
        )

    async def start(self) -> str:
        """Launch, wait until it answers, probe; then watch it. Raises ModelSetupError."""
        self.port = self.settings.embedded_port or free_port()
        if self.settings.embedded_amx == "probe" and advertises_amx():
            try:
                await self._launch(optional=True)
                self.optional = True
                logger.info("embedded model server: the AMX probe passed, AMX code in use")
            except ModelSetupError as error:
                logger.warning("embedded model server: AMX does not work here, not used: %s", error)
        if not self.optional:
            await self._launch(optional=False)
        self._now_serving()
        self._watcher = asyncio.create_task(self._watch())
        return self.base_url

    async def wait_until_serving(self) -> int:
        """Wait while the server restarts; the generation serving now. UpstreamError when it
        has been given up."""
        await self._serving.wait()
        if self.state != "serving":
            raise UpstreamError(self.failure or f"the embedded model server is {self.state}")
        return self.generation

    async def died_since(self, generation: int) -> bool:
        """After a failed call: did the server of `generation` die (meanwhile or now)?"""
        if generation != self.generation or self.state != "serving":
            return True
        process = self.process
        if process is None:
            return True
        with contextlib.suppress(TimeoutError):
            # A cut connection may arrive a moment before the exit is seen.
            await asyncio.wait_for(process.wait(), 1.0)
        return process.returncode is not None

    async def stop(self) -> None:
        self.state = "stopped"
        self._serving.set()
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._watcher
            self._watcher = None
        await self._terminate()

    async def _watch(self) -> None:
        try:
            await self._restart_whenever_it_exits()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug or the OS refusing a process: never hang callers
            logger.exception("the embedded model server's watch failed")
            self._give_up(f"watching it failed: {error!r}", self.restarts)

    async def _restart_whenever_it_exits(self) -> None:
        """Restart the server whenever it exits, until it keeps dying."""
        deaths = 0
        while True:
            process = self.process
            assert process is not None
            returncode = await process.wait()
            served = time.monotonic() - self._ready_at
            deaths = 1 if served >= STABLE_SECONDS else deaths + 1
            self.last_exit = describe_exit(returncode)
            self._serving.clear()
            self.state = "restarting"
            logger.error(
                "the embedded model server %s after serving %.0f s. Its log:\n%s",
                self.last_exit,
                served,
                self._log_tail(),
            )
            if self.optional and returncode == -signal.SIGILL:
                logger.warning("the AMX code died with SIGILL: restarting without it")
                self.optional = False
            while True:
                if deaths > self.settings.embedded_restart_limit:
                    self._give_up(self.last_exit, deaths - 1)
                    return
                pause = min(self.settings.embedded_restart_backoff_seconds * 2 ** (deaths - 1), 30)
                logger.info("restarting the embedded model server in %.1f s", pause)
                await asyncio.sleep(pause)
                self.restarts += 1
                try:
                    await self._launch(optional=self.optional)
                    break
                except ModelSetupError as error:
                    logger.error("restarting the embedded model server failed: %s", error)
                    deaths += 1
            self._now_serving()
            logger.info("embedded model server serving again (restart %s)", self.restarts)

    def _now_serving(self) -> None:
        """A new server process passed its probe: waiting calls go (to it)."""
        self.generation += 1
        self.state = "serving"
        self._serving.set()

    def _give_up(self, reason: str, restarts: int) -> None:
        self.state = "failed"
        self.failure = (
            f"the embedded model server is in a crash loop: it died {restarts + 1} times in a "
            f"row and was given up after {restarts} restarts; last: {reason}. Its log is in "
            f"the service's model cache folder; restart the service once the cause is fixed"
        )
        logger.error(self.failure)
        self._serving.set()

    async def _launch(self, optional: bool) -> None:
        """One server process, answering and probed; on failure it is gone and this raises."""
        if self.port == 0:
            self.port = free_port()
        launch = self.launcher.launch(self.port, optional)
        launch.cwd.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded model server on port %s (log: %s)", self.port, self.log_path)
        try:
            self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            with self.log_path.open("ab") as log_file:
                self.process = await asyncio.create_subprocess_exec(
                    *launch.command,
                    cwd=launch.cwd,
                    env=launch.env,
                    stdout=log_file,
                    stderr=asyncio.subprocess.STDOUT,
                    preexec_fn=_die_with_parent,
                )
        except OSError as error:
            raise ModelSetupError(
                f"the embedded model server could not be started: {error}"
            ) from error
        try:
            async with httpx.AsyncClient(timeout=self.settings.embedded_startup_seconds) as client:
                await self._until_answering(client)
                await self._probe(client)
        except BaseException:  # failed, or start-up was cancelled: leave no process behind
            await self._terminate()
            raise
        self._ready_at = time.monotonic()

    async def _until_answering(self, client: httpx.AsyncClient) -> None:
        deadline = time.monotonic() + self.settings.embedded_startup_seconds
        while time.monotonic() < deadline:
            self._raise_if_exited("while loading")
            with contextlib.suppress(httpx.HTTPError):
                response = await client.get(f"{self.base_url}/models", timeout=2.0)
                if response.status_code == 200:
                    return
            await asyncio.sleep(0.25)
        raise ModelSetupError(
            f"the embedded model server did not answer within "
            f"{self.settings.embedded_startup_seconds:.0f} s; see {self.log_path}"
        )

    async def _probe(self, client: httpx.AsyncClient) -> None:
        """One tiny completion: loading is not enough, the first decode is where bad CPU code dies."""
        body = {**PROBE, "model": self.settings.llm_model}
        try:
            response = await client.post(f"{self.base_url}/chat/completions", json=body)
        except httpx.HTTPError as error:
            await self._wait_for_exit(5.0)
            self._raise_if_exited("on its first completion")
            raise ModelSetupError(
                f"the embedded model server's first completion failed ({error!r}); see "
                f"{self.log_path}"
            ) from error
        if response.status_code != 200:
            raise ModelSetupError(
                f"the embedded model server's first completion answered HTTP "
                f"{response.status_code}: {response.text[:300]}"
            )

    async def _wait_for_exit(self, seconds: float) -> None:
        if self.process is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self.process.wait()), seconds)

    def _raise_if_exited(self, when: str) -> None:
        process = self.process
        if process is None or process.returncode is None:
            return
        self.last_exit = describe_exit(process.returncode)
        raise ModelSetupError(
            f"the embedded model server {describe_exit(process.returncode)} {when}. "
            f"Last lines of {self.log_path}:\n{self._log_tail()}"
        )

    def _log_tail(self) -> str:
        """The last lines this server process wrote to the log."""
        try:
            with self.log_path.open("rb") as log:
                end = log.seek(0, os.SEEK_END)
                log.seek(max(self._log_offset, end - 64 * 1024))
                lines = log.read().decode(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-LOG_TAIL_LINES:]) or "(the log is empty)"

    async def _terminate(self) -> None:
        """Stop the current process; it stays tracked until it has exited."""
        process = self.process
        if process is not None and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        self.process = None


async def embedded_server(settings: Settings) -> EmbeddedModelServer:
    """The real embedded server for these settings: engine built, model file assembled."""
    engine = Engine.for_settings(settings)
    engine.require()
    model_path = settings.model_path
    if model_path is None:
        model_path = await asyncio.to_thread(ensure_model_file, settings.model_cache_dir)
    if not model_path.is_file():
        raise ModelSetupError(f"model file {model_path} does not exist")
    return EmbeddedModelServer(settings, LlamaServer(settings, engine, model_path))


def main() -> None:
    """Assemble the model and run the embedded server in the foreground (used to record tests)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8099)
    port = parser.parse_args().port

    async def serve() -> None:
        settings = Settings(embedded_port=port, llm_base_url="")
        server = await embedded_server(settings)
        print(await server.start(), flush=True)
        stopped = asyncio.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(number, stopped.set)
        try:
            await stopped.wait()
        finally:
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
