"""The article's own place, and the partnerships, visitors and alliances its sentences state
in passing.

News about twinning is written from one town: the town whose paper or site it is, or where
the reported event happens. Its sentences name the partner and leave the owner implied: "die
Delegation besuchte die Partnerstadt X", "Gäste aus den Partnerstädten X und Y", "our twin
town X". A partner noun ("Partnerstadt", "twin town", "sister city") before a name states a
partnership between that name and its owner: the owner named in the genitive ("Mannheims
Partnerstadt X", "Leeds's twin town X"), else the one town the clause names before the noun
("Erftstadt ist mit den Partnerstädten X und Y verbunden"), else the article's own place.

The article's own place is the town its dateline names ("Mosbach. (pm) Auf Einladung ...",
"Karlsruhe – Die Stadt ..."), else the first town it names at least twice: news names its
own town first (in the headline, the dateline or the lead: "Leeds adds Lille to its list of
twin towns") and again later, while a partner may be named more often in the body. With no
such town, nothing is inferred. A town is named by its name or by its German -er word ("die
Ulmer Delegation", "führte Ulmer nach China"). A name counts as a town where the gazetteer
knows it by name or the sentence presents it as a place, and not where it names a thing
after an article ("in der Mitte"), is a name the text gives a person ("Cllr Preston") or
only starts a longer name ("San Gimignano").

Visitors in passing: a sentence of a visit that lists other towns beside its origin
("delegates from Denver (USA) and Kunming (China)") tells of their people's visit too.

A stay's length in passing: an article that reports one visit may give its length where it
no longer names it ("Während ihres dreitägigen Aufenthalts konnten die Gäste ..."): a length
before a noun for a stay or journey is that visit's, when the article names one such length.

Alliances in passing: a sentence that names a network by its proper name and states that a
place belongs to it ("Ravensburg ist seit 2019 Mitglied im Klima-Bündnis") tells of that
network, where the model may pass over it; verification reads it as it reads the model's.
"""

from __future__ import annotations

import collections
import re

from api.extraction.verify import Verifier, listed_origins, names_a_thing
from api.language.dates import is_calendar_word
from api.language.lexicon import BOTH_TOWNS, STOPWORDS, base_title, binds_other_parties
from api.language.membership import network_names, states_membership
from api.language.names import fold
from api.language.numbers import stay_length
from api.language.place_names import PLACE_KIND_WORDS, places_named, towns_named
from api.language.placehood import (
    BODY_WORD,
    is_person_name,
    lower_case_words,
    person_name_words,
    presents_place,
)
from api.language.places import is_organisation, located_end, lookup, resolve_place
from api.language.text import Sentence, is_heading
from schemas.contract import Partnership, Place, Span, Visit
from schemas.llm import FEW, AllianceMention

