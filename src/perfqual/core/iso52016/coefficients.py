"""Element coefficients of the EN ISO 52016-1:2017 hourly method (§6.5.6–§6.5.7).

Pure functions: U-value, areal heat capacity and mass class in, node conductances, node
capacities and surface coefficients out. Node order is **external -> internal** (node 1 is the
external surface, the last node the internal surface), as in §6.5.7.

References
----------
EN ISO 52016-1:2017, *Energy performance of buildings — Energy needs for heating and cooling,
internal temperatures and sensible and latent heat loads — Part 1: Calculation procedures*,
§6.5.7.2 (opaque elements), §6.5.7.4 (windows), Annex B (Tables B.11, B.13, B.17, B.19, B.22).
The values of the standard's tables are taken from open implementations that cite them (UK Home
Energy Model ``building_element.py``, pybuildingenergy 2.1.1, iso52016 0.0.3): see
``methods/iso52016.md``, section « Sources des constantes ».
"""

from __future__ import annotations

import math

from perfqual.errors import InputError

# Surface heat transfer coefficients [W/(m²·K)], EN ISO 52016-1:2017 Table 25 / ISO 13789:2017
# Table 8 as cited by HEM and pybuildingenergy (METHODS-NOTES A.5).
H_CI_UPWARD_W_PER_M2K = 5.0
H_CI_HORIZONTAL_W_PER_M2K = 2.5
H_CI_DOWNWARD_W_PER_M2K = 0.7
H_RI_W_PER_M2K = 5.13
H_CE_W_PER_M2K = 20.0
H_RE_W_PER_M2K = 4.14
# Air-sky temperature difference, intermediate climatic zones, Table B.19 [K].
DELTA_THETA_SKY_K = 11.0
# Convective fractions, Table B.11.
F_INT_CONVECTIVE = 0.4
F_SOL_CONVECTIVE = 0.1
F_HC_CONVECTIVE = 0.4
# Areal heat capacity of air and furniture per m² of use area, Table B.17 [J/(m²·K)].
KAPPA_INT_J_PER_M2K = 10_000.0
# Constant angle correction of the g-value for non-scattering glazing, eq. (E.3)/Table B.22.
F_W_NON_SCATTERING = 0.90
# Minimal resistance left to a single pane: 4 mm of soda-lime glass, λ = 1.0 W/(m·K)
# (EN 673:2011 §5.3 value of glass conductivity; the 4 mm thickness is an input — assumption).
GLASS_CONDUCTIVITY_W_PER_MK = 1.0
GLASS_THICKNESS_M = 0.004

# Mass distribution classes (Table B.13): share of κ_m on nodes 1..5 (external -> internal).
MASS_SHARES_5_NODES: dict[str, tuple[float, ...]] = {
    "I": (0.0, 0.0, 0.0, 0.0, 1.0),
    "E": (1.0, 0.0, 0.0, 0.0, 0.0),
    "IE": (0.5, 0.0, 0.0, 0.0, 0.5),
    "D": (0.125, 0.25, 0.25, 0.25, 0.125),
    "M": (0.0, 0.0, 1.0, 0.0, 0.0),
}
# Ground floors: the floor κ over nodes 3..5 (nodes 1-2 are the virtual ground layer).
MASS_SHARES_FLOOR_3_NODES: dict[str, tuple[float, ...]] = {
    "I": (0.0, 0.0, 1.0),
    "E": (1.0, 0.0, 0.0),
    "IE": (0.5, 0.0, 0.5),
    "D": (0.25, 0.5, 0.25),
    "M": (0.0, 1.0, 0.0),
}


def convective_coefficient_w_per_m2k(tilt_deg: float) -> float:
    """Internal convective coefficient h_ci from the tilt of the element's outward normal.

    Rule ``fixed_by_element`` (METHODS-NOTES A.5): within ±30° of vertical (tilt 60–120°) the
    heat flow is horizontal (2.5); an element above the zone (roof, ceiling, tilt < 60°) takes
    the upward value 5.0, an element below it (floor, tilt > 120°) the downward value 0.7 —
    the directions of the heating season. EN ISO 52016-1:2017 Table 25 values.

    Examples
    --------
    >>> convective_coefficient_w_per_m2k(90.0), convective_coefficient_w_per_m2k(0.0)
    (2.5, 5.0)
    """
    if not 0.0 <= tilt_deg <= 180.0:
        raise InputError(f"inclinaison {tilt_deg} ° hors de [0, 180]")
    if 60.0 <= tilt_deg <= 120.0:
        return H_CI_HORIZONTAL_W_PER_M2K
    return H_CI_UPWARD_W_PER_M2K if tilt_deg < 60.0 else H_CI_DOWNWARD_W_PER_M2K


def sky_view_factor(tilt_deg: float) -> float:
    """F_sky = (1 + cos β)/2 of an unshaded surface (EN ISO 52016-1:2017 §6.5.13.3).

    Examples
    --------
    >>> round(sky_view_factor(90.0), 12)
    0.5
    """
    return 0.5 * (1.0 + math.cos(math.radians(tilt_deg)))


