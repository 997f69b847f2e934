"""Grounding: values the text does not state are dropped and counted; spans always check out."""

from __future__ import annotations

from typing import Any

from api.extraction.verify import (
    Verifier,
    _dated_by_the_next,
    _the_other_way,
    destination,
    is_media,
    listed_places,
    member_names,
    names_a_thing,
    role_in_full,
    role_near,
    split_title,
    states_origin,
    verify_alliance,
    verify_partnership,
    verify_visit,
)
from api.language.places import lookup, lookup_in, resolve_place
from api.language.text import split_sentences
from schemas.contract import Place, Visit
from schemas.llm import LeaderMention, VisitMention
from tests.support import WrittenCases, alliance_mention, partnership_mention, verifier_of

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

TEXT = (
    "Die Partnerstädte Dortmund und Leeds arbeiten seit 1969 eng zusammen.\n"
    "Eine 12-köpfige Delegation aus Leeds besuchte am 4. Juni für zwei Tage die Stadt.\n"
    "Angeführt wurde sie von Councillor Mary Smith, Leader of Leeds City Council.\n"
    "Dortmund ist Mitglied im Netzwerk Eurocities, dem auch Lyon angehört.\n"
    "Im Mai trat Gent dem Netzwerk bei."
)


def verifier() -> Verifier:
    return verifier_of(TEXT)


def visit(**changes: object) -> VisitMention:
    values: dict[str, object] = {
        "sentences": [1, 2],
        "from_place": "Leeds",
        "from_organisation": "",
        "host_place": "Dortmund",
        "date_text": "am 4. Juni",
        "leaders": [LeaderMention(name="Mary Smith", role="")],
        "topics": [],
    }
    return VisitMention.model_validate({**values, **changes})


def dortmund_visit_to_leeds(text: str) -> Visit:
    """The visit from Dortmund to Leeds that the text's first sentence tells, verified: what
    the later sentences add to it (its leaders, its length) is what a test looks at."""
    mention = visit(sentences=[0], from_place="Dortmund", host_place="Leeds", leaders=[])
    result = verify_visit(verifier_of(text), mention)
    assert result is not None
    return result


def test_a_stated_visit_keeps_values_parsed_from_the_text() -> None:
    checker = verifier()
    result = verify_visit(checker, visit())
    assert result is not None
    assert (result.from_place.name, result.host_place.name) == ("Leeds", "Dortmund")  # type: ignore[union-attr]
    assert (result.start, result.duration_days, result.participants) == ("--06-04", 2, 12)
    assert result.leaders[0].name == "Mary Smith"
    assert result.leaders[0].role == "Leader of Leeds City Council"
    for span in result.evidence:
        assert TEXT[span.start : span.end] == span.text
    assert checker.drops.values == []


def test_invented_values_are_dropped_and_counted() -> None:
    checker = verifier()
    result = verify_visit(
        checker,
        visit(date_text="im Jahr 2031", leaders=[LeaderMention(name="Hans Erfunden", role="Chef")]),
    )
    # The invented leader goes; the one the words of leading govern in the text stays
    assert result is not None and [leader.name for leader in result.leaders] == ["Mary Smith"]
    assert {drop.field for drop in checker.drops.values} == {"date_text", "leaders"}
    # In place of the invented date, the one the sentence telling of the visit states
    assert (result.date_text, result.start) == ("am 4. Juni", "--06-04")


def test_a_role_is_no_other_persons_name_and_no_degree() -> None:
    text = (
        "Eine Delegation aus Leeds mit den Stadträten Anna Kurz, Ben Roth und Eva Lang, "
        "Stadtschreiber Tom Weber und dem Oberbürgermeister Dr.-Ing. Max Bauer besuchte am "
        "4. Juni Dortmund."
    )
    named = [
        LeaderMention(name="Anna Kurz", role="Ben Roth"),
        LeaderMention(name="Ben Roth", role="Kurz"),
        LeaderMention(name="Eva Lang", role="Stadtschreiber Tom Weber"),
        LeaderMention(name="Tom Weber", role="Stadtschreiber"),
    ]
    degree = [LeaderMention(name="Dr.-Ing. Max Bauer", role="Dr.-Ing.")]
    roles = {}
    for leaders in (named, degree):
        result = verify_visit(verifier_of(text), visit(sentences=[0], leaders=leaders))
        assert result is not None
        roles.update({leader.name: leader.role for leader in result.leaders})
    assert roles == {
        "Anna Kurz": None,
        "Ben Roth": None,
        "Eva Lang": None,
        "Tom Weber": "Stadtschreiber",
        "Max Bauer": "Oberbürgermeister",
    }


def test_the_people_a_sentence_puts_beside_a_leader_lead_too() -> None:
    """Joined to a leader ("gemeinsam mit"), or listed with two of them: the model named only
    some of the people the sentence gives the travelling party."""
    text = (
        "Eine Delegation aus Leeds unter Leitung von Mary Smith gemeinsam mit dem Präsidenten "
        "des Stadtrats Ben Roth besuchte am 4. Juni Dortmund. Dabei waren die Stadträte Anna "
        "Kurz, Eva Lang und Tom Weber sowie zehn Musiker des Blasorchesters Leeds."
    )
    leaders = [LeaderMention(name=n, role="") for n in ("Mary Smith", "Anna Kurz", "Eva Lang")]
    result = verify_visit(verifier_of(text), visit(sentences=[0, 1], leaders=leaders))
    assert result is not None
    assert {leader.name: leader.role for leader in result.leaders} == {
        "Mary Smith": None,
        "Ben Roth": "Präsidenten des Stadtrats",
        "Anna Kurz": None,
        "Eva Lang": None,
        "Tom Weber": None,
    }
    assert result.host_officials == []


def test_the_sentence_that_names_the_leader_tells_the_size_and_length_of_the_visit() -> None:
    """The model cited only the sentence of the arrival; the one it found the leader in
    counts the party, and a stay of several days that begins on the day given has no end
    the text says."""
    text = (
        "Eine Delegation aus Leeds ist am 4. Juni 2018 zu einem dreitägigen Besuch in "
        "Dortmund eingetroffen. Angeführt wurde die 18-köpfige Gruppe von Bürgermeisterin "
        "Mary Smith, die von Oberbürgermeister Tom Kurz im Rathaus empfangen wurde."
    )
    leaders = [LeaderMention(name="Mary Smith", role="Bürgermeisterin")]
    mention = visit(sentences=[0], date_text="am 4. Juni 2018", leaders=leaders)
    result = verify_visit(verifier_of(text), mention)
    assert result is not None
    assert (result.participants, result.duration_days) == (18, 3)
    assert (result.start, result.end) == ("2018-06-04", None)
    assert [leader.name for leader in result.leaders] == ["Mary Smith"]
    assert result.host_officials == []


