"""The pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

A person submits an article through the form and reviews its facts against their highlighted
evidence, asks a question and follows its citation to the marked span, opens the map, starts
a job, enters an API key; and a hostile article runs none of its scripts. The app serves on a
real port (tests/live_server.py); its model calls replay the seed cassettes, or go to a fake
model (named as such) where the answers do not matter.

`./run test` installs Chromium; CITYLINKS_CHROMIUM names another binary.
`./run screenshots` runs these tests with CITYLINKS_SCREENSHOTS=docs to refresh docs/*.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from api.evaluation.runner import SETS
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import FIXTURES, FakeModel, seed_text
from tests.extraction.test_extraction_recorded import recorded_model
from tests.http.test_access import create_key, keyed
from tests.live_server import serving
from tests.support import CASSETTES

CHROMIUM = (
    os.environ.get("CITYLINKS_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
SCREENSHOTS = os.environ.get("CITYLINKS_SCREENSHOTS")
SEEDS = ["000", "001", "002", "003", "004"]
SEED_CASSETTES = [f"seed_{seed}.yaml" for seed in SEEDS]
QUESTIONS_CASSETTE = SETS["seeds"].questions_cassette
WAIT_MS = 180_000  # a replayed extraction of a seed takes seconds; a slow machine, more


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES / "test_extraction_recorded")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        message = "no Chromium: ./run test installs it (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser tab, and what went wrong in it: script errors, dialogs, console errors."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def shot(self, name: str) -> None:
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=False)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    opened = Tab(page)
    page.on("pageerror", lambda error: opened.problems.append(f"script error: {error}"))
    page.on(
        "dialog",
        lambda dialog: (opened.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()),
    )
    page.on(
        "console",
        lambda message: (
            opened.problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    yield opened
    context.close()


def ingest(url: str, texts: list[str], headers: dict[str, str] | None = None) -> list[str]:
    """Submit articles through the API and wait for their extractions; returns their ids."""
    ids = []
    with httpx.Client(base_url=url, timeout=300, headers=headers) as http:
        for text in texts:
            answer = http.post(
                "/documents?wait=240", content=text.encode(), headers={"content-type": "text/plain"}
            ).json()
            assert answer["extraction"]["status"] == "done", answer["extraction"]
            ids.append(answer["document"]["id"])
    return ids


@contextmanager
def serving_the_seeds(settings: Settings) -> Iterator[str]:
    """The app on a real port, its model replaying the recordings, the five seeds stored."""
    with serving(create_app(settings, model=recorded_model())) as url:
        ingest(url, [seed_text(seed) for seed in SEEDS])
        yield url


def outside_the_browsers_loop(function: Callable[..., Any], *arguments: Any) -> Any:
    """Playwright's sync API runs an event loop in this thread: asyncio.run needs another
    (tests/conftest.py `database_url` does the same)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(function, *arguments).result()


def get(url: str, path: str) -> Any:
    return httpx.get(url + path, timeout=30).json()


def segments(page: Page, selector: str) -> list[tuple[int, int]]:
    ranges: list[list[int]] = page.eval_on_selector_all(
        selector, "all => all.map(e => [Number(e.dataset.start), Number(e.dataset.end)])"
    )
    return [(start, end) for start, end in ranges]


def covered(ranges: list[tuple[int, int]]) -> set[int]:
    return {position for start, end in ranges for position in range(start, end)}


@pytest.mark.vcr("seed_000.yaml")
def test_a_submitted_article_is_reviewed_against_its_highlighted_evidence(
    settings: Settings, tab: Tab
) -> None:
    page = tab.page
    with serving(create_app(settings, model=recorded_model())) as url:
        page.goto(url + "/")
        assert page.url == url + "/ui/"
        page.fill("#submit-body", seed_text("000"))
        page.click("#submit-form button[type=submit]")
        page.wait_for_selector("#review-link", timeout=WAIT_MS)
        page.wait_for_selector("#documents tbody tr[data-document-id]")
        tab.shot("documents")
        document_id = page.get_attribute(
            "#documents tbody tr[data-document-id]", "data-document-id"
        )
        page.click("#review-link")
        page.wait_for_selector("#facts .fact")
        stored = get(url, f"/documents/{document_id}")
        result = get(url, f"/documents/{document_id}/extraction")["result"]
        sentences = get(url, f"/documents/{document_id}/sentences")

        # The page shows the stored text exactly, and one card per fact.
        assert page.eval_on_selector("#document-text", "e => e.textContent") == stored["text"]
        items = [*result["partnerships"], *result["visits"], *result["alliances"]]
        assert page.locator("#facts .fact").count() == len(items)

        # A fact clicked marks exactly its evidence.
        visit = result["visits"][0]
        page.click("#facts .fact.visit >> nth=0")
        marked = segments(page, "#document-text .marked")
        evidence = [(span["start"], span["end"]) for span in visit["evidence"]]
        assert covered(marked) == covered(evidence)
        assert page.is_visible("#facts .fact.visit.selected")
        tab.shot("document")

        # The facts leave as files, with their sources.
        page.goto(url + "/ui/")
        with page.expect_download() as exported:
            page.click("#exports a[data-download='citylinks-visits.csv']")
        saved = Path(exported.value.path()).read_text(encoding="utf-8")
        assert saved.startswith("fact_id,document_id,") and document_id in saved
        page.go_back()
        page.wait_for_selector("#facts .fact")

        # A highlight clicked selects its fact.
        page.click("#document-text mark.partnership >> nth=0")
        assert page.locator("#facts .fact.partnership.selected").count() == 1

        # Boilerplate is greyed; every dropped value is listed with its reason.
        greyed = segments(page, "#document-text .boilerplate")
        boilerplate = [(s["start"], s["end"]) for s in sentences if s["boilerplate"]]
        assert covered(greyed) == covered(boilerplate)
        dropped = result["diagnostics"]["dropped"]
        assert page.locator("#dropped li").count() == max(1, len(dropped))
        for value in dropped:
            assert value["reason"] in page.inner_text("#dropped")
    assert tab.problems == []


