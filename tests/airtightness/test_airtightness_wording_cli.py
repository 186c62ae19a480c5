"""French agreement of the counts printed by ``perfqual permeabilite campagne``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from perfqual.cli import app

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
runner = CliRunner()


def test_campagne_counts_agree_regression() -> None:
    res = runner.invoke(app, ["permeabilite", "campagne", str(DEMO / "permeabilite"),
                              "--operation", str(DEMO / "operation.yaml")])
    assert res.exit_code == 1, res.output  # the demo has a non-conforming test
    assert "Cité des Fleurs : 13 essais" in res.output
    assert "; 2 conformes, 1 indéterminé, 1 non conforme" in res.output
    assert "; 1 non jugé (avant travaux)" in res.output
    assert "(s)" not in res.output.split("Essais jugés")[0]


def test_analyser_phase_signs_and_severity_in_french_regression() -> None:
    res = runner.invoke(app, ["permeabilite", "analyser",
                              str(DEMO / "permeabilite" / "C-005_reception.csv")])
    assert res.exit_code == 0, res.output
    assert "— phase réception" in res.output
    assert "1,9 ≤ 5 Pa → respectée (règle bloquante, STD-K)" in res.output
    assert "8 ≥ 5 → respectée" in res.output
    assert "<=" not in res.output and ">=" not in res.output
    assert "(invalide," not in res.output
