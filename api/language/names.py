"""Name matching: folding (case, accents, umlauts) and whether a text mentions a name, inflected or not."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
# German inflection and derivation add at most a few letters ("Kölner", "kanadischer").
MIN_STEM = 4


def fold(value: str) -> str:
    """Lower case, umlauts spelled out, accents dropped, punctuation turned into single spaces."""
    value = value.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        value = value.replace(umlaut, spelled)
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(plain))


def words(value: str) -> list[str]:
    return fold(value).split()


def stems(token: str) -> list[str]:
    """The token and its shortenings down to MIN_STEM letters, longest first."""
    if len(token) <= MIN_STEM:
        return [token]
    shortest = max(MIN_STEM, len(token) - 2)
    return [token[:length] for length in range(len(token), shortest - 1, -1)]


def mentions(text: str, name: str) -> bool:
    """True when every word of the name starts a word of the text (allowing inflected endings)."""
    name_words = words(name)
    if not name_words:
        return False
    text_words = words(text)
    return all(_word_present(token, text_words) for token in name_words)


def _word_present(token: str, text_words: list[str]) -> bool:
    if token.isdigit() or len(token) < MIN_STEM:
        return token in text_words
    return any(word.startswith(stem) for stem in stems(token) for word in text_words)


# Between two words of a person's name the text may put a short word: an initial, a degree
# or a particle ("John F. Kennedy", "Ursula von der Leyen").
NAME_GAP_LETTERS = 3
NAME_GAP_WORDS = 2


def names_as_one(text: str, name: str) -> bool:
    """Whether the text writes the name as one name: its words in order, each starting a word
    of the text (inflected: "Weichels"), with no punctuation between them and nothing but
    the rest of a hyphenated word ("Hans" of "Hans-Peter") or up to NAME_GAP_WORDS short words
    in between. "Colm Faughnan Cllrs McGovern" runs two people together that "Colm Faughnan,
    ... Cllrs McGovern" lists apart."""
    wanted = words(name)
    parts = _word_parts(text)
    return bool(wanted) and any(
        _runs_from(wanted, parts, first)
        for first, (part, _, _) in enumerate(parts)
        if _word_present(wanted[0], [part])
    )


def _runs_from(wanted: list[str], parts: list[tuple[str, int, bool]], at: int) -> bool:
    """Whether the name's words follow one another from the word part `at` on."""
    for word in wanted[1:]:
        _, token, stops = parts[at]
        gap = 0
        at += 1
        while at < len(parts) and not _word_present(word, [parts[at][0]]):
            part, in_token, part_stops = parts[at]
            short = len(part) <= NAME_GAP_LETTERS and gap < NAME_GAP_WORDS
            if stops or part_stops or not (in_token == token or short):
                return False
            gap += in_token != token
            at += 1
        if at == len(parts) or stops:
            return False
    return True


def _word_parts(text: str) -> list[tuple[str, int, bool]]:
    """The folded words of a text, each with the number of the token (between spaces) it
    stands in and whether punctuation ends it."""
    parts = []
    for number, token in enumerate(text.split()):
        pieces = words(token)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            parts.append((piece, number, last and bool(re.search(r"[,;:()]$", token))))
    return parts


def contains_phrase(text: str, phrase: str) -> bool:
    """True when the folded phrase occurs in the folded text on word boundaries."""
    folded_phrase = fold(phrase)
    return bool(folded_phrase) and f" {folded_phrase} " in f" {fold(text)} "


def find_span(text: str, phrase: str) -> tuple[int, int] | None:
    """Offsets of the phrase in text, ignoring case; None when it is not there verbatim."""
    if not phrase.strip():
        return None
    match = re.search(re.escape(phrase.strip()), text, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


ACRONYM = re.compile(r"([A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ]?[\w\-]+){0,6})\s+\(([A-ZÄÖÜ]{2,8})\)")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, 'Long Name (LN)' -> {'ln': 'Long Name'}, folded keys."""
    return {fold(short): long for long, short in ACRONYM.findall(text)}


def word_stems(text: str) -> set[str]:
    """The first six letters of each folded word, and of each part of a hyphenated compound
    ("ISA-Mitglieder" holds "isa"): what `alliance_key` compares, inflection aside."""
    folded = fold(text)
    return {word[:6] for word in re.split(r"[\s\-]+", folded) + folded.split() if word}


def alliance_key(name: str, defined_acronyms: dict[str, str]) -> str:
    """Inflection-proof key: 'der Chinesisch-Deutschen Allianz' and 'Chinesisch-Deutsche Allianz' agree."""
    long_name = defined_acronyms.get(fold(name), name)
    words = [word for word in fold(long_name).split() if word not in {"der", "die", "das", "the"}]
    return " ".join(word[:6] for word in words)
