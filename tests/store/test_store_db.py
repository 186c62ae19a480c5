"""The lessons-learned store: schema, migrations, atomic ingest, idempotence, isolation, privacy."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from pydantic import ValidationError

from perfqual.errors import InputError
from perfqual.store import db
from perfqual.store.record import ROW_MODELS, OperationRecord, TenantGainRow
from perfqual.store.schema import CURRENT_VERSION, MIGRATIONS, migrate, stored_version
from perfqual_test_support import load_test_helper

_small = load_test_helper("aggregate", "small_store")
record_a, record_b, record_c = _small.record_a, _small.record_b, _small.record_c

SRC = Path(__file__).resolve().parents[2] / "src"


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: the exact content of the store."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: sorted(map(tuple, con.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
                for t in ROW_MODELS}


def _columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [table]).fetchall()]


# ----------------------------------------------------------------------------------- schema
def test_fresh_schema_matches_row_models(tmp_path):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    with duckdb.connect(str(path), read_only=True) as con:
        assert stored_version(con) == CURRENT_VERSION
        for table, model in ROW_MODELS.items():
            assert set(_columns(con, table)) == {"op_id", *model.model_fields}, table
        versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1")
                    .fetchall()]
    assert versions == sorted(MIGRATIONS)


def test_migration_from_v1_keeps_rows(tmp_path):
    # A store written by the v1 schema (created by the v1 migration alone, a row inserted with
    # the v1 columns) is brought to the current version; the old row survives, new columns NULL.
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        assert migrate(con, target=1, now=dt.datetime(2026, 1, 1)) == [1]
        assert "technique" not in _columns(con, "airtightness_tests")
        con.execute("INSERT INTO airtightness_tests VALUES ('old', 't0', 'D1', 'coron', "
                    "'reception', 1.1, NULL, 'q4pa_surf', 1.7, 'conforme', true, true)")
    with pytest.raises(InputError, match="migrer"):
        db.read_tables(path)
    assert db.migrate_store(path) == list(range(2, CURRENT_VERSION + 1))
    with duckdb.connect(str(path), read_only=True) as con:
        assert stored_version(con) == CURRENT_VERSION
        row = con.execute("SELECT test_id, technique FROM airtightness_tests").fetchall()
        assert row == [("t0", None)]
    assert db.migrate_store(path) == []  # idempotent
    db.ingest(path, record_b())  # the migrated store takes new operations
    assert len(db.read_tables(path)["airtightness_tests"]) == 3


def test_migration_from_v2_adds_the_provenance_columns(tmp_path):
    # A v2 store with a tenant gain, a follow-up row and an energy result: v3 adds
    # forecast_source (both) and climate_name, NULL for the old rows ("provenance non
    # enregistrée"); a re-ingest of the operation fills them.
    path = tmp_path / "v2.duckdb"
    with duckdb.connect(str(path)) as con:
        assert migrate(con, target=2, now=dt.datetime(2026, 6, 1)) == [1, 2]
        assert "forecast_source" not in _columns(con, "tenant_gains")
        con.execute("INSERT INTO tenant_gains VALUES ('old', 'L-0001', 'coron', 'v2', 'thcex', "
                    "10.00, 25.50, 15.50)")
        con.execute("INSERT INTO consumption_followup VALUES ('old', 'C-001', 'coron', 'v2', "
                    "'thcex', '2027-2028', 9400.0, 10100.0, 2510.0)")
        con.execute("INSERT INTO energy_results VALUES ('old', 'coron', 'v2', 'thcex', 'th', "
                    "'shon_rt', 81.6, 134.5, 120.3, 8000.0, 9000.0)")
    assert db.migrate_store(path) == [3]
    with duckdb.connect(str(path), read_only=True) as con:
        assert stored_version(con) == 3
        assert con.execute("SELECT tenant_id, net_gain_eur_per_month, forecast_source FROM "
                           "tenant_gains").fetchall() == [("L-0001", Decimal("15.50"), None)]
        assert con.execute("SELECT forecast_source FROM consumption_followup").fetchall() == [
            (None,)]
        assert con.execute("SELECT climate_name FROM energy_results").fetchall() == [(None,)]
        description = con.execute("SELECT description FROM schema_version WHERE version = 3"
                                  ).fetchone()[0]
    assert "provenance de la prévision" in description
    rec = record_a()
    gains = tuple(g.model_copy(update={"forecast_source": "fichier p.csv : test"})
                  for g in rec.tenant_gains)
    db.ingest(path, rec.model_copy(update={"tenant_gains": gains}))
    frames = db.read_tables(path)
    new = frames["tenant_gains"][frames["tenant_gains"]["op_id"] == rec.op_id]
    assert set(new["forecast_source"]) == {"fichier p.csv : test"}
    old = frames["tenant_gains"][frames["tenant_gains"]["op_id"] == "old"]
    assert old["forecast_source"].isna().all()


def test_store_newer_than_perfqual_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    db.ingest(path, record_a())
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version VALUES (?, now(), 'futur')", [CURRENT_VERSION + 1])
    with pytest.raises(InputError, match="plus récent"):
        db.ingest(path, record_b())


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "m.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, target=1)

    def broken(con):
        con.execute("ALTER TABLE scenarios ADD COLUMN wall_technique VARCHAR")
        raise RuntimeError("panne injectée")

    monkeypatch.setitem(MIGRATIONS, 2, ("test", broken))
    with pytest.raises(RuntimeError):
        db.migrate_store(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert stored_version(con) == 1
        assert "wall_technique" not in _columns(con, "scenarios")


# ----------------------------------------------------------------------------------- ingest
def test_ingest_then_reingest_replaces(tmp_path):
    path = tmp_path / "rex.duckdb"
    first = db.ingest(path, record_a())
    assert not first.replaced and first.n_rows["threshold_checks"] == 6
    db.ingest(path, record_b())
    before = _dump(path)
    again = db.ingest(path, record_a())  # same operation, same content
    assert again.replaced
    assert _dump(path) == before  # idempotent: nothing duplicated
    smaller = record_a().model_copy(update={"threshold_checks": record_a().threshold_checks[:2]})
    db.ingest(path, smaller)
    frames = db.read_tables(path)
    assert (frames["threshold_checks"]["op_id"] == "op-a").sum() == 2
    assert (frames["threshold_checks"]["op_id"] == "op-b").sum() == 2  # B untouched
    assert sorted(frames["operations"]["op_id"]) == ["op-a", "op-b"]


@pytest.mark.parametrize("fail_at", ["typologies", "ventilation_dwellings", "tenant_gains"])
def test_failure_mid_ingest_leaves_store_unchanged(tmp_path, fail_at):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    db.ingest(path, record_b())
    before = _dump(path)

    def fail(table):
        if table == fail_at:
            raise RuntimeError("panne injectée pendant l'ingestion")

    # a new operation, and a replacement of an existing one, both interrupted
    for rec in (record_c(), record_a().model_copy(update={"method_gaps": ()})):
        with pytest.raises(RuntimeError, match="panne"):
            db.ingest(path, rec, on_table=fail)
        assert _dump(path) == before


def test_failure_on_a_bad_row_mid_ingest(tmp_path, monkeypatch):
    # a database error on the n-th table (not a Python hook): same guarantee
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    before = _dump(path)
    real = db._insert_rows

    def insert(con, table, op_id, rows):
        if table == "airtightness_tests":
            con.execute("INSERT INTO airtightness_tests (op_id) VALUES ('x')")  # NOT NULL fails
        return real(con, table, op_id, rows)

    monkeypatch.setattr(db, "_insert_rows", insert)
    with pytest.raises(duckdb.Error):
        db.ingest(path, record_b())
    assert _dump(path) == before


def test_reader_in_same_process_never_sees_half_an_operation(tmp_path):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    paused, resume = threading.Event(), threading.Event()

    def pause(table):
        if table == "ventilation_dwellings":  # half of the tables are written
            paused.set()
            assert resume.wait(20)

    new_a = record_a().model_copy(update={"method_gaps": record_a().method_gaps[:1]})
    writer = threading.Thread(target=db.ingest, args=(path, record_b()),
                              kwargs={"on_table": pause})
    writer.start()
    try:
        assert paused.wait(20)
        frames = db.read_tables(path)  # second connection, same process
        assert list(frames["operations"]["op_id"]) == ["op-a"]
        assert (frames["threshold_checks"]["op_id"] == "op-b").sum() == 0
    finally:
        resume.set()
        writer.join(20)
    frames = db.read_tables(path)
    assert sorted(frames["operations"]["op_id"]) == ["op-a", "op-b"]
    assert (frames["threshold_checks"]["op_id"] == "op-b").sum() == 2
    db.ingest(path, new_a)
    assert len(db.read_tables(path)["method_gaps"].query("op_id == 'op-a'")) == 1


READER = """
import sys
sys.path.insert(0, {src!r})
from perfqual.store import db
from perfqual.store.db import StoreBusyError


