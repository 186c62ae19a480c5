"""simulate_iso52016 on resolved buildings: demo regression, old single glazing, batch, systems."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
import pytest
from numpy.testing import assert_allclose
from tests.iso52016.helpers import N_HOURS, REPO

from perfqual.api import Iso52016Options, simulate_iso52016, simulate_needs_iso52016
from perfqual.errors import InputError
from perfqual.models.conventions import ISO52016_CONVENTIONS, THCEX_CONVENTIONS

DEMO = "datasets/demo/cite_des_fleurs/operation.yaml"


@lru_cache(maxsize=1)
def _demo():
    from perfqual.climate.synthetic import zone_climate
    from perfqual.io.operation import load_operation
    from perfqual.models.resolve import resolve_operation

    op = load_operation(REPO / DEMO)
    return op, resolve_operation(op), zone_climate(op.identity.climate_zone,
                                                  op.identity.altitude_m)


def _run(buildings, climate, **kw):
    return simulate_iso52016(buildings, climate, climate_zone="H1a", altitude_m=45.0, **kw)


def test_demo_balance_closes_and_cep_consistent():
    op, buildings, climate = _demo()
    results = _run(buildings, climate)
    assert len(results) == len(buildings) == 12
    for r in results:
        assert abs(r.balance.residual_kwh) < 1e-9 * r.heating_need_kwh
        assert_allclose(sum(r.monthly_heating_need_kwh), r.heating_need_kwh, rtol=1e-12)
        assert_allclose(r.cep_kwh_per_m2_year * r.reference_area_m2,
                        sum(r.primary_energy_kwh.values()), rtol=1e-12)
        assert r.reference_area_kind == "surface_habitable"


# perfqual 0.1.0 snapshot (not a validation): heating need of the demo typologies, synthetic
# H1a year at 45 m, ISO52016_CONVENTIONS, default options. Tolerance 1e-6 (round-off of the
# eigen-decomposition across platforms). Values in demo_regression.json.


def test_demo_heating_need_regression():
    op, buildings, climate = _demo()
    got = {r.label: r.heating_need_kwh for r in _run(buildings, climate)}
    expected = _load_regression()
    assert set(got) == set(expected)
    for label, value in expected.items():
        assert_allclose(got[label], value, rtol=1e-6, err_msg=label)


def _load_regression():
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "demo_regression.json").read_text())


def test_renovation_lowers_heating_need():
    op, buildings, climate = _demo()
    need = {(r.typology, r.scenario): r.heating_need_kwh for r in _run(buildings, climate)}
    for typ in op.typologies:
        assert need[(typ, "variante_3")] < need[(typ, "variante_1")] < need[(typ, "etat_initial")]


def test_batch_equals_one_by_one_api():
    op, buildings, climate = _demo()
    batch = _run(buildings[:4], climate)
    for b, rb in zip(buildings[:4], batch, strict=True):
        (r1,) = _run([b], climate)
        assert_allclose([r1.heating_need_kwh, r1.cep_kwh_per_m2_year],
                        [rb.heating_need_kwh, rb.cep_kwh_per_m2_year], rtol=1e-11)


def test_old_single_glazing_u58_is_reported_not_clamped():
    op, buildings, climate = _demo()
    b = buildings[0]
    single = replace(b, windows=tuple(replace(w, u_value_w_per_m2k=5.8) if not w.is_door else w
                                      for w in b.windows))
    r_single, r_base = _run([single, b], climate)
    assert any("vitrage de 4 mm" in a for a in r_single.assumptions)
    assert not any("vitrage de 4 mm" in a for a in r_base.assumptions)
    assert r_single.heating_need_kwh > r_base.heating_need_kwh


def test_hourly_series_when_asked():
    op, buildings, climate = _demo()
    (r,) = _run(buildings[:1], climate, keep_hourly=True)
    assert r.hourly is not None and r.hourly.temp_operative_c.shape == (N_HOURS,)
    assert_allclose(r.hourly.heating_w.sum() / 1000, r.heating_need_kwh, rtol=1e-12)
    (r0,) = _run(buildings[:1], climate)
    assert r0.hourly is None


def test_thcex_infiltration_in_52016_engine_is_the_shared_definition():
    # q4pa_thcex runs natively: the ventilation coefficient of the zone holds Q_inf = e·n50·V of
    # perfqual.core.infiltration, and the assumption is stated; the 3CL form with f = 0 and the
    # same e gives the same need.
    op, buildings, climate = _demo()
    thcex = THCEX_CONVENTIONS.with_(ground_model="iso13370")
    (r,) = _run(buildings[:1], climate, conventions=thcex)
    assert r.reference_area_kind == "shon_rt"
    assert any("q4pa_thcex" in a and "e·n50·V" in a for a in r.assumptions)
    conv = thcex.with_(infiltration_model="q4pa_3cl")
    (same,) = _run(buildings[:1], climate, conventions=conv,
                   options=Iso52016Options(shielding_f=0.0))
    assert_allclose(same.heating_need_kwh, r.heating_need_kwh, rtol=1e-12)
    (iso,) = _run(buildings[:1], climate)
    assert r.heating_need_kwh < iso.heating_need_kwh  # old-dwelling set-point correction


def test_bad_inputs_api():
    op, buildings, climate = _demo()
    with pytest.raises(InputError, match="zone climatique requise"):
        simulate_iso52016(buildings[:1], climate)
    with pytest.raises(InputError, match="8760 valeurs"):
        simulate_needs_iso52016(buildings[:1], climate, ISO52016_CONVENTIONS,
                                options=Iso52016Options(heating_setpoint_c=(20.0,) * 10))
    ground = next(e for e in buildings[0].opaque if e.boundary.value == "sol")
    no_perimeter = replace(buildings[0], opaque=tuple(
        replace(e, exposed_perimeter_m=None) if e is ground else e for e in buildings[0].opaque))
    with pytest.raises(InputError, match="périmètre exposé"):
        _run([no_perimeter], climate)


def test_user_setpoint_schedule_raises_need():
    op, buildings, climate = _demo()
    warm = Iso52016Options(heating_setpoint_c=tuple(np.full(N_HOURS, 21.0)))
    (r21,) = simulate_needs_iso52016(buildings[:1], climate, options=warm)[0]
    (r19,) = simulate_needs_iso52016(buildings[:1], climate)[0]
    assert r21.heating_kwh > r19.heating_kwh


def test_threads_equal_one_regression():
    # n_jobs = 2: the batch in parts (set-up of a part while the previous one runs on a
    # thread); each zone is computed on its own, so the results are the same numbers.
    op, buildings, climate = _demo()
    batch = list(buildings) * 11  # 132 buildings: several parts of 32 zones
    one, notes1 = simulate_needs_iso52016(batch, climate)
    two, notes2 = simulate_needs_iso52016(batch, climate, n_jobs=2)
    assert [r.name for r in two] == [r.name for r in one] and notes2 == notes1
    for a, b in zip(one, two, strict=True):
        assert_allclose([b.heating_kwh, b.cooling_kwh, b.stored_kwh, *b.monthly_heating_kwh],
                        [a.heating_kwh, a.cooling_kwh, a.stored_kwh, *a.monthly_heating_kwh],
                        rtol=1e-12)
    with pytest.raises(InputError, match="nombre de tâches parallèles"):
        simulate_needs_iso52016(batch[:1], climate, n_jobs=0)
