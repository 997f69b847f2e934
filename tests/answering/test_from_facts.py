"""What a question asks, as api/answering/from_facts.py reads it: sentences written for these tests."""

from __future__ import annotations

from typing import Any

from api.answering.from_facts import (
    FOUNDED,
    HOW_LONG,
    HOW_OLD,
    JOINED,
    KIND_ASKED,
    PARTNERS,
    TOWNS_TWINNED,
    WHEN,
    WHICH,
    WHICH_TIME,
    SetApart,
    _age_said_after,
    _asked_of_a_visit,
    _asks_beyond,
    _best_source,
    _bound,
    _ends,
    _every_joining,
    _founded,
    _inviter,
    _joined_when,
    _naming,
    _partners,
    _picked_partner,
    _places_written,
    _set_apart,
    _spoken_range,
    _stating_joining,
    _visit_fields,
    _with_time_of_day,
    refers_to_a_network,
    titled,
)
from api.answering.parts import parts_of
from api.knowledge.relations import Knowledge, StoredFact
from api.language.lexicon import language_of
from api.language.names import fold
from api.language.places import resolve_place
from schemas.contract import Partnership, Span
from schemas.knowledge import Source
from tests.support import WrittenCases

# The written cases: a table a test, in the .yaml file of this module's name.
cases = WrittenCases(__file__)


@cases("question")
def test_a_second_question_joined_to_the_first_is_seen(question: str) -> None:
    assert len(parts_of(question, language_of(question))) == 2


@cases("question")
def test_one_question_with_a_list_in_it_asks_one_thing(question: str) -> None:
    assert len(parts_of(question, language_of(question))) == 1


@cases("question")
def test_a_which_question_about_a_day_or_year_asks_when_not_which(question: str) -> None:
    text = fold(question)
    assert WHEN.search(text)
    assert not WHICH.search(WHICH_TIME.sub(" ", text))


def test_a_which_question_about_places_still_asks_which() -> None:
    text = fold("Welche Städte sind dem Netzwerk beigetreten, und wann?")
    assert WHICH.search(WHICH_TIME.sub(" ", text)) and WHEN.search(text)


@cases("person, said")
def test_a_leader_is_named_with_the_role_the_text_gives(person: dict, said: str) -> None:
    assert titled(person) == said


def test_an_adjectival_role_s_weak_form_takes_the_gender_its_article_shows() -> None:
    chair = {"name": "Tom Kurz", "role": "Vorsitzenden des Vereins"}
    assert titled(chair, "de", "mit dem Vorsitzenden des Vereins, Tom Kurz") == (
        "Tom Kurz (Vorsitzender des Vereins)"
    )
    assert titled(chair, "de", "mit der Vorsitzenden des Vereins, Tom Kurz") == (
        "Tom Kurz (Vorsitzende des Vereins)"
    )
    # No article: the gender is not shown, and the word stays
    assert titled(chair, "de", "") == "Tom Kurz (Vorsitzenden des Vereins)"


def test_a_german_title_in_an_english_answer_is_said_in_english() -> None:
    mayor = {"name": "Tom Kurz", "role": "Oberbürgermeisters"}
    assert titled(mayor, "en") == "Lord Mayor Tom Kurz (Oberbürgermeister)"
    assert titled({"name": "Ann Lee", "role": "Mayor"}, "en") == "Mayor Ann Lee"
    assert titled({"name": "Tom Kurz", "role": "Kämmerer"}, "en") == "Kämmerer Tom Kurz"
    # A title with its complement, in the dative: the title in English, the role after the
    # name in the nominative ("gemeinsam mit dem Präsidenten der Bürgerschaft Ben Roth")
    speaker = {"name": "Ben Roth", "role": "Präsidenten der Bürgerschaft"}
    assert titled(speaker, "en") == "President Ben Roth (Präsident der Bürgerschaft)"
    assert titled(speaker) == "Ben Roth (Präsident der Bürgerschaft)"


@cases("said, named")
def test_a_name_keeps_the_academic_degrees_the_sentence_writes_before_it(
    said: str, named: str
) -> None:
    assert titled({"name": "Tom Kurz", "role": None}, "de", said) == named
    mayor = {"name": "Tom Kurz", "role": "Bürgermeister"}
    assert titled(mayor, "de", said) == f"Bürgermeister {named}"


