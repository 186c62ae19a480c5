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
* :func:`as_built_cep` (plain inputs: :func:`as_built_case`, :func:`compute_as_built_cep`)
  recomputes Cep with the measured airtightness with both methods, design against as built,
  against the operation's thresholds (``methods/permeabilite.md`` §6.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from perfqual.core import airtightness as core
from perfqual.errors import InputError
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
PHASE_LABELS_FR = {"avant_travaux": "avant travaux", "pendant_travaux": "pendant travaux",
                   "reception": "réception"}


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
    """Measured airtightness per tested dwelling and extrapolated per typology.

    The ``*_interval`` mappings hold the Q4Pa-surf carried into the model (value and bounds
    of its 95 % confidence interval) [m³/(h·m²)]; ``per_typology_n_tests`` the number of valid
    tests behind each typology value.
    """

    per_dwelling: dict[str, Airtightness]
    per_typology: dict[str, Airtightness]
    per_typology_basis: dict[str, str]  # how each typology value was obtained
    warnings: tuple[str, ...]
    per_dwelling_interval: dict[str, Interval] = field(default_factory=dict)
    per_typology_interval: dict[str, Interval] = field(default_factory=dict)
    per_typology_n_tests: dict[str, int] = field(default_factory=dict)


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
    Per tested dwelling: the measured q4 of the regulatory direction (and its 95 % interval)
    over the model's ATbat. Per typology: ATbat-weighted mean of the measured Q4Pa-surf
    (FAQ RE2020 n° 134 [SRC]) and arithmetic mean of the exponents n [DERIVED], applied to the
    typology's model areas; the bounds of the interval are the weighted means of the tests'
    bounds (errors taken as fully correlated, as in :func:`judge_building` [DERIVED]): it is the
    measurement uncertainty only, not the sampling uncertainty of the untested dwellings.
    """
    latest: dict[str, CampaignTest] = {}
    for t in tests:
        if t.phase == phase and t.analysis.is_valid:
            latest[t.dwelling_id] = t
    per_dwelling, per_dwelling_iv, warnings = {}, {}, []
    by_typology: dict[str, list[CampaignTest]] = {}
    for dwelling_id, t in sorted(latest.items()):
        q4, _, n = measured_leakage_flows(t.analysis)
        a_tbat, volume = model_areas(t.typology, dwelling_id)
        test_a = t.analysis.test.a_tbat_m2
        if test_a is not None and abs(test_a - a_tbat) > area_tolerance_frac * a_tbat:
            warnings.append(f"{dwelling_id} : ATbat de l'essai {test_a:.1f} m² ≠ modèle "
                            f"{a_tbat:.1f} m² (écart > {area_tolerance_frac:.0%})")
        per_dwelling[dwelling_id] = airtightness_for_model(q4, n, a_tbat, volume)
        q4_iv = _regulatory(t.analysis).q4_m3_per_h
        per_dwelling_iv[dwelling_id] = Interval(q4 / a_tbat, q4_iv.lower / a_tbat,
                                                q4_iv.upper / a_tbat)
        by_typology.setdefault(t.typology, []).append(t)
    per_typology, per_typology_iv, counts, basis = {}, {}, {}, {}
    for typology, group in sorted(by_typology.items()):
        with_area = [t.analysis for t in group if t.analysis.q4pa_surf_m3_per_h_m2 is not None]
        if not with_area:
            continue
        weights = [a.test.a_tbat_m2 for a in with_area]
        q4surf = core.weighted_mean([a.q4pa_surf_m3_per_h_m2.value for a in with_area], weights)
        n_mean = float(np.mean([_regulatory(a).n.value for a in with_area]))
        a_tbat, volume = model_areas(typology, None)
        per_typology[typology] = airtightness_for_model(q4surf * a_tbat, n_mean, a_tbat, volume)
        per_typology_iv[typology] = Interval(
            per_typology[typology].q4pa_surf_m3_per_h_m2,
            float(core.weighted_mean([a.q4pa_surf_m3_per_h_m2.lower for a in with_area],
                                     weights)),
            float(core.weighted_mean([a.q4pa_surf_m3_per_h_m2.upper for a in with_area],
                                     weights)))
        counts[typology] = len(with_area)
        basis[typology] = (f"moyenne pondérée par ATbat de {len(with_area)} essai(s) valide(s) "
                           f"en phase « {PHASE_LABELS_FR.get(phase, phase)} »")
    return MeasuredAirtightness(per_dwelling, per_typology, basis, tuple(warnings),
                                per_dwelling_iv, per_typology_iv, counts)


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


# --- as-built Cep: measured airtightness through both calculation methods ------------------------

METHODS: tuple[str, ...] = ("thcex", "iso52016")
METHOD_LABELS_FR = {"thcex": "Th-C-E ex", "iso52016": "EN ISO 52016-1"}
AS_BUILT_STATUS_FR = {"atteint": "atteint", "non_atteint": "NON ATTEINT",
                      "indetermine": "indéterminé (l'intervalle contient le seuil)"}
OPERATION_KEY = "operation"
AS_BUILT_SOURCE = (
    "Cep recalculé avec le Q4Pa-surf mesuré à la réception à la place de celui du programme, "
    "toutes autres données inchangées (perfqual, methods/permeabilite.md §6)"
)


@dataclass(frozen=True)
class AsBuiltCase:
    """One case of the as-built recalculation: a tested dwelling or a whole typology.

    ``as_built`` holds three buildings: the measured Q4Pa-surf, then the lower and upper bounds
    of its 95 % interval (the design building three times when the case was not measured).
    """

    key: str  # dwelling id, or "typologie:<id>"
    typology: str
    dwelling_id: str | None
    weight: float  # dwellings represented: 1 for a tested dwelling, the typology's count
    basis: str  # French: where the as-built airtightness comes from
    design: BuildingModel
    q4pa_surf_measured: Interval | None  # None: no valid reception test, design value kept
    as_built: tuple[BuildingModel, BuildingModel, BuildingModel]

    @property
    def q4pa_surf_design(self) -> float:
        """Q4Pa-surf of the programme (design value). [m³/(h·m²)]"""
        return self.design.airtightness.q4pa_surf_m3_per_h_m2


def with_measured_airtightness(
    design: BuildingModel, q4pa_surf: Interval, flow_exponent: float
) -> tuple[BuildingModel, BuildingModel, BuildingModel]:
    """The design building with a measured Q4Pa-surf (value, lower bound, upper bound).

    Only the airtightness changes (what ``resolve_building(..., airtightness_override=…)``
    does); the leakage is expressed on the building's own ATbat and volume with
    :func:`airtightness_for_model`.
    """
    a_tbat, volume = design.a_tbat_m2, design.areas.heated_volume_m3
    return tuple(  # type: ignore[return-value]
        replace(design, airtightness=airtightness_for_model(q * a_tbat, flow_exponent, a_tbat,
                                                            volume))
        for q in (q4pa_surf.value, q4pa_surf.lower, q4pa_surf.upper))


def as_built_case(
    key: str, design: BuildingModel, weight: float, basis: str,
    q4pa_surf: Interval | None = None, flow_exponent: float | None = None,
) -> AsBuiltCase:
    """Build one case from plain inputs (no measurement: the design is kept)."""
    if not weight > 0:
        raise InputError(f"{key} : nombre de logements représentés strictement positif attendu")
    if q4pa_surf is None:
        built = (design, design, design)
    else:
        if not 0 < q4pa_surf.lower <= q4pa_surf.value <= q4pa_surf.upper:
            raise InputError(f"{key} : Q4Pa-surf mesuré et son intervalle incohérents")
        exponent = design.airtightness.flow_exponent if flow_exponent is None else flow_exponent
        built = with_measured_airtightness(design, q4pa_surf, exponent)
    return AsBuiltCase(key, design.typology, design.dwelling_id, float(weight), basis, design,
                       q4pa_surf, built)


@dataclass(frozen=True)
class ThresholdOutcome:
    """One programme threshold, design Cep against as-built Cep (with its interval)."""

    threshold_id: str
    label: str
    limit: float
    unit: str
    scope: str  # "cep_5_usages" | "cep_ch_fr_ecs"
    confidence: str
    design_value: float
    as_built: Interval
    design_passed: bool
    as_built_status: str  # "atteint" | "non_atteint" | "indetermine"

    @property
    def design_margin(self) -> float:
        """limit − design Cep (positive: met with room to spare). [kWh_ep/(m²·an)]"""
        return self.limit - self.design_value

    @property
    def as_built_margin(self) -> float:
        """limit − as-built Cep. [kWh_ep/(m²·an)]"""
        return self.limit - self.as_built.value

    @property
    def as_built_passed(self) -> bool:
        """The as-built value alone meets the limit (the regulatory reading)."""
        return self.as_built.value <= self.limit

    @property
    def is_lost(self) -> bool:
        """The design met the threshold and the as-built Cep may not (value or interval)."""
        return self.design_passed and self.as_built_status != "atteint"


@dataclass(frozen=True)
class MethodAsBuilt:
    """Design and as-built Cep of one case with one method, on the method's own area."""

    method: str
    reference_area_kind: str
    design_cep: float  # 5 uses [kWh_ep/(m²·an)]
    as_built_cep: Interval  # 5 uses, value and bounds from the Q4Pa-surf interval
    thresholds: tuple[ThresholdOutcome, ...]

    @property
    def delta_cep(self) -> float:
        """As-built minus design Cep. [kWh_ep/(m²·an)]"""
        return self.as_built_cep.value - self.design_cep


