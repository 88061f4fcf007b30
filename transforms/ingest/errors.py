"""The one exception the ingest stage raises: anything that cannot become a document."""

from __future__ import annotations


class Rejected(Exception):
    """A file or record that cannot become a document. The pipeline quarantines it.

    ``stage`` is 'read' | 'decode' | 'parse'; ``reason`` is short and stable (it is grouped on in
    the quarantine table: 'empty', 'binary', 'undecodable', 'truncated_json', 'invalid_json',
    'no_text', 'not_an_object', 'unsupported_format'); ``detail`` is a sentence for humans.
    ``record_no`` is set when only one record of a .json array / .jsonl file is rejected.
    """

    def __init__(self, stage: str, reason: str, detail: str = "", record_no: int | None = None) -> None:
        super().__init__(f"{stage}:{reason}" + (f" ({detail})" if detail else ""))
        self.stage = stage
        self.reason = reason
        self.detail = detail
        self.record_no = record_no

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Rejected(stage={self.stage!r}, reason={self.reason!r}, detail={self.detail!r}, record_no={self.record_no!r})"
