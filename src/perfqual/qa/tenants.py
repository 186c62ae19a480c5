"""Flags of the tenants' balance (approval check before works).

Each flag names the tenant by its pseudonymous id only. Blocking flags make the approval gate
``perfqual locataires bilan`` exit with code 1:

========================================  ==========================================  ========
code                                      rule                                        blocking
========================================  ==========================================  ========
``LOYER_AU_DESSUS_DU_PLAFOND``            rent after > SU after × cap per m²          yes
``HAUSSE_NON_COUVERTE``                   Δrent + 3e ligne ≥ forecast fall of charges  yes
``PERTE_POUVOIR_ACHAT``                   net monthly gain < 0                        yes
``TROISIEME_LIGNE_PART``                  3e ligne > max share × forecast saving      yes
``TROISIEME_LIGNE_DUREE``                 duration > max duration                     yes
``TROISIEME_LIGNE_ELIGIBILITE``           works not eligible, or not demonstrated     yes
``PLAFOND_REDUIT``                        rent cap lowered by a smaller useful area   no
========================================  ==========================================  ========

Sources: DOMAIN-NOTES E.1 (cap), E.2 (3e ligne limits, data file ``troisieme_ligne.yaml``),
E.5 (purchasing-power rule of the référentiel, [DERIVED]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfqual.finance.balance import TenantBalance
from perfqual.finance.ledger import format_eur, round_cent
from perfqual.finance.troisieme_ligne import Eligibility, Regime

SOURCE_CAP = "loyer maximal de convention APL = SU × loyer maximal au m² (circulaire, annexe 6)"
SOURCE_RULE = "référentiel : gain de pouvoir d'achat du locataire (DOMAIN-NOTES E.5)"


@dataclass(frozen=True)
class TenantFlag:
    """One flag raised on one tenant for one method."""

    code: str
    tenant_id: str
    dwelling_id: str
    method: str
    is_blocking: bool
    message_fr: str
    value: str
    limit: str
    source: str


def _m2(area_m2: float) -> str:
    return f"{area_m2:.2f}".replace(".", ",")


def _text(value: object) -> str:
    """Decimal shown to the cent when exact at the cent, else in full (never rounded)."""
    if not isinstance(value, Decimal):
        return str(value)
    shown = round_cent(value) if round_cent(value) == value else value
    return str(shown).replace(".", ",")


def _flag(b: TenantBalance, code: str, blocking: bool, msg: str, value: object, limit: object,
          source: str) -> TenantFlag:
    return TenantFlag(code, b.tenant_id, b.dwelling_id, b.method, blocking, msg, _text(value),
                      _text(limit), source)


def flag_rent_above_cap(b: TenantBalance) -> TenantFlag | None:
    """Rent after works above the cap computed on the useful area after works."""
    if b.rent_after_eur_per_month <= b.rent_cap_after_eur_per_month:
        return None
    return _flag(b, "LOYER_AU_DESSUS_DU_PLAFOND", True,
                 f"loyer après travaux {format_eur(b.rent_after_eur_per_month)} € > plafond "
                 f"{format_eur(b.rent_cap_after_eur_per_month)} € "
                 f"(SU après {_m2(b.useful_area_after_m2)} m²)",
                 b.rent_after_eur_per_month, b.rent_cap_after_eur_per_month, SOURCE_CAP)


def flag_cap_lowered(b: TenantBalance) -> TenantFlag | None:
    """Information: the cap falls because the useful area falls (interior insulation)."""
    if b.rent_cap_change_eur_per_month >= 0:
        return None
    return _flag(b, "PLAFOND_REDUIT", False,
                 "plafond de loyer réduit de "
                 f"{format_eur(-b.rent_cap_change_eur_per_month)} €/mois "
                 f"(SU {_m2(b.useful_area_before_m2)} → {_m2(b.useful_area_after_m2)} m²)",
                 b.rent_cap_after_eur_per_month, b.rent_cap_before_eur_per_month, SOURCE_CAP)


def flag_rise_not_covered(b: TenantBalance) -> TenantFlag | None:
    """Rent increase (plus 3e ligne) not strictly below the forecast fall of charges."""
    rise = b.rent_change_eur_per_month + b.contribution_eur_per_month
    fall = b.charges_fall_eur_per_month
    if rise < fall:
        return None
    return _flag(b, "HAUSSE_NON_COUVERTE", True,
                 f"hausse de loyer + 3e ligne ({format_eur(rise)} €/mois) ≥ baisse prévue des "
                 f"charges ({format_eur(fall)} €/mois, méthode {b.method})",
                 rise, fall, SOURCE_RULE)


def flag_loss(b: TenantBalance) -> TenantFlag | None:
    """Net monthly gain negative: the tenant loses purchasing power."""
    if not b.loses_purchasing_power:
        return None
    return _flag(b, "PERTE_POUVOIR_ACHAT", True,
                 "perte de pouvoir d'achat : gain net "
                 f"{format_eur(b.net_gain_eur_per_month)} €/mois "
                 f"(méthode {b.method})", b.net_gain_eur_per_month, "0.00", SOURCE_RULE)


def _analogy(confidence: str) -> str:
    return " [hypothèse par analogie, texte du parc social non retrouvé]" if (
        confidence == "ANALOGIE") else ""


def flag_contribution_share(b: TenantBalance, regime: Regime) -> TenantFlag | None:
    """3e ligne above the maximum share of the forecast monthly saving."""
    if b.contribution_eur_per_month == 0:
        return None
    limit = regime.max_share_of_saving_frac * max(b.charges_fall_eur_per_month, 0)
    if b.contribution_eur_per_month <= limit:
        return None
    return _flag(b, "TROISIEME_LIGNE_PART", True,
                 f"3e ligne {format_eur(b.contribution_eur_per_month)} €/mois > "
                 f"{regime.max_share_of_saving_frac * 100:.0f} % de l'économie prévue "
                 f"({format_eur(b.charges_fall_eur_per_month)} €/mois)"
                 + _analogy(regime.max_share_confidence),
                 b.contribution_eur_per_month, limit, regime.max_share_source)


def flag_contribution_duration(b: TenantBalance, regime: Regime) -> TenantFlag | None:
    """3e ligne lasting longer than the legal maximum."""
    months = b.contribution_duration_months
    if b.contribution_eur_per_month == 0 or months is None or months <= regime.max_duration_months:
        return None
    return _flag(b, "TROISIEME_LIGNE_DUREE", True,
                 f"3e ligne sur {months} mois > {regime.max_duration_months} mois"
                 + _analogy(regime.max_duration_confidence),
                 months, regime.max_duration_months, regime.max_duration_source)


def flag_contribution_eligibility(b: TenantBalance, eligibility: Eligibility) -> TenantFlag | None:
    """3e ligne asked while the works are not (shown to be) eligible."""
    if b.contribution_eur_per_month == 0 or eligibility.is_eligible:
        return None
    state = ("travaux non éligibles" if eligibility.is_eligible is False
             else "éligibilité des travaux non démontrée")
    return _flag(b, "TROISIEME_LIGNE_ELIGIBILITE", True,
                 f"3e ligne demandée, {state} : {eligibility.reason_fr}",
                 eligibility.reason_fr, "travaux éligibles", eligibility.source)


def tenant_flags(
    balances: Sequence[TenantBalance], regime: Regime, eligibility: Eligibility
) -> list[TenantFlag]:
    """All flags of all balances, in the order of the balances then of the table above."""
    out: list[TenantFlag] = []
    for b in balances:
        for flag in (
            flag_rent_above_cap(b),
            flag_rise_not_covered(b),
            flag_loss(b),
            flag_contribution_share(b, regime),
            flag_contribution_duration(b, regime),
            flag_contribution_eligibility(b, eligibility),
            flag_cap_lowered(b),
        ):
            if flag is not None:
                out.append(flag)
    return out