@dataclass(frozen=True)
class AsBuiltRow:
    """A tested dwelling, a typology, or the operation (dwelling-weighted typologies)."""

    key: str
    typology: str | None
    dwelling_id: str | None
    weight: float
    basis: str
    q4pa_surf_design: float | None
    q4pa_surf_measured: Interval | None
    methods: dict[str, MethodAsBuilt]


@dataclass(frozen=True)
class AsBuiltCep:
    """As-built Cep of an operation's programme with both methods."""

    scenario: str
    zone: str
    altitude_m: float
    rows: tuple[AsBuiltRow, ...]  # tested dwellings, then typologies
    operation: AsBuiltRow | None  # typologies weighted by their number of dwellings
    notes: tuple[str, ...]
    source: str = AS_BUILT_SOURCE

    @property
    def lost_thresholds(self) -> tuple[tuple[AsBuiltRow, str, ThresholdOutcome], ...]:
        """(row, method, outcome) where the design met a threshold the as-built may miss."""
        rows = (*self.rows, *(() if self.operation is None else (self.operation,)))
        return tuple((r, m, o) for r in rows for m, mab in r.methods.items()
                     for o in mab.thresholds if o.is_lost)


def _interval_status(iv: Interval, limit: float) -> str:
    """atteint / non_atteint / indetermine of an interval against an upper limit [DERIVED]."""
    status = core.classify_against_target(iv.value, iv.lower, iv.upper, limit)
    return {"conforme": "atteint", "non_conforme": "non_atteint"}.get(status, status)


