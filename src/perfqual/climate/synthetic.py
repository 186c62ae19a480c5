r"""Deterministic synthetic typical hourly year built from monthly statistics.

Method (details, equations and validation in ``methods/climat.md``):

1. **Month → day** for every quantity: the *area-preserving periodic cubic spline*
   ("histospline", Boneva, Kendall & Stefanov 1971, *J. R. Stat. Soc. B* 33:1–71): a periodic
   cubic spline is fitted to the cumulative integral of the monthly values at the month
   boundaries; its daily increments give smooth daily values whose monthly means equal the
   inputs exactly (same aim as the mean-preserving algorithm of Rymes & Myers 2001,
   *Solar Energy* 71(4):225–231). If the spline leaves the physical range of a quantity
   (negative wind, humidity above 1), the months are held constant instead (documented
   fallback, listed in the assumptions).
2. **Air temperature, day → hour**: ASHRAE fraction-of-daily-range profile f(h)
   (ASHRAE *Handbook—Fundamentals* 2009, ch. 14, Table 6; applied in local standard time for
   hour-ending h as in the EnergyPlus Engineering Reference, "Design Day Temperature
   Calculations"): :math:`T(h) = \bar T_d + DR_d(\bar f - f(h))` so that the 24-hour mean is
   exactly :math:`\bar T_d` and the daily range exactly :math:`DR_d`.
3. **Global irradiation**: monthly clearness index
   :math:`\bar K_T = \bar H / \sum_d H_{0,d}` (Duffie & Beckman 2013, eq. 1.10.3 for H0);
   daily :math:`K_{T,d}` = deterministic quantiles of the Bendt, Collares-Pereira & Rabl (1981)
   distribution of daily clearness (*Solar Energy* 27(1):1–5) spread through the month in a
   fixed order; :math:`H_d = K_{T,d} H_{0,d}` rescaled so that each month's sum is exact;
   hours by the Collares-Pereira & Rabl (1979) ratio r_t at the mid-hour hour
   angle, renormalised so that the 24 hours sum to H_d.
4. **Diffuse/beam split**: Erbs, Klein & Duffie (1982), *Solar Energy* 28(4):293–302 hourly
   correlation (``pvlib.irradiance.erbs``), DNI by closure
   :math:`DNI = (GHI - DHI)/\cos\theta_z` (DNI = 0, DHI = GHI when θz > 87°).
5. **Humidity**: the daily mean relative humidity is held by a constant daily vapour
   pressure (ASHRAE design-day practice), so RH follows T over the day; vapour pressure with
   Bolton (1980) eq. 10; RH cannot exceed 1 (the day's vapour pressure is solved so that the
   daily mean of min(1, e/e_s) equals the target).
6. **Sky temperature**: Clark & Allen (1978) sky emissivity with Walton's cloud factor, as in
   EnergyPlus, from the dew point and an opaque cloud cover estimated each day from the ratio
   of H_d to the clear-sky Haurwitz (1945) irradiation by inverting Kasten & Czeplak (1980).
7. **Wind**: daily values from the monthly means, constant over the day.

Limitation (stated in every climate's assumptions): the year has no day-to-day weather
variability (every day is a smooth "mean" day); heating degree-days and peaks are therefore
lower than in a real year with the same monthly means (quantified in ``methods/climat.md``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pvlib
from scipy.interpolate import CubicSpline

from perfqual.climate import radiation as rad
from perfqual.climate.model import DAYS_PER_MONTH, Climate
from perfqual.climate.solar import solar_position
from perfqual.climate.stations import normalise_key, regional_key_for_departement, station_climate
from perfqual.climate.stats import MonthlyStats, heating_degree_days, monthly_statistics
from perfqual.climate.zones import altitude_class_index, normalise_departement
from perfqual.errors import InputError

__all__ = [
    "ASHRAE_DAILY_RANGE_FRACTION",
    "climate_for_site",
    "histospline_daily",
    "monthly_statistics",
    "heating_degree_days",
    "synthetic_year",
    "zone_climate",
]

#: ASHRAE Handbook—Fundamentals 2009, ch. 14, Table 6 "Fraction of daily temperature range",
#: hours 1…24 (hour ending, local standard time). Values as quoted for the 2021 edition
#: (p. 14.13) by a public module; to check against the Handbook before release.
ASHRAE_DAILY_RANGE_FRACTION = np.array([
    0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74, 0.55, 0.38, 0.23, 0.13,
    0.05, 0.00, 0.00, 0.06, 0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82,
])
#: Temperature lapse rate of the ICAO standard atmosphere (ISO 2533:1975). [K/m]
STANDARD_LAPSE_RATE_K_PER_M = 0.0065
#: Temperature step per 3CL altitude class, derived from the 3CL-DPE 2021 §18.2 tables. [K]
DPE_CLASS_STEP_K = 2.0
ALTITUDE_CORRECTIONS = ("classes_dpe", "gradient_standard", "aucune")

_GOLDEN = (1.0 + 5.0**0.5) / 2.0
_MONTH_EDGES_D = np.concatenate([[0], np.cumsum(DAYS_PER_MONTH)]).astype(float)
_MONTH_OF_DAY = np.repeat(np.arange(12), DAYS_PER_MONTH)
_DAY_OF_YEAR = np.arange(1, 366)
_SMOOTH_NOTE = ("année lissée : aucune variabilité d'un jour à l'autre (chaque jour est un jour "
                "moyen) ; les degrés-jours et les pointes sont inférieurs à ceux d'une année "
                "réelle de mêmes moyennes mensuelles (voir methods/climat.md)")


def histospline_daily(monthly_means: np.ndarray) -> np.ndarray:
    r"""Smooth daily values whose monthly means equal ``monthly_means`` exactly.

    Parameters
    ----------
    monthly_means : array of 12 floats
        Monthly means (any unit).

    Returns
    -------
    ndarray
        365 daily means (same unit).

    Notes
    -----
    Periodic area-preserving spline (Boneva, Kendall & Stefanov 1971): with
    :math:`C(t)` the cumulative integral of the monthly step function and
    :math:`\mu` the annual mean, :math:`F(t) = C(t) - \mu t` is periodic; a periodic cubic spline
    S through :math:`F` at the 13 month boundaries gives daily values
    :math:`y_d = S(d+1) - S(d) + \mu`, whose sum over a month is
    :math:`C(t_{m+1}) - C(t_m)` exactly.

    Examples
    --------
    >>> import numpy as np
    >>> from perfqual.climate.model import DAYS_PER_MONTH
    >>> m = np.array([3., 4, 7, 10, 14, 17, 19, 19, 16, 12, 7, 4])
    >>> y = histospline_daily(m)
    >>> month = np.repeat(np.arange(12), DAYS_PER_MONTH)
    >>> bool(np.allclose(np.bincount(month, y) / DAYS_PER_MONTH, m, rtol=1e-12))
    True
    """
    m = np.asarray(monthly_means, dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(m * DAYS_PER_MONTH)])
    mu = cumulative[-1] / 365.0
    detrended = cumulative - mu * _MONTH_EDGES_D
    detrended[-1] = detrended[0]  # exactly periodic (round-off)
    spline = CubicSpline(_MONTH_EDGES_D, detrended, bc_type="periodic")
    edges = spline(np.arange(366, dtype=float))
    return np.diff(edges) + mu


def _daily(monthly: np.ndarray, low: float, high: float, label: str,
           notes: list[str]) -> np.ndarray:
    """Histospline within [low, high], else constant months (recorded in ``notes``)."""
    daily = histospline_daily(monthly)
    if np.all(daily >= low) and np.all(daily <= high):
        return daily
    notes.append(f"{label} : valeurs journalières constantes par mois (la courbe lissée sortait "
                 "du domaine physique)")
    return np.asarray(monthly, dtype=float)[_MONTH_OF_DAY]


def _hourly_temperature(stats: MonthlyStats, notes: list[str]) -> np.ndarray:
    t_day = histospline_daily(stats.temp_mean_c)
    dr_day = _daily(stats.temp_daily_range_k, 0.0, np.inf, "amplitude journalière", notes)
    f = ASHRAE_DAILY_RANGE_FRACTION
    return (t_day[:, None] + dr_day[:, None] * (f.mean() - f[None, :])).ravel()


def bendt_days(monthly_clearness: float, n_days: int) -> np.ndarray:
    """Daily clearness of a month: Bendt et al. (1981) quantiles in a fixed spread order.

    The quantile of rank r goes to the day whose fractional part of (day × golden ratio) has
    rank r, a deterministic order that spreads clear and overcast days through the month (a
    perfqual convention: the order changes no monthly statistic).
    """
    quantiles = rad.bendt_daily_clearness_quantiles(monthly_clearness, n_days)
    order = np.argsort(np.argsort(np.mod(np.arange(n_days) * _GOLDEN, 1.0)))
    return quantiles[order]


def _daily_irradiation_kwh(stats: MonthlyStats, latitude_deg: float, notes: list[str],
                           daily_clearness: str = "bendt") -> np.ndarray:
    h0_day = rad.extraterrestrial_daily_irradiation_kwh_per_m2(_DAY_OF_YEAR, latitude_deg)
    h0_month = np.bincount(_MONTH_OF_DAY, weights=h0_day, minlength=12)
    kt_month = stats.ghi_kwh_per_m2 / h0_month
    if np.any(kt_month > 0.8):
        raise InputError("irradiation mensuelle supérieure à 80 % de l'irradiation "
                         "extraterrestrielle : valeur impossible (vérifier les unités, kWh/m²)")
    if daily_clearness == "bendt":
        kt_day = np.concatenate([bendt_days(kt_month[m], n) for m, n in enumerate(DAYS_PER_MONTH)])
    else:
        kt_day = _daily(kt_month, 0.0, 1.0, "indice de clarté", notes)
    h_day = kt_day * h0_day
    month_sum = np.bincount(_MONTH_OF_DAY, weights=h_day, minlength=12)
    scale = np.divide(stats.ghi_kwh_per_m2, month_sum, out=np.zeros(12), where=month_sum > 0)
    return h_day * scale[_MONTH_OF_DAY]


def _hourly_ghi_w(h_day_kwh: np.ndarray, hour_angle_deg: np.ndarray,
                  latitude_deg: float) -> np.ndarray:
    ws = rad.sunset_hour_angle_deg(latitude_deg, rad.declination_deg(_DAY_OF_YEAR))
    r_t = rad.collares_pereira_rabl_fraction(hour_angle_deg.reshape(365, 24), ws[:, None])
    total = r_t.sum(axis=1, keepdims=True)
    share = np.divide(r_t, total, out=np.zeros_like(r_t), where=total > 0)
    return (share * h_day_kwh[:, None] * 1000.0).ravel()  # kWh/day -> Wh per hour = W mean


def _split_erbs(ghi: np.ndarray, zenith: np.ndarray, doy: np.ndarray):
    parts = pvlib.irradiance.erbs(ghi, zenith, doy)
    dni = np.asarray(parts["dni"], dtype=float)
    dhi = np.asarray(parts["dhi"], dtype=float)
    bad = (zenith > 87.0) | (dni < 0) | ~np.isfinite(dni)
    dni = np.where(bad, 0.0, dni)
    dhi = np.where(bad, ghi, dhi)  # closure GHI = DHI + DNI cos θz
    return dni, dhi


def _hourly_humidity(rh_day: np.ndarray, temp_c: np.ndarray) -> np.ndarray:
    """RH following T over each day at a constant vapour pressure (bisection per day)."""
    inv_es = 1.0 / rad.saturation_vapour_pressure_hpa(temp_c).reshape(365, 24)
    lo = np.zeros(365)
    hi = 1.0 / inv_es.min(axis=1)  # vapour pressure saturating every hour of the day
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        mean_rh = np.minimum(1.0, mid[:, None] * inv_es).mean(axis=1)
        low_side = mean_rh < rh_day
        lo = np.where(low_side, mid, lo)
        hi = np.where(low_side, hi, mid)
    e_day = 0.5 * (lo + hi)
    return np.minimum(1.0, e_day[:, None] * inv_es).ravel()


def _sky_temperature_c(temp_c, rh, h_day_kwh, zenith) -> tuple[np.ndarray, np.ndarray]:
    cs = rad.clear_sky_ghi_haurwitz_w_per_m2(zenith)
    cs_day_kwh = cs.reshape(365, 24).sum(axis=1) / 1000.0
    ratio = np.divide(h_day_kwh, cs_day_kwh, out=np.ones(365), where=cs_day_kwh > 0)
    cover = np.repeat(rad.cloud_cover_kasten_czeplak_tenths(ratio), 24)
    eps = rad.sky_emissivity_clark_allen(rad.dew_point_c(temp_c, rh), cover)
    return rad.sky_temperature_c(temp_c, eps), cover


def synthetic_year(
    monthly_stats: MonthlyStats,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    utc_offset_h: float = 1.0,
    name: str = "année type synthétique",
    source: str = "",
    assumptions: tuple[str, ...] = (),
    daily_clearness: str = "bendt",
) -> Climate:
    """Build a deterministic synthetic hourly year from monthly statistics.

    Parameters
    ----------
    monthly_stats : MonthlyStats
        Monthly mean temperature, mean daily range, GHI, relative humidity and wind.
    latitude_deg, longitude_deg : float
        Site coordinates, north and east positive. [°]
    altitude_m : float
        Site altitude (solar position only; temperatures are taken as given). [m]
    utc_offset_h : float
        Local standard time offset from UTC (France: +1). [h]
    name, source : str
        Name and provenance of the statistics (completed with the synthesis method).
    assumptions : tuple of str
        Assumptions of the statistics, carried into the climate (the generator adds its own).
    daily_clearness : {"bendt", "lisse"}
        Daily clearness indices within a month: deterministic quantiles of the Bendt et al.
        (1981) distribution (default: clear and overcast days, so that beam and diffuse
        irradiation on façades are realistic), or smooth daily values (every day alike).

    Returns
    -------
    Climate
        8760 hours, conventional year (1 January = Monday), local standard time.

    Notes
    -----
    Method and references in the module docstring. Reproduces exactly (to round-off) the
    monthly mean temperature, the mean daily range, the monthly GHI, and, unless saturation
    caps it, the monthly mean relative humidity and wind speed.
    """
    notes: list[str] = []
    pos = solar_position(float(latitude_deg), float(longitude_deg), float(altitude_m),
                         float(utc_offset_h))
    temp_c = _hourly_temperature(monthly_stats, notes)
    if daily_clearness not in ("bendt", "lisse"):
        raise InputError(f"suite des clartés journalières « {daily_clearness} » inconnue "
                         "(« bendt » ou « lisse »)")
    h_day = _daily_irradiation_kwh(monthly_stats, latitude_deg, notes, daily_clearness)
    ghi = _hourly_ghi_w(h_day, pos.hour_angle_deg, latitude_deg)
    dni, dhi = _split_erbs(ghi, pos.apparent_zenith_deg, pos.day_of_year)
    rh_day = _daily(monthly_stats.rel_humidity_frac, 1e-3, 1.0, "humidité relative", notes)
    rh = _hourly_humidity(rh_day, temp_c)
    sky_c, _ = _sky_temperature_c(temp_c, rh, h_day, pos.apparent_zenith_deg)
    wind = np.repeat(_daily(monthly_stats.wind_speed_m_per_s, 0.0, np.inf, "vent", notes), 24)
    clear = "Bendt et al. 1981 (quantiles), " if daily_clearness == "bendt" else ""
    method = ("synthèse perfqual : histospline (Boneva et al. 1971), profil ASHRAE 2009 "
              f"ch. 14 tab. 6, {clear}Collares-Pereira & Rabl 1979, Erbs et al. 1982, Clark & "
              "Allen 1978 / Kasten & Czeplak 1980 (voir methods/climat.md)")
    return Climate(
        name=name, latitude_deg=float(latitude_deg), longitude_deg=float(longitude_deg),
        altitude_m=float(altitude_m), utc_offset_h=float(utc_offset_h),
        temp_air_c=temp_c, ghi_w_per_m2=ghi, dni_w_per_m2=dni, dhi_w_per_m2=dhi,
        temp_sky_c=sky_c, wind_speed_m_per_s=wind, rel_humidity_frac=rh,
        source=f"{source} ; {method}" if source else method,
        assumptions=(*assumptions, *notes, _SMOOTH_NOTE),
    )


def _check_altitude(altitude_m: float) -> float:
    try:
        alt = float(altitude_m)
    except (TypeError, ValueError):
        raise InputError(f"altitude « {altitude_m} » : nombre attendu (en m)") from None
    if not np.isfinite(alt) or not -10.0 <= alt <= 4810.0:
        raise InputError(f"altitude {altitude_m} m hors de [-10 ; 4810] m")
    return alt


def altitude_temperature_shift_k(site_altitude_m: float, station_altitude_m: float,
                                 method: str = "classes_dpe") -> float:
    """Temperature shift applied to a station's monthly means for a site altitude. [K]

    ``"classes_dpe"``: −2 K per 3CL altitude class above the station's class, the step found in
    every cell of the 3CL-DPE 2021 §18.2 cold-water table and in the mid-winter cells of its
    outdoor-temperature table (derived by the project's research note; a convention, not a
    physical law). ``"gradient_standard"``: −6.5 K/km of altitude difference (ICAO standard
    atmosphere, ISO 2533:1975; recalled). ``"aucune"``: no correction.
    """
    if method == "classes_dpe":
        steps = altitude_class_index(site_altitude_m) - altitude_class_index(station_altitude_m)
        return -DPE_CLASS_STEP_K * steps
    if method == "gradient_standard":
        return -STANDARD_LAPSE_RATE_K_PER_M * (site_altitude_m - station_altitude_m)
    if method == "aucune":
        return 0.0
    raise InputError(f"correction d'altitude « {method} » inconnue "
                     f"({', '.join(ALTITUDE_CORRECTIONS)})")


@lru_cache(maxsize=32)
def _zone_climate_cached(key: str, altitude_m: float, correction: str) -> Climate:
    sc = station_climate(key)
    st = sc.station
    shift = altitude_temperature_shift_k(altitude_m, st.altitude_m, correction)
    stats = MonthlyStats(
        temp_mean_c=sc.stats.temp_mean_c + shift,
        temp_daily_range_k=sc.stats.temp_daily_range_k,
        ghi_kwh_per_m2=sc.stats.ghi_kwh_per_m2,
        rel_humidity_frac=sc.stats.rel_humidity_frac,
        wind_speed_m_per_s=sc.stats.wind_speed_m_per_s,
    )
    extra = []
    if shift != 0.0:
        rule = ("−2 K par classe d'altitude 3CL, convention déduite des tables 3CL-DPE 2021 "
                "§18.2" if correction == "classes_dpe" else
                "gradient de l'atmosphère standard, −6,5 K/km (ISO 2533)")
        shift_fr = f"{shift:+.1f}".replace(".", ",").replace("-", "−")
        extra.append(f"correction d'altitude : températures de {st.station} "
                     f"({st.altitude_m:g} m) décalées de {shift_fr} K pour "
                     f"{altitude_m:g} m ({rule}) ; humidité relative, rayonnement et vent non "
                     "corrigés")
    name = f"{key} – {st.station} (année type synthétique, {altitude_m:g} m)"
    source = f"statistiques mensuelles de {st.station} : " + " | ".join(sc.sources)
    return synthetic_year(stats, st.latitude_deg, st.longitude_deg, altitude_m,
                          st.utc_offset_h, name=name, source=source,
                          assumptions=(*sc.assumptions, *extra))


def zone_climate(zone: str, altitude_m: float = 0.0,
                 altitude_correction: str = "classes_dpe") -> Climate:
    """Default synthetic climate of a climate zone (or regional key) at a site altitude.

    Parameters
    ----------
    zone : str
        "H1a" … "H3", or a regional key ("H1a-bassin-minier": Lille-Lesquin); case-insensitive.
    altitude_m : float
        Site altitude. [m]
    altitude_correction : {"classes_dpe", "gradient_standard", "aucune"}
        Rule shifting the station's temperatures to the site altitude (see
        :func:`altitude_temperature_shift_k`); always listed in the assumptions when non-zero.

    Returns
    -------
    Climate
        Cached: the same object for the same arguments, so every method reads the same
        weather and shares the solar cache.

    Raises
    ------
    InputError
        Unknown zone, altitude out of [−10, 4810] m or unknown correction.
    """
    key = normalise_key(zone)
    alt = _check_altitude(altitude_m)
    if altitude_correction not in ALTITUDE_CORRECTIONS:
        raise InputError(f"correction d'altitude « {altitude_correction} » inconnue "
                         f"({', '.join(ALTITUDE_CORRECTIONS)})")
    return _zone_climate_cached(key, alt, altitude_correction)


def climate_for_site(departement: str, altitude_m: float, zone: str | None = None) -> Climate:
    """Default climate of a site: regional station if one represents the département, else zone.

    Parameters
    ----------
    departement : str
        Département ("62", "2A", "Nord"…).
    altitude_m : float
        Site altitude. [m]
    zone : str, optional
        Climate zone if already known (checked against the département by the caller).

    Returns
    -------
    Climate
        E.g. Lille-Lesquin (key "H1a-bassin-minier") for départements 59 and 62.
    """
    from perfqual.climate.zones import zone_for_departement

    dep = normalise_departement(departement)
    key = regional_key_for_departement(dep) or zone or zone_for_departement(dep)
    return zone_climate(key, altitude_m)


def climate_for_operation(operation) -> Climate:
    """Default climate of an operation (``perfqual.models.operation.Operation``).

    Thin adapter: reads ``operation.identity`` (département, climate zone, altitude) and calls
    :func:`climate_for_site`.
    """
    ident = operation.identity
    return climate_for_site(ident.departement, ident.altitude_m, ident.climate_zone)
