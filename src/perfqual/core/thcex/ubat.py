r"""Ubât, Ubât-base and Ubât-max of the RT existant globale (arrêté du 13 juin 2008, art. 44).

:math:`U_{bat} = (\sum b_i U_i A_i + \sum b_j \psi_j L_j) / \sum A_i` over the walls in contact
with the exterior, the ground or unheated spaces (Th-U form);
:math:`U_{bat,base} = (\sum_{i=1}^{7} a_i A_i + \sum_{j=8}^{10} a_j L_j) / \sum A_i`;
housing: :math:`U_{bat,max} = 1.25\, C_{td}\, U_{bat,base}` with
:math:`C_{td}` = (total envelope area, party walls included) / (A1 + … + A7).

The a_i of art. 44 are the reference values of Titre II (METHODS-NOTES C.2, [SRC] A08-21…44,
with the ">"/"≤" signs of the two columns reconstructed [DERIVED]): column 1 for H1, H2 and H3
above 800 m, column 2 for H3 up to 800 m.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfqual.errors import InputError

# a_i [W/(m²·K)] and a_j [W/(m·K)] by category: (column 1, column 2).
A_COEFFICIENTS: dict[str, tuple[float, float]] = {
    "a1_murs": (0.36, 0.40),
    "a2_toitures": (0.20, 0.25),
    "a3_planchers_hauts_beton": (0.27, 0.27),
    "a4_planchers_bas": (0.27, 0.36),
    "a5_portes": (1.50, 1.50),
    "a6_baies_non_residentiel": (2.10, 2.30),
    "a7_baies_residentiel": (1.80, 2.10),
    "a8_liaison_plancher_bas": (0.50, 0.50),
    "a9_liaison_plancher_intermediaire": (0.90, 0.90),
    "a10_liaison_plancher_haut": (0.90, 0.90),
}
AREA_CATEGORIES = tuple(k for k in A_COEFFICIENTS if int(k[1:].split("_")[0]) <= 7)
LINEAR_CATEGORIES = tuple(k for k in A_COEFFICIENTS if int(k[1:].split("_")[0]) >= 8)
UBAT_MAX_FACTOR_HOUSING = 1.25


@dataclass(frozen=True)
class UbatResult:
    """Ubât and its limit. [W/(m²·K)]"""

    ubat_w_per_m2k: float
    ubat_base_w_per_m2k: float
    ctd: float
    ubat_max_w_per_m2k: float

    @property
    def passed(self) -> bool:
        """Ubât ≤ Ubât-max."""
        return self.ubat_w_per_m2k <= self.ubat_max_w_per_m2k

    @property
    def margin_w_per_m2k(self) -> float:
        """Ubât-max − Ubât."""
        return self.ubat_max_w_per_m2k - self.ubat_w_per_m2k


def reference_column(zone: str, altitude_m: float) -> int:
    """0 (column 1: H1, H2, H3 above 800 m) or 1 (column 2: H3 up to 800 m)."""
    return 1 if zone.upper().startswith("H3") and altitude_m <= 800.0 else 0


def ubat(
    areas: list[tuple[str, float, float, float]],
    bridges: list[tuple[str, float, float, float]],
    party_wall_area_m2: float,
    zone: str,
    altitude_m: float,
) -> UbatResult:
    """Ubât, Ubât-base, C_td and Ubât-max of a dwelling (housing rule).

    Parameters
    ----------
    areas : list of (category, area [m²], U [W/(m²·K)], b [-])
        Lossy walls; category one of :data:`AREA_CATEGORIES`.
    bridges : list of (category, length [m], ψ [W/(m·K)], b [-])
        Linear thermal bridges; category one of :data:`LINEAR_CATEGORIES`.
    party_wall_area_m2 : float
        Walls to other heated dwellings (count in C_td only). [m²]
    zone, altitude_m : str, float
        Climate zone and altitude (column of the reference values).

    Examples
    --------
    >>> r = ubat([("a1_murs", 100.0, 0.5, 1.0)], [], 0.0, "H1a", 45.0)
    >>> round(r.ubat_w_per_m2k, 3), round(r.ubat_max_w_per_m2k, 3)
    (0.5, 0.45)
    """
    col = reference_column(zone, altitude_m)
    total_a = 0.0
    loss = 0.0
    base = 0.0
    for cat, area, u, b in areas:
        if cat not in AREA_CATEGORIES or area < 0 or u < 0:
            raise InputError(f"Ubât : paroi de catégorie « {cat} » ou valeurs invalides")
        total_a += area
        loss += b * u * area
        base += A_COEFFICIENTS[cat][col] * area
    for cat, length, psi, b in bridges:
        if cat not in LINEAR_CATEGORIES or length < 0:
            raise InputError(f"Ubât : pont thermique de catégorie « {cat} » invalide")
        loss += b * psi * length
        base += A_COEFFICIENTS[cat][col] * length
    if total_a <= 0:
        raise InputError("Ubât : aucune paroi déperditive")
    ctd = (total_a + party_wall_area_m2) / total_a
    ubat_base = base / total_a
    return UbatResult(loss / total_a, ubat_base, ctd, UBAT_MAX_FACTOR_HOUSING * ctd * ubat_base)
