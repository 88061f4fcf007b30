"""The ingest chain on the real seed articles (read from ../shared; skipped when absent).

Checks properties the pipeline relies on, not stored answers: every seed decodes and parses,
sections cover the text, and mixed seeds switch language where a quoted original starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.ingest import LanguageSectioner, SentenceSplitter, decode_bytes, parse_document


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, str]:
    out = {}
    for p in sorted(seeds_dir.glob("*.txt")):
        [art] = parse_document(decode_bytes(p.read_bytes()).text, "txt")
        out[p.name[:3]] = art.text
    if not out:
        pytest.skip("no seed articles")
    return out


@pytest.fixture(scope="module")
def sectioner() -> LanguageSectioner:
    return LanguageSectioner(("de", "ru", "en"))


def test_every_seed_gets_covering_sections_and_sentences(seeds: dict[str, str], sectioner: LanguageSectioner) -> None:
    splitter = SentenceSplitter(("de", "ru", "en"))
    for name, text in seeds.items():
        secs = sectioner(text)
        assert secs[0].char_start == 0 and secs[-1].char_end == len(text), name
        assert all(a.char_end == b.char_start for a, b in zip(secs, secs[1:])), name
        assert secs[0].language == "de", name  # every seed opens in German
        sents = splitter(text, secs)
        assert sents and all(secs[s.section_no].char_start <= s.char_start < s.char_end <= secs[s.section_no].char_end for s in sents)


def test_german_with_russian_original(seeds: dict[str, str], sectioner: LanguageSectioner) -> None:
    if "002" not in seeds:
        pytest.skip("seed 002 absent")
    text = seeds["002"]
    langs = [s.language for s in sectioner(text)]
    assert langs[:2] == ["de", "ru"] and set(langs) == {"de", "ru"}
    ru = [s for s in sectioner(text) if s.language == "ru"]
    for s in ru:  # a Russian section holds Cyrillic, and starts on Cyrillic or a number
        chunk = text[s.char_start : s.char_end]
        assert sum("а" <= c.lower() <= "я" for c in chunk) > 0.5 * sum(c.isalpha() for c in chunk)


def test_german_with_english_tweet(seeds: dict[str, str], sectioner: LanguageSectioner) -> None:
    if "003" not in seeds:
        pytest.skip("seed 003 absent")
    text = seeds["003"]
    secs = sectioner(text)
    assert [s.language for s in secs] == ["de", "en", "de"]
    en = text[secs[1].char_start : secs[1].char_end]
    assert "@" in en  # the tweet and its attribution line