@pytest.mark.vcr(*SEED_CASSETTES, QUESTIONS_CASSETTE)
def test_a_question_is_answered_and_its_citation_opens_the_marked_span(
    settings: Settings, tab: Tab
) -> None:
    page = tab.page
    with serving_the_seeds(settings) as url:
        page.goto(url + "/ui/ask")
        page.fill(
            "#question", "Wer leitete die Delegation aus Nottingham bei ihrem Besuch in Karlsruhe?"
        )
        page.click("#ask-form button[type=submit]")
        page.wait_for_selector(".answer:not(.pending)", timeout=WAIT_MS)
        assert "Collins" in page.inner_text(".answer")
        page.fill("#question", "Wie viele Einwohner hat Krasnodar?")
        page.click("#ask-form button[type=submit]")
        page.wait_for_selector(".answer.refused", timeout=WAIT_MS)
        assert "Not in the sources" in page.inner_text(".answer.refused")
        tab.shot("ask")

        href = page.get_attribute(".answer a.cite >> nth=0", "href") or ""
        page.click(".answer a.cite >> nth=0")
        page.wait_for_selector("#document-text .cited")
        document_id, _, span = href.removeprefix("/ui/documents/").partition("#span=")
        start, end = (int(n) for n in span.split("-"))
        text = get(url, f"/documents/{document_id}")["text"]
        cited = page.eval_on_selector_all(
            "#document-text .cited", "all => all.map(e => e.textContent).join('')"
        )
        assert text[start:end] in cited
    assert tab.problems == []


@pytest.mark.vcr(*SEED_CASSETTES)
def test_the_map_draws_partnerships_visits_and_alliances_with_their_sources(
    settings: Settings, tab: Tab
) -> None:
    page = tab.page
    with serving_the_seeds(settings) as url:
        relations = get(url, "/relations?limit=500")["items"]
        page.goto(url + "/ui/map")
        page.wait_for_selector("#map .place")
        drawn = page.eval_on_selector_all(
            "#map [data-relation]", "all => all.map(e => e.dataset.relation)"
        )
        located = [r["id"] for r in relations if r["type"] == "partnership"]
        assert set(located) <= set(drawn)
        assert page.locator("#map .relation.visit").count() >= 1
        assert page.locator("#map .countries path").count() > 100
        tab.shot("map")
        page.click("#map .relation.partnership >> nth=0", force=True)
        link = page.get_attribute("#map-detail a >> nth=0", "href") or ""
        assert link.startswith("/ui/documents/")

        # Unticking a type takes its marks away.
        page.uncheck("#map-filter input[value=partnership]")
        page.click("#map-filter button[type=submit]")
        # (Not wait_for_function: the policy forbids evaluating strings, Playwright's too.)
        expect(page.locator("#map .relation.partnership")).to_have_count(0)
    assert tab.problems == []


HOSTILE_TEXT = (
    "Karlsruhe und Nottingham feiern ihre Partnerschaft. "
    "<script>window.__pwned = 'script'</script> "
    "<img src=x onerror=\"window.__pwned = 'img'\"> "
    "<a href=\"javascript:window.__pwned='link'\">hier</a>"
)
HOSTILE_TYPES = {".txt": "text/plain", ".html": "text/html"}
# The article's text is shown: its first segment, a stated fact's <mark> or a <span> of the
# rest (not "any span": the first may be the blank between a marked headline and the body).
TEXT_SHOWN = "#document-text [data-start] >> nth=0"
HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned = 'title'\">Titel"


