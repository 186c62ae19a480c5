"""Compiled hourly kernel of the EN ISO 52016-1:2017 batch loop (numba).

The same arithmetic as the numpy reference loop of :mod:`perfqual.core.iso52016.simulate`
(``kernel="numpy"``), hour by hour on the modal state of :mod:`perfqual.core.iso52016.reduce`:

1. free-floating step ``y ← λ ⊙ y + g_t`` with the basis forcing of the hour
   g_t = Σ_c u_t,c·G_c (G = λ ⊙ Vᵀ P′ per basis column), computed in the kernel from the
   shared hourly basis (stored sparse: only the non-zero values of each hour) and the per-zone
   coefficients: no (zones × hours × inputs) array is ever built;
2. controlled temperature of the free-floating state, scaled by 1/s: ``z = c_y · y``, and the
   set-point bounds of the hour ``a = θ_set/s − c_u · u_t`` (c_u: basis row of the controlled
   temperature, also divided by s);
3. load of §6.5.5.2 eq. (27) with s = dθ/dΦ constant: ``Φ = clip(z, a_H, a_C) − z`` (zero in the
   dead band), capped by the available power (eq. 28; an infinite power leaves Φ unchanged);
4. ``y ← y + q Φ`` (q = λ ⊙ Vᵀ e′, the response to Φ_HC within the hour);
5. the yearly reductions of Φ (heating and cooling sums, monthly sums, peaks, heating hours,
   Σ Φ and Σ y for the balance) are accumulated in the kernel, so the hourly loads are only
   stored when the caller asks for them.

Layout ("lanes"): the zones are grouped in blocks of :data:`LANES` zones and every per-zone
array is laid out ``(block, …, lane)``, so that each operation of an hour is one vector
instruction over the zones of a block (8 doubles = one AVX-512 register, two AVX2 ones). A zone
is a lane: its additions happen in the same order as in a zone-by-zone loop, and each zone's
result does not depend on the other zones of its block, on the block size or on the number of
threads. Blocks are independent, so a batch is split over threads by block ranges
(``nogil=True``); see ``methods/iso52016.md`` §7.

Only the order of some floating-point additions differs from the numpy loop, so both give the
same results to round-off; a test asserts it. Compilation is cached on disk (``cache=True``): the
first call in a fresh installation compiles (a few seconds), later processes load the machine
code.
"""

from __future__ import annotations

import numpy as np
from numba import njit



@njit(cache=True, nogil=True, inline="always")
def _free_step(yb, lamb, gb, cub, nm, ptr, idx, val, t, base):  # pragma: no cover - compiled
    """y ← λ ⊙ y + Σ_c u_t,c G_c and base = Σ_c u_t,c c_u,c over the non-zero columns of hour t."""
    nl = yb.shape[1]
    for m in range(nm):
        for lane in range(nl):
            yb[m, lane] *= lamb[m, lane]
    for lane in range(nl):
        base[lane] = 0.0
    for j in range(ptr[t], ptr[t + 1]):
        c = idx[j]
        uc = val[j]
        for m in range(nm):
            for lane in range(nl):
                yb[m, lane] += uc * gb[c, m, lane]
        for lane in range(nl):
            base[lane] += uc * cub[c, lane]


@njit(cache=True, nogil=True, inline="always")
def _loads(b, t, yb, nm, zone_in, sp_h, sp_c, base, z, phi, bad_hour):  # pragma: no cover
    """Φ_HC of hour t for the lanes of block b (eqs 27–28); a non-finite load (before the power
    cap, which could hide it) sets ``bad_hour`` of its lane to the earliest such hour."""
    _, _, _, cy, _, _, inv_s, off, pmax_h, pmax_c, sp_col = zone_in
    nl = yb.shape[1]
    for lane in range(nl):
        z[lane] = 0.0
    for m in range(nm):
        for lane in range(nl):
            z[lane] += yb[m, lane] * cy[b, m, lane]
    for lane in range(nl):
        col = sp_col[b, lane]
        a_h = sp_h[t, col] * inv_s[b, lane] + off[b, lane] - base[lane]
        a_c = sp_c[t, col] * inv_s[b, lane] - base[lane]
        p = min(max(z[lane], a_h), a_c) - z[lane]
        if not np.isfinite(p):
            bad_hour[b, lane] = min(bad_hour[b, lane], t)
        phi[lane] = min(max(p, -pmax_c[b, lane]), pmax_h[b, lane])