@cases("question, fields")
def test_the_fields_a_question_asks_of_a_visit_are_read_in_its_order(
    question: str, fields: list[str]
) -> None:
    assert _asked_of_a_visit(question, language_of(question)) == fields


@cases("question")
def test_a_question_no_field_of_a_visit_answers_asks_none(question: str) -> None:
    assert _asked_of_a_visit(question, language_of(question)) is None


def test_the_word_before_a_place_tells_which_end_of_a_visit_it_is() -> None:
    written = {"Oberwaldbach": "oberwaldbach", "Kleinfeld": "kleinfeld", "Aue": "aue"}
    question = "Wann kamen die Gäste aus Oberwaldbach und Aue nach Kleinfeld?"
    assert _ends(question, written) == {"oberwaldbach": "from", "aue": "", "kleinfeld": "to"}


def a_trip(origin: str, host: str, sentences: list[str], **fields: Any) -> dict[str, Any]:
    """A stored visit's payload: its evidence the sentences, one after the other."""
    spans, start = [], 0
    for sentence in sentences:
        spans.append({"start": start, "end": start + len(sentence), "text": sentence})
        start += len(sentence) + 1
    empty = {"start": None, "end": None, "date_text": None, "leaders": [], "host_officials": []}
    return {
        "from_place": {"name": origin, "country": None, "kind": "city"},
        "host_place": {"name": host, "country": None, "kind": "city"},
        **empty,
        "duration_days": None,
        "participants": None,
        "evidence": spans,
        **fields,
    }


def test_a_visit_is_answered_from_the_end_the_question_gives_each_place() -> None:
    there = a_trip(
        "Oberwaldbach",
        "Kleinfeld",
        ["Zwölf Gäste aus Oberwaldbach kamen nach Kleinfeld."],
        participants=12,
    )
    back = a_trip(
        "Kleinfeld", "Oberwaldbach", ["30 Kleinfelder reisten nach Oberwaldbach."], participants=30
    )
    ends = {"oberwaldbach": "from", "kleinfeld": "to"}
    found = _visit_fields([("d1", there), ("d1", back)], ["participants"], ends, "de")
    assert found is not None and found.answer == "12 Personen [1]"
    assert found.sources[0].text.startswith("Zwölf Gäste")


def test_visits_that_say_the_same_are_one_statement_with_each_source() -> None:
    sentence = "Delegationen aus Aue und Gent besuchten Lyon vom 21. bis 25. April 2013."
    dated = {"start": "2013-04-21", "end": "2013-04-25", "date_text": "vom 21. bis 25. April 2013"}
    visits = [
        ("d1", a_trip("Aue", "Lyon", [sentence], **dated)),
        ("d1", a_trip("Gent", "Lyon", [sentence], **dated)),
    ]
    ends = {"aue": "from", "gent": "", "lyon": "to"}
    found = _visit_fields(visits, ["date"], ends, "de")
    assert found is not None and found.answer == "21. bis 25. April 2013 [1]"


def test_a_relative_time_is_cited_to_the_sentence_that_gives_its_day() -> None:
    sentences = [
        "Eine Delegation aus Aue war letztes Wochenende in Lyon.",
        "Am Freitag, 3.5.2019 landete sie am Flughafen.",
    ]
    visit = a_trip("Aue", "Lyon", sentences, start="2019-05-03", date_text="letztes Wochenende")
    found = _visit_fields([("d1", visit)], ["date"], {"aue": "from", "lyon": "to"}, "de")
    assert found is not None and found.answer == "Freitag, 3. Mai 2019 [1]"
    assert found.sources[0].text == sentences[1]


def test_a_country_the_question_names_stands_for_its_towns_at_that_end() -> None:
    visit = a_trip("Aue", "Lyon", ["Am 3. Mai 2019 kam eine Gruppe aus Aue in Lyon an."])
    visit["start"] = "2019-05-03"
    visit["host_place"]["country"] = "FR"
    # "Wann kam die Gruppe aus Aue in Frankreich an?"
    found = _visit_fields([("d1", visit)], ["date"], {"aue": "from", "frankreich": "to"}, "de")
    assert found is not None and found.answer == "3. Mai 2019 [1]"
    # A town of another country, or the country at the other end, is not it
    for ends in ({"aue": "from", "italien": "to"}, {"aue": "to", "frankreich": "from"}):
        assert _visit_fields([("d1", visit)], ["date"], ends, "de") is None


