"""The one infiltration definition shared by both engines (perfqual.core.infiltration)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from perfqual.core import infiltration as inf
from perfqual.errors import InputError

C4 = (4.0 / 50.0) ** (2.0 / 3.0)  # 3CL conversion 4 Pa -> 50 Pa, exponent 2/3


def test_n50_from_q4pa_surf_analytic():
    assert_allclose(inf.n50_from_q4pa_surf_per_h(1.7, 150.0, 175.0), 1.7 * 150.0 / (C4 * 175.0),
                    rtol=1e-14)
    assert_allclose(inf.n50_from_q4pa_surf_per_h(1.0, 100.0, 100.0, exponent=0.6),
                    1.0 / (4.0 / 50.0) ** 0.6, rtol=1e-14)


def test_thcex_model_is_e_n50_v_analytic():
    # Q_inf = e·n50·V whatever the mechanical airflows (f = 0): = e·Q4Pa-surf·A_Tbat/C4.
    for extract, supply in ((0.0, 0.0), (90.0, 0.0), (120.0, 120.0)):
        q = inf.infiltration_airflow_m3_per_h("q4pa_thcex", 1.3, 180.0, 80.0, 2.5, extract,
                                              supply, shielding_e=0.05, shielding_f=15.0)
        assert_allclose(q, 0.05 * 1.3 * 180.0 / C4, rtol=1e-14)


def test_3cl_model_unbalance_term_analytic():
    # V = 200 m³, n50 = Q4·A/(C4·V); unbalance u = (q_sup − q_ext)/(V·n50);
    # Q = V·n50·e/(1 + (f/e)·u²).
    v, n50 = 200.0, 2.0 * 150.0 / (C4 * 200.0)
    u = -100.0 / (v * n50)
    expected = v * n50 * 0.07 / (1.0 + 15.0 / 0.07 * u**2)
    q = inf.infiltration_airflow_m3_per_h("q4pa_3cl", 2.0, 150.0, 80.0, 2.5, 100.0)
    assert_allclose(q, expected, rtol=1e-14)
    # a balanced system leaves the full wind-driven leakage, = the q4pa_thcex value
    balanced = inf.infiltration_airflow_m3_per_h("q4pa_3cl", 2.0, 150.0, 80.0, 2.5, 100.0, 100.0)
    thcex = inf.infiltration_airflow_m3_per_h("q4pa_thcex", 2.0, 150.0, 80.0, 2.5, 100.0)
    assert_allclose(balanced, thcex, rtol=1e-14)
    assert q < thcex


def test_shielding_table_and_monotonic_in_airtightness():
    assert inf.SHIELDING_3CL["plusieurs_facades"] == (0.07, 15.0)
    e, f = inf.SHIELDING_3CL["une_facade"]
    qs = [inf.infiltration_airflow_m3_per_h("q4pa_3cl", q4, 150.0, 80.0, 2.5, 60.0, 0.0, e, f)
          for q4 in (0.0, 0.6, 1.3, 3.3)]
    assert qs[0] == 0.0 and all(b > a for a, b in zip(qs, qs[1:], strict=False))
    assert inf.infiltration_airflow_m3_per_h("aucune", 3.3, 150.0, 80.0, 2.5, 60.0) == 0.0


def test_bad_inputs_french_messages():
    with pytest.raises(InputError, match="modèle d'infiltration inconnu"):
        inf.infiltration_airflow_m3_per_h("en16798", 1.7, 150.0, 70.0, 2.5, 0.0)
    with pytest.raises(InputError, match="A_Tbat invalide"):
        inf.infiltration_airflow_m3_per_h("q4pa_thcex", 1.7, 0.0, 70.0, 2.5, 0.0)
    with pytest.raises(InputError, match="coefficients e"):
        inf.infiltration_airflow_m3_per_h("q4pa_3cl", 1.7, 150.0, 70.0, 2.5, 0.0, 0.0, 0.0)
    with pytest.raises(InputError, match="volume"):
        inf.n50_from_q4pa_surf_per_h(1.0, 10.0, 0.0)


def test_both_engines_use_the_shared_definition():
    # thcex_api and the 52016 API give the same airflow for the same building and conventions.
    from tests.iso52016.test_api import _demo

    from perfqual.api import Iso52016Options, _infiltration_m3_per_h
    from perfqual.models.conventions import THCEX_CONVENTIONS
    from perfqual.thcex_api import ThcexOptions, infiltration_m3_per_h

    _, buildings, _ = _demo()
    for model in ("q4pa_thcex", "q4pa_3cl", "aucune"):
        conv = THCEX_CONVENTIONS.with_(infiltration_model=model)
        for b in buildings[:3]:
            assert_allclose(_infiltration_m3_per_h(b, conv, Iso52016Options()),
                            infiltration_m3_per_h(b, conv, ThcexOptions()), rtol=1e-15)
