"""Whether a sentence presents a name as a network that places belong to.

A network's name need hold no network word ("Die Hanse", "Cittaslow", "Mayors for Peace"):
what the sentence says about it decides. A name is a network's when places are members of
it, join it, or founded it, when a noun for a network stands beside it in apposition
("das Netzwerk „X“", "der Städteverbund X", "the X initiative"), or when a copula defines
it as one ("X ist ein globales Netzwerk", "X is an international organisation of cities"):

- German: "Mitglied im/in der/des X", "Gründungsmitglied des X", "trat dem X bei", "ist X
  beigetreten", "der Beitritt zum X", "X-Mitglied";
- English: "member(s) of X", "founding member of X", "joined (the) X", "signatory to X",
  "signed up to X", "X member".

Networks whose members are companies, media, schools or clubs are not alliances of cities,
whatever the sentence says about them.
"""

from __future__ import annotations

import re

from api.language.lexicon import BOTH_TOWNS, STOPWORDS
from api.language.names import fold

_ARTICLE = r"(?:(?:dem|der|den|des|die|das|the)\s+)?(?:[A-ZÄÖÜ]?[a-zäöüß]+\s+){0,2}"
_OPEN, _CLOSE = "[„\"“'«‚]", "[“\"”'»‘]"
_GERMAN = (
    r"\b(?:Gründungs)?[Mm]itglied(?:er|schaft)?\s+(?:im|in\s+der|in\s+dem|des|der|beim|bei\s+der)\s+{name}",
    r"\b(?:trat|tritt|traten|treten)\s+(?:[^.;!?]{{0,60}}\s)?{article}{name}\s+bei\b",
    r"{name}\s+(?:beigetreten|beitreten)\b",
    r"\bBeitritt\s+(?:zum|zur|zu\s+dem|zu\s+der|in\s+den|in\s+die)\s+{name}",
    r"{stem}-Mitglied",
    # "Ulm gehört seit dem 1. Mai dem Netzwerk X an" (a date's dot may stand between)
    r"\b(?:gehört|gehören|gehörte|gehörten)\s+(?:[^;!?]{{0,60}}?\s)?{article}{name}\s+an\b",
    r"{name}\s+(?:angehört|angehören|angehörte|angehörten)\b",
)
# Nouns for a network that name one in apposition: "das Netzwerk „X“", "der Städteverbund X",
# "the X initiative", "the X organisation".
_NETWORK_NOUN = (
    r"(?:\w*[Nn]etzwerk|\w*[Bb]ündnis|\w*[Aa]llianz|\w*[Vv]erband|\w*[Vv]erbund|\w*[Bb]und"
    r"|Vereinigung|Initiative|Organisation|Kampagne)"
)
_ENGLISH_NETWORK_NOUN = (
    r"(?i:network|alliance|association|initiative|organi[sz]ation|league|union|covenant"
    r"|campaign|programme|program)"
)
# A copula defining the name as a network: "X ist ein globales Netzwerk", "X is an
# international organisation of cities".
_DEFINITION = (
    rf"{{name}}\s+(?:ist|war|is|was)\s+(?:ein|eine|einer|an?|the)\s+(?:[\w\-]+\s+){{{{0,10}}}}?"
    rf"(?:{_NETWORK_NOUN}|{_ENGLISH_NETWORK_NOUN})\b",
)
_APPOSITION = (
    rf"\b{_NETWORK_NOUN}\s+(?:(?:die|der|das)\s+)?{{name}}",
    rf"{{name}}\s+{_ENGLISH_NETWORK_NOUN}\b",
    rf"\b{_ENGLISH_NETWORK_NOUN}\s+(?:of\s+)?(?:the\s+)?{{name}}",
)
_ENGLISH = (
    r"(?i:\b(?:founding\s+)?members?(?:hip)?\s+(?:of|in|to))\s+{article}{name}",
    r"(?i:\bjoin(?:ed|s|ing)?)\s+{article}{name}",
    r"(?i:\b(?:signator(?:y|ies)\s+(?:of|to)|signed\s+up\s+to))\s+{article}{name}",
    r"{name}\s+(?i:members?)\b",
)
# Words of a network whose members are not places.
NOT_OF_CITIES = (
    "schule",
    "school",
    "universit",
    "hochschul",
    "college",
    "zeitung",
    "newspaper",
    "media",
    "medien",
    "presse",
    "press",
    "radio",
    "verlag",
    "publisher",
    "unternehmen",
    "company",
    "companies",
    "firmen",
    "club",
    "verein",
)