def construction_resistance_m2k_per_w(
    u_value_w_per_m2k: float, r_si_m2k_per_w: float, r_se_m2k_per_w: float, name: str
) -> float:
    """R_c = 1/U − R_si − R_se (EN ISO 52016-1:2017 §6.5.7.2, as coded in HEM and PYBE).

    Raises
    ------
    InputError
        If R_c ≤ 0: the U-value is not reachable with the standard surface coefficients.

    Examples
    --------
    >>> round(construction_resistance_m2k_per_w(0.30, 1 / 7.63, 1 / 24.14, "mur"), 5)
    3.16085
    """
    if not u_value_w_per_m2k > 0.0:
        raise InputError(f"coefficient U de « {name} » non positif ({u_value_w_per_m2k})")
    r_c = 1.0 / u_value_w_per_m2k - r_si_m2k_per_w - r_se_m2k_per_w
    if r_c <= 0.0:
        raise InputError(
            f"paroi « {name} » : U = {u_value_w_per_m2k:g} W/(m².K) donne une résistance propre "
            f"R_c = {r_c:.4f} m².K/W ≤ 0 avec les résistances superficielles de l'EN ISO "
            "52016-1 ; vérifier le coefficient U"
        )
    return r_c


def opaque_conductances_w_per_m2k(r_c_m2k_per_w: float) -> tuple[float, float, float, float]:
    """h_pl1..h_pl4 = 6/R_c, 3/R_c, 3/R_c, 6/R_c (EN ISO 52016-1:2017 §6.5.7.2).

    Examples
    --------
    >>> [round(h, 4) for h in opaque_conductances_w_per_m2k(3.16085)]
    [1.8982, 0.9491, 0.9491, 1.8982]
    """
    return (6.0 / r_c_m2k_per_w, 3.0 / r_c_m2k_per_w, 3.0 / r_c_m2k_per_w, 6.0 / r_c_m2k_per_w)


def opaque_capacities_j_per_m2k(kappa_m_j_per_m2k: float, mass_class: str) -> tuple[float, ...]:
    """κ_pl1..κ_pl5 from κ_m and the mass distribution class (EN ISO 52016-1:2017 §6.5.7.2,
    classes of Table B.13)."""
    if mass_class not in MASS_SHARES_5_NODES:
        raise InputError(f"classe de distribution de masse inconnue : {mass_class!r}")
    if kappa_m_j_per_m2k < 0.0:
        raise InputError(f"capacité thermique surfacique négative ({kappa_m_j_per_m2k})")
    return tuple(s * kappa_m_j_per_m2k for s in MASS_SHARES_5_NODES[mass_class])


def window_resistances_m2k_per_w(
    u_value_w_per_m2k: float,
    r_si_m2k_per_w: float,
    h_ext_w_per_m2k: float,
    name: str,
    glass_resistance_m2k_per_w: float = GLASS_THICKNESS_M / GLASS_CONDUCTIVITY_W_PER_MK,
) -> tuple[float, float, str | None]:
    """Resistance between the 2 window nodes and external surface coefficient.

    EN ISO 52016-1:2017 §6.5.7.4: h_pl1 = 1/R_c with R_c = 1/U_w − R_si − R_se. With the standard
    coefficients R_si + R_se = 0.1725 m²·K/W, so U_w ≥ 5.80 W/(m²·K) (old single glazing) gives
    R_c ≤ 0. perfqual rule (documented in ``methods/iso52016.md``, never a silent clamp): the
    window keeps at least the resistance of one glass pane (4 mm, λ = 1.0 W/(m·K), EN 673:2011),
    the internal surface resistance R_si is kept (it drives the internal radiative exchange of the
    zone), and the external surface resistance takes the remainder
    R_se' = 1/U_w − R_si − R_glass, so that the window still has its declared U_w. The rule is
    reported as an assumption. A U_w above 1/(R_si + R_glass) ≈ 7.4 W/(m²·K) cannot be a value
    declared under standard conditions and raises an ``InputError``.

    Returns
    -------
    tuple
        (R_c [m²·K/W], external surface coefficient h_e [W/(m²·K)], assumption or None).

    Examples
    --------
    >>> r_c, h_e, note = window_resistances_m2k_per_w(1.4, 1 / 7.63, 24.14, "F1")
    >>> round(r_c, 4), note is None
    (0.5418, True)
    """
    if not u_value_w_per_m2k > 0.0:
        raise InputError(f"coefficient Uw de « {name} » non positif ({u_value_w_per_m2k})")
    r_total = 1.0 / u_value_w_per_m2k
    r_se = 1.0 / h_ext_w_per_m2k
    r_c = r_total - r_si_m2k_per_w - r_se
    if r_c >= glass_resistance_m2k_per_w:
        return r_c, h_ext_w_per_m2k, None
    r_se_new = r_total - r_si_m2k_per_w - glass_resistance_m2k_per_w
    if r_se_new <= 0.0:
        u_max = 1.0 / (r_si_m2k_per_w + glass_resistance_m2k_per_w)
        raise InputError(
            f"menuiserie « {name} » : Uw = {u_value_w_per_m2k:g} W/(m².K) dépasse la valeur "
            f"physiquement possible en conditions normalisées ({u_max:.2f} W/(m².K))"
        )
    note = (
        f"menuiserie « {name} » (Uw = {u_value_w_per_m2k:g} W/(m².K)) : R_c ≤ R_vitre avec les "
        "coefficients superficiels de l'EN ISO 52016-1 ; résistance propre prise égale à celle "
        "d'un vitrage de 4 mm (EN 673), résistance superficielle extérieure ramenée à "
        f"{r_se_new:.4f} m².K/W pour conserver Uw"
    )
    return glass_resistance_m2k_per_w, 1.0 / r_se_new, note
