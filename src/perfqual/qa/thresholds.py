"""Performance thresholds as versioned data (``data/thresholds.csv``) and their checks.

Every threshold row carries its value, unit, comparison, validity dates, confidence tag and
source; :func:`check` returns a :class:`CheckResult` (value, limit, unit, margin, passed,
method, source). Programmes:

* ``erbm_150`` — ERBM programme minimum, 150 kWh_ep/(m²·an) (origin of the figure not found:
  tagged OPEN);
* ``region_130`` — Région Hauts-de-France, 130 (tagged OPEN);
* ``bbc_renovation`` — BBC rénovation 2009, 80 × (a + b) with a by zone and b by altitude
  (104 in H1a below 400 m); ``hpe_renovation`` 150 × (a + b);
* ``cepmax`` — the RT existant Cepmax (arrêté du 13 juin 2008, art. 13), heating + cooling +
  DHW, by zone group and heating energy, dated;
* DPE 2021 classes (double threshold energy / GHG) for information: :func:`dpe_class`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perfqual.errors import InputError

ZONES = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")
Kind = Literal["limit", "formula", "coef_a", "coef_b", "cepmax", "dpe_energie", "dpe_ges"]

# Names users may give to ``perfqual verifier --seuil``.
ALIASES = {
    "150": "erbm_150", "erbm": "erbm_150", "erbm_150": "erbm_150",
    "130": "region_130", "region": "region_130", "region_130": "region_130",
    "104": "bbc_renovation", "bbc": "bbc_renovation", "bbc_renovation": "bbc_renovation",
    "hpe": "hpe_renovation", "hpe_renovation": "hpe_renovation",
    "cepmax": "cepmax", "rt_existant": "cepmax",
}


class ThresholdRow(BaseModel):
    """One row of ``data/thresholds.csv`` (shape-checked when the table is loaded)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    kind: Kind
    label_fr: str
    scope: Literal["cep_5_usages", "cep_ch_fr_ecs", "ges_5_usages", ""]
    zone: str
    altitude_min_m: float | None
    altitude_max_m: float | None
    heating_energy: Literal["combustible", "electrique", ""]
    valid_from: dt.date | None
    valid_to: dt.date | None
    value: float
    unit: str
    comparison: Literal["<=", "<", ""]
    confidence: Literal["SRC", "STD-K", "OPEN", "DERIVED"]
    source: str


@dataclass(frozen=True)
class CheckResult:
    """Result of one threshold check (STYLE B9)."""

    threshold_id: str
    label: str
    value: float
    limit: float
    unit: str
    margin: float  # limit − value: positive when the limit is met with room to spare
    passed: bool
    method: str  # calculation method that produced the value ("thcex", "iso52016")
    source: str
    scope: str
    confidence: str


@lru_cache(maxsize=1)

def _fr(value: float) -> str:
    """Number in French for labels (decimal comma): 1.3 -> « 1,3 »."""
    return f"{value:g}".replace(".", ",")

def load_thresholds() -> tuple[ThresholdRow, ...]:
    """Rows of the packaged threshold table, validated."""
    text = resources.files("perfqual.data").joinpath("thresholds.csv").read_text("utf-8")
    rows = []
    for line, raw in enumerate(csv.DictReader(text.splitlines()), start=2):
        clean = {k: (v if v != "" else None) for k, v in raw.items()}
        for key in ("label_fr", "scope", "zone", "heating_energy", "comparison"):
            clean[key] = clean[key] or ""
        try:
            rows.append(ThresholdRow.model_validate(clean))
        except ValidationError as exc:
            raise InputError(f"ligne {line} invalide : {exc}", "data/thresholds.csv") from exc
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise InputError("identifiants en double", "data/thresholds.csv")
    return tuple(rows)


def _row(threshold_id: str) -> ThresholdRow:
    for r in load_thresholds():
        if r.id == threshold_id:
            return r
    raise InputError(f"seuil « {threshold_id} » inconnu")


def _check_zone(zone: str) -> str:
    for z in ZONES:
        if z.lower() == str(zone).strip().lower():
            return z
    raise InputError(f"zone climatique « {zone} » inconnue ({', '.join(ZONES)})")


def _in_band(r: ThresholdRow, altitude_m: float) -> bool:
    low = r.altitude_min_m if r.altitude_min_m is not None else float("-inf")
    high = r.altitude_max_m if r.altitude_max_m is not None else float("inf")
    return (low < altitude_m <= high) if low > float("-inf") else altitude_m <= high


def coefficient_a(zone: str) -> float:
    """Coefficient a of the 2009 labels by climate zone (thresholds.csv, rows coef_a_*).

    Examples
    --------
    >>> coefficient_a("H1a")
    1.3
    """
    z = _check_zone(zone)
    return next(r.value for r in load_thresholds() if r.kind == "coef_a" and r.zone == z)


