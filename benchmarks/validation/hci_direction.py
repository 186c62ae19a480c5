"""Sensitivity of the BESTEST cases to the direction rule of the internal convective
coefficient h_ci of horizontal surfaces (EN ISO 52016-1:2017, Table 25 values 5.0 / 0.7).

perfqual fixes the direction by element (floor: downward 0.7; ceiling/roof: upward 5.0, the
heating-season directions), which keeps the network linear and constant over the year. The UK
Home Energy Model chooses the direction every hour from the sign of θ_air − θ_surface of the
previous hour (``heat_flow_direction`` in HEM ``building_element.py``, METHODS-NOTES A.5). This
script measures what that rule would change, with a direct step-by-step solve of the full node
network (one dense matrix per combination of directions, switched hour by hour), the load
determination of §6.5.5.2 on the controlled temperature, and the BESTEST-aligned options of
``ashrae140.py``. It is a measurement for ``methods/iso52016.md`` §6.1, not a product path.

Run: ``python benchmarks/validation/hci_direction.py``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ashrae140 as a  # noqa: E402

from perfqual.api import _basis, _schedules, zone_spec_from_building  # noqa: E402
from perfqual.climate.model import monthly_means  # noqa: E402
from perfqual.core.iso52016 import assemble_network  # noqa: E402
from perfqual.core.iso52016 import coefficients as cf  # noqa: E402
from perfqual.core.iso52016.network import merge_surfaces  # noqa: E402

HORIZONTAL = ("toiture", "plancher")  # ceiling (tilt 0°) and floor (tilt 180°) of the box


def _inner_nodes(spec):
    """Index of the internal surface node of each merged surface, by name."""
    out, node = {}, 2
    for s in merge_surfaces(spec.surfaces):
        node += len(s.capacities_j_per_m2k)
        out[s.name] = node - 1
    return out


def simulate_direct(case: int, rule: str, opt, climate) -> dict:
    """Heating/cooling (kWh) with h_ci of the horizontal surfaces 'fixed' or 'dynamic'."""
    conv = a.BESTEST_CONVENTIONS
    sp_h, sp_c, shape = _schedules(conv, opt, climate.n_hours)
    spec = zone_spec_from_building(a.case_building(case), conv, opt, monthly_means(sp_h),
                                   climate.monthly_mean_temp_c()).spec
    cols, basis = _basis(climate, [spec], sp_h, shape, opt.solar_model)
    inner = _inner_nodes(spec)
    systems = {}
    for dirs in itertools.product(("up", "down"), repeat=2):
        h = {"up": cf.H_CI_UPWARD_W_PER_M2K, "down": cf.H_CI_DOWNWARD_W_PER_M2K}
        surfaces = tuple(dataclasses.replace(s, h_ci_w_per_m2k=h[dirs[HORIZONTAL.index(s.name)]])
                         if s.name in HORIZONTAL else s for s in spec.surfaces)
        net = assemble_network(dataclasses.replace(spec, surfaces=surfaces), cols)
        m = net.conductance_w_per_k + np.diag(net.capacity_j_per_k / 3600.0)
        inv = np.linalg.inv(m)
        systems[dirs] = (inv, inv @ net.hc_injection, net)
    fixed = ("up", "down")  # ceiling upward, floor downward: perfqual's fixed rule
    inv, x_e, net = systems[fixed]
    c_dt = net.capacity_j_per_k / 3600.0
    ctrl = net.control_row
    x = np.linalg.solve(net.conductance_w_per_k + 1e-9 * np.eye(len(c_dt)),
                        net.forcing @ basis[:744].mean(axis=0))  # rough start, warm-up below
    ext = np.concatenate([basis[-opt.warmup_hours:], basis])
    sph = np.concatenate([sp_h[-opt.warmup_hours:], sp_h])
    spc = np.concatenate([sp_c[-opt.warmup_hours:], sp_c])
    loads = np.empty(len(ext))
    for t, u in enumerate(ext):
        if rule == "dynamic":
            # HEM: heat flows into the surface when θ_air < θ_surface; upward for a floor
            # receiving heat, for a ceiling losing heat
            d_roof = "down" if x[0] < x[inner["toiture"]] else "up"
            d_floor = "up" if x[0] < x[inner["plancher"]] else "down"
            inv, x_e, net = systems[(d_roof, d_floor)]
        x0 = inv @ (c_dt * x + net.forcing @ u)
        th0, sens = ctrl @ x0, ctrl @ x_e
        target = min(max(th0, sph[t]), spc[t])
        phi = (target - th0) / sens  # eq. (27), linear in Φ
        x = x0 + phi * x_e
        loads[t] = phi
    year = loads[opt.warmup_hours:]
    return {"heating_kwh": float(np.maximum(year, 0).sum() / 1000),
            "cooling_kwh": float(np.maximum(-year, 0).sum() / 1000)}


def main() -> int:
    if not a.WEATHER.exists():
        print(f"IGNORÉ : fichier météo {a.WEATHER} absent")
        return 0
    from perfqual.climate.epw import read_epw

    climate = read_epw(a.WEATHER)
    out = {}
    for case in (600, 900):
        for dist in ("uniforme", "plancher"):
            opt = dataclasses.replace(a.bestest_options(climate), solar_distribution=dist)
            for rule in ("fixed", "dynamic"):
                out[f"{case} {dist} {rule}"] = simulate_direct(case, rule, opt, climate)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
