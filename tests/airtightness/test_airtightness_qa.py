"""Judgement, building weighted mean, campaign on the demo operation, measured airtightness."""

from __future__ import annotations

from dataclasses import replace

import pytest
from numpy.testing import assert_allclose
from tests.airtightness.helpers import DATASETS, DEMO, power_law_rows, write_test_file

from perfqual.errors import InputError
from perfqual.io.blower_door import read_blower_door_file, read_blower_door_folder
from perfqual.qa import airtightness as qa

TV_A2 = DATASETS / "reference" / "blower_door_tv_a2" / "essai.csv"


@pytest.fixture(scope="module")
def tv_a2():
    return qa.analyse_test(read_blower_door_file(TV_A2))


def test_analyse_tv_a2_full_chain_reference(tv_a2):
    # DOMAIN-NOTES A.9 TV-A2 through the file reader and the whole chain.
    assert tv_a2.is_valid
    assert_allclose(tv_a2.q50_m3_per_h.value, 302.876, rtol=2e-6)
    assert_allclose(tv_a2.n50_per_h.value, 1.68264, rtol=5e-6)
    assert_allclose(tv_a2.q_e50_m3_per_h_m2, 1.37671, rtol=5e-6)
    assert_allclose(tv_a2.q_f50_m3_per_h_m2, 4.03834, rtol=5e-6)
    assert_allclose(tv_a2.q4pa_surf_m3_per_h_m2.value, 0.43566, rtol=2e-5)
    d = tv_a2.directions["depressurisation"]
    assert_allclose([d.ela50_m2 * 1e4, d.ela4_m2 * 1e4], [92.32, 70.42], rtol=5e-4)


def test_both_directions_mean_analytic(tmp_path):
    rows = power_law_rows("dépressurisation", c=30.0, n=0.65)
    rows += power_law_rows("pressurisation", c=40.0, n=0.65)
    a = qa.analyse_test(read_blower_door_file(write_test_file(tmp_path / "b.csv", rows)))
    # 20 °C, 101 325 Pa, dry air inside and out: densities equal ρ0, every factor is 1.
    assert_allclose(a.q50_m3_per_h.value, 0.5 * (30.0 + 40.0) * 50.0**0.65, rtol=1e-10)
    assert_allclose(a.q4pa_surf_m3_per_h_m2.value, 30.0 * 4.0**0.65 / 150.0, rtol=1e-10)
    assert a.regulatory_direction == "depressurisation"


def test_pressurisation_only_and_altitude_are_flagged(tmp_path):
    path = write_test_file(tmp_path / "p.csv", power_law_rows("pressurisation"),
                           meta={"altitude": "100 m"}, drop=("pression_barometrique",))
    a = qa.analyse_test(read_blower_door_file(path))
    assert a.regulatory_direction == "pressurisation"
    assert any("altitude" in h for h in a.assumptions)
    assert any("sens réglementaire" in h for h in a.assumptions)
    assert_allclose(a.pressure_pa, 100129.0, atol=1.0)


def test_fan_calibration_density_correction_analytic(tmp_path):
    path = write_test_file(tmp_path / "c.csv", meta={"masse_volumique_etalonnage": "1,3 kg/m³"})
    a = qa.analyse_test(read_blower_door_file(path))
    d = a.directions["depressurisation"]
    factor = (1.3 / d.rho_int_kg_per_m3) ** 0.5
    assert_allclose(d.fit_env.c_m3_per_h_pa_n, 30.0 * factor, rtol=1e-10)


def test_judge_three_states_and_invalid(tv_a2):
    assert qa.judge(tv_a2, 0.6).status == "conforme"
    assert qa.judge(tv_a2, 0.40).status == "non_conforme"
    j = qa.judge(tv_a2, 0.436)
    assert j.status == "indetermine" and j.regulatory_pass
    assert qa.judge(tv_a2, 1.7, "n50").status == "conforme"
    j12 = qa.judge(tv_a2, 0.5, sampling_coefficient=1.2)
    assert_allclose(j12.value, 1.2 * tv_a2.q4pa_surf_m3_per_h_m2.value, rtol=1e-15)
    assert j12.status == "non_conforme"
    with pytest.raises(InputError, match="strictement positive"):
        qa.judge(tv_a2, 0.0)
    tv_a1 = qa.analyse_test(read_blower_door_file(
        DATASETS / "reference" / "blower_door_tv_a1" / "essai.csv"))
    j1 = qa.judge(tv_a1, 10.0, "n50")
    assert j1.status == "essai_non_valide" and not j1.regulatory_pass
    with pytest.raises(InputError, match="ATbat"):
        qa.judge(tv_a1, 1.0)


