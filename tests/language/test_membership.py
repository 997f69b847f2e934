"""Networks named by what the sentence says about them (api/language/membership.py)."""

from __future__ import annotations

from api.extraction.verify import verify_alliance
from api.language.membership import (
    BARE_NETWORK_NOUN,
    apposed_name,
    denies_membership,
    joining_subjects,
    member_subjects,
    network_names,
    nominal_joinings,
    of_other_members,
    refers_back_to_joining,
    states_membership,
)
from schemas.contract import Place
from schemas.llm import AllianceMention
from tests.support import WrittenCases, alliance_mention, verifier_of

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("sentence, name, states")
def test_whether_a_sentence_says_places_belong_to_the_network_it_names(
    sentence: str, name: str, states: bool
) -> None:
    assert states_membership(sentence, name) is states


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
    # A town's twinning body is a club of its citizens, not a network of towns
    assert names_a_partnership("Nordham Twinning Association")
    assert names_a_partnership("Partnerschaftsverein Nordheim")
    assert not names_a_partnership("Klima-Bündnis")
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


@cases("sentence, name")
def test_the_name_a_networks_noun_stands_before(sentence: str, name: str | None) -> None:
    assert apposed_name(sentence) == name


@cases("name, bare")
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


@cases("sentence, subjects")
def test_the_subject_of_a_joining_is_who_joins(
    sentence: str, subjects: list[tuple[str, str | None]]
) -> None:
    assert joining_subjects(sentence) == subjects


@cases("sentence, refers")
def test_a_definite_noun_for_the_joining_refers_back_to_it(sentence: str, refers: bool) -> None:
    assert refers_back_to_joining(sentence) is refers


@cases("sentence, names")
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


def test_both_towns_that_join_are_the_two_the_nearest_sentence_naming_a_pair_names() -> None:
    text = (
        "Die Städtepartnerschaft zwischen Ulm und Lyon besteht seit 1984. "
        "Ulm pflegt außerdem Partnerschaften mit Turin und Porto. "
        "Die Gäste blieben vier Tage. "
        "Beide Städte gehören seit 2019 dem Netzwerk Nordbund an."
    )
    result = verify_alliance(verifier_of(text), alliance_mention(name="Nordbund", sentences=[3]))
    assert result is not None
    assert [(j.place.name, j.date) for j in result.joined] == [("Ulm", "2019"), ("Lyon", "2019")]
    assert result.evidence[0].text.startswith("Die Städtepartnerschaft")


def test_both_towns_find_no_pair_beyond_a_few_sentences() -> None:
    def joined_after(filler: int) -> list[str]:
        between = " ".join(["Das Wetter war schön."] * filler)
        text = f"Ulm und Lyon feierten. {between} Both towns joined the Nordbund network in 2015."
        mention = alliance_mention(name="Nordbund", sentences=[filler + 1])
        result = verify_alliance(verifier_of(text), mention)
        return [j.place.name for j in result.joined] if result else []

    assert joined_after(2) == ["Ulm", "Lyon"]
    assert joined_after(5) == []


def test_a_member_is_named_where_the_text_speaks_of_networks_not_beside_it() -> None:
    text = (
        "Ulm also has a friendship agreement with Tortona. "
        "Ulm is a member of the Pact of Ports network."
    )
    mention = alliance_mention(name="Pact of Ports", sentences=[0, 1], members=["Tortona", "Ulm"])
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and [place.name for place in result.members] == ["Ulm"]


@cases("sentence, members")
def test_the_subject_of_an_undated_membership_is_a_member(
    sentence: str, members: list[str]
) -> None:
    assert member_subjects(sentence) == members


def test_a_place_said_to_be_a_member_is_one_where_the_model_named_none() -> None:
    text = (
        "Ulm also has a friendship agreement with Tortona. "
        "Ulm is a member of the Pact of Ports network."
    )
    mention = alliance_mention(name="Pact of Ports", sentences=[0, 1], members=["Tortona"])
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and [place.name for place in result.members] == ["Ulm"]


def test_the_article_s_own_place_is_a_place_wherever_the_text_names_it() -> None:
    """However small: its dateline presented it."""
    text = "Kleinmaasdorf is a member of the Pact of Ports network."
    home = Place(name="Kleinmaasdorf", country="DE", kind="city")
    mention = alliance_mention(name="Pact of Ports", sentences=[0])
    result = verify_alliance(verifier_of(text, home), mention)
    assert result is not None and [place.name for place in result.members] == ["Kleinmaasdorf"]
    # Not the article's own place, and no gazetteer knows it: the text does not make it one
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and result.members == []


@cases("sentence, names")
def test_the_proper_names_of_networks_a_sentence_writes(sentence: str, names: list[str]) -> None:
    assert network_names(sentence) == names


def test_naming_a_network_states_no_membership_where_apposition_is_not_counted() -> None:
    """ "das lokale Netzwerk X" says what X is, not that anything belongs to it."""
    sentence = "Das lokale Netzwerk Seeorte soll Vorbild sein."
    assert states_membership(sentence, "Seeorte")
    assert not states_membership(sentence, "Seeorte", by_apposition=False)
    assert states_membership(
        "Ulm ist Mitglied im Netzwerk Seeorte.", "Seeorte", by_apposition=False
    )


@cases("sentence, name, denied")
def test_a_sentence_that_says_a_place_is_no_member(sentence: str, name: str, denied: bool) -> None:
    assert denies_membership(sentence, name) is denied
