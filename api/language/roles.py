"""Roles in a visit: who led the travelling party, and who received it on the host's side.

A report of a visit names both sides, and a small model lists everyone it sees as a leader.
What the sentence says decides the side of a person:

- a title that names a town puts the person on that town's side: "Eisenstadts Bürgermeister
  X", "der Bürgermeister von Y, X", "the Mayor of Y, X", "der Yer Bürgermeister X";
- who is governed by words of leading ("unter der Leitung von X", "led by X") leads;
- the one who receives, welcomes or hosts is the host: the subject of such a verb ("X
  empfing die Gäste", "X welcomed the delegation"; in German also after the verb: "im
  Rathaus empfing Oberbürgermeister X die Gäste") or its agent ("wurden von X empfangen",
  "were received by X");
- who invited the visitors is the host: "auf Einladung von X", "at the invitation of X",
  "invited by X", "eingeladen von X";
- who the sentence says was present ("X war auch anwesend", "Anwesend war auch X", "X was
  also present", "X attended", "X nahm daran teil") attended and led nothing;
- everyone else the model named stays a leader of the travelling party;
- and who stands beside a person, on that person's side: joined to them by "gemeinsam
  mit", "zusammen mit", "together with", "along with" ("unter Leitung von X gemeinsam mit
  dem Präsidenten der Bürgerschaft Y"), or listed with two or more of them in one
  enumeration ("mit den Stadträten X, Y und Z, dem früheren Bürgermeister W").
"""

from __future__ import annotations

import itertools
import re

from api.language.lexicon import ARTICLES, base_title
from api.language.names import fold
from api.language.numbers import number_word
from api.language.placehood import DEGREE
from api.language.places import is_organisation, resolve_place
from schemas.contract import Place

# Verbs of receiving, active, as they follow or precede their subject.
_GERMAN_RECEIVING = (
    r"(?:empfing|empfingen|empfängt|begrüßte|begrüßten|begrüßt|hieß|hießen|bewirtete)"
)
_ENGLISH_RECEIVING = r"(?:welcomed|welcomes|received|receives|hosted|hosts|greeted|greets)"
# Participles of receiving in a passive, whose agent is the host.
_PASSIVE = (
    r"(?:empfangen|begrüßt|willkommen geheißen|bewirtet|eingeladen"
    r"|welcomed|received|hosted|greeted|invited)"
)
# Words of leading: who is governed by them leads the travelling party ("unter der Leitung
# von X", "angeführt von X", "led by X").
_LEADING = r"(?:Leitung|Führung|angeführt|geleitet|angeführte|led|headed)\s+(?:von|by|des|der)?"
# Words of inviting, before the inviter ("auf Einladung von X", "invited by X").
_INVITING = (
    r"(?:(?i:auf|nach)\s+(?:die\s+)?Einladung\s+(?:von|des|der|durch)"
    r"|(?i:at|on)\s+the\s+invitation\s+of)"
)
# What may stand between the subject and its verb: an apposition ("X, Bürgermeister von Y,").
_APPOSITION = r"(?:,[^,.;:!?]{0,60},)?\s+"


def is_host_official(
    sentence: str, name: str, role: str | None, host: Place | None, origin: Place | None
) -> bool:
    """Whether the sentence puts this person on the host's side of the visit."""
    title = f"{role or ''} {_words_before(sentence, name)}"
    if origin is not None and _names_town(title, origin.name):
        return False
    if host is not None and _names_town(title, host.name):
        return True
    return receives(sentence, name)


def receives(sentence: str, name: str) -> bool:
    """Whether the person is the one who receives, welcomes or hosts in the sentence."""
    written = r"\s+".join(re.escape(word) for word in name.split())
    if _led_by(sentence, name):
        return False
    subject = rf"{written}{_APPOSITION}(?:{_GERMAN_RECEIVING}|{_ENGLISH_RECEIVING})\b"
    agent = rf"\b(?:von|by)\s+(?:[^,.;:!?]{{0,50}}\s)?{written}\b[^.;!?]{{0,60}}\b{_PASSIVE}\b"
    agent_first = rf"\b{_PASSIVE}\s+(?:von|by)\s+(?:[^,.;:!?]{{0,50}}\s)?{written}\b"
    # Only titles and articles between the words of inviting and the inviter's name.
    inviter = rf"\b{_INVITING}\s+(?:(?:der|des|dem|the|[A-ZÄÖÜ][\w\-.]*)\s+){{0,4}}?{written}\b"
    if any(re.search(pattern, sentence) for pattern in (subject, agent, agent_first, inviter)):
        return True
    # German puts the subject after the verb when something else comes first.
    inverted = rf"\b{_GERMAN_RECEIVING}\s+(?:[A-ZÄÖÜ][\w\-]*\s+){{0,3}}{written}\b"
    subject_first = re.search(rf"^\W*{written}\b", sentence) is not None
    return re.search(inverted, sentence) is not None and not subject_first