def test_a_hostile_article_is_shown_as_inert_text(settings: Settings, tab: Tab) -> None:
    page = tab.page
    model = FakeModel()  # the answers do not matter here: what the page does with the text does
    with serving(create_app(settings, model=model)) as url:
        with httpx.Client(base_url=url, timeout=60) as http:
            plain = http.post(
                "/documents?wait=30", json={"text": HOSTILE_TEXT, "title": HOSTILE_TITLE}
            ).json()["document"]["id"]
        # The hostile HTML fixture, pasted into the form as HTML.
        page.goto(url + "/ui/")
        page.select_option("#submit-format", "html")
        html = (FIXTURES / "hostile" / "05_bonn_oxford_xss.html").read_text(encoding="utf-8")
        page.fill("#submit-body", html)
        page.click("#submit-form button[type=submit]")
        page.wait_for_selector("#review-link", timeout=WAIT_MS)
        pasted = page.get_attribute("#review-link", "href") or ""

        page.goto(f"{url}/ui/documents/{plain}")
        page.wait_for_selector(TEXT_SHOWN)
        assert page.inner_text("#document-title") == HOSTILE_TITLE
        assert "<script>" in page.eval_on_selector("#document-text", "e => e.textContent")

        # And every article of the hostile corpus, each on its own page.
        with httpx.Client(base_url=url, timeout=60) as http:
            corpus = [
                http.post(
                    "/documents?wait=30",
                    content=path.read_bytes(),
                    headers={"content-type": HOSTILE_TYPES[path.suffix]},
                ).json()["document"]["id"]
                for path in sorted((FIXTURES / "hostile").iterdir())
                if path.suffix in HOSTILE_TYPES
            ]
        assert len(corpus) == 9
        for address in [f"/ui/documents/{plain}", pasted, *(f"/ui/documents/{i}" for i in corpus)]:
            page.goto(url + address)
            page.wait_for_selector(TEXT_SHOWN)
            assert page.evaluate("window.__pwned === undefined"), address
            inserted = (
                "#document-text script, #document-text img, #document-text a, #document-text iframe"
            )
            assert page.locator(inserted).count() == 0, address
        page.goto(url + "/ui/")
        page.wait_for_selector("#documents tbody tr[data-document-id]")
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator("#documents img").count() == 0
    assert tab.problems == []


def test_the_jobs_page_starts_a_job_and_follows_it_to_the_end(settings: Settings, tab: Tab) -> None:
    page = tab.page
    with serving(create_app(settings, model=FakeModel())) as url:
        with httpx.Client(base_url=url, timeout=60) as http:
            for text in ("Karlsruhe besuchte Nottingham.", "Köln und Lille sind Partnerstädte."):
                http.post("/documents?wait=30", json={"text": text})
        page.goto(url + "/ui/jobs")
        page.select_option("#job-documents", "all")
        page.check("#job-force")
        page.click("#job-form button[type=submit]")
        page.wait_for_selector("#jobs tbody tr[data-job-id] .badge.done", timeout=WAIT_MS)
        assert "2/2" in page.inner_text("#jobs tbody tr[data-job-id]")
        tab.shot("jobs")
    assert tab.problems == []


def test_the_pages_ask_for_a_key_and_obey_its_scopes(settings: Settings, tab: Tab) -> None:
    page = tab.page
    settings = keyed(settings)
    reader = outside_the_browsers_loop(create_key, settings.database_url, "read")
    secret = outside_the_browsers_loop(create_key, settings.database_url, "read", "ingest", "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    with serving(create_app(settings, model=FakeModel())) as url:
        with httpx.Client(base_url=url, timeout=60, headers=admin) as http:
            document_id = http.post(
                "/documents?wait=30", json={"text": "Köln und Lille sind Partnerstädte."}
            ).json()["document"]["id"]
        page.goto(url + "/ui/")
        page.wait_for_selector("#key-form:not([hidden])")
        page.fill("#key-input", reader)
        page.click("#key-form button[type=submit]")
        page.wait_for_selector("#documents tbody tr[data-document-id]")
        assert "read" in page.inner_text("#caller")
        page.goto(f"{url}/ui/documents/{document_id}")
        page.wait_for_selector(TEXT_SHOWN)
        assert page.is_hidden("#delete") and page.is_hidden("#reextract")
    # The one 401 before the key was entered is the browser's own console line.
    assert [problem for problem in tab.problems if "401" not in problem] == []


def test_the_pages_answer_with_a_policy_that_admits_only_the_apps_scripts(
    settings: Settings,
) -> None:
    with serving(create_app(settings, model=FakeModel())) as url:
        for path in (
            "/ui/",
            "/ui/ask",
            "/ui/map",
            "/ui/jobs",
            "/ui/documents/x",
            "/ui/static/js/main.js",
        ):
            answer = httpx.get(url + path)
            assert answer.status_code == 200, path
            policy = answer.headers["content-security-policy"]
            assert "script-src 'self'" in policy and "default-src 'none'" in policy, path
            assert "unsafe-inline" not in policy
        paths = get(url, "/docs/openapi.json")["paths"]
        assert not [path for path in paths if path == "/" or path.startswith("/ui")]


def test_the_docs_page_runs_offline_with_an_authorize_button(settings: Settings, tab: Tab) -> None:
    page = tab.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serving(create_app(settings, model=FakeModel())) as url:
        page.goto(url + "/docs")
        page.wait_for_selector(".swagger-ui .info")
        assert page.is_visible(".swagger-ui button.authorize")
        assert page.locator(".opblock").count() > 20
    assert requested and all(address.startswith(url) for address in requested), requested
