"""Direct quotations and who said them (German, Russian, English news style).

A quotation is text between quote marks („…“ "…" “…” «…» »…« ‚…‘) that a speech cue
attributes to someone:

* after the quote: ``„…“, sagte Putin`` · ``"…", so der Kreml-Sprecher`` ·
  ``«…», — заявил Ушаков`` · ``"…," said Trump`` / ``"…," Trump said``;
* before it, in the same sentence: ``Putin erklärte weiter: "…"`` · ``…, sagte der
  chinesische Staatschef: "…"`` · ``Er versicherte, dass Moskau „…“``.

* by a preposition in the quote's sentence: ``laut X`` · ``X zufolge`` · ``nach Angaben
  von X`` · ``по словам X`` · ``according to X``;
* in a relative clause: ``Brenner, der Olsen als „…“ bezeichnete`` (speaker: Brenner).

* a speaker turn in a transcript: a line ``Wladimir Putin: …`` / ``В.Путин: …`` opens a quote
  of that speaker that runs to the next turn, a heading or the end of the section;
* a speaker between two halves: ``„…“, sagte X, „…“`` · ``«…, — сказал X, — …»``.

The speaker is the PER (else ORG) mention next to the cue.  A pronoun (``sagte er``) takes the
nearest person in subject position (not one governed by a preposition: ``mit dem Minister X``),
else the last named speaker.  A title (``so der Kreml-Sprecher``, ``the minister``) takes the
person the document gave that title to (``Der Sprecher des Kremls, Dmitri Peskow``, ``Foreign
Minister Sergei Lavrov``: the title's words, inflected or as a compound head, stand next to the
name); with no such person it falls back to the last named speaker of the preceding sentences,
and otherwise stays ``speaker_text`` with no mention.  A surname alone that NER missed
(``Putin erklärte``) takes the mention of the full name seen in the section.

Not quotes: marks no cue attributes (scare quotes), names in quote marks (``«Газпром» заявил``,
``„Nord Stream 2“``: short, capitalised, not set off by a comma or colon), and pairs of straight
quotes whose opening mark is really a closing one (a fragment cut in the middle).

Why one module of ~780 lines: one concern (quotations and their speakers); the quote shapes and the
speaker resolution share the cue lexicons and the mention lookups. It is long; moving the per-language
cues into data files and the speaker resolution into its own module is open work (#11).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

_PAIRS = {"„": "“”", "“": "”", "«": "»", "»": "«", "‚": "‘", '"': '"'}
_MAX_QUOTE = 2000
TITLE_REACH = 6000  # how far back a title looks for the person the document gave it to

_CUES = {
    "de": [
        "sagte", "sagten", "sagt", "erklärte", "erklärten", "erklärt", "betonte", "betonten",
        "betont", "so", "meinte", "äußerte", "versicherte", "warnte", "forderte", "bekräftigte",
        "unterstrich", "erläuterte", "ergänzte", "fügte", "schrieb", "schreibt", "bezeichnete",
        "nannte", "kommentierte", "antwortete", "stellte", "hob", "kündigte", "teilte",
        "formulierte", "sprach", "rief", "zitierte", "behauptete", "bestätigte", "verkündete",
        "mitteilte", "mitteilten", "berichtete", "sagen", "erklären", "betonen",
    ],
    "ru": [
        "заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "отметил", "отметила",
        "подчеркнул", "подчеркнула", "сообщил", "сообщила", "добавил", "добавила", "заметил",
        "заметила", "пояснил", "пояснила", "указал", "указала", "констатировал", "заверил",
        "считает", "говорит", "написал", "написала", "ответил", "ответила", "признал", "уточнил",
        "назвал", "назвала", "назвали", "называет", "цитирует", "цитируют", "заявляет", "отмечает",
        "подчеркивает", "подчёркивает", "сообщает", "пишет", "добавив", "отметив", "подчеркнув",
    ],
    "en": [
        "said", "says", "told", "added", "stated", "stressed", "noted", "declared", "explained",
        "insisted", "warned", "wrote", "asked", "replied", "according to", "announced", "claimed",
        "called", "described", "adding", "saying", "quoted",
    ],
}
_PRONOUNS = {"er", "sie", "he", "she", "он", "она", "они", "they"}
# Prepositions that make a following name an object, not a speaker ("mit dem Minister X",
# "met with X", "встретился с X"), and words a speaker phrase after a cue never starts with.
# Not "of"/"für": they sit inside titles ("Secretary of State X", "Minister für Wirtschaft X").
_PREPOSITIONS = {
    "de": {"mit", "von", "vom", "zu", "zum", "zur", "bei", "beim", "über", "an", "am", "gegen", "auf",
           "aus", "nach", "neben", "gegenüber", "ohne", "um", "unter", "vor", "zwischen", "durch", "in", "im",
           "laut"},
    "en": {"with", "to", "by", "from", "for", "on", "at", "about", "against", "between", "in", "into",
           "toward", "towards", "without", "before", "after", "during"},
    "ru": {"с", "со", "к", "ко", "у", "для", "о", "об", "обо", "про", "при", "между", "от", "без", "над",
           "под", "перед", "за"},
}
# Participles that continue the previous speaker's sentence ("…," she said, adding: "…").
_PARTICIPLES = {"adding", "saying", "добавив", "отметив", "подчеркнув"}
# "Wie X mitteilte, …", "Как заявил X, …", "As X said, …": a clause naming the speaker.
_AS_WORDS = {"wie", "как", "as"}
# Words that end a title phrase before a name ("Xi und der russische Präsident Putin").
_CONJUNCTIONS = {"und", "sowie", "oder", "and", "or", "и", "или", "а"}
# A transcript turn's label that is no person ("Frage:", "Question:", "Вопрос:").
_NOT_SPEAKERS = {"frage", "antwort", "question", "answer", "вопрос", "ответ", "quelle", "source", "foto",
                 "update", "hinweis", "note", "fazit", "источник", "фото"}
# Attributions by a preposition instead of a verb ("laut X", "X zufolge", "по словам X"):
# (cue pattern, speaker side).  The speaker follows a prefix cue and precedes a postfix one.
_SOURCE_CUES: dict[str, list[tuple[str, str]]] = {
    "de": [(r"nach\s+Angaben\s+von", "after"), (r"nach\s+Angaben", "after"), (r"laut", "after"),
           (r"zufolge", "before"), (r"nach\s+Worten", "after")],
    "ru": [(r"по\s+словам", "after"), (r"по\s+данным", "after"), (r"по\s+мнению", "after")],
    "en": [(r"according\s+to", "after")],
}
# Relative pronouns opening a clause about the mention before the comma
# ("Brenner, der Olsen als „…“ bezeichnete"): that mention is the speaker.
_RELATIVE = r"der|die|das|welche[rsmn]?|who|which|который|которая|которые|которого"
_STOP_WORDS = {
    "und", "in", "im", "zu", "zum", "zur", "am", "an", "bei", "beim", "vor", "auf", "gegenüber",
    "nach", "während", "mit", "weiter", "später", "anschließend", "dazu", "außerdem", "daraufhin",
    "and", "in", "on", "at", "to", "during", "after", "in", "on", "with", "later", "и", "в", "на",
    "во", "по", "при", "журналистам", "позже", "также",
}
_WORD = r"[\w\-\.’']+"


def _cue_regex(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _cues(language: str) -> list[str]:
    return _CUES.get(language) or [c for v in _CUES.values() for c in v]


def _straight_can_open(text: str, i: int) -> bool:
    """A straight quote mark that opens: after a blank or an opening bracket/dash, before a non-blank."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:;„«»“‚'*") and not nxt.isspace()