@cases("sentence, given")
def test_visitors_from_a_towns_twin_town_came_from_the_twin_town(sentence: str, given: str) -> None:
    """ "From X's twin town, Y": the possessor X owns the town the visitors came from."""
    other = "Dortmund" if given == "Leeds" else "Leeds"
    mention = visit(sentences=[0], from_place=given, host_place=other, leaders=[])
    result = verify_visit(verifier_of(sentence, resolve_place("Leeds")), mention)
    assert result is not None and result.from_place and result.host_place
    assert (result.from_place.name, result.host_place.name) == ("Dortmund", "Leeds")


@cases("between, led")
def test_the_party_spoken_of_again_by_its_noun_was_led_by_whom_its_sentence_says(
    between: str, led: list[str]
) -> None:
    text = (
        f"Eine Delegation aus Dortmund besuchte im November Leeds. {between} Die Gruppe "
        "von neun Personen wurde von Bürgermeister Tom Kurz angeführt."
    )
    result = dortmund_visit_to_leeds(text)
    assert [leader.name for leader in result.leaders] == led
    assert result.participants == (9 if led else None)


def test_the_sentence_of_the_party_s_leader_dates_a_relative_time_by_its_day() -> None:
    text = (
        "Ulm hatte am vergangenen Wochenende Besuch aus der Partnerstadt Lyon. Bürgermeister "
        "Tom Kurz empfing die Delegation unter der Leitung von Bürgermeisterin Anna Berg am "
        "Freitag, dem 12. September, im Rathaus."
    )
    mention = visit(
        sentences=[0],
        from_place="Lyon",
        host_place="Ulm",
        date_text="am vergangenen Wochenende",
        leaders=[],
    )
    result = verify_visit(verifier_of(text), mention)
    assert result is not None
    assert (result.start, result.end) == ("--09-12", None)
    assert [leader.name for leader in result.leaders] == ["Anna Berg"]


def test_a_party_said_to_come_from_elsewhere_is_another_visit_s() -> None:
    text = (
        "Eine Delegation aus Dortmund besuchte im November Leeds. Die Gäste aus Lyon wurden "
        "von Bürgermeister Tom Kurz angeführt."
    )
    result = dortmund_visit_to_leeds(text)
    assert result.leaders == []


def test_a_host_named_only_where_no_visit_is_told_is_not_where_the_visitors_went() -> None:
    text = (
        "A delegation from Dortmund visited the town last week. Leeds is also twinned with "
        "Lille, while Dortmund's other partners include Amiens."
    )
    mention = visit(sentences=[0, 1], from_place="Dortmund", host_place="Lille", leaders=[])
    result = verify_visit(verifier_of(text, resolve_place("Leeds")), mention)
    assert result is not None and result.host_place is not None
    assert result.host_place.name == "Leeds"  # the article's own town, where "the town" is
    # Cited alone, the sentence that names it is found beside the visit's own
    only = visit(sentences=[1], from_place="Dortmund", host_place="Lille", leaders=[])
    result = verify_visit(verifier_of(text, resolve_place("Leeds")), only)
    assert result is not None and result.host_place is not None
    assert result.host_place.name == "Leeds"
    told = "A delegation from Dortmund visited Lille last week. Leeds is twinned with Lille."
    result = verify_visit(verifier_of(told, resolve_place("Leeds")), mention)
    assert result is not None and result.host_place is not None
    assert result.host_place.name == "Lille"


def test_a_one_day_visit_ends_on_its_day() -> None:
    text = "Eine Delegation aus Leeds besuchte am 4. Juni 2018 Dortmund für einen Tag."
    mention = visit(sentences=[0], date_text="am 4. Juni 2018", leaders=[])
    result = verify_visit(verifier_of(text), mention)
    assert result is not None
    assert (result.start, result.end) == ("2018-06-04", "2018-06-04")


def test_who_the_visits_sentence_says_led_it_leads_though_the_model_named_no_one() -> None:
    text = "Eine Delegation aus Leeds angeführt von Bürgermeisterin Mary Smith besuchte am 4. Juni Dortmund."
    result = verify_visit(verifier_of(text), visit(sentences=[0], leaders=[]))
    assert result is not None
    assert [(leader.name, leader.role) for leader in result.leaders] == [
        ("Mary Smith", "Bürgermeisterin")
    ]


def test_who_the_visits_sentence_says_received_it_is_its_host_though_the_model_named_no_one() -> (
    None
):
    text = (
        "Eine Delegation aus Leeds besuchte am 4. Juni Dortmund und wurde dort von "
        "Oberbürgermeister Tom Weber im Rathaus empfangen."
    )
    result = verify_visit(verifier_of(text), visit(sentences=[0], leaders=[]))
    assert result is not None
    assert result.leaders == []
    assert [(host.name, host.role) for host in result.host_officials] == [
        ("Tom Weber", "Oberbürgermeister")
    ]


def test_who_was_only_present_led_nothing() -> None:
    text = (
        "Angeführt von Mary Smith besuchte eine Delegation aus Leeds am 4. Juni Dortmund. "
        "Konsul Tom Weber, Vertreter des Landes in Köln, war auch anwesend. "
        "Anwesend war auch Stadtrat Ben Roth."
    )
    checker = verifier_of(text)
    leaders = [
        LeaderMention(name=name, role="") for name in ("Mary Smith", "Tom Weber", "Ben Roth")
    ]
    result = verify_visit(checker, visit(sentences=[0, 1, 2], leaders=leaders))
    assert result is not None
    assert [leader.name for leader in result.leaders] == ["Mary Smith"]
    assert [drop.reason for drop in checker.drops.values] == ["present, not leading"] * 2


