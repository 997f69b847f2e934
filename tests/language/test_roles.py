"""Roles in a visit (api/language/roles.py), each rule on sentences written for it."""

from __future__ import annotations

import pytest

from api.language.places import resolve_place
from api.language.roles import (
    is_host_official,
    joined_people,
    led_people,
    listed_people,
    only_present,
    person_ending,
    received_people,
)

HOST = resolve_place("Eisenstadt")
ORIGIN = resolve_place("Bad Kissingen")


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # A title that names the host town
        ("Eisenstadts Bürgermeister Anna Berger zeigte die Altstadt.", "Anna Berger", None),
        ("Der Eisenstädter Bürgermeister Anna Berger zeigte die Altstadt.", "Anna Berger", None),
        ("The Mayor of Eisenstadt, Anna Berger, showed the old town.", "Anna Berger", None),
        ("Anna Berger zeigte die Altstadt.", "Anna Berger", "Bürgermeisterin von Eisenstadt"),
        # The subject of a verb of receiving, before or (German) after it
        ("Anna Berger empfing die Gäste im Rathaus.", "Anna Berger", "Bürgermeisterin"),
        ("Im Rathaus empfing Bürgermeisterin Anna Berger die Gäste.", "Anna Berger", None),
        ("Mayor Anna Berger welcomed the delegation.", "Anna Berger", "Mayor"),
        ("Anna Berger, die neue Bürgermeisterin, begrüßte alle.", "Anna Berger", None),
        # The agent of a passive of receiving
        ("Die Gäste wurden von Bürgermeisterin Anna Berger empfangen.", "Anna Berger", None),
        ("The visitors were received by Mayor Anna Berger.", "Anna Berger", None),
        # Who invited the visitors
        (
            "Auf Einladung von Bürgermeisterin Anna Berger besuchte eine Delegation die Stadt.",
            "Anna Berger",
            None,
        ),
        ("At the invitation of Mayor Anna Berger, a delegation came.", "Anna Berger", None),
        ("Die Gäste waren von Anna Berger eingeladen worden.", "Anna Berger", None),
        # The agent of a passive of receiving in a clause about the one who led
        (
            "Angeführt wurde die zwölfköpfige Gruppe von Tom Kurz, der von Anna Berger "
            "empfangen wurde.",
            "Anna Berger",
            None,
        ),
    ],
)
def test_the_sentence_puts_the_person_on_the_hosts_side(
    sentence: str, name: str, role: str | None
) -> None:
    assert is_host_official(sentence, name, role, HOST, ORIGIN)


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # Led the travelling party
        ("Die Delegation unter Leitung von Tom Kurz wurde herzlich empfangen.", "Tom Kurz", None),
        ("The group, led by Tom Kurz, was welcomed at the town hall.", "Tom Kurz", None),
        # ... in a fronted passive, though a clause of receiving follows his name
        (
            "Angeführt wurde die zwölfköpfige Gruppe von Tom Kurz, der von Anna Berger "
            "empfangen wurde.",
            "Tom Kurz",
            "Bürgermeister",
        ),
        # The object of a verb of receiving is a guest
        ("Mayor Anna Berger welcomed Mayor Tom Kurz.", "Tom Kurz", "Mayor"),
        # A title that names the visitors' town
        ("Der Bad Kissinger Oberbürgermeister Tom Kurz reiste an.", "Tom Kurz", None),
        ("Der Bad Kissinger Oberbürgermeister Tom Kurz begrüßte alle.", "Tom Kurz", None),
        ("Tom Kurz wurde empfangen.", "Tom Kurz", "Oberbürgermeister von Bad Kissingen"),
        # The guest an inviter invited
        ("Auf Einladung von Anna Berger kam Tom Kurz mit zwölf Gästen.", "Tom Kurz", None),
        # Nothing about either side: the model's leader stays
        ("Tom Kurz reiste mit zwölf Gästen nach Eisenstadt.", "Tom Kurz", "Oberbürgermeister"),
    ],
)
def test_the_sentence_keeps_the_person_with_the_travelling_party(
    sentence: str, name: str, role: str | None
) -> None:
    assert not is_host_official(sentence, name, role, HOST, ORIGIN)


@pytest.mark.parametrize(
    ("sentence", "name", "present"),
    [
        ("Konsul Tom Weber, Vertreter des Landes, war auch anwesend.", "Tom Weber", True),
        ("Anwesend war auch Stadtrat Tom Weber.", "Tom Weber", True),
        ("Tom Weber was also present at the dinner.", "Tom Weber", True),
        ("Councillor Tom Weber attended the reception.", "Tom Weber", True),
        ("Tom Weber nahm an dem Empfang teil.", "Tom Weber", True),
        # Leading, and being present as the leader, is leading
        ("Angeführt von Tom Weber war die Delegation anwesend.", "Tom Weber", False),
        ("Tom Weber leitete die Delegation, die beim Fest anwesend war.", "Tom Weber", False),
        ("Tom Weber besuchte Lyon. Anna Kurz war anwesend.", "Tom Weber", False),
    ],
)
def test_who_was_present_is_told_from_who_led(sentence: str, name: str, present: bool) -> None:
    assert only_present(sentence, name) is present


