"""Reading and writing EnergyPlus weather files (EPW).

Format: EnergyPlus "Auxiliary Programs", section "Weather Converter Program — EnergyPlus
Weather File (EPW) Data Dictionary": 8 header lines (LOCATION, DESIGN CONDITIONS,
TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1,
COMMENTS 2, DATA PERIODS) then one line per hour with 35 comma-separated fields.

Conventions applied by :func:`read_epw`
---------------------------------------
* **Hours**: EPW hour ``h`` (1…24) is the interval [h−1, h) of local standard time; it becomes
  hour index ``h − 1`` of the climate (interval [k, k+1), the perfqual convention).
* **Leap years**: the 24 rows of 29 February are dropped (8784 → 8760 rows).
* **Calendar**: rows are placed by their (month, day, hour) fields, whatever their order in
  the file (a file starting on 1 July is rotated so that index 0 is 1 January 00:00–01:00);
  every hour of the year must appear exactly once. The *dates* of the file are kept, so the
  weather stays aligned with the sun; the *weekday* of the file (DATA PERIODS start day) and
  its years are ignored: the climate is used in perfqual's conventional year, whose
  1 January is a Monday (occupancy schedules follow that calendar).
* **Sky temperature**: from the horizontal infrared radiation field, (IR/σ)^¼ (EnergyPlus
  Engineering Reference). If that field is missing (9999), from the Clark & Allen (1978)
  emissivity with the file's dew point and opaque sky cover, as EnergyPlus does — listed in
  the climate's assumptions.
* Missing values (EPW codes 99.9, 999, 9999) in temperature, humidity, irradiance or wind are
  refused with the file and line named: perfqual does not fill gaps silently.
"""

from __future__ import annotations

import calendar
from pathlib import Path

import numpy as np

from perfqual.climate import radiation as rad
from perfqual.climate.model import Climate
from perfqual.errors import InputError
from perfqual.io.output import write_text_atomic

# EPW field positions (0-based) of the data lines.
F_YEAR, F_MONTH, F_DAY, F_HOUR = 0, 1, 2, 3
F_DRY_BULB, F_DEW_POINT, F_RH, F_PRESSURE = 6, 7, 8, 9
F_IR, F_GHI, F_DNI, F_DHI, F_WIND, F_OPAQUE_SKY = 12, 13, 14, 15, 21, 23
N_FIELDS = 35
N_HEADER_LINES = 8

#: EPW "missing" codes (values at or above them are missing) of the fields perfqual reads.
MISSING_AT_OR_ABOVE = {
    F_DRY_BULB: 99.9, F_DEW_POINT: 99.9, F_RH: 999.0, F_IR: 9999.0, F_GHI: 9999.0,
    F_DNI: 9999.0, F_DHI: 9999.0, F_WIND: 999.0, F_OPAQUE_SKY: 99.0,
}
FIELD_NAMES_FR = {
    F_DRY_BULB: "température sèche", F_DEW_POINT: "température de rosée",
    F_RH: "humidité relative", F_IR: "rayonnement infrarouge horizontal",
    F_GHI: "rayonnement global horizontal", F_DNI: "rayonnement direct normal",
    F_DHI: "rayonnement diffus horizontal", F_WIND: "vitesse du vent",
    F_OPAQUE_SKY: "nébulosité opaque",
}
_REQUIRED = (F_DRY_BULB, F_RH, F_GHI, F_DNI, F_DHI, F_WIND)
_ASSUMPTIONS_PREFIX = "Hypothèses perfqual : "
_SOURCE_PREFIX = "Source perfqual : "
_CUM_DAYS = np.concatenate([[0], np.cumsum([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])])
#: Calendar year written by :func:`write_epw` (non-leap; 1 January 2018 was a Monday).
EPW_WRITE_YEAR = 2018


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise InputError("fichier météo introuvable", str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"fichier météo illisible ({exc.strerror})", str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.splitlines()


def _float(text: str, path: Path, line: int, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what} : « {text} » n'est pas un nombre",
                         f"{path}, ligne {line}") from None


