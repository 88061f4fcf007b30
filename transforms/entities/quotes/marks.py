"""Where quotations are: pairs of quote marks, their inner spans, sentence bounds around them.

Apart from who said it: finding „…“ «…» "…" pairs is about marks alone (which straight quote opens,
which closes, where a stray mark restarts the scan), and every attribution rule reads the spans and
sentence bounds found here.
"""

from __future__ import annotations

import re

_PAIRS = {"„": "“”", "“": "”", "«": "»", "»": "«", "‚": "‘", '"': '"'}


_MAX_QUOTE = 2000


def _straight_can_open(text: str, i: int) -> bool:
    """A straight quote mark that opens: after a blank or an opening bracket/dash, before a non-blank."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:;„«»“‚'*") and not nxt.isspace()


def _straight_can_close(text: str, i: int) -> bool:
    """A straight quote mark that closes: not followed by a letter or digit."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not nxt.isalnum()


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quote mark pair's inner text, quote marks excluded.

    A straight quote that cannot close (a letter follows) while one is open means the open one
    was a stray mark (``die Lage "ernst, … man habe "alles im Griff"``): the scan restarts at
    the later mark, so no quote is cut from the middle of two."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closers = _PAIRS.get(ch)
        if closers is None or (ch == '"' and not _straight_can_open(text, i)):
            i += 1
            continue
        j = i + 1
        limit = min(n, i + 1 + _MAX_QUOTE)
        restart = None
        while j < limit and text[j] not in "„«":
            if text.startswith("\n\n", j):
                break
            if text[j] in closers:
                if ch != '"' or _straight_can_close(text, j):
                    break
                restart = j  # an opening mark: the one at i had no partner
                break
            j += 1
        if restart is not None:
            i = restart
            continue
        if j < limit and text[j] in closers:
            spans.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Inner quote span without surrounding blanks, markdown asterisks or a trailing comma."""
    while start < end and (text[start].isspace() or text[start] == "*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*,"):
        end -= 1
    return start, end


def sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing ``pos`` (after . ! ? or a blank line)."""
    window_start = max(0, pos - 400)
    best = window_start
    for m in re.finditer(r"[.!?…][\"“”»«*]*\s+|\n", text[window_start:pos]):
        best = window_start + m.end()
    return best


def sentence_end(text: str, pos: int) -> int:
    """End of the sentence containing ``pos`` (after . ! ? or at a line break), at most 400 chars on."""
    m = re.compile(r"[.!?…](?=[\s\"“”»«*]|$)|\n").search(text, pos, min(len(text), pos + 400))
    return m.end() if m else min(len(text), pos + 400)


def name_like(text: str, q_start: int, q_end: int, ctx: QuoteContext) -> bool:
    """Quote marks around a name (``«Газпром» заявил``, ``„Nord Stream 2“``): a short capitalised
    phrase with no sentence punctuation, not set off from its sentence by a comma, dash or colon."""
    inner = text[q_start:q_end].strip()
    if not inner or len(inner) > 60 or len(inner.split()) > 5 or re.search(r"[.!?…,;:]", inner):
        return False
    covered = any(m["char_end"] >= q_end - 1 and m["label"] != "PER" for m in ctx.in_range(q_start - 1, q_start + 2))
    if not (inner[0].isupper() or inner[0].isdigit() or covered):
        return False
    after = text[q_end + 1:q_end + 6]
    before = text[max(0, q_start - 6):q_start - 1]
    return not (re.match(r"[\s*]*[,–—]", after) or before.rstrip(" \t\n*").endswith(":"))


# «…, — сказал Песков, — …»: the speaker inside one pair of marks, between two halves.
def split_around(text: str, start: int, end: int, cue_re: str) -> tuple[int, int, int, int, int, int] | None:
    """(first half, speaker words, second half) offsets of a quote cut by its own attribution."""
    m = re.search(rf"[,!?]?\s*[—–]\s*(?:{cue_re})\s+(?P<spk>[^,—–\n]{{1,60}}?)\s*,\s*[—–]\s*", text[start:end], re.IGNORECASE)
    if m is None or m.start() < 2 or end - (start + m.end()) < 2:
        return None
    a0, a1 = trim(text, start, start + m.start())
    return a0, a1, start + m.start("spk"), start + m.end("spk"), start + m.end(), end
