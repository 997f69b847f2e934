"""Documents and extractions: store first, extract in the background, serve cached results (no Litestar here)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from api.errors import InvalidInput, NotFound, PayloadTooLarge, TooManyRequests, UpstreamError
from api.extraction.extractor import FACT_TYPE, Extractor
from api.extraction.queue import WorkQueue
from api.language.names import fold
from api.language.places import gazetteer_file
from api.language.text import html_to_text, normalize_text, split_sentences
from api.metrics import Metrics
from api.model.client import CallRecord
from api.storage.extractions import NewFact
from api.storage.facts import FactFilter
from api.storage.repository import Conflict
from api.storage.search import SentenceIndex
from api.storage.store import Store
from api.storage.tables import DocumentRow, ExtractionRow, ModelCallRow, as_utc
from schemas.contract import ExtractionResult
from schemas.http import (
    DocumentIn,
    DocumentListItem,
    DocumentSummary,
    ExtractionOut,
    FactCounts,
    ModelCallOut,
)
from schemas.llm import ANSWER_MODELS, visits_of_sentence

logger = logging.getLogger(__name__)
API_DIR = Path(__file__).resolve().parents[1]


def schema_version() -> str:
    """Hash of the public and model-facing schemas: a schema change means a new extraction."""
    schemas = [ExtractionResult.model_json_schema()] + [
        model.model_json_schema() for model in ANSWER_MODELS
    ]
    # The answer about one sentence's visits, built per sentence: its shape, for some sentence.
    schemas.append(visits_of_sentence(0, ("A",), ("B",)).model_json_schema())
    return hashlib.sha256(json.dumps(schemas, sort_keys=True).encode()).hexdigest()[:12]


# The code and data that turn the model's answers into facts: a change to any of them means
# a new extraction, so a fix to verification reaches the results already stored.
VERIFIER_SOURCES = (
    "extraction/extractor.py",
    "extraction/verify.py",
    "extraction/passing.py",
    "language/*.py",
    "language/data/places.json",
)


def verifier_sources() -> list[Path]:
    return sorted(path for pattern in VERIFIER_SOURCES for path in API_DIR.glob(pattern))


@functools.cache
def verifier_version() -> str:
    """Hash of the verification code and its data (and the gazetteer's version)."""
    digest = hashlib.sha256()
    for path in verifier_sources():
        name = path.relative_to(API_DIR).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes())
    digest.update(gazetteer_file().name.encode())
    return digest.hexdigest()[:12]


def new_worker_id() -> str:
    """host:pid:random, unique among the workers sharing a database."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _process_gone(worker_id: str) -> bool:
    """Whether a worker of this host is certainly gone: its process died, or it is an earlier
    runtime of this very process. Workers of other hosts are judged by their lease only."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:32] or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # and not this runtime's id (checked by the caller)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class Limits:
    """What one input may cost (the defaults are Settings' defaults)."""

    document_chars: int = 400_000
    document_tokens: int | None = 200_000
    unfinished_per_key: int = 20


