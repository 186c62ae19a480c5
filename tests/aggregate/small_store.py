"""A small hand-built store (three operations, two EPCIs) whose aggregates are computed by hand.

The hand computations are written next to the assertions in ``test_rex_aggregates.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfqual.store.record import (
    AirtightnessTestRow,
    ConsumptionFollowupRow,
    MethodGapRow,
    OperationRecord,
    OperationRow,
    ScenarioRow,
    TenantGainRow,
    ThresholdCheckRow,
    TypologyRow,
    VentilationDwellingRow,
)

NOW = dt.datetime(2027, 1, 1, 12, 0, 0)
LENS = "CA de Lens-Liévin"
DOUAI = "CA du Douaisis"


def _op(name: str, epci: str, n: int) -> OperationRow:
    return OperationRow(operation_name=name, bailleur="Bailleur test", epci=epci,
                        commune="Testville", departement="62", climate_zone="H1a",
                        altitude_m=40.0, phase="exploitation", chosen_scenario=None,
                        n_dwellings=n, perfqual_version="test", ingested_at=NOW,
                        source_digest="0")


def _typ(tid: str, form: str) -> TypologyRow:
    return TypologyRow(typology=tid, form=form, construction_year=1925, n_dwellings=2,
                       living_area_m2=70.0, shon_rt_m2=84.0)


def _sc(sid: str, tech: str) -> ScenarioRow:
    return ScenarioRow(scenario=sid, description=None, measures="", wall_technique=tech)


def _gap(t, s, v, term="total"):
    return MethodGapRow(typology=t, scenario=s, term=term, gap_kwh_per_m2_year=v)


def _chk(t, s, m, th, passed):
    return ThresholdCheckRow(typology=t, scenario=s, method=m, threshold_id=th, value=100.0,
                             limit_value=150.0, unit="kWhep/(m²·an)", passed=passed, source="x")


def _bd(tid, d, t, phase, tech, q4, target, status, valid=True, decisive=True, n50=None,
        indicator="q4pa_surf"):
    return AirtightnessTestRow(
        test_id=tid, dwelling_id=d, typology=t, phase=phase, technique=tech,
        q4pa_surf_m3_per_h_m2=q4, n50_per_h=n50,
        target_indicator=indicator if target is not None else None, target_value=target,
        status=status, is_valid=valid, is_decisive=decisive)


def _vent(d, t, v):
    return VentilationDwellingRow(dwelling_id=d, typology=t, verdict=v)


def _fu(d, t, s, m, forecast, measured):
    return ConsumptionFollowupRow(dwelling_id=d, typology=t, scenario=s, method=m,
                                  season="2027-2028", forecast_heating_kwh=forecast,
                                  normalised_heating_kwh=measured, degree_days_ref_k_day=2500.0)


def _gain(tenant, t, s, m, net):
    return TenantGainRow(tenant_id=tenant, typology=t, scenario=s, method=m,
                         rent_change_eur_per_month=Decimal("10.00"),
                         charges_fall_eur_per_month=Decimal(net) + Decimal("10.00"),
                         net_gain_eur_per_month=Decimal(net))


def record_a() -> OperationRecord:
    """Operation A (Lens-Liévin): corons and semi-detached houses, ITE programme."""
    return OperationRecord(
        op_id="op-a", operation=_op("Opération A", LENS, 5),
        typologies=(_typ("coron", "coron_en_bande"), _typ("jum", "maison_jumelee")),
        scenarios=(_sc("etat_initial", "etat_initial"), _sc("v1", "ITE")),
        method_gaps=(_gap("coron", "v1", 10.0), _gap("jum", "v1", 20.0),
                     _gap("coron", "etat_initial", 30.0),
                     _gap("coron", "v1", 4.0, "climat"), _gap("coron", "v1", 6.0, "conventions")),
        threshold_checks=(
            _chk("coron", "v1", "iso52016", "erbm_150", True),
            _chk("coron", "v1", "thcex", "erbm_150", True),
            _chk("coron", "v1", "iso52016", "bbc_renovation", False),
            _chk("coron", "v1", "thcex", "bbc_renovation", True),
            _chk("jum", "v1", "iso52016", "erbm_150", True),
            _chk("jum", "v1", "thcex", "erbm_150", False),
        ),
        airtightness_tests=(
            _bd("t1", "C1", "coron", "reception", "ITE", 1.2, 1.7, "conforme"),
            _bd("t2", "C2", "coron", "reception", "ITE", 2.0, 1.7, "non_conforme"),
            _bd("t3", "C2", "coron", "reception", "ITE", 2.5, 1.7, "non_conforme",
                decisive=False),
            _bd("t4", "C3", "coron", "avant_travaux", "etat_initial", 3.0, None, "non_juge"),
            _bd("t5", "J1", "jum", "pendant_travaux", "ITE", 1.6, 1.7, "indetermine"),
        ),
        ventilation_dwellings=(_vent("C1", "coron", "conforme"),
                               _vent("C2", "coron", "non_conforme"),
                               _vent("J1", "jum", "conforme")),
        consumption_followup=(
            _fu("C1", "coron", "v1", "iso52016", 9000.0, 10000.0),
            _fu("C1", "coron", "v1", "thcex", 12000.0, 10000.0),
            _fu("C2", "coron", "v1", "iso52016", 10000.0, 8000.0),
            _fu("C2", "coron", "v1", "thcex", 8400.0, 8000.0),
        ),
        tenant_gains=(_gain("L1", "coron", "v1", "iso52016", "10.00"),
                      _gain("L1", "coron", "v1", "thcex", "5.00"),
                      _gain("L2", "coron", "v1", "iso52016", "-3.00"),
                      _gain("L2", "coron", "v1", "thcex", "-1.00")),
    )


def record_b() -> OperationRecord:
    """Operation B (Lens-Liévin): corons, ITE programme."""
    return OperationRecord(
        op_id="op-b", operation=_op("Opération B", LENS, 2),
        typologies=(_typ("coron", "coron_en_bande"),),
        scenarios=(_sc("etat_initial", "etat_initial"), _sc("s1", "ITE")),
        method_gaps=(_gap("coron", "s1", 14.0),),
        threshold_checks=(_chk("coron", "s1", "iso52016", "erbm_150", True),
                          _chk("coron", "s1", "thcex", "erbm_150", True)),
        airtightness_tests=(
            _bd("t6", "B1", "coron", "reception", "ITE", 1.0, 1.7, "conforme"),
            _bd("t7", "B2", "coron", "reception", "ITE", 1.5, 1.7, "essai_non_valide",
                valid=False),
        ),
        ventilation_dwellings=(_vent("B1", "coron", "non_mesurable"),
                               _vent("B2", "coron", "conforme")),
        consumption_followup=(_fu("B1", "coron", "s1", "iso52016", 5500.0, 5000.0),
                              _fu("B1", "coron", "s1", "thcex", 4500.0, 5000.0)),
        tenant_gains=(_gain("L3", "coron", "s1", "iso52016", "20.00"),
                      _gain("L3", "coron", "s1", "thcex", "15.00")),
    )


def record_c() -> OperationRecord:
    """Operation C (Douaisis): a small block of flats, ITI programme."""
    return OperationRecord(
        op_id="op-c", operation=_op("Opération C", DOUAI, 2),
        typologies=(_typ("pc", "petit_collectif"),),
        scenarios=(_sc("etat_initial", "etat_initial"), _sc("v", "ITI")),
        method_gaps=(_gap("pc", "v", -6.0),),
        threshold_checks=(_chk("pc", "v", "iso52016", "bbc_renovation", False),
                          _chk("pc", "v", "thcex", "bbc_renovation", False),
                          _chk("pc", "v", "iso52016", "erbm_150", True)),
        airtightness_tests=(
            _bd("t8", "P1", "pc", "reception", "ITI", None, 2.0, "conforme", n50=1.5,
                indicator="n50"),
        ),
        ventilation_dwellings=(_vent("P1", "pc", "conforme"), _vent("P2", "pc", "conforme")),
        consumption_followup=(_fu("P1", "pc", "v", "iso52016", 4400.0, 4000.0),
                              _fu("P1", "pc", "v", "thcex", 6000.0, 4000.0),
                              _fu("P2", "pc", "v", "iso52016", 3000.0, 0.0),
                              _fu("P2", "pc", "v", "thcex", 3000.0, 0.0)),
        tenant_gains=(_gain("L4", "pc", "v", "iso52016", "0.00"),
                      _gain("L4", "pc", "v", "thcex", "-2.50")),
    )


def small_store(path) -> None:
    """Ingest the three operations into a new store at ``path``."""
    from perfqual.store.db import ingest

    for rec in (record_a(), record_b(), record_c()):
        ingest(path, rec)