# Predicates of presence after their subject, within its clause: "X, Generalkonsul in Y, war
# auch anwesend", "X was also present", "X attended", "X nahm an dem Treffen teil".
_PRESENT_AFTER = re.compile(
    r"^[^.;!?]{0,80}?\b(?:(?:war|waren|ist|sind|was|were|is|are)\s+(?:auch\s+|also\s+|ebenfalls\s+)?"
    r"(?:anwesend|zugegen|present|in attendance)|attended|nahm(?:en)?\b[^.;!?]{0,40}\bteil)\b"
)
# ... and before it, German putting the subject after the verb, with at most three words of
# article and title between: "Anwesend war auch der Konsul X".
_PRESENT_BEFORE = re.compile(
    r"\b(?:anwesend|zugegen)\s+(?:war|waren)\s+(?:auch\s+|ebenfalls\s+)?(?:[\w\-.]+\s+){0,3}$",
    re.I,
)


def only_present(sentence: str, name: str) -> bool:
    """Whether the sentence says of the person only that they were present: they attended,
    and no word of leading governs them."""
    at = sentence.find(name)
    if at < 0 or _led_by(sentence, name):
        return False
    after, before = sentence[at + len(name) :], sentence[:at]
    return bool(_PRESENT_AFTER.search(after) or _PRESENT_BEFORE.search(before))


# Words of accompanying right before a name, with at most three words of article and title
# between: "begleitet von Stadträtin X", "in Begleitung des Kämmerers X", "accompanied by X".
_ACCOMPANYING_BEFORE = re.compile(
    r"\b(?:begleitet\s+von|in\s+Begleitung\s+(?:von|des|der)|accompanied\s+by)\s+"
    r"(?:[\w\-.]+\s+){0,3}$",
    re.I,
)


