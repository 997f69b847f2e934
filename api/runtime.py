"""The running parts of the service, wired once: for the HTTP app, the command line and workers.

`open_runtime(settings)` opens the database (migrating it), connects to or starts the model,
and starts the work queue; leaving the context stops them in reverse order.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from api.answering.answerer import Answerer
from api.errors import InvalidInput
from api.extraction.extractor import Extractor
from api.extraction.jobs import JobService
from api.extraction.queue import ExtractionQueue, WorkQueue
from api.extraction.service import (
    CacheKeyParts,
    ExtractionService,
    Limits,
    schema_version,
    verifier_version,
)
from api.extraction.shared_queue import SharedQueue
from api.language.places import gazetteer
from api.metrics import MeteredModel, Metrics
from api.model.client import ModelClient, StructuredModel
from api.model.prompts import load_ask_prompts, load_prompts
from api.model.server import EmbeddedModelServer, embedded_server, model_identity
from api.settings import Settings
from api.storage.keys import KeyService
from api.storage.search import SentenceIndex
from api.storage.store import Store
from api.storage.tables import create_engine


@dataclass
class Runtime:
    settings: Settings
    store: Store
    model: StructuredModel
    model_server: EmbeddedModelServer | None
    service: ExtractionService
    answerer: Answerer
    queue: WorkQueue
    jobs: JobService
    keys: KeyService
    metrics: Metrics


async def start_model(
    settings: Settings, server: EmbeddedModelServer | None = None
) -> tuple[StructuredModel, EmbeddedModelServer | None]:
    """The configured endpoint, or the embedded llama.cpp server started (and watched) for
    this process; `server` replaces the embedded one (tests launch a fake model server)."""
    if server is None and not settings.uses_embedded_model:
        return ModelClient(settings, settings.llm_base_url, settings.llm_schema_format), None
    server = server or await embedded_server(settings)
    base_url = await server.start()
    return ModelClient(settings, base_url, "gbnf", server=server), server


def check_settings(settings: Settings) -> None:
    if settings.auth == "none" and not settings.binds_loopback:
        raise InvalidInput(
            f"CITYLINKS_AUTH=none serves without API keys and is allowed only on loopback; "
            f"CITYLINKS_HOST is {settings.host!r}"
        )
    if settings.queue == "shared" and not settings.database_url.startswith("postgresql"):
        raise InvalidInput(
            "CITYLINKS_QUEUE=shared needs PostgreSQL: set CITYLINKS_DATABASE_URL to "
            "postgresql+asyncpg://user@host:port/database"
        )


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    model: StructuredModel | None = None,
    lists_jobs: bool = True,
    metrics: Metrics | None = None,
    model_server: EmbeddedModelServer | None = None,
) -> AsyncIterator[Runtime]:
    """Everything started; `model` replaces the configured endpoint, `model_server` the
    embedded server (tests). Whatever was started is stopped again, in reverse order, when
    a later step of start-up fails or the context is left.

    `lists_jobs`: resume listing the documents of interrupted jobs (the API and the command
    line do; shared-queue workers leave it to them).
    """
    check_settings(settings)
    async with AsyncExitStack() as stack:
        store = Store(create_engine(settings.database_url))
        stack.push_async_callback(store.engine.dispose)
        await store.create_schema()
        index = SentenceIndex(store.engine)
        # The gazetteer index is built on first use (once per machine, about 30 s): now, not
        # during the first extraction.
        warm_up = asyncio.create_task(asyncio.to_thread(gazetteer))
        given, server = (
            (model, None) if model is not None else await start_model(settings, model_server)
        )
        if server is not None:
            stack.push_async_callback(server.stop)
        metrics = metrics or Metrics()
        active_model = MeteredModel(given, metrics)
        stack.push_async_callback(active_model.close)
        prompts = load_prompts()
        key_parts = CacheKeyParts(
            prompt_version=prompts.version,
            schema_version=schema_version(),
            verifier_version=verifier_version(),
            model=model_identity(settings),
            generation=settings.generation_settings(),
        )
        service = ExtractionService(
            store,
            Extractor(active_model, prompts),
            key_parts,
            index,
            lease_seconds=settings.extraction_lease_seconds,
            limits=Limits(
                document_chars=settings.max_document_chars,
                document_tokens=settings.document_token_budget,
                unfinished_per_key=settings.extractions_per_key,
            ),
            metrics=metrics,
        )
        await service.index_unindexed_documents()
        queue: WorkQueue
        if settings.queue == "shared":
            queue = SharedQueue(settings, store)
        else:
            queue = ExtractionQueue(service.run, settings.extraction_concurrency)
        service.queue = queue
        jobs = JobService(store, service, settings.job_batch_size)
        await warm_up
        await service.recover_abandoned()
        await queue.start(await store.extractions.pending_ids())
        stack.push_async_callback(queue.stop)
        stack.push_async_callback(jobs.stop)
        if lists_jobs:
            await jobs.resume()
        yield Runtime(
            settings=settings,
            store=store,
            model=active_model,
            model_server=server,
            service=service,
            answerer=Answerer(
                store, index, active_model, load_ask_prompts(), settings.question_token_budget
            ),
            queue=queue,
            jobs=jobs,
            keys=KeyService(store.keys),
            metrics=metrics,
        )