# A network's common noun standing alone, as the model may give it for a name: "Städteverbund",
# "Netzwerk", "the network" (misspelt too: "Städtenverbund").
BARE_NETWORK_NOUN = re.compile(
    rf"(?:(?:der|das|die|the)\s+)?(?:[A-ZÄÖÜ]?[a-zäöüß]*{_NETWORK_NOUN.replace('(?:', '(?:', 1)}"
    rf"|{_ENGLISH_NETWORK_NOUN})",
)
# The proper name a network's noun stands before: "der Städteverbund die Hanse", "das
# Netzwerk „Mayors for Peace“", "dem Bündnis Klima-Allianz".
_APPOSED_NAME = re.compile(
    rf"\b{_NETWORK_NOUN}\s+(?:(?:die|der|das)\s+)?{_OPEN}?"
    r"([A-ZÄÖÜ][\w\-]*(?:\s+(?:for|of|für|der|the|[A-ZÄÖÜ][\w\-]*)){0,4})"
)


def apposed_name(sentence: str) -> str | None:
    """The name a network's common noun stands before in the sentence, if any."""
    match = _APPOSED_NAME.search(sentence)
    if match is None:
        return None
    name = re.sub(r"\s+(?:for|of|für|der|the)$", "", match.group(1))
    return name


# A network's proper name that is a compound of a network noun after a hyphen ("Klima-Bündnis",
# "Hanse-Netzwerk", "Energy-Cities-Network"): a name, where "Städtebündnis" is a common noun.
_HYPHENATED_NAME = re.compile(
    r"(?<![\w\-])[A-ZÄÖÜ][\w]*(?:-[\w]+)*-(?:Bündnis|Netzwerk|Allianz|Verbund|Verband|Bund"
    r"|Network|Alliance)(?![\w\-])"
)
# An English network's name in title case around its noun: "the Covenant of Mayors", "the
# Healthy Cities Network", "the Pact of Free Cities" (its noun among the capitalised words).
_TITLED_NAME = re.compile(
    r"(?<![\w\-])(?:[A-Z][\w\-]*\s+(?:(?:of|for|the|and)\s+)*)*"
    r"(?:Network|Alliance|Association|League|Covenant|Pact|Union|Initiative)"
    r"(?:\s+(?:(?:of|for|the|and)\s+)*[A-Z][\w\-]*)*"
)


def network_names(sentence: str) -> list[str]:
    """The proper names of networks a sentence writes: after a network's noun ("dem Netzwerk
    „Mayors for Peace“"), a hyphenated compound of one ("Klima-Bündnis"), a title-case
    English name around one ("the Covenant of Mayors"). The caller checks that the sentence
    states a membership of it (`states_membership`)."""
    found = [apposed_name(sentence), *_HYPHENATED_NAME.findall(sentence)]
    for match in _TITLED_NAME.finditer(sentence):
        words = match.group(0).split()
        while words and words[0].lower() in ("of", "for", "the", "and"):
            words = words[1:]
        if len(words) > 1:
            found.append(" ".join(words))
    return [name for name in dict.fromkeys(found) if name]


def states_membership(sentence: str, name: str, by_apposition: bool = True) -> bool:
    """Whether the sentence says that something is a member of `name`, joined or founded it;
    `by_apposition`: also where it only names `name` a network ("das Netzwerk X", "X ist ein
    Netzwerk"), which tells what `name` is, not that anything belongs to it."""
    name = name.strip()
    if not name or not any(char.isupper() for char in name):
        return False
    written = r"\s+".join(re.escape(word) for word in name.split())
    # "Mitglied der Hanse" also where the model's name kept its article ("Die Hanse").
    bare = re.sub(r"^(?:die|der|das|the)\s+", "", name, flags=re.IGNORECASE)
    names = {written, r"\s+".join(re.escape(word) for word in bare.split())}
    for form in names:
        # The name may stand in quotes: "dem Netzwerk „Mayors for Peace“ beigetreten".
        quoted = rf"{_OPEN}?(?i:{form})(?![\w-]){_CLOSE}?"
        # ... and after a network's noun: "Mitglied im Netzwerk X", "trat dem Bündnis X bei".
        quoted = rf"(?:{_NETWORK_NOUN}\s+(?:(?:die|der|das)\s+)?)?{quoted}"
        naming = (*_APPOSITION, *_DEFINITION) if by_apposition else ()
        for pattern in (*_GERMAN, *_ENGLISH, *naming):
            filled = pattern.format(name=quoted, stem=form, article=_ARTICLE)
            if re.search(filled, sentence):
                return True
    return False


