"""Blower-door tests: analysis chain, validity rules, judgement against targets, campaigns.

* :func:`analyse_test` runs the NF EN ISO 9972:2015 chain of :mod:`perfqual.core.airtightness`
  on a :class:`~perfqual.models.blower_door.BlowerDoorTest` and checks every validity rule of
  the versioned table (``data/airtightness_validity.yaml``).
* :func:`judge` compares Q4Pa-surf or n50 with a target: conforme / non conforme /
  indéterminé (the confidence interval straddles the target).
* :func:`judge_building` applies the ATbat-weighted mean rule to several dwellings of one
  building (FAQ RE2020 n° 134, FD P50-784).
* :func:`campaign_summary` and :func:`measured_airtightness` follow a campaign of an operation
  and turn the measurements into :class:`~perfqual.models.building.Airtightness` values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from perfqual.core import airtightness as core
from perfqual.errors import InputError, NotImplementedMethodError
from perfqual.models.blower_door import (
    DIRECTION_LABELS_FR,
    PHASES,
    BlowerDoorAnalysis,
    BlowerDoorTest,
    DirectionAnalysis,
    DirectionData,
    Interval,
    Judgement,
    RuleCheck,
    ValidityRules,
    load_validity_rules,
)
from perfqual.models.building import (
    Airtightness,
    BuildingModel,
)
from perfqual.models.operation import Operation
from perfqual.models.resolve import resolve_building

INDICATOR_UNITS = {"q4pa_surf": "m³/(h·m²)", "n50": "h⁻¹"}
INDICATOR_LABELS_FR = {"q4pa_surf": "Q4Pa-surf", "n50": "n50"}


# --- validity rules ----------------------------------------------------------------------------


def _check(rules: ValidityRules, rule_id: str, value: float | None) -> RuleCheck:
    """Compare ``value`` with the threshold of ``rule_id`` (None value -> not evaluated)."""
    rule = rules.rules[rule_id]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        passed = None
    elif rule.comparison == "<=":
        passed = bool(value <= rule.value)
    elif rule.comparison == ">=":
        passed = bool(value >= rule.value)
    else:  # "requis": value is 1.0 when present, 0.0 when absent
        passed = bool(value >= 1.0)
    return RuleCheck(rule_id, rule.label, None if value is None else float(value), rule.value,
                     rule.unit, rule.comparison, rule.severity, passed, rule.source, rule.status)


def check_direction(
    test: BlowerDoorTest,
    zero_flow: core.ZeroFlowPressure,
    dp_pa: np.ndarray,
    fit: core.PowerLawFit,
    rules: ValidityRules,
) -> tuple[RuleCheck, ...]:
    """Every validity rule of the table on one test direction.

    Notes
    -----
    Rules and sources: ``data/airtightness_validity.yaml`` (DOMAIN-NOTES A.7). The lowest
    pressure rule compares with both 10 Pa and 5·|Δp_0| (AIVC, L. Due 2019 [SRC]).
    """
    sorted_dp = np.sort(dp_pa)
    max_gap = float(np.max(np.diff(sorted_dp))) if sorted_dp.size > 1 else None
    abs_dp0 = abs(zero_flow.dp0_pa)
    # Δp_0 = 0: any lowest station satisfies "≥ 5·|Δp_0|" (ratio taken as +inf).
    low_ratio = float(sorted_dp[0] / abs_dp0) if abs_dp0 > 0 else float("inf")
    dt_h = None
    if test.building_height_m is not None:
        dt_h = abs(test.temp_int_c - test.temp_ext_c) * test.building_height_m
    return (
        _check(rules, "pression_nulle_max", zero_flow.max_abs_sub_average_pa),
        _check(rules, "pression_nulle_avant_apres", 1.0 if zero_flow.has_after else 0.0),
        _check(rules, "nombre_paliers_min", float(dp_pa.size)),
        _check(rules, "ecart_paliers_max", max_gap),
        _check(rules, "pression_basse_min", float(sorted_dp[0])),
        _check(rules, "pression_basse_facteur_debit_nul", low_ratio),
        _check(rules, "pression_haute_min", float(sorted_dp[-1])),
        _check(rules, "exposant_min", float(fit.n)),
        _check(rules, "exposant_max", float(fit.n)),
        _check(rules, "r2_min", float(fit.r_squared)),
        _check(rules, "vent_max", test.wind_m_per_s),
        _check(rules, "ecart_temperature_hauteur_max", dt_h),
    )


# --- analysis chain ------------------------------------------------------------------------------


def _interval(value: float, bounds: tuple[float, float], scale: float = 1.0) -> Interval:
    return Interval(float(value) * scale, float(bounds[0]) * scale, float(bounds[1]) * scale)


def _per_area(value: Interval, area_m2: float | None) -> Interval | None:
    if area_m2 is None:
        return None
    return Interval(value.value / area_m2, value.lower / area_m2, value.upper / area_m2)


def analyse_direction(
    test: BlowerDoorTest, data: DirectionData, pressure_pa: float, rules: ValidityRules
) -> DirectionAnalysis:
    """ISO 9972:2015 chain on one direction (see :mod:`perfqual.core.airtightness`)."""
    zero = core.zero_flow_pressure(data.baseline_before_pa, data.baseline_after_pa)
    dp = core.induced_pressure_difference_pa(data.dp_measured_pa, zero.dp0_pa)
    if np.any(dp <= 0):
        raise InputError(
            f"{DIRECTION_LABELS_FR[data.direction]} : un palier est égal à la pression à débit "
            f"nul ({zero.dp0_pa:.2f} Pa)", test.test_id)
    phi = test.rel_humidity_frac
    rho_int = float(core.air_density_kg_per_m3(test.temp_int_c, pressure_pa, phi))
    rho_ext = float(core.air_density_kg_per_m3(test.temp_ext_c, pressure_pa, phi))
    q_fan = np.asarray(data.q_fan_m3_per_h, dtype=float)
    if test.fan_calibration_density_kg_per_m3 is not None:
        rho_fan = rho_int if data.direction == "depressurisation" else rho_ext
        q_fan = core.fan_flow_at_test_density_m3_per_h(
            q_fan, test.fan_calibration_density_kg_per_m3, rho_fan)
    q_env = core.envelope_flow_m3_per_h(q_fan, rho_int, rho_ext, data.direction)
    fit_env = core.fit_power_law(dp, q_env)
    factor = float(core.standard_conditions_factor(rho_int, rho_ext, fit_env.n, data.direction))
    fit_std = fit_env.scaled(factor)
    q50 = _interval(fit_std.airflow_at(core.DP_50PA), fit_std.airflow_interval_at(core.DP_50PA))
    q4 = _interval(fit_std.airflow_at(core.DP_4PA), fit_std.airflow_interval_at(core.DP_4PA))
    return DirectionAnalysis(
        direction=data.direction,
        zero_flow=zero,
        dp_pa=tuple(float(v) for v in dp),
        q_env_m3_per_h=tuple(float(v) for v in q_env),
        rho_int_kg_per_m3=rho_int,
        rho_ext_kg_per_m3=rho_ext,
        rho_0_kg_per_m3=core.STANDARD_AIR_DENSITY_KG_PER_M3,
        fit_env=fit_env,
        fit_std=fit_std,
        n=_interval(fit_std.n, fit_std.n_interval),
        c_l_m3_per_h_pa_n=_interval(fit_std.c_m3_per_h_pa_n, fit_std.c_interval),
        q50_m3_per_h=q50,
        n50_per_h=_per_area(q50, test.volume_m3),
        q4_m3_per_h=q4,
        q4pa_surf_m3_per_h_m2=_per_area(q4, test.a_tbat_m2),
        q_e50_m3_per_h_m2=None if test.envelope_area_m2 is None
        else q50.value / test.envelope_area_m2,
        q_f50_m3_per_h_m2=None if test.floor_area_m2 is None else q50.value / test.floor_area_m2,
        ela4_m2=float(core.effective_leakage_area_m2(fit_std.c_m3_per_h_pa_n, fit_std.n, 4.0)),
        ela50_m2=float(core.effective_leakage_area_m2(fit_std.c_m3_per_h_pa_n, fit_std.n, 50.0)),
        checks=check_direction(test, zero, dp, fit_env, rules),
    )


def _mean_interval(values: Sequence[Interval]) -> Interval:
    """Mean of the directions; bounds averaged (errors taken as fully correlated) [DERIVED]."""
    return Interval(float(np.mean([v.value for v in values])),
                    float(np.mean([v.lower for v in values])),
                    float(np.mean([v.upper for v in values])))


def analyse_test(test: BlowerDoorTest, rules: ValidityRules | None = None) -> BlowerDoorAnalysis:
    """Analyse one blower-door test: both directions, their mean, the regulatory Q4Pa-surf.

    Parameters
    ----------
    test : BlowerDoorTest
    rules : ValidityRules, optional
        Validity thresholds and judgement policy; the packaged table by default.

    Returns
    -------
    BlowerDoorAnalysis

    Notes
    -----
    The headline q50, n50 is the mean of the directions run (ISO 9972:2015 [STD-K],
    DOMAIN-NOTES A.6); Q4Pa-surf comes from the regulatory direction, depressurisation by default
    (« sous une dépression de 4 Pa », rt-re-batiment [SRC]).
    """
    rules = rules or load_validity_rules()
    assumptions = []
    if test.pressure_pa is not None:
        pressure = test.pressure_pa
    else:
        pressure = float(core.barometric_pressure_from_altitude_pa(test.altitude_m))
        assumptions.append(
            f"pression barométrique non mesurée : {pressure:.0f} Pa déduite de l'altitude "
            f"{test.altitude_m:g} m (atmosphère type ISO 2533)")
    if test.rel_humidity_frac == 0.0:
        assumptions.append("humidité relative non renseignée : air sec (convention de ρ0)")
    if test.fan_calibration_density_kg_per_m3 is None:
        assumptions.append("débits lus supposés déjà corrigés à la masse volumique de l'essai")
    directions = {d.direction: analyse_direction(test, d, pressure, rules)
                  for d in test.directions}
    regulatory = rules.policy.regulatory_direction
    if regulatory not in directions:
        regulatory = next(iter(directions))
        assumptions.append(
            f"sens réglementaire ({DIRECTION_LABELS_FR[rules.policy.regulatory_direction]}) "
            f"non mesuré : Q4Pa-surf tiré de la {DIRECTION_LABELS_FR[regulatory]}")
    if test.a_tbat_m2 is None:
        assumptions.append("ATbat non renseignée : Q4Pa-surf non calculé")
    runs = list(directions.values())
    q50 = _mean_interval([d.q50_m3_per_h for d in runs])
    return BlowerDoorAnalysis(
        test=test,
        directions=directions,
        regulatory_direction=regulatory,
        q50_m3_per_h=q50,
        n50_per_h=_per_area(q50, test.volume_m3),
        q_e50_m3_per_h_m2=None if test.envelope_area_m2 is None
        else q50.value / test.envelope_area_m2,
        q_f50_m3_per_h_m2=None if test.floor_area_m2 is None else q50.value / test.floor_area_m2,
        q4pa_surf_m3_per_h_m2=directions[regulatory].q4pa_surf_m3_per_h_m2,
        pressure_pa=pressure,
        assumptions=tuple(assumptions),
        rules_version=rules.version,
        sampling_coefficient=rules.policy.sampling_coefficient,
    )


# --- judgement ----------------------------------------------------------------------------------

JUDGEMENT_SOURCE = (
    "Statut à trois états sur l'intervalle de confiance à 95 % (perfqual, DERIVED) ; "
    "conformité réglementaire sur la valeur seule (DOMAIN-NOTES B.5)"
)


def _indicator(analysis: BlowerDoorAnalysis, indicator: str) -> Interval:
    if indicator == "q4pa_surf":
        value = analysis.q4pa_surf_m3_per_h_m2
        if value is None:
            raise InputError("ATbat absente : impossible de juger le Q4Pa-surf",
                             analysis.test.test_id)
        return value
    if indicator == "n50":
        return analysis.n50_per_h
    raise InputError(f"indicateur inconnu « {indicator} » (q4pa_surf ou n50)")


def judge(
    analysis: BlowerDoorAnalysis, target: float, indicator: str = "q4pa_surf",
    sampling_coefficient: float = 1.0,
) -> Judgement:
    """Compare one test with a target (maximum value of Q4Pa-surf or n50).

    Parameters
    ----------
    analysis : BlowerDoorAnalysis
    target : float
        Maximum allowed value, in m³/(h·m²) for ``q4pa_surf``, h⁻¹ for ``n50``.
    indicator : {"q4pa_surf", "n50"}
    sampling_coefficient : float, optional
        Multiplies the value and its interval before comparison (1.2 for RE2020 sampling).

    Returns
    -------
    Judgement
        ``essai_non_valide`` when a rule of severity « invalide » failed; otherwise the
        three-way status of :func:`perfqual.core.airtightness.classify_against_target`.
    """
    if not target > 0:
        raise InputError(f"objectif {target!r} : une valeur strictement positive est attendue")
    value = _indicator(analysis, indicator)
    k = sampling_coefficient
    lo, v, hi = value.lower * k, value.value * k, value.upper * k
    status = (core.classify_against_target(v, lo, hi, target) if analysis.is_valid
              else "essai_non_valide")
    return Judgement(analysis.test.dwelling_id or analysis.test.test_id, indicator,
                     INDICATOR_UNITS[indicator], v, lo, hi, float(target), k, status,
                     bool(analysis.is_valid and v <= target), JUDGEMENT_SOURCE)


def judge_building(
    analyses: Sequence[BlowerDoorAnalysis], target: float, sampling_coefficient: float = 1.0,
    subject: str | None = None,
) -> Judgement:
    r"""Judge a building from several dwellings tested separately (ATbat-weighted mean).

    Notes
    -----
    :math:`Q_{4,bat} = \sum Q_{4,i}\,A_{Tbat,i} / \sum A_{Tbat,i}` — FAQ RE2020 n° 134,
    rt-re-batiment [SRC]; FD P50-784 sampling (DOMAIN-NOTES B.2, B.4). The interval of the mean
    is the weighted mean of the bounds (errors taken as fully correlated, conservative)
    [DERIVED]. RE2020 sampling multiplies the mean by 1.2 (``sampling_coefficient``).
    Grouped individual houses are not averaged: judge each one with :func:`judge`.
    """
    if not analyses:
        raise InputError("aucun essai pour la moyenne pondérée")
    values = [_indicator(a, "q4pa_surf") for a in analyses]
    weights = [a.test.a_tbat_m2 for a in analyses]
    k = sampling_coefficient
    v = core.weighted_mean([x.value for x in values], weights) * k
    lo = core.weighted_mean([x.lower for x in values], weights) * k
    hi = core.weighted_mean([x.upper for x in values], weights) * k
    valid = all(a.is_valid for a in analyses)
    status = core.classify_against_target(v, lo, hi, target) if valid else "essai_non_valide"
    subject = subject or "+".join(a.test.dwelling_id or a.test.test_id for a in analyses)
    return Judgement(subject, "q4pa_surf", INDICATOR_UNITS["q4pa_surf"], v, lo, hi,
                     float(target), k, status, bool(valid and v <= target),
                     "moyenne pondérée par ATbat, FAQ RE2020 n° 134 (SRC) ; " + JUDGEMENT_SOURCE)


# --- campaign follow-up --------------------------------------------------------------------------

NO_PHASE = "non_renseignee"
UNJUDGED_PHASE = "avant_travaux"  # the state before works is measured, not judged


@dataclass(frozen=True)
class Target:
    """An airtightness target of a typology (from the study)."""

    indicator: str  # "q4pa_surf" | "n50"
    value: float
    source: str


@dataclass(frozen=True)
class CampaignTest:
    """One analysed test placed in the operation."""

    analysis: BlowerDoorAnalysis
    dwelling_id: str
    typology: str
    phase: str
    building: str | None
    judgement: Judgement | None  # None: no target, or a test before works (state of reference)
    is_decisive: bool = True  # False when a later test of the same dwelling and phase exists


@dataclass(frozen=True)
class TypologyPhaseSummary:
    """Tests of one typology in one phase."""

    typology: str
    phase: str
    n_dwellings: int
    n_tested: int
    n_required: int  # from the sampling plan, or the default rate
    n_by_status: dict[str, int]
    q4pa_surf_weighted_mean: Interval | None  # ATbat-weighted, valid tests only
    target: Target | None

    @property
    def rate_frac(self) -> float:
        """Share of the typology's dwellings tested. [-]"""
        return self.n_tested / self.n_dwellings if self.n_dwellings else float("nan")


