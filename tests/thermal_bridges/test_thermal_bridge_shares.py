"""Share of the losses due to thermal bridges in both methods (issue 8, item 4), CLI."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import typer
from numpy.testing import assert_allclose
from typer.testing import CliRunner

from perfqual.cli import qualite
from perfqual.errors import InputError
from perfqual.qa import thermal_bridges as tb
from perfqual.qa.moisture import thermal_bridge_inventory

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
SITE = {"zone": "H1a", "altitude_m": 45.0}
RUNNER = CliRunner()


@pytest.fixture(scope="module")
def op():
    from perfqual.io.operation import load_operation

    return load_operation(DEMO / "operation.yaml")


@pytest.fixture(scope="module")
def climate(op):
    from perfqual.climate.synthetic import climate_for_operation

    return climate_for_operation(op)


@pytest.fixture(scope="module")
def coron(op):
    from perfqual.models.resolve import resolve_building

    return resolve_building(op, "coron", "variante_2")


def _scaled(b, k):
    return replace(b, thermal_bridges=tuple(replace(t, psi_w_per_mk=k * t.psi_w_per_mk)
                                            for t in b.thermal_bridges))


def test_share_definitions_analytic():
    m = tb.MethodBridgeShare("thcex", 100.0, heating_need_kwh=5000.0,
                             heating_need_without_kwh=4000.0, transmission_kwh=8000.0,
                             transmission_without_kwh=6900.0, ventilation_kwh=2000.0,
                             ventilation_without_kwh=1900.0)
    assert_allclose([m.delta_heating_need_kwh, m.heating_need_share_frac], [1000.0, 0.2],
                    rtol=1e-15)
    assert_allclose([m.losses_kwh, m.delta_losses_kwh, m.losses_share_frac],
                    [10000.0, 1200.0, 0.12], rtol=1e-14)
    assert_allclose(m.delta_heating_need_kwh_per_m2, 10.0, rtol=1e-15)
    zero = replace(m, heating_need_kwh=0.0, heating_need_without_kwh=0.0)
    assert zero.heating_need_share_frac == 0.0


def test_share_zero_without_bridges_analytic(climate, coron):
    # No bridge at all, or every ψ = 0: the runs with and without are the same model.
    cases = [replace(coron, thermal_bridges=()), _scaled(coron, 0.0)]
    for s in tb.thermal_bridge_shares(cases, climate, **SITE):
        assert s.h_tb_w_per_k == 0.0 and s.steady_share_frac == 0.0
        for m in s.methods.values():
            assert m.delta_heating_need_kwh == 0.0 and m.delta_losses_kwh == 0.0
            assert m.heating_need_share_frac == 0.0 and m.losses_share_frac == 0.0
    assert tb.without_thermal_bridges(coron).thermal_bridges[0].name == \
        coron.thermal_bridges[0].name


def test_share_increases_with_psi(climate, coron):
    factors = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)
    shares = tb.thermal_bridge_shares([_scaled(coron, k) for k in factors], climate, **SITE)
    steady = np.array([s.steady_share_frac for s in shares])
    assert np.all(np.diff(steady) > 0)
    for method in tb.METHODS:
        need = np.array([s.methods[method].heating_need_share_frac for s in shares])
        loss = np.array([s.methods[method].losses_share_frac for s in shares])
        delta = np.array([s.methods[method].delta_heating_need_kwh for s in shares])
        assert np.all(np.diff(need) > 0), (method, need)
        assert np.all(np.diff(loss) > 0), (method, loss)
        assert np.all(np.diff(delta) > 0) and delta[0] == 0.0
        assert np.all((need >= 0) & (need < 1)) and np.all((loss >= 0) & (loss < 1))


def test_steady_share_is_the_inventory_and_batch_order(climate, op):
    from perfqual.models.resolve import resolve_operation

    buildings = resolve_operation(op, ("etat_initial", "variante_3"))
    shares = tb.thermal_bridge_shares(buildings, climate, **SITE)
    assert [s.label for s in shares] == [b.label for b in buildings]
    for s, b in zip(shares, buildings, strict=True):
        inv = thermal_bridge_inventory(b)
        assert_allclose([s.h_tb_w_per_k, s.steady_share_frac],
                        [inv.h_tb_w_per_k, inv.share_frac], rtol=1e-15)
    # batch invariance: one case alone gives the same result as inside the batch
    alone = tb.thermal_bridge_shares([buildings[4]], climate, **SITE)[0]
    for m in tb.METHODS:
        assert_allclose(alone.methods[m].delta_heating_need_kwh,
                        shares[4].methods[m].delta_heating_need_kwh, rtol=1e-9)


def test_demo_shares_regression(op, climate):
    # Snapshot of the synthetic demo (perfqual 0.1.0): not a validation.
    shares = tb.operation_thermal_bridge_shares(op, ("variante_2",), climate)
    coron = shares[0]
    assert coron.label == "coron @ variante_2"
    # 0.378 since the Th-C-E ex preset takes the floor on grade by its EN ISO 13370 equivalent U
    # (soil included) instead of the slab's own U: a lower need, hence a larger bridge share
    assert_allclose(coron.methods["thcex"].heating_need_share_frac, 0.378, atol=0.002)
    assert_allclose(coron.methods["iso52016"].heating_need_share_frac, 0.477, atol=0.002)


def test_errors(climate, coron):
    with pytest.raises(InputError, match="aucun cas"):
        tb.thermal_bridge_shares([], climate, **SITE)
    with pytest.raises(InputError, match="méthode de calcul inconnue"):
        tb.thermal_bridge_shares([coron], climate, methods=("dpe",), **SITE)


# --- CLI ------------------------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test app."""

    qualite.register(app)
    return app