def test_a_country_is_one_place_by_any_of_its_names() -> None:
    sentences = ["Vom 4. bis 6. Mai reiste eine Delegation aus Aue in die Volksrepublik China."]
    visit = a_trip("Aue", "Volksrepublik China", sentences, start="--05-04", end="--05-06")
    visit["host_place"] |= {"country": "CN", "kind": "country"}
    ends = {"aue": "", "china": "to"}  # "Wann reiste die Delegation aus Aue nach China?"
    found = _visit_fields([("d1", visit)], ["date"], ends, "de")
    assert found is not None and found.answer == "4. bis 6. Mai [1]"


def test_two_fields_are_answered_together_or_not_at_all() -> None:
    led = {"leaders": [{"name": "Jan Novak", "role": "Bürgermeister"}]}
    sentences = [
        "Angeführt wurde die Delegation aus Aue von Bürgermeister Jan Novak.",
        "Die Gäste blieben drei Tage in Lyon.",
    ]
    ends = {"aue": "from", "lyon": "to"}
    full = [("d1", a_trip("Aue", "Lyon", sentences, duration_days=3, **led))]
    found = _visit_fields(full, ["leaders", "duration"], ends, "en")
    assert found is not None
    assert found.answer == "Mayor Jan Novak (Bürgermeister); 3 days [1][2]"
    # The stay's length unknown: the model reads the passages instead
    partial = [("d1", a_trip("Aue", "Lyon", sentences, **led))]
    assert _visit_fields(partial, ["leaders", "duration"], ends, "en") is None


def test_a_leader_named_only_where_no_visit_is_spoken_of_is_no_answer() -> None:
    sentences = ["Der Vertrag wurde von Jan Novak und den Bürgermeistern unterschrieben."]
    visit = a_trip("Aue", "Lyon", sentences, leaders=[{"name": "Jan Novak", "role": None}])
    assert _visit_fields([("d1", visit)], ["leaders"], {"aue": "from"}, "de") is None


def test_the_days_of_a_visit_are_spoken_as_one_range() -> None:
    spoken = {
        ("2013-04-21", "2013-04-25", "de"): "21. bis 25. April 2013",
        ("2013-04-21", "2013-04-25", "en"): "21 to 25 April 2013",
        ("2013-04-30", "2013-05-02", "de"): "30. April 2013 bis 2. Mai 2013",
        ("2013-04-21", "2013-04-21", "en"): "21 April 2013",
        ("2013-04", None, "de"): "April 2013",
        # Days of a month the text gives no year
        ("--03-04", "--03-12", "en"): "4 to 12 March",
        ("--03-30", "--04-02", "de"): "30. März bis 2. April",
    }
    assert {days: _spoken_range(*days) for days in spoken} == spoken


def test_a_district_named_after_its_seat_is_the_same_end_of_a_visit() -> None:
    sentence = "Eine Delegation aus Aue besuchte vom 3. bis 6. Juni 2024 den Landkreis Kleve."
    visit = a_trip("Aue", "Kleve", [sentence], start="2024-06-03", end="2024-06-06")
    for host in ("landkreis kleve", "kreis kleve", "kleve"):
        found = _visit_fields([("d1", visit)], ["date"], {"aue": "from", host: "to"}, "de")
        assert found is not None and found.answer == "3. bis 6. Juni 2024 [1]", host
    district = a_trip("Aue", "Landkreis Kleve", [sentence], start="2024-06-03")
    assert _visit_fields([("d1", district)], ["date"], {"kleve": "to"}, "de") is not None
    # Another town is another end
    assert _visit_fields([("d1", visit)], ["date"], {"aue": "from", "goch": "to"}, "de") is None


