"""The words the service reads German and English news by: what a sentence must contain to
state each kind of fact, words of joining, of kinds of partnership, of titles and of towns,
the names of media, and the function words of questions and search.

Word lists and the patterns made of them live here, so that extraction and answering share
one vocabulary; patterns that belong to one parser's grammar (dates, numbers, boilerplate)
stay beside that parser.
"""

from __future__ import annotations

import re

from api.language.names import fold
from schemas.contract import FactType

# Words that a sentence must contain to state a fact of each kind, folded (api.language.names.fold).
# A leading "~" lets the stem stand inside a compound ("Industriestädteallianz",
# "Städtepartnerschaft"); the others must start a word ("nimmt" but not "übernimmt").
TRIGGERS: dict[FactType, tuple[str, ...]] = {
    "partnership": (
        "~partnerschaft",
        "~partnerstadt",
        "~partnerstaedte",
        "partner",
        "~freundschaft",
        "twin",
        "sister",
        "kooperation",
        "zusammenarbeit",
        "beziehung",
        "abkommen",
        "vereinbarung",
        "cooperat",
        "friendship",
    ),
    "visit": (
        "~delegation",
        "~besuch",
        "reist",
        "gast",
        "gaeste",
        "empf",
        "aufenthalt",
        "visit",
        "trip",
        "travel",
        "kam",
        "kamen",
        "angereist",
        "vertreter",
        "teilnahme",
        "teilgenommen",
        "nimmt",
        "nahm",
        "zeremonie",
        "delegates",
    ),
    "alliance": (
        "~allianz",
        "~buendnis",
        "~netzwerk",
        "network",
        "alliance",
        "~verband",
        "~staedtebund",
        "mitglied",
        "member",
        "beigetreten",
        "beitritt",
        "aufgenommen",
        "union",
        "initiative",
        "gegruendet",
        "founded",
    ),
}


