"""The evaluation command: run the pipeline over articles with gold labels and score it.

    python -m api.evaluation.runner --mode recorded     # replay recorded model responses (CI)
    python -m api.evaluation.runner --mode live         # the configured endpoint, or the embedded model

Writes a table to the terminal, and report.json, report.md and f1.png to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.answering.answerer import Answerer, Turn
from api.evaluation.scoring import (
    TYPES,
    TypeScore,
    citation_precision,
    overlaps_quote,
    score_document,
    states_answer,
)
from api.extraction.extractor import Extractor
from api.extraction.service import (
    CacheKeyParts,
    ExtractionService,
    schema_version,
    verifier_version,
)
from api.language.text import normalize_text
from api.model.client import CallRecord, ModelClient, StructuredModel
from api.model.prompts import load_ask_prompts, load_prompts
from api.settings import Settings
from api.storage.search import SentenceIndex
from api.storage.store import Store
from api.storage.tables import create_engine
from schemas.http import DocumentIn

ROOT = Path(__file__).resolve().parents[2]
RECORDED_BASE_URL = "http://127.0.0.1:8099/v1"  # any URL: replay matches on path and body
QUESTIONS_CASSETTE = "test_gold_questions_are_answered_with_checked_citations_or_refused.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    gold: dict[str, Any]
    set: str = "seeds"

    @property
    def cassette(self) -> str:
        """The cassette that holds this article's recorded responses."""
        prefix = "seed" if self.set == "seeds" else self.set
        return f"{prefix}_{self.name[:3]}.yaml"


@dataclass(frozen=True)
class ArticleSet:
    """A folder of articles, their gold labels, and the questions about them."""

    name: str
    articles: str  # folder under fixtures/
    gold: str
    questions: str  # qa.jsonl under fixtures/
    # The recorded answers to the questions (tests/answering/test_ask_recorded.py records them).
    questions_cassette: str


# The seeds the product was conceived from, and real articles it was not built on.
SETS = {
    "seeds": ArticleSet("seeds", "seeds", "gold", "gold/qa.jsonl", QUESTIONS_CASSETTE),
    "devset": ArticleSet(
        "devset",
        "devset/docs",
        "devset/gold",
        "devset/qa.jsonl",
        "test_devset_questions_are_answered_with_checked_citations_or_refused.yaml",
    ),
}


@dataclass
class Run:
    """What the pipeline returned for one case, and what it cost."""

    result: dict[str, Any]
    seconds: float
    calls: list[CallRecord] = field(default_factory=list)
    error: str | None = None
    model_seconds: float | None = None  # when replaying: the model's time when recorded

    @property
    def seconds_in_model(self) -> float:
        if self.model_seconds is not None:
            return self.model_seconds
        return sum(call.duration_ms for call in self.calls) / 1000


def load_cases(
    fixtures: Path, article_set: ArticleSet = SETS["seeds"], labelled_only: bool = True
) -> list[Case]:
    """The set's articles with their labels; `labelled_only=False`: every article, for the
    questions (an article without a label gets an empty one)."""
    cases = []
    for article in sorted((fixtures / article_set.articles).glob("*.txt")):
        gold_path = fixtures / article_set.gold / f"{article.stem}.json"
        if gold_path.exists() or not labelled_only:
            gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
            text = normalize_text(article.read_text(encoding="utf-8"))
            cases.append(Case(article.stem, text, gold, article_set.name))
    return cases


def load_questions(fixtures: Path, article_set: ArticleSet) -> list[dict[str, Any]]:
    """The set's questions, one JSON object a line (question, answer, evidence, kind)."""
    lines = (fixtures / article_set.questions).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


async def run_case(extractor: Extractor, case: Case) -> Run:
    calls: list[CallRecord] = []

    async def log(record: CallRecord) -> None:
        calls.append(record)

    started = time.monotonic()
    try:
        result = await extractor.extract(case.text, None, log)
    except Exception as error:  # a failed article is scored as returning nothing
        return Run({}, time.monotonic() - started, calls, str(error))
    return Run(result.model_dump(mode="json"), time.monotonic() - started, calls)


def recorded_seconds(cassette: Any) -> float:
    """How long the model took, when recording, for the responses this replay played."""
    played = [cassette.responses[index] for index, count in cassette.play_counts.items() if count]
    return sum(_processing_ms(response) for response in played) / 1000


