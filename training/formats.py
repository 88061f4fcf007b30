"""Pure converters from NER data set formats to ``(words, BIO tags)`` examples.

Each reader takes a file's text (or lines) and returns examples mapped to PER/ORG/LOC
(:mod:`training.bio`).  No file I/O: :mod:`training.corpora` reads the files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator

from training.bio import Example, bio_from_spans, map_label, normalise_tags

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


CROSSNER_MAP: dict[str, str] = {
    "person": "PER", "politician": "PER",
    "location": "LOC", "country": "LOC",
    "organisation": "ORG", "politicalparty": "ORG",
}
"""CrossNER politics types as PROVENANCE maps them; election/event/misc are MISC and so count as O."""


def read_crossner(lines: Iterable[str]) -> list[Example]:
    """CrossNER (``token<TAB>BIO``, politics types) mapped by :data:`CROSSNER_MAP`."""
    out = []
    for words, tags in read_columns(lines, 0, 1, sep="\t"):
        out.append((words, normalise_tags(tags, lambda t: CROSSNER_MAP.get(t.strip().lower()))))
    return out


def read_uner(lines: Iterable[str]) -> list[Example]:
    """Universal NER ``.iob2`` (``idx<TAB>token<TAB>tag<TAB>…``, ``#`` comment lines): PER/LOC/ORG as written."""
    out = []
    for words, tags in read_columns(lines, 1, 2, sep="\t", skip=lambda line: line.startswith("#")):
        out.append((words, normalise_tags(tags)))
    return out


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


# --------------------------------------------------------------------------- German news and court gold (2026-12-03)

HIPE_MAP: dict[str, str] = {"per": "PER", "pers": "PER", "loc": "LOC", "org": "ORG"}
"""HIPE coarse types (NewsEye/SoNAR upper-case, HIPE-2020 lower-case); prod/time/HumanProd count as O."""

LER_MAP: dict[str, str] = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}
"""LER's fine classes by its own coarse grouping; norms, regulations, case law and literature count as O."""


def read_hipe(lines: Iterable[str]) -> list[Example]:
    """HIPE-2022 TSV (NewsEye, SoNAR, HIPE-2020): column NE-COARSE-LIT, one example per sentence.

    Sentences end at ``EndOfSentence`` in the MISC column and at document ends (a blank
    line or a new ``document_id`` comment); the header and ``#`` lines are skipped.
    """
    out: list[Example] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            out.append((list(words), normalise_tags(tags, lambda t: HIPE_MAP.get(t.strip().lower()))))
            words.clear()
            tags.clear()

    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            if not line.strip() or "document_id" in line:
                flush()
            continue
        cols = line.split("\t")
        if cols[0] == "TOKEN" or len(cols) < 2 or not cols[0].strip():
            continue
        words.append(cols[0])
        tags.append(cols[1])
        if "EndOfSentence" in cols[-1]:
            flush()
    flush()
    return out


def read_ler(lines: Iterable[str]) -> list[Example]:
    """LER court decisions (CoNLL-2002 ``token tag``, CRLF): fine classes mapped by :data:`LER_MAP`."""
    out = []
    for words, tags in read_columns(lines, 0, -1):
        out.append((words, normalise_tags(tags, lambda t: LER_MAP.get(t.strip().upper()))))
    return out


_STREAM_FIX = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "BER": "PER", "OLOC": "LOC", "LOCER": "LOC"}


def _stream_tag(raw: str) -> str:
    """A Europeana tag with its typos normalised (``B-PEr``, ``B_PER``, ``B.PER``, ``B-OLOC``); unknown types O."""
    tag = raw.strip().upper().replace("_", "-").replace(".", "-")
    if "-" not in tag or tag[:2] not in ("B-", "I-"):
        return "O"
    label = _STREAM_FIX.get(tag[2:])
    return f"{tag[0]}-{label}" if label else "O"


def read_bio_stream(lines: Iterable[str], max_len: int = 60) -> list[Example]:
    """Europeana ``token tag`` streams with no sentence breaks, cut at ``.``/``!``/``?`` (:func:`chunk_stream`).

    ``# file:`` comment lines start a new document; lines without a tag are skipped; a row
    of several tokens and one tag (``Die Böhminger O``) gives each token the tag (B- then I-).
    """
    out: list[Example] = []
    words: list[str] = []
    tags: list[str] = []
    for line in lines:
        if line.startswith("#"):
            if line.startswith("# file:") and words:
                out.extend(chunk_stream((words, normalise_tags(tags)), max_len))
                words, tags = [], []
            continue
        cols = line.split()
        if len(cols) < 2:
            continue
        tag = _stream_tag(cols[-1])
        for i, w in enumerate(cols[:-1]):
            words.append(w)
            tags.append(tag if i == 0 or tag == "O" else "I-" + tag[2:])
    if words:
        out.extend(chunk_stream((words, normalise_tags(tags)), max_len))
    return out


def chunk_stream(example: Example, max_len: int = 60) -> list[Example]:
    """Split a boundary-less token stream into sentence-sized pieces at ``.``/``!``/``?`` (never inside a name)."""
    words, tags = example
    out, start = [], 0
    for i, w in enumerate(words):
        end_here = w in {".", "!", "?"} and (i + 1 >= len(words) or tags[i + 1][:2] != "I-")
        if end_here or i - start + 1 >= max_len and tags[i + 1 if i + 1 < len(words) else i][:2] != "I-":
            out.append((words[start : i + 1], tags[start : i + 1]))
            start = i + 1
    if start < len(words):
        out.append((words[start:], tags[start:]))
    return out