def word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern over folded text: each word starts a word, or with "~" stands anywhere."""
    return re.compile(
        "|".join(
            re.escape(word[1:]) if word.startswith("~") else rf"\b{re.escape(word)}"
            for word in words
        )
    )


TRIGGER_PATTERNS = {kind: word_pattern(words) for kind, words in TRIGGERS.items()}


def has_trigger(sentence: str, kind: FactType) -> bool:
    return TRIGGER_PATTERNS[kind].search(fold(sentence)) is not None


# A thing that "comes" as news, ideas and requests do, as the subject of German "kommen"
# (folded): "Der Anstoß kam aus Frankreich", "die erste Anfrage kam 2019". Such a sentence tells
# of no one travelling. The thing is the subject when an article stands before it: "Auf
# Einladung kam er" (a preposition before it) is a visit. (English "came" states no visit
# here in any use: it is not among the words of visits.)
THING_COMES = re.compile(
    r"\b(?:der|die|das|ein|eine)\s+(?:[a-z]+\s+)?"
    r"(?:impuls|idee|anstoss|anregung|vorschlag|anfrage|einladung|nachricht|antwort|zusage)"
    r"(?:en|n|e|s)?\s+(?:kam|kamen)\b"
)


def states_kind(sentence: str, kind: FactType) -> bool:
    """Whether the sentence has a word that states a fact of this kind, in a use that does:
    a visit is not stated by an idea that came from somewhere."""
    folded = fold(sentence)
    if kind == "visit":
        folded = THING_COMES.sub(" ", folded)
    return TRIGGER_PATTERNS[kind].search(folded) is not None


# Words of founding (folded): "wurde 1990 gegründet", "founded in 1990", and a participle
# before a network's noun, "das 1990 in Frankfurt gegründete Netzwerk" (not "der 2001
# gegründete Verein": what it says was founded must be a network).
# A founding, by the verb or its noun ("gegründet", "seit seiner Gründung", "since its
# launch"), or by the participle before a network's noun ("das 1998 gegründete Netzwerk").
FOUNDED = re.compile(
    r"\b(?:gegruendet|gruendete[nt]?|gruendung\w*|founded|ins leben gerufen|established"
    r"|set up|launch(?:ed)?)\b"
    r"|\bgegruendete[nmrs]?\s+(?:[\w\-]+\s+)?(?:\w*netzwerk|\w*buendnis|allianz|verbund"
    r"|organisation|organization|vereinigung|initiative)\w*\b"
)
# Looser words for a founding: enough to confirm a founding date the model gives, too loose to
# take one from ("entstand 1998", "der 2001 gegründete Verein" is not the network's founding).
FOUNDING_TOLD = re.compile(FOUNDED.pattern + r"|\b(?:entstand(?:en)?|gegruendete[nmrs]?)\b")

JOIN_WORDS = (
    "beigetreten",
    "beitritt",
    "beitreten",
    "tritt",
    "trat",
    "aufgenommen",
    "aufnahme",
    "eintritt",
    "neues mitglied",
    "neu aufgenommen",
    "join",
    "admitted",
    "new member",
)

JOINING = word_pattern(JOIN_WORDS)

# "Wo", "wann und wo", "and where": the answer must name a place or a venue.
WANTS_PLACE = re.compile(r"^\W*(?:wo|where)\b|\b(?:und|and)\s+(?:wo|where)\b", re.I)

# Nouns for a ceremony, folded: a ceremony on the day of a joining is the joining's, and where
# it took place is where the place joined ("Die feierliche Zeremonie fand am 23. April im
# Rahmen der Messe statt").
CEREMONY = re.compile(
    r"\b(?:\w*zeremonie|festakt|feierstunde|\w*feier|unterzeichnung|ceremony|signing"
    r"|celebration)\b"
)

KIND_WORDS = {
    "twinning": (
        "partnerstadt",
        "partnerstaedt",
        "staedtepartnerschaft",
        "partnerschaft",
        "twin",
        "sister",
        "jumel",
    ),
    "friendship": ("freundschaft", "friendship"),
}

# Nouns for a town that a country's adjective may qualify, folded ("ungarischer Partnerstadt").
TOWN_NOUNS = (
    r"(?:partnerstadt|partnerstaedte\w*|partnergemeinde\w*|stadt|staedte\w*|gemeinde\w*"
    r"|kommune\w*|town|city|village|municipality)"
)

# Words in the names of newspapers, broadcasters and agencies, folded.
MEDIA_WORDS = re.compile(
    r"\b(?:\w*zeitung|\w*blatt|newspaper|news|times|post|presse|press|radio|tv|fernsehen"
    r"|rundfunk|verlag|magazin|magazine|media|medien|journal|kurier|anzeiger|nachrichten|agentur)\b"
)

# Nouns for the people who live in or belong to a place: "in X" after one of them says where
# they live, not where anyone went ("community members in Cupertino", "die Bürger in Ulm").
RESIDENTS = re.compile(
    r"\b(?:members|residents|citizens|people|inhabitants|communities|community"
    r"|mitglieder\w*|buerger\w*|einwohner\w*|bewohner\w*|menschen)\s*$"
)

# Words of a group of visitors that a place name or its adjective stands before:
# "the Edinburgh delegation", "Nottinghamer Gäste".
VISITORS = r"(?i:delegation|delegierte|gäste|besucher|vertreter|visitors|delegates)"

TITLES = {
    "herr",
    "frau",
    "mr",
    "mrs",
    "ms",
    "sir",
    "dame",
    "lord",
    "dr",
    "prof",
    "councillor",
    "councellor",
    "counselor",
    "cllr",
    "mayor",
    "buergermeister",
    "buergermeisterin",
    "oberbuergermeister",
    "oberbuergermeisterin",
    "landrat",
    "landraetin",
    "minister",
    "ministerin",
    "staatssekretaer",
    "staatssekretaerin",
    "president",
    "praesident",
    "praesidentin",
    "governor",
    "gouverneur",
    "botschafter",
    "botschafterin",
    "ambassador",
    # Members of a town's council and a district's or Swiss town's mayor
    "stadtrat",
    "stadtraetin",
    "gemeinderat",
    "gemeinderaetin",
    "bezirksbuergermeister",
    "bezirksbuergermeisterin",
    "stadtpraesident",
    "stadtpraesidentin",
    "gemeindepraesident",
    "gemeindepraesidentin",
    "alderman",
    "councilman",
    "councilwoman",
}

# German titles (folded) as English news render them: "Oberbürgermeister" is a Lord Mayor.
TITLES_IN_ENGLISH = {
    "buergermeister": "Mayor",
    "buergermeisterin": "Mayor",
    "oberbuergermeister": "Lord Mayor",
    "oberbuergermeisterin": "Lord Mayor",
    "landrat": "District Administrator",
    "landraetin": "District Administrator",
    "minister": "Minister",
    "ministerin": "Minister",
    "staatssekretaer": "State Secretary",
    "staatssekretaerin": "State Secretary",
    "praesident": "President",
    "praesidentin": "President",
    "gouverneur": "Governor",
    "botschafter": "Ambassador",
    "botschafterin": "Ambassador",
    "stadtrat": "Councillor",
    "stadtraetin": "Councillor",
    "gemeinderat": "Councillor",
    "gemeinderaetin": "Councillor",
    "bezirksbuergermeister": "District Mayor",
    "bezirksbuergermeisterin": "District Mayor",
    "stadtpraesident": "Mayor",
    "stadtpraesidentin": "Mayor",
    "gemeindepraesident": "Mayor",
    "gemeindepraesidentin": "Mayor",
}


def base_title(word: str) -> str | None:
    """A title folded, in its base form also where the word is its genitive, dative or
    plural ("Oberbürgermeisters", "Herrn", "Cllrs"), or a weak noun's "-en" ("des
    Präsidenten"); None for a word that is no title. The written base form is the word
    without its ending (`title_ending`)."""
    ending = title_ending(word)
    return None if ending is None else fold(word)[: len(fold(word)) - ending]


def title_ending(word: str) -> int | None:
    """How many letters of a title's written form are its case or plural ending: 0 for the
    base form, 1 for "-s" or "-n" ("Oberbürgermeisters", "Herrn"), 2 for the "-en" of a
    weak noun ("Präsidenten"); None for a word that is no title."""
    key = fold(word)
    if key in TITLES:
        return 0
    if key[-1:] in ("s", "n") and key[:-1] in TITLES:
        return 1
    if key.endswith("en") and key[:-2] in TITLES:
        return 2
    # A title with a prefix of rank or of time: "Vizebürgermeisterin", "Vize-Präsident",
    # "Altbürgermeister", "Ex-Bürgermeister".
    prefix = RANK_PREFIX.match(key)
    if prefix is not None and prefix.end() < len(key):
        return title_ending(word[prefix.end() :])
    return None


RANK_PREFIX = re.compile(r"(?:vize|alt|ex)-?")


# Roles that are adjectives made nouns ("der Beauftragte", "ein Vorsitzender"), folded: they
# decline as adjectives do, and after a preposition without an article the masculine takes
# the strong dative ("unter der Leitung von Partnerschaftsbeauftragtem Ulrich Schürr").
ADJECTIVAL_ROLES = (
    "beauftragt",
    "vorsitzend",
    "abgeordnet",
    "beigeordnet",
    "angestellt",
    "gesandt",
    "bevollmaechtigt",
    "delegiert",
)


def nominative_role(word: str, article: str = "") -> str:
    """A role as it stands before a name on its own: an adjectival role's strong dative in
    the nominative ("Vorsitzendem" -> "Vorsitzender"); its weak form after the `article`
    before it, by the gender the article shows ("dem Vorsitzenden" -> "Vorsitzender", "der
    Vorsitzenden" -> "Vorsitzende"); any other word as it is."""
    key = fold(word)
    if key.endswith("em") and key[:-2].endswith(ADJECTIVAL_ROLES):
        return word[:-2] + "er"
    if key.endswith("en") and key[:-2].endswith(ADJECTIVAL_ROLES):
        gender = _WEAK_ARTICLES.get(fold(article))
        return word[:-2] + gender if gender else word
    return word


# Articles before an adjectival role's weak "-en" form, and the ending the role takes in the
# nominative by the gender they show: masculine (or neuter) "dem", "den", "des"; feminine "der".
_WEAK_ARTICLES = {"dem": "er", "den": "er", "des": "er", "einem": "er", "einen": "er", "der": "e"}


NOT_TITLES = {
    "die",
    "der",
    "das",
    "den",
    "dem",
    "des",
    "von",
    "mit",
    "bei",
    "fuer",
    "und",
    "the",
    "by",
}

# The words of the domain in German and in English, forms separated by commas: a question in
# one language searches articles in the other by them ("Who received the guests?" finds
# "empfing die Gäste"). Translation equivalents only, no synonyms within a language; each
# side lists the forms that inflection gives (search stems them with a German stemmer, which
# leaves "received" whole). A German noun also stands as the head of a compound
# ("Schüleraustausch" is an "Austausch").
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Besuch, besuchen, besuchte, besucht", "visit, visits, visited, visiting"),
    ("Gast, Gäste, Besucher", "guest, guests, visitors"),
    ("Delegation, Abordnung", "delegation, delegations"),
    ("Delegierte", "delegates"),
    ("empfangen, empfing, Empfang", "received, receive, welcomed, reception"),
    ("Rathaus", "town hall, city hall"),
    ("Bürgermeister, Bürgermeisterin, Oberbürgermeister", "mayor, mayors, mayoress"),
    ("Stadtrat, Gemeinderat", "council, councillor, councillors"),
    (
        "unterzeichnen, unterzeichnete, unterzeichnet, Unterzeichnung, unterschrieben",
        "sign, signed, signing, signatory",
    ),
    ("Vereinbarung, Abkommen, Vertrag", "agreement, treaty"),
    ("Urkunde", "certificate, charter"),
    ("Absichtserklärung", "memorandum of understanding, letter of intent"),
    ("Städtepartnerschaft", "twinning, twinned, town twinning"),
    ("Partnerschaft", "partnership, partnerships"),
    ("Partnerstadt, Partnerstädte", "twin town, sister city, sister cities, partner city"),
    ("Freundschaft", "friendship"),
    ("Zusammenarbeit, Kooperation", "cooperation, collaboration"),
    ("Jubiläum, Jahrestag", "anniversary"),
    ("Geschenk, überreichte, überreicht", "gift, gifts, presented"),
    ("Gemälde", "painting"),
    ("Schüler, Schülerinnen", "pupils, students"),
    ("Schule, Gymnasium", "school"),
    ("Austausch", "exchange"),
    ("Lehrer, Lehrerinnen", "teachers"),
    ("Mitglied, Mitglieder, Mitgliedschaft", "member, members, membership"),
    ("beitreten, beigetreten, Beitritt", "join, joined, joining, accession"),
    ("Aufnahme, aufgenommen", "admission, admitted"),
    ("gründen, gründete, gegründet, Gründung", "founded, founding, foundation, established"),
    ("Netzwerk, Bündnis, Allianz", "network, alliance"),
    ("Einladung, eingeladen", "invitation, invited"),
    ("leitete, Leitung, angeführt", "led, headed, leader"),
    ("Reise, reiste, reisten", "travel, travelled, traveled, trip, journey"),
    ("Ankunft, angekommen", "arrival, arrived"),
    ("Aufenthalt", "stay, stayed"),
    ("Konferenz, Tagung", "conference"),
    ("Land, Länder", "country, countries"),
    ("Gemeinde, Kommune", "municipality, community, local authority"),
    ("Bezirk", "district"),
    ("Landkreis", "county"),
    ("Einwohner", "inhabitants, residents, population"),
    ("Fest, Feier, Festakt, feierten", "festival, celebration, ceremony, celebrated"),
    ("verlängert, erneuert, Erneuerung", "renewed, renewal, extended"),
    ("gültig, Gültigkeit", "valid, validity"),
    ("Vertreter", "representatives"),
    ("Unternehmen, Firmen", "companies, businesses"),
    ("Frieden", "peace"),
    ("Verein", "association, club"),
    ("Mannschaft, Mannschaften", "team, teams"),
    ("Spieler", "players"),
    ("Jugend", "youth"),
    ("früher, ehemals, ehemalige", "former, formerly"),
)

