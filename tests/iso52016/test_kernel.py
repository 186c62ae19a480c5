"""The compiled (numba) hourly kernel against the numpy reference loop."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from tests.iso52016.helpers import dwelling_zone, make_basis

from perfqual.core.iso52016 import assemble_network, prepare_zones, simulate_zones
from perfqual.errors import InputError, SimulationError

N = 2000  # hours: heating, dead band and cooling all occur (small, to keep the test fast)


def _batch(weather, **kw):
    theta_e, sun = weather
    sl = slice(2500, 2500 + N)
    cols, basis = make_basis(theta_e=theta_e[sl], irr_south=sun[sl], irr_roof=sun[sl],
                             n_hours=N)
    zones = [dwelling_zone(u_wall=u, mass_class=c, name=f"z{i}") for i, (u, c) in
             enumerate([(1.5, "D"), (0.3, "I"), (0.8, "E")])]
    prepared = prepare_zones([assemble_network(z, cols) for z in zones],
                             [z.name for z in zones])
    sp_h = np.where(np.arange(N) % 24 < 6, 17.0, 20.0)
    out = {}
    for kernel in ("numpy", "compiled"):
        out[kernel] = simulate_zones(prepared, basis, sp_h, np.full(N, 23.0), warmup_hours=200,
                                     keep_hourly=True, kernel=kernel,
                                     heating_offset_k=np.array([0.0, -0.3, 0.0]), **kw)
    return out


@pytest.mark.parametrize("caps", [{}, {"max_heating_w": 900.0, "max_cooling_w": 400.0}])
def test_compiled_kernel_equals_numpy_loop_analytic(weather, caps):
    # Same arithmetic, only the order of the additions differs: hourly loads and temperatures
    # agree to round-off, and so do every yearly term.
    out = _batch(weather, **caps)
    for ref, fast in zip(out["numpy"], out["compiled"], strict=True):
        assert np.any(ref.load_w > 0) and np.any(ref.load_w < 0) and np.any(ref.load_w == 0)
        scale = np.max(np.abs(ref.load_w))
        assert_allclose(fast.load_w, ref.load_w, rtol=1e-10, atol=1e-10 * scale)
        assert_allclose(fast.temp_air_c, ref.temp_air_c, rtol=1e-12, atol=1e-10)
        assert_allclose(fast.temp_operative_c, ref.temp_operative_c, rtol=1e-12, atol=1e-10)
        for name in ("heating_kwh", "cooling_kwh", "transmission_kwh", "ventilation_kwh",
                     "stored_kwh"):
            assert_allclose(getattr(fast, name), getattr(ref, name), rtol=1e-10, atol=1e-9)
        assert abs(fast.balance_residual_kwh) < 1e-9 * (fast.heating_kwh + fast.cooling_kwh
                                                        + fast.internal_kwh)


def test_compiled_kernel_chunking_invariant_analytic(weather):
    theta_e, sun = weather
    cols, basis = make_basis(theta_e=theta_e[:500], irr_south=sun[:500], n_hours=500)
    prepared = prepare_zones([assemble_network(dwelling_zone(), cols)], ["z"])
    runs = [simulate_zones(prepared, basis, np.full(500, 20.0), np.full(500, 24.0),
                           warmup_hours=48, chunk_hours=c)[0] for c in (None, 7, 500)]
    for r in runs[1:]:
        assert_allclose(r.heating_kwh, runs[0].heating_kwh, rtol=1e-12)
        assert_allclose(r.stored_kwh, runs[0].stored_kwh, rtol=1e-10, atol=1e-9)


def test_unknown_kernel_french_message(weather):
    cols, basis = make_basis(theta_e=0.0, n_hours=24)
    prepared = prepare_zones([assemble_network(dwelling_zone(), cols)], ["z"])
    with pytest.raises(InputError, match="noyau de calcul inconnu"):
        simulate_zones(prepared, basis, np.full(24, 20.0), np.full(24, 26.0), warmup_hours=0,
                       kernel="fortran")


def _many(weather, n_zones, n_hours=N):
    """n_zones different zones (mass classes, U-values) with per-zone set-points."""
    theta_e, sun = weather
    sl = slice(2500, 2500 + n_hours)
    cols, basis = make_basis(theta_e=theta_e[sl], irr_south=sun[sl], irr_roof=sun[sl],
                             n_hours=n_hours)
    classes = ("D", "I", "E", "IE", "M")
    zones = [dwelling_zone(u_wall=0.2 + 0.05 * i, mass_class=classes[i % 5], name=f"z{i}")
             for i in range(n_zones)]
    prepared = prepare_zones([assemble_network(z, cols) for z in zones], [z.name for z in zones])
    hour = np.arange(n_hours)[:, None]
    sp_h = np.where(hour % 24 < 6, 16.0, 19.0) + 0.05 * np.arange(n_zones)[None, :]
    return prepared, basis, sp_h, np.full(n_hours, 25.0)


def test_blocks_padding_and_per_zone_setpoints_equal_numpy_loop_analytic(weather):
    # 37 zones: two blocks of lanes, the second padded; zones with different numbers of modes
    # share a block; each zone has its own set-point schedule.
    prepared, basis, sp_h, sp_c = _many(weather, 37)
    assert len({len(z.decay) for z in prepared}) > 1
    ref = simulate_zones(prepared, basis, sp_h, sp_c, warmup_hours=100, kernel="numpy")
    fast = simulate_zones(prepared, basis, sp_h, sp_c, warmup_hours=100)
    for r, f in zip(ref, fast, strict=True):
        assert_allclose([f.heating_kwh, f.cooling_kwh, f.stored_kwh, f.peak_heating_w],
                        [r.heating_kwh, r.cooling_kwh, r.stored_kwh, r.peak_heating_w],
                        rtol=1e-10, atol=1e-9)
        assert f.heating_hours == r.heating_hours


def test_threads_and_block_mates_do_not_change_results_analytic(weather):
    # Each zone is one lane of the kernel: 1, 2 or 3 threads (blocks shared out differently),
    # or the zone simulated with other block-mates, give the same hourly loads and modal states
    # (same additions in the same order); the yearly balance terms agree to 1e-13 (numpy's dot
    # products of the post-processing may sum in another order depending on the memory
    # alignment of their rows).
    prepared, basis, sp_h, sp_c = _many(weather, 70, n_hours=600)
    runs = [simulate_zones(prepared, basis, sp_h, sp_c, warmup_hours=48, n_threads=k)
            for k in (1, 2, 3)]
    runs.append(simulate_zones(prepared[:5], basis, sp_h[:, :5], sp_c, warmup_hours=48))
    for other in runs[1:]:
        for a, b in zip(runs[0], other, strict=False):
            assert_allclose([b.heating_kwh, b.cooling_kwh, b.transmission_kwh, b.stored_kwh],
                            [a.heating_kwh, a.cooling_kwh, a.transmission_kwh, a.stored_kwh],
                            rtol=1e-13, atol=0.0)


def test_non_finite_inputs_and_loads_french_messages():
    from perfqual.core.iso52016.simulate import _check_bad_hours

    cols, basis = make_basis(theta_e=0.0, n_hours=24)
    prepared = prepare_zones([assemble_network(dwelling_zone(), cols)], ["z"])
    sp_c = np.full(24, 26.0)
    sp_c[5] = np.nan
    with pytest.raises(InputError, match="consignes : valeurs finies"):
        simulate_zones(prepared, basis, np.full(24, 20.0), sp_c, warmup_hours=0)
    # a non-finite load found by the kernel: the zone and the hour of the year are named
    bad = np.array([[30, 40], [12, 40]])  # blocks × lanes, 40 = none (past the last hour)
    zid = np.array([[0, 1], [2, -1]])
    zones = [type("Z", (), {"name": n})() for n in ("a", "b", "c")]
    with pytest.raises(SimulationError, match="« c » : charge non finie à l'heure 2 "):
        _check_bad_hours(bad, zid, 40, 10, zones)
