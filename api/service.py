"""Documents and extractions: store first, extract in the background, serve cached results (no Litestar here)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from api.errors import InvalidInput, NotFound, UpstreamError
from api.extraction import Extractor
from api.llm import CallRecord
from api.names import fold
from api.search import SentenceIndex
from api.storage import DocumentRow, ExtractionRow, FactFilter, ModelCallRow, NewFact, Store
from api.text import html_to_text, normalize_text, split_sentences
from api.worker import ExtractionQueue
from schemas.contract import ExtractionResult
from schemas.http import DocumentIn, DocumentSummary, ExtractionOut, ModelCallOut
from schemas.llm import ANSWER_MODELS

logger = logging.getLogger(__name__)


def schema_version() -> str:
    """Hash of the public and model-facing schemas: a schema change means a new extraction."""
    schemas = [ExtractionResult.model_json_schema()] + [
        model.model_json_schema() for model in ANSWER_MODELS
    ]
    return hashlib.sha256(json.dumps(schemas, sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class CacheKeyParts:
    prompt_version: str
    schema_version: str
    model: str
    generation: dict[str, Any]

    def key(self, text_sha256: str) -> str:
        payload = json.dumps(
            [text_sha256, self.prompt_version, self.schema_version, self.model, self.generation],
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


def summary(row: DocumentRow) -> DocumentSummary:
    return DocumentSummary(
        id=row.id,
        url=row.url,
        title=row.title,
        published_at=row.published_at,
        language=row.language,
        source_format=row.source_format,
        length=len(row.text),
        created_at=row.created_at,
    )


class ExtractionService:
    """Stores documents, keeps one extraction per (document, cache key), and runs them."""

    def __init__(
        self, store: Store, extractor: Extractor, key_parts: CacheKeyParts, index: SentenceIndex
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.key_parts = key_parts
        self.index = index
        self.queue: ExtractionQueue | None = None

    async def submit(self, document: DocumentIn) -> tuple[DocumentRow, ExtractionRow, bool]:
        """Store the document (before any model call) and queue its extraction unless cached."""
        text, source_format = prepare_text(document)
        digest = hashlib.sha256(text.encode()).hexdigest()
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
        stored, created = await self.store.add_document(row)
        if created:
            await self.index.add(stored.id, split_sentences(stored.text))
        extraction = await self.ensure_extraction(stored)
        return stored, extraction, created

    async def delete(self, document_id: str) -> None:
        await self.store.delete_document(document_id)
        await self.index.remove(document_id)

    async def index_unindexed_documents(self) -> None:
        """Documents stored before the index existed become searchable at start-up."""
        indexed = await self.index.indexed_documents()
        for document_id in await self.store.document_ids():
            if document_id not in indexed:  # only these texts are read
                document = await self.store.get_document(document_id)
                await self.index.add(document_id, split_sentences(document.text))

    async def ensure_extraction(self, document: DocumentRow) -> ExtractionRow:
        """The extraction under the current key; a new one is queued, a finished one served."""
        extraction, created = await self.store.get_or_create_extraction(
            self._new_extraction(document)
        )
        if created or extraction.status in ("pending", "running"):
            self._enqueue(extraction.id)
        return extraction

    async def retry(self, document_id: str) -> ExtractionRow:
        document = await self.store.get_document(document_id)
        extraction = await self.ensure_extraction(document)
        if extraction.status == "failed":
            await self.store.set_status(extraction.id, "pending")
            self._enqueue(extraction.id)
            extraction = await self.store.get_extraction(extraction.id)
        return extraction

    async def wait(self, extraction_id: int, seconds: float) -> ExtractionRow:
        if self.queue is not None:
            await self.queue.wait(extraction_id, seconds)
        return await self.store.get_extraction(extraction_id)

    async def view(self, document_id: str) -> ExtractionOut:
        document = await self.store.get_document(document_id)
        key = self.key_parts.key(document.text_sha256)
        current = await self.store.find_extraction(document_id, key)
        if current is None:
            current = await self.ensure_extraction(document)
        return await self.describe(current)

    async def describe(self, extraction: ExtractionRow) -> ExtractionOut:
        served = extraction
        if extraction.status != "done":
            served = (
                await self.store.latest_finished_extraction(extraction.document_id) or extraction
            )
        result = ExtractionResult.model_validate(served.result) if served.result else None
        calls = await self.store.model_calls(extraction.id)
        return ExtractionOut(
            document_id=extraction.document_id,
            status=extraction.status,
            error=extraction.error,
            attempts=extraction.attempts,
            cache_key=extraction.cache_key,
            prompt_version=extraction.prompt_version,
            schema_version=extraction.schema_version,
            model=extraction.model,
            created_at=extraction.created_at,
            finished_at=extraction.finished_at,
            result_is_current=served.id == extraction.id and result is not None,
            result=result,
            model_calls=[
                ModelCallOut(
                    task=call.task,
                    model=call.model,
                    outcome=call.outcome,
                    prompt_tokens=call.prompt_tokens,
                    completion_tokens=call.completion_tokens,
                    duration_ms=call.duration_ms,
                    error=call.error,
                    created_at=call.created_at,
                )
                for call in calls
            ],
        )

    async def run(self, extraction_id: int) -> None:
        """Extract one queued document and record the outcome; failures are stored, not raised."""
        extraction = await self.store.get_extraction(extraction_id)
        if extraction.status == "done":
            return
        try:
            document = await self.store.get_document(extraction.document_id)
        except NotFound:
            return  # deleted while queued
        await self.store.set_status(extraction_id, "running")

        async def log(record: CallRecord) -> None:
            await self.store.log_model_call(
                ModelCallRow(
                    extraction_id=extraction_id,
                    prompt_version=self.key_parts.prompt_version,
                    **vars(record),
                )
            )

        try:
            result = await self.extractor.extract(document.text, document.published_at, log)
        except UpstreamError as error:
            await self.store.set_status(extraction_id, "failed", error.detail)
            return
        except Exception as error:
            logger.exception("extraction %s failed", extraction_id)
            await self.store.set_status(extraction_id, "failed", f"internal error: {error!r}")
            return
        await self.store.finish_extraction(
            extraction_id, result.model_dump(mode="json"), facts_of(result)
        )

    def _new_extraction(self, document: DocumentRow) -> ExtractionRow:
        parts = self.key_parts
        return ExtractionRow(
            document_id=document.id,
            cache_key=parts.key(document.text_sha256),
            prompt_version=parts.prompt_version,
            schema_version=parts.schema_version,
            model=parts.model,
            generation=parts.generation,
            status="pending",
            attempts=0,
        )

    def _enqueue(self, extraction_id: int) -> None:
        if self.queue is not None:
            self.queue.submit(extraction_id)


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