# Nouns for a partner town, in German (inflected, plural) and English; "Freundschaft" ones
# name a friendship, the others a twinning.
PARTNER_NOUN = re.compile(
    r"(?P<noun>\b(?:Partner|Schwester|Freundschafts)"
    r"(?:stadt|städte|städten|gemeinde|gemeinden|kommune|kommunen)\b"
    # A twinning of towns "with" a place: "die Städtepartnerschaft mit X", "twinning with X",
    # "sister city relationships with X".
    r"|(?i:\b(?:sister|twin|partner)[\s-]+(?:city|cities|town|towns)\s+"
    r"(?:relationships?|partnerships?|agreements?|ties|links?|status)\s+with\b)"
    # An agreement of friendship or partnership "with" a place: "a friendship agreement with
    # X", "den Partnerschaftsvertrag mit X", "ein Freundschaftsabkommen mit X".
    r"|(?i:\bfriendship\s+(?:agreements?|pacts?|ties|links?|relationships?)\s+with\b)"
    r"|\b(?:Partnerschafts|Freundschafts)(?:vertrag|vertrages|vertrags|abkommen|vereinbarung)"
    r"\s+mit\b"
    r"|(?i:\b(?:twin|sister|partner|friendship)[\s-]+(?:towns?|city|cities|municipalit(?:y|ies))\b)"
    r"|\b(?:Städtepartnerschaft|Gemeindepartnerschaft|Städtefreundschaft)(?:en)?\s+mit\b"
    # A partnership or friendship "with" a name, which a town takes without an article: "die
    # Partnerschaft mit Halle", "der Freundschaft zu Panketal", "partnership with both X and Y".
    r"|\b(?:Partnerschaft|Freundschaft)(?:en)?\s+(?:mit|zu)(?=\s+[A-ZÄÖÜ])"
    r"|(?i:\bpartnerships?\s+with)(?=\s+(?:both\s+)?[A-Z])"
    r"|(?i:\b(?:town\s+)?twinning\s+(?:agreement\s+)?with\b)"
    r"|(?i:\b(?:twinned|twin(?:ning)?\s+links?|twin\s+relationships?)\s+with\b))"
)
# A postposed genitive owner and the partner in apposition before the noun: "Qingdao,
# chinesische Freundschaftsstadt Mannheims".
APPOSITION_PARTNER = re.compile(
    r"([A-ZÄÖÜ][\w\-’']*(?:\s+[A-ZÄÖÜ][\w\-’']*)?),\s+(?:[a-zäöüß]+\s+)?$"
)
# What may stand between the noun and the list: an adjective or a noun of place ("twinning
# with French town, X", "mit der französischen Stadt X"), or the comma of an apposition
# ("Leeds's twin town, Dortmund, ...").
BEFORE_LIST = re.compile(
    r",?\s+(?:(?:of|von|to)\s+)?(?:(?:the|der|die|den|dem|its|their|our|seiner|ihrer)\s+)?"
    r"(?:[a-zäöü][\w\-]*\s+|[A-Z][a-z]+\s+(?=town|city|village|Stadt|Gemeinde))?"
    r"(?:(?:town|city|village|Stadt|Gemeinde),?\s+)?"
)
# The owner in the genitive before the noun: "Mannheims Partnerstadt", "Leeds's twin town",
# with an adjective between: "Mannheims französische Partnerstadt", "Leeds's German twin
# town" (English adjectives of nationality are capitalised, and end as these do).
GENITIVE_OWNER = re.compile(
    r"([A-ZÄÖÜ][\w\-]*?)(?:s|'s|’s|')\s+"
    r"(?:(?:[a-zäöüß][\w\-]*|[A-Z][a-z]+(?:an|ish|ese|ch|ic|ss))\s+)?$"
)
# A run of capitalised words after the noun (a name with up to three more words).
NAME_RUN = re.compile(
    r"[A-ZÄÖÜ][\w\-’'.]*(?:\s+(?:[A-ZÄÖÜ][\w\-’'.]*|d'\w+|(?:del|des|de|di|du|la|le|les|en|sur"
    r"|sous|an der|am|im|ob der|upon|on)\b)){0,4}"
)
# What joins the names of a list after the noun.
LIST_JOINER = re.compile(r"\s*(?:,|\bund\b|\bsowie\b|\band\b|&)\s*")


# A capitalised word of German formed from a town's name with -er: the indeclinable adjective
# ("die Ulmer Delegation") or the noun for its people ("führte Ulmer nach China").
TOWN_ADJECTIVE = re.compile(r"(?<![\w\-])([A-ZÄÖÜ][a-zäöüß]{2,})er(?![\w\-])")


# A dateline opens a news text with the place it reports from, before the first sentence:
# "Mosbach. (pm) Auf Einladung ...", "Karlsruhe – Die Stadt ...", "Schrobenhausen (spe) Für
# ...", "Forchheim, Deutschland - Eine ...", or a line of its own: "Mosbach." A name of
# capitalised words, which may be linked ("Neustadt an der Weinstraße").
DATELINE = re.compile(
    r"^(?P<name>[A-ZÄÖÜ][\w\-’']*(?:(?: an der| am| im| ob der)? [A-ZÄÖÜ][\w\-’']*){0,2})"
    r"(?:, [A-ZÄÖÜ][\w]+)?(?:(?P<line>\.$)|\.?\s+\(\w+\)|\s+[-–—]\s)"
)
# How many of the first sentences of the body may hold the dateline (a photo's caption or a
# line of the page may stand before it).
DATELINE_SENTENCES = 3


