"""Element chains (opaque, window, ground floor) and airflows from plain values.

Boundaries (what lies beyond the external node):

* ``exterieur``: outdoor air, h_e = h_ce + h_re, absorbed solar a_sol·I_tot and the long-wave
  loss to the sky F_sky·h_re·Δθ_sky (EN ISO 52016-1:2017 §6.5.13.3, eq. 41);
* ``local_non_chauffe``: unheated space at the prescribed temperature θ_u = (1 − b)θ_i + bθ_e,
  θ_i the heating set-point of the hour — the definition of the temperature reduction factor
  b = (θ_i − θ_u)/(θ_i − θ_e) (EN ISO 13789:2017 §6.3); the external surface coefficient is the
  internal one (ISO 6946 uses R_si on both sides of such elements); no solar, no sky;
* ``logement_chauffe``: party wall or floor to a heated dwelling: adiabatic (§6.5.6.3.6, as
  HEM) with its mass kept in the zone, or (option ``voisin_consigne``) a neighbour held at the
  heating set-point of the zone;
* ``sol``: EN ISO 13370:2017 virtual layer (``ground.py``) or, with the ``facteur_b``
  convention, like an unheated space with the element's b factor.
"""

from __future__ import annotations

from functools import lru_cache

# re-exported for existing callers; the one definition is perfqual.core.infiltration
from perfqual.core.infiltration import infiltration_3cl_m3_per_h  # noqa: F401
from perfqual.core.iso52016 import coefficients as cf
from perfqual.core.iso52016.ground import (
    ground_conductances_w_per_m2k,
    ground_floor_parameters,
    monthly_virtual_ground_temperature_c,
)
from perfqual.core.iso52016.network import SurfaceChain
from perfqual.errors import InputError

PARTY_WALL_MODELS = ("adiabatique", "voisin_consigne")
# Volumetric heat capacity of air ρ_a·c_a = 1.204 kg/m³ × 1006 J/(kg·K), the values used with
# EN ISO 52016-1 by pybuildingenergy and iso52016 (METHODS-NOTES A.9) [J/(m³·K)]; an input.
RHO_C_AIR_J_PER_M3K = 1.204 * 1006.0


@lru_cache(maxsize=4096)  # a few orientations per batch; the formatting is the cost
def irradiance_column(tilt_deg: float, azimuth_deg: float) -> str:
    """Basis column name of the total irradiance on a plane (rounded to 0.1°)."""
    return f"irr:{round(tilt_deg, 1):g}:{round(azimuth_deg % 360.0, 1):g}"


def _inside(tilt_deg: float) -> tuple[float, float]:
    h_ci = cf.convective_coefficient_w_per_m2k(tilt_deg)
    return h_ci, 1.0 / (h_ci + cf.H_RI_W_PER_M2K)


def _boundary(boundary: str, tilt_deg: float, b_factor: float, party_wall_model: str,
              name: str, h_ce: float = cf.H_CE_W_PER_M2K) -> tuple[float, dict, float]:
    """External coefficient, boundary temperature combination and fraction to the zone air."""
    h_ci, _ = _inside(tilt_deg)
    if boundary == "exterieur":
        if not h_ce > 0:
            raise InputError(f"paroi « {name} » : coefficient convectif extérieur non positif")
        return h_ce + cf.H_RE_W_PER_M2K, {"theta_e": 1.0}, 0.0
    if boundary in ("local_non_chauffe", "sol_facteur_b"):
        if not 0.0 <= b_factor <= 1.0:
            raise InputError(f"paroi « {name} » : facteur b = {b_factor} hors de [0, 1]")
        # θ_u = (1 − b)·θ_i + b·θ_e with θ_i the heating set-point (a prescribed boundary, not
        # the zone air node, which would open a second heat path through the unheated space)
        return h_ci + cf.H_RI_W_PER_M2K, {"theta_e": b_factor, "setpoint_h": 1.0 - b_factor}, 0.0
    if boundary == "logement_chauffe":
        if party_wall_model not in PARTY_WALL_MODELS:
            raise InputError(f"modèle de paroi mitoyenne inconnu : {party_wall_model!r}")
        h_e = h_ci + cf.H_RI_W_PER_M2K
        if party_wall_model == "adiabatique":
            return 0.0, {}, 0.0
        return h_e, {"setpoint_h": 1.0}, 0.0
    raise InputError(f"paroi « {name} » : limite inconnue {boundary!r}")


