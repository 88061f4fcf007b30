"""Data quality: one Great Expectations suite per warehouse table, run on every batch before load.

The pipeline calls::

    validator = Validator(critical=settings.critical_expectations or None,
                          history=load_history(con, settings.history_runs),
                          data_docs_dir=report_dir / "data_docs")
    outcome = validator.validate(tables, run_id=run_id, known_entity_ids=ids)   # per batch
    validator.build_data_docs()                                                 # once per run

Expectation names (the ids ``critical`` refers to) are listed by ``expectation_names()``.
"""

from __future__ import annotations

from .history import load_history
from .runner import ValidationOutcome, Validator, all_suites, default_critical


def expectation_names() -> dict[str, list[str]]:
    """Table -> the names of its expectations, in evaluation order."""
    return {t: s.names for t, s in all_suites().items()}


__all__ = ["ValidationOutcome", "Validator", "load_history", "default_critical", "expectation_names"]
