"""The article's own place and partnerships stated in passing (api/extraction/passing.py), on sentences
written for the test."""

from __future__ import annotations

import pytest

from api.extraction.passing import (
    article_place,
    co_travellers,
    partners_by_reference,
    partners_in_passing,
    partnerships_in_passing,
    stay_length_in_passing,
    visits_received_in_passing,
)
from api.language.places import resolve_place
from api.language.text import split_sentences
from schemas.contract import Span, Visit
from tests.support import verifier_of

HOME = resolve_place("Mosbach")


def pairs(sentence: str, text: str = "") -> list[tuple[str, str, str]]:
    found = partners_in_passing(sentence, HOME, text or sentence)
    return [(a.name, b.name, kind) for a, b, kind in found]


def test_a_partner_noun_before_a_name_states_a_partnership_with_the_articles_place() -> None:
    assert pairs("Die Delegation besuchte die Partnerstadt Lyon im Mai.") == [
        ("Mosbach", "Lyon", "twinning")
    ]
    assert pairs("Gäste aus den Partnerstädten Lyon, Turin und Bath kamen.") == [
        ("Mosbach", "Lyon", "twinning"),
        ("Mosbach", "Turin", "twinning"),
        ("Mosbach", "Bath", "twinning"),
    ]
    assert pairs("Our twin towns of Lyon and Turin sent choirs.") == [
        ("Mosbach", "Lyon", "twinning"),
        ("Mosbach", "Turin", "twinning"),
    ]
    assert pairs("Die Freundschaftsstadt Turin lud ein.") == [("Mosbach", "Turin", "friendship")]


def test_an_owner_in_the_genitive_owns_the_partner() -> None:
    assert pairs("Mannheims Partnerstadt Toulon feiert.") == [("Mannheim", "Toulon", "twinning")]
    assert pairs("Leeds's twin town Lille sent a choir.") == [("Leeds", "Lille", "twinning")]
    # An adjective between owner and noun; the partner in apposition, between commas
    assert pairs("Mannheims französische Partnerstadt Toulon feiert.") == [
        ("Mannheim", "Toulon", "twinning")
    ]
    assert pairs("Guests from Leeds's French twin town, Lille, came.") == [
        ("Leeds", "Lille", "twinning")
    ]
    assert pairs("Leeds's twin towns, Lille and Siegen, sent choirs.") == [
        ("Leeds", "Lille", "twinning"),
        ("Leeds", "Siegen", "twinning"),
    ]


def test_a_capitalised_english_partner_noun_is_part_of_a_name() -> None:
    assert pairs("The project was funded by Sister Cities International.") == []
    assert pairs("The school was funded by our sister city Lyon.") == [
        ("Mosbach", "Lyon", "twinning")
    ]


