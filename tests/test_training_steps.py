"""Tests of the training package: declared steps that skip when unchanged, the new corpus
readers, the data plans and the settings' shared data folder.

Every file content here is written for these tests (invented names and sentences).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from training import bio
from training import formats as fm
from training.pipeline import TrainConfig, variant_name
from training.steps import Step, content_hash, run_step


# --------------------------------------------------------------------------- steps


def test_step_runs_once_then_skips_until_an_input_or_param_changes(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("eins")
    out = tmp_path / "out.txt"
    calls = []

    def fn():
        calls.append(1)
        out.write_text(src.read_text().upper())
        return {"n": len(calls)}

    step = Step("demo", inputs=(src,), outputs=(out,), params={"k": 1})
    first = run_step(step, tmp_path, fn, log=lambda m: None)
    assert first["skipped"] is False and first["n"] == 1 and out.read_text() == "EINS"
    again = run_step(step, tmp_path, fn, log=lambda m: None)
    assert again["skipped"] is True and again["n"] == 1 and len(calls) == 1  # recorded result, no rerun
    src.write_text("zwei")  # an input changed
    assert run_step(step, tmp_path, fn, log=lambda m: None)["skipped"] is False and len(calls) == 2
    changed = Step("demo", inputs=(src,), outputs=(out,), params={"k": 2})  # a parameter changed
    assert run_step(changed, tmp_path, fn, log=lambda m: None)["skipped"] is False and len(calls) == 3
    out.unlink()  # an output is missing
    assert run_step(changed, tmp_path, fn, log=lambda m: None)["skipped"] is False and len(calls) == 4
    assert run_step(changed, tmp_path, fn, force=True, log=lambda m: None)["skipped"] is False and len(calls) == 5


def test_content_hash_sees_files_inside_folders(tmp_path):
    d = tmp_path / "model"
    d.mkdir()
    (d / "a.bin").write_bytes(b"\x00\x01")
    h1 = content_hash([d])
    assert content_hash([d]) == h1
    (d / "b.bin").write_bytes(b"\x02")
    assert content_hash([d]) != h1


# --------------------------------------------------------------------------- readers


def test_hipe_reader_cuts_sentences_and_maps_coarse_types():
    text = (
        "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n"
        "# hipe2022:document_id = d1\n"
        "Herr\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Albin\tB-pers\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Krätzli\tI-pers\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "reiste\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "nach\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Wabern\tB-loc\t_\tO\t_\t_\tO\t_\t_\tNoSpaceAfter\n"
        ".\tO\t_\tO\t_\t_\tO\t_\t_\tEndOfSentence\n"
        "Der\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Anzeiger\tB-prod\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "berichtete\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "\n"
        "# hipe2022:document_id = d2\n"
        "Die\tO\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Kelmer\tB-ORG\t_\tO\t_\t_\tO\t_\t_\t_\n"
        "Bank\tI-ORG\t_\tO\t_\t_\tO\t_\t_\t_\n"
    )
    ex = fm.read_hipe(text.splitlines())
    assert [w for w, _ in ex] == [["Herr", "Albin", "Krätzli", "reiste", "nach", "Wabern", "."],
                                  ["Der", "Anzeiger", "berichtete"], ["Die", "Kelmer", "Bank"]]
    assert bio.spans_from_bio(ex[0][1]) == [(1, 3, "PER"), (5, 6, "LOC")]
    assert ex[1][1] == ["O", "O", "O"]  # prod is no PER/LOC/ORG
    assert bio.spans_from_bio(ex[2][1]) == [(1, 3, "ORG")]


def test_ler_reader_uses_coarse_classes_and_drops_legal_ones():
    text = ("Das O\r\nLandgericht B-GRT\r\nHalsbach I-GRT\r\nverwies O\r\nauf O\r\n§ B-GS\r\n12 I-GS\r\n"
            "und O\r\nRichterin O\r\nMerz B-RR\r\n. O\r\n\r\n")
    (words, tags), = fm.read_ler(text.splitlines())
    assert bio.spans_from_bio(tags) == [(1, 3, "ORG"), (9, 10, "PER")]


def test_crossner_and_uner_mappings():
    cn = "Ola\tB-politician\nNordvik\tI-politician\nof\tO\nthe\tO\nGreen\tB-politicalparty\nLeague\tI-politicalparty\n" \
         "won\tO\nthe\tO\n2031\tB-election\nvote\tI-election\nin\tO\nVestria\tB-country\n"
    (w, t), = fm.read_crossner(cn.splitlines())
    assert bio.spans_from_bio(t) == [(0, 2, "PER"), (4, 6, "ORG"), (11, 12, "LOC")]
    un = "# sent_id = x-1\n# text = Mara met Tobin in Kelso\n1\tMara\tB-PER\t-\t-\n2\tmet\tO\t-\t-\n" \
         "3\tTobin\tB-PER\t-\t-\n4\tin\tO\t-\t-\n5\tKelso\tB-LOC\t-\t-\n"
    (w, t), = fm.read_uner(un.splitlines())
    assert w == ["Mara", "met", "Tobin", "in", "Kelso"]
    assert bio.spans_from_bio(t) == [(0, 1, "PER"), (2, 3, "PER"), (4, 5, "LOC")]


def test_bio_stream_normalises_tag_typos_and_splits_documents():
    text = ("# file:\t\tA\nIn O\nKelmsdorf B-LOC\nsprach O\nHerr O\nFranz B-PEr\nOber I_PER\n. O\n"
            "Die Bergwerk O\n# file:\t\tB\nBank B.ORG\nvon I-ORg\nUlm B-OLOC\nohne\n")
    ex = fm.read_bio_stream(text.splitlines())
    assert [w for w, _ in ex] == [["In", "Kelmsdorf", "sprach", "Herr", "Franz", "Ober", "."], ["Die", "Bergwerk"],
                                  ["Bank", "von", "Ulm"]]
    assert bio.spans_from_bio(ex[0][1]) == [(1, 2, "LOC"), (4, 6, "PER")]
    assert bio.spans_from_bio(ex[2][1]) == [(0, 2, "ORG"), (2, 3, "LOC")]


def test_drop_blank_tokens_keeps_spans():
    words, tags = bio.drop_blank_tokens((["Ada", " ", "Lorn", "in", "Oslo", ""], ["B-PER", "I-PER", "I-PER", "O", "B-LOC", "O"]))
    assert words == ["Ada", "Lorn", "in", "Oslo"] and bio.spans_from_bio(tags) == [(0, 2, "PER"), (3, 4, "LOC")]


# --------------------------------------------------------------------------- config and settings


def test_train_config_defaults_and_reproduce_command():
    en = TrainConfig(lang="en").resolved()
    assert (en.plan, en.max_minutes, en.finetune_minutes, en.refit) == ("v2", 55.0, 3.0, False)
    assert en.main_minutes == 55.0 - 4 * 3.0
    assert en.command().startswith("newsflow train ner --lang en --seed 0 --max-minutes 55 --finetune-minutes 3 --plan v2")
    de = TrainConfig(lang="de", seed=1).resolved()
    assert (de.plan, de.max_minutes, de.refit) == ("v1", 32.0, True) and "--gold-copies 6" in de.command()
    assert variant_name({"gazetteer": True, "filter": ("LOC", "PER")}) == "gazetteer+filter=LOC/PER"


def test_shared_data_setting_is_relative_to_the_project_root(monkeypatch, tmp_path):
    from flows.settings import PROJECT_ROOT, Settings

    monkeypatch.delenv("NEWSFLOW_SHARED_DATA", raising=False)
    monkeypatch.setenv("NEWSFLOW_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)  # not the working directory's ../shared
    assert Settings().shared_data == (PROJECT_ROOT.parent / "shared" / "data")
    monkeypatch.setenv("NEWSFLOW_SHARED_DATA", str(tmp_path / "corpora"))
    assert Settings().shared_data == tmp_path / "corpora"


# --------------------------------------------------------------------------- the real corpora (skip without ../shared)


def _data() -> Path:
    from flows.settings import Settings

    data = Settings().shared_data
    if not (data / "ner").exists():
        pytest.skip(f"{data} is absent; set NEWSFLOW_SHARED_DATA to run this test")
    return data


def test_english_dev_slice_is_disjoint_from_training_and_evaluation_sets():
    from training import datasets as ds
    from training.corpora import eval_sets

    data = _data()
    sets = ds.english_training_sets(data, 0)
    key = lambda e: tuple(e[0])  # noqa: E731
    # sentences of 8+ tokens: short boilerplate ("Hi ,") repeats inside UNER dev itself
    dev = {key(e) for e in sets["en_dev_keep"] if len(e[0]) >= 8}
    assert len(sets["en_dev_keep"]) == 750
    trained = {key(e) for n, c in ds.PLANS["en"]["v2"].items() for e in sets[n]}
    from collections import Counter

    repeated = {k for k, n in Counter(key(e) for e in sets["uner_dev_keep"] + sets["uner_dev_train"]).items() if n > 1}
    assert not (dev & trained) - repeated  # only lines UNER dev itself repeats (e-mail boilerplate)
    evals = eval_sets(data, "en")
    assert {"crossner_politics_test", "uner_ewt_test", "gum_news", "wikiann_en_test"} <= set(evals)
    for name, examples in evals.items():
        if name != "wikiann_en_test":  # WikiANN's own splits share template lines ("It is found in …")
            assert not {key(e) for e in examples if len(e[0]) >= 8} & trained, name


def test_non_commercial_sets_are_never_in_a_training_plan():
    from training import datasets as ds

    names = {n for plans in ds.PLANS.values() for plan in plans.values() for n in plan}
    assert not {n for n in names if "hipe2020" in n or "re3d" in n}
    assert all(n in ds.LICENCES for n in names)


def test_name_spans_only_keeps_names_with_inner_links_and_drops_pronouns():
    words = "He told the Church of Lumora and I that the city of Varn was calm".split()
    tags = ["I-person", "O", "I-organization", "I-organization", "I-organization", "I-organization", "O", "I-person",
            "O", "I-place", "I-place", "I-place", "I-place", "O", "O"]
    _, out = bio.name_spans_only((words, bio.normalise_tags(tags)))
    # "the city of Varn": the leading common words are trimmed, the name is Varn
    assert bio.spans_from_bio(out) == [(3, 6, "ORG"), (12, 13, "LOC")]