def _straight_can_close(text: str, i: int) -> bool:
    """A straight quote mark that closes: not followed by a letter or digit."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not nxt.isalnum()


def _find_quotes(text: str) -> list[tuple[int, int]]:
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Inner quote span without surrounding blanks, markdown asterisks or a trailing comma."""
    while start < end and (text[start].isspace() or text[start] == "*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*,"):
        end -= 1
    return start, end


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing ``pos`` (after . ! ? or a blank line)."""
    window_start = max(0, pos - 400)
    best = window_start
    for m in re.finditer(r"[.!?…][\"“”»«*]*\s+|\n", text[window_start:pos]):
        best = window_start + m.end()
    return best


_DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "the", "a", "an"}


def _phrase(text: str, language: str) -> str:
    """A title phrase after a cue, cut at punctuation or a function word (``der Kreml-Sprecher``).

    German and English titles start with a determiner or a capital (nouns); anything else
    (``erklärt wurden``, ``seinerseits fest``) is the rest of the sentence, not a speaker.
    """
    words: list[str] = []
    for w in re.findall(_WORD, text):
        if w.lower() in _STOP_WORDS or len(words) >= 6:
            break
        words.append(w)
    if not words:
        return ""
    if language != "ru" and not (words[0].lower() in _DETERMINERS or words[0][:1].isupper()):
        return ""
    return " ".join(words).strip(" .,")


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


class _Ctx:
    def __init__(self, text: str, mentions: list[dict], language: str = "") -> None:
        self.text = text
        self.language = language
        real = sorted(
            (m for m in mentions if m.get("label") in ("PER", "ORG")),
            key=lambda m: (m["char_start"], m["char_end"]),
        )
        self.mentions = sorted(real + self._surname_mentions(real), key=lambda m: (m["char_start"], m["char_end"]))
        self.starts = [m["char_start"] for m in self.mentions]
        self.preps = _PREPOSITIONS.get(language) or set().union(*_PREPOSITIONS.values())
        self.cue_words = {c.lower() for c in _cues(language)}
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
                if len(tok) < 2 or not tok[0].isupper() or tok in seen or tok.lower() in _DETERMINERS:
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
        """The mention is a preposition's object (``mit dem chinesischen Außenminister Wang Yi``):
        a preposition stands before it with only articles, adjectives and titles between."""
        seg = self.text[max(0, m["char_start"] - 80):m["char_start"]]
        seg = re.split(r"[.!?;:\n,()„“”«»\"]", seg)[-1]
        words = re.findall(r"[\w\-’']+", seg)[-5:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k].lower()
            if w in self.preps:
                return all(self._title_like(b) for b in words[k + 1:])
            if w in self.cue_words or w in _CONJUNCTIONS:
                return False
        return False

    def _title_like(self, word: str) -> bool:
        low = word.lower()
        if low in self.cue_words:
            return False
        if self.language == "ru" or word[:1].isupper() or low in _DETERMINERS:
            return True
        return bool(re.search(r"(?:e|en|em|er|es|ed|an|ian|ese|ish)$", low))

    def antecedent(self, pos: int, max_back: int = 1500) -> dict | None:
        """The person a pronoun at ``pos`` refers to: the nearest one in subject position (not a
        preposition's object, not after another person in its sentence), else the last named
        speaker, else the nearest person."""
        people = [m for m in self.in_range(pos - max_back - 200, pos) if m["label"] == "PER"
                  and pos - max_back <= m["char_end"] <= pos]
        for m in reversed(people):
            if self.governed(m):
                continue
            s0 = _sentence_start(self.text, m["char_start"])
            if any(s0 <= o["char_start"] < m["char_start"] and not self.governed(o) for o in people):
                continue
            return m
        if self.last_speaker is not None and self.last_speaker[1] is not None:
            return self.last_speaker[1]
        return people[-1] if people else None

    def title_window(self, m: dict) -> list[str]:
        """The words that give a name its title: right before it (back to a sentence end, a
        conjunction or another name; one comma allowed: ``Der Sprecher des Kremls, Dmitri
        Peskow``) and an apposition after it (``Juri Uschakow, Berater des Präsidenten``)."""
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
            if words[k].lower() in _CONJUNCTIONS:
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
        content = [w for w in re.findall(r"[\w’']+", phrase) if w.lower() not in _DETERMINERS | {"dem", "den", "des"}]
        if not content or content[0].lower() in _PRONOUNS:
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
        if spk_text.lower() in _PRONOUNS:
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
        return bool(words) and all(w[:1].isupper() for w in words) and words[0].lower() not in _DETERMINERS


def _best(mentions: list[dict], first: bool = True) -> dict | None:
    """PER before ORG; the first (or last) of them in text order."""
    for label in ("PER", "ORG"):
        of = [m for m in mentions if m["label"] == label]
        if of:
            return of[0] if first else of[-1]
    return None


def _speaker_after_cue(
    ctx: _Ctx, start: int, limit: int, quote_start: int, language: str
) -> tuple[str, dict | None] | None:
    """Speaker in the words right after a cue (``sagte Putin``, ``so der Kreml-Sprecher``, ``sagte er``)."""
    seg = ctx.text[start:limit]
    cut = None
    for c in re.finditer(r"[,.;:!?\n()]", seg):
        if c.group() == "." and re.search(r"(?:^|\s)[A-ZА-ЯЁ][a-zа-яё]{0,3}$", seg[:c.start()]) \
                and re.match(r"\s+[A-ZА-ЯЁ]", seg[c.end():]):
            continue  # "said Sen. Chuck Schumer", "sagte Dr. Weber": an abbreviated title
        cut = c
        break
    seg_end = start + (cut.start() if cut else len(seg))
    words = re.findall(_WORD, ctx.text[start:seg_end])
    if words and words[0].lower() in _PRONOUNS:
        person = ctx.antecedent(quote_start)
        return (person["text"], person) if person else (words[0], None)
    if words and language in ("de", "en") and words[0].lower() in ctx.preps:
        return None  # "schrieb auf Telegram": a place or channel, not a speaker
    found = _best([m for m in ctx.in_range(start, seg_end) if m["char_end"] <= seg_end])
    phrase = _phrase(ctx.text[start:seg_end], language)
    if found is not None and found["label"] == "ORG" and _org_is_modifier(ctx.text[start:seg_end], found, start):
        found = None  # "the Kremlin spokesman", "der Sprecher des Kremls": a title, not the organisation
    if found is not None:
        return found["text"], found
    if phrase and cut is not None and seg[cut.start()] == ",":
        # Apposition: "sagte der Berater des Präsidenten, Juri Uschakow."
        appo = [m for m in ctx.in_range(seg_end, seg_end + 4) if m["label"] == "PER"]
        if appo:
            return appo[0]["text"], appo[0]
    return (phrase, None) if phrase else None


def _org_is_modifier(segment: str, org: dict, offset: int) -> bool:
    """An organisation inside a longer title phrase (``the Kremlin spokesman``) only modifies it."""
    rest = segment[:org["char_start"] - offset] + " " + segment[org["char_end"] - offset:]
    words = [w for w in re.findall(r"[\w’']+", rest) if w.lower() not in _DETERMINERS | {"dem", "den", "des", "в", "во", "на"}]
    return bool(words)


def _speaker_before_cue(ctx: _Ctx, sent_start: int, cue_start: int, quote_start: int) -> tuple[str, dict | None] | None:
    """Speaker in the clause before a cue (``Putin erklärte``, ``Er sagte``)."""
    before = ctx.text[sent_start:cue_start]
    pron = re.search(r"(?:^|\s)(\w+)\s*$", before)
    if pron and pron.group(1).lower() in _PRONOUNS:
        person = ctx.antecedent(sent_start)
        return (person["text"], person) if person else (pron.group(1), None)
    words = re.findall(r"[\w\-’']+", before)
    if 0 < len(words) <= 3 and words[0].lower() in _PRONOUNS:  # "Er fügte dann hinzu", "Он также отметил"
        person = ctx.antecedent(sent_start)
        return (person["text"], person) if person else (words[0], None)
    candidates = [m for m in ctx.in_range(sent_start, cue_start) if not ctx.governed(m)]
    found = _best(candidates, first=False)
    if found is not None and cue_start - found["char_end"] <= 80:
        return found["text"], found
    if 1 < len(words) <= 5 and words[0].lower() in _DETERMINERS and "," not in before:
        return " ".join(words), None  # "Der Außenminister sagte, …": a title, resolved later
    return None


def _as_clause_speaker(ctx: _Ctx, clause: str, sent_start: int, cue_end: int) -> tuple[str, dict | None] | None:
    """``Wie Regierungssprecher X mitteilte, …`` / ``Как заявил X, …`` / ``As X said, …``: the
    speaker is named inside the clause that opens with wie/как/as and ends at its comma."""
    first = re.match(r"\s*([\w’']+)", clause)
    if not first or first.group(1).lower() not in _AS_WORDS:
        return None
    comma = ctx.text.find(",", cue_end - 1 if cue_end > sent_start else sent_start)
    end = comma if comma != -1 else cue_end
    found = _best([m for m in ctx.in_range(sent_start, end) if not ctx.governed(m)])
    return (found["text"], found) if found is not None else None


def _sentence_end(text: str, pos: int) -> int:
    """End of the sentence containing ``pos`` (after . ! ? or at a line break), at most 400 chars on."""
    m = re.compile(r"[.!?…](?=[\s\"“”»«*]|$)|\n").search(text, pos, min(len(text), pos + 400))
    return m.end() if m else min(len(text), pos + 400)


def _source_speaker(ctx: _Ctx, language: str, q_start: int, q_end: int) -> tuple[str, dict | None, str] | None:
    """A prepositional attribution in the quote's sentence: ``laut X``, ``X zufolge``, ``по словам X``."""
    text = ctx.text
    lead = q_start - 1
    while lead > 0 and text[lead - 1].isspace():
        lead -= 1
    s0, s1 = _sentence_start(text, lead), _sentence_end(text, q_end + 1)
    langs = [language] if language in _SOURCE_CUES else list(_SOURCE_CUES)
    best: tuple[int, tuple[str, dict | None, str]] | None = None
    for lang in langs:
        for pattern, side in _SOURCE_CUES[lang]:
            for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text[s0:s1], re.IGNORECASE):
                c0, c1 = s0 + m.start(), s0 + m.end()
                if q_start <= c0 < q_end:
                    continue  # inside the quotation itself
                found: tuple[str, dict | None] | None = None
                if side == "after":
                    near = [x for x in ctx.in_range(c1, c1 + 25) if x["char_start"] - c1 <= 12]
                    spk = _best(near)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        cut = re.search(r"[,.;:!?\n()\"„“”«»]", text[c1:s1])
                        phrase = _phrase(text[c1:c1 + (cut.start() if cut else s1 - c1)], lang)
                        if lang == "de":  # a noun phrase ends with its first noun: "des Ministeriums"
                            words = phrase.split()
                            nouns = [i for i, w in enumerate(words) if w[:1].isupper() and w.lower() not in _DETERMINERS]
                            phrase = " ".join(words[: nouns[0] + 1]) if nouns else ""
                        found = (phrase, None) if phrase else None
                else:
                    near = [x for x in ctx.mentions if 0 <= c0 - x["char_end"] <= 3]
                    spk = _best(near, first=False)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        words = re.findall(_WORD, text[max(s0, c0 - 60):c0])[-3:]
                        dets = [i for i, w in enumerate(words) if w.lower() in _DETERMINERS | {"dem", "der"}]
                        phrase = " ".join(words[dets[-1]:]) if dets else ""
                        found = (phrase, None) if phrase else None
                if found is None:
                    continue
                cue = " ".join(m.group(0).lower().split())
                dist = min(abs(c0 - q_end), abs(q_start - c1))
                if best is None or dist < best[0]:
                    best = (dist, (found[0], found[1], cue))
    return best[1] if best else None


