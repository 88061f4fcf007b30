"""parse_document / parse_records per format, on documents written here."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from transforms.ingest import Rejected, parse_document, parse_records

BODY_DE = (
    "Die Stadtwerke Kleinfeld haben am Donnerstag einen neuen Windpark in Betrieb genommen.\n"
    "Nach Angaben des Unternehmens liefern die zwölf Anlagen Strom für rund 30.000 Haushalte."
)

HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Windpark eröffnet | Kleinfelder Bote</title>
<meta property="og:title" content="Neuer Windpark in Kleinfeld eröffnet">
<meta property="og:site_name" content="Kleinfelder Bote">
<meta property="article:published_time" content="2025-03-14T09:30:00+01:00">
<script>var trackingCode = "SCRIPTGEHEIMNIS";</script><style>.nav{color:red}</style></head>
<body><nav><ul><li><a href="/">Startseite</a></li><li><a href="/wirtschaft">Wirtschaft</a></li>
<li><a href="/x">NAVIGATIONSLINK</a></li></ul></nav>
<article><h1>Neuer Windpark in Kleinfeld eröffnet</h1>
<p>Die Stadtwerke Kleinfeld haben am Donnerstag einen neuen Windpark in Betrieb genommen. Die zwölf
Anlagen stehen auf einer Anhöhe nördlich der Stadt und sollen jedes Jahr viel Strom liefern.</p>
<p>Nach Angaben des Unternehmens reicht der Strom für rund 30.000 Haushalte. Der Bau hatte knapp
zwei Jahre gedauert und kostete etwa 48 Millionen Euro, wie die Geschäftsführerin erklärte.</p>
<p>„Das ist ein wichtiger Schritt für die Energiewende in unserer Region“, sagte sie bei der Feier.</p>
</article><footer>Impressum · Datenschutz · FUSSZEILENTEXT</footer></body></html>"""


def test_txt_headline_title_and_text_date() -> None:
    text = "Windpark in Kleinfeld eröffnet\r\n(13.03.2025)\r\n" + BODY_DE + "\r\n"
    [a] = parse_document(text, "txt")
    assert a.title == "Windpark in Kleinfeld eröffnet" and a.title_source == "text"
    assert a.published_at == datetime(2025, 3, 13) and a.published_source == "text"
    assert a.published_reason is None
    assert "\r" not in a.text and a.text.startswith("Windpark") and a.text.endswith("Haushalte.")
    assert a.record_no is None


def test_txt_without_headline_or_date() -> None:
    [a] = parse_document(BODY_DE, "txt")
    assert a.title is None and a.title_source is None
    assert a.published_at is None and a.published_source is None
    assert a.published_reason == "no date field and no date near the top of the text"


def test_txt_date_line_is_not_a_title() -> None:
    [a] = parse_document("Do. Mär 13th, 2025\n\n" + BODY_DE, "txt")
    assert a.title is None
    assert a.published_at == datetime(2025, 3, 13)


def test_txt_only_whitespace_rejected() -> None:
    with pytest.raises(Rejected) as exc:
        parse_document("\u200b \n\u00ad", "txt")
    assert (exc.value.stage, exc.value.reason) == ("parse", "no_text")


def test_html_main_text_without_boilerplate() -> None:
    [a] = parse_document(HTML, "html")
    assert "Windpark in Betrieb genommen" in a.text
    assert "Energiewende" in a.text
    for junk in ("SCRIPTGEHEIMNIS", "NAVIGATIONSLINK", "FUSSZEILENTEXT", "color:red", "<p>"):
        assert junk not in a.text
    assert a.title == "Neuer Windpark in Kleinfeld eröffnet" and a.title_source == "field"
    assert a.published_at == datetime(2025, 3, 14, 8, 30) and a.published_source == "field"
    assert a.source == "Kleinfelder Bote"


def test_htm_tiny_page_still_gives_text() -> None:
    [a] = parse_document("<html><head><title>Kurz</title></head><body><p>Nur ein Satz steht hier.</p></body></html>", "htm")
    assert a.text == "Nur ein Satz steht hier."


def test_html_without_text_rejected() -> None:
    with pytest.raises(Rejected) as exc:
        parse_document("<html><head><script>var a = 1;</script></head><body></body></html>", "html")
    assert exc.value.reason == "no_text"


def test_md_markup_stripped_words_kept() -> None:
    md = (
        "---\ntitle: Vorspann-Titel\ndate: 2025-06-01\nurl: https://example.org/a\n---\n"
        "# Große Überschrift\n\nEin **fetter** Satz mit [Verweis](https://example.org) und `Code`.\n\n"
        "- erster Punkt\n- zweiter Punkt\n\n> Ein Zitat aus dem Rathaus.\n"
    )
    [a] = parse_document(md, "md")
    assert a.text == (
        "Große Überschrift\n\nEin fetter Satz mit Verweis und Code.\n\nerster Punkt\nzweiter Punkt\n\n"
        "Ein Zitat aus dem Rathaus."
    )
    assert a.title == "Vorspann-Titel" and a.title_source == "field"
    assert a.published_at == datetime(2025, 6, 1) and a.published_source == "field"
    assert a.url == "https://example.org/a"


