"""Tests of the threshold table and checks (perfqual.qa.thresholds)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from perfqual.errors import InputError
from perfqual.qa import thresholds as t

A = {"H1a": 1.3, "H1b": 1.3, "H1c": 1.2, "H2a": 1.1, "H2b": 1.0, "H2c": 0.9, "H2d": 0.9,
     "H3": 0.8}
B = {10.0: 0.0, 400.0: 0.0, 400.5: 0.1, 650.0: 0.1, 800.0: 0.1, 801.0: 0.2, 1500.0: 0.2}


def test_table_loads_through_its_model():
    rows = t.load_thresholds()
    assert len({r.id for r in rows}) == len(rows)
    assert all(r.source for r in rows)


@pytest.mark.parametrize("zone", list(A))
@pytest.mark.parametrize("altitude", list(B))
def test_bbc_renovation_every_zone_and_band_reference(zone, altitude):
    # 80 × (a + b): a by zone, b by altitude band (thresholds.source.md); exact arithmetic.
    limit, _ = t.limit_value("bbc_renovation", zone, altitude)
    assert_allclose(limit, 80.0 * (A[zone] + B[altitude]), rtol=1e-12)
    hpe, _ = t.limit_value("hpe", zone, altitude)
    assert_allclose(hpe, 150.0 * (A[zone] + B[altitude]), rtol=1e-12)


def test_bbc_named_values_reference():
    assert_allclose(t.limit_value("104", "H1a", 45.0)[0], 104.0, rtol=1e-12)
    assert_allclose(t.limit_value("bbc", "H1a", 600.0)[0], 112.0, rtol=1e-12)  # 80 × (1.3 + 0.1)


def test_fixed_programmes_and_check_fields():
    c = t.check("150", 151.0, zone="H1a", altitude_m=45.0, method="thcex")
    assert (c.limit, c.passed, c.method, c.threshold_id) == (150.0, False, "thcex", "erbm_150")
    assert_allclose(c.margin, -1.0, rtol=1e-12)
    assert c.source and c.unit.startswith("kWhep")
    assert t.check("130", 130.0, zone="H1a", altitude_m=45.0, method="x").passed  # ≤


@pytest.mark.parametrize(("zone", "energy", "date", "expected"), [
    ("H1a", "gaz", "2024-01-01", 130), ("H2b", "fioul", "2024-01-01", 110),
    ("H3", "bois", "2024-01-01", 80), ("H1c", "electricite", "2024-01-01", 165),
    ("H2a", "reseau_chaleur", "2024-01-01", 145), ("H3", "electricite", "2024-01-01", 115),
    ("H1a", "electricite", "2009-06-01", 195), ("H2d", "electricite", "2009-06-01", 175),
    ("H3", "electricite", "2009-12-31", 145),
])
def test_cepmax_table_reference(zone, energy, date, expected):
    import datetime as dt

    limit, row = t.limit_value("cepmax", zone, 100.0, energy, dt.date.fromisoformat(date))
    assert limit == expected
    assert row.scope == "cep_ch_fr_ecs"


@pytest.mark.parametrize(("e", "g", "zone", "alt", "expected"), [
    (69.9, 5.9, "H1a", 45, ("A", "A", "A")), (70.0, 6.0, "H1a", 45, ("B", "B", "B")),
    (109.9, 30.0, "H1a", 45, ("B", "D", "D")), (419.0, 99.0, "H1a", 45, ("F", "F", "F")),
    (420.0, 100.0, "H1a", 45, ("G", "G", "G")), (450.0, 105.0, "H1b", 900, ("F", "F", "F")),
    (450.0, 105.0, "H1a", 900, ("G", "G", "G")),
])
def test_dpe_classes_reference(e, g, zone, alt, expected):
    c = t.dpe_class(e, g, zone, alt)
    assert (c["energie"], c["ges"], c["dpe"]) == expected


def test_invalid_inputs():
    with pytest.raises(InputError, match="zone climatique"):
        t.coefficient_a("H4")
    with pytest.raises(InputError, match="altitude"):
        t.coefficient_b(9000.0)
    with pytest.raises(InputError, match="inconnu"):
        t.check("999", 10.0, zone="H1a", altitude_m=0.0, method="x")
    with pytest.raises(InputError, match="énergie de chauffage"):
        t.limit_value("cepmax", "H1a", 0.0, "charbon_de_bois")