def article_place(sentences: list[Sentence]) -> Place | None:
    """The town of the article's dateline; else the first town the prose names twice, by its
    name or its -er adjective; else None."""
    return _dateline_place(sentences) or _named_twice(sentences)


def _dateline_place(sentences: list[Sentence]) -> Place | None:
    """The town, district or region a dateline names at the start of one of the body's first
    sentences (a headline has no final punctuation and holds none). A name alone on its
    line must be one the gazetteer knows, or a compound of such names: a short line may be
    a subheading ("Fazit.")."""
    body = [s for s in sentences if not s.boilerplate and not is_heading(s.text)]
    for sentence in body[:DATELINE_SENTENCES]:
        match = DATELINE.match(sentence.text)
        if match is None or base_title(match.group("name").split()[0]):
            continue  # "Bürgermeisterin Anna Berg (SPD) hat ...": a person, not a dateline
        name, alone = match.group("name"), match.group("line") is not None
        place = resolve_place(name, presented=not alone or _compound_of_places(name))
        if place is not None and place.kind in ("city", "district", "region"):
            return place
    return None


def _compound_of_places(name: str) -> bool:
    """Whether a name joins two or more names of places the gazetteer knows with hyphens, as
    German names a merged town or district after its parts ("Tempelhof-Schöneberg",
    "Villingen-Schwenningen", "Garmisch-Partenkirchen")."""
    parts = name.split("-")
    return len(parts) > 1 and all(part[:1].isupper() and resolve_place(part) for part in parts)


def _named_twice(sentences: list[Sentence]) -> Place | None:
    """The first town the prose names twice, by its name or its -er adjective; else None."""
    prose = " ".join(sentence.text for sentence in sentences)
    common, people = lower_case_words(prose), person_name_words(prose)
    counts: collections.Counter[str] = collections.Counter()
    places: dict[str, Place] = {}
    for sentence in sentences:
        if sentence.boilerplate:
            continue
        text = sentence.text
        named = [
            (text.find(name), _town_named(text, name, common, people))
            for name in places_named(text, common)
        ]
        named += [
            (match.start(), _town_of_adjective(match.group(1)))
            for match in TOWN_ADJECTIVE.finditer(text)
        ]
        for _, place in sorted(named, key=lambda found: found[0]):
            if place is None:
                continue
            key = fold(place.name)
            places.setdefault(key, place)
            counts[key] += 1
    first = next((key for key in places if counts[key] >= 2), None)
    return places[first] if first else None


def _town_of_adjective(stem: str) -> Place | None:
    """The town a -er word is formed from ("Ulm" of "Ulmer"), if the gazetteer knows it by
    that name alone."""
    place = resolve_place(stem)
    return place if place is not None and place.kind == "city" and place.name == stem else None


def _town_named(
    sentence: str, name: str, common: frozenset[str], people: frozenset[str]
) -> Place | None:
    """The town or district a name of the sentence is: one the gazetteer knows by its name, or
    one the sentence presents as a place ("aus X", "die Gemeinde X"); never a thing called so
    after an article ("in der Mitte"), nor a name the text gives a person ("Cllr Preston")
    unless the sentence presents it as a place."""
    presented = presents_place(sentence, name, common)
    place = None if is_person_name(name, people) and not presented else resolve_place(name)
    if place is None and presented:
        place = resolve_place(name, presented=True)
    if place is None or place.kind not in ("city", "district"):
        return None
    if place.name == name and names_a_thing(sentence, name):
        return None  # "in der Mitte"; "die Stadt Mosbach" writes more than the name
    if not re.search(rf"(?<![\w\-'’]){re.escape(name)}(?![\w\-])(?!\s+[A-ZÄÖÜ])", sentence):
        return None  # only part of a longer name: "San Gimignano", "d'Alba", "Westbury Town"
    return place


