"""Pure converters from NER data set formats to ``(words, BIO tags)`` examples.

Every reader takes the file's text (or lines) and returns examples whose tags use
only ``PER``/``ORG``/``LOC`` (plus ``O``), so training and evaluation see one label
scheme.  Mapping rules live here once, because the evaluation must count exactly
what the training was taught: other gold labels (OTH, MISC, ``*deriv``, ``*part``,
numbers, dates, …) become ``O``.  No file I/O: callers read files and pass text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

Example = tuple[list[str], list[str]]
"""One sentence: its tokens and one BIO tag per token (labels PER/ORG/LOC)."""

LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")


# --------------------------------------------------------------------------- labels


def map_label(raw: str) -> str | None:
    """Map a data set's entity type to PER/ORG/LOC, or None to drop it (counts as O).

    Covers GermEval/WikiANN/Europarl (PER, ORG, LOC; OTH/MISC/*deriv/*part dropped),
    MobIE/SmartData (person, organization*, location*; org-position etc. dropped),
    WNUT17 (person, location, corporation, group), GUM (person, place, organization)
    and FactRuEval objects (Person, Org, Location, LocOrg).
    """
    r = raw.strip().lower().replace("_", "-")
    if r in {"per", "person"}:
        return "PER"
    if r in {"org", "organization", "organisation", "corporation", "group"} or r.startswith("organization-"):
        return "ORG"
    if r in {"loc", "location", "place", "locorg"} or r.startswith("location-"):
        return "LOC"
    return None


def spans_from_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end_exclusive, label)`` from BIO (or IO) tags, labels kept as written.

    An ``I-`` after ``O`` or after another label starts a new span (lenient, as
    conlleval does), so IO-only data reads the same as BIO.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or not tag:
            prefix, lab = "O", ""
        elif "-" in tag and tag[:2] in ("B-", "I-", "E-", "S-"):
            prefix, lab = tag[0], tag[2:]
        else:  # bare label (IO scheme without prefix)
            prefix, lab = "I", tag
        if start >= 0 and (prefix in ("O", "B", "S") or lab != label):
            spans.append((start, i, label))
            start = -1
        if prefix != "O" and start < 0:
            start, label = i, lab
    return spans


def bio_from_spans(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIO tags for ``n`` tokens from spans (later overlapping spans are skipped)."""
    tags = ["O"] * n
    for start, end, label in spans:
        if any(t != "O" for t in tags[start:end]):
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def normalise_tags(tags: Sequence[str], mapper: Callable[[str], str | None] = map_label) -> list[str]:
    """Re-tag: map each span's label with ``mapper``; unmapped spans become O."""
    spans = []
    for start, end, label in spans_from_bio(tags):
        mapped = mapper(label)
        if mapped:
            spans.append((start, end, mapped))
    return bio_from_spans(len(tags), spans)


# --------------------------------------------------------------------------- column formats


def _blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    """Blank-line separated blocks of non-empty lines."""
    block: list[str] = []
    for line in lines:
        line = line.rstrip("\n\r").lstrip("\ufeff")
        if not line.strip():
            if block:
                yield block
                block = []
            continue
        block.append(line)
    if block:
        yield block


def read_columns(
    lines: Iterable[str],
    token_col: int,
    tag_col: int,
    sep: str | None = None,
    skip: Callable[[str], bool] = lambda line: False,
) -> Iterator[tuple[list[str], list[str]]]:
    """Raw ``(tokens, tags)`` per blank-line separated sentence of a column file."""
    for block in _blocks(lines):
        words, tags = [], []
        for line in block:
            if skip(line):
                continue
            cols = line.split(sep) if sep else line.split()
            if len(cols) <= max(token_col, tag_col):
                continue
            words.append(cols[token_col])
            tags.append(cols[tag_col])
        if words:
            yield words, tags


_LANG_PREFIX = re.compile(r"^[a-z]{2,3}:")


def read_wikiann(lines: Iterable[str]) -> list[Example]:
    """WikiANN (``de:token<TAB>BIO``): strip the language prefix of every token."""
    out = []
    for words, tags in read_columns(lines, 0, 1, sep="\t"):
        out.append(([_LANG_PREFIX.sub("", w, count=1) for w in words], normalise_tags(tags)))
    return out


def read_germeval(lines: Iterable[str]) -> list[Example]:
    """GermEval 2014 TSV: outer level only; OTH and the deriv/part variants become O."""
    out = []
    for words, tags in read_columns(lines, 1, 2, sep="\t", skip=lambda line: line.startswith("#\t")):
        out.append((words, normalise_tags(tags)))
    return out


def read_conll(lines: Iterable[str]) -> list[Example]:
    """CoNLL-2003-like files (MobIE): token first, NER tag last; ``-DOCSTART-`` dropped."""
    out = []
    for block in _blocks(lines):
        words, tags = [], []
        for line in block:
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                continue
            words.append(cols[0])
            tags.append(cols[-1])
        if words:
            out.append((words, normalise_tags(tags)))
    return out


def read_europarl(lines: Iterable[str]) -> list[Example]:
    """Padó's Europarl file (``token lemma POS chunk NER``, IO labels): MISC becomes O."""
    return read_conll(lines)


def read_two_column(lines: Iterable[str]) -> list[Example]:
    """``token<TAB>tag`` files (WNUT17, GUM): IO or BIO, types mapped by :func:`map_label`."""
    out = []
    for words, tags in read_columns(lines, 0, 1, sep="\t"):
        out.append((words, normalise_tags(tags)))
    return out


def proper_spans_only(example: Example) -> Example:
    """Keep only name-like spans: leading lower-case words trimmed, spans with lower-case words dropped.

    GUM marks every mention (``the city``); only capitalised ones are names.
    """
    words, tags = example
    spans = []
    for start, end, label in spans_from_bio(tags):
        while start < end and not words[start][:1].isupper():
            start += 1
        if start < end and all(w[:1].isupper() or not w[:1].isalpha() for w in words[start:end]):
            spans.append((start, end, label))
    return words, bio_from_spans(len(words), spans)


# --------------------------------------------------------------------------- SmartData JSON


def iter_json_stream(text: str) -> Iterator[dict]:
    """Objects of a stream of concatenated (pretty-printed) JSON values."""
    decoder = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        obj, i = decoder.raw_decode(text, i)
        yield obj


def _unwrap(value):
    """Avro-JSON union/list wrappers (``{"string": x}``, ``{"array": [...]}``) to plain values."""
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key in ("string", "array", "map", "int", "long", "float", "double", "boolean"):
            return inner
    return value


def smartdata_docs(text: str) -> Iterator[tuple[str, str, list[tuple[int, int, str]]]]:
    """``(doc_id, text, [(char_start, char_end, type)])`` per SmartData document."""
    for obj in iter_json_stream(text):
        body = _unwrap(obj.get("text")) or ""
        mentions = _unwrap(obj.get("conceptMentions")) or []
        spans = []
        for m in mentions:
            span = m.get("span") or {}
            spans.append((int(span["start"]), int(span["end"]), str(m.get("type", ""))))
        yield str(obj.get("id", "")), body, spans


def char_spans_to_examples(
    text: str,
    spans: Iterable[tuple[int, int, str]],
    tokenize: Callable[[str], list[tuple[str, int]]],
    mapper: Callable[[str], str | None] = map_label,
) -> list[Example]:
    """Tokenise a document (one example per non-empty line) and project mapped char spans on it.

    ``tokenize(line)`` returns ``(token_text, char_offset)`` pairs.  Spans that do not
    align with token boundaries are dropped (their tokens stay O).
    """
    mapped = sorted((s, e, mapper(t)) for s, e, t in spans if mapper(t))
    out: list[Example] = []
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        toks = [(w, line_start + o) for w, o in tokenize(line) if w.strip()]
        if not toks:
            continue
        starts = {o: i for i, (_, o) in enumerate(toks)}
        ends = {o + len(w): i for i, (w, o) in enumerate(toks)}
        tok_spans = []
        for s, e, label in mapped:
            if s >= line_start and e <= line_end and s in starts and e in ends:
                tok_spans.append((starts[s], ends[e] + 1, label))
        out.append(([w for w, _ in toks], bio_from_spans(len(toks), tok_spans)))
    return out


# --------------------------------------------------------------------------- silver-data filters


def is_sentence_like(words: Sequence[str], tags: Sequence[str], min_tokens: int = 5) -> bool:
    """True for WikiANN lines that look like running text (not lists, titles or redirects)."""
    if len(words) < min_tokens or words[-1] not in {".", "!", "?"}:
        return False
    if words[0].upper() in {"WEITERLEITUNG", "REDIRECT"} or words[0].startswith(("*", "'", "|", "{", "=")):
        return False
    if any(w in {"''", "'''", "]]", "[[", "|"} for w in words):
        return False
    return any(t == "O" for t in tags) and sum(t == "O" for t in tags) >= 2


def clean_silver(
    example: Example,
    is_common_word: Callable[[str], bool] | None = None,
) -> Example | None:
    """Clean one silver (WikiANN) example, or None to drop it as unreliable.

    - spans starting with a lower-case word (``österreichische``) become O;
    - single-word spans that are a common word (``Fähnrich``, per ``is_common_word``)
      become O, since WikiANN links often land on common nouns;
    - a PER span holding digits or more than 5 words is a mislabelled title: the
      sentence is dropped rather than taught as O.
    """
    words, tags = example
    spans = []
    for start, end, label in spans_from_bio(tags):
        span_words = words[start:end]
        if not span_words[0][:1].isupper() and not span_words[0][:1].isdigit():
            continue
        if label == "PER" and (any(ch.isdigit() for w in span_words for ch in w) or end - start > 5):
            return None
        if end - start == 1 and is_common_word is not None and is_common_word(span_words[0]):
            continue
        spans.append((start, end, label))
    return words, bio_from_spans(len(words), spans)


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


# --------------------------------------------------------------------------- FactRuEval (Russian)


NOT_NAME_SPANS = frozenset({"org_descr", "loc_descr", "prj_descr", "job", "geo_adj"})


def read_factrueval(tokens_text: str, spans_text: str, objects_text: str) -> list[Example]:
    """One FactRuEval-2016 document as sentences: gold = objects (Person, Org, Location, LocOrg).

    An object's extent is the union of the tokens of its *name* spans; nested objects keep only
    the outermost (exact outer spans are scored).  Descriptor, job and adjective spans
    (``org_descr``, ``loc_descr``, ``job``, ``geo_adj``: "компании", "переулка", "японский") are
    not part of a name, and an object with no name span (an adjective such as "российской" is
    annotated as a Location) is not a named entity.  Project/Facility become O.
    """
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in tokens_text.splitlines():
        cols = line.split()
        if len(cols) < 4:
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append((cols[0], cols[3]))
    sentences = [s for s in sentences if s]
    span_tokens: dict[str, list[str]] = {}
    for line in spans_text.splitlines():
        head = line.split("#")[0].split()
        if len(head) >= 6 and head[1] not in NOT_NAME_SPANS:
            first, n = head[4], int(head[5])
            span_tokens[head[0]] = [first, str(n)]
    # token id -> (sentence, position)
    where: dict[str, tuple[int, int]] = {}
    order: list[str] = []
    for si, sent in enumerate(sentences):
        for ti, (tid, _) in enumerate(sent):
            where[tid] = (si, ti)
            order.append(tid)
    index = {tid: i for i, tid in enumerate(order)}
    objects: list[tuple[int, int, str]] = []
    for line in objects_text.splitlines():
        head = line.split("#")[0].split()
        if len(head) < 3:
            continue
        label = map_label(head[1]) if head[1] in {"Person", "Org", "Location", "LocOrg"} else None
        if label is None:
            continue
        toks: list[int] = []
        for sid in head[2:]:
            if sid in span_tokens:
                first, n = span_tokens[sid]
                if first in index:
                    toks.extend(range(index[first], index[first] + int(n)))
        if toks:
            objects.append((min(toks), max(toks) + 1, label))
    outer = [o for o in objects if not any(p != o and p[0] <= o[0] and o[1] <= p[1] for p in objects)]
    per_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, label in sorted(set(outer)):
        s0, t0 = where[order[start]]
        s1, t1 = where[order[end - 1]]
        if s0 == s1:
            per_sentence.setdefault(s0, []).append((t0, t1 + 1, label))
    return [
        ([w for _, w in sent], bio_from_spans(len(sent), per_sentence.get(si, [])))
        for si, sent in enumerate(sentences)
    ]
