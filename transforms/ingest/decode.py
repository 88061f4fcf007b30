"""Bytes → str: BOMs, strict UTF-8, then charset-normalizer; empty and binary data are rejected."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms.ingest.errors import Rejected

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte Latin code pages charset-normalizer confuses on short German text (it likes cp1250
# for 'Größe'). Our corpus is German/English/Russian, so between these cp1252 wins when its
# decoding only yields Western-European characters.
_LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "iso8859_9", "iso8859_3",
    "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1254", "cp1257",
    "mac_roman", "mac_latin2", "cp850", "cp437", "cp858", "mac_iceland", "mac_turkish", "hp_roman8",
}
_WESTERN_EXTRA = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")

# More than this share of control characters (other than tab/newline/cr/ff) means binary data.
MAX_CONTROL_SHARE = 0.01


@dataclass
class Decoded:
    text: str
    encoding: str


def _is_western(text: str) -> bool:
    """True when every non-ASCII character is Latin-1 printable or cp1252 punctuation."""
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            continue
        if 0xA0 <= o <= 0xFF or ch in _WESTERN_EXTRA:
            continue
        return False
    return True


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return bad / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text that lost its BOM: NULs almost only at the odd (LE) or even (BE) positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(data) // 2
    if odd.count(0) > 0.6 * n and even.count(0) < 0.05 * n:
        enc = "utf-16-le"
    elif even.count(0) > 0.6 * n and odd.count(0) < 0.05 * n:
        enc = "utf-16-be"
    else:
        return None
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return None
    return enc


def _check(text: str, encoding: str) -> Decoded:
    if not text.strip():
        raise Rejected("decode", "empty", f"only whitespace after decoding as {encoding}")
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise Rejected("decode", "binary", f"{share:.1%} control characters after decoding as {encoding}")
    return Decoded(text=text, encoding=encoding)


def decode_bytes(data: bytes) -> Decoded:
    """Detect the encoding and decode; raise Rejected('decode', 'empty'|'binary'|'undecodable')."""
    if not data or not data.strip():
        raise Rejected("decode", "empty", "the file has no bytes" if not data else "the file holds only whitespace")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise Rejected("decode", "undecodable", f"{enc} BOM but invalid {enc}: {exc}") from None
            return _check(text, enc)
    if b"\x00" in data:
        enc16 = _utf16_without_bom(data)
        if enc16 is None:
            raise Rejected("decode", "binary", f"{data.count(0)} NUL bytes and not UTF-16/32 text")
        return _check(data.decode(enc16), enc16)
    try:
        return _check(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        share = _control_share(data.decode("latin-1"))
        if share > MAX_CONTROL_SHARE:
            raise Rejected("decode", "binary", f"{share:.1%} control bytes; no text encoding fits")
        raise Rejected("decode", "undecodable", "not UTF-8 and charset-normalizer found no encoding that fits")
    encoding = best.encoding
    text = str(best)
    if encoding in _LATIN_SINGLE_BYTE and encoding != "cp1252":
        try:
            alt = data.decode("cp1252")
        except UnicodeDecodeError:
            alt = None
        if alt is not None and _is_western(alt):
            encoding, text = "cp1252", alt
    return _check(text, encoding)
