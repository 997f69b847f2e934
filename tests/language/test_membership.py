"""Networks named by what the sentence says about them (api/language/membership.py)."""

from __future__ import annotations

import pytest

from api.extraction.verify import verify_alliance
from api.language.membership import (
    BARE_NETWORK_NOUN,
    apposed_name,
    joining_subjects,
    nominal_joinings,
    of_other_members,
    refers_back_to_joining,
    states_membership,
)
from schemas.llm import AllianceMention
from tests.support import alliance_mention, verifier_of


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Nordheim ist seit 1990 Mitglied der Seestädte.", "Seestädte"),
        ("Nordheim ist Gründungsmitglied des Rings der Mühlen.", "Rings der Mühlen"),
        ("Im Mai trat Nordheim dem Kreis der Wasserorte bei.", "Kreis der Wasserorte"),
        ("Nordheim ist der Slowcity beigetreten.", "Slowcity"),
        ("Der Beitritt zur Slowcity wurde beschlossen.", "Slowcity"),
        ("Nordheim ist Slowcity-Mitglied.", "Slowcity"),
        ("Nordheim ist Mitglied der Seestädte.", "Die Seestädte"),
        ("Northam became a member of Mayors for Rivers.", "Mayors for Rivers"),
        ("Northam is a founding member of the Pact of Ports.", "Pact of Ports"),
        ("In 2011 Northam joined the Pact of Ports.", "Pact of Ports"),
        ("Northam is a signatory to the Pact of Ports.", "Pact of Ports"),
        ("Pact of Ports members met in Northam.", "Pact of Ports"),
        # "angehören": belonging, with a date's dot between
        ("Nordheim gehört seit dem 1. Mai 2020 dem Netzwerk Seestädte an.", "Seestädte"),
        ("Nordheim will den Seestädten angehören.", "Seestädten"),
        # In quotes, after adjectives, or beside a noun for a network (apposition)
        ("Nordheim ist dem weltweiten Netzwerk „Slowcity“ beigetreten.", "Slowcity"),
        ("Der Städteverbund die Seeorte zählt 90 Orte.", "Die Seeorte"),
        ("Northam signed up to the European Pact of Ports initiative.", "Pact of Ports"),
        ("The Pact of Ports organisation was established in 1990.", "Pact of Ports"),
        ("Northam joined the Pact of Ports organisation.", "Pact of Ports Organisation"),
        # A copula that defines it as a network
        ("„Slowcity“ ist eine 1999 in Italien gegründete Vereinigung.", "Slowcity"),
        ("Pact of Ports is an international organisation of cities.", "Pact of Ports"),
    ],
)
def test_a_sentence_that_says_places_belong_to_it_names_a_network(sentence: str, name: str) -> None:
    assert states_membership(sentence, name)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Die Stadt liegt an der Seestädte-Route.", "Seestädte"),
        ("Northam hosted the Pact of Ports conference.", "Pact of Ports"),
        ("Der Mitgliedsbeitrag steigt.", "Mitgliedsbeitrag"),
        ("Das Grundstück gehört den Seestädten.", "Seestädten"),
    ],
)
def test_naming_a_network_is_not_stating_membership(sentence: str, name: str) -> None:
    assert not states_membership(sentence, name)


def test_networks_of_companies_media_or_schools_are_not_of_cities() -> None:
    assert of_other_members("Netzwerk der Regionalzeitungen")
    assert of_other_members("European Schools Network")
    assert not of_other_members("Mayors for Rivers")
    assert of_other_members("Sportverein Nordheim")
    assert not of_other_members("Internationale Slowcity-Vereinigung")


def test_a_partnership_is_not_a_network_and_a_lower_case_noun_is_no_part_of_a_name() -> None:
    from api.language.membership import as_written, names_a_partnership

    assert names_a_partnership("Städtepartnerschaft") and names_a_partnership("Nordham twinning")
    assert not names_a_partnership("Städtebund Die Hanse")
    assert names_a_partnership("Nordham Sister City Initiative")
    assert not names_a_partnership("Sister Cities International")
    text = "Northam has joined the Pact of Ports organisation."
    assert as_written("Pact of Ports Organisation", text) == "Pact of Ports"
    assert as_written("Regional Ports Network", "The Regional Ports Network grew.") == (
        "Regional Ports Network"
    )


def mention(name: str) -> AllianceMention:
    return alliance_mention(name=name)


def test_an_alliance_without_a_network_word_is_kept_when_its_sentence_says_so() -> None:
    text = "Nordheim und Südheim sind Mitglied der Slowcity."
    checker = verifier_of(text)
    result = verify_alliance(checker, mention("Slowcity"))
    assert result is not None and result.name == "Slowcity"
    text = "Nordheim feierte die Slowcity mit einem Fest und vielen Gästen als Mitglied."
    checker = verifier_of(text)
    assert verify_alliance(checker, mention("Slowcity")) is None


