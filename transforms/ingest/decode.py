"""Bytes → str: BOMs, strict UTF-8, then charset-normalizer; empty and binary data are rejected."""

from __future__ import annotations

import codecs
import re
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
# What a real German/English/French... text decoded as cp1252 contains beyond ASCII: Latin letters,
# no-break space and the usual typographic punctuation. Cyrillic cp1251 bytes decode to a flood of
# Latin-1 letters (caught by the share test), Polish cp1250 to '³' '¹' (not in this class).
_NOT_WESTERN = re.compile(
    "[^\x00-\x7f\xa0\xa1\xa3\xa5\xa7\xa9\xab\xae\xb0\xb4\xb7\xbb\xbf\xc0-\xd6\xd8-\xf6\xf8-\xff"
    "€‚„…†‡‰‹›‘’“”•–—™ŒœŠšŽžŸƒ]"
)
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
_LETTER = re.compile(r"[^\W\d_]")
MAX_NON_ASCII_LETTER_SHARE = 0.4  # German is ~2%, cp1251 Russian read as cp1252 ~100%
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc except \t \n \v \f \r

# Legacy encodings of German/Russian/English (and neighbouring) text, tried before all others.
EXPECTED_LEGACY = ("cp1252", "cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic", "cp1250", "iso8859_2", "iso8859_15", "latin_1")

# More than this share of control characters means binary data.
MAX_CONTROL_SHARE = 0.01


# A file that is UTF-8 but for a few bad bytes stays UTF-8 (bad bytes -> U+FFFD, with a note):
# when its correctly encoded non-ASCII characters outnumber the bad sequences this many times.
# A legacy (cp1252) file has hardly any valid multi-byte sequences, so it never passes.
MIN_GOOD_PER_BAD_UTF8 = 3


@dataclass
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # what decoding had to repair (e.g. bad bytes replaced), for the quarantine log


def _mostly_utf8(data: bytes) -> Decoded | None:
    """Decoded text of UTF-8 data with a few invalid bytes, or None when it is not mostly UTF-8."""
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd") - data.count("\ufffd".encode())
    n_good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if n_bad <= 0 or n_good < MIN_GOOD_PER_BAD_UTF8 * n_bad:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    note = f"{n_bad} invalid UTF-8 sequence(s) replaced by U+FFFD (first at byte {first})"
    return Decoded(text=text, encoding="utf-8", note=note)


def _is_western(text: str, check_share: bool = True) -> bool:
    """True when the text looks like Western-European prose: only Latin letters and common
    punctuation beyond ASCII, and (``check_share``) not mostly non-ASCII letters."""
    if _NOT_WESTERN.search(text):
        return False
    if not check_share:
        return True
    letters = len(_LETTER.findall(text))
    return len(_NON_ASCII_LETTER.findall(text)) <= MAX_NON_ASCII_LETTER_SHARE * max(letters, 1)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


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
    repaired = _mostly_utf8(data)
    if repaired is not None:  # mostly UTF-8: a few bad bytes must not turn the whole text into mojibake
        checked = _check(repaired.text, "utf-8")
        checked.note = repaired.note
        return checked
    try:  # fast path for the common legacy case, German/English in cp1252 (or latin-1)
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _is_western(western):
        return _check(western, "cp1252")
    # Short texts fool charset-normalizer's full search (KOI8-R read as Shift-JIS, Polish as
    # cp1257): ask it about the encodings this corpus (German, Russian, English) uses first.
    best = from_bytes(data, cp_isolation=list(EXPECTED_LEGACY)).best() or from_bytes(data).best()
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
        if alt is not None and _is_western(alt, check_share=False):
            encoding, text = "cp1252", alt
    return _check(text, encoding)
