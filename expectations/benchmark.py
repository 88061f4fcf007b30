"""Prints what validation and reporting cost: ``python -m expectations.benchmark [--batches N]``.

Measures Validator() construction, validate() per batch of 64 synthetic documents (about 2,400
mentions and 1,000 figures: more rows than real articles give), the same with broken rows (the
COMPLETE re-run), build_data_docs() after the batches, and write_report() on a warehouse built
from the validated batches.  Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
warnings.filterwarnings("ignore", category=DeprecationWarning)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--docs", type=int, default=64)
    args = parser.parse_args()

    from expectations import Validator
    from expectations.synthetic import make_batch, replace_cell
    from warehouse.report import write_report

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        t = time.perf_counter()
        validator = Validator(data_docs_dir=tmp_path / "docs")
        print(f"Validator(): {time.perf_counter() - t:.2f} s")
        batches = [make_batch(args.docs, seed=i, run_id="bench") for i in range(args.batches)]
        rows = {k: v.num_rows for k, v in batches[0].items()}
        print(f"batch: {rows}")
        clean, broken = [], []
        outcomes = []
        for i, batch in enumerate(batches):
            t = time.perf_counter()
            outcomes.append(validator.validate(batch, run_id="bench", known_entity_ids=set()))
            clean.append(time.perf_counter() - t)
            bad = {**batch, "mentions": replace_cell(batch["mentions"], "text", i, "kaputt")}
            t = time.perf_counter()
            validator.validate(bad, run_id="bench", known_entity_ids=set())
            broken.append(time.perf_counter() - t)
        for name, ts in (("validate(), all rows pass", clean), ("validate(), one bad mention", broken)):
            print(
                f"{name}: median {statistics.median(ts):.2f} s, min {min(ts):.2f} s, max {max(ts):.2f} s "
                f"per batch of {args.docs} docs ({len(ts)} batches)"
            )
        t = time.perf_counter()
        validator.build_data_docs()
        print(f"build_data_docs() after {2 * len(batches)} validations: {time.perf_counter() - t:.2f} s")

        import duckdb
        import pyarrow as pa

        con = duckdb.connect(str(tmp_path / "w.duckdb"))
        for name in outcomes[0].tables:
            con.register("t", pa.concat_tables([o.tables[name] for o in outcomes]))
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM t")
            con.unregister("t")
        con.register("t", pa.concat_tables([o.validations for o in outcomes]))
        con.execute("CREATE TABLE validations AS SELECT * FROM t")
        con.close()
        t = time.perf_counter()
        out = write_report(tmp_path / "w.duckdb", tmp_path / "report.html")
        print(
            f"write_report() on {args.docs * len(batches)} documents: {time.perf_counter() - t:.2f} s, "
            f"{out.stat().st_size / 1024:.0f} KiB"
        )
    print(f"machine load (1/5/15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
