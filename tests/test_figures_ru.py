"""Russian figures: one row per SPEC kind/format, sentence → expected record (own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from test_figures_common import check, fx  # noqa: F401  (fixture)

PUB = dt.date(2026, 2, 4)

CASES = [
    # money
    ("Товарооборот преодолел отметку в 150 млрд долларов.", "150 млрд долларов",
     dict(kind="money", value=150e9, unit="USD", subject="товарооборот")),
    ("Компания потеряла 300 миллионов рублей.", "300 миллионов рублей", dict(kind="money", value=300e6, unit="RUB")),
    ("Кредит составил 1,5 млн евро.", "1,5 млн евро", dict(kind="money", value=1.5e6, unit="EUR")),
    ("Фонд выделил полтора миллиарда юаней.", "полтора миллиарда юаней", dict(kind="money", value=1.5e9, unit="CNY")),
    ("Цена – от 20 тыс. до 40 тыс. рублей.", "от 20 тыс. до 40 тыс. рублей",
     dict(kind="money", value=20000, value_max=40000, unit="RUB")),
    # quantity
    ("В Казани учатся более 12 тысяч вьетнамских студентов.", "более 12 тысяч вьетнамских студентов",
     dict(kind="quantity", value=12000, unit="студент", qualifier="over")),
    ("Прошло 350 мероприятий.", "350 мероприятий", dict(kind="quantity", value=350, unit="мероприятие")),
    ("Приехали двадцать пять делегаций.", "двадцать пять делегаций", dict(kind="quantity", value=25, unit="делегация")),
    ("На форум пришли 10 000 гостей.", "10 000 гостей", dict(kind="quantity", value=10000, unit="гость")),
    ("Около 70 судов вышли в море.", "Около 70 судов", dict(kind="quantity", value=70, qualifier="about", unit="судно")),
    # percent
    ("Экспорт зерна вырос более чем на 30 процентов.", "более чем на 30 процентов",
     dict(kind="percent", value=30, unit="%", qualifier="over", subject="экспорт")),
    ("Инфляция составила 7,5%.", "7,5%", dict(kind="percent", value=7.5, unit="%")),
    # duration
    ("Встреча продолжалась 2 часа 10 минут.", "2 часа 10 минут",
     dict(kind="duration", value=130, unit="minute", subject="встреча")),
    ("Переговоры шли почти полтора часа.", "почти полтора часа",
     dict(kind="duration", value=1.5, unit="hour", qualifier="about")),
    ("Договор продлили на один год.", "один год", dict(kind="duration", value=1, unit="year")),
    ("Стройка заняла пять лет.", "пять лет", dict(kind="duration", value=5, unit="year")),
    # date
    ("Заявление появилось 3 февраля 2026 года.", "3 февраля 2026 года",
     dict(kind="date", value=None, unit="day", date_value=dt.date(2026, 2, 3))),
    ("Срок истекает 5 февраля.", "5 февраля", dict(kind="date", date_value=dt.date(2026, 2, 5))),
    ("Министр был на параде 9 мая.", "9 мая", dict(kind="date", date_value=dt.date(2025, 5, 9))),
    ("Рынок вырос в 2024 году.", "в 2024 году", dict(kind="date", unit="year", date_value=dt.date(2024, 1, 1))),
    ("Саммит пройдёт в ноябре.", "в ноябре", dict(kind="date", unit="month", date_value=dt.date(2026, 11, 1))),
    ("2027–28 годы объявлены Годами культуры.", "2027–28 годы",
     dict(kind="date", unit="year", date_value=dt.date(2027, 1, 1), value_max=2028)),
    ("Делегация прилетела в понедельник.", "в понедельник", dict(kind="date", date_value=dt.date(2026, 2, 2))),
    # time
    ("Брифинг начался в 11:40.", "в 11:40", dict(kind="time", value=700, unit="minute")),
    # ordinal
    ("Это седьмая встреча в таком формате.", "седьмая встреча", dict(kind="ordinal", value=7, unit="встреча")),
    ("Начался первый год 16-й пятилетки.", "16-й пятилетки", dict(kind="ordinal", value=16, unit="пятилетка")),
    ("Отмечается 30-летие договора.", "30-летие", dict(kind="ordinal", value=30)),
    # ratio
    ("Флот в пять раз меньше.", "в пять раз", dict(kind="ratio", value=5, unit="times")),
    ("Министры встречались дважды.", "дважды", dict(kind="ratio", value=2, unit="times")),
]

NOT_FIGURES = [
    "Самолёт Су-57 и группа G20 обсуждали COVID-19.",
    "Подробности на https://example.ru/news/2026/02/04.",
]


@pytest.mark.parametrize("sentence,span,expected", CASES, ids=[c[1] for c in CASES])
def test_ru_figure(fx, sentence, span, expected):
    check(fx, sentence, "ru", PUB, span, expected)


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_ru_not_figures(fx, sentence):
    recs = fx.extract(sentence, "ru", PUB)
    assert recs == [], [r["text"] for r in recs]
