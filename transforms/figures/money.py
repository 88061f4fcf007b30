"""Money that says its currency elsewhere: carried over from an earlier amount, or from a
table's column heading.

`Brasilien mit 7,4 Milliarden und Kolumbien mit 4,5 Milliarden` after `12 Milliarden Dollar`
are dollars; the cells under a heading `тыс. рублей` are thousands of roubles. Only bare
amounts are touched: a number with a scale word (or a table cell) and nothing counted after it.
"""

from __future__ import annotations

import re

from .lexicon import LANGUAGES, SCALES, Lexicon

CARRY_CHARS = 600  # how far back an amount's currency carries (same paragraph only)
_CELL_SEP = re.compile(r"\t|\s\|\s?|\|\s|\s{2,}")


def carry_currency(text: str, recs: list[dict], bare: list[dict]) -> list[dict]:
    """Bare scaled amounts (`7,4 Milliarden`) become money in the currency of the amount before
    them in the paragraph, or, without one, of the section's only currency. Returns those changed."""
    money = [r for r in recs if r["kind"] == "money"]
    codes = {r["unit"] for r in money}
    changed = []
    for rec in bare:
        before = [m for m in money if m["char_end"] <= rec["char_start"]
                  and rec["char_start"] - m["char_end"] <= CARRY_CHARS
                  and "\n\n" not in text[m["char_end"]:rec["char_start"]]]
        code = before[-1]["unit"] if before else (next(iter(codes)) if len(codes) == 1 else None)
        if code is None:
            continue
        rec.update(kind="money", unit=code, subject=None, note="currency taken from the amount before it"
                   if before else "currency taken from the section's only currency")
        changed.append(rec)
    return changed


def table_units(lex: Lexicon, text: str, lang: str) -> list[tuple[int, int, float, str]]:
    """(start, end, scale, currency) of table bodies under a heading naming scale and currency."""
    heading = LANGUAGES[lang].TABLE_UNIT
    out = []
    pos = 0
    lines = text.split("\n")
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    for k, line in enumerate(lines):
        m = heading.search(line)
        if not m:
            continue
        raw_scale, cur = m.group("scale").lower().rstrip("."), m.group("cur").lower().rstrip(".")
        scale = lex.ru_scale.get(raw_scale) if lang == "ru" else SCALES[lang].get(raw_scale)
        code = LANGUAGES[lang].TABLE_CURRENCY.get(cur) or \
            LANGUAGES[lang].CURRENCY_WORDS.get(lex.lem.ru_lemma(cur) if lang == "ru" else cur)
        if not scale or not code:
            continue
        end = k + 1
        while end < len(lines) and lines[end].strip() and _CELL_SEP.search(lines[end].strip()):
            end += 1
        if end > k + 1:
            out.append((offsets[k + 1], offsets[end - 1] + len(lines[end - 1]), scale, code))
    return out


def apply_table_units(text: str, regions: list[tuple[int, int, float, str]], cells: list[dict]) -> None:
    """Table cells (bare numbers) under a money heading become money of its scale and currency."""
    for rec in cells:
        for s, e, scale, code in regions:
            if s <= rec["char_start"] < e:
                rec.update(kind="money", unit=code, value=rec["value"] * scale,
                           value_max=rec["value_max"] * scale if rec["value_max"] is not None else None,
                           note="unit and scale from the table's heading")
                break
