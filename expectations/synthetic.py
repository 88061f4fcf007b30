"""A realistic, valid synthetic batch (invented articles) for tests and the validate() benchmark.

Offsets are found in the generated text, so every row passes the suites unless a test breaks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

import pyarrow as pa

from warehouse.schema import to_table

_PEOPLE = [("Marta Kellner", "PER"), ("Ilja Worobjow", "PER"), ("Anouk Brandt", "PER"), ("Tomasz Lenz", "PER")]
_ORGS = [("Nordwerk AG", "ORG"), ("Stadtrat", "ORG"), ("Hafenbund", "ORG")]
_PLACES = [("Lindau", "LOC"), ("Wolgograd", "LOC"), ("Rosental", "LOC"), ("Ostmark", "LOC")]
_FIGS = [
    ("3,5 Prozent", "percent", 3.5, "%"),
    ("12 Milliarden Euro", "money", 12e9, "EUR"),
    ("400 Veranstaltungen", "quantity", 400.0, "Veranstaltung"),
    ("zwei Stunden", "duration", 2.0, "hour"),
    ("15:10 Uhr", "time", 910.0, "minute"),
    ("das dritte Treffen", "ordinal", 3.0, "Treffen"),
]


def entity_id(name: str) -> str:
    return "e_" + hashlib.sha1(name.encode()).hexdigest()[:12]


def _sentence(rng: random.Random) -> str:
    who, _ = rng.choice(_PEOPLE)
    org, _ = rng.choice(_ORGS)
    where, _ = rng.choice(_PLACES)
    fig = rng.choice(_FIGS)[0]
    templates = [
        f"{who} sagte in {where}, die {org} plane {fig} mehr als im Vorjahr.",
        f"Laut {org} kamen am 5. März 2025 in {where} {fig} zusammen, berichtete {who}.",
        f"In {where} traf {who} Vertreter der {org}; es war {fig}.",
    ]
    return rng.choice(templates)


def make_batch(n_docs: int = 64, *, seed: int = 0, run_id: str = "run-test", sentences: int = 12) -> dict[str, pa.Table]:
    """documents, sections, mentions, entities, figures, quotes for ``n_docs`` invented articles."""
    rng = random.Random(seed)
    now = dt.datetime(2026, 2, 5, 12, 0)
    docs, secs, ments, figs, quots = [], [], [], [], []
    counts: dict[str, list[int]] = {}
    seen_docs: dict[str, set[str]] = {}
    for n in range(n_docs):
        body = " ".join(_sentence(rng) for _ in range(sentences))
        speaker = rng.choice(_PEOPLE)[0]
        quote = "Wir bleiben bei unserem Kurs"
        text = f"Bericht {n} aus der Region\n\n{body}\n„{quote}“, sagte {speaker}."
        doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
        docs.append(
            {
                "doc_id": doc_id,
                "source_uri": f"file:///inbox/article_{n:04d}.txt",
                "source_uris": [f"file:///inbox/article_{n:04d}.txt"],
                "text": text,
                "title": f"Bericht {n} aus der Region",
                "published_at": now - dt.timedelta(days=n % 30),
                "language": "de",
                "languages": ["de"],
                "n_chars": len(text),
                "format": "txt",
                "encoding": "utf-8",
                "ingested_at": now,
                "run_id": run_id,
            }
        )
        secs.append({"doc_id": doc_id, "section_no": 0, "language": "de", "char_start": 0, "char_end": len(text), "run_id": run_id})
        m_no = 0
        for name, label in _PEOPLE + _ORGS + _PLACES:
            start = text.find(name)
            while start >= 0:
                ments.append(
                    {
                        "doc_id": doc_id,
                        "mention_no": m_no,
                        "char_start": start,
                        "char_end": start + len(name),
                        "text": name,
                        "label": label,
                        "entity_id": entity_id(name),
                        "normalized": name,
                        "language": "de",
                        "sentence_no": 0,
                        "run_id": run_id,
                    }
                )
                m_no += 1
                counts.setdefault(name, [0, 0])[0] += 1
                seen_docs.setdefault(name, set()).add(doc_id)
                start = text.find(name, start + 1)
        f_no = 0
        for surface, kind, value, unit in _FIGS + [("5. März 2025", "date", None, "day")]:
            start = text.find(surface)
            while start >= 0:
                figs.append(
                    {
                        "doc_id": doc_id,
                        "figure_no": f_no,
                        "char_start": start,
                        "char_end": start + len(surface),
                        "text": surface,
                        "kind": kind,
                        "value": value,
                        "unit": unit,
                        "date_value": dt.date(2025, 3, 5) if kind == "date" else None,
                        "qualifier": "exact",
                        "language": "de",
                        "sentence_no": 0,
                        "run_id": run_id,
                    }
                )
                f_no += 1
                start = text.find(surface, start + 1)
        q_start = text.find(quote)
        quots.append(
            {
                "doc_id": doc_id,
                "quote_no": 0,
                "text": quote,
                "speaker_entity_id": entity_id(speaker),
                "speaker_text": speaker,
                "cue": "sagte",
                "char_start": q_start,
                "char_end": q_start + len(quote),
                "language": "de",
                "run_id": run_id,
            }
        )
    ents = [
        {
            "entity_id": entity_id(name),
            "canonical_name": name,
            "label": label,
            "aliases": [name],
            "n_mentions": counts[name][0],
            "n_documents": len(seen_docs[name]),
            "first_run_id": run_id,
            "run_id": run_id,
        }
        for name, label in _PEOPLE + _ORGS + _PLACES
        if name in counts
    ]
    return {
        "documents": to_table("documents", docs),
        "sections": to_table("sections", secs),
        "mentions": to_table("mentions", ments),
        "entities": to_table("entities", ents),
        "figures": to_table("figures", figs),
        "quotes": to_table("quotes", quots),
    }


def replace_cell(table: pa.Table, column: str, row: int, value: Any) -> pa.Table:
    """The table with one cell changed (to break a row on purpose in tests)."""
    values = table[column].to_pylist()
    values[row] = value
    idx = table.schema.get_field_index(column)
    return table.set_column(idx, table.schema.field(idx), pa.array(values, table.schema.field(idx).type))
