"""Section « Comparaison des méthodes et seuils » of the operation report and its store rows.

The demo operation is gathered once (module fixture). The HTML is parsed (stdlib
``html.parser``) and every number shown is checked against the objects it comes from
(``perfqual.comparison``, ``perfqual.qa.thresholds``); the store rows are checked against
relations computed by hand (gap = ISO − Th-C-E ex, Shapley terms add up to the gap, BBC
rénovation limit 80 × (1,3 + 0) = 104 in H1a below 400 m, Cepmax H1 130 / 165).
These are integration checks of the wiring, not a validation of the engines.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from perfqual.comparison import FACTORS
from perfqual.report.format import format_number, format_pct
from perfqual_test_support import french_number, parse_tables, squash

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
DEMO = "demo/cite_des_fleurs"
TOL_PRINTED = 0.05 + 1e-9  # half a unit of the last printed digit (1 decimal)




@pytest.fixture(scope="module")
def gathered():
    from perfqual.report.html import operation_report_html
    from perfqual.store.gather import gather_operation

    results = gather_operation(DATASETS / DEMO)
    html = operation_report_html(results)
    return results, html, parse_tables(html)


def test_energy_section_is_wired_and_titles_the_sign(gathered):
    results, html, tables = gathered
    assert results.sections["energie"].status == "ok"
    assert "Non disponible dans cette version" not in html
    assert ("écart = Cep EN ISO 52016-1 − Cep Th-C-E ex" in html
            and "positif : l'EN ISO 52016-1 donne un Cep plus élevé" in html)
    for table in ("energie-programmes", "energie-typologies", "energie-decomposition",
                  "energie-decision", "energie-seuils", "energie-seuils-typologies"):
        assert tables[table], table


def test_programme_table_shows_the_comparison_regression(gathered):
    results, _, tables = gathered
    cmp = results.sections["energie"].data["comparison"]
    rows = {(a["data-scenario"], a["data-row"]): cells
            for a, cells in tables["energie-programmes"] if "data-row" in a}
    for s, agg in cmp.scenario_cep.items():
        th, iso = rows[(s, "thcex")], rows[(s, "iso")]
        # the first row of a programme starts with its rowspan cell
        th_vals = [french_number(t) for _, t in th[2:8]]
        iso_vals = [french_number(t) for _, t in iso[1:7]]
        assert th[7][1] == format_number(agg["thcex"], 1)
        assert iso[6][1] == format_number(agg["iso"], 1)
        assert math.isclose(sum(th_vals[:5]), th_vals[5], abs_tol=5 * TOL_PRINTED)
        assert math.isclose(sum(iso_vals[:5]), iso_vals[5], abs_tol=5 * TOL_PRINTED)
        gap = rows[(s, "ecart")]
        assert gap[6][1] == format_number(agg["iso"] - agg["thcex"], 1)
        assert gap[7][1] == format_pct((agg["iso"] - agg["thcex"]) / agg["thcex"], 1)
    chosen = {a["data-scenario"] for a, _ in tables["energie-programmes"]
              if "chosen" in a.get("class", "")}
    assert chosen == {"variante_2"}


def test_typology_table_and_decomposition_add_up(gathered):
    results, _, tables = gathered
    cmp = results.sections["energie"].data["comparison"]
    typ_rows = {(a["data-typology"], a["data-scenario"], a["data-row"]): cells
                for a, cells in tables["energie-typologies"] if "data-row" in a}
    assert len(typ_rows) == 3 * len(cmp.cases)
    for c in cmp.cases:
        gap = typ_rows[(c.typology, c.scenario, "ecart")]
        assert gap[-2][1] == format_number(c.gap_kwh_per_m2, 1)
        assert gap[-1][1] == format_pct(c.relative_gap, 1)
    dec = {a["data-factor"]: [french_number(t) for _, t in cells[1:]]
           for a, cells in tables["energie-decomposition"] if "data-factor" in a}
    assert len(dec) == len(FACTORS) + 1  # the factors of perfqual.comparison + total
    for j, agg in enumerate(cmp.scenario_cep.values()):
        parts = sum(v[j] for k, v in dec.items() if k != "total")
        assert math.isclose(parts, dec["total"][j], abs_tol=len(FACTORS) * TOL_PRINTED)
        assert math.isclose(dec["total"][j], agg["iso"] - agg["thcex"], abs_tol=TOL_PRINTED)


def test_decision_table_flags_disagreements(gathered):
    from perfqual.qa.thresholds import limit_value

    results, html, tables = gathered
    cmp = results.sections["energie"].data["comparison"]
    cells = {(a["data-threshold"], r["data-scenario"]): a
             for r, row in tables["energie-decision"] if "data-scenario" in r
             for a, _ in row if "data-threshold" in a}
    assert len(cells) == len(cmp.decisions) == 4 * 3
    for d in cmp.decisions:
        limit = limit_value(d.threshold_id, "H1a", 45.0)[0]
        # each verdict recomputed from the Cep shown and the limit (all "<=" thresholds)
        assert d.passed_thcex == (d.cep_thcex <= limit)
        assert d.passed_iso == (d.cep_iso <= limit)
        cell = cells[(d.threshold_id, d.scenario)]
        assert cell["data-thcex"] == ("oui" if d.passed_thcex else "non")
        assert cell["data-iso"] == ("oui" if d.passed_iso else "non")
        assert ("disagree" in cell.get("class", "")) == (not d.agree)
    n_disagree = sum(not d.agree for d in cmp.decisions)
    assert html.count("⚠ désaccord entre méthodes") == n_disagree
    assert f"{n_disagree} désaccord(s) entre méthodes sur 12 couples" in html
    assert math.isclose(limit_value("bbc_renovation", "H1a", 45.0)[0], 80 * (1.3 + 0.0),
                        rel_tol=1e-12)  # analytic: 80 × (a + b), a(H1a) = 1,3, b(≤ 400 m) = 0


def test_threshold_checks_show_value_limit_margin_and_source(gathered):
    from perfqual.qa.thresholds import load_thresholds

    results, html, tables = gathered
    rows = [(a, [t for _, t in cells]) for a, cells in tables["energie-seuils"]
            if "data-threshold" in a]
    assert {(a["data-threshold"], a["data-method"]) for a, _ in rows} == {
        (t, m) for t in ("erbm_150", "region_130", "bbc_renovation")
        for m in ("thcex", "iso52016")}
    sources = {r.id: r.source for r in load_thresholds()}
    for a, (_label, _method, value, limit, margin, verdict, _conf, source) in rows:
        assert math.isclose(french_number(limit) - french_number(value), french_number(margin),
                            abs_tol=2 * TOL_PRINTED)
        assert verdict == ("atteint" if french_number(margin) >= 0 else "non atteint")
        assert source == squash(sources[a["data-threshold"]])
    typ = [a for a, _ in tables["energie-seuils-typologies"] if "data-threshold" in a]
    assert len(typ) == 3 * 2 * 4  # 3 typologies × 2 methods × (3 thresholds + Cepmax)
    # Cepmax sources are followed through « idem … » to the cited arrêté
    assert "Arrêté du 13 juin 2008 (RT existant globale), article 13" in html
    assert "idem cepmax" not in html


def test_store_rows_of_the_comparison(gathered):
    from perfqual.store.from_results import record_from_results

    results, _, _ = gathered
    rec = record_from_results(results)
    assert len(rec.energy_results) == 3 * 4 * 2
    cep = {(r.typology, r.scenario, r.method): r.cep_kwh_per_m2_year for r in rec.energy_results}
    assert {r.reference_area_kind for r in rec.energy_results} == {"shon_rt", "surface_habitable"}
    assert all(r.climate_name.startswith("H1a-bassin-minier") for r in rec.energy_results)
    terms: dict[tuple, dict[str, float]] = {}
    for g in rec.method_gaps:
        terms.setdefault((g.typology, g.scenario), {})[g.term] = g.gap_kwh_per_m2_year
    assert len(terms) == 12
    for (t, s), by_term in terms.items():
        assert len(by_term) == len(FACTORS) + 1
        # sign of perfqual.comparison: ISO 52016-1 minus Th-C-E ex
        assert math.isclose(by_term["total"], cep[(t, s, "iso52016")] - cep[(t, s, "thcex")],
                            rel_tol=1e-12, abs_tol=1e-9)
        parts = sum(v for k, v in by_term.items() if k != "total")
        assert math.isclose(parts, by_term["total"], rel_tol=1e-9, abs_tol=1e-9)
    checks = rec.threshold_checks
    assert len(checks) == 12 * 2 * 3 + 9 * 2  # + Cepmax for the 9 cases after works
    for c in checks:
        assert c.passed == (c.value <= c.limit_value)
        if c.threshold_id == "bbc_renovation":
            assert math.isclose(c.limit_value, 104.0, rel_tol=1e-12)
        if c.threshold_id == "cepmax":  # H1: gas 130, heat pump (electricity) 165
            assert c.limit_value == (165.0 if c.typology == "isolee" else 130.0)
            assert c.scenario != "etat_initial"
        if c.threshold_id in ("erbm_150", "region_130", "bbc_renovation"):
            assert math.isclose(c.value, cep[(c.typology, c.scenario, c.method)], rel_tol=1e-12)


def test_store_rows_carry_the_forecast_provenance(gathered):
    from perfqual.store.from_results import record_from_results

    results, _, _ = gathered
    rec = record_from_results(results)
    origin = results.sections["locataires"].data["origin"]
    assert origin.kind == "moteurs"
    for rows in (rec.tenant_gains, rec.consumption_followup):
        assert rows
        for r in rows:
            assert r.forecast_source == origin.source_by_method[r.method]
            assert r.forecast_source.startswith(f"moteur perfqual {r.method} (conventions ")
            assert "par logement, climat H1a-bassin-minier" in r.forecast_source
    # the follow-up compares every followed dwelling under both engines
    assert {r.method for r in rec.consumption_followup} == {"thcex", "iso52016"}
    assert len(rec.consumption_followup) == 10 * 2


def test_forecast_file_beside_the_operation_is_used_and_stated(tmp_path, datasets_dir):
    from perfqual.errors import InputError
    from perfqual.io.operation import load_operation
    from perfqual.store.gather import _forecast_origin

    op = load_operation(datasets_dir / DEMO)
    path = tmp_path / "prevision_bureau_etudes.csv"
    path.write_text("logement;scenario;methode;usage;energie;conso_kwh_an;source\n"
                    "coron;variante_2;thcex;chauffage;gaz;9000;étude thermique BET X, 2026\n",
                    encoding="utf-8")
    origin = _forecast_origin(op, path, "variante_2", None, None)
    assert origin.kind == "fichier"
    assert origin.description_fr == ("prévision lue dans le fichier prevision_bureau_etudes.csv "
                                     "(source déclarée : étude thermique BET X, 2026)")
    assert origin.source_by_method == {
        "thcex": "fichier prevision_bureau_etudes.csv : étude thermique BET X, 2026"}
    with pytest.raises(InputError, match="absent de la prévision"):
        _forecast_origin(op, path, "variante_3", None, None)


def test_ingested_comparison_feeds_the_disagreement_aggregate(gathered, tmp_path):
    from perfqual.aggregate.rex import method_gap_distribution, threshold_disagreement
    from perfqual.store.db import ingest, read_tables
    from perfqual.store.from_results import record_from_results

    results, _, _ = gathered
    rec = record_from_results(results)
    ingest(tmp_path / "rex.duckdb", rec)
    frames = read_tables(tmp_path / "rex.duckdb")
    table = threshold_disagreement(frames)
    prog = table[table["level"] == "programme"].set_index("threshold_id")
    # hand count from the rows: pairs (typology, scenario) checked by both methods
    verdicts: dict[tuple, dict[str, bool]] = {}
    for c in rec.threshold_checks:
        verdicts.setdefault((c.threshold_id, c.typology, c.scenario), {})[c.method] = c.passed
    for tid in ("erbm_150", "region_130", "bbc_renovation", "cepmax"):
        pairs = [v for k, v in verdicts.items() if k[0] == tid]
        assert prog.loc[tid, "n_pairs"] == len(pairs) == (9 if tid == "cepmax" else 12)
        assert prog.loc[tid, "n_disagree"] == sum(v["thcex"] != v["iso52016"] for v in pairs)
    gaps = method_gap_distribution(frames)
    op_rows = gaps[gaps["level"] == "operation"]
    assert op_rows["n"].sum() == 12  # one total gap per typology × scenario