@dataclass(frozen=True)
class CampaignResult:
    """Every test received for an operation, per typology and phase, with judgements."""

    operation: str
    tests: tuple[CampaignTest, ...]
    summaries: tuple[TypologyPhaseSummary, ...]
    building_judgements: tuple[Judgement, ...]
    sampling_source: str
    coverage: object | None = None  # perfqual.qa.sampling.CoverageReport when a plan is given
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed_tests(self) -> tuple[CampaignTest, ...]:
        """Decisive tests judged non conforme or invalid."""
        return tuple(t for t in self.tests if t.is_decisive and t.judgement is not None
                     and t.judgement.status in ("non_conforme", "essai_non_valide"))


def _place_test(
    analysis: BlowerDoorAnalysis, dwellings: Mapping[str, tuple[str, str | None]]
) -> tuple[str, str, str | None]:
    t = analysis.test
    if t.dwelling_id is None:
        raise InputError("métadonnée « logement » absente : essai impossible à rattacher",
                         t.test_id)
    if t.dwelling_id not in dwellings:
        raise InputError(f"logement « {t.dwelling_id} » absent de l'opération", t.test_id)
    typology, building = dwellings[t.dwelling_id]
    if t.typology is not None and t.typology != typology:
        raise InputError(f"typologie « {t.typology} » du fichier différente de celle de "
                         f"l'opération pour le logement {t.dwelling_id} (« {typology} »)",
                         t.test_id)
    return t.dwelling_id, typology, t.building_id or building


