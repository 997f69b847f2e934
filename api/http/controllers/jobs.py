"""Batch re-extraction jobs: start one, follow its progress, cancel it."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.extraction.jobs import JobService
from api.http.controllers.dependencies import Limit, Offset, Window
from api.settings import Settings
from schemas.http import JobOut, Page, ReextractIn


class JobController(Controller):
    path = "/jobs"
    tags = ["jobs"]
    opt = {"scope": "admin"}

    @post(
        "/reextract",
        summary="Extract a selection of documents again",
        description=(
            "Documents already extracted under the current prompt, schema, model and settings "
            "are skipped unless `force`. Answers 202 at once; follow `links.self`."
        ),
        status_code=202,
    )
    async def reextract(
        self, jobs: NamedDependency[JobService], data: JSONBody[ReextractIn]
    ) -> Response[JobOut]:
        job = await jobs.create(data)
        return Response(await jobs.view(job), status_code=202)

    @get("/", summary="List jobs, newest first")
    async def list_jobs(
        self,
        jobs: NamedDependency[JobService],
        settings: NamedDependency[Settings],
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[JobOut]:
        window = Window.asked(settings, limit, offset)
        rows, total = await jobs.store.jobs.page(window.limit, window.offset)
        return window.page([await jobs.view(row) for row in rows], total)

    @get("/{job_id:str}", summary="A job's state and progress")
    async def get_job(self, jobs: NamedDependency[JobService], job_id: FromPath[str]) -> JobOut:
        return await jobs.view(await jobs.store.jobs.get(job_id))

    @post("/{job_id:str}/cancel", summary="Cancel a job", status_code=200)
    async def cancel_job(self, jobs: NamedDependency[JobService], job_id: FromPath[str]) -> JobOut:
        return await jobs.view(await jobs.cancel(job_id))
