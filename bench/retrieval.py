"""Retrieval latency over a synthetic collection: python bench/retrieval.py [--sentences 100000].

Builds the same FTS5 sentence index the service uses, in a temporary SQLite file, from
generated German sentences about cities, then times full-text queries (median and p99).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.language.text import Sentence
from api.storage.search import SentenceIndex, search_terms
from api.storage.store import Store
from api.storage.tables import create_engine

CITIES = [
    "Lyon",
    "Gent",
    "Krakau",
    "Tampere",
    "Leeds",
    "Bologna",
    "Brünn",
    "Aarhus",
    "Graz",
    "Nantes",
    "Porto",
    "Kaunas",
    "Pécs",
    "Utrecht",
    "Malmö",
    "Dijon",
    "Split",
    "Lille",
    "Basel",
    "Linz",
]
SUBJECTS = [
    "Die Delegation",
    "Der Bürgermeister",
    "Die Partnerstadt",
    "Das Netzwerk",
    "Die Allianz",
    "Eine Gruppe von Unternehmern",
    "Der Stadtrat",
    "Die Wirtschaftsförderung",
]
VERBS = [
    "besuchte",
    "unterzeichnete ein Abkommen mit",
    "trat dem Bündnis bei mit",
    "empfing Gäste aus",
    "vereinbarte eine Kooperation mit",
    "reiste nach",
    "feierte das Jubiläum mit",
]
TOPICS = ["Energie", "Kultur", "Tourismus", "Mobilität", "Bildung", "Gesundheit", "Digitalisierung"]
QUESTIONS = [
    "Welche Delegation besuchte Lyon?",
    "Wann trat Gent dem Bündnis bei?",
    "Who led the delegation to Krakau?",
    "Welche Partnerstädte hat Tampere?",
    "Kooperation Energie Leeds",
    "Bürgermeister Bologna Kultur",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} aus {rng.choice(CITIES)} {rng.choice(VERBS)} "
        f"{rng.choice(CITIES)} zum Thema {rng.choice(TOPICS)} im Jahr {rng.randint(1960, 2024)}."
    )


async def build(index: SentenceIndex, count: int, per_document: int = 40) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    for number in range(0, count, per_document):
        sentences, offset = [], 0
        for position in range(per_document):
            text = sentence(rng)
            sentences.append(Sentence(position, offset, offset + len(text), text, position, False))
            offset += len(text) + 1
        await index.add(f"doc{number // per_document}", sentences)
    return time.perf_counter() - started


async def measure(count: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await Store(engine).create_schema()
        index = SentenceIndex(engine)
        seconds = await build(index, count)
        timings = []
        for _ in range(repeats):
            for question in QUESTIONS:
                started = time.perf_counter()
                await index.search(search_terms(question), 8)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(
            f"sentences {count}, indexed in {seconds:.1f} s; {len(timings)} queries: "
            f"median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms"
        )
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=50)
    arguments = parser.parse_args()
    asyncio.run(measure(arguments.sentences, arguments.repeats))


if __name__ == "__main__":
    main()