def accompanies(sentence: str, name: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence has the person accompany a party that someone else leads:
    "Angeführt wurde die Gruppe von Bürgermeister X, begleitet von Stadträtin Y" (Y is of
    the party, not its leader). Where no one else is said to lead, the one accompanying may
    be all the leader the text gives, and stays."""
    at = sentence.find(name)
    if at < 0 or _led_by(sentence, name) or not _ACCOMPANYING_BEFORE.search(sentence[:at]):
        return False
    return any(other != name for _, other in led_people(sentence, common))


def _led_by(sentence: str, name: str) -> bool:
    """Whether words of leading govern the name: "unter der Leitung von X", "led by the
    Mayor X", and fronted, "Angeführt wurde die 18-köpfige Gruppe von Bürgermeister X"."""
    written = r"\s+".join(re.escape(word) for word in name.split())
    leading = rf"(?:\b{_LEADING}\s*|{_GOVERNED_BY_LEADING.pattern})"
    return re.search(rf"{leading}(?:[^,.;:!?]{{0,40}}\s)?{written}\b", sentence) is not None


def _words_before(sentence: str, name: str) -> str:
    """The four words before the name: where a title stands ("Eisenstadts Bürgermeister")."""
    at = sentence.find(name)
    return " ".join(sentence[:at].split()[-4:]) if at >= 0 else ""


def _names_town(title: str, town: str) -> bool:
    """Whether a title names the town: 'Eisenstadts Bürgermeister', 'Mayor of Leeds', 'der
    Eisenstädter Bürgermeister', 'der Bad Kissinger Landrat': the town's -er adjective, where
    -stadt takes an umlaut and a final -en gives way to -er."""
    folded, key = fold(title), fold(town)
    if not key:
        return False
    adjectives = {key + "er", key.replace("stadt", "staedt") + "er"}
    if key.endswith("en"):
        adjectives.add(key[:-2] + "er")  # "Bremen" -> "Bremer"
    forms = [re.escape(key) + "(?:s|'s)?", *(re.escape(form) for form in adjectives)]
    return re.search(rf"\b(?:{'|'.join(forms)})\b", folded) is not None


# Words that join a second person to one the sentence names, on the same side.
_JOINED = re.compile(r"\s*,?\s+(?:(?:gemeinsam|zusammen)\s+mit|together\s+with|along\s+with)\s+")
# What ends a phrase naming a person: a mark of punctuation, or a word in lower case that is
# no article or linking word of a role ("der Präsident der Bürgerschaft", "Mayor of Leeds").
_ROLE_LINKS = {"der", "des", "dem", "den", "die", "of", "the", "for", "fuer"}
# Words that stand before a role: prepositions, possessives ("mit seiner Stellvertreterin").
_BEFORE_ROLE = {
    "mit",
    "von",
    "with",
    "by",
    "his",
    "her",
    "their",
    "its",
    "sein",
    "seine",
    "seinem",
    "seinen",
    "seiner",
    "ihr",
    "ihre",
    "ihrem",
    "ihren",
    "ihrer",
}
# Words of a role that English writes in lower case ("Vierzon's deputy mayor X"), folded;
# the titles themselves are in api/language/lexicon.py.
_ROLE_WORDS = {"deputy", "vice", "acting", "former", "lord", "lady", "chief", "executive"}
_PHRASE_END = re.compile(r"[,;:.!?()\[\]\"„“”]")
# What separates the members of an enumeration.
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:und|sowie|and|as well as)\s+")
# What bounds an enumeration: a parenthesis, a colon, a semicolon, the end of the sentence.
_LIST_BOUND = re.compile(r"[():;]|[.!?](?:\s|$)")
# A person's name ends a phrase with its given name and surname.
NAME_WORDS = 2
# How many more given names a name may have after a title ("Knud Erik Langhoff").
MORE_GIVEN_NAMES = 2
# Capitalised particles that start a surname (folded): "Le Goff", "De Rosa", "Van Dijk".
SURNAME_PARTICLES = {
    "le",
    "la",
    "de",
    "di",
    "da",
    "du",
    "del",
    "della",
    "van",
    "von",
    "dos",
    "al",
    "el",
}


def person_ending(
    phrase: str, common: frozenset[str] = frozenset()
) -> tuple[str | None, str] | None:
    """The person a phrase names at its end, as (the role written before the name, or None;
    the name): "dem Präsidenten der Bürgerschaft Peter Paul" -> ("Präsidenten der
    Bürgerschaft", "Peter Paul"), "Councillor Jane Doe" -> ("Councillor", "Jane Doe"). The
    name is the last two capitalised words, a given name and a surname. None where the
    phrase ends otherwise: with a group counted ("sechs Alphornbläsern der Alphorn
    Vereinigung"), an organisation ("Vertreter der Hochschule Stralsund"), a place ("der Stadt
    Lyon"), a title and a surname alone ("Bürgermeister Berg"), or words the text also writes
    in lower case (`common`: "Granard Town Twinning", where it writes "town twinning")."""
    words = phrase.split()
    if words and number_word(words[0]) is not None:
        return None  # "sechs Alphornbläser", "25 Schüler": a group, counted
    size = NAME_WORDS
    # A surname may start with a particle that takes the given name before it ("Marie Le Goff").
    while size < len(words) and fold(words[-size]) in SURNAME_PARTICLES:
        size += 1
    name_words = words[-size:]
    if len(name_words) < NAME_WORDS or not all(_capitalised(word) for word in name_words):
        return None
    name = " ".join(name_words)
    if any(base_title(word) for word in name_words) or is_organisation(name):
        return None
    if any(word.lower() in common for word in name_words):
        return None  # a word the text writes in lower case is a noun ("Town Twinning")
    # A surname may be a town's name too ("Anna Berg"); the two words together are a place
    # where the gazetteer knows them ("Bad Kissingen", "der Stadt Lyon").
    if resolve_place(name) is not None:
        return None
    # The role follows the article or preposition: "mit dem früheren Gemeindepräsidenten".
    role_words = list(itertools.dropwhile(_no_role_word, words[:-size]))
    role_words = [word for word in role_words if not DEGREE.fullmatch(word)]  # no office
    # Capitalised words right after the role's last title are more given names: "Kolding's
    # mayor Knud Erik Langhoff", "Bürgermeister Hans Peter Kurz".
    titles = [at for at, word in enumerate(role_words) if base_title(word)]
    given = role_words[titles[-1] + 1 :] if titles else []
    if given and len(given) <= MORE_GIVEN_NAMES and all(_capitalised(w) for w in given):
        role_words, name = role_words[: titles[-1] + 1], " ".join([*given, name])
    return " ".join(role_words) or None, name


