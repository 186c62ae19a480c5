"""Packaged monthly statistics of the representative station of each climate zone.

Tables ``perfqual/data/climate_stations.csv`` (one row per climate key) and
``perfqual/data/climate_monthly.csv`` (one row per key × month × quantity, each with its
status ``source`` / ``derive`` / ``hypothese`` and its source text); provenance in
``climate_monthly.source.md``. Rows are validated by pydantic models on load.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from perfqual.climate.stats import MonthlyStats
from perfqual.climate.zones import ZONES
from perfqual.errors import InputError

Quantity = Literal[
    "temp_mean_c", "temp_daily_range_k", "ghi_kwh_per_m2", "rel_humidity_pct",
    "wind_speed_m_per_s",
]
Status = Literal["source", "derive", "hypothese"]
StationStatus = Literal[
    "conventionnelle", "regionale", "substitut_meme_zone", "substitut_autre_zone"
]

QUANTITY_LABELS_FR: dict[str, str] = {
    "temp_mean_c": "température moyenne mensuelle",
    "temp_daily_range_k": "amplitude journalière de température",
    "ghi_kwh_per_m2": "irradiation globale horizontale mensuelle",
    "rel_humidity_pct": "humidité relative moyenne",
    "wind_speed_m_per_s": "vitesse moyenne du vent",
}
_UNITS = {"temp_mean_c": "°C", "temp_daily_range_k": "K", "ghi_kwh_per_m2": "kWh/m²",
          "rel_humidity_pct": "%", "wind_speed_m_per_s": "m/s"}


class StationRow(BaseModel):
    """One row of ``climate_stations.csv``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cle: str = Field(min_length=2)
    zone: Literal["H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"]
    station: str = Field(min_length=1)
    station_conventionnelle: str = Field(min_length=1)
    latitude_deg: float = Field(ge=41.0, le=51.5)
    longitude_deg: float = Field(ge=-5.5, le=10.0)
    altitude_m: float = Field(ge=-10.0, le=4810.0)
    utc_offset_h: float
    statut_station: StationStatus
    k_rs: float | None = Field(default=None, gt=0.0, lt=1.0)
    statut_coordonnees: Status
    source_coordonnees: str = Field(min_length=1)
    departements_regionaux: str = ""


class MonthlyRow(BaseModel):
    """One row of ``climate_monthly.csv``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cle: str = Field(min_length=2)
    station: str = Field(min_length=1)
    mois: int = Field(ge=1, le=12)
    grandeur: Quantity
    valeur: float
    unite: str
    statut: Status
    source: str = Field(min_length=10)


@dataclass(frozen=True)
class StationClimate:
    """The monthly statistics of one climate key and what is assumed in them.

    Attributes
    ----------
    station : StationRow
        Station metadata.
    stats : MonthlyStats
        The twelve monthly values of each quantity.
    assumptions : tuple of str
        French sentences, one per quantity (or coordinate) without a citable source and one
        for a substitute station; to be carried by every climate built from these values.
    sources : tuple of str
        French sentences naming the source of each sourced/derived quantity.
    """

    station: StationRow
    stats: MonthlyStats
    assumptions: tuple[str, ...]
    sources: tuple[str, ...]


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("perfqual.data").joinpath(name)
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def station_table() -> dict[str, StationRow]:
    """All climate keys and their station (validated)."""
    rows = [StationRow.model_validate({k: (v if v != "" or k == "departements_regionaux"
                                           else None) for k, v in r.items()})
            for r in _read_csv("climate_stations.csv")]
    table = {r.cle: r for r in rows}
    if set(ZONES) - set(table):
        raise RuntimeError("climate_stations.csv : une zone climatique n'a pas de station")
    return table


def climate_keys() -> tuple[str, ...]:
    """Accepted climate keys: the 8 zones and the regional keys (e.g. ``H1a-bassin-minier``)."""
    return tuple(station_table())


def normalise_key(key: str) -> str:
    """Canonical spelling of a climate key (case-insensitive); French InputError if unknown."""
    table = station_table()
    folded = {k.lower(): k for k in table}
    canonical = folded.get(str(key).strip().lower())
    if canonical is None:
        raise InputError(
            f"zone climatique « {key} » inconnue (valeurs possibles : {', '.join(table)})"
        )
    return canonical


def regional_key_for_departement(dep: str) -> str | None:
    """Regional climate key whose station represents a département better than the zone's."""
    for key, row in station_table().items():
        if dep in row.departements_regionaux.split():
            return key
    return None


@lru_cache(maxsize=1)
def _monthly_rows() -> dict[str, list[MonthlyRow]]:
    by_key: dict[str, list[MonthlyRow]] = defaultdict(list)
    for r in _read_csv("climate_monthly.csv"):
        row = MonthlyRow.model_validate(r)
        if row.unite != _UNITS[row.grandeur]:
            raise RuntimeError(f"climate_monthly.csv : unité {row.unite} pour {row.grandeur}")
        by_key[row.cle].append(row)
    return dict(by_key)


def _describe(station: StationRow, rows: list[MonthlyRow]) -> tuple[list[str], list[str]]:
    assumptions, sources = [], []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        mark = (row.grandeur, row.statut, row.source)
        if mark in seen:
            continue
        seen.add(mark)
        text = f"{QUANTITY_LABELS_FR[row.grandeur]} ({row.station}) : {row.source}"
        (assumptions if row.statut == "hypothese" else sources).append(text)
    if station.statut_station.startswith("substitut"):
        where = "de la même zone" if station.statut_station == "substitut_meme_zone" else \
            "d'une autre zone (aucune station de la zone n'a de données citables)"
        assumptions.insert(0, (
            f"station de substitution : {station.station}, station {where}, au lieu de la "
            f"station représentative de la zone {station.zone} ({station.station_conventionnelle})"
        ))
    if station.statut_coordonnees == "hypothese":
        assumptions.append(f"coordonnées de {station.station} : {station.source_coordonnees}")
    return assumptions, sources


@lru_cache(maxsize=32)
def station_climate(key: str) -> StationClimate:
    """Monthly statistics of a climate key, with their assumptions.

    Parameters
    ----------
    key : str
        "H1a" … "H3" or a regional key such as "H1a-bassin-minier" (case-insensitive).

    Returns
    -------
    StationClimate

    Raises
    ------
    InputError
        Unknown key.
    """
    key = normalise_key(key)
    station = station_table()[key]
    rows = _monthly_rows().get(key, [])
    values: dict[str, list[float | None]] = {q: [None] * 12 for q in _UNITS}
    for row in rows:
        if values[row.grandeur][row.mois - 1] is not None:
            raise RuntimeError(f"climate_monthly.csv : doublon {key} {row.grandeur} {row.mois}")
        values[row.grandeur][row.mois - 1] = row.valeur
    missing = [q for q, v in values.items() if any(x is None for x in v)]
    if missing:
        raise RuntimeError(f"climate_monthly.csv : {key} incomplet ({', '.join(missing)})")
    stats = MonthlyStats(
        temp_mean_c=values["temp_mean_c"],
        temp_daily_range_k=values["temp_daily_range_k"],
        ghi_kwh_per_m2=values["ghi_kwh_per_m2"],
        rel_humidity_frac=[v / 100.0 for v in values["rel_humidity_pct"]],  # type: ignore[operator]
        wind_speed_m_per_s=values["wind_speed_m_per_s"],
    )
    assumptions, sources = _describe(station, rows)
    return StationClimate(station, stats, tuple(assumptions), tuple(sources))
