"""Article text preparation: normalisation, HTML extraction, sentences and boilerplate flags."""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; ``text == document[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    block: int
    boilerplate: bool


# --- normalisation -----------------------------------------------------------------------------

_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)
_EXCESS_NEWLINES = re.compile(r"\n{3,}")
# Characters a reader never sees: soft hyphens, zero-width spaces and joiners, bidirectional
# controls, byte order marks. They split words for every check ("Dele\u00adgation") and hide
# words from them ("Ig\u200bnore all instructions"), so the stored text goes without them.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


# --- decoding a body -------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# What browsers assume for German and English pages that declare nothing (WHATWG Encoding).
FALLBACK_ENCODING = "windows-1252"


def decode_body(body: bytes, declared: str | None, html: bool) -> str:
    """A text body's characters as a browser reads them: the charset the request declares,
    else a byte-order mark, else (HTML) the page's own `<meta charset>`, else UTF-8 if the
    bytes are UTF-8, else windows-1252. A declared charset that does not fit raises
    UnicodeDecodeError or LookupError."""
    if declared:
        return body.decode(declared)
    for mark, encoding in _BOMS:
        if body.startswith(mark):
            return body.decode(encoding)
    if html and (meta := _META_CHARSET.search(body[:4096])):
        named = meta.group(1).decode("ascii")
        # A meta tag cannot name UTF-16 (its own bytes would not be ASCII): browsers read UTF-8.
        named = "utf-8" if named.lower().startswith("utf-16") else named
        try:
            return body.decode(named)
        except (LookupError, UnicodeDecodeError):
            pass  # a page that lies about its charset: read it as if it said nothing
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode(FALLBACK_ENCODING, errors="replace")


def normalize_text(raw: str) -> str:
    """NFC, no invisible characters, unified newlines, no trailing blanks, at most one empty
    line in a row, trimmed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", raw))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Trailing blanks go first so that blank-only lines count towards the newline runs.
    text = _TRAILING_BLANKS.sub("", text)
    return _EXCESS_NEWLINES.sub("\n\n", text).strip()


# --- HTML --------------------------------------------------------------------------------------

# What a browser never shows, whatever the page's style sheets say: text hidden this way is not
# the article's (pages hide instructions to language models in it).
_NEVER_RENDERED = (
    "//template|//*[@hidden]|//*[contains(translate(@style, ' ', ''), 'display:none')]"
    "|//*[contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)
# Besides never-rendered elements, the fallback drops page chrome (menus, footers, sidebars)
# because it stands in for a main-text extractor, not for a browser.
_HIDDEN = (
    f"{_NEVER_RENDERED}|//head|//script|//style|//noscript|//iframe|//svg|//button|//select"
    "|//nav|//footer|//aside|//header[not(ancestor::article)]|//*[@aria-hidden='true']"
)
_LINE_TAGS = frozenset(
    {
        *("address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol"),
        *("p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul"),
    }
)
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")


def html_to_text(html: str) -> str:
    """Main article text of an HTML page, normalised; "" when the page has no text."""
    if not html or not html.strip():
        return ""
    return normalize_text(_main_text(html) or _visible_text(html))


# trafilatura logs every page it cannot parse as an ERROR; such pages fall back to the
# visible text here, so those lines are noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@functools.cache
def _trafilatura_extract() -> Callable[..., str | None] | None:
    try:
        import trafilatura
    except ImportError:  # trafilatura needs lxml_html_clean, which some installs lack
        return None
    return trafilatura.extract


def _main_text(html: str) -> str:
    extract = _trafilatura_extract()
    if extract is None:
        return ""
    try:
        text = extract(
            _rendered(html),
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            output_format="txt",
        )
    except Exception:  # no documented error contract; malformed pages must not fail the caller
        return ""
    return text or ""


def _rendered(html: str) -> Any:
    """The page's tree without never-rendered elements (the page itself if it does not parse)."""
    root = _parse_html(html)
    if root is None:
        return html
    _drop(root, _NEVER_RENDERED)
    return root


def _visible_text(html: str) -> str:
    root = _parse_html(html)
    if root is None:
        return ""
    _drop(root, _HIDDEN)
    return _render(root)


def _drop(root: Any, xpath: str) -> None:
    for element in root.xpath(xpath):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent


def _parse_html(html: str) -> Any:
    # lxml parses control characters into the tree but then refuses them (ValueError) when
    # drop_tree moves a tail; form feed is HTML whitespace, the others render as nothing.
    html = _XML_INCOMPATIBLE.sub("", html.replace("\f", " "))
    # Bytes plus an explicit encoding, because lxml rejects str input that declares an encoding.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return None


