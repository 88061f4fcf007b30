"""What the speaker rules ask about a text: its PER/ORG mentions, who a pronoun or a title refers to.

One object per text (``QuoteContext``), built once per ``extract_quotes`` call: it indexes the mentions
(adding surnames NER missed), and answers "the person a pronoun means", "the person the document gave
this title to", "the mention for this bare name", remembering the last named speaker.
"""

from __future__ import annotations

import bisect
import re

from .lexicon import ADJECTIVE_END, CONJUNCTIONS, DETERMINERS, PREPOSITIONS, PRONOUNS, cues
from .marks import sentence_start

TITLE_REACH = 6000  # how far back a title looks for the person the document gave it to


def _word_match(title_word: str, word: str, language: str) -> bool:
    """Two words are the same title word up to inflection (``Präsident``/``Präsidenten``,
    ``Kremls``/``Kreml``) or as a compound's head or modifier (``Minister`` in
    ``Verteidigungsminister``, ``Kreml`` in ``Kremlsprecher``)."""
    a, b = title_word.lower(), word.lower()
    if a == b:
        return True
    cp = 0
    for x, y in zip(a, b):
        if x != y:
            break
        cp += 1
    tail = 3 if language == "ru" else 2
    if cp >= 4 and len(a) - cp <= tail and len(b) - cp <= tail:
        return True
    return len(a) >= 5 and len(b) > len(a) + 2 and (b.endswith(a) or b.startswith(a))


