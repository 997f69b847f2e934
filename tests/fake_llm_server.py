"""A FAKE OpenAI-compatible model server on loopback, for tests and benchmarks (no model in it).

It answers /v1/chat/completions with the smallest JSON that fits the schema sent in
`response_format` (an extraction that finds nothing), after a fixed latency. It can be told
to fail: `script` holds the faults for the next requests, e.g.
`[Fault(status=429, retry_after=1), Fault(status=500)]`.

    python -m tests.fake_llm_server --port 8199 --latency 0.2     # standalone, for bench/
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, get, post


@dataclass
class Fault:
    status: int = 500
    retry_after: float | None = None
    body: str = '{"error": {"message": "fake failure"}}'


@dataclass
class FakeBehaviour:
    latency: float = 0.0
    script: list[Fault] = field(default_factory=list)
    requests: list[float] = field(default_factory=list)  # arrival times (monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self) -> Fault | None:
        with self.lock:
            self.requests.append(time.monotonic())
            return self.script.pop(0) if self.script else None


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


def fake_app(behaviour: FakeBehaviour) -> Litestar:
    @get("/v1/models", sync_to_thread=False)
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}

    @post("/v1/chat/completions", status_code=200)
    async def complete(request: Request[Any, Any, Any]) -> Response[Any]:
        body = await request.json()
        fault = behaviour.next_fault()
        await asyncio.sleep(behaviour.latency)
        if fault is not None:
            headers = {"retry-after": str(fault.retry_after)} if fault.retry_after else {}
            return Response(
                json.loads(fault.body) if fault.body.startswith("{") else fault.body,
                status_code=fault.status,
                headers=headers,
            )
        content = json.dumps(smallest_instance(schema_of(body)))
        return Response(
            {
                "id": "fake-1",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake-model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
            }
        )

    return Litestar(route_handlers=[models, complete])


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


@contextmanager
def fake_llm_server(latency: float = 0.0) -> Iterator[tuple[str, FakeBehaviour]]:
    """The fake server in a thread; yields its /v1 base URL and its behaviour to steer."""
    behaviour = FakeBehaviour(latency=latency)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(fake_app(behaviour), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/v1", behaviour
    finally:
        server.should_exit = True
        thread.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    arguments = parser.parse_args()
    behaviour = FakeBehaviour(latency=arguments.latency)
    uvicorn.run(fake_app(behaviour), host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