def _weighted_q4(tests: Sequence[CampaignTest]) -> Interval | None:
    ok = [t.analysis for t in tests
          if t.analysis.is_valid and t.analysis.q4pa_surf_m3_per_h_m2 is not None]
    if not ok:
        return None
    j = judge_building(ok, target=1.0)  # target unused here: only the weighted mean is kept
    return Interval(j.value, j.lower, j.upper)


def campaign_summary(
    analyses: Sequence[BlowerDoorAnalysis],
    dwellings: Mapping[str, tuple[str, str | None]],
    targets: Mapping[str, Target],
    required: Mapping[str, int],
    sampling_coefficient: float = 1.0,
    operation: str = "",
    sampling_source: str = "",
) -> CampaignResult:
    """Place each test in the operation, judge it and summarise per typology and phase.

    Parameters
    ----------
    analyses : sequence of BlowerDoorAnalysis
    dwellings : mapping
        dwelling_id -> (typology, building or None), the whole operation.
    targets : mapping
        typology -> Target (typologies without a target are reported unjudged).
    required : mapping
        typology -> number of dwellings to test (sampling plan).
    sampling_coefficient : float
        Applied to building weighted means (1.2 for RE2020 sampling, 1 otherwise).

    Notes
    -----
    Dwellings tested twice in the same phase: every test is kept and reported (a retest after
    repair is a separate file); the latest (by date, then identifier) is the decisive one used
    in counts, building means and exit codes. Tests before works describe the initial state
    and are not judged against the target of the works. Building judgements use the
    ATbat-weighted mean of the valid Q4Pa-surf of the dwellings of one building in one phase
    (FAQ RE2020 n° 134 [SRC]); they are informative for grouped houses, where each house must
    meet the target (DOMAIN-NOTES B.4).
    """
    placed = []
    order = sorted(analyses, key=lambda a: (a.test.date or "", a.test.test_id))
    last = {(a.test.dwelling_id, a.test.phase): a.test.test_id for a in order}
    for a in order:
        dwelling_id, typology, building = _place_test(a, dwellings)
        phase = a.test.phase or NO_PHASE
        target = None if phase == UNJUDGED_PHASE else targets.get(typology)
        judgement = None if target is None else judge(a, target.value, target.indicator)
        placed.append(CampaignTest(a, dwelling_id, typology, phase, building, judgement,
                                   last[(a.test.dwelling_id, a.test.phase)] == a.test.test_id))
    population: dict[str, int] = {}
    for typology, _ in dwellings.values():
        population[typology] = population.get(typology, 0) + 1
    phases = [p for p in (*PHASES, NO_PHASE) if any(t.phase == p for t in placed)]
    summaries = []
    for typology in sorted(population):
        for phase in phases:
            here = [t for t in placed
                    if t.typology == typology and t.phase == phase and t.is_decisive]
            counts: dict[str, int] = {}
            for t in here:
                key = t.judgement.status if t.judgement else "non_juge"
                counts[key] = counts.get(key, 0) + 1
            summaries.append(TypologyPhaseSummary(
                typology, phase, population[typology], len({t.dwelling_id for t in here}),
                int(required.get(typology, 0)), counts, _weighted_q4(here),
                targets.get(typology)))
    return CampaignResult(operation, tuple(placed), tuple(summaries),
                          _building_judgements(placed, targets, sampling_coefficient),
                          sampling_source)