def test_a_media_network_is_not_an_alliance_of_cities() -> None:
    text = "Die Stadt ist Mitglied im Netzwerk der Regionalzeitungen."
    checker = verifier_of(text)
    assert verify_alliance(checker, mention("Netzwerk der Regionalzeitungen")) is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Inzwischen zählt der Städteverbund die Seeorte 90 Orte.", "Seeorte"),
        ("Die Stadt trat dem Netzwerk „Pact of Ports“ bei.", "Pact of Ports"),
        ("Ulm ist Mitglied im Bündnis Klima-Allianz Ost.", "Klima-Allianz Ost"),
        ("Das Netzwerk wächst.", None),
        ("Der Verband tagte in Ulm.", None),
    ],
)
def test_the_name_a_networks_noun_stands_before(sentence: str, name: str | None) -> None:
    assert apposed_name(sentence) == name


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Städteverbund", True),
        ("Städtenverbund", True),  # misspelt as a model may
        ("the network", True),
        ("Die Seeorte", False),
        ("Klima-Bündnis", False),
        ("Pact of Ports", False),
    ],
)
def test_a_networks_common_noun_alone_is_no_name(name: str, bare: bool) -> None:
    assert bool(BARE_NETWORK_NOUN.fullmatch(name)) == bare


def test_a_network_the_model_gave_by_its_noun_is_named_by_the_text() -> None:
    text = "Mit Nordheim zählt der Städteverbund die Seeorte nun 90 Mitgliedsstädte."
    result = verify_alliance(verifier_of(text), mention("Städtenverbund"))
    assert result is not None and result.name == "Seeorte"
    # Also where the model copied the noun as the text writes it (found live).
    result = verify_alliance(verifier_of(text), mention("Städteverbund"))
    assert result is not None and result.name == "Seeorte"


def test_a_body_with_a_network_word_that_no_place_belongs_to_is_no_alliance() -> None:
    text = "The Northern Ports Network hosted delegates from Ulm and Lyon in Leeds."
    given = alliance_mention(name="Northern Ports Network", members=["Ulm", "Lyon", "Leeds"])
    assert verify_alliance(verifier_of(text), given) is None
    text = "Ulm and Lyon are members of the Northern Ports Network."
    result = verify_alliance(verifier_of(text), given)
    assert result is not None and result.name == "Northern Ports Network"


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        # The subject before the verb, after the verb in verb-second order, in a subordinate
        # clause, after a headline's kicker
        ("Ulm tritt dem Nordbund bei.", [("Ulm", None)]),
        ("Ulm ist dem Netzwerk der Seeorte beigetreten.", [("Ulm", None)]),
        (
            "Ulm und Kleinfeld wurden in den Nordbund aufgenommen.",
            [("Ulm", None), ("Kleinfeld", None)],
        ),
        ("Im Mai trat Nordheim dem Nordbund bei.", [("Nordheim", None)]),
        ("Am Montag ist Kleinfeld der Allianz beigetreten.", [("Kleinfeld", None)]),
        ("Ulm ist am 3. Mai dem Nordbund beigetreten.", [("Ulm", None)]),
        ("Der Rat teilte mit, dass Ulm am 28. Juni dem Nordbund beigetreten ist.", [("Ulm", None)]),
        ("Der Rat beschloss, dass Nordheim dem Nordbund beitritt.", [("Nordheim", None)]),
        ("Die Stadt Ulm ist dem Nordbund beigetreten.", [("Ulm", None)]),
        ("Neue Freunde im Norden - Ulm tritt Nordbund bei", [("Ulm", None)]),
        ("Frankfurt am Main wurde in den Nordbund aufgenommen.", [("Frankfurt am Main", None)]),
        ("In 2011 Northam joined the Pact of Ports.", [("Northam", None)]),
        ("Climate: Northam signs up to the Pact of Ports", [("Northam", None)]),
        # Membership since a date dates the joining
        ("Ulm ist seit 1990 Mitglied des Nordbunds.", [("Ulm", "1990")]),
        ("Ulm seit 3. Mai Mitglied des Nordbunds", [("Ulm", "3. Mai")]),
        ("Ulm ist Mitglied des Nordbunds seit 2005.", [("Ulm", "2005")]),
        ("Northam has been a member of the Pact of Ports since 2010.", [("Northam", "2010")]),
        # A town's authority stands for the town
        (
            "Die Bürgermeisterin teilte mit, dass das Bezirksamt am 3. Mai dem Nordbund"
            " beigetreten ist.",
            [("das Bezirksamt", None)],
        ),
        ("Der Gemeinderat trat dem Nordbund bei.", [("Der Gemeinderat", None)]),
        ("The district council joined the Pact of Ports.", [("The district council", None)]),
        # No one joins; a person's town after a preposition is not the subject
        ("Der Beitritt zum Nordbund wurde beschlossen.", []),
        ("Der Nordbund wurde 2016 in Ulm gegründet.", []),
        ("The mayor of Northam joined the delegation.", []),
        ("Ulm ist Mitglied des Nordbunds.", []),
    ],
)
def test_the_subject_of_a_joining_is_who_joins(
    sentence: str, subjects: list[tuple[str, str | None]]
) -> None:
    assert joining_subjects(sentence) == subjects