def test_how_long_a_visit_lasted_is_counted_from_its_first_and_last_day() -> None:
    sentence = "Eine Delegation aus Aue besuchte vom 3. bis 6. Juni 2024 Lyon."
    visit = a_trip("Aue", "Lyon", [sentence], start="2024-06-03", end="2024-06-06")
    found = _visit_fields([("d1", visit)], ["duration"], {"aue": "from", "lyon": "to"}, "de")
    assert found is not None and found.answer == "4 Tage (3. bis 6. Juni 2024) [1]"
    # Across a month's end, as the calendar counts
    visit = a_trip("Aue", "Lyon", [sentence], start="2024-02-28", end="2024-03-01")
    found = _visit_fields([("d1", visit)], ["duration"], {"aue": "from", "lyon": "to"}, "en")
    assert found is not None and found.answer.startswith("3 days")
    # One day, or days without a year: no length to count
    for start, end in (("2024-06-03", "2024-06-03"), ("--06-03", "--06-06")):
        visit = a_trip("Aue", "Lyon", [sentence], start=start, end=end)
        assert _visit_fields([("d1", visit)], ["duration"], {"aue": "from"}, "de") is None


def test_who_received_the_visitors_is_answered_from_the_hosts_side() -> None:
    sentences = ["In Lyon empfing Bürgermeisterin Anne Roux die Gäste aus Aue."]
    hosts = [{"name": "Anne Roux", "role": "Bürgermeisterin"}]
    visit = a_trip("Aue", "Lyon", sentences, host_officials=hosts)
    found = _visit_fields([("d1", visit)], ["hosts"], {"aue": "from", "lyon": "to"}, "de")
    assert found is not None and found.answer == "Bürgermeisterin Anne Roux [1]"
    assert _visit_fields([("d1", visit)], ["leaders"], {"aue": "from"}, "de") is None


def test_a_relation_is_cited_to_the_source_whose_sentence_names_both_places() -> None:
    """One article states a twinning twice, each a fact of its own: the sentence naming both
    places states it, not the one naming the partner alone."""

    def source(text: str) -> Source:
        return Source(document_id="d1", evidence=[Span(start=0, end=len(text), text=text)])

    alone = source("Die Stadt folgte der Einladung der Partnerstadt Lyon.")
    both = source("Gespräche mit Vertretern von Nordheims Partnerstadt Lyon.")
    assert _best_source([alone, both], ["Nordheim", "Lyon"]) is both
    assert _best_source([alone, both], ["Lyon"]) is alone  # the first of equals


@cases("sentence, bound")
def test_a_partner_word_near_both_names_binds_them(sentence: str, bound: bool) -> None:
    assert _bound(sentence, ["Nordheim", "Lyon"]) is bound


def test_of_sentences_naming_both_places_the_one_a_partner_word_binds_them_in_states_it() -> None:
    passing = (
        "Die Stadt folgte der Einladung der Partnerstadt Lyon, die bei der Eröffnung des "
        "Nordheimer Instituts im Herbst ausgesprochen worden war."
    )
    caption = "Gespräche mit Vertretern von Nordheims Partnerstadt Lyon (Foto: Stadt Nordheim)"
    evidence = [{"start": 0, "end": len(text), "text": text} for text in (passing, caption)]
    assert [span["text"] for span in _naming(evidence, ["Nordheim", "Lyon"])] == [caption]


@cases("sentence, language, inviter")
def test_the_inviter_is_the_person_a_sentence_says_invited_the_visitors(
    sentence: str, language: str, inviter: str | None
) -> None:
    role = "Landrat" if "Landrat" in sentence else None
    visit = {
        "host_officials": [{"name": "Tom Kurz", "role": role}],
        "leaders": [],
        "evidence": [{"start": 0, "end": len(sentence), "text": sentence}],
    }
    said = _inviter(visit, language)
    assert (said and said[0]) == inviter
    assert _asked_of_a_visit("Auf wessen Einladung kam die Delegation?", "de") == ["inviter"]
    assert _asked_of_a_visit("Who invited the delegation?", "en") == ["inviter"]


def _twinning(
    *places: str, sentences: list[str], document: str = "d1"
) -> tuple[str, dict[str, Any]]:
    evidence = [{"start": 0, "end": len(text), "text": text} for text in sentences]
    return document, {"places": [{"name": name} for name in places], "evidence": evidence}


