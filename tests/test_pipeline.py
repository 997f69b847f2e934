"""Pure parts of the pipeline: which sentences the model sees, and how items merge."""

from __future__ import annotations

from api import extraction
from api.extraction import alliance_key, merge_visits, select_sentences
from api.text import split_sentences
from api.verify import acronyms
from schemas.contract import Place, Span, Visit


def test_boilerplate_and_repeated_headlines_are_not_shown() -> None:
    text = (
        "Neue Partnerschaft mit Lyon\n\nKontakt\nTelefon 0721 1234567\n\n"
        "Neue Partnerschaft mit Lyon\nDie Stadt pflegt seit 1960 eine Partnerschaft mit Lyon."
    )
    shown = [sentence.text for sentence in select_sentences(split_sentences(text))]
    assert shown.count("Neue Partnerschaft mit Lyon") == 1
    assert not any("Telefon" in sentence for sentence in shown)


def test_long_articles_show_relation_sentences_within_a_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    filler = " ".join(f"Satz {n} handelt vom Wetter und sonst nichts weiter." for n in range(200))
    text = f"{filler}\nEine Delegation aus Lyon besuchte die Stadt.\n{filler}"
    monkeypatch.setattr(extraction, "MAX_SHOWN_CHARS", 200)
    shown = select_sentences(split_sentences(text))
    assert "Eine Delegation aus Lyon besuchte die Stadt." in [s.text for s in shown]
    assert sum(len(s.text) for s in shown) <= 200


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
