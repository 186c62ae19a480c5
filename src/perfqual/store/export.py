"""Export of the store and of its aggregates for the resource centre's own analyses.

CSV: ``;`` separator, ``.`` decimal point, UTF-8, header row (the convention of perfqual's other
CSV outputs). Parquet: written by DuckDB itself (``COPY … (FORMAT PARQUET)``), no pyarrow needed.
Column names are the store's (English, units in the names; ``methods/rex.md`` gives the French
meaning). Written atomically: a failed export leaves the target folder as it was.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from perfqual.errors import InputError
from perfqual.io.output import staged_directory
from perfqual.store.db import read_tables

FORMATS = ("csv", "parquet")


def _copy(con, relation: str, target: Path, fmt: str) -> None:
    options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER, DELIMITER ';'"
    target_sql = str(target).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {relation}) TO '{target_sql}' ({options})")


def export_store(store_path: str | Path, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write every table (``tables/``) and every aggregate (``agregats/``) of the store.

    Returns
    -------
    list of Path
        The files written, relative to ``out_dir``.
    """
    from perfqual.aggregate.rex import all_aggregates

    if fmt not in FORMATS:
        raise InputError(f"format « {fmt} » inconnu (csv ou parquet)", "--format")
    frames = read_tables(store_path)
    aggregates = all_aggregates(frames)
    written = []
    with staged_directory(out_dir) as stage, duckdb.connect() as con:
        for sub, items in (("tables", frames), ("agregats", aggregates)):
            (stage / sub).mkdir()
            for name, df in items.items():
                view = f"v_{name}"
                con.register(view, df)
                rel = Path(sub) / f"{name}.{fmt}"
                _copy(con, view, stage / rel, fmt)
                con.unregister(view)
                written.append(rel)
    return written
