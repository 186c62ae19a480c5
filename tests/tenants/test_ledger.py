"""Money: rounding rule (half up to the cent), parsing, useful area and rent cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfqual.errors import InputError
from perfqual.finance.ledger import (
    energy_cost_eur,
    format_eur,
    monthly_eur,
    parse_money,
    round_cent,
)
from perfqual.finance.surface import (
    living_area_after_interior_insulation_m2,
    rent_cap_eur_per_month,
    useful_area_m2,
)


def test_round_half_up_at_ties_analytic():
    # Half-even would give 0.12 and 0.02: the documented rule is half up.
    assert round_cent(Decimal("0.125")) == Decimal("0.13")
    assert round_cent(Decimal("0.015")) == Decimal("0.02")
    assert round_cent(Decimal("-0.125")) == Decimal("-0.13")


def test_energy_cost_and_monthly_analytic():
    assert energy_cost_eur(1.0, Decimal("0.125")) == Decimal("0.13")
    assert energy_cost_eur(11111.0, Decimal("0.1073")) == Decimal("1192.21")  # 1192.2103
    assert monthly_eur(Decimal("0.30")) == Decimal("0.03")  # 0.025 -> 0.03
    assert monthly_eur(Decimal("404.35")) == Decimal("33.70")  # 33.6958…


def test_float_enters_through_its_repr_analytic():
    # 0.1 kWh × 1 €/kWh must be 0.10 exactly, not 0.1000000000000000055…
    assert energy_cost_eur(0.1, Decimal("1")) == Decimal("0.10")


@pytest.mark.parametrize("text, expected", [
    ("612,40", "612.40"), ("1 234,56 €", "1234.56"), ("-3,5", "-3.5"), ("1\u202f000", "1000"),
])
def test_parse_money(text, expected):
    assert parse_money(text, "ici") == Decimal(expected)


def test_parse_money_refuses_sub_cent_and_text():
    with pytest.raises(InputError, match="au centime"):
        parse_money("12,345", "fichier.csv, ligne 3")
    assert parse_money("0,10525", "x", max_decimals=None) == Decimal("0.10525")
    with pytest.raises(InputError, match="n'est pas un montant"):
        parse_money("douze", "x")
    with pytest.raises(InputError, match="n'est pas un montant"):
        parse_money("NaN", "x")


def test_format_eur():
    assert format_eur(Decimal("1234567.891")) == "1\u202f234\u202f567,89"


def test_useful_area_analytic():
    assert useful_area_m2(62.0, 9.0) == 66.5
    assert useful_area_m2(62.0, 20.0, annex_half_cap_m2=8.0) == 70.0
    assert useful_area_m2(62.0) == 62.0
    with pytest.raises(InputError):
        useful_area_m2(0.0, 3.0)


def test_interior_insulation_area_analytic():
    # 11.3 cm lining on 22.4 m of façade: 68 − 2.5312 m².
    assert living_area_after_interior_insulation_m2(68.0, 0.113, 22.4) == pytest.approx(
        65.4688, rel=1e-12)
    with pytest.raises(InputError, match="annule"):
        living_area_after_interior_insulation_m2(10.0, 0.5, 30.0)


def test_rent_cap_analytic():
    # 5.55 €/m² is the official example of DOMAIN-NOTES E.1 (annexe 8) with the local margin;
    # SU = 66 m² -> 366.30 €/month (exact product).
    assert rent_cap_eur_per_month(66.0, Decimal("5.55")) == Decimal("366.30")
    # Tie: 66.5 × 5.55 = 369.075 -> 369.08 (half up).
    assert rent_cap_eur_per_month(66.5, Decimal("5.55")) == Decimal("369.08")