@dataclass(frozen=True)
class CacheKeyParts:
    prompt_version: str
    schema_version: str
    model: str
    generation: dict[str, Any]
    verifier_version: str

    def key(self, text_sha256: str) -> str:
        payload = json.dumps(
            [
                text_sha256,
                self.prompt_version,
                self.schema_version,
                self.model,
                self.generation,
                self.verifier_version,
            ],
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def prepare_text(document: DocumentIn) -> tuple[str, str]:
    """The cleaned text to store and its source format; empty text is refused."""
    if (document.text is None) == (document.html is None):
        raise InvalidInput("give exactly one of 'text' or 'html'")
    if document.html is not None:
        text, source_format = html_to_text(document.html), "html"
    else:
        text, source_format = normalize_text(document.text or ""), "text"
    if not text.strip():
        raise InvalidInput(f"the document is empty: its {source_format} holds no text")
    return text, source_format


def parse_document_json(body: bytes) -> DocumentIn:
    try:
        return DocumentIn.model_validate_json(body)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc']) or 'body'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise InvalidInput(f"invalid document: {problems}") from error


EXCERPT_CHARACTERS = 160


@functools.lru_cache(maxsize=4096)
def excerpt_of(text: str) -> str:
    """The text's start for a list: its prose, without the navigation and banners before it
    (kept per text: the documents page lists the same texts every few seconds)."""
    prose = " ".join(s.text for s in split_sentences(text)[:20] if not s.boilerplate)
    return (prose or text)[:EXCERPT_CHARACTERS]


def list_item(row: DocumentRow, status: str | None, facts: dict[str, int]) -> DocumentListItem:
    counts = FactCounts(**{kind: facts.get(FACT_TYPE[kind], 0) for kind in FACT_TYPE})
    return DocumentListItem(
        **summary(row).model_dump(),
        excerpt=excerpt_of(row.text),
        extraction_status=status,
        facts=counts,
    )


def summary(row: DocumentRow) -> DocumentSummary:
    return DocumentSummary.model_validate(row, from_attributes=True)


@dataclass
class ExtractionService:
    """Stores documents, keeps one extraction per (document, cache key), and runs them."""

    store: Store
    extractor: Extractor
    key_parts: CacheKeyParts
    index: SentenceIndex
    worker_id: str = field(default_factory=new_worker_id)
    lease_seconds: float = 60.0
    limits: Limits = field(default_factory=Limits)
    metrics: Metrics | None = None
    queue: WorkQueue | None = field(default=None, init=False)

    async def submit(
        self, document: DocumentIn, requested_by: str | None = None
    ) -> tuple[DocumentRow, ExtractionRow, bool]:
        """Store the document (before any model call) and queue its extraction unless cached.

        `requested_by`: the API key asking, held to `limits.unfinished_per_key` extractions.
        """
        text, source_format = prepare_text(document)
        if len(text) > self.limits.document_chars:
            raise PayloadTooLarge(
                f"the document's text has {len(text)} characters; the limit is "
                f"{self.limits.document_chars} (CITYLINKS_MAX_DOCUMENT_CHARS)"
            )
        digest = hashlib.sha256(text.encode()).hexdigest()
        if requested_by is not None:
            await self._check_unfinished(requested_by, digest)
        row = DocumentRow(
            id=digest[:24],
            text_sha256=digest,
            text=text,
            url=document.url,
            title=document.title,
            published_at=document.published_at,
            language=document.language,
            source_format=source_format,
        )
        stored, created = await self.store.documents.add(row)
        if created:
            await self.index.add(stored.id, split_sentences(stored.text))
        extraction = await self.ensure_extraction(stored, requested_by)
        if self.metrics is not None:
            outcome = "cache_hit" if extraction.status == "done" else "queued"
            self.metrics.submissions.labels(outcome).inc()
        return stored, extraction, created

    async def _check_unfinished(self, requested_by: str, digest: str) -> None:
        """Refuse new work (not a cached or already queued document) over the key's limit."""
        if await self.store.extractions.find(digest[:24], self.key_parts.key(digest)) is not None:
            return
        unfinished = await self.store.extractions.unfinished_of(requested_by)
        if unfinished >= self.limits.unfinished_per_key:
            raise TooManyRequests(
                f"this API key has {unfinished} extractions pending or running; the limit is "
                f"{self.limits.unfinished_per_key} (CITYLINKS_EXTRACTIONS_PER_KEY)",
                retry_after=30,
            )

    async def delete(self, document_id: str) -> None:
        await self.store.documents.delete(document_id)
        await self.index.remove(document_id)

    async def index_unindexed_documents(self) -> None:
        """Documents stored before the index existed become searchable at start-up."""
        indexed = await self.index.indexed_documents()
        for document_id in await self.store.documents.ids():
            if document_id not in indexed:  # only these texts are read
                document = await self.store.documents.get(document_id)
                # Conflict: another process starting at the same time indexed it.
                with contextlib.suppress(Conflict):
                    await self.index.add(document_id, split_sentences(document.text))

    async def ensure_extraction(
        self, document: DocumentRow, requested_by: str | None = None
    ) -> ExtractionRow:
        """The extraction under the current key; a new one is queued, a finished one served.

        One a cancelled job left behind is queued again: the document was asked for.
        """
        extraction, created = await self.store.extractions.get_or_create(
            self._new_extraction(document.id, document.text_sha256, requested_by)
        )
        if extraction.status == "cancelled" and await self.store.extractions.requeue(extraction.id):
            extraction = await self.store.extractions.get(extraction.id)
        if created or extraction.status in ("pending", "running"):
            await self.enqueue(extraction)
        return extraction

    async def recover_abandoned(self) -> None:
        """Running extractions whose worker is gone become pending: a dead process on this
        host (or an earlier run of this one), or any worker whose lease ran out."""
        now = dt.datetime.now(dt.UTC)
        expired = now - dt.timedelta(seconds=self.lease_seconds)
        abandoned = [
            extraction_id
            for extraction_id, worker, beat in await self.store.extractions.running_claims()
            if worker is None
            or (worker != self.worker_id and _process_gone(worker))
            or beat is None
            or as_utc(beat) < expired
        ]
        await self.store.extractions.release_claims(abandoned)

    async def extraction_for(self, document_id: str, text_sha256: str) -> ExtractionRow | None:
        """The document's extraction under the current key, created if missing (not queued);
        None when the document was deleted meanwhile. Its text is not read."""
        row = self._new_extraction(document_id, text_sha256)
        try:
            extraction, _ = await self.store.extractions.get_or_create(row)
        except Conflict:  # the document is gone, or another process created the row
            return await self.store.extractions.find(document_id, row.cache_key)
        return extraction

    async def retry(self, document_id: str, requested_by: str | None = None) -> ExtractionRow:
        document = await self.store.documents.get(document_id)
        extraction = await self.ensure_extraction(document, requested_by)
        if extraction.status == "failed" and await self.store.extractions.requeue(extraction.id):
            extraction = await self.store.extractions.get(extraction.id)
            await self.enqueue(extraction)
        return extraction

    async def wait(self, extraction_id: int, seconds: float) -> ExtractionRow:
        if self.queue is not None:
            await self.queue.wait(extraction_id, seconds)
        return await self.store.extractions.get(extraction_id)

    async def enqueue(self, extraction: ExtractionRow) -> None:
        if self.queue is not None:
            await self.queue.submit(extraction.id, extraction.attempts)

    async def view(self, document_id: str) -> ExtractionOut:
        document = await self.store.documents.get(document_id)
        key = self.key_parts.key(document.text_sha256)
        current = await self.store.extractions.find(document_id, key)
        if current is None:
            current = await self.ensure_extraction(document)
        return await self.describe(current)

    async def describe(self, extraction: ExtractionRow) -> ExtractionOut:
        served = extraction
        if extraction.status != "done" and extraction.result is None:
            served = (
                await self.store.extractions.latest_finished(extraction.document_id) or extraction
            )
        result = ExtractionResult.model_validate(served.result) if served.result else None
        calls = await self.store.extractions.model_calls(extraction.id)
        described = ExtractionOut.model_validate(extraction, from_attributes=True)
        return described.model_copy(
            update={
                "result": result,
                "result_is_current": extraction.status == "done" and result is not None,
                "model_calls": [
                    ModelCallOut.model_validate(call, from_attributes=True) for call in calls
                ],
            }
        )

    async def run(self, extraction_id: int) -> bool:
        """Extract one queued document and record the outcome; failures are stored, not raised.

        The extraction is claimed first, so it runs once even when several workers are handed
        it; while it runs, the claim's lease is renewed so other workers know this one lives.
        False when it was not this worker's to run (done, cancelled, or running elsewhere).
        """
        if not await self.store.extractions.claim(
            extraction_id, self.worker_id, self.lease_seconds
        ):
            return False
        extraction = await self.store.extractions.get(extraction_id)
        try:
            document = await self.store.documents.get(extraction.document_id)
        except NotFound:
            return True  # deleted while queued (its extraction went with it)

        async def log(record: CallRecord) -> None:
            await self.store.extractions.log_model_call(
                ModelCallRow(
                    extraction_id=extraction_id,
                    prompt_version=self.key_parts.prompt_version,
                    **vars(record),
                )
            )

        lease = asyncio.create_task(self._keep_lease(extraction_id))
        try:
            result = await self.extractor.extract(
                document.text, document.published_at, log, self.limits.document_tokens
            )
        except UpstreamError as error:
            await self._fail(extraction_id, error.detail)
            return True
        except Exception as error:
            logger.exception("extraction %s failed", extraction_id)
            await self._fail(extraction_id, f"internal error: {error!r}")
            return True
        finally:
            lease.cancel()
        await self.store.extractions.finish(
            extraction_id, result.model_dump(mode="json"), facts_of(result)
        )
        self._count_finished("done")
        return True

    async def _fail(self, extraction_id: int, reason: str) -> None:
        logger.warning("extraction %s failed: %s", extraction_id, reason)
        await self.store.extractions.fail(extraction_id, reason)
        self._count_finished("failed")

    def _count_finished(self, status: str) -> None:
        if self.metrics is not None:
            self.metrics.extractions.labels(status).inc()

    async def run_shared(self, extraction_id: int) -> None:
        """Run it, or wait while another live worker runs it and take over if that one dies.

        A shared queue may hand out an extraction again (its worker stopped sending heartbeats)
        before the claim's lease ran out; returning then would leave it unfinished.
        """
        while not await self.run(extraction_id):
            try:
                extraction = await self.store.extractions.get(extraction_id)
            except NotFound:
                return
            if extraction.status != "running":
                return
            await asyncio.sleep(self.lease_seconds / 4)

    async def _keep_lease(self, extraction_id: int) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 4)
            with contextlib.suppress(Exception):  # a missed beat is retried at the next one
                await self.store.extractions.renew_lease(extraction_id, self.worker_id)

    def _new_extraction(
        self, document_id: str, text_sha256: str, requested_by: str | None = None
    ) -> ExtractionRow:
        parts = self.key_parts
        return ExtractionRow(
            requested_by=requested_by,
            document_id=document_id,
            cache_key=parts.key(text_sha256),
            prompt_version=parts.prompt_version,
            schema_version=parts.schema_version,
            verifier_version=parts.verifier_version,
            model=parts.model,
            generation=parts.generation,
            status="pending",
            attempts=0,
        )