# Words for a venue, which answer "where" as a place's name does ("im Rathaus", "at the
# SeaCity museum"); German compounds end in them ("Festhalle", "Marktplatz").
VENUES = re.compile(
    r"\w*(?:rathaus|schloss|museum|halle|saal|kirche|platz|hotel|messe|stadion|zentrum|theater)\b"
    r"|\b(?:place|hall|church|square|castle|stadium|cent(?:re|er)|theatre|hotel|museum|online)\b",
    re.I,
)

# A polar question opens with its finite verb ("Ist Lyon eine Partnerstadt von Ulm?", "Besteht
# die Partnerschaft noch?", "Did Leeds join the network?"): the auxiliaries, copulas and verbs
# of being, having and existing that open most of them.
POLAR_OPENING = re.compile(
    r"^\W*(?:ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|gibt|gab"
    r"|besteht|bestehen|bestand|bestanden|gehört|gehören|gehörte|gehörten|kann|können"
    r"|is|are|was|were|has|have|had|does|do|did|will|can|could)\b",
    re.I,
)

# Words that say something lasts without end: they answer "how long" without a number
# ("eine unbefristete Urkunde", "valid indefinitely").
UNBOUNDED = re.compile(
    r"\b(?:unbefristet\w*|unbegrenzt\w*|zeitlich unbeschränkt\w*|auf unbestimmte zeit|auf dauer"
    r"|dauerhaft\w*|für immer|indefinite(?:ly)?|unlimited|permanent(?:ly)?|open-ended|for ever"
    r"|forever|no end date|without (?:an )?(?:end|time limit|expiry))\b",
    re.I,
)