def _parse_location(lines: list[str], path: Path) -> dict[str, object]:
    if not lines or not lines[0].startswith("LOCATION"):
        raise InputError("en-tête EPW attendu : la ligne 1 doit commencer par « LOCATION »",
                         f"{path}, ligne 1")
    f = lines[0].split(",")
    if len(f) < 10:
        raise InputError("ligne LOCATION incomplète (10 champs attendus : ville, région, pays, "
                         "source, OMM, latitude, longitude, fuseau, altitude)", f"{path}, ligne 1")
    loc = {
        "city": f[1].strip(), "source": f[4].strip(), "wmo": f[5].strip(),
        "latitude_deg": _float(f[6], path, 1, "latitude"),
        "longitude_deg": _float(f[7], path, 1, "longitude"),
        "utc_offset_h": _float(f[8], path, 1, "fuseau horaire"),
        "altitude_m": _float(f[9], path, 1, "altitude"),
    }
    if not -90 <= loc["latitude_deg"] <= 90 or not -180 <= loc["longitude_deg"] <= 180:
        raise InputError("latitude ou longitude hors limites", f"{path}, ligne 1")
    return loc


def _header(lines: list[str], path: Path) -> tuple[int, str, str]:
    """Index of the first data line, and the COMMENTS 1 / 2 texts."""
    comments = {"COMMENTS 1": "", "COMMENTS 2": ""}
    for i, line in enumerate(lines[:N_HEADER_LINES]):
        for key in comments:
            if line.startswith(key):
                comments[key] = line[len(key) + 1:].strip().strip('"')
        if line.startswith("DATA PERIODS"):
            f = line.split(",")
            if len(f) > 2 and f[2].strip() not in ("1", ""):
                raise InputError(
                    f"{f[2].strip()} enregistrements par heure : seuls les fichiers horaires "
                    "(1 par heure) sont pris en charge", f"{path}, ligne {i + 1}",
                )
            return i + 1, comments["COMMENTS 1"], comments["COMMENTS 2"]
    raise InputError("ligne « DATA PERIODS » absente des 8 lignes d'en-tête", str(path))


def _hour_index(month: int, day: int, hour: int, path: Path, line: int) -> int:
    if not 1 <= month <= 12:
        raise InputError(f"mois {month} invalide", f"{path}, ligne {line}")
    if not 1 <= day <= calendar.monthrange(2019, month)[1]:
        raise InputError(f"jour {day} invalide pour le mois {month}", f"{path}, ligne {line}")
    if not 1 <= hour <= 24:
        raise InputError(f"heure {hour} invalide (1 à 24 attendu, heure 1 = 0 h–1 h)",
                         f"{path}, ligne {line}")
    return (int(_CUM_DAYS[month - 1]) + day - 1) * 24 + hour - 1


def _parse_rows(lines: list[str], first: int, path: Path) -> np.ndarray:
    """Array (8760, 35) of the data in conventional-year order (NaN where not numeric)."""
    data = np.full((8760, N_FIELDS), np.nan)
    seen = np.zeros(8760, dtype=int)
    wanted = (*_REQUIRED, F_DEW_POINT, F_IR, F_OPAQUE_SKY, F_PRESSURE)
    for i in range(first, len(lines)):
        text = lines[i].strip()
        if not text:
            continue
        line = i + 1
        f = text.split(",")
        if len(f) < F_OPAQUE_SKY + 1:
            raise InputError(f"{len(f)} champs au lieu de {N_FIELDS}", f"{path}, ligne {line}")
        try:
            month, day, hour = int(f[F_MONTH]), int(f[F_DAY]), int(f[F_HOUR])
        except ValueError:
            raise InputError("mois, jour ou heure non entier", f"{path}, ligne {line}") from None
        if month == 2 and day == 29:
            continue  # leap day dropped
        k = _hour_index(month, day, hour, path, line)
        if seen[k]:
            raise InputError(f"heure en double ({day}/{month} heure {hour}, déjà en ligne "
                             f"{seen[k]})", f"{path}, ligne {line}")
        seen[k] = line
        for j in wanted:
            data[k, j] = _float(f[j], path, line, FIELD_NAMES_FR.get(j, f"champ {j + 1}"))
    missing = np.flatnonzero(seen == 0)
    if missing.size:
        k = int(missing[0])
        raise InputError(f"{missing.size} heure(s) absente(s) de l'année (première : jour "
                         f"{k // 24 + 1} de l'année, heure {k % 24 + 1}) ; un fichier horaire "
                         "d'une année complète est attendu", str(path))
    for j in _REQUIRED:
        bad = np.flatnonzero(data[:, j] >= MISSING_AT_OR_ABOVE[j])
        if bad.size:
            raise InputError(f"{FIELD_NAMES_FR[j]} manquante ({bad.size} heure(s)) : perfqual ne "
                             "complète pas les lacunes", f"{path}, ligne {seen[bad[0]]}")
    data[:, 0] = seen  # keep the source line of each hour for later messages
    return data