def test_no_partnership_without_a_name_or_an_owner() -> None:
    assert pairs("Die Partnerstadt hat 3000 Einwohner.") == []
    assert pairs("Die Partnerstädte im Mai zu besuchen lohnt sich.") == []
    assert partners_in_passing("Die Partnerstadt Lyon lud ein.", None) == []
    # Twinning binds towns, not states.
    assert pairs("Das Partnerland Frankreich lud ein.") == []


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # The first town named twice: the partner may be named more often in the body, the
        # article names its town first.
        (
            "Die Stadt Mosbach begrüßte Gäste aus Lyon. Die Gäste aus Lyon blieben drei Tage. "
            "Der Chor aus Lyon sang, und in Mosbach gab es ein Fest.",
            "Mosbach",
        ),
        (
            "Leeds adds Lille to its twin towns. Lille has 230,000 people; Lille and Leeds met.",
            "Leeds",
        ),
        ("Gäste aus Lyon kamen. Dann aus Turin.", None),
        # A town's -er word names the town: "Ulmer" (the adjective, and the noun for its
        # people) names Ulm before Lyon is named.
        (
            "Die Ulmer Delegation reiste nach Lyon. In Lyon trafen die Gäste den Bürgermeister. "
            "Zum Abschied sangen die Ulmer ein Lied, und Lyon lud sie wieder ein.",
            "Ulm",
        ),
        # A word that only ends so is no town's ("Lehrer", "Partner").
        ("Die Lehrer reisten nach Lyon. Die Partner aus Lyon kamen.", "Lyon"),
        # A name that only starts a longer name is not the town: "San" (a town in Mali) starts
        # "San Gimignano"; "Alba" stands in "d'Alba".
        (
            "Die Partnerschaft mit San Gimignano und Santa Vittoria d'Alba wurde erneuert. Uster "
            "empfing Gäste aus San Gimignano und Santa Vittoria d'Alba. In Uster gab es ein Fest.",
            "Uster",
        ),
        # Only names used as towns count: "in der Mitte" names a thing, though Berlin has a
        # district Mitte; "aus Oberwaldbach" presents a town no gazetteer knows.
        (
            "In der Mitte stand ein Zelt. Gäste aus Oberwaldbach kamen. In der Mitte gab es ein "
            "Fest. Der Chor aus Oberwaldbach sang. In der Mitte lag ein Kranz.",
            "Oberwaldbach",
        ),
    ],
)
def test_the_articles_own_place_is_the_first_town_it_names_twice(
    text: str, home: str | None
) -> None:
    place = article_place(split_sentences(text))
    assert (place and place.name) == home


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # A dateline names the article's place before its first sentence, though the prose
        # names another town more often.
        ("Ulm (dpa) Gäste aus Lyon kamen. Lyon lud ein. Lyon dankte.", "Ulm"),
        ("Ulm – Gäste aus Lyon kamen. Lyon lud ein. Lyon dankte.", "Ulm"),
        ("Ulm, Deutschland - Gäste aus Lyon kamen. Lyon lud ein. Lyon dankte.", "Ulm"),
        ("Kleinwaldheim (red) Gäste aus Lyon kamen. Lyon lud ein.", "Kleinwaldheim"),
        ("Ulm.\nGäste aus Lyon kamen. Lyon lud ein. Lyon dankte.", "Ulm"),
        # After the headline, which holds none
        ("Lyon zu Gast\nUlm (pm) Gäste aus Lyon kamen. Lyon lud ein.", "Ulm"),
        # Not a person with a party, not a subheading of its own
        ("Bürgermeisterin Anna Berg (SPD) empfing Gäste aus Lyon. Lyon lud ein.", "Lyon"),
        ("Fazit.\nGäste aus Lyon kamen. Lyon lud ein.", "Lyon"),
        # A district named after the places it joins, alone on its line
        ("Tempelhof-Schöneberg.\nGäste aus Lyon kamen. Lyon lud ein.", "Tempelhof-Schöneberg"),
        ("Nord-Süd.\nGäste aus Lyon kamen. Lyon lud ein.", "Lyon"),
    ],
)
def test_the_articles_own_place_is_its_datelines(text: str, home: str) -> None:
    place = article_place(split_sentences(text))
    assert (place and place.name) == home


@pytest.mark.parametrize(
    ("before", "sentence", "pairs"),
    [
        # The sentence's towns with each of "the two towns" the sentence before names
        (
            "In Turin trafen die Gäste aus Ulm auch Vertreter aus Lyon und Porto.",
            "Mit den beiden Städten unterhalten sowohl Ulm als auch Turin eine Partnerschaft.",
            [("Ulm", "Lyon"), ("Ulm", "Porto"), ("Turin", "Lyon"), ("Turin", "Porto")],
        ),
        # The two towns with each other, where the sentence names none
        (
            "Eine Delegation aus Ulm besuchte im Mai Lyon.",
            "Die beiden Städte verbindet seit 1980 eine Partnerschaft.",
            [("Ulm", "Lyon")],
        ),
        (
            "Leeds and Lille signed a charter.",
            "Both towns have been twinned since 1980.",
            [("Leeds", "Lille")],
        ),
        # Not two towns before: no reference to resolve
        (
            "Gäste aus Ulm, Lyon und Porto kamen.",
            "Die beiden Städte verbindet eine Partnerschaft.",
            [],
        ),
        ("Ulm liegt an der Donau.", "Die beiden Städte verbindet eine Partnerschaft.", []),
    ],
)
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


@pytest.mark.parametrize(
    ("sentence", "partners"),
    [
        # A twinning "with" a place
        ("Die Städtepartnerschaft mit Turin wurde erneuert.", ["Turin"]),
        ("The town celebrates its twinning with French town, Saint-Malo.", ["Saint-Malo"]),
        (
            "It has sister city relationships with Lille, France and Turin, Italy.",
            ["Lille", "Turin"],
        ),
        # A partnership or friendship "with" a name, which a town takes without an article
        ("Auch die Partnerschaft mit Halle hat eine lange Tradition.", ["Halle"]),
        ("Dazu kommt die Freundschaft zu Lindau am Bodensee.", ["Lindau am Bodensee"]),
        ("We value our partnership with both Lille and Turin.", ["Lille", "Turin"]),
        # Not a thing or people after an article, not a state
        ("Die Freundschaft zu den Menschen in Lyon ist groß.", []),
        ("Die Partnerschaft mit dem Unternehmen Bosch besteht seit 2001.", []),
        ("Die Partnerschaft mit Frankreich ist eng.", []),
    ],
)
def test_a_partnership_with_a_place_states_one(sentence: str, partners: list[str]) -> None:
    kind = "friendship" if "Freundschaft" in sentence else "twinning"
    assert pairs(sentence) == [("Mosbach", partner, kind) for partner in partners]


