r"""Pass-rate statistics for sampled checks: exact binomial and finite-population bounds.

A sampled check (airtightness test, thermography, ventilation control) on ``n`` dwellings of a
population of ``N`` gives ``k`` passes and ``x = n - k`` failures. This module gives

* the exact Clopper–Pearson interval of the pass proportion (binomial model, infinite
  population) [1]_ ;
* the exact hypergeometric bounds of the number of failing dwellings ``D`` in the population of
  ``N`` (finite-population model: the sample is drawn without replacement) [2]_ ;
* the stratified pass-rate estimate with the finite-population correction [3]_ ;
* a plain-language French sentence saying what the sample does *not* exclude.

Conventions
-----------
A value ``D`` of the number of failing dwellings is *excluded* at level α by the observation
``x`` when the one-sided p-value ``P(X ≤ x | N, D, n)`` is **≤ α** (hypergeometric ``X``).
The one-sided upper bound is the largest ``D`` not excluded. Worked example (DOMAIN-NOTES D.2):
``N = 120, n = 6, x = 0`` gives ``D = 46`` (P = 0.0507 > 0.05, while D = 47 gives 0.0466),
i.e. 46/120 = 38.3 %. The binomial one-sided bound for the same sample,
:math:`1 - α^{1/n} = 1 - 0.05^{1/6} = 0.393`, ignores that the 6 tested dwellings are known to
pass and that the population is finite; it gives 39 %.

This module is pure: no I/O; scipy only.

References
----------
.. [1] Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial limits
   illustrated in the case of the binomial. Biometrika 26(4), 404–413.
.. [2] Johnson, N. L., Kemp, A. W. and Kotz, S. (2005). Univariate Discrete Distributions,
   3rd ed., Wiley, ch. 6 (hypergeometric distribution); exact bound by test inversion.
.. [3] Cochran, W. G. (1977). Sampling Techniques, 3rd ed., Wiley, §5.3 and §3.4 (stratified
   estimate of a proportion, variance with finite-population correction).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from perfqual.errors import InputError

DEFAULT_CONFIDENCE = 0.95


def _check_counts(n_success: int, n_trials: int) -> None:
    if n_trials < 0 or n_success < 0 or n_success > n_trials:
        raise InputError(
            f"effectifs incohérents : {n_success} succès sur {n_trials} essais "
            "(0 ≤ succès ≤ essais attendu)"
        )


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise InputError(f"niveau de confiance {confidence} hors de ]0 ; 1[")


def clopper_pearson_interval(
    n_success: int, n_trials: int, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[float, float]:
    r"""Exact two-sided Clopper–Pearson interval of a binomial proportion.

    Parameters
    ----------
    n_success : int
        Number of successes k (e.g. conforming dwellings).
    n_trials : int
        Number of trials n (tested dwellings), ≥ 1.
    confidence : float
        Two-sided confidence level (default 0.95).

    Returns
    -------
    tuple of float
        (lower, upper) bounds of the proportion. [-]

    Notes
    -----
    Clopper & Pearson (1934), with α = 1 − confidence:
    :math:`p_L = B(α/2;\ k, n-k+1)`, :math:`p_U = B(1-α/2;\ k+1, n-k)`, B the beta quantile,
    :math:`p_L = 0` when k = 0 and :math:`p_U = 1` when k = n.

    Examples
    --------
    >>> lo, hi = clopper_pearson_interval(7, 50)
    >>> round(lo, 6), round(hi, 6)
    (0.058192, 0.267396)
    """
    _check_counts(n_success, n_trials)
    _check_confidence(confidence)
    if n_trials == 0:
        raise InputError("intervalle impossible : aucun logement testé")
    alpha = 1.0 - confidence
    k, n = n_success, n_trials
    lower = 0.0 if k == 0 else float(stats.beta.ppf(alpha / 2.0, k, n - k + 1))
    upper = 1.0 if k == n else float(stats.beta.ppf(1.0 - alpha / 2.0, k + 1, n - k))
    return lower, upper


def binomial_upper_bound_one_sided(
    n_failed: int, n_trials: int, confidence: float = DEFAULT_CONFIDENCE
) -> float:
    r"""One-sided exact (Clopper–Pearson) upper bound of a failure proportion.

    Notes
    -----
    :math:`p_U = B(1-α;\ x+1, n-x)`; for x = 0 it reduces to :math:`1 - α^{1/n}`.

    Examples
    --------
    >>> round(binomial_upper_bound_one_sided(0, 6), 4)
    0.393
    """
    _check_counts(n_failed, n_trials)
    _check_confidence(confidence)
    if n_trials == 0:
        raise InputError("borne impossible : aucun logement testé")
    if n_failed == n_trials:
        return 1.0
    return float(stats.beta.ppf(confidence, n_failed + 1, n_trials - n_failed))


def _check_population(n_population: int, n_sampled: int, n_failed: int) -> None:
    _check_counts(n_failed, n_sampled)
    if n_sampled > n_population:
        raise InputError(
            f"échantillon ({n_sampled}) plus grand que la population ({n_population})"
        )
    if n_sampled == 0:
        raise InputError("borne impossible : aucun logement testé")


def hypergeometric_failures_upper_bound(
    n_population: int, n_sampled: int, n_failed: int, confidence: float = DEFAULT_CONFIDENCE
) -> int:
    r"""Exact one-sided upper bound of the number of failing dwellings in a finite population.

    Parameters
    ----------
    n_population : int
        Population size N (dwellings of the operation or of the typology).
    n_sampled : int
        Dwellings tested n (drawn without replacement), 1 ≤ n ≤ N.
    n_failed : int
        Failures observed x among the n.
    confidence : float
        One-sided confidence level (default 0.95).

    Returns
    -------
    int
        Largest D such that :math:`P(X \le x \mid N, D, n) > α`, X hypergeometric.

    Notes
    -----
    Test inversion for the hypergeometric distribution (Johnson, Kemp & Kotz 2005, ch. 6).
    D ranges over [x, N − (n − x)]: the n − x passing dwellings are known not to fail.

    Examples
    --------
    >>> hypergeometric_failures_upper_bound(120, 6, 0)
    46
    """
    _check_population(n_population, n_sampled, n_failed)
    _check_confidence(confidence)
    alpha = 1.0 - confidence
    candidates = np.arange(n_failed, n_population - (n_sampled - n_failed) + 1)
    p_values = stats.hypergeom.cdf(n_failed, n_population, candidates, n_sampled)
    kept = candidates[p_values > alpha]
    # p-value decreases with D and equals 1 at D = x, so ``kept`` is never empty.
    return int(kept.max())


def hypergeometric_failures_lower_bound(
    n_population: int, n_sampled: int, n_failed: int, confidence: float = DEFAULT_CONFIDENCE
) -> int:
    r"""Exact one-sided lower bound of the number of failing dwellings in a finite population.

    Returns the smallest D such that :math:`P(X \ge x \mid N, D, n) > α` (mirror of
    :func:`hypergeometric_failures_upper_bound`).

    Examples
    --------
    >>> hypergeometric_failures_lower_bound(120, 6, 0)
    0
    """
    _check_population(n_population, n_sampled, n_failed)
    _check_confidence(confidence)
    alpha = 1.0 - confidence
    candidates = np.arange(n_failed, n_population - (n_sampled - n_failed) + 1)
    p_values = stats.hypergeom.sf(n_failed - 1, n_population, candidates, n_sampled)
    kept = candidates[p_values > alpha]
    return int(kept.min())


@dataclass(frozen=True)
class PassRateSummary:
    """Pass rate of a sampled check, with its binomial and finite-population bounds.

    Attributes
    ----------
    n_population : int
        Dwellings in the population (typology or operation).
    n_tested : int
        Dwellings tested.
    n_passed, n_failed : int
        Outcome among the tested.
    pass_rate_frac : float
        n_passed / n_tested. [-]
    ci_low_frac, ci_high_frac : float
        Two-sided Clopper–Pearson interval of the pass rate. [-]
    fpc_pass_low_frac, fpc_pass_high_frac : float
        Two-sided finite-population (hypergeometric) interval of the pass rate in the
        population, each tail at (1 − confidence)/2. [-]
    max_failing_dwellings : int
        One-sided hypergeometric upper bound of failing dwellings in the population.
    max_failing_frac : float
        max_failing_dwellings / n_population. [-]
    confidence : float
        Confidence level used.
    """

    n_population: int
    n_tested: int
    n_passed: int
    n_failed: int
    pass_rate_frac: float
    ci_low_frac: float
    ci_high_frac: float
    fpc_pass_low_frac: float
    fpc_pass_high_frac: float
    max_failing_dwellings: int
    max_failing_frac: float
    confidence: float


def summarize_pass_rate(
    n_population: int, n_tested: int, n_passed: int, confidence: float = DEFAULT_CONFIDENCE
) -> PassRateSummary:
    """Pass rate with Clopper–Pearson and hypergeometric bounds (see module notes).

    Examples
    --------
    >>> s = summarize_pass_rate(120, 6, 6)
    >>> s.max_failing_dwellings, round(s.max_failing_frac, 3)
    (46, 0.383)
    """
    n_failed = n_tested - n_passed
    _check_population(n_population, n_tested, n_failed)
    low, high = clopper_pearson_interval(n_passed, n_tested, confidence)
    two_sided = 1.0 - (1.0 - confidence) / 2.0
    d_high = hypergeometric_failures_upper_bound(n_population, n_tested, n_failed, two_sided)
    d_low = hypergeometric_failures_lower_bound(n_population, n_tested, n_failed, two_sided)
    d_max = hypergeometric_failures_upper_bound(n_population, n_tested, n_failed, confidence)
    return PassRateSummary(
        n_population=n_population,
        n_tested=n_tested,
        n_passed=n_passed,
        n_failed=n_failed,
        pass_rate_frac=n_passed / n_tested,
        ci_low_frac=low,
        ci_high_frac=high,
        fpc_pass_low_frac=1.0 - d_high / n_population,
        fpc_pass_high_frac=1.0 - d_low / n_population,
        max_failing_dwellings=d_max,
        max_failing_frac=d_max / n_population,
        confidence=confidence,
    )


def stratified_pass_rate(
    n_population_by_stratum: Sequence[int],
    n_tested_by_stratum: Sequence[int],
    n_passed_by_stratum: Sequence[int],
) -> tuple[float, float]:
    r"""Stratified estimate of the pass rate and its variance with finite-population correction.

    Parameters
    ----------
    n_population_by_stratum, n_tested_by_stratum, n_passed_by_stratum : sequence of int
        N_h, n_h (≥ 1) and passes k_h per stratum (typology).

    Returns
    -------
    tuple of float
        (p̂_st, Var(p̂_st)). [-], [-]

    Notes
    -----
    Cochran (1977) §5.3 with §3.4: :math:`\hat p_{st} = \sum_h W_h \hat p_h`, W_h = N_h/N,
    :math:`V = \sum_h W_h^2 (1 - n_h/N_h)\,\hat p_h (1-\hat p_h)/(n_h - 1)`.
    A stratum with n_h = 1 has no variance estimate: its term is taken as 0 when the
    stratum is fully sampled (n_h = N_h), otherwise the variance is NaN (not estimable).

    Examples
    --------
    >>> p, v = stratified_pass_rate([60, 40], [3, 2], [3, 1])
    >>> round(p, 3)
    0.8
    """
    big_n = np.asarray(n_population_by_stratum, dtype=float)
    small_n = np.asarray(n_tested_by_stratum, dtype=float)
    k = np.asarray(n_passed_by_stratum, dtype=float)
    if not (big_n.shape == small_n.shape == k.shape) or big_n.size == 0:
        raise InputError("strates : listes de même longueur (non vides) attendues")
    if np.any(small_n < 1) or np.any(small_n > big_n) or np.any(k < 0) or np.any(k > small_n):
        raise InputError("strates : 1 ≤ testés ≤ population et 0 ≤ conformes ≤ testés attendus")
    weights = big_n / big_n.sum()
    p_h = k / small_n
    fpc = 1.0 - small_n / big_n
    with np.errstate(divide="ignore", invalid="ignore"):
        var_h = np.where(
            fpc == 0.0, 0.0, fpc * p_h * (1.0 - p_h) / (small_n - 1.0)
        )
    var_h = np.where((small_n == 1.0) & (fpc > 0.0), np.nan, var_h)
    return float(np.sum(weights * p_h)), float(np.sum(weights**2 * var_h))


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def consequence_fr(summary: PassRateSummary) -> str:
    """Plain-language French consequence of a sampled check (what it does not exclude).

    Uses the one-sided hypergeometric upper bound (finite population); see module notes.

    Examples
    --------
    >>> consequence_fr(summarize_pass_rate(120, 6, 6))  # doctest: +NORMALIZE_WHITESPACE
    "avec 6 logements testés et aucun en échec, jusqu'à 38 % des 120 logements pourraient
    encore être en échec (soit 46 logements ; borne unilatérale à 95 %, loi hypergéométrique)"
    """
    s = summary
    tested = _plural(s.n_tested, "logement testé", "logements testés")
    failed = "aucun en échec" if s.n_failed == 0 else _plural(s.n_failed, "en échec", "en échec")
    pct = round(100.0 * s.max_failing_frac)
    level = round(100.0 * s.confidence)
    if s.n_tested == s.n_population:
        return (
            f"tous les {s.n_population} logements ont été testés : "
            f"{_plural(s.n_failed, 'logement en échec', 'logements en échec')}, sans incertitude "
            "d'échantillonnage"
        )
    upto = _plural(s.max_failing_dwellings, "logement", "logements")
    could = "pourraient encore être" if s.n_failed == 0 else "pourraient être"
    return (
        f"avec {tested} et {failed}, jusqu'à {pct} % des {s.n_population} logements "
        f"{could} en échec (soit {upto} ; borne unilatérale à {level} %, "
        "loi hypergéométrique)"
    )


def ceil_rate(rate_frac: float, n_population: int) -> int:
    """Smallest integer count ≥ rate × population (guarded against float round-off).

    Examples
    --------
    >>> ceil_rate(0.05, 120), ceil_rate(0.05, 121), ceil_rate(0.07, 100)
    (6, 7, 7)
    """
    if not 0.0 < rate_frac <= 1.0:
        raise InputError(f"taux {rate_frac} hors de ]0 ; 1]")
    exact = rate_frac * n_population
    nearest = round(exact)
    # 0.07 * 100 = 7.000000000000001 in binary floating point: do not round it up to 8.
    if math.isclose(exact, nearest, rel_tol=1e-9, abs_tol=1e-9):
        return int(nearest)
    return math.ceil(exact)
