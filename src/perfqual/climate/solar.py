"""Solar position and irradiance on tilted, oriented surfaces (pvlib), cached per climate.

Conventions
-----------
* **Time**: hour ``k`` of a :class:`~perfqual.climate.model.Climate` is the interval
  [k, k+1) h of the conventional year in local *standard* time (UTC + ``utc_offset_h``, no
  daylight saving). The solar position of that hour is computed at its **mid-point** k + 0.5 h
  (hourly irradiances are hourly means). The calendar year used for the astronomy is 2018, a
  non-leap year that starts on a Monday like perfqual's conventional year; the year changes
  the solar position by far less than the hourly averaging does.
* **Angles**: surface tilt from horizontal (0° = horizontal roof, 90° = wall); surface azimuth
  clockwise from north, N = 0°, E = 90°, S = 180°, W = 270° (pvlib convention).
* **Solar position**: NREL SPA (Reda & Andreas 2004, *Solar Energy* 76(5):577–589) as
  implemented by ``pvlib.solarposition.get_solarposition``; the apparent (refraction-corrected)
  zenith is used for decomposition and transposition.
* **Transposition**: Perez et al. (1990), "Modeling daylight availability and irradiance
  components from direct and global irradiance", *Solar Energy* 44(5):271–289
  (``allsitescomposite1990`` coefficients), by default — the model named by
  EN ISO 52010-1:2017 for hourly irradiance on inclined surfaces (recalled, clause to confirm);
  Hay & Davies (1980) and the isotropic sky (Liu & Jordan 1963) are available as options.
  Ground reflection is isotropic with albedo ρ (default 0.2, an input; conventional value,
  not a site measurement).

Performance: the solar position, the extraterrestrial irradiance and the air mass are computed
once per (latitude, longitude, altitude, UTC offset); the irradiance of a surface once per
(climate, tilt, azimuth, model, albedo). Returned arrays are read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pvlib

from perfqual.climate.model import Climate
from perfqual.errors import InputError

#: Calendar year used for the astronomy of the conventional year (non-leap, 1 January = Monday).
CONVENTIONAL_YEAR = 2018
#: Transposition models accepted by :func:`surface_irradiance` (pvlib names).
TRANSPOSITION_MODELS = ("perez", "haydavies", "isotropic")
#: Default ground albedo (conventional; input). [-]
DEFAULT_ALBEDO = 0.2
_MAX_CACHED_SURFACES = 4096


@dataclass(frozen=True, eq=False)
class SolarPosition:
    """Hourly solar position of the conventional year at the hour mid-points.

    Attributes
    ----------
    apparent_zenith_deg, azimuth_deg : ndarray
        Refraction-corrected zenith and azimuth (clockwise from north). [°]
    hour_angle_deg : ndarray
        Hour angle in apparent solar time (negative in the morning). [°]
    dni_extra_w_per_m2 : ndarray
        Extraterrestrial normal irradiance. [W/m²]
    airmass_relative : ndarray
        Relative air mass (Kasten & Young 1989), NaN when the sun is below the horizon. [-]
    day_of_year : ndarray
        Day of year 1–365 of each hour. [-]
    """

    apparent_zenith_deg: np.ndarray
    azimuth_deg: np.ndarray
    hour_angle_deg: np.ndarray
    dni_extra_w_per_m2: np.ndarray
    airmass_relative: np.ndarray
    day_of_year: np.ndarray


@dataclass(frozen=True, eq=False)
class SurfaceIrradiance:
    """Hourly irradiance on one surface (hourly means). [W/m²]

    Attributes
    ----------
    beam_w_per_m2 : ndarray
        Direct beam on the plane, DNI·max(cos θ, 0).
    sky_diffuse_w_per_m2 : ndarray
        Sky diffuse on the plane (transposition model).
    ground_reflected_w_per_m2 : ndarray
        Ground-reflected, GHI·ρ·(1 − cos β)/2.
    total_w_per_m2 : ndarray
        Sum of the three.
    aoi_deg : ndarray
        Angle of incidence of the beam on the plane. [°]
    tilt_deg, azimuth_deg, albedo, model
        The inputs, for traceability.
    """

    beam_w_per_m2: np.ndarray
    sky_diffuse_w_per_m2: np.ndarray
    ground_reflected_w_per_m2: np.ndarray
    total_w_per_m2: np.ndarray
    aoi_deg: np.ndarray
    tilt_deg: float
    azimuth_deg: float
    albedo: float
    model: str


def conventional_times(utc_offset_h: float) -> pd.DatetimeIndex:
    """Mid-points of the 8760 hours of the conventional year in local standard time."""
    tz = dt.timezone(dt.timedelta(hours=float(utc_offset_h)))
    start = pd.Timestamp(CONVENTIONAL_YEAR, 1, 1, 0, 30, tz=tz)
    return pd.date_range(start, periods=8760, freq="h")


def _readonly(arr: object) -> np.ndarray:
    out = np.array(arr, dtype=float)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)
def solar_position(
    latitude_deg: float, longitude_deg: float, altitude_m: float, utc_offset_h: float
) -> SolarPosition:
    """Solar position of the conventional year at a site (cached per site).

    Parameters
    ----------
    latitude_deg, longitude_deg : float
        Site coordinates, north and east positive. [°]
    altitude_m : float
        Site altitude. [m]
    utc_offset_h : float
        Offset of local standard time from UTC. [h]

    Returns
    -------
    SolarPosition
    """
    if not (-90.0 <= latitude_deg <= 90.0 and -180.0 <= longitude_deg <= 180.0):
        raise InputError(f"coordonnées hors limites : latitude {latitude_deg}°, "
                         f"longitude {longitude_deg}°")
    times = conventional_times(utc_offset_h)
    pos = pvlib.solarposition.get_solarposition(
        times, latitude_deg, longitude_deg, altitude=altitude_m, method="nrel_numpy"
    )
    hour_angle = pvlib.solarposition.hour_angle(
        times, longitude_deg, pos["equation_of_time"].to_numpy()
    )
    zenith = pos["apparent_zenith"].to_numpy()
    doy = times.day_of_year.to_numpy()
    airmass = pvlib.atmosphere.get_relative_airmass(zenith, model="kastenyoung1989")
    return SolarPosition(
        apparent_zenith_deg=_readonly(zenith),
        azimuth_deg=_readonly(pos["azimuth"].to_numpy()),
        hour_angle_deg=_readonly(hour_angle),
        dni_extra_w_per_m2=_readonly(pvlib.irradiance.get_extra_radiation(doy)),
        airmass_relative=_readonly(np.asarray(airmass)),
        day_of_year=_readonly(doy),
    )


def climate_solar_position(climate: Climate) -> SolarPosition:
    """Solar position of a climate's site (computed once, then cached)."""
    key = ("solar_position",)
    cached = climate._cache.get(key)
    if cached is None:
        cached = solar_position(float(climate.latitude_deg), float(climate.longitude_deg),
                                float(climate.altitude_m), float(climate.utc_offset_h))
        climate._cache[key] = cached
    return cached


