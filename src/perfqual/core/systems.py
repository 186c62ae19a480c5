"""From energy needs to final and primary energy: a small, method-neutral systems layer.

Used by both engines (EN ISO 52016-1 and Th-C-E-ex style). Structure of EN 15316-1:2017
(need → emission → distribution → generation, each as an efficiency, auxiliaries apart) in the
simplified form of the French conventional method 3CL-DPE 2021: C = B / (R_g·R_e·R_d·R_r)
(arrêté du 31 mars 2021, annexe 1, §9; intermittence is handled by the hourly simulation, so
no intermittence factor I is applied to an hourly need). Conventional DHW need, lighting and
auxiliaries after the same method (§11, §16, §15). Primary energy with dated factors given as
inputs (``Conventions.primary_energy_factors``). See ``methods/systemes.md``.

Packaged tables (``perfqual/data``): ``dhw_cold_water_3cl.csv``,
``systems_lighting_hours_3cl.csv``, ``systems_efficiencies_3cl.csv`` (each with its
``.source.md``), loaded through shape-checking loaders below.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from perfqual.errors import InputError

DAYS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
ZONES = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")
# Heat capacity of water used by 3CL-DPE 2021 §11: 1.163 Wh/(L·K).
WATER_HEAT_CAPACITY_WH_PER_LK = 1.163
# Altitude correction of the cold-water temperature (3CL-DPE 2021 §18.2 tables: the 400–800 m and
# > 800 m classes are 2.0 K and 4.0 K below the < 400 m class in every cell, CLIMATE-NOTES §5).
COLD_WATER_ALTITUDE_SHIFT_K = ((400.0, 0.0), (800.0, -2.0), (float("inf"), -4.0))
# 3CL-DPE 2021 §16.1: C = 0.9 (switch), P_ecl = 1.4 W/m².
LIGHTING_SWITCH_FACTOR = 0.9
LIGHTING_POWER_W_PER_M2 = 1.4
HOURS_PER_YEAR = 8760


def _data_rows(name: str) -> list[dict[str, str]]:
    with resources.files("perfqual.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _zone(zone: str) -> str:
    z = zone.strip()
    z = z[:2].upper() + z[2:].lower()
    if z not in ZONES:
        raise InputError(f"zone climatique inconnue : {zone!r} (attendu : {', '.join(ZONES)})")
    return z


@lru_cache(maxsize=1)
def _cold_water_table() -> dict[str, np.ndarray]:
    rows = _data_rows("dhw_cold_water_3cl.csv")
    if [int(r["month"]) for r in rows] != list(range(1, 13)):
        raise RuntimeError("dhw_cold_water_3cl.csv : 12 mois attendus")
    return {z: np.array([float(r[z]) for r in rows]) for z in ZONES}


@lru_cache(maxsize=1)
def _lighting_hours_table() -> dict[str, float]:
    table = {r["zone"]: float(r["hours_per_year"]) for r in _data_rows(
        "systems_lighting_hours_3cl.csv")}
    if set(table) != set(ZONES):
        raise RuntimeError("systems_lighting_hours_3cl.csv : 8 zones attendues")
    return table


@lru_cache(maxsize=1)
def _efficiency_table() -> dict[tuple[str, str], float]:
    table = {}
    for r in _data_rows("systems_efficiencies_3cl.csv"):
        value = float(r["efficiency"])
        if not 0.0 < value <= 1.0:
            raise RuntimeError(f"systems_efficiencies_3cl.csv : rendement invalide {r}")
        table[(r["component"], r["key"])] = value
    return table


def default_efficiency(component: str, key: str) -> float:
    """Conventional default efficiency (3CL-DPE 2021 tables, ``systems_efficiencies_3cl.csv``).

    Examples
    --------
    >>> default_efficiency("regulation", "radiateur_avec_robinet_thermostatique")
    0.95
    """
    table = _efficiency_table()
    if (component, key) not in table:
        known = sorted(k for c, k in table if c == component)
        raise InputError(f"rendement par défaut inconnu : {component}/{key} "
                         f"(valeurs possibles : {', '.join(known) or 'aucune'})")
    return table[(component, key)]


def cold_water_temperature_c(zone: str, altitude_m: float) -> np.ndarray:
    """Monthly cold-water temperature (3CL-DPE 2021 §18.2 ``tefs``) with the altitude class. [°C]

    Examples
    --------
    >>> float(cold_water_temperature_c("H1a", 45.0)[0])
    7.8
    """
    shift = next(s for limit, s in COLD_WATER_ALTITUDE_SHIFT_K if altitude_m < limit)
    return _cold_water_table()[_zone(zone)] + shift


def dhw_need_monthly_kwh(
    n_adult_equivalents: float,
    cold_water_monthly_c: np.ndarray,
    litres_per_day_per_adult_eq: float = 56.0,
    hot_water_temp_c: float = 40.0,
) -> np.ndarray:
    """Conventional monthly DHW need B_ecs = 1.163·N_adeq·V40·(40 − θ_cw)·N_days/1000. [kWh]

    3CL-DPE 2021 §11.1 (56 L/day per adult-equivalent at 40 °C), as coded in Open3CL
    ``11_besoin_ecs.js`` (METHODS-NOTES B.4).

    Examples
    --------
    >>> round(float(dhw_need_monthly_kwh(1.0, np.full(12, 10.5))[0] / 31), 3)
    1.921
    """
    cw = np.asarray(cold_water_monthly_c, dtype=float)
    if cw.shape != (12,):
        raise InputError("température d'eau froide : 12 valeurs mensuelles attendues")
    if n_adult_equivalents < 0 or litres_per_day_per_adult_eq < 0:
        raise InputError(
            "ECS : nombre d'adultes-équivalents et volume journalier positifs attendus")
    dt_k = np.maximum(hot_water_temp_c - cw, 0.0)
    return (WATER_HEAT_CAPACITY_WH_PER_LK * n_adult_equivalents * litres_per_day_per_adult_eq
            * dt_k * DAYS_PER_MONTH / 1000.0)


def lighting_consumption_kwh(
    area_m2: float, zone: str, power_w_per_m2: float = LIGHTING_POWER_W_PER_M2,
    switch_factor: float = LIGHTING_SWITCH_FACTOR,
) -> float:
    """Conventional lighting electricity C_ecl = C·P_ecl·N_h/1000·S (3CL-DPE 2021 §16.1). [kWh]

    Examples
    --------
    >>> round(lighting_consumption_kwh(100.0, "H1a"), 1)
    189.0
    """
    if area_m2 <= 0:
        raise InputError(f"éclairage : surface non positive ({area_m2} m²)")
    return switch_factor * power_w_per_m2 * _lighting_hours_table()[_zone(zone)] * area_m2 / 1000.0


def final_energy_kwh(need_kwh: float, *efficiencies: float) -> float:
    """Final energy = need / Π efficiencies (EN 15316-1 expenditure chain, 3CL form). [kWh]

    Examples
    --------
    >>> round(final_energy_kwh(1000.0, 0.9, 0.95, 0.9), 3)
    1299.545
    """
    if need_kwh < 0:
        raise InputError(f"besoin négatif ({need_kwh} kWh)")
    product = 1.0
    for eff in efficiencies:
        if not eff > 0:
            raise InputError(f"rendement ou performance non positif ({eff})")
        product *= eff
    return need_kwh / product


def storage_loss_kwh(loss_w_per_k: float, storage_temp_c: float = 55.0,
                     ambient_temp_c: float = 20.0, hours: float = HOURS_PER_YEAR) -> float:
    """Standing loss of a hot-water tank UA·(θ_store − θ_amb)·t/1000. [kWh]

    The storage (55 °C) and ambient (20 °C) temperatures are perfqual assumptions, inputs,
    stated in ``methods/systemes.md``.
    """
    if loss_w_per_k < 0:
        raise InputError("pertes du ballon : coefficient négatif")
    return loss_w_per_k * max(storage_temp_c - ambient_temp_c, 0.0) * hours / 1000.0


@dataclass(frozen=True)
class UseEnergy:
    """Final energy of one use, by carrier. [kWh]"""

    use: str
    final_kwh: Mapping[str, float]


def primary_energy_kwh(uses: list[UseEnergy], factors: Mapping[str, float]) -> dict[str, float]:
    """Primary energy per use: Σ_carrier final × factor (factors dated, an input). [kWh_ep]

    Examples
    --------
    >>> primary_energy_kwh([UseEnergy("eclairage", {"electricite": 100.0})],
    ...                    {"electricite": 2.3})
    {'eclairage': 229.99999999999997}
    """
    out: dict[str, float] = {}
    for u in uses:
        total = 0.0
        for carrier, kwh in u.final_kwh.items():
            if carrier not in factors:
                raise InputError(f"facteur d'énergie primaire absent pour l'énergie « {carrier} »")
            total += kwh * factors[carrier]
        out[u.use] = out.get(u.use, 0.0) + total
    return out
