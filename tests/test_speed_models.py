"""Models load by the languages present: a Russian-only inbox never loads the German (or English) NER.

``load_ner`` is replaced by a recorder that returns a blank spaCy pipeline, so no trained model
is loaded; what is checked is which languages the stages and the warm-up ask for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from flows import models as models_mod
from flows import stages
from flows.settings import Settings
from warehouse.store import WarehouseState

RUSSIAN = [
    "Президент России провёл в Кремле встречу с губернатором Новосибирской области. "
    "Они обсудили строительство нового моста через Обь и ремонт школ в районах области.",
    "Министр иностранных дел заявил журналистам в Москве, что переговоры продолжатся на следующей неделе. "
    "По его словам, делегации встретятся в Женеве.",
]
GERMAN = ("Die Bürgermeisterin von Kiel eröffnete am Montag die neue Brücke über den Kanal. "
          "Nach Angaben der Stadt kostete der Bau rund zwölf Millionen Euro.")


@pytest.fixture
def loaded(monkeypatch) -> list[str]:
    """The languages ``load_ner`` is asked for (it returns a blank pipeline: no model on disk is read)."""
    calls: list[str] = []

    def fake_load_ner(lang: str, models_dir: Path | None = None):
        calls.append(lang)
        return spacy.blank("xx")

    monkeypatch.setattr("transforms.entities.ner.load_ner", fake_load_ner)
    return calls


def _inbox(tmp_path: Path, texts: list[str]) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, text in enumerate(texts):
        (inbox / f"a{i}.txt").write_text(text, encoding="utf-8")
    return inbox


def _fresh_models(tmp_path: Path) -> models_mod.Models:
    """A model bundle of its own (the process cache would share its loaded pipelines between tests)."""
    return models_mod._build_models.__wrapped__(("de", "ru", "en"), tmp_path / "models")


def test_a_russian_only_stage_run_loads_no_german_model(tmp_path: Path, loaded: list[str]) -> None:
    inbox = _inbox(tmp_path, RUSSIAN)
    settings = Settings(warehouse=tmp_path / "w.duckdb")
    plan = stages.discover(inbox, settings, WarehouseState())
    models = _fresh_models(tmp_path)
    [chunk] = stages.chunked(plan, settings.batch_size)
    chunk = stages.parse_chunk(stages.read_chunk(chunk, {}, settings.max_file_bytes))
    chunk = stages.extract_chunk(stages.sentences_chunk(stages.sections_chunk(chunk, models), models), models)
    assert len(chunk.articles) == 2
    assert {s.language for a in chunk.articles for s in a.sections} == {"ru"}
    assert set(models._ner) == {"ru"}
    assert loaded == ["ru"]


def test_warm_up_preloads_ner_only_for_the_languages_of_the_first_files(tmp_path: Path, loaded: list[str]) -> None:
    ru_dir, de_dir = tmp_path / "ru", tmp_path / "de"
    ru_dir.mkdir(), de_dir.mkdir()
    settings = Settings(warehouse=tmp_path / "w.duckdb")
    ru_plan = stages.discover(_inbox(ru_dir, RUSSIAN), settings, WarehouseState())
    models_mod.warm_up(("de", "ru", "en"), tmp_path / "models-ru", sample=ru_plan.candidates).join(120)
    assert loaded == ["ru"]
    assert set(models_mod.load_models(("de", "ru", "en"), tmp_path / "models-ru")._ner) == {"ru"}

    loaded.clear()
    de_plan = stages.discover(_inbox(de_dir, [GERMAN]), settings, WarehouseState())
    models_mod.warm_up(("de", "ru", "en"), tmp_path / "models-de", sample=de_plan.candidates).join(120)
    assert loaded == ["de"]


def test_language_sniffing_ignores_unreadable_and_broken_heads(tmp_path: Path) -> None:
    broken = tmp_path / "x.json"
    broken.write_text('{"text": "Президент России провёл встречу в Кремле с министрами правительства', encoding="utf-8")
    gone = stages.FileCandidate(str(tmp_path / "missing.txt"), 10, 0)
    sectioner = _fresh_models(tmp_path).sectioner
    found = models_mod.languages_in([gone, stages.FileCandidate(str(broken), broken.stat().st_size, 0)], sectioner)
    assert found == {"ru"}
