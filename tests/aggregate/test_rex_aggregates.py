"""Aggregates of the lessons-learned store checked against hand-computed values (analytic).

The store is built by ``small_store.py``: operations A and B in the EPCI « CA de Lens-Liévin »,
C in « CA du Douaisis ». Every expected value below is worked out by hand in the comment above
it; tolerances are round-off only (rtol 1e-12).
"""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose

from perfqual.aggregate import rex
from perfqual.store.db import read_tables
from perfqual_test_support import load_test_helper

_small = load_test_helper("aggregate", "small_store")
DOUAI, LENS, small_store = _small.DOUAI, _small.LENS, _small.small_store


RTOL = 1e-12


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    path = tmp_path_factory.mktemp("rex") / "rex.duckdb"
    small_store(path)
    return read_tables(path)


def _row(df, **keys):
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"{keys}: {len(sel)} rows"
    return sel.iloc[0]


def test_gap_distribution_whole_programme_analytic(frames):
    # totals: A 10, 20, 30 ; B 14 ; C -6 -> n 5, mean 68/5 = 13.6, median 14,
    # sample std sqrt(sum((x-13.6)^2)/4) = sqrt((12.96+40.96+268.96+0.16+384.16)/4)
    df = rex.method_gap_distribution(frames, by=())
    r = _row(df, level="programme")
    assert r["n"] == 5
    assert_allclose([r["mean"], r["median"], r["min"], r["max"]], [13.6, 14.0, -6.0, 30.0],
                    rtol=RTOL)
    assert_allclose(r["std"], math.sqrt(707.2 / 4), rtol=RTOL)


def test_gap_distribution_by_epci_and_operation_analytic(frames):
    df = rex.method_gap_distribution(frames, by=())
    # Lens-Liévin: 10, 20, 30, 14 -> mean 18.5, median (14 + 20)/2 = 17
    lens = _row(df, level="epci", group=LENS)
    assert_allclose([lens["mean"], lens["median"]], [18.5, 17.0], rtol=RTOL)
    douai = _row(df, level="epci", group=DOUAI)
    assert douai["n"] == 1 and math.isnan(douai["std"])
    a = _row(df, level="operation", group="op-a")
    assert_allclose(a["mean"], 20.0, rtol=RTOL)


def test_gap_distribution_by_form_and_programme_analytic(frames):
    # coron_en_bande × ITE: A coron v1 (10) and B coron s1 (14): mean 12, std sqrt(8) ;
    # coron × etat_initial: 30 only; petit_collectif × ITI: -6.
    df = rex.method_gap_distribution(frames)
    r = _row(df, level="programme", form="coron_en_bande", programme="ITE")
    assert r["n"] == 2
    assert_allclose([r["mean"], r["std"]], [12.0, math.sqrt(8.0)], rtol=RTOL)
    assert _row(df, level="programme", form="coron_en_bande", programme="etat_initial")["n"] == 1
    assert_allclose(_row(df, level="programme", form="petit_collectif",
                         programme="ITI")["mean"], -6.0, rtol=RTOL)


def test_gap_decomposition_analytic(frames):
    df = rex.method_gap_decomposition(frames)
    r = _row(df, level="operation", group="op-a", form="coron_en_bande", programme="ITE",
             term="conventions")
    assert_allclose(r["mean"], 6.0, rtol=RTOL)


def test_threshold_disagreement_analytic(frames):
    # pairs: A coron erbm (agree), A coron bbc (disagree), A jum erbm (disagree),
    # B coron erbm (agree), C pc bbc (agree); C pc erbm has one method only -> no pair.
    df = rex.threshold_disagreement(frames, by=())
    r = _row(df, level="programme")
    assert (r["n_pairs"], r["n_disagree"]) == (5, 2)
    assert_allclose(r["disagree_frac"], 0.4, rtol=RTOL)
    lens = _row(df, level="epci", group=LENS)
    assert (lens["n_pairs"], lens["n_disagree"]) == (4, 2)
    assert _row(df, level="epci", group=DOUAI)["n_disagree"] == 0
    by_th = rex.threshold_disagreement(frames)
    erbm = _row(by_th, level="programme", threshold_id="erbm_150")
    assert (erbm["n_pairs"], erbm["n_disagree"]) == (3, 1)


