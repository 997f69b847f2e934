"""Parts of the pipeline: which sentences the model sees, what it is asked, how items merge."""

from __future__ import annotations

from typing import Any

import pytest

from api.extraction.extractor import Extractor, Found, merge_visits, select_pieces
from api.language.names import acronyms, alliance_key
from api.language.place_names import places_named, whole_name
from api.language.placehood import lower_case_words
from api.language.places import resolve_place
from api.language.text import split_sentences
from api.model.client import CallLogger, CallRecord
from api.model.prompts import load_prompts
from schemas.contract import Alliance, Joining, Partnership, Place, Span, Visit
from schemas.llm import SentenceVisits, VisitAnswer
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


def test_boilerplate_and_repeated_headlines_are_not_shown() -> None:
    text = (
        "Neue Partnerschaft mit Lyon\n\nKontakt\nTelefon 0721 1234567\n\n"
        "Neue Partnerschaft mit Lyon\nDie Stadt pflegt seit 1960 eine Partnerschaft mit Lyon."
    )
    shown = [sentence.text for piece in select_pieces(split_sentences(text)) for sentence in piece]
    assert shown.count("Neue Partnerschaft mit Lyon") == 1
    assert not any("Telefon" in sentence for sentence in shown)


def test_long_articles_are_split_into_pieces_holding_every_relation_sentence() -> None:
    filler = " ".join(f"Satz {n} handelt vom Wetter und sonst nichts weiter." for n in range(200))
    relations = [f"Eine Delegation aus Stadt {n} besuchte die Partnerstadt." for n in range(40)]
    text = "\n".join(f"{filler}\n{relation}" for relation in relations)
    pieces = select_pieces(split_sentences(text), piece_chars=300)
    shown = [sentence.text for piece in pieces for sentence in piece]
    assert all(relation in shown for relation in relations)
    assert len(pieces) > 1
    assert all(sum(len(sentence.text) for sentence in piece) <= 300 for piece in pieces)
    assert "Satz 100 handelt vom Wetter und sonst nichts weiter." not in shown


def visit(origin: str, host: str | None, leader: str | None = None) -> Visit:
    return Visit(
        from_place=Place(name=origin, kind="city"),
        host_place=Place(name=host, kind="city") if host else None,
        leaders=[{"name": leader}] if leader else [],  # type: ignore[list-item]
        evidence=[Span(start=0, end=1, text="x")],
    )


def test_visits_from_one_place_to_one_host_merge() -> None:
    merged = merge_visits(
        [visit("Lyon", "Köln", "A B"), visit("Lyon", None, "C D"), visit("Lyon", "Bonn")]
    )
    assert [(v.host_place.name if v.host_place else None) for v in merged] == ["Köln", "Bonn"]
    assert {leader.name for leader in merged[0].leaders} == {"A B", "C D"}


def test_alliance_names_agree_across_inflection_and_acronyms() -> None:
    defined = acronyms("Die Deutsch-Polnische Städteallianz (DPSA) wurde 2001 gegründet.")
    assert alliance_key("der Deutsch-Polnischen Städteallianz", defined) == alliance_key(
        "Deutsch-Polnische Städteallianz", defined
    )
    assert alliance_key("DPSA", defined) == alliance_key("Deutsch-Polnische Städteallianz", defined)


class SentenceFakeModel:
    """A fake model, named as such: its visits answer cites sentence 0 only; asked about one
    sentence, it takes the first origin and the first host that the answer schema allows."""

    def __init__(self) -> None:
        self.asked: list[int] = []
        self.last_lines: list[str] = []

    async def complete(self, messages: Any, response_model: Any, log: CallLogger) -> Any:
        self.last_lines.append(messages[-1]["content"].splitlines()[-3])
        if issubclass(response_model, SentenceVisits):
            fields = response_model.model_json_schema()["properties"]["visits"]["items"]
            allowed = {
                name: spec.get("enum") or [spec["const"]]
                for name, spec in fields["properties"].items()
                if name != "sentences"
            }
            number = fields["properties"]["sentences"]["items"]["const"]
            self.asked.append(number)
            visit = {
                "sentences": [number],
                "from_place": allowed["from_place"][0],
                "host_place": allowed["host_place"][0],
            }
            return response_model.model_validate({"visits": [visit]}), 10, 5
        answer = {"visits": [VISIT_OF_SENTENCE_0]} if response_model is VisitAnswer else {}
        return response_model.model_validate(answer or {response_model.task: []}), 10, 5


