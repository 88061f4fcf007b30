"""Unlabelled text -> floret subword vectors -> a spaCy vectors pipeline (German).

The corpus is built from text that is never an evaluation file; the same pass counts how
often a determiner precedes each capitalised word (the common-noun filter's signal).
"""

from __future__ import annotations

import csv
import gzip
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from training import corpora as co
from training import formats as fm

# 32,000 x 96 float32 = 12.3 MB (was 50,000 x 128 = 25.6 MB); spaCy cannot store floret tables as float16
VECTOR_DIM, VECTOR_BUCKET, VECTOR_EPOCH = 96, 32_000, 10
FLORET_THREADS = 2  # only for the few minutes floret runs; spaCy training stays single-threaded
SHAPE = (VECTOR_DIM, VECTOR_BUCKET, VECTOR_EPOCH)
SOURCES = ("court decisions (TIMEX tags stripped), Europarl 16 April 1996, 10kGNAD test articles, "
           "WikiANN de train/dev, GermEval dev, MobIE train/dev, SmartData v1")

_TAG = re.compile(r"<[^>]+>")


def unlabelled_inputs(data: Path) -> list[Path]:
    """The files :func:`german_unlabelled_lines` reads (the vectors step's inputs)."""
    de = data / "ner" / "de"
    return [data / "figures/de/ler-timex/dataset_courts_timex.zip", data / "text/de/europarl/ep-96-04-16.txt",
            data / "news/de/10kgnad/10kgnad-test.csv", de / "wikiann/wikiann-de-train.txt", de / "wikiann/wikiann-de-dev.txt",
            de / "germeval2014/NER-de-dev.tsv", de / "mobie/mobie-train.conll", de / "mobie/mobie-dev.conll",
            de / "smartdata/v1_20180119"]


def german_unlabelled_lines(data: Path) -> Iterator[str]:
    """Raw German text lines for vectors and word statistics: never an evaluation file.

    Court decisions (TIMEX tags stripped), Europarl 16 April (Latin-1, markup lines
    dropped), 10kGNAD articles, WikiANN train/dev, GermEval dev, MobIE, SmartData v1 and
    Europeana token streams.
    """
    with zipfile.ZipFile(data / "figures" / "de" / "ler-timex" / "dataset_courts_timex.zip") as zf:
        for name in sorted(zf.namelist()):
            if not name.endswith(".txt"):
                continue
            for line in zf.read(name).decode("utf-8", "replace").splitlines():
                line = _TAG.sub("", line).strip()
                if line and not line.startswith(("<?xml", "<!DOCTYPE")):
                    yield line
    for line in (data / "text" / "de" / "europarl" / "ep-96-04-16.txt").read_text(encoding="latin-1").splitlines():
        if line.strip() and not line.startswith("<"):
            yield line.strip()
    with open(data / "news" / "de" / "10kgnad" / "10kgnad-test.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter=";", quotechar="'"):
            if len(row) >= 2:
                yield row[1]
    de = data / "ner" / "de"
    for path, reader in (
        (de / "wikiann" / "wikiann-de-train.txt", fm.read_wikiann),
        (de / "wikiann" / "wikiann-de-dev.txt", fm.read_wikiann),
        (de / "germeval2014" / "NER-de-dev.tsv", fm.read_germeval),
        (de / "mobie" / "mobie-train.conll", fm.read_conll),
        (de / "mobie" / "mobie-dev.conll", fm.read_conll),
    ):
        for words, _ in reader(co.lines(path)):
            yield " ".join(words)
    for split in ("train", "test"):
        path = de / "smartdata" / "v1_20180119" / f"smartdata-v1-{split}.json.gz"
        for _, text, _ in fm.smartdata_docs(gzip.open(path, "rt", encoding="utf-8").read()):
            yield from (t for t in text.splitlines() if t.strip())


def write_vector_corpus(lines: Iterable[str], lang: str, out: Path) -> tuple[int, Counter]:
    """Tokenise lines with spaCy's tokenizer into one-sentence-a-line text for floret.

    Also counts, per capitalised word, how often a determiner precedes it (a common-noun
    signal used by the common-noun filter).  Returns (tokens, stats).
    """
    import spacy

    tok = spacy.blank(lang).tokenizer
    dets = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}
    stats: Counter = Counter()
    n = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for line in lines:
            words = [t.text for t in tok(line) if not t.is_space]
            if not words:
                continue
            for i, w in enumerate(words):
                if i > 0 and w[:1].isupper() and w.isalpha():
                    stats[("n", w)] += 1
                    if words[i - 1].lower() in dets:
                        stats[("det", w)] += 1
            fh.write(" ".join(words) + "\n")
            n += len(words)
    return n, stats


def train_floret(corpus: Path, out_prefix: Path, dim: int, bucket: int, epoch: int, threads: int) -> Path:
    """Train floret (cbow, mode floret) and save the ``.floret`` table spaCy reads."""
    import floret

    model = floret.train_unsupervised(
        str(corpus), model="cbow", mode="floret", dim=dim, minn=4, maxn=5, hashCount=2,
        bucket=bucket, epoch=epoch, thread=threads, minCount=2, verbose=0,
    )
    path = out_prefix.with_suffix(".floret")
    model.save_floret_vectors(str(path))
    return path


def init_vectors(lang: str, floret_path: Path, out: Path) -> Path:
    """``spacy init vectors --mode floret``: a blank pipeline holding the vector table."""
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", lang, str(floret_path), str(out), "--mode", "floret"],
        check=True, capture_output=True,
    )
    return out
