"""Language sections and sentences on mixed texts written here."""

from __future__ import annotations

import pytest

from transforms.ingest import LanguageSectioner, Section, SentenceSplitter, detect_sections, normalize_text

DE_THEN_RU = normalize_text(
    "Do. Mär 12th, 2026\n\n"
    "Gestern traf sich die Außenministerin Karla Brandt mit ihrem Kollegen aus Nowogorsk in Wien.\n\n"
    "Die beiden sprachen über den Handel, die Energiepreise und einen neuen Vertrag über Flüsse.\n\n"
    "Hier das Original:\n\n"
    "11 марта 2026 года\n\n"
    "15:40\n\n"
    "Министр иностранных дел встретилась со своим коллегой в Вене и обсудила торговлю.\n\n"
    "Стороны договорились продолжить переговоры о новом соглашении в ближайшие месяцы.\n\n"
    "<…>\n"
)

DE_WITH_TWEET = normalize_text(
    "Die Regierung in Lindau hat am Freitag ein neues Gesetz zur Förderung der Fischerei vorgestellt.\n"
    "Kritiker bemängeln, dass die Fördergelder zu spät bei den Betrieben ankommen würden.\n"
    "The minister said on Friday that the new fishing law will help small family businesses survive the winter #Lindau\n"
    "— Harbour News (@harbournews) March 7, 2025\n"
    "Die Opposition kündigte an, im Landtag gegen den Entwurf zu stimmen.\n"
)


@pytest.fixture(scope="module")
def sectioner() -> LanguageSectioner:
    return LanguageSectioner(("de", "ru", "en"))


@pytest.fixture(scope="module")
def splitter() -> SentenceSplitter:
    return SentenceSplitter(("de", "ru", "en"))


def _assert_cover(text: str, sections: list[Section]) -> None:
    assert sections[0].char_start == 0 and sections[-1].char_end == len(text)
    for a, b in zip(sections, sections[1:]):
        assert a.char_end == b.char_start and a.language != b.language
    assert [s.section_no for s in sections] == list(range(len(sections)))


def test_german_then_russian(sectioner: LanguageSectioner) -> None:
    secs = sectioner(DE_THEN_RU)
    assert [s.language for s in secs] == ["de", "ru"]
    _assert_cover(DE_THEN_RU, secs)
    ru = DE_THEN_RU[secs[1].char_start : secs[1].char_end]
    assert ru.startswith("11 марта 2026 года") and "Hier das Original" not in ru
    assert "<…>" in ru  # the marker takes its neighbour's language


def test_german_with_english_tweet(sectioner: LanguageSectioner) -> None:
    secs = sectioner(DE_WITH_TWEET)
    assert [s.language for s in secs] == ["de", "en", "de"]
    _assert_cover(DE_WITH_TWEET, secs)
    en = DE_WITH_TWEET[secs[1].char_start : secs[1].char_end]
    assert en.startswith("The minister said") and "(@harbournews) March 7, 2025" in en
    assert "Opposition" not in en


def test_foreign_paragraph_is_und(sectioner: LanguageSectioner) -> None:
    text = (
        "Der Bürgermeister begrüßte die Gäste aus der Partnerstadt im Rathaus am Marktplatz.\n"
        "Le maire a accueilli les invités de la ville jumelée dans la grande salle de la mairie.\n"
        "Anschließend gab es ein gemeinsames Mittagessen mit Vertretern der Vereine."
    )
    assert [s.language for s in sectioner(text)] == ["de", "und", "de"]


def test_only_short_lines_still_get_one_language(sectioner: LanguageSectioner) -> None:
    secs = sectioner("Kurze Meldung\n12.03.2026")
    assert len(secs) == 1 and secs[0].language == "de"


def test_empty_text_has_no_sections() -> None:
    assert detect_sections("") == [] and detect_sections("  \n ") == []


def test_detect_sections_default_instance() -> None:
    secs = detect_sections(DE_WITH_TWEET)
    assert [s.language for s in secs] == ["de", "en", "de"]