def led_people(sentence: str, common: frozenset[str] = frozenset()) -> list[tuple[str | None, str]]:
    """The people the sentence's words of leading govern ("unter der Leitung von
    Partnerschaftsbeauftragtem X", "angeführt von Bürgermeister Y", "led by Mayor Z"), as
    (role, name): they lead the travelling party, whether or not the model named them."""
    found = []
    for match in _GOVERNED_BY_LEADING.finditer(sentence):
        person = person_ending(_phrase_from(sentence[match.end() :]), common)
        if person is not None:
            found.append(person)
    return found


# Words of leading with the preposition that governs who leads: "unter der Leitung von X",
# "angeführt von X", "led by X" (in "X led a delegation" the leader is the subject). A German
# passive may put its participle first and the subject between it and "von": "Angeführt
# wurde die Delegation von X", "Geleitet wird die Gruppe von X"; or, as usual, last, after
# the agent: "Die Gruppe wurde von X angeführt".
_GOVERNED_BY_LEADING = re.compile(
    r"\b(?:(?:Leitung|Führung)\s+(?:von|des|der)"
    r"|(?:[Aa]ngeführt|[Gg]eleitet)\s+(?:(?:wurde|wird|wurden|werden)\s+(?:[\w\-]+\s+){0,4}?)?von"
    r"|(?:wurde|wird|wurden|werden)\s+von(?=\s+[^,.;:!?]{0,60}\s(?:angeführt|geleitet)\b)"
    r"|(?:led|headed)\s+by)\s+"
)


# The agent of a passive of receiving, up to its first word: "Die Gäste wurden am Nachmittag
# von Bürgermeister X im Rathaus empfangen", with the participle first "Empfangen wurden die
# Gäste von X", and in English "were welcomed at the town hall by Mayor X". The words up to
# the German participle are the group "between": an agent of leading stands there ("wurde von
# X angeführt und im Rathaus empfangen").
_RECEIVED_BY = re.compile(
    r"\b(?:wurde|wurden|wird|werden|worden)\b[^.;!?]*?\bvon\s+"
    r"(?=(?P<between>[^;!?]{0,140}?)\b(?:empfangen|begrüßt|willkommen geheißen|bewirtet)\b)"
    r"|\b(?:[Ee]mpfangen|[Bb]egrüßt)\s+(?:wurde|wird|wurden|werden)\s+(?:[\w\-]+\s+){0,4}?von\s+"
    r"|\b(?:welcomed|received|hosted|greeted)\s+(?:[^,.;:!?]{0,60}?\s)?(?<!led\s)(?<!headed\s)by\s+"
)
_LEADING_PARTICIPLE = re.compile(r"\b(?:angeführt|geleitet|angeführte|geleitete)\b")
# A verb of receiving in the active, after its subject ("Bürgermeister X empfing die Gäste")
# or, German putting the subject after the verb, before it ("Im Rathaus empfing
# Bürgermeister X die Gäste").
_RECEIVING_VERB = re.compile(rf"\b(?:{_GERMAN_RECEIVING}|{_ENGLISH_RECEIVING})\b")
_GERMAN_RECEIVING_VERB = re.compile(rf"\b{_GERMAN_RECEIVING}\s+")
# The subject before the verb: the clause's words before it (a degree's dot, "Dr.", stays in
# it), and an apposition between them ("X, die neue Bürgermeisterin, begrüßte alle").
_SUBJECT_BEFORE = re.compile(r"(?:^|[,;:]\s*)([^,;:!?]*?)(,[^,.;:!?]{0,60},)?\s*$")
# A role with its name after a comma: "the Mayor of Bedford, Dave Hodgson".
_ROLE_THEN_NAME = re.compile(r"^([^,.;:!?]{2,60}),\s+(.*)$")
# People received, within four words after English "received" ("received the delegation
# from Lyon", "received them"), which may also receive a thing ("received a plaque").
_PEOPLE_AFTER = re.compile(
    r"\s+(?:[\w\-']+\s+){0,3}?(?:them|him|her|delegat\w*|visitors?|guests?|group|party|team"
    r"|mayors?|students|pupils|councillors|officials|representatives|members)\b",
    re.IGNORECASE,
)
# An academic degree's dot, which is no end of a phrase: "Dr." in "Bürgermeister Dr. X".
_DEGREE_DOT = re.compile(r"\b((?i:dr|prof|ing|dipl)[\w\-]*)\.")
_AND = re.compile(r",?\s+(?:und|and|sowie)\s+")
# How many words after a German verb of receiving its subject may take.
SUBJECT_WORDS = 6


