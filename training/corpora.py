"""One reader per corpus in ``../shared/data`` (layout and licences as in its PROVENANCE.md).

Each function takes the data folder (``Settings.shared_data``) and returns examples mapped
to PER/ORG/LOC.  Which sets a shipped model may train on and which are evaluation only is
decided in :mod:`training.datasets` (training) and :data:`EVAL_SETS` (evaluation): sets under
a non-commercial or mixed licence (HIPE-2020 German, re3d) are only ever in the latter.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from training import bio
from training import formats as fm
from training.bio import Example


def lines(path: Path, encoding: str = "utf-8") -> list[str]:
    """A file's lines (no line ends)."""
    return path.read_text(encoding=encoding).splitlines()


# --------------------------------------------------------------------------- German


def germeval(data: Path, split: str) -> list[Example]:
    """GermEval 2014 ``dev`` or ``test`` (CC BY 4.0): outer level, OTH/deriv/part as O."""
    return fm.read_germeval(lines(data / "ner/de/germeval2014" / f"NER-de-{split}.tsv"))


def europarl(data: Path) -> list[Example]:
    """Padó's annotated Europarl sitting of 15 April 1996 (research use): evaluation only."""
    return fm.read_europarl(lines(data / "ner/de/europarl/ep-96-04-15_pado_annotated.tsv"))


def wikiann(data: Path, lang: str, split: str) -> list[Example]:
    """WikiANN (silver; no licence stated, Wikipedia text) ``train``/``dev``/``test`` for ``de`` or ``en``."""
    return fm.read_wikiann(lines(data / "ner" / lang / "wikiann" / f"wikiann-{lang}-{split}.txt"))


def mobie(data: Path, split: str) -> list[Example]:
    """MobIE traffic reports (CC BY 4.0), types mapped."""
    return fm.read_conll(lines(data / "ner/de/mobie" / f"mobie-{split}.conll"))


def smartdata_v1(data: Path, tokenize: Callable[[str], list[tuple[str, int]]]) -> list[Example]:
    """SmartData v1 train + test (CC BY 4.0), deduplicated by id, lower-case spans dropped (annotation slips)."""
    out: list[Example] = []
    seen: set[str] = set()
    for split in ("train", "test"):  # v1 only: v3 re-splits the same documents
        path = data / "ner/de/smartdata/v1_20180119" / f"smartdata-v1-{split}.json.gz"
        for doc_id, text, spans in fm.smartdata_docs(gzip.open(path, "rt", encoding="utf-8").read()):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            out.extend(fm.char_spans_to_examples(text, spans, tokenize))
    return [bio.proper_spans_only(e) for e in out]


def europeana(data: Path) -> list[Example]:
    """Europeana Newspapers lft + onb (CC0), cut at sentence ends."""
    base = data / "ner/de/europeana_newspapers"
    return [e for name in ("enp_DE.lft.bio", "enp_DE.onb.bio") for e in fm.read_bio_stream(lines(base / name))]


def europeana_sbb(data: Path) -> list[Example]:
    """Europeana Newspapers, Berlin State Library part (CC0; raw OCR), tag typos normalised."""
    return fm.read_bio_stream(lines(data / "ner/de/europeana-sbb/enp_DE.sbb.bio"))


def ler(data: Path, split: str) -> list[Example]:
    """German court decisions, LER ``dev``/``test`` (CC BY 4.0 by its dataset sentence), LER's coarse mapping."""
    return fm.read_ler(lines(data / "ner/de/ler" / f"ler_{split}.conll"))


def newseye(data: Path, split: str) -> list[Example]:
    """NewsEye German newspapers (CC BY 4.0) ``dev``/``dev2``/``test``."""
    return fm.read_hipe(lines(data / "ner/de/hipe2022-newseye" / f"HIPE-2022-v2.1-newseye-{split}-de.tsv"))


def sonar(data: Path, split: str) -> list[Example]:
    """SoNAR German newspapers (CC BY 4.0) ``dev``/``test``."""
    return fm.read_hipe(lines(data / "ner/de/hipe2022-sonar" / f"HIPE-2022-v2.1-sonar-{split}-de.tsv"))


def hipe2020(data: Path, split: str) -> list[Example]:
    """CLEF-HIPE-2020 German (CC BY-NC-SA 4.0): evaluation only, never trained on."""
    return fm.read_hipe(lines(data / "ner/de/hipe2022-hipe2020" / f"HIPE-2022-v2.1-hipe2020-{split}-de.tsv"))


# --------------------------------------------------------------------------- English


def wnut17(data: Path, split: str) -> list[Example]:
    """WNUT-17 (CC BY 4.0) ``train``/``dev``/``test``: person/location/corporation/group, name-like spans only."""
    return [bio.proper_spans_only(e) for e in fm.read_two_column(lines(data / "ner/en/wnut17" / f"wnut17-{split}.conll"))]