def _check_surface(tilt_deg: float, azimuth_deg: float, albedo: float, model: str) -> None:
    if not 0.0 <= tilt_deg <= 180.0:
        raise InputError(f"inclinaison {tilt_deg}° hors de [0 ; 180]° (0 = horizontal, 90 = mur)")
    if not 0.0 <= azimuth_deg <= 360.0:
        raise InputError(f"azimut {azimuth_deg}° hors de [0 ; 360]° (depuis le nord, sens horaire)")
    if not 0.0 <= albedo <= 1.0:
        raise InputError(f"albédo {albedo} hors de [0 ; 1]")
    if model not in TRANSPOSITION_MODELS:
        raise InputError(f"modèle de transposition « {model} » inconnu "
                         f"({', '.join(TRANSPOSITION_MODELS)})")


def surface_irradiance(
    climate: Climate,
    tilt_deg: float,
    azimuth_deg: float,
    model: str = "perez",
    albedo: float = DEFAULT_ALBEDO,
) -> SurfaceIrradiance:
    """Hourly irradiance on a tilted, oriented surface.

    Parameters
    ----------
    climate : Climate
        Hourly weather (GHI, DNI, DHI) and site.
    tilt_deg : float
        Surface tilt from horizontal (0 = horizontal facing up, 90 = vertical wall). [°]
    azimuth_deg : float
        Direction the surface faces, clockwise from north (S = 180). [°]
    model : {"perez", "haydavies", "isotropic"}
        Sky-diffuse transposition model (see module notes).
    albedo : float
        Ground reflectance ρ. [-]

    Returns
    -------
    SurfaceIrradiance
        Cached: a second call with the same arguments returns the same object.

    Notes
    -----
    ``pvlib.irradiance.get_total_irradiance``: beam = DNI·max(cos θ, 0); ground-reflected =
    GHI·ρ·(1 − cos β)/2; sky diffuse per the chosen model. For a horizontal surface under
    Perez, the sky diffuse equals DHI whenever the sun is more than 5° above the horizon, so the
    total equals DHI + DNI·cos θz (= GHI for a climate whose components close).
    """
    tilt, azimuth, rho = float(tilt_deg), float(azimuth_deg) % 360.0, float(albedo)
    _check_surface(tilt, float(azimuth_deg), rho, model)
    key = ("surface", tilt, azimuth, model, rho)
    cached = climate._cache.get(key)
    if cached is not None:
        return cached
    pos = climate_solar_position(climate)
    extra = {}
    if model in ("perez", "haydavies"):
        extra["dni_extra"] = pos.dni_extra_w_per_m2
    if model == "perez":
        extra["airmass"] = np.nan_to_num(pos.airmass_relative, nan=0.0)
    res = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, pos.apparent_zenith_deg, pos.azimuth_deg,
        climate.dni_w_per_m2, climate.ghi_w_per_m2, climate.dhi_w_per_m2,
        albedo=rho, model=model, **extra,
    )
    aoi = pvlib.irradiance.aoi(tilt, azimuth, pos.apparent_zenith_deg, pos.azimuth_deg)
    beam = np.nan_to_num(np.asarray(res["poa_direct"], dtype=float), nan=0.0)
    sky = np.nan_to_num(np.asarray(res["poa_sky_diffuse"], dtype=float), nan=0.0)
    ground = np.nan_to_num(np.asarray(res["poa_ground_diffuse"], dtype=float), nan=0.0)
    result = SurfaceIrradiance(
        beam_w_per_m2=_readonly(beam),
        sky_diffuse_w_per_m2=_readonly(sky),
        ground_reflected_w_per_m2=_readonly(ground),
        total_w_per_m2=_readonly(beam + sky + ground),
        aoi_deg=_readonly(aoi),
        tilt_deg=tilt, azimuth_deg=azimuth, albedo=rho, model=model,
    )
    if len(climate._cache) > _MAX_CACHED_SURFACES:  # bound memory: forget old surfaces
        for k in [k for k in climate._cache if k[0] == "surface"]:
            del climate._cache[k]
    climate._cache[key] = result
    return result