def received_people(
    sentence: str, common: frozenset[str] = frozenset()
) -> list[tuple[str | None, str]]:
    """The people the sentence says received, welcomed or hosted the visitors, as (role,
    name): the agent of a passive of receiving ("wurden von Bürgermeister X empfangen",
    "were welcomed by the Mayor of Bedford, Dave Hodgson"), the subject of an active one with
    a role ("Bürgermeister X empfing die Gäste", "Im Rathaus empfing Bürgermeister X die
    Gäste", "X, die neue Bürgermeisterin, begrüßte alle"), and who the sentence joins to
    them ("zusammen mit der Fahrtenleiterin Y"). Nobody whom words of leading govern."""
    sentence = _DEGREE_DOT.sub(r"\1", sentence)  # "Dr." ends no phrase
    found: list[tuple[str | None, str]] = []
    for match in _RECEIVED_BY.finditer(sentence):
        if _LEADING_PARTICIPLE.search(match.group("between") or ""):
            continue  # "wurde von X angeführt und im Rathaus empfangen": X led
        person = _person_at(sentence[match.end() :], common)
        if person is not None:
            found.append(person)
    for match in _RECEIVING_VERB.finditer(sentence):
        if match.group().startswith("receive") and not _PEOPLE_AFTER.match(sentence, match.end()):
            continue  # "The mayor received a plaque": a thing, not visitors
        person = _subject_before(sentence[: match.start()], common)
        if person is None and _GERMAN_RECEIVING_VERB.match(sentence, match.start()):
            person = _subject_after(sentence[match.end() :], common)
        if person is not None and not _led_by(sentence, person[1]):
            found.append(person)
    for _, name in list(found):
        found += joined_people(sentence, name, common) + _and_person(sentence, name, common)
    return list({fold(name): (role, name) for role, name in found}.values())


def _and_person(sentence: str, name: str, common: frozenset[str]) -> list[tuple[str | None, str]]:
    """A second person with a role, joined to the named one by "und", "and", "sowie" ("von
    Bürgermeisterin X und Landrat Y empfangen", "by the Mayor, X, and the chairman of the
    association, Y")."""
    rest = _after_joined(sentence, name, _AND)
    person = _person_at(rest, common) if rest is not None else None
    return [person] if person and person[0] else []


def _subject_before(text: str, common: frozenset[str]) -> tuple[str | None, str] | None:
    """The subject that ends the text, with a role before its name or in an apposition
    after it ("Bürgermeister X", "X, die neue Bürgermeisterin,"): two capitalised words
    alone may be anything that starts a clause ("Am Samstag empfing ...")."""
    subject = _SUBJECT_BEFORE.search(text)
    if subject is None:
        return None
    person = person_ending(subject.group(1).strip(), common)
    apposition = subject.group(2) or ""
    if person is None or not (person[0] or any(base_title(w) for w in apposition.split())):
        return None
    # A role is capitalised words and their links ("Präsident der Bürgerschaft"): a lower
    # case word else ("Sie wurden im Rathaus von ...") is a clause, not its subject.
    role_words = (person[0] or "").split()
    if any(not _capitalised(w) and fold(w) not in _ROLE_LINKS for w in role_words):
        return None
    return person