def test_only_an_article_and_a_title_stand_between_the_presence_and_the_name() -> None:
    assert only_present("Anwesend war auch der Konsul Tom Weber.", "Tom Weber")
    # More words than an article and titles: Tom Weber is not the one said to be present
    assert not only_present("Anwesend waren die Gäste aus Lyon als Tom Weber sprach.", "Tom Weber")


@pytest.mark.parametrize(
    ("phrase", "person"),
    [
        (
            "dem Präsidenten der Bürgerschaft Peter Paul",
            ("Präsidenten der Bürgerschaft", "Peter Paul"),
        ),
        ("Councillor Jane Doe", ("Councillor", "Jane Doe")),
        ("mit seiner Stellvertreterin Anna Berg", ("Stellvertreterin", "Anna Berg")),
        ("dem früheren Bürgermeister Tom Kurz", ("früheren Bürgermeister", "Tom Kurz")),
        ("dem Oberbürgermeister Dr.-Ing. Max Bauer", ("Oberbürgermeister", "Max Bauer")),
        ("Anna Berg", (None, "Anna Berg")),
        # A surname with a particle takes the given name before it
        ("von Stadträtin Marie Le Goff", ("Stadträtin", "Marie Le Goff")),
        # More given names after a title
        ("Kolding's mayor Knud Erik Langhoff", ("Kolding's mayor", "Knud Erik Langhoff")),
        ("Bürgermeister Hans Peter Kurz", ("Bürgermeister", "Hans Peter Kurz")),
        # A group counted, an organisation, a place, a title and a surname alone: nobody
        ("zwölf Sängern des Chores Ulmer Spatzen", None),
        ("Vertretern der Hochschule Nordheim", None),
        ("der Stadt Lyon", None),
        ("Bürgermeister Berg", None),
        ("the chairman of the Town", None),
    ],
)
def test_the_person_a_phrase_ends_with(phrase: str, person: tuple[str | None, str] | None) -> None:
    assert person_ending(phrase) == person


def test_words_the_text_writes_in_lower_case_name_no_person() -> None:
    """'Town Twinning' is a person's name by its shape, not where the text writes 'town
    twinning'."""
    phrase = "a very successful Leeds Town Twinning"
    assert person_ending(phrase) == ("a very successful Leeds", "Town Twinning")
    assert person_ending(phrase, frozenset({"town", "twinning"})) is None


@pytest.mark.parametrize(
    ("sentence", "name", "joined"),
    [
        (
            "Die Delegation reiste unter Leitung von Landrat Tom Kurz gemeinsam mit dem "
            "Präsidenten des Kreistags Ben Roth nach Lyon.",
            "Tom Kurz",
            [("Präsidenten des Kreistags", "Ben Roth")],
        ),
        (
            "The group was led by Mayor Jane Doe together with her deputy Tom Roe.",
            "Jane Doe",
            [("deputy", "Tom Roe")],
        ),
        (
            "Angeführt von Tom Kurz, zusammen mit Anna Berg, reiste die Gruppe.",
            "Tom Kurz",
            [(None, "Anna Berg")],
        ),
        # "und" lists; it does not join a companion to the person
        ("Tom Kurz und Anna Berg reisten nach Lyon.", "Tom Kurz", []),
        # Joined to something else than a person
        ("Tom Kurz reiste gemeinsam mit Vertretern der Stadtverwaltung.", "Tom Kurz", []),
    ],
)
def test_who_is_joined_to_a_person(
    sentence: str, name: str, joined: list[tuple[str | None, str]]
) -> None:
    assert joined_people(sentence, name) == joined


@pytest.mark.parametrize(
    ("sentence", "led"),
    [
        (
            "Unter der Leitung von Partnerschaftsbeauftragtem Tom Kurz reisten zwölf Gäste.",
            [("Partnerschaftsbeauftragtem", "Tom Kurz")],
        ),
        (
            "Dann reiste eine Delegation angeführt von Bürgermeisterin Anna Berg, dem "
            "Vizebürgermeister Ben Roth und der Dolmetscherin Eva Lang an.",
            [("Bürgermeisterin", "Anna Berg")],
        ),
        ("The group was led by Mayor Jane Doe.", [("Mayor", "Jane Doe")]),
        # A passive with its participle first, the subject before "von"
        (
            "Angeführt wurde die Delegation von Bürgermeisterin Anna Berg.",
            [("Bürgermeisterin", "Anna Berg")],
        ),
        ("Geleitet wird die kleine Gruppe von Mayor Jane Doe.", [("Mayor", "Jane Doe")]),
        ("Angeführt wurde die Liste von Stimmen der Opposition.", []),
        # ... or last, after the agent; a passive of another verb leads nobody
        (
            "Die Gruppe wurde von Bürgermeisterin Anna Berg angeführt.",
            [("Bürgermeisterin", "Anna Berg")],
        ),
        ("Die Gäste wurden von Bürgermeisterin Anna Berg empfangen.", []),
        # Leading words that govern no person; the leader as the subject of "led"
        ("Die Reise wurde von der Kulturabteilung geleitet.", []),
        ("Mayor Jane Doe led a very successful Leeds Town Twinning delegation.", []),
        ("Unter der Leitung der Stadt Lyon entstand ein Plan.", []),
    ],
)
def test_who_the_words_of_leading_govern(sentence: str, led: list[tuple[str, str]]) -> None:
    assert led_people(sentence) == led


