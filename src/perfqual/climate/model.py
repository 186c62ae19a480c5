"""The climate object read by both calculation methods.

A :class:`Climate` holds one year of hourly weather (8760 values, conventional year starting on
a Monday, local standard time, hour ``k`` = the interval [k, k+1) h) and where it comes from.
Both methods read the same object, so that a difference between methods is never a difference
of weather. Irradiance on any tilted, oriented surface is computed by
:func:`perfqual.climate.solar.surface_irradiance` (pvlib).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

_SERIES = ("temp_air_c", "ghi_w_per_m2", "dni_w_per_m2", "dhi_w_per_m2", "temp_sky_c",
           "wind_speed_m_per_s", "rel_humidity_frac")


@dataclass(frozen=True, eq=False)
class Climate:
    """One year of hourly weather and its provenance.

    Attributes
    ----------
    name : str
        Human-readable name (station, zone, file).
    latitude_deg, longitude_deg : float
        Site coordinates (north and east positive). [°]
    altitude_m : float
        Site altitude. [m]
    utc_offset_h : float
        Offset of the local standard time from UTC (France: +1). [h]
    temp_air_c : ndarray
        Dry-bulb air temperature. [°C]
    ghi_w_per_m2, dni_w_per_m2, dhi_w_per_m2 : ndarray
        Global horizontal, direct normal and diffuse horizontal irradiance, hourly means. [W/m²]
    temp_sky_c : ndarray
        Equivalent sky temperature. [°C]
    wind_speed_m_per_s : ndarray
        Wind speed at 10 m. [m/s]
    rel_humidity_frac : ndarray
        Relative humidity, 0–1. [-]
    source : str
        Provenance of the data (file, station, synthesis method).
    assumptions : tuple of str
        Values used without a citable source, to be shown in every output that uses them.

    Notes
    -----
    The series are stored as read-only float arrays. Equality is identity (``eq=False``), so a
    climate can key caches; :mod:`perfqual.climate.solar` keeps the solar position and the
    irradiance of each surface already computed in the private ``_cache`` of the instance.
    """

    name: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    utc_offset_h: float
    temp_air_c: np.ndarray
    ghi_w_per_m2: np.ndarray
    dni_w_per_m2: np.ndarray
    dhi_w_per_m2: np.ndarray
    temp_sky_c: np.ndarray
    wind_speed_m_per_s: np.ndarray
    rel_humidity_frac: np.ndarray
    source: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.temp_air_c)
        for name in _SERIES:
            arr = np.array(getattr(self, name), dtype=float)  # copy: the climate owns its data
            if arr.ndim != 1 or len(arr) != n:
                raise ValueError(
                    f"série climatique « {name} » de longueur différente ({n} attendu)"
                )
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"série climatique « {name} » : valeurs manquantes ou infinies")
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if n != 8760:
            raise ValueError(f"une année climatique compte 8760 heures, pas {n}")
        object.__setattr__(self, "assumptions", tuple(self.assumptions))

    @property
    def n_hours(self) -> int:
        """Number of hours (8760)."""
        return len(self.temp_air_c)

    def monthly_mean_temp_c(self) -> np.ndarray:
        """Monthly mean air temperature (12 values). [°C]"""
        return monthly_means(self.temp_air_c)


# Days per month of the conventional (non-leap) year.
DAYS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
MONTH_OF_HOUR = np.repeat(np.arange(12), DAYS_PER_MONTH * 24)


def monthly_means(hourly: np.ndarray) -> np.ndarray:
    """Means of an 8760-hour series over the 12 months."""
    hourly = np.asarray(hourly, dtype=float)
    return np.bincount(MONTH_OF_HOUR, weights=hourly, minlength=12) / (DAYS_PER_MONTH * 24)


def monthly_sums(hourly: np.ndarray) -> np.ndarray:
    """Sums of an 8760-hour series over the 12 months."""
    return np.bincount(MONTH_OF_HOUR, weights=np.asarray(hourly, dtype=float), minlength=12)