def _ordered(value: float, a: float, b: float) -> Interval:
    """Interval of a monotonic response; round-off can not invert the bounds."""
    return Interval(value, min(value, a, b), max(value, a, b))


def threshold_outcomes(
    thresholds: Sequence[str], design: Mapping[str, float], as_built: Mapping[str, Interval],
    *, zone: str, altitude_m: float, heating_energy: str | None,
) -> tuple[tuple[ThresholdOutcome, ...], tuple[str, ...]]:
    """Check design and as-built Cep (per scope) against each threshold.

    Parameters
    ----------
    design, as_built : mapping
        Cep per scope, ``"cep_5_usages"`` and ``"cep_ch_fr_ecs"``. [kWh_ep/(m²·an)]
    heating_energy : str or None
        Carrier of the heating, for the Cepmax; None skips the Cepmax with a note.
    """
    from perfqual.qa.thresholds import ALIASES, limit_value

    out, notes = [], []
    for tid in thresholds:
        if ALIASES.get(str(tid).strip().lower(), tid) == "cepmax" and heating_energy is None:
            notes.append("Cepmax non vérifié sur l'opération : énergies de chauffage différentes "
                         "selon les typologies")
            continue
        limit, row = limit_value(tid, zone, altitude_m, heating_energy or "")
        scope = row.scope if row.scope in design else "cep_5_usages"
        d, iv = design[scope], as_built[scope]
        passed = d <= limit if row.comparison != "<" else d < limit
        out.append(ThresholdOutcome(row.id if row.kind != "cepmax" else "cepmax", row.label_fr,
                                    float(limit), row.unit, scope, row.confidence, float(d), iv,
                                    bool(passed), _interval_status(iv, limit)))
    return tuple(out), tuple(notes)