ARTICLES = {"der", "die", "das", "den", "dem", "des", "the"}


# A partnership of schools, clubs, companies or churches (folded): "Schulpartnerschaft",
# "Vereinsfreundschaft", "die Partnerschule", "the school's partnership", "partner club".
OTHER_PARTIES = re.compile(
    r"(?:schul|schueler|vereins|club|klub|firmen|unternehmens|hochschul|universitaets|sport"
    r"|kirchen)(?:partnerschaft|freundschaft|partner|austausch)"
    r"|\bpartner(?:schule|verein|club|klub|firma|unternehmen|universitaet|hochschule|kirche)"
    r"|\b(?:school|club|company|university|college|church)(?:\s?s)?\s+"  # folded "school s"
    r"(?:partnership|friendship|exchange|twinning)"
    r"|\bpartner\s+(?:school|club|company|university|college|church)"
    # Pupils on an exchange and the teachers who go with them
    r"|austauschschueler|austauschpartner|gastschueler|begleitlehr|exchange (?:student|pupil)"
)
# A definite reference to two towns named before: "den beiden Städten", "Beide Städte",
# "both towns", "the two cities".
BOTH_TOWNS = re.compile(
    r"\b(?:(?:[Dd]ie|[Dd]en|[Dd]er)\s+beiden|[Bb]eide)\s+(?:Städte|Städten|Gemeinden|Kommunen"
    r"|Orte|Orten)\b|\b(?i:both|the\s+two)\s+(?:cities|towns|municipalities)\b"
)
# Words of a partnership between towns (folded).
TOWN_PARTNERSHIP = re.compile(
    r"staedtepartnerschaft|gemeindepartnerschaft|kommunalpartnerschaft|partnerstadt|partnerstaedt"
    r"|partnergemeinde|partnerkommune|freundschaftsstadt|jumelage|town twinning"
    r"|\btwin(?:ned|ning)?\s+(?:town|city|cities)|\bsister\s+(?:town|city|cities)"
    r"|\bpartner\s+(?:town|city|cities)|\btwinned with"
)


