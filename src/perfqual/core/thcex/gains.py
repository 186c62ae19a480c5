r"""Solar gains and thermal radiation to the sky of building elements (EN ISO 13790:2008 §11.3).

The simple hourly method (Annex C) takes one solar heat flow φ_sol per hour, the sum over all
elements k of (EN ISO 13790:2008 §11.3.2)

.. math:: \phi_{sol,k} = F_{sh,ob,k}\,A_{sol,k}\,I_{sol,k} - F_{r,k}\,\Phi_{r,k}

with, for an opaque element, the effective collecting area (§11.3.4)
:math:`A_{sol} = \alpha_{S,c}\,R_{se}\,U_c\,A_c` and, for every element (opaque or glazed), the
extra heat flow by thermal radiation to the sky (§11.3.5)
:math:`\Phi_r = R_{se}\,U_c\,A_c\,h_r\,\Delta\theta_{er}`, h_r ≈ 5ε (§11.4.6), Δθ_er the mean
difference between the air and the apparent sky temperature (11 K in intermediate zones) and
F_r the form factor between the element and the sky (1 for an unshaded horizontal roof, 0.5 for
an unshaded vertical wall, generalised here as (1 + cos β)/2).

Source status: the text of EN ISO 13790:2008 was not read. The clause numbers and the
formulas are those cited by two open implementations that agree: the Modelica Buildings
library (LBNL, ``Buildings.ThermalZones.ISO13790.BaseClasses.OpaqueElements`` and
``GlazedElements``: ε = 0.9, α = 0.6, R_se = 0.04 m²·K/W, h_r = 5ε, Δθ_er = 11 K, F_r 1 roof /
0.5 walls) and an open JavaScript transcription of clauses 11.3.2–11.4.6. Every constant is an
input of :class:`perfqual.thcex_api.ThcexOptions`.
"""

from __future__ import annotations

import math

from perfqual.errors import InputError

# [recalled, consistent with the open implementations named in the module docstring]
R_SE_M2K_PER_W = 0.04  # external surface resistance (EN ISO 6946), used in §11.3.4 and §11.3.5
EMISSIVITY_EXTERNAL = 0.9  # long-wave emissivity of the external surface ε
H_R_PER_EMISSIVITY_W_PER_M2K = 5.0  # h_r ≈ 5·ε, §11.4.6
DELTA_THETA_ER_K = 11.0  # air – apparent sky temperature, intermediate zones, §11.4.6


def sky_form_factor(tilt_deg: float) -> float:
    """F_r between an unshaded element and the sky: 1 horizontal roof, 0.5 vertical wall.

    EN ISO 13790:2008 §11.4.6 gives the two values; (1 + cos β)/2 joins them.

    Examples
    --------
    >>> sky_form_factor(0.0), round(sky_form_factor(90.0), 12)
    (1.0, 0.5)
    """
    if not 0.0 <= tilt_deg <= 180.0:
        raise InputError(f"inclinaison {tilt_deg} ° hors de [0, 180]")
    return 0.5 * (1.0 + math.cos(math.radians(tilt_deg)))


def opaque_collecting_area_m2(area_m2: float, u_value_w_per_m2k: float,
                              solar_absorptance: float,
                              r_se_m2k_per_w: float = R_SE_M2K_PER_W) -> float:
    r"""Effective solar collecting area of an opaque element (EN ISO 13790:2008 §11.3.4).

    :math:`A_{sol} = \alpha_{S,c}\,R_{se}\,U_c\,A_c`. [m²]

    Examples
    --------
    >>> round(opaque_collecting_area_m2(25.0, 2.0, 0.6), 12)
    1.2
    """
    if not (area_m2 >= 0 and u_value_w_per_m2k >= 0 and r_se_m2k_per_w >= 0):
        raise InputError("apports solaires opaques : surface, U et R_se doivent être positifs")
    if not 0.0 <= solar_absorptance <= 1.0:
        raise InputError(f"absorptance solaire {solar_absorptance} hors de [0, 1]")
    return solar_absorptance * r_se_m2k_per_w * u_value_w_per_m2k * area_m2


def sky_radiation_w(area_m2: float, u_value_w_per_m2k: float, tilt_deg: float,
                    r_se_m2k_per_w: float = R_SE_M2K_PER_W,
                    h_r_w_per_m2k: float = H_R_PER_EMISSIVITY_W_PER_M2K * EMISSIVITY_EXTERNAL,
                    delta_theta_er_k: float = DELTA_THETA_ER_K) -> float:
    r"""Extra heat flow to the sky of one element, form factor included (EN ISO 13790:2008).

    :math:`F_r\,\Phi_r = F_r\,R_{se}\,U_c\,A_c\,h_r\,\Delta\theta_{er}` (§11.3.2, §11.3.5,
    §11.4.6); a loss, returned positive. [W]

    Examples
    --------
    >>> round(sky_radiation_w(25.0, 2.0, 90.0), 9)  # 0.5·0.04·2·25·4.5·11
    49.5
    """
    if not (h_r_w_per_m2k >= 0 and delta_theta_er_k >= 0):
        raise InputError("rayonnement vers le ciel : h_r et Δθ_er doivent être positifs")
    if not (area_m2 >= 0 and u_value_w_per_m2k >= 0 and r_se_m2k_per_w >= 0):
        raise InputError("rayonnement vers le ciel : surface, U et R_se doivent être positifs")
    return (sky_form_factor(tilt_deg) * r_se_m2k_per_w * u_value_w_per_m2k * area_m2
            * h_r_w_per_m2k * delta_theta_er_k)