def _relative_speaker(ctx: _Ctx, q_start: int) -> tuple[str, dict] | None:
    """``Brenner, der Olsen als „…“ bezeichnete``: the mention before the relative pronoun."""
    text = ctx.text
    s0 = _sentence_start(text, q_start)
    m = None
    for m in re.finditer(rf",\s*(?:{_RELATIVE})\b[^,.;:!?„“”«»\"]*$", text[s0:q_start - 1], re.IGNORECASE):
        pass
    if m is None:
        return None
    comma = s0 + m.start()
    before = [x for x in ctx.mentions if 0 <= comma - x["char_end"] <= 2]
    spk = _best(before, first=False)
    return (spk["text"], spk) if spk is not None else None


_TURN = re.compile(
    r"(?m)^[ \t]*(?P<name>(?:[A-ZА-ЯЁ]\.[ \t]?){1,2}[A-ZА-ЯЁ][\w\-’']+"
    r"|[A-ZА-ЯЁ][\w\-’']*(?:[ \t]+(?:[A-ZА-ЯЁ][\w\-’']*|von|van|de|der|den|al|bin|ibn)){0,4})"
    r"(?:[ \t]*\([^()\n]{1,40}\))?:[ \t]+(?=\S)"
)
_INITIALS = re.compile(r"(?:[A-ZА-ЯЁ]\.[ \t]?){1,2}[A-ZА-ЯЁ][\w\-’']+")


