"""Real-shaped sentences per error class of issue #14 (benchmarks/data/figures_cases.jsonl):
sentence → expected record, or a span that must not be a figure. Our own sentences.

The same table is scored by benchmarks/figures_eval.py ("own cases" section).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from test_figures_common import check, fx  # noqa: F401  (fixture)

CASES_FILE = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "figures_cases.jsonl"
PUB = dt.date(2026, 2, 4)  # a Wednesday


def load_cases() -> list[dict]:
    return [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


CASES = load_cases()


def _expected(case: dict) -> dict:
    want = dict(case["expect"])
    if want.get("date_value"):
        want["date_value"] = dt.date.fromisoformat(want["date_value"])
    return want


@pytest.mark.parametrize("case", [c for c in CASES if "span" in c], ids=lambda c: f"{c['class']}:{c['span']}")
def test_case_record(fx, case):  # noqa: F811
    pub = dt.date.fromisoformat(case.get("published", PUB.isoformat()))
    check(fx, case["text"], case["lang"], pub, case["span"], _expected(case))


@pytest.mark.parametrize("case", [c for c in CASES if "not" in c], ids=lambda c: f"{c['class']}:{c['text'][:30]}")
def test_case_not_a_figure(fx, case):  # noqa: F811
    text, word = case["text"], case["not"]
    s = text.index(word)
    recs = fx.extract(text, case["lang"], PUB)
    hits = [r["text"] for r in recs if r["char_start"] < s + len(word) and s < r["char_end"]]
    assert not hits, hits


def test_every_class_has_cases_in_several_languages():
    by_class: dict[str, set[str]] = {}
    for c in CASES:
        by_class.setdefault(c["class"], set()).add(c["lang"])
    assert len(by_class) >= 7
    assert all(len(langs) >= 2 for cls, langs in by_class.items() if cls != "russian")
