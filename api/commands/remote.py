"""The command line as a client of a running service (`./run serve`): submit, ask, export.

    python -m api.commands.remote submit PATH...            # files or folders of .txt / .html
    python -m api.commands.remote ask "Wer leitete die Delegation aus Nottingham?"
    python -m api.commands.remote export partnerships --format csv --place Karlsruhe > karlsruhe.csv

The service is CITYLINKS_URL (default http://127.0.0.1:8000); CITYLINKS_API_KEY is sent as
the key where the service requires one. These go through the HTTP API like any client, so
the service's checks, limits and scopes apply.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(stderr=True)
MEDIA_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
FINISHED = ("done", "failed", "cancelled")
FILTERS = ("place", "date_from", "date_to", "name", "member")


def service() -> httpx.Client:
    headers = {}
    if key := os.environ.get("CITYLINKS_API_KEY"):
        headers["Authorization"] = f"Bearer {key}"
    base_url = os.environ.get("CITYLINKS_URL", "http://127.0.0.1:8000")
    return httpx.Client(base_url=base_url, headers=headers, timeout=httpx.Timeout(60, read=600))


class ServiceError(Exception):
    """The service refused a request: its status and what it said."""


def checked(answer: httpx.Response) -> httpx.Response:
    if answer.is_error:
        try:
            detail = answer.json().get("detail", answer.text)
        except ValueError:
            detail = answer.text
        raise ServiceError(f"{answer.request.method} {answer.request.url.path}: "
                           f"{answer.status_code} {detail}")  # fmt: skip
    return answer


def articles(paths: list[str]) -> Iterator[Path]:
    """The .txt and .html files named, and those inside the folders named, in order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in MEDIA_TYPES)
        elif path.suffix.lower() in MEDIA_TYPES:
            yield path
        else:
            raise ServiceError(f"{name}: not a .txt or .html file, nor a folder")


def submit(paths: list[str], wait: bool) -> int:
    files = list(articles(paths))
    rows = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with service() as http, Progress(*columns, console=console) as progress:
        task = progress.add_task("submitting", total=len(files))
        for path in files:
            progress.update(task, description=f"{path.name}")
            body = path.read_bytes()
            answer = checked(http.post(
                "/documents", content=body, headers={"content-type": MEDIA_TYPES[path.suffix.lower()]}
            )).json()  # fmt: skip
            extraction = answer["extraction"]
            while wait and extraction["status"] not in FINISHED:
                time.sleep(2)
                extraction = checked(http.get(answer["links"]["extraction"])).json()
            rows.append((path.name, answer["document"]["id"], answer["created"], extraction))
            progress.advance(task)
    show_submitted(rows)
    return 1 if any(extraction["status"] == "failed" for *_, extraction in rows) else 0


def show_submitted(rows: list[tuple[str, str, bool, dict[str, object]]]) -> None:
    table = Table("file", "document", "new", "extraction", "P", "V", "A", "error")
    for name, document_id, created, extraction in rows:
        result = extraction.get("result") or {}
        assert isinstance(result, dict)
        counts = [
            str(len(result.get(kind, []))) for kind in ("partnerships", "visits", "alliances")
        ]
        table.add_row(name, document_id, "yes" if created else "no", str(extraction["status"]),
                      *counts, str(extraction.get("error") or ""))  # fmt: skip
    Console(markup=False, highlight=False).print(table)


def ask(question: str) -> int:
    with service() as http:
        answer = checked(http.post("/ask", json={"question": question})).json()
    # Article text is printed as it is, not read as rich's markup ("[/quote]" would raise).
    out = Console(markup=False, highlight=False)
    if answer["status"] == "not_in_sources":
        out.print("Not in the sources.", answer["answer"])
        return 0
    out.print(answer["answer"])
    for citation in answer["citations"]:
        out.print(f"[{citation['n']}] {citation['document_id']} "
                  f"{citation['start']}-{citation['end']}: \u201c{citation['text']}\u201d")  # fmt: skip
    return 0


def export(kind: str, format: str, filters: dict[str, str]) -> int:
    params = {"format": format, **filters}
    with (
        service() as http,
        http.stream("GET", f"/export/{kind}", params=params) as answer,
    ):
        if answer.is_error:
            answer.read()
            checked(answer)
        for chunk in answer.iter_text():
            sys.stdout.write(chunk)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m api.commands.remote", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sending = commands.add_parser("submit", help="submit articles: files or folders of .txt/.html")
    sending.add_argument("paths", nargs="+")
    sending.add_argument("--no-wait", action="store_true", help="do not wait for the extractions")
    asking = commands.add_parser("ask", help="ask the stored articles a question")
    asking.add_argument("question")
    exporting = commands.add_parser("export", help="every fact of a type, to standard output")
    exporting.add_argument("kind", choices=["partnerships", "visits", "alliances"])
    exporting.add_argument("--format", choices=["csv", "jsonl", "geojson"], default="jsonl")
    for name in FILTERS:
        exporting.add_argument(
            f"--{name.replace('_', '-')}", dest=name, help="as on the list routes"
        )
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "submit":
            return submit(arguments.paths, not arguments.no_wait)
        if arguments.command == "ask":
            return ask(arguments.question)
        filters = {name: getattr(arguments, name) for name in FILTERS if getattr(arguments, name)}
        return export(arguments.kind, arguments.format, filters)
    except ServiceError as error:
        console.print(str(error), style="red", markup=False)
        return 2
    except httpx.HTTPError as error:
        address = os.environ.get("CITYLINKS_URL", "http://127.0.0.1:8000")
        message = f"the service at {address} did not answer: {error} (is ./run serve running?)"
        console.print(message, style="red", markup=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
