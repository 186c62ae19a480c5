"""Monthly statistics of a climate and heating degree-days.

The same statistics describe the *input* of the synthetic generator (monthly means taken from a
station) and the *output* of any :class:`~perfqual.climate.model.Climate` (synthetic or read from
an EPW file), so that a synthetic year can be checked against the statistics it was built from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perfqual.climate.model import DAYS_PER_MONTH, Climate, monthly_means, monthly_sums
from perfqual.errors import InputError

#: French month names, for reports.
MONTHS_FR: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)


def _twelve(values: object, name: str) -> np.ndarray:
    arr = np.array(values, dtype=float)
    if arr.shape != (12,):
        raise InputError(f"« {name} » : 12 valeurs mensuelles attendues, {arr.size} reçues")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"« {name} » : valeur manquante ou non finie")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class MonthlyStats:
    """Twelve monthly values of the quantities a typical year is built from.

    Attributes
    ----------
    temp_mean_c : ndarray
        Monthly mean air temperature (mean of the 24 hourly values of every day). [°C]
    temp_daily_range_k : ndarray
        Mean over the days of the month of the daily range T_max − T_min. [K]
    ghi_kwh_per_m2 : ndarray
        Monthly global horizontal irradiation. [kWh/m²]
    rel_humidity_frac : ndarray
        Monthly mean relative humidity, 0–1. [-]
    wind_speed_m_per_s : ndarray
        Monthly mean wind speed at 10 m. [m/s]
    heating_degree_days_k_day : ndarray or None
        Heating degree-days, base 18 °C, daily-mean method (output statistic only; ignored
        by the generator). [K·d]
    """

    temp_mean_c: np.ndarray
    temp_daily_range_k: np.ndarray
    ghi_kwh_per_m2: np.ndarray
    rel_humidity_frac: np.ndarray
    wind_speed_m_per_s: np.ndarray
    heating_degree_days_k_day: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("temp_mean_c", "temp_daily_range_k", "ghi_kwh_per_m2",
                     "rel_humidity_frac", "wind_speed_m_per_s"):
            object.__setattr__(self, name, _twelve(getattr(self, name), name))
        if self.heating_degree_days_k_day is not None:
            object.__setattr__(self, "heating_degree_days_k_day",
                               _twelve(self.heating_degree_days_k_day, "heating_degree_days"))
        if np.any(self.temp_daily_range_k < 0):
            raise InputError("amplitude journalière de température négative")
        if np.any(self.ghi_kwh_per_m2 < 0):
            raise InputError("irradiation globale horizontale négative")
        if np.any((self.rel_humidity_frac <= 0) | (self.rel_humidity_frac > 1)):
            raise InputError("humidité relative hors de ]0 ; 1]")
        if np.any(self.wind_speed_m_per_s < 0):
            raise InputError("vitesse de vent négative")


@dataclass(frozen=True, eq=False)
class DegreeDays:
    """Heating degree-days of a climate.

    Attributes
    ----------
    monthly_k_day : ndarray
        Degree-days of each month. [K·d]
    annual_k_day : float
        Sum over the year. [K·d]
    base_c : float
        Base temperature. [°C]
    method : str
        "moyenne_journaliere" or "meteo_france" (see :func:`heating_degree_days`).
    """

    monthly_k_day: np.ndarray
    annual_k_day: float
    base_c: float
    method: str


def daily_values(hourly: np.ndarray) -> np.ndarray:
    """Reshape an 8760-hour series into (365, 24) days."""
    return np.asarray(hourly, dtype=float).reshape(365, 24)


def daily_mean_temperature_c(climate: Climate) -> np.ndarray:
    """Mean of the 24 hourly air temperatures of each day (365 values). [°C]"""
    return daily_values(climate.temp_air_c).mean(axis=1)


def heating_degree_days(
    climate: Climate, base_c: float = 18.0, method: str = "moyenne_journaliere"
) -> DegreeDays:
    r"""Heating degree-days (DJU) of a climate.

    Parameters
    ----------
    climate : Climate
        Hourly year.
    base_c : float
        Base temperature (18 °C for the French "DJU"). [°C]
    method : {"moyenne_journaliere", "meteo_france"}
        ``"moyenne_journaliere"``: daily temperature = mean of the 24 hourly values
        (the daily-mean method of EN ISO 15927-6:2007 when hourly data exist — recalled, clause
        not re-read). ``"meteo_france"``: daily temperature = (T_n + T_x)/2 of the hourly
        minimum and maximum of the day (the convention of Météo-France daily normals; recalled).

    Returns
    -------
    DegreeDays

    Notes
    -----
    :math:`DJ = \sum_{days} \max(0,\; \theta_b - \bar\theta_d)`, summed by month.

    The two methods differ by −0.036·DR per heating day on a synthetic ASHRAE-profile day
    (see :mod:`perfqual.climate.synthetic`), i.e. a few percent of the annual sum.
    """
    days = daily_values(climate.temp_air_c)
    if method == "moyenne_journaliere":
        t_day = days.mean(axis=1)
    elif method == "meteo_france":
        t_day = 0.5 * (days.min(axis=1) + days.max(axis=1))
    else:
        raise InputError(
            f"méthode de degrés-jours « {method} » inconnue "
            "(« moyenne_journaliere » ou « meteo_france »)"
        )
    dd_day = np.maximum(0.0, base_c - t_day)
    month_of_day = np.repeat(np.arange(12), DAYS_PER_MONTH)
    monthly = np.bincount(month_of_day, weights=dd_day, minlength=12)
    return DegreeDays(monthly, float(monthly.sum()), float(base_c), method)


def monthly_statistics(climate: Climate) -> MonthlyStats:
    """Monthly statistics of any climate (synthetic or read from a file).

    Returns
    -------
    MonthlyStats
        Mean temperature (24-hour mean), mean daily range of the hourly values, monthly GHI
        sum (hourly means × 1 h), mean relative humidity, mean wind speed and heating
        degree-days base 18 °C (daily-mean method).
    """
    days = daily_values(climate.temp_air_c)
    daily_range = days.max(axis=1) - days.min(axis=1)
    month_of_day = np.repeat(np.arange(12), DAYS_PER_MONTH)
    range_k = np.bincount(month_of_day, weights=daily_range, minlength=12) / DAYS_PER_MONTH
    return MonthlyStats(
        temp_mean_c=monthly_means(climate.temp_air_c),
        temp_daily_range_k=range_k,
        ghi_kwh_per_m2=monthly_sums(climate.ghi_w_per_m2) / 1000.0,
        rel_humidity_frac=monthly_means(climate.rel_humidity_frac),
        wind_speed_m_per_s=monthly_means(climate.wind_speed_m_per_s),
        heating_degree_days_k_day=heating_degree_days(climate).monthly_k_day,
    )
