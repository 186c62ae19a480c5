"""As-built Cep: measured airtightness through both calculation methods (issue 5, item 5)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.testing import assert_allclose
from tests.airtightness.helpers import DEMO, power_law_rows, write_test_file

from perfqual.errors import InputError
from perfqual.io.blower_door import read_blower_door_file
from perfqual.models.blower_door import Interval
from perfqual.qa import airtightness as qa
from perfqual.report.plots_airtightness import plot_as_built_cep

SCENARIO = "variante_2"


@pytest.fixture(scope="module")
def op():
    from perfqual.io.operation import load_operation

    return load_operation(DEMO / "operation.yaml")


@pytest.fixture(scope="module")
def climate(op):
    from perfqual.climate.synthetic import climate_for_operation

    return climate_for_operation(op)


@pytest.fixture(scope="module")
def coron(op):
    from perfqual.models.resolve import resolve_building

    return resolve_building(op, "coron", SCENARIO)


def _site(op):
    return {"zone": op.identity.climate_zone, "altitude_m": op.identity.altitude_m}


def test_as_built_equals_design_when_measured_equals_design_analytic(op, climate, coron):
    # Identity: the measured Q4Pa-surf equal to the design value (any exponent: the engines
    # use Q4Pa-surf only) gives the design Cep with both methods, to round-off.
    q = coron.airtightness.q4pa_surf_m3_per_h_m2
    case = qa.as_built_case("coron", coron, 72, "essai", Interval(q, q, q), 0.71)
    res = qa.compute_as_built_cep([case], climate, thresholds=("150", "130", "104"), **_site(op))
    for method in qa.METHODS:
        m = res.rows[0].methods[method]
        assert_allclose([m.as_built_cep.value, m.as_built_cep.lower, m.as_built_cep.upper],
                        [m.design_cep] * 3, rtol=1e-12)
        assert_allclose(m.delta_cep, 0.0, atol=1e-9)
        assert not any(o.is_lost for o in m.thresholds)
    assert_allclose(res.operation.methods["thcex"].design_cep,
                    res.rows[0].methods["thcex"].design_cep, rtol=1e-12)


def test_as_built_cep_monotonic_in_measured_q4pa_surf(op, climate, coron):
    # A leakier measurement never lowers Cep, with both methods; bounds bracket the value.
    values = (0.3, 0.8, 1.7, 3.0, 6.0, 12.0)
    cases = [qa.as_built_case(f"q{q}", coron, 1, "essai", Interval(q, 0.9 * q, 1.1 * q))
             for q in values]
    res = qa.compute_as_built_cep(cases, climate, thresholds=("150",), **_site(op))
    for method in qa.METHODS:
        cep = np.array([r.methods[method].as_built_cep.value for r in res.rows])
        assert np.all(np.diff(cep) > 0), (method, cep)
        for r in res.rows:
            iv = r.methods[method].as_built_cep
            assert iv.lower < iv.value < iv.upper


def test_operation_row_matches_verifier_weighting_analytic(op, climate):
    # The operation row is Σ n·E_p / Σ n·A over the typologies, as « perfqual verifier » does.
    from perfqual.models.resolve import resolve_operation
    from perfqual.thcex_api import simulate_thcex

    empty = qa.MeasuredAirtightness({}, {}, {}, ())
    res = qa.as_built_cep(op, empty, SCENARIO, climate=climate, methods=("thcex",))
    buildings = resolve_operation(op, scenarios=(SCENARIO,))
    weights = [len(op.dwellings_of(b.typology)) for b in buildings]
    out = simulate_thcex(buildings, climate, **{"climate_zone": op.identity.climate_zone,
                                                "altitude_m": op.identity.altitude_m})
    expected = (sum(w * sum(r.primary_energy_kwh.values()) for w, r in zip(weights, out,
                                                                               strict=True))
                / sum(w * r.reference_area_m2 for w, r in zip(weights, out, strict=True)))
    m = res.operation.methods["thcex"]
    assert_allclose([m.design_cep, m.as_built_cep.value], [expected, expected], rtol=1e-12)
    assert res.operation.weight == len(op.dwellings)
    assert all(r.q4pa_surf_measured is None for r in res.rows)


def _campaign_tests(tmp_path, specs):
    """CampaignTests of crafted reception files: (dwelling, c, n, ATbat, noise)."""
    analyses = []
    for dwelling, c, n, atbat, noise in specs:
        rows = power_law_rows(c=c, n=n)
        if noise:
            rows = [(d, t, p, q if not q else repr(float(q) * (1 + noise * (-1) ** i)))
                    for i, (d, t, p, q) in enumerate(rows)]
        path = write_test_file(tmp_path / f"{dwelling}.csv", rows,
                               meta={"essai": dwelling, "logement": dwelling,
                                     "phase": "réception", "atbat": f"{atbat} m²"})
        analyses.append(qa.analyse_test(read_blower_door_file(path)))
    dwellings = {d: ("coron", None) for d, *_ in specs}
    result = qa.campaign_summary(analyses, dwellings, {}, {"coron": 1})
    return result.tests, analyses


def test_typology_extrapolation_hand_computed(tmp_path):
    # Two exact power laws: q4 = c·4^n at standard conditions (20 °C, 101 325 Pa, dry air).
    # Q4Pa-surf (operator's ATbat): 30·4^0.6/100 and 90·4^0.7/300; ATbat-weighted mean =
    # (30·4^0.6 + 90·4^0.7) / 400; mean exponent 0.65; then on the model's ATbat and volume.
    tests, _ = _campaign_tests(tmp_path, [("C-001", 30.0, 0.6, 100, 0),
                                          ("C-002", 90.0, 0.7, 300, 0)])
    measured = qa.measured_airtightness(tests, lambda typology, dwelling: (120.0, 250.0))
    expected = (30.0 * 4**0.6 + 90.0 * 4**0.7) / 400.0
    typ = measured.per_typology["coron"]
    assert_allclose(typ.q4pa_surf_m3_per_h_m2, expected, rtol=1e-10)
    assert_allclose(typ.flow_exponent, 0.65, rtol=1e-10)
    assert_allclose(typ.q50_m3_per_h, expected * 120.0 * (50.0 / 4.0) ** 0.65, rtol=1e-10)
    assert_allclose(typ.n50_per_h, typ.q50_m3_per_h / 250.0, rtol=1e-12)
    # per dwelling: the measured q4 over the model's ATbat (120 m²)
    assert_allclose(measured.per_dwelling["C-001"].q4pa_surf_m3_per_h_m2,
                    30.0 * 4**0.6 / 120.0, rtol=1e-10)
    assert measured.per_typology_n_tests == {"coron": 2}
    iv = measured.per_typology_interval["coron"]  # exact fits: a zero-width interval
    assert_allclose([iv.lower, iv.upper], [expected, expected], rtol=1e-8)


def test_typology_interval_is_weighted_mean_of_bounds(tmp_path):
    tests, analyses = _campaign_tests(tmp_path, [("C-001", 30.0, 0.65, 100, 0.03),
                                                 ("C-002", 50.0, 0.65, 300, 0.01)])
    measured = qa.measured_airtightness(tests, lambda typology, dwelling: (120.0, 250.0))
    q = [a.q4pa_surf_m3_per_h_m2 for a in analyses]
    iv = measured.per_typology_interval["coron"]
    assert_allclose(iv.lower, (q[0].lower * 100 + q[1].lower * 300) / 400, rtol=1e-12)
    assert_allclose(iv.upper, (q[0].upper * 100 + q[1].upper * 300) / 400, rtol=1e-12)
    assert iv.lower < iv.value < iv.upper
    d = measured.per_dwelling_interval["C-001"]
    q4 = analyses[0].directions["depressurisation"].q4_m3_per_h
    assert_allclose([d.value, d.lower, d.upper],
                    [q4.value / 120, q4.lower / 120, q4.upper / 120], rtol=1e-12)


def test_threshold_outcomes_three_states_analytic():
    design = {"cep_5_usages": 140.0, "cep_ch_fr_ecs": 120.0}
    cases = {"atteint": Interval(149.0, 148.0, 149.5),
             "non_atteint": Interval(151.0, 150.5, 152.0),
             "indetermine": Interval(150.0, 149.0, 151.0)}
    for status, iv in cases.items():
        (o,), notes = qa.threshold_outcomes(
            ["150"], design, {"cep_5_usages": iv, "cep_ch_fr_ecs": iv}, zone="H1a",
            altitude_m=45.0, heating_energy="gaz")
        assert o.as_built_status == status and notes == ()
        assert o.design_passed and o.is_lost == (status != "atteint")
        assert_allclose([o.design_margin, o.as_built_margin], [10.0, 150.0 - iv.value])
    (bbc,), _ = qa.threshold_outcomes(["bbc"], design, {"cep_5_usages": cases["atteint"],
                                                        "cep_ch_fr_ecs": cases["atteint"]},
                                      zone="H1a", altitude_m=45.0, heating_energy="gaz")
    assert_allclose(bbc.limit, 104.0, rtol=1e-12) and not bbc.design_passed
    # Cepmax: heat + cool + DHW scope; skipped with a note when carriers differ
    (cm,), _ = qa.threshold_outcomes(["cepmax"], design, {"cep_5_usages": cases["atteint"],
                                                          "cep_ch_fr_ecs": cases["atteint"]},
                                     zone="H1a", altitude_m=45.0, heating_energy="gaz")
    assert cm.scope == "cep_ch_fr_ecs" and cm.design_value == 120.0
    out, notes = qa.threshold_outcomes(["cepmax"], design, {}, zone="H1a", altitude_m=45.0,
                                       heating_energy=None)
    assert out == () and "Cepmax" in notes[0]


def test_lost_threshold_is_reported(op, climate, coron):
    # A very leaky measurement: the design met 130 with ISO 52016-1, the as-built does not.
    case = qa.as_built_case("C-005", coron, 1, "essai", Interval(8.0, 7.5, 8.5))
    res = qa.compute_as_built_cep([case], climate, thresholds=("130",), **_site(op))
    lost = [(row.key, method, o.threshold_id) for row, method, o in res.lost_thresholds]
    assert ("C-005", "iso52016", "region_130") in lost


def test_as_built_case_errors(coron, climate, op):
    with pytest.raises(InputError, match="strictement positif"):
        qa.as_built_case("x", coron, 0, "essai")
    with pytest.raises(InputError, match="incohérents"):
        qa.as_built_case("x", coron, 1, "essai", Interval(1.0, 1.2, 1.5))
    with pytest.raises(InputError, match="aucun cas"):
        qa.compute_as_built_cep([], climate, thresholds=("150",), **_site(op))
    case = qa.as_built_case("x", coron, 1, "essai")
    with pytest.raises(InputError, match="méthode de calcul inconnue"):
        qa.compute_as_built_cep([case], climate, thresholds=("150",), methods=("dpe",),
                                **_site(op))
    assert case.as_built == (coron, coron, coron)


def test_demo_as_built_regression(op, climate):
    # Snapshot of the synthetic demo (perfqual 0.1.0): not a validation.
    from perfqual.io.blower_door import read_blower_door_folder

    analyses = [qa.analyse_test(t) for t in read_blower_door_folder(DEMO / "permeabilite")]
    result = qa.campaign_for_operation(analyses, op)
    measured = qa.measured_airtightness(result.tests, qa.operation_model_areas(op, SCENARIO))
    res = qa.as_built_cep(op, measured, SCENARIO, climate=climate)
    keys = [r.key for r in res.rows]
    assert keys == ["C-005", "C-013", "C-030", "C-061", "I-006", "J-009", "J-024",
                    "typologie:coron", "typologie:jumelee", "typologie:isolee"]
    c030 = res.rows[2]
    for method in qa.METHODS:  # C-030 is leakier than designed (2.30 > 1.7): Cep goes up
        assert c030.methods[method].delta_cep > 0
    # regression (perfqual 0.1): 5R1C with the solar gains and sky radiation of opaque elements
    # (EN ISO 13790:2008 §11.3); demo jumelée described as the west house of its pair (its
    # gable is an exterior wall) with the east house as its mirror image; Th-C-E ex floor on
    # grade by its EN ISO 13370 equivalent U (ground_model « iso13370_permanent »)
    assert_allclose(res.operation.methods["thcex"].as_built_cep.value, 94.95, atol=0.05)
    assert_allclose(res.operation.methods["iso52016"].as_built_cep.value, 109.83, atol=0.05)
    fig = plot_as_built_cep(res)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
