r"""Hygrothermal screening after EN ISO 13788:2012: saturation pressure, monthly Glaser, f_Rsi.

Pure functions on floats and arrays (no models, no I/O). Conventions of this module:

* Layers and nodes are ordered **from the interior to the exterior** (as in
  :class:`perfqual.models.building.OpaqueElement`). An assembly of ``n`` layers has ``n + 1``
  nodes: node 0 is the interior surface, node ``n`` the exterior surface, nodes ``1 … n-1`` the
  interfaces between layers (the only planes where interstitial condensation is evaluated).
* Vapour resistance is expressed as the equivalent air-layer thickness s_d [m]; surface vapour
  resistances are neglected (EN ISO 13788:2012 §4.4.2).
* Monthly arrays have 12 values, January first; 2-D arrays are ``(12, n_nodes)``.

Sources (see ``methods/humidite.md``): EN ISO 13788:2012 (+ corrigendum 2020), *Hygrothermal
performance of building components and building elements — Internal surface temperature to avoid
critical surface humidity and interstitial condensation — Calculation methods*. The formulas
were taken from secondary sources that quote or implement the standard (the purchased text was
not read): the free preview quoted in the OpenUValue verification log, the PHI Condensation
Tool teardown of ``bldgtyp/ph-navigator`` and the ``pachi/condensaciones`` code; clause numbers
are given only where a source quotes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

# ---------------------------------------------------------------------------------------------
# Constants (EN ISO 13788:2012; tags as in methods/humidite.md)
# ---------------------------------------------------------------------------------------------

#: Water vapour permeability of still air δ0 [kg/(m·s·Pa)] (EN ISO 13788:2012, used by every
#: implementation read: 2e-10, i.e. a vapour resistivity of 5 MN·s/(g·m)).
VAPOUR_PERMEABILITY_AIR_KG_PER_MSPA = 2.0e-10

#: Magnus coefficients of the saturation pressure (EN ISO 13788:2012 Annex E as quoted by PHI
#: tool teardown and pachi/condensaciones): p_sat = A·exp(b·θ/(c + θ)) [Pa, °C].
PSAT_A_PA = 610.5
PSAT_WATER_B, PSAT_WATER_C_C = 17.269, 237.3  # over liquid water, θ ≥ 0 °C
PSAT_ICE_B, PSAT_ICE_C_C = 21.875, 265.5  # over ice, θ < 0 °C

#: Equivalent air-layer thickness of an air cavity, whatever its thickness [m].
SD_AIR_CAVITY_M = 0.01
#: Convention for a "vapour-tight" layer [m] (PHI tool convention, instead of an infinite value).
SD_VAPOUR_TIGHT_M = 1500.0

#: Surface resistances for interstitial condensation (EN ISO 13788:2012 §4.4.1, Table 2, quoted
#: in the OpenUValue log): interior by heat-flow direction, exterior 0.04 m²·K/W.
R_SI_INTERSTITIAL_M2K_PER_W = MappingProxyType({"haut": 0.10, "horizontal": 0.13, "bas": 0.17})
R_SE_M2K_PER_W = 0.04
#: Interior surface resistance for mould / surface-condensation assessment of opaque elements:
#: 0.25 m²·K/W "shall be taken … if there are no national standards" (§4.4.1, quoted).
R_SI_MOULD_M2K_PER_W = 0.25
#: Critical surface relative humidity for mould: 0.8 "unless more specific information is
#: available" (§5.3, quoted); 1.0 gives the surface-condensation criterion.
PHI_SI_CRITICAL_MOULD = 0.8

#: Internal humidity classes of EN ISO 13788 Annex A: excess vapour pressure Δp [Pa] at
#: θe ≤ 0 °C and at θe ≥ 20 °C, linear in between. Two transcriptions conflict (the 2012 table
#: was not read): ``"iso13788_2001"`` (values of the 2001 edition as coded in
#: pachi/condensaciones; class 5 at 0 °C = 1350 Pa is recalled, not read) and ``"phi_2012"``
#: (PHI Condensation Tool v1.7.5). The choice is an input and is printed with every result.
HUMIDITY_CLASS_DELTA_P_PA = MappingProxyType(
    {
        "iso13788_2001": MappingProxyType(
            {1: (270.0, 0.0), 2: (540.0, 0.0), 3: (810.0, 0.0), 4: (1080.0, 0.0),
             5: (1350.0, 0.0)}
        ),
        "phi_2012": MappingProxyType(
            {1: (270.0, 100.0), 2: (640.0, 100.0), 3: (810.0, 100.0), 4: (1080.0, 100.0),
             5: (1360.0, 200.0)}
        ),
    }
)

#: Days per month of a non-leap year (duration of the monthly steps).
DAYS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
SECONDS_PER_DAY = 86400.0


# ---------------------------------------------------------------------------------------------
# Psychrometrics
# ---------------------------------------------------------------------------------------------


def saturation_pressure_pa(temp_c):
    r"""Saturation water vapour pressure over water (θ ≥ 0) or ice (θ < 0).

    Parameters
    ----------
    temp_c : float or ndarray
        Temperature. [°C]

    Returns
    -------
    float or ndarray
        p_sat. [Pa]

    Notes
    -----
    EN ISO 13788:2012 Annex E (as implemented by the PHI tool and pachi/condensaciones):
    :math:`p_{sat} = 610.5\,\exp\left(\frac{17.269\,\theta}{237.3+\theta}\right)` for θ ≥ 0 °C,
    :math:`p_{sat} = 610.5\,\exp\left(\frac{21.875\,\theta}{265.5+\theta}\right)` for θ < 0 °C.

    Examples
    --------
    >>> round(float(saturation_pressure_pa(0.0)), 6)
    610.5
    """
    theta = np.asarray(temp_c, dtype=float)
    water = PSAT_A_PA * np.exp(PSAT_WATER_B * theta / (PSAT_WATER_C_C + theta))
    ice = PSAT_A_PA * np.exp(PSAT_ICE_B * theta / (PSAT_ICE_C_C + theta))
    out = np.where(theta >= 0.0, water, ice)
    return float(out) if out.ndim == 0 else out


def dew_point_temp_c(vapour_pressure_pa):
    r"""Temperature at which ``vapour_pressure_pa`` is the saturation pressure (inverse Annex E).

    Parameters
    ----------
    vapour_pressure_pa : float or ndarray
        Partial (or acceptable saturation) vapour pressure, > 0. [Pa]

    Returns
    -------
    float or ndarray
        Dew-point temperature. [°C]

    Notes
    -----
    With :math:`L = \ln(p/610.5)`: θ = 237.3·L/(17.269 − L) if p ≥ 610.5 Pa, else
    θ = 265.5·L/(21.875 − L) (inverse of :func:`saturation_pressure_pa`).

    Examples
    --------
    >>> round(float(dew_point_temp_c(610.5)), 12)
    0.0
    """
    p = np.asarray(vapour_pressure_pa, dtype=float)
    if np.any(~(p > 0)):
        raise ValueError("vapour_pressure_pa must be > 0")
    lg = np.log(p / PSAT_A_PA)
    water = PSAT_WATER_C_C * lg / (PSAT_WATER_B - lg)
    ice = PSAT_ICE_C_C * lg / (PSAT_ICE_B - lg)
    out = np.where(p >= PSAT_A_PA, water, ice)
    return float(out) if out.ndim == 0 else out


def humidity_class_excess_pa(temp_ext_c, delta_p_cold_pa, delta_p_warm_pa, safety_factor=1.0):
    r"""Internal excess vapour pressure Δp of a humidity class (EN ISO 13788:2012 Annex A).

    Parameters
    ----------
    temp_ext_c : float or ndarray
        Monthly mean exterior temperature. [°C]
    delta_p_cold_pa, delta_p_warm_pa : float
        Δp at θe ≤ 0 °C and at θe ≥ 20 °C (see :data:`HUMIDITY_CLASS_DELTA_P_PA`). [Pa]
    safety_factor : float, default 1.0
        Multiplier of Δp (a factor 1.10 is recalled from the standard, not read: an input).

    Returns
    -------
    float or ndarray
        Δp = p_i − p_e. [Pa]

    Notes
    -----
    Linear interpolation between 0 °C and 20 °C, constant outside.

    Examples
    --------
    >>> humidity_class_excess_pa(10.0, 810.0, 0.0)
    405.0
    """
    theta = np.clip(np.asarray(temp_ext_c, dtype=float), 0.0, 20.0)
    dp = delta_p_cold_pa + (delta_p_warm_pa - delta_p_cold_pa) * theta / 20.0
    out = safety_factor * dp
    return float(out) if np.ndim(out) == 0 else out


# ---------------------------------------------------------------------------------------------
# Temperatures and vapour-pressure line through an assembly
# ---------------------------------------------------------------------------------------------


def node_temperatures_c(resistances_m2k_per_w, r_si_m2k_per_w, r_se_m2k_per_w, temp_int_c,
                        temp_ext_c):
    r"""Steady-state temperatures at the nodes of a layered assembly.

    Parameters
    ----------
    resistances_m2k_per_w : array_like, shape (n,)
        Thermal resistance d/λ of each layer, interior → exterior (0 for membranes). [m²·K/W]
    r_si_m2k_per_w, r_se_m2k_per_w : float
        Interior and exterior surface resistances. [m²·K/W]
    temp_int_c, temp_ext_c : float or ndarray, shape (m,)
        Interior and exterior temperatures (scalars or one value per month). [°C]

    Returns
    -------
    ndarray, shape (n+1,) or (m, n+1)
        Temperatures at the interior surface, each interface and the exterior surface. [°C]

    Notes
    -----
    EN ISO 13788:2012 (monthly method), one-dimensional conduction:
    :math:`\theta_j = \theta_i - (\theta_i - \theta_e)\,(R_{si} + \sum_{k<j} R_k)/R_T`,
    :math:`R_T = R_{si} + \sum_k R_k + R_{se}`.
    """
    r = np.asarray(resistances_m2k_per_w, dtype=float)
    cum = r_si_m2k_per_w + np.concatenate(([0.0], np.cumsum(r)))
    r_total = cum[-1] + r_se_m2k_per_w
    ti = np.asarray(temp_int_c, dtype=float)
    te = np.asarray(temp_ext_c, dtype=float)
    ti, te = np.broadcast_arrays(ti, te)
    return ti[..., None] - (ti - te)[..., None] * cum / r_total


def _lower_hull(x, y):
    """Indices of the lower convex hull of points sorted by x (Andrew's monotone chain)."""
    hull: list[int] = []
    for k in range(len(x)):
        while len(hull) >= 2:
            o, a = hull[-2], hull[-1]
            cross = (x[a] - x[o]) * (y[k] - y[o]) - (y[a] - y[o]) * (x[k] - x[o])
            if cross > 0.0:
                break
            hull.pop()
        hull.append(k)
    return hull


def vapour_pressure_line(sd_cum_m, p_sat_pa, p_int_pa, p_ext_pa, pinned=None):
    r"""Partial vapour pressure at the nodes (Glaser construction), and the anchored nodes.

    Parameters
    ----------
    sd_cum_m : array_like, shape (n+1,)
        Cumulated s_d from the interior surface (0) to the exterior surface, strictly
        increasing. [m]
    p_sat_pa : array_like, shape (n+1,)
        Saturation pressure at the nodes. [Pa]
    p_int_pa, p_ext_pa : float
        Partial vapour pressure of the interior and exterior air. [Pa]
    pinned : array_like of bool, shape (n+1,), optional
        Interfaces still holding condensate from the previous month: the line passes through
        p_sat there.

    Returns
    -------
    p_pa : ndarray, shape (n+1,)
        Partial vapour pressure at the nodes. [Pa]
    is_anchor : ndarray of bool, shape (n+1,)
        Interfaces where the line touches p_sat (condensation or evaporation planes).

    Notes
    -----
    Between fixed points (the two surfaces and the pinned planes) the line is the lower convex
    hull of the saturation points ("tangent construction" of EN ISO 13788:2012; equivalent to
    "flow arriving ≥ flow leaving" at each plane).
    """
    x = np.asarray(sd_cum_m, dtype=float)
    ps = np.asarray(p_sat_pa, dtype=float)
    n = len(x) - 1
    y = ps.copy()
    y[0], y[n] = p_int_pa, p_ext_pa
    fixed = np.zeros(n + 1, dtype=bool)
    fixed[[0, n]] = True
    if pinned is not None:
        fixed[1:n] |= np.asarray(pinned, dtype=bool)[1:n]
    anchors = np.zeros(n + 1, dtype=bool)
    idx_fixed = np.flatnonzero(fixed)
    for a, b in zip(idx_fixed[:-1], idx_fixed[1:], strict=True):
        seg = np.arange(a, b + 1)
        for k in _lower_hull(x[seg], y[seg]):
            anchors[seg[k]] = True
    idx = np.flatnonzero(anchors)
    p = np.interp(x, x[idx], y[idx])
    anchors[[0, n]] = False
    return p, anchors


def condensation_rates_kg_per_m2s(sd_cum_m, p_pa, is_anchor):
    r"""Condensation (> 0) or evaporation (< 0) rate at each anchored interface.

    Parameters
    ----------
    sd_cum_m : array_like, shape (n+1,)
        Cumulated s_d from the interior surface. [m]
    p_pa : array_like, shape (n+1,)
        Partial vapour pressure at the nodes (from :func:`vapour_pressure_line`). [Pa]
    is_anchor : array_like of bool, shape (n+1,)
        Anchored interfaces.

    Returns
    -------
    ndarray, shape (n+1,)
        g_c [kg/(m²·s)], 0 at the surfaces and at non-anchored interfaces.

    Notes
    -----
    EN ISO 13788:2012 (monthly method): with a the previous anchor on the interior side and b
    the next on the exterior side,
    :math:`g_c = \delta_0\left[\frac{p_a - p_c}{s_{d,c} - s_{d,a}} -
    \frac{p_c - p_b}{s_{d,b} - s_{d,c}}\right]` (flow arriving − flow leaving).
    """
    x = np.asarray(sd_cum_m, dtype=float)
    p = np.asarray(p_pa, dtype=float)
    g = np.zeros_like(x)
    nodes = np.concatenate(([0], np.flatnonzero(is_anchor), [len(x) - 1]))
    for a, c, b in zip(nodes[:-2], nodes[1:-1], nodes[2:], strict=True):
        flow_in = (p[a] - p[c]) / (x[c] - x[a])
        flow_out = (p[c] - p[b]) / (x[b] - x[c])
        g[c] = VAPOUR_PERMEABILITY_AIR_KG_PER_MSPA * (flow_in - flow_out)
    return g


def vapour_flux_kg_per_m2s(sd_total_m, p_int_pa, p_ext_pa):
    r"""Vapour flux through an assembly without condensation, interior → exterior.

    Notes
    -----
    :math:`g = \delta_0 (p_i - p_e)/s_{d,T}` (EN ISO 13788:2012). [kg/(m²·s)]

    Examples
    --------
    >>> vapour_flux_kg_per_m2s(2.0, 1200.0, 800.0)
    4e-08
    """
    if not sd_total_m > 0:
        raise ValueError("sd_total_m must be > 0")
    return VAPOUR_PERMEABILITY_AIR_KG_PER_MSPA * (p_int_pa - p_ext_pa) / sd_total_m


# ---------------------------------------------------------------------------------------------
# Monthly cycle
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlaserResult:
    """Result of the monthly interstitial-condensation assessment (EN ISO 13788:2012).

    Attributes
    ----------
    start_month : int or None
        Index (0 = January) of the first month of the cycle; None when no month condenses.
    temp_c, p_sat_pa, p_pa : ndarray, shape (12, n+1)
        Node temperature [°C], saturation pressure and partial vapour pressure [Pa] of each
        calendar month, as computed in the cycle (profile of the figure).
    rate_kg_per_m2s : ndarray, shape (12, n+1)
        Condensation (> 0) / evaporation (< 0) rate at each interface. [kg/(m²·s)]
    accumulation_kg_per_m2 : ndarray, shape (12, n+1)
        Condensate held at each interface at the end of each calendar month. [kg/m²]
    peak_accumulation_kg_per_m2 : float
        Largest total (all interfaces) held at the end of a month. [kg/m²]
    remaining_kg_per_m2 : float
        Total still held at the end of the 12-month cycle. [kg/m²]
    condensation_interfaces : tuple of int
        Node indices that held condensate at least once.
    """

    start_month: int | None
    temp_c: np.ndarray
    p_sat_pa: np.ndarray
    p_pa: np.ndarray
    rate_kg_per_m2s: np.ndarray
    accumulation_kg_per_m2: np.ndarray
    peak_accumulation_kg_per_m2: float
    remaining_kg_per_m2: float
    condensation_interfaces: tuple[int, ...]

    @property
    def has_condensation(self) -> bool:
        """True if condensation occurs in at least one month."""
        return self.start_month is not None

    @property
    def dries_out(self) -> bool:
        """True if all condensate has evaporated at the end of the 12-month cycle."""
        return self.remaining_kg_per_m2 <= 0.0

    @property
    def total_accumulation_kg_per_m2(self) -> np.ndarray:
        """Total condensate held at the end of each calendar month (12 values). [kg/m²]"""
        return self.accumulation_kg_per_m2.sum(axis=1)


def _check_assembly(resistances, sd_layers):
    r = np.asarray(resistances, dtype=float)
    sd = np.asarray(sd_layers, dtype=float)
    if r.ndim != 1 or sd.shape != r.shape or len(r) == 0:
        raise ValueError("resistances and sd must be 1-D arrays of the same length (≥ 1 layer)")
    if np.any(~(r >= 0)) or np.any(~(sd > 0)):
        raise ValueError("layer resistances must be ≥ 0 and s_d > 0")
    return r, np.concatenate(([0.0], np.cumsum(sd)))


def _month_state(sd_cum, p_sat, p_int, p_ext, pinned):
    p, anchors = vapour_pressure_line(sd_cum, p_sat, p_int, p_ext, pinned)
    return p, condensation_rates_kg_per_m2s(sd_cum, p, anchors)


def find_start_month(sd_cum_m, p_sat_pa, p_int_pa, p_ext_pa):
    """First month of the Glaser cycle: the first month with condensation after one without.

    Parameters
    ----------
    sd_cum_m : ndarray, shape (n+1,)
        Cumulated s_d. [m]
    p_sat_pa : ndarray, shape (12, n+1)
        Monthly saturation pressures at the nodes. [Pa]
    p_int_pa, p_ext_pa : ndarray, shape (12,)
        Monthly interior and exterior vapour pressures. [Pa]

    Returns
    -------
    int or None
        Month index, or None if no month condenses on a dry assembly.

    Notes
    -----
    EN ISO 13788:2012 starts the calculation with the first month in which condensation is
    predicted (as implemented by pachi/condensaciones; wording recalled). When every month
    condenses, the cycle starts after the month of smallest condensation rate [DERIVED choice,
    see methods/humidite.md].
    """
    rates = np.array([
        _month_state(sd_cum_m, p_sat_pa[m], p_int_pa[m], p_ext_pa[m], None)[1].sum()
        for m in range(12)
    ])
    wet = rates > 0.0
    if not wet.any():
        return None
    if wet.all():
        return int((np.argmin(rates) + 1) % 12)
    for m in range(12):
        if wet[m] and not wet[m - 1]:
            return m
    return None  # pragma: no cover - unreachable (some wet and some dry months)


def glaser_monthly(resistances_m2k_per_w, sd_m, temp_int_c, temp_ext_c, p_int_pa, p_ext_pa,
                   r_si_m2k_per_w, r_se_m2k_per_w=R_SE_M2K_PER_W, month_seconds=None):
    r"""Monthly interstitial condensation and drying of an assembly (EN ISO 13788:2012 Glaser).

    Parameters
    ----------
    resistances_m2k_per_w : array_like, shape (n,)
        Thermal resistance of each layer, interior → exterior (0 for membranes). [m²·K/W]
    sd_m : array_like, shape (n,)
        Equivalent air-layer thickness s_d = μ·d of each layer (declared s_d for membranes,
        :data:`SD_AIR_CAVITY_M` for air cavities), > 0. [m]
    temp_int_c, temp_ext_c : array_like, shape (12,)
        Monthly mean interior and exterior temperatures. [°C]
    p_int_pa, p_ext_pa : array_like, shape (12,)
        Monthly mean interior and exterior partial vapour pressures. [Pa]
    r_si_m2k_per_w : float
        Interior surface resistance (Table 2: 0.10 up, 0.13 horizontal, 0.17 down). [m²·K/W]
    r_se_m2k_per_w : float, default 0.04
        Exterior surface resistance. [m²·K/W]
    month_seconds : array_like, shape (12,), optional
        Duration of each month; default actual month lengths of a non-leap year. [s]

    Returns
    -------
    GlaserResult

    Notes
    -----
    Steps (EN ISO 13788:2012 monthly method): node temperatures and p_sat; vapour-pressure line
    as the lower hull under p_sat with planes holding condensate pinned at p_sat; rate g_c at
    each plane; :math:`M_{c,k} = \max(0, M_{c,k-1} + g_c t_k)`; a plane whose M returns to 0
    is released. The cycle starts at :func:`find_start_month` and runs 12 months.
    """
    r, sd_cum = _check_assembly(resistances_m2k_per_w, sd_m)
    ti, te, pi, pe = (np.asarray(v, dtype=float) for v in (temp_int_c, temp_ext_c, p_int_pa,
                                                            p_ext_pa))
    if any(v.shape != (12,) for v in (ti, te, pi, pe)):
        raise ValueError("monthly inputs must have 12 values")
    secs = (DAYS_PER_MONTH * SECONDS_PER_DAY if month_seconds is None
            else np.asarray(month_seconds, dtype=float))
    temp = node_temperatures_c(r, r_si_m2k_per_w, r_se_m2k_per_w, ti, te)
    psat = saturation_pressure_pa(temp)
    n_nodes = len(sd_cum)
    p_all = np.empty((12, n_nodes))
    rate = np.zeros((12, n_nodes))
    acc = np.zeros((12, n_nodes))
    start = find_start_month(sd_cum, psat, pi, pe)
    if start is None:
        for m in range(12):
            p_all[m] = _month_state(sd_cum, psat[m], pi[m], pe[m], None)[0]
        return GlaserResult(None, temp, psat, p_all, rate, acc, 0.0, 0.0, ())
    held = np.zeros(n_nodes)
    for k in range(12):
        m = (start + k) % 12
        p_all[m], rate[m] = _month_state(sd_cum, psat[m], pi[m], pe[m], held > 0.0)
        held = np.maximum(0.0, held + rate[m] * secs[m])
        acc[m] = held
    ever = tuple(int(j) for j in np.flatnonzero((acc > 0.0).any(axis=0)))
    return GlaserResult(start, temp, psat, p_all, rate, acc, float(acc.sum(axis=1).max()),
                        float(held.sum()), ever)


# ---------------------------------------------------------------------------------------------
# Surface condensation and mould: temperature factor f_Rsi
# ---------------------------------------------------------------------------------------------


def temperature_factor_plane(resistances_m2k_per_w, r_si_m2k_per_w=R_SI_MOULD_M2K_PER_W,
                             r_se_m2k_per_w=R_SE_M2K_PER_W):
    r"""Temperature factor f_Rsi of the plane part of a layered element.

    Parameters
    ----------
    resistances_m2k_per_w : array_like
        Layer resistances. [m²·K/W]
    r_si_m2k_per_w : float, default 0.25
        Interior surface resistance for the mould assessment (§4.4.1). [m²·K/W]
    r_se_m2k_per_w : float, default 0.04
        Exterior surface resistance. [m²·K/W]

    Returns
    -------
    float
        f_Rsi [-].

    Notes
    -----
    :math:`f_{Rsi} = (\theta_{si} - \theta_e)/(\theta_i - \theta_e) = 1 - R_{si}/R_T` for a
    one-dimensional element (EN ISO 13788:2012 definition of f_Rsi; exact for a plane element).

    Examples
    --------
    >>> round(temperature_factor_plane([0.71]), 12)
    0.75
    """
    r_total = r_si_m2k_per_w + float(np.sum(resistances_m2k_per_w)) + r_se_m2k_per_w
    return 1.0 - r_si_m2k_per_w / r_total


def minimum_temperature_factor(temp_ext_c, temp_int_c, p_int_pa,
                               phi_si_critical=PHI_SI_CRITICAL_MOULD):
    r"""Minimum temperature factor f_Rsi,min required to keep φ_si ≤ φ_si,cr, per month.

    Parameters
    ----------
    temp_ext_c, temp_int_c : float or ndarray
        Monthly mean exterior and interior temperatures. [°C]
    p_int_pa : float or ndarray
        Interior partial vapour pressure. [Pa]
    phi_si_critical : float, default 0.8
        Critical surface relative humidity (0.8 mould, 1.0 surface condensation). [-]

    Returns
    -------
    float or ndarray
        f_Rsi,min [-]; NaN for months with θi − θe ≤ 0 (no heat flow outwards).

    Notes
    -----
    EN ISO 13788:2012 §5 (procedure summarised in BS 5250:2002 Annex D.2):
    :math:`p_{sat,min} = p_i/\varphi_{si,cr}`, :math:`\theta_{si,min} = \theta(p_{sat,min})`,
    :math:`f_{Rsi,min} = (\theta_{si,min} - \theta_e)/(\theta_i - \theta_e)`.
    """
    if not 0.0 < phi_si_critical <= 1.0:
        raise ValueError("phi_si_critical must be in (0, 1]")
    te = np.asarray(temp_ext_c, dtype=float)
    ti = np.asarray(temp_int_c, dtype=float)
    theta_min = dew_point_temp_c(np.asarray(p_int_pa, dtype=float) / phi_si_critical)
    dt = ti - te
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(dt > 0.0, (theta_min - te) / np.where(dt > 0.0, dt, 1.0), np.nan)
    return float(f) if np.ndim(f) == 0 else f
