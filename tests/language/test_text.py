"""Tests for api.language.text: normalisation, HTML extraction, sentence splitting and boilerplate."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.language import text as text_module
from api.language.text import (
    Sentence,
    html_to_text,
    is_heading,
    normalize_text,
    split_sentences,
)
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><title>Stadtportal</title><style>p { color: red }</style></head>
<body>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/rathaus">Rathaus</a></li></ul></nav>
<article>
  <h1>Delegation aus der Partnerstadt zu Gast</h1>
  <p>Eine Delegation aus der Partnerstadt besuchte am 12. Mai das Rathaus und unterzeichnete
  eine Vereinbarung über einen regelmäßigen Schüleraustausch zwischen beiden Städten.</p>
</article>
<footer><p>Impressum | Datenschutz | Barrierefreiheit</p></footer>
<script>document.write("Skriptausgabe")</script>
</body></html>"""
ARTICLE_SENTENCE = "Eine Delegation aus der Partnerstadt besuchte am 12. Mai das Rathaus"

PROSE = (
    "Die Delegation aus der Partnerstadt wurde am Montag feierlich im Rathaus empfangen. "
    "Beide Städte wollen den Austausch von Schülern und Vereinen weiter ausbauen. "
    "Im kommenden Jahr soll eine Gruppe aus der Verwaltung zum Gegenbesuch aufbrechen."
)


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def _containing(sentences: list[Sentence], fragment: str) -> list[Sentence]:
    found = [sentence for sentence in sentences if fragment in sentence.text]
    assert found, f"no sentence contains {fragment!r}"
    return found


