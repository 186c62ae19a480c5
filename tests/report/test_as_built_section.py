"""As-built Cep (airtightness section) and thermal-bridge shares (moisture section) of the report.

The demo operation is gathered once (module fixture) while counting the calls of the two
computations (each must run once per report). The HTML is parsed (stdlib ``html.parser``) and
every number shown is checked against the objects it comes from
(:class:`perfqual.qa.airtightness.AsBuiltCep`, :class:`perfqual.qa.thermal_bridges.BridgeShare`)
to half a unit of the last printed digit. These are integration checks of the wiring, not a
validation of the engines.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from perfqual.report.format import format_number, format_pct
from perfqual_test_support import french_number, parse_tables

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
DEMO = "demo/cite_des_fleurs"
TOL_1 = 0.05 + 1e-9  # half a unit of the last printed digit (1 decimal)
TOL_2 = 0.005 + 1e-9  # 2 decimals





def _interval(text: str) -> tuple[float, float, float]:
    """« 89,2 [88,3 ; 90,3] » -> (89.2, 88.3, 90.3)."""
    m = re.fullmatch(r"(\S+) \[(\S+) ; (\S+)\]", text)
    assert m, text
    return tuple(french_number(g) for g in m.groups())



@pytest.fixture(scope="module")
def gathered():
    from perfqual.qa import airtightness, thermal_bridges
    from perfqual.report.html import operation_report_html
    from perfqual.store.gather import gather_operation

    calls = {"as_built": 0, "bridges": 0}
    real_ab, real_tb = airtightness.as_built_cep, thermal_bridges.operation_thermal_bridge_shares

    def counted_ab(*a, **k):
        calls["as_built"] += 1
        return real_ab(*a, **k)

    def counted_tb(*a, **k):
        calls["bridges"] += 1
        return real_tb(*a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(airtightness, "as_built_cep", counted_ab)
        mp.setattr(thermal_bridges, "operation_thermal_bridge_shares", counted_tb)
        results = gather_operation(DATASETS / DEMO)
        html = operation_report_html(results)
    return results, html, parse_tables(html), calls


def test_each_computation_runs_once_per_report(gathered):
    results, _, _, calls = gathered
    assert calls == {"as_built": 1, "bridges": 1}
    ab = results.sections["etancheite"].data["as_built"]
    assert ab is not None and ab.scenario == results.chosen_scenario
    # same thresholds as the method comparison (programme thresholds and targets)
    ids = {o.threshold_id for r in ab.rows for m in r.methods.values() for o in m.thresholds}
    assert {"erbm_150", "region_130", "bbc_renovation"} <= ids


def test_as_built_table_matches_the_result(gathered):
    results, html, tables, _ = gathered
    ab = results.sections["etancheite"].data["as_built"]
    rows = tables["cep-construit"]
    header = rows[0][1]
    thresholds = [a["data-threshold"] for a, _ in header if "data-threshold" in a]
    body = {(a["data-key"], a["data-method"]): cells for a, cells in rows[1:]}
    cases = (*ab.rows, ab.operation)
    assert len(body) == sum(len(r.methods) for r in cases)
    n_lost_cells = 0
    for r in cases:
        for k, (method, m) in enumerate(r.methods.items()):
            cells = [t for _, t in body[(r.key, method)]]
            if k == 0:  # the rowspan cells: case, Q4 design, Q4 measured
                if r.q4pa_surf_measured is not None:
                    v, lo, hi = _interval(cells[2])
                    q = r.q4pa_surf_measured
                    assert abs(v - q.value) <= TOL_2 and abs(lo - q.lower) <= TOL_2
                    assert abs(hi - q.upper) <= TOL_2
                    assert abs(french_number(cells[1]) - r.q4pa_surf_design) <= TOL_2
                else:
                    assert cells[2] == "—"
                cells = cells[3:]
            assert abs(french_number(cells[1]) - m.design_cep) <= TOL_1
            v, lo, hi = _interval(cells[2])
            assert abs(v - m.as_built_cep.value) <= TOL_1
            assert abs(lo - m.as_built_cep.lower) <= TOL_1
            assert abs(hi - m.as_built_cep.upper) <= TOL_1
            assert abs(french_number(cells[3]) - m.delta_cep) <= TOL_1
            by_id = {o.threshold_id: o for o in m.thresholds}
            for tid, text in zip(thresholds, cells[4:], strict=True):
                o = by_id.get(tid)
                if o is None:
                    assert text == "—"
                    continue
                mt = re.match(r"(\S+) → (\S+) ([✓✗?])( perdu)?$", text)
                assert mt, text
                assert abs(french_number(mt.group(1)) - o.design_margin) <= TOL_1
                assert abs(french_number(mt.group(2)) - o.as_built_margin) <= TOL_1
                assert mt.group(3) == {"atteint": "✓", "non_atteint": "✗",
                                       "indetermine": "?"}[o.as_built_status]
                assert bool(mt.group(4)) == o.is_lost
                n_lost_cells += o.is_lost
    # margins are limit − Cep (analytic relation, independent of the engines)
    o = ab.operation.methods["thcex"].thresholds[0]
    assert o.design_margin == pytest.approx(o.limit - ab.operation.methods["thcex"].design_cep)
    assert n_lost_cells == len(ab.lost_thresholds)
    assert f'data-lost="{len(ab.lost_thresholds)}"' in html
    assert "Cep conception et tel que construit" in html  # the figure is embedded


def test_bridge_table_matches_the_shares(gathered):
    results, _, tables, _ = gathered
    data = results.sections["humidite"].data
    shares = data["bridge_shares"]
    scenarios = {b.scenario for b in shares}
    assert scenarios == {"etat_initial", results.chosen_scenario}
    rows = {(a["data-typology"], a["data-scenario"]): [t for _, t in cells]
            for a, cells in tables["ponts-thermiques"] if "data-typology" in a}
    assert len(rows) == len(shares) == len(results.operation.typologies) * 2
    for b in shares:
        cells = rows[(b.typology, b.scenario)]
        assert int(cells[2]) == b.n_bridges
        assert abs(french_number(cells[3]) - b.h_tb_w_per_k) <= TOL_1
        assert cells[4] == format_pct(b.steady_share_frac, 1)
        for j, method in enumerate(("thcex", "iso52016")):
            x = b.methods[method]
            need, delta, losses = cells[5 + 3 * j: 8 + 3 * j]
            assert need == format_pct(x.heating_need_share_frac, 1)
            assert delta == format_number(x.delta_heating_need_kwh_per_m2, 1)
            assert losses == format_pct(x.losses_share_frac, 1)
            # ΔQ_H / Q_H recomputed from the annual needs (definition of the share)
            assert x.heating_need_share_frac == pytest.approx(
                (x.heating_need_kwh - x.heating_need_without_kwh) / x.heating_need_kwh)


def _with_airtightness(results, **changes):
    """A copy of the results with the airtightness section's data changed."""
    from perfqual.store.gather import OperationResults

    sec = results.sections["etancheite"]
    new = dataclasses.replace(sec, data={**sec.data, **changes})
    return OperationResults(results.operation, results.path,
                            {**results.sections, "etancheite": new})