def binds_other_parties(evidence_text: str) -> bool:
    """Whether the evidence speaks of a partnership of schools, clubs, companies or churches,
    and of none between towns: the towns they stand in are not partners."""
    folded = fold(evidence_text)
    return OTHER_PARTIES.search(folded) is not None and TOWN_PARTNERSHIP.search(folded) is None


# Words that carry no topic in German or English questions and articles.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "a an and are as at be by did do does for from had has have how in is it its of on or "
        "that the their this to was were what when where which who whom why will with according "
        "articles article say says said aber als am an auch auf aus bei bis das dass dem den der "
        "des die dies diese dieser ein eine einem einen einer es für hat hatte im in ist mit nach "
        "nicht noch oder sich sie sind so über um und vom von vor war waren was welche welcher "
        "welches wer wie wird wo wurde wurden zu zum zur wann warum wieviel viele werden genannt "
        "nennt artikel laut many much"
    ).split()
)


def _word_set(words: str) -> frozenset[str]:
    """A word list written as text, one space between words."""
    return frozenset(words.split())


# Function words common in both languages tell neither: "Was lobte Frau Zhang an Mannheim?" is
# German although "was" and "an" are English words too.
IN_BOTH = _word_set("was an in so also will")

# Each language's commonest function words.
ENGLISH = (
    _word_set(
        "the a an is are was were who whom whose what when where which how many much did does "
        "do of in and with for from to has have had by at on this that their since"
    )
    - IN_BOTH
)
GERMAN = (
    _word_set(
        "der die das des ist sind war wer was wann wo welche welcher welches wie viele hat den "
        "dem und ein eine einer einem einen mit für von zu zur zum nach auf aus bei sich auch "
        "nicht noch hatte wurde wurden werden seit"
    )
    - IN_BOTH
)


def language_of(question: str) -> str:
    """German or English, by counting the function words only one of them writes; German when
    they tie, as most articles and questions are German."""
    words = [word.lower() for word in re.findall(r"\w+", question)]
    english = sum(word in ENGLISH for word in words)
    german = sum(word in GERMAN for word in words)
    return "en" if english > german else "de"