def test_a_list_of_partners_is_cited_from_the_article_that_states_the_most_of_them() -> None:
    """A partnership that two articles state is cited from the one that lists the other
    partners too: the list is cited to the text that gives it whole."""
    report = "Die Partnerstädte Nordheim und Lyon rücken enger zusammen."
    overview = "Nordheim pflegt Partnerschaften mit Lyon und mit Aue."
    partnerships = [
        _twinning("Nordheim", "Lyon", sentences=[report], document="report"),
        _twinning("Nordheim", "Lyon", sentences=[overview], document="overview"),
        _twinning("Nordheim", "Aue", sentences=[overview], document="overview"),
    ]
    found = _partners(partnerships, "nordheim", "de")
    assert found is not None and found.answer == "Lyon [1] und Aue [1]"
    assert [(source.document_id, source.text) for source in found.sources] == [
        ("overview", overview)
    ]
    # Where each article states one partnership, each is cited from its own
    found = _partners(partnerships[:1] + partnerships[2:], "nordheim", "de")
    assert found is not None and found.answer == "Lyon [1] und Aue [2]"


def test_partners_of_several_kinds_are_listed_under_a_heading_for_each() -> None:
    """A friendship is no twinning: a list that holds both says which is which, and an
    ended partnership is said to be one."""
    listed = "Nordheim ist mit Lyon und Aue verschwistert und mit Tarnów befreundet."
    partnerships = [
        _twinning("Nordheim", "Lyon", sentences=[listed]),
        _twinning("Nordheim", "Aue", sentences=[listed]),
        ("d1", _twinning("Nordheim", "Tarnów", sentences=[listed])[1] | {"kind": "friendship"}),
    ]
    found = _partners(partnerships, "nordheim", "de")
    assert found is not None
    assert found.answer == "Partnerstädte: Lyon [1] und Aue [1]; Freundschaft: Tarnów [1]"
    found = _partners(partnerships, "nordheim", "en", sister=True)
    assert found is not None
    assert found.answer == "Sister cities: Lyon [1] and Aue [1]; friendship city: Tarnów [1]"
    # Of one kind, no heading; an ended one said so
    ended = ("d1", _twinning("Nordheim", "Aue", sentences=[listed])[1] | {"status": "ended"})
    found = _partners([*partnerships[:1], ended], "nordheim", "en")
    assert found is not None and found.answer == "Lyon [1] and Aue (ended) [1]"


@cases("question, place, apart, earlier")
def test_the_place_a_question_sets_apart_from_the_partners_it_asks_for(
    question: str, place: str | None, apart: str | None, earlier: bool | None
) -> None:
    text = fold(question)
    written = {name: fold(name) for name in ("Ulm", "Lyon", "Ashcombe") if name in question}
    found = _set_apart(text, written)
    expected = SetApart(place, apart, earlier) if place and apart else None
    assert found == expected


def test_a_partner_is_cited_to_the_sentence_that_binds_it_to_the_place() -> None:
    """Of two sentences naming the partner, the one where a partner word binds both places
    states the partnership; not the report of a visit from "the Danish twin town X"."""
    visit = (
        "Nordheim – Eine Delegation aus der Partnerstadt Viborg war vom 8. bis 11. Mai in Nordheim."
    )
    stated = "Die Städtepartnerschaft zwischen Nordheim und Viborg besteht seit 1987."
    found = _partners(
        [_twinning("Nordheim", "Viborg", sentences=[visit, stated])], "nordheim", "de"
    )
    assert found is not None and [source.text for source in found.sources] == [stated]
    # A partner word by the partner's name beats a sentence that only names both places
    lead = "Nordheim – Die Stadt Nordheim pflegt Kontakte in alle Welt, etwa nach Lyon."
    close = "Besonders eng ist die Partnerstadt Lyon mit ihr verbunden."
    found = _partners([_twinning("Nordheim", "Lyon", sentences=[lead, close])], "nordheim", "de")
    assert found is not None and [source.text for source in found.sources] == [close]


def test_partners_asked_for_before_another_are_those_not_dated_later() -> None:
    """ "Which partners did X have before Y?": all but Y, and but those the facts date later
    than Y; an undated one the article lists beside them stays."""
    told = "Nordheim ist mit Lyon, Aue und Tarnów verschwistert."
    partnerships = [
        ("d1", _twinning("Nordheim", "Lyon", sentences=[told])[1] | {"since": "1990"}),
        ("d1", _twinning("Nordheim", "Aue", sentences=[told])[1] | {"since": "2005"}),
        ("d1", _twinning("Nordheim", "Tarnów", sentences=[told])[1]),
        ("d1", _twinning("Nordheim", "Kiel", sentences=[told])[1] | {"since": "1970"}),
    ]
    before = _partners(partnerships, "nordheim", "de", SetApart("nordheim", "aue", True))
    assert before is not None and before.answer == "Lyon [1], Tarnów [1] und Kiel [1]"
    besides = _partners(partnerships, "nordheim", "de", SetApart("nordheim", "lyon", False))
    assert besides is not None and besides.answer == "Aue [1], Tarnów [1] und Kiel [1]"
    earlier = _partners(partnerships, "nordheim", "de", SetApart("nordheim", "lyon", True))
    assert earlier is not None and earlier.answer == "Tarnów [1] und Kiel [1]"


