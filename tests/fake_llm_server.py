"""A FAKE OpenAI-compatible model server on loopback, for tests and benchmarks (no model in it).

It answers /v1/chat/completions with the smallest JSON that fits the schema sent in
`response_format` (an extraction that finds nothing), after a fixed latency. It can be told
to fail: `script` holds the faults for the next requests, e.g.
`[Fault(status=429, retry_after=1), Fault(status=500)]`, and `always` the fault for every
request after those. A fault may also hold its reply back (`delay`, to outlast a client's
timeout) or answer 200 with a completion of its own: invalid JSON, JSON of the wrong shape,
or JSON cut off at the token limit (`content=..., finish_reason="length"`).
`FakeLLMServer.stop(abruptly=True)` cuts open connections, as a dying server does, and
`start()` brings it back on the same port.

    python -m tests.fake_llm_server --port 8199 --latency 0.2     # standalone, for bench/

As a process it can also stand in for a dying embedded server (tests/model/test_model_server.py):
`--die-on-completion SIGILL [--after N]` kills itself on its first completion (after N), `--exit-at-start-if FILE`
exits at once (code 3) whenever FILE exists, a crash loop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, get, post


@dataclass
class Fault:
    """One scripted reply: an error status with `body`, or (status 200) a completion whose
    content is `content` (None: the smallest valid answer) ending with `finish_reason`.
    `delay` holds the reply back for that many seconds more than the server's latency."""

    status: int = 500
    retry_after: float | None = None
    body: str = '{"error": {"message": "fake failure"}}'
    delay: float = 0.0
    content: str | None = None
    finish_reason: str = "stop"


@dataclass
class FakeBehaviour:
    latency: float = 0.0
    script: list[Fault] = field(default_factory=list)
    always: Fault | None = None  # the reply to every request once `script` is used up
    requests: list[float] = field(default_factory=list)  # arrival times (monotonic)
    # A signal the process sends itself on its first completion, as an engine whose CPU code
    # this machine cannot execute dies with SIGILL (only for the fake run as a process).
    die_with: int | None = None
    die_after: int = 0  # completions answered before dying
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self) -> Fault | None:
        with self.lock:
            self.requests.append(time.monotonic())
            return self.script.pop(0) if self.script else self.always