def btc(data: Path, sections: str = "abefgh") -> list[Example]:
    """Broad Twitter Corpus (CC BY 4.0) sections; blank tokens dropped (section G is mainstream news)."""
    out = [bio.drop_blank_tokens(e) for s in sections for e in fm.read_two_column(lines(data / "ner/en/btc" / f"{s}.conll"))]
    return [e for e in out if e[0]]


def wikigold(data: Path) -> list[Example]:
    """WikiGold (CC BY 4.0), IOB1 read as BIO; MISC as O."""
    return fm.read_conll(lines(data / "ner/en/wikigold/wikigold.conll.txt"))


def crossner_politics(data: Path, split: str) -> list[Example]:
    """CrossNER politics (MIT) ``train``/``dev``/``test``, types mapped by :data:`training.formats.CROSSNER_MAP`."""
    return fm.read_crossner(lines(data / "ner/en/crossner-politics" / f"{split}.txt"))


def uner_ewt(data: Path, split: str) -> list[Example]:
    """Universal NER English EWT (CC BY-SA 4.0) ``dev``/``test``."""
    return fm.read_uner(lines(data / "ner/en/uner-en-ewt" / f"en_ewt-ud-{split}.iob2"))


def gum_news(data: Path) -> list[Example]:
    """GUM news (Wikinews; CC BY 4.0 / 2.5), name spans only (:func:`training.bio.name_spans_only`): evaluation only."""
    return [bio.name_spans_only(e) for p in sorted((data / "ner/en/gum_news").glob("GUM_news_*.tsv"))
            for e in fm.read_two_column(lines(p))]


def re3d(data: Path, split: str) -> list[Example]:
    """re3d (mixed licences incl. CC BY-NC): evaluation only, never trained on."""
    return fm.read_two_column(lines(data / "ner/en/re3d" / f"re3d-{split}.conll"))


# --------------------------------------------------------------------------- Russian


def factrueval(data: Path, split: str) -> list[Example]:
    """A FactRuEval-2016 split (``testset`` or ``devset``; MIT), objects Person/Org/Location/LocOrg."""
    base = data / "ner/ru/factrueval2016" / split
    out: list[Example] = []
    for tok in sorted(base.glob("*.tokens")):
        stem = tok.with_suffix("")
        out += fm.read_factrueval(
            tok.read_text(encoding="utf-8"),
            stem.with_suffix(".spans").read_text(encoding="utf-8"),
            stem.with_suffix(".objects").read_text(encoding="utf-8"),
        )
    return out


# --------------------------------------------------------------------------- evaluation sets

# name -> (language, the file whose absence skips the set, loader).  Never trained on.
EVAL_SETS: dict[str, tuple[str, str, Callable[[Path], list[Example]]]] = {
    "germeval_test": ("de", "ner/de/germeval2014/NER-de-test.tsv", lambda d: germeval(d, "test")),
    "europarl": ("de", "ner/de/europarl/ep-96-04-15_pado_annotated.tsv", europarl),
    "wikiann_de_test": ("de", "ner/de/wikiann/wikiann-de-test.txt", lambda d: wikiann(d, "de", "test")),
    "hipe2020_de_test": ("de", "ner/de/hipe2022-hipe2020/HIPE-2022-v2.1-hipe2020-test-de.tsv",
                         lambda d: hipe2020(d, "test")),
    "newseye_de_test": ("de", "ner/de/hipe2022-newseye/HIPE-2022-v2.1-newseye-test-de.tsv",
                        lambda d: newseye(d, "test")),
    "sonar_de_test": ("de", "ner/de/hipe2022-sonar/HIPE-2022-v2.1-sonar-test-de.tsv", lambda d: sonar(d, "test")),
    "factrueval_test": ("ru", "ner/ru/factrueval2016/testset", lambda d: factrueval(d, "testset")),
    "wikiann_en_test": ("en", "ner/en/wikiann/wikiann-en-test.txt", lambda d: wikiann(d, "en", "test")),
    "gum_news": ("en", "ner/en/gum_news", gum_news),
    "crossner_politics_test": ("en", "ner/en/crossner-politics/test.txt", lambda d: crossner_politics(d, "test")),
    "uner_ewt_test": ("en", "ner/en/uner-en-ewt/en_ewt-ud-test.iob2", lambda d: uner_ewt(d, "test")),
    "wnut17_test": ("en", "ner/en/wnut17/wnut17-test.conll", lambda d: wnut17(d, "test")),
    "re3d_test": ("en", "ner/en/re3d/re3d-test.conll", lambda d: re3d(d, "test")),
    # dev sets: where the Russian rules were chosen; not in the default benchmark run
    "factrueval_dev": ("ru", "ner/ru/factrueval2016/devset", lambda d: factrueval(d, "devset")),
}


def eval_sets(data: Path, lang: str, names: list[str] | None = None) -> dict[str, list[Example]]:
    """The evaluation sets of ``lang`` that are present in ``data`` (absent ones left out)."""
    out = {}
    for name, (set_lang, marker, loader) in EVAL_SETS.items():
        if set_lang == lang and (names is None or name in names) and not name.endswith("_dev") and (data / marker).exists():
            out[name] = loader(data)
    return out