def test_building_weighted_mean_analytic(tmp_path):
    analyses = []
    for name, c, atbat in (("a", 30.0, "100 m²"), ("b", 60.0, "300 m²")):
        path = write_test_file(tmp_path / f"{name}.csv", power_law_rows(c=c),
                               meta={"atbat": atbat, "essai": name})
        analyses.append(qa.analyse_test(read_blower_door_file(path)))
    q4 = [30.0 * 4**0.65 / 100.0, 60.0 * 4**0.65 / 300.0]
    expected = (q4[0] * 100.0 + q4[1] * 300.0) / 400.0
    j = qa.judge_building(analyses, target=1.0)
    assert_allclose(j.value, expected, rtol=1e-12)
    assert j.lower <= j.value <= j.upper
    j12 = qa.judge_building(analyses, target=1.0, sampling_coefficient=1.2)
    assert_allclose(j12.value, 1.2 * expected, rtol=1e-12)
    with pytest.raises(InputError, match="aucun essai"):
        qa.judge_building([], 1.0)


def test_airtightness_for_model_analytic():
    a = qa.airtightness_for_model(q4_m3_per_h=80.0, n=0.6, a_tbat_m2=100.0, volume_m3=200.0)
    assert_allclose(a.q4pa_surf_m3_per_h_m2, 0.8, rtol=1e-15)
    assert_allclose(a.q50_m3_per_h, 80.0 * (50.0 / 4.0) ** 0.6, rtol=1e-12)
    assert_allclose(a.n50_per_h, a.q50_m3_per_h / 200.0, rtol=1e-15)
    assert a.source == "mesure" and a.flow_exponent == 0.6
    with pytest.raises(InputError, match="ATbat"):
        qa.airtightness_for_model(80.0, 0.6, 0.0, 200.0)


@pytest.fixture(scope="module")
def demo():
    from perfqual.io.operation import load_operation

    op = load_operation(DEMO / "operation.yaml")
    analyses = [qa.analyse_test(t) for t in read_blower_door_folder(DEMO / "permeabilite")]
    return op, analyses


def test_demo_campaign_regression(demo):
    # Snapshot of the synthetic demo campaign (perfqual 0.1.0): not a validation.
    op, analyses = demo
    result = qa.campaign_for_operation(analyses, op)
    assert len(result.tests) == 13
    assert [t.analysis.test.test_id for t in result.failed_tests] == ["C-030_reception"]
    by = {(s.typology, s.phase): s for s in result.summaries}
    reception = by[("coron", "reception")]
    assert reception.n_tested == 4 and reception.n_required == 4 and reception.n_dwellings == 72
    assert reception.n_by_status == {"conforme": 2, "non_conforme": 1, "indetermine": 1}
    assert by[("jumelee", "reception")].n_by_status == {"conforme": 2}
    assert by[("isolee", "avant_travaux")].n_by_status == {"non_juge": 1}
    retest = [t for t in result.tests if t.dwelling_id == "J-009" and t.phase == "reception"]
    assert [t.is_decisive for t in retest] == [False, True]
    assert retest[0].judgement.status == "essai_non_valide"


def test_demo_campaign_with_sampling_plan(demo):
    from perfqual.qa.sampling import draw_sampling_plan

    op, analyses = demo
    plan = draw_sampling_plan([(d.id, d.typology) for d in op.dwellings], 0.05, seed=1)
    result = qa.campaign_for_operation(analyses, op, plan)
    assert result.coverage is not None
    assert {s.typology: s.n_required for s in result.summaries} == {
        "coron": 4, "jumelee": 2, "isolee": 1}


def test_measured_airtightness_and_as_built_buildings(demo):
    op, analyses = demo
    result = qa.campaign_for_operation(analyses, op)
    areas = qa.operation_model_areas(op, qa.chosen_scenario(op))
    measured = qa.measured_airtightness(result.tests, areas)
    assert sorted(measured.per_dwelling) == ["C-005", "C-013", "C-030", "C-061", "I-006",
                                             "J-009", "J-024"]
    assert sorted(measured.per_typology) == ["coron", "isolee", "jumelee"]
    assert measured.warnings == ()  # the operator's ATbat equals the model's (FD P50-784)
    c030 = next(t for t in result.tests if t.analysis.test.test_id == "C-030_reception")
    assert_allclose(measured.per_dwelling["C-030"].q4pa_surf_m3_per_h_m2,
                    c030.analysis.q4pa_surf_m3_per_h_m2.value, rtol=2e-3)
    buildings = qa.as_built_buildings(op, measured, "variante_2")
    assert buildings["C-030"].airtightness.source == "mesure"
    assert buildings["typologie:coron"].airtightness == measured.per_typology["coron"]


def test_campaign_errors(demo, tmp_path):
    op, analyses = demo
    stray = replace(analyses[0], test=analyses[0].test.model_copy(update={"dwelling_id": "Z-9"}))
    with pytest.raises(InputError, match="absent de l'opération"):
        qa.campaign_for_operation([stray], op)
    wrong = replace(analyses[0], test=analyses[0].test.model_copy(update={"typology": "isolee"}))
    with pytest.raises(InputError, match="typologie « isolee »"):
        qa.campaign_for_operation([wrong], op)
    with pytest.raises(InputError, match="scénario inconnu"):
        qa.chosen_scenario(op, "variante_9")