def _render(root: Any) -> str:
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _LINE_TAGS:
            parts.append("\n")
        elif tag in _CELL_TAGS and event == "start":
            parts.append(" ")
        text = element.text if event == "start" else element.tail
        if text:
            parts.append(_HTML_SPACE.sub(" ", text))
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- sentence splitting ------------------------------------------------------------------------

_CLOSERS = "\"'“”‘’«»)]"
_OPENERS = frozenset("„\"“‚'«»")
# The lookahead keeps only terminators followed by whitespace and then a visible character.
_TERMINATOR = re.compile(r"[.!?…]{1,8}[" + re.escape(_CLOSERS) + r"]*(?=\s+(\S))")
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:[zZ]\.\s?B|[uU]\.\s?a|[dD]\.\s?h|i\.\s?A|a\.\s?D|e\.\s?g|i\.\s?e"
    r"|[bB]zw|[cC]a|[uU]sw|[eE]tc|[vV]gl|[gG]gf|[iI]nkl"
    r"|Dr|Prof|St|Nr|Abs|Mio|Mrd|Jh|Mrs?|Ms|No|Hr|Fr"
    # English honorifics before a name: "Hon. Jane Doe", "HE. (His Excellency) John Roe",
    # "Eng." (an engineer, in Commonwealth English), "Cllr.", "Rev.", "Gov.", "Capt."
    r"|Hon|HE|Eng|Cllrs?|Rev|Gov|Sen|Capt|Col|Lt|Sgt"
    # academic degrees, also joined to a title: "Dr.-Ing.", "Dipl.-Kfm.", "Univ.-Prof."
    r"|Ing|Dipl|Univ|Kfm)\."
)
_ORDINAL = re.compile(r"(?<!\w)\d{1,3}$")
# A Roman numeral after an article is an ordinal in a noun phrase, not a sentence's end:
# "aus dem II. Bezirk", "beim XII. Hansetag", "the III. Corps".
_ROMAN_ORDINAL = re.compile(
    r"(?<!\w)(?i:des|der|dem|den|die|das|im|am|zum|zur|beim|vom|ins|the)\s+[IVXLC]{1,6}$"
)
_INITIAL = re.compile(r"(?<![\w.])([^\W\d_])$")


