"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schemas.contract import Alliance, ExtractionResult, Partnership, Visit

ExtractionStatus = Literal["pending", "running", "done", "failed", "cancelled"]
Item = TypeVar("Item")


def _in_utc(moment: datetime) -> datetime:
    """SQLite hands back naive timestamps (stored as UTC): answers always say UTC."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_in_utc)]


class DocumentIn(BaseModel):
    """A news article to store and extract: give either `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    published_at: date | None = None
    language: str | None = Field(default=None, max_length=16)


class DocumentSummary(BaseModel):
    id: str
    url: str | None
    title: str | None
    published_at: date | None
    language: str | None
    source_format: Literal["text", "html"]
    length: int
    created_at: UtcDatetime


class FactCounts(BaseModel):
    partnerships: int = 0
    visits: int = 0
    alliances: int = 0


class DocumentListItem(DocumentSummary):
    """A document in the collection, with where its extraction stands and what it serves."""

    excerpt: str = Field(description="The first 160 characters of its prose (boilerplate skipped).")
    extraction_status: ExtractionStatus | None = Field(
        description="The status of its newest extraction (None: none yet)."
    )
    facts: FactCounts = Field(description="The facts it serves now, per type.")


class DocumentOut(DocumentSummary):
    text: str


class SentenceOut(BaseModel):
    """A sentence of the stored text; boilerplate (navigation, banners) never reaches the model."""

    start: int
    end: int
    boilerplate: bool


class CallerOut(BaseModel):
    """Who is calling: the API key's name and scopes (keyless on loopback: every scope)."""

    name: str
    key_id: str | None
    scopes: list[str]
    keys_required: bool


class ModelCallOut(BaseModel):
    """One logged model call of an extraction."""

    task: str
    model: str
    outcome: str
    prompt_tokens: int
    completion_tokens: int
    duration_ms: int
    error: str | None = None
    created_at: UtcDatetime


class ExtractionOut(BaseModel):
    """The document's extraction under the current cache key, and the newest finished result.

    `result` may come from an older key (`result_is_current` false) while the current one is
    pending, running or failed: an old extraction stays readable until its replacement succeeds.
    """

    document_id: str
    status: ExtractionStatus
    error: str | None = None
    attempts: int = 0
    cache_key: str
    prompt_version: str
    schema_version: str
    verifier_version: str = Field(
        default="", description="Version of the code that verifies the model's answers."
    )
    model: str
    created_at: UtcDatetime
    finished_at: UtcDatetime | None = None
    result_is_current: bool = False
    result: ExtractionResult | None = None
    model_calls: list[ModelCallOut] = []


class SubmitOut(BaseModel):
    created: bool
    document: DocumentSummary
    extraction: ExtractionOut
    links: dict[str, str]


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int


class PartnershipRecord(Partnership):
    document_id: str


class VisitRecord(Visit):
    document_id: str


class AllianceRecord(Alliance):
    document_id: str


class FieldError(BaseModel):
    field: str | None = Field(description="The parameter or body field, where known.")
    message: str | None
    source: str | None = Field(default=None, description="body, query, path or header.")


class ErrorOut(BaseModel):
    """Every error answer, as RFC 9457 problem details (application/problem+json): the
    status again, a stable code (`error`), what is wrong in words, and for a request that
    failed validation each problem (`errors`)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    error: str
    errors: list[FieldError] | None = None


class Liveness(BaseModel):
    status: Literal["alive"]


ModelServerState = Literal["starting", "serving", "restarting", "failed", "stopped"]


class ModelServerHealth(BaseModel):
    """The embedded model server this process runs and restarts."""

    state: ModelServerState
    restarts: int = Field(description="restarts since the service started")
    failure: str | None = Field(default=None, description="why it was given up (state failed)")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: bool
    model: bool
    model_name: str
    model_endpoint: str
    model_server: ModelServerHealth | None = None


class AskIn(BaseModel):
    """A question about the stored articles, optionally limited to some documents or a place."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=10_000)
    document_ids: list[str] | None = Field(default=None, max_length=100)
    place: str | None = Field(default=None, max_length=200)


class Citation(BaseModel):
    """A cited stretch of a stored document: text == document.text[start:end]; with the
    document's title, url and date, so that a citation leads back to its article."""

    n: int
    document_id: str
    start: int
    end: int
    text: str
    document_title: str | None = None
    document_url: str | None = None
    published_at: date | None = None
    fact_id: int | None = Field(
        default=None,
        description="The stored fact (as in GET /export) whose evidence this span is, if any.",
    )


class AskDiagnostics(BaseModel):
    question: str
    language: Literal["de", "en"]
    search_terms: list[str]
    passages: int
    model_calls: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    reason: str | None = None
    # "facts": read off stored facts by code, with no model call; "sentences": read off one
    # retrieved sentence by code (who received the visitors); "passages": the model's answer
    # from retrieved sentences, checked by code.
    answered_from: Literal["facts", "sentences", "passages"] = "passages"


class AskOut(BaseModel):
    status: Literal["answered", "not_in_sources"]
    answer: str
    citations: list[Citation]
    diagnostics: AskDiagnostics


class ReextractIn(BaseModel):
    """Which documents to extract again. Filters combine (AND); at least one must be given.

    `documents`: "all"; "failed" (whose newest extraction failed); "stale" (with no finished
    extraction under the current prompt, schema, model and settings). Documents already
    extracted under the current key are counted as skipped unless `force` is true.
    """

    model_config = ConfigDict(extra="forbid")

    documents: Literal["all", "failed", "stale"] | None = None
    document_ids: list[str] | None = Field(default=None, min_length=1, max_length=10_000)
    created_from: datetime | None = Field(default=None, description="Added at or after.")
    created_to: datetime | None = Field(default=None, description="Added before.")
    force: bool = False


class JobFailure(BaseModel):
    document_id: str
    error: str | None


class JobOut(BaseModel):
    """A re-extraction job and its progress. Items: total = pending + done + skipped + failed
    + cancelled; `rate` is finished documents per second since the job started."""

    id: str
    state: Literal["preparing", "running", "done", "cancelled"]
    selection: dict[str, object]
    force: bool
    prompt_version: str
    schema_version: str
    verifier_version: str = Field(
        default="", description="Version of the code that verifies the model's answers."
    )
    model: str
    total: int
    pending: int
    running: int
    done: int
    skipped: int
    failed: int
    cancelled: int
    rate_per_second: float | None
    eta_seconds: float | None
    failures: list[JobFailure]
    error: str | None = Field(
        default=None, description="Why listing the documents stopped (it resumes at restart)."
    )
    created_at: UtcDatetime
    started_at: UtcDatetime | None
    finished_at: UtcDatetime | None
    links: dict[str, str]
