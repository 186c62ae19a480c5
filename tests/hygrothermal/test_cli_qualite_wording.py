"""French agreement in ``perfqual qualite`` (works-phase record) output."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.cli.qualite import _rule_fr

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
RUNNER = CliRunner()


def test_rule_prefix_not_repeated_regression() -> None:
    assert _rule_fr("Règle d'EXEMPLE inventée") == "Règle d'EXEMPLE inventée"
    assert _rule_fr("convention de financement, art. 7") == (
        "Règle : convention de financement, art. 7")


def test_qualite_counts_agree_regression() -> None:
    res = RUNNER.invoke(app, ["qualite", str(DEMO / "operation.yaml")])
    assert res.exit_code == 1, res.output
    assert "3 défauts comptés. Règle d'EXEMPLE" in res.output
    assert "défaut(s)" not in res.output and "Règle : Règle" not in res.output