def test_sentences_respect_sections_and_lines(sectioner: LanguageSectioner, splitter: SentenceSplitter) -> None:
    secs = sectioner(DE_THEN_RU)
    sents = splitter(DE_THEN_RU, secs)
    texts = [DE_THEN_RU[s.char_start : s.char_end] for s in sents]
    assert texts[0] == "Do. Mär 12th, 2026"
    assert "Hier das Original:" in texts
    assert "11 марта 2026 года" in texts and "15:40" in texts
    assert [s.sentence_no for s in sents] == list(range(len(sents)))
    for s in sents:
        sec = secs[s.section_no]
        assert sec.char_start <= s.char_start < s.char_end <= sec.char_end
        assert s.language == sec.language
        assert DE_THEN_RU[s.char_start : s.char_end] == DE_THEN_RU[s.char_start : s.char_end].strip()
    assert [s.char_start for s in sents] == sorted(s.char_start for s in sents)


def test_sentence_split_inside_paragraph_and_abbreviations(splitter: SentenceSplitter) -> None:
    text = "Der Umsatz stieg um 3,5 Prozent auf 5 Mrd. Euro. Das teilte Dr. Weber am 22.09.2025 mit.\nNeue Zeile ohne Punkt\nLetzter Satz!"
    secs = [Section(0, "de", 0, len(text))]
    got = [text[s.char_start : s.char_end] for s in splitter(text, secs)]
    assert got == [
        "Der Umsatz stieg um 3,5 Prozent auf 5 Mrd. Euro.",
        "Das teilte Dr. Weber am 22.09.2025 mit.",
        "Neue Zeile ohne Punkt",
        "Letzter Satz!",
    ]


def test_hard_wrapped_text_keeps_sentences_across_lines(splitter: SentenceSplitter) -> None:
    para = (
        "Die Gemeinde hat beschlossen, die alte Schule am Bach zu einem Haus\n"
        "für Vereine umzubauen, nachdem der Gemeinderat lange über die Kosten\n"
        "und den Zeitplan gestritten hatte. Der Umbau beginnt im kommenden\n"
        "Frühjahr und soll nach Angaben der Verwaltung zwei Jahre dauern, wenn\n"
        "das Wetter mitspielt und genug Handwerker gefunden werden können."
    )
    secs = [Section(0, "de", 0, len(para))]
    sents = splitter(para, secs)
    assert len(sents) == 2
    assert para[sents[0].char_start : sents[0].char_end].endswith("gestritten hatte.")


def test_batched_documents_match_single(sectioner: LanguageSectioner, splitter: SentenceSplitter) -> None:
    items = [(t, sectioner(t)) for t in (DE_THEN_RU, DE_WITH_TWEET, "Ein Satz. Noch einer.")]
    batched = list(splitter.documents(items))
    assert batched == [splitter(t, s) for t, s in items]
    assert len(batched[2]) == 2


def test_und_section_uses_fallback_pipeline(splitter: SentenceSplitter) -> None:
    text = "Première phrase. Deuxième phrase."
    sents = splitter(text, [Section(0, "und", 0, len(text))])
    assert [(s.language, text[s.char_start : s.char_end]) for s in sents] == [
        ("und", "Première phrase."),
        ("und", "Deuxième phrase."),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Es kam Herr Dr. med. Kunz zur Sitzung. Danach war Pause.", ["Es kam Herr Dr. med. Kunz zur Sitzung.", "Danach war Pause."]),
        ("ru", "Приехали министры, послы и т. д. вечером. Потом начался ужин.", ["Приехали министры, послы и т. д. вечером.", "Потом начался ужин."]),
        ("ru", "Зам. губернатора выступил первым. Потом слово взял мэр.", ["Зам. губернатора выступил первым.", "Потом слово взял мэр."]),
        ("en", "Lt. Col. Hansen arrived at noon. He left soon.", ["Lt. Col. Hansen arrived at noon.", "He left soon."]),
    ],
)
def test_abbreviations_do_not_end_sentences(splitter: SentenceSplitter, lang: str, text: str, expected: list[str]) -> None:
    sents = splitter(text, [Section(0, lang, 0, len(text))])
    assert [text[s.char_start : s.char_end] for s in sents] == expected