def _sky_temperature(data: np.ndarray, path: Path) -> tuple[np.ndarray, tuple[str, ...]]:
    ir = data[:, F_IR]
    ok = ir < MISSING_AT_OR_ABOVE[F_IR]
    if np.all(ok):
        return rad.sky_temperature_from_infrared_c(ir), ()
    cover = data[:, F_OPAQUE_SKY]
    dew = data[:, F_DEW_POINT]
    need = ~ok
    bad = need & ((cover >= MISSING_AT_OR_ABOVE[F_OPAQUE_SKY]) |
                  (dew >= MISSING_AT_OR_ABOVE[F_DEW_POINT]))
    if np.any(bad):
        k = int(np.flatnonzero(bad)[0])
        raise InputError("rayonnement infrarouge manquant et nébulosité opaque ou température de "
                         "rosée manquante : température de ciel incalculable",
                         f"{path}, ligne {int(data[k, 0])}")
    est = rad.sky_temperature_c(data[:, F_DRY_BULB],
                                rad.sky_emissivity_clark_allen(dew, cover))
    sky = np.where(ok, rad.sky_temperature_from_infrared_c(np.where(ok, ir, 0.0)), est)
    note = (f"température de ciel de {int(need.sum())} heure(s) estimée (rayonnement infrarouge "
            "absent du fichier) par l'émissivité de Clark & Allen (1978) avec la rosée et la "
            "nébulosité opaque du fichier, comme EnergyPlus")
    return sky, (note,)


def read_epw(path: str | Path) -> Climate:
    """Read an hourly EPW weather file into a :class:`Climate`.

    Parameters
    ----------
    path : str or Path
        ``.epw`` file (8760 or 8784 hourly rows).

    Returns
    -------
    Climate
        Conventional-year climate (conventions in the module docstring).

    Raises
    ------
    InputError
        Malformed file, missing hours or missing values, with the file and line named.
    """
    path = Path(path)
    lines = _read_lines(path)
    loc = _parse_location(lines, path)
    first, comment1, comment2 = _header(lines, path)
    data = _parse_rows(lines, first, path)
    rh_pct = data[:, F_RH]
    if np.any((rh_pct < 0) | (rh_pct > 100)):
        k = int(np.flatnonzero((rh_pct < 0) | (rh_pct > 100))[0])
        raise InputError(f"humidité relative {rh_pct[k]:g} % hors de [0 ; 100]",
                         f"{path}, ligne {int(data[k, 0])}")
    for j in (F_GHI, F_DNI, F_DHI, F_WIND):
        if np.any(data[:, j] < 0):
            k = int(np.flatnonzero(data[:, j] < 0)[0])
            raise InputError(f"{FIELD_NAMES_FR[j]} négatif", f"{path}, ligne {int(data[k, 0])}")
    sky_c, notes = _sky_temperature(data, path)
    comment1, comment2 = _unclean(comment1), _unclean(comment2)
    assumptions = tuple(a.strip() for a in comment2[len(_ASSUMPTIONS_PREFIX):].split(" | ")
                        if a.strip()) if comment2.startswith(_ASSUMPTIONS_PREFIX) else ()
    source = comment1[len(_SOURCE_PREFIX):] if comment1.startswith(_SOURCE_PREFIX) else (
        f"fichier EPW {path.name} (source : {loc['source'] or 'non indiquée'}, OMM "
        f"{loc['wmo'] or '-'}) ; dates conservées, jour de semaine du fichier ignoré (année "
        "conventionnelle commençant un lundi)")
    return Climate(
        name=_unclean(str(loc["city"])) or path.stem,
        latitude_deg=float(loc["latitude_deg"]), longitude_deg=float(loc["longitude_deg"]),
        altitude_m=float(loc["altitude_m"]), utc_offset_h=float(loc["utc_offset_h"]),
        temp_air_c=data[:, F_DRY_BULB], ghi_w_per_m2=data[:, F_GHI],
        dni_w_per_m2=data[:, F_DNI], dhi_w_per_m2=data[:, F_DHI], temp_sky_c=sky_c,
        wind_speed_m_per_s=data[:, F_WIND], rel_humidity_frac=rh_pct / 100.0,
        source=source, assumptions=(*assumptions, *notes),
    )