def _turn_speaker(ctx: _Ctx, m: re.Match[str]) -> tuple[str, dict | None] | None:
    """The person a transcript turn's label names, or None for labels that name nobody."""
    name = m.group("name")
    if name.split()[0].lower() in _NOT_SPEAKERS:
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


def _turns(ctx: _Ctx) -> list[tuple[int, int, tuple[str, dict | None]]]:
    """Transcript turns (``Name: …`` at a line start) with their speakers; each runs to the next
    turn, a heading-like line or the end of the text."""
    text = ctx.text
    labels = []
    for m in _TURN.finditer(text):
        spk = _turn_speaker(ctx, m)
        # a label that names nobody ends a turn only when it is one ("Frage:"); "Zur Erinnerung:" does not
        if spk is not None or m.group("name").split()[0].lower() in _NOT_SPEAKERS:
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
        start, stop_at = _trim(text, m.end(), end)
        if stop_at - start >= 2:
            out.append((start, stop_at, spk))
    return out


def _name_like(text: str, q_start: int, q_end: int, ctx: _Ctx) -> bool:
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
def _split_around(text: str, start: int, end: int, cue_re: str) -> tuple[int, int, int, int, int, int] | None:
    """(first half, speaker words, second half) offsets of a quote cut by its own attribution."""
    m = re.search(rf"[,!?]?\s*[—–]\s*(?:{cue_re})\s+(?P<spk>[^,—–\n]{{1,60}}?)\s*,\s*[—–]\s*", text[start:end], re.IGNORECASE)
    if m is None or m.start() < 2 or end - (start + m.end()) < 2:
        return None
    a0, a1 = _trim(text, start, start + m.start())
    return a0, a1, start + m.start("spk"), start + m.end("spk"), start + m.end(), end