def test_who_accompanied_the_party_someone_else_led_led_nothing() -> None:
    """ "begleitet von Stadträtin Y" after the leader: Y is of the party, not its leader;
    where no one else is said to lead, the one accompanying stays."""
    text = (
        "Eine Delegation aus Leeds besuchte am 4. Juni Dortmund. Angeführt wurde die Gruppe "
        "von Bürgermeister Tom Weber, begleitet von Stadträtin Mary Smith."
    )
    checker = verifier_of(text)
    leaders = [LeaderMention(name=name, role="") for name in ("Tom Weber", "Mary Smith")]
    result = verify_visit(checker, visit(sentences=[0, 1], leaders=leaders))
    assert result is not None
    assert [leader.name for leader in result.leaders] == ["Tom Weber"]
    assert [drop.reason for drop in checker.drops.values] == ["accompanying, not leading"]
    text = "Begleitet von Lehrerin Mary Smith besuchten Schüler aus Leeds am 4. Juni Dortmund."
    leaders = [LeaderMention(name="Mary Smith", role="")]
    result = verify_visit(verifier_of(text), visit(sentences=[0], leaders=leaders))
    assert result is not None and [leader.name for leader in result.leaders] == ["Mary Smith"]


def test_a_visit_without_any_stated_place_is_not_returned() -> None:
    checker = verifier()
    assert verify_visit(checker, visit(from_place="Paris", host_place="Rom", sentences=[1])) is None
    assert checker.drops.items == 1


def test_sentence_numbers_that_were_not_shown_are_ignored() -> None:
    checker = verifier()
    assert verify_visit(checker, visit(sentences=[99])) is not None  # found by its place names
    assert any(drop.field == "sentences" for drop in checker.drops.values)


@cases("sentence, kind")
def test_the_kind_is_the_one_bound_to_the_places(sentence: str, kind: str) -> None:
    checker = verifier_of(sentence)
    mention = partnership_mention(place_a="Lyon", place_b="Ulm", kind="cooperation", since="")
    result = verify_partnership(checker, mention.model_copy(update={"sentences": [0]}))
    assert result is not None and result.kind == kind


def test_partnership_needs_two_places_and_a_partnership_sentence() -> None:
    checker = verifier()
    mention = partnership_mention(
        place_a="Dortmund", place_b="Leeds", kind="cooperation", since="seit 1969"
    )
    result = verify_partnership(checker, mention)
    assert result is not None and result.kind == "twinning" and result.since == "1969"
    invented = mention.model_copy(update={"place_b": "Tokio"})
    assert verify_partnership(checker, invented) is None


def test_a_town_s_genitive_is_the_town() -> None:
    """ "Weitere Partnerstädte Ulms" presents Ulm, not a town "Ulms"."""
    text = "Ulm ist mit Lyon verschwistert. Weitere Partnerstädte Ulms sind Aue und Jena."
    mention = partnership_mention(sentences=[1], place_a="Ulm", place_b="Ulms")
    assert verify_partnership(verifier_of(text), mention) is None
    mention = partnership_mention(sentences=[1], place_a="Ulms", place_b="Aue")
    result = verify_partnership(verifier_of(text), mention)
    assert result is not None and {p.name for p in result.places} == {"Ulm", "Aue"}


def test_every_sentence_that_states_the_partnership_is_its_evidence() -> None:
    text = (
        "Members of the Little Marsh twinning delegation travelled to Ashcombe.\n"
        "The weather was fine.\n"
        "On the last night the mayors of Ashcombe and Little Marsh signed the twinning charter.\n"
        "Ashcombe also has a twinning link with Bramley."
    )
    checker = verifier_of(text)
    mention = partnership_mention(sentences=[0], place_a="Little Marsh", place_b="Ashcombe")
    result = verify_partnership(checker, mention)
    assert result is not None
    # The signing states it again and names both; the link with Bramley names only one of them.
    assert [span.text[:12] for span in result.evidence] == ["Members of t", "On the last "]
    assert all(text[span.start : span.end] == span.text for span in result.evidence)


def test_a_place_no_gazetteer_knows_takes_the_country_its_sentence_attaches() -> None:
    text = (
        "Die Partnergemeinde Oberwaldbach unterzeichnete mit der französischen Partnerstadt "
        "Kleinfeld-sur-Loire die Urkunde."
    )
    mention = partnership_mention(place_a="Oberwaldbach", place_b="Kleinfeld-sur-Loire")
    result = verify_partnership(verifier_of(text), mention)
    assert result is not None
    assert {(place.name, place.country) for place in result.places} == {
        ("Oberwaldbach", None),
        ("Kleinfeld-sur-Loire", "FR"),
    }


def test_partnership_with_a_country_is_not_a_town_partnership() -> None:
    mention = partnership_mention(place_a="Dortmund", place_b="Deutschland")
    assert (
        verify_partnership(
            Verifier(
                "Dortmund pflegt Partnerschaften in Deutschland.",
                split_sentences("Dortmund pflegt Partnerschaften in Deutschland."),
                None,
            ),
            mention,
        )
        is None
    )


def test_alliance_members_and_joinings_are_checked() -> None:
    checker = verifier()
    mention = alliance_mention(
        sentences=[3], name="Eurocities", members=["Dortmund", "Lyon", "Rostock"]
    )
    result = verify_alliance(checker, mention)
    assert result is not None
    assert [member.name for member in result.members] == ["Dortmund", "Lyon"]


def test_a_country_is_no_member_of_a_network_of_towns() -> None:
    text = "Mayors of cities in Morocco and Jordan and the town of Sharjah joined the Eurocities network."
    mention = alliance_mention(
        sentences=[0], name="Eurocities", members=["Morocco", "Jordan", "Sharjah"]
    )
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None
    assert [member.name for member in result.members] == ["Sharjah"]


def test_a_towns_authority_joining_is_the_articles_town_joining() -> None:
    """ "Das Bezirksamt ist beigetreten": the town the article is about joined; with no such
    town, no one is known to have joined."""
    text = (
        "Die Bürgermeisterin sagte, dass das Bezirksamt am 28. Juni dem Nordbund beigetreten ist."
    )
    mention = alliance_mention(sentences=[0], name="Nordbund")
    result = verify_alliance(verifier_of(text, resolve_place("Kleinfeld", presented=True)), mention)
    assert result is not None
    assert [(j.place.name, j.date) for j in result.joined] == [("Kleinfeld", "--06-28")]
    assert [span.text for span in result.evidence] == [text]
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and result.joined == []


def test_topics_or_themes_are_not_alliances() -> None:
    mention = alliance_mention(name="wirtschaftlicher Austausch")
    assert verify_alliance(verifier(), mention) is None


def test_alliance_names_with_the_network_word_inside_a_compound_are_names() -> None:
    text = (
        "Freiburg ist Mitglied im Klima-Bündnis, dem auch Graz angehört.\n"
        "Im Mai trat Linz dem Städtenetzwerk Donauraum bei."
    )
    checker = verifier_of(text)
    for sentence, name in ((0, "Klima-Bündnis"), (1, "Städtenetzwerk Donauraum")):
        mention = alliance_mention(sentences=[sentence], name=name)
        result = verify_alliance(checker, mention)
        assert result is not None, name
        assert result.name == name