VISIT_OF_SENTENCE_0 = {
    "sentences": [0],
    "from_place": "Lyon",
    "from_organisation": "",
    "host_place": "Ulm",
    "date_text": "",
    "leaders": [],
    "topics": [],
}


async def test_visit_sentences_the_first_answer_left_out_are_asked_about_one_by_one() -> None:
    text = (
        "Eine Delegation aus Lyon besuchte am Montag Ulm. "
        "Der Besuch dauerte zwei Tage. "
        "Am 3. Mai kam auch eine Delegation aus Kyoto nach Ulm."
    )
    model = SentenceFakeModel()

    async def log(record: CallRecord) -> None:
        pass

    result = await Extractor(model, load_prompts()).extract(text, None, log)  # type: ignore[arg-type]
    # Sentence 1 has a visit word but names nobody's origin: asking could only cost time.
    assert model.asked == [2]
    assert model.last_lines[1].startswith("Task: list the visits that sentence [2] reports")
    routes = [
        (v.from_place.name, v.host_place.name)
        for v in result.visits
        if v.from_place and v.host_place
    ]
    assert routes == [("Lyon", "Ulm"), ("Kyoto", "Ulm")]
    kyoto = result.visits[1]
    assert kyoto.date_text == "Am 3. Mai" and kyoto.start == "--05-03"
    assert [span.text for span in kyoto.evidence] == [text[text.index("Am 3. Mai") :]]


def test_the_places_a_sentence_names_are_the_longest_names_and_no_other_words() -> None:
    named = places_named("Die Gäste aus Lyon und kanadische Vertreter kamen im Mai nach Ulm.")
    assert named == ["Lyon", "Ulm", "Kanada"]
    assert places_named("Mitglied wurde der Rhein-Kreis Neuss.") == ["Rhein-Kreis Neuss"]
    assert places_named("Sie trafen sich auf der Hannover Messe.") == ["Hannover"]
    assert places_named("Sie begrüßte die Gäste in der Region.") == []
    assert places_named("Die Partnerstadt Lyon schickte Gäste.") == ["Lyon"]
    common = lower_case_words("Man sagt, seit Jahren. Seit 1990 gibt es das. Kontakt: info@seit.de")
    assert "seit" in common and "de" not in common
    assert places_named("Seit 1990 ist Halle Partnerstadt.", common) == ["Halle"]
    # An English possessive is no part of the name
    assert places_named("Leeds's Lord Mayor visited Lyon’s town hall.") == ["Leeds", "Lyon"]


@cases("sentence, named")
def test_a_romance_place_name_holds_its_lower_case_particles(
    sentence: str, named: list[str]
) -> None:
    assert places_named(sentence) == named


def test_two_names_of_one_gazetteer_place_are_one_visit() -> None:
    span = Span(start=0, end=4, text="Text")
    short = Place(name="Le Perreux", country="FR", kind="city", geonames_id=3002965)
    full = Place(name="Le Perreux-sur-Marne", country="FR", kind="city", geonames_id=3002965)
    origin = Place(name="Forchheim", country="DE", kind="city", geonames_id=2925017)
    visits = [
        Visit(from_place=origin, host_place=short, evidence=[span]),
        Visit(from_place=origin, host_place=full, evidence=[span]),
    ]
    assert len(merge_visits(visits)) == 1


def test_a_name_and_that_name_with_words_before_it_are_one_partner() -> None:
    from api.extraction.extractor import merge_partnerships
    from schemas.contract import Partnership

    span = Span(start=0, end=4, text="Text")
    district = Place(name="Charlottenburg-Wilmersdorf", kind="district")
    written = Place(name="Berliner Bezirk Charlottenburg-Wilmersdorf", kind="district")
    county = Place(name="Landkreis Marburg-Biedenkopf", kind="region")
    short = Place(name="Marburg-Biedenkopf", kind="region")
    merged = merge_partnerships(
        [
            Partnership(
                places=[county, written], kind="twinning", status="existing", evidence=[span]
            ),
            Partnership(
                places=[district, short], kind="twinning", status="existing", evidence=[span]
            ),
        ]
    )
    assert len(merged) == 1
    # Not a suffix of a word: "Neustadt" is not "Altneustadt".
    other = Place(name="Altneustadt", kind="city")
    town = Place(name="Neustadt", kind="city")
    pair = [
        Partnership(places=[other, county], kind="twinning", status="existing", evidence=[span]),
        Partnership(places=[town, county], kind="twinning", status="existing", evidence=[span]),
    ]
    assert len(merge_partnerships(pair)) == 2


