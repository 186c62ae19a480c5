"""Versioned schema of the lessons-learned store and its migrations.

A new store is created by applying every migration in order, from an empty database: a store
at any older version follows exactly the same path, so "fresh" and "migrated" stores cannot
diverge (``tests/store/test_schema.py`` checks that the final columns are those of the row
models of :mod:`perfqual.store.record`).

History
-------
* **v1** — first design: operations, typologies, scenarios, both methods' results, the gap and
  its decomposition, threshold checks, blower-door tests, ventilation verdicts, sampling
  coverage, moisture verdicts, works-phase record, consumption follow-up, tenants' gains.
* **v2** — adds the wall insulation technique of a work programme (``scenarios.
  wall_technique``) and of each blower-door test (``airtightness_tests.technique``), to compare
  airtightness by technique; and the reference degree-days used to normalise the measured
  consumption (``consumption_followup.degree_days_ref_k_day``). Rows ingested under v1 keep
  NULL there ("non renseigné"): the technique cannot be recovered from the stored measure
  names.
* **v3** — provenance of the numbers: ``consumption_followup.forecast_source`` and
  ``tenant_gains.forecast_source`` (which method and engine run, or which user file, the
  forecast comes from: ``perfqual.finance.forecast.ForecastOrigin.source_by_method``), and
  ``energy_results.climate_name`` (the climate both engines were run with). Rows ingested
  before v3 keep NULL there ("provenance non enregistrée"); re-ingesting the operation fills
  them.

Table ``schema_version`` keeps one row per applied migration (version, date, description).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL,
    description VARCHAR NOT NULL
)
"""

# The v1 schema, frozen as it was first released: never edit it, add a migration instead.
_V1_TABLES: dict[str, str] = {
    "operations": """
        op_id VARCHAR PRIMARY KEY, operation_name VARCHAR NOT NULL, bailleur VARCHAR NOT NULL,
        epci VARCHAR, commune VARCHAR NOT NULL, departement VARCHAR NOT NULL,
        climate_zone VARCHAR NOT NULL, altitude_m DOUBLE NOT NULL, phase VARCHAR NOT NULL,
        chosen_scenario VARCHAR, n_dwellings INTEGER NOT NULL, perfqual_version VARCHAR NOT NULL,
        ingested_at TIMESTAMP NOT NULL, source_digest VARCHAR NOT NULL""",
    "typologies": """
        op_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, form VARCHAR NOT NULL,
        construction_year INTEGER, n_dwellings INTEGER NOT NULL, living_area_m2 DOUBLE NOT NULL,
        shon_rt_m2 DOUBLE NOT NULL""",
    "scenarios": """
        op_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, description VARCHAR,
        measures VARCHAR NOT NULL""",
    "energy_results": """
        op_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, scenario VARCHAR NOT NULL,
        method VARCHAR NOT NULL, conventions VARCHAR NOT NULL,
        reference_area_kind VARCHAR NOT NULL, reference_area_m2 DOUBLE NOT NULL,
        cep_kwh_per_m2_year DOUBLE NOT NULL, cep_heat_cool_dhw_kwh_per_m2_year DOUBLE NOT NULL,
        heating_need_kwh DOUBLE NOT NULL, heating_final_kwh DOUBLE NOT NULL""",
    "method_gaps": """
        op_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, scenario VARCHAR NOT NULL,
        term VARCHAR NOT NULL, gap_kwh_per_m2_year DOUBLE NOT NULL""",
    "threshold_checks": """
        op_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, scenario VARCHAR NOT NULL,
        method VARCHAR NOT NULL, threshold_id VARCHAR NOT NULL, value DOUBLE NOT NULL,
        limit_value DOUBLE NOT NULL, unit VARCHAR NOT NULL, passed BOOLEAN NOT NULL,
        source VARCHAR NOT NULL""",
    "airtightness_tests": """
        op_id VARCHAR NOT NULL, test_id VARCHAR NOT NULL, dwelling_id VARCHAR NOT NULL,
        typology VARCHAR NOT NULL, phase VARCHAR NOT NULL, q4pa_surf_m3_per_h_m2 DOUBLE,
        n50_per_h DOUBLE, target_indicator VARCHAR, target_value DOUBLE,
        status VARCHAR NOT NULL, is_valid BOOLEAN NOT NULL, is_decisive BOOLEAN NOT NULL""",
    "ventilation_dwellings": """
        op_id VARCHAR NOT NULL, dwelling_id VARCHAR NOT NULL, typology VARCHAR NOT NULL,
        verdict VARCHAR NOT NULL""",
    "sampling_coverage": """
        op_id VARCHAR NOT NULL, purpose VARCHAR NOT NULL, typology VARCHAR NOT NULL,
        n_population INTEGER NOT NULL, n_required INTEGER NOT NULL, n_measured INTEGER NOT NULL,
        is_covered BOOLEAN NOT NULL""",
    "moisture_verdicts": """
        op_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, scenario VARCHAR NOT NULL,
        element VARCHAR NOT NULL, verdict VARCHAR NOT NULL""",
    "works_record": """
        op_id VARCHAR NOT NULL, n_missing_items INTEGER NOT NULL,
        n_open_defects INTEGER NOT NULL, is_complete BOOLEAN NOT NULL""",
    "consumption_followup": """
        op_id VARCHAR NOT NULL, dwelling_id VARCHAR NOT NULL, typology VARCHAR NOT NULL,
        scenario VARCHAR NOT NULL, method VARCHAR NOT NULL, season VARCHAR NOT NULL,
        forecast_heating_kwh DOUBLE NOT NULL, normalised_heating_kwh DOUBLE NOT NULL""",
    "tenant_gains": """
        op_id VARCHAR NOT NULL, tenant_id VARCHAR NOT NULL, typology VARCHAR NOT NULL,
        scenario VARCHAR NOT NULL, method VARCHAR NOT NULL,
        rent_change_eur_per_month DECIMAL(12,2) NOT NULL,
        charges_fall_eur_per_month DECIMAL(12,2) NOT NULL,
        net_gain_eur_per_month DECIMAL(12,2) NOT NULL""",
}


