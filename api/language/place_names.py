"""Place names in a sentence: the runs of capitalised words that name places, as written."""

from __future__ import annotations

import re

from api.language import dates
from api.language.lexicon import STOPWORDS
from api.language.names import fold
from api.language.placehood import presents_place
from api.language.places import is_organisation, names_by_demonym, resolve_place, vocabulary
from schemas.contract import Place

# Words for a kind of place, which alone name none ("Ruhrgebiet" is a region word and a name).
PLACE_KIND_WORDS = frozenset(
    fold(word)
    for word in [*vocabulary()["region_words"], *vocabulary()["district_words"], "Stadt"]
    if not word.endswith("gebiet") or word == "Gebiet"
)
POSSESSIVE = re.compile(r"['’]s$")
# The lower-case particles of Romance place names, which no German or English function word
# spells: "Mollet del Vallès", "Château du Loir", "Santiago de Compostela", "Castelnuovo di
# Garfagnana" (not "an der", "am": those stop a run, as "in" does).
NAME_PARTICLE = r"(?:del|della|dello|di|da|do|dos|du|de|la|le|les|sur|sous|y)"
# Runs of capitalised words, where place names stand, with particles between them.
CAPITALISED_RUN = re.compile(
    rf"[A-ZÄÖÜ][\w\-’'.]*(?:\s+(?:{NAME_PARTICLE}\s+)?[A-ZÄÖÜ][\w\-’'.]*){{0,2}}"
)
# The most words of a place's name: "Sant Cugat del Vallès".
NAME_WORDS = 4


def whole_name(sentence: str, name: str) -> str | None:
    """The longer name of a place the sentence writes where `name` is only its start, before
    particles and capitalised words ("Mollet" of "Mollet del Vallès"), if that names a place;
    None where the sentence writes no such longer name."""
    pattern = (
        rf"(?<![\w\-]){re.escape(name)}(?:\s+{NAME_PARTICLE}\s+[A-ZÄÖÜ][\w\-’']*"
        rf"(?:\s+[A-ZÄÖÜ][\w\-’']*)?)+"
    )
    for match in re.finditer(pattern, sentence):
        place = resolve_place(match.group())
        if place is not None and place.kind != "other":
            return match.group()
    return None


def places_named(sentence: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Names of places as the sentence writes them ("Fächerstadt" too: verification looks for
    the written name), and countries it names by their adjective. In each run of capitalised
    words the longest names that are places are taken ("Rhein-Kreis Neuss", not "Neuss");
    organisations ("Hannover Messe") are not places, but the town in their name is. Not
    places: capitalised function and calendar words ("Die" and "Mai" are also towns), a word
    starting the sentence that the article also writes in lower case (`common`: "Seit",
    "Dabei"), and a word for a kind of place alone ("Region"). Names of people that are also
    towns ("Julia") stay: the model must not choose them, and verification checks."""
    found: list[str] = []
    for match in CAPITALISED_RUN.finditer(sentence):
        run, starts_sentence = match.group(), not sentence[: match.start()].strip(" \"„“'(")
        # An English possessive is no part of the name ("Schrobenhausen's town hall").
        words = [
            POSSESSIVE.sub("", word)
            for word in run.rstrip(".").split()
            if word.lower() not in STOPWORDS and not dates.is_calendar_word(word)
        ]
        for start, size in _longest_places(words, sentence, common):
            name = " ".join(words[start : start + size])
            if size == 1 and fold(name) in PLACE_KIND_WORDS:
                continue
            if start == 0 and starts_sentence and name.lower() in common:
                continue
            found.append(name)
    countries = dict.fromkeys(vocabulary()["demonyms"].values())
    found += [country for country in countries if names_by_demonym(sentence, country)]
    return list(dict.fromkeys(found))


def _longest_places(
    words: list[str], sentence: str, common: frozenset[str]
) -> list[tuple[int, int]]:
    """(start, size) of the longest runs of words that name a place, left to right: a
    populous place by its name, a small one where the sentence presents it as a place."""
    taken, start = [], 0
    while start < len(words):
        for size in range(min(len(words) - start, NAME_WORDS), 0, -1):
            name = " ".join(words[start : start + size])
            presented = presents_place(sentence, name, common)
            place = None if is_organisation(name) else resolve_place(name, presented)
            if place is not None and place.kind != "other":
                taken.append((start, size))
                start += size
                break
        else:
            start += 1
    return taken


# A German adjective of a town, before a noun: "die Forchheimer Delegation".
TOWN_ADJECTIVE = re.compile(r"\b([A-ZÄÖÜ][\w\-]{2,}?)(an|en)?er\s+[A-ZÄÖÜ]")


def towns_of_adjectives(sentence: str) -> list[tuple[str, list[str]]]:
    """The town adjectives of a sentence, each with the town names it may be made from.
    German makes a town's adjective by adding -er to its name, after leaving out a final -en
    or -n, and for some towns with -aner or -ener ("Forchheim" -> "Forchheimer", "Bremen" ->
    "Bremer", "Kaiserslautern" -> "Kaiserslauterer", "Münster" -> "Münsteraner"). Which of
    the names is a town the caller knows (a gazetteer, the stored facts); a sentence's first
    word is no adjective of a town."""
    found = []
    for match in TOWN_ADJECTIVE.finditer(sentence):
        if not sentence[: match.start()].strip(" \"„“'("):
            continue
        stem, infix = match.group(1), match.group(2) or ""
        word = f"{stem}{infix}er"
        names = [stem + infix, stem + infix + "n", stem + infix + "en"]
        if infix:
            names.append(stem)
        found.append((word, list(dict.fromkeys(names))))
    return found


def towns_named(sentence: str, common: frozenset[str] = frozenset()) -> list[Place]:
    """The towns (no countries) a sentence names, each once, in order."""
    towns: dict[str, Place] = {}
    for name in places_named(sentence, common):
        place = resolve_place(name)
        if place is not None and place.kind != "country":
            towns.setdefault(fold(place.name), place)
    return list(towns.values())
