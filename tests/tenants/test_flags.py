"""Each flag of the approval check, and the 3e ligne limits read from the data table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfqual.errors import InputError, NotImplementedMethodError
from perfqual.finance.balance import balance_tenant
from perfqual.finance.troisieme_ligne import (
    Eligibility,
    check_eligibility,
    get_regime,
    load_table,
)
from perfqual.qa.tenants import tenant_flags

from .helpers import TARIFFS, forecast, record

ELIGIBLE = Eligibility(True, "test", "test")
REGIME = get_regime("parc_social")
RULE = load_table().eligibility_rules["r442_27_2009"]


def _codes(rec, method="thcex", eligibility=ELIGIBLE, regime=REGIME):
    b = balance_tenant(rec, forecast(), TARIFFS, ("D1",), "apres", method)
    return {f.code: f for f in tenant_flags([b], regime, eligibility)}


def test_reference_tenant_flags():
    # thcex: rent 420.00 > cap 411.75 (blocking) and the cap fell by 15.25 (information).
    flags = _codes(record())
    assert set(flags) == {"LOYER_AU_DESSUS_DU_PLAFOND", "PLAFOND_REDUIT"}
    assert flags["LOYER_AU_DESSUS_DU_PLAFOND"].is_blocking
    assert flags["LOYER_AU_DESSUS_DU_PLAFOND"].limit == "411,75"
    assert not flags["PLAFOND_REDUIT"].is_blocking
    assert "15,25 €/mois" in flags["PLAFOND_REDUIT"].message_fr


def test_no_flag_when_all_is_right():
    rec = record(rent_after_eur_per_month=Decimal("410.00"), useful_area_after_m2=70.0)
    assert _codes(rec) == {}


def test_rise_not_covered_and_loss():
    # iso52016: fall 22.66 ; rise 20 + 10 = 30.00 ≥ 22.66 ; gain −2.84
    flags = _codes(record(useful_area_after_m2=70.0), method="iso52016")
    assert {"HAUSSE_NON_COUVERTE", "PERTE_POUVOIR_ACHAT"} <= set(flags)
    assert flags["HAUSSE_NON_COUVERTE"].value == "30,00"
    assert flags["HAUSSE_NON_COUVERTE"].limit == "22,66"
    assert flags["PERTE_POUVOIR_ACHAT"].value == "-2,84"


def test_rise_equal_to_fall_is_flagged_boundary():
    # The rule asks the rise to stay strictly below the fall: 23.70 + 10 = 33.70 is flagged.
    rec = record(rent_after_eur_per_month=Decimal("423.70"), useful_area_after_m2=70.0,
                 rent_cap_eur_per_m2_month=Decimal("7"), housing_benefit_change_eur_per_month=0)
    flags = _codes(rec)
    assert "HAUSSE_NON_COUVERTE" in flags
    assert "PERTE_POUVOIR_ACHAT" not in flags  # gain exactly 0.00


def test_contribution_share():
    # fall 33.70 ; 50 % = 16.85 ; 16.85 passes, 16.86 does not.
    ok = record(contribution_eur_per_month=Decimal("16.85"), useful_area_after_m2=70.0,
                rent_after_eur_per_month=Decimal("400.00"))
    assert "TROISIEME_LIGNE_PART" not in _codes(ok)
    over = record(contribution_eur_per_month=Decimal("16.86"), useful_area_after_m2=70.0,
                  rent_after_eur_per_month=Decimal("400.00"))
    flag = _codes(over)["TROISIEME_LIGNE_PART"]
    assert flag.limit == "16,85"  # 0.5 × 33.70, exact at the cent
    assert "analogie" in flag.message_fr  # social-sector cap unconfirmed: said in the output


def test_contribution_duration_and_private_regime_source():
    rec = record(contribution_duration_months=181, useful_area_after_m2=70.0)
    assert "TROISIEME_LIGNE_DUREE" in _codes(rec)
    assert "TROISIEME_LIGNE_DUREE" not in _codes(record(contribution_duration_months=180))
    private = _codes(rec, regime=get_regime("parc_prive_2021"))["TROISIEME_LIGNE_DUREE"]
    assert "analogie" not in private.message_fr


def test_contribution_eligibility():
    rec = record(useful_area_after_m2=70.0)
    unknown = _codes(rec, eligibility=Eligibility(None, "rien fourni", "src"))
    message = unknown["TROISIEME_LIGNE_ELIGIBILITE"].message_fr
    assert "éligibilité des travaux non démontrée" in message
    refused = _codes(rec, eligibility=Eligibility(False, "Cep trop haut", "src"))
    assert "non éligibles" in refused["TROISIEME_LIGNE_ELIGIBILITE"].message_fr
    no_contribution = record(contribution_eur_per_month=Decimal("0"), useful_area_after_m2=70.0)
    assert "TROISIEME_LIGNE_ELIGIBILITE" not in _codes(
        no_contribution, eligibility=Eligibility(False, "x", "y"))


def test_data_table_loads_with_sources():
    table = load_table()
    assert set(table.regimes) == {"parc_prive_2021", "parc_social"}
    assert REGIME.max_share_of_saving_frac == Decimal("0.5")
    assert REGIME.max_duration_months == 180
    assert REGIME.max_share_confidence == "ANALOGIE"
    with pytest.raises(InputError, match="régimes"):
        get_regime("inconnu")


def test_eligibility_by_actions():
    assert check_eligibility(RULE, ("isolation_murs", "parois_vitrees")).is_eligible
    one = check_eligibility(RULE, ("isolation_murs", "isolation_murs"))
    assert one.is_eligible is None  # duplicates count once; no Cep given
    with pytest.raises(InputError, match="action"):
        check_eligibility(RULE, ("isolation_murs", "peinture"))


@pytest.mark.parametrize("before, after, expected", [
    (320.0, 195.0, True),    # before ≥ 180 × 1.3 = 234 -> after ≤ 150 × 1.3 = 195
    (320.0, 195.1, False),
    (234.0, 195.0, True),    # boundary of the "high" branch
    (233.9, 104.0, True),    # else after ≤ 80 × 1.3 = 104
    (233.9, 104.1, False),
])
def test_eligibility_by_cep_analytic(before, after, expected):
    res = check_eligibility(RULE, (), before, after, climate_zone="H1a", altitude_m=45.0)
    assert res.is_eligible is expected


def test_eligibility_cep_limits():
    with pytest.raises(NotImplementedMethodError, match="altitude"):
        check_eligibility(RULE, (), 300.0, 100.0, climate_zone="H1a", altitude_m=650.0)
    with pytest.raises(InputError, match="zone"):
        check_eligibility(RULE, (), 300.0, 100.0, climate_zone="Z9", altitude_m=50.0)
