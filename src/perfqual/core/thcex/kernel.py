"""Compiled hourly loop of the batched 5R1C model (numba).

The same arithmetic as the numpy reference loop of :class:`perfqual.core.thcex.rc5`
(``_UnlimitedStepper.march``, ``kernel="numpy"``) on the reduced state
s_t = θ_ctrl,0,t − Δθ of EN ISO 13790:2008 Annex C (needs, unrestricted power, C.4.2 steps 1–3):

1. controlled temperature ``θ_t = clip(s_t, θ_H,t, θ_C,t − Δθ)`` (exact (C.13) interpolation);
2. ``s_{t+1} = a_2·s_t + c·θ_t + Q_t`` (Q_t prepared by one matrix product per chunk);
3. ``φ_HC,t = (θ_t − s_t)/k``, summed into heating, cooling and heating hours (the
   hourly φ_HC is not stored: hourly series use the numpy loop).

The numpy loop makes five array calls per hour over the whole batch; here each zone costs a
few floating-point operations per hour. Two compiled variants: :func:`march_unlimited` (one
thread, the default: measured the most robust on a shared 2-core machine) and
:func:`march_unlimited_parallel` (contiguous blocks of zones on numba's threads, ``prange``).
The order of the floating-point operations per zone is the numpy loop's, so both give the
same results to round-off (tested). Compilation is cached on disk (``cache=True``): the first
call in a fresh installation compiles (~1–3 s).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


def _march_unlimited(  # noqa: PLR0913 - flat arrays are the kernel's interface
    s: np.ndarray, q: np.ndarray, lo: np.ndarray, hi: np.ndarray, offset: np.ndarray,
    a2: np.ndarray, cc: np.ndarray, k: np.ndarray, stats: np.ndarray,
) -> None:  # pragma: no cover - compiled; equality with the numpy loop is tested
    """Advance every zone over the hours of one chunk (``s`` and ``stats`` in place).

    Parameters
    ----------
    s : ndarray (n,)
        Reduced state at the start of the chunk; receives the state after the last hour. [°C]
    q : ndarray (h, n)
        Forcing Q_t of each hour. [°C]
    lo : ndarray (h,)
        Heating set-point of each hour. [°C]
    hi : ndarray (h,)
        Cooling set-point of each hour. [°C]
    offset : ndarray (n,)
        Heating set-point offset Δθ of each zone (the upper bound is θ_C,t − Δθ). [K]
    a2, cc, k : ndarray (n,)
        State decay a_2, coupling α·c_2 and sensitivity k = dθ_ctrl/dφ_HC.
    stats : ndarray (4, n)
        Adds Σ heating [Wh], Σ cooling [Wh], heating hours and Σ s_t over the chunk.
    """
    h, n = q.shape
    n_blocks = min(n, 64)
    for blk in prange(n_blocks):
        j0 = blk * n // n_blocks
        j1 = (blk + 1) * n // n_blocks
        for t in range(h):
            lo_t = lo[t]
            hi_t = hi[t]
            for j in range(j0, j1):
                st = s[j]
                x = st
                if x < lo_t:
                    x = lo_t
                up = hi_t - offset[j]
                if x > up:
                    x = up
                s[j] = a2[j] * st + cc[j] * x + q[t, j]
                p = (x - st) / k[j]  # φ_HC, heating > 0 [W]
                stats[3, j] += st
                if p > 0.0:
                    stats[0, j] += p
                    stats[2, j] += 1.0
                elif p < 0.0:
                    stats[1, j] -= p


march_unlimited = njit(cache=True, nogil=True)(_march_unlimited)
march_unlimited_parallel = njit(cache=True, nogil=True, parallel=True)(_march_unlimited)