def partners_in_passing(
    sentence: str, home: Place | None, text: str = ""
) -> list[tuple[Place, Place, str]]:
    """(owner, partner, kind) for each partner noun of the sentence that a name follows;
    `text` is the article's (a town named before the noun owns it if the article names it
    at least twice, and it is no word the article writes in lower case)."""
    found = []
    for match in PARTNER_NOUN.finditer(sentence):
        noun = fold(match.group("noun"))
        kind = "friendship" if "freundschaft" in noun or "friendship" in noun else "twinning"
        before, after = sentence[: match.start()], sentence[match.end() :]
        if _in_a_proper_name(match.group("noun"), before):
            continue
        postposed = _postposed_owner(before, after)
        if postposed is not None:
            found.append((*postposed, kind))
            continue
        owner = _genitive_owner(before) or _named_before(before, text) or home
        owning = _owner_after(after)
        if owning is not None:
            owner, after = owning
        for partner in _names_after(after):
            if owner is None or partner.kind == "country":
                continue  # twinning binds municipalities and regions, not states
            if fold(partner.name) != fold(owner.name):
                found.append((owner, partner, kind))
    return found


# English nouns of a partner town, which English writes in lower case as common nouns.
ENGLISH_PARTNER_NOUN = re.compile(r"(?:Sister|Twin|Partner|Friendship)[\s-]+(?:Cit|Town|Munic)")


def _in_a_proper_name(noun: str, before: str) -> bool:
    """Whether an English partner noun is capitalised inside its sentence, which makes it part
    of a name ("a project funded by Sister Cities International"), not a statement of a
    twinning. German capitalises every noun, so this holds for English only."""
    return bool(before.strip()) and ENGLISH_PARTNER_NOUN.match(noun) is not None


def partnerships_in_passing(verifier: Verifier) -> list[Partnership]:
    """The partnerships that the shown sentences state with a partner noun; the owner not
    named is the article's own place (`verifier.home`). Not in a sentence about a partnership
    of schools or clubs ("the school's partnership with X"). A partner the article names by
    the start of a name it also gives whole ("Viry" of "Viry Châtillion") is the whole."""
    found = []
    for number in verifier.stating("partnership"):
        sentence = verifier.shown[number].text
        if binds_other_parties(sentence):
            continue
        found += [
            ([number], *partnership)
            for partnership in partners_in_passing(sentence, verifier.home, verifier.text)
        ]
        before = verifier.shown.get(number - 1)
        if before is not None:
            found += [
                ([number - 1, number], *partnership)
                for partnership in partners_by_reference(sentence, before.text, verifier.common)
            ]
    partners = [partner for _, _, partner, _ in found]
    return [
        Partnership(
            places=[owner, _whole(partner, partners)],
            kind=kind,
            status="existing",
            since=None,
            topics=[],
            evidence=verifier.spans(numbers),
        )
        for numbers, owner, partner, kind in found
    ]


def partners_by_reference(
    sentence: str, before: str, common: frozenset[str] = frozenset()
) -> list[tuple[Place, Place, str]]:
    """(owner, partner, kind) for a partnership the sentence states with "the two towns" the
    sentence before it names (`before`), other than the towns it names itself: "Dort trafen
    sie Partner aus Chisinau und Klaipeda. Mit den beiden Städten unterhalten sowohl Qingdao
    als auch Mannheim eine Partnerschaft." binds Qingdao and Mannheim each to both. Where the
    sentence names no town, the two towns are partners of each other ("Die beiden Städte
    verbindet seit 1990 eine Partnerschaft"). Nothing where the sentence before names other
    than two such towns."""
    if BOTH_TOWNS.search(sentence) is None:
        return []
    owners = towns_named(sentence, common)
    referred = [town for town in towns_named(before, common) if town not in owners]
    if len(referred) != 2:
        return []
    kind = "friendship" if "freundschaft" in fold(sentence) else "twinning"
    if not owners:
        return [(referred[0], referred[1], kind)]
    return [(owner, partner, kind) for owner in owners for partner in referred]


