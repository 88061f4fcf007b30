"""The models a worker process needs, loaded once per process and shared by every chunk it runs.

A process-level cache is the one piece of state we keep on purpose: spaCy
pipelines and extractors take seconds to load, and Dask workers must not
reload them per task.  The cache key is the settings that choose the models.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

log = logging.getLogger("newsflow.models")


@dataclass
class Models:
    languages: tuple[str, ...]
    models_dir: Path
    sectioner: Callable[[str], list[Any]]
    splitter: Any
    figures: Any | None
    quotes: Callable[..., list[dict]] | None
    catalogue: Any | None = None  # CatalogueMatcher: catalogue names NER left untagged
    _ner: dict[str, Any] = field(default_factory=dict)
    # spaCy pipelines are not documented as thread-safe (their vocab grows as they run): the
    # thread runner's concurrent chunks take turns on them; Dask workers each have their own.
    lock: threading.RLock = field(default_factory=threading.RLock)

    def ner(self, lang: str) -> Any | None:
        """The NER pipeline for a section language (None for languages we have no model for)."""
        if lang not in self.languages:
            return None
        with self.lock:
            if lang not in self._ner:
                from transforms.entities.ner import load_ner

                self._ner[lang] = load_ner(lang, self.models_dir)
            return self._ner[lang]

    def ner_name(self, lang: str) -> str:
        nlp = self._ner.get(lang)
        return f"{nlp.meta.get('lang', lang)}_{nlp.meta.get('name', 'ner')}" if nlp is not None else ""

    def ner_version(self, lang: str) -> str:
        nlp = self._ner.get(lang)
        return str(nlp.meta.get("version", "")) if nlp is not None else ""


_loading = threading.Lock()


def load_models(languages: tuple[str, ...], models_dir: Path) -> Models:
    """The per-process model bundle, built once even when several threads ask at the same moment."""
    with _loading:
        return _build_models(languages, models_dir)


@functools.cache
def _build_models(languages: tuple[str, ...], models_dir: Path) -> Models:
    """Build the model bundle (NER pipelines load lazily, per language met)."""
    from transforms.entities.catalogue import CatalogueMatcher
    from transforms.entities.quotes import extract_quotes
    from transforms.figures import FigureExtractor
    from transforms.ingest import LanguageSectioner, SentenceSplitter

    return Models(
        languages=languages,
        models_dir=models_dir,
        sectioner=LanguageSectioner(languages),
        splitter=SentenceSplitter(languages),
        figures=FigureExtractor(),
        quotes=extract_quotes,
        catalogue=CatalogueMatcher.from_catalogue(),
    )


def languages_in(sample: Sequence[Any], sectioner: Callable[[str], list[Any]], head_bytes: int = 8192) -> set[str]:
    """The section languages of the first bytes of a few candidate files (``FileCandidate``s).

    A guess, for warm-up only: it reads at most ``head_bytes`` of each file (opened as the read
    stage opens it); an unreadable or unparsable head counts for nothing."""
    from flows.discovery import read_head
    from transforms.ingest import decode_bytes, parse_records

    found: set[str] = set()
    for cand in sample:
        try:
            decoded = decode_bytes(read_head(cand, head_bytes)[:head_bytes])
            kind = Path(cand.path).suffix.lower().lstrip(".")
            try:
                texts = [a.text for a in parse_records(decoded.text, kind).articles]
            except Exception:  # noqa: BLE001 - a JSON head cut mid-record: its raw text still tells the language
                texts = [decoded.text]
            found.update(sec.language for text in texts for sec in sectioner(text))
        except Exception:  # noqa: BLE001 - a guess: the flow reads the file properly
            continue
    return found


def warm_up(languages: tuple[str, ...], models_dir: Path, *, models: bool = True,
            sample: Sequence[Any] = ()) -> threading.Thread:
    """Load, in a background thread, what the flow will need first, while Prefect's API server
    starts (~10 s on this machine, in its own process): the model bundle (not for Dask, whose
    workers load their own), Great Expectations and the alias catalogue.  NER pipelines are
    preloaded only for the languages found in the heads of ``sample`` (the first files to read):
    a Russian-only inbox loads no German model.  The flow's own calls then find them ready;
    nothing changes if the thread is still busy."""

    def work() -> None:
        try:
            if models:
                bundle = load_models(languages, models_dir)
                with bundle.lock:  # the sectioner is shared with the flow's chunks, which take turns on it
                    met = languages_in(sample, bundle.sectioner)
                for lang in sorted(met):
                    bundle.ner(lang)
            import expectations  # noqa: F401  (imports Great Expectations: seconds)
            from transforms.entities.linking import EntityResolver

            EntityResolver()  # builds the cached alias-catalogue index
        except Exception:  # noqa: BLE001 - the flow loads the same things and reports errors itself
            log.debug("warm-up failed; the flow loads on demand", exc_info=True)

    thread = threading.Thread(target=work, name="newsflow-warm-up", daemon=True)
    thread.start()
    return thread
