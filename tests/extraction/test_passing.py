"""The article's own place and partnerships stated in passing (api/extraction/passing.py), on sentences
written for the test."""

from __future__ import annotations

from api.extraction.passing import (
    alliances_in_passing,
    article_place,
    co_travellers,
    partners_by_reference,
    partners_in_passing,
    partnerships_in_passing,
    stay_length_in_passing,
    visits_received_in_passing,
)
from api.extraction.verify import verify_alliance
from api.language.places import resolve_place
from api.language.text import split_sentences
from schemas.contract import Span, Visit
from tests.support import WrittenCases, verifier_of

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

HOME = resolve_place("Mosbach")


def pairs(sentence: str, text: str = "") -> list[tuple[str, str, str]]:
    found = partners_in_passing(sentence, HOME, text or sentence)
    return [(a.name, b.name, kind) for a, b, kind in found]


@cases("sentence, found")
def test_the_partnerships_a_partner_noun_states_in_passing(
    sentence: str, found: list[tuple[str, str, str]]
) -> None:
    assert pairs(sentence) == found


def test_no_partnership_without_a_name_or_an_owner() -> None:
    assert pairs("Die Partnerstadt hat 3000 Einwohner.") == []
    assert pairs("Die Partnerstädte im Mai zu besuchen lohnt sich.") == []
    assert partners_in_passing("Die Partnerstadt Lyon lud ein.", None) == []
    # Twinning binds towns, not states.
    assert pairs("Das Partnerland Frankreich lud ein.") == []


@cases("text, home")
def test_the_articles_own_place_is_the_first_town_it_names_twice(
    text: str, home: str | None
) -> None:
    place = article_place(split_sentences(text))
    assert (place and place.name) == home


@cases("text, home")
def test_the_articles_own_place_is_its_datelines(text: str, home: str) -> None:
    place = article_place(split_sentences(text))
    assert (place and place.name) == home


@cases("before, sentence, pairs")
def test_a_partnership_with_the_two_towns_named_before(
    before: str, sentence: str, pairs: list[tuple[str, str]]
) -> None:
    found = partners_by_reference(sentence, before)
    assert [(owner.name, partner.name) for owner, partner, _ in found] == pairs


def test_a_partnership_by_reference_carries_both_sentences_as_evidence() -> None:
    text = (
        "In Turin trafen die Gäste auch Vertreter aus Lyon und Porto. "
        "Mit den beiden Städten unterhält Turin eine Partnerschaft."
    )
    checker = verifier_of(text)
    pairs = {
        tuple(place.name for place in p.places): [span.text for span in p.evidence]
        for p in partnerships_in_passing(checker)
    }
    sentences = [sentence.text for sentence in split_sentences(text)]
    assert pairs == {("Turin", "Lyon"): sentences, ("Turin", "Porto"): sentences}


def test_partnerships_in_passing_carry_their_sentence_as_evidence() -> None:
    text = "Der Chor fuhr in die Partnerstadt Lyon."
    checker = verifier_of(text, HOME)
    [partnership] = partnerships_in_passing(checker)
    assert [place.name for place in partnership.places] == ["Mosbach", "Lyon"]
    span = partnership.evidence[0]
    assert text[span.start : span.end] == span.text == text


@cases("sentence, partners")
def test_a_partnership_with_a_place_states_one(sentence: str, partners: list[str]) -> None:
    kind = "friendship" if "Freundschaft" in sentence else "twinning"
    assert pairs(sentence) == [("Mosbach", partner, kind) for partner in partners]


def test_a_partner_named_by_the_start_of_its_name_elsewhere_is_the_whole() -> None:
    text = (
        "Mosbach pflegt die Partnerstädte Turin, Lyon Ost und Bath. "
        "Der Bürgermeister der Partnerstadt Lyon Ost sprach."
    )
    partners = [p.places[1].name for p in partnerships_in_passing(verifier_of(text, HOME))]
    assert partners == ["Turin", "Lyon Ost", "Bath", "Lyon Ost"]


def test_a_partnership_of_schools_states_none_of_their_towns() -> None:
    text = "Mosbach High School's partnership with Lyon College has grown."
    assert partnerships_in_passing(verifier_of(text, HOME)) == []