def smallest_instance(schema: dict[str, Any]) -> Any:
    """The smallest value valid under a (reference-free) JSON schema."""
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return smallest_instance(schema[key][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: smallest_instance(properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return [smallest_instance(schema["items"]) for _ in range(schema.get("minItems", 0))]
    return {"string": "", "integer": 0, "number": 0, "boolean": False, "null": None}.get(str(kind))


def schema_of(body: dict[str, Any]) -> dict[str, Any]:
    response_format = body.get("response_format") or {}
    if "json_schema" in response_format:
        return dict(response_format["json_schema"].get("schema", {}))
    return dict(response_format.get("schema", {"type": "object"}))


# GBNF's tokens: literals, character classes, rule names, bounds and operators.
GBNF_TOKEN = re.compile(
    r'\s*("(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]|[\w-]+|\{\d*(?:,\d*)?\}|[()|?*+])'
)


def smallest_sentence(grammar: str) -> str:
    """The shortest text a (non-recursive) GBNF grammar accepts: what the fake answers when
    a request carries a grammar (llama-server's `grammar`) instead of a schema."""
    rules = dict(line.split(" ::= ", 1) for line in grammar.strip().splitlines())

    def shortest(tokens: list[str]) -> str:
        alternatives: list[list[str]] = []
        depth = start = 0
        for index, token in enumerate(tokens):  # split on | at depth 0
            depth += (token == "(") - (token == ")")
            if token == "|" and depth == 0:
                alternatives.append(tokens[start:index])
                start = index + 1
        alternatives.append(tokens[start:])
        return min((sequence_text(alternative) for alternative in alternatives), key=len)

    def sequence_text(tokens: list[str]) -> str:
        parts, index = [], 0
        while index < len(tokens):
            token, index = tokens[index], index + 1
            if token == "(":
                depth, end = 1, index
                while depth:
                    depth += (tokens[end] == "(") - (tokens[end] == ")")
                    end += 1
                text, index = shortest(tokens[index : end - 1]), end
            elif token.startswith('"'):
                text = json.loads(token)
            elif token.startswith("["):
                text = "a" if token.startswith("[^") else token[1]
            else:
                text = shortest(GBNF_TOKEN.findall(rules[token]))
            bound = tokens[index] if index < len(tokens) else ""
            if bound in ("?", "*") or bound.startswith("{"):
                least = (
                    int(bound[1:].split(",")[0].rstrip("}") or 0) if bound.startswith("{") else 0
                )
                text, index = text * least, index + 1
            elif bound == "+":
                index += 1
            parts.append(text)
        return "".join(parts)

    return shortest(GBNF_TOKEN.findall(rules["root"]))


def answer_of(body: dict[str, Any]) -> str:
    """The smallest answer the request's grammar or schema allows."""
    if body.get("grammar"):
        return smallest_sentence(body["grammar"])
    return json.dumps(smallest_instance(schema_of(body)))


def fake_app(behaviour: FakeBehaviour) -> Litestar:
    @get("/v1/models", sync_to_thread=False)
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}

    @post("/v1/chat/completions", status_code=200)
    async def complete(request: Request[Any, Any, Any]) -> Response[Any]:
        body = await request.json()
        if behaviour.die_with is not None and len(behaviour.requests) >= behaviour.die_after:
            print(f"fake model server: dying with signal {behaviour.die_with}", flush=True)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file left behind
            os.kill(os.getpid(), behaviour.die_with)
        fault = behaviour.next_fault() or Fault(status=200)
        await asyncio.sleep(behaviour.latency + fault.delay)
        if fault.status != 200:
            retry_after = fault.retry_after
            return Response(
                json.loads(fault.body) if fault.body.startswith("{") else fault.body,
                status_code=fault.status,
                headers={} if retry_after is None else {"retry-after": str(retry_after)},
            )
        content = fault.content
        if content is None:
            content = answer_of(body)
        return Response(completion(body.get("model", "fake-model"), content, fault.finish_reason))

    return Litestar(route_handlers=[models, complete])


def completion(model: str, content: str, finish_reason: str) -> dict[str, Any]:
    return {
        "id": "fake-1",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }


TOWNS = ["Aachen", "Bamberg", "Celle", "Detmold", "Erfurt", "Fulda", "Gotha", "Hameln"]


def one_call_article(number: int) -> str:
    """A short, distinct article whose one trigger word makes exactly one model call."""
    town = TOWNS[number % len(TOWNS)]
    return (
        f"Meldung {number}: {town} und Lyon pflegen seit {1900 + number % 120} eine "
        "Städtepartnerschaft. Der Rat tagte am Montag."
    )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class _Server(uvicorn.Server):
    """uvicorn's server, keeping its event loop so that another thread can cut connections."""

    loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)

    def cut_connections(self) -> None:
        """Stop accepting, then drop every open connection at once (runs in the server's loop).

        Accepting stops first: a client retrying at once must find nothing listening, as
        after a crash, not a server that is still shutting down."""
        for listener in getattr(self, "servers", []):
            listener.close()
        for connection in list(self.server_state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.abort()


class FakeLLMServer:
    """The fake server in a thread on one loopback port; stopped and started again at will.

    Before the first `start()` nothing listens on `base_url`: connections are refused.
    """

    def __init__(self, behaviour: FakeBehaviour | None = None, port: int = 0) -> None:
        self.behaviour = behaviour or FakeBehaviour()
        self.port = port or free_port()
        self.server: _Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        # No lifespan: the fake has nothing to set up, and a killed one has nothing to shut down.
        config = uvicorn.Config(
            fake_app(self.behaviour),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
        )
        self.server = _Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the fake model server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self, abruptly: bool = False) -> None:
        """Stop serving. `abruptly`: requests in flight get no answer, their connections are
        cut, as when the server process dies; otherwise they are answered first."""
        server, thread = self.server, self.thread
        if server is None or thread is None:
            return
        if abruptly and server.loop is not None:
            server.force_exit = True
            with contextlib.suppress(RuntimeError):  # its loop has already stopped
                server.loop.call_soon_threadsafe(server.cut_connections)
        server.should_exit = True
        thread.join(10)
        self.server = self.thread = None


@contextmanager
def fake_llm_server(latency: float = 0.0) -> Iterator[tuple[str, FakeBehaviour]]:
    """The fake server in a thread; yields its /v1 base URL and its behaviour to steer."""
    fake = FakeLLMServer(FakeBehaviour(latency=latency))
    fake.start()
    try:
        yield fake.base_url, fake.behaviour
    finally:
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--die-on-completion", metavar="SIGNAL", help="e.g. SIGILL")
    parser.add_argument("--after", type=int, default=0, help="completions answered first")
    parser.add_argument("--exit-at-start-if", metavar="FILE", type=Path)
    arguments = parser.parse_args()
    if arguments.exit_at_start_if is not None and arguments.exit_at_start_if.exists():
        print(f"fake model server: {arguments.exit_at_start_if} exists, exiting", flush=True)
        sys.exit(3)
    die_with = arguments.die_on_completion
    behaviour = FakeBehaviour(
        latency=arguments.latency,
        die_with=None if die_with is None else int(signal.Signals[die_with]),
        die_after=arguments.after,
    )
    print(f"fake model server: listening on port {arguments.port}", flush=True)
    uvicorn.run(fake_app(behaviour), host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
