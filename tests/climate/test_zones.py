"""Département → zone table (arrêté du 26 octobre 2010, annexe I) and altitude classes."""

from __future__ import annotations

import pytest

from perfqual.climate.zones import (
    OVERSEAS_DEPARTEMENTS,
    ZONES,
    altitude_class,
    departement_table,
    normalise_departement,
    zone_for_departement,
)
from perfqual.errors import InputError

# Independent transcription of annexe I, zone by zone (research note, §1), to check the
# packaged CSV against.
ANNEX_I_BY_ZONE = {
    "H1a": "02 14 27 28 59 60 61 62 75 76 77 78 80 91 92 93 94 95",
    "H1b": "08 10 45 51 52 54 55 57 58 67 68 70 88 89 90",
    "H1c": "01 03 05 15 19 21 23 25 38 39 42 43 63 69 71 73 74 87",
    "H2a": "22 29 35 50 56",
    "H2b": "16 17 18 36 37 41 44 49 53 72 79 85 86",
    "H2c": "09 12 24 31 32 33 40 46 47 64 65 81 82",
    "H2d": "04 07 26 48 84",
    "H3": "06 11 13 2A 2B 30 34 66 83",
}


def test_all_96_metropolitan_departements_reference():
    expected = {d: z for z, deps in ANNEX_I_BY_ZONE.items() for d in deps.split()}
    assert len(expected) == 96
    assert set(departement_table()) == set(expected)
    for dep, zone in expected.items():
        assert zone_for_departement(dep) == zone, dep


def test_zone_counts_reference():
    counts = {z: 0 for z in ZONES}
    for _, zone in departement_table().values():
        counts[zone] += 1
    assert counts == {"H1a": 18, "H1b": 15, "H1c": 18, "H2a": 5, "H2b": 13, "H2c": 13,
                      "H2d": 5, "H3": 9}


@pytest.mark.parametrize("dep", ["59", "62", 59, 62, "Nord", "Pas-de-Calais", "pas de calais"])
def test_mining_basin_is_h1a(dep):
    assert zone_for_departement(dep) == "H1a"


@pytest.mark.parametrize(("text", "code"), [("1", "01"), (1, "01"), ("01", "01"), ("2a", "2A"),
                                            (" 2B ", "2B"), ("Puy-de-Dôme", "63"),
                                            ("puy de dome", "63")])
def test_normalise_departement(text, code):
    assert normalise_departement(text) == code


@pytest.mark.parametrize("dep", ["99", "00", "20", "abc", "", "975"])
def test_unknown_departement_error(dep):
    with pytest.raises(InputError, match="n'est pas un département français connu"):
        zone_for_departement(dep)


@pytest.mark.parametrize("dep", sorted(OVERSEAS_DEPARTEMENTS))
def test_overseas_departements_refused(dep):
    with pytest.raises(InputError, match="hors du champ"):
        zone_for_departement(dep)


def test_unknown_departement_is_a_value_error_for_pydantic():
    # The operation model calls zone_for_departement inside a validator: the error must be a
    # ValueError so that pydantic reports it with the field path.
    with pytest.raises(ValueError):
        zone_for_departement("99")


@pytest.mark.parametrize(("alt", "label"), [
    (-5.0, "inférieur à 400m"), (0.0, "inférieur à 400m"), (400.0, "inférieur à 400m"),
    (400.5, "400-800m"), (800.0, "400-800m"), (800.1, "supérieur à 800m"),
    (4000, "supérieur à 800m"),
])
def test_altitude_class(alt, label):
    assert altitude_class(alt) == label


@pytest.mark.parametrize("alt", [float("nan"), float("inf"), "haut"])
def test_altitude_class_invalid(alt):
    with pytest.raises(InputError, match="altitude"):
        altitude_class(alt)