@cases("sentence, name, is_thing")
def test_a_name_after_an_article_can_name_a_thing(sentence: str, name: str, is_thing: bool) -> None:
    assert names_a_thing(sentence, name) == is_thing


def test_a_thing_named_like_a_town_is_not_the_town() -> None:
    text = "Die Delegation aus York besuchte Münster.\nAuch ein Besuch beim Send stand an."
    checker = verifier_of(text)
    host = visit(sentences=[0, 1], from_place="York", host_place="Send", date_text="", leaders=[])
    result = verify_visit(checker, host)
    assert result is not None and result.from_place is not None
    assert result.from_place.name == "York"
    assert result.host_place is None or result.host_place.name != "Send"
    assert any(drop.value == "Send" for drop in checker.drops.values)


def test_a_country_named_by_its_adjective_is_stated() -> None:
    text = "Vertreter kanadischer Unternehmen reisten ins Ruhrgebiet, um Partner zu finden."
    checker = verifier_of(text)
    result = verify_visit(
        checker, visit(sentences=[0], from_place="Kanada", host_place="", date_text="", leaders=[])
    )
    assert result is not None and result.from_place is not None
    assert result.from_place.name == "Kanada" and result.from_place.country == "CA"
    # ... and the host is where the sentence says they went, when the model names none.
    assert result.host_place is not None and result.host_place.name == "Ruhrgebiet"


@cases("sentence, origin, went_to")
def test_a_host_is_only_taken_from_where_the_visitors_went(
    sentence: str, origin: str | None, went_to: str | None
) -> None:
    place = destination(sentence, resolve_place(origin) if origin else None)
    assert (place and place.name) == (went_to and resolve_place(went_to).name)


def test_titles_and_roles_near_a_name() -> None:
    assert split_title("Councillor Mary Smith") == ("Councillor", "Mary Smith")
    assert split_title("Mary Smith") == (None, "Mary Smith")
    assert split_title("Dr.-Ing. Hans Kleinert") == ("Dr.-Ing.", "Hans Kleinert")
    assert split_title("Vizebürgermeisterin Li Hua") == ("Vizebürgermeisterin", "Li Hua")
    # A council member's title, a district's and a Swiss town's mayor's
    assert split_title("Stadträtin Mette Sørensen") == ("Stadträtin", "Mette Sørensen")
    assert split_title("Gemeinderat Peter Roth") == ("Gemeinderat", "Peter Roth")
    assert split_title("Bezirksbürgermeister Reinhard Naumann") == (
        "Bezirksbürgermeister",
        "Reinhard Naumann",
    )
    assert split_title("Stadtpräsident Max Frei") == ("Stadtpräsident", "Max Frei")
    assert split_title("Dragan Ingram") == (None, "Dragan Ingram")
    assert role_near("Angeführt von WFK-Geschäftsführer Max Muster, der sagte", "Max Muster") == (
        "WFK-Geschäftsführer"
    )
    assert role_near("Max Muster, CEO der Firma, sprach.", "Max Muster") == "CEO der Firma"
    # An apposition whose article opens a title; not one whose article opens a clause
    assert role_near("Es kam Eva Roth, der Bürgermeisterin von Lyon.", "Eva Roth") == (
        "Bürgermeisterin von Lyon"
    )
    assert role_near("They met Tom Kurz, the Governor of Kent.", "Tom Kurz") == "Governor of Kent"
    assert role_near("They met Tom Kurz, the first to arrive.", "Tom Kurz") is None
    assert role_near("Gäste von Max Muster, die kamen.", "Max Muster") is None
    # A role set off before the name by a comma, read back to its article or preposition
    assert role_near("Es kam der Vorsitzende des Vereins, Max Muster.", "Max Muster") == (
        "Vorsitzende des Vereins"
    )
    assert role_near("Led by the Mayor of Kent, Tom Kurz, they came.", "Tom Kurz") == (
        "Mayor of Kent"
    )
    # A place before the comma is where someone came from, no role
    assert role_near("Sie kamen aus Lyon, Max Muster führte sie.", "Max Muster") is None


def test_member_lists_in_parentheses_stand_for_their_places() -> None:
    assert member_names("Städtenetzwerk „Drei“ (Raunheim/Kelsterbach)") == [
        "Raunheim",
        "Kelsterbach",
    ]
    assert member_names("Region Schwarzwald (Lahr/Freiburg)") == ["Region Schwarzwald"]


def test_listed_places_are_read_from_enumerations() -> None:
    sentence = "Dem Netzwerk gehören Lyon, Gent, Region Fulda (Hünfeld/Petersberg) und der Rhein-Kreis Neuss an."
    assert [place.name for place in listed_places(sentence)] == [
        "Lyon",
        "Gent",
        "Region Fulda",
        "Rhein-Kreis Neuss",
    ]
    assert [
        p.name
        for p in listed_places(
            "Das Städtebündnis „Drei“ (Raunheim/Kelsterbach/Rüsselsheim) wächst."
        )
    ] == ["Raunheim", "Kelsterbach", "Rüsselsheim"]
    assert listed_places("Lyon und Gent sind Partner.") == []  # two places are not a list


def test_alliance_members_listed_in_their_own_sentence_are_found() -> None:
    text = (
        "Die Städteallianz Rheinschiene wurde 2010 gegründet.\n"
        "Mitglieder sind Köln, Bonn, Neuss und Leverkusen.\n"
        "Im Mai wurden auch Krefeld, Moers und Duisburg neu aufgenommen."
    )
    checker = verifier_of(text)
    mention = alliance_mention(
        name="Städteallianz Rheinschiene", founded_text="2010", members=["Köln"]
    )
    result = verify_alliance(checker, mention)
    assert result is not None and result.founded == "2010"
    assert {m.name for m in result.members} == {
        "Köln",
        "Bonn",
        "Neuss",
        "Leverkusen",
        "Krefeld",
        "Moers",
        "Duisburg",
    }
    assert {(j.place.name, j.date) for j in result.joined} == {
        ("Krefeld", "--05"),
        ("Moers", "--05"),
        ("Duisburg", "--05"),
    }


