"""Knowledge across articles (api/knowledge/relations.py): one relation per thing, with all its sources;
and its routes, on facts extracted through the API with a fake model."""

from __future__ import annotations

import copy
from typing import Any

from litestar.testing import TestClient

from api.http.app import create_app
from api.knowledge.relations import Knowledge, StoredFact
from api.settings import Settings
from schemas.contract import Alliance, Joining, Partnership, Place, Span, Visit
from tests.conftest import FakeModel
from tests.http.test_api import ANSWERS, ARTICLE

SPAN = Span(start=0, end=4, text="Text")
LYON = Place(name="Lyon", country="FR", kind="city", geonames_id=2996944, lat=45.7, lon=4.8)
ULM = Place(name="Ulm", country="DE", kind="city", geonames_id=2820256, lat=48.4, lon=10.0)
ULM_UNRESOLVED = Place(name="Ulm", country="DE", kind="city")
KAMPEN = Place(name="Kampen", country="NL", kind="city", geonames_id=2753106)


def partnership(a: Place, b: Place, since: str | None, kind: str = "twinning") -> dict[str, Any]:
    return Partnership(
        places=[a, b], kind=kind, status="existing", since=since, evidence=[SPAN]
    ).model_dump(mode="json")


def visit(origin: Place, host: Place, start: str | None, leader: str = "") -> dict[str, Any]:
    leaders = [{"name": leader, "role": "Bürgermeister"}] if leader else []
    return Visit(
        from_place=origin, host_place=host, start=start, leaders=leaders, evidence=[SPAN]
    ).model_dump(mode="json")


def alliance(
    name: str, members: list[Place], joined: list[Joining] | None = None
) -> dict[str, Any]:
    return Alliance(name=name, members=members, joined=joined or [], evidence=[SPAN]).model_dump(
        mode="json"
    )


def facts(*items: tuple[str, str, dict[str, Any]]) -> Knowledge:
    return Knowledge([StoredFact(document, kind, payload) for document, kind, payload in items])


def test_one_partnership_from_three_articles_keeps_each_stated_year_with_its_source() -> None:
    knowledge = facts(
        ("d1", "partnership", partnership(LYON, ULM, "1975")),
        ("d2", "partnership", partnership(ULM_UNRESOLVED, LYON, "1976")),
        ("d3", "partnership", partnership(ULM, LYON, None, kind="friendship")),
    )
    [merged] = knowledge.partnerships
    assert {place.id for place in merged.places} == {"geonames-2996944", "geonames-2820256"}
    assert merged.since == "1975" and merged.kind == "twinning"
    assert [(s.value, s.document_ids) for s in merged.since_stated] == [
        ("1975", ["d1"]),
        ("1976", ["d2"]),
    ]
    assert [source.document_id for source in merged.sources] == ["d1", "d2", "d3"]
    assert [(k.value, k.document_ids) for k in merged.kinds] == [
        ("twinning", ["d1", "d2"]),
        ("friendship", ["d3"]),
    ]


def test_a_place_no_gazetteer_knows_is_one_entity_by_name_and_country() -> None:
    village = Place(name="Oberwaldbach", country="AT", kind="city")
    knowledge = facts(
        ("d1", "partnership", partnership(village, ULM, None)),
        ("d2", "partnership", partnership(ULM, Place(name="Oberwaldbach", country="AT"), None)),
        ("d3", "partnership", partnership(Place(name="Oberwaldbach", country="DE"), ULM, None)),
    )
    ids = sorted(place.id for merged in knowledge.partnerships for place in merged.places)
    assert len(knowledge.partnerships) == 2
    assert "name-oberwaldbach-at" in ids and "name-oberwaldbach-de" in ids


def test_visits_merge_when_origin_host_and_date_agree() -> None:
    knowledge = facts(
        ("news", "visit", visit(LYON, ULM, "2023-05-03", leader="Anne Roux")),
        ("city", "visit", visit(LYON, ULM, "2023-05-03", leader="Paul Petit")),
        ("later", "visit", visit(LYON, ULM, "2024-06-01")),
        ("other-way", "visit", visit(ULM, LYON, "2023-05-03")),
    )
    assert len(knowledge.visits) == 3
    twice = next(v for v in knowledge.visits if len(v.sources) == 2)
    assert [source.document_id for source in twice.sources] == ["news", "city"]
    assert [(p.name, p.document_ids) for p in twice.leaders] == [
        ("Anne Roux", ["news"]),
        ("Paul Petit", ["city"]),
    ]


