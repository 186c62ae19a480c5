"""Benchmark of the Th-C-E-ex-style 5R1C engine on a batch of dwellings (asv-style class).

Run once by hand with ``python benchmarks/bench_thcex.py`` (prints dwelling-years per second);
target: at least 10,000 dwelling-years per second on 2 cores (issue 4).
"""

from __future__ import annotations

import os
import time

# One BLAS thread: the block preparation is a thin matrix product, and BLAS threads spinning on a
# shared 2-core machine slow the hourly loop down (measured, see methods/thcex.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from perfqual.core.schedules import (  # noqa: E402
    HOURS_PER_YEAR,
    heating_setpoint_schedule_c,
)
from perfqual.core.thcex import rc5  # noqa: E402


def _synthetic_batch(n: int, seed: int = 0):
    """A batch of n plausible dwellings and a smooth synthetic year (no external data)."""
    rng = np.random.default_rng(seed)
    hours = np.arange(HOURS_PER_YEAR)
    theta_e = 10.5 - 7.5 * np.cos(2 * np.pi * (hours / 24 - 20) / 365) - 3 * np.cos(
        2 * np.pi * (hours % 24 - 3) / 24)
    sun = np.clip(np.sin(np.pi * ((hours % 24) - 6) / 12), 0, None)
    season = 0.6 - 0.4 * np.cos(2 * np.pi * (hours / 24 - 172) / 365)
    basis = np.column_stack([np.ones(HOURS_PER_YEAR)] + [
        250 * sun * season * f for f in (0.4, 0.7, 1.0, 0.7)])  # gains schedule + 4 façades
    area = rng.uniform(50, 110, n)
    building = rc5.rc5_building(
        area, rng.uniform(20, 90, n), rng.uniform(10, 60, n),
        rng.uniform(30, 250, n), 2.5, rng.choice([110e3, 165e3, 260e3], n),
    )
    int_coef = np.zeros((5, n))
    int_coef[0] = 4.0 * area
    sol_coef = np.zeros((5, n))
    sol_coef[1:] = rng.uniform(0, 3, (4, n))
    sp_h = heating_setpoint_schedule_c(19, 16, 22, 6, 7, ((32, 38), (205, 218)))
    sp_c = np.full(HOURS_PER_YEAR, 28.0)
    return building, theta_e, basis, int_coef, sol_coef, sp_h, sp_c


class TimeThcexBatch:
    """5R1C over one conventional year for 10,000 dwellings."""

    n = 10_000

    def setup(self):
        self.args = _synthetic_batch(self.n)

    def time_batch_year(self):
        rc5.simulate_rc5_batch(*self.args)


def main() -> None:
    bench = TimeThcexBatch()
    bench.setup()
    t = time.perf_counter()
    result = rc5.simulate_rc5_batch(*bench.args)
    dt = time.perf_counter() - t
    print(f"{bench.n} logements-années en {dt:.2f} s : {bench.n / dt:,.0f} logements-années/s")
    print(f"résidu de bilan max : {np.abs(result.residual_wh).max():.2e} Wh")


if __name__ == "__main__":
    main()
