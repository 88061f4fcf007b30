"""Rules after natasha for Russian organisations: invented sentences -> the spans each rule gives."""

from __future__ import annotations

from functools import lru_cache

import pytest

from transforms.entities import russian_org as ro


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def parse(word: str):
    return _morph().parse(word.lower())


def spans_of(text: str, *parts: tuple[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) for each (surface, label); the n-th repeat of a surface is found in order."""
    out, pos = [], 0
    for surface, label in parts:
        start = text.index(surface, pos)
        out.append((start, start + len(surface), label))
        pos = start + len(surface)
    return out


def texts(text: str, spans) -> set[tuple[str, str]]:
    return {(text[s:e], lab) for s, e, lab in spans}


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Сенатор выступил в Конгрессе Бразилии во вторник.",
         [("Конгрессе", "ORG"), ("Бразилии", "LOC")], {("Конгрессе Бразилии", "ORG")}),
        ("Представитель Министерства финансов Чили ответил журналистам.",
         [("Министерства финансов", "ORG"), ("Чили", "LOC")], {("Министерства финансов Чили", "ORG")}),
        ("Сотрудники Института философии РАН провели семинар.",
         [("Института философии", "ORG"), ("РАН", "ORG")], {("Института философии РАН", "ORG")}),
        ("Глава МИД РФ прилетел в Осло.",
         [("МИД", "ORG"), ("РФ", "LOC"), ("Осло", "LOC")], {("МИД РФ", "ORG"), ("Осло", "LOC")}),
        # a comma between: two names
        ("Делегации ЮНЕСКО, Франции и Италии встретились.",
         [("ЮНЕСКО", "ORG"), ("Франции", "LOC"), ("Италии", "LOC")],
         {("ЮНЕСКО", "ORG"), ("Франции", "LOC"), ("Италии", "LOC")}),
        # a place in the nominative after an organisation is no attribute of it
        ("В понедельник ЮНЕСКО Франция поддержала.",
         [("ЮНЕСКО", "ORG"), ("Франция", "LOC")], {("ЮНЕСКО", "ORG"), ("Франция", "LOC")}),
    ],
)
def test_merge_attributes(text, natasha, expected) -> None:
    assert texts(text, ro.merge_attributes(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Об этом сообщил Союз свободных художников (ССХ) в среду.",
         [("Союз свободных художников (ССХ)", "ORG")], {("Союз свободных художников", "ORG"), ("ССХ", "ORG")}),
        ("Концерн «Вольво» (Volvo) открыл завод.",
         [("«Вольво» (Volvo)", "ORG")], {("Вольво", "ORG"), ("Volvo", "ORG")}),
        ("Москва (столица) приняла гостей.", [("Москва (столица)", "LOC")], {("Москва (столица)", "LOC")}),
    ],
)
def test_split_brackets(text, natasha, expected) -> None:
    assert texts(text, ro.split_brackets(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Как сообщает агентство ИА «Северный ветер», рейс отменён.",
         [("ИА «Северный ветер»", "ORG")], {("Северный ветер", "ORG")}),
        ("Концерн «Рассвет» построил цех.", [("Концерн «Рассвет»", "ORG")], {("Рассвет", "ORG")}),
        ("Компания Вектор-Плюс построила цех.", [("Вектор-Плюс", "ORG")], {("Вектор-Плюс", "ORG")}),
    ],
)
def test_quoted_names(text, natasha, expected) -> None:
    assert texts(text, ro.quoted_names(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Решение Африканского союза вступит в силу.", [("Африканского союза", "LOC")],
         {("Африканского союза", "ORG")}),
        ("Границы Евросоюза закрыты.", [("Евросоюза", "LOC")], {("Евросоюза", "ORG")}),
        ("Он вернулся в Северную Корею.", [("Северную Корею", "LOC")], {("Северную Корею", "LOC")}),
    ],
)
def test_org_head_places(text, natasha, expected) -> None:
    assert texts(text, ro.org_head_places(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Представитель норвежского МИДа не ответил.", [("МИДа", "ORG")], {("норвежского МИДа", "ORG")}),
        ("Данные испанского Минфина опубликованы.", [("Минфина", "ORG")], {("испанского Минфина", "ORG")}),
        ("Он долго работал в Минфине.", [("Минфине", "ORG")], {("Минфине", "ORG")}),
    ],
)
def test_qualifier_adjectives(text, natasha, expected) -> None:
    assert texts(text, ro.qualifier_adjectives(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Вчера Координационный совет вкладчиков собрался снова.", [("Координационный совет", "ORG")],
         {("Координационный совет вкладчиков", "ORG")}),
        # an organisation in the genitive: what follows belongs to the phrase around it
        ("Здание для Верховного суда комплекса зданий выбрано.", [("Верховного суда", "ORG")],
         {("Верховного суда", "ORG")}),
        ("Городской совет по культуре заседал.", [("Городской совет", "ORG")], {("Городской совет", "ORG")}),
    ],
)
def test_extend_genitive(text, natasha, expected) -> None:
    assert texts(text, ro.extend_genitive(text, spans_of(text, *natasha), parse)) == expected


@pytest.mark.parametrize(
    "text, natasha, expected",
    [
        ("Успешно прошли Недели поэзии в обеих странах.", [("Недели поэзии", "ORG")], set()),
        ("Совет ветеранов собрался в пятницу.", [("Совет ветеранов", "ORG")], {("Совет ветеранов", "ORG")}),
        ("Белая гвардия отступила.", [("Белая гвардия", "ORG")], {("Белая гвардия", "ORG")}),
        ("Партия «Зелёный сад» набрала 3 %.", [("Зелёный сад", "ORG")], {("Зелёный сад", "ORG")}),
    ],
)
def test_drop_common_phrases(text, natasha, expected) -> None:
    assert texts(text, ro.drop_common_phrases(text, spans_of(text, *natasha), parse)) == expected


def test_default_rules_are_the_kept_ones() -> None:
    assert ro.DEFAULT_RULES == ("org_head_places", "merge_attributes", "split_brackets", "quoted_names",
                                "qualifier_adjectives", "extend_genitive", "drop_common_phrases")


@pytest.fixture(scope="module")
def nlp():
    from transforms.entities.russian import build_russian_nlp

    return build_russian_nlp()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Министерство иностранных дел Норвегии выразило протест.", ("Министерство иностранных дел Норвегии", "ORG")),
        ("Об этом заявили в Конгрессе США.", ("Конгрессе США", "ORG")),
    ],
)
def test_pipeline_runs_the_rules(nlp, text: str, expected: tuple[str, str]) -> None:
    assert expected in {(e.text, e.label_) for e in nlp(text).ents}
