"""Turn the gathered results of an operation into the pseudonymous rows of the store."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from perfqual import __version__
from perfqual.models.operation import INITIAL_STATE
from perfqual.store.gather import OK, OperationResults, wall_technique
from perfqual.store.record import (
    AirtightnessTestRow,
    ConsumptionFollowupRow,
    EnergyResultRow,
    MethodGapRow,
    MoistureVerdictRow,
    OperationRecord,
    OperationRow,
    SamplingCoverageRow,
    ScenarioRow,
    TenantGainRow,
    ThresholdCheckRow,
    TypologyRow,
    VentilationDwellingRow,
    WorksRecordRow,
)

UNJUDGED_PHASE = "avant_travaux"


def _data(results: OperationResults, key: str):
    section = results.sections.get(key)
    return section.data if section is not None and section.status == OK else None


def _digest(results: OperationResults) -> str:
    """SHA-256 of the operation file (to tell which input version was ingested)."""
    return hashlib.sha256(results.path.read_bytes()).hexdigest()[:16]


def _operation_row(results: OperationResults, now: dt.datetime) -> OperationRow:
    ident = results.operation.identity
    return OperationRow(
        operation_name=ident.name, bailleur=ident.bailleur, epci=ident.epci,
        commune=ident.commune, departement=ident.departement,
        climate_zone=str(ident.climate_zone), altitude_m=ident.altitude_m, phase=ident.phase,
        chosen_scenario=ident.chosen_scenario, n_dwellings=len(results.operation.dwellings),
        perfqual_version=__version__, ingested_at=now, source_digest=_digest(results))


def _identity_rows(results: OperationResults) -> dict:
    data = _data(results, "identite")
    return {
        "typologies": tuple(TypologyRow(
            typology=t["id"], form=t["form"], construction_year=t["year"], n_dwellings=t["n"],
            living_area_m2=t["shab_m2"], shon_rt_m2=t["shon_rt_m2"]) for t in data["typologies"]),
        "scenarios": tuple(ScenarioRow(
            scenario=s["id"], description=s["description"], measures=" + ".join(s["measures"]),
            wall_technique=s["technique"]) for s in data["scenarios"]),
    }


def _energy_result_row(res, climate_name: str) -> EnergyResultRow:
    return EnergyResultRow(
        typology=res.typology, scenario=res.scenario, method=res.method,
        conventions=res.conventions, reference_area_kind=res.reference_area_kind,
        reference_area_m2=res.reference_area_m2, cep_kwh_per_m2_year=res.cep_kwh_per_m2_year,
        cep_heat_cool_dhw_kwh_per_m2_year=res.cep_heat_cool_dhw_kwh_per_m2_year,
        heating_need_kwh=res.heating_need_kwh,
        heating_final_kwh=sum(res.final_energy_kwh.get("chauffage", {}).values()),
        climate_name=climate_name)


def _energy_rows(results: OperationResults) -> dict:
    """Both methods per typology × scenario, the gap and its decomposition, the checks.

    * ``energy_results``: one row per typology × scenario × method (the typology's
      :class:`~perfqual.models.results.EnergyResult` in the comparison);
    * ``method_gaps``: per typology × scenario, term ``total`` = Cep(EN ISO 52016-1) −
      Cep(Th-C-E ex) (sign of :mod:`perfqual.comparison`), and one term per Shapley factor
      (they add up to the total);
    * ``threshold_checks``: the typology-level checks of
      :func:`perfqual.store.gather.threshold_checks` (programme thresholds and Cepmax); the
      operation-level checks are not stored (they are the area-weighted mean of the typology
      rows, recomputable from ``energy_results`` and ``typologies``).
    """
    data = _data(results, "energie")
    if data is None:
        return {}
    cmp, climate = data["comparison"], data["climate"]
    energy, gaps = [], []
    for c in cmp.cases:
        energy += [_energy_result_row(c.thcex, climate), _energy_result_row(c.iso, climate)]
        gaps.append(MethodGapRow(typology=c.typology, scenario=c.scenario, term="total",
                                 gap_kwh_per_m2_year=c.gap_kwh_per_m2))
        gaps += [MethodGapRow(typology=c.typology, scenario=c.scenario, term=name,
                              gap_kwh_per_m2_year=value)
                 for name, value in c.shapley_kwh_per_m2.items()]
    checks = tuple(ThresholdCheckRow(
        typology=sc.typology, scenario=sc.scenario, method=sc.check.method,
        threshold_id=sc.check.threshold_id, value=sc.check.value, limit_value=sc.check.limit,
        unit=sc.check.unit, passed=sc.check.passed, source=sc.check.source)
        for sc in data["checks"] if sc.typology is not None)
    return {"energy_results": tuple(energy), "method_gaps": tuple(gaps),
            "threshold_checks": checks}


def _airtightness_rows(results: OperationResults) -> dict:
    data = _data(results, "etancheite")
    if data is None:
        return {}
    campaign = data["campaign"]
    chosen = results.chosen_scenario
    after = wall_technique(results.operation, chosen) if chosen else None
    tests = []
    for t in campaign.tests:
        a, j = t.analysis, t.judgement
        tests.append(AirtightnessTestRow(
            test_id=a.test.test_id, dwelling_id=t.dwelling_id, typology=t.typology,
            phase=t.phase, technique="etat_initial" if t.phase == UNJUDGED_PHASE else after,
            q4pa_surf_m3_per_h_m2=None if a.q4pa_surf_m3_per_h_m2 is None
            else a.q4pa_surf_m3_per_h_m2.value,
            n50_per_h=a.n50_per_h.value,
            target_indicator=None if j is None else j.indicator,
            target_value=None if j is None else j.target,
            status="non_juge" if j is None else j.status, is_valid=bool(a.is_valid),
            is_decisive=t.is_decisive))
    coverage = []
    if campaign.coverage is not None:
        coverage = [SamplingCoverageRow(
            purpose=campaign.coverage.plan.purpose, typology=c.typology,
            n_population=c.n_population, n_required=c.n_required, n_measured=c.n_measured,
            is_covered=c.is_covered) for c in campaign.coverage.typologies]
    return {"airtightness_tests": tuple(tests), "sampling_coverage": tuple(coverage)}


def _ventilation_rows(results: OperationResults) -> dict:
    data = _data(results, "ventilation")
    if data is None:
        return {}
    typology_of = {d.id: d.typology for d in results.operation.dwellings}
    return {"ventilation_dwellings": tuple(VentilationDwellingRow(
        dwelling_id=d.dwelling.dwelling_id,
        typology=d.dwelling.typology or typology_of[d.dwelling.dwelling_id],
        verdict=str(getattr(d.verdict, "value", d.verdict))) for d in data["report"].dwellings)}


def _moisture_rows(results: OperationResults) -> dict:
    data = _data(results, "humidite")
    if data is None:
        return {}
    rows = []
    for r in data["results"]:
        for a in r.assemblies:
            verdict = a.verdict if a.f_rsi_passed is not False else f"{a.verdict}+f_rsi_insuffisant"
            rows.append(MoistureVerdictRow(typology=r.typology, scenario=r.scenario,
                                           element=a.element, verdict=verdict))
        for j in r.junctions:
            rows.append(MoistureVerdictRow(typology=r.typology, scenario=r.scenario,
                                           element=f"liaison : {j.name}", verdict=j.verdict))
    return {"moisture_verdicts": tuple(rows)}


def _works_rows(results: OperationResults) -> dict:
    data = _data(results, "qualite")
    if data is None:
        return {}
    s = data["status"]
    return {"works_record": (WorksRecordRow(n_missing_items=len(s.missing),
                                            n_open_defects=len(s.open_defects),
                                            is_complete=s.is_complete),)}


def _tenant_rows(results: OperationResults) -> dict:
    typology_of = {d.id: d.typology for d in results.operation.dwellings}
    out = {}
    data = _data(results, "locataires")
    if data is not None:
        source = data["origin"].source_by_method
        q = Decimal("0.01")
        out["tenant_gains"] = tuple(TenantGainRow(
            tenant_id=b.tenant_id, typology=typology_of[b.dwelling_id], scenario=b.scenario,
            method=b.method, rent_change_eur_per_month=b.rent_change_eur_per_month.quantize(q),
            charges_fall_eur_per_month=b.charges_fall_eur_per_month.quantize(q),
            net_gain_eur_per_month=b.net_gain_eur_per_month.quantize(q),
            forecast_source=source.get(b.method)) for b in data["balances"])
    fu = _data(results, "suivi")
    if fu is not None:
        source = fu["origin"].source_by_method
        out["consumption_followup"] = tuple(ConsumptionFollowupRow(
            dwelling_id=r.dwelling_id, typology=typology_of[r.dwelling_id],
            scenario=fu["scenario"], method=r.method, season=r.season,
            forecast_heating_kwh=r.forecast_kwh, normalised_heating_kwh=r.normalised_kwh,
            degree_days_ref_k_day=r.reference_dd_k_day, forecast_source=source.get(r.method))
            for r in fu["rows"])
    return out


def record_from_results(results: OperationResults,
                        now: dt.datetime | None = None) -> OperationRecord:
    """The store rows of one operation (only pseudonymous ids; no name, address or income).

    Sections that are not available (``indisponible``) or without data contribute no row: the
    aggregates then count fewer operations, they never receive a placeholder value.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    rows: dict = {}
    for part in (_identity_rows, _energy_rows, _airtightness_rows, _ventilation_rows,
                 _moisture_rows, _works_rows, _tenant_rows):
        rows.update(part(results))
    return OperationRecord(op_id=results.op_id, operation=_operation_row(results, now), **rows)


__all__ = ["INITIAL_STATE", "record_from_results"]
