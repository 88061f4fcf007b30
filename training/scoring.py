"""Exact-span scoring: P/R/F1 per label and overall, and running a pipeline over gold tokens."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from training.bio import LABELS, Example, spans_from_bio

# --------------------------------------------------------------------------- scoring


def exact_span_counts(
    gold: Sequence[Sequence[tuple[int, int, str]]],
    pred: Sequence[Sequence[tuple[int, int, str]]],
    labels: Sequence[str] = LABELS,
) -> dict[str, dict[str, int]]:
    """True positive / false positive / false negative counts per label (exact spans).

    Spans with labels outside ``labels`` (MISC, OTH, …) are ignored on both sides,
    i.e. they count as O.
    """
    counts = {lab: {"tp": 0, "fp": 0, "fn": 0} for lab in labels}
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in g if s[2] in counts}
        ps = {s for s in p if s[2] in counts}
        for s in gs & ps:
            counts[s[2]]["tp"] += 1
        for s in ps - gs:
            counts[s[2]]["fp"] += 1
        for s in gs - ps:
            counts[s[2]]["fn"] += 1
    return counts


def prf(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 per label and ``overall`` (micro) from :func:`exact_span_counts`."""
    out: dict[str, dict[str, float]] = {}
    total = {"tp": 0, "fp": 0, "fn": 0}
    for lab, c in list(counts.items()) + [("overall", total)]:
        if lab != "overall":
            for k in total:
                total[k] += c[k]
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = {"p": p, "r": r, "f": f, "n": tp + fn}
    return out




def evaluate(nlp, sets: dict[str, list[Example]], limit: int = 0) -> dict[str, Any]:
    """Exact-span P/R/F1 per label and overall for each set, plus tokens/s.

    The model runs as the contract says: its components over ``Doc(nlp.vocab, words=gold_tokens)``.
    """
    from transforms.entities.ner import predict_spans

    res: dict[str, Any] = {}
    for name, examples in sets.items():
        ex = examples[:limit] if limit else examples
        t0 = time.perf_counter()
        pred = predict_spans(nlp, [w for w, _ in ex])
        dt = time.perf_counter() - t0
        gold = [spans_from_bio(t) for _, t in ex]
        scores: dict[str, Any] = prf(exact_span_counts(gold, pred))
        scores["tokens_per_s"] = sum(len(w) for w, _ in ex) / max(dt, 1e-9)
        res[name] = scores
    return res