def test_an_undated_report_joins_the_one_dated_visit_of_its_route() -> None:
    knowledge = facts(
        ("a", "visit", visit(LYON, ULM, "2023-05-03")),
        ("b", "visit", visit(LYON, ULM, None)),
    )
    [merged] = knowledge.visits
    assert merged.start == "2023-05-03" and len(merged.sources) == 2
    two_dated = facts(
        ("a", "visit", visit(LYON, ULM, "2023-05-03")),
        ("b", "visit", visit(LYON, ULM, "2024-01-01")),
        ("c", "visit", visit(LYON, ULM, None)),
    )
    assert len(two_dated.visits) == 3  # which of the two it is, nobody can say


def test_an_alliance_named_by_its_acronym_elsewhere_is_one_alliance_with_its_members() -> None:
    knowledge = facts(
        ("d1", "alliance", alliance("International Solar Alliance", [LYON])),
        ("d2", "alliance", alliance("ISA", [ULM], [Joining(place=ULM, date="2019-04")])),
        ("d3", "alliance", alliance("der Internationalen Solar Allianz", [KAMPEN])),
    )
    # The acronym joins the full name; the German form joins by its inflection-proof key.
    [merged] = knowledge.alliances
    assert merged.name == "International Solar Alliance"
    assert {(m.place.name, m.joined, tuple(m.document_ids)) for m in merged.members} == {
        ("Lyon", None, ("d1",)),
        ("Ulm", "2019-04", ("d2",)),
        ("Kampen", None, ("d3",)),
    }


def test_relations_filter_by_type_place_and_date() -> None:
    knowledge = facts(
        ("d1", "partnership", partnership(LYON, ULM, "1975")),
        ("d2", "visit", visit(LYON, ULM, "2023-05-03")),
        ("d3", "alliance", alliance("Städtebund Die Hanse", [KAMPEN, ULM])),
    )
    assert len(knowledge.relations()) == 3
    assert [r.type for r in knowledge.relations("visit")] == ["visit"]
    assert {r.type for r in knowledge.relations(place="ulm")} == {
        "partnership",
        "visit",
        "alliance",
    }
    assert [r.type for r in knowledge.relations(place="Kampen")] == ["alliance"]
    assert [r.type for r in knowledge.relations(date_from="2020")] == ["visit"]
    assert [r.type for r in knowledge.relations(date_to="1980")] == ["partnership"]
    detail = knowledge.detail("geonames-2820256")
    assert detail is not None
    assert (detail.counts.partnerships, detail.counts.visits_in, detail.counts.alliances) == (
        1,
        1,
        1,
    )
    assert detail.counts.documents == 3 and detail.visits_out == []


SECOND_ARTICLE = (
    "Nottingham und Karlsruhe feiern ihre Partnerschaft, die seit 1970 besteht.\n"
    "Karlsruhe ist Mitglied im Netzwerk Eurocities, ebenso wie Nottingham."
)


def second_answers() -> dict[str, Any]:
    answers = copy.deepcopy(ANSWERS)
    answers["partnerships"]["partnerships"][0] |= {"sentences": [0], "since": "seit 1970"}
    answers["visits"] = {"visits": []}
    answers["alliances"]["alliances"][0] |= {"sentences": [1], "members": ["Nottingham"]}
    return answers


def test_the_routes_serve_merged_relations_that_follow_the_documents(settings: Settings) -> None:
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        first = client.post("/documents?wait=10", json={"text": ARTICLE}).json()
    with TestClient(app=create_app(settings, model=FakeModel(second_answers()))) as client:
        second = client.post("/documents?wait=10", json={"text": SECOND_ARTICLE}).json()
        assert second["extraction"]["status"] == "done"
        relations = client.get("/relations", params={"type": "partnership"}).json()
        [merged] = relations["items"]
        assert merged["since"] == "1969"
        assert {s["value"] for s in merged["since_stated"]} == {"1969", "1970"}
        assert {s["document_id"] for s in merged["sources"]} == {
            first["document"]["id"],
            second["document"]["id"],
        }
        [eurocities] = client.get("/alliances", params={"merged": "true"}).json()["items"]
        assert {m["place"]["name"] for m in eurocities["members"]} == {
            "Karlsruhe",
            "Lyon",
            "Nottingham",
        }
        assert len(client.get("/partnerships").json()["items"]) == 2  # one per document
        places = client.get("/places", params={"name": "karls"}).json()["items"]
        assert [p["place"]["name"] for p in places] == ["Karlsruhe"]
        assert places[0]["counts"]["documents"] == 2
        detail = client.get(f"/places/{places[0]['place']['id']}").json()
        assert len(detail["partnerships"]) == 1 and len(detail["visits_in"]) == 1
        assert client.get("/places/name-nowhere-xx").status_code == 404
        # A deleted document's sources go; a relation left without sources goes too.
        assert client.delete(f"/documents/{first['document']['id']}").status_code == 204
        [merged] = client.get("/relations", params={"type": "partnership"}).json()["items"]
        assert merged["since"] == "1970" and len(merged["sources"]) == 1
        assert client.get("/relations", params={"type": "visit"}).json()["items"] == []


