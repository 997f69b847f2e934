"""Embedded model speed, side by side: python bench/decoding.py [--draft-tokens 0 10] [--rounds 1].

Replays the requests recorded for the five seed articles (the cassettes of
tests/test_extraction_recorded.py: the service's real extraction prompts) against the embedded
llama.cpp server started with each decoding setting in turn (0: plain greedy decoding, as the
service runs; N: llama-cpp-python's prompt lookup decoding with N draft tokens), one article after another on a
warm server, as the service sends them. For each setting it reports seconds per article
(median over articles, each the median over rounds), completion tokens per second, the
server's peak memory, and whether every answer is identical to the recorded one (greedy
decoding: a faster decoder must not change what the model says).

The settings alternate round by round (A B A B ...) on freshly started servers, so that both see
the same load on this noisy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.embedded import EmbeddedModelServer
from api.settings import Settings

CASSETTES = Path(__file__).resolve().parent.parent / "tests/cassettes/test_extraction_recorded"


@dataclass(frozen=True)
class Recorded:
    article: str
    body: dict[str, Any]
    content: str


@dataclass
class Tally:
    seconds: dict[str, list[float]] = field(default_factory=dict)
    completion_tokens: int = 0
    generation_seconds: float = 0.0
    identical: int = 0
    answers: int = 0
    peak_rss_mib: float = 0.0


def recorded_requests() -> list[Recorded]:
    requests = []
    for cassette in sorted(CASSETTES.glob("seed_*.yaml")):
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]:
            body = json.loads(interaction["request"]["body"])
            answer = json.loads(interaction["response"]["body"]["string"])
            content = answer["choices"][0]["message"]["content"]
            requests.append(Recorded(cassette.stem, body, content))
    return requests


def without_article(body: dict[str, Any]) -> dict[str, Any]:
    """The same request with a one-sentence article: the shared prefix, not an article's."""
    messages = [*body["messages"][:-1], {"role": "user", "content": "[1] Kein Inhalt."}]
    return {**body, "messages": messages}


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class DraftingServer(EmbeddedModelServer):
    """The embedded server, with prompt lookup decoding when draft_tokens > 0."""

    def __init__(self, draft_tokens: int) -> None:
        super().__init__(Settings(llm_base_url=""))
        self.draft_tokens = draft_tokens

    def command(self, model_path: Path, port: int) -> list[str]:
        command = super().command(model_path, port)
        if self.draft_tokens:
            command += ["--draft_model", "prompt-lookup-decoding"]
            command += ["--draft_model_num_pred_tokens", str(self.draft_tokens)]
        return command


async def run_round(draft_tokens: int, requests: list[Recorded], tally: Tally) -> None:
    server = DraftingServer(draft_tokens)
    base_url = await server.start()
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=900) as client:
            # The shared prefix (system prompt and worked example) is evaluated once per server
            # process, as in the service: warm it with the first request, untimed.
            await client.post("/chat/completions", json=without_article(requests[0].body))
            per_article: dict[str, float] = {}
            for request in requests:
                started = time.monotonic()
                response = await client.post("/chat/completions", json=request.body)
                elapsed = time.monotonic() - started
                response.raise_for_status()
                answer = response.json()
                per_article[request.article] = per_article.get(request.article, 0.0) + elapsed
                tally.completion_tokens += answer["usage"]["completion_tokens"]
                tally.generation_seconds += elapsed
                tally.answers += 1
                tally.identical += answer["choices"][0]["message"]["content"] == request.content
        for article, seconds in per_article.items():
            tally.seconds.setdefault(article, []).append(seconds)
        assert server.process is not None
        tally.peak_rss_mib = max(tally.peak_rss_mib, peak_rss_mib(server.process.pid))
    finally:
        await server.stop()


def report(draft_tokens: int, tally: Tally) -> dict[str, object]:
    per_article = {a: statistics.median(s) for a, s in sorted(tally.seconds.items())}
    return {
        "draft_tokens": draft_tokens,
        "median_seconds_per_article": round(statistics.median(per_article.values()), 1),
        "seconds_per_article": {a: round(s, 1) for a, s in per_article.items()},
        "completion_tokens_per_second": round(
            tally.completion_tokens / tally.generation_seconds, 2
        ),
        "identical_answers": f"{tally.identical}/{tally.answers}",
        "peak_rss_mib": round(tally.peak_rss_mib),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draft-tokens", type=int, nargs="+", default=[0, 10])
    parser.add_argument("--rounds", type=int, default=1)
    arguments = parser.parse_args()
    requests = recorded_requests()
    tallies = {setting: Tally() for setting in arguments.draft_tokens}
    for number in range(arguments.rounds):
        for setting, tally in tallies.items():
            print(f"round {number + 1}: draft tokens {setting}", file=sys.stderr, flush=True)
            await run_round(setting, requests, tally)
    results = [report(setting, tally) for setting, tally in tallies.items()]
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