def test_founding_date_and_occasion_are_read_from_the_founding_sentence() -> None:
    text = (
        "Das Städtenetzwerk Donauraum hat neue Pläne.\n"
        "Das Netzwerk wurde im Mai 2012 im Rahmen der Donau-Konferenz gegründet.\n"
        "Mitglieder sind Ulm, Passau, Linz und Wien."
    )
    checker = verifier_of(text)
    mention = alliance_mention(name="Städtenetzwerk Donauraum")
    result = verify_alliance(checker, mention)
    assert result is not None
    assert (result.founded, result.founding_event) == ("2012-05", "Donau-Konferenz")
    assert {m.name for m in result.members} == {"Ulm", "Passau", "Linz", "Wien"}


def test_the_founding_year_a_participle_before_the_network_s_noun_gives() -> None:
    text = (
        "Ulm gehört seit Mai dem Städtenetzwerk Donauraum an.\n"
        "Das 1998 in Passau gegründete Netzwerk europäischer Städte zählt 40 Mitglieder.\n"
        "Der 2001 gegründete Verein der Freunde Ulms lud zur Feier."
    )
    mention = alliance_mention(name="Städtenetzwerk Donauraum", members=["Ulm"])
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and result.founded == "1998"
    # What else a participle says was founded is no network's founding
    club = text.replace("Das 1998 in Passau gegründete Netzwerk", "Das Netzwerk")
    result = verify_alliance(verifier_of(club), mention)
    assert result is not None and result.founded is None


def test_a_founding_date_stands_in_a_sentence_that_tells_of_a_founding() -> None:
    text = (
        "Ludlow joined the Slow Towns network in 2021, alongside Malton.\n"
        "The network was set up in 1999 by four Italian towns."
    )
    joined_only = text.split("\n")[0]
    mention = alliance_mention(name="Slow Towns network", founded_text="2021", members=["Ashby"])
    result = verify_alliance(verifier_of(joined_only), mention)
    assert result is not None and result.founded is None
    mention = mention.model_copy(update={"founded_text": "1999", "sentences": [0, 1]})
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and result.founded == "1999"


def test_a_place_that_joined_beside_a_dated_one_joined_on_its_date() -> None:
    text = (
        "Ludlow joined the Slow Towns network in 2021, alongside Malton.\n"
        "Zusätzlich zu Ulm wurden am Montag auch Aue und Jena in das Netzwerk aufgenommen.\n"
        "Ulm trat dem Netzwerk am 3. Mai 2022 bei."
    )
    mention = alliance_mention(
        name="Slow Towns network",
        sentences=[0, 1, 2],
        joined=[
            {"place": "Ludlow", "date_text": "2021", "event": ""},
            {"place": "Malton", "date_text": "", "event": ""},
            {"place": "Ulm", "date_text": "am 3. Mai 2022", "event": ""},
            {"place": "Aue", "date_text": "", "event": ""},
        ],
    )
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None
    dates = {joining.place.name: joining.date for joining in result.joined}
    assert dates["Malton"] == "2021" and dates["Aue"] == "2022-05-03", dates
    # A sentence that dates the other joining otherwise keeps it apart
    apart = text.replace("2021, alongside Malton", "2021, alongside Malton in 2019")
    result = verify_alliance(verifier_of(apart), mention)
    assert result is not None
    assert {j.place.name: j.date for j in result.joined}["Malton"] is None


def test_the_sentence_that_states_the_founding_date_is_evidence() -> None:
    text = (
        "Ulm gehört seit Mai dem Städtenetzwerk Donauraum an.\n"
        "Das Städtenetzwerk Donauraum entstand 1998 in Passau."
    )
    mention = alliance_mention(
        name="Städtenetzwerk Donauraum", members=["Ulm"], founded_text="1998", sentences=[0]
    )
    result = verify_alliance(verifier_of(text), mention)
    assert result is not None and result.founded == "1998"
    assert "Das Städtenetzwerk Donauraum entstand 1998 in Passau." in [
        span.text for span in result.evidence
    ]


def test_a_visit_needs_to_say_where_the_visitors_came_from() -> None:
    checker = verifier()
    assert verify_visit(checker, visit(from_place="", from_organisation="")) is None
    assert checker.drops.items == 1


def test_the_host_is_the_town_of_the_occasion_the_visit_sentence_names() -> None:
    text = (
        "Die Stadt pflegt Kontakte nach Polen.\n"
        "Die Unterzeichnung fand am 3. Mai im Rahmen der Messe Düsseldorf statt, mit einer Delegation aus Lyon."
    )
    checker = verifier_of(text)
    result = verify_visit(
        checker, visit(sentences=[1], from_place="Lyon", host_place="Polen", date_text="am 3. Mai")
    )
    assert result is not None and result.host_place is not None
    assert result.host_place.name == "Düsseldorf"
    assert any(
        drop.field == "host_place" and drop.value == "Polen" for drop in checker.drops.values
    )


def test_a_sentence_states_where_visitors_came_from_only_in_so_many_words() -> None:
    assert states_origin("Eine Delegation aus Lyon besuchte das Rathaus.", ["Lyon"])
    assert states_origin("Gäste aus dem französischen Bourges kamen an.", ["Bourges"])
    assert states_origin("The Edinburgh delegation arrived on Monday.", ["Edinburgh"])
    assert states_origin("Die Nottinghamer Delegation blieb drei Tage.", ["Nottingham"])
    assert states_origin("Vertreter kanadischer Unternehmen reisten an.", ["Kanada"])
    # A place a host or speaker comes from, or where visitors go, is not their origin.
    assert not states_origin("Anna Roth von der Wirtschaftsförderung Ulm begrüßte sie.", ["Ulm"])
    assert not states_origin("Die Messe zieht viele Gäste nach Bayern.", ["Bayern"])
    assert not states_origin("Eine Delegation aus Lyon besuchte Ulm.", ["Ulm"])


def test_a_medium_that_reported_the_visit_is_not_the_visiting_party() -> None:
    text = "Laut Nordheimer Anzeiger reiste eine Delegation nach Südheim."
    checker = verifier_of(text)
    visit = visit_mention("", "Südheim").model_copy(
        update={"from_organisation": "Nordheimer Anzeiger"}
    )
    assert verify_visit(checker, visit) is None
    assert is_media("BBC News") and is_media("Mittelbayerische Zeitung")
    assert not is_media("Feuerwehr Nordheim")


def test_a_visit_between_two_countries_is_not_a_relation_of_cities() -> None:
    text = "Eine Delegation aus Frankreich besuchte Deutschland."
    checker = verifier_of(text)
    assert verify_visit(checker, visit_mention("Frankreich", "Deutschland")) is None