def _keys(names: list[str]) -> str:
    folded = [fold(name) for name in names if name]
    return "|" + "|".join(folded) + "|" if folded else ""


def facts_of(result: ExtractionResult) -> list[NewFact]:
    """Denormalised rows for filtering facts across documents by place, name and date."""
    facts = [
        NewFact(
            "partnership",
            _keys([p.name for p in item.places]),
            "",
            item.since,
            item.since,
            item.model_dump(mode="json"),
        )
        for item in result.partnerships
    ]
    for visit in result.visits:
        places = [place.name for place in (visit.from_place, visit.host_place) if place]
        facts.append(
            NewFact(
                "visit",
                _keys(places),
                fold(visit.from_organisation or ""),
                visit.start,
                visit.end or visit.start,
                visit.model_dump(mode="json"),
            )
        )
    for alliance in result.alliances:
        members = [place.name for place in alliance.members]
        facts.append(
            NewFact(
                "alliance",
                _keys(members),
                fold(alliance.name),
                alliance.founded,
                alliance.founded,
                alliance.model_dump(mode="json"),
            )
        )
    return facts


def fact_filter(kind: str, **values: str | None) -> FactFilter:
    """Filters folded the same way as stored keys, so 'koeln', 'Köln' and 'KÖLN' all match."""
    folded = {
        name: (fold(value) if name in ("place", "name", "member") else value)
        for name, value in values.items()
        if value
    }
    return FactFilter(type=kind, **folded)