THIRD_ARTICLE = "Lyon und Nottingham sind seit 1984 Partnerstädte."


def answered(client: Any, question: str) -> dict[str, Any]:
    """The answer to the question, which must be answered."""
    answer: dict[str, Any] = client.post("/ask", json={"question": question}).json()
    assert answer["status"] == "answered", answer
    return answer


def lyon_in_a_second_article(settings: Settings) -> FakeModel:
    """Stores ARTICLE (Karlsruhe–Nottingham); returns the fake model whose answers make
    THIRD_ARTICLE state Lyon–Nottingham (submit it with the model returned)."""
    answers = copy.deepcopy(ANSWERS)
    answers["partnerships"]["partnerships"][0] |= {"place_a": "Lyon", "since": "seit 1984"}
    answers |= {"visits": {"visits": []}, "alliances": {"alliances": []}}
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
    return FakeModel(answers)


def test_a_partner_both_places_share_is_answered_from_all_articles(settings: Settings) -> None:
    """Karlsruhe–Nottingham stands in one article, Lyon–Nottingham in another: the town
    twinned with both is read off the merged partnerships, cited to each article."""
    model = lyon_in_a_second_article(settings)
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": THIRD_ARTICLE})
        calls = len(model.calls)
        question = "Welche Stadt ist sowohl mit Karlsruhe als auch mit Lyon verschwistert?"
        answer = answered(client, question)
        assert answer["answer"].startswith("Nottingham [1][2]")
        cited = {citation["text"] for citation in answer["citations"]}
        assert cited == {ARTICLE.splitlines()[0], THIRD_ARTICLE}
        assert len(model.calls) == calls  # no model call: the facts answer it


def test_how_many_partners_counts_each_partner_once_across_articles(settings: Settings) -> None:
    with TestClient(app=create_app(settings, model=lyon_in_a_second_article(settings))) as client:
        client.post("/documents?wait=10", json={"text": THIRD_ARTICLE})
        question = "Wie viele Partnerstädte hat Nottingham?"
        answer = answered(client, question)
        assert answer["answer"].startswith("Die Artikel nennen 2: ")
        assert "Karlsruhe [" in answer["answer"] and "Lyon [" in answer["answer"]


def test_members_both_articles_name_are_answered_from_both(settings: Settings) -> None:
    answers = second_answers()
    answers["alliances"]["alliances"][0]["members"] = ["Karlsruhe", "Nottingham"]
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
    with TestClient(app=create_app(settings, model=FakeModel(answers))) as client:
        client.post("/documents?wait=10", json={"text": SECOND_ARTICLE})
        question = "Welche Mitglieder von Eurocities nennen beide Artikel gemeinsam?"
        answer = answered(client, question)
        assert answer["answer"].startswith("Karlsruhe [1][2]")
        assert "Lyon" not in answer["answer"] and "Nottingham" not in answer["answer"]


def test_which_places_joined_and_when_lists_every_dated_joining(settings: Settings) -> None:
    text = "Im Mai 2020 trat Lyon dem deutsch-französischen Netzwerk Eurocities bei."
    answers: dict[str, Any] = {
        "alliances": {
            "alliances": [
                {
                    "sentences": [0],
                    "name": "Eurocities",
                    "founded_text": "",
                    "founding_event": "",
                    "members": ["Lyon"],
                    "joined": [{"place": "Lyon", "date_text": "Im Mai 2020", "event": ""}],
                }
            ]
        }
    }
    with TestClient(app=create_app(settings, model=FakeModel(answers))) as client:
        client.post("/documents?wait=10", json={"text": text})
        question = "Which cities joined the German-French network Eurocities, and when?"
        answer = answered(client, question)
        assert answer["answer"].startswith("Lyon: May 2020 [1]")


def eurocities_answers(joined: list[tuple[str, str]], sentences: list[int]) -> dict[str, Any]:
    """The fake model's answers: Eurocities with these (place, date as written) joinings."""
    joinings = [{"place": place, "date_text": date, "event": ""} for place, date in joined]
    network = {
        "sentences": sentences,
        "name": "Eurocities",
        "founded_text": "",
        "founding_event": "",
        "members": [place for place, _ in joined],
        "joined": joinings,
    }
    return {"alliances": {"alliances": [network]}}