@njit(cache=True, nogil=True, inline="always")
def _accumulate(b, k, mo, phi, sums):  # pragma: no cover - compiled
    """Yearly reductions of Φ_HC of simulated hour k (month mo, −1 when unknown)."""
    heat, cool, peak_h, peak_c, n_heat, phisum, mon_h, mon_c = sums
    for lane in range(len(phi)):  # branch-free: heating and cooling parts of Φ
        p = phi[lane]
        p_h = max(p, 0.0)
        p_c = max(-p, 0.0)
        phisum[b, lane] += p
        heat[b, lane] += p_h
        cool[b, lane] += p_c
        n_heat[b, lane] += p > 0.0
        peak_h[b, lane] = max(peak_h[b, lane], p_h)
        peak_c[b, lane] = max(peak_c[b, lane], p_c)
    if mo >= 0:
        for lane in range(len(phi)):
            mon_h[b, mo, lane] += max(phi[lane], 0.0)
            mon_c[b, mo, lane] += max(-phi[lane], 0.0)


@njit(cache=True, nogil=True, inline="always")
def _store_hour(b, k, yb, nm, phi, hourly):  # pragma: no cover - compiled
    """Keep Φ_HC and the modal part of the air and operative temperatures of hour k."""
    zid, row_air, row_op, phi_out, temps = hourly
    nl = yb.shape[1]
    for lane in range(nl):
        i = zid[b, lane]
        if i >= 0:
            ta = 0.0
            to = 0.0
            for m in range(nm):
                ta += yb[m, lane] * row_air[b, m, lane]
                to += yb[m, lane] * row_op[b, m, lane]
            temps[0, k, i] = ta
            temps[1, k, i] = to
            phi_out[k, i] = phi[lane]


@njit(cache=True, nogil=True)
def run_blocks(  # noqa: PLR0913 - flat arrays are the kernel's interface
    b0, b1, t0, t1, warmup, zone_in, hours_in, state, sums, bad_hour, keep, hourly,
) -> None:  # pragma: no cover - compiled; equality with the numpy loop is tested
    """Advance blocks ``b0 … b1−1`` over the extended hours ``t0 … t1−1`` (arrays updated in place).

    Parameters
    ----------
    b0, b1 : int
        Range of blocks (a thread's share of the batch).
    t0, t1 : int
        Range of hours of the extended series (warm-up + simulated period).
    warmup : int
        Warm-up hours before the simulated period.
    zone_in : tuple of ndarray
        ``(n_modes (n_blocks,), λ, q, c_y/s (n_blocks, n_modes, LANES), G (n_blocks, n_columns,
        n_modes, LANES), c_u/s (n_blocks, n_columns, LANES), 1/s, offset/s, available heating
        and cooling power [W], set-point column (n_blocks, LANES))``.
    hours_in : tuple of ndarray
        ``(ptr, idx, val)``: the non-zero basis values of each extended hour in compressed
        rows; heating and cooling set-points (n_hours_ext, 1 or n_zones) [°C]; month of each
        simulated hour (0–11, −1 when unknown).
    state : tuple of ndarray
        ``(y, y_start, y_sum)`` (n_blocks, n_modes, LANES): modal state (updated), state at the
        end of the warm-up, sum of the states over the simulated hours.
    sums : tuple of ndarray
        ``(heating, cooling, peak heating, peak cooling, heating hours, Σ Φ)`` (n_blocks,
        LANES) and the monthly heating and cooling sums (n_blocks, 12, LANES). [Wh, W]
    bad_hour : ndarray (n_blocks, LANES) of int
        Initialised by the caller past the last hour; receives the first extended hour with a
        non-finite load.
    keep : bool
        Keep the hourly loads and temperatures in ``hourly``.
    hourly : tuple of ndarray
        ``(zone index (n_blocks, LANES), air and operative rows (n_blocks, n_modes, LANES),
        loads (n_hours, n_zones), temperatures (2, n_hours, n_zones))``.
    """
    nmodes, lam, q, _, g, cu, _, _, _, _, _ = zone_in
    ptr, idx, val, sp_h, sp_c, month = hours_in
    y, y_start, ysum = state
    nl = y.shape[2]
    base = np.empty(nl)
    z = np.empty(nl)
    phi = np.empty(nl)
    for b in range(b0, b1):
        nm = nmodes[b]
        yb, qb = y[b], q[b]
        for t in range(t0, t1):
            if t == warmup:
                y_start[b, :nm] = yb[:nm]
            _free_step(yb, lam[b], g[b], cu[b], nm, ptr, idx, val, t, base)
            _loads(b, t, yb, nm, zone_in, sp_h, sp_c, base, z, phi, bad_hour)
            for m in range(nm):
                for lane in range(nl):
                    yb[m, lane] += qb[m, lane] * phi[lane]
            if t >= warmup:
                k = t - warmup
                for m in range(nm):
                    for lane in range(nl):
                        ysum[b, m, lane] += yb[m, lane]
                _accumulate(b, k, month[k], phi, sums)
                if keep:
                    _store_hour(b, k, yb, nm, phi, hourly)