def _building_judgements(
    placed: Sequence[CampaignTest], targets: Mapping[str, Target], coefficient: float
) -> tuple[Judgement, ...]:
    groups: dict[tuple[str, str], list[CampaignTest]] = {}
    for t in placed:
        if t.building is not None and t.is_decisive and t.judgement is not None:
            groups.setdefault((t.building, t.phase), []).append(t)
    out = []
    for (building, phase), tests in sorted(groups.items()):
        typologies = {t.typology for t in tests}
        target = targets.get(next(iter(typologies))) if len(typologies) == 1 else None
        if len(tests) < 2 or target is None or target.indicator != "q4pa_surf":
            continue
        if any(t.analysis.q4pa_surf_m3_per_h_m2 is None for t in tests):
            continue
        out.append(judge_building([t.analysis for t in tests], target.value, coefficient,
                                  subject=f"{building} ({phase})"))
    return tuple(out)


# --- measured airtightness back into the models --------------------------------------------------

MEASURED_SOURCE = "mesure"


def _regulatory(analysis: BlowerDoorAnalysis) -> DirectionAnalysis:
    return analysis.directions[analysis.regulatory_direction]


def measured_leakage_flows(analysis: BlowerDoorAnalysis) -> tuple[float, float, float]:
    """(q4, q50, n) of the regulatory direction at standard conditions. [m³/h, m³/h, -]

    One direction gives a consistent power law q = C_L·Δp^n for the engines (the mean of both
    directions has no single exponent).
    """
    d = _regulatory(analysis)
    return d.q4_m3_per_h.value, d.q50_m3_per_h.value, d.n.value


