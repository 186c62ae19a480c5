"""Benchmark of the Th-C-E-ex-style 5R1C engine on a batch of dwellings (asv-style class).

Run once by hand with ``python benchmarks/bench_thcex.py`` (prints dwelling-years per second for
the compiled kernel and the numpy reference loop, in the same run, and their ratio); target: at
least 10,000 dwelling-years per second on 2 cores (issue 4).
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
    """5R1C over one conventional year for 10,000 dwellings (compiled kernel, the default)."""

    n = 10_000
    kernel = "compiled"

    def setup(self):
        self.args = _synthetic_batch(self.n)
        rc5.simulate_rc5_batch(*_synthetic_batch(10), kernel=self.kernel)  # compile / load

    def time_batch_year(self):
        rc5.simulate_rc5_batch(*self.args, kernel=self.kernel)


class TimeThcexBatchNumpy(TimeThcexBatch):
    """The same batch with the numpy reference loop."""

    kernel = "numpy"


def _measure(args, kernel: str, repeats: int, n_threads: int = 1) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = rc5.simulate_rc5_batch(*args, kernel=kernel, n_threads=n_threads)
        times.append(time.perf_counter() - t)
    return times, result


def main(repeats: int = 5) -> None:
    bench = TimeThcexBatch()
    bench.setup()
    print(f"{bench.n} logements-années, {repeats} mesures, machine : {os.cpu_count()} cœurs")
    rates = {}
    results = {}
    rc5.simulate_rc5_batch(*_synthetic_batch(2000), n_threads=2)  # compile the parallel kernel
    for kernel, n_threads, label in (("compiled", 1, "compiled"), ("compiled", 2, "compiled2"),
                                     ("numpy", 1, "numpy")):
        times, results[label] = _measure(bench.args, kernel, repeats, n_threads)
        rates[label] = [bench.n / t for t in times]
        threads = f"{n_threads} fil{'s' if n_threads > 1 else ''}"
        print(f"  {label:9s} ({threads}): min {min(rates[label]):>8,.0f}  médiane "
              f"{float(np.median(rates[label])):>8,.0f}  max {max(rates[label]):>8,.0f} "
              "logements-années/s")
    ratio = float(np.median(rates["compiled"]) / np.median(rates["numpy"]))
    print(f"  rapport compilé / numpy (médianes, même exécution) : {ratio:.1f}")
    ratio2 = float(np.median(rates["compiled2"]) / np.median(rates["compiled"]))
    print(f"  rapport compilé 2 fils / 1 fil : {ratio2:.2f}")
    diff = np.abs(results["compiled"].heating_need_wh - results["numpy"].heating_need_wh)
    print(f"  écart max des besoins compilé − numpy : {diff.max():.2e} Wh "
          f"(relatif {float((diff / results['numpy'].heating_need_wh).max()):.1e})")
    print(f"  résidu de bilan max : {np.abs(results['compiled'].residual_wh).max():.2e} Wh")


if __name__ == "__main__":
    main()
