"""Benchmark: 10⁵ blower-door power-law fits (asv-style class; runnable as a script).

``python benchmarks/bench_airtightness.py`` prints the time of one batch of 10⁵ fits of 7
stations (vectorised :func:`perfqual.core.airtightness.fit_power_law`) and of 10³ single fits.
"""

from __future__ import annotations

import time

import numpy as np

from perfqual.core.airtightness import fit_power_law


class TimeBlowerDoorFits:
    """10⁵ fits in one vectorised call, and single fits in a loop."""

    n_tests = 100_000

    def setup(self):
        rng = np.random.default_rng(0)
        self.dp = np.tile(np.linspace(10.0, 70.0, 7), (self.n_tests, 1))
        c = rng.uniform(10.0, 200.0, (self.n_tests, 1))
        n = rng.uniform(0.55, 0.75, (self.n_tests, 1))
        self.q = c * self.dp**n * np.exp(rng.normal(0.0, 0.02, self.dp.shape))

    def time_batch_fit_1e5(self):
        fit_power_law(self.dp, self.q)

    def time_single_fits_1e3(self):
        for k in range(1000):
            fit_power_law(self.dp[k], self.q[k])


if __name__ == "__main__":
    bench = TimeBlowerDoorFits()
    bench.setup()
    for name in ("time_batch_fit_1e5", "time_single_fits_1e3"):
        t0 = time.perf_counter()
        getattr(bench, name)()
        print(f"{name}: {time.perf_counter() - t0:.3f} s")