@pytest.mark.parametrize(
    ("sentence", "refers"),
    [
        ("Die offizielle Aufnahme findet am 24. April statt.", True),
        ("Der Beitritt wurde im Mai besiegelt.", True),
        ("The formal admission takes place on 24 April.", True),
        ("Eine Aufnahme weiterer Städte ist geplant.", False),
        ("Am 24. April findet die Aufnahme statt.", False),
    ],
)
def test_a_definite_noun_for_the_joining_refers_back_to_it(sentence: str, refers: bool) -> None:
    assert refers_back_to_joining(sentence) is refers


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # Who joins in the genitive of the noun of joining, or after "von", "of"
        (
            "Die Delegierten stimmten der Neuaufnahme der Städte Nordheim aus Schweden sowie "
            "Kleinfeld und Ulm aus den Niederlanden zu.",
            [("Nordheim", True), ("Kleinfeld", True), ("Ulm", True)],
        ),
        ("Der Beitritt der Stadt Ulm wurde gefeiert.", [("Ulm", True)]),
        (
            "Der Rat begrüßte die Aufnahme von Kiel und Lübeck.",
            [("Kiel", False), ("Lübeck", False)],
        ),
        ("The council approved the admission of the town of Northam.", [("Northam", True)]),
        ("They celebrated the accession of Leeds and York.", [("Leeds", False), ("York", False)]),
        # The noun without who joins, or with where to
        ("Die Aufnahme in den Nordbund ist im Mai.", []),
        ("Der Beitritt zum Nordbund wurde beschlossen.", []),
    ],
)
def test_who_joins_by_the_noun_of_the_joining(sentence: str, names: list[tuple[str, bool]]) -> None:
    assert nominal_joinings(sentence) == names


def test_a_joining_by_its_noun_joins_the_alliance_it_is_said_of() -> None:
    text = (
        "Der Nordbund zählt 90 Mitgliedsstädte. "
        "In Kiel stimmten die Delegierten am 3. Mai 2015 der Aufnahme der Städte Ulm, Lübeck "
        "und Kleinmaasdorf zu."
    )
    result = verify_alliance(verifier_of(text), alliance_mention(name="Nordbund", sentences=[0, 1]))
    assert result is not None
    assert [(j.place.name, j.date) for j in result.joined] == [
        ("Ulm", "2015-05-03"),
        ("Lübeck", "2015-05-03"),
        # A town no gazetteer knows, presented as one by "der Städte"
        ("Kleinmaasdorf", "2015-05-03"),
    ]


def test_the_subject_of_a_joining_joins_the_alliance_the_sentence_names() -> None:
    text = (
        "Neue Freunde im Norden - Ulm tritt dem Nordbund bei. "
        "Die offizielle Aufnahme findet am Montag, 24. April 2017, auf der Hansemesse statt. "
        "Kiel ist seit 3. Mai 2015 Mitglied des Nordbunds. "
        "Die feierliche Zeremonie fand am 3. Mai 2015 im Rahmen der Kieler Woche statt. "
        "Hamburg tritt dem Südbund bei."
    )
    given = alliance_mention(name="Nordbund", sentences=[0])
    result = verify_alliance(verifier_of(text), given)
    assert result is not None
    joined = {joining.place.name: (joining.date, joining.event) for joining in result.joined}
    # Hamburg joins another network. Ulm's joining is dated and placed by the sentence that
    # refers back to it; Kiel's membership since a day dates its joining, and the ceremony
    # the article dates on that day is its occasion.
    assert joined == {
        "Ulm": ("2017-04-24", "Hansemesse"),
        "Kiel": ("2015-05-03", "Kieler Woche"),
    }
    assert {place.name for place in result.members} >= {"Ulm", "Kiel"}
    assert all(result.evidence[n].text in text for n in range(len(result.evidence)))
    assert any("Kieler Woche" in span.text for span in result.evidence)


def test_a_ceremony_on_another_day_is_not_the_joinings() -> None:
    text = (
        "Kiel ist seit 3. Mai 2015 Mitglied des Nordbunds. "
        "Die feierliche Zeremonie fand am 4. Mai 2015 im Rahmen der Kieler Woche statt."
    )
    result = verify_alliance(verifier_of(text), alliance_mention(name="Nordbund"))
    assert result is not None
    assert [(j.place.name, j.date, j.event) for j in result.joined] == [
        ("Kiel", "2015-05-03", None)
    ]


def test_the_model_s_joining_takes_the_occasion_the_text_gives_it() -> None:
    text = (
        "Ulm tritt dem Nordbund bei und wird sein zehntes Mitglied. "
        "Die offizielle Aufnahme findet am 24. April 2017 auf der Hansemesse statt."
    )
    joined = [{"place": "Ulm", "date_text": "24. April 2017", "event": ""}]
    given = alliance_mention(name="Nordbund", sentences=[0, 1], joined=joined)
    result = verify_alliance(verifier_of(text), given)
    assert result is not None
    assert [(j.place.name, j.date, j.event) for j in result.joined] == [
        ("Ulm", "2017-04-24", "Hansemesse")
    ]
