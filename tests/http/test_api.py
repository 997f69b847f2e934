"""The HTTP API through Litestar's TestClient, with a fake model standing in for the LLM."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar.testing import TestClient

from api.errors import UpstreamError
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import FakeModel
from tests.support import extractions_when_finished

ARTICLE = (
    "Die Partnerstädte Karlsruhe und Nottingham arbeiten seit 1969 zusammen.\n"
    "Eine Delegation aus Nottingham besuchte am 3. Mai 2023 für drei Tage Karlsruhe.\n"
    "Angeführt wurde die Delegation von Bürgermeisterin Jane Doe.\n"
    "Karlsruhe ist zudem Mitglied im Städtenetzwerk Eurocities, dem auch Lyon angehört."
)
ANSWERS: dict[str, Any] = {
    "partnerships": {
        "partnerships": [
            {
                "sentences": [0],
                "place_a": "Karlsruhe",
                "place_b": "Nottingham",
                "kind": "twinning",
                "status": "existing",
                "since": "seit 1969",
                "topics": [],
            }
        ]
    },
    "visits": {
        "visits": [
            {
                "sentences": [1, 2],
                "from_place": "Nottingham",
                "from_organisation": "",
                "host_place": "Karlsruhe",
                "date_text": "am 3. Mai 2023",
                "leaders": [{"name": "Jane Doe", "role": "Bürgermeisterin"}],
                "topics": [],
            }
        ]
    },
    "alliances": {
        "alliances": [
            {
                "sentences": [3],
                "name": "Eurocities",
                "founded_text": "",
                "founding_event": "",
                "members": ["Karlsruhe", "Lyon"],
                "joined": [],
            }
        ]
    },
}


def client_for(settings: Settings, model: FakeModel) -> TestClient[Any]:
    return TestClient(app=create_app(settings, model=model))


def submit(client: TestClient[Any], wait: float = 10, **body: Any) -> Any:
    return client.post(f"/documents?wait={wait}", json={"text": ARTICLE, **body})


def test_submit_extracts_grounded_facts(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        response = submit(client, published_at="2023-05-10")
        assert response.status_code == 200, response.text
        body = response.json()
        extraction = body["extraction"]
        assert extraction["status"] == "done" and extraction["result_is_current"]
        assert [call["task"] for call in extraction["model_calls"]] == [
            "partnerships",
            "visits",
            "alliances",
        ]
        assert all(
            call["outcome"] == "ok" and call["prompt_tokens"] for call in extraction["model_calls"]
        )
        text = client.get(body["links"]["document"]).json()["text"]
        result = extraction["result"]
        visit = result["visits"][0]
        assert (visit["from_place"]["name"], visit["host_place"]["name"]) == (
            "Nottingham",
            "Karlsruhe",
        )
        assert (visit["start"], visit["duration_days"]) == ("2023-05-03", 3)
        assert visit["leaders"] == [{"name": "Jane Doe", "role": "Bürgermeisterin"}]
        assert result["partnerships"][0]["since"] == "1969"
        assert {m["name"] for m in result["alliances"][0]["members"]} == {"Karlsruhe", "Lyon"}
        for kind in ("partnerships", "visits", "alliances"):
            for item in result[kind]:
                assert all(text[s["start"] : s["end"]] == s["text"] for s in item["evidence"])


def test_submit_without_wait_answers_202_with_a_link_to_poll(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        response = submit(client, wait=0)
        assert response.status_code in (200, 202)
        link = response.json()["links"]["extraction"]
        assert link == f"/documents/{response.json()['document']['id']}/extraction"
        assert client.get(link).status_code == 200


def test_resubmitting_the_same_text_is_served_from_the_cache(settings: Settings) -> None:
    model = FakeModel(ANSWERS)
    with client_for(settings, model) as client:
        first = submit(client).json()
        calls = len(model.calls)
        second = client.post("/documents", json={"text": ARTICLE + "\n\n"})
        assert second.status_code == 200
        assert second.json()["created"] is False
        assert second.json()["document"]["id"] == first["document"]["id"]
        assert second.json()["extraction"]["result"] == first["extraction"]["result"]
        assert len(model.calls) == calls


def test_plain_text_and_html_bodies_are_accepted(settings: Settings) -> None:
    html = (
        "<html><body><nav>Startseite | Kontakt</nav><article><h1>Besuch</h1><p>"
        + ARTICLE.replace("\n", "</p><p>")
        + "</p></article><footer>Impressum</footer></body></html>"
    )
    with client_for(settings, FakeModel(ANSWERS)) as client:
        plain = client.post(
            "/documents", content=ARTICLE.encode(), headers={"content-type": "text/plain"}
        )
        assert plain.status_code in (200, 202), plain.text
        page = client.post(
            "/documents",
            content=html.encode(),
            headers={"content-type": "text/html; charset=utf-8"},
        )
        assert page.status_code in (200, 202), page.text
        assert page.json()["document"]["source_format"] == "html"
        stored = client.get(page.json()["links"]["document"]).json()["text"]
        assert "Eine Delegation aus Nottingham" in stored
        assert "Impressum" not in stored and "<p>" not in stored


# JSON bodies that are no document: empty or blank text, broken JSON, a wrong type, both
# text and html, an unknown field, a date that is none, not an object.
NOT_A_DOCUMENT = (
    b'{"text": ""}',
    b'{"text": "   \\n\\t "}',
    b'{"text": ',
    b'{"text": 42}',
    b'{"text": "a", "html": "<p>b</p>"}',
    b'{"txt": "Hallo"}',
    b'{"text": "Hallo", "published_at": "gestern"}',
    b"[1, 2]",
)


@pytest.mark.parametrize(
    ("content", "content_type", "status", "error"),
    [
        *((body, "application/json", 400, "invalid_input") for body in NOT_A_DOCUMENT),
        (b"\xff\xfe\xfa kaputt", "text/plain; charset=utf-8", 400, "invalid_input"),
        (b"<html><script>x()</script></html>", "text/html", 400, "invalid_input"),
        (b"Hallo", "application/pdf", 415, "unsupported_media_type"),
        (b"Hallo", "", 415, "unsupported_media_type"),
        (b"x" * 30_000, "text/plain", 413, "payload_too_large"),
    ],
)
def test_bad_input_gets_a_4xx_json_error_and_stores_nothing(
    settings: Settings, content: bytes, content_type: str, status: int, error: str | None
) -> None:
    model = FakeModel(ANSWERS)
    with client_for(settings, model) as client:
        response = client.post(
            "/documents", content=content, headers={"content-type": content_type}
        )
        assert response.status_code == status, response.text
        body = response.json()
        assert body["status"] == status and body["detail"]
        if error:
            assert body["error"] == error
        assert client.get("/documents").json()["total"] == 0
        assert model.calls == []


@pytest.mark.parametrize("path", ["/documents/nope", "/documents/nope/extraction"])
def test_unknown_id_is_404(settings: Settings, path: str) -> None:
    with client_for(settings, FakeModel()) as client:
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        assert client.delete("/documents/nope").status_code == 404


def test_bad_query_parameters_are_400(settings: Settings) -> None:
    with client_for(settings, FakeModel()) as client:
        assert client.get("/documents?limit=0").status_code == 400
        assert client.get("/visits?date_from=yesterday").status_code == 400
        assert client.post("/documents?wait=-1", json={"text": ARTICLE}).status_code == 400


def test_model_failure_is_recorded_and_can_be_retried(settings: Settings) -> None:
    model = FakeModel(ANSWERS, fail_with=UpstreamError("the model endpoint is unreachable"))
    with client_for(settings, model) as client:
        failed = submit(client).json()
        assert failed["extraction"]["status"] == "failed"
        assert "unreachable" in failed["extraction"]["error"]
        document_id = failed["document"]["id"]
        assert client.get(f"/documents/{document_id}").status_code == 200
        model.fail_with = None
        retried = client.post(f"/documents/{document_id}/extraction")
        assert retried.status_code == 202
        done = submit(client).json()
        assert done["extraction"]["status"] == "done"
        assert done["extraction"]["attempts"] == 2


class BlockingModel(FakeModel):
    """A fake model that never answers, to leave extractions unfinished."""

    async def complete(self, messages: Any, response_model: Any, log: Any) -> Any:
        await asyncio.Event().wait()


def test_unfinished_extractions_resume_after_a_restart(settings: Settings) -> None:
    with client_for(settings, BlockingModel()) as client:
        document_id = submit(client, wait=0.2).json()["document"]["id"]
        assert client.get(f"/documents/{document_id}/extraction").json()["status"] == "running"
    model = FakeModel(ANSWERS)
    with client_for(settings, model) as client:
        (view,) = extractions_when_finished(client, [document_id], seconds=5)
        assert view["status"] == "done"
        assert model.calls == ["partnerships", "visits", "alliances"]


def test_a_new_cache_key_keeps_the_old_result_readable(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        old = submit(client).json()["extraction"]
    changed = settings.model_copy(update={"llm_temperature": 0.5})
    with client_for(changed, BlockingModel()) as client:
        view = client.post("/documents?wait=0.2", json={"text": ARTICLE}).json()["extraction"]
        assert view["cache_key"] != old["cache_key"]
        assert view["status"] in ("pending", "running")
        assert view["result_is_current"] is False
        assert view["result"] == old["result"]


def test_facts_are_listed_across_documents_with_filters(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        document_id = submit(client).json()["document"]["id"]
        partnerships = client.get("/partnerships?place=karlsruhe").json()
        assert partnerships["total"] == 1
        assert partnerships["items"][0]["document_id"] == document_id
        assert client.get("/partnerships?place=Berlin").json()["total"] == 0
        assert (
            client.get("/visits?place=NOTTINGHAM&date_from=2023-01-01&date_to=2023-12-31").json()[
                "total"
            ]
            == 1
        )
        assert client.get("/visits?date_from=2024-01-01").json()["total"] == 0
        assert client.get("/alliances?member=lyon").json()["items"][0]["name"] == "Eurocities"
        assert client.get("/alliances?name=euro").json()["total"] == 1
        page = client.get("/alliances?limit=1&offset=1").json()
        assert (page["items"], page["limit"], page["offset"]) == ([], 1, 1)


def test_deleting_a_document_removes_its_facts(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        document_id = submit(client).json()["document"]["id"]
        assert client.delete(f"/documents/{document_id}").status_code == 204
        assert client.get(f"/documents/{document_id}").status_code == 404
        assert client.get("/partnerships").json()["total"] == 0


def test_documents_are_listed_and_paginated(settings: Settings) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        for number in range(3):
            client.post("/documents", json={"text": f"{ARTICLE} Nummer {number}."})
        page = client.get("/documents?limit=2").json()
        assert page["total"] == 3 and len(page["items"]) == 2
        assert "text" not in page["items"][0]


def test_health_and_openapi_are_served(settings: Settings) -> None:
    with client_for(settings, FakeModel()) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["database"] and health["model"]
        schema = client.get("/docs/openapi.json").json()
        assert "/documents" in schema["paths"] and "/visits" in schema["paths"]


def test_documents_stored_before_the_index_existed_are_indexed_at_start(settings: Settings) -> None:
    import asyncio as aio

    from sqlalchemy import text as sql

    from api.storage.tables import create_engine

    with client_for(settings, FakeModel(ANSWERS)) as client:
        submit(client)

    async def empty_index() -> None:
        engine = create_engine(settings.database_url)
        async with engine.begin() as connection:
            await connection.execute(sql("DELETE FROM search_terms"))
            await connection.execute(sql("DELETE FROM search_sentences"))
        await engine.dispose()

    aio.run(empty_index())
    assert not aio.run(_search(settings, "Delegation Nottingham"))
    with client_for(settings, FakeModel(ANSWERS)):
        hits = aio.run(_search(settings, "Delegation Nottingham"))
        assert hits, "the stored document was indexed again at start-up"


async def _search(settings: Settings, words: str) -> list[object]:
    from api.storage.search import SentenceIndex, search_terms
    from api.storage.tables import create_engine

    engine = create_engine(settings.database_url)
    found = await SentenceIndex(engine).search(search_terms(words), 3)
    await engine.dispose()
    return list(found)


def test_each_error_kind_carries_its_status_and_description(settings: Settings) -> None:
    """One place per error: its code, HTTP status and OpenAPI description (api/errors.py)."""
    from api.errors import NotFound, error_kinds

    kinds = error_kinds()
    assert len({kind.code for kind in kinds}) == len(kinds)
    assert all(kind.status != 500 and kind.description for kind in kinds)
    with client_for(settings, FakeModel(ANSWERS)) as client:
        missing = client.get("/documents/" + "0" * 24)
        assert missing.status_code == NotFound.status == missing.json()["status"]
        schema = client.get("/docs/openapi.json").json()
        responses = schema["paths"]["/documents/{document_id}"]["get"]["responses"]
        assert responses["404"]["description"] == NotFound.description


def test_a_windows_1252_page_without_a_declared_charset_is_read_as_a_browser_would(
    settings: Settings,
) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><article><p>"
        + ARTICLE.replace("\n", "</p><p>")
        + "</p></article></body></html>"
    )
    with client_for(settings, FakeModel(ANSWERS)) as client:
        stored = client.post(
            "/documents", content=page.encode("cp1252"), headers={"content-type": "text/html"}
        )
        assert stored.status_code in (200, 202), stored.text
        text = client.get(stored.json()["links"]["document"]).json()["text"]
        assert "Angeführt wurde die Delegation von Bürgermeisterin Jane Doe." in text
        plain = client.post(
            "/documents",
            content="Städtepartnerschaft Köln–Lille".encode("cp1252"),
            headers={"content-type": "text/plain"},
        )
        text = client.get(plain.json()["links"]["document"]).json()["text"]
        assert text == "Städtepartnerschaft Köln–Lille"


def test_errors_are_problem_details_with_the_code_and_each_invalid_field(
    settings: Settings,
) -> None:
    with client_for(settings, FakeModel(ANSWERS)) as client:
        missing = client.get("/documents/nope")
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert missing.json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "no document with id 'nope'",
            "error": "not_found",
        }
        invalid = client.get("/visits?date_from=gestern&limit=0")
        body = invalid.json()
        assert invalid.status_code == 400 and body["error"] == "invalid_input"
        fields = {item["field"] for item in body["errors"]}
        assert fields == {"date_from", "limit"}
        assert all(item["source"] == "query" and item["message"] for item in body["errors"])
        assert "{'" not in body["detail"]  # no Python repr of the messages
