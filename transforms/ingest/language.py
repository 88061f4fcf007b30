"""Language sections: runs of paragraphs (lines) in one language, covering the whole text.

Why lines: the input stream puts one paragraph per line (often without blank lines between), and
a quoted original or an embedded tweet starts on its own line.

Decisions:
- Paragraph = one non-empty line. Lines longer than ``MAX_DETECT_CHARS`` are judged on their start.
- lingua (low-accuracy mode, models preloaded once) scores the requested languages plus a few
  common *sentinel* languages (fr, es, it, nl, pl, pt, uk, tr). A long paragraph whose best
  language is a sentinel becomes 'und' (not forced into de/ru/en: downstream German NER on French
  text would only produce noise). Short paragraphs never become 'und'.
- Short or ambiguous paragraphs (fewer than ``MIN_LETTERS`` letters or ``MIN_WORDS`` words, dates,
  numbers, '<…>', low confidence) take the language of their neighbours: the previous paragraph's,
  unless previous and next differ and the paragraph's own best guess is the next one's.
- Script first: a paragraph is Cyrillic when ≥30% of its words are Cyrillic. When 'ru' is the only
  Cyrillic language requested, a Cyrillic paragraph without Ukrainian/Belarusian/Serbian letters is
  'ru' outright, short or long, and skips lingua (which confuses short Russian lines with
  Ukrainian); one with such letters goes to lingua and may become 'und'.
- Sections cover ``text`` without gaps or overlap: the first starts at 0, each next one starts at
  its first paragraph, the last ends at len(text). Whitespace between languages belongs to the
  earlier section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

UND = "und"
MIN_LETTERS = 20
MIN_WORDS = 3
MIN_CONFIDENCE = 0.5  # below: ambiguous, resolved by neighbours
MIN_UND_LETTERS = 40  # a sentinel language needs this much text (and UND_CONFIDENCE) to win
UND_CONFIDENCE = 0.8
MAX_DETECT_CHARS = 600  # lingua is sure long before this; longer lines cost time only
CYRILLIC_WORD_SHARE = 0.3
SENTINELS = ("fr", "es", "it", "nl", "pl", "pt", "uk", "tr")
_CYRILLIC_LANGS = {"ru", "uk", "bg", "be", "sr", "mk", "kk", "mn"}

_LINE = re.compile(r"[^\n]+")
_CYR = re.compile(r"[\u0400-\u04FF]")  # .match: a word starting in Cyrillic
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#]\w+")
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
_NON_RU_CYR = re.compile(r"[іїєґўђјљњћџѓќѕІЇЄҐЎЂЈЉЊЋЏЃЌЅ]")


@dataclass
class Section:
    section_no: int
    language: str
    char_start: int
    char_end: int


def _lingua_language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


class LanguageSectioner:
    """Build once (≈0.5 s, preloads lingua models), call per text: ``sectioner(text) -> sections``."""

    def __init__(self, languages: Sequence[str] = ("de", "ru", "en"), low_accuracy: bool = True) -> None:
        self.languages = tuple(code.lower() for code in languages)
        if not self.languages:
            raise ValueError("at least one language is needed")
        codes = list(dict.fromkeys(self.languages + tuple(s for s in SENTINELS if s not in self.languages)))
        builder = LanguageDetectorBuilder.from_languages(*(_lingua_language(c) for c in codes))
        builder = builder.with_preloaded_language_models()
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        self._detector = builder.build()
        cyr = [c for c in self.languages if c in _CYRILLIC_LANGS]
        self._cyrillic_default = cyr[0] if len(cyr) == 1 and "uk" not in self.languages else None

    # ---------------------------------------------------------------- per paragraph
    def _script(self, para: str) -> tuple[str, int, int, bool]:
        """('cyr'|'latin', letters, words, needs_lingua) for the start of one paragraph.

        A paragraph is Cyrillic when at least 30% of its words are (Russian text names Western
        bands and products in Latin letters). Cyrillic without any Ukrainian/Bulgarian/Serbian
        letters (і ї є ґ ў ђ ј љ њ ћ џ) is Russian outright, without lingua: lingua confuses
        short Russian lines with Ukrainian.
        """
        sample = _URL.sub(" ", para[:MAX_DETECT_CHARS])  # 'Подробности: http://…' is Russian
        words = _ALPHA_WORD.findall(sample)
        letters = sum(len(w) for w in words)
        cyr_words = sum(1 for w in words if _CYR.match(w))
        is_cyr = cyr_words > 0 and cyr_words >= CYRILLIC_WORD_SHARE * len(words) and (cyr_words >= 2 or len(words) <= 2)
        if is_cyr and self._cyrillic_default:
            other = len(_NON_RU_CYR.findall(sample))
            return "cyr", letters, len(words), other >= max(1, 0.005 * letters) and letters >= MIN_UND_LETTERS
        return ("cyr" if is_cyr else "latin"), letters, len(words), letters >= 3

    def _judge(self, script: str, letters: int, n_words: int, scores: dict[str, float] | None) -> tuple[str | None, str | None]:
        """(confident language or None, best requested-language guess or None)."""
        short = letters < MIN_LETTERS or n_words < MIN_WORDS
        if script == "cyr" and self._cyrillic_default:
            if scores is not None:
                top = max(scores, key=scores.__getitem__)
                if top not in self.languages and scores[top] >= UND_CONFIDENCE:
                    return UND, self._cyrillic_default
            return self._cyrillic_default, self._cyrillic_default
        if scores is None:
            return None, None
        hint = max(self.languages, key=lambda c: scores.get(c, 0.0))
        if scores.get(hint, 0.0) <= 0.0:
            hint = None
        if short:
            return None, hint
        top = max(scores, key=scores.__getitem__)
        if top in self.languages:
            return (top if scores[top] >= MIN_CONFIDENCE else None), hint
        if letters >= MIN_UND_LETTERS and scores[top] >= UND_CONFIDENCE:
            return UND, hint
        return None, hint

    def _scores(self, texts: list[str]) -> list[dict[str, float]]:
        values = [self._detector.compute_language_confidence_values(_URL.sub(" ", t[:MAX_DETECT_CHARS])) for t in texts]
        return [{v.language.iso_code_639_1.name.lower(): v.value for v in vals} for vals in values]

    # ---------------------------------------------------------------- per text
    def __call__(self, text: str) -> list[Section]:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group(0).strip()]
        if not spans:
            return []
        paras = [text[s:e] for s, e in spans]
        scripts = [self._script(p) for p in paras]
        todo = [i for i, sc in enumerate(scripts) if sc[3]]
        scores: list[dict[str, float] | None] = [None] * len(paras)
        for i, sc in zip(todo, self._scores([paras[i] for i in todo])):
            scores[i] = sc
        judged = [self._judge(sc[0], sc[1], sc[2], scores[i]) for i, sc in enumerate(scripts)]
        langs = self._resolve(judged, text)
        sections: list[Section] = []
        for (start, _end), lang in zip(spans, langs):
            if sections and sections[-1].language == lang:
                continue
            if sections:
                sections[-1].char_end = start
            sections.append(Section(len(sections), lang, 0 if not sections else start, len(text)))
        sections[-1].char_end = len(text)
        return sections

    def _resolve(self, judged: list[tuple[str | None, str | None]], text: str) -> list[str]:
        sure = [lang for lang, _hint in judged]
        if not any(sure):
            # Nothing confident: one guess for the whole text among the requested languages.
            lang = self._whole_text_guess(text) or next((h for _l, h in judged if h), None) or UND
            return [lang] * len(judged)
        n = len(judged)
        next_sure: list[str | None] = [None] * n  # nearest confident language after i
        upcoming: str | None = None
        for i in range(n - 1, -1, -1):
            next_sure[i] = upcoming
            if sure[i] is not None:
                upcoming = sure[i]
        out: list[str] = []
        for i, (lang, hint) in enumerate(judged):
            if lang is not None:
                out.append(lang)
                continue
            prev = out[-1] if out else None
            nxt = next_sure[i]
            if prev is None:
                out.append(nxt)  # type: ignore[arg-type]  # any() above guarantees one
            elif nxt is None or nxt == prev:
                out.append(prev)
            else:
                out.append(nxt if hint == nxt else prev)
        return out

    def _whole_text_guess(self, text: str) -> str | None:
        lang = self._detector.detect_language_of(text[: MAX_DETECT_CHARS * 2])
        if lang is None:
            return None
        code = lang.iso_code_639_1.name.lower()
        return code if code in self.languages else None


@lru_cache(maxsize=4)
def _default_sectioner(languages: tuple[str, ...]) -> LanguageSectioner:
    return LanguageSectioner(languages)


def detect_sections(text: str, languages: Sequence[str] = ("de", "ru", "en")) -> list[Section]:
    """Language sections of ``text`` with a cached ``LanguageSectioner`` (built on first use)."""
    return _default_sectioner(tuple(languages))(text)
