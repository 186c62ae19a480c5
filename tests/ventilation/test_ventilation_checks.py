"""Tests of the regulatory flows and verdict rules (core.ventilation_checks, qa.ventilation)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from perfqual.core.ventilation_checks import (
    MeasurementStatus,
    Position,
    RoomKind,
    SystemKind,
    Verdict,
    classify_against_limits,
    measurement_uncertainty,
    regulatory_minimum_flow,
    regulatory_minimum_total_base_flow,
)
from perfqual.errors import InputError, NotImplementedMethodError
from perfqual.io.ventilation import load_regulatory_flow_tables
from perfqual.models.ventilation import (
    DwellingVentilation,
    TerminalReading,
    UncertaintySettings,
    VentilationSettings,
    VerificationPoint,
)
from perfqual.qa.ventilation import judge_dwelling

FLOWS = load_regulatory_flow_tables().to_core()
AUTO = SystemKind.SELF_REGULATING

# Arrêté du 24 mars 1982, art. 3 (table as transcribed by Aldes, DOMAIN-NOTES C.4):
# pièces principales -> (cuisine, SdB, autre salle d'eau, WC unique, WC multiple) [m³/h]
ART3 = {1: (75, 15, 15, 15, 15), 2: (90, 15, 15, 15, 15), 3: (105, 30, 15, 15, 15),
        4: (120, 30, 15, 30, 15), 5: (135, 30, 15, 30, 15)}
# Art. 4 (etalab text): (total réduit, cuisine réduit, total minimal des systèmes modulés)
ART4 = {1: (35, 20, 10), 2: (60, 30, 10), 3: (75, 45, 15), 4: (90, 45, 20), 5: (105, 45, 25),
        6: (120, 45, 30), 7: (135, 45, 35)}


@pytest.mark.parametrize("rooms", sorted(ART3))
def test_art3_flows_reference(rooms):
    kitchen, bath, other, wc1, wcn = ART3[rooms]

    def q(room, position=Position.BOOST, n_wc=1):
        return regulatory_minimum_flow(FLOWS, AUTO, room, position, rooms, n_wc)[0]

    assert q(RoomKind.KITCHEN) == kitchen
    assert q(RoomKind.BATHROOM, Position.BASE) == bath
    assert q(RoomKind.BATHROOM_WC, Position.BASE) == bath  # SdB shared with WC -> SdB value
    assert q(RoomKind.OTHER_WET_ROOM, Position.BASE) == other
    assert q(RoomKind.WC, Position.BASE, n_wc=1) == wc1
    assert q(RoomKind.WC, Position.BASE, n_wc=2) == wcn


def test_art3_five_and_more_reference():
    for rooms in (6, 7, 9):
        value, _ = regulatory_minimum_flow(FLOWS, AUTO, RoomKind.KITCHEN, Position.BOOST, rooms, 1)
        assert value == 135


@pytest.mark.parametrize("rooms", sorted(ART4))
def test_art4_flows_reference(rooms):
    total, kitchen, modulated = ART4[rooms]
    assert regulatory_minimum_flow(FLOWS, AUTO, RoomKind.KITCHEN, Position.BASE, rooms, 1)[0] \
        == kitchen
    assert regulatory_minimum_total_base_flow(FLOWS, AUTO, rooms)[0] == total
    assert regulatory_minimum_total_base_flow(FLOWS, SystemKind.BALANCED, rooms)[0] == total
    assert regulatory_minimum_total_base_flow(FLOWS, SystemKind.HYGRO_B, rooms)[0] == modulated


def test_art4_beyond_seven_rooms_not_implemented():
    with pytest.raises(NotImplementedMethodError):
        regulatory_minimum_total_base_flow(FLOWS, AUTO, 8)


def test_hygro_rules():
    value, why = regulatory_minimum_flow(FLOWS, SystemKind.HYGRO_A, RoomKind.KITCHEN,
                                         Position.BOOST, 4, 1)
    assert value == 120 and "art. 3" in why
    value, why = regulatory_minimum_flow(FLOWS, SystemKind.HYGRO_B, RoomKind.BATHROOM,
                                         Position.BASE, 4, 1)
    assert value is None and "Avis Technique" in why
    value, _ = regulatory_minimum_flow(FLOWS, SystemKind.HYGRO_B, RoomKind.KITCHEN,
                                       Position.BOOST, 4, 1, hygro_kitchen_boost_art3=False)
    assert value is None


def test_uncertainty_analytic():
    assert_allclose(measurement_uncertainty(120.0, 0.10, 5.0), 12.0, rtol=1e-12)
    assert_allclose(measurement_uncertainty(30.0, 0.10, 5.0), 5.0, rtol=1e-12)
    assert_allclose(measurement_uncertainty(30.0, 0.10, 5.0, "somme"), 8.0, rtol=1e-12)
    with pytest.raises(InputError, match="combinaison"):
        measurement_uncertainty(1.0, 0.1, 1.0, "quadratique")


def test_classify_limits_analytic():
    assert classify_against_limits(80.0, 80.0, 160.0, 0.0) is MeasurementStatus.CONFORMING
    assert classify_against_limits(75.0, 80.0, 160.0, 5.0) is \
        MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY
    assert classify_against_limits(74.9, 80.0, 160.0, 5.0) is MeasurementStatus.TOO_LOW
    assert classify_against_limits(165.0, 80.0, 160.0, 5.0) is \
        MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY
    assert classify_against_limits(165.1, 80.0, 160.0, 5.0) is MeasurementStatus.TOO_HIGH
    with pytest.raises(InputError):
        classify_against_limits(1.0, 5.0, 2.0, 0.0)


# --------------------------------------------------------------------------- verdict reasons
def _dwelling(system=AUTO, rooms=3, n_wc=None):
    return DwellingVentilation(dwelling_id="D1", typology="T", n_main_rooms=rooms,
                               system=system, n_wc=n_wc)


def _flow(terminal, room, position, value, **kw):
    return TerminalReading(dwelling_id="D1", terminal_id=terminal, room=room,
                           terminal_kind=kw.pop("kind", "extraction"), position=position,
                           quantity="debit", measured_m3_per_h=value, **kw)


def _pressure(terminal, room, position, value, low=80.0, high=160.0, **kw):
    return TerminalReading(dwelling_id="D1", terminal_id=terminal, room=room,
                           terminal_kind="extraction", position=position, quantity="pression",
                           measured_pa=value, range_min_pa=low, range_max_pa=high, **kw)


def _good_auto(kitchen_base=45.0, kitchen_boost=105.0, bath=30.0, wc=15.0):
    return [_flow("K", "cuisine", "base", kitchen_base), _flow("K", "cuisine", "pointe",
                                                                kitchen_boost),
            _flow("S", "salle_de_bain", "base", bath), _flow("W", "wc", "base", wc)]


def _point(status="conforme", mandatory=True, code="BE-etat"):
    return VerificationPoint(dwelling_id="D1", code=code, is_mandatory=mandatory, status=status)


def _judge(readings, points=(), dwelling=None, settings=None):
    return judge_dwelling(dwelling or _dwelling(), readings, list(points), FLOWS,
                          settings or VentilationSettings())


def test_conforming_dwelling_regression():
    r = _judge(_good_auto(), [_point()])
    assert r.verdict is Verdict.CONFORMING and r.reasons == ()
    # total base = 45 + 30 + 15 = 90 ≥ 75 (art. 4, 3 pièces principales)
    assert [f.status for f in r.dwelling_findings if f.code == "debit_total"] == [
        MeasurementStatus.CONFORMING]


def test_reason_flow_below_regulatory_minimum():
    r = _judge(_good_auto(kitchen_boost=100.0), [_point()])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("minimum 105" in x and "art. 3" in x for x in r.reasons)


def test_reason_kitchen_base_below_art4():
    r = _judge(_good_auto(kitchen_base=40.0), [_point()])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("art. 4" in x and "minimum 45" in x for x in r.reasons)


def test_reason_flow_below_design():
    readings = _good_auto()
    readings[1] = _flow("K", "cuisine", "pointe", 110.0, design_flow_m3_per_h=120.0)
    r = _judge(readings, [_point()])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("débit de conception" in x for x in r.reasons)


def test_reason_flow_above_product_range():
    readings = _good_auto()
    readings[3] = _flow("W", "wc", "base", 40.0, range_min_m3_per_h=10.0,
                        range_max_m3_per_h=30.0)
    r = _judge(readings, [_point()])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("maximum 30" in x and "plage de fonctionnement" in x for x in r.reasons)


def test_reason_pressure_out_of_range_low_and_high():
    hygro = _dwelling(SystemKind.HYGRO_B)
    base = [_pressure("K", "cuisine", "base", 120.0), _flow("K", "cuisine", "pointe", 110.0),
            _pressure("S", "salle_de_bain", "base", 60.0), _pressure("W", "wc", "base", 190.0)]
    r = _judge(base, [_point()], hygro)
    assert r.verdict is Verdict.NON_CONFORMING
    text = " ".join(r.reasons)
    assert "pression mesurée 60 Pa" in text and "sous le minimum 80 Pa" in text
    assert "au-dessus du maximum 160 Pa" in text


def test_reason_within_uncertainty_is_conforming_with_note():
    hygro = _dwelling(SystemKind.HYGRO_B)
    readings = [_pressure("K", "cuisine", "base", 120.0), _flow("K", "cuisine", "pointe", 110.0),
                _pressure("S", "salle_de_bain", "base", 76.0)]
    r = _judge(readings, [_point()], hygro)
    assert r.verdict is Verdict.CONFORMING
    assert any("grâce à l'incertitude" in n for n in r.notes)
    strict = VentilationSettings(uncertainty=UncertaintySettings(pressure_rel_frac=0.0,
                                                                 pressure_abs_pa=0.0))
    assert _judge(readings, [_point()], hygro, strict).verdict is Verdict.NON_CONFORMING


def test_reason_design_flow_below_regulation_under_pressure():
    readings = [_pressure("K", "cuisine", "base", 120.0, design_flow_m3_per_h=45.0),
                _pressure("K", "cuisine", "pointe", 120.0, design_flow_m3_per_h=90.0),
                _pressure("S", "salle_de_bain", "base", 120.0, design_flow_m3_per_h=30.0),
                _pressure("W", "wc", "base", 120.0, design_flow_m3_per_h=15.0)]
    r = _judge(readings, [_point()])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("débit de conception 90 m³/h" in x for x in r.reasons)


def test_reason_total_base_flow_below_art4():
    # 4 pièces principales, autoréglable: total ≥ 90; 45 + 30 + 10 = 85 (WC at 10 < 30 too)
    readings = _good_auto(kitchen_boost=120.0, wc=10.0)
    r = _judge(readings, [_point()], _dwelling(rooms=4))
    assert any("débit total extrait mesuré" in x and "minimum de 90" in x for x in r.reasons)


def test_reason_not_measurable_reading():
    readings = _good_auto()
    readings[3] = TerminalReading(dwelling_id="D1", terminal_id="W", room="wc",
                                  terminal_kind="extraction", position="base", quantity="debit",
                                  not_measurable_reason="bouche inaccessible")
    r = _judge(readings, [_point()])
    assert r.verdict is Verdict.NOT_MEASURABLE
    assert any("bouche inaccessible" in x for x in r.reasons)


def test_reason_no_reference_to_judge():
    hygro = _dwelling(SystemKind.HYGRO_B)
    readings = [_pressure("K", "cuisine", "base", 120.0), _flow("K", "cuisine", "pointe", 110.0),
                _flow("S", "salle_de_bain", "base", 30.0)]
    r = _judge(readings, [_point()], hygro)
    assert r.verdict is Verdict.NOT_MEASURABLE
    assert any("non jugeable" in x for x in r.reasons)


def test_reason_missing_kitchen_and_missing_boost():
    hygro = _dwelling(SystemKind.HYGRO_B)  # total floor 15 m³/h: only the kitchen is missing
    r = _judge([_flow("S", "salle_de_bain", "base", 30.0, design_flow_m3_per_h=30.0)],
               [_point()], hygro)
    assert r.verdict is Verdict.NOT_MEASURABLE
    assert any("aucune bouche d'extraction de cuisine" in x for x in r.reasons)
    readings = _good_auto()
    del readings[1]
    r = _judge(readings, [_point()])
    assert any("débit de pointe de la cuisine non relevé" in x for x in r.reasons)


def test_reason_mandatory_point_failed_overrides_everything():
    r = _judge(_good_auto(), [_point("non_conforme")])
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("point BE-etat obligatoire non conforme" in x for x in r.reasons)


def test_reason_mandatory_point_not_verifiable_and_optional_point():
    r = _judge(_good_auto(), [_point("non_verifiable")])
    assert r.verdict is Verdict.NOT_MEASURABLE
    r = _judge(_good_auto(), [_point("non_conforme", mandatory=False)])
    assert r.verdict is Verdict.CONFORMING
    assert any("facultatif non conforme" in n for n in r.notes)


def test_no_points_gives_a_note():
    r = _judge(_good_auto())
    assert any("aucun point de vérification" in n for n in r.notes)


def test_wc_multiple_counted_with_bathroom_wc():
    # 4 pièces principales: WC unique 30, WC multiple 15 each; a WC + a SdB/WC = multiple.
    readings = _good_auto(kitchen_boost=120.0, wc=15.0) + [
        _flow("S2", "salle_de_bain_wc", "base", 30.0)]
    r = _judge(readings, [_point()], _dwelling(rooms=4))
    wc = [rr for t in r.terminals if t.terminal_id == "W" for rr in t.readings][0]
    assert wc.required_min_m3_per_h == 15.0
    assert r.verdict is Verdict.CONFORMING


def test_balanced_supply_terminal():
    dwelling = _dwelling(SystemKind.BALANCED)
    readings = _good_auto() + [_flow("S1", "sejour", "base", 50.0, kind="soufflage",
                                     design_flow_m3_per_h=60.0)]
    r = _judge(readings, [_point()], dwelling)
    assert r.verdict is Verdict.NON_CONFORMING
    assert any("séjour" in x and "conception" in x for x in r.reasons)