def _whole(partner: Place, partners: list[Place]) -> Place:
    """The partner by the longest name of `partners` that its name starts ("Viry Châtillion"
    for "Viry"): a gazetteer may know the start of a name the text writes whole."""
    words = partner.name.split()
    longer = [
        other
        for other in partners
        if len(other.name.split()) > len(words) and other.name.split()[: len(words)] == words
    ]
    return max(longer, key=lambda other: len(other.name), default=partner)


def _postposed_owner(before: str, after: str) -> tuple[Place, Place] | None:
    """(owner, partner) for "X, Partnerstadt Ys": the name after the noun is a genitive of a
    place, and the partner stands before, in apposition."""
    genitive = re.match(r"\s+([A-ZÄÖÜ][\w\-]*?)s\b", after)
    partner = APPOSITION_PARTNER.search(before)
    if genitive is None or partner is None:
        return None
    owner = resolve_place(genitive.group(1))
    other = resolve_place(partner.group(1), presented=True)
    if owner is None or other is None or "country" in (owner.kind, other.kind):
        return None
    return owner, other


# A town's genitive right after the partner noun, and the verb or colon before its list:
# "Weitere Partnerstädte Lüneburgs sind A, B und C", "die Partnerstädte Ulms: A und B".
OWNER_AFTER = re.compile(
    r"\s+([A-ZÄÖÜ][\w\-]*?)s\s*(?::|\s(?:sind|ist|waren|war|hei(?:ß|ss)en|lauten)\b)"
)


def _owner_after(after: str) -> tuple[Place, str] | None:
    """(owner, the words after its verb) where the partner noun is followed by a town's
    genitive and a verb or colon: the town owns the partners its list names ("Partnerstädte
    Lüneburgs sind Clamart und Tiverton"); the genitive is no partner."""
    match = OWNER_AFTER.match(after)
    if match is None or lookup(match.group(1) + "s") is not None:
        return None  # "Die Partnerstadt Reims ist ...": a name that ends in "s"
    owner = resolve_place(match.group(1))
    if owner is None or owner.kind == "country":
        return None
    return owner, after[match.end() :]


def _named_before(before: str, text: str) -> Place | None:
    """The one town the clause names before the partner noun: its subject or topic ("Erftstadt
    ist bereits mit den Partnerstädten A und B verbunden"), if the article names it again;
    None if the clause names none or several."""
    clause = re.split(r"[;:]|,\s+(?:die|der|das|which|who)\b", before)[-1]
    common = lower_case_words(text)
    towns = {}
    for name in places_named(clause, common):
        place = resolve_place(name)
        recurring = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)) >= 2
        if place is not None and place.kind in ("city", "district") and recurring:
            towns[fold(place.name)] = place
    return next(iter(towns.values())) if len(towns) == 1 else None


def _genitive_owner(before: str) -> Place | None:
    match = GENITIVE_OWNER.search(before)
    if match is None or fold(match.group(1)) in STOPWORDS:
        return None
    place = resolve_place(match.group(1))
    return place if place is not None and place.kind != "country" else None


def _names_after(rest: str) -> list[Place]:
    """The places a list right after a partner noun names: 'X', 'X und Y', 'of X, Y and Z'."""
    places: list[Place] = []
    position = BEFORE_LIST.match(rest)
    at = position.end() if position else 0
    while True:
        run = NAME_RUN.match(rest, at)
        if run is None:
            return places
        first = run.group().split()[0].rstrip(".,;:")
        if is_organisation(first) or BODY_WORD.fullmatch(first):
            return places  # "the Sister City Initiative": a programme, not a place
        end = located_end(rest, run.end())
        joiner = LIST_JOINER.match(rest, end)
        after = joiner.end() if joiner is not None and joiner.end() > end else None
        # A list's names end where its joiners stand: a run that another name follows after
        # a joiner is a name whole ("A, Viry Châtillion und B"); no noun stands between.
        listed = after is not None and NAME_RUN.match(rest, after) is not None
        place = _place_of_run(run.group(), listed)
        if place is None or fold(run.group()) in PLACE_KIND_WORDS:
            return places  # "Partnerstadt der Metropolregion": a kind of place, not a name
        places.append(place)
        if after is None:
            return places
        at = after


