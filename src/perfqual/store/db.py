"""The lessons-learned store: an embedded DuckDB file chosen by the user.

Guarantees (``tests/store``):

* **atomic ingest** — an operation is written in one transaction: its previous rows are deleted
  and its new rows inserted, then committed; any failure rolls everything back, so the store is
  exactly as before;
* **idempotent** — ingesting the same operation again replaces it (key ``op_id``);
* **isolated readers** — a reader in the same process sees the last committed snapshot
  (DuckDB MVCC), never half an operation; another process cannot open the file while an
  ingest holds DuckDB's write lock: it waits (``timeout_s``) then reports the store busy;
* **versioned** — the schema is brought to :data:`~perfqual.store.schema.CURRENT_VERSION`
  by :func:`~perfqual.store.schema.migrate` before writing; reading never migrates (a store at
  an older version is read after the user has run ``perfqual rex migrer`` or an ingest).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
from pydantic import BaseModel

from perfqual.errors import InputError
from perfqual.store.record import ROW_MODELS, OperationRecord
from perfqual.store.schema import CURRENT_VERSION, migrate, stored_version

DEFAULT_STORE = Path("rex.duckdb")


class StoreBusyError(InputError):
    """Another process is writing to the store."""


def _connect(path: Path, read_only: bool):
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.ConnectionException as exc:
        if read_only and "different configuration" in str(exc):
            # a read-write connection of this process is open: share its instance (MVCC).
            return duckdb.connect(str(path), read_only=False)
        raise


@contextmanager
def open_store(path: str | Path, read_only: bool = False, timeout_s: float = 10.0,
               create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a store, translating DuckDB's errors into French input errors.

    Parameters
    ----------
    path : str or Path
        The DuckDB file.
    read_only : bool
        Open for reading only (several reading processes may share the file).
    timeout_s : float
        How long to wait while another process holds the write lock. [s]
    create : bool
        Create the file when it does not exist (ingest); otherwise a missing file is an error.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("est un dossier : donner un fichier de base (ex. rex.duckdb)", str(path))
    if not path.exists():
        if not create:
            raise InputError("base de retour d'expérience introuvable (la créer avec "
                             "« perfqual rex ajouter OPERATION --base FICHIER »)", str(path))
        if not path.parent.exists():
            raise InputError("le dossier de la base n'existe pas", str(path.parent))
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            con = _connect(path, read_only)
            break
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise StoreBusyError("base occupée par une écriture en cours dans un autre "
                                     "processus ; réessayer plus tard", str(path)) from None
            raise InputError(f"fichier illisible comme base DuckDB ({text.splitlines()[0]})",
                             str(path)) from None
        except duckdb.Error as exc:
            raise InputError(f"fichier illisible comme base DuckDB ({str(exc).splitlines()[0]})",
                             str(path)) from None
    try:
        yield con
    finally:
        con.close()


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest did."""

    op_id: str
    replaced: bool
    n_rows: dict[str, int]
    migrated_to: list[int]


def _insert_rows(con, table: str, op_id: str, rows: tuple[BaseModel, ...]) -> int:
    """Insert the rows of one table (one statement per table)."""
    if not rows:
        return 0
    fields = list(ROW_MODELS[table].model_fields)
    columns = ", ".join(["op_id", *fields])
    marks = ", ".join("?" * (len(fields) + 1))
    values = [[op_id, *(getattr(r, f) for f in fields)] for r in rows]
    con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
    return len(values)


def ingest(path: str | Path, record: OperationRecord,
           on_table: Callable[[str], None] | None = None) -> IngestSummary:
    """Write one operation into the store, replacing any previous version of it, atomically.

    Parameters
    ----------
    path : str or Path
        Store file (created if absent, migrated to the current schema).
    record : OperationRecord
        The operation's rows (validated: pseudonymous ids, no unknown column).
    on_table : callable, optional
        Called with each table name after its rows are inserted, inside the transaction (used
        by the tests to pause or fail mid-ingest).
    """
    record = OperationRecord.model_validate(record)
    with open_store(path, create=True) as con:
        applied = migrate(con)
        con.execute("BEGIN TRANSACTION")
        try:
            replaced = con.execute("SELECT count(*) FROM operations WHERE op_id = ?",
                                   [record.op_id]).fetchone()[0] > 0
            for table in reversed(ROW_MODELS):
                con.execute(f"DELETE FROM {table} WHERE op_id = ?", [record.op_id])
            counts = {}
            for table in ROW_MODELS:
                counts[table] = _insert_rows(con, table, record.op_id, record.rows(table))
                if on_table is not None:
                    on_table(table)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return IngestSummary(record.op_id, replaced, counts, applied)


def remove_operation(path: str | Path, op_id: str) -> None:
    """Delete one operation from the store (one transaction)."""
    with open_store(path) as con:
        if stored_version(con) != CURRENT_VERSION:
            migrate(con)
        con.execute("BEGIN TRANSACTION")
        try:
            n = con.execute("SELECT count(*) FROM operations WHERE op_id = ?",
                            [op_id]).fetchone()[0]
            if n == 0:
                known = [r[0] for r in con.execute(
                    "SELECT op_id FROM operations ORDER BY op_id").fetchall()]
                raise InputError(f"opération « {op_id} » absente de la base (présentes : "
                                 f"{', '.join(known) or 'aucune'})", str(path))
            for table in reversed(ROW_MODELS):
                con.execute(f"DELETE FROM {table} WHERE op_id = ?", [op_id])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def migrate_store(path: str | Path) -> list[int]:
    """Bring an existing store to the current schema; the versions applied."""
    with open_store(path) as con:
        return migrate(con)


def read_tables(path: str | Path, timeout_s: float = 10.0) -> dict:
    """Every table of the store as pandas DataFrames, from one consistent snapshot.

    Raises
    ------
    perfqual.errors.InputError
        Missing or unreadable file, or a schema older than this perfqual (run an ingest or
        ``perfqual rex migrer`` first) or newer.
    """
    with open_store(path, read_only=True, timeout_s=timeout_s) as con:
        version = stored_version(con)
        if version != CURRENT_VERSION:
            raise InputError(f"base au schéma v{version}, cette version de perfqual lit la "
                             f"v{CURRENT_VERSION} : lancer « perfqual rex migrer »", str(path))
        con.execute("BEGIN TRANSACTION")
        try:
            frames = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in ROW_MODELS}
        finally:
            con.execute("COMMIT")
    return frames


def list_operations(path: str | Path) -> list[tuple[str, str, str | None]]:
    """(op_id, operation name, EPCI) of every operation in the store."""
    frames = read_tables(path)
    ops = frames["operations"]
    return [(r.op_id, r.operation_name, r.epci) for r in ops.itertuples()]
