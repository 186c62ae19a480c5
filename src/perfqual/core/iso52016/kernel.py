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

Layout ("lanes"): the zones are grouped in blocks of up to ``MAX_LANES`` zones
(:mod:`perfqual.core.iso52016.simulate`) and every per-zone array is laid out per block as
(mode, lane) with the lane (zone) fastest, so that each operation of an hour is a loop over the
zones of the block, which the compiler vectorises. A zone is a lane: its additions happen in the
same order as in a zone-by-zone loop, and its result does not depend on the other zones of its
block, on the block size or on the number of threads. Blocks are independent, so a batch is
split over threads by block ranges (``nogil=True``); one zone is one lane, looped over its modes.
See ``methods/iso52016.md`` §7.

Only the order of some floating-point additions differs from the numpy loop, so both give the
same results to round-off; a test asserts it. Compilation is cached on disk (``cache=True``): the
first call in a fresh installation compiles (a few seconds), later processes load the machine
code.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def sparse_rows(u):  # pragma: no cover - compiled; used by every kernel test
    """Non-zero values of each hour (row) of the basis ``u`` (n_hours, n_columns) in compressed
    rows: ``ptr`` (n_hours + 1), ``idx`` (columns, ascending within an hour), ``val``."""
    n_h, n_c = u.shape
    ptr = np.zeros(n_h + 1, dtype=np.int64)
    for t in range(n_h):
        k = 0
        for c in range(n_c):
            if u[t, c] != 0.0:
                k += 1
        ptr[t + 1] = ptr[t] + k
    idx = np.empty(ptr[n_h], dtype=np.int64)
    val = np.empty(ptr[n_h])
    j = 0
    for t in range(n_h):
        for c in range(n_c):
            if u[t, c] != 0.0:
                idx[j] = c
                val[j] = u[t, c]
                j += 1
    return ptr, idx, val


@njit(cache=True, nogil=True, inline="always")
def _free_step(yb, lamb, gb, cub, nl, nf, ptr, idx, val, t, base):  # pragma: no cover
    """y ← λ ⊙ y + Σ_c u_t,c G_c and base = Σ_c u_t,c c_u,c over the non-zero columns of hour t
    (element-wise over the ``nf`` = modes × lanes values of the block)."""
    for f in range(nf):
        yb[f] *= lamb[f]
    for lane in range(nl):
        base[lane] = 0.0
    for j in range(ptr[t], ptr[t + 1]):
        c = idx[j]
        uc = val[j]
        gc = gb[c]
        for f in range(nf):
            yb[f] += uc * gc[f]
        cc = cub[c]
        for lane in range(nl):
            base[lane] += uc * cc[lane]


@njit(cache=True, nogil=True, inline="always")
def _dot_modes(yb, row, nl, nm, out):  # pragma: no cover - compiled
    """out[lane] = Σ_m y[m, lane]·row[m, lane], summed over the modes in ascending order."""
    if nl == 1:  # one zone: a plain loop over its modes
        acc = 0.0
        for m in range(nm):
            acc += yb[m] * row[m]
        out[0] = acc
        return
    for lane in range(nl):
        out[lane] = 0.0
    for m in range(nm):
        o = m * nl
        for lane in range(nl):
            out[lane] += yb[o + lane] * row[o + lane]


@njit(cache=True, nogil=True, inline="always")
def _loads(b, t, z, base, zone_in, sp_h, sp_c, phi, bad_hour):  # pragma: no cover
    """Φ_HC of hour t for the lanes of block b (eqs 27–28) from z = c_y·y/s; a non-finite load
    (before the power cap, which could hide it) sets ``bad_hour`` of its lane to the earliest
    such hour."""
    _, _, _, _, _, _, inv_s, off, pmax_h, pmax_c, col_h, col_c = zone_in
    for lane in range(len(phi)):
        a_h = sp_h[t, col_h[b, lane]] * inv_s[b, lane] + off[b, lane] - base[lane]
        a_c = sp_c[t, col_c[b, lane]] * inv_s[b, lane] - base[lane]
        p = min(max(z[lane], a_h), a_c) - z[lane]
        if not np.isfinite(p):
            bad_hour[b, lane] = min(bad_hour[b, lane], t)
        phi[lane] = min(max(p, -pmax_c[b, lane]), pmax_h[b, lane])


@njit(cache=True, nogil=True, inline="always")
def _apply_load(yb, qb, phi, nl, nm):  # pragma: no cover - compiled
    """y ← y + q Φ (the response to Φ_HC within the hour)."""
    if nl == 1:
        p = phi[0]
        for m in range(nm):
            yb[m] += qb[m] * p
        return
    for m in range(nm):
        o = m * nl
        for lane in range(nl):
            yb[o + lane] += qb[o + lane] * phi[lane]


