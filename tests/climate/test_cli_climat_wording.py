"""French agreement in ``perfqual climat --epw`` output."""

from __future__ import annotations

from typer.testing import CliRunner

from perfqual.cli import app

runner = CliRunner()


def test_epw_assumption_count_agrees_regression(tmp_path):
    res = runner.invoke(app, ["climat", "H1a", "--epw", str(tmp_path / "h1a.epw")])
    assert res.exit_code == 0, res.output
    assert "hypothèses recopiées dans la ligne COMMENTS 2" in res.output
    assert "(s)" not in res.output
