"""Legal limits of the "3e ligne de quittance" (contribution au partage de l'économie de charges).

The limits are versioned data (``perfqual/data/troisieme_ligne.yaml``, sources in
``troisieme_ligne.source.md``), loaded through :class:`TroisiemeLigneTable`. For the social
sector the share and duration caps were not retrieved: the private-sector values of art. 23-1
loi n° 89-462 are applied by analogy and every output says so (``confidence == "ANALOGIE"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from perfqual.errors import InputError, NotImplementedMethodError

Confidence = str  # "SRC" | "ANALOGIE"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


class Regime(BaseModel):
    """Limits of one legal regime."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    valid_from: str
    max_share_of_saving_frac: Decimal = Field(gt=0, le=1)
    max_share_source: str
    max_share_confidence: Confidence
    max_duration_months: int = Field(gt=0)
    max_duration_source: str
    max_duration_confidence: Confidence
    eligibility_rule: str


class AltitudeBand(BaseModel):
    """Coefficient b of the Cep threshold up to an altitude."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_altitude_m: float
    b: Decimal


class EligibilityRule(BaseModel):
    """Eligible works: enough actions (1°) or a Cep threshold (2°)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    source: str
    min_actions: int = Field(gt=0)
    actions: dict[str, str]
    cep_threshold_source: str
    cep_high_before_kwhep_per_m2: Decimal
    cep_after_if_high_kwhep_per_m2: Decimal
    cep_after_otherwise_kwhep_per_m2: Decimal
    zone_coefficient_a: dict[str, Decimal]
    altitude_coefficient_b: tuple[AltitudeBand, ...] = Field(min_length=1)


class TroisiemeLigneTable(BaseModel):
    """The whole data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    regimes: dict[str, Regime]
    eligibility_rules: dict[str, EligibilityRule]


@lru_cache(maxsize=1)
def load_table() -> TroisiemeLigneTable:
    """Load and validate ``data/troisieme_ligne.yaml``."""
    text = (DATA_DIR / "troisieme_ligne.yaml").read_text(encoding="utf-8")
    table = TroisiemeLigneTable.model_validate(yaml.safe_load(text))
    for name, regime in table.regimes.items():
        if regime.eligibility_rule not in table.eligibility_rules:
            raise ValueError(f"régime {name} : règle d'éligibilité inconnue")
    return table


def get_regime(regime_id: str) -> Regime:
    """The regime of that id, with a French error listing the known ones."""
    table = load_table()
    if regime_id not in table.regimes:
        known = ", ".join(sorted(table.regimes))
        raise InputError(f"régime de 3e ligne « {regime_id} » inconnu (régimes : {known})")
    return table.regimes[regime_id]


@dataclass(frozen=True)
class Eligibility:
    """Outcome of the eligibility check of the works (whole operation)."""

    is_eligible: bool | None  # None = not demonstrated (no data given)
    reason_fr: str
    source: str


def check_eligibility(
    rule: EligibilityRule,
    actions: tuple[str, ...] = (),
    cep_before_kwhep_per_m2: float | None = None,
    cep_after_kwhep_per_m2: float | None = None,
    climate_zone: str | None = None,
    altitude_m: float | None = None,
) -> Eligibility:
    """Check that the works open the right to a 3e ligne (art. R*442-27 CCH, 2009 wording).

    1° at least ``rule.min_actions`` actions of the list (declared by the user, who vouches
    that each meets the RT existant element requirements), or 2° Cep after works ≤ 150·(a+b)
    when Cep before ≥ 180·(a+b), else ≤ 80·(a+b) kWhEP/(m² SHON·an) (arrêté du 23 novembre
    2009). Either route suffices.

    Examples
    --------
    >>> rule = load_table().eligibility_rules["r442_27_2009"]
    >>> check_eligibility(rule, actions=("isolation_murs", "parois_vitrees")).is_eligible
    True
    >>> check_eligibility(rule, cep_before_kwhep_per_m2=320, cep_after_kwhep_per_m2=150,
    ...                   climate_zone="H1a", altitude_m=40).is_eligible
    True
    """
    unknown = [a for a in actions if a not in rule.actions]
    if unknown:
        known = ", ".join(rule.actions)
        raise InputError(f"action(s) inconnue(s) : {', '.join(unknown)} (actions : {known})")
    n = len(set(actions))
    if n >= rule.min_actions:
        return Eligibility(True, f"{n} actions éligibles déclarées (1°, au moins "
                           f"{rule.min_actions})", rule.source)
    if cep_before_kwhep_per_m2 is None or cep_after_kwhep_per_m2 is None:
        return Eligibility(None, f"{n} action(s) déclarée(s) sur {rule.min_actions} requises et "
                           "Cep avant/après non fournis : éligibilité non démontrée", rule.source)
    return _cep_route(rule, cep_before_kwhep_per_m2, cep_after_kwhep_per_m2, climate_zone,
                      altitude_m)


def _cep_route(rule: EligibilityRule, cep_before: float, cep_after: float,
               climate_zone: str | None, altitude_m: float | None) -> Eligibility:
    if climate_zone is None or climate_zone not in rule.zone_coefficient_a:
        raise InputError(f"zone climatique « {climate_zone} » inconnue pour le seuil Cep "
                         f"(zones : {', '.join(rule.zone_coefficient_a)})")
    if altitude_m is None:
        raise InputError("altitude de l'opération nécessaire pour le seuil Cep")
    b = next((band.b for band in rule.altitude_coefficient_b
              if altitude_m <= band.max_altitude_m), None)
    if b is None:
        raise NotImplementedMethodError(
            f"coefficient b d'altitude au-delà de "
            f"{rule.altitude_coefficient_b[-1].max_altitude_m:g} m : bornes illisibles dans la "
            "source, non implémenté")
    ab = rule.zone_coefficient_a[climate_zone] + b
    high = Decimal(repr(float(cep_before))) >= rule.cep_high_before_kwhep_per_m2 * ab
    limit = (rule.cep_after_if_high_kwhep_per_m2 if high
             else rule.cep_after_otherwise_kwhep_per_m2) * ab
    ok = Decimal(repr(float(cep_after))) <= limit
    reason = (f"2° : Cep après {cep_after:g} {'≤' if ok else '>'} {limit} kWhEP/(m²·an) "
              f"(Cep avant {cep_before:g}, a+b = {ab})")
    return Eligibility(ok, reason, rule.cep_threshold_source)