def airtightness_for_model(
    q4_m3_per_h: float, n: float, a_tbat_m2: float, volume_m3: float
) -> Airtightness:
    """Express a measured leakage (q4 and exponent n) with a model's reference areas.

    Notes
    -----
    Power law q(Δp) = q4·(Δp/4)^n (ISO 9972:2015 [STD-K]); Q4Pa-surf = q4/ATbat (FD P50-784
    [SRC]); n50 = q50/V. The measured flow is kept; the areas are those of the model, so the
    engines see the measured leakage whatever ATbat the operator used.

    Examples
    --------
    >>> a = airtightness_for_model(100.0, 0.5, 100.0, 200.0)
    >>> round(a.q50_m3_per_h, 6), round(a.n50_per_h, 6)
    (353.553391, 1.767767)
    """
    for value, name in ((a_tbat_m2, "ATbat du modèle"), (volume_m3, "volume du modèle"),
                        (q4_m3_per_h, "q4 mesuré")):
        if not value > 0:
            raise InputError(f"{name} doit être strictement positif")
    q50 = float(core.airflow_at_pressure_m3_per_h(q4_m3_per_h / core.DP_4PA**n, n, core.DP_50PA))
    return Airtightness(q4pa_surf_m3_per_h_m2=q4_m3_per_h / a_tbat_m2,
                        n50_per_h=q50 / volume_m3, q50_m3_per_h=q50, flow_exponent=float(n),
                        source=MEASURED_SOURCE)