def test_a_postposed_genitive_owns_the_partner_named_before_it() -> None:
    sentence = "Gäste aus Toulon, französische Partnerstadt Mannheims, kamen an."
    assert pairs(sentence) == [("Mannheim", "Toulon", "twinning")]


def test_the_one_town_the_clause_names_before_the_noun_owns_the_partners() -> None:
    sentence = "Seit Jahren ist Ulm mit den Partnerstädten Lyon und Turin verbunden."
    text = f"Ulm feiert. {sentence}"
    assert pairs(sentence, text) == [("Ulm", "Lyon", "twinning"), ("Ulm", "Turin", "twinning")]
    # Named once only: a word that is also a town somewhere ("Chor") owns nothing.
    assert pairs("Der Chor fuhr in die Partnerstadt Lyon.") == [("Mosbach", "Lyon", "twinning")]
    # Two towns before the noun: whose partner it is, the article's own place says.
    assert pairs("Ulm und Lyon besuchten die Partnerstadt Turin.") == [
        ("Mosbach", "Turin", "twinning")
    ]


def a_visit_of(sentence: str, origin: str, host: str) -> Visit:
    span = Span(start=0, end=len(sentence), text=sentence)
    return Visit(from_place=resolve_place(origin), host_place=resolve_place(host), evidence=[span])


@cases("sentence, others")
def test_towns_listed_beside_the_origin_are_visitors_too(sentence: str, others: list[str]) -> None:
    visit = a_visit_of(sentence, "Leeds", "Ulm")
    found = co_travellers(visit)
    assert [other.from_place.name for other in found if other.from_place] == others
    assert all(other.host_place == visit.host_place and not other.leaders for other in found)


def test_the_length_of_a_stay_named_in_passing_is_the_one_visits() -> None:
    text = (
        "Eine Delegation aus Nordheim besuchte Lyon. Sie wurde im Rathaus empfangen. "
        "Während ihres viertägigen Aufenthalts sahen die Gäste viel."
    )
    sentences = split_sentences(text)
    told = Span(start=0, end=len(sentences[0].text), text=sentences[0].text)
    visit = Visit(
        from_place=resolve_place("Nordheim"), host_place=resolve_place("Lyon"), evidence=[told]
    )
    found = stay_length_in_passing([visit], sentences)
    assert found is not None
    span, days = found
    assert days == 4 and text[span.start : span.end] == span.text == sentences[2].text
    # Two visits, or two different lengths: whose stay it was is not said
    assert stay_length_in_passing([visit, visit.model_copy()], sentences) is None
    other = split_sentences(text + " Die Rückreise war eine zweitägige Fahrt.")
    assert stay_length_in_passing([visit], other) is None


@cases("text, visits")
def test_a_town_receiving_a_group_from_a_place_is_the_host_of_its_visit(
    text: str, visits: list[tuple[str, str]]
) -> None:
    found = visits_received_in_passing(verifier_of(text))
    assert [
        (v.from_place.name, v.host_place.name) for v in found if v.from_place and v.host_place
    ] == visits
    for visit in found:
        span = visit.evidence[0]
        assert text[span.start : span.end] == span.text


def test_a_network_a_sentence_states_a_membership_of_is_an_alliance_the_model_passed_over() -> None:
    """Read by verify_alliance like the model's mentions: members and joinings from every
    sentence that names it."""
    text = (
        "Konstanz ist seit 2019 Mitglied im Klima-Bündnis, dem Netzwerk von Städten für den "
        "Klimaschutz. Auch Kempten trat dem Klima-Bündnis im März 2021 bei. Das lokale "
        "Netzwerk Seeorte soll Vorbild sein."
    )
    verifier = verifier_of(text)
    mentions = alliances_in_passing(verifier)
    assert [(mention.name, mention.sentences) for mention in mentions] == [("Klima-Bündnis", [0])]
    alliance = verify_alliance(verifier, mentions[0])
    assert alliance is not None and alliance.name == "Klima-Bündnis"
    joined = {joining.place.name: joining.date for joining in alliance.joined}
    assert joined == {"Konstanz": "2019", "Kempten": "2021-03"}