@dataclass(frozen=True)
class _Block:
    index: int
    text: str
    gap_before: bool
    sentences: tuple[tuple[int, int], ...]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, with offsets into it and boilerplate flags."""
    blocks = _blocks(text)
    flags = _boilerplate(text, blocks)
    sentences: list[Sentence] = []
    for block, block_flags in zip(blocks, flags, strict=True):
        for (start, end), flag in zip(block.sentences, block_flags, strict=True):
            sentence = Sentence(len(sentences), start, end, text[start:end], block.index, flag)
            sentences.append(sentence)
    return sentences


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    offset, gap = 0, False
    for line in text.split("\n"):
        if line.strip():
            spans = tuple((offset + lo, offset + hi) for lo, hi in _sentence_spans(line))
            blocks.append(_Block(len(blocks), line.strip(), gap, spans))
            gap = False
        else:
            gap = True
        offset += len(line) + 1
    return blocks


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    cuts = [match.end() for match in _TERMINATOR.finditer(line) if _is_boundary(line, match)]
    spans: list[tuple[int, int]] = []
    for lo, hi in zip([0, *cuts], [*cuts, len(line)], strict=True):
        while lo < hi and line[lo].isspace():
            lo += 1
        while hi > lo and line[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            spans.append((lo, hi))
    return spans


def is_heading(sentence: str) -> bool:
    """A line without a sentence's final punctuation: a headline or a kicker, which sums up
    what the body states ("Ulm seit 3. Mai Mitglied des Nordbunds")."""
    return _FINAL_PUNCT.search(sentence.rstrip()) is None


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    following = match.group(1)
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    if match.group().rstrip(_CLOSERS) != ".":
        return True
    return not _is_abbreviation(line, match.start())


def _is_abbreviation(line: str, dot: int) -> bool:
    # pos/endpos instead of slicing keeps long lines linear; lookbehinds still see before pos.
    lo = max(0, dot - 12)
    if _ORDINAL.search(line, lo, dot) or line[max(0, dot - 3) : dot] in ("str", "Str"):
        return True
    if _ROMAN_ORDINAL.search(line, max(0, dot - 16), dot):
        return True
    initial = _INITIAL.search(line, lo, dot)
    if initial and initial.group(1).isupper():
        return True
    return any(m.start() < dot < m.end() for m in _ABBREVIATION.finditer(line, lo, dot + 6))


# --- boilerplate -------------------------------------------------------------------------------

# Interface text that news prose never contains: marks the whole block at any length.
_STRONG = re.compile(
    r"\bweiterlesen\b|\b(?:mehr lesen|read more)\W*$|\bhochgeladen von\b|\btotop\b"
    r"|\bmelden sie sich (?:jetzt )?(?:kostenlos )?an\b"
    r"|\bfolgen diesem profil\b|\bdiesem profil folgen\b"
    r"|\balle rechte vorbehalten\b|\ball rights reserved\b|^(?:sprung zu[mr]?|skip to)\b"
    r"|\bimpressum\b|©|@\s?(?:19|20)\d\d\b|\|\s*(?:fotos?|bild|quelle)\s*:",
    re.IGNORECASE,
)
# Words that prose may use too: they only mark a short block or a short sentence.
_SOFT = re.compile(
    r"\bdatenschutz|\bakzeptieren\b|\bnewsletter\b|\babonnieren\b|\bkommentare\b|\bcookie"
    r"|^(?:fotos?|bild|bilder|quelle|source|credits?)\s*:|\b(?:telefon|tel|fon|fax|phone)\b"
    r"|\b(?:beitrag|artikel|seite|link|jetzt)\s+teilen\b|^(?:teilen|share)\b|\bshare (?:this|on)\b",
    re.IGNORECASE,
)
# Cookie banners run long, so they are recognised by cookies in a website context instead.
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_WEBSITE = re.compile(
    r"web-?seite|website|\bseite\b|\bsite\b|browser|tracking|akzept|zustimm|einstellung"
    r"|datenschutz|privacy|consent|accept",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:fotos?|bild|bilder|quelle|source|credits?)\s*:|\bhochgeladen von\b|©", re.IGNORECASE
)
_ADVERT = re.compile(r"Anzeige$|^Anzeige\b")  # the label, often glued to a section name
_EMAIL = re.compile(r"[\w.+-]{1,64}(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w.,])(?:\+\d|0)[\d ()/-]{5,24}\d")
_FINAL_PUNCT = re.compile(r"[.!?…][" + re.escape(_CLOSERS) + r"]*$")
_TEASER_END = re.compile(r"(?:\.\.\.|…)$")
_GLUED_CASE = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
_BULLET = re.compile(r"^[•·▪*–-]\s")
_LEAD = " \t\xa0•·▪*–-"
_BOX_HEADING = re.compile(
    r"(?:(?:presse)?kontakte?|ansprechpartner(?:in|innen)?|contacts?|autor(?:in)?|author|verfasser)\b",
    re.IGNORECASE,
)
_TAIL_MARKER = re.compile(
    r"(?:weitere (?:meldungen|beiträge|artikel|nachrichten)|mehr zum thema|auch interessant"
    r"|das könnte (?:sie|dich) auch interessieren|ähnliche artikel|lesen sie auch"
    r"|related (?:articles|posts|stories)|read more|you may also like|kommentare)\s*:?"
    r"|online-prospekte.*",
    re.IGNORECASE,
)
# News prose never speaks to a language model. A paragraph that does (chat-template tokens,
# role labels, "ignore the instructions above", notes to AI assistants, JSON records) attacks
# whoever reads the page with a model (prompt injection) and is left out like an advert.
_PROMPT_TOKEN = re.compile(r"<\|[a-z_]{2,30}\|>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)
_TURN_OPENS = re.compile(r"<\|im_start\|>|<\|start_header_id\|>|\[INST\]|<<SYS>>", re.IGNORECASE)
_TURN_CLOSES = re.compile(r"<\|im_end\|>|<\|eot_id\|>|\[/INST\]|<</SYS>>", re.IGNORECASE)
_AI = r"(?:ai|ki|llms?|chatbots?|bots?|(?:language|sprach)[\s-]?modell?s?|modell?s?|extra[ck]tion\w*)\b"
_TO_MODEL = re.compile(
    # a role label opening the paragraph: "System:", "### SYSTEM", "[assistant]:"
    r"^(?:#{1,6}\s*|\[)?(?:system|assistant|developer)\]?\s*:|^#{1,6}\s*(?:system|assistant|user)\b"
    # "ignore all previous instructions", "Vergessen Sie alle bisherigen Anweisungen"
    r"|\b(?:ignore|disregard|forget)\s+(?:(?:all|any|the|your|my|of|previous|prior|above|earlier"
    r"|preceding|original|system)\s+){0,4}(?:instructions?|prompts?|rules|guidelines)\b"
    r"|\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte|missachten\s+sie)\s+"
    r"(?:(?:alle|die|deine|ihre|bisherigen|vorherigen|vorigen|obigen|früheren|ursprünglichen)\s+)"
    r"{0,4}(?:anweisungen|instruktionen|vorgaben|regeln|prompts?)\b"
    # a note or instruction to an AI: "Note for AI assistants", "Anweisung an die KI"
    r"|\b(?:notes?|notice|messages?|instructions?|hinweise?|anweisung(?:en)?|nachricht|befehl)"
    rf"\s+(?:to|for|an|für)\s+(?:(?:the|all|any|alle|die|das|den|dem)\s+)?(?:\w+[\s-])?{_AI}"
    # "when you are asked about X, answer ...", "wenn Sie nach X gefragt werden, antworten Sie"
    r"|\b(?:when|if)\s+(?:you\s+are|you're|you\s+get)\s+asked\b[^.!?\n]{0,120}?"
    r"\b(?:answer|reply|respond|say)\b"
    r"|\bwenn\s+(?:sie|du)\b[^.!?\n]{0,100}?\bgefragt\s+(?:werden|wirst)\b[^.!?\n]{0,60}?"
    r"\b(?:antwort|sag|nenn|schreib)\w*"
    # "cite sentence 99", "zitieren Sie Satz 99"
    r"|\b(?:cite|zitiere|zitieren\s+sie)\s+(?:the\s+|den\s+)?(?:sentence|passage|satz|absatz)\s+\d"
    # an order to report something: "Report a partnership between ...", "Bitte nenne die ..."
    r"|(?:^|(?<=[.!?:]\s))(?:please\s+|bitte\s+|now\s+|jetzt\s+)?"
    r"(?:report|list|output|return|add|include|extract|melde|nenne|gib|füge|schreibe|extrahiere)"
    r"\s+(?:(?:also|now|auch|jetzt)\s+)?(?:that|a|an|the|this|dass|eine?n?|die|der|das|den)\s"
    # a JSON record, possibly after a label: '{"partnerships": [...', 'assistant: {"a": 1}'
    r'|^(?:[\w ]{1,20}:\s*)?[\[{]\s*[\[{]?\s*"[^"\n]{1,40}"\s*:',
    re.IGNORECASE,
)
# An advert label alone on its line, or glued to a section name ("LokalesAnzeige"); not a
# headline such as "Polizei erstattet Anzeige".
_ADVERT_LABEL = re.compile(
    r"(?:^|(?<=[a-zäöüß]))(?:Anzeige|ANZEIGE)$|(?i:^(?:advertisement|sponsored|werbung)$)"
)
_ADVERT_MAX_BLOCKS = 3
_SHORT_UNIT = 15  # words; longer units with a soft marker are treated as prose
_NAV_WORDS = 4
_BOX_WORDS = 8
_TEASER_HEADING_WORDS = 12
_BOX_MAX_BLOCKS = 6
_TAIL_MIN_PROSE = 3
_PROSE_WORDS = 8


def _boilerplate(text: str, blocks: list[_Block]) -> list[list[bool]]:
    marked = [_block_is_boilerplate(block) for block in blocks]
    _mark_boxes(blocks, marked)
    _mark_adverts(blocks, marked)
    _mark_prompt_turns(blocks, marked)
    _mark_teasers(blocks, marked)
    _mark_galleries(blocks, marked)
    flags = [
        [marked[block.index] or _is_soft_unit(text[lo:hi]) for lo, hi in block.sentences]
        for block in blocks
    ]
    _mark_tail(text, blocks, flags)
    return flags


def _word_count(text: str) -> int:
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def _has_contact_data(text: str) -> bool:
    if _EMAIL.search(text):
        return True
    return any(sum(char.isdigit() for char in m.group()) >= 7 for m in _PHONE.finditer(text))


def _is_soft_unit(text: str) -> bool:
    text = text.lstrip(_LEAD)
    if _word_count(text) >= _SHORT_UNIT:
        return False
    return bool(_SOFT.search(text) or _ADVERT.search(text) or _has_contact_data(text))


def _has_glued_names(text: str) -> bool:
    # Share bars rendered without spaces read like "FacebookTwitterLinkedIn".
    return any(len(_GLUED_CASE.findall(token)) >= 3 for token in text.split())


def _block_is_boilerplate(block: _Block) -> bool:
    text = block.text.lstrip(_LEAD)
    words = _word_count(text)
    return bool(
        _STRONG.search(text)
        or (_COOKIE.search(text) and _WEBSITE.search(text))
        or _is_soft_unit(text)
        or (words < _NAV_WORDS and not _FINAL_PUNCT.search(text))
        or (words < _BOX_WORDS and _has_glued_names(text))
        or _is_addressed_to_model(text)
    )


def _is_addressed_to_model(text: str) -> bool:
    text = _as_read(text)
    return bool(_PROMPT_TOKEN.search(text) or _TO_MODEL.search(text))


# Cyrillic and Greek letters that look like Latin ones ("іnstructions" with a Cyrillic і).
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁАВЕКМНОРСТХІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdABEKMHOPCTXIJSaeikvoptuxABEZHIKMNOPTYX",
)


def _as_read(text: str) -> str:
    """The text as a model reads it, for the checks only: full-width and styled letters
    ("ＳＹＳＴＥＭ", "𝐒𝐲𝐬𝐭𝐞𝐦") and look-alikes from other scripts become plain Latin."""
    return unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)


def _is_box_heading(text: str) -> bool:
    text = text.lstrip(_LEAD)
    head = _BOX_HEADING.match(text)
    if head is None or _word_count(text) >= _BOX_WORDS:
        return False
    rest = text[head.end() :].strip()
    # Either the bare label ("Kontakt", "Autor:") or a label line like "Kontakt zu Jane Doe:".
    return rest in ("", ":") or text.endswith(":")


def _is_short_line(text: str, limit: int) -> bool:
    return _word_count(text) < limit and not _FINAL_PUNCT.search(text)


def _mark_boxes(blocks: list[_Block], marked: list[bool]) -> None:
    """Contact and author boxes: the label plus the short name/department lines after it."""
    for block in blocks:
        if not _is_box_heading(block.text):
            continue
        marked[block.index] = True
        following = blocks[block.index + 1 : block.index + 1 + _BOX_MAX_BLOCKS]
        for position, line in enumerate(following):
            # A blank line after the first entry closes the box, so later headlines survive.
            if (position and line.gap_before) or not _is_short_line(line.text, _BOX_WORDS):
                break
            marked[line.index] = True


def _mark_adverts(blocks: list[_Block], marked: list[bool]) -> None:
    """An advert label on a line of its own ("Anzeige") heads the lines up to the next blank."""
    for block in blocks:
        if not _ADVERT_LABEL.search(block.text.strip(_LEAD + ":")):
            continue
        for line in blocks[block.index + 1 : block.index + 1 + _ADVERT_MAX_BLOCKS]:
            if line.gap_before:
                break
            marked[line.index] = True


def _mark_prompt_turns(blocks: list[_Block], marked: list[bool]) -> None:
    """A chat turn smuggled into an article, from its opening token to its closing one (one
    pass: a page of openings that never close costs no more than any other page)."""
    opened: int | None = None
    for block in blocks:
        text = _as_read(block.text)
        if opened is None and _TURN_OPENS.search(text):
            opened = block.index
        if opened is not None and _TURN_CLOSES.search(text):
            for index in range(opened, block.index + 1):
                marked[index] = True
            opened = None


def _mark_teasers(blocks: list[_Block], marked: list[bool]) -> None:
    """Cut-off teasers for other articles, and the headline line right before each."""
    for block in blocks:
        if not _TEASER_END.search(block.text):
            continue
        marked[block.index] = True
        previous = blocks[block.index - 1] if block.index else None
        if previous and _is_short_line(previous.text, _TEASER_HEADING_WORDS):
            marked[previous.index] = True


def _mark_galleries(blocks: list[_Block], marked: list[bool]) -> None:
    """Bulleted runs that carry a photo credit are gallery captions as a whole."""
    run: list[_Block] = []
    for block in [*blocks, None]:
        if block is not None and _BULLET.match(block.text):
            run.append(block)
            continue
        if any(_CREDIT.search(item.text.lstrip(_LEAD)) for item in run):
            for item in run:
                marked[item.index] = True
        run = []


def _mark_tail(text: str, blocks: list[_Block], flags: list[list[bool]]) -> None:
    """Everything after a "more articles" marker, once enough article prose came before it."""
    prose = 0
    for block in blocks:
        if prose >= _TAIL_MIN_PROSE and _TAIL_MARKER.fullmatch(block.text.lstrip(_LEAD)):
            for later in blocks[block.index :]:
                flags[later.index] = [True] * len(later.sentences)
            return
        prose += sum(
            1
            for (lo, hi), flag in zip(block.sentences, flags[block.index], strict=True)
            if not flag and _word_count(text[lo:hi]) >= _PROSE_WORDS
        )