# A membership denied of the name before it, within its clause (folded): "X ist nicht
# Mitglied", "X ist kein Mitglied", "X ist zu groß, um selbst Mitglied zu werden", "X is not
# a member", "X is too big to become a member".
_DENIED_MEMBERSHIP = (
    r"{name}\b[^.;]{{0,60}}?\b(?:nicht|kein\w*|not|no longer|never)\b[^.;]{{0,30}}?"
    r"\b(?:mitglied|member)",
    r"{name}\b[^.;]{{0,60}}?\bzu\s+\w+,?\s+um\s+[^.;]{{0,40}}?\bmitglied\w*\b[^.;]{{0,60}}?"
    r"\bzu\s+werden",
    r"{name}\b[^.;]{{0,60}}?\btoo\s+\w+\s+to\s+(?:become|be)\s+an?\s+member",
)


def denies_membership(sentence: str, name: str) -> bool:
    """Whether the sentence says the place named is no member: "Die Stadt X ist als Stadt
    zu groß, um selbst Mitglied der Vereinigung zu werden", "X is not a member"."""
    folded, key = fold(sentence), re.escape(fold(name))
    return any(re.search(pattern.format(name=key), folded) for pattern in _DENIED_MEMBERSHIP)


def of_other_members(name: str) -> bool:
    """A network of companies, media, schools or clubs, by its own words ("Verein" is a
    club, "Vereinigung" an association of any members)."""
    folded = fold(name)
    return any(re.search(rf"{word}(?!igung)", folded) for word in NOT_OF_CITIES)


# Words of a partnership between two towns: a name made of them names a partnership, not a
# network ("Städtepartnerschaft", "Granard twinning").
PARTNERSHIP_WORDS = re.compile(
    r"partnerschaft|freundschaft|twinning|partnership|friendship|jumelage"
)


def names_a_partnership(name: str) -> bool:
    """Whether the name is a partnership's: its last word is a word of twinning, it names a
    town's twinning body (`TWINNING_BODY`), or it holds one in the singular ("Lyon Sister
    City Initiative" is one twinning's programme; "Sister Cities International" is a
    network)."""
    folded = fold(name)
    words = folded.split()
    if words and PARTNERSHIP_WORDS.search(words[-1]):
        return True
    if TWINNING_BODY.search(folded):
        return True
    return re.search(r"\b(?:sister city|twin town|partner town|partnerstadt)\b", folded) is not None


# A town's own body for its partnerships, a club of its citizens, not a network of towns:
# "Harwick Twinning Association", "Partnerschaftsverein Ulm", "Freundschaftskomitee" (folded).
TWINNING_BODY = re.compile(
    r"(?:twinning|partnership|friendship|partnerschafts|freundschafts|jumelage)\s*"
    r"(?:association|committee|society|club|verein|komitee|ausschuss|kreis|gesellschaft)"
)


def as_written(name: str, text: str) -> str:
    """The name without a generic noun the text writes after it in lower case: "the Mayors
    for Peace organisation" names "Mayors for Peace" (a proper name's words are capitalised)."""
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and re.fullmatch(_ENGLISH_NETWORK_NOUN + "|" + _NETWORK_NOUN, parts[1]):
        core, noun = parts
        if re.search(rf"{re.escape(core)}\s+{re.escape(noun.lower())}\b", text):
            return core
    return name