@dataclass(frozen=True)
class MeasuredAirtightness:
    """Measured airtightness per tested dwelling and extrapolated per typology."""

    per_dwelling: dict[str, Airtightness]
    per_typology: dict[str, Airtightness]
    per_typology_basis: dict[str, str]  # how each typology value was obtained
    warnings: tuple[str, ...]


def measured_airtightness(
    tests: Sequence[CampaignTest],
    model_areas: Callable[[str, str | None], tuple[float, float]],
    phase: str = "reception",
    area_tolerance_frac: float = 0.10,
) -> MeasuredAirtightness:
    """Measured airtightness of the tested dwellings and its extrapolation to each typology.

    Parameters
    ----------
    tests : sequence of CampaignTest
        Only valid tests of ``phase`` are used (the latest file wins for a dwelling tested
        twice).
    model_areas : callable
        (typology, dwelling_id or None) -> (ATbat, volume) of the model. [m², m³]
    phase : str
        Phase whose tests describe the as-built state (« reception » by default).
    area_tolerance_frac : float
        A warning is issued when the operator's ATbat differs from the model's by more.

    Notes
    -----
    Per typology: ATbat-weighted mean of the measured Q4Pa-surf (FAQ RE2020 n° 134 [SRC])
    and arithmetic mean of the exponents n [DERIVED], applied to the typology's model areas.
    """
    latest: dict[str, CampaignTest] = {}
    for t in tests:
        if t.phase == phase and t.analysis.is_valid:
            latest[t.dwelling_id] = t
    per_dwelling, warnings = {}, []
    by_typology: dict[str, list[CampaignTest]] = {}
    for dwelling_id, t in sorted(latest.items()):
        q4, _, n = measured_leakage_flows(t.analysis)
        a_tbat, volume = model_areas(t.typology, dwelling_id)
        test_a = t.analysis.test.a_tbat_m2
        if test_a is not None and abs(test_a - a_tbat) > area_tolerance_frac * a_tbat:
            warnings.append(f"{dwelling_id} : ATbat de l'essai {test_a:.1f} m² ≠ modèle "
                            f"{a_tbat:.1f} m² (écart > {area_tolerance_frac:.0%})")
        per_dwelling[dwelling_id] = airtightness_for_model(q4, n, a_tbat, volume)
        by_typology.setdefault(t.typology, []).append(t)
    per_typology, basis = {}, {}
    for typology, group in sorted(by_typology.items()):
        with_area = [t.analysis for t in group if t.analysis.q4pa_surf_m3_per_h_m2 is not None]
        if not with_area:
            continue
        q4surf = core.weighted_mean([a.q4pa_surf_m3_per_h_m2.value for a in with_area],
                                    [a.test.a_tbat_m2 for a in with_area])
        n_mean = float(np.mean([_regulatory(a).n.value for a in with_area]))
        a_tbat, volume = model_areas(typology, None)
        per_typology[typology] = airtightness_for_model(q4surf * a_tbat, n_mean, a_tbat, volume)
        basis[typology] = (f"moyenne pondérée par ATbat de {len(with_area)} essai(s) valide(s) "
                           f"en phase « {phase} »")
    return MeasuredAirtightness(per_dwelling, per_typology, basis, tuple(warnings))


