"""Documents: submit (JSON, text/plain or text/html), read, list, delete, and their extraction."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, Parameter

from api.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from api.extraction.service import ExtractionService, list_item, parse_document_json, summary
from api.http.controllers.dependencies import Limit, Offset, Window
from api.http.openapi import SubmitOperation
from api.language.names import fold
from api.language.text import decode_body, split_sentences
from api.settings import Settings
from api.storage.keys import Caller
from api.storage.store import Store
from schemas.http import (
    DocumentIn,
    DocumentListItem,
    DocumentOut,
    ExtractionOut,
    Page,
    SentenceOut,
    SubmitOut,
)


async def read_document(request: Request[Any, Any, Any], settings: Settings) -> DocumentIn:
    """The submitted document from a JSON, text/plain or text/html body."""
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media_type not in ("application/json", "text/plain", "text/html"):
        raise UnsupportedMediaType(
            f"content type {media_type or '(none)'!r} is not supported; "
            "send application/json, text/plain or text/html"
        )
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise PayloadTooLarge(f"body of {len(body)} bytes exceeds {settings.max_body_bytes}")
    if media_type == "application/json":
        return parse_document_json(body)
    try:
        declared = request.content_type[1].get("charset")
        decoded = decode_body(body, declared, html=media_type == "text/html")
    except (UnicodeDecodeError, LookupError) as error:
        raise InvalidInput(
            f"the body is not valid text in the declared encoding: {error}"
        ) from error
    return DocumentIn(html=decoded) if media_type == "text/html" else DocumentIn(text=decoded)


class DocumentController(Controller):
    path = "/documents"
    tags = ["documents"]
    opt = {"scope": "read"}

    @post(
        "/",
        summary="Submit an article",
        description=(
            "Body: JSON {text | html, url?, title?, published_at?, language?}, or a raw "
            "text/plain or text/html article. Stored first, then extracted in the background. "
            "202 with a link to poll; 200 with the finished result when it is cached or when "
            "`wait` seconds were enough."
        ),
        status_code=202,
        opt={"scope": "ingest", "rate_limit": "ingest"},
        operation_class=SubmitOperation,
        responses={
            200: ResponseSpec(
                data_container=SubmitOut, description="Cached, or finished within `wait`"
            )
        },
    )
    async def create_document(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[ExtractionService],
        settings: NamedDependency[Settings],
        caller: NamedDependency[Caller],
        wait: Annotated[float, Parameter(ge=0, le=3600, description="Seconds to wait.")] = 0,
    ) -> Response[SubmitOut]:
        document = await read_document(request, settings)
        stored, extraction, created = await service.submit(document, caller.key_id)
        extraction = await service.wait(extraction.id, min(wait, settings.max_wait_seconds))
        view = await service.describe(extraction)
        body = SubmitOut(
            created=created,
            document=summary(stored),
            extraction=view,
            links={
                "document": f"/documents/{stored.id}",
                "extraction": f"/documents/{stored.id}/extraction",
            },
        )
        finished = view.status in ("done", "failed")
        return Response(body, status_code=200 if finished else 202)

    @get("/", summary="List documents, with their extraction status and facts per type")
    async def list_documents(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        place: Annotated[
            str | None,
            Parameter(
                description="Only documents with a fact naming this place (case and "
                "accents ignored)."
            ),
        ] = None,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[DocumentListItem]:
        window = Window.asked(settings, limit, offset)
        rows, total = await store.documents.page(
            window.limit, window.offset, fold(place) if place else None
        )
        overview = await store.documents.overview([row.id for row in rows])
        return window.page([list_item(row, *overview[row.id]) for row in rows], total)

    @get("/{document_id:str}", summary="Get a document with its stored text")
    async def get_document(
        self, store: NamedDependency[Store], document_id: FromPath[str]
    ) -> DocumentOut:
        row = await store.documents.get(document_id)
        return DocumentOut(**summary(row).model_dump(), text=row.text)

    @get(
        "/{document_id:str}/sentences",
        summary="The stored text's sentences, with the boilerplate the model never sees",
    )
    async def get_sentences(
        self, store: NamedDependency[Store], document_id: FromPath[str]
    ) -> list[SentenceOut]:
        row = await store.documents.get(document_id)
        return [
            SentenceOut(start=sentence.start, end=sentence.end, boilerplate=sentence.boilerplate)
            for sentence in split_sentences(row.text)
        ]

    @delete(
        "/{document_id:str}",
        summary="Delete a document, its extractions and facts",
        opt={"scope": "admin"},
    )
    async def delete_document(
        self, service: NamedDependency[ExtractionService], document_id: FromPath[str]
    ) -> None:
        await service.delete(document_id)

    @get("/{document_id:str}/extraction", summary="Extraction status and result")
    async def get_extraction(
        self, service: NamedDependency[ExtractionService], document_id: FromPath[str]
    ) -> ExtractionOut:
        return await service.view(document_id)

    @post(
        "/{document_id:str}/extraction",
        summary="Retry a failed extraction (or queue one under the current cache key)",
        status_code=202,
        opt={"scope": "ingest", "rate_limit": "ingest"},
    )
    async def retry_extraction(
        self,
        service: NamedDependency[ExtractionService],
        caller: NamedDependency[Caller],
        document_id: FromPath[str],
    ) -> ExtractionOut:
        return await service.describe(await service.retry(document_id, caller.key_id))