def _place_of_run(run: str, listed: bool = False) -> Place | None:
    """The place a run of capitalised words names: cut at its first function or calendar
    word ("Lyon im Mai" is Lyon); the whole run if the gazetteer knows it, it is a name
    qualified by a linking word ("Oberwald am See", "Chateau du Loir") or it is an item of a
    list (`listed`); else its longest start that the gazetteer knows (a German noun may
    follow a name: "Partnerstadt Lyon Anfang Mai"); else the whole run, which the partner
    noun presents as a place."""
    words: list[str] = []
    for word in (word.rstrip(".,") for word in run.split()):
        if is_calendar_word(word) or (word[:1].isupper() and word.lower() in STOPWORDS):
            break
        words.append(word)
    while words and not words[-1][:1].isupper():
        words.pop()  # a linking word left at the end ("Lyon im")
    if not words:
        return None
    whole = " ".join(words)
    linked = any(not word[:1].isupper() for word in words)
    if lookup(whole) is not None or linked or listed:
        return resolve_place(whole, presented=True)
    for size in range(len(words) - 1, 0, -1):
        name = " ".join(words[:size])
        if lookup(name) is not None:
            return resolve_place(name, presented=True)
    return resolve_place(whole, presented=True)


# A town receiving a group from a place, its subject: "Ulm empfing eine Delegation aus Lyon",
# "am Montag empfing Ulm eine Gruppe aus Lyon", "nachdem Ulm eine Delegation aus dem Piemont
# empfangen hatte", "Leeds welcomed a delegation from Lille". The host's name stands right
# before the group, or before the finite verb and an adverb or a time ("am Montag").
GROUP_RECEIVED = re.compile(
    r"(?P<host>[A-ZÄÖÜ][\w\-’']*(?:\s+[A-ZÄÖÜ][\w\-’']*){0,2})\s+"
    r"(?:(?:empfing|empfängt|begrüßte|begrüßt|hat|hatte|haben|hatten|has|had)\s+)?"
    r"(?:(?:received|welcomed|hosted)\s+)?(?:(?:am|an|im|on|last|this)\s+\w+\s+|[a-zäöüß]+\s+)?"
    r"(?:eine|die|a|an|the)\s+(?:[a-zäöüß]+\s+)?"
    r"(?:Delegation|Abordnung|Besuchergruppe|Reisegruppe|Gruppe|delegation|group)\s+"
    r"(?:aus|from)\s+(?:(?:dem|der|den|the)\s+)?(?:[a-zäöüß]+\s+)?"
    r"(?P<origin>[A-ZÄÖÜ][\w\-’']*(?:\s+[A-ZÄÖÜ][\w\-’']*)*)"
)
# A verb of receiving guests, which the group's clause must hold.
RECEIVING_VERB = re.compile(
    r"\b(?:empfing|empfängt|empfangen|begrüßte|begrüßt|begrüßen|received|welcomed|hosted)\b"
)
# Where a clause ends: the verb of receiving must stand in the group's own clause.
CLAUSE_END = re.compile(r"[,;:]|\s[-–—]\s")