def test_the_others_of_a_list_that_names_two_of_the_people() -> None:
    sentence = (
        "Eine Delegation (mit den Stadträten Anna Berg, Ben Roth und Eva Lang, dem früheren "
        "Bürgermeister Tom Kurz, Stadtschreiberin Ida Pohl und acht Musikern des Musikvereins "
        "Nordheim) reiste nach Lyon."
    )
    assert listed_people(sentence, ["Anna Berg", "Ben Roth"]) == [
        (None, "Eva Lang"),
        ("früheren Bürgermeister", "Tom Kurz"),
        ("Stadtschreiberin", "Ida Pohl"),
    ]
    # One person of the list named is no sign that the list is of the travelling party.
    assert listed_people(sentence, ["Anna Berg"]) == []
    # A list in parentheses is another list than the one around it.
    sentence = "Anna Berg und Ben Roth (mit ihren Gästen Eva Lang und Ida Pohl) reisten ab."
    assert listed_people(sentence, ["Anna Berg", "Ben Roth"]) == []


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        # The agent of a passive of receiving, with whom the sentence joins to them
        (
            "Am Abend wurden die Gäste von Bürgermeisterin Eva Roth zusammen mit dem "
            "Stadtarchivar Ben Hahn im Rathaus der Stadt empfangen.",
            [("Bürgermeisterin", "Eva Roth"), ("Stadtarchivar", "Ben Hahn")],
        ),
        (
            "Sie wurden von Oberbürgermeister Dr. Paul Stein und Landrätin Ute Kern begrüßt.",
            [("Oberbürgermeister", "Paul Stein"), ("Landrätin", "Ute Kern")],
        ),
        ("Empfangen wurden die Gäste von Landrätin Ute Kern.", [("Landrätin", "Ute Kern")]),
        ("The visitors were received by Mayor Jane Doe.", [("Mayor", "Jane Doe")]),
        # a role, then the name after a comma
        (
            "They were welcomed at the town hall by the Mayor of Leeds, Tom Hill, on Monday.",
            [("Mayor of Leeds", "Tom Hill")],
        ),
        # The subject of an active verb of receiving, before it or (German) after it
        (
            "Oberbürgermeister Dr. Paul Stein empfing die Delegation.",
            [("Oberbürgermeister", "Paul Stein")],
        ),
        ("Im Rathaus empfing Bürgermeister Tom Kurz die Gäste.", [("Bürgermeister", "Tom Kurz")]),
        ("Die Gäste begrüßte Bürgermeister Tom Kurz.", [("Bürgermeister", "Tom Kurz")]),
        ("Mayor Jane Doe welcomed the delegation.", [("Mayor", "Jane Doe")]),
        ("Eva Roth, die neue Bürgermeisterin, begrüßte alle.", [(None, "Eva Roth")]),
        # Who words of leading govern received nobody
        (
            "Die Delegation unter der Leitung von Bürgermeister Tom Kurz wurde von Landrat "
            "Paul Stein empfangen.",
            [("Landrat", "Paul Stein")],
        ),
        ("Die Gruppe wurde von Bürgermeister Tom Kurz angeführt und im Rathaus empfangen.", []),
        (
            "Mayor Jane Doe welcomed the delegation led by Councillor Tom Hill.",
            [("Mayor", "Jane Doe")],
        ),
        # Two capitalised words before the verb may be anything that opens a clause
        ("Am Samstag empfing Lyon die Delegation.", []),
        ("Im Rathaus empfing die Gäste eine Abordnung des Stadtrats.", []),
        # A town, a grant: no person received anyone
        ("Die Gäste wurden von der Stadt Lyon empfangen.", []),
        ("The town received a grant from Lord Mayor Ann Lee.", []),
        ("Mayor Jane Doe received a framed painting from Lyon.", []),
        ("Mayor Jane Doe received the delegation from Lyon.", [("Mayor", "Jane Doe")]),
    ],
)
def test_who_received_the_visitors_is_the_agent_or_subject_of_receiving(
    sentence: str, people: list[tuple[str | None, str]]
) -> None:
    assert received_people(sentence) == people
