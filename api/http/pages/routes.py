"""The pages' routes under /ui (out of the OpenAPI document), their templates and assets."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Controller, Router, get
from litestar.params import FromPath
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

HERE = Path(__file__).resolve().parent
PAGES = {
    "documents": "Documents",
    "ask": "Ask",
    "map": "Map",
    "jobs": "Jobs",
}


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
    )
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def page(name: str, title: str, **context: str) -> Template:
    return Template(
        template_name=f"{name}.html",
        context={"page": name, "title": title, "pages": PAGES, **context},
        media_type="text/html",
    )


class PageController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def documents(self) -> Template:
        return page("documents", "Documents")

    @get("/documents/{document_id:str}")
    async def document(self, document_id: FromPath[str]) -> Template:
        return page("document", "Document", document_id=document_id)

    @get("/ask")
    async def ask(self) -> Template:
        return page("ask", "Ask")

    @get("/map")
    async def map(self) -> Template:
        return page("map", "Map")

    @get("/jobs")
    async def jobs(self) -> Template:
        return page("jobs", "Jobs")


@get("/", include_in_schema=False)
async def home() -> Redirect:
    return Redirect("/ui/")


pages_router = Router(
    path="/ui",
    route_handlers=[
        PageController,
        create_static_files_router(
            path="/static", directories=[HERE / "static"], include_in_schema=False
        ),
    ],
    include_in_schema=False,
)
