r"""Small cited formulas used to synthesise weather: sun geometry by day, radiation, humidity, sky.

Pure functions of floats/arrays (no pvlib here; pvlib is used in :mod:`perfqual.climate.solar`
and :mod:`perfqual.climate.synthetic` for the hourly solar position).

References
----------
.. [DB] Duffie, J.A. & Beckman, W.A. (2013), *Solar Engineering of Thermal Processes*, 4th ed.,
   Wiley. Eqs. 1.6.1a (declination, Cooper 1969), 1.6.10 (sunset hour angle), 1.10.3 (daily
   extraterrestrial irradiation), 2.13.1–2.13.2 (Liu–Jordan / Collares-Pereira–Rabl hourly
   fractions). Equation numbers recalled (research note CLIMATE-NOTES §6.2, tagged STD-K).
.. [CPR] Collares-Pereira, M. & Rabl, A. (1979), "The average distribution of solar radiation —
   correlations between diffuse and hemispherical and between daily and hourly insolation
   values", *Solar Energy* 22:155–164.
.. [FAO56] Allen, R.G., Pereira, L.S., Raes, D. & Smith, M. (1998), *Crop evapotranspiration*,
   FAO Irrigation and Drainage Paper 56, eq. 50 (Hargreaves' radiation formula).
.. [B80] Bolton, D. (1980), "The computation of equivalent potential temperature",
   *Monthly Weather Review* 108:1046–1053, eq. 10.
.. [CA78] Clark, G. & Allen, C. (1978), "The estimation of atmospheric radiation for clear and
   cloudy skies", Proc. 2nd National Passive Solar Conference, 675–678; cloud factor of Walton
   (1983); both as used by the EnergyPlus Engineering Reference, "Climate Calculations — Sky
   Radiance / Sky temperature" (NREL/EnergyPlus, ``climate-calculations.tex``).
.. [KC80] Kasten, F. & Czeplak, G. (1980), "Solar and terrestrial radiation dependent on the
   amount and type of cloud", *Solar Energy* 24:177–189.
"""

from __future__ import annotations

import numpy as np

#: Solar constant used by Duffie & Beckman (2013) for eq. 1.10.3. [W/m²]
SOLAR_CONSTANT_W_PER_M2 = 1367.0
#: Stefan–Boltzmann constant (CODATA 2018). [W/(m²·K⁴)]
STEFAN_BOLTZMANN_W_PER_M2K4 = 5.670374419e-8
#: 0 °C in kelvin (SI definition).
ZERO_CELSIUS_K = 273.15
#: Hargreaves adjustment coefficients k_Rs of FAO-56 eq. 50: "interior" and "coastal". [K^-0.5]
K_RS_INTERIOR = 0.16
K_RS_COASTAL = 0.19


def declination_deg(day_of_year: np.ndarray | float) -> np.ndarray:
    r"""Solar declination by Cooper's formula.

    Parameters
    ----------
    day_of_year : int or ndarray
        Day of the year, 1 = 1 January.

    Returns
    -------
    ndarray
        Declination δ. [°]

    Notes
    -----
    [DB]_ eq. 1.6.1a: :math:`\delta = 23.45 \sin(360 (284 + n)/365)`.

    Examples
    --------
    >>> round(float(declination_deg(172)), 2)
    23.45
    """
    n = np.asarray(day_of_year, dtype=float)
    return 23.45 * np.sin(np.radians(360.0 * (284.0 + n) / 365.0))


def sunset_hour_angle_deg(latitude_deg: float, declination: np.ndarray) -> np.ndarray:
    r"""Sunset hour angle ω_s = arccos(−tan φ tan δ) ([DB]_ eq. 1.6.10). [°]

    Polar day/night are bounded to 180°/0° (the arccos argument is limited to [−1, 1]).
    """
    arg = -np.tan(np.radians(latitude_deg)) * np.tan(np.radians(declination))
    return np.degrees(np.arccos(np.clip(arg, -1.0, 1.0)))