def test_the_partner_a_question_picks_by_order_is_the_one_a_sentence_calls_so() -> None:
    """The facts hold no order; the sentence that calls a partnership "the second" does."""
    second = "Zugleich schloss Nordheim eine zweite Städtepartnerschaft mit Lyon."
    partnerships = [
        _twinning("Nordheim", "Aue", sentences=["Die Partnerschaft von Nordheim und Aue.", second]),
        _twinning("Nordheim", "Lyon", sentences=[second]),
    ]
    found = _picked_partner(partnerships, "nordheim", "zweite", "de")
    assert found is not None and found.answer == "Lyon [1]"
    assert [source.text for source in found.sources] == [second]
    newest = "Leeds added Lille as its newest twin town."
    found = _picked_partner(
        [_twinning("Leeds", "Lille", sentences=[newest])], "leeds", "newest", "en"
    )
    assert found is not None and found.answer == "Lille [1]"
    # No sentence calls any partner so, or it calls two: the facts do not pick one
    assert _picked_partner(partnerships, "nordheim", "dritte", "de") is None
    both = "Nordheim hat zwei neue Partnerstädte, Aue und Lyon."
    two = [
        _twinning("Nordheim", "Aue", sentences=[both]),
        _twinning("Nordheim", "Lyon", sentences=[both]),
    ]
    assert _picked_partner(two, "nordheim", "neue", "de") is None


@cases("part, refers")
def test_a_part_that_names_a_network_by_a_noun_leans_on_the_whole_question(
    part: str, refers: bool
) -> None:
    assert refers_to_a_network(part) is refers


def test_the_founding_is_asked_by_its_noun_too() -> None:
    assert FOUNDED.search(fold("Which founding year do both articles give?"))
    assert FOUNDED.search(fold("Welches Gründungsjahr nennen beide Artikel?"))
    assert not FOUNDED.search(fold("Which towns did the mayor found interesting?"))


@cases("question, asks")
def test_a_joining_is_asked_by_its_verb_or_its_noun(question: str, asks: bool) -> None:
    assert (JOINED.search(fold(question)) is not None) is asks


@cases("question, beyond")
def test_a_question_asking_beyond_a_joining_is_not_answered_by_the_joinings(
    question: str, beyond: bool
) -> None:
    assert _asks_beyond(parts_of(question, language_of(question)), JOINED) is beyond


def _network(founded: str, event: str | None, sentence: str) -> dict[str, Any]:
    span = {"start": 0, "end": len(sentence), "text": sentence}
    return {"founded": founded, "founding_event": event, "evidence": [span]}


def test_a_founding_date_two_articles_give_is_one_statement_with_both_sources() -> None:
    one = _network("1990", None, "Der Nordbund wurde 1990 gegründet.")
    other = _network("1990", "in Lübeck", "The league was founded in 1990 in Lübeck.")
    third = _network("1991", None, "Der Bund entstand 1991.")
    found = _founded([("d1", one), ("d2", other)], "de")
    assert found is not None and found.answer == "1990, in Lübeck [1][2]"
    # Articles that disagree are each seen, with their own source
    found = _founded([("d1", one), ("d3", third)], "de")
    assert found is not None and found.answer == "1990 [1]; 1991 [2]"


