"""Useful area (surface utile) and the rent cap of a conventioned social dwelling.

References
----------
.. [1] DGUHC, « La surface utile » (réglementation, mise à jour) ; ANIL, « Loyer conventionné :
   surface utile » (1996). SU = surface habitable + ½ × surfaces annexes.
.. [2] Circulaire annuelle des loyers, annexe 6 : loyer maximal du logement = SU × loyer maximal
   de l'opération (€/m²/mois) × coefficient propre au logement.
   https://www.financement-logement-social.logement.gouv.fr/spip.php?page=article_print&id_article=1287
"""

from __future__ import annotations

from decimal import Decimal

from perfqual.errors import InputError
from perfqual.finance.ledger import round_cent, to_decimal


def useful_area_m2(
    living_area_m2: float, annex_area_m2: float = 0.0, annex_half_cap_m2: float | None = None
) -> float:
    """Useful area SU = living area + ½ × annex area, the added half optionally capped.

    Parameters
    ----------
    living_area_m2 : float
        Surface habitable (CCH, definition of R.111-2 as cited by the DGUHC [1]). [m²]
    annex_area_m2 : float
        Annex areas (cellars, balconies, loggias...) counted in SU. [m²]
    annex_half_cap_m2 : float, optional
        Cap of the added half-annex area set by some conventions (e.g. 8 m² per dwelling for
        ANAH conventions); a per-convention input, None = no cap. [m²]

    Returns
    -------
    float
        Useful area. [m²]

    Examples
    --------
    >>> useful_area_m2(62.0, 9.0)
    66.5
    >>> useful_area_m2(62.0, 20.0, annex_half_cap_m2=8.0)
    70.0
    """
    if living_area_m2 <= 0 or annex_area_m2 < 0:
        raise InputError("surface habitable > 0 et surfaces annexes ≥ 0 attendues")
    half = annex_area_m2 / 2.0
    if annex_half_cap_m2 is not None:
        half = min(half, annex_half_cap_m2)
    return living_area_m2 + half


def living_area_after_interior_insulation_m2(
    living_area_before_m2: float, lining_thickness_m: float, lined_wall_length_m: float
) -> float:
    """Living area left after an interior insulation lining (ITI).

    ΔSH = − e × L, with e the total thickness of the lining (insulation, plasterboard and air
    gap) and L the length of the lined walls measured inside. This is a geometric consequence
    [DERIVED, DOMAIN-NOTES E.1]; corners are counted once per wall (slight over-estimate of
    the loss at re-entrant corners, under-estimate at salient ones).

    Examples
    --------
    >>> round(living_area_after_interior_insulation_m2(62.0, 0.12, 25.0), 10)
    59.0
    """
    if lining_thickness_m < 0 or lined_wall_length_m < 0:
        raise InputError("épaisseur de doublage et longueur de murs doublés ≥ 0 attendues")
    after = living_area_before_m2 - lining_thickness_m * lined_wall_length_m
    if after <= 0:
        raise InputError("le doublage intérieur annule la surface habitable : données incohérentes")
    return after


def rent_cap_eur_per_month(useful_area_m2_: float, cap_eur_per_m2_month: Decimal) -> Decimal:
    """Monthly rent cap of a dwelling, rounded to the cent (ledger rounding point 2).

    Loyer maximal = SU × loyer maximal par m² applicable au logement [2]. The per-m² value is
    the one of the convention with its coefficients (structure, local margin, coefficient
    propre au logement) already applied: those rules are in the convention, not recomputed.

    Examples
    --------
    >>> rent_cap_eur_per_month(66.5, Decimal("5.55"))
    Decimal('369.08')
    """
    return round_cent(to_decimal(useful_area_m2_) * cap_eur_per_m2_month)