def visit_mention(from_place: str, host_place: str) -> VisitMention:
    return VisitMention(
        sentences=[0],
        from_place=from_place,
        from_organisation="",
        host_place=host_place,
        date_text="",
        leaders=[],
        topics=[],
    )


def test_a_place_visitors_came_from_is_not_the_host_of_the_others() -> None:
    text = "Gäste aus Nordheim und Südheim kamen zum Sommerfest."
    checker = verifier_of(text)
    visit = verify_visit(checker, visit_mention("Nordheim", "Südheim"))
    assert visit is not None and visit.host_place is None
    assert any(d.reason == "visitors came from it" for d in checker.drops.values)
    text = "Gäste aus Nordheim kamen nach Südheim."
    visit = verify_visit(verifier_of(text), visit_mention("Nordheim", "Südheim"))
    assert visit is not None and visit.host_place is not None


def test_visitors_to_no_named_place_came_to_the_articles_own_town() -> None:
    text = "Eine Delegation aus Nordheim war am Wochenende zu Gast."
    home = Place(name="Westdorf", kind="city")
    visit = verify_visit(verifier_of(text, home), visit_mention("Nordheim", ""))
    assert visit is not None and visit.host_place == home
    text = "Eine Delegation aus Westdorf war am Wochenende zu Gast."
    visit = verify_visit(verifier_of(text, home), visit_mention("Westdorf", ""))
    assert visit is not None and visit.host_place is None


def test_a_visits_date_is_the_one_of_the_sentence_that_tells_of_it() -> None:
    text = "Vom 4. bis 6. Mai reiste eine Delegation aus Nordheim nach Lyon."
    visit = verify_visit(verifier_of(text), visit_mention("Nordheim", "Lyon"))
    assert visit is not None and visit.date_text == "Vom 4. bis 6. Mai"
    assert (visit.start, visit.end) == ("--05-04", "--05-06")
    # A date in a later sentence belongs to what that sentence tells; "seit" opens a period
    text = "Eine Delegation aus Nordheim besuchte Lyon. Der Besuch galt dem im Mai gewählten Rat."
    mention = visit_mention("Nordheim", "Lyon").model_copy(update={"sentences": [0, 1]})
    visit = verify_visit(verifier_of(text), mention)
    assert visit is not None and visit.date_text is None
    text = "Seit 2004 besucht eine Delegation aus Nordheim jedes Jahr Lyon."
    visit = verify_visit(verifier_of(text), visit_mention("Nordheim", "Lyon"))
    assert visit is not None and visit.date_text is None


@cases("text, area, origin")
def test_an_area_as_origin_is_the_one_town_of_it_the_visit_says_they_came_from(
    text: str, area: str, origin: str
) -> None:
    mention = visit_mention(area, "Ulm").model_copy(update={"sentences": [0, 1]})
    visit = verify_visit(verifier_of(text), mention)
    assert visit is not None and visit.from_place is not None
    assert visit.from_place.name == origin


def test_a_relative_time_starts_on_the_calendar_day_the_report_gives() -> None:
    text = (
        "Eine Delegation aus Nordheim war am vergangenen Wochenende in Lyon. "
        "Am Freitag, 3.5.2019 landete sie und wurde am Flughafen empfangen."
    )
    mention = visit_mention("Nordheim", "Lyon").model_copy(
        update={"sentences": [0, 1], "date_text": "am vergangenen Wochenende"}
    )
    visit = verify_visit(verifier_of(text), mention)
    assert visit is not None and visit.date_text == "am vergangenen Wochenende"
    assert (visit.start, visit.end) == ("2019-05-03", None)
    # A month or a year anchors nothing, nor does a "seit" phrase
    for later in ("Im Mai 2019 war sie schon einmal da.", "Seit dem 3. Mai 2019 ist Lyon Partner."):
        mention = mention.model_copy(update={"sentences": [0, 1]})
        visit = verify_visit(verifier_of(text.split(". ")[0] + ". " + later), mention)
        assert visit is not None and (visit.start, visit.end) == (None, None)


def test_a_partnership_of_schools_or_clubs_is_not_one_of_their_towns() -> None:
    from api.language.lexicon import binds_other_parties

    assert binds_other_parties("Der Schüleraustausch mit der Partnerschule in Lyon begann.")
    assert binds_other_parties("Der FC Nordheim pflegt eine Vereinsfreundschaft nach Lyon.")
    assert binds_other_parties("Nordham High School's partnership with a school in Lyon grows.")
    assert binds_other_parties("Our partner club in Lyon visited.")
    # A school exchange within a twinning of towns: the towns are partners.
    assert not binds_other_parties("Der Schüleraustausch mit der Partnerstadt Lyon begann.")
    assert not binds_other_parties("Nordheim und Lyon pflegen eine Städtepartnerschaft.")
    text = "Der Schüleraustausch mit der Partnerschule in Lyon führte Nordheimer Schüler nach Lyon."
    checker = verifier_of(text)
    mention = partnership_mention(place_a="Nordheim", place_b="Lyon")
    assert verify_partnership(checker, mention) is None


def checked_visit(text: str, origin: str, host: str, home: Place | None = None) -> Any:
    checker = verifier_of(text, home)
    return verify_visit(checker, visit_mention(origin, host)), checker


@cases("text, origin, host, is_visit")
def test_what_the_sentence_says_decides_whether_it_is_a_visit(
    text: str, origin: str, host: str, is_visit: bool
) -> None:
    visit, _ = checked_visit(text, origin, host)
    assert (visit is not None) == is_visit
    if is_visit:
        assert visit.from_place is not None


def test_where_the_visitors_went_is_not_whence_they_came() -> None:
    home = Place(name="Stralsund", kind="city", country="DE")
    text = "Der Oberbürgermeister reiste mit einer Delegation nach Frankreich."
    visit, _ = checked_visit(text, "Frankreich", "", home)
    assert visit is not None and visit.from_place == home
    assert visit.host_place is not None and visit.host_place.name == "Frankreich"
    visit, _ = checked_visit(text, "Frankreich", "")  # no town of its own: nobody is known
    assert visit is None


def test_a_name_the_text_gives_a_person_is_no_place() -> None:
    # Preston is also a town in Lancashire; here it is a councillor.
    text = "Delegates from Bulgaria toured the estate with Cllr Preston on Friday."
    visit, checker = checked_visit(text, "Bulgaria", "Preston")
    assert visit is not None and visit.host_place is None
    assert any(drop.reason == "a person's name, not a place" for drop in checker.drops.values)
    # Presented as a place by its sentence, the same name is the place.
    text = "Cllr Preston led a delegation from Ashcombe to Preston in Lancashire."
    visit, _ = checked_visit(text, "Ashcombe", "Preston")
    assert visit is not None and visit.host_place is not None


