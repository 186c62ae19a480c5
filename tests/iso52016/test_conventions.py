"""The EN ISO 52016-1 API reads the controlled temperature and the heating convective share from
the conventions; options override them only explicitly, and say so."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose
from tests.iso52016.test_api import _demo

from perfqual.api import Iso52016Options, regulation, simulate_needs_iso52016
from perfqual.climate.model import monthly_means
from perfqual.errors import InputError
from perfqual.models.conventions import ISO52016_CONVENTIONS, THCEX_CONVENTIONS

AIR = ISO52016_CONVENTIONS.with_(name="iso_air", control_temperature="air",
                                 heating_convective_frac=1.0)


def test_regulation_precedence_analytic():
    # None in the options: the conventions' values; a value in the options: that value, and a
    # second note naming the conventions it replaces.
    default = regulation(ISO52016_CONVENTIONS, Iso52016Options())
    assert (default.control, default.f_hc_convective) == ("operative", 0.4)
    assert default.notes == ("régulation sur la température opérative, part convective du "
                             "chauffage 0,4",)
    air = regulation(AIR, Iso52016Options())
    assert (air.control, air.f_hc_convective) == ("air", 1.0)
    assert len(air.notes) == 1
    forced = regulation(ISO52016_CONVENTIONS, Iso52016Options(control="air"))
    assert (forced.control, forced.f_hc_convective) == ("air", 0.4)
    assert "imposée(s) par les options de calcul" in forced.notes[1]
    assert "conventions « iso52016 »" in forced.notes[1]
    same = regulation(AIR, Iso52016Options(control="air", f_hc_convective=1.0))
    assert len(same.notes) == 1  # an override equal to the conventions changes nothing


def test_zone_spec_takes_regulation_from_conventions():
    from perfqual.api import zone_spec_from_building

    op, buildings, climate = _demo()
    ti, te = monthly_means([19.0] * 8760), climate.monthly_mean_temp_c()
    for conv, expected in ((ISO52016_CONVENTIONS, ("operative", 0.4)),
                           (AIR, ("air", 1.0)), (THCEX_CONVENTIONS, ("air", 1.0))):
        spec = zone_spec_from_building(buildings[0], conv, Iso52016Options(), ti, te).spec
        assert (spec.control, spec.f_hc_convective) == expected, conv.name


def test_conventions_drive_the_run_regression():
    # Air control with all-convective heating set by the conventions gives exactly the run with
    # the same values forced through the options (perfqual 0.1 snapshot of that equality), and a
    # lower need than the default operative control with 60 % radiant heating (the sign
    # methods/comparaison.md §7 measures for the "regulation" factor).
    op, buildings, climate = _demo()
    bs = buildings[:3]
    by_conv, notes = simulate_needs_iso52016(bs, climate, AIR)
    by_opt, notes_opt = simulate_needs_iso52016(
        bs, climate, ISO52016_CONVENTIONS,
        options=Iso52016Options(control="air", f_hc_convective=1.0))
    default, _ = simulate_needs_iso52016(bs, climate)
    assert_allclose([r.heating_kwh for r in by_conv], [r.heating_kwh for r in by_opt],
                    rtol=1e-12)
    for a, b in zip(by_conv, default, strict=True):
        assert a.heating_kwh < b.heating_kwh
    assert any("température d'air, part convective du chauffage 1" in n for n in notes[0])
    assert not any("imposée" in n for n in notes[0])
    assert any("imposée(s) par les options" in n for n in notes_opt[0])


def test_bad_regulation_french_messages():
    with pytest.raises(InputError, match="température régulée inconnue"):
        regulation(ISO52016_CONVENTIONS, Iso52016Options(control="radiante"))
    with pytest.raises(InputError, match="part convective du chauffage 1,5 hors"):
        regulation(ISO52016_CONVENTIONS.with_(heating_convective_frac=1.5), Iso52016Options())


def test_comparison_refuses_a_regulation_forced_by_options():
    # The comparison switches the regulation through the conventions (factor "regulation"): an
    # override in the options would freeze it and bias the decomposition.
    from perfqual.comparison import compare_buildings

    op, buildings, climate = _demo()
    with pytest.raises(InputError, match="facteur « regulation »"):
        compare_buildings(buildings[:1], climate, zone="H1a", altitude_m=45.0,
                          iso_options=Iso52016Options(control="air"))
