import pytest

from transforms.entities.spans import trim_span


@pytest.mark.parametrize("text, expected", [
    ("Shanghaier Organisation für Zusammenarbeit (", "Shanghaier Organisation für Zusammenarbeit"),
    ("„Kreml“", "Kreml"),
    ("Moskau,", "Moskau"),
    ("Moskau.", "Moskau"),
    ("Washington D.C.", "Washington D.C."),
    ("Partei (SPD)", "Partei (SPD)"),
    ("(Xinhua)", "Xinhua"),
    ("«Газпром»", "Газпром"),
    ("В.", "В."),
    (" - ", ""),
])
def test_trim_span(text: str, expected: str) -> None:
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == expected