def test_a_person_is_not_the_visiting_organisation() -> None:
    text = "Bürgermeister Tom Kurz besuchte mit einer Delegation Südheim."
    checker = verifier_of(text)
    mention = visit_mention("", "Südheim").model_copy(update={"from_organisation": "Tom Kurz"})
    assert verify_visit(checker, mention) is None
    assert any(d.reason == "a person, not an organisation" for d in checker.drops.values)


def visit_of(text: str, origin: str, host: str, sentences: list[int]) -> Any:
    mention = visit_mention(origin, host).model_copy(update={"sentences": sentences})
    return verify_visit(verifier_of(text), mention)


def test_an_origin_named_only_where_no_visit_is_told_is_not_the_origin() -> None:
    text = "Ulm ist eine alte Stadt an der Donau. Eine Delegation besuchte Lyon im Mai."
    mention = visit_mention("Ulm", "Lyon").model_copy(update={"sentences": [0, 1]})
    assert verify_visit(verifier_of(text), mention) is None
    text = "Ulm ist eine alte Stadt an der Donau. Eine Delegation aus Ulm besuchte Lyon im Mai."
    visit = verify_visit(verifier_of(text), mention)
    assert visit is not None and visit.from_place is not None and visit.from_place.name == "Ulm"


@cases("text, model_origin, origin")
def test_the_origin_is_what_the_visits_own_sentence_says(
    text: str, model_origin: str, origin: str | None
) -> None:
    visit = visit_of(text, model_origin, "Lyon", [1])
    assert (visit and visit.from_place and visit.from_place.name) == origin


@cases("sentence, country, qualifies")
def test_a_countrys_adjective_states_an_origin_where_it_qualifies_the_visitors(
    sentence: str, country: str, qualifies: bool
) -> None:
    from api.extraction.verify import _visitors_by_adjective

    assert _visitors_by_adjective(sentence, country) == qualifies


def test_a_town_the_sentence_puts_in_another_country_is_not_the_gazetteer_s() -> None:
    text = (
        "Die Stadt Neumarkt in der Oberpfalz tritt dem Bündnis bei, wie Jever in Friesland. "
        "Elgin (Schottland) folgt."
    )
    checker = verifier_of(text)

    def placed(name: str) -> tuple[str | None, int | None]:
        place = checker.place("alliance", "members", name, [0, 1], [])
        assert place is not None
        return place.country, place.geonames_id

    # "Neumarkt" is the gazetteer's German name of Târgu Mureș; the Oberpfalz is in Germany,
    # where the gazetteer's Neumarkt is Neumarkt in der Oberpfalz
    assert placed("Neumarkt") == ("DE", lookup_in("Neumarkt", "DE").geonames_id)
    # A country named beside a town outweighs the gazetteer's town of that name: the Scottish
    # Elgin, not the larger American one
    assert placed("Elgin") == ("GB", lookup_in("Elgin", "GB").geonames_id)
    assert lookup("Elgin").country == "US"
    # A region's name alone does not move a town the gazetteer knows by its own name
    # ("Friesland" is a Dutch province and a German district)
    country, geonames_id = placed("Jever")
    assert country == "DE" and geonames_id is not None


def test_a_place_is_not_the_visiting_organisation() -> None:
    text = "Delegates from Denver (USA) visited Nairobi."
    mention = visit_mention("Denver", "Nairobi").model_copy(update={"from_organisation": "USA"})
    result = verify_visit(verifier_of(text), mention)
    assert result is not None and result.from_organisation is None
    assert result.from_place is not None and result.from_place.name == "Denver"


@cases("organisation")
def test_a_town_named_by_a_noun_for_a_town_is_not_the_visiting_organisation(
    organisation: str,
) -> None:
    text = "Eine Delegation aus der italienischen Partnerstadt Lyon besuchte Ulm."
    mention = visit_mention("Lyon", "Ulm").model_copy(update={"from_organisation": organisation})
    result = verify_visit(verifier_of(text), mention)
    assert result is not None and result.from_organisation is None
    assert result.from_place is not None and result.from_place.name == "Lyon"


def test_a_town_described_by_its_relation_is_not_the_visiting_organisation() -> None:
    text = "Students from Lyon, Ulm's sister city in France, visited Ulm with Sister Cities International."

    def organisation_kept(organisation: str) -> str | None:
        mention = visit_mention("Lyon", "Ulm").model_copy(
            update={"from_organisation": organisation}
        )
        result = verify_visit(verifier_of(text), mention)
        assert result is not None
        return result.from_organisation

    assert organisation_kept("Ulm's sister city in France") is None
    # Capitalised, the words name an organisation
    assert organisation_kept("Sister Cities International") == "Sister Cities International"


def test_the_party_spoken_of_again_stayed_as_long_as_its_sentence_says() -> None:
    text = (
        "Eine Delegation aus Dortmund besuchte im November Leeds. Auf dem Programm stand die "
        "Altstadt. Die Gäste blieben drei Tage in der Stadt."
    )
    result = dortmund_visit_to_leeds(text)
    assert result.duration_days == 3
    assert result.evidence[-1].text == "Die Gäste blieben drei Tage in der Stadt."


def test_a_visit_given_the_wrong_way_round_is_turned() -> None:
    # The sentence says the visitors came from the host and went to the origin.
    text = "Auf Einladung besuchte eine Delegation aus dem II. Bezirk Szeged die Freunde in Ulm."
    visit, _ = checked_visit(text, "Ulm", "Szeged")
    assert visit is not None and visit.from_place is not None and visit.host_place is not None
    assert (visit.from_place.name, visit.host_place.name) == ("Szeged", "Ulm")
    # Two origins and no destination: the second sent visitors too, nobody was its guest.
    visit, _ = checked_visit("Gäste aus Ulm und Szeged kamen zum Fest.", "Ulm", "Szeged")
    assert visit is not None and visit.host_place is None


@cases("sentence, role, full")
def test_a_role_is_read_in_full_after_the_name(sentence: str, role: str, full: str) -> None:
    name = (
        "Eva Roth" if "Eva Roth" in sentence else "Ann Lee" if "Ann Lee" in sentence else "Tom Kurz"
    )
    assert role_in_full(role, sentence, name) == full


