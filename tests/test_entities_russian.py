"""natasha NER wrapped as a spaCy pipeline: entities on raw text and on pre-tokenised Docs."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from transforms.entities.russian import build_russian_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_russian_nlp()


def _ents(doc: Doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def test_pipeline_is_blank_ru_with_one_component(nlp) -> None:
    assert nlp.lang == "ru"
    assert nlp.pipe_names == ["natasha_ner"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Министр Игорь Петров прилетел в Новосибирск.", {("Игорь Петров", "PER"), ("Новосибирск", "LOC")}),
        ("Об этом заявил представитель ООН в Женеве.", {("ООН", "ORG"), ("Женеве", "LOC")}),
        ("Вчера В.Кузнецов выступил в Госдуме.", {("В.Кузнецов", "PER")}),
    ],
)
def test_raw_text(nlp, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _ents(nlp(text))


def test_pretokenised_doc_and_offsets(nlp) -> None:
    words = "Помощник президента Олег Смирнов прилетел в Казань .".split()
    doc = nlp(Doc(nlp.vocab, words=words))
    assert ("Олег Смирнов", "PER") in _ents(doc)
    for ent in doc.ents:
        assert doc.text[ent.start_char : ent.end_char] == ent.text


def test_long_text_keeps_offsets(nlp) -> None:
    sent = "Глава компании Анна Волкова посетила Самару. "
    text = sent * 60
    doc = nlp(text)
    pers = [e for e in doc.ents if e.label_ == "PER"]
    assert len(pers) == 60
    assert all(text[e.start_char : e.end_char] == "Анна Волкова" for e in pers)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Уважаемая Ольга Зимина, мы рады снова работать с Вами и благодарим Вас.", {"Ольга Зимина"}),
        ("Дорогой Тимур Ахметов! Вы знаете, как ценим Вашу помощь и Ваше участие.", {"Тимур Ахметов"}),
        ("С Вами говорил Пётр Ляхов, спасибо Вам.", {"Пётр Ляхов"}),
    ],
)
def test_polite_pronouns_are_not_entities(nlp, text: str, kept: set[str]) -> None:
    ents = {e.text for e in nlp(text).ents}
    assert kept <= ents
    assert not ents & {"Вами", "Вас", "Вы", "Вам", "Вашу", "Ваше"}, ents


def test_trim_cuts_pronouns_keeps_names(nlp) -> None:
    comp = nlp.get_pipe("natasha_ner")
    text = "в Вашем лице и с Вами Инна Серова, Том и Ли"

    def span(part: str) -> tuple[int, int]:
        return text.index(part), text.index(part) + len(part)

    assert comp.trim(text, *span("Вашем лице")) is None  # pronoun + common noun
    assert comp.trim(text, *span("Вами Инна Серова")) == span("Инна Серова")
    assert comp.trim(text, *span("Том")) == span("Том")  # also a first name
    assert comp.trim(text, *span("Ли")) == span("Ли")  # also a surname


def test_pipe_equals_per_doc_calls(nlp) -> None:
    texts = ["Министр Игорь Петров прилетел в Новосибирск.", "Спасибо Вам, Анна Волкова.", "",
             "Об этом заявил представитель ООН в Женеве."] * 3
    one_by_one = [_ents(nlp(t)) for t in texts]
    piped = [_ents(d) for d in nlp.pipe(texts, batch_size=5)]
    assert piped == one_by_one
    assert ("Анна Волкова", "PER") in piped[1] and ("Вам", "PER") not in piped[1]


@pytest.mark.parametrize(
    "span, label, kept",
    [
        ("Кто", "PER", None), ("Вами", "PER", None), ("Ваше", "PER", None),
        ("Наше радио", "ORG", "Наше радио"),  # possessives open real organisation names
        ("И. Петров", "PER", "И. Петров"),  # initials that are also conjunctions / prepositions
        ("В. Зимин", "PER", "В. Зимин"),
        ("де Сталь", "PER", "де Сталь"),  # name particles stay
        ("Бин Лин", "PER", "Бин Лин"),
        ("Вас Иван Зимин", "PER", "Иван Зимин"),
    ],
)
def test_trim_table(nlp, span: str, label: str, kept: str | None) -> None:
    got = nlp.get_pipe("natasha_ner").trim(span, 0, len(span), label)
    assert (span[got[0]:got[1]] if got else None) == kept


@pytest.mark.parametrize(
    "words, text",
    [
        ("Сёмин ( Овечкин , Фёдоров ) .", "Сёмин (Овечкин, Фёдоров)."),
        ("основатель партии Жан - Поль Лемуан", "основатель партии Жан-Поль Лемуан"),
        ("Иван Зорин - директор « Гаммы »", "Иван Зорин - директор «Гаммы»"),  # a dash before a lower-case word stays
    ],
)
def test_running_text_rejoins_words(words: str, text: str) -> None:
    from transforms.entities.russian import running_text

    got, starts = running_text(words.split())
    assert got == text
    assert [got[s : s + len(w)] for s, w in zip(starts, words.split())] == words.split()


def test_pretokenised_list_of_names_is_split(nlp) -> None:
    words = "Вчера Павел Глинкин ( Pavel Glinkin ) и Сёмин ( Кожухов , Дьяконов ) вышли на лёд .".split()
    ents = _ents(nlp(Doc(nlp.vocab, words=words)))
    assert {("Павел Глинкин", "PER"), ("Pavel Glinkin", "PER"), ("Кожухов", "PER"), ("Дьяконов", "PER")} <= ents
    assert not any("(" in text or "," in text for text, _ in ents), ents


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("Кожухов, Дьяконов", ["Кожухов", "Дьяконов"]),
        ("Глинкин (Glinkin)", ["Глинкин", "Glinkin"]),
        ("Бернс (", ["Бернс"]),
        ("Анна Волкова", ["Анна Волкова"]),
        ("Тверь, Ржев", ["Тверь", "Ржев"]),
    ],
)
def test_split_listed_names(text: str, pieces: list[str]) -> None:
    from transforms.entities.russian import split_listed_names

    got = split_listed_names(text, 0, len(text))
    assert [text[a:b] for a, b in got] == pieces


@pytest.mark.parametrize(
    "text, name",
    [("ОАО «Северсталь»", "Северсталь"), ("ООО « Ромашка »", "Ромашка"), ("РИА «Новости»", "РИА «Новости»"),
     ("Газпром", "Газпром")],
)
def test_strip_legal_form(text: str, name: str) -> None:
    from transforms.entities.russian import strip_legal_form

    a, b = strip_legal_form(text, 0, len(text))
    assert text[a:b] == name


def test_demonyms_are_not_places_and_org_words_are_organisations(nlp) -> None:
    comp = nlp.get_pipe("natasha_ner")
    assert comp.is_demonym("Американцы") and comp.is_demonym("Россияне")
    assert not comp.is_demonym("Феникс") and not comp.is_demonym("Москва") and not comp.is_demonym("Новые Черёмушки")
    assert comp.is_organisation_word("ЕС") and comp.is_organisation_word("НАТО")
    assert comp.is_non_noun("Побритый") and comp.is_non_noun("Будничная")
    assert not comp.is_non_noun("Шумов") and not comp.is_non_noun("Путин") and not comp.is_non_noun("Клинсман")
    assert not comp.is_organisation_word("СССР") and not comp.is_organisation_word("Казань")
    ents = _ents(nlp("Американцы и Евросоюз спорят, а ЕС молчит, заявил Игорь Петров в Казани."))
    assert not any(text == "Американцы" for text, _ in ents), ents
    assert ("ЕС", "ORG") in ents
