"""EN ISO 52016-1 engine: analytic cases, exactness of the reduction, balance, batch, errors."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose
from tests.iso52016.helpers import N_HOURS, SOUTH, dwelling_zone, make_basis

from perfqual.core.iso52016 import ZoneSpec, assemble_network, prepare_zone, simulate_zones
from perfqual.core.iso52016 import elements as el
from perfqual.core.iso52016.network import SurfaceChain
from perfqual.errors import InputError, SimulationError


def _run(zones, basis_cols, basis, sp_h=20.0, sp_c=26.0, **kw):
    prepared = [prepare_zone(assemble_network(z, basis_cols), z.name) for z in zones]
    n = basis.shape[0]
    return simulate_zones(prepared, basis, np.full(n, sp_h), np.full(n, sp_c), **kw)


def test_steady_state_series_resistances_analytic():
    # One construction (all walls identical and vertical), convective heating controlling the
    # air, no gains, no sun, no sky: surfaces all at the same temperature, no radiative
    # exchange, so Φ = [A/(1/h_ci + R_c + R_se) + H_ve + H_tb]·(θ_set − θ_e) every hour.
    u, area, h_ve, h_tb = 0.4, 100.0, 30.0, 6.0
    walls = tuple(el.opaque_chain(f"m{a}", 25.0, u, 2e5, "D", 90, a, "exterieur",
                                  delta_sky_k=0.0) for a in (0, 90, 180, 270))
    zone = ZoneSpec("boîte", walls, 50.0, 5e5, h_ve, h_tb, {"gains": 0.0}, {}, 0.4, 0.1, 1.0,
                    control="air")
    cols, basis = make_basis(theta_e=-5.0)
    r = _run([zone], cols, basis, keep_hourly=True)[0]
    r_si = 1 / (2.5 + 5.13)
    r_c = 1 / u - r_si - 1 / 24.14
    expected_w = (area / (1 / 2.5 + r_c + 1 / 24.14) + h_ve + h_tb) * 25.0
    assert_allclose(r.load_w, expected_w, rtol=1e-10)
    assert_allclose(r.heating_kwh, expected_w * N_HOURS / 1000, rtol=1e-10)
    assert_allclose(r.temp_air_c, 20.0, rtol=1e-12)


def test_massless_zone_responds_instantly_analytic():
    # Massless walls and window, air held at the set-point: no storage anywhere, so the load
    # follows the outdoor temperature hour by hour with the steady-state coefficient, even
    # for a step change of 20 K.
    walls = (el.opaque_chain("mur léger", 80.0, 0.5, 0.0, "D", 90, 0, "exterieur",
                             delta_sky_k=0.0),
             el.window_chain("fenêtre", 10.0, 2.0, 90, 0, delta_sky_k=0.0)[0])
    zone = ZoneSpec("léger", walls, 50.0, 5e5, 20.0, 0.0, {"gains": 0.0}, {}, 0.4, 0.1, 1.0,
                    control="air")
    theta_e = np.where(np.arange(N_HOURS) % 48 < 24, 0.0, -20.0)
    cols, basis = make_basis(theta_e=theta_e)
    r = _run([zone], cols, basis, sp_c=60.0, keep_hourly=True)[0]
    r_si = 1 / (2.5 + 5.13)
    g_wall = 80.0 / (1 / 2.5 + (1 / 0.5 - r_si - 1 / 24.14) + 1 / 24.14)
    g_win = 10.0 / (1 / 2.5 + (1 / 2.0 - r_si - 1 / 24.14) + 1 / 24.14)
    # two massless elements exchange radiatively (different surface temperatures): solve the
    # 3-node steady network by hand for the exact reference
    expected = _two_surface_load(g_wall_parts=(80.0, 1 / 0.5 - r_si), g_win_parts=(10.0, 1 / 2.0
                                 - r_si), h_ve=20.0, theta_e=theta_e)
    assert_allclose(r.load_w, expected, rtol=1e-10)
    # the radiative star couples the two surfaces: more loss than the two separate paths
    assert np.all(expected > (g_wall + g_win + 20.0) * (20.0 - theta_e))


def _two_surface_load(g_wall_parts, g_win_parts, h_ve, theta_e):
    """Steady load of a zone (air at 20 °C) with two massless surfaces and the 52016 star."""
    (a1, r1), (a2, r2) = g_wall_parts, g_win_parts
    # unknowns: θ_s1, θ_s2, θ_star ; node equations in W
    k = np.array([[a1 * (2.5 + 5.13 + 1 / r1), 0, -a1 * 5.13],
                  [0, a2 * (2.5 + 5.13 + 1 / r2), -a2 * 5.13],
                  [-a1 * 5.13, -a2 * 5.13, (a1 + a2) * 5.13]])
    loads = []
    for te in np.unique(theta_e):
        rhs = np.array([a1 * (2.5 * 20 + te / r1), a2 * (2.5 * 20 + te / r2), 0.0])
        s1, s2, _ = np.linalg.solve(k, rhs)
        loads.append((te, a1 * 2.5 * (20 - s1) + a2 * 2.5 * (20 - s2) + h_ve * (20 - te)))
    table = dict(loads)
    return np.array([table[t] for t in theta_e])


def _reference_direct_solve(zone, cols, basis, sp_h, sp_c, use_area_m2):
    """The standard's steps on the unreduced network: free solve, Φ_upper = 10 W/m²·A_use,
    eq. (27) interpolation, final solve (dense LU every hour)."""
    net = assemble_network(zone, cols)
    m = net.conductance_w_per_k + np.diag(net.capacity_j_per_k / 3600.0)
    c_dt = net.capacity_j_per_k / 3600.0
    ctrl = net.control_row
    # initial state as the engine: steady state of the mean of the first 24 h, set-point held
    u0 = basis[:24].mean(axis=0)
    k = net.conductance_w_per_k
    x_free = np.linalg.solve(k, net.forcing @ u0)
    x_e = np.linalg.solve(k, net.hc_injection)
    phi0 = max(0.0, (sp_h - ctrl @ x_free) / (ctrl @ x_e))
    x = x_free + phi0 * x_e
    loads = []
    phi_up = 10.0 * use_area_m2
    for u in basis:
        rhs = c_dt * x + net.forcing @ u
        x0 = np.linalg.solve(m, rhs)
        th0 = ctrl @ x0
        phi = 0.0
        if th0 < sp_h or th0 > sp_c:
            sign = 1.0 if th0 < sp_h else -1.0
            x_up = np.linalg.solve(m, rhs + sign * phi_up * net.hc_injection)
            target = sp_h if th0 < sp_h else sp_c
            phi = sign * phi_up * (target - th0) / (ctrl @ x_up - th0)  # eq. (27)
        x = np.linalg.solve(m, rhs + phi * net.hc_injection)
        loads.append(phi)
    return np.array(loads)


def test_reduction_equals_direct_solve_analytic(weather):
    # Static condensation + modal decomposition are exact: same hourly loads as the standard's
    # step-by-step solve of the full network (round-off only).
    theta_e, sun = weather
    n = 600
    sl = slice(2900, 2900 + n)  # spring: heating nights, free-floating and cooling days
    cols, basis = make_basis(theta_e=theta_e[sl], irr_south=sun[sl], irr_roof=sun[sl],
                             n_hours=n)
    zone = dwelling_zone()
    r = _run([zone], cols, basis, sp_h=20.0, sp_c=22.0, warmup_hours=0, keep_hourly=True)[0]
    ref = _reference_direct_solve(zone, cols, basis, 20.0, 22.0, zone.use_area_m2)
    assert np.any(ref > 0) and np.any(ref < 0) and np.any(ref == 0)
    assert_allclose(r.load_w, ref, rtol=1e-9, atol=1e-8)


def test_balance_closes_analytic(weather):
    theta_e, sun = weather
    cols, basis = make_basis(theta_e=theta_e, irr_south=sun, irr_roof=sun)
    r = _run([dwelling_zone()], cols, basis, sp_c=23.0)[0]
    assert r.heating_kwh > 1000 and r.cooling_kwh > 10
    scale = r.heating_kwh + r.cooling_kwh + r.solar_kwh + r.internal_kwh
    assert abs(r.balance_residual_kwh) < 1e-9 * scale
    assert_allclose(r.monthly_heating_kwh.sum(), r.heating_kwh, rtol=1e-12)
    assert_allclose(r.monthly_cooling_kwh.sum(), r.cooling_kwh, rtol=1e-12)


def test_more_insulation_lowers_heating_need(weather):
    theta_e, sun = weather
    cols, basis = make_basis(theta_e=theta_e, irr_south=sun, irr_roof=sun)
    needs = [r.heating_kwh for r in _run([dwelling_zone(u_wall=u) for u in
                                          (2.0, 1.0, 0.5, 0.25, 0.12)], cols, basis)]
    assert np.all(np.diff(needs) < 0)


def test_batch_equals_one_by_one(weather):
    theta_e, sun = weather
    cols, basis = make_basis(theta_e=theta_e, irr_south=sun, irr_roof=sun)
    zones = [dwelling_zone(u_wall=u, mass_class=c, name=f"z{i}") for i, (u, c) in
             enumerate([(1.5, "D"), (0.3, "I"), (0.8, "E"), (0.5, "M")])]
    batch = _run(zones, cols, basis)
    for z, rb in zip(zones, batch, strict=True):
        (r1,) = _run([z], cols, basis)
        assert_allclose([rb.heating_kwh, rb.cooling_kwh, rb.transmission_kwh, rb.stored_kwh],
                        [r1.heating_kwh, r1.cooling_kwh, r1.transmission_kwh, r1.stored_kwh],
                        rtol=1e-11, atol=1e-9)


def test_operative_setpoint_held_when_heating(weather):
    theta_e, sun = weather
    cols, basis = make_basis(theta_e=theta_e, irr_south=sun, irr_roof=sun)
    r = _run([dwelling_zone()], cols, basis, keep_hourly=True)[0]
    heating = r.load_w > 0
    assert_allclose(r.temp_operative_c[heating], 20.0, rtol=1e-10)
    assert np.all(r.temp_operative_c[r.load_w == 0] >= 20.0 - 1e-9)
    assert_allclose(r.temp_operative_c[r.load_w < 0], 26.0, rtol=1e-10)


def test_power_cap_limits_load(weather):
    theta_e, _ = weather
    cols, basis = make_basis(theta_e=theta_e - 10.0)
    prepared = [prepare_zone(assemble_network(dwelling_zone(), cols), "z")]
    r = simulate_zones(prepared, basis, np.full(N_HOURS, 20.0), np.full(N_HOURS, 26.0),
                       max_heating_w=800.0)[0]
    assert_allclose(r.peak_heating_w, 800.0, rtol=1e-12)


@pytest.mark.filterwarnings("ignore::scipy.linalg.LinAlgWarning")
def test_singular_system_raises_simulation_error():
    # No heat capacity anywhere and no path to any boundary temperature: singular at every hour.
    wall = SurfaceChain("mur", 10.0, (1.0,), (0.0, 0.0), 2.5, 5.13, 0.0)
    zone = ZoneSpec("flottante", (wall,), 10.0, 0.0, 0.0, 0.0, {}, {}, 0.4, 0.1, 0.4)
    cols, _ = make_basis(theta_e=0.0, n_hours=24)
    with pytest.raises(SimulationError, match="flottante.*singulier"):
        prepare_zone(assemble_network(zone, cols), zone.name)


def test_bad_inputs_french_messages():
    cols, basis = make_basis(theta_e=0.0, n_hours=48)
    zone = dwelling_zone()
    bad_area = replace(zone, surfaces=(replace(zone.surfaces[0], area_m2=-1.0),))
    with pytest.raises(InputError, match="surface non positive"):
        assemble_network(bad_area, cols)
    with pytest.raises(InputError, match="série de base inconnue"):
        assemble_network(replace(zone, internal_gains_w={"inconnue": 1.0}), cols)
    prepared = [prepare_zone(assemble_network(zone, cols), "z")]
    with pytest.raises(InputError, match="consigne de chauffage supérieure"):
        simulate_zones(prepared, basis, np.full(48, 25.0), np.full(48, 20.0), warmup_hours=0)
    with pytest.raises(InputError, match="mise en régime"):
        simulate_zones(prepared, basis, np.full(48, 20.0), np.full(48, 26.0), warmup_hours=100)


def test_window_solar_column_used(weather):
    theta_e, sun = weather
    zone = dwelling_zone()
    assert SOUTH in zone.solar_gains_w
    cols, basis = make_basis(theta_e=theta_e, irr_south=sun, irr_roof=sun)
    r = _run([zone], cols, basis)[0]
    assert_allclose(r.solar_kwh, zone.solar_gains_w[SOUTH] * sun.sum() / 1000, rtol=1e-12)


def test_stacked_reduction_equals_one_by_one_analytic():
    # prepare_zones condenses and diagonalises zones of the same structure as one stack (batched
    # solve, eigh and functionals); prepare_zone does one zone: same reduction to round-off
    # (modes are compared through what the loop uses: decay, forcing, response, outputs).
    from perfqual.core.iso52016 import prepare_zones

    cols, _ = make_basis(theta_e=0.0, n_hours=24)
    zones = [dwelling_zone(u_wall=u, name=f"z{u}") for u in (0.3, 0.9, 1.6)]
    nets = [assemble_network(z, cols) for z in zones]
    stacked = prepare_zones(nets, [z.name for z in zones])
    for net, z, s in zip(nets, zones, stacked, strict=True):
        one = prepare_zone(net, z.name)
        assert_allclose(s.decay, one.decay, rtol=1e-10)
        # eigenvectors are defined up to sign: compare sign-free products
        for name in ("control", "air", "operative", "transmission", "ventilation"):
            fs, fo = getattr(s, name), getattr(one, name)
            assert_allclose(fs.basis, fo.basis, rtol=1e-10, atol=1e-12)
            assert_allclose(fs.phi, fo.phi, rtol=1e-10, atol=1e-14)
            assert_allclose(fs.y[:, None] * s.forcing, fo.y[:, None] * one.forcing,
                            rtol=1e-8, atol=1e-12)
        assert_allclose(s.control_sensitivity_k_per_w, one.control_sensitivity_k_per_w,
                        rtol=1e-10)