def visits_received_in_passing(verifier: Verifier) -> list[Visit]:
    """Visits a sentence states by a town receiving a group from another place, which the
    model may pass over beside a visit the sentence states in full ("Nachdem Kriens eine
    Delegation aus dem Piemont empfangen hatte, weilte jetzt eine Krienser Delegation in
    ..."): the group came from that place to the town. Only where the verb of receiving
    stands in the group's clause, the host is a town and the origin a place."""
    found = []
    for number in verifier.stating("visit"):
        sentence = verifier.shown[number].text
        for match in GROUP_RECEIVED.finditer(sentence):
            start = max(
                (end.end() for end in CLAUSE_END.finditer(sentence, 0, match.start())), default=0
            )
            end = CLAUSE_END.search(sentence, match.end())
            clause = sentence[start : end.start() if end else len(sentence)]
            host = _town_ending(match.group("host"))
            origin = _known_place(match.group("origin"))
            if not RECEIVING_VERB.search(clause) or host is None or origin is None:
                continue
            if fold(host.name) != fold(origin.name):
                found.append(
                    Visit(from_place=origin, host_place=host, evidence=verifier.spans([number]))
                )
    return found


def _known_place(run: str) -> Place | None:
    """The place the gazetteer knows by the longest start of a run of capitalised words
    ("Lyon Anfang Mai": Lyon); none for a body of people ("aus der Verwaltung")."""
    words = run.split()
    for size in range(len(words), 0, -1):
        place = resolve_place(" ".join(words[:size]))
        if place is not None:
            return place
    return None


def _town_ending(run: str) -> Place | None:
    """The town a run of capitalised words ends with ("Nachdem Kriens": Kriens)."""
    words = run.split()
    for start in range(len(words)):
        place = resolve_place(" ".join(words[start:]))
        if place is not None and place.kind in ("city", "district"):
            return place
    return None


def co_travellers(visit: Visit) -> list[Visit]:
    """Visits of the other towns a sentence of the visit lists beside its origin ("delegates
    from Denver (USA) and Kunming (China) … in Nairobi": Kunming's people came too), to the
    same host, on the same date; nothing for countries, which a list of delegates' homelands
    names without making each a party."""
    if visit.from_place is None or visit.host_place is None:
        return []
    origin, host = fold(visit.from_place.name), fold(visit.host_place.name)
    found: dict[str, Visit] = {}
    for span in visit.evidence:
        for names in listed_origins(span.text):
            if origin not in {fold(name) for name in names}:
                continue
            for name in names:
                place = resolve_place(name)
                if place is None or place.kind != "city" or fold(place.name) in (origin, host):
                    continue
                found.setdefault(fold(place.name), _co_visit(visit, place))
    return list(found.values())


def _co_visit(visit: Visit, origin: Place) -> Visit:
    """The same event for another party: its date and evidence, none of its people."""
    return Visit(
        from_place=origin,
        host_place=visit.host_place,
        start=visit.start,
        end=visit.end,
        date_text=visit.date_text,
        evidence=list(visit.evidence),
    )


def stay_length_in_passing(
    visits: list[Visit], sentences: list[Sentence]
) -> tuple[Span, int] | None:
    """The sentence (as a span) and the length of stay it names for the article's one visit;
    None when the article reports several visits, the visit has its length, or the article
    names different lengths."""
    if len(visits) != 1 or visits[0].duration_days is not None:
        return None
    named = [
        (sentence, days)
        for sentence in sentences
        if not sentence.boilerplate and (days := stay_length(sentence.text)) is not None
    ]
    if len({days for _, days in named}) != 1:
        return None
    sentence, days = named[0]
    return Span(start=sentence.start, end=sentence.end, text=sentence.text), days


def alliances_in_passing(verifier: Verifier) -> list[AllianceMention]:
    """The networks a sentence names and states a membership of ("Ravensburg ist seit 2019
    Mitglied im Klima-Bündnis", "Saida became a member of the Regional Healthy City
    Network"), as mentions for verify_alliance, which reads their members and joinings from
    every sentence that names them, as it does the model's: the model passes over some."""
    stating: dict[str, list[int]] = {}
    for number, sentence in verifier.shown.items():
        for name in network_names(sentence.text):
            if states_membership(sentence.text, name, by_apposition=False):
                stating.setdefault(name, []).append(number)
    return [
        AllianceMention(
            sentences=numbers[:FEW],
            name=name,
            founded_text="",
            founding_event="",
            members=[],
            joined=[],
        )
        for name, numbers in stating.items()
    ]
