"""Compiled hourly kernel of the EN ISO 52016-1:2017 batch loop (numba).

The same arithmetic as the numpy reference loop of :mod:`perfqual.core.iso52016.simulate`
(``kernel="numpy"``), hour by hour for each zone of a chunk, on the modal state of
:mod:`perfqual.core.iso52016.reduce`:

1. free-floating step ``y ← λ ⊙ y + g_t`` with the basis forcing of the hour
   g_t = Σ_c u_t,c·G_c (G = λ ⊙ Vᵀ P′ per basis column), computed in the kernel: no forcing array
   and no multi-threaded BLAS call per chunk (whose thread wake-ups dominated a single dwelling
   on a loaded machine);
2. controlled temperature of the free-floating state, scaled by 1/s: ``z = c_y · y``;
3. load of §6.5.5.2 eq. (27) with s = dθ/dΦ constant: ``Φ = clip(z, a_H, a_C) − z`` (zero in the
   dead band), capped by the available power (eq. 28) when finite;
4. ``y ← y + q Φ`` (q = λ ⊙ Vᵀ e′, the response to Φ_HC within the hour).

Only the order of the floating-point additions differs from the numpy loop (a sequential sum
instead of ``einsum``), so both give the same results to round-off; a test asserts it. The zone
loop is outermost: a zone's modal state stays in cache for the whole chunk, which is what
removes the fixed cost of ~10 numpy calls per hour (see ``methods/iso52016.md`` §7).

Compilation is cached on disk (``cache=True``): the first call in a fresh installation compiles
(~1–3 s), later processes load the machine code.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def run_chunk(  # noqa: PLR0913 - flat arrays are the kernel's interface
    y: np.ndarray, lam: np.ndarray, q: np.ndarray, cy: np.ndarray, u: np.ndarray,
    forcing: np.ndarray,
    a_h: np.ndarray, a_c: np.ndarray, pmax_h: np.ndarray, pmax_c: np.ndarray, capped: bool,
    t0: int, warmup: int, y_start: np.ndarray, ysum: np.ndarray, phi_out: np.ndarray,
    row_air: np.ndarray, row_op: np.ndarray, temps: np.ndarray, keep: bool,
) -> None:  # pragma: no cover - compiled; equality with the numpy loop is tested
    """Advance every zone over the hours of one chunk (arrays are updated in place).

    Parameters
    ----------
    y : ndarray (n_zones, n_modes)
        Modal state at the end of the previous hour (updated).
    lam, q, cy : ndarray (n_zones, n_modes)
        Decay factors λ, response to Φ_HC, control row divided by s = dθ/dΦ.
    u : ndarray (n_hours_chunk, n_columns)
        Basis series of the hours of the chunk (the columns used in the chunk).
    forcing : ndarray (n_columns, n_zones, n_modes)
        Modal forcing G of each of those basis columns.
    a_h, a_c : ndarray (n_hours_chunk, n_zones)
        Heating and cooling set-points minus the basis part of the controlled temperature,
        divided by s.
    pmax_h, pmax_c : ndarray (n_zones,)
        Available heating and cooling power (eq. 28), used when ``capped``. [W]
    capped : bool
        At least one finite available power.
    t0 : int
        Index of the first hour of the chunk in the extended series (warm-up + year).
    warmup : int
        Warm-up hours before the simulated year.
    y_start : ndarray (n_zones, n_modes)
        Receives the state at the start of the simulated year (end of the warm-up).
    ysum : ndarray (n_zones, n_modes)
        Sum of the states over the simulated hours (updated).
    phi_out : ndarray (n_hours_chunk, n_zones)
        Receives Φ_HC of every hour (heating > 0). [W]
    row_air, row_op : ndarray (n_zones, n_modes)
        Modal rows of the air and operative temperatures (used when ``keep``).
    temps : ndarray (2, n_hours_year, n_zones)
        Receives the modal part of the air and operative temperatures (when ``keep``).
    keep : bool
        Keep the hourly temperatures.
    """
    n_hours, n_cols = u.shape
    n_zones, n_modes = y.shape
    for i in range(n_zones):
        for k in range(n_hours):
            t = t0 + k
            if t == warmup:
                for m in range(n_modes):
                    y_start[i, m] = y[i, m]
            for m in range(n_modes):
                y[i, m] *= lam[i, m]
            for c in range(n_cols):
                uc = u[k, c]
                if uc != 0.0:
                    for m in range(n_modes):
                        y[i, m] += uc * forcing[c, i, m]
            z = 0.0
            for m in range(n_modes):
                z += y[i, m] * cy[i, m]
            phi = min(max(z, a_h[k, i]), a_c[k, i]) - z
            if capped:
                phi = min(max(phi, -pmax_c[i]), pmax_h[i])
            phi_out[k, i] = phi
            if t >= warmup:
                ta = 0.0
                to = 0.0
                for m in range(n_modes):
                    v = y[i, m] + q[i, m] * phi
                    y[i, m] = v
                    ysum[i, m] += v
                    ta += v * row_air[i, m]
                    to += v * row_op[i, m]
                if keep:
                    temps[0, t - warmup, i] = ta
                    temps[1, t - warmup, i] = to
            else:
                for m in range(n_modes):
                    y[i, m] += q[i, m] * phi