def _gold_evidence(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [e for key, value in node.items() for e in _evidence_entry(key, value)]
    if isinstance(node, list):
        return [e for item in node for e in _gold_evidence(item)]
    return []


def _evidence_entry(key: str, value: Any) -> list[str]:
    if key == "evidence" and isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return _gold_evidence(value)


# --- sentence invariants on the seed articles -------------------------------------------------


def test_all_five_seed_articles_are_present() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_offsets_slice_the_original_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert sentences
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_indexes_are_consecutive_and_in_document_order(path: Path) -> None:
    sentences = split_sentences(path.read_text(encoding="utf-8"))
    assert [sentence.index for sentence in sentences] == list(range(len(sentences)))
    for before, after in itertools.pairwise(sentences):
        assert before.end <= after.start
        assert before.block <= after.block


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_every_visible_character_belongs_to_exactly_one_sentence(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    owners = [0] * len(text)
    for sentence in split_sentences(text):
        for position in range(sentence.start, sentence.end):
            owners[position] += 1
    for position, char in enumerate(text):
        assert owners[position] == 1 or (char.isspace() and owners[position] == 0)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_sentences_exclude_surrounding_whitespace(path: Path) -> None:
    for sentence in split_sentences(path.read_text(encoding="utf-8")):
        assert sentence.text == sentence.text.strip()
        assert "\n" not in sentence.text


def test_offsets_refer_to_unnormalised_input() -> None:
    text = "  \r\n\xa0Erster Satz.   Zweiter Satz.\t\r\n\r\n  Dritter Satz. "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Erster Satz.", "Zweiter Satz.", "Dritter Satz."]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_blocks_number_the_non_empty_lines() -> None:
    sentences = split_sentences("Erste Zeile.\n\n\nZweite Zeile. Noch ein Satz.\nDritte Zeile.")
    assert [sentence.block for sentence in sentences] == [0, 1, 1, 2]


@cases("text")
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


# --- where sentences split and where not --------------------------------------------------------


def test_german_ordinal_date_is_not_split_in_seed() -> None:
    sentences = split_sentences(_seed("002"))
    (sentence,) = _containing(sentences, "am 23. April im Rahmen")
    assert sentence.text.startswith("Die feierliche Zeremonie fand am 23. April")
    assert sentence.text.endswith("verschiedener Wirtschaftsunternehmen.")


def test_date_range_with_dotted_dates_is_not_split() -> None:
    (sentence,) = _containing(split_sentences(_seed("003")), "vom 14. - 17.11. stattfindet")
    assert sentence.text.endswith("Gäste nach NRW.")


@cases("sentence")
def test_a_full_stop_after_an_ordinal_a_date_or_an_abbreviation_does_not_split(
    sentence: str,
) -> None:
    assert _texts(f"{sentence} Danach folgt der Empfang.") == [
        sentence,
        "Danach folgt der Empfang.",
    ]


def test_abbreviation_in_seed_stays_inside_sentence() -> None:
    (sentence,) = _containing(split_sentences(_seed("003")), "diskutiert u. a. am Chicago")
    assert sentence.text.startswith("Prokurist")
    assert sentence.text.endswith("Strukturwandels.")


def test_year_at_sentence_end_splits() -> None:
    text = "Die Partnerschaft besteht seit 1990. Sie wird im Mai gefeiert."
    assert _texts(text) == ["Die Partnerschaft besteht seit 1990.", "Sie wird im Mai gefeiert."]


def test_closing_quote_belongs_to_the_sentence() -> None:
    text = "Er sagte: „Wir wollen voneinander lernen.“ Der Besuch endete am Abend."
    assert _texts(text) == [
        "Er sagte: „Wir wollen voneinander lernen.“",
        "Der Besuch endete am Abend.",
    ]


def test_opening_quote_starts_a_new_sentence() -> None:
    text = 'Der Bürgermeister sprach. „Wir freuen uns“, sagte er. "Gut" war die Antwort.'
    assert _texts(text) == [
        "Der Bürgermeister sprach.",
        "„Wir freuen uns“, sagte er.",
        '"Gut" war die Antwort.',
    ]


def test_quote_followed_by_comma_does_not_split() -> None:
    text = "„Wir sind in China bekannt!“, freut sich der Geschäftsführer."
    assert _texts(text) == [text]


def test_question_exclamation_and_ellipsis_split() -> None:
    text = "Was nun? Weiter! Und dann… Am Ende... 17 Gäste blieben."
    assert _texts(text) == ["Was nun?", "Weiter!", "Und dann…", "Am Ende...", "17 Gäste blieben."]


def test_lowercase_continuation_does_not_split() -> None:
    text = "Die Version 4.0 ist da. und weitere folgen. www.example.de bleibt."
    assert _texts(text) == [text]


# --- boilerplate on the seed articles -----------------------------------------------------------


def test_seed_002_adverts_after_the_article_are_boilerplate() -> None:
    sentences = split_sentences(_seed("002"))
    adverts = [s for s in sentences if "Restaurant" in s.text or "Hotel" in s.text]
    assert len(adverts) >= 8
    assert all(sentence.boilerplate for sentence in adverts)
    start = _containing(sentences, "Online-Prospekte")[0].index
    assert all(sentence.boilerplate for sentence in sentences[start:])


def test_seed_002_advert_labels_and_teasers_are_boilerplate() -> None:
    sentences = split_sentences(_seed("002"))
    for fragment in ("LokalesAnzeige", "GenießenAnzeige", "Lassen Sie sich von...", "4 Bilder"):
        assert all(sentence.boilerplate for sentence in _containing(sentences, fragment))


def test_seed_002_article_sentence_is_not_boilerplate() -> None:
    (sentence,) = _containing(split_sentences(_seed("002")), "Die ISA wurde im April")
    assert sentence.text == "Die ISA wurde im April 2016 gegründet."
    assert not sentence.boilerplate


def test_seed_002_caption_credits_are_boilerplate() -> None:
    sentences = split_sentences(_seed("002"))
    for fragment in ("| Foto: WFK", "hochgeladen von", "2Bilder", "Kontakt zu Nico Au:"):
        assert all(sentence.boilerplate for sentence in _containing(sentences, fragment))


def test_seed_000_contact_box_is_boilerplate() -> None:
    sentences = split_sentences(_seed("000"))
    box = {s.text: s.boilerplate for s in sentences if s.block in range(4, 9)}
    assert box == {
        "Kontakt": True,
        "Simone Pflieger": True,
        "Internationales": True,
        "Telefon 0172 133 7314": True,
        "Email simone.pflieger@wifoe.karlsruhe.de": True,
    }


def test_seed_000_article_sentence_is_not_boilerplate() -> None:
    sentence = "Die Partnerstädte Nottingham und Karlsruhe wachsen wirtschaftlich weiter zusammen."
    (found,) = _containing(split_sentences(_seed("000")), sentence)
    assert found.text == sentence
    assert not found.boilerplate


def test_seed_000_skip_links_are_boilerplate_but_headline_is_not() -> None:
    sentences = split_sentences(_seed("000"))
    assert all(s.boilerplate for s in _containing(sentences, "Sprung zu"))
    assert not any(s.boilerplate for s in _containing(sentences, "Austausch trägt Früchte"))


def test_seed_004_cookie_paragraph_is_boilerplate() -> None:
    sentences = split_sentences(_seed("004"))
    block = _containing(sentences, "Wir nutzen Cookies")[0].block
    paragraph = [sentence for sentence in sentences if sentence.block == block]
    assert len(paragraph) == 4
    assert all(sentence.boilerplate for sentence in paragraph)


def test_seed_004_weiterlesen_teasers_are_boilerplate() -> None:
    sentences = split_sentences(_seed("004"))
    assert len(_containing(sentences, "weiterlesen...")) == 6
    start = _containing(sentences, "weitere Beiträge")[0].index
    assert all(sentence.boilerplate for sentence in sentences[start:])


def test_seed_004_share_bar_and_source_line_are_boilerplate() -> None:
    sentences = split_sentences(_seed("004"))
    for fragment in ("Quelle: Stadt", "Beitrag teilen", "FacebookVZ", "@2022", "toTop"):
        assert all(sentence.boilerplate for sentence in _containing(sentences, fragment))


def test_seed_003_teasers_after_weitere_meldungen_are_boilerplate() -> None:
    sentences = split_sentences(_seed("003"))
    start = _containing(sentences, "Weitere Meldungen")[0].index
    assert len(sentences) - start == 9
    assert all(sentence.boilerplate for sentence in sentences[start:])


def test_seed_003_article_before_teasers_is_not_boilerplate() -> None:
    sentences = split_sentences(_seed("003"))
    start = _containing(sentences, "Weitere Meldungen")[0].index
    prose = [s for s in sentences[:start] if len(s.text.split()) >= 4]
    assert len(prose) >= 20
    assert not any(sentence.boilerplate for sentence in prose)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_gold_evidence_is_never_boilerplate(path: Path) -> None:
    gold = json.loads((FIXTURES / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    for evidence in _gold_evidence(gold):
        start = text.find(evidence)
        assert start >= 0, evidence
        overlapping = [s for s in sentences if s.start < start + len(evidence) and s.end > start]
        assert not any(sentence.boilerplate for sentence in overlapping), evidence


# --- boilerplate heuristics on hand-written pages -----------------------------------------------


def _flags(text: str) -> dict[str, bool]:
    return {sentence.text: sentence.boilerplate for sentence in split_sentences(text)}


def test_short_navigation_blocks_are_boilerplate() -> None:
    flags = _flags(f"Startseite\nAktuelles\n4 Bilder\nweitere Beiträge\n{PROSE}")
    assert flags["Startseite"] and flags["Aktuelles"] and flags["4 Bilder"]
    assert not flags["Beide Städte wollen den Austausch von Schülern und Vereinen weiter ausbauen."]


def test_headline_with_four_words_is_kept() -> None:
    flags = _flags(f"Delegation besucht die Partnerstadt\n{PROSE}")
    assert flags == dict.fromkeys(flags, False)


def test_tail_marker_before_the_article_does_not_wipe_it() -> None:
    flags = _flags(f"Weitere Meldungen\nNachrichten aus der Region\n{PROSE}")
    assert flags["Weitere Meldungen"]
    assert not flags["Nachrichten aus der Region"]
    assert sum(not flag for flag in flags.values()) == 4


def test_tail_marker_after_the_article_marks_the_rest() -> None:
    flags = _flags(
        f"{PROSE}\nDas könnte Sie auch interessieren:\nPartnerstadt feiert Jubiläum mit Fest"
    )
    assert flags["Das könnte Sie auch interessieren:"]
    assert flags["Partnerstadt feiert Jubiläum mit Fest"]


def test_truncated_teaser_and_its_heading_are_boilerplate() -> None:
    teaser = "Die Gäste aus Frankreich wurden am Bahnhof von einer Blaskapelle begrüßt und…"
    flags = _flags(f"{PROSE}\nBesuch aus der Partnerstadt begeistert\n{teaser}")
    assert flags["Besuch aus der Partnerstadt begeistert"] and flags[teaser]
    assert not flags["Beide Städte wollen den Austausch von Schülern und Vereinen weiter ausbauen."]


def test_glued_social_network_names_are_boilerplate() -> None:
    assert _flags(f"{PROSE}\nFacebookTwitterLinkedInXing")["FacebookTwitterLinkedInXing"]


def test_contact_data_marks_only_its_sentence_in_a_long_paragraph() -> None:
    flags = _flags(f"{PROSE} Anmeldung unter Telefon 0721 133 4455.")
    assert flags["Anmeldung unter Telefon 0721 133 4455."]
    assert sum(flags.values()) == 1


def test_marker_words_inside_long_prose_sentences_are_kept() -> None:
    sentence = (
        "Die Kommentare der Bürger zur neuen Städtepartnerschaft mit Nottingham waren "
        "beim Empfang im Rathaus durchweg positiv, und die Gäste brachten Cookies mit."
    )
    assert _flags(f"{PROSE} {sentence}") == dict.fromkeys([*_texts(PROSE), sentence], False)


def test_contact_heading_box_ends_at_blank_line() -> None:
    flags = _flags(
        f"{PROSE}\nAnsprechpartner\nErika Muster\nReferat Europa\n\nNeue Partnerschaft mit Lyon"
    )
    assert flags["Ansprechpartner"] and flags["Erika Muster"] and flags["Referat Europa"]
    assert not flags["Neue Partnerschaft mit Lyon"]


def test_glued_advert_label_and_photo_caption_are_boilerplate() -> None:
    caption = "Der Bürgermeister begrüßt die Gäste aus Lyon. | Foto: Stadt"
    flags = _flags(f"{PROSE}\nLokalesAnzeige\n{caption}")
    assert flags["LokalesAnzeige"] and flags[caption]


# --- normalize_text -----------------------------------------------------------------------------


def test_normalize_converts_crlf_and_cr_to_lf() -> None:
    assert normalize_text("Eins\r\nZwei\rDrei") == "Eins\nZwei\nDrei"


def test_normalize_strips_trailing_blanks_and_collapses_blank_lines() -> None:
    assert normalize_text("\n\n Eins \t\n\n\n\n\nZwei  \n \n\t\nDrei\n\n") == "Eins\n\nZwei\n\nDrei"


def test_normalize_keeps_quotes_dashes_and_inner_spaces() -> None:
    text = '„Zitat“ – "quote" ‚x‘ a\xa0b  c'
    assert normalize_text(text) == text


def test_normalize_applies_nfc() -> None:
    assert normalize_text("Ko\u0308ln") == "Köln"


def test_normalize_drops_characters_a_reader_never_sees() -> None:
    # Soft hyphens, zero-width space, joiner and non-joiner, a bidirectional override, a BOM.
    raw = "\ufeffDie Dele\u00adgation aus Karls\u200bruhe\u200d reiste \u202enach\u202c Lyon\u200c."
    assert normalize_text(raw) == "Die Delegation aus Karlsruhe reiste nach Lyon."


@pytest.mark.parametrize(
    "raw",
    [
        "a \xa0 \r\n\r\n\r\n b\t\r",
        " \u0301a \n \n \n",
        "Zeile\n\xa0\n\n\n\nZeile ",
        *(path.read_text(encoding="utf-8") for path in SEED_FILES),
    ],
)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once


# --- html_to_text -------------------------------------------------------------------------------


def _check_article_page(result: str) -> None:
    assert ARTICLE_SENTENCE in result
    for unwanted in ("Startseite", "Impressum", "Skriptausgabe", "color: red"):
        assert unwanted not in result


def test_html_to_text_returns_article_not_nav_or_footer() -> None:
    _check_article_page(html_to_text(ARTICLE_PAGE))


def test_html_to_text_fallback_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "_trafilatura_extract", lambda: None)
    result = html_to_text(ARTICLE_PAGE)
    _check_article_page(result)
    assert result == normalize_text(result)


def _broken_extract(*args: object, **kwargs: object) -> str:
    raise ValueError("broken page")


def _broken_loader() -> Callable[..., str]:
    return _broken_extract


def test_html_to_text_falls_back_when_trafilatura_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "_trafilatura_extract", _broken_loader)
    _check_article_page(html_to_text(ARTICLE_PAGE))


@cases("html")
def test_html_to_text_without_text_returns_empty(html: str) -> None:
    assert html_to_text(html) == ""


@pytest.mark.parametrize(
    "html",
    ["</p></div><", "<p><b>Unclosed <i>tags", "\x00<p>x", "<<<>>>", "<p>" * 2000],
)
def test_html_to_text_never_raises_on_malformed_html(html: str) -> None:
    assert isinstance(html_to_text(html), str)


def test_html_to_text_accepts_encoding_declaration() -> None:
    page = (
        "<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>Grüße aus Köln</p></body></html>"
    )
    assert html_to_text(page) == "Grüße aus Köln"


# --- decoding bodies as browsers do -------------------------------------------------------------


def test_a_declared_charset_is_obeyed_and_a_wrong_one_refused() -> None:
    from api.language.text import decode_body

    assert decode_body("Grüße".encode("latin-1"), "iso-8859-1", html=False) == "Grüße"
    with pytest.raises(UnicodeDecodeError):
        decode_body("Grüße".encode("latin-1"), "utf-8", html=False)


def test_an_undeclared_body_is_utf8_if_it_decodes_else_windows_1252() -> None:
    from api.language.text import decode_body

    assert decode_body("Städtepartnerschaft – 1969".encode(), None, html=False) == (
        "Städtepartnerschaft – 1969"
    )
    # windows-1252, as German pages from older systems are: the en dash is 0x96 there.
    assert decode_body("Städtepartnerschaft – 1969".encode("cp1252"), None, html=False) == (
        "Städtepartnerschaft – 1969"
    )
    assert decode_body("\ufeffBürger".encode("utf-8"), None, html=False) == "Bürger"


def test_an_html_page_is_read_in_the_charset_its_meta_tag_names() -> None:
    from api.language.text import decode_body

    page = '<html><head><meta charset="iso-8859-15"></head><body>Preis: 5 €, Grüße</body></html>'
    assert "5 €, Grüße" in decode_body(page.encode("iso-8859-15"), None, html=True)
    old_style = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<p>Oberbürgermeister</p>"
    )
    assert "Oberbürgermeister" in decode_body(old_style.encode("cp1252"), None, html=True)
    # A page that names a charset its bytes are not in is read as if it named none.
    lying = '<meta charset="utf-16"><p>Grüße</p>'.encode()
    assert "Grüße" in decode_body(lying, None, html=True)


def test_a_roman_numeral_without_an_article_can_end_a_sentence() -> None:
    assert _texts("Es sprach Papst Johannes Paul II. Danach folgt der Empfang.") == [
        "Es sprach Papst Johannes Paul II.",
        "Danach folgt der Empfang.",
    ]


@cases("line, heading")
def test_a_line_without_final_punctuation_is_a_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading
