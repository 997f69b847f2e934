"""The app on a real HTTP port, for clients that need one (the openai SDK, a browser).

It listens on 127.0.0.2, which the recorder lets through (tests/conftest.py `vcr_config`):
the model calls the app makes are replayed, the requests to the app itself are real.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from litestar import Litestar

HOST = "127.0.0.2"


@contextmanager
def serving(app: Litestar) -> Iterator[str]:
    """Serve `app` in a thread until the block ends; yields its base URL."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError(f"the app did not start on {HOST}:{port} within 30 s")
    try:
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