APP = _app()


def test_ponts_thermiques_exit_0_with_outputs(tmp_path):
    out = tmp_path / "sortie"
    res = RUNNER.invoke(APP, ["ponts-thermiques", str(DEMO / "operation.yaml"), "--scenario",
                              "etat_initial", "--scenario", "variante_2", "--sortie", str(out)])
    assert res.exit_code == 0, res.output
    assert "EN ISO 52016-1" in res.output and "Th-C-E ex" in res.output
    assert "ψ 0,86 W/(m·K) × 11,2 m" in res.output
    rows = (out / "ponts_thermiques.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 6 and rows[0].startswith("typologie;scenario;nombre_ponts")
    assert (out / "ponts_thermiques.txt").exists()


def test_ponts_thermiques_exit_2_writes_nothing(tmp_path):
    out = tmp_path / "sortie"
    res = RUNNER.invoke(APP, ["ponts-thermiques", str(DEMO), "--scenario", "variante_9",
                              "--sortie", str(out)])
    assert res.exit_code == 2 and "variante_9" in res.output
    assert not out.exists()
    res = RUNNER.invoke(APP, ["ponts-thermiques", str(DEMO), "--climat", "mois.csv"])
    assert res.exit_code == 2 and "--climat" in res.output
    shutil.copytree(DEMO, tmp_path / "op", ignore=shutil.ignore_patterns("qualite"))
    yml = tmp_path / "op" / "operation.yaml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "psi: 0,86, longueur: 11,2 m", "psi: beaucoup, longueur: 11,2 m"), encoding="utf-8")
    res = RUNNER.invoke(APP, ["ponts-thermiques", str(yml), "--sortie", str(out)])
    assert res.exit_code == 2 and "beaucoup" in res.output
    assert not out.exists()


def test_humidite_shows_share_in_both_methods(tmp_path):
    out = tmp_path / "sortie"
    res = RUNNER.invoke(APP, ["humidite", str(DEMO), "--scenario", "variante_3", "--sortie",
                              str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.count("ponts thermiques dans les méthodes") == 3
    rows = (out / "ponts_thermiques.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and "iso52016_part_besoin" in rows[0]