try:
    frames = db.read_tables({path!r}, timeout_s=0.3)
except StoreBusyError:
    print("BUSY")
else:
    print("OPS", ",".join(sorted(frames["operations"]["op_id"])),
          int((frames["threshold_checks"]["op_id"] == "op-b").sum()))
"""


def _read_in_other_process(path) -> str:
    code = READER.format(src=str(SRC), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_reader_in_other_process_never_sees_half_an_operation(tmp_path):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    assert _read_in_other_process(path) == "OPS op-a 0"
    paused, resume = threading.Event(), threading.Event()

    def pause(table):
        if table == "ventilation_dwellings":
            paused.set()
            assert resume.wait(60)

    writer = threading.Thread(target=db.ingest, args=(path, record_b()),
                              kwargs={"on_table": pause})
    writer.start()
    try:
        assert paused.wait(20)
        seen = _read_in_other_process(path)  # DuckDB's file lock: the reader waits, then busy
        assert seen in ("BUSY", "OPS op-a 0")
    finally:
        resume.set()
        writer.join(20)
    assert _read_in_other_process(path) == "OPS op-a,op-b 2"


def test_remove_operation(tmp_path):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    db.ingest(path, record_b())
    db.remove_operation(path, "op-a")
    frames = db.read_tables(path)
    assert all((f["op_id"] != "op-a").all() for f in frames.values() if "op_id" in f)
    with pytest.raises(InputError, match="absente"):
        db.remove_operation(path, "op-a")


# ----------------------------------------------------------------------------------- bad paths
def test_missing_store_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        db.read_tables(tmp_path / "absent.duckdb")
    with pytest.raises(InputError, match="dossier"):
        db.read_tables(tmp_path)
    with pytest.raises(InputError, match="n'existe pas"):
        db.ingest(tmp_path / "no" / "rex.duckdb", record_a())


def test_not_a_duckdb_file_is_an_input_error(tmp_path):
    bad = tmp_path / "texte.duckdb"
    bad.write_text("ceci n'est pas une base\n" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="illisible"):
        db.read_tables(bad)
    other = tmp_path / "autre.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t (i INTEGER)")
    with pytest.raises(InputError, match="schema_version"):
        db.ingest(other, record_a())


# ----------------------------------------------------------------------------------- privacy
FORBIDDEN_WORDS = ("nom_loc", "prenom", "adresse", "address", "revenu", "income", "ressource",
                   "telephone", "phone", "mail", "iban", "naissance", "birth", "person")


def test_no_personal_column_in_the_schema(tmp_path):
    path = tmp_path / "rex.duckdb"
    db.ingest(path, record_a())
    with duckdb.connect(str(path), read_only=True) as con:
        cols = [r[0].lower() for r in con.execute(
            "SELECT column_name FROM information_schema.columns").fetchall()]
    assert not [c for c in cols if any(w in c for w in FORBIDDEN_WORDS)]


@pytest.mark.parametrize("extra", ["adresse", "nom_locataire", "revenu_fiscal", "income"])
def test_personal_fields_cannot_enter(extra):
    data = record_a().model_dump()
    data["tenant_gains"][0][extra] = "x"
    with pytest.raises(ValidationError, match="Extra inputs"):
        OperationRecord.model_validate(data)
    data = record_a().model_dump()
    data[extra] = "x"
    with pytest.raises(ValidationError):
        OperationRecord.model_validate(data)


@pytest.mark.parametrize("tenant", ["Jean Dupont", "12 rue des Fleurs", "", "x" * 41,
                                    "dupont@exemple.fr"])
def test_tenant_id_must_be_pseudonymous(tenant):
    with pytest.raises(ValidationError, match="pseudonyme"):
        TenantGainRow(tenant_id=tenant, typology="c", scenario="s", method="thcex",
                      rent_change_eur_per_month="0", charges_fall_eur_per_month="0",
                      net_gain_eur_per_month="0")