def coefficient_b(altitude_m: float) -> float:
    """Coefficient b of the 2009 labels by altitude (≤ 400 m: 0; ≤ 800 m: 0.1; above: 0.2).

    Examples
    --------
    >>> coefficient_b(450.0)
    0.1
    """
    if not -10.0 <= altitude_m <= 4810.0:
        raise InputError(f"altitude hors domaine ({altitude_m} m)")
    return next(r.value for r in load_thresholds()
                if r.kind == "coef_b" and _in_band(r, altitude_m))


def zone_group(zone: str) -> str:
    """H1, H2 or H3 (the Cepmax table is by zone group)."""
    return _check_zone(zone)[:2]


def limit_value(threshold_id: str, zone: str, altitude_m: float, heating_energy: str = "",
                date: dt.date | None = None) -> tuple[float, ThresholdRow]:
    """The numeric limit of a programme for a site (and heating energy for the Cepmax).

    Examples
    --------
    >>> round(limit_value("bbc_renovation", "H1a", 500.0)[0], 9)
    112.0
    """
    tid = ALIASES.get(str(threshold_id).strip().lower(), threshold_id)
    if tid == "cepmax":
        return _cepmax(zone, heating_energy, date or dt.date.today())
    r = _row(tid)
    if r.kind == "formula":
        return r.value * (coefficient_a(zone) + coefficient_b(altitude_m)), r
    if r.kind != "limit":
        raise InputError(f"« {tid} » n'est pas un seuil de performance")
    return r.value, r


def _cepmax(zone: str, heating_energy: str, date: dt.date) -> tuple[float, ThresholdRow]:
    energy = {"gaz": "combustible", "fioul": "combustible", "gpl": "combustible",
              "charbon": "combustible", "bois": "combustible", "electricite": "electrique",
              "reseau_chaleur": "electrique"}.get(heating_energy, heating_energy)
    if energy not in ("combustible", "electrique"):
        raise InputError(f"Cepmax : énergie de chauffage « {heating_energy} » non reconnue")
    group = zone_group(zone)
    for r in load_thresholds():
        if (r.kind == "cepmax" and r.zone == group and r.heating_energy == energy
                and (r.valid_from is None or r.valid_from <= date)
                and (r.valid_to is None or date <= r.valid_to)):
            return r.value, r
    raise InputError(f"Cepmax introuvable ({group}, {energy}, {date})")  # pragma: no cover


def check(threshold_id: str, value: float, *, zone: str, altitude_m: float, method: str,
          heating_energy: str = "", date: dt.date | None = None) -> CheckResult:
    """Check a Cep value against a programme threshold.

    Parameters
    ----------
    threshold_id : str
        Identifier or alias ("150", "130", "104", "bbc", "cepmax", "erbm_150"…).
    value : float
        Cep on the scope of the threshold (5 uses, or heating + cooling + DHW for the Cepmax).
        [kWh_ep/(m²·an)]
    zone, altitude_m : str, float
        Site climate zone and altitude.
    method : str
        Method that produced the value (reported, not used).
    heating_energy : str
        Carrier of the heating (Cepmax only).
    """
    limit, row = limit_value(threshold_id, zone, altitude_m, heating_energy, date)
    passed = value <= limit if row.comparison == "<=" else value < limit
    label = row.label_fr
    if row.kind == "formula":
        label = (f"{row.label_fr} = {_fr(row.value)} × ({_fr(coefficient_a(zone))} + "
                 f"{_fr(coefficient_b(altitude_m))})")
    return CheckResult(threshold_id=row.id if row.kind != "cepmax" else "cepmax", label=label,
                       value=float(value), limit=float(limit), unit=row.unit,
                       margin=float(limit - value), passed=bool(passed), method=method,
                       source=row.source, scope=row.scope, confidence=row.confidence)


def dpe_class(energy_kwh_per_m2: float, ghg_kg_per_m2: float | None, zone: str,
              altitude_m: float) -> dict[str, str | None]:
    """DPE 2021 classes (energy, GHG and the overall class = the worse of the two).

    For information: the value must come from the DPE method (3CL-DPE 2021 conventions,
    surface habitable); the "small dwelling" limits of 2024 are not implemented.

    Examples
    --------
    >>> dpe_class(105.0, 12.0, "H1a", 45.0)
    {'energie': 'B', 'ges': 'C', 'dpe': 'C'}
    """
    z = _check_zone(zone)
    mountain = z in ("H1b", "H1c", "H2d") and altitude_m > 800.0

    def classify(kind: str, value: float) -> str:
        bounds = {}
        for r in load_thresholds():
            if r.kind != kind:
                continue
            is_mountain_row = r.zone != ""
            if is_mountain_row and not mountain:
                continue
            if not is_mountain_row and mountain and r.label_fr in ("E", "F"):
                continue
            bounds[r.label_fr] = r.value
        for letter in "ABCDEF":
            if value < bounds[letter]:
                return letter
        return "G"

    e = classify("dpe_energie", energy_kwh_per_m2)
    g = classify("dpe_ges", ghg_kg_per_m2) if ghg_kg_per_m2 is not None else None
    overall = max(e, g) if g is not None else None
    return {"energie": e, "ges": g, "dpe": overall}
