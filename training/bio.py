"""Labels and BIO tags: the one label scheme training and evaluation share.

Every reader maps its data set's types to ``PER``/``ORG``/``LOC`` (plus ``O``) with the
helpers here, because the evaluation must count exactly what the training was taught:
other gold labels (OTH, MISC, ``*deriv``, ``*part``, numbers, dates, …) become ``O``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Example = tuple[list[str], list[str]]
"""One sentence: its tokens and one BIO tag per token (labels PER/ORG/LOC)."""

LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")


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


def drop_blank_tokens(example: Example) -> Example:
    """Tokens that are empty or only whitespace (a few BTC tweets end in ``' '`` or ``''``) removed, spans kept."""
    words, tags = example
    keep = [i for i, w in enumerate(words) if w.strip()]
    spans = []
    for start, end, label in spans_from_bio(tags):
        inside = [keep.index(i) for i in range(start, end) if i in keep]
        if inside:
            spans.append((inside[0], inside[-1] + 1, label))
    return [words[i] for i in keep], bio_from_spans(len(keep), spans)


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


# --------------------------------------------------------------------------- silver-data filters


NAME_LINKS = frozenset({"of", "the", "and", "for", "on", "de", "du", "la", "le", "von", "van", "der", "den", "al", "bin", "&"})
"""Lower-case words that may stand inside an English name (Church of Scientology, University of the Arts)."""

PRONOUNS = frozenset({"I", "He", "She", "We", "They", "It", "You", "Me", "Him", "Her", "Us", "Them", "His", "Its",
                      "Their", "Our", "My", "Your", "Who", "This", "That", "These", "Those"})
"""Capitalised pronouns: a mention, not a name (GUM annotates every mention)."""


def name_spans_only(example: Example) -> Example:
    """Keep the spans that are names: leading lower-case words trimmed, inner :data:`NAME_LINKS` allowed.

    For GUM, which marks every mention: "the Church of Scientology" is the name "Church of
    Scientology"; "the city", "He" or "I" are not names.
    """
    words, tags = example
    spans = []
    for start, end, label in spans_from_bio(tags):
        while start < end and not words[start][:1].isupper():
            start += 1
        while end > start and not (words[end - 1][:1].isupper() or words[end - 1][:1].isdigit()):
            end -= 1
        span = words[start:end]
        if not span or (len(span) == 1 and span[0] in PRONOUNS):
            continue
        if all(w[:1].isupper() or not w[:1].isalpha() or w in NAME_LINKS for w in span):
            spans.append((start, end, label))
    return words, bio_from_spans(len(words), spans)


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