@njit(cache=True, nogil=True, inline="always")
def _accumulate(b, mo, phi, sums):  # pragma: no cover - compiled
    """Yearly reductions of Φ_HC of one simulated hour (month mo, −1 when unknown)."""
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
def _store_hour(b, k, yb, nl, nm, phi, hourly, ta, to):  # pragma: no cover - compiled
    """Keep Φ_HC and the modal part of the air and operative temperatures of hour k."""
    zid, row_air, row_op, phi_out, temps = hourly
    _dot_modes(yb, row_air[b], nl, nm, ta)
    _dot_modes(yb, row_op[b], nl, nm, to)
    for lane in range(nl):
        i = zid[b, lane]
        if i >= 0:
            temps[0, k, i] = ta[lane]
            temps[1, k, i] = to[lane]
            phi_out[k, i] = phi[lane]


@njit(cache=True, nogil=True)
def run_blocks(  # noqa: PLR0913 - flat arrays are the kernel's interface
    b0, b1, t0, t1, warmup, zone_in, hours_in, state, sums, bad_hour, keep, hourly,
) -> None:  # pragma: no cover - compiled; equality with the numpy loop is tested
    """Advance blocks ``b0 … b1−1`` over the extended hours ``t0 … t1−1`` (arrays updated in place).

    Per-zone arrays are laid out per block with the lane (zone) index fastest: a (mode, lane)
    value is at ``m·n_lanes + lane`` of its block's row ("flat" below, length n_modes·n_lanes).

    Parameters
    ----------
    b0, b1 : int
        Range of blocks (a thread's share of the batch).
    t0, t1 : int
        Range of hours of the extended series (warm-up + simulated period).
    warmup : int
        Warm-up hours before the simulated period.
    zone_in : tuple of ndarray
        ``(n_modes (n_blocks,), λ, q, c_y/s (n_blocks, flat), G (n_blocks, n_columns, flat),
        c_u/s (n_blocks, n_columns, n_lanes), 1/s, offset/s, available heating and cooling
        power [W], column of each lane in the heating and in the cooling set-points (n_blocks,
        n_lanes))``.
    hours_in : tuple of ndarray
        ``(ptr, idx, val)``: the non-zero basis values of each extended hour in compressed
        rows; heating and cooling set-points (n_hours_ext, 1 or n_zones) [°C]; month of each
        simulated hour (0–11, −1 when unknown).
    state : tuple of ndarray
        ``(y, y_start, y_sum)`` (n_blocks, flat): modal state (updated), state at the end of
        the warm-up, sum of the states over the simulated hours.
    sums : tuple of ndarray
        ``(heating, cooling, peak heating, peak cooling, heating hours, Σ Φ)`` (n_blocks,
        n_lanes) and the monthly heating and cooling sums (n_blocks, 12, n_lanes). [Wh, W]
    bad_hour : ndarray (n_blocks, n_lanes) of int
        Initialised by the caller past the last hour; receives the first extended hour with a
        non-finite load.
    keep : bool
        Keep the hourly loads and temperatures in ``hourly``.
    hourly : tuple of ndarray
        ``(zone index (n_blocks, n_lanes), air and operative rows (n_blocks, flat), loads
        (n_hours, n_zones), temperatures (2, n_hours, n_zones))``.
    """
    nmodes, lam, q, cy, g, cu, _, _, _, _, _, _ = zone_in
    ptr, idx, val, sp_h, sp_c, month = hours_in
    y, y_start, ysum = state
    nl = bad_hour.shape[1]
    base, z, phi = np.empty(nl), np.empty(nl), np.empty(nl)
    ta, to = np.empty(nl), np.empty(nl)
    for b in range(b0, b1):
        nm = nmodes[b]
        nf = nm * nl
        yb, qb, sb = y[b], q[b], ysum[b]
        for t in range(t0, t1):
            if t == warmup:
                y_start[b, :nf] = yb[:nf]
            _free_step(yb, lam[b], g[b], cu[b], nl, nf, ptr, idx, val, t, base)
            _dot_modes(yb, cy[b], nl, nm, z)
            _loads(b, t, z, base, zone_in, sp_h, sp_c, phi, bad_hour)
            _apply_load(yb, qb, phi, nl, nm)
            if t >= warmup:
                for f in range(nf):
                    sb[f] += yb[f]
                _accumulate(b, month[t - warmup], phi, sums)
                if keep:
                    _store_hour(b, t - warmup, yb, nl, nm, phi, hourly, ta, to)
