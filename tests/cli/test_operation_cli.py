"""CLI: ``perfqual valider`` and ``perfqual demo`` through CliRunner (exit codes 0 and 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from perfqual.cli import app

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
runner = CliRunner()


def test_valider_demo_ok():
    result = runner.invoke(app, ["valider", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "Cité des Fleurs" in result.output
    assert "Zone climatique H1a" in result.output
    assert "Logements : 120" in result.output
    assert "Saisie valide." in result.output


def test_valider_missing_file_exit_2(tmp_path):
    result = runner.invoke(app, ["valider", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "fichier introuvable" in result.output


def test_valider_invalid_exit_2_names_field(tmp_path):
    folder = tmp_path / "op"
    folder.mkdir()
    shutil.copy(DEMO / "logements.csv", folder)
    text = (DEMO / "operation.yaml").read_text("utf-8").replace(
        "surface_habitable: 68 m²", "surface_habitable: soixante-huit")
    (folder / "operation.yaml").write_text(text, "utf-8")
    result = runner.invoke(app, ["valider", str(folder)])
    assert result.exit_code == 2
    assert "typologies.coron.surface_habitable" in result.output
    assert "Erreur de saisie" in result.output


def test_valider_yaml_syntax_error_gives_line(tmp_path):
    bad = tmp_path / "operation.yaml"
    bad.write_text("operation:\n  nom: [non fermé\n", "utf-8")
    result = runner.invoke(app, ["valider", str(bad)])
    assert result.exit_code == 2
    assert "ligne" in result.output


def test_demo_runs_and_writes_outputs(tmp_path):
    out = tmp_path / "sortie"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Démonstration terminée." in result.output
    # The user reads the final folder, never the temporary staging one (".sortie.xxxx").
    assert f".{out.name}." not in result.output
    assert f"{out}/simulation/iso52016.csv" in result.output
    assert (out / "operation" / "typologies_scenarios.csv").read_text("utf-8").count("\n") == 13
    assert (out / "climat" / "annee_type.epw").exists()
    for folder in ("ventilation", "permeabilite", "humidite"):
        assert any((out / folder).iterdir()), folder
    assert "Cité des Fleurs" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert "perfqual" in result.output


def test_help_is_in_french():
    result = runner.invoke(app, ["valider", "--help"])
    assert result.exit_code == 0
    assert "Affiche cette aide et quitte." in result.output
    assert "Show this message" not in result.output