def test_a_town_a_sentence_puts_in_a_country_is_the_gazetteer_s_town_there() -> None:
    """ "die dänische Partnerstadt Viborg": the Danish Viborg, not Vyborg in Russia, which the
    gazetteer knows by that name too; a name it knows in no such country keeps no id."""
    text = "Eine Delegation aus der dänischen Partnerstadt Viborg besuchte Ravensburg."
    place = verifier_of(text).place("visit", "from_place", "Viborg", [0], [])
    assert place is not None and place.country == "DK"
    assert place.geonames_id == lookup_in("Viborg", "DK").geonames_id
    assert lookup("Viborg").country != "DK"
    text = "Eine Delegation aus der dänischen Partnerstadt Nordheimby besuchte Ravensburg."
    place = verifier_of(text).place("visit", "from_place", "Nordheimby", [0], [])
    assert place is not None and (place.country, place.geonames_id) == ("DK", None)


def test_a_visit_s_size_is_not_read_from_the_visit_the_other_way() -> None:
    """A return visit the article announces after the visit it reports: the first visit's
    size, in a sentence of visitors from the return visit's host, is not the return visit's."""
    text = (
        "Eine zwölfköpfige Delegation aus der dänischen Partnerstadt Viborg hat Ravensburg "
        "besucht. Ein Gegenbesuch einer Ravensburger Delegation in Viborg ist für 2026 geplant."
    )
    mention = visit_mention("Ravensburg", "Viborg").model_copy(update={"sentences": [0, 1]})
    result = verify_visit(verifier_of(text), mention)
    assert result is not None and result.participants is None
    # The visit itself keeps its size
    mention = visit_mention("Viborg", "Ravensburg").model_copy(update={"sentences": [0]})
    result = verify_visit(verifier_of(text), mention)
    assert result is not None and result.participants == 12


@cases("sentence, host, origin, other_way")
def test_a_sentence_of_visitors_from_the_host_tells_of_the_other_way(
    sentence: str, host: str, origin: str, other_way: bool
) -> None:
    assert _the_other_way(sentence, Place(name=host), Place(name=origin)) is other_way


def test_a_visit_given_the_wrong_way_is_turned_by_the_place_that_welcomes_it() -> None:
    """ "Ashby welcomes delegation from twin town X": the model's Ashby -> X is X -> Ashby. The
    sentence of the return visit, from Ashby, tells of the other way and is not read."""
    text = (
        "Leeds welcomes delegation from twin town Dortmund. The group of nine was led by Mayor "
        "Jane Doe. A return visit by Leeds residents to Dortmund is planned for 2026."
    )
    checker = verifier_of(text)
    mention = visit(sentences=[0, 1, 2]).model_copy(
        update={"from_place": "Leeds", "host_place": "Dortmund"}
    )
    result = verify_visit(checker, mention)
    assert result is not None and result.from_place is not None and result.host_place is not None
    assert (result.from_place.name, result.host_place.name) == ("Dortmund", "Leeds")


def test_a_relative_time_the_calendar_dates_right_after_it_is_that_date() -> None:
    sentence = "They spent the long weekend of 3 to 6 May 2024 in the town."
    assert _dated_by_the_next(sentence, "weekend", ["3 to 6 May 2024"]) == "3 to 6 May 2024"
    sentence = "Sie verbrachten das Wochenende in Ulm und reisten am 6. Mai ab."
    assert _dated_by_the_next(sentence, "Wochenende", ["am 6. Mai"]) == "Wochenende"


def test_a_place_said_to_be_no_member_is_none_wherever_else_it_is_named() -> None:
    text = (
        "Konstanz, Kempten und Ulm gründeten ein Netzwerk der Cittaslow-Vereinigung. "
        "Die Stadt Ulm ist als Stadt zu groß, um selbst Mitglied der Cittaslow-Vereinigung "
        "zu werden."
    )
    checker = verifier_of(text)
    mention = alliance_mention(
        name="Cittaslow-Vereinigung", sentences=[0, 1], members=["Konstanz", "Kempten", "Ulm"]
    )
    result = verify_alliance(checker, mention)
    assert result is not None
    assert [member.name for member in result.members] == ["Konstanz", "Kempten"]
    assert "said to be no member" in [drop.reason for drop in checker.drops.values]


def test_a_name_the_article_presents_as_a_place_is_one_where_another_sentence_names_it() -> None:
    """One text, one referent: "die Partnergemeinde Kleinwalde" makes Kleinwalde a place in
    the sentence of its membership, where nothing presents it as one."""
    text = (
        "Ulm empfing eine Delegation aus der Partnergemeinde Kleinwalde. "
        "Kleinwalde wurde 2018 Mitglied im Klima-Bündnis."
    )
    checker = verifier_of(text)
    place = checker.place("alliance", "members", "Kleinwalde", [1], [])
    assert place is not None and place.name == "Kleinwalde"
    # A name nothing presents as a place stays none
    assert (
        verifier_of("Kleinwalde wurde 2018 Mitglied im Klima-Bündnis.").place(
            "alliance", "members", "Kleinwalde", [0], []
        )
        is None
    )


def test_a_place_the_model_gave_by_the_start_of_its_name_takes_the_whole_name() -> None:
    """ "Mollet" of "Mollet del Vallès" is not the other, smaller Mollet."""
    text = "Ulm pflegt Partnerschaften mit Rivoli und Mollet del Vallès."
    result = verify_partnership(
        verifier_of(text), partnership_mention(place_a="Ulm", place_b="Mollet")
    )
    assert result is not None
    assert [place.name for place in result.places] == ["Ulm", "Mollet del Vallès"]
    assert result.places[1].geonames_id == lookup("Mollet del Vallès").geonames_id


def test_a_return_visit_told_its_own_way_keeps_its_way() -> None:
    """The model's Leeds -> Dortmund with the first visit's sentences beside the return
    visit's: "Ein Gegenbesuch einer Leedser Delegation in Dortmund" tells it goes that way."""
    text = (
        "Delegation aus Dortmund zu Gast in Leeds. Eine Delegation aus Dortmund hat Leeds "
        "besucht. Ein Gegenbesuch einer Leeds Delegation in Dortmund ist für 2026 geplant."
    )
    mention = visit(sentences=[0, 1, 2], leaders=[], date_text="").model_copy(
        update={"from_place": "Leeds", "host_place": "Dortmund"}
    )
    result = verify_visit(verifier_of(text), mention)
    assert result is not None and result.from_place is not None and result.host_place is not None
    assert (result.from_place.name, result.host_place.name) == ("Leeds", "Dortmund")
    assert result.participants is None