class FakeStoredPlaces:
    """A fake of the store's facts, named as such: the place keys its facts name."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys

    async def documents_with(self, place_key: str) -> list[str]:
        return ["d1"] if place_key in self.keys else []

    async def place_keys_starting(self, word: str, limit: int = 50) -> set[str]:
        return {key for key in self.keys if key.startswith(word)}


async def test_a_name_no_gazetteer_knows_is_a_place_where_a_stored_fact_names_it() -> None:
    store: Any = type("FakeStore", (), {"facts": FakeStoredPlaces({"kleinwald oberbach"})})()
    written = await _places_written(store, "When did Kleinwald-Oberbach's council join the Pact?")
    assert written == {"Kleinwald-Oberbach": "kleinwald oberbach"}
    assert await _places_written(store, "When did Nordwald-Unterbach join the Pact?") == {}


async def test_a_stored_name_with_lower_case_words_is_one_place_where_written_in_full() -> None:
    store: Any = type("FakeStore", (), {"facts": FakeStoredPlaces({"maison du lac"})})()
    question = "How long have Ashcombe and Maison du Lac been twinned?"
    assert await _places_written(store, question) == {"maison du lac": "maison du lac"}
    assert await _places_written(store, "How long has Maison been twinned?") == {}


def test_when_a_place_joined_is_a_date_not_an_occasion_alone() -> None:
    span = {"start": 0, "end": 9, "text": "Aue trat am 3. Mai bei, Lyon auch."}
    joined = [
        {"place": {"name": "Aue"}, "date": "--05-03", "event": None},
        {"place": {"name": "Lyon"}, "date": None, "event": "auf der Messe"},
    ]
    alliances = [("d1", {"name": "Nordbund", "joined": joined, "evidence": [span]})]
    found = _joined_when(alliances, ["aue"], "de")
    assert found is not None and found.answer.startswith("Aue: 3. Mai")
    assert _joined_when(alliances, ["lyon"], "de") is None
    found = _joined_when(alliances, ["lyon"], "de", where=True)
    assert found is not None and "auf der Messe" in found.answer


def test_places_that_joined_on_one_date_are_one_statement() -> None:
    texts = ["Ulm, Aue und Jena traten am 3. Mai 2027 dem Nordbund bei.", "Gera trat 2028 bei."]
    evidence = [{"start": 0, "end": len(text), "text": text} for text in texts]
    joined = [
        {"place": {"name": name}, "date": date, "event": None}
        for name, date in (("Ulm", "2027-05-03"), ("Aue", "2027-05-03"), ("Gera", "2028"))
    ]
    joined.append({"place": {"name": "Jena"}, "date": "2027-05-03", "event": None})
    alliances = [("d1", {"name": "Nordbund", "joined": joined, "evidence": evidence})]
    found = _every_joining(alliances, "de")
    assert found is not None
    assert found.answer == "Ulm, Aue und Jena: 3. Mai 2027 [1]; Gera: 2028 [2]", found.answer


def test_a_joining_is_cited_by_a_sentence_naming_the_place_and_one_stating_its_date() -> None:
    texts = [
        "Ulm ist dem Nordbund beigetreten.",
        "Die feierliche Aufnahme findet am 3. Mai 2027 in Lübeck statt.",
        "Aue trat am 4. Mai 2027 bei.",
    ]
    evidence = [{"start": 0, "end": len(text), "text": text} for text in texts]
    alliance = {"name": "Nordbund", "evidence": evidence}

    def cited(name: str, date: str | None) -> list[str]:
        joining = {"place": {"name": name}, "date": date, "event": None}
        return [span["text"] for span in _stating_joining(alliance, joining)]

    # The date's sentence names no place: the one that says who joined is cited beside it
    assert cited("Ulm", "2027-05-03") == [texts[1], texts[0]]
    # One sentence says both; none dated: the one reporting the joining
    assert cited("Aue", "2027-05-04") == [texts[2]]
    assert cited("Ulm", None) == [texts[0]]


@cases("question, asks")
def test_a_question_for_the_kind_of_a_relationship(question: str, asks: bool) -> None:
    assert (KIND_ASKED.search(fold(question)) is not None) is asks


@cases("question, asks")
def test_a_question_for_the_age_of_a_relation(question: str, asks: bool) -> None:
    text = fold(question)
    assert bool(HOW_LONG.search(text) or HOW_OLD.search(text)) is asks


@cases("question, asks")
def test_a_question_for_the_partners_of_a_place(question: str, asks: bool) -> None:
    text = fold(question)
    assert bool(PARTNERS.search(text) or TOWNS_TWINNED.search(text)) is asks


def _partnership_told(text: str, a: str, b: str, sentence: str) -> tuple[str, dict[str, Any]]:
    """A partnership of two gazetteer towns, its evidence the sentence of the text."""
    start = text.index(sentence)
    places = [resolve_place(a), resolve_place(b)]
    evidence = [Span(start=start, end=start + len(sentence), text=sentence)]
    payload = Partnership(places=places, kind="twinning", status="existing", evidence=evidence)
    return "d1", payload.model_dump(mode="json")


AGED = (
    "Die Städtepartnerschaft zwischen Ulm und Lyon wurde erneuert. "
    "Die seit 30 Jahren bestehende Partnerschaft von Lyon mit Graz ist älter. "
    "Die seit 20 Jahren bestehende Partnerschaft soll weiter wachsen. "
    "Zugleich schloss Lyon eine Partnerschaft mit Graz. "
    "Die 5 Jahre alte Freundschaft ist jünger."
)


def test_the_age_of_the_partnership_a_later_sentence_speaks_of_as_the_partnership() -> None:
    """A definite noun phrase ("die ... Partnerschaft") refers to the relation of its kind
    the text named last."""
    ulm = _partnership_told(
        AGED, "Ulm", "Lyon", "Die Städtepartnerschaft zwischen Ulm und Lyon wurde erneuert."
    )
    graz = _partnership_told(
        AGED, "Lyon", "Graz", "Zugleich schloss Lyon eine Partnerschaft mit Graz."
    )
    knowledge = Knowledge([StoredFact(d, "partnership", p) for d, p in (ulm, graz)])
    first, second = knowledge.partnerships
    years, span = _age_said_after(AGED, "d1", first, knowledge) or (None, None)
    assert years == 20 and span is not None
    assert (
        AGED[span.start : span.end]
        == span.text
        == "Die seit 20 Jahren bestehende Partnerschaft soll weiter wachsen."
    )
    # The sentence that names Graz speaks of Lyon's partnership with Graz, but before the
    # text tells of it, "die Partnerschaft" is still Ulm's: the age of Graz's is the last one
    years, _ = _age_said_after(AGED, "d1", second, knowledge) or (None, None)
    assert years == 5


def test_the_partnership_named_last_is_read_in_the_article_whose_sentence_is_read() -> None:
    """Another article's evidence, at other offsets, says nothing of what this one named last."""
    told = "Die Städtepartnerschaft zwischen Ulm und Lyon wurde erneuert."
    text = f"{told} Die seit 20 Jahren bestehende Partnerschaft soll weiter wachsen."
    other = "Im Juni trafen sich Vertreter der Städte wieder. " * 6 + told
    stored = [
        ("d2", _partnership_told(other, "Ulm", "Lyon", told)[1]),
        ("d1", _partnership_told(text, "Ulm", "Lyon", told)[1]),
    ]
    knowledge = Knowledge([StoredFact(d, "partnership", p) for d, p in stored])
    [merged] = knowledge.partnerships
    years, _ = _age_said_after(text, "d1", merged, knowledge) or (None, None)
    assert years == 20