def test_which_places_joined_and_when_gives_the_undated_joinings_too(settings: Settings) -> None:
    text = "Im Mai 2020 trat Lyon dem Netzwerk Eurocities bei. Auch Ulm ist Eurocities beigetreten."
    answers = eurocities_answers([("Lyon", "Im Mai 2020"), ("Ulm", "")], [0, 1])
    with TestClient(app=create_app(settings, model=FakeModel(answers))) as client:
        client.post("/documents?wait=10", json={"text": text})
        english = answered(client, "Which cities joined the network Eurocities, and when?")
        assert english["answer"] == "Lyon: May 2020 [1]; Ulm [2] (no date given)"
        german = answered(client, "Welche Städte sind Eurocities beigetreten, und wann?")
        assert german["answer"] == "Lyon: Mai 2020 [1]; Ulm [2] (ohne Datum)"


def test_when_and_where_a_place_joined_is_its_joinings_date_and_occasion(
    settings: Settings,
) -> None:
    joining = "Im Mai 2020 trat Lyon dem Netzwerk Eurocities bei."
    ceremony = "Die feierliche Zeremonie fand im Mai 2020 im Rahmen der Europawoche statt."
    text = f"{joining} {ceremony}"
    model = FakeModel(eurocities_answers([("Lyon", "Im Mai 2020")], [0]))
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": text})
        calls = len(model.calls)
        answer = answered(client, "Wann und wo trat Lyon Eurocities bei?")
        assert answer["answer"] == "Lyon: Mai 2020, im Rahmen der Europawoche [1][2]"
        assert [citation["text"] for citation in answer["citations"]] == [joining, ceremony]
        assert answered(client, "Where did Lyon join Eurocities?")["answer"].startswith(
            "Lyon: May 2020, im Rahmen der Europawoche"
        )
        assert len(model.calls) == calls  # no model call: the facts answer it


def test_a_joining_is_cited_to_the_body_sentence_that_dates_it_not_the_headline(
    settings: Settings,
) -> None:
    headline = "Ulm seit Mai 2020 Mitglied von Eurocities"
    body = "Im Mai 2020 trat Ulm dem Netzwerk Eurocities bei."
    model = FakeModel(eurocities_answers([("Ulm", "Im Mai 2020")], [0, 1]))
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": f"{headline}\n\n{body}"})
        answer = answered(client, "Wann trat Ulm Eurocities bei?")
        assert answer["answer"] == "Ulm: Mai 2020 [1]"
        assert [citation["text"] for citation in answer["citations"]] == [body]


def test_a_partnership_is_cited_to_the_sentence_that_names_both_places(settings: Settings) -> None:
    opening = "Die Delegation aus Ulm wurde in der Partnerstadt herzlich empfangen."
    both = "Die Partnerschaft zwischen Ulm und Lyon besteht seit 1975."
    answers = copy.deepcopy(ANSWERS)
    partnership = answers["partnerships"]["partnerships"][0]
    partnership |= {"sentences": [0, 1], "place_a": "Ulm", "place_b": "Lyon", "since": ""}
    answers["visits"]["visits"] = []
    with TestClient(app=create_app(settings, model=FakeModel(answers))) as client:
        client.post("/documents?wait=10", json={"text": f"{opening} {both}"})
        answer = answered(
            client, "Welche deutschen Städte sind mit einer französischen Stadt verschwistert?"
        )
        assert answer["answer"] == "Ulm – Lyon [1]"
        assert [citation["text"] for citation in answer["citations"]] == [both]


def test_a_joining_dated_in_one_article_is_not_also_cited_undated_from_another(
    settings: Settings,
) -> None:
    undated = "Lyon ist dem Netzwerk Eurocities beigetreten."
    model = FakeModel(eurocities_answers([("Lyon", "")], [0]))
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": undated})
    dated = "Im Mai 2020 trat Lyon dem Netzwerk Eurocities bei."
    model = FakeModel(eurocities_answers([("Lyon", "Im Mai 2020")], [0]))
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": dated})
        answer = answered(client, "Welche Städte sind Eurocities beigetreten, und wann?")
        assert answer["answer"] == "Lyon: Mai 2020 [1]"
        assert [citation["text"] for citation in answer["citations"]] == [dated]