def extraterrestrial_daily_irradiation_kwh_per_m2(
    day_of_year: np.ndarray | float,
    latitude_deg: float,
    solar_constant_w_per_m2: float = SOLAR_CONSTANT_W_PER_M2,
) -> np.ndarray:
    r"""Daily extraterrestrial irradiation on a horizontal plane, H0.

    Parameters
    ----------
    day_of_year : int or ndarray
        Day of the year (1–365).
    latitude_deg : float
        Latitude, north positive. [°]
    solar_constant_w_per_m2 : float
        Solar constant G_sc; 1367 W/m² in [DB]_ (newer references give 1361). [W/m²]

    Returns
    -------
    ndarray
        H0. [kWh/m²]

    Notes
    -----
    [DB]_ eq. 1.10.3:

    .. math::
        H_0 = \frac{24 \cdot 3600\, G_{sc}}{\pi}\left(1 + 0.033\cos\frac{360 n}{365}\right)
        \left(\cos\phi\cos\delta\sin\omega_s + \frac{\pi\omega_s}{180}\sin\phi\sin\delta\right)

    Examples
    --------
    Duffie & Beckman, Example 1.10.1 (φ = 43°, 15 April, n = 105: H0 = 33.8 MJ/m²):

    >>> round(float(extraterrestrial_daily_irradiation_kwh_per_m2(105, 43.0)) * 3.6, 1)
    33.8
    """
    n = np.asarray(day_of_year, dtype=float)
    delta = declination_deg(n)
    ws = sunset_hour_angle_deg(latitude_deg, delta)
    phi, d, w = np.radians(latitude_deg), np.radians(delta), np.radians(ws)
    eccentricity = 1.0 + 0.033 * np.cos(np.radians(360.0 * n / 365.0))
    h0_j = (24.0 * 3600.0 * solar_constant_w_per_m2 / np.pi) * eccentricity * (
        np.cos(phi) * np.cos(d) * np.sin(w) + w * np.sin(phi) * np.sin(d)
    )
    return h0_j / 3.6e6


def hargreaves_irradiation_kwh_per_m2(
    temp_range_k: np.ndarray | float, h0_kwh_per_m2: np.ndarray | float, k_rs: float
) -> np.ndarray:
    r"""Global horizontal irradiation estimated from the daily temperature range (Hargreaves).

    Parameters
    ----------
    temp_range_k : float or ndarray
        Mean daily range T_max − T_min. [K]
    h0_kwh_per_m2 : float or ndarray
        Extraterrestrial irradiation over the same period. [kWh/m²]
    k_rs : float
        Adjustment coefficient: 0.16 for "interior" locations, 0.19 for "coastal" ones
        ([FAO56]_). [K^-0.5]

    Returns
    -------
    ndarray
        Estimated global horizontal irradiation, same period as ``h0``. [kWh/m²]

    Notes
    -----
    [FAO56]_ eq. 50: :math:`R_s = k_{Rs}\sqrt{T_{max} - T_{min}}\,R_a`. FAO-56 recommends it
    where no radiation or sunshine data exist and advises summing over periods of several days;
    perfqual uses it only on monthly values and always labels the result as an assumption.

    Examples
    --------
    >>> round(float(hargreaves_irradiation_kwh_per_m2(9.0, 10.0, 0.16)), 3)
    4.8
    """
    dr = np.asarray(temp_range_k, dtype=float)
    if np.any(dr < 0):
        raise ValueError("l'amplitude journalière de température doit être positive ou nulle")
    return k_rs * np.sqrt(dr) * np.asarray(h0_kwh_per_m2, dtype=float)


def collares_pereira_rabl_fraction(
    hour_angle_deg: np.ndarray, sunset_hour_angle: np.ndarray
) -> np.ndarray:
    r"""Ratio r_t of hourly to daily global irradiation (Collares-Pereira & Rabl 1979).

    Parameters
    ----------
    hour_angle_deg : ndarray
        Hour angle ω at the middle of the hour (solar time, negative in the morning). [°]
    sunset_hour_angle : ndarray
        Sunset hour angle ω_s of the same day (broadcast). [°]

    Returns
    -------
    ndarray
        r_t (hourly / daily), zero when the sun is below the horizon. [-]

    Notes
    -----
    [CPR]_, [DB]_ eqs. 2.13.1–2.13.2:

    .. math::
        r_t = \frac{\pi}{24}(a + b\cos\omega)
              \frac{\cos\omega - \cos\omega_s}{\sin\omega_s - \frac{\pi\omega_s}{180}\cos\omega_s},
        \quad a = 0.409 + 0.5016\sin(\omega_s - 60°),\; b = 0.6609 - 0.4767\sin(\omega_s - 60°)
    """
    w = np.radians(hour_angle_deg)
    ws_deg = np.asarray(sunset_hour_angle, dtype=float)
    ws = np.radians(ws_deg)
    a = 0.409 + 0.5016 * np.sin(ws - np.radians(60.0))
    b = 0.6609 - 0.4767 * np.sin(ws - np.radians(60.0))
    denom = np.sin(ws) - ws * np.cos(ws)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (np.pi / 24.0) * (a + b * np.cos(w)) * (np.cos(w) - np.cos(ws)) / denom
    return np.where((np.cos(w) > np.cos(ws)) & (denom > 0), r, 0.0)