def extract_quotes(text: str, language: str, mentions: list[dict]) -> list[dict]:
    """Attributed direct quotations in ``text``; offsets relative to ``text`` (see module doc)."""
    ctx = _Ctx(text, mentions, language)
    cues = _cues(language)
    cue_re = _cue_regex(cues)
    after_cue = re.compile(rf"[\s,*]*(?:[–—-]+\s*)?(?P<cue>{cue_re})\b", re.IGNORECASE)
    after_en = re.compile(
        rf"[\s,*]*(?:[–—-]+\s*)?(?P<spk>(?:(?:the|a|an)\s+)?(?:[\w\-’']+\s+){{0,5}}?[\w\-’']+)\s+"
        rf"(?P<cue>said|says|told|added|stated|stressed|noted|warned|wrote|explained|заявил|заявила|сказал|сказала)\b"
    )
    cue_any = re.compile(rf"(?<![\w])(?P<cue>{cue_re})(?![\w])", re.IGNORECASE)
    found_quotes: list[tuple[int, int, tuple[str, dict | None], str]] = []
    turns = _turns(ctx)
    for start, end, spk in turns:
        found_quotes.append((start, end, spk, "turn"))
    for q_start, q_end in _find_quotes(text):
        start, end = _trim(text, q_start, q_end)
        if end - start < 2 or _name_like(text, q_start, q_end, ctx):
            continue
        halves = _split_around(text, start, end, cue_re)
        if halves is not None:
            a0, a1, s0, s1, b0, b1 = halves
            spk = _speaker_after_cue(ctx, s0, s1, q_start, language) or None
            spk = ctx.resolve(spk, q_start)
            if spk is not None:
                cue_m = cue_any.search(text, a1, s0)
                cue_word = cue_m.group("cue") if cue_m else ""
                found_quotes += [(a0, a1, spk, cue_word), (b0, b1, spk, cue_word)]
                ctx.last_speaker = (spk[0], spk[1], q_end)
                continue
        close = q_end + 1
        speaker: tuple[str, dict | None] | None = None
        cue = ""
        m = after_cue.match(text, close, min(len(text), close + 200))
        if m:
            cue = m.group("cue")
            speaker = _speaker_after_cue(ctx, m.end(), min(len(text), m.end() + 120), q_start, language)
        if speaker is None:
            m2 = after_en.match(text, close, min(len(text), close + 120))
            if m2:
                spk_start, spk_end = m2.start("spk"), m2.end("spk")
                words = m2.group("spk")
                found = _best(ctx.in_range(spk_start, spk_end))
                if found is not None and found["label"] == "ORG" and _org_is_modifier(words, found, spk_start):
                    found = None
                if words.lower() in _PRONOUNS:
                    person = ctx.antecedent(q_start)
                    speaker = (person["text"], person) if person else (words, None)
                elif found is not None:
                    speaker = (found["text"], found)
                elif words.split()[0].lower() in {"the", "a", "an"} or words[:1].isupper():
                    speaker = (words, None)
                if speaker is not None:
                    cue = m2.group("cue")
        if speaker is None:
            lead = q_start - 1
            while lead > 0 and text[lead - 1].isspace():  # "erklärte:\n“…”": the cue is on the line before
                lead -= 1
            sent_start = _sentence_start(text, lead)
            clause = text[sent_start:q_start - 1]
            last = None
            for mm in cue_any.finditer(clause):
                if mm.group("cue").lower() == "so" and not clause[mm.end():].strip().endswith(":") \
                        and not re.match(r"\s+[^,.;:!?]{1,40},", clause[mm.end():]):
                    continue  # German "so" only as "formulierte es so:" or "…, so Putin, …" before a quote
                last = mm
            if last is not None and last.group("cue").lower() in _PARTICIPLES:
                prev = ctx.last_speaker
                if prev is not None and prev[2] >= sent_start:  # "„…“, sagte er, adding: „…“"
                    speaker, cue = (prev[0], prev[1]), last.group("cue")
                    last = None
                else:
                    earlier = [mm for mm in cue_any.finditer(clause, 0, last.start())
                               if mm.group("cue").lower() not in _PARTICIPLES | {"so"}]
                    last = earlier[-1] if earlier else last
            if last is not None:
                c0, c1 = sent_start + last.start(), sent_start + last.end()
                cue = last.group("cue")
                speaker = None
                between = text[c1:q_start - 1]
                pron = re.match(r"\s+(\w+)", between)
                if pron and pron.group(1).lower() in _PRONOUNS:  # inverted order: "äußerte er sich …:"
                    person = ctx.antecedent(c0)
                    speaker = (person["text"], person) if person else (pron.group(1), None)
                elif re.fullmatch(r"[^,.;!?]*:\s*", between):  # "sagte der Premier: „…“"
                    speaker = _speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                elif re.fullmatch(r"[^.;:!?]{1,60},\s*", between):  # "„…“, sagte Baerbock, „…“"
                    speaker = _speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                elif cue.lower() == "so":  # "Jetzt, so die Ministerin, sei der Plan „…“"
                    speaker = _speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                if speaker is None or speaker[1] is None:
                    before = _speaker_before_cue(ctx, sent_start, c0, q_start)
                    if before is not None:
                        speaker = before
                if speaker is None:
                    speaker = _as_clause_speaker(ctx, clause, sent_start, c1)
        if speaker is None or speaker[1] is None:
            relative = _relative_speaker(ctx, q_start)
            if relative is not None:
                speaker = relative
                if not cue:
                    found_cue = [c for c in cue_any.finditer(text, q_start - 1 - 80, q_start)]
                    cue = found_cue[-1].group("cue") if found_cue else ""
        if speaker is None:
            source = _source_speaker(ctx, language, q_start, q_end)
            if source is not None:
                speaker, cue = source[:2], source[2]
        if speaker is None:
            continue
        speaker = ctx.resolve(speaker, q_start)
        found_quotes.append((start, end, speaker, cue))
        ctx.last_speaker = (speaker[0], speaker[1], q_end)
    out: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for start, end, (speaker_text, speaker_mention), cue in sorted(found_quotes, key=lambda q: (q[0], q[1])):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        out.append({
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "speaker_text": speaker_text,
            "speaker_mention_no": speaker_mention.get("mention_no") if speaker_mention else None,
            "cue": cue.lower(),
            "language": language,
        })
    return out


__all__ = ["extract_quotes"]