def test_a_name_in_a_list_is_whole_up_to_the_next_joiner() -> None:
    # "Lyon Ost" is no name a gazetteer knows, but the list's joiners bound it.
    assert pairs("Mit den Partnerstädten Turin, Lyon Ost und Bath.") == [
        ("Mosbach", "Turin", "twinning"),
        ("Mosbach", "Lyon Ost", "twinning"),
        ("Mosbach", "Bath", "twinning"),
    ]
    # Where a listed town lies, after its name, is no part of the list
    assert pairs(
        "Mosbach pflegt außerdem Partnerschaften mit Lyon in Frankreich, Elgin in den USA "
        "und Ried im Innkreis in Österreich."
    ) == [
        ("Mosbach", "Lyon", "twinning"),
        ("Mosbach", "Elgin", "twinning"),
        ("Mosbach", "Ried im Innkreis", "twinning"),
    ]
    assert pairs("Die Partnerstädte Lahti (Finnland) und Kolding (Dänemark) grüßten.") == [
        ("Mosbach", "Lahti", "twinning"),
        ("Mosbach", "Kolding", "twinning"),
    ]
    # Outside a list a noun may follow the name, and the gazetteer's name is kept.
    assert pairs("Die Partnerstadt Lyon Anfang Mai zu besuchen, lohnt.") == [
        ("Mosbach", "Lyon", "twinning")
    ]


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


def test_a_name_unknown_to_the_gazetteer_is_taken_whole_up_to_a_function_word() -> None:
    assert pairs("Die Partnergemeinde Oberwald am See lud im Mai ein.") == [
        ("Mosbach", "Oberwald am See", "twinning")
    ]
    assert pairs("Die Partnerstadt der Metropolregion lud ein.") == []


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


def test_a_programme_after_a_partner_noun_is_no_place() -> None:
    assert pairs("The Lyon Sister City Initiative met on Monday.") == []
    assert pairs("He chairs the Lyon Sister City Initiative.") == []
    assert pairs("Die Partnerstadt Ausschuss tagte.") == []  # a body's word is no name


def a_visit_of(sentence: str, origin: str, host: str) -> Visit:
    span = Span(start=0, end=len(sentence), text=sentence)
    return Visit(from_place=resolve_place(origin), host_place=resolve_place(host), evidence=[span])


@pytest.mark.parametrize(
    ("sentence", "others"),
    [
        # Towns listed with the origin sent their people too, to the same host
        ("The council hosted delegates from Leeds (UK) and Lyon (France) in Ulm.", ["Lyon"]),
        ("Gäste aus Leeds, Lyon und Turin kamen nach Ulm.", ["Lyon", "Turin"]),
        # Countries listed are the delegates' homelands, not parties
        ("Delegates from Leeds, Spain and Italy came to Ulm.", []),
        # A list the origin is not in says nothing of its visit
        ("Leeds sent a delegation to Ulm; guests from Lyon and Turin came later.", []),
    ],
)
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


@pytest.mark.parametrize(
    ("text", "visits"),
    [
        # The town that receives a group from a place is the host of the group's visit
        ("Ulm empfing am Montag eine Delegation aus Lyon.", [("Lyon", "Ulm")]),
        ("Am Montag empfing Ulm eine Gruppe aus Lyon im Rathaus.", [("Lyon", "Ulm")]),
        (
            "Nachdem Ulm eine Delegation aus dem italienischen Turin empfangen hatte, reisten"
            " die Ulmer nach Lyon.",
            [("Turin", "Ulm")],
        ),
        ("Leeds welcomed a delegation from Lille last week.", [("Lille", "Leeds")]),
        # No verb of receiving in the group's clause: the group may have gone anywhere
        ("Nachdem Ulm eine Delegation aus Lyon gesehen hatte, empfing man Gäste.", []),
        ("Ulm hat eine Delegation aus Lyon nach Paris geschickt.", []),
        # A group from a body of people, not from a place
        ("Ulm empfing eine Delegation aus der Verwaltung von Lyon.", []),
        # The receiver is a person, not a town
        ("Bürgermeisterin Anna Berger empfing eine Gruppe aus Lyon.", []),
    ],
)
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
