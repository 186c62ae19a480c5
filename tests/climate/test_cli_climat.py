"""``perfqual climat`` through typer's CliRunner: exit codes 0 and 2."""

from __future__ import annotations

from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.climate.epw import read_epw

runner = CliRunner()


def test_summary_of_the_mining_basin():
    res = runner.invoke(app, ["climat", "H1a-bassin-minier", "--altitude", "50"])
    assert res.exit_code == 0, res.output
    assert "Lille-Lesquin" in res.output and "DJU 18" in res.output
    assert "janvier" in res.output and "Hypothèses" in res.output and "Hargreaves" in res.output


def test_zone_is_case_insensitive():
    res = runner.invoke(app, ["climat", "h2b"])
    assert res.exit_code == 0, res.output
    assert "La Rochelle" in res.output


def test_write_epw(tmp_path):
    out = tmp_path / "h1a.epw"
    res = runner.invoke(app, ["climat", "H1a", "--epw", str(out)])
    assert res.exit_code == 0, res.output
    assert read_epw(out).name.startswith("H1a")


def test_summary_of_an_epw_file(tmp_path):
    out = tmp_path / "h3.epw"
    assert runner.invoke(app, ["climat", "H3", "--epw", str(out)]).exit_code == 0
    res = runner.invoke(app, ["climat", "--fichier", str(out)])
    assert res.exit_code == 0, res.output
    assert "Marignane" in res.output


def test_unknown_zone_exit_2_writes_nothing(tmp_path):
    out = tmp_path / "x.epw"
    res = runner.invoke(app, ["climat", "H4", "--epw", str(out)])
    assert res.exit_code == 2
    assert "zone climatique « H4 » inconnue" in res.output
    assert not out.exists()


def test_bad_altitude_exit_2():
    res = runner.invoke(app, ["climat", "H1a", "--altitude", "9000"])
    assert res.exit_code == 2
    assert "altitude" in res.output


def test_bad_correction_and_missing_zone_exit_2(tmp_path):
    assert runner.invoke(app, ["climat", "H1a", "--correction-altitude", "x"]).exit_code == 2
    res = runner.invoke(app, ["climat"])
    assert res.exit_code == 2 and "indiquer soit une zone" in res.output


def test_malformed_epw_exit_2(tmp_path):
    bad = tmp_path / "bad.epw"
    bad.write_text("pas un fichier EPW\n", encoding="utf-8")
    res = runner.invoke(app, ["climat", "--fichier", str(bad)])
    assert res.exit_code == 2
    assert "bad.epw, ligne 1" in res.output


def test_help_is_french():
    res = runner.invoke(app, ["climat", "--help"])
    assert res.exit_code == 0
    assert "Résume l'année climatique type" in res.output


def test_write_epw_below_a_file_exit_2(tmp_path):
    # Defect (user review): "--epw FICHIER/x.epw" ended in a traceback with exit code 1.
    blocker = tmp_path / "un_fichier"
    blocker.write_text("x", "utf-8")
    res = runner.invoke(app, ["climat", "H1a", "--epw", str(blocker / "h1a.epw")])
    assert res.exit_code == 2, res.output
    assert "Erreur de saisie" in res.output and "pas un dossier" in res.output