#: Stand-in for commas inside EPW header texts (U+201A, read back as a comma by read_epw).
_COMMA_STAND_IN = "\u201a"


def _clean(text: str) -> str:
    """Text safe for one EPW header field (no comma, no line break), reversible."""
    return " ".join(str(text).replace(",", _COMMA_STAND_IN).split())


def _unclean(text: str) -> str:
    return text.replace(_COMMA_STAND_IN, ",")


def _epw_header(climate: Climate) -> list[str]:
    return [
        f"LOCATION,{_clean(climate.name)},-,FRA,perfqual,-,{climate.latitude_deg:.4f},"
        f"{climate.longitude_deg:.4f},{climate.utc_offset_h:.1f},{climate.altitude_m:.1f}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        f"COMMENTS 1,{_SOURCE_PREFIX}{_clean(climate.source)}",
        f"COMMENTS 2,{_ASSUMPTIONS_PREFIX}{' | '.join(_clean(a) for a in climate.assumptions)}",
        "DATA PERIODS,1,1,Data,Monday,1/1,12/31",
    ]


def write_epw(climate: Climate, path: str | Path) -> Path:
    """Write a climate as an hourly EPW file (atomically).

    Parameters
    ----------
    climate : Climate
        Hourly year to write.
    path : str or Path
        Output file.

    Returns
    -------
    Path
        The written file.

    Notes
    -----
    Year 2018 (1 January = Monday, like the conventional year), hour h = interval [h−1, h).
    Written: dry bulb, dew point (Bolton 1980 from T and RH; 99.9 where RH = 0), RH, station
    pressure (standard atmosphere at the site altitude, ``pvlib.atmosphere.alt2pres``),
    extraterrestrial irradiances, horizontal infrared σ·T_sky⁴, GHI, DNI, DHI, wind speed;
    other fields carry the EPW "missing" codes. Source and assumptions go to COMMENTS 1/2 and are
    read back by :func:`read_epw`. Values are written with enough decimals for a round trip
    (0.01 °C, 0.01 W/m², 0.001 % RH, 0.001 m/s).
    """
    import pvlib

    from perfqual.climate.solar import climate_solar_position

    pos = climate_solar_position(climate)
    rh = climate.rel_humidity_frac
    with np.errstate(divide="ignore", invalid="ignore"):
        dew = np.where(rh > 0, rad.dew_point_c(climate.temp_air_c, np.where(rh > 0, rh, 1.0)),
                       99.9)
    pressure = float(pvlib.atmosphere.alt2pres(climate.altitude_m))
    cos_z = np.cos(np.radians(pos.apparent_zenith_deg))
    etr_h = np.maximum(0.0, pos.dni_extra_w_per_m2 * cos_z)
    ir = rad.horizontal_infrared_w_per_m2(climate.temp_sky_c)
    lines = _epw_header(climate)
    month_of_day = np.repeat(np.arange(1, 13), np.diff(_CUM_DAYS))
    day_in_month = np.arange(365) - _CUM_DAYS[month_of_day - 1] + 1
    for k in range(8760):
        d = k // 24
        lines.append(
            f"{EPW_WRITE_YEAR},{month_of_day[d]},{day_in_month[d]},{k % 24 + 1},60,*,"
            f"{climate.temp_air_c[k]:.2f},{dew[k]:.2f},{100.0 * rh[k]:.3f},{pressure:.0f},"
            f"{etr_h[k]:.1f},{pos.dni_extra_w_per_m2[k]:.1f},{ir[k]:.2f},"
            f"{climate.ghi_w_per_m2[k]:.2f},{climate.dni_w_per_m2[k]:.2f},"
            f"{climate.dhi_w_per_m2[k]:.2f},999999,999999,999999,9999,999,"
            f"{climate.wind_speed_m_per_s[k]:.3f},99,99,9999,99999,9,999999999,999,.999,999,99,"
            "999,999,99"
        )
    return write_text_atomic(path, "\n".join(lines) + "\n")
