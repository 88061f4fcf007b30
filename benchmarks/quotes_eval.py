"""Score extract_quotes on invented, real-shaped sentences (German, English, Russian).

  .venv/bin/python benchmarks/quotes_eval.py [--ner] [--verbose]

The examples are in ``benchmarks/data/quotes_eval*.jsonl`` (written for this benchmark, none
taken from an evaluation set): each gives the text, the entity mentions NER would find, and the
expected quotes with the names their speaker goes by.  ``quotes_eval.jsonl`` was written together
with the rules of ``transforms/entities/quotes/``; ``quotes_eval_round2.jsonl`` afterwards, as
new shapes to check them on (its first score, before the rules were extended for what it
showed: P 1.000, R 0.759, speaker 0.909; see the git log).  By default the given mentions are used,
so the score measures the quote rules alone; ``--ner`` runs our NER models instead (slower,
and the score then includes NER's misses).

Printed per language and overall:
- quote precision / recall: a quote counts when its span (char_start, char_end) is exactly the
  expected quoted text;
- speaker entity accuracy: of the matched quotes, the share whose speaker mention is one of the
  expected speaker's names (a quote with no named speaker is right with no mention);
- speaker text accuracy: the share whose ``speaker_text`` is one of those names (or the expected
  title, for a speaker the document never names).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.entities.quotes import extract_quotes  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "quotes_eval.jsonl"


def given_mentions(text: str, names: list[list[str]]) -> list[dict]:
    """Mentions at every occurrence of each given surface form, numbered in text order."""
    found = []
    seen: set[tuple[int, int]] = set()
    for name, label in names:
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                found.append({"char_start": m.start(), "char_end": m.end(), "text": name, "label": label})
    found.sort(key=lambda m: m["char_start"])
    for i, m in enumerate(found):
        m["mention_no"] = i
    return found


_NER: dict = {}


def ner_mentions(text: str, lang: str) -> list[dict]:
    """Mentions from our NER model for ``lang`` (loaded once)."""
    from transforms.entities.ner import load_ner

    if lang not in _NER:
        _NER[lang] = load_ner(lang, Path(__file__).resolve().parents[1] / "models")
    doc = _NER[lang](text)
    out = [{"char_start": e.start_char, "char_end": e.end_char, "text": e.text, "label": e.label_}
           for e in doc.ents if e.label_ in ("PER", "ORG", "LOC", "MISC")]
    for i, m in enumerate(out):
        m["mention_no"] = i
    return out


def gold_spans(text: str, quotes: list[dict]) -> list[tuple[int, int, dict]]:
    """Expected (start, end) of each quote: its first occurrence after the previous one."""
    spans, pos = [], 0
    for q in quotes:
        i = text.find(q["text"], pos)
        if i < 0:
            i = text.find(q["text"])
        if i < 0:
            raise ValueError(f"expected quote not in its text: {q['text']!r}")
        spans.append((i, i + len(q["text"]), q))
        pos = i + 1
    return spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ner", action="store_true", help="use our NER models instead of the given mentions")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every miss and wrong speaker")
    ap.add_argument("--data", type=Path, nargs="*", default=sorted(DATA.parent.glob("quotes_eval*.jsonl")),
                    help="example files (default: every benchmarks/data/quotes_eval*.jsonl, scored one by one)")
    args = ap.parse_args()
    for path in args.data:
        score(path, args.ner, args.verbose)


def score(path: Path, use_ner: bool, verbose: bool) -> None:
    """Print the scores of one example file."""
    examples = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for n, ex in enumerate(examples):
        text, lang = ex["text"], ex["lang"]
        ments = ner_mentions(text, lang) if use_ner else given_mentions(text, ex["mentions"])
        by_no = {m["mention_no"]: m["text"] for m in ments}
        pred = extract_quotes(text, lang, ments)
        gold = gold_spans(text, ex["quotes"])
        for key in (lang, "all"):
            st = stats[key]
            st["examples"] += 1
            st["gold"] += len(gold)
            st["pred"] += len(pred)
        gold_at = {(s, e): q for s, e, q in gold}
        for p in pred:
            exact = text[p["char_start"]:p["char_end"]] == p["text"]
            q = gold_at.get((p["char_start"], p["char_end"]))
            for key in (lang, "all"):
                stats[key]["span_text_ok"] += exact
            if q is None:
                if verbose:
                    print(f"[{n} {lang}] extra quote {p['text'][:60]!r} (speaker {p['speaker_text']!r})")
                continue
            names = q.get("speaker") or []
            spk_mention = by_no.get(p.get("speaker_mention_no"))
            entity_ok = (spk_mention in names) if names else spk_mention is None
            allowed = set(names) | ({q["speaker_text"]} if q.get("speaker_text") else set())
            text_ok = p.get("speaker_text") in allowed if allowed else not p.get("speaker_text")
            for key in (lang, "all"):
                stats[key]["matched"] += 1
                stats[key]["entity_ok"] += entity_ok
                stats[key]["text_ok"] += text_ok
            if verbose and not (entity_ok and text_ok):
                print(f"[{n} {lang}] wrong speaker for {p['text'][:50]!r}: {p.get('speaker_text')!r} "
                      f"(mention {spk_mention!r}), expected {names or q.get('speaker_text')}")
        if verbose:
            got = {(p["char_start"], p["char_end"]) for p in pred}
            for s, e, q in gold:
                if (s, e) not in got:
                    print(f"[{n} {lang}] missed {q['text'][:60]!r} ({ex.get('note', '')})")

    mode = "NER mentions" if use_ner else "given mentions"
    print(f"quotes_eval on {path.name} ({mode})")
    print(f"{'lang':5} {'ex':>3} {'gold':>4} {'pred':>4} {'P':>6} {'R':>6} {'F1':>6} {'spk_ent':>8} {'spk_text':>8}")
    for key in ("de", "en", "ru", "all"):
        st = stats.get(key)
        if not st:
            continue
        p = st["matched"] / st["pred"] if st["pred"] else 0.0
        r = st["matched"] / st["gold"] if st["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        ent = st["entity_ok"] / st["matched"] if st["matched"] else 0.0
        txt = st["text_ok"] / st["matched"] if st["matched"] else 0.0
        print(f"{key:5} {st['examples']:>3} {st['gold']:>4} {st['pred']:>4} {p:6.3f} {r:6.3f} {f:6.3f} {ent:8.3f} {txt:8.3f}")
    bad = stats["all"]["pred"] - stats["all"]["span_text_ok"]
    print(f"quote text equal to text[char_start:char_end]: {'all' if not bad else f'{bad} not'}\n")


if __name__ == "__main__":
    main()
