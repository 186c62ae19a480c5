"""Thin layer between the models and the calculation cores (pvlib's "ModelChain" idea).

``simulate_iso52016`` unpacks :class:`~perfqual.models.building.BuildingModel` objects into the
plain inputs of :mod:`perfqual.core.iso52016`, runs the whole batch in one call, then converts
needs to final and primary energy with :mod:`perfqual.core.systems` and wraps everything in
:class:`~perfqual.models.results.EnergyResult`. A second engine (``simulate_thcex``) can be added
beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from perfqual.climate.model import Climate, monthly_means
from perfqual.core import infiltration, schedules, systems
from perfqual.core.iso52016 import (
    ZoneResult,
    ZoneSpec,
    assemble_network,
    plan_zones,
    prepare_zones,
)
from perfqual.core.iso52016 import coefficients as cf
from perfqual.core.iso52016 import elements as el
from perfqual.core.iso52016.ground import ground_floor_parameters
from perfqual.errors import InputError
from perfqual.models.building import Boundary, BuildingModel
from perfqual.models.conventions import ISO52016_CONVENTIONS, Conventions
from perfqual.models.results import BalanceTerms, EnergyResult, HourlySeries

# EN ISO 13370:2017 surface resistances used to get R_f from a floor U without layers.
R_SI_FLOOR_13370 = 0.17
R_SE_13370 = 0.04


@dataclass(frozen=True)
class Iso52016Options:
    """Options of the EN ISO 52016-1 run that are not calculation conventions.

    Defaults are the standard's (Annex B values as cited in ``methods/iso52016.md``).

    Precedence (``methods/iso52016.md`` §2.6): the controlled temperature and the convective
    share of the heating are **conventions** of the method — they are read from
    :attr:`Conventions.control_temperature` and :attr:`Conventions.heating_convective_frac`
    (``ISO52016_CONVENTIONS``: operative temperature, §6.5.5.2, and 0.4, Table B.11).
    ``control`` and ``f_hc_convective`` are left at ``None`` for that; a value given here is an
    explicit override for validation runs aligned with another tool (BESTEST/EnergyPlus ideal
    loads: air, 1.0), and every result then states it among its assumptions.
    """

    control: str | None = None  # None: Conventions.control_temperature | "operative" | "air"
    party_wall_model: str = "adiabatique"  # | "voisin_consigne"
    rho_c_air_j_per_m3k: float = el.RHO_C_AIR_J_PER_M3K
    delta_sky_k: float = cf.DELTA_THETA_SKY_K
    h_ce_w_per_m2k: float = cf.H_CE_W_PER_M2K
    kappa_int_j_per_m2k: float = cf.KAPPA_INT_J_PER_M2K
    f_int_convective: float = cf.F_INT_CONVECTIVE
    f_sol_convective: float = cf.F_SOL_CONVECTIVE
    f_hc_convective: float | None = None  # None: Conventions.heating_convective_frac
    f_w: float = cf.F_W_NON_SCATTERING
    ground_wall_thickness_m: float = 0.30
    shielding_e: float = 0.07
    shielding_f: float = 15.0
    warmup_hours: int = 744
    solar_model: str = "perez"
    # "uniforme": the standard's spread per m² over all internal surfaces (eq. 39);
    # "plancher": all on the floors (EnergyPlus MinimalShadowing / BESTEST alignment).
    solar_distribution: str = "uniforme"
    max_heating_w: float = float("inf")
    max_cooling_w: float = float("inf")
    # "compiled" (numba kernel) or "numpy" (the reference loop): same results to round-off
    kernel: str = "compiled"
    # user schedules (8760 values) replacing the conventional ones when given
    heating_setpoint_c: tuple[float, ...] | None = field(default=None, repr=False)
    cooling_setpoint_c: tuple[float, ...] | None = field(default=None, repr=False)
    internal_gains_shape: tuple[float, ...] | None = field(default=None, repr=False)


CONTROL_LABELS_FR = {"operative": "opérative", "air": "d'air"}


@dataclass(frozen=True)
class Regulation:
    """Controlled temperature and convective share of the heating used by a run."""

    control: str  # "operative" | "air"
    f_hc_convective: float
    notes: tuple[str, ...]


def regulation(conv: Conventions, opt: Iso52016Options) -> Regulation:
    """Controlled temperature and heating convective share: the conventions' unless the options
    override them (see :class:`Iso52016Options`, precedence); the override is stated.

    Raises
    ------
    InputError
        Unknown controlled temperature or convective share outside [0, 1].
    """
    control = conv.control_temperature if opt.control is None else opt.control
    f_c = conv.heating_convective_frac if opt.f_hc_convective is None else opt.f_hc_convective
    if control not in CONTROL_LABELS_FR:
        raise InputError(f"température régulée inconnue : {control!r} (attendu : operative ou "
                         "air)")
    if not 0.0 <= f_c <= 1.0:
        raise InputError(f"part convective du chauffage {_fr(f_c)} hors de [0, 1]")
    notes = [f"régulation sur la température {CONTROL_LABELS_FR[control]}, part convective du "
             f"chauffage {_fr(f_c)}"]
    forced = [what for what, value in (("température régulée", opt.control),
                                       ("part convective du chauffage", opt.f_hc_convective))
              if value is not None]
    if forced and (control, f_c) != (conv.control_temperature, conv.heating_convective_frac):
        notes.append(f"{' et '.join(forced)} imposée(s) par les options de calcul au lieu des "
                     f"conventions « {conv.name} » (température "
                     f"{CONTROL_LABELS_FR[conv.control_temperature]}, part convective "
                     f"{_fr(conv.heating_convective_frac)})")
    return Regulation(control, float(f_c), tuple(notes))


def _fr(x: float) -> str:
    """A number as French text (decimal comma)."""
    return f"{x:g}".replace(".", ",")


@dataclass(frozen=True)
class _Prepared:
    spec: ZoneSpec
    assumptions: tuple[str, ...]
    setpoint_offset_k: float


def _ground_chain(e, conv, opt, ti_m, te_m, notes):
    if conv.ground_model == "facteur_b":
        notes.append(f"plancher « {e.name} » : U de la paroi seule × b (sol ignoré : convention "
                     "« facteur_b », surestime les pertes d'un plancher sur terre-plein)")
        return el.opaque_chain(e.name, e.area_m2, e.u_value_w_per_m2k,
                               e.areal_heat_capacity_j_per_m2k, e.mass_distribution.value,
                               e.tilt_deg, e.azimuth_deg, "sol_facteur_b", e.b_factor)
    if e.exposed_perimeter_m is None:
        raise InputError(f"plancher « {e.name} » : périmètre exposé requis par l'EN ISO 13370")
    if e.layers:
        r_f = sum(layer.resistance_m2k_per_w for layer in e.layers)
    else:
        r_f = 1.0 / e.u_value_w_per_m2k - R_SI_FLOOR_13370 - R_SE_13370
        notes.append(f"plancher « {e.name} » : R_f déduit de U (R_si 0,17, R_se 0,04)")
    if conv.ground_model == "iso13370_permanent":
        # steady-state equivalent U of EN ISO 13370:2017 §9.1 (soil included), coupled to the
        # outdoor air like an element with b = 1; the floor keeps its own heat capacity
        p = ground_floor_parameters(e.area_m2, e.exposed_perimeter_m, r_f,
                                    opt.ground_wall_thickness_m)
        notes.append(f"plancher « {e.name} » : U EN ISO 13370 en régime permanent "
                     f"({p.u_value_w_per_m2k:.3f} W/(m²·K)) relié à l'air extérieur")
        return el.opaque_chain(e.name, e.area_m2, p.u_value_w_per_m2k,
                               e.areal_heat_capacity_j_per_m2k, e.mass_distribution.value,
                               e.tilt_deg, e.azimuth_deg, "sol_facteur_b", 1.0)
    chain, _ = el.ground_floor_chain(e.name, e.area_m2, e.exposed_perimeter_m, r_f,
                                     e.areal_heat_capacity_j_per_m2k, e.mass_distribution.value,
                                     ti_m, te_m, opt.ground_wall_thickness_m)
    return chain


def _infiltration_m3_per_h(b: BuildingModel, conv: Conventions, opt: Iso52016Options) -> float:
    """Infiltration airflow with the definition shared by both engines
    (:func:`perfqual.core.infiltration.infiltration_airflow_m3_per_h`). [m³/h]"""
    v = b.ventilation
    supply = v.extract_airflow_m3_per_h if v.system == "double_flux" else 0.0
    return infiltration.infiltration_airflow_m3_per_h(
        conv.infiltration_model, b.airtightness.q4pa_surf_m3_per_h_m2, b.a_tbat_m2,
        b.areas.living_area_m2, b.areas.ceiling_height_m, v.extract_airflow_m3_per_h, supply,
        opt.shielding_e, opt.shielding_f)


def _windows(b: BuildingModel, opt: Iso52016Options, notes: list[str]):
    chains, solar = [], {}
    for w in b.windows:
        chain, note = el.window_chain(w.name, w.area_m2, w.u_value_w_per_m2k, w.tilt_deg,
                                      w.azimuth_deg, w.boundary.value, w.b_factor,
                                      opt.delta_sky_k, opt.party_wall_model,
                                      opt.h_ce_w_per_m2k)
        chains.append(chain)
        if note:
            notes.append(note)
        if w.boundary == Boundary.EXTERIOR and w.g_value > 0 and w.frame_fraction < 1:
            for k, v in el.window_solar_gain_coefficients(
                    w.area_m2, w.g_value, w.frame_fraction, w.tilt_deg, w.azimuth_deg,
                    opt.f_w).items():
                solar[k] = solar.get(k, 0.0) + v
        if w.shutter != "aucun":
            notes.append(f"menuiserie « {w.name} » : volets non modélisés (résistance "
                         "additionnelle et protection solaire ignorées)")
    return chains, solar


def _solar_weights(surfaces: list, b: BuildingModel, opt: Iso52016Options) -> list:
    if opt.solar_distribution == "uniforme":
        return surfaces
    if opt.solar_distribution != "plancher":
        raise InputError(f"répartition solaire inconnue : {opt.solar_distribution!r}")
    floors = {e.name for e in b.opaque if e.tilt_deg > 120.0}
    if not floors:
        raise InputError("répartition solaire « plancher » : aucun plancher dans la zone")
    return [replace(s, solar_weight=1.0 if s.name in floors else 0.0) for s in surfaces]


def _static_loss_w_per_k(b: BuildingModel, h_ve_w_per_k: float) -> float:
    lossy = (Boundary.EXTERIOR, Boundary.GROUND, Boundary.UNHEATED)
    h = sum(e.u_value_w_per_m2k * e.area_m2 * e.b_factor for e in b.opaque if e.boundary in lossy)
    h += sum(w.u_value_w_per_m2k * w.area_m2 * w.b_factor for w in b.windows
             if w.boundary in lossy)
    return h + sum(t.h_w_per_k for t in b.thermal_bridges) + h_ve_w_per_k


def zone_spec_from_building(
    b: BuildingModel, conv: Conventions, opt: Iso52016Options,
    monthly_internal_c: np.ndarray, monthly_external_c: np.ndarray,
) -> _Prepared:
    """Unpack one resolved building into the plain zone description of the core."""
    notes: list[str] = []
    surfaces = []
    for e in b.opaque:
        if e.boundary == Boundary.GROUND:
            surfaces.append(_ground_chain(e, conv, opt, monthly_internal_c, monthly_external_c,
                                          notes))
        else:
            surfaces.append(el.opaque_chain(
                e.name, e.area_m2, e.u_value_w_per_m2k, e.areal_heat_capacity_j_per_m2k,
                e.mass_distribution.value, e.tilt_deg, e.azimuth_deg, e.boundary.value,
                e.b_factor, e.solar_absorptance, opt.party_wall_model, opt.delta_sky_k,
                opt.h_ce_w_per_m2k,
                sum(x.resistance_m2k_per_w for x in e.layers) if e.layers else None))
    windows, solar = _windows(b, opt, notes)
    surfaces = _solar_weights(surfaces, b, opt)
    v = b.ventilation
    q_inf = _infiltration_m3_per_h(b, conv, opt)
    if conv.infiltration_model == "q4pa_thcex":
        notes.append(f"infiltrations « q4pa_thcex » : Q_inf = e·n50·V = {q_inf:.1f} m³/h "
                     f"(forme 3CL sans interaction avec la ventilation, e = {opt.shielding_e:g} ;"
                     " hypothèse perfqual, modèle Th-C-E ex non public)")
    h_ve = opt.rho_c_air_j_per_m3k / 3600.0 * (
        v.extract_airflow_m3_per_h * (1.0 - v.heat_recovery_efficiency) + q_inf)
    if v.heat_recovery_efficiency > 0:
        notes.append("récupération de chaleur appliquée toute l'année (by-pass non modélisé)")
    s_h = b.areas.living_area_m2
    n_adeq = schedules.adult_equivalents(s_h)
    gains_w = (conv.internal_gains_w_per_m2 * s_h
               + conv.occupant_gain_w * n_adeq * conv.occupant_presence_frac)
    reg = regulation(conv, opt)
    offset = 0.0
    if conv.apply_old_dwelling_setpoint_correction:
        dep = _static_loss_w_per_k(b, h_ve) / b.areas.shon_rt_m2
        offset = -max(0.0, 0.5 * (dep - 1.0))
    spec = ZoneSpec(
        name=b.label, surfaces=tuple(surfaces) + tuple(windows), use_area_m2=s_h,
        c_int_j_per_k=opt.kappa_int_j_per_m2k * s_h, h_ve_w_per_k=h_ve,
        h_tb_w_per_k=sum(t.h_w_per_k for t in b.thermal_bridges),
        internal_gains_w={"gains": gains_w}, solar_gains_w=solar,
        f_int_convective=opt.f_int_convective, f_sol_convective=opt.f_sol_convective,
        f_hc_convective=reg.f_hc_convective, control=reg.control,
        heating_setpoint_offset_k=offset,
    )
    return _Prepared(spec, tuple(notes), offset)


def _schedules(conv: Conventions, opt: Iso52016Options, n_hours: int):
    if opt.heating_setpoint_c is not None:
        sp_h = np.asarray(opt.heating_setpoint_c, dtype=float)
    else:
        sp_h = schedules.heating_setpoint_schedule_c(
            conv.heating_setpoint_occupied_c, conv.heating_setpoint_reduced_c,
            conv.reduced_start_hour, conv.reduced_end_hour, conv.heating_setpoint_holiday_c,
            conv.holidays, n_hours)
    sp_c = (np.asarray(opt.cooling_setpoint_c, dtype=float) if opt.cooling_setpoint_c is not None
            else np.full(n_hours, conv.cooling_setpoint_c))
    if opt.internal_gains_shape is not None:
        shape = np.asarray(opt.internal_gains_shape, dtype=float)
    else:
        shape = np.ones(n_hours)
        if conv.internal_gains_zero_in_holidays:
            shape[schedules.holiday_mask(conv.holidays, n_hours)] = 0.0
    for name, arr in (("consigne de chauffage", sp_h), ("consigne de refroidissement", sp_c),
                      ("profil d'apports internes", shape)):
        if arr.shape != (n_hours,) or not np.all(np.isfinite(arr)):
            raise InputError(f"{name} : {n_hours} valeurs horaires finies attendues")
    return sp_h, sp_c, shape


def _basis(climate: Climate, specs: list[ZoneSpec], sp_h, shape, model: str):
    from perfqual.climate.solar import surface_irradiance

    n = climate.n_hours
    columns = {"theta_e": np.asarray(climate.temp_air_c, dtype=float), "one": np.ones(n),
               "gains": shape, "setpoint_h": sp_h}
    month = np.repeat(np.arange(12), systems.DAYS_PER_MONTH * 24)
    for m in range(12):
        columns[f"month:{m}"] = (month == m).astype(float)
    wanted = set()
    for s in specs:
        wanted.update(k for k in s.solar_gains_w if k.startswith("irr:"))
        for c in s.surfaces:
            wanted.update(k for k in c.ext_forcing_w_per_m2 if k.startswith("irr:"))
    for key in sorted(wanted):
        _, tilt, az = key.split(":")
        columns[key] = np.asarray(
            surface_irradiance(climate, float(tilt), float(az), model=model).total_w_per_m2,
            dtype=float)
    names = list(columns)
    return {k: i for i, k in enumerate(names)}, np.column_stack([columns[k] for k in names])


# Zones per pipeline stage of a parallel batch (see simulate_needs_iso52016).
PIPELINE_MIN_ZONES = 32


def _chunks(n: int, n_jobs: int) -> list[slice]:
    """Consecutive slices of about n/(4·n_jobs) zones, at least PIPELINE_MIN_ZONES each."""
    size = max(PIPELINE_MIN_ZONES, -(-n // (4 * n_jobs)))
    return [slice(i, min(i + size, n)) for i in range(0, n, size)]


def simulate_needs_iso52016(
    buildings: Sequence[BuildingModel], climate: Climate,
    conventions: Conventions = ISO52016_CONVENTIONS, keep_hourly: bool = False,
    options: Iso52016Options | None = None, n_jobs: int = 1,
) -> tuple[list[ZoneResult], list[tuple[str, ...]]]:
    """Heating and cooling needs of a batch (EN ISO 52016-1:2017 hourly method).

    Returns the core results and, per building, the assumptions applied.

    ``n_jobs`` > 1 runs the hourly loops of the batch on ``n_jobs`` threads (the compiled kernel
    releases the GIL) while this thread prepares the next part of the batch (networks and
    reduction): set-up and loops overlap. Each zone is computed on its own, so the results do not
    depend on ``n_jobs`` (tested). Threads, not processes: no fork, no pickling, one copy of
    the inputs in memory.
    """
    opt = options or Iso52016Options()
    if not buildings:
        return [], []
    if int(n_jobs) != n_jobs or n_jobs < 1:
        raise InputError(f"nombre de tâches parallèles {n_jobs!r} : entier ≥ 1 attendu")
    reg = regulation(conventions, opt)
    n = climate.n_hours
    sp_h, sp_c, shape = _schedules(conventions, opt, n)
    ti_m, te_m = monthly_means(sp_h), climate.monthly_mean_temp_c()
    prepared = [zone_spec_from_building(b, conventions, opt, ti_m, te_m) for b in buildings]
    columns, basis = _basis(climate, [p.spec for p in prepared], sp_h, shape, opt.solar_model)
    offsets = np.array([p.setpoint_offset_k for p in prepared])

    def plan(part: slice):
        zones = prepare_zones([assemble_network(p.spec, columns) for p in prepared[part]],
                              [p.spec.name for p in prepared[part]])
        return plan_zones(zones, basis, sp_h, sp_c, opt.max_heating_w, opt.max_cooling_w,
                          opt.warmup_hours, keep_hourly, heating_offset_k=offsets[part],
                          kernel=opt.kernel)

    parts = _chunks(len(prepared), int(n_jobs)) if n_jobs > 1 else [slice(0, len(prepared))]
    if len(parts) == 1:
        results = plan(parts[0]).execute().results()
    else:  # this thread prepares part i+1 while the loops of the earlier parts run
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(int(n_jobs)) as pool:
            futures = [pool.submit(plan(part).execute) for part in parts]
            results = [r for f in futures for r in f.result().results()]
    common = (f"mise en régime : {opt.warmup_hours} h de fin d'année simulées avant l'année",
              *reg.notes, *climate.assumptions)
    return results, [p.assumptions + common for p in prepared]


def energy_uses(
    b: BuildingModel, heating_kwh: float, heating_hours: float, cooling_kwh: float,
    conv: Conventions, zone: str, altitude_m: float, notes: list[str],
) -> list[systems.UseEnergy]:
    """Final energy per use from the needs: the systems chain shared by both engines.

    Heating need → final energy through the building's efficiencies, conventional DHW need,
    storage loss, lighting and auxiliaries (pump power during heating hours, fans all year), with
    :mod:`perfqual.core.systems` (3CL-DPE 2021 forms, ``methods/systemes.md``). Assumptions met on
    the way are appended to ``notes``.

    Parameters
    ----------
    b : BuildingModel
        The resolved building (systems, areas).
    heating_kwh, cooling_kwh : float
        Yearly heating and cooling needs. [kWh]
    heating_hours : float
        Hours with a heating load (auxiliaries). [h]
    conv : Conventions
        DHW volume and temperature, lighting power and switch factor.
    zone : str
        Climate zone H1a…H3.
    altitude_m : float
        Site altitude. [m]
    notes : list of str
        Receives the assumptions applied.
    """
    h = b.heating
    heat = systems.final_energy_kwh(heating_kwh, h.generation_efficiency,
                                    h.emission_efficiency, h.distribution_efficiency,
                                    h.control_efficiency)
    n_adeq = schedules.adult_equivalents(b.areas.living_area_m2)
    cw = systems.cold_water_temperature_c(zone, altitude_m)
    dhw_need = float(systems.dhw_need_monthly_kwh(
        n_adeq, cw, conv.dhw_litres_per_day_per_adult_eq, conv.dhw_temperature_c).sum())
    d = b.dhw
    dhw = systems.final_energy_kwh(dhw_need, d.generation_efficiency, d.distribution_efficiency)
    if d.storage_loss_w_per_k > 0:
        dhw += systems.storage_loss_kwh(d.storage_loss_w_per_k) / d.generation_efficiency
        notes.append("pertes du ballon d'ECS : stockage à 55 °C dans une ambiance à 20 °C")
    light = systems.lighting_consumption_kwh(b.areas.living_area_m2, zone,
                                             conv.lighting_power_w_per_m2,
                                             conv.lighting_switch_factor)
    aux = (h.auxiliary_power_w * heating_hours
           + b.ventilation.fan_power_w * systems.HOURS_PER_YEAR) / 1000.0
    if cooling_kwh > 0:
        notes.append("aucun système de refroidissement : besoin de froid sans consommation")
    return [
        systems.UseEnergy("chauffage", {h.carrier: heat}),
        systems.UseEnergy("refroidissement", {}),
        systems.UseEnergy("ecs", {d.carrier: dhw}),
        systems.UseEnergy("eclairage", {"electricite": light}),
        systems.UseEnergy("auxiliaires", {"electricite": aux}),
    ]


def simulate_iso52016(
    buildings: Sequence[BuildingModel], climate: Climate,
    conventions: Conventions = ISO52016_CONVENTIONS, keep_hourly: bool = False,
    *, climate_zone: str | None = None, altitude_m: float = 0.0,
    options: Iso52016Options | None = None, n_jobs: int = 1,
) -> list[EnergyResult]:
    """EN ISO 52016-1:2017 needs, then final and primary energy, for a batch of buildings.

    Parameters
    ----------
    buildings : sequence of BuildingModel
        The batch (one building = a batch of one).
    climate : Climate
        Hourly weather shared by the batch.
    conventions : Conventions
        Calculation conventions (set-points, gains, factors, reference area, controlled
        temperature and convective share of the heating…).
    keep_hourly : bool
        Keep the hourly temperatures and loads in each result.
    climate_zone : str
        Climate zone (H1a…H3) for the conventional DHW cold water and lighting hours.
    altitude_m : float
        Site altitude (altitude class of the cold-water temperature). [m]
    options : Iso52016Options, optional
        Numerical settings of the method (party walls, warm-up, kernel…); see
        :class:`Iso52016Options` for the precedence of the conventions.
    n_jobs : int
        Threads used for a large batch (see :func:`simulate_needs_iso52016`).
    """
    if climate_zone is None:
        raise InputError("zone climatique requise (eau froide de l'ECS et durée d'éclairage "
                         "conventionnelles, méthode 3CL-DPE 2021)")
    needs, notes = simulate_needs_iso52016(buildings, climate, conventions, keep_hourly, options,
                                           n_jobs)
    out = []
    for b, r, n in zip(buildings, needs, notes, strict=True):
        extra: list[str] = []
        uses = energy_uses(b, r.heating_kwh, r.heating_hours, r.cooling_kwh, conventions,
                           climate_zone, altitude_m, extra)
        primary = systems.primary_energy_kwh(uses, conventions.primary_energy_factors)
        area = (b.areas.shon_rt_m2 if conventions.reference_area == "shon_rt"
                else b.areas.living_area_m2)
        hourly = None
        if keep_hourly:
            hourly = HourlySeries(r.temp_air_c, r.temp_operative_c, np.maximum(r.load_w, 0.0),
                                  np.maximum(-r.load_w, 0.0))
        out.append(EnergyResult(
            label=b.label, typology=b.typology, scenario=b.scenario, dwelling_id=b.dwelling_id,
            method="iso52016", conventions=conventions.name,
            reference_area_kind=conventions.reference_area, reference_area_m2=area,
            heating_need_kwh=r.heating_kwh, cooling_need_kwh=r.cooling_kwh,
            monthly_heating_need_kwh=tuple(float(x) for x in r.monthly_heating_kwh),
            monthly_cooling_need_kwh=tuple(float(x) for x in r.monthly_cooling_kwh),
            balance=BalanceTerms(r.transmission_kwh, r.ventilation_kwh, r.solar_kwh,
                                 r.internal_kwh, r.stored_kwh, r.heating_kwh, r.cooling_kwh),
            final_energy_kwh=MappingProxyType(
                {u.use: MappingProxyType(dict(u.final_kwh)) for u in uses}),
            primary_energy_kwh=MappingProxyType(primary),
            primary_energy_factors_source=conventions.primary_energy_factors_source,
            assumptions=tuple(dict.fromkeys(n + tuple(extra))), hourly=hourly,
        ))
    return out


METHODS: tuple[str, ...] = ("thcex", "iso52016")


def simulate_method(
    method: str, buildings: Sequence[BuildingModel], climate: Climate, *,
    climate_zone: str | None = None, altitude_m: float = 0.0, options=None,
) -> list[EnergyResult]:
    """Run one of the two methods, with its own default conventions, on a batch.

    ``method`` is ``"thcex"`` (:func:`perfqual.thcex_api.simulate_thcex`) or ``"iso52016"``
    (:func:`simulate_iso52016`); ``options`` are that engine's numerical options.
    """
    if method == "thcex":
        from perfqual.thcex_api import simulate_thcex

        return simulate_thcex(buildings, climate, climate_zone=climate_zone,
                              altitude_m=altitude_m, options=options)
    if method == "iso52016":
        return simulate_iso52016(buildings, climate, climate_zone=climate_zone,
                                 altitude_m=altitude_m, options=options)
    raise InputError(f"méthode de calcul inconnue « {method} » (thcex ou iso52016)")