def test_two_names_ending_in_one_compound_are_one_place_but_a_shared_river_is_not() -> None:
    from api.extraction.extractor import same_place_keys

    berlin = Place(name="Berlin Charlottenburg-Wilmersdorf", kind="city")
    written = Place(name="Berliner Bezirk Charlottenburg-Wilmersdorf", kind="district")
    keys = same_place_keys([berlin, written])
    assert len(set(keys.values())) == 1
    frankfurt = Place(name="Frankfurt am Main", kind="city")
    offenbach = Place(name="Offenbach am Main", kind="city")
    assert len(set(same_place_keys([frankfurt, offenbach]).values())) == 2


@cases("name, core")
def test_a_regions_name_is_made_of_a_proper_name_and_a_word_of_region(
    name: str, core: str | None
) -> None:
    from api.extraction.extractor import region_core

    assert region_core(name) == core


def test_visits_to_one_region_under_its_names_are_one_visit() -> None:
    span = Span(start=0, end=4, text="Text")
    origin = Place(name="Korea", country="KR", kind="country")
    hosts = [
        Place(name="Metropole Nordtal", kind="region"),
        Place(name="Nordtalgebiet", kind="region"),
        # As "Landkreis X" and "X" are one place in one article, so are "Metropole X" and "X".
        Place(name="Nordtal", kind="region"),
        Place(name="Südtalgebiet", kind="region"),
    ]
    visits = [Visit(from_place=origin, host_place=host, evidence=[span]) for host in hosts]
    merged = merge_visits(visits)
    assert [visit.host_place.name for visit in merged if visit.host_place] == [
        "Metropole Nordtal",
        "Südtalgebiet",
    ]


@pytest.mark.parametrize(
    ("town", "area", "other"),
    [
        (
            Place(name="Szeged", country="HU", kind="city", geonames_id=715429),
            Place(name="Ungarn", country="HU", kind="country"),
            Place(name="Frankreich", country="FR", kind="country"),
        ),
        (
            Place(name="Turin", country="IT", kind="city"),
            Place(name="Piemont", country="IT", kind="region"),
            Place(name="Toskana", country="IT", kind="region"),
        ),
    ],
)
def test_visitors_named_by_their_country_or_region_join_their_towns_delegation(
    town: Place, area: Place, other: Place
) -> None:
    span = Span(start=0, end=4, text="Text")
    host = Place(name="Ulm", country="DE", kind="city", geonames_id=2820256)
    delegation = Visit(from_place=town, host_place=host, evidence=[span])
    merged = merge_visits([Visit(from_place=area, host_place=host, evidence=[span]), delegation])
    assert [visit.from_place.name for visit in merged if visit.from_place] == [town.name]
    # An area that does not hold the town: other visitors
    others = Visit(from_place=other, host_place=host, evidence=[span])
    assert len(merge_visits([others, delegation.model_copy(deep=True)])) == 2


def test_every_town_of_the_facts_is_placed_in_a_country_the_article_names() -> None:
    """Found by the model or in passing, in a partnership, a visit or an alliance: "Brest"
    is the French town in an article that names France, so that it merges as one place."""
    brest, pontivy = resolve_place("Brest"), resolve_place("Pontivy")
    assert brest is not None and brest.country == "BY" and pontivy is not None
    sentence = "Brest and Pontivy in Brittany joined the Atlantic Network."
    evidence = [Span(start=0, end=len(sentence), text=sentence)]
    found = Found(
        partnerships=[
            Partnership(
                places=[brest, pontivy], kind="twinning", status="existing", evidence=evidence
            )
        ],
        visits=[Visit(from_place=brest, host_place=pontivy, evidence=evidence)],
        alliances=[
            Alliance(
                name="Atlantic Network",
                members=[brest],
                joined=[Joining(place=brest)],
                evidence=evidence,
            )
        ],
    )
    found.placed_in({"FR"})
    [partnership], [visit], [alliance] = found.partnerships, found.visits, found.alliances
    placed = [
        *partnership.places,
        visit.from_place,
        visit.host_place,
        *alliance.members,
        alliance.joined[0].place,
    ]
    assert [place.country for place in placed if place] == ["FR"] * 6


@cases("sentence, name, whole")
def test_the_whole_name_of_a_place_a_name_only_starts(
    sentence: str, name: str, whole: str | None
) -> None:
    assert whole_name(sentence, name) == whole