def test_md_heading_is_title() -> None:
    [a] = parse_document("Vorwort ohne Punkt\n\n## Nebensache\n\n# Hauptsache\n\nText des Artikels.", "md")
    assert a.title == "Hauptsache" and a.title_source == "text"


def test_json_object_fields() -> None:
    obj = {
        "title": "Windpark eröffnet",
        "body": BODY_DE,
        "url": "https://example.org/wind",
        "published": "2025-03-13T18:00:00+02:00",
        "source": {"name": "Kleinfelder Bote"},
    }
    [a] = parse_document(json.dumps(obj, ensure_ascii=False), "json")
    assert a.text == BODY_DE and a.title == "Windpark eröffnet" and a.title_source == "field"
    assert a.published_at == datetime(2025, 3, 13, 16, 0) and a.published_source == "field"
    assert a.url == "https://example.org/wind" and a.source == "Kleinfelder Bote"


def test_json_array_with_bad_record() -> None:
    arr = [{"text": "Erster Artikel über den Hafen.", "date": "04.02.2026"}, {"title": "ohne Text"}, {"text": "Zweiter Artikel über die Bahn."}]
    res = parse_records(json.dumps(arr), "json")
    assert [a.record_no for a in res.articles] == [0, 2]
    assert res.articles[0].published_at == datetime(2026, 2, 4)
    assert [(r.reason, r.record_no) for r in res.rejected] == [("no_text", 1)]
    assert [a.record_no for a in parse_document(json.dumps(arr), "json")] == [0, 2]


def test_json_unparseable_date_field_says_why() -> None:
    [a] = parse_document(json.dumps({"text": BODY_DE, "date": "irgendwann"}), "json")
    assert a.published_at is None
    assert "unparseable" in (a.published_reason or "")


def test_truncated_json_rejected() -> None:
    full = json.dumps([{"text": BODY_DE, "title": "Wind"}, {"text": "Noch ein Artikel."}], ensure_ascii=False)
    for cut in (len(full) - 1, len(full) // 2, 40):
        with pytest.raises(Rejected) as exc:
            parse_document(full[:cut], "json")
        assert (exc.value.stage, exc.value.reason) == ("parse", "truncated_json"), cut


def test_invalid_json_rejected() -> None:
    with pytest.raises(Rejected) as exc:
        parse_document('{"text": "abc", oops}', "json")
    assert exc.value.reason == "invalid_json"


def test_jsonl_several_articles_and_bad_lines() -> None:
    lines = [
        json.dumps({"text": "Der Hafen meldet einen Rekord beim Umschlag.", "title": "Hafen"}),
        "",
        "{kaputt",
        json.dumps({"body": "Die Bahn erneuert die Strecke nach Süden.", "published": "2026-01-05"}),
        json.dumps({"text": "Новый мост открыли в пятницу.", "source": "Вестник"}),
        json.dumps(["kein", "Objekt"]),
    ]
    res = parse_records("\n".join(lines), "jsonl")
    assert [a.record_no for a in res.articles] == [0, 3, 4]
    assert res.articles[1].published_at == datetime(2026, 1, 5)
    assert res.articles[2].source == "Вестник"
    assert sorted((r.record_no, r.reason) for r in res.rejected) == [(2, "invalid_json"), (5, "not_an_object"), (5, "not_an_object")]
    assert len(parse_document("\n".join(lines), "jsonl")) == 3


def test_jsonl_all_bad_raises() -> None:
    with pytest.raises(Rejected) as exc:
        parse_document("{nope\n[1, 2", "jsonl")
    assert exc.value.stage == "parse"


def test_json_that_is_really_jsonl() -> None:
    text = json.dumps({"text": "Eins."}) + "\n" + json.dumps({"text": "Zwei."})
    assert [a.text for a in parse_document(text, "json")] == ["Eins.", "Zwei."]


def test_unsupported_format() -> None:
    with pytest.raises(Rejected) as exc:
        parse_document("abc", "pdf")
    assert exc.value.reason == "unsupported_format"


def test_json_body_with_html_markup() -> None:
    body = "<p>Der Stadtrat tagte am Montag bis spät in die Nacht.</p><p>Am Ende stand ein <b>neuer</b> Haushalt.</p>"
    [a] = parse_document(json.dumps({"body": body}), "json")
    assert "<" not in a.text and "neuer Haushalt" in a.text and "Stadtrat tagte" in a.text


def test_md_keeps_ordered_list_numbers_as_words() -> None:
    [a] = parse_document("Vorspann des Textes.\n\n4. Februar 2026\n\nDer Text beginnt hier.", "md")
    assert "4. Februar 2026" in a.text
    assert a.published_at == datetime(2026, 2, 4)
