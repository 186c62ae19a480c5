"""Ground floors: EN ISO 13370:2017 slab-on-ground U-value, virtual layer and monthly virtual
ground temperature, as used by EN ISO 52016-1:2017 §6.5.7.3 / §6.5.8.2.

References
----------
EN ISO 13370:2017, *Thermal performance of buildings — Heat transfer via the ground —
Calculation methods*, §9.1 (slab on ground, eqs for B', d_t and U), Annex C (monthly heat flow
with periodic coefficients H_pi, H_pe) and Annex F (virtual layer R_vi, eq. F.1). Formulas as
coded in the UK Home Energy Model (``building_element.py``) and pybuildingenergy 2.1.1
(METHODS-NOTES A.4); the phase lags of the monthly method are not applied (assumption stated
in ``methods/iso52016.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from perfqual.errors import InputError

# Ground properties, clay or silt (EN ISO 13370:2017 Table 7), as HEM's defaults [W/(m·K),
# J/(m³·K), m]. Inputs of :func:`ground_floor_parameters`.
GROUND_CONDUCTIVITY_W_PER_MK = 1.5
GROUND_HEAT_CAPACITY_J_PER_M3K = 3.0e6
GROUND_PERIODIC_PENETRATION_DEPTH_M = 2.2
# Thickness of the ground layer added outside the floor (EN ISO 52016-1:2017 §6.5.8.2) [m].
GROUND_LAYER_THICKNESS_M = 0.5
# Surface resistances of EN ISO 13370:2017 for floors (downward flow) [m²·K/W].
R_SI_FLOOR_M2K_PER_W = 0.17
R_SE_M2K_PER_W = 0.04


@dataclass(frozen=True)
class GroundFloorParameters:
    """Steady and periodic parameters of a slab on ground (EN ISO 13370:2017)."""

    characteristic_dimension_m: float  # B'
    equivalent_thickness_m: float  # d_t
    u_value_w_per_m2k: float  # U of the floor including the ground
    r_ground_layer_m2k_per_w: float  # R_gr of the 0.5 m layer
    kappa_ground_layer_j_per_m2k: float
    r_virtual_m2k_per_w: float  # R_vi, eq. (F.1)
    h_pi_w_per_k: float  # internal periodic coefficient
    h_pe_w_per_k: float  # external periodic coefficient


def ground_floor_parameters(
    area_m2: float,
    exposed_perimeter_m: float,
    r_floor_m2k_per_w: float,
    wall_thickness_m: float = 0.30,
    conductivity_w_per_mk: float = GROUND_CONDUCTIVITY_W_PER_MK,
    heat_capacity_j_per_m3k: float = GROUND_HEAT_CAPACITY_J_PER_M3K,
    penetration_depth_m: float = GROUND_PERIODIC_PENETRATION_DEPTH_M,
) -> GroundFloorParameters:
    """Slab-on-ground parameters, EN ISO 13370:2017 §9.1 and Annexes C and F.

    B' = A/(0.5·P); d_t = w + λ(R_si + R_f + R_se); U = 2λ/(πB' + d_t)·ln(πB'/d_t + 1) if
    d_t < B', else λ/(0.457B' + d_t); R_vi = 1/U − R_si − R_f − R_gr (F.1);
    H_pi = A(λ/d_t)·√(2/((1 + δ/d_t)² + 1)); H_pe = 0.37·P·λ·ln(δ/d_t + 1).

    Examples
    --------
    >>> p = ground_floor_parameters(80.0, 36.0, 2.0)
    >>> round(p.u_value_w_per_m2k, 5), round(p.r_virtual_m2k_per_w, 4)
    (0.26992, 1.2014)
    """
    if area_m2 <= 0 or exposed_perimeter_m <= 0:
        raise InputError(
            f"plancher sur terre-plein : surface ({area_m2}) et périmètre exposé "
            f"({exposed_perimeter_m}) doivent être positifs (EN ISO 13370)"
        )
    lam = conductivity_w_per_mk
    b_dim = area_m2 / (0.5 * exposed_perimeter_m)
    d_t = wall_thickness_m + lam * (R_SI_FLOOR_M2K_PER_W + r_floor_m2k_per_w + R_SE_M2K_PER_W)
    if d_t < b_dim:
        u = 2.0 * lam / (math.pi * b_dim + d_t) * math.log(math.pi * b_dim / d_t + 1.0)
    else:
        u = lam / (0.457 * b_dim + d_t)
    r_gr = GROUND_LAYER_THICKNESS_M / lam
    r_vi = 1.0 / u - R_SI_FLOOR_M2K_PER_W - r_floor_m2k_per_w - r_gr
    if r_vi <= 0.0:
        raise InputError(
            f"plancher sur terre-plein : résistance de la couche virtuelle R_vi = {r_vi:.3f} "
            "m².K/W ≤ 0 (EN ISO 13370:2017 éq. F.1) ; vérifier la surface, le périmètre et R_f"
        )
    delta = penetration_depth_m
    h_pi = area_m2 * lam / d_t * math.sqrt(2.0 / ((1.0 + delta / d_t) ** 2 + 1.0))
    h_pe = 0.37 * exposed_perimeter_m * lam * math.log(delta / d_t + 1.0)
    return GroundFloorParameters(
        b_dim, d_t, u, r_gr, GROUND_LAYER_THICKNESS_M * heat_capacity_j_per_m3k, r_vi, h_pi, h_pe
    )


def monthly_virtual_ground_temperature_c(
    params: GroundFloorParameters,
    area_m2: float,
    monthly_internal_temp_c: np.ndarray,
    monthly_external_temp_c: np.ndarray,
) -> np.ndarray:
    """Monthly temperature of the virtual ground node, EN ISO 13370:2017 Annex C (no phase lag).

    Φ_m = U·A(θ̄_i − θ̄_e) − H_pi(θ̄_i − θ_i,m) + H_pe(θ̄_e − θ_e,m) (ψ_g = 0: the edge bridge is
    a thermal bridge of the zone); θ_gr,m = θ_i,m − Φ_m/(A·U).
    """
    ti = np.asarray(monthly_internal_temp_c, dtype=float)
    te = np.asarray(monthly_external_temp_c, dtype=float)
    if ti.shape != (12,) or te.shape != (12,):
        raise InputError("températures mensuelles : 12 valeurs attendues")
    ua = params.u_value_w_per_m2k * area_m2
    phi = ua * (ti.mean() - te.mean()) - params.h_pi_w_per_k * (ti.mean() - ti) + (
        params.h_pe_w_per_k * (te.mean() - te)
    )
    return ti - phi / ua


def ground_conductances_w_per_m2k(
    r_floor_m2k_per_w: float, r_ground_m2k_per_w: float
) -> tuple[float, float, float, float]:
    """Conductances ext -> int of a ground floor: 2/R_gr, 1/(R_f/4 + R_gr/2), 2/R_f, 4/R_f
    (EN ISO 52016-1:2017 §6.5.7.3 with R_f for the floor, as HEM does to avoid counting the
    ground twice)."""
    if r_floor_m2k_per_w <= 0:
        raise InputError(f"résistance du plancher R_f non positive ({r_floor_m2k_per_w})")
    r_f, r_g = r_floor_m2k_per_w, r_ground_m2k_per_w
    return (2.0 / r_g, 1.0 / (r_f / 4.0 + r_g / 2.0), 2.0 / r_f, 4.0 / r_f)
