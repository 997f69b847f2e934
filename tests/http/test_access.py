"""API keys and scopes, keyless loopback mode, and per-key rate limits, through the HTTP API."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar.testing import TestClient

from api.commands import admin as cli
from api.errors import InvalidInput
from api.http.app import create_app
from api.runtime import check_settings
from api.settings import Settings
from api.storage.keys import KeyService
from api.storage.store import Store
from api.storage.tables import create_engine
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE, BlockingModel

QUESTION_ANSWERS = {
    "plan": {"question": "Wer kam?", "search_terms": ["Delegation"]},
    "answer": {"passages": [], "answer": ""},
}


def keyed(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"auth": "keys", **changes})


def create_key(database_url: str, *scopes: str) -> str:
    """A key created as the command line does; returns its secret."""

    async def create() -> str:
        store = Store(create_engine(database_url))
        await store.create_schema()
        try:
            _, secret = await KeyService(store.keys).create("test", list(scopes))
        finally:
            await store.engine.dispose()
        return secret

    return asyncio.run(create())


def new_key(settings: Settings, *scopes: str) -> dict[str, str]:
    """The header that presents a new key with these scopes."""
    return {"Authorization": f"Bearer {create_key(settings.database_url, *scopes)}"}


def revoke_all(settings: Settings) -> None:
    async def revoke() -> None:
        store = Store(create_engine(settings.database_url))
        try:
            for key in await store.keys.all():
                await store.keys.revoke(key.id)
        finally:
            await store.engine.dispose()

    asyncio.run(revoke())


def test_without_a_key_the_answer_is_401_with_a_json_body(settings: Settings) -> None:
    with TestClient(create_app(keyed(settings), model=FakeModel(ANSWERS))) as client:
        for method, path in [("GET", "/documents"), ("POST", "/ask"), ("GET", "/jobs")]:
            response = client.request(method, path, json={"question": "Wer?"})
            assert response.status_code == 401, (path, response.text)
            assert response.json()["error"] == "unauthenticated"
            assert response.headers["www-authenticate"].startswith("Bearer")
        unknown = client.get("/documents", headers={"X-API-Key": "cl_nothing_here"})
        assert unknown.status_code == 401 and "unknown or revoked" in unknown.json()["detail"]


def test_health_and_the_api_description_need_no_key(settings: Settings) -> None:
    with TestClient(create_app(keyed(settings), model=FakeModel(ANSWERS))) as client:
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
        assert client.get("/docs/openapi.json").status_code == 200


def test_each_scope_opens_its_routes_and_no_others(settings: Settings) -> None:
    config = keyed(settings)
    read, ingest, admin = (new_key(config, scope) for scope in ("read", "ingest", "admin"))
    with TestClient(create_app(config, model=FakeModel(ANSWERS))) as client:
        assert client.post("/documents", json={"text": ARTICLE}, headers=read).status_code == 403
        submitted = client.post("/documents?wait=10", json={"text": ARTICLE}, headers=ingest)
        assert submitted.status_code == 200, submitted.text
        document = f"/documents/{submitted.json()['document']['id']}"
        assert client.get(document, headers=ingest).status_code == 403
        assert client.get(document, headers=read).status_code == 200
        assert client.get("/partnerships", headers=read).status_code == 200
        assert client.get("/jobs", headers=read).status_code == 403
        assert client.get("/jobs", headers=admin).status_code == 200
        assert client.get("/metrics", headers=read).status_code == 403
        assert client.get("/metrics", headers=admin).status_code == 200
        assert client.delete(document, headers=read).status_code == 403
        forbidden = client.delete(document, headers=ingest)
        assert forbidden.status_code == 403 and "'admin' scope" in forbidden.json()["detail"]
        assert client.delete(document, headers=admin).status_code == 204


def test_a_revoked_key_is_refused_at_once(settings: Settings) -> None:
    config = keyed(settings)
    read = new_key(config, "read")
    with TestClient(create_app(config, model=FakeModel(ANSWERS))) as client:
        assert client.get("/documents", headers=read).status_code == 200
        revoke_all(config)
        assert client.get("/documents", headers=read).status_code == 401


def test_keys_are_stored_only_as_hashes(settings: Settings) -> None:
    secret = new_key(settings, "read")["Authorization"].removeprefix("Bearer ")

    async def stored() -> list[str]:
        store = Store(create_engine(settings.database_url))
        try:
            return [f"{key.id} {key.secret_sha256} {key.scopes}" for key in await store.keys.all()]
        finally:
            await store.engine.dispose()

    rows = asyncio.run(stored())
    assert len(rows) == 1 and secret not in rows[0] and secret.split("_", 2)[2] not in rows[0]


def test_keyless_mode_is_refused_off_loopback(settings: Settings) -> None:
    exposed = settings.model_copy(update={"auth": "none", "host": "0.0.0.0"})
    with pytest.raises(InvalidInput, match="only on loopback"):
        check_settings(exposed)
    assert settings.model_copy(update={"host": "0.0.0.0"}).keys_required
    assert not settings.model_copy(update={"host": "::1"}).keys_required


def test_ingest_over_the_rate_limit_is_429_with_retry_after(settings: Settings) -> None:
    config = keyed(settings, ingest_per_minute=2)
    first, second = new_key(config, "ingest", "read"), new_key(config, "ingest")
    with TestClient(create_app(config, model=FakeModel(ANSWERS))) as client:
        for n in range(2):
            response = client.post("/documents", json={"text": f"{ARTICLE} {n}"}, headers=first)
            assert response.status_code in (200, 202)
        refused = client.post("/documents", json={"text": f"{ARTICLE} 3"}, headers=first)
        assert refused.status_code == 429
        assert refused.json()["error"] == "too_many_requests"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert client.get("/documents", headers=first).json()["total"] == 2  # nothing stored
        assert client.get("/documents", headers=first).status_code == 200  # reads are not limited
        other = client.post("/documents", json={"text": f"{ARTICLE} 4"}, headers=second)
        assert other.status_code in (200, 202)


def test_questions_over_the_rate_limit_are_429(settings: Settings) -> None:
    config = settings.model_copy(update={"questions_per_minute": 1})
    with TestClient(create_app(config, model=FakeModel(QUESTION_ANSWERS))) as client:
        assert client.post("/ask", json={"question": "Wer kam?"}).status_code == 200
        chat = {"messages": [{"role": "user", "content": "Wer kam?"}]}
        refused = client.post("/v1/chat/completions", json=chat)
        assert refused.status_code == 429 and "retry-after" in refused.headers


def test_unfinished_extractions_per_key_are_limited(settings: Settings) -> None:
    config = keyed(settings, extractions_per_key=1)
    ingest = new_key(config, "ingest", "read")
    with TestClient(create_app(config, model=BlockingModel())) as client:
        first = client.post("/documents", json={"text": ARTICLE}, headers=ingest)
        assert first.status_code == 202
        refused = client.post("/documents", json={"text": ARTICLE + " Mehr."}, headers=ingest)
        assert refused.status_code == 429, refused.text
        assert "CITYLINKS_EXTRACTIONS_PER_KEY" in refused.json()["detail"]
        assert refused.headers["retry-after"] == "30"
        again = client.post("/documents", json={"text": ARTICLE}, headers=ingest)
        assert again.status_code == 202  # the same document: no new work
        assert client.get("/documents", headers=ingest).json()["total"] == 1


def test_keys_are_created_listed_and_revoked_from_the_command_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CITYLINKS_DATABASE_URL", settings.database_url)
    assert cli.main(["keys", "create", "importer", "--scopes", "ingest", "read"]) == 0
    secret = capsys.readouterr().out.strip()
    headers = {"X-API-Key": secret}
    with TestClient(create_app(keyed(settings), model=FakeModel(ANSWERS))) as client:
        assert client.get("/documents", headers=headers).status_code == 200
        key_id = secret.split("_")[1]
        assert cli.main(["keys", "list"]) == 0
        listing = capsys.readouterr()
        assert key_id in listing.out + listing.err
        # The random part is URL-safe base64 and may itself hold "_".
        assert secret.split("_", 2)[2] not in listing.out + listing.err
        assert cli.main(["keys", "revoke", key_id]) == 0
        assert client.get("/documents", headers=headers).status_code == 401