def _processing_ms(response: dict[str, Any]) -> float:
    """The model's milliseconds for a recorded response: llama-server's own `timings` in the
    body, else the `openai-processing-ms` header that other servers send."""
    with contextlib.suppress(ValueError, TypeError, KeyError):
        timings = json.loads(response["body"]["string"])["timings"]
        return float(timings["prompt_ms"]) + float(timings["predicted_ms"])
    values = response.get("headers", {}).get("openai-processing-ms") or ["0"]
    return float(values[0])


async def run_all(
    cases: list[Case], model: StructuredModel, cassettes: Path | None
) -> dict[str, Run]:
    extractor = Extractor(model, load_prompts())
    runs = {}
    for case in cases:
        with _cassette(cassettes, case.cassette) as cassette:
            run = await run_case(extractor, case)
        if cassette is not None:
            run.model_seconds = recorded_seconds(cassette)
        runs[case.name] = run
    return runs


async def answer_questions(
    fixtures: Path,
    article_set: ArticleSet,
    model: StructuredModel,
    cassettes: Path | None,
    folder: Path,
) -> dict[str, Any]:
    """Store and extract the set's articles as the service does, all of them in one
    collection, then ask every question about them."""
    store = Store(create_engine(f"sqlite+aiosqlite:///{folder / f'{article_set.name}.db'}"))
    await store.create_schema()
    index = SentenceIndex(store.engine)
    generation = Settings().generation_settings()
    parts = CacheKeyParts("eval", schema_version(), model.model, generation, verifier_version())
    service = ExtractionService(store, Extractor(model, load_prompts()), parts, index)
    texts = {}
    for case in load_cases(fixtures, article_set, labelled_only=False):
        with _cassette(cassettes, case.cassette):
            stored, extraction, _ = await service.submit(DocumentIn(text=case.text))
            await service.run(extraction.id)
        texts[stored.id] = stored.text
    answerer = Answerer(store, index, model, load_ask_prompts())
    questions = load_questions(fixtures, article_set)
    with _cassette(cassettes, article_set.questions_cassette):
        answers = [await answerer.ask([Turn("user", q["question"])]) for q in questions]
    await store.engine.dispose()
    return score_questions(questions, [a.model_dump() for a in answers], texts)


@contextlib.contextmanager
def _cassette(cassettes: Path | None, name: str) -> Iterator[Any]:
    """Serve the model's answers from a recorded cassette (yielded); nothing when live."""
    if cassettes is None:
        yield None
        return
    import vcr  # a test dependency: only the recorded mode needs it

    matching = ["method", "path", "body"]
    with vcr.use_cassette(str(cassettes / name), record_mode="none", match_on=matching) as cassette:
        yield cassette


def score_questions(
    questions: list[dict[str, Any]], answers: list[dict[str, Any]], texts: dict[str, str]
) -> dict[str, Any]:
    pairs = list(zip(questions, answers, strict=True))
    outcomes = [outcome(q, a) for q, a in pairs]
    answerable = [(q, a) for q, a in pairs if q["kind"] != "unanswerable"]
    precision = [citation_precision(a["citations"], q["evidence"], texts) for q, a in answerable]
    cited = sum(total for _, total in precision)
    return {
        "answerable": len(answerable),
        "answered_correctly": outcomes.count("right"),
        "wrong": outcomes.count("wrong"),
        "false_refusals": outcomes.count("false refusal"),
        "unanswerable": len(pairs) - len(answerable),
        "refused_correctly": outcomes.count("refused"),
        "invented": outcomes.count("invented"),
        "citation_precision": round(sum(hits for hits, _ in precision) / cited, 3)
        if cited
        else 1.0,
        "median_seconds": round(statistics.median(a["diagnostics"]["seconds"] for a in answers), 2),
        "per_question": [
            {
                "question": q["question"],
                "kind": q["kind"],
                "outcome": result,
                "status": a["status"],
                "answer": a["answer"],
                "gold": q["answer"],
                "seconds": a["diagnostics"]["seconds"],
                "answered_from": a["diagnostics"].get("answered_from"),
                # Why an answer was refused: which check, or what the model said.
                "reason": a["diagnostics"].get("reason"),
                # Each cited span, and whether it overlaps a gold evidence sentence.
                "citations": [
                    {
                        "text": c["text"],
                        "on_evidence": overlaps_quote(texts[c["document_id"]], c, q["evidence"]),
                    }
                    for c in a["citations"]
                ],
            }
            for (q, a), result in zip(pairs, outcomes, strict=True)
        ],
    }