# Who joins: the subject of a joining verb. In German it stands before the verb ("Ulm tritt
# der Allianz bei", "Ulm ist dem Netzwerk beigetreten", "Ulm wurde in den Bund aufgenommen"),
# right after the finite verb in verb-second order ("Im Mai trat Ulm dem Netzwerk bei", "Am
# Montag ist Ulm ... beigetreten"), or after the conjunction of a subordinate clause ("..., dass
# Ulm dem Netzwerk beigetreten ist"). In English it stands right before the verb ("Leeds joins
# the network", "In 2011 Leeds joined ...", "Leeds has signed up to ..."), never after a
# preposition ("the mayor of Leeds joined" is the mayor). Membership since a date dates the
# joining: "Ulm ist seit 2010 Mitglied der Allianz", in a headline without its verb "Ulm seit
# 23. April Mitglied der Allianz"; "Leeds has been a member of the network since 2010".
# Words that open a sentence before its subject and are no name: function words, and adverbs
# of time and sequence ("Heute tritt ...", "Seit Mai ist ...").
_NOT_A_NAME = STOPWORDS | {
    "beim",
    "seit",
    "nun",
    "jetzt",
    "heute",
    "damit",
    "zudem",
    "außerdem",
    "last",
    "next",
    "since",
    "after",
    "before",
    "now",
    "today",
    "also",
}
_PLACE_WORD = r"[A-ZÄÖÜ][\w’'\-]*"
_PARTICLE = r"(?:an\s+der|am|an|im|upon|on|de|sur|la|le)"
_ONE_PLACE = rf"{_PLACE_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_PLACE_WORD}){{0,2}}"
# A town's own authority ("das Bezirksamt", "der Gemeinderat", "the council"): where it is the
# subject of a joining, the town it governs joins, which is the town the article is about.
AUTHORITY = re.compile(
    r"(?:[Dd]as|[Dd]er|[Dd]ie)\s+(?:Bezirksamt|Stadtverwaltung|Gemeindeverwaltung|Stadtrat"
    r"|Gemeinderat|Bezirksverordnetenversammlung|Kreistag|Landratsamt|Magistrat)"
    r"|(?:[Tt]he)\s+(?:(?:city|town|district|borough|county|parish)\s+)?council"
)
# "Ulm", "Ulm und Kleinfeld", "Ulm, Nordheim and Leeds", "die Stadt Ulm", "the town of Leeds";
# "das Bezirksamt" (AUTHORITY).
_SUBJECT = (
    r"(?:(?:Die|die)\s+(?:Stadt|Gemeinde|Kommune|Region|Landeshauptstadt|Hansestadt)\s+"
    r"|(?:The|the)\s+(?:city|town|borough|district|village)\s+of\s+)?"
    rf"(?P<subject>{AUTHORITY.pattern}|{BOTH_TOWNS.pattern}"
    rf"|{_ONE_PLACE}(?:\s*(?:,|\bund\b|\bsowie\b|\band\b)\s*{_ONE_PLACE})*)"
)
# A focus particle may stand before the subject in the German prefield ("Auch Viborg trat dem
# Bündnis bei", "Nun ist auch Ulm Mitglied" is verb-second and read after the verb).
_FOCUS = r"(?:(?:Auch|Nun\s+auch|Jetzt\s+auch|Inzwischen\s+auch|Ebenfalls)\s+)?"
# Words within one clause; a period after a digit is an ordinal's ("am 28. Juni"), not an end.
_CLAUSE = r"(?:[^.;!?]|(?<=\d)\.){0,80}?"
_SINCE = r"(?P<since>(?:dem\s+|the\s+)?[\w.]+(?:\s+[\w.]+){0,2}?)"
_OPENING = r"^[^.;!?]{1,60}?\s"
# A date after "seit" that holds a number: "2019", "dem 1. Mai", "Mai 2019" (not "Jahren").
_SINCE_A_DATE = (
    r"(?P<since>(?:dem\s+)?(?:[A-ZÄÖÜ][a-zäöü]+\s+)?\d[\w.]*(?:\s+(?!zu\b)[\w.]+){0,2}?)"
)
_GERMAN_JOINING = (
    rf"^{_FOCUS}{_SUBJECT}\s+(?:tritt|trat|treten|traten)\s+{_CLAUSE}\bbei\b",
    rf"^{_FOCUS}{_SUBJECT}\s+(?:ist|sind|war|waren)\s+{_CLAUSE}\bbeigetreten\b",
    rf"^{_FOCUS}{_SUBJECT}\s+(?:wird|wurde|werden|wurden|ist|sind)\s+{_CLAUSE}\b(?:neu\s+)?aufgenommen\b",
    rf"\b(?:dass|nachdem|weil|als|seit|seitdem|da)\s+{_SUBJECT}\s+{_CLAUSE}"
    r"\b(?:beitritt|beitrat|beitraten|beigetreten\s+(?:ist|sind|war|waren)"
    r"|aufgenommen\s+(?:wird|wurde|wurden|worden))\b",
    rf"^{_FOCUS}{_SUBJECT}\s+(?:(?:ist|sind|war|waren)\s+)?seit\s+{_SINCE}\s+(?:neues\s+)?(?:Gründungs)?Mitglied\b",
    rf"^{_FOCUS}{_SUBJECT}\s+(?:ist|sind|war|waren)\s+(?:bereits\s+)?Mitglied\s+{_CLAUSE}\bseit\s+{_SINCE}(?=[\s,;!?]|\.?$)",
    rf"^{_FOCUS}{_SUBJECT}\s+(?:gehört|gehören|gehörte|gehörten)\s+seit\s+{_SINCE_A_DATE}"
    rf"\s+(?:dem|der|den)\s+{_CLAUSE}\ban\b",
)
_NOT_AFTER_PREPOSITION = (
    r"(?<!\bof\s)(?<!\bfrom\s)(?<!\bin\s)(?<!\bat\s)(?<!\bto\s)(?<!\bfor\s)(?<!\bby\s)(?<!\bwith\s)"
)
_ENGLISH_JOINING = (
    rf"{_NOT_AFTER_PREPOSITION}\b{_SUBJECT}\s+(?:joins|joined|has\s+joined|have\s+joined"
    r"|signs\s+up\s+to|signed\s+up\s+to|has\s+signed\s+up\s+to|becomes\s+a\s+member"
    r"|became\s+a\s+member|(?:was|has\s+been|were|have\s+been)\s+admitted)\b",
    rf"{_NOT_AFTER_PREPOSITION}\b{_SUBJECT}\s+(?:has|have)\s+been\s+an?\s+member\s+{_CLAUSE}"
    rf"\bsince\s+{_SINCE}(?=[\s,;!?]|\.?$)",
)
# German verb-second order: one phrase before the finite verb, the subject after it; where the
# phrase before it is itself the subject ("Ulm tritt Nordbund bei"), what follows is no subject.
_AFTER_THE_VERB = (
    rf"{_OPENING}(?:tritt|trat|treten|traten)\s+{_SUBJECT}\s+{_CLAUSE}\bbei\b",
    rf"{_OPENING}(?:ist|sind|war|waren)\s+{_SUBJECT}\s+{_CLAUSE}\bbeigetreten\b",
    rf"{_OPENING}(?:wird|wurde|werden|wurden)\s+{_SUBJECT}\s+{_CLAUSE}\b(?:neu\s+)?aufgenommen\b",
)
_JOINING_SUBJECT = tuple(re.compile(pattern) for pattern in (*_GERMAN_JOINING, *_ENGLISH_JOINING))
_JOINING_SUBJECT_AFTER_THE_VERB = tuple(re.compile(pattern) for pattern in _AFTER_THE_VERB)
_SUBJECT_SEPARATORS = re.compile(r"\s*(?:,|\bund\b|\bsowie\b|\band\b)\s*")
# A headline's kicker stands before a dash or a colon: "Neuer Partner - Ulm tritt ... bei".
_KICKER = re.compile(r"\s+[-–—]\s+|:\s+")


