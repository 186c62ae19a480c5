"""perfqual against the other open implementations of EN ISO 52016-1 on one common box.

The box is ASHRAE 140 Case 600 (``ashrae140.case_building(600)``) on the Standard 140 weather
file. Conventions aligned (each one written in ``methods/iso52016.md``):

1. same irradiance on every surface: perfqual's Perez transposition (``climate.solar``) is
   given to the peer as its surface irradiance (the peer's own transposition is bypassed);
2. g-value used as is (F_w = 1 in perfqual: iso52016 applies no angular correction);
3. ρ·c of air 1.204 × 1006 J/(m³·K) (both defaults), 0.5 ACH at outdoor temperature;
4. air temperature controlled, 20 / 27 °C, unlimited power, f_HC,c = 0.4 (peer default);
5. internal gains 200 W, f_int,c = 0.4; f_sol,c = 0.1; κ_int 10 kJ/(m²·K); Δθ_sky 11 K;
6. R_c from the layers; mass classes: the peer classifies from layers (wall D, roof D,
   floor I for this box), perfqual is given the same classes;
7. the floor: outdoor air, no sun, no sky (both);
8. start: the peer starts all nodes at 20 °C on 1 January without warm-up; perfqual starts from
   its steady state, without warm-up (``warmup_hours = 0``).

Run with the validation interpreter (it needs ``iso52016``)::

    PYTHONPATH=src /tmp/venvval/bin/python benchmarks/validation/peers.py
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ashrae140 as a  # noqa: E402

from perfqual.api import simulate_needs_iso52016  # noqa: E402
from perfqual.climate.epw import read_epw  # noqa: E402
from perfqual.climate.solar import surface_irradiance  # noqa: E402


def perfqual_options():
    """Aligned options (see module docstring)."""
    return dataclasses.replace(a.Iso52016Options(), control="air", f_w=1.0, warmup_hours=0)


def run_perfqual(climate):
    b = a.case_building(600)
    t0 = time.perf_counter()
    (r,), _ = simulate_needs_iso52016([b], climate, a.BESTEST_CONVENTIONS,
                                      options=perfqual_options())
    return r, time.perf_counter() - t0


def run_iso52016(climate):
    import iso52016 as i5

    t_air = np.asarray(climate.temp_air_c, float)
    weather = i5.Weather(t_air, np.asarray(climate.wind_speed_m_per_s, float), 11.0)

    def layers(key):
        # iso52016 layers are listed from inside out, like perfqual's; zero density allowed
        return [i5.Layer(x.thickness_m, i5.Material(x.density_kg_per_m3, x.specific_heat_j_per_kgk,
                                                    x.conductivity_w_per_mk))
                for x in a.LAYERS[600][key]]

    def element(area, tilt, az, key, windows=None, sun=True):
        # iso52016 orientation: angle towards ground (0 floor, 90 wall, 180 roof), azimuth
        # from south; perfqual: tilt from horizontal-up, azimuth from north
        ori = i5.Orientation(180.0 - tilt, (az - 180.0) % 360.0)
        e = i5.OpaqueElement(area=area, orientation=ori, layers=layers(key), windows=windows)
        irr = (np.asarray(surface_irradiance(climate, tilt, az).total_w_per_m2, float) if sun
               else np.zeros(8760))
        e.set_solar_irradiation(irr, np.zeros(8760))
        return e

    windows = [i5.Window(area=6.0, u_value=a.WINDOW_U_W_PER_M2K, g_value=a.WINDOW_SHGC,
                         frame_fraction=0.0) for _ in range(2)]
    elements = [element(8 * 2.7 - 12.0, 90, 180, "wall", windows), element(21.6, 90, 0, "wall"),
                element(16.2, 90, 90, "wall"), element(16.2, 90, 270, "wall"),
                element(48.0, 0, 180, "roof"), element(48.0, 180, 180, "floor", sun=False)]
    zone = i5.Zone(opaque_elements=elements, usable_floor_area=48.0,
                   internal_gains=[np.full(8760, 200.0)], lower_temperature_limit=20.0,
                   upper_temperature_limit=27.0,
                   ventilation=[i5.Ventilation(0.5 * 129.6, 0.0, t_air)],
                   operative_temperature_as_reference=False)
    building = i5.Building(weather, zone)
    t0 = time.perf_counter()
    building.calculate()
    dt = time.perf_counter() - t0
    return float(np.sum(zone.heat_load)) / 1000.0, float(np.sum(zone.cool_load)) / 1000.0, dt


def main() -> int:
    if not a.WEATHER.exists():
        print(f"IGNORÉ : fichier météo {a.WEATHER} absent")
        return 0
    climate = read_epw(a.WEATHER)
    r, t_pq = run_perfqual(climate)
    out = {"perfqual": {"heating_kwh": r.heating_kwh, "cooling_kwh": r.cooling_kwh,
                        "seconds": t_pq}}
    try:
        h, c, t = run_iso52016(climate)
        out["iso52016"] = {"heating_kwh": h, "cooling_kwh": abs(c), "seconds": t}
    except ImportError:
        out["iso52016"] = "IGNORÉ : paquet iso52016 absent"
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