def _sky_and_sun(boundary: str, tilt_deg: float, azimuth_deg: float, a_sol: float,
                 h_re: float, delta_sky_k: float) -> dict:
    if boundary != "exterieur":
        return {}
    forcing = {"one": -cf.sky_view_factor(tilt_deg) * h_re * delta_sky_k}
    if a_sol > 0.0:
        forcing[irradiance_column(tilt_deg, azimuth_deg)] = a_sol
    return forcing


def opaque_chain(
    name: str, area_m2: float, u_value_w_per_m2k: float, kappa_j_per_m2k: float,
    mass_class: str, tilt_deg: float, azimuth_deg: float, boundary: str,
    b_factor: float = 1.0, solar_absorptance: float = 0.6,
    party_wall_model: str = "adiabatique", delta_sky_k: float = cf.DELTA_THETA_SKY_K,
    h_ce_w_per_m2k: float = cf.H_CE_W_PER_M2K, layers_resistance_m2k_per_w: float | None = None,
) -> SurfaceChain:
    """5-node opaque element (EN ISO 52016-1:2017 §6.5.7.2).

    R_c is the layers' resistance Σd/λ when the layers are known, otherwise
    1/U − R_si − R_se with the surface coefficients of the element (HEM, pybuildingenergy).
    """
    if not 0.0 <= solar_absorptance <= 1.0:
        raise InputError(f"paroi « {name} » : absorptance solaire hors de [0, 1]")
    h_ci, r_si = _inside(tilt_deg)
    h_ext, temp, to_air = _boundary(boundary, tilt_deg, b_factor, party_wall_model, name,
                                    h_ce_w_per_m2k)
    # R_se: of the boundary's surface; an adiabatic party wall has R_si on both sides (ISO 6946)
    r_se = r_si if boundary == "logement_chauffe" and h_ext == 0.0 else 1.0 / h_ext
    if layers_resistance_m2k_per_w is not None:
        if not layers_resistance_m2k_per_w > 0:
            raise InputError(f"paroi « {name} » : résistance des couches non positive")
        r_c = layers_resistance_m2k_per_w
    else:
        r_c = cf.construction_resistance_m2k_per_w(u_value_w_per_m2k, r_si, r_se, name)
    return SurfaceChain(
        name=name, area_m2=area_m2,
        conductances_w_per_m2k=cf.opaque_conductances_w_per_m2k(r_c),
        capacities_j_per_m2k=cf.opaque_capacities_j_per_m2k(kappa_j_per_m2k, mass_class),
        h_ci_w_per_m2k=h_ci, h_ri_w_per_m2k=cf.H_RI_W_PER_M2K, h_ext_w_per_m2k=h_ext,
        boundary_temp=temp, ext_to_air_frac=to_air,
        ext_forcing_w_per_m2=_sky_and_sun(boundary, tilt_deg, azimuth_deg, solar_absorptance,
                                          cf.H_RE_W_PER_M2K, delta_sky_k),
    )