def test_places_joined_together_with_one_are_those_of_its_occasion(settings: Settings) -> None:
    """Lyon, Ulm and Kiel joined in May 2020 (one article); Bonn in June 2021 (another): Bonn
    did not join together with Lyon."""
    second = "Bonn trat im Juni 2021 dem Netzwerk Eurocities bei."
    answers = eurocities_answers([("Bonn", "im Juni 2021")], [0])
    with TestClient(app=create_app(settings, model=FakeModel(answers))) as client:
        client.post("/documents?wait=10", json={"text": second})
    first = "Im Mai 2020 wurden Lyon, Ulm und Kiel in das Netzwerk Eurocities aufgenommen."
    joined = [("Lyon", "Im Mai 2020"), ("Ulm", "Im Mai 2020"), ("Kiel", "Im Mai 2020")]
    model = FakeModel(eurocities_answers(joined, [0]))
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": first})
        question = "Welche Städte wurden zusammen mit Lyon in Eurocities aufgenommen?"
        assert answered(client, question)["answer"] == "Ulm [1] und Kiel [1]"
        every = answered(client, "Welche Städte wurden in Eurocities aufgenommen?")["answer"]
        assert "Bonn" in every and "Lyon" in every


def test_partnerships_between_two_countries_are_listed_from_all_articles(
    settings: Settings,
) -> None:
    """Karlsruhe (DE)–Nottingham (GB) in one article, Lyon (FR)–Nottingham in another."""
    model = lyon_in_a_second_article(settings)
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": THIRD_ARTICLE})
        calls = len(model.calls)

        german = answered(
            client, "Welche deutschen Städte sind mit einer britischen Stadt verschwistert?"
        )
        assert german["answer"] == "Karlsruhe – Nottingham [1]"
        assert german["citations"][0]["text"] == ARTICLE.splitlines()[0]
        english = answered(
            client, "Which towns in Germany or France are twinned with towns in Britain?"
        )
        assert english["answer"] == "Karlsruhe – Nottingham [1] and Lyon – Nottingham [2]"
        # The order of the countries is the question's.
        assert answered(client, "Which British towns are twinned with French towns?")["answer"] == (
            "Nottingham – Lyon [1]"
        )
        assert len(model.calls) == calls  # no model call: the facts answer it


def test_since_when_two_places_are_twinned_gives_each_year_an_article_states(
    settings: Settings,
) -> None:
    """ARTICLE says 1969, SECOND_ARTICLE 1970: both years are given, each with its source."""
    with TestClient(app=create_app(settings, model=FakeModel(ANSWERS))) as client:
        client.post("/documents?wait=10", json={"text": ARTICLE})
    model = FakeModel(second_answers())
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": SECOND_ARTICLE})
        calls = len(model.calls)
        since = answered(client, "Seit wann sind Karlsruhe und Nottingham Partnerstädte?")
        assert since["answer"] == "seit 1969 [1]; seit 1970 [2]"
        cited = [citation["text"] for citation in since["citations"]]
        assert cited == [ARTICLE.splitlines()[0], SECOND_ARTICLE.splitlines()[0]]
        founded = answered(client, "When was the twinning of Karlsruhe and Nottingham founded?")
        assert founded["answer"] == "1969 [1]; 1970 [2]"
        assert len(model.calls) == calls  # no model call: the facts answer it


def test_a_stored_place_written_in_full_is_one_place_not_the_towns_of_its_words(
    settings: Settings,
) -> None:
    """ "San Damiano d'Asti" is no run of capitalised words ("San" and "Asti" are towns of
    their own): the question names it as the stored facts do. A question that picks one
    partner by its order is not answered by the list of all."""
    answers = copy.deepcopy(ANSWERS)
    partnership = answers["partnerships"]["partnerships"][0]
    partnership |= {"place_a": "San Damiano d'Asti", "since": "seit 1984"}
    answers |= {"visits": {"visits": []}, "alliances": {"alliances": []}}
    answers |= {
        "plan": {"question": "", "search_terms": ["Partnerstadt"]},
        "answer": {"passages": [], "answer": ""},
    }
    model = FakeModel(answers)
    article = "Die Gemeinde San Damiano d'Asti und Nottingham sind seit 1984 Partnerstädte."
    with TestClient(app=create_app(settings, model=model)) as client:
        client.post("/documents?wait=10", json={"text": article})
        calls = len(model.calls)
        answer = answered(client, "Welche Partnerstädte hat San Damiano d'Asti?")
        assert answer["answer"].startswith("Nottingham [1]")
        assert len(model.calls) == calls
        client.post("/ask", json={"question": "Welche neue Partnerstadt hat San Damiano d'Asti?"})
        assert len(model.calls) > calls