def test_a_day_is_said_with_the_weekday_and_time_of_day_its_sentence_gives() -> None:
    sentence = "Am Freitag, 24.6.2016 sind wir bereits am Vormittag gelandet."
    said = _with_time_of_day("24. Juni 2016", "2016-06-24", sentence, "de")
    assert said == "Freitag, 24. Juni 2016, am Vormittag"
    said = _with_time_of_day("24 June 2016", "2016-06-24", sentence, "en")
    assert said == "Friday, 24 June 2016, in the morning"
    # A sentence that states another day adds nothing to this one
    assert _with_time_of_day("3. Mai 2016", "2016-05-03", sentence, "de") == "3. Mai 2016"


def test_a_founding_asked_where_is_answered_with_the_town_its_sentence_names() -> None:
    founding = "The network was founded in 2011 in Brest by the mayors of five towns."
    network = _network("2011", None, founding)
    found = _founded([("d1", network)], "en", where=True)
    assert found is not None and found.answer == "2011, in Brest [1]"
    # Asked when only, the date is the answer
    found = _founded([("d1", network)], "en")
    assert found is not None and found.answer == "2011 [1]"
    # A sentence that says no town: the facts answer half the question, the passages all
    undated = _network("2011", None, "The network was founded in 2011 by five mayors.")
    assert _founded([("d1", undated)], "en", where=True) is None