class QuoteContext:
    def __init__(self, text: str, mentions: list[dict], language: str = "") -> None:
        self.text = text
        self.language = language
        real = sorted(
            (m for m in mentions if m.get("label") in ("PER", "ORG")),
            key=lambda m: (m["char_start"], m["char_end"]),
        )
        self.mentions = sorted(real + self._surname_mentions(real), key=lambda m: (m["char_start"], m["char_end"]))
        self.starts = [m["char_start"] for m in self.mentions]
        self.preps = PREPOSITIONS.get(language) or set().union(*PREPOSITIONS.values())
        self.cue_words = {c.lower() for c in cues(language)}
        self.last_speaker: tuple[str, dict | None, int] | None = None  # (text, mention, quote end)

    def _surname_mentions(self, real: list[dict]) -> list[dict]:
        """Words of a person's name seen elsewhere in the section where NER tagged nothing
        (``Putin erklärte`` after ``Wladimir Putin``): a mention of the same person."""
        busy = bytearray(len(self.text) + 1)  # characters inside a real mention or one added here
        for m in real:
            busy[m["char_start"]:m["char_end"]] = b"\x01" * (m["char_end"] - m["char_start"])
        out: list[dict] = []
        seen: set[str] = set()
        for m in real:
            if m["label"] != "PER":
                continue
            for tok in re.findall(r"[\w\-’']+", m["text"]):
                if len(tok) < 2 or not tok[0].isupper() or tok in seen or tok.lower() in DETERMINERS:
                    continue
                seen.add(tok)
                for hit in re.finditer(rf"(?<![\w.\-]){re.escape(tok)}(?![\w\-])", self.text):
                    s, e = hit.start(), hit.end()
                    if any(busy[s:e]):
                        continue
                    busy[s:e] = b"\x01" * (e - s)
                    out.append({"char_start": s, "char_end": e, "text": tok, "label": "PER",
                                "mention_no": m.get("mention_no"), "surname_of": m["text"]})
        return out

    def in_range(self, start: int, end: int) -> list[dict]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.mentions[lo:hi]

    def preceding_person(self, pos: int, max_back: int = 1500) -> dict | None:
        people = [m for m in self.in_range(pos - max_back - 200, pos) if m["label"] == "PER"
                  and pos - max_back <= m["char_end"] <= pos]
        return people[-1] if people else None

    def governed(self, m: dict) -> bool:
        """The mention is a preposition's object (``mit dem indischen Außenminister Ravi Kumar``):
        a preposition stands before it with only articles, adjectives and titles between."""
        seg = self.text[max(0, m["char_start"] - 80):m["char_start"]]
        seg = re.split(r"[.!?;:\n,()„“”«»\"]", seg)[-1]
        words = re.findall(r"[\w\-’']+", seg)[-5:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k].lower()
            if w in self.preps:
                return all(self._title_like(b) for b in words[k + 1:])
            if w in self.cue_words or w in CONJUNCTIONS:
                return False
        return False

    def _title_like(self, word: str) -> bool:
        low = word.lower()
        if low in self.cue_words:
            return False
        if self.language == "ru" or word[:1].isupper() or low in DETERMINERS:
            return True
        return bool(ADJECTIVE_END.search(low))

    def antecedent(self, pos: int, max_back: int = 1500) -> dict | None:
        """The person a pronoun at ``pos`` refers to: the nearest one in subject position (not a
        preposition's object, not after another person in its sentence), else the last named
        speaker, else the nearest person."""
        people = [m for m in self.in_range(pos - max_back - 200, pos) if m["label"] == "PER"
                  and pos - max_back <= m["char_end"] <= pos]
        for m in reversed(people):
            if self.governed(m):
                continue
            s0 = sentence_start(self.text, m["char_start"])
            if any(s0 <= o["char_start"] < m["char_start"] and not self.governed(o) for o in people):
                continue
            return m
        if self.last_speaker is not None and self.last_speaker[1] is not None:
            return self.last_speaker[1]
        return people[-1] if people else None

    def title_window(self, m: dict) -> list[str]:
        """The words that give a name its title: right before it (back to a sentence end, a
        conjunction or another name; one comma allowed: ``Die Sprecherin des Ministeriums,
        Anna Berg``) and an apposition after it (``Jonas Weber, Berater der Kanzlerin``)."""
        text = self.text
        lo = m["char_start"] - 100
        prev_end = max([o["char_end"] for o in self.in_range(lo - 200, m["char_start"]) if o["label"] == "PER"
                        and o["char_end"] <= m["char_start"] and o.get("mention_no") != m.get("mention_no")] + [0])
        seg = text[max(prev_end, lo, 0):m["char_start"]]
        seg = re.split(r"[.!?;:\n()„“”«»\"]", seg)[-1]
        parts = seg.split(",")
        seg = ",".join(parts[-2:]) if len(parts) > 1 and not parts[-1].strip() else parts[-1]
        words = re.findall(r"[\w’']+", seg)
        for k in range(len(words) - 1, -1, -1):
            if words[k].lower() in CONJUNCTIONS:
                words = words[k + 1:]
                break
        after = re.match(r",\s*([^,.;:!?\n()]{1,80})", text[m["char_end"]:])
        if after:
            words += re.findall(r"[\w’']+", after.group(1))
        if m["label"] == "ORG":
            words += re.findall(r"[\w’']+", m["text"])
        return words

    def titled(self, phrase: str, pos: int) -> dict | None:
        """The mention the document gave the title ``phrase`` to: the latest before ``pos``,
        else the first after it."""
        content = [w for w in re.findall(r"[\w’']+", phrase) if w.lower() not in DETERMINERS]
        if not content or content[0].lower() in PRONOUNS:
            return None
        near = [m for m in self.in_range(pos - TITLE_REACH, pos + TITLE_REACH // 4) if "surname_of" not in m]
        before = [m for m in near if m["char_end"] <= pos]
        after = [m for m in near if m["char_start"] > pos]
        for label in ("PER", "ORG"):
            for m in list(reversed(before)) + after:
                if m["label"] != label:
                    continue
                window = self.title_window(m)
                if all(self._title_word_in(t, window) for t in content):
                    return m
        return None

    def _title_word_in(self, word: str, window: list[str]) -> bool:
        """``word`` is in the window, inflected, or as a compound of two of its words
        (``Regierungssprecher`` for ``Sprecher der Regierung``)."""
        if any(_word_match(word, w, self.language) for w in window):
            return True
        low = word.lower()
        for head in window:
            h = head.lower()
            if len(h) >= 4 and low.endswith(h) and len(low) > len(h) + 2:
                modifier = low[:-len(h)].rstrip("s-")
                if any(_word_match(modifier, w, self.language) for w in window if w is not head):
                    return True
        return False

    def named(self, speaker_text: str) -> dict | None:
        """A person mention for a bare name NER did not tag here (``Uschakow``, ``Ushakov``)."""
        words = speaker_text.split()
        if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
            return None
        last = words[-1]
        for m in self.mentions:
            if m["label"] == "PER" and "surname_of" not in m:
                if any(_word_match(last, tok, self.language) for tok in re.findall(r"[\w\-’']+", m["text"])):
                    return m
        return None

    def resolve(self, speaker: tuple[str, dict | None] | None, pos: int) -> tuple[str, dict | None] | None:
        """A speaker with no mention: its bare name, its title, else (for a title) the last named
        speaker of the preceding sentences."""
        if speaker is None or speaker[1] is not None:
            return speaker
        spk_text = speaker[0]
        if spk_text.lower() in PRONOUNS:
            person = self.antecedent(pos)
            return (person["text"], person) if person else speaker
        found = self.named(spk_text) or self.titled(spk_text, pos)
        if found is not None:
            return found.get("surname_of") or found["text"], found
        last = self.last_speaker
        if last is not None and pos - last[2] <= 600 and not self.named_like(spk_text):
            if last[1] is not None:
                return last[1].get("surname_of") or last[1]["text"], last[1]
            if self.named_like(last[0]):
                return last[0], None  # a name NER missed ("laut Ushakov"): the linker looks it up
        return speaker

    @staticmethod
    def named_like(text: str) -> bool:
        """A name rather than a title: every word capitalised, no article."""
        words = text.split()
        return bool(words) and all(w[:1].isupper() for w in words) and words[0].lower() not in DETERMINERS
