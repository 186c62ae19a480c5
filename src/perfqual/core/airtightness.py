r"""Fan-pressurisation (blower-door) processing after NF EN ISO 9972:2015 and FD P50-784.

Pure numerics on plain floats and arrays in canonical units (Pa, m³/h, kg/m³, °C, m, m²).
Nothing here reads files, builds models or decides a pass/fail: see
:mod:`perfqual.qa.airtightness` for the validity rules and the judgement.

Calculation chain of one test direction (ISO 9972:2015, numbering of the clauses recalled, not
read in a licensed copy — [STD-K] in ``methods/permeabilite.md``):

1. zero-flow (baseline) pressure difference Δp_0 and induced pressures
   Δp_i = \|Δp_m,i − Δp_0\| (:func:`zero_flow_pressure`, :func:`induced_pressure_difference_pa`);
2. air densities (:func:`air_density_kg_per_m3`) and the fan-to-envelope flow correction
   (:func:`fan_flow_at_test_density_m3_per_h`, :func:`envelope_flow_m3_per_h`);
3. ordinary least squares on logarithms with Student-t 95 % intervals
   (:func:`fit_power_law`, ISO 9972:2015 Annex C style);
4. reduction to standard conditions (:func:`standard_conditions_factor`);
5. derived quantities q50, n50, q_E50, q_F50, q4, Q4Pa-surf and ELA.

Symbols (ISO 9972 / FD P50-784 ↔ code): Δp ↔ ``dp_pa``; q_env ↔ ``q_env_m3_per_h``;
C_env, C_L ↔ ``c_m3_per_h_pa_n``; n ↔ ``n``; ρ_int, ρ_e, ρ_0 ↔ ``rho_int_kg_per_m3``,
``rho_ext_kg_per_m3``, ``rho_0_kg_per_m3``; V ↔ ``volume_m3``; A_E ↔ ``envelope_area_m2``;
A_F ↔ ``floor_area_m2``; ATbat ↔ ``a_tbat_m2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from scipy import stats

from perfqual.errors import InputError

Direction = Literal["depressurisation", "pressurisation"]
DIRECTIONS: tuple[Direction, ...] = ("depressurisation", "pressurisation")

# Specific gas constant of dry air and the humid-air correction of ATTMA TSL1 (October 2010),
# App. A.1.2 [SRC, DOMAIN-NOTES A.3]. [J/(kg·K)] and [-]
R_DRY_AIR_J_PER_KGK = 287.055
HUMID_AIR_VAPOUR_COEFFICIENT = 0.37802
CELSIUS_TO_KELVIN_K = 273.15

# Standard conditions of the reduction: 20 °C, 101 325 Pa, dry air (ISO 9972:2015 [STD-K],
# carried over from EN 13829 eq. 6-7; DOMAIN-NOTES A.2 step 6).
STANDARD_TEMPERATURE_C = 20.0
STANDARD_PRESSURE_PA = 101_325.0

# ISO 2533:1975 standard atmosphere, troposphere: p = p_0 (1 - L h / T_0)^(g M / (R L)), with
# p_0 = 101 325 Pa, T_0 = 288.15 K, L = 0.0065 K/m; exponent g·M/(R·L) = 5.25588 [DERIVED from the
# ICAO/ISO standard-atmosphere constants; used only when the barometric pressure is not measured].
ISA_SEA_LEVEL_PRESSURE_PA = 101_325.0
ISA_LAPSE_OVER_T0_PER_M = 0.0065 / 288.15
ISA_PRESSURE_EXPONENT = 5.25588

# Reference pressure differences of FD P50-784 (Q4Pa-surf) and ISO 9972 (q50, n50). [Pa]
DP_4PA = 4.0
DP_50PA = 50.0


def _scalar_or_array(value):
    """Return a Python float for 0-d results, the array otherwise."""
    arr = np.asarray(value)
    return float(arr) if arr.ndim == 0 else arr


# --- air density ------------------------------------------------------------------------------


def saturation_vapour_pressure_pa(temp_c):
    r"""Saturation vapour pressure of water over a plane water surface.

    Parameters
    ----------
    temp_c : float or ndarray
        Air temperature. [°C]

    Returns
    -------
    float or ndarray
        p_v. [Pa]

    Notes
    -----
    ATTMA TSL1 (2010), App. A.1.2 [SRC, DOMAIN-NOTES A.3]:
    :math:`p_v = \exp(59.484085 - 6790.4985/T - 5.02802 \ln T)`, T in K.

    Examples
    --------
    >>> round(float(saturation_vapour_pressure_pa(20.0)), 1)
    2339.3
    """
    t_k = np.asarray(temp_c, dtype=float) + CELSIUS_TO_KELVIN_K
    return np.exp(59.484085 - 6790.4985 / t_k - 5.02802 * np.log(t_k))


def air_density_kg_per_m3(temp_c, pressure_pa, rel_humidity_frac=0.0):
    r"""Density of (humid) air.

    Parameters
    ----------
    temp_c : float or ndarray
        Air temperature. [°C]
    pressure_pa : float or ndarray
        Barometric pressure. [Pa]
    rel_humidity_frac : float or ndarray, optional
        Relative humidity φ, 0 to 1. Default 0 (dry air, the convention of the standard
        density ρ_0). ATTMA TSL1 allows φ = 0.5 when it is not measured. [-]

    Returns
    -------
    float or ndarray
        ρ. [kg/m³]

    Notes
    -----
    ATTMA TSL1 (2010), App. A.1.2 [SRC, DOMAIN-NOTES A.3]:
    :math:`\rho = (p_{bar} - 0.37802\,\varphi\,p_v) / (287.055\,T)`.

    Examples
    --------
    >>> round(float(air_density_kg_per_m3(20.0, 101325.0)), 5)
    1.2041
    >>> round(float(air_density_kg_per_m3(5.0, 101325.0)), 5)
    1.26903
    """
    temp_c = np.asarray(temp_c, dtype=float)
    phi = np.asarray(rel_humidity_frac, dtype=float)
    if np.any(temp_c <= -CELSIUS_TO_KELVIN_K):
        raise InputError("température inférieure au zéro absolu")
    if np.any(np.asarray(pressure_pa, dtype=float) <= 0):
        raise InputError("la pression barométrique doit être positive")
    if np.any((phi < 0) | (phi > 1)):
        raise InputError("l'humidité relative doit être comprise entre 0 et 1")
    p_v = saturation_vapour_pressure_pa(temp_c)
    t_k = temp_c + CELSIUS_TO_KELVIN_K
    return (pressure_pa - HUMID_AIR_VAPOUR_COEFFICIENT * phi * p_v) / (R_DRY_AIR_J_PER_KGK * t_k)


STANDARD_AIR_DENSITY_KG_PER_M3 = float(
    air_density_kg_per_m3(STANDARD_TEMPERATURE_C, STANDARD_PRESSURE_PA, 0.0)
)


def barometric_pressure_from_altitude_pa(altitude_m):
    """Barometric pressure of the ISO 2533 standard atmosphere at an altitude.

    Used only when the test report gives no measured barometric pressure; the analysis then
    says so.

    Parameters
    ----------
    altitude_m : float or ndarray
        Altitude above sea level, troposphere (< 11 000 m). [m]

    Returns
    -------
    float or ndarray
        Pressure. [Pa]

    Notes
    -----
    ISO 2533:1975 (standard atmosphere), troposphere:
    p = 101 325 · (1 − 0.0065 h / 288.15)^5.25588 [DERIVED].

    Examples
    --------
    >>> round(float(barometric_pressure_from_altitude_pa(0.0)), 1)
    101325.0
    >>> round(float(barometric_pressure_from_altitude_pa(100.0)), 0)
    100129.0
    """
    h = np.asarray(altitude_m, dtype=float)
    if np.any((h < -500.0) | (h > 11_000.0)):
        raise InputError("altitude hors du domaine de l'atmosphère type (−500 à 11 000 m)")
    return ISA_SEA_LEVEL_PRESSURE_PA * (1.0 - ISA_LAPSE_OVER_T0_PER_M * h) ** ISA_PRESSURE_EXPONENT


# --- zero-flow pressure and induced pressures -------------------------------------------------


@dataclass(frozen=True)
class ZeroFlowPressure:
    """Zero-flow (baseline) pressure difference of one test direction.

    Attributes
    ----------
    dp0_pa : float
        Δp_0 = (Δp_01 + Δp_02)/2, or Δp_01 when no reading after the test was given. [Pa]
    dp01_pa, dp02_pa : float
        Mean of the readings before / after the test (``dp02_pa`` NaN if absent). [Pa]
    sub_averages_pa : tuple of float
        Δp_01+, Δp_01−, Δp_02+, Δp_02− : means of the positive and negative readings before and
        after the test; NaN when there is no reading of that sign. [Pa]
    has_after : bool
        Whether readings after the test were given.
    """

    dp0_pa: float
    dp01_pa: float
    dp02_pa: float
    sub_averages_pa: tuple[float, float, float, float]
    has_after: bool

    @property
    def max_abs_sub_average_pa(self) -> float:
        """Largest absolute value of the four sub-averages (NaN ones ignored). [Pa]"""
        vals = [abs(v) for v in self.sub_averages_pa if not np.isnan(v)]
        return max(vals) if vals else 0.0


def _signed_means(readings: np.ndarray) -> tuple[float, float]:
    pos, neg = readings[readings > 0], readings[readings < 0]
    return (
        float(pos.mean()) if pos.size else float("nan"),
        float(neg.mean()) if neg.size else float("nan"),
    )


def zero_flow_pressure(baseline_before_pa, baseline_after_pa=()) -> ZeroFlowPressure:
    r"""Zero-flow pressure difference from the baseline readings before and after a test.

    Parameters
    ----------
    baseline_before_pa : sequence of float
        Readings of Δp_m with the fan sealed, before the test (at least one). [Pa]
    baseline_after_pa : sequence of float, optional
        Same, after the test. [Pa]

    Returns
    -------
    ZeroFlowPressure

    Notes
    -----
    ISO 9972:2015, zero-flow pressure difference (§5.3.3 / §6, [STD-K]):
    :math:`\Delta p_0 = (\Delta p_{01} + \Delta p_{02})/2`, each the mean of its readings; the
    positive and negative readings are also averaged separately (sub-averages checked against the
    5 Pa limit, DOMAIN-NOTES A.2 step 2).

    Examples
    --------
    >>> zero_flow_pressure([-1.2], [-0.8]).dp0_pa
    -1.0
    """
    before = np.asarray(baseline_before_pa, dtype=float).ravel()
    after = np.asarray(baseline_after_pa, dtype=float).ravel()
    if before.size == 0:
        raise InputError("au moins une mesure de pression à débit nul avant l'essai est requise")
    if not (np.all(np.isfinite(before)) and np.all(np.isfinite(after))):
        raise InputError("mesure de pression à débit nul non finie")
    dp01 = float(before.mean())
    dp02 = float(after.mean()) if after.size else float("nan")
    has_after = bool(after.size)
    dp0 = 0.5 * (dp01 + dp02) if has_after else dp01
    b_pos, b_neg = _signed_means(before)
    a_pos, a_neg = _signed_means(after) if has_after else (float("nan"), float("nan"))
    return ZeroFlowPressure(dp0, dp01, dp02, (b_pos, b_neg, a_pos, a_neg), has_after)


def induced_pressure_difference_pa(dp_measured_pa, dp0_pa):
    """Induced pressure difference after the zero-flow correction, Δp_i = |Δp_m,i − Δp_0|.

    Parameters
    ----------
    dp_measured_pa : float or ndarray
        Measured inside − outside pressure difference at each station (signed). [Pa]
    dp0_pa : float
        Zero-flow pressure difference. [Pa]

    Returns
    -------
    float or ndarray
        Δp_i, positive. [Pa]

    Notes
    -----
    ISO 9972:2015 [STD-K], DOMAIN-NOTES A.2 step 2.

    Examples
    --------
    >>> induced_pressure_difference_pa([-11.0, -21.0], -1.0).tolist()
    [10.0, 20.0]
    """
    return np.abs(np.asarray(dp_measured_pa, dtype=float) - dp0_pa)


# --- density corrections of the flow ---------------------------------------------------------


def fan_flow_at_test_density_m3_per_h(
    q_read_m3_per_h, rho_calibration_kg_per_m3, rho_fan_kg_per_m3
):
    r"""Fan flow at the density of the air crossing the fan, from a reading at calibration density.

    Parameters
    ----------
    q_read_m3_per_h : float or ndarray
        Flow read from the fan calibration (at ρ_cal). [m³/h]
    rho_calibration_kg_per_m3 : float
        Air density of the fan calibration. [kg/m³]
    rho_fan_kg_per_m3 : float
        Density of the air crossing the fan during the test (inside air in depressurisation,
        outside air in pressurisation). [kg/m³]

    Returns
    -------
    float or ndarray
        q_m. [m³/h]

    Notes
    -----
    ATTMA TSL1/TSL2, App. A.1.3 [SRC, DOMAIN-NOTES A.2 step 3]:
    :math:`q_m = q_r \sqrt{\rho_{cal}/\rho_{fan}}`. Most gauges already output q_m.

    Examples
    --------
    >>> fan_flow_at_test_density_m3_per_h(100.0, 1.2, 1.2)
    100.0
    """
    factor = np.sqrt(rho_calibration_kg_per_m3 / rho_fan_kg_per_m3)
    return _scalar_or_array(np.asarray(q_read_m3_per_h, dtype=float) * factor)


def envelope_flow_m3_per_h(q_fan_m3_per_h, rho_int_kg_per_m3, rho_ext_kg_per_m3, direction):
    r"""Flow through the envelope from the flow through the fan (mass balance).

    Parameters
    ----------
    q_fan_m3_per_h : float or ndarray
        q_m, flow through the fan at test density. [m³/h]
    rho_int_kg_per_m3, rho_ext_kg_per_m3 : float
        Inside and outside air densities. [kg/m³]
    direction : {"depressurisation", "pressurisation"}

    Returns
    -------
    float or ndarray
        q_env. [m³/h]

    Notes
    -----
    ISO 9972:2015 [STD-K] and ATTMA TSL1 App. A.1.4 [SRC] (DOMAIN-NOTES A.2 step 4):
    depressurisation :math:`q_{env} = q_m \rho_{int}/\rho_e`; pressurisation
    :math:`q_{env} = q_m \rho_e/\rho_{int}`.

    Examples
    --------
    >>> round(float(envelope_flow_m3_per_h(118.0, 1.204097, 1.269032, "depressurisation")), 3)
    111.962
    """
    ratio = _density_ratio(rho_int_kg_per_m3, rho_ext_kg_per_m3, direction)
    return _scalar_or_array(np.asarray(q_fan_m3_per_h, dtype=float) * ratio)


def _density_ratio(rho_int: float, rho_ext: float, direction: str) -> float:
    if direction == "depressurisation":
        return rho_int / rho_ext
    if direction == "pressurisation":
        return rho_ext / rho_int
    raise InputError(f"sens d'essai inconnu « {direction} » (dépressurisation ou pressurisation)")


def standard_conditions_factor(
    rho_int_kg_per_m3, rho_ext_kg_per_m3, n, direction, rho_0_kg_per_m3=None
):
    r"""Factor C_L / C_env reducing the leakage coefficient to standard conditions.

    Parameters
    ----------
    rho_int_kg_per_m3, rho_ext_kg_per_m3 : float
        Inside and outside air densities during the test. [kg/m³]
    n : float or ndarray
        Fitted flow exponent. [-]
    direction : {"depressurisation", "pressurisation"}
    rho_0_kg_per_m3 : float, optional
        Standard air density, default :data:`STANDARD_AIR_DENSITY_KG_PER_M3`
        (20 °C, 101 325 Pa, dry). [kg/m³]

    Returns
    -------
    float or ndarray
        (ρ/ρ_0)^(1−n), ρ = ρ_e in depressurisation, ρ_int in pressurisation. [-]

    Notes
    -----
    ISO 9972:2015 [STD-K] (EN 13829:2000 eq. 6-7, DOMAIN-NOTES A.2 step 6):
    depressurisation :math:`C_L = C_{env} (\rho_e/\rho_0)^{1-n}`; pressurisation
    :math:`C_L = C_{env} (\rho_{int}/\rho_0)^{1-n}`.

    Examples
    --------
    >>> round(float(standard_conditions_factor(1.2, 1.2041, 0.6, "pressurisation")), 6)
    0.998637
    """
    rho_0 = STANDARD_AIR_DENSITY_KG_PER_M3 if rho_0_kg_per_m3 is None else rho_0_kg_per_m3
    if direction == "depressurisation":
        rho = rho_ext_kg_per_m3
    elif direction == "pressurisation":
        rho = rho_int_kg_per_m3
    else:
        raise InputError(f"sens d'essai inconnu « {direction} »")
    return (rho / rho_0) ** (1.0 - np.asarray(n, dtype=float))


# --- power-law regression ---------------------------------------------------------------------


@lru_cache(maxsize=256)
def student_t_quantile(dof: int, confidence: float = 0.95) -> float:
    """Two-sided Student-t quantile t(1 − α/2, dof).

    Examples
    --------
    >>> round(student_t_quantile(5), 6)
    2.570582
    """
    return float(stats.t.ppf(0.5 + confidence / 2.0, dof))


@dataclass(frozen=True)
class PowerLawFit:
    r"""Result of the log-log OLS fit q = C·Δp^n (fields are arrays for a batch of fits).

    Attributes
    ----------
    c_m3_per_h_pa_n : float or ndarray
        Flow coefficient C (C_env at test conditions, C_L once reduced). [m³/(h·Pa^n)]
    n : float or ndarray
        Flow exponent. [-]
    n_points : int
        Number of stations N.
    s_n, s_ln_c : float or ndarray
        Standard deviations of n and of ln C. [-]
    t_value : float
        Student-t quantile for the confidence level and N − 2 degrees of freedom.
    mean_ln_dp : float or ndarray
        x̄, mean of ln Δp.
    var_ln_dp : float or ndarray
        S_x², sample variance of ln Δp (divisor N − 1).
    r_squared : float or ndarray
        Coefficient of determination of the log fit. [-]
    dp_min_pa, dp_max_pa : float or ndarray
        Range of the fitted pressures. [Pa]
    confidence : float
        Two-sided confidence level of the intervals (0.95).
    """

    c_m3_per_h_pa_n: float | np.ndarray
    n: float | np.ndarray
    n_points: int
    s_n: float | np.ndarray
    s_ln_c: float | np.ndarray
    t_value: float
    mean_ln_dp: float | np.ndarray
    var_ln_dp: float | np.ndarray
    r_squared: float | np.ndarray
    dp_min_pa: float | np.ndarray
    dp_max_pa: float | np.ndarray
    confidence: float = 0.95

    def airflow_at(self, dp_pa):
        """Flow q = C·Δp^n at a pressure difference. [m³/h]"""
        return self.c_m3_per_h_pa_n * np.asarray(dp_pa, dtype=float) ** self.n

    def _s_y(self, dp_pa):
        # s_y(x) = s_n · sqrt((N−1)/N · S_x² + (x − x̄)²)
        # (DOMAIN-NOTES A.4, ISO 9972:2015 Annex C [STD-K])
        x = np.log(np.asarray(dp_pa, dtype=float))
        big_n = self.n_points
        return self.s_n * np.sqrt((big_n - 1) / big_n * self.var_ln_dp + (x - self.mean_ln_dp) ** 2)

    def airflow_interval_at(self, dp_pa):
        r"""Confidence interval of q(Δp): :math:`\exp(\ln q \mp t\,s_y)`. [m³/h]

        Returns
        -------
        tuple of (float or ndarray, float or ndarray)
            Lower and upper bounds.
        """
        q = self.airflow_at(dp_pa)
        half = self.t_value * self._s_y(dp_pa)
        return q * np.exp(-half), q * np.exp(half)

    @property
    def n_interval(self):
        """Confidence interval n ∓ t·s_n. [-]"""
        return self.n - self.t_value * self.s_n, self.n + self.t_value * self.s_n

    @property
    def c_interval(self):
        """Confidence interval C·exp(∓ t·s_lnC). [m³/(h·Pa^n)]"""
        half = self.t_value * self.s_ln_c
        return self.c_m3_per_h_pa_n * np.exp(-half), self.c_m3_per_h_pa_n * np.exp(half)

    def scaled(self, factor) -> PowerLawFit:
        """Same fit with C multiplied by a constant factor (e.g. C_L = C_env·(ρ/ρ_0)^(1−n)).

        The factor is treated as exact, so every interval on C and q scales with it
        (DOMAIN-NOTES A.4 [DERIVED]).
        """
        return PowerLawFit(
            self.c_m3_per_h_pa_n * factor, self.n, self.n_points, self.s_n, self.s_ln_c,
            self.t_value, self.mean_ln_dp, self.var_ln_dp, self.r_squared, self.dp_min_pa,
            self.dp_max_pa, self.confidence,
        )


def _check_fit_input(dp: np.ndarray, q: np.ndarray) -> None:
    if dp.shape != q.shape or dp.ndim not in (1, 2):
        raise InputError("les pressions et les débits doivent avoir le même nombre de valeurs")
    if dp.shape[-1] < 3:
        raise InputError("au moins 3 paliers de pression sont nécessaires pour l'ajustement")
    if not (np.all(np.isfinite(dp)) and np.all(np.isfinite(q))):
        raise InputError("pression ou débit non fini (valeur manquante ?)")
    if np.any(dp <= 0) or np.any(q <= 0):
        raise InputError("pressions induites et débits doivent être strictement positifs")


def fit_power_law(dp_pa, q_m3_per_h, confidence: float = 0.95) -> PowerLawFit:
    r"""Fit q = C·Δp^n by ordinary least squares on ln q = ln C + n ln Δp.

    Parameters
    ----------
    dp_pa : array_like, shape (N,) or (K, N)
        Induced pressure differences, positive. A 2-D array fits K tests at once. [Pa]
    q_m3_per_h : array_like, same shape
        Envelope flows, positive. [m³/h]
    confidence : float, optional
        Two-sided confidence level of the intervals. Default 0.95.

    Returns
    -------
    PowerLawFit

    Raises
    ------
    InputError
        Shapes differ, fewer than 3 points, non-positive or non-finite values, all pressures equal.

    Notes
    -----
    ISO 9972:2015, Annex C [STD-K] (estimators transcribed in DOMAIN-NOTES A.4 [SRC]):
    with :math:`x = \ln\Delta p`, :math:`y = \ln q`,
    :math:`n = S_{xy}/S_x^2`, :math:`\ln C = \bar y - n \bar x`,
    :math:`s_n = \frac{1}{S_x}\sqrt{\frac{S_y^2 - n S_{xy}}{N-2}}`,
    :math:`s_{\ln C} = s_n \sqrt{\sum x^2 / N}`, t = Student quantile at N − 2 degrees of freedom.
    The residual term :math:`(N-1)(S_y^2 - n S_{xy})` is computed as the sum of squared residuals
    (algebraically equal, never negative through round-off).

    Examples
    --------
    >>> import numpy as np
    >>> dp = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    >>> fit = fit_power_law(dp, 30.0 * dp ** 0.65)
    >>> round(float(fit.n), 12), round(float(fit.c_m3_per_h_pa_n), 9)
    (0.65, 30.0)
    """
    dp = np.asarray(dp_pa, dtype=float)
    q = np.asarray(q_m3_per_h, dtype=float)
    _check_fit_input(dp, q)
    x, y = np.log(dp), np.log(q)
    big_n = x.shape[-1]
    x_bar = x.mean(axis=-1, keepdims=True)
    y_bar = y.mean(axis=-1, keepdims=True)
    dx, dy = x - x_bar, y - y_bar
    sxx = np.sum(dx * dx, axis=-1)
    if np.any(sxx <= 0.0):
        raise InputError("toutes les pressions induites sont égales : ajustement impossible")
    sxy = np.sum(dx * dy, axis=-1)
    syy = np.sum(dy * dy, axis=-1)
    n = sxy / sxx
    ln_c = y_bar[..., 0] - n * x_bar[..., 0]
    sse = np.sum((y - ln_c[..., None] - n[..., None] * x) ** 2, axis=-1)
    s_n = np.sqrt(sse / (big_n - 2) / sxx)
    s_ln_c = s_n * np.sqrt(np.sum(x * x, axis=-1) / big_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = np.where(syy > 0, 1.0 - sse / np.where(syy > 0, syy, 1.0), 1.0)
    out = (np.exp(ln_c), n, s_n, s_ln_c, x_bar[..., 0], sxx / (big_n - 1), r2,
           dp.min(axis=-1), dp.max(axis=-1))
    if dp.ndim == 1:
        out = tuple(float(v) for v in out)
    c, n, s_n, s_ln_c, x_bar, var_x, r2, dp_min, dp_max = out
    return PowerLawFit(c, n, big_n, s_n, s_ln_c, student_t_quantile(big_n - 2, confidence),
                       x_bar, var_x, r2, dp_min, dp_max, confidence)


# --- derived quantities ------------------------------------------------------------------------


def airflow_at_pressure_m3_per_h(c_m3_per_h_pa_n, n, dp_pa):
    """Leakage flow q(Δp) = C_L·Δp^n, e.g. q50 (Δp = 50 Pa) or q4 (Δp = 4 Pa). [m³/h]

    Notes
    -----
    ISO 9972:2015 [STD-K]; tightvent FAQ [SRC] (DOMAIN-NOTES A.5).

    Examples
    --------
    >>> airflow_at_pressure_m3_per_h(10.0, 0.5, 4.0)
    20.0
    """
    return _scalar_or_array(c_m3_per_h_pa_n * np.asarray(dp_pa, dtype=float) ** n)


def _positive(value, name: str) -> None:
    if np.any(np.asarray(value, dtype=float) <= 0) or not np.all(np.isfinite(value)):
        raise InputError(f"{name} doit être strictement positif")


def air_change_rate_per_h(q50_m3_per_h, volume_m3):
    """n50 = q50 / V. [h⁻¹]

    Notes
    -----
    ISO 9972:2015 [STD-K]; tightvent FAQ [SRC] (DOMAIN-NOTES A.5).

    Examples
    --------
    >>> air_change_rate_per_h(300.0, 150.0)
    2.0
    """
    _positive(volume_m3, "le volume intérieur")
    return q50_m3_per_h / volume_m3


def specific_leakage_rate_m3_per_h_m2(q_m3_per_h, area_m2):
    """Flow per unit area: q_E50 = q50/A_E, q_F50 = q50/A_F, Q4Pa-surf = q4/ATbat. [m³/(h·m²)]

    Notes
    -----
    ISO 9972:2015 [STD-K] and tightvent FAQ [SRC] for q_E50, q_F50; FD P50-784 and
    rt-re-batiment [SRC] for Q4Pa-surf (DOMAIN-NOTES A.5, B.1).

    Examples
    --------
    >>> specific_leakage_rate_m3_per_h_m2(120.18, 200.3)
    0.6
    """
    _positive(area_m2, "la surface de référence")
    return q_m3_per_h / area_m2


def effective_leakage_area_m2(c_m3_per_h_pa_n, n, dp_pa, rho_0_kg_per_m3=None):
    r"""Effective leakage area at a reference pressure difference.

    Parameters
    ----------
    c_m3_per_h_pa_n : float or ndarray
        C_L at standard conditions. [m³/(h·Pa^n)]
    n : float or ndarray
        Flow exponent. [-]
    dp_pa : float
        Reference pressure difference (4, 10 or 50 Pa). [Pa]
    rho_0_kg_per_m3 : float, optional
        Standard air density (default 20 °C, 101 325 Pa, dry). [kg/m³]

    Returns
    -------
    float or ndarray
        ELA. [m²]

    Notes
    -----
    ISO 9972:2015 [STD-K], DOMAIN-NOTES A.5:
    :math:`ELA = C_L \sqrt{\rho_0/2}\,\Delta p_r^{\,n-0.5} / 3600` (C_L in m³/h, the orifice
    equation with discharge coefficient 1).

    Examples
    --------
    >>> round(float(effective_leakage_area_m2(3600.0, 0.5, 50.0, 2.0)), 9)
    1.0
    """
    rho_0 = STANDARD_AIR_DENSITY_KG_PER_M3 if rho_0_kg_per_m3 is None else rho_0_kg_per_m3
    return c_m3_per_h_pa_n * np.sqrt(rho_0 / 2.0) * dp_pa ** (np.asarray(n) - 0.5) / 3600.0


def weighted_mean(values, weights):
    r"""Weighted mean :math:`\sum w_i v_i / \sum w_i`.

    For several dwellings (or parts) of one building tested separately, the building
    Q4Pa-surf is the ATbat-weighted mean of the dwellings' Q4Pa-surf (FAQ RE2020 n° 134,
    rt-re-batiment [SRC], DOMAIN-NOTES B.2).

    Examples
    --------
    >>> weighted_mean([0.5, 1.0], [100.0, 300.0])
    0.875
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if v.shape != w.shape or v.size == 0:
        raise InputError("moyenne pondérée : autant de valeurs que de poids, au moins une")
    if np.any(w <= 0) or not np.all(np.isfinite(w)):
        raise InputError("moyenne pondérée : les poids (ATbat) doivent être strictement positifs")
    return float(np.sum(w * v) / np.sum(w))


def classify_against_target(value, lower, upper, target) -> str:
    """Three-way comparison of a measured value and its confidence interval with an upper target.

    Parameters
    ----------
    value, lower, upper : float
        Value and bounds of its confidence interval (same unit as ``target``).
    target : float
        Maximum allowed value.

    Returns
    -------
    str
        ``"conforme"`` when the whole interval is at or below the target, ``"non_conforme"``
        when it is entirely above, ``"indetermine"`` when it straddles the target.

    Notes
    -----
    [DERIVED] Decision rule of perfqual (issue 5); the regulatory comparison uses the value alone
    (DOMAIN-NOTES B.5) and is reported beside it.

    Examples
    --------
    >>> classify_against_target(0.9, 0.85, 0.95, 1.0)
    'conforme'
    >>> classify_against_target(0.98, 0.9, 1.05, 1.0)
    'indetermine'
    """
    if not lower <= value <= upper:
        raise InputError("intervalle de confiance incohérent avec la valeur")
    if upper <= target:
        return "conforme"
    if lower > target:
        return "non_conforme"
    return "indetermine"