def joining_subjects(sentence: str) -> list[tuple[str, str | None]]:
    """The names a sentence gives as joining a network, as written (the caller decides which
    are places; a town's authority, `is_authority`, stands for its town), each with the date
    phrase of a membership "since" a date, if it gives one."""
    found: dict[str, str | None] = {}
    for clause in (clause.strip() for clause in _KICKER.split(sentence)):
        matches = _subjects(clause, _JOINING_SUBJECT) or _subjects(
            clause, _JOINING_SUBJECT_AFTER_THE_VERB
        )
        for match in matches:
            since = match.groupdict().get("since")
            for name in _SUBJECT_SEPARATORS.split(match.group("subject")):
                if name and found.get(name) is None:
                    found[name] = since.rstrip(".") if since else None
    return list(found.items())


# A membership stated of its subject, undated: "Ulm ist Mitglied des Nordbunds", "Ulm gehört
# dem Netzwerk X an", "Leeds is a member of the Pact of Ports".
_MEMBER_SUBJECT = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^{_FOCUS}{_SUBJECT}\s+(?:ist|sind|war|waren)\s+(?:bereits\s+|auch\s+|schon\s+)?"
        r"(?:ein\s+|eines\s+der\s+)?(?:Gründungs)?Mitglied(?:er)?\b",
        rf"^{_FOCUS}{_SUBJECT}\s+(?:gehört|gehören|gehörte|gehörten)\s+(?:(?:bereits|auch|schon)\s+)?"
        rf"(?:dem|der|den)\s+{_CLAUSE}\ban\b",
        rf"{_NOT_AFTER_PREPOSITION}\b{_SUBJECT}\s+(?:is|are|was|were)\s+(?:also\s+|already\s+)?"
        r"(?:a\s+|an\s+)?(?:founding\s+)?members?\s+of\b",
    )
)