def test_no_reception_test_is_said_not_invented(gathered):
    from perfqual.report.html import operation_report_html
    from perfqual.store.gather import _add_as_built

    results = gathered[0]
    data = results.sections["etancheite"].data
    campaign = dataclasses.replace(
        data["campaign"], tests=tuple(t for t in data["campaign"].tests
                                      if t.phase != "reception"))
    section = dataclasses.replace(results.sections["etancheite"],
                                  data={**data, "campaign": campaign})
    _add_as_built(section, results.operation, None, ("erbm_150",))  # no engine run: no test
    assert section.data["as_built"] is None
    assert "aucun essai valide à la réception" in section.data["as_built_message_fr"]
    html = operation_report_html(_with_airtightness(results, **{
        k: section.data[k] for k in ("campaign", "as_built", "as_built_message_fr")}))
    assert 'id="cep-construit"' not in html
    assert "Pas de recalcul.</strong> aucun essai valide à la réception" in html


def test_no_programme_retained_is_said(gathered):
    from perfqual.store.gather import _add_as_built

    results = gathered[0]
    op = results.operation
    op = op.model_copy(update={"identity": op.identity.model_copy(
        update={"chosen_scenario": None})})
    section = dataclasses.replace(results.sections["etancheite"],
                                  data=dict(results.sections["etancheite"].data))
    _add_as_built(section, op, None, ("erbm_150",))
    assert section.data["as_built"] is None
    assert "aucun programme retenu" in section.data["as_built_message_fr"]


def test_a_lost_threshold_is_flagged(gathered):
    """A threshold met by design and missed as built: listed, cell and row flagged."""
    from perfqual.report.html import operation_report_html

    results = gathered[0]
    ab = results.sections["etancheite"].data["as_built"]
    row = ab.operation
    m = row.methods["thcex"]
    o = m.thresholds[0]
    iv = type(o.as_built)(o.limit + 1.0, o.limit + 0.5, o.limit + 2.0)
    lost = dataclasses.replace(o, design_value=o.limit - 1.0, as_built=iv, design_passed=True,
                               as_built_status="non_atteint")
    assert lost.is_lost
    m2 = dataclasses.replace(m, thresholds=(lost, *m.thresholds[1:]))
    ab2 = dataclasses.replace(ab, operation=dataclasses.replace(
        row, methods={**row.methods, "thcex": m2}))
    html = operation_report_html(_with_airtightness(results, as_built=ab2))
    n_lost = len(ab2.lost_thresholds)
    assert n_lost == len(ab.lost_thresholds) + 1
    assert f'data-lost="{n_lost}"' in html
    assert "plus sûrement tel que construit" in html
    table = parse_tables(html)["cep-construit"]
    cells = next(c for a, c in table if a.get("data-key") == row.key
                 and a.get("data-method") == "thcex")
    assert "ko" in next(a for a, _ in table if a.get("data-key") == row.key
                        and a.get("data-method") == "thcex")["class"]
    text = next(t for a, t in cells if a.get("data-threshold") == o.threshold_id)
    assert text == "+1,0 → −1,0 ✗ perdu"
