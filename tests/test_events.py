"""Events, claims and stories: tables of sentence → expected record, per language and kind.

Names are given by hand (entity ids as linking would set them: one id per real-world entity,
whatever the spelling or script); figures and quotes come from the real extractors, so the
rules are tested on what the pipeline hands them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from transforms.events import DocInput, EventIndex, StoryIndex, analyse_document, extract_claims, extract_events

# surface form -> (label, entity id); the same id for every spelling and script
NAMES = {
    "Wladimir Putin": ("PER", "putin"), "Putin": ("PER", "putin"), "Владимир Путин": ("PER", "putin"),
    "Путин": ("PER", "putin"), "Путина": ("PER", "putin"), "Владимира Путина": ("PER", "putin"),
    "Xi Jinping": ("PER", "xi"), "Xi": ("PER", "xi"), "Си Цзиньпином": ("PER", "xi"), "Си Цзиньпина": ("PER", "xi"),
    "Си Цзиньпин": ("PER", "xi"),
    "Sergei Schoigu": ("PER", "shoigu"), "Sergei Shoigu": ("PER", "shoigu"), "Сергеем Шойгу": ("PER", "shoigu"),
    "Schoigu": ("PER", "shoigu"), "Schoigus": ("PER", "shoigu"),
    "Donald Trump": ("PER", "trump"), "Trump": ("PER", "trump"), "Трампом": ("PER", "trump"),
    "Merkel": ("PER", "merkel"), "Scholz": ("PER", "scholz"), "Biden": ("PER", "biden"), "Macron": ("PER", "macron"),
    "Шольц": ("PER", "scholz"), "Макрон": ("PER", "macron"),
    "Modi": ("PER", "modi"), "Dmitri Peskow": ("PER", "peskov"), "Juri Uschakow": ("PER", "ushakov"),
    "Wang Yi": ("PER", "wang"), "Ван И": ("PER", "wang"), "Lavrov": ("PER", "lavrov"),
    "Peking": ("LOC", "beijing"), "Beijing": ("LOC", "beijing"), "Пекине": ("LOC", "beijing"),
    "Paris": ("LOC", "paris"), "Berlin": ("LOC", "berlin"), "Moskau": ("LOC", "moscow"), "Moscow": ("LOC", "moscow"),
    "China": ("LOC", "china"), "Китай": ("LOC", "china"), "Kreml": ("ORG", "kremlin"),
    "Дональд Туск": ("PER", "tusk"), "Donald Tusk": ("PER", "tusk"), "Киев": ("LOC", "kyiv"), "Kiew": ("LOC", "kyiv"),
    "Владимиром Зеленским": ("PER", "zelensky"), "Wolodymyr Selenskyj": ("PER", "zelensky"),
    "Париже": ("LOC", "paris-unlinked"),
    "TASS": ("ORG", "tass"), "Reuters": ("ORG", "reuters"), "Росстата": ("ORG", "rosstat"),
}
_SENT_END = re.compile(r"(?<!\d)[.!?][“”\"»]?(?=\s+[A-ZÄÖÜА-Я„«\"])|$")


def _mentions(text: str) -> list[dict]:
    out, taken = [], []
    for surface in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w.]){re.escape(surface)}(?![\w])", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            label, eid = NAMES[surface]
            out.append({"char_start": m.start(), "char_end": m.end(), "text": surface, "label": label, "entity_id": eid})
    return sorted(out, key=lambda m: m["char_start"])


@pytest.fixture(scope="module")
def figure_extractor():
    from transforms.figures import FigureExtractor

    return FigureExtractor()


def make_doc(text: str, lang: str, figure_extractor, published: dt.date | None = dt.date(2026, 2, 5),
             doc_id: str = "d1") -> DocInput:
    from transforms.entities.quotes import extract_quotes

    mentions = _mentions(text)
    for no, m in enumerate(mentions):
        m["mention_no"] = no
    sentences, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start:m.end()].strip():
            sentences.append((len(sentences), start, m.end(), lang))
        start = m.end() + 1
        if start >= len(text):
            break
    figures = figure_extractor.extract(text, lang, published)
    quotes = [dict(q, speaker_entity_id=(mentions[q["speaker_mention_no"]]["entity_id"]
                                         if q.get("speaker_mention_no") is not None else None))
              for q in extract_quotes(text, lang, mentions)]
    return DocInput(doc_id, text, published, sentences, mentions, figures, quotes, [(0, len(text), lang)])


def _one(events):
    assert len(events) == 1, [(e.kind, e.participants, e.trigger) for e in events]
    return events[0]


# ---- events: sentence -> kind, participants, place, tense ---------------------------------------

EVENT_CASES = [
    # German
    ("de", "Am Freitag traf sich Xi Jinping in Peking mit dem Gast Sergei Schoigu.",
     "meeting", {"xi", "shoigu"}, "beijing", "past"),
    ("de", "Während Macron in Paris blieb, traf sich Scholz mit Biden in Berlin.",
     "meeting", {"scholz", "biden"}, "berlin", "past"),
    ("de", "Merkel kritisierte, dass Scholz sich mit Biden getroffen hat.",
     "meeting", {"scholz", "biden"}, None, "past"),
    ("de", "Wladimir Putin telefonierte am Mittwoch mit Donald Trump.", "call", {"putin", "trump"}, None, "past"),
    ("de", "Putin empfing den indischen Premierminister Modi im Kreml.", "meeting", {"putin", "modi"}, "kremlin", "past"),
    ("de", "Putin und Xi Jinping sprachen per Videokonferenz über die Lage.", "call", {"putin", "xi"}, None, "past"),
    ("de", "Putin wird im Mai nach Peking reisen.", "visit", {"putin"}, "beijing", "planned"),
    ("de", "Schoigus Besuch in China dauerte zwei Tage.", "visit", {"shoigu"}, "china", "past"),
    ("de", "Dmitri Peskow erklärte in seiner täglichen Pressekonferenz, der Kreml sei zufrieden.",
     "statement", {"peskov"}, None, "past"),
    ("de", "Am Rande des Gipfels führte Putin Verhandlungen mit Modi.", "talks", {"putin", "modi"}, None, "past"),
    # Russian
    ("ru", "Владимир Путин встретился с Си Цзиньпином в Пекине.", "meeting", {"putin", "xi"}, "beijing", "past"),
    ("ru", "Путин провёл телефонный разговор с Трампом.", "call", {"putin", "trump"}, None, "past"),
    ("ru", "Состоялись переговоры Владимира Путина и Си Цзиньпина.", "talks", {"putin", "xi"}, None, "past"),
    ("ru", "Путин планирует посетить Китай в мае.", "visit", {"putin"}, "china", "planned"),
    # English
    ("en", "Putin met with Xi Jinping in Beijing on Wednesday.", "meeting", {"putin", "xi"}, "beijing", "past"),
    ("en", "Lavrov held talks with Wang Yi in Moscow.", "talks", {"lavrov", "wang"}, "moscow", "past"),
    ("en", "Trump will visit China in April.", "visit", {"trump"}, "china", "planned"),
    ("en", "Xi Jinping and Donald Trump spoke in a phone call on Friday.", "call", {"xi", "trump"}, None, "past"),
]


@pytest.mark.parametrize("lang,text,kind,parties,place,tense", EVENT_CASES)
def test_event_per_sentence(figure_extractor, lang, text, kind, parties, place, tense) -> None:
    ev = _one(extract_events(make_doc(text, lang, figure_extractor)))
    assert (ev.kind, set(ev.participants), ev.place_entity_id, ev.tense) == (kind, parties, place, tense)


NO_EVENT = [
    ("de", "Macron lobte Scholz in Paris."),  # two names, no encounter
    ("de", "Merkel sprach über Biden und Macron."),
    ("ru", "Путин похвалил Си Цзиньпина."),
    ("en", "Biden praised Macron in Paris."),
    ("de", "Putin traf sich."),  # a meeting needs two parties
]


@pytest.mark.parametrize("lang,text", NO_EVENT)
def test_no_event(figure_extractor, lang, text) -> None:
    assert extract_events(make_doc(text, lang, figure_extractor)) == []


def test_weekday_resolves_against_the_document_date(figure_extractor) -> None:
    # Thursday 5 February 2026: "am Mittwoch" is 4 February
    ev = _one(extract_events(make_doc("Putin traf sich am Mittwoch mit Xi Jinping.", "de", figure_extractor)))
    assert (ev.date_value, ev.date_unit) == (dt.date(2026, 2, 4), "day")


def test_weekday_in_an_undated_document_uses_its_latest_full_date(figure_extractor) -> None:
    text = "Am Freitag traf sich Xi Jinping mit Sergei Schoigu. Die Meldung erschien am 28. Februar 2025."
    ev = _one(extract_events(make_doc(text, "de", figure_extractor, published=None)))
    assert ev.date_value == dt.date(2025, 2, 28)


def test_anaphoric_duration_joins_the_event(figure_extractor) -> None:
    text = ("Olaf Scholz und Emmanuel Macron führten am Mittwoch Gespräche per Videokonferenz. "
            "Die Unterredung dauerte zwei Stunden und 10 Minuten.")
    doc = make_doc(text, "de", figure_extractor)
    index = EventIndex()
    reports = index.add_document(extract_events(doc))
    assert len({r.event_id for r in reports}) == 1 and len(reports) == 2
    (ev,) = index.events.values()
    assert (ev.kind, ev.duration_minutes, ev.date_value) == ("call", 130, dt.date(2026, 2, 4))


def test_russian_duration_and_past_figures(figure_extractor) -> None:
    text = "Шольц и Макрон провели переговоры в формате видеоконференции. Разговор длился 2 часа 10 минут."
    index = EventIndex()
    index.add_document(extract_events(make_doc(text, "ru", figure_extractor)))
    (ev,) = index.events.values()
    assert (ev.kind, ev.duration_minutes) == ("call", 130)


def test_ago_is_no_duration(figure_extractor) -> None:
    text = "Putin und Xi Jinping führten Gespräche per Videokonferenz. Die Gespräche endeten vor anderthalb Stunden."
    index = EventIndex()
    index.add_document(extract_events(make_doc(text, "de", figure_extractor)))
    (ev,) = index.events.values()
    assert ev.duration_minutes is None


# ---- merging: one event however many reports ----------------------------------------------------

def test_same_meeting_in_three_languages_is_one_event(figure_extractor) -> None:
    docs = [
        make_doc("Am 28. Februar 2025 traf sich Xi Jinping in Peking mit Sergei Schoigu.", "de", figure_extractor,
                 doc_id="de1"),
        make_doc("Xi Jinping met Sergei Shoigu in Beijing on February 28, 2025.", "en", figure_extractor, doc_id="en1"),
        make_doc("Си Цзиньпин встретился с Сергеем Шойгу в Пекине 28 февраля 2025 года.", "ru", figure_extractor,
                 doc_id="ru1"),
    ]
    index = EventIndex()
    ids = {r.event_id for d in docs for r in index.add_document(extract_events(d))}
    assert len(ids) == 1
    (row,) = index.event_rows("r1")
    assert (row["kind"], row["n_documents"], row["date_value"], row["place_entity_id"]) == (
        "meeting", 3, dt.date(2025, 2, 28), "beijing")
    assert row["doc_ids"] == ["de1", "en1", "ru1"]


def test_same_people_on_different_days_are_two_events(figure_extractor) -> None:
    index = EventIndex()
    for i, day in enumerate(("3. September 2025", "4. Februar 2026")):
        doc = make_doc(f"Putin traf sich am {day} mit Xi Jinping.", "de", figure_extractor, doc_id=f"d{i}")
        index.add_document(extract_events(doc))
    assert len(index.events) == 2


def test_a_later_run_keeps_the_event_id(figure_extractor) -> None:
    first = EventIndex()
    first.add_document(extract_events(make_doc("Putin telefonierte am 4. Februar 2026 mit Donald Trump.", "de",
                                               figure_extractor, doc_id="a")), "run1")
    (row,) = first.event_rows("run1")
    later = EventIndex([row], first.participant_rows("run1"))
    reps = later.add_document(extract_events(make_doc("Путин провёл телефонный разговор с Трампом 4 февраля 2026 года.",
                                                      "ru", figure_extractor, doc_id="b")), "run2")
    assert [r.event_id for r in reps] == [row["event_id"]]
    (again,) = later.event_rows("run2")
    assert (again["event_id"], again["n_documents"], again["first_run_id"]) == (row["event_id"], 2, "run1")


def test_planned_and_past_visits_stay_apart_without_dates(figure_extractor) -> None:
    index = EventIndex()
    index.add_document(extract_events(make_doc("Putin wird nach Peking reisen.", "de", figure_extractor, doc_id="a")))
    index.add_document(extract_events(make_doc("Putin reiste nach Peking.", "de", figure_extractor, doc_id="b")))
    assert sorted(e.tense for e in index.events.values()) == ["past", "planned"]


# ---- claims ------------------------------------------------------------------------------------

CLAIM_CASES = [
    # (lang, text, figure text, speaker entity, how)
    ("de", "„Der Handel ist um 20 Prozent gewachsen“, sagte Putin.", "20 Prozent", "putin", "quote"),
    ("de", "Xi betonte, dass China 5 Prozent Wachstum erwarte.", "5 Prozent", "xi", "reported"),
    ("de", "Putin sprach am Mittwoch in Moskau. Dabei betonte er, dass der Warenverkehr inzwischen "
           "200 Milliarden Dollar übertreffe.", "200 Milliarden Dollar", "putin", "reported"),
    ("de", "Laut TASS stieg der Handel um 3,5 Prozent.", "3,5 Prozent", "tass", "according_to"),
    ("de", "Dem Kreml zufolge wuchs der Handel um 12 Prozent.", "12 Prozent", "kremlin", "according_to"),
    ("de", "Juri Uschakow: Liebe Freunde, der Handel hat 200 Milliarden Dollar erreicht.", "200 Milliarden Dollar",
     "ushakov", "statement"),
    ("ru", "По данным Росстата, товарооборот вырос на 3 процента.", "3 процента", "rosstat", "according_to"),
    ("ru", "Путин заявил, что товарооборот превысил 200 миллиардов долларов.", "200 миллиардов долларов", "putin",
     "reported"),
    ("en", "According to Reuters, trade grew by 12 percent.", "12 percent", "reuters", "according_to"),
    ("en", "Trump said that tariffs would bring in $200 billion.", "$200 billion", "trump", "reported"),
]


@pytest.mark.parametrize("lang,text,figure,speaker,how", CLAIM_CASES)
def test_claim(figure_extractor, lang, text, figure, speaker, how) -> None:
    claims = [c for c in extract_claims(make_doc(text, lang, figure_extractor)) if c.figure_text == figure]
    assert [(c.speaker_entity_id, c.how) for c in claims] == [(speaker, how)]


def test_quote_speaker_named_two_sentences_earlier(figure_extractor) -> None:
    text = ("Putin sprach am Mittwoch vor Studenten in Moskau. Er lobte die Zusammenarbeit mit China. "
            "„Der Handel ist um 20 Prozent gewachsen“, sagte er.")
    (claim,) = extract_claims(make_doc(text, "de", figure_extractor))
    assert (claim.speaker_entity_id, claim.how, claim.figure_text) == ("putin", "quote", "20 Prozent")


JOURNALIST = [
    ("de", "Der Handel wuchs im Jahr 2025 um 3 Prozent."),
    ("ru", "Товарооборот вырос на 3 процента."),
    ("en", "Trade grew by 12 percent last year."),
]


@pytest.mark.parametrize("lang,text", JOURNALIST)
def test_journalists_own_voice_is_no_claim(figure_extractor, lang, text) -> None:
    assert extract_claims(make_doc(text, lang, figure_extractor)) == []


# ---- stories -------------------------------------------------------------------------------------

def test_stories_group_documents_by_their_main_event(figure_extractor) -> None:
    texts = {
        "a": ("de", "Xi Jinping und Wladimir Putin berieten am 4. Februar 2026 per Videokonferenz. "
                    "Es ging um Handel und Sicherheit in der Region."),
        "b": ("ru", "Си Цзиньпин и Владимир Путин 4 февраля 2026 года провели переговоры по видеосвязи. "
                    "Обсуждалась торговля."),
        "c": ("de", "Scholz traf sich am 3. März 2026 in Berlin mit Biden. Es ging um Zölle und Handel."),
    }
    events, stories = EventIndex(), StoryIndex()
    story = {d: analyse_document(make_doc(t, lang, figure_extractor, doc_id=d), events, stories).story_id
             for d, (lang, t) in texts.items()}
    assert story["a"] == story["b"] != story["c"]
    # stable: a later index built from the assignments keeps them, a new report joins the story
    later = StoryIndex(stories.story_of, [(e, d) for e, ds in stories.docs_of_event.items() for d in ds])
    assert later.assign("a", set()) == (story["a"], 1.0)
    main = {r.event_id for r in analyse_document(make_doc(texts["b"][1], "ru", figure_extractor, doc_id="b2"),
                                                 events, StoryIndex()).reports}
    assert later.assign("b2", main)[0] == story["a"]


def test_two_triggers_keep_their_own_arguments(figure_extractor) -> None:
    text = "Дональд Туск посетил Киев в среду и провёл переговоры с Владимиром Зеленским."
    events = {e.kind: e for e in extract_events(make_doc(text, "ru", figure_extractor))}
    assert set(events) == {"visit", "talks"}
    assert (set(events["visit"].participants), events["visit"].place_entity_id) == ({"tusk"}, "kyiv")
    assert set(events["talks"].participants) == {"tusk", "zelensky"}


def test_pronoun_subject_with_titles_before_the_partner(figure_extractor) -> None:
    text = "Donald Tusk besuchte am Mittwoch Kiew. Er sprach dort mit Präsident Wolodymyr Selenskyj."
    talks = [e for e in extract_events(make_doc(text, "de", figure_extractor)) if e.kind == "talks"]
    assert [set(e.participants) for e in talks] == [{"tusk", "zelensky"}]


def test_unlinked_place_spellings_merge_on_the_same_day(figure_extractor) -> None:
    index = EventIndex()
    index.add_document(extract_events(make_doc("Putin traf sich am 3. März 2026 in Paris mit Xi Jinping.", "de",
                                               figure_extractor, doc_id="a")))
    index.add_document(extract_events(make_doc("Владимир Путин встретился с Си Цзиньпином в Париже 3 марта 2026 года.",
                                               "ru", figure_extractor, doc_id="b")))
    assert [sorted(e.doc_ids) for e in index.events.values()] == [["a", "b"]]


def test_city_and_country_of_one_visit_in_one_document(figure_extractor) -> None:
    text = "Sergei Schoigu ist am 28. Februar 2025 in Peking eingetroffen. Schoigus Besuch in China ist sein zweiter."
    index = EventIndex()
    reports = index.add_document(extract_events(make_doc(text, "de", figure_extractor)))
    assert len(reports) == 2 and len(index.events) == 1
    (ev,) = index.events.values()
    assert (ev.kind, ev.place_entity_id, ev.date_value) == ("visit", "beijing", dt.date(2025, 2, 28))


def test_a_parenthesis_is_not_the_triggers_tense(figure_extractor) -> None:
    text = "Dann kam eine Videokonferenz zwischen Putin und Xi Jinping (darf vermutet werden, dass alles geplant war)."
    (ev,) = extract_events(make_doc(text, "de", figure_extractor))
    assert (ev.kind, ev.tense) == ("call", "past")