# --- thin functions on the operation model -----------------------------------------------------

DEFAULT_SAMPLING_RATE_FRAC = 0.05
DEFAULT_SAMPLING_SOURCE = (
    "règle par défaut : au moins 5 % des logements de chaque typologie, au moins 1 "
    "(règle de contrat AMO, aucun texte ne la fixe — DOMAIN-NOTES D)"
)


def a_tbat_fd_p50_784_m2(building: BuildingModel) -> float:
    """ATbat of FD P50-784: heat-loss walls, roofs and windows, **lowest floor excluded**. [m²]

    Same definition as :attr:`perfqual.models.building.BuildingModel.a_tbat_m2` (« parois
    déperditives hors plancher bas », rt-re-batiment a689 [SRC], DOMAIN-NOTES B.1).
    """
    return building.a_tbat_m2


def operation_targets(operation: Operation) -> tuple[dict[str, Target], tuple[str, ...]]:
    """Airtightness target of each typology (``objectif_etancheite``), and warnings."""
    targets, warnings = {}, []
    for tid, typ in operation.typologies.items():
        spec = typ.airtightness_target
        if spec is None:
            warnings.append(f"typologie « {tid} » : pas d'objectif d'étanchéité "
                            "(objectif_etancheite) — essais non jugés")
        elif spec.q4pa_surf_m3_per_h_m2 is not None:
            targets[tid] = Target("q4pa_surf", spec.q4pa_surf_m3_per_h_m2,
                                  f"typologies.{tid}.objectif_etancheite")
        elif spec.n50_per_h is not None:
            targets[tid] = Target("n50", spec.n50_per_h, f"typologies.{tid}.objectif_etancheite")
        else:
            warnings.append(f"typologie « {tid} » : objectif exprimé en q50, non jugé "
                            "(Q4Pa-surf ou n50 attendu)")
    return targets, tuple(warnings)


