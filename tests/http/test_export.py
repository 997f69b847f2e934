"""Exports through the HTTP API (CSV, JSON Lines, GeoJSON) and citations: each record leads to its source."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from litestar.testing import TestClient

from api.http.app import create_app
from api.settings import Settings
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE

SOURCE = {"url": "https://example.org/karlsruhe", "title": "Besuch aus Nottingham"}


@pytest.fixture
def client(settings: Settings) -> Any:
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        answer = client.post(
            "/documents?wait=10", json={"text": ARTICLE, "published_at": "2023-05-04", **SOURCE}
        ).json()
        assert answer["extraction"]["status"] == "done"
        client.document_id = answer["document"]["id"]
        yield client


def test_json_lines_hold_each_fact_with_its_id_and_source(client: Any) -> None:
    answer = client.get("/export/visits?format=jsonl")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/jsonl")
    assert 'filename="citylinks-visits.jsonl"' in answer.headers["content-disposition"]
    records = [json.loads(line) for line in answer.text.splitlines()]
    assert len(records) == 1
    visit = records[0]
    assert visit["document"] == {"id": client.document_id, "published_at": "2023-05-04", **SOURCE}
    assert isinstance(visit["fact_id"], int)
    assert visit["from_place"]["name"] == "Nottingham"
    for span in visit["evidence"]:
        assert ARTICLE[span["start"] : span["end"]] == span["text"]


def test_csv_is_one_flat_row_per_fact_that_a_spreadsheet_reads(client: Any) -> None:
    answer = client.get("/export/partnerships?format=csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 1
    row = rows[0]
    assert {row["place_a"], row["place_b"]} == {"Karlsruhe", "Nottingham"}
    assert row["document_id"] == client.document_id
    assert row["document_url"] == SOURCE["url"]
    assert row["evidence"] in ARTICLE
    start, end = (int(n) for n in row["evidence_spans"].split("-"))
    assert ARTICLE[start:end] == row["evidence"]


def test_an_empty_export_still_has_its_header(client: Any) -> None:
    answer = client.get("/export/partnerships?format=csv&place=Atlantis")
    assert answer.text.splitlines() == [answer.text.splitlines()[0]]
    assert answer.text.startswith("fact_id,document_id,document_title,document_url,published_at,")
    assert client.get("/export/visits?format=geojson&place=Atlantis").json() == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_geojson_draws_a_visit_from_origin_to_host_in_longitude_latitude(client: Any) -> None:
    answer = client.get("/export/visits?format=geojson")
    assert answer.headers["content-type"].startswith("application/geo+json")
    collection = answer.json()
    (feature,) = collection["features"]
    origin, host = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "LineString"
    assert 50 < origin[1] < 54 and -2 < origin[0] < 0  # Nottingham: lat 52.95, lon -1.15
    assert 48 < host[1] < 50 and 8 < host[0] < 9  # Karlsruhe: lat 49.0, lon 8.4
    assert feature["properties"]["document"]["id"] == client.document_id


def test_exports_filter_like_the_list_routes(client: Any) -> None:
    assert len(client.get("/export/visits?place=nottingham").text.splitlines()) == 1
    assert client.get("/export/visits?place=lyon").text == ""
    assert client.get("/export/visits?date_from=2024").text == ""
    answer = client.get("/export/alliances?format=geojson&member=lyon").json()
    assert all(f["geometry"]["type"] == "MultiPoint" for f in answer["features"])


def test_an_unknown_type_or_format_is_refused(client: Any) -> None:
    assert client.get("/export/cities").status_code == 400
    answer = client.get("/export/visits?format=xlsx")
    assert answer.status_code == 400
    assert "format" in answer.json()["detail"]


def test_a_citation_leads_back_to_its_article(client: Any) -> None:
    answer = client.post("/ask", json={"question": "Wer leitete die Delegation aus Nottingham?"})
    (citation,) = answer.json()["citations"]
    assert citation["document_id"] == client.document_id
    assert citation["document_title"] == SOURCE["title"]
    assert citation["document_url"] == SOURCE["url"]
    assert citation["published_at"] == "2023-05-04"
    # The fact the cited sentence is evidence of: the visit, as the export numbers it.
    (visit,) = [json.loads(line) for line in client.get("/export/visits").text.splitlines()]
    assert citation["fact_id"] == visit["fact_id"]
