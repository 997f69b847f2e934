"""Pure parts of the pipeline: which sentences the model sees, and how items merge."""

from __future__ import annotations

from api.extraction import alliance_key, merge_visits, select_pieces
from api.text import split_sentences
from api.verify import acronyms
from schemas.contract import Place, Span, Visit


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
