"""The embedded model endpoint: llama-cpp-python's OpenAI-compatible server as a child process."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import importlib.util
import logging
import signal
import socket
import sys
from pathlib import Path

import httpx

from api.errors import ModelSetupError
from api.model_files import EXPECTED_SHA256, ensure_model_file
from api.settings import Settings

logger = logging.getLogger(__name__)


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


def _die_with_parent() -> None:
    """Linux: the model server gets SIGTERM when the service dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class EmbeddedModelServer:
    """Starts llama_cpp.server on 127.0.0.1, waits until it answers, and stops it again."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = settings.model_cache_dir / "llama-server.log"

    async def start(self) -> str:
        if importlib.util.find_spec("llama_cpp") is None:
            raise ModelSetupError(
                "llama-cpp-python is not installed: install the 'embedded' extra "
                "(./run serve does), or set CITYLINKS_LLM_BASE_URL to another endpoint"
            )
        model_path = self.settings.model_path
        if model_path is None:
            model_path = await asyncio.to_thread(ensure_model_file, self.settings.model_cache_dir)
        if not model_path.is_file():
            raise ModelSetupError(f"model file {model_path} does not exist")
        port = self.settings.embedded_port or free_port()
        await self._spawn(model_path, port)
        base_url = f"http://127.0.0.1:{port}/v1"
        await self._wait_until_ready(base_url)
        return base_url

    def command(self, model_path: Path, port: int) -> list[str]:
        """The server's command line."""
        settings = self.settings
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model_path),
            "--model_alias",
            settings.llm_model,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(settings.embedded_context_tokens),
            "--n_threads",
            str(settings.embedded_threads),
            "--n_batch",
            "512",
        ]

    async def _spawn(self, model_path: Path, port: int) -> None:
        command = self.command(model_path, port)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log_file = self.log_path.open("ab")
        logger.info("starting embedded model server on port %s (log: %s)", port, self.log_path)
        self.process = await asyncio.create_subprocess_exec(
            *command, stdout=log_file, stderr=asyncio.subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        log_file.close()

    async def _wait_until_ready(self, base_url: str) -> None:
        deadline = asyncio.get_running_loop().time() + self.settings.embedded_startup_seconds
        async with httpx.AsyncClient(timeout=2.0) as client:
            while asyncio.get_running_loop().time() < deadline:
                if self.process is not None and self.process.returncode is not None:
                    raise ModelSetupError(
                        f"embedded model server exited with code {self.process.returncode}; "
                        f"see {self.log_path}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{base_url}/models")).status_code == 200:
                        return
                await asyncio.sleep(0.5)
        await self.stop()
        raise ModelSetupError(f"embedded model server did not answer in time; see {self.log_path}")

    @property
    def running(self) -> bool:
        """Alive, even while busy: a llama.cpp server answers nothing else while it generates."""
        return self.process is not None and self.process.returncode is None

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()


def main() -> None:
    """Assemble the model and run the embedded server in the foreground (used to record tests)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8099)
    port = parser.parse_args().port

    async def serve() -> None:
        settings = Settings(embedded_port=port, llm_base_url="")
        server = EmbeddedModelServer(settings)
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