def _run_engine(method: str, buildings, climate, zone: str, altitude_m: float, options):
    from perfqual.api import simulate_method

    return simulate_method(method, buildings, climate, climate_zone=zone,
                           altitude_m=altitude_m, options=options)


def _scopes(results) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Primary energy over 5 uses, over heating + cooling + DHW, and reference areas."""
    from perfqual.models.results import CEPMAX_USES

    pe5 = np.array([sum(r.primary_energy_kwh.values()) for r in results])
    pe3 = np.array([sum(r.primary_energy_kwh.get(u, 0.0) for u in CEPMAX_USES)
                    for r in results])
    return pe5, pe3, np.array([r.reference_area_m2 for r in results])


def _method_row(pe5, pe3, area, weights, thresholds, zone, altitude_m, carrier, method, kind):
    """Weighted Cep (Σ w·E_p / Σ w·A) of design and as-built columns 0..3, then thresholds."""
    w = np.asarray(weights, dtype=float)[:, None]
    cep = {scope: (w * pe).sum(axis=0) / (w * area).sum(axis=0)
           for scope, pe in (("cep_5_usages", pe5), ("cep_ch_fr_ecs", pe3))}
    design = {s: float(v[0]) for s, v in cep.items()}
    built = {s: _ordered(float(v[1]), float(v[2]), float(v[3])) for s, v in cep.items()}
    outcomes, notes = threshold_outcomes(thresholds, design, built, zone=zone,
                                         altitude_m=altitude_m, heating_energy=carrier)
    return MethodAsBuilt(method, kind, design["cep_5_usages"], built["cep_5_usages"],
                         outcomes), notes


def compute_as_built_cep(
    cases: Sequence[AsBuiltCase], climate, *, zone: str, altitude_m: float,
    thresholds: Sequence[str], scenario: str = "", methods: Sequence[str] = METHODS,
    options: Mapping[str, object] | None = None,
) -> AsBuiltCep:
    """Design and as-built Cep of every case with each method, one batch per method.

    Parameters
    ----------
    cases : sequence of AsBuiltCase
        Tested dwellings and typologies (the operation row aggregates the typology cases).
    climate : perfqual.climate.model.Climate
        Hourly weather, the same for every run.
    zone, altitude_m : str, float
        Site (thresholds, conventional DHW and lighting).
    thresholds : sequence of str
        Programme thresholds (ids or aliases of ``data/thresholds.csv``).
    methods : sequence of str
        ``"thcex"`` and/or ``"iso52016"``.
    options : mapping, optional
        Method -> engine options (``ThcexOptions`` / ``Iso52016Options``); defaults otherwise.

    Notes
    -----
    Each engine runs once on the batch [design, as-built, lower, upper] × cases with its own
    conventions (the defaults of ``simulate_thcex`` / ``simulate_iso52016``, as in
    ``perfqual verifier``). Cep is monotonic in Q4Pa-surf (more infiltration, more heating), so
    the Cep at the bounds of the Q4Pa-surf interval bound the as-built Cep. The operation row is
    Σ n·E_p / Σ n·A over the typology cases (n dwellings each), as in the method comparison.
    """
    if not cases:
        raise InputError("aucun cas à recalculer")
    options = options or {}
    rows: list[dict[str, MethodAsBuilt]] = [{} for _ in cases]
    typ_idx = [i for i, c in enumerate(cases) if c.dwelling_id is None]
    op_methods: dict[str, MethodAsBuilt] = {}
    notes: list[str] = []
    batch = [b for c in cases for b in (c.design, *c.as_built)]
    for method in methods:
        res = _run_engine(method, batch, climate, zone, altitude_m, options.get(method))
        pe5, pe3, area = (x.reshape(len(cases), 4) for x in _scopes(res))
        kind = res[0].reference_area_kind
        notes.extend(a for r in res for a in r.assumptions)
        for i, c in enumerate(cases):
            rows[i][method], n = _method_row(pe5[i:i + 1], pe3[i:i + 1], area[i:i + 1], [1.0],
                                             thresholds, zone, altitude_m,
                                             c.design.heating.carrier, method, kind)
            notes.extend(n)
        if typ_idx:
            carriers = {cases[i].design.heating.carrier for i in typ_idx}
            op_methods[method], n = _method_row(
                pe5[typ_idx], pe3[typ_idx], area[typ_idx], [cases[i].weight for i in typ_idx],
                thresholds, zone, altitude_m,
                next(iter(carriers)) if len(carriers) == 1 else None, method, kind)
            notes.extend(n)
    out_rows = tuple(AsBuiltRow(c.key, c.typology, c.dwelling_id, c.weight, c.basis,
                                c.q4pa_surf_design, c.q4pa_surf_measured, rows[i])
                     for i, c in enumerate(cases))
    operation = None
    if typ_idx:
        operation = AsBuiltRow(OPERATION_KEY, None, None,
                               float(sum(cases[i].weight for i in typ_idx)),
                               "typologies pondérées par leur nombre de logements", None, None,
                               op_methods)
    return AsBuiltCep(scenario, zone, float(altitude_m), out_rows, operation,
                      tuple(dict.fromkeys(notes)))


def as_built_cases(
    operation: Operation, measured: MeasuredAirtightness, scenario_id: str
) -> list[AsBuiltCase]:
    """Cases of an operation: each tested dwelling, then every typology of the operation.

    A typology without a valid reception test keeps its design airtightness (said in
    ``basis``), so that the operation row covers every dwelling.
    """
    typology_of = {d.id: d.typology for d in operation.dwellings}
    cases = []
    for dwelling_id, air in sorted(measured.per_dwelling.items()):
        design = resolve_building(operation, typology_of[dwelling_id], scenario_id, dwelling_id)
        iv = measured.per_dwelling_interval.get(dwelling_id) or Interval(
            air.q4pa_surf_m3_per_h_m2, air.q4pa_surf_m3_per_h_m2, air.q4pa_surf_m3_per_h_m2)
        cases.append(as_built_case(dwelling_id, design, 1.0, "essai de réception", iv,
                                   air.flow_exponent))
    for typology in operation.typologies:
        design = resolve_building(operation, typology, scenario_id)
        n = max(len(operation.dwellings_of(typology)), 1)
        air = measured.per_typology.get(typology)
        if air is None:
            cases.append(as_built_case(f"typologie:{typology}", design, n,
                                       "aucun essai valide à la réception : valeur du programme"))
            continue
        iv = measured.per_typology_interval.get(typology) or Interval(
            air.q4pa_surf_m3_per_h_m2, air.q4pa_surf_m3_per_h_m2, air.q4pa_surf_m3_per_h_m2)
        cases.append(as_built_case(f"typologie:{typology}", design, n,
                                   measured.per_typology_basis[typology], iv, air.flow_exponent))
    return cases


def as_built_cep(
    operation: Operation, measured: MeasuredAirtightness, scenario_id: str,
    climate=None, thresholds: Sequence[str] | None = None, methods: Sequence[str] = METHODS,
) -> AsBuiltCep:
    """As-built Cep of the operation's programme with both methods (thin wrapper).

    Climate: the operation's (:func:`perfqual.climate.synthetic.climate_for_operation`) unless
    given; thresholds: the operation's targets (``objectifs``) unless given.
    """
    if climate is None:
        from perfqual.climate.synthetic import climate_for_operation

        climate = climate_for_operation(operation)
    ident = operation.identity
    return compute_as_built_cep(
        as_built_cases(operation, measured, scenario_id), climate, zone=ident.climate_zone,
        altitude_m=ident.altitude_m, thresholds=tuple(thresholds or ident.targets),
        scenario=scenario_id, methods=methods)