def outcome(question: dict[str, Any], answer: dict[str, Any]) -> str:
    """right or wrong (answered), false refusal (answerable, not answered); for a question
    the articles do not answer: refused, or invented."""
    answered = answer["status"] == "answered"
    if question["kind"] == "unanswerable":
        return "refused" if answer["status"] == "not_in_sources" else "invented"
    if not answered:
        return "false refusal"
    return (
        "right"
        if states_answer(answer["answer"], question["answer"], question["question"])
        else "wrong"
    )


def score(cases: list[Case], runs: dict[str, Run]) -> dict[str, Any]:
    totals = {kind: TypeScore() for kind in TYPES}
    for case in cases:
        predicted = runs[case.name].result
        for kind in TYPES:
            score_document(
                kind,
                predicted.get(kind, []),
                case.gold.get(kind, []),
                case.text,
                case.name,
                totals[kind],
            )
    return {
        "types": {kind: totals[kind].summary() for kind in TYPES},
        "hallucinations": [
            {"type": kind, **_describe(item)}
            for kind in TYPES
            for item in totals[kind].hallucinations
        ],
        "cost": _cost(runs),
        "dropped": _dropped_by_reason(runs),
        "articles": {name: _article(run) for name, run in runs.items()},
    }


def score_sets(cases: list[Case], runs: dict[str, Run]) -> dict[str, Any]:
    """Each set scored alone and, when there are several, all of them together."""
    reports = {}
    for name in dict.fromkeys(case.set for case in cases):
        members = [case for case in cases if case.set == name]
        reports[name] = score(members, {case.name: runs[case.name] for case in members})
    if len(reports) > 1:
        reports["all"] = score(cases, runs)
    return reports


def _dropped_by_reason(runs: dict[str, Run]) -> dict[str, int]:
    """How many values verification dropped, per reason ("visits.leaders: not in the text")."""
    counts: collections.Counter[str] = collections.Counter()
    for run in runs.values():
        for dropped in run.result.get("diagnostics", {}).get("dropped", []):
            counts[f"{dropped['type']}.{dropped['field']}: {dropped['reason']}"] += 1
    return dict(counts.most_common())


def _describe(hallucination: dict[str, Any]) -> dict[str, Any]:
    item = hallucination["item"]
    return {
        "document": hallucination["document"],
        "summary": _label(item),
        "evidence": [span["text"] for span in item.get("evidence", [])],
    }


def _label(item: dict[str, Any]) -> str:
    if "places" in item:
        return " / ".join(place["name"] for place in item["places"])
    if "members" in item:
        return str(item["name"])
    origin = (item.get("from_place") or {}).get("name") or item.get("from_organisation")
    return f"{origin} -> {(item.get('host_place') or {}).get('name')}"


def _cost(runs: dict[str, Run]) -> dict[str, Any]:
    live_seconds = [run.seconds_in_model for run in runs.values()]
    return {
        "articles": len(runs),
        "failed": sum(run.error is not None for run in runs.values()),
        "model_calls": sum(len(run.calls) for run in runs.values()),
        "prompt_tokens": sum(call.prompt_tokens for run in runs.values() for call in run.calls),
        "completion_tokens": sum(
            call.completion_tokens for run in runs.values() for call in run.calls
        ),
        "median_seconds_per_article": round(statistics.median(live_seconds), 2)
        if live_seconds
        else 0.0,
    }


def _article(run: Run) -> dict[str, Any]:
    return {
        "seconds": round(run.seconds_in_model, 2),
        "model_calls": len(run.calls),
        "prompt_tokens": sum(call.prompt_tokens for call in run.calls),
        "completion_tokens": sum(call.completion_tokens for call in run.calls),
        "error": run.error,
        "counts": {kind: len(run.result.get(kind, [])) for kind in TYPES},
    }


def table(report: dict[str, Any]) -> str:
    """Every set's scores, then the questions."""
    lines = []
    for name, scored in report["sets"].items():
        lines += [f"== {name}", *_set_table(scored)]
    for name, questions in report.get("questions", {}).items():
        lines.append(
            f"questions ({name}): right {questions['answered_correctly']}/{questions['answerable']}"
            f" (wrong {questions['wrong']}, false refusals {questions['false_refusals']}), "
            f"unanswerable refused {questions['refused_correctly']}/{questions['unanswerable']}, "
            f"citation precision {questions['citation_precision']:.2f}, "
            f"median {questions['median_seconds']} s per question"
        )
    return "\n".join(lines)