def _migrate_to_v1(con) -> None:
    for table, columns in _V1_TABLES.items():
        con.execute(f"CREATE TABLE {table} ({columns})")


def _migrate_to_v2(con) -> None:
    con.execute("ALTER TABLE scenarios ADD COLUMN wall_technique VARCHAR")
    con.execute("ALTER TABLE airtightness_tests ADD COLUMN technique VARCHAR")
    con.execute("ALTER TABLE consumption_followup ADD COLUMN degree_days_ref_k_day DOUBLE")


def _migrate_to_v3(con) -> None:
    con.execute("ALTER TABLE consumption_followup ADD COLUMN forecast_source VARCHAR")
    con.execute("ALTER TABLE tenant_gains ADD COLUMN forecast_source VARCHAR")
    con.execute("ALTER TABLE energy_results ADD COLUMN climate_name VARCHAR")


#: version -> (description, function bringing the store from version - 1 to version).
MIGRATIONS: dict[int, tuple[str, Callable]] = {
    1: ("schéma initial du retour d'expérience", _migrate_to_v1),
    2: ("technique d'isolation des murs (programmes, essais d'étanchéité) ; DJU de référence "
        "du suivi des consommations", _migrate_to_v2),
    3: ("provenance de la prévision (suivi des consommations, gains des locataires) et climat "
        "des résultats énergétiques", _migrate_to_v3),
}

CURRENT_VERSION: int = max(MIGRATIONS)


def stored_version(con) -> int:
    """Schema version of an open store (0 for an empty database)."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()}
    if "schema_version" not in tables:
        if tables:
            from perfqual.errors import InputError

            raise InputError("ce fichier DuckDB n'est pas une base de retour d'expérience "
                             "perfqual (table schema_version absente)")
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con, target: int = CURRENT_VERSION, now: dt.datetime | None = None) -> list[int]:
    """Bring an open store to ``target``, one transaction per migration.

    Returns
    -------
    list of int
        The versions applied (empty when the store was already at ``target``).

    Raises
    ------
    perfqual.errors.InputError
        The store is newer than this perfqual (written by a later version).
    """
    from perfqual.errors import InputError

    current = stored_version(con)
    if current > CURRENT_VERSION:
        raise InputError(f"base au schéma v{current}, plus récent que celui de cette version de "
                         f"perfqual (v{CURRENT_VERSION}) : mettre perfqual à jour")
    applied = []
    for version in range(current + 1, target + 1):
        description, function = MIGRATIONS[version]
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(SCHEMA_VERSION_TABLE)
            function(con)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                        [version, now or dt.datetime.now(), description])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
