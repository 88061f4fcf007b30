"""Transcript turns: a line ``Wladimir Putin: …`` / ``В.Путин: …`` opens a quote of that speaker.

A shape of its own: the quote has no marks and runs to the next turn, a heading or the end of
the text, and its speaker is the label, not a mention next to a speech verb.
"""

from __future__ import annotations

import re

from .context import QuoteContext
from .lexicon import NOT_SPEAKERS
from .marks import trim

_TURN = re.compile(
    r"(?m)^[ \t]*(?P<name>(?:[A-ZА-ЯЁ]\.[ \t]?){1,2}[A-ZА-ЯЁ][\w\-’']+"
    r"|[A-ZА-ЯЁ][\w\-’']*(?:[ \t]+(?:[A-ZА-ЯЁ][\w\-’']*|von|van|de|der|den|al|bin|ibn)){0,4})"
    r"(?:[ \t]*\([^()\n]{1,40}\))?:[ \t]+(?=\S)"
)


_INITIALS = re.compile(r"(?:[A-ZА-ЯЁ]\.[ \t]?){1,2}[A-ZА-ЯЁ][\w\-’']+")


def _turn_speaker(ctx: QuoteContext, m: re.Match[str]) -> tuple[str, dict | None] | None:
    """The person a transcript turn's label names, or None for labels that name nobody."""
    name = m.group("name")
    if name.split()[0].lower() in NOT_SPEAKERS:
        return None
    s, e = m.start("name"), m.end("name")
    people = [x for x in ctx.mentions if x["label"] == "PER" and x["char_start"] < e and s < x["char_end"]]
    if people:
        best = max(people, key=lambda x: x["char_end"] - x["char_start"])
        if best["char_end"] - best["char_start"] >= 0.6 * (e - s):
            return name, best
    if _INITIALS.fullmatch(name) or len(name.split()) >= 2:
        found = ctx.named(name)
        if found is not None or _INITIALS.fullmatch(name):
            return name, found
    return None


def _line_is_break(line: str) -> bool:
    """A line that ends a turn: a heading, a label or a dateline (short, no sentence end)."""
    s = line.strip()
    return bool(s) and len(s) < 120 and not re.search(r"[.!?…\"»“”)>\]]\**$", s)


def transcript_turns(ctx: QuoteContext) -> list[tuple[int, int, tuple[str, dict | None]]]:
    """Transcript turns (``Name: …`` at a line start) with their speakers; each runs to the next
    turn, a heading-like line or the end of the text."""
    text = ctx.text
    labels = []
    for m in _TURN.finditer(text):
        spk = _turn_speaker(ctx, m)
        # a label that names nobody ends a turn only when it is one ("Frage:"); "Zur Erinnerung:" does not
        if spk is not None or m.group("name").split()[0].lower() in NOT_SPEAKERS:
            labels.append((m, spk))
    out = []
    for k, (m, spk) in enumerate(labels):
        if spk is None:
            continue
        stop = labels[k + 1][0].start() if k + 1 < len(labels) else len(text)
        end = text.find("\n", m.end())
        end = stop if end == -1 or end > stop else end
        pos = end
        while pos < stop:
            nl = text.find("\n", pos + 1)
            line_end = stop if nl == -1 or nl > stop else nl
            line = text[pos:line_end]
            if line.strip():
                if _line_is_break(line):
                    break
                end = line_end
            pos = line_end
            if nl == -1:
                break
        start, stop_at = trim(text, m.end(), end)
        if stop_at - start >= 2:
            out.append((start, stop_at, spk))
    return out