def saturation_vapour_pressure_hpa(temp_c: np.ndarray | float) -> np.ndarray:
    r"""Saturation vapour pressure over water, :math:`e_s = 6.112\exp(17.67T/(T + 243.5))`.

    [B80]_ eq. 10. [hPa]

    Examples
    --------
    >>> round(float(saturation_vapour_pressure_hpa(20.0)), 2)
    23.37
    """
    t = np.asarray(temp_c, dtype=float)
    return 6.112 * np.exp(17.67 * t / (t + 243.5))


def dew_point_c(temp_c: np.ndarray | float, rel_humidity_frac: np.ndarray | float) -> np.ndarray:
    """Dew point by inverting [B80]_ eq. 10 for e = RH·e_s(T). [°C]

    Examples
    --------
    >>> round(float(dew_point_c(20.0, 1.0)), 6)
    20.0
    """
    rh = np.asarray(rel_humidity_frac, dtype=float)
    if np.any(rh <= 0):
        raise ValueError("l'humidité relative doit être strictement positive")
    x = np.log(rh * saturation_vapour_pressure_hpa(temp_c) / 6.112)
    return 243.5 * x / (17.67 - x)


def sky_emissivity_clark_allen(
    dew_point_temp_c: np.ndarray, opaque_sky_cover_tenths: np.ndarray
) -> np.ndarray:
    r"""Sky emissivity from dew point and opaque sky cover ([CA78]_, EnergyPlus).

    .. math::
        \varepsilon_{sky} = \left(0.787 + 0.764\ln\frac{T_{dp}}{273}\right)
        (1 + 0.0224N - 0.0035N^2 + 0.00028N^3)

    with T_dp in K and N the opaque sky cover in tenths (0–10).
    """
    tdp_k = np.asarray(dew_point_temp_c, dtype=float) + ZERO_CELSIUS_K
    n = np.asarray(opaque_sky_cover_tenths, dtype=float)
    return (0.787 + 0.764 * np.log(tdp_k / 273.0)) * (
        1.0 + 0.0224 * n - 0.0035 * n**2 + 0.00028 * n**3
    )


def sky_temperature_c(temp_air_c: np.ndarray, sky_emissivity: np.ndarray) -> np.ndarray:
    r"""Equivalent sky temperature :math:`T_{sky} = T_a\,\varepsilon_{sky}^{1/4}` (K inside). [°C]

    EnergyPlus Engineering Reference (sky temperature from the horizontal infrared radiation
    :math:`IR = \varepsilon_{sky}\sigma T_a^4`, :math:`T_{sky} = (IR/\sigma)^{1/4}`).
    """
    ta_k = np.asarray(temp_air_c, dtype=float) + ZERO_CELSIUS_K
    return ta_k * np.asarray(sky_emissivity, dtype=float) ** 0.25 - ZERO_CELSIUS_K


def sky_temperature_from_infrared_c(horizontal_ir_w_per_m2: np.ndarray) -> np.ndarray:
    """Sky temperature from the horizontal infrared irradiance, (IR/σ)^¼ (EnergyPlus). [°C]"""
    ir = np.asarray(horizontal_ir_w_per_m2, dtype=float)
    return (ir / STEFAN_BOLTZMANN_W_PER_M2K4) ** 0.25 - ZERO_CELSIUS_K


def horizontal_infrared_w_per_m2(temp_sky_c: np.ndarray) -> np.ndarray:
    """Horizontal infrared irradiance σ·T_sky⁴ of a sky at ``temp_sky_c``. [W/m²]"""
    return STEFAN_BOLTZMANN_W_PER_M2K4 * (np.asarray(temp_sky_c, float) + ZERO_CELSIUS_K) ** 4


