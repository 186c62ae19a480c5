"""Benchmarks of the EN ISO 52016-1 engine (asv-style classes + a script for the figures).

``python benchmarks/bench_iso52016.py`` prints, in one run and on the same building (the
demo typology « coron » before works, synthetic H1a year):

* one dwelling-year: set-up (network + reduction) and hourly loop apart, with the compiled
  (numba) kernel — JIT compilation/loading excluded by a first call — and with the numpy
  reference loop;
* a batch of 1,000 dwelling-years (variants of the 12 demo buildings), dwelling-years per second
  and peak memory (tracemalloc);
* EnergyPlus (IDF from the exporter) on the same building, iso52016 and pybuildingenergy on the
  common BESTEST box of ``validation/peers.py``, when available (``/tmp/venvval`` or
  ``PERFQUAL_EPLUS_PYTHON``).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np

from perfqual.api import Iso52016Options, simulate_needs_iso52016, zone_spec_from_building
from perfqual.core.iso52016 import assemble_network, prepare_zones, simulate_zones

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "datasets" / "demo" / "cite_des_fleurs" / "operation.yaml"


def demo_buildings():
    from perfqual.climate.synthetic import zone_climate
    from perfqual.io.operation import load_operation
    from perfqual.models.resolve import resolve_operation

    op = load_operation(DEMO)
    return resolve_operation(op), zone_climate(op.identity.climate_zone, op.identity.altitude_m)


def variants(buildings, n):
    """n distinct dwellings: the demo buildings with scaled wall U and Q4Pa-surf."""
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        b = buildings[i % len(buildings)]
        f = rng.uniform(0.7, 1.3)
        out.append(replace(b, dwelling_id=f"v{i}", opaque=tuple(
            replace(e, u_value_w_per_m2k=e.u_value_w_per_m2k * f, layers=None)
            for e in b.opaque)))
    return out


class TimeIso52016:
    """asv-style: one dwelling-year and a 1,000 batch."""

    def setup(self):
        self.buildings, self.climate = demo_buildings()
        self.batch = variants(self.buildings, 1000)

    def time_one_dwelling_year(self):
        simulate_needs_iso52016(self.buildings[:1], self.climate)

    def time_batch_1000(self):
        simulate_needs_iso52016(self.batch, self.climate)


def _core_parts(buildings, climate, kernel="compiled"):
    """Set-up and loop of the core for a list of buildings (same inputs as the API)."""
    from perfqual.api import _basis, _schedules
    from perfqual.climate.model import monthly_means
    from perfqual.models.conventions import ISO52016_CONVENTIONS

    conv = ISO52016_CONVENTIONS

    opt = Iso52016Options()
    sp_h, sp_c, shape = _schedules(conv, opt, 8760)
    t0 = time.perf_counter()
    specs = [zone_spec_from_building(b, conv, opt, monthly_means(sp_h),
                                     climate.monthly_mean_temp_c()).spec for b in buildings]
    cols, basis = _basis(climate, specs, sp_h, shape, opt.solar_model)
    t1 = time.perf_counter()
    zones = prepare_zones([assemble_network(s, cols) for s in specs], [s.name for s in specs])
    t2 = time.perf_counter()
    simulate_zones(zones, basis, sp_h, sp_c, kernel=kernel)
    t3 = time.perf_counter()
    loop = _best(lambda: simulate_zones(zones, basis, sp_h, sp_c, kernel=kernel), repeat=5)
    return {"inputs_and_irradiance_s": t1 - t0, "network_and_reduction_s": t2 - t1,
            "hourly_loop_first_call_s": t3 - t2, "hourly_loop_best_of_5_s": loop,
            "n_modes_max": max(len(z.decay) for z in zones)}


def _best(f, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def peers(building, climate) -> dict:
    out = {}
    sys.path.insert(0, str(REPO / "benchmarks" / "validation"))
    import ashrae140 as a

    binary = a.energyplus_binary()
    from perfqual.io.energyplus import building_to_idf

    if binary:
        epw = REPO.parent / "shared" / "weather" / "725650TYCST.epw"
        if epw.exists():  # the weather only changes the numbers, not the cost
            idf = building_to_idf(building, monthly_external_temp_c=climate.monthly_mean_temp_c())
            out["energyplus_s"] = min(a.run_energyplus(idf, epw, binary)["seconds"]
                                      for _ in range(2))
    py = "/tmp/venvval/bin/python"
    if Path(py).exists() and (REPO.parent / "shared").exists():
        res = subprocess.run([py, str(REPO / "benchmarks" / "validation" / "peers.py")],
                             capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src")})
        try:
            data = json.loads(res.stdout[res.stdout.index("{"):])
            for case, row in data.items():  # BESTEST 600 and 900 boxes
                out[f"iso52016_box{case}_s"] = row["iso52016"]["seconds"]
                out[f"pybuildingenergy_box{case}_s"] = row["pybuildingenergy"]["seconds"]
                out[f"perfqual_numpy_loop_box{case}_s"] = row["perfqual"]["seconds"]
        except (ValueError, KeyError, TypeError):
            out["iso52016"] = "non mesuré : " + res.stderr[-300:]
    return out


def main() -> int:
    buildings, climate = demo_buildings()
    one = buildings[:1]
    t0 = time.perf_counter()
    simulate_needs_iso52016(one, climate)  # warm caches (irradiance, imports, JIT load)
    figures = {"first_call_incl_jit_load_s": time.perf_counter() - t0,
               "one_dwelling_api_s": _best(lambda: simulate_needs_iso52016(one, climate)),
               "one_dwelling_core": _core_parts(one, climate),
               "one_dwelling_core_numpy_loop": _core_parts(one, climate, kernel="numpy")}
    numpy_opt = Iso52016Options(kernel="numpy")
    figures["one_dwelling_api_numpy_loop_s"] = _best(
        lambda: simulate_needs_iso52016(one, climate, options=numpy_opt))
    batch = variants(buildings, 1000)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dt = _best(lambda: simulate_needs_iso52016(batch, climate), repeat=2)
    figures["batch_1000_api_s"] = dt
    figures["batch_1000_dwelling_years_per_s"] = 1000 / dt
    figures["process_peak_rss_mb_before_batch"] = rss0
    figures["process_peak_rss_mb_after_batch"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    dt2 = _best(lambda: simulate_needs_iso52016(batch, climate, n_jobs=2), repeat=2)
    figures["batch_1000_api_2_processes_s"] = dt2
    figures["batch_1000_2_processes_dwelling_years_per_s"] = 1000 / dt2
    tracemalloc.start()  # numpy allocations of one batch (slow: not timed)
    simulate_needs_iso52016(batch, climate)
    figures["batch_1000_peak_traced_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    figures["batch_1000_core"] = _core_parts(batch, climate)
    figures["peers_same_building"] = peers(buildings[0], climate)
    figures["cpu_count"] = os.cpu_count()
    figures["load_average_1min"] = os.getloadavg()[0]
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