def _set_table(scored: dict[str, Any]) -> list[str]:
    lines = [f"{'type':<13}{'P':>7}{'R':>7}{'F1':>7}{'ground':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for kind, values in scored["types"].items():
        lines.append(
            f"{kind:<13}{values['precision']:>7.2f}{values['recall']:>7.2f}{values['f1']:>7.2f}"
            f"{values['grounding']:>8.2f}{values['tp']:>5}{values['fp']:>5}{values['fn']:>5}"
        )
    cost = scored["cost"]
    lines.append(
        f"articles {cost['articles']} (failed {cost['failed']}), model calls {cost['model_calls']}, "
        f"tokens {cost['prompt_tokens']} prompt + {cost['completion_tokens']} completion, "
        f"median {cost['median_seconds_per_article']} s per article"
    )
    return lines


# A trimmed report of an earlier run (scores, drops, cost, question totals) that each report
# is set beside: main at the start of the work on articles never seen, on today's recordings.
BEFORE = ROOT / "bench" / "results" / "eval-before.json"


def before_and_after(report: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """Markdown: every set's and type's P / R / F1 before and after, the values dropped by
    reason before and after, and the questions' totals."""
    lines = [f"## Before and after ({before.get('measured', 'an earlier run')})", ""]
    lines += ["| set | type | before P / R / F1 | after P / R / F1 |", "|---|---|---|---|"]
    for name, scored in report["sets"].items():
        earlier = before["sets"].get(name, {}).get("types", {})
        for kind, values in scored["types"].items():
            lines.append(f"| {name} | {kind} | {_prf(earlier.get(kind))} | {_prf(values)} |")
    lines += ["", "| set | dropped because | before | after |", "|---|---|---|---|"]
    for name, scored in report["sets"].items():
        earlier = before["sets"].get(name, {}).get("dropped", {})
        for reason in sorted(set(earlier) | set(scored["dropped"])):
            after = scored["dropped"].get(reason, 0)
            lines.append(f"| {name} | {reason} | {earlier.get(reason, 0)} | {after} |")
    lines += ["", "| questions | right before | right after |", "|---|---|---|"]
    for name, questions in report.get("questions", {}).items():
        earlier = before.get("questions", {}).get(name, {})
        lines.append(
            f"| {name} | {earlier.get('answered_correctly', '-')}/{earlier.get('answerable', '-')}"
            f" | {questions['answered_correctly']}/{questions['answerable']} |"
        )
    return [*lines, ""]


def _prf(values: dict[str, Any] | None) -> str:
    if not values:
        return "-"
    return f"{values['precision']:.2f} / {values['recall']:.2f} / {values['f1']:.2f}"


def markdown(
    report: dict[str, Any], chart: str, mode: str, before: dict[str, Any] | None = None
) -> str:
    lines = [f"# Extraction evaluation ({mode})", "", "```", table(report), "```", ""]
    lines += [f"![F1 and seconds]({chart})", ""]
    if before is not None:
        lines += before_and_after(report, before)
    for name, scored in report["sets"].items():
        lines += [f"## {name}", "", *_set_markdown(scored)]
    for name, questions in report.get("questions", {}).items():
        lines += [f"## Questions ({name})", ""]
        # The misses first, wrong answers and false refusals apart: they are the work left.
        for wanted in ("wrong", "false refusal", "invented", "right", "refused"):
            items = [item for item in questions["per_question"] if item["outcome"] == wanted]
            if not items:
                continue
            lines += [f"### {wanted} ({len(items)})", ""]
            lines += [
                "| kind | question | answer | gold | reason | citations off the evidence |",
                "|---|---|---|---|---|---|",
            ]
            for item in items:
                answer = str(item["answer"]).replace("|", "/").replace("\n", " ")
                reason = str(item.get("reason") or "").replace("|", "/")
                cited = item["citations"]
                off = (
                    sum(not c["on_evidence"] for c in cited)
                    if item["kind"] != "unanswerable"
                    else 0
                )
                lines.append(
                    f"| {item['kind']} | {item['question']} | {answer} | {item['gold']} | {reason}"
                    f" | {off} of {len(cited)} |"
                )
            lines.append("")
    return "\n".join(lines) + "\n"


def _set_markdown(scored: dict[str, Any]) -> list[str]:
    lines = ["### Field accuracy of matched items", ""]
    for kind, values in scored["types"].items():
        fields = ", ".join(f"{name} {score:.2f}" for name, score in values["fields"].items())
        lines.append(f"- **{kind}**: {fields or 'no matched items'}")
    lines += ["", "### Values dropped by verification, by reason", ""]
    lines += [f"- {reason}: {count}" for reason, count in scored["dropped"].items()] or ["- none"]
    lines += [
        "",
        "### Per article",
        "",
        "| article | seconds | calls | prompt tokens | completion tokens | items | error |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, article in scored["articles"].items():
        counts = ", ".join(f"{kind} {count}" for kind, count in article["counts"].items())
        lines.append(
            f"| {name} | {article['seconds']} | {article['model_calls']} | {article['prompt_tokens']} | "
            f"{article['completion_tokens']} | {counts} | {article['error'] or ''} |"
        )
    lines += ["", "### Hallucinations (predicted items with no gold counterpart)", ""]
    for item in scored["hallucinations"]:
        evidence = " / ".join(text[:90] for text in item["evidence"])
        lines.append(f"- {item['document']} {item['type']}: **{item['summary']}**: {evidence}")
    return [*lines, ""]


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sets = list(report["sets"])
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    width = 0.8 / len(sets)
    for position, name in enumerate(sets):
        kinds = list(report["sets"][name]["types"])
        scores = [report["sets"][name]["types"][kind]["f1"] for kind in kinds]
        left.bar([k + position * width for k in range(len(kinds))], scores, width, label=name)
        left.set_xticks([k + width * (len(sets) - 1) / 2 for k in range(len(kinds))], kinds)
    left.set_ylim(0, 1)
    left.set_title("Item F1 per type")
    left.legend()
    articles = report["sets"].get("all", report["sets"][sets[0]])["articles"]
    right.bar([name[:3] for name in articles], [a["seconds"] for a in articles.values()])
    right.set_title("Model seconds per article")
    right.tick_params(axis="x", rotation=90)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def write_report(
    report: dict[str, Any], out: Path, mode: str, before: Path | None = BEFORE
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    plot(report, out / "f1.png")
    earlier = json.loads(before.read_text(encoding="utf-8")) if before and before.exists() else None
    (out / "report.md").write_text(markdown(report, "f1.png", mode, earlier), encoding="utf-8")


async def evaluate(
    mode: str,
    fixtures: Path,
    cassettes: Path,
    sets: tuple[str, ...] = tuple(SETS),
    questions: bool = True,
) -> dict[str, Any]:
    """Extract every article of the sets and score them; then ask each set's questions."""
    cases = [case for name in sets for case in load_cases(fixtures, SETS[name])]
    settings = Settings()
    server = None
    if mode == "recorded":
        model: StructuredModel = ModelClient(settings, RECORDED_BASE_URL, "gbnf")
    else:
        from api.runtime import start_model

        model, server = await start_model(settings)
    replay = cassettes if mode == "recorded" else None
    try:
        report: dict[str, Any] = {"sets": score_sets(cases, await run_all(cases, model, replay))}
        if questions:
            report["questions"] = {}
            with tempfile.TemporaryDirectory() as folder:
                for name in sets:
                    report["questions"][name] = await answer_questions(
                        fixtures, SETS[name], model, replay, Path(folder)
                    )
    finally:
        await model.close()
        if server is not None:
            await server.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Score the extraction pipeline against gold labels."
    )
    parser.add_argument("--mode", choices=["recorded", "live"], default="recorded")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "fixtures")
    parser.add_argument(
        "--cassettes", type=Path, default=ROOT / "tests" / "cassettes" / "test_extraction_recorded"
    )
    parser.add_argument(
        "--set", dest="sets", action="append", choices=list(SETS), help="default: every set"
    )
    parser.add_argument(
        "--no-questions", action="store_true", help="skip answering the seed questions"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "eval")
    parser.add_argument(
        "--before", type=Path, default=BEFORE, help="an earlier report.json to set beside"
    )
    args = parser.parse_args()
    sets = tuple(args.sets or SETS)
    report = asyncio.run(
        evaluate(args.mode, args.fixtures, args.cassettes, sets, not args.no_questions)
    )
    write_report(report, args.out, args.mode, args.before)
    print(table(report))
    print(f"report: {args.out / 'report.md'}")


if __name__ == "__main__":
    main()
