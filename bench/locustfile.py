"""Locust users for the load test: cached reads, and /ask answered from recorded model responses.

    locust -f bench/locustfile.py --headless --host URL CachedReader   # or Asker

Run by bench/load.py against bench/load_server.py, which has the five seeds stored. Users
send their next request as soon as the last one is answered (no think time), so the
figures are the service's capacity on this machine, not a model of real traffic.
CITYLINKS_LOAD_QUESTIONS may name a JSON file with the questions to ask (load.py writes
the ones that replayed in its smoke pass); otherwise every gold question is asked.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_TEXTS = [path.read_bytes() for path in sorted((FIXTURES / "seeds").glob("*.txt"))]
# Places the seeds name (some with facts, some without): the filter runs either way.
PLACES = ["Karlsruhe", "Nottingham", "Kaiserslautern", "Köln", "Hannover", "Krasnodar"]


def load_questions() -> list[str]:
    chosen = os.environ.get("CITYLINKS_LOAD_QUESTIONS")
    if chosen:
        questions: list[str] = json.loads(Path(chosen).read_text(encoding="utf-8"))
        return questions
    lines = (FIXTURES / "gold" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines]


QUESTIONS = load_questions()


class CachedReader(FastHttpUser):
    """Every read endpoint, and a resubmitted seed (a cache hit: no model call)."""

    wait_time = constant(0)
    document_ids: list[str] = []

    def on_start(self) -> None:
        if not CachedReader.document_ids:
            items = self.client.get("/documents").json()["items"]
            CachedReader.document_ids = [item["id"] for item in items]

    def some_document(self) -> str:
        return random.choice(self.document_ids)

    @task(2)
    def list_documents(self) -> None:
        self.client.get("/documents")

    @task(2)
    def get_document(self) -> None:
        self.client.get(f"/documents/{self.some_document()}", name="/documents/{id}")

    @task(2)
    def get_extraction(self) -> None:
        path = f"/documents/{self.some_document()}/extraction"
        self.client.get(path, name="/documents/{id}/extraction")

    @task(2)
    def list_partnerships(self) -> None:
        place = random.choice(PLACES)
        self.client.get(f"/partnerships?place={place}", name="/partnerships?place=")

    @task(2)
    def list_visits(self) -> None:
        self.client.get("/visits")

    @task(2)
    def list_alliances(self) -> None:
        self.client.get("/alliances")

    @task(1)
    def resubmit_seed(self) -> None:
        with self.client.post(
            "/documents",
            data=random.choice(SEED_TEXTS),
            headers={"content-type": "text/plain"},
            name="/documents (cache hit)",
            catch_response=True,
        ) as response:
            # 200 with created=false is the cache hit; anything else means real work was done.
            if response.status_code == 200 and response.json()["created"] is False:
                response.success()
            else:
                response.failure(f"not a cache hit: HTTP {response.status_code}")


class Asker(FastHttpUser):
    """POST /ask with the gold questions; the service's model calls replay recordings."""

    wait_time = constant(0)

    @task
    def ask(self) -> None:
        question = random.choice(QUESTIONS)
        with self.client.post("/ask", json={"question": question}, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif response.json()["status"] not in ("answered", "not_in_sources"):
                response.failure(f"unexpected status {response.json()['status']!r}")
            else:
                response.success()