def member_subjects(sentence: str) -> list[str]:
    """The names a sentence gives as members of a network, undated, as written: the subject
    of "ist Mitglied", "gehört dem X an", "is a member of" (the caller decides which are
    places)."""
    found: dict[str, None] = {}
    for clause in (clause.strip() for clause in _KICKER.split(sentence)):
        for match in _subjects(clause, _MEMBER_SUBJECT):
            for name in _SUBJECT_SEPARATORS.split(match.group("subject")):
                if name:
                    found.setdefault(name)
    return list(found)


def _subjects(clause: str, patterns: tuple[re.Pattern[str], ...]) -> list[re.Match[str]]:
    """The matches whose subject opens with a name, not a function word ("Im Mai trat ..."),
    or is a town's authority."""
    matches = (match for pattern in patterns for match in pattern.finditer(clause))
    return [
        m
        for m in matches
        if is_authority(m.group("subject"))
        or BOTH_TOWNS.fullmatch(m.group("subject"))
        or m.group("subject").split()[0].lower() not in _NOT_A_NAME
    ]


def is_authority(name: str) -> bool:
    """Whether a joining subject is a town's authority, which stands for the town."""
    return AUTHORITY.fullmatch(name) is not None


# A joining said by its noun, who joins in the genitive or after "von", "of": "die
# Neuaufnahme der Städte Ipswich aus England sowie Tiel und Maasbommel", "der Beitritt der
# Stadt Ulm", "the admission of Leeds and York". A place may be followed by where it lies
# ("Ipswich aus England", "Tiel in the Netherlands").
_WHERE_IT_LIES = rf"(?:\s+(?:aus|in|from)\s+(?:(?:den|der|dem|the)\s+)?{_PLACE_WORD})?"
_NOMINAL_JOINING = re.compile(
    r"\b(?:Neuaufnahme|Aufnahme|Beitritt|admission|accession)\s+"
    r"(?:der|des|von|of)\s+(?P<noun>(?:the\s+)?(?:Städte|Stadt|Gemeinden|Gemeinde|Kommunen"
    r"|Kommune|cities|city|towns|town|municipalities|municipality)\s+(?:of\s+)?)?"
    rf"(?P<names>{_ONE_PLACE}{_WHERE_IT_LIES}"
    rf"(?:\s*(?:,|\bund\b|\bsowie\b|\band\b)\s*{_ONE_PLACE}{_WHERE_IT_LIES})*)"
)


def nominal_joinings(sentence: str) -> list[tuple[str, bool]]:
    """The names a sentence gives as joining by the noun of the joining ("der Neuaufnahme der
    Städte Ipswich sowie Tiel und Maasbommel", "the admission of Leeds"), as written, without
    where they lie, each with whether a noun for towns presents it as a place ("der Städte
    ..."); the caller decides which are places."""
    names: dict[str, bool] = {}
    for match in _NOMINAL_JOINING.finditer(sentence):
        for name in _SUBJECT_SEPARATORS.split(match.group("names")):
            name = re.sub(rf"{_WHERE_IT_LIES}$", "", name).strip()
            if name:
                names.setdefault(name, match.group("noun") is not None)
    return list(names.items())


# A definite noun for the joining at the head of a sentence refers back to the joining the
# sentence before reported, and its date dates that joining: "Ulm tritt der Allianz bei. Die
# offizielle Aufnahme findet am 24. April statt."; "Leeds joins the network. The formal
# admission takes place on 24 April."
_JOINING_REFERRED_BACK = re.compile(
    r"^(?:Die|Der|Das|The)\s+(?:[\w\-]+\s+)?(?:Aufnahme|Beitritt|Eintritt|admission|accession)\b"
)


def refers_back_to_joining(sentence: str) -> bool:
    """Whether the sentence opens with a definite noun for the joining reported before it."""
    return _JOINING_REFERRED_BACK.match(sentence.strip()) is not None
