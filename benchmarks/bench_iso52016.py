"""Benchmarks of the EN ISO 52016-1 engine (asv-style classes + a script for the figures).

``python benchmarks/bench_iso52016.py`` prints, in one run and on the same building (the
demo typology « coron » before works, synthetic H1a year), as JSON:

* one dwelling-year: the API call, and the core apart (inputs and irradiance, network and
  reduction, hourly loop) with the compiled (numba) kernel — JIT compilation/loading excluded by
  a first call — and with the numpy reference loop;
* a batch of 1,000 dwelling-years (variants of the 12 demo buildings): the API with 1 and 2
  threads (``n_jobs``), dwelling-years per second, and where the time goes stage by stage
  (inputs, irradiance, networks, reduction, loop layout, compiled loop, post-processing);
* the peak resident memory of a process that runs the 1,000 batch (a fresh subprocess, so the
  figure is that batch's, not this script's);
* EnergyPlus (IDF from the exporter) on the same building, iso52016 and pybuildingenergy on the
  common BESTEST boxes of ``validation/peers.py``, when available (``/tmp/venvval`` or
  ``PERFQUAL_EPLUS_PYTHON``; the peers run in that interpreter, which has no numba), and the
  ratios to perfqual.

The machine may be shared: every timing is repeated and reported as minimum and median, with the
load average before and after (``methods/iso52016.md`` §7).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from perfqual.api import Iso52016Options, simulate_needs_iso52016, zone_spec_from_building
from perfqual.core.iso52016 import assemble_network, plan_zones, prepare_zones

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "datasets" / "demo" / "cite_des_fleurs" / "operation.yaml"
N_BATCH = 1000


def demo_buildings():
    from perfqual.climate.synthetic import zone_climate
    from perfqual.io.operation import load_operation
    from perfqual.models.resolve import resolve_operation

    op = load_operation(DEMO)
    return resolve_operation(op), zone_climate(op.identity.climate_zone, op.identity.altitude_m)


def variants(buildings, n):
    """n distinct dwellings: the demo buildings with scaled opaque U-values (no layers)."""
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
    """asv-style: one dwelling-year and a 1,000 batch (1 and 2 threads)."""

    def setup(self):
        self.buildings, self.climate = demo_buildings()
        self.batch = variants(self.buildings, N_BATCH)

    def time_one_dwelling_year(self):
        simulate_needs_iso52016(self.buildings[:1], self.climate)

    def time_batch_1000(self):
        simulate_needs_iso52016(self.batch, self.climate)

    def time_batch_1000_two_threads(self):
        simulate_needs_iso52016(self.batch, self.climate, n_jobs=2)


def _stats(times) -> dict:
    return {"min_s": float(np.min(times)), "median_s": float(np.median(times)),
            "n": len(times)}


def _repeat(f, repeat) -> dict:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return _stats(times)


def _stages(buildings, climate, kernel="compiled", repeat=5) -> dict:
    """Time of each stage of the API for a list of buildings (same calls as the API, one
    thread), min and median over ``repeat`` runs."""
    from perfqual.api import _basis, _schedules
    from perfqual.climate.model import monthly_means
    from perfqual.models.conventions import ISO52016_CONVENTIONS

    conv, opt = ISO52016_CONVENTIONS, Iso52016Options(kernel=kernel)
    names = ("inputs", "irradiance_basis", "networks", "reduction", "loop_layout",
             "hourly_loop", "post_processing")
    times = {k: [] for k in names}
    for _ in range(repeat):
        t = [time.perf_counter()]
        sp_h, sp_c, shape = _schedules(conv, opt, climate.n_hours)
        ti, te = monthly_means(sp_h), climate.monthly_mean_temp_c()
        prepared = [zone_spec_from_building(b, conv, opt, ti, te) for b in buildings]
        t.append(time.perf_counter())
        cols, basis = _basis(climate, [p.spec for p in prepared], sp_h, shape, opt.solar_model)
        t.append(time.perf_counter())
        nets = [assemble_network(p.spec, cols) for p in prepared]
        t.append(time.perf_counter())
        zones = prepare_zones(nets, [p.spec.name for p in prepared])
        t.append(time.perf_counter())
        run = plan_zones(zones, basis, sp_h, sp_c, kernel=kernel, heating_offset_k=np.array(
            [p.setpoint_offset_k for p in prepared]))
        t.append(time.perf_counter())
        run.execute()
        t.append(time.perf_counter())
        run.results()
        t.append(time.perf_counter())
        for k, a, b in zip(names, t[:-1], t[1:], strict=True):
            times[k].append(b - a)
    out = {k: _stats(v) for k, v in times.items()}
    out["n_modes_max"] = max(len(z.decay) for z in zones)
    return out


def peak_rss_of_batch(n_jobs: int = 1, keep_hourly: bool = False) -> dict:
    """Peak resident memory (VmHWM: ``ru_maxrss`` would carry the parent's over the fork) of a
    fresh process before and after it runs the 1,000 batch once, and the peak of the batch's
    own allocations (tracemalloc, which numpy reports to). [MB]"""
    here = str(Path(__file__).parent)
    code = "\n".join((
        f"import sys, tracemalloc; sys.path.insert(0, {here!r}); import bench_iso52016 as b",
        "from perfqual.api import simulate_needs_iso52016 as s",
        "def hwm():",
        "    for line in open('/proc/self/status'):",
        "        if line.startswith('VmHWM'): return float(line.split()[1]) / 1024",
        f"bs, c = b.demo_buildings(); batch = b.variants(bs, {N_BATCH}); s(bs[:1], c); r0 = hwm()",
        f"tracemalloc.start(); s(batch, c, n_jobs={n_jobs}, keep_hourly={keep_hourly!r})",
        "print(r0, hwm(), tracemalloc.get_traced_memory()[1] / 1e6)",
    ))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return {"peak_rss_before_batch_mb": float(out[0]), "peak_rss_after_batch_mb": float(out[1]),
            "batch_traced_allocations_peak_mb": float(out[2])}


def peers(building, climate) -> dict:
    """EnergyPlus on the same building; iso52016 and pybuildingenergy on the BESTEST boxes."""
    out = {}
    sys.path.insert(0, str(REPO / "benchmarks" / "validation"))
    import ashrae140 as a

    binary = a.energyplus_binary()
    from perfqual.io.energyplus import building_to_idf

    if binary:
        epw = REPO.parent / "shared" / "weather" / "725650TYCST.epw"
        if epw.exists():  # the weather only changes the numbers, not the cost
            idf = building_to_idf(building, monthly_external_temp_c=climate.monthly_mean_temp_c())
            runs = [a.run_energyplus(idf, epw, binary)["seconds"] for _ in range(3)]
            out["energyplus_same_building"] = _stats(runs)
    py = os.environ.get("PERFQUAL_EPLUS_PYTHON", "/tmp/venvval/bin/python")
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


def _ratios(one_s: float, peer: dict) -> dict:
    """How many times slower than one perfqual dwelling-year (API) each peer is."""
    out = {}
    if "energyplus_same_building" in peer:
        out["energyplus"] = peer["energyplus_same_building"]["min_s"] / one_s
    for name in ("iso52016", "pybuildingenergy"):
        v = [peer[k] for k in (f"{name}_box600_s", f"{name}_box900_s") if k in peer]
        if v:
            out[name] = min(v) / one_s
    return out


def main() -> int:
    figures = {"date_utc": datetime.now(UTC).isoformat(timespec="minutes"),
               "cpu_count": os.cpu_count(), "load_average_start": os.getloadavg()}
    buildings, climate = demo_buildings()
    one = buildings[:1]
    t0 = time.perf_counter()
    simulate_needs_iso52016(one, climate)  # JIT load from the cache, imports, irradiance
    figures["first_call_incl_jit_load_s"] = time.perf_counter() - t0
    figures["one_dwelling_api"] = _repeat(lambda: simulate_needs_iso52016(one, climate), 30)
    figures["one_dwelling_api_numpy_loop"] = _repeat(lambda: simulate_needs_iso52016(
        one, climate, options=Iso52016Options(kernel="numpy")), 5)
    figures["one_dwelling_stages"] = _stages(one, climate, repeat=30)
    figures["one_dwelling_stages_numpy_loop"] = _stages(one, climate, "numpy", repeat=3)
    batch = variants(buildings, N_BATCH)
    simulate_needs_iso52016(batch, climate, n_jobs=2)  # warm-up
    for n_jobs in (1, 2):
        st = _repeat(lambda n_jobs=n_jobs: simulate_needs_iso52016(batch, climate,
                                                                   n_jobs=n_jobs), 7)
        st["dwelling_years_per_s_best"] = N_BATCH / st["min_s"]
        st["dwelling_years_per_s_median"] = N_BATCH / st["median_s"]
        figures[f"batch_1000_api_{n_jobs}_thread{'s' if n_jobs > 1 else ''}"] = st
    figures["batch_1000_stages_1_thread"] = _stages(batch, climate, repeat=5)
    figures["batch_1000_memory_1_thread"] = peak_rss_of_batch(1)
    figures["batch_1000_memory_2_threads"] = peak_rss_of_batch(2)
    figures["batch_1000_memory_hourly_kept"] = peak_rss_of_batch(1, keep_hourly=True)
    figures["this_process_peak_rss_mb"] = resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["load_average_after_perfqual"] = os.getloadavg()
    figures["peers"] = peers(buildings[0], climate)
    figures["peers_slower_than_one_perfqual_dwelling_api_x"] = _ratios(
        figures["one_dwelling_api"]["min_s"], figures["peers"])
    figures["load_average_end"] = os.getloadavg()
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