def test_airtightness_vs_target_analytic(frames):
    # ITE × reception, decisive and judged: t1 conforme 1.2, t2 non conforme 2.0, t6 conforme
    # 1.0, t7 invalid (its ratio is left out); t3 (not decisive) and t4 (before works) excluded.
    # conforme_frac 2/4; ratios 1.2/1.7, 2.0/1.7, 1.0/1.7 -> median 1.2/1.7, max 2.0/1.7.
    df = rex.airtightness_vs_target(frames)
    r = _row(df, level="programme", technique="ITE", phase="reception")
    assert (r["n_tests"], r["n_conforme"], r["n_non_conforme"], r["n_non_valide"]) == (4, 2, 1, 1)
    assert_allclose([r["conforme_frac"], r["ratio_median"], r["ratio_max"]],
                    [0.5, 1.2 / 1.7, 2.0 / 1.7], rtol=RTOL)
    # ITI × reception: C's test judged on n50 = 1.5 against 2.0 -> ratio 0.75
    iti = _row(df, level="programme", technique="ITI", phase="reception")
    assert_allclose(iti["ratio_median"], 0.75, rtol=RTOL)
    pend = _row(df, level="programme", technique="ITE", phase="pendant_travaux")
    assert (pend["n_tests"], pend["n_indetermine"]) == (1, 1)
    assert not (df["phase"] == "avant_travaux").any()


def test_ventilation_conformity_analytic(frames):
    # corons: C1 ok, C2 ko, B1 non mesurable, B2 ok -> 2/4 conforming, 2/3 of the judged ones
    df = rex.ventilation_conformity(frames)
    r = _row(df, level="programme", form="coron_en_bande")
    assert (r["n_dwellings"], r["n_conforme"], r["n_non_conforme"], r["n_non_mesurable"]) == (
        4, 2, 1, 1)
    assert_allclose([r["conforme_frac"], r["judged_conforme_frac"]], [0.5, 2.0 / 3.0], rtol=RTOL)
    whole = _row(rex.ventilation_conformity(frames, by=()), level="programme")
    assert_allclose(whole["conforme_frac"], 5.0 / 7.0, rtol=RTOL)


def test_forecast_vs_measured_analytic(frames):
    # e = (F - M)/M: iso -0.1, 0.25, 0.1, 0.1 ; thcex 0.2, 0.05, -0.1, 0.5 (P2 with M = 0 dropped)
    df = rex.forecast_vs_measured(frames, by=())
    iso = _row(df, level="programme", method="iso52016")
    th = _row(df, level="programme", method="thcex")
    assert iso["n"] == 4 and th["n"] == 4
    assert_allclose([iso["bias_mean_frac"], iso["median_frac"], iso["median_abs_frac"]],
                    [0.0875, 0.1, 0.1], rtol=RTOL)
    assert_allclose([th["bias_mean_frac"], th["median_frac"], th["median_abs_frac"]],
                    [0.1625, 0.125, 0.15], rtol=RTOL)


def test_closer_method_analytic(frames):
    # C1: iso closer (0.1 < 0.2); C2: thcex (0.05 < 0.25); B1: tie (0.1 = 0.1); P1: iso.
    # medians |e|: iso 0.1, thcex 0.15 -> iso52016 closer over the programme.
    df = rex.closer_method(frames, by=())
    r = _row(df, level="programme")
    assert (r["n_pairs"], r["n_iso52016_closer"], r["n_thcex_closer"], r["n_ties"]) == (4, 2, 1, 1)
    assert r["closer"] == "iso52016"
    b = _row(df, level="operation", group="op-b")
    assert b["closer"] == "egalite"
    a = _row(df, level="operation", group="op-a")  # medians: iso (0.1+0.25)/2, thcex 0.125
    assert a["closer"] == "thcex"


def test_tenant_gains_analytic(frames):
    # iso: 10, -3, 20, 0 -> mean 6.75, median 5, 1 of 4 losing;
    # thcex: 5, -1, 15, -2.5 -> mean 4.125, median 2, 2 of 4 losing.
    df = rex.tenant_gains(frames, by=("method",))
    iso = _row(df, level="programme", method="iso52016")
    th = _row(df, level="programme", method="thcex")
    assert_allclose([iso["mean_eur"], iso["median_eur"], iso["losing_frac"]], [6.75, 5.0, 0.25],
                    rtol=RTOL)
    assert_allclose([th["mean_eur"], th["median_eur"], th["losing_frac"]], [4.125, 2.0, 0.5],
                    rtol=RTOL)


def test_all_aggregates_have_three_levels(frames):
    for name, df in rex.all_aggregates(frames).items():
        assert set(df["level"]) == set(rex.LEVELS), name


def test_describe_empty_is_nan():
    d = rex.describe([])
    assert d["n"] == 0 and math.isnan(d["mean"])
