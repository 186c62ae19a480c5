"""Th-C-E-ex-style conventional calculation: models -> 5R1C core -> EnergyResult.

``simulate_thcex`` unpacks :class:`~perfqual.models.building.BuildingModel` objects into the
plain inputs of :mod:`perfqual.core.thcex.rc5` (EN ISO 13790:2008 Annex C), runs the whole batch
in one call, then converts needs to final and primary energy with :mod:`perfqual.core.systems`
(the same conventional DHW, lighting and auxiliaries as the EN ISO 52016-1 engine) and wraps the
results in :class:`~perfqual.models.results.EnergyResult`. See ``methods/thcex.md``.

Shared with the EN ISO 52016-1 engine on purpose (so that equal conventions give equal inputs):
the window solar-gain coefficients, the 3CL infiltration formula and the EN ISO 13370 ground
U-value of :mod:`perfqual.core.iso52016`, the schedules of :mod:`perfqual.core.schedules` and the
systems of :mod:`perfqual.core.systems`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from perfqual.api import energy_uses
from perfqual.climate.model import Climate
from perfqual.core import schedules, systems
from perfqual.core.infiltration import infiltration_airflow_m3_per_h
from perfqual.core.iso52016 import elements as el
from perfqual.core.iso52016.ground import ground_floor_parameters
from perfqual.core.thcex import gains as g13790
from perfqual.core.thcex import rc5
from perfqual.core.thcex.ubat import UbatResult, ubat
from perfqual.errors import InputError
from perfqual.models.building import Boundary, BuildingModel, ElementKind
from perfqual.models.conventions import THCEX_CONVENTIONS, Conventions
from perfqual.models.results import BalanceTerms, EnergyResult, HourlySeries

R_SI_FLOOR = 0.17  # EN ISO 6946:2017 Table 7, downward flow (R_f from U when no layers)
R_SE = 0.04


@dataclass(frozen=True)
class ThcexOptions:
    """Options of the Th-C-E-ex-style run that are not calculation conventions.

    ``inertia_class`` selects A_m and C_m of EN ISO 13790:2008 Table 12; it is the same for the
    whole batch unless ``inertia_by_typology`` names a class per typology (assumption, stated in
    every result). ``shielding_e`` is the wind-shielding coefficient e of the infiltration
    formula (0.07: several exposed façades), ``shielding_f`` its f (15).

    ``opaque_solar`` and ``sky_radiation`` add the solar gains of the opaque elements and the
    thermal radiation to the sky of every external element to φ_sol, as EN ISO 13790:2008
    §11.3 does (``perfqual.core.thcex.gains``; on by default since perfqual 0.1 second pass:
    without them the method missed part of its own standard). ``r_se_m2k_per_w``,
    ``h_r_w_per_m2k`` and ``delta_theta_er_k`` are the constants of §11.3.4–§11.4.6
    [recalled]. ``rho_c_air_j_per_m3k`` is the ρ_a·c_a of §9.3 (1200 J/(m³·K) [recalled]).
    """

    inertia_class: str = "moyenne"
    inertia_by_typology: tuple[tuple[str, str], ...] = ()
    shielding_e: float = 0.07
    shielding_f: float = 15.0
    f_w: float = 0.90  # EN ISO 52016-1 Table B.22 (same solar gains as the 52016 engine)
    solar_model: str = "perez"
    max_heating_w: float = float("inf")
    max_cooling_w: float = float("inf")
    ground_wall_thickness_m: float = 0.30
    n_threads: int = 1
    opaque_solar: bool = True
    sky_radiation: bool = True
    r_se_m2k_per_w: float = g13790.R_SE_M2K_PER_W
    h_r_w_per_m2k: float = g13790.H_R_PER_EMISSIVITY_W_PER_M2K * g13790.EMISSIVITY_EXTERNAL
    delta_theta_er_k: float = g13790.DELTA_THETA_ER_K
    rho_c_air_j_per_m3k: float = rc5.RHO_C_AIR_J_PER_M3K
    kernel: str = "compiled"  # "compiled" (numba) | "numpy" (reference loop)


@dataclass(frozen=True)
class _Prepared:
    floor_area_m2: float
    h_ve_w_per_k: float
    h_tr_w_w_per_k: float
    h_tr_op_w_per_k: float
    mass_area_factor: float
    c_m_j_per_m2k: float
    internal_gains_w: float
    solar: dict
    sky_loss_w: float
    offset_k: float
    assumptions: tuple[str, ...]


def infiltration_m3_per_h(b: BuildingModel, conv: Conventions, opt: ThcexOptions) -> float:
    """Infiltration airflow of a building under a convention (methods/thcex.md §4). [m³/h]

    The definition shared with the EN ISO 52016-1 engine,
    :func:`perfqual.core.infiltration.infiltration_airflow_m3_per_h` (``q4pa_thcex``: Q_inf =
    e·n50·V, the 3CL form with f = 0 [assumption]; ``q4pa_3cl``; ``aucune``).
    """
    v = b.ventilation
    supply = v.extract_airflow_m3_per_h if v.system == "double_flux" else 0.0
    return infiltration_airflow_m3_per_h(
        conv.infiltration_model, b.airtightness.q4pa_surf_m3_per_h_m2, b.a_tbat_m2,
        b.areas.living_area_m2, b.areas.ceiling_height_m, v.extract_airflow_m3_per_h, supply,
        opt.shielding_e, opt.shielding_f)


def _ground_h_w_per_k(e, conv: Conventions, opt: ThcexOptions, notes: list[str]) -> float:
    if conv.ground_model == "facteur_b":
        notes.append(f"plancher « {e.name} » : U de la paroi seule × b (sol ignoré : convention "
                     "« facteur_b », surestime les pertes d'un plancher sur terre-plein)")
        return e.u_value_w_per_m2k * e.area_m2 * e.b_factor
    if e.exposed_perimeter_m is None:
        raise InputError(f"plancher « {e.name} » : périmètre exposé requis par l'EN ISO 13370")
    if e.layers:
        r_f = sum(layer.resistance_m2k_per_w for layer in e.layers)
    else:
        r_f = 1.0 / e.u_value_w_per_m2k - R_SI_FLOOR - R_SE
    p = ground_floor_parameters(e.area_m2, e.exposed_perimeter_m, r_f,
                                opt.ground_wall_thickness_m)
    # « iso13370_permanent » is exactly this; « iso13370 » (monthly ground temperature) cannot be
    # represented in the 5R1C network and falls back to it (stated).
    detail = "" if conv.ground_model == "iso13370_permanent" else (
        " ; la température mensuelle du sol de l'EN ISO 13370 n'est pas représentée dans le 5R1C")
    notes.append(f"plancher « {e.name} » : U EN ISO 13370 en régime permanent "
                 f"({p.u_value_w_per_m2k:.3f} W/(m²·K)) relié à l'air extérieur (5R1C){detail}")
    return p.u_value_w_per_m2k * e.area_m2


def _inertia(b: BuildingModel, opt: ThcexOptions) -> tuple[float, float, str]:
    name = dict(opt.inertia_by_typology).get(b.typology, opt.inertia_class)
    f_m, c_m = rc5.inertia_class_parameters(name)
    return f_m, c_m, name


def prepare_building(b: BuildingModel, conv: Conventions, opt: ThcexOptions) -> _Prepared:
    """Unpack one resolved building into the plain 5R1C inputs (methods/thcex.md §2–§5)."""
    notes: list[str] = []
    lossy = (Boundary.EXTERIOR, Boundary.UNHEATED)
    h_op = 0.0
    for e in b.opaque:
        if e.boundary == Boundary.GROUND:
            h_op += _ground_h_w_per_k(e, conv, opt, notes)
        elif e.boundary in lossy:
            h_op += e.u_value_w_per_m2k * e.area_m2 * e.b_factor
    h_op += sum(t.h_w_per_k for t in b.thermal_bridges)
    h_w = sum(w.u_value_w_per_m2k * w.area_m2 * w.b_factor for w in b.windows
              if w.boundary in lossy + (Boundary.GROUND,))
    solar, sky_loss_w = _solar_and_sky(b, opt, notes)
    v = b.ventilation
    q_inf = infiltration_m3_per_h(b, conv, opt)
    h_ve = opt.rho_c_air_j_per_m3k / 3600.0 * (
        v.extract_airflow_m3_per_h * (1.0 - v.heat_recovery_efficiency) + q_inf)
    s_h = b.areas.living_area_m2
    n_adeq = schedules.adult_equivalents(s_h)
    gains = (conv.internal_gains_w_per_m2 * s_h
             + conv.occupant_gain_w * n_adeq * conv.occupant_presence_frac)
    offset = 0.0
    if conv.apply_old_dwelling_setpoint_correction:
        dep = (h_op + h_w + h_ve) / b.areas.shon_rt_m2
        offset = -max(0.0, 0.5 * (dep - 1.0))
        if offset < 0:
            notes.append(f"correction de consigne des logements anciens : {offset:+.2f} K "
                         f"(Dep_shon = {dep:.2f} W/(K·m²), arrêté du 15 septembre 2006, "
                         "annexe IV §3.2.1)")
    f_m, c_m, inertia = _inertia(b, opt)
    notes.append(f"classe d'inertie « {inertia} » (EN ISO 13790:2008 tableau 12), hypothèse")
    if any(w.shutter != "aucun" for w in b.windows):
        notes.append("volets non modélisés (résistance additionnelle et protection solaire "
                     "ignorées)")
    return _Prepared(s_h, h_ve, h_w, h_op, f_m, c_m, gains, solar, sky_loss_w, offset,
                     tuple(notes))


def _solar_and_sky(b: BuildingModel, opt: ThcexOptions, notes: list[str]):
    """φ_sol of EN ISO 13790:2008 §11.3.2 as basis coefficients, and the sky loss. [W]

    Windows: F_w·g·(1 − F_F)·A·I (the same coefficients as the EN ISO 52016-1 engine); opaque
    elements to the exterior: α·R_se·U·A·I (§11.3.4); every external element: minus
    F_r·R_se·U·A·h_r·Δθ_er (§11.3.5), a constant returned separately.
    """
    solar: dict[str, float] = {}
    sky = 0.0
    for w in b.windows:
        if w.boundary != Boundary.EXTERIOR:
            continue
        if w.g_value > 0 and w.frame_fraction < 1:
            for k, v in el.window_solar_gain_coefficients(
                    w.area_m2, w.g_value, w.frame_fraction, w.tilt_deg, w.azimuth_deg,
                    opt.f_w).items():
                solar[k] = solar.get(k, 0.0) + v
        if opt.sky_radiation:
            sky += g13790.sky_radiation_w(w.area_m2, w.u_value_w_per_m2k, w.tilt_deg,
                                          opt.r_se_m2k_per_w, opt.h_r_w_per_m2k,
                                          opt.delta_theta_er_k)
    for e in b.opaque:
        if e.boundary != Boundary.EXTERIOR:
            continue
        if opt.opaque_solar:
            a_sol = g13790.opaque_collecting_area_m2(e.area_m2, e.u_value_w_per_m2k,
                                                     e.solar_absorptance, opt.r_se_m2k_per_w)
            key = el.irradiance_column(e.tilt_deg, e.azimuth_deg)
            solar[key] = solar.get(key, 0.0) + a_sol
        if opt.sky_radiation:
            sky += g13790.sky_radiation_w(e.area_m2, e.u_value_w_per_m2k, e.tilt_deg,
                                          opt.r_se_m2k_per_w, opt.h_r_w_per_m2k,
                                          opt.delta_theta_er_k)
    parts = [label for label, on in (("apports solaires des parois opaques", opt.opaque_solar),
                                     ("rayonnement vers le ciel", opt.sky_radiation)) if on]
    missing = [label for label, on in (("apports solaires des parois opaques",
                                        opt.opaque_solar),
                                       ("rayonnement vers le ciel", opt.sky_radiation))
               if not on]
    if parts:
        notes.append(" et ".join(parts) + " selon l'EN ISO 13790:2008 §11.3 (R_se "
                     f"{opt.r_se_m2k_per_w:g}, h_r {opt.h_r_w_per_m2k:g}, Δθ_er "
                     f"{opt.delta_theta_er_k:g} K)")
    if missing:
        notes.append("non pris en compte (option) : " + ", ".join(missing))
    return solar, sky


def _schedules(conv: Conventions, n_hours: int):
    sp_h = schedules.heating_setpoint_schedule_c(
        conv.heating_setpoint_occupied_c, conv.heating_setpoint_reduced_c,
        conv.reduced_start_hour, conv.reduced_end_hour, conv.heating_setpoint_holiday_c,
        conv.holidays, n_hours)
    sp_c = np.full(n_hours, conv.cooling_setpoint_c)
    shape = np.ones(n_hours)
    if conv.internal_gains_zero_in_holidays:
        shape[schedules.holiday_mask(conv.holidays, n_hours)] = 0.0
    return sp_h, sp_c, shape


def simulate_needs_thcex(buildings: Sequence[BuildingModel], climate: Climate,
                         conventions: Conventions, options: ThcexOptions,
                         keep_hourly: bool = False):
    """Heating and cooling needs of a batch with the 5R1C model; returns (Rc5Result, notes)."""
    from perfqual.climate.solar import surface_irradiance

    n_hours = climate.n_hours
    sp_h, sp_c, shape = _schedules(conventions, n_hours)
    prepared = [prepare_building(b, conventions, options) for b in buildings]
    keys = sorted({k for p in prepared for k in p.solar})
    # columns: gains shape, constant (sky loss), irradiance of each orientation
    columns = [shape, np.ones(n_hours)] + [np.asarray(surface_irradiance(
        climate, float(k.split(":")[1]), float(k.split(":")[2]),
        model=options.solar_model).total_w_per_m2, dtype=float) for k in keys]
    basis = np.column_stack(columns)
    n = len(prepared)
    int_coef = np.zeros((basis.shape[1], n))
    sol_coef = np.zeros((basis.shape[1], n))
    for j, p in enumerate(prepared):
        int_coef[0, j] = p.internal_gains_w
        sol_coef[1, j] = -p.sky_loss_w
        for k, v in p.solar.items():
            sol_coef[2 + keys.index(k), j] = v
    arr = {f: np.array([getattr(p, f) for p in prepared]) for f in (
        "floor_area_m2", "h_ve_w_per_k", "h_tr_w_w_per_k", "h_tr_op_w_per_k",
        "mass_area_factor", "c_m_j_per_m2k", "offset_k")}
    h_ms = rc5.H_MS_W_PER_M2K * arr["mass_area_factor"] * arr["floor_area_m2"]
    building = rc5.rc5_building(
        arr["floor_area_m2"], arr["h_ve_w_per_k"], arr["h_tr_w_w_per_k"],
        rc5.h_tr_em_from_opaque(arr["h_tr_op_w_per_k"], h_ms), arr["mass_area_factor"],
        arr["c_m_j_per_m2k"], heating_power_max_w=options.max_heating_w,
        cooling_power_max_w=options.max_cooling_w,
        hc_convective_frac=conventions.heating_convective_frac,
        control=conventions.control_temperature)
    result = rc5.simulate_rc5_batch(
        building, climate.temp_air_c, basis, int_coef, sol_coef, sp_h, sp_c,
        heating_setpoint_offset_k=arr["offset_k"], keep_hourly=keep_hourly,
        n_threads=options.n_threads, kernel=options.kernel)
    controlled = ("température d'air (EN ISO 13790 C.4)" if conventions.control_temperature
                  == "air" else "température opérative 0,3·θ_air + 0,7·θ_s (EN ISO 13790 "
                  "éq. C.12 ; extension perfqual)")
    emission = ("chauffage injecté au nœud d'air (EN ISO 13790 C.4)"
                if conventions.heating_convective_frac == 1.0 else
                f"part convective du chauffage {conventions.heating_convective_frac:g}, le reste "
                "réparti comme les apports solaires (extension perfqual)")
    common = ("masse initialisée à la consigne de la première heure (pas de mise en régime)",
              f"régulation sur la {controlled}", emission, *climate.assumptions)
    return result, [p.assumptions + common for p in prepared]


def simulate_thcex(
    buildings: Sequence[BuildingModel], climate: Climate,
    conventions: Conventions = THCEX_CONVENTIONS, keep_hourly: bool = False,
    *, climate_zone: str | None = None, altitude_m: float = 0.0,
    options: ThcexOptions | None = None,
) -> list[EnergyResult]:
    """Th-C-E-ex-style Cep of a batch: 5R1C needs, then final and primary energy.

    Parameters
    ----------
    buildings : sequence of BuildingModel
        The batch (one building = a batch of one).
    climate : Climate
        Hourly weather shared by the batch (the same object as the 52016 run).
    conventions : Conventions
        Calculation conventions; default :data:`THCEX_CONVENTIONS` (SHON_RT, 2.58/0.6/1…).
    keep_hourly : bool
        Keep hourly series (batches of one building only).
    climate_zone : str
        Climate zone H1a…H3 (conventional cold water and lighting hours).
    altitude_m : float
        Site altitude. [m]
    options : ThcexOptions, optional
        Inertia class, infiltration coefficients, solar model…
    """
    opt = options or ThcexOptions()
    if climate_zone is None:
        raise InputError("zone climatique requise (eau froide de l'ECS et durée d'éclairage "
                         "conventionnelles)")
    if not buildings:
        return []
    res, notes = simulate_needs_thcex(buildings, climate, conventions, opt, keep_hourly)
    out = []
    for j, b in enumerate(buildings):
        extra: list[str] = []
        heat_kwh = float(res.heating_need_wh[j]) / 1000.0
        cool_kwh = float(res.cooling_need_wh[j]) / 1000.0
        uses = energy_uses(b, heat_kwh, float(res.heating_hours[j]), cool_kwh, conventions,
                           climate_zone, altitude_m, extra)
        primary = systems.primary_energy_kwh(uses, conventions.primary_energy_factors)
        area = (b.areas.shon_rt_m2 if conventions.reference_area == "shon_rt"
                else b.areas.living_area_m2)
        hourly = None
        if keep_hourly and res.hourly is not None:
            hourly = HourlySeries(res.hourly["temp_air_c"], res.hourly["temp_operative_c"],
                                  res.hourly["heating_w"], res.hourly["cooling_w"])
        out.append(EnergyResult(
            label=b.label, typology=b.typology, scenario=b.scenario, dwelling_id=b.dwelling_id,
            method="thcex", conventions=conventions.name,
            reference_area_kind=conventions.reference_area, reference_area_m2=area,
            heating_need_kwh=heat_kwh, cooling_need_kwh=cool_kwh,
            monthly_heating_need_kwh=tuple(float(x) / 1000 for x in
                                           res.monthly_heating_need_wh[:, j]),
            monthly_cooling_need_kwh=tuple(float(x) / 1000 for x in
                                           res.monthly_cooling_need_wh[:, j]),
            balance=BalanceTerms(*(float(getattr(res, f)[j]) / 1000.0 for f in (
                "transmission_wh", "ventilation_wh", "solar_wh", "internal_wh", "stored_wh",
                "heating_need_wh", "cooling_need_wh"))),
            final_energy_kwh=MappingProxyType(
                {u.use: MappingProxyType(dict(u.final_kwh)) for u in uses}),
            primary_energy_kwh=MappingProxyType(primary),
            primary_energy_factors_source=conventions.primary_energy_factors_source,
            assumptions=tuple(dict.fromkeys(notes[j] + tuple(extra))), hourly=hourly,
        ))
    return out


def _ubat_category(e) -> str:
    if e.kind == ElementKind.WALL:
        return "a1_murs"
    if e.kind in (ElementKind.ROOF, ElementKind.CEILING):
        return "a2_toitures"
    return "a4_planchers_bas"


def _bridge_category(name: str) -> str:
    n = name.lower()
    if "bas" in n:
        return "a8_liaison_plancher_bas"
    if "haut" in n or "toit" in n or "comble" in n:
        return "a10_liaison_plancher_haut"
    return "a9_liaison_plancher_intermediaire"


def ubat_check(b: BuildingModel, zone: str, altitude_m: float) -> UbatResult:
    """Ubât against Ubât-max (arrêté du 13 juin 2008, art. 44) for a resolved building.

    Categories are assigned by element kind (walls a1, roofs and top floors a2, low floors a4,
    doors a5, windows a7) and thermal bridges by name ("bas" a8, "haut"/"toit"/"comble" a10,
    else a9) — an assumption stated in methods/thcex.md.
    """
    lossy = (Boundary.EXTERIOR, Boundary.GROUND, Boundary.UNHEATED)
    areas = [(_ubat_category(e), e.area_m2, e.u_value_w_per_m2k, e.b_factor)
             for e in b.opaque if e.boundary in lossy]
    areas += [("a5_portes" if w.is_door else "a7_baies_residentiel", w.area_m2,
               w.u_value_w_per_m2k, w.b_factor) for w in b.windows if w.boundary in lossy]
    bridges = [(_bridge_category(t.name), t.length_m, t.psi_w_per_mk, t.b_factor)
               for t in b.thermal_bridges]
    party = sum(e.area_m2 for e in b.opaque if e.boundary == Boundary.ADJACENT_HEATED)
    return ubat(areas, bridges, party, zone, altitude_m)