def campaign_for_operation(
    analyses: Sequence[BlowerDoorAnalysis],
    operation: Operation,
    plan: object | None = None,
    sampling_coefficient: float = 1.0,
) -> CampaignResult:
    """:func:`campaign_summary` on an operation, compared with its sampling plan when given.

    Parameters
    ----------
    plan : perfqual.qa.sampling.SamplingPlan, optional
        Plan of the sampling issue; without it the default rate (5 % per typology) gives the
        number of dwellings to test.
    """
    from perfqual.qa import sampling

    dwellings = {d.id: (d.typology, d.building) for d in operation.dwellings}
    targets, warnings = operation_targets(operation)
    if plan is not None:
        required = {s.typology: s.n_required for s in plan.strata}
        source = f"plan d'échantillonnage (graine {plan.seed}, taux {plan.rate_frac:.0%})"
    else:
        counts: dict[str, int] = {}
        for typology, _ in dwellings.values():
            counts[typology] = counts.get(typology, 0) + 1
        required = {t: sampling.required_sample_size(n, DEFAULT_SAMPLING_RATE_FRAC)
                    for t, n in counts.items()}
        source = DEFAULT_SAMPLING_SOURCE
    result = campaign_summary(analyses, dwellings, targets, required, sampling_coefficient,
                              operation.identity.name, source)
    coverage = None
    if plan is not None:
        measured = [(t.dwelling_id, None if t.judgement is None or t.judgement.status
                     == "indetermine" else t.judgement.status == "conforme")
                    for t in result.tests if t.is_decisive and t.phase == "reception"]
        coverage = sampling.check_coverage(plan, measured)
    return replace(result, coverage=coverage, warnings=result.warnings + warnings)


def operation_model_areas(
    operation: Operation, scenario_id: str
) -> Callable[[str, str | None], tuple[float, float]]:
    """(typology, dwelling or None) -> (ATbat per FD P50-784, heated volume) of the model."""

    def areas(typology: str, dwelling_id: str | None) -> tuple[float, float]:
        b = resolve_building(operation, typology, scenario_id, dwelling_id)
        return a_tbat_fd_p50_784_m2(b), b.areas.heated_volume_m3

    return areas


def chosen_scenario(operation: Operation, scenario_id: str | None = None) -> str:
    """The programme of works the measurements belong to (given, or ``programme_retenu``)."""
    sid = scenario_id or operation.identity.chosen_scenario
    if sid is None:
        raise InputError("programme de travaux inconnu : donner --scenario ou "
                         "« programme_retenu » dans l'opération", "operation.programme_retenu")
    if sid not in operation.scenarios:
        raise InputError(f"scénario inconnu « {sid} »", "scenarios")
    return sid


def as_built_buildings(
    operation: Operation, measured: MeasuredAirtightness, scenario_id: str
) -> dict[str, BuildingModel]:
    """Resolved buildings of the programme with the measured airtightness (as built).

    Keys are dwelling ids (per tested dwelling) and ``"typologie:<id>"`` (extrapolation to the
    typology). The lead's engines compute Cep on these with both methods.
    """
    out = {}
    typology_of = {d.id: d.typology for d in operation.dwellings}
    for dwelling_id, air in measured.per_dwelling.items():
        out[dwelling_id] = resolve_building(operation, typology_of[dwelling_id], scenario_id,
                                            dwelling_id, airtightness_override=air)
    for typology, air in measured.per_typology.items():
        out[f"typologie:{typology}"] = resolve_building(operation, typology, scenario_id,
                                                        airtightness_override=air)
    return out


def as_built_cep(buildings: Mapping[str, BuildingModel]) -> dict[str, object]:
    """Cep of the as-built buildings with both calculation methods.

    Raises
    ------
    NotImplementedMethodError
        Until ``perfqual.api`` exposes the two engines (the lead wires this call).
    """
    try:
        from perfqual import api  # noqa: F401
    except ImportError:
        raise NotImplementedMethodError(
            "recalcul du Cep tel que construit : les moteurs de calcul (perfqual.api) ne sont "
            "pas encore disponibles ; les bâtiments avec l'étanchéité mesurée sont prêts"
        ) from None
    raise NotImplementedMethodError(
        "recalcul du Cep tel que construit : raccordement à perfqual.api non encore écrit")
