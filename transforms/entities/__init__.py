"""Entities: NER per language, normalisation, cross-language linking and quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


def load_ner(lang: str) -> "Language":
    """The NER pipeline for ``lang`` (de, ru, en): its components set ``doc.ents`` with PER/ORG/LOC/MISC."""
    from transforms.entities.ner import load_ner as _load_ner

    return _load_ner(lang)


__all__ = ["load_ner"]