def window_chain(
    name: str, area_m2: float, u_value_w_per_m2k: float, tilt_deg: float, azimuth_deg: float,
    boundary: str = "exterieur", b_factor: float = 1.0,
    delta_sky_k: float = cf.DELTA_THETA_SKY_K, party_wall_model: str = "adiabatique",
    h_ce_w_per_m2k: float = cf.H_CE_W_PER_M2K,
) -> tuple[SurfaceChain, str | None]:
    """2-node window or door (EN ISO 52016-1:2017 §6.5.7.4).

    Returns the chain and, for old single glazing, the assumption applied (see
    :func:`perfqual.core.iso52016.coefficients.window_resistances_m2k_per_w`).
    """
    h_ci, r_si = _inside(tilt_deg)
    h_ext, temp, to_air = _boundary(boundary, tilt_deg, b_factor, party_wall_model, name,
                                    h_ce_w_per_m2k)
    if h_ext == 0.0:  # window in an adiabatic party wall: same treatment as its host
        r_c = cf.construction_resistance_m2k_per_w(u_value_w_per_m2k, r_si, r_si, name)
        h_ext_used, h_re = 0.0, 0.0
        note = f"menuiserie « {name} » sur paroi mitoyenne : traitée adiabatique comme la paroi"
    else:
        r_c, h_ext_used, note = cf.window_resistances_m2k_per_w(u_value_w_per_m2k, r_si, h_ext,
                                                                name)
        h_re = cf.H_RE_W_PER_M2K * h_ext_used / h_ext
    chain = SurfaceChain(
        name=name, area_m2=area_m2, conductances_w_per_m2k=(1.0 / r_c,),
        capacities_j_per_m2k=(0.0, 0.0), h_ci_w_per_m2k=h_ci,
        h_ri_w_per_m2k=cf.H_RI_W_PER_M2K, h_ext_w_per_m2k=h_ext_used, boundary_temp=temp,
        ext_to_air_frac=to_air,
        ext_forcing_w_per_m2=_sky_and_sun(boundary, tilt_deg, azimuth_deg, 0.0, h_re,
                                          delta_sky_k),
    )
    return chain, note


def window_solar_gain_coefficients(
    area_m2: float, g_value: float, frame_fraction: float, tilt_deg: float, azimuth_deg: float,
    f_w: float = cf.F_W_NON_SCATTERING,
) -> dict[str, float]:
    """Φ_sol,wi = F_w·g_gl,n·(1 − F_fr)·A_wi·I_tot (EN ISO 52016-1:2017 §6.5.13.2, Annex E,
    F_w of Table B.22; no shading). Returned as a basis combination [W per W/m²]."""
    if not (0.0 <= g_value <= 1.0 and 0.0 <= frame_fraction <= 1.0):
        raise InputError("menuiserie : g dans [0, 1] et fraction de cadre dans [0, 1] attendus")
    return {irradiance_column(tilt_deg, azimuth_deg): f_w * g_value * (1 - frame_fraction)
            * area_m2}


def ground_floor_chain(
    name: str, area_m2: float, exposed_perimeter_m: float, r_floor_m2k_per_w: float,
    kappa_j_per_m2k: float, mass_class: str, monthly_internal_temp_c, monthly_external_temp_c,
    wall_thickness_m: float = 0.30,
) -> tuple[SurfaceChain, float]:
    """Ground floor with the EN ISO 13370:2017 virtual layer (EN ISO 52016-1:2017 §6.5.7.3,
    §6.5.8.2): 5 nodes, conductances 2/R_gr, 1/(R_f/4 + R_gr/2), 2/R_f, 4/R_f, h_e = 1/R_vi
    to the monthly virtual ground temperature, no solar, no sky. Returns the chain and the
    floor's EN ISO 13370 U-value."""
    p = ground_floor_parameters(area_m2, exposed_perimeter_m, r_floor_m2k_per_w, wall_thickness_m)
    theta_gr = monthly_virtual_ground_temperature_c(p, area_m2, monthly_internal_temp_c,
                                                    monthly_external_temp_c)
    shares = cf.MASS_SHARES_FLOOR_3_NODES.get(mass_class)
    if shares is None:
        raise InputError(f"classe de distribution de masse inconnue : {mass_class!r}")
    caps = (0.0, p.kappa_ground_layer_j_per_m2k, *(s * kappa_j_per_m2k for s in shares))
    h_ci = cf.convective_coefficient_w_per_m2k(180.0)
    chain = SurfaceChain(
        name=name, area_m2=area_m2,
        conductances_w_per_m2k=ground_conductances_w_per_m2k(r_floor_m2k_per_w,
                                                             p.r_ground_layer_m2k_per_w),
        capacities_j_per_m2k=caps, h_ci_w_per_m2k=h_ci, h_ri_w_per_m2k=cf.H_RI_W_PER_M2K,
        h_ext_w_per_m2k=1.0 / p.r_virtual_m2k_per_w,
        boundary_temp={f"month:{m}": float(theta_gr[m]) for m in range(12)},
    )
    return chain, p.u_value_w_per_m2k
