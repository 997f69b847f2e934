"""Roles in a visit (api/language/roles.py), each rule on sentences written for it."""

from __future__ import annotations

import pytest

from api.language.places import resolve_place
from api.language.roles import is_host_official, only_present

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