def _person_at(text: str, common: frozenset[str]) -> tuple[str | None, str] | None:
    """The person a text starts with: "Bürgermeister X im Rathaus ..." or a role and the
    name after a comma, "the Mayor of Bedford, Dave Hodgson, ..."."""
    person = person_ending(_phrase_from(text), common)
    apposed = _ROLE_THEN_NAME.match(text)
    if person is not None or apposed is None:
        return person
    words = apposed.group(1).split()
    role = " ".join(itertools.dropwhile(_no_role_word, words))
    named = person_ending(_phrase_from(apposed.group(2)), common)
    # A role is a title ("the Mayor of Leeds") or a noun after an article ("the chairman
    # of the association"); a place before a comma is none ("aus Lyon, X").
    titled = any(base_title(word) for word in role.split())
    if named is None or not (titled or fold(words[0]) in ARTICLES) or resolve_place(role):
        return None
    return role, named[1]  # the office, not the title before the name ("Councillor")


def _subject_after(text: str, common: frozenset[str]) -> tuple[str | None, str] | None:
    """The subject German puts after its verb, before the object: the longest run of the
    first words that names a person with a role ("Bürgermeister X die Gäste" -> X)."""
    words = _phrase_from(text).split()[:SUBJECT_WORDS]
    for size in range(len(words), NAME_WORDS, -1):
        person = person_ending(" ".join(words[:size]), common)
        if person is not None and person[0]:
            return person
    return None


def joined_people(
    sentence: str, name: str, common: frozenset[str] = frozenset()
) -> list[tuple[str | None, str]]:
    """The people the sentence joins to the named person ("X gemeinsam mit dem Präsidenten
    der Bürgerschaft Y", "led by X together with Councillor Y"), as (role, name)."""
    rest = _after_joined(sentence, name, _JOINED)
    person = person_ending(_phrase_from(rest), common) if rest is not None else None
    return [person] if person else []


def _after_joined(sentence: str, name: str, joiner: re.Pattern[str]) -> str | None:
    """The text after the words that join a second person to the named one ("X zusammen mit
    ...", "X und ..."); None where the name or the joiner is not there."""
    at = sentence.find(name)
    joined = joiner.match(sentence, at + len(name)) if at >= 0 else None
    return sentence[joined.end() :] if joined else None


def listed_people(
    sentence: str, names: list[str], common: frozenset[str] = frozenset()
) -> list[tuple[str | None, str]]:
    """The other people of the enumeration that lists two or more of the named people ("mit
    den Stadträten X, Y und Z, dem früheren Bürgermeister W und sechs Musikern"), each as
    (role, name); nobody where no enumeration lists two of them."""
    found: list[tuple[str | None, str]] = []
    for start, end in _enumerations(sentence):
        items = _LIST_SEPARATOR.split(sentence[start:end])
        if sum(any(name in item for name in names) for item in items) < 2:
            continue
        for item in items:
            person = person_ending(item.strip(), common)
            if person and person[1] not in names and all(n not in item for n in names):
                found.append(person)
    return found


def _enumerations(sentence: str) -> list[tuple[int, int]]:
    """The stretches of a sentence between its bounds (parentheses, colons, semicolons)."""
    cuts = [0, *(m.start() for m in _LIST_BOUND.finditer(sentence)), len(sentence)]
    return [(cuts[i] + (1 if i else 0), cuts[i + 1]) for i in range(len(cuts) - 1)]


def _phrase_from(text: str) -> str:
    """The phrase a text starts with: up to a mark of punctuation or a lower-case word that
    is no word of a role and links none ("dem Präsidenten der Bürgerschaft Peter Paul in
    die ..." -> "dem Präsidenten der Bürgerschaft Peter Paul", "Vierzon's deputy mayor Claire
    Dubois, ..." -> "Vierzon's deputy mayor Claire Dubois")."""
    kept: list[str] = []
    for word in _PHRASE_END.split(text, maxsplit=1)[0].split():
        named = any(_capitalised(seen) for seen in kept)
        in_role = fold(word) in _ROLE_LINKS or fold(word) in _ROLE_WORDS or base_title(word)
        if named and not word[:1].isupper() and not in_role:
            break
        kept.append(word)
    return " ".join(kept)


def _no_role_word(word: str) -> bool:
    """An article, preposition or possessive before a role: "mit", "dem", "seiner", "the"."""
    return fold(word) in _ROLE_LINKS or fold(word) in _BEFORE_ROLE


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()
