"""Conventional hourly schedules (set-points, internal gains) over a conventional year.

The conventional year has 8760 hours, starts on a Monday at 0 h (local time) and has no leap
day; hour ``k`` covers [k, k+1) h. Both calculation methods build their schedules here, so that
a difference between methods is never a difference of calendar.
"""

from __future__ import annotations

import numpy as np

HOURS_PER_YEAR = 8760


def hour_of_day(n_hours: int = HOURS_PER_YEAR) -> np.ndarray:
    """Clock hour 0..23 of each hour of the conventional year."""
    return np.arange(n_hours) % 24


def day_of_year(n_hours: int = HOURS_PER_YEAR) -> np.ndarray:
    """Day of year, 1-based, of each hour."""
    return np.arange(n_hours) // 24 + 1


def holiday_mask(
    holidays: tuple[tuple[int, int], ...], n_hours: int = HOURS_PER_YEAR
) -> np.ndarray:
    """True for hours inside any holiday period (first day, last day), 1-based, inclusive."""
    day = day_of_year(n_hours)
    mask = np.zeros(n_hours, dtype=bool)
    for first, last in holidays:
        if not 1 <= first <= last <= 366:
            raise ValueError(f"période de vacances invalide : jours {first} à {last}")
        mask |= (day >= first) & (day <= last)
    return mask


def reduced_mask(start_hour: int, end_hour: int, n_hours: int = HOURS_PER_YEAR) -> np.ndarray:
    """True for clock hours in the reduced (night set-back) period [start, end), wrapping midnight.

    Examples
    --------
    >>> np.flatnonzero(reduced_mask(22, 6, 24)).tolist()
    [0, 1, 2, 3, 4, 5, 22, 23]
    """
    h = hour_of_day(n_hours)
    if start_hour == end_hour:
        return np.zeros(n_hours, dtype=bool)
    if start_hour < end_hour:
        return (h >= start_hour) & (h < end_hour)
    return (h >= start_hour) | (h < end_hour)


def heating_setpoint_schedule_c(
    occupied_c: float,
    reduced_c: float,
    reduced_start_hour: int,
    reduced_end_hour: int,
    holiday_c: float,
    holidays: tuple[tuple[int, int], ...],
    n_hours: int = HOURS_PER_YEAR,
) -> np.ndarray:
    """Hourly heating set-point [°C]: occupied, night set-back, holidays (frost protection).

    Sources: night set-back 16 °C from 22 h to 6 h and one week of non-occupation, arrêté du
    15 septembre 2006 (DPE), annexe IV §2.1; holiday weeks, same annex §3.2.1.
    """
    sp = np.full(n_hours, float(occupied_c))
    sp[reduced_mask(reduced_start_hour, reduced_end_hour, n_hours)] = reduced_c
    sp[holiday_mask(holidays, n_hours)] = holiday_c
    return sp


def internal_gains_schedule_w_per_m2(
    area_gains_w_per_m2: float,
    occupant_gain_w: float,
    n_occupants: float,
    presence_frac: float,
    area_m2: float,
    zero_in_holidays: bool,
    holidays: tuple[tuple[int, int], ...],
    n_hours: int = HOURS_PER_YEAR,
) -> np.ndarray:
    """Hourly internal gains per m² of reference area [W/m²].

    The occupant part is spread as a constant mean (presence fraction × gain), as in the 3CL-DPE
    2021 monthly gains A_i = [3.52·S_h + (132/168)·N_adeq·90]·N_ref (Open3CL ``calc_ai_j``);
    gains are zero during holidays when asked (arrêté du 15 septembre 2006, annexe IV §3.2.5).
    """
    if area_m2 <= 0:
        raise ValueError("la surface de référence doit être positive")
    mean = area_gains_w_per_m2 + occupant_gain_w * n_occupants * presence_frac / area_m2
    gains = np.full(n_hours, mean)
    if zero_in_holidays:
        gains[holiday_mask(holidays, n_hours)] = 0.0
    return gains


def adult_equivalents(living_area_m2: float) -> float:
    """Number of adult-equivalents N_adeq of a dwelling from its living area (3CL-DPE 2021).

    N_max = 1 (S < 30), 1.75 − 0.01875·(70 − S) (30 ≤ S < 70), 0.025·S (S ≥ 70);
    N_adeq = N_max if N_max < 1.75 else 1.75 + 0.3·(N_max − 1.75) [Open3CL ``11_nadeq.js``].

    Examples
    --------
    >>> adult_equivalents(80.0)
    1.825
    """
    s = living_area_m2
    if s < 30:
        n_max = 1.0
    elif s < 70:
        n_max = 1.75 - 0.01875 * (70 - s)
    else:
        n_max = 0.025 * s
    return n_max if n_max < 1.75 else 1.75 + 0.3 * (n_max - 1.75)