def cloud_cover_kasten_czeplak_tenths(clear_sky_ratio: np.ndarray) -> np.ndarray:
    r"""Cloud cover from the ratio of global to clear-sky global irradiance ([KC80]_).

    Inverts :math:`G/G_{cs} = 1 - 0.75\,(N/8)^{3.4}` (N in oktas) and returns tenths
    (N·10/8). Ratios ≥ 1 mean a clear sky (N = 0); ratios ≤ 0.25 an overcast sky (N = 8 oktas):
    the relation's own domain, not a fitted clamp.
    """
    r = np.clip(np.asarray(clear_sky_ratio, dtype=float), 0.25, 1.0)
    oktas = 8.0 * ((1.0 - r) / 0.75) ** (1.0 / 3.4)
    return oktas * 10.0 / 8.0


def clear_sky_ghi_haurwitz_w_per_m2(apparent_zenith_deg: np.ndarray) -> np.ndarray:
    r"""Clear-sky global horizontal irradiance of Haurwitz, zero below the horizon. [W/m²]

    :math:`G_{cs} = 1098\cos\theta_z\exp(-0.059/\cos\theta_z)` — Haurwitz, B. (1945),
    "Insolation in relation to cloudiness and cloud density", *Journal of Meteorology*
    2:154–166 (as implemented by ``pvlib.clearsky.haurwitz``).
    """
    cos_z = np.cos(np.radians(np.asarray(apparent_zenith_deg, dtype=float)))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ghi = 1098.0 * cos_z * np.exp(-0.059 / cos_z)
    return np.where(cos_z > 0, ghi, 0.0)


#: Lower bound of daily clearness in the Bendt et al. (1981) distribution. [-]
BENDT_KT_MIN = 0.05


def bendt_kt_max(monthly_clearness: float) -> float:
    r"""Upper bound of daily clearness of the Bendt distribution.

    :math:`K_{max} = 0.6313 + 0.267\bar K_T - 11.9(\bar K_T - 0.75)^8`,

    Hollands & Huget (1983), *Solar Energy* 30(3):195–209, as used with the Bendt distribution
    in Duffie & Beckman (2013) §2.10 (recalled, to check against the text).
    """
    k = float(monthly_clearness)
    return 0.6313 + 0.267 * k - 11.9 * (k - 0.75) ** 8


def _bendt_mean(gamma: float, k_min: float, k_max: float) -> float:
    if abs(gamma) < 1e-6:
        return 0.5 * (k_min + k_max)
    a, b = np.exp(gamma * k_min), np.exp(gamma * k_max)
    return ((k_min - 1.0 / gamma) * a - (k_max - 1.0 / gamma) * b) / (a - b)


def bendt_daily_clearness_quantiles(monthly_clearness: float, n_days: int) -> np.ndarray:
    r"""Deterministic daily clearness indices of a month: quantiles of Bendt's distribution.

    Parameters
    ----------
    monthly_clearness : float
        Monthly mean clearness index K̄T. [-]
    n_days : int
        Days in the month.

    Returns
    -------
    ndarray
        ``n_days`` values, increasing, at cumulative probabilities (i − ½)/n. [-]

    Notes
    -----
    Bendt, P., Collares-Pereira, M. & Rabl, A. (1981), "The frequency distribution of daily
    insolation values", *Solar Energy* 27(1):1–5: cumulative distribution
    :math:`F(K) = (e^{\gamma K_{min}} - e^{\gamma K})/(e^{\gamma K_{min}} - e^{\gamma K_{max}})`,
    γ chosen so that the distribution's mean is K̄T, K_min = 0.05, K_max by
    :func:`bendt_kt_max` (recalled equations, [STD-K]). If K̄T is outside (K_min, K_max) the
    month keeps K̄T every day.
    """
    from scipy.optimize import brentq

    k_min, k_max = BENDT_KT_MIN, bendt_kt_max(monthly_clearness)
    p = (np.arange(n_days) + 0.5) / n_days
    if not k_min + 1e-3 < monthly_clearness < k_max - 1e-3:
        return np.full(n_days, float(monthly_clearness))
    gamma = brentq(lambda g: _bendt_mean(g, k_min, k_max) - monthly_clearness, -200.0, 200.0)
    if abs(gamma) < 1e-6:
        return k_min + p * (k_max - k_min)
    a, b = np.exp(gamma * k_min), np.exp(gamma * k_max)
    return np.log(a - p * (a - b)) / gamma
