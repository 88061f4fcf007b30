"""decode_bytes and normalize_text on bytes written here (no shared corpus needed)."""

from __future__ import annotations

import codecs
import os

import pytest

from transforms.ingest import Rejected, decode_bytes, normalize_text

GERMAN = (
    "Die Bürgermeisterin von Großhausen eröffnete am Dienstag die neue Brücke über die Ölbach-Aue.\n"
    "„Das ist ein schöner Tag für unsere Straße“, sagte sie – und dankte den Bauarbeitern.\n"
    "Die Kosten lagen bei 4,5 Millionen € und damit über dem Plan."
)
LATIN1_GERMAN = "Größere Übungen für Bäcker in München; Café und naïve Gäste."


def test_utf8_plain() -> None:
    d = decode_bytes(GERMAN.encode("utf-8"))
    assert d.encoding == "utf-8" and d.text == GERMAN


def test_utf8_bom() -> None:
    d = decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert d.encoding == "utf-8-sig" and d.text == GERMAN


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_32_with_bom(enc: str) -> None:
    data = GERMAN.encode(enc)
    if enc in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if enc.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    d = decode_bytes(data)
    assert d.text == GERMAN
    assert d.encoding.startswith(enc[:6])


def test_utf16_without_bom_is_not_binary() -> None:
    d = decode_bytes(GERMAN.encode("utf-16-le"))
    assert d.text == GERMAN and d.encoding == "utf-16-le"


def test_cp1252_german_keeps_umlauts_and_quotes() -> None:
    d = decode_bytes(GERMAN.encode("cp1252"))
    assert d.text == GERMAN
    assert d.encoding == "cp1252"


def test_latin1_german_keeps_umlauts() -> None:
    d = decode_bytes(LATIN1_GERMAN.encode("latin-1"))
    assert d.text == LATIN1_GERMAN
    assert "ü" in d.text and "ï" in d.text


def test_cp1251_russian() -> None:
    ru = "Президент встретился с министром иностранных дел в Москве и обсудил торговлю между странами."
    d = decode_bytes(ru.encode("cp1251"))
    assert d.text == ru


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n"])
def test_empty_rejected(data: bytes) -> None:
    with pytest.raises(Rejected) as exc:
        decode_bytes(data)
    assert (exc.value.stage, exc.value.reason) == ("decode", "empty")


def test_whitespace_only_utf16_is_empty() -> None:
    with pytest.raises(Rejected) as exc:
        decode_bytes("  \n \n".encode("utf-16"))
    assert exc.value.reason == "empty"


def test_binary_rejected() -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(Rejected) as exc:
        decode_bytes(png_like)
    assert (exc.value.stage, exc.value.reason) == ("decode", "binary")


def test_random_bytes_rejected_as_binary() -> None:
    rnd = bytes(b if b else 1 for b in os.urandom(4096))  # no NULs: must be caught by content
    with pytest.raises(Rejected) as exc:
        decode_bytes(rnd)
    assert exc.value.reason in ("binary", "undecodable")
    assert exc.value.reason != "empty"


def test_normalize_text() -> None:
    raw = "Zeile\u00a0eins  \r\nStra\u00dfe Bun\u00addes\u200btag\r\r\n\n\n\n\nE\u0301nde\t \n"
    out = normalize_text(raw)
    assert out == "Zeile eins\nStraße Bundestag\n\n\nÉnde"


def test_normalize_keeps_paragraphs_and_leading_indent() -> None:
    raw = "Titel\n\nAbsatz eins.\n  1. Punkt\n\nAbsatz zwei."
    assert normalize_text(raw) == raw


@pytest.mark.parametrize("enc", ["koi8-r", "cp866", "cp1251"])
def test_short_legacy_russian(enc: str) -> None:
    ru = "Министр встретился с послом в Казани"
    assert decode_bytes(ru.encode(enc)).text == ru


def test_polish_cp1250_is_not_forced_into_cp1252() -> None:
    pl = "Władze miasta ogłosiły, że nowy most zostanie otwarty w przyszłym tygodniu, a mieszkańcy są zadowoleni."
    d = decode_bytes(pl.encode("cp1250"))
    assert d.text == pl and d.encoding == "cp1250"
