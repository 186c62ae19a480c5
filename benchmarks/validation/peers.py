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
8. start: iso52016 starts all nodes at 20 °C on 1 January without warm-up; perfqual starts from
   its steady state, without warm-up (``warmup_hours = 0``); pybuildingenergy runs its December
   warm-up.

pybuildingenergy is given the same building as a single-zone dictionary (U-values from the
layers with the standard's surface coefficients, κ and mass classes, windows without frame,
F_w = 1 through ``solar_transmittance_correction_factor``, constant 0.5 ACH component, 200 W
internal gains, air control, f_HC,c = 0.4); not aligned: it computes the irradiance from the EPW
with its own transposition, and treats the downward floor with its own ground model.

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

CASES = (600, 900)


def perfqual_options():
    """Aligned options (see module docstring)."""
    # numpy loop: the validation interpreter has no numba (same results to round-off)
    # f_hc_convective 0.4: the standard's default share (Table B.11 per the open implementations),
    # set explicitly since the options no longer carry it (the conventions do)
    return dataclasses.replace(a.Iso52016Options(), control="air", f_w=1.0, warmup_hours=0,
                               f_hc_convective=0.4, kernel="numpy")


def run_perfqual(climate, case=600, options=None):
    b = a.case_building(case)
    t0 = time.perf_counter()
    (r,), _ = simulate_needs_iso52016([b], climate, a.BESTEST_CONVENTIONS,
                                      options=options or perfqual_options())
    return r, time.perf_counter() - t0


def run_iso52016(climate, case=600):
    import iso52016 as i5

    t_air = np.asarray(climate.temp_air_c, float)
    weather = i5.Weather(t_air, np.asarray(climate.wind_speed_m_per_s, float), 11.0)

    def layers(key):
        # iso52016 layers are listed from inside out, like perfqual's; zero density allowed
        return [i5.Layer(x.thickness_m, i5.Material(x.density_kg_per_m3, x.specific_heat_j_per_kgk,
                                                    x.conductivity_w_per_mk))
                for x in a.LAYERS[case][key]]

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


def pybuildingenergy_bui(case=600) -> dict:
    """The common box as a pybuildingenergy single-zone building dictionary."""
    b = a.case_building(case)
    one = [1.0] * 24
    classes = {"D": "class_d", "I": "class_i"}
    surfaces = [{"name": e.name, "type": "opaque", "area": e.area_m2,
                 "sky_view_factor": 0.5 * (1 + np.cos(np.radians(e.tilt_deg))),
                 "u_value": e.u_value_w_per_m2k, "solar_absorptance": e.solar_absorptance,
                 "thermal_capacity": e.areal_heat_capacity_j_per_m2k,
                 "orientation": {"azimuth": e.azimuth_deg, "tilt": e.tilt_deg},
                 "name_adj_zone": None, "construction_class": classes[e.mass_distribution.value],
                 "boundary": "OUTDOORS"} for e in b.opaque]
    surfaces += [{"name": w.name, "type": "transparent", "area": w.area_m2, "sky_view_factor": 0.5,
                  "u_value": w.u_value_w_per_m2k, "g_value": w.g_value, "height": 2.0,
                  "width": 3.0, "parapet": 0.2, "orientation": {"azimuth": 180.0, "tilt": 90.0},
                  "shading": False, "shading_type": "horizontal_overhang",
                  "width_or_distance_of_shading_elements": 0.0,
                  "overhang_properties": {"width_of_horizontal_overhangs": 0.0},
                  "name_adj_zone": None, "frame_area_fraction": 0.0,
                  "solar_transmittance_correction_factor": 1.0} for w in b.windows]
    return {
        "building": {"name": f"bestest{case}", "azimuth_relative_to_true_north": 0.0,
                     "latitude": 39.83, "longitude": -104.65, "exposed_perimeter": 28.0,
                     "height": 2.7, "wall_thickness": 0.1, "n_floors": 1,
                     "building_type_class": "Residential_apartment", "adj_zones_present": False,
                     "number_adj_zone": 0, "net_floor_area": 48.0, "construction_class": "class_d",
                     "zone_volume_m3": 129.6},
        "adjacent_zones": [], "building_surface": surfaces,
        "units": {"area": "m2", "u_value": "W/m2K"},
        "building_parameters": {
            "temperature_setpoints": {"heating_setpoint": 20.0, "heating_setback": 20.0,
                                      "cooling_setpoint": 27.0, "cooling_setback": 27.0},
            "system_capacities": {"heating_capacity": 1e7, "cooling_capacity": 1e7},
            "airflow_rates": {"infiltration_rate": 0.5},
            "internal_gains": [
                {"name": "occupants", "full_load": 200.0 / 48.0, "weekday": one, "weekend": one},
                {"name": "appliances", "full_load": 0.0, "weekday": one, "weekend": one},
                {"name": "lighting", "full_load": 0.0, "weekday": one, "weekend": one}],
            "construction": {"wall_thickness": 0.1, "thermal_bridge_heat_W_K": 0.0},
            "climate_parameters": {"coldest_month": 1},
            "heating_profile": {"weekday": one, "weekend": one},
            "cooling_profile": {"weekday": one, "weekend": one},
            "ventilation_profile": {"weekday": one, "weekend": one},
            "ventilation": {"components": [
                {"name": "infiltration", "ventilation_type": "constant_ach",
                 "air_changes_per_hour": 0.5, "source_temperature": "outdoor"}]},
        },
    }


def run_pybuildingenergy(case=600):
    """pybuildingenergy on the box (its own transposition of the same EPW; see docstring)."""
    import contextlib
    import io

    from pybuildingenergy.source.utils import ISO52016

    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        hourly, _ = ISO52016.Temperature_and_Energy_needs_calculation(
            pybuildingenergy_bui(case), weather_source="epw", path_weather_file=str(a.WEATHER),
            hvac_control_variable="air", f_H_c=0.4, f_C_c=0.4)
    dt = time.perf_counter() - t0
    return float(hourly["Q_H"].sum()) / 1000.0, float(hourly["Q_C"].sum()) / 1000.0, dt


def main() -> int:
    if not a.WEATHER.exists():
        print(f"IGNORÉ : fichier météo {a.WEATHER} absent")
        return 0
    climate = read_epw(a.WEATHER)
    out = {}
    for case in CASES:
        r, t_pq = run_perfqual(climate, case)
        row = {"perfqual": {"heating_kwh": r.heating_kwh, "cooling_kwh": r.cooling_kwh,
                            "seconds": t_pq}}
        try:
            h, c, t = run_iso52016(climate, case)
            row["iso52016"] = {"heating_kwh": h, "cooling_kwh": abs(c), "seconds": t}
        except ImportError:
            row["iso52016"] = "IGNORÉ : paquet iso52016 absent"
        try:
            h, c, t = run_pybuildingenergy(case)
            row["pybuildingenergy"] = {"heating_kwh": h, "cooling_kwh": abs(c), "seconds": t}
        except ImportError:
            row["pybuildingenergy"] = "IGNORÉ : paquet pybuildingenergy absent"
        out[str(case)] = row
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
