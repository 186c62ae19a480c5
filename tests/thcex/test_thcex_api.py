"""Tests of simulate_thcex and Ubât (resolved demo buildings, synthetic zone climate)."""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose
from tests.conftest import DATASETS

from perfqual.core.thcex.ubat import ubat
from perfqual.errors import InputError
from perfqual.io.operation import load_operation
from perfqual.models.conventions import ISO52016_CONVENTIONS, THCEX_CONVENTIONS
from perfqual.models.resolve import resolve_operation
from perfqual.thcex_api import ThcexOptions, simulate_thcex, ubat_check


@pytest.fixture(scope="module")
def demo():
    from perfqual.climate.synthetic import climate_for_operation

    op = load_operation(DATASETS / "demo" / "cite_des_fleurs" / "operation.yaml")
    return op, resolve_operation(op), climate_for_operation(op)


def _run(demo, conv=THCEX_CONVENTIONS, **kw):
    op, bs, cl = demo
    return simulate_thcex(bs, cl, conv, climate_zone=op.identity.climate_zone,
                          altitude_m=op.identity.altitude_m, **kw)


def test_balance_and_uses_regression(demo):
    res = _run(demo)
    for r in res:
        assert abs(r.balance.residual_kwh) < 1e-9 * r.balance.transmission_kwh
        assert math.isclose(sum(r.primary_energy_kwh.values()) / r.reference_area_m2,
                            r.cep_kwh_per_m2_year, rel_tol=1e-12)
        assert r.method == "thcex" and r.reference_area_kind == "shon_rt"
        assert r.cep_heat_cool_dhw_kwh_per_m2_year < r.cep_kwh_per_m2_year
    # works lower the Cep of every typology (regression on the demo, not a validation)
    by = {(r.typology, r.scenario): r.cep_kwh_per_m2_year for r in res}
    for typ in {r.typology for r in res}:
        assert by[(typ, "variante_3")] < by[(typ, "etat_initial")]


def test_reference_area_switch_is_a_pure_rescaling_analytic(demo):
    # Switching only the reference area must rescale Cep by SHON/SHAB and change nothing else.
    a = _run(demo)
    b = _run(demo, THCEX_CONVENTIONS.with_(reference_area="surface_habitable"))
    op, bs, _ = demo
    for ra, rb, bld in zip(a, b, bs, strict=True):
        assert_allclose(rb.heating_need_kwh, ra.heating_need_kwh, rtol=1e-12)
        assert_allclose(rb.cep_kwh_per_m2_year * bld.areas.living_area_m2,
                        ra.cep_kwh_per_m2_year * bld.areas.shon_rt_m2, rtol=1e-12)


def test_equal_primary_factors_give_equal_results_analytic(demo):
    # Conventions switched to equal give equal results: PEF of the ISO preset on both sides.
    a = _run(demo, THCEX_CONVENTIONS.with_(
        primary_energy_factors=ISO52016_CONVENTIONS.primary_energy_factors))
    b = _run(demo, THCEX_CONVENTIONS.with_(
        primary_energy_factors=ISO52016_CONVENTIONS.primary_energy_factors, name="autre"))
    for ra, rb in zip(a, b, strict=True):
        assert_allclose(ra.cep_kwh_per_m2_year, rb.cep_kwh_per_m2_year, rtol=1e-12)


def test_old_dwelling_correction_lowers_initial_need(demo):
    a = _run(demo)
    b = _run(demo, THCEX_CONVENTIONS.with_(apply_old_dwelling_setpoint_correction=False))
    for ra, rb in zip(a, b, strict=True):
        assert ra.heating_need_kwh <= rb.heating_need_kwh + 1e-9


def test_inertia_and_infiltration_options(demo):
    light = _run(demo, options=ThcexOptions(inertia_class="legere"))
    heavy = _run(demo, options=ThcexOptions(inertia_class="tres_lourde"))
    assert any(abs(a.heating_need_kwh - b.heating_need_kwh) > 1
               for a, b in zip(light, heavy, strict=True))
    none = _run(demo, THCEX_CONVENTIONS.with_(infiltration_model="aucune"))
    base = _run(demo)
    assert all(n.heating_need_kwh < b.heating_need_kwh for n, b in zip(none, base, strict=True))


def test_missing_zone_is_an_input_error(demo):
    op, bs, cl = demo
    with pytest.raises(InputError, match="zone climatique"):
        simulate_thcex(bs, cl)


def test_ubat_analytic():
    # One wall 100 m² U 0.5, one window 20 m² U 1.8, 40 m party walls: hand computation.
    r = ubat([("a1_murs", 100.0, 0.5, 1.0), ("a7_baies_residentiel", 20.0, 1.8, 1.0)],
             [("a9_liaison_plancher_intermediaire", 10.0, 0.6, 1.0)], 40.0, "H1a", 45.0)
    assert_allclose(r.ubat_w_per_m2k, (50 + 36 + 6) / 120, rtol=1e-12)
    base = (0.36 * 100 + 1.8 * 20 + 0.9 * 10) / 120
    assert_allclose(r.ubat_base_w_per_m2k, base, rtol=1e-12)
    assert_allclose(r.ubat_max_w_per_m2k, 1.25 * (160 / 120) * base, rtol=1e-12)
    h3 = ubat([("a1_murs", 100.0, 0.5, 1.0)], [], 0.0, "H3", 100.0)
    assert_allclose(h3.ubat_base_w_per_m2k, 0.40, rtol=1e-12)  # column 2 (H3 ≤ 800 m)


def test_ubat_of_demo_regression(demo):
    op, bs, _ = demo
    for b in bs:
        r = ubat_check(b, op.identity.climate_zone, op.identity.altitude_m)
        assert r.ubat_w_per_m2k > 0 and r.ctd >= 1.0
    with pytest.raises(InputError, match="catégorie"):
        ubat([("a99", 1.0, 1.0, 1.0)], [], 0.0, "H1a", 0.0)
