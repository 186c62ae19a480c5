"""CLI tests of ``perfqual humidite`` and ``perfqual qualite`` (exit codes 0/1/2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from perfqual.cli import qualite

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
RUNNER = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test app."""

    qualite.register(app)
    return app


APP = _app()


def test_humidite_exit_1_on_initial_state_with_outputs(tmp_path):
    out = tmp_path / "sortie"
    res = RUNNER.invoke(APP, ["humidite", str(DEMO / "operation.yaml"), "--scenario",
                              "etat_initial", "--climat", "H1a-bassin-minier", "--sortie",
                              str(out)])
    assert res.exit_code == 1, res.output
    assert "RISQUE DE MOISISSURES" in res.output and "Limites de la méthode" in res.output
    assert (out / "humidite.csv").exists()
    # coron 2 façades + combles, jumelée 2 façades + pignon ouest + combles, isolée 4 façades
    # + combles (party walls and the ground floor are not assessed)
    assert len(list(out.glob("profil_*.png"))) == 12
    assert (out / "profil_coron_etat_initial_facade_rue.png").exists()


def test_humidite_exit_0_on_external_insulation():
    res = RUNNER.invoke(APP, ["humidite", str(DEMO), "--scenario", "variante_3"])
    assert res.exit_code == 0, res.output
    assert "0 cas" in res.output


def test_humidite_exit_2_on_unknown_material(tmp_path):
    shutil.copytree(DEMO, tmp_path / "op", ignore=shutil.ignore_patterns("qualite"))
    yml = tmp_path / "op" / "operation.yaml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "materiau: fibre_de_bois", "materiau: fibre_de_boiss"), encoding="utf-8")
    out = tmp_path / "sortie"
    res = RUNNER.invoke(APP, ["humidite", str(yml), "--sortie", str(out)])
    assert res.exit_code == 2
    assert "fibre_de_boiss" in res.output
    assert not out.exists()


def test_humidite_exit_2_on_bad_options():
    res = RUNNER.invoke(APP, ["humidite", str(DEMO), "--table-dp", "autre"])
    assert res.exit_code == 2 and "--table-dp" in res.output
    res = RUNNER.invoke(APP, ["humidite", str(DEMO), "--classe", "7"])
    assert res.exit_code == 2


def test_qualite_exit_1_on_demo(tmp_path):
    out = tmp_path / "bilan.txt"
    res = RUNNER.invoke(APP, ["qualite", str(DEMO / "operation.yaml"), "--sortie", str(out)])
    assert res.exit_code == 1, res.output
    assert "DONNÉES SYNTHÉTIQUES" in res.output and "Réfaction" not in res.output
    assert "Exposition à une réfaction de subvention : 7\u202f800,00\u00a0€" in res.output
    assert out.read_text(encoding="utf-8").startswith("Registre qualité")


def test_qualite_exit_0_and_2(tmp_path):
    p = tmp_path / "registre.yaml"
    p.write_text("operation: T\nphase: travaux\ndate_reference: 2026-10-15\n", encoding="utf-8")
    res = RUNNER.invoke(APP, ["qualite", str(DEMO), "--registre", str(p)])
    assert res.exit_code == 0, res.output
    p.write_text("operation: T\nphase: chantier\ndate_reference: 2026-10-15\n", encoding="utf-8")
    res = RUNNER.invoke(APP, ["qualite", str(DEMO), "--registre", str(p)])
    assert res.exit_code == 2 and "phase" in res.output
    res = RUNNER.invoke(APP, ["qualite", str(tmp_path / "absent.yaml")])
    assert res.exit_code == 2


def test_qualite_output_below_a_file_exit_2_french(tmp_path):
    # Defect (user review): "--sortie FICHIER/bilan.txt" ended in a traceback, exit code 1.
    blocker = tmp_path / "un_fichier"
    blocker.write_text("x", "utf-8")
    res = RUNNER.invoke(APP, ["qualite", str(DEMO), "--sortie", str(blocker / "bilan.txt")])
    assert res.exit_code == 2, res.output
    assert "Erreur de saisie" in res.output and "pas un dossier" in res.output
    assert blocker.read_text("utf-8") == "x"


def test_qualite_impossible_date_exit_2_names_line(tmp_path):
    # Defect (user review): a date such as 2026-13-45 in the register ended in a traceback.
    folder = tmp_path / "qualite"
    shutil.copytree(DEMO / "qualite", folder)
    register = folder / "registre.yaml"
    text = register.read_text("utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "date: 2026-06-12" in ln)
    register.write_text(text.replace("date: 2026-06-12", "date: 2026-13-45", 1), "utf-8")
    res = RUNNER.invoke(APP, ["qualite", str(DEMO), "--registre", str(register)])
    assert res.exit_code == 2, res.output
    assert f"ligne {line}" in res.output and "date impossible « 2026-13-45 »" in res.output


def test_qualite_register_in_windows_1252_exit_2(tmp_path):
    # Defect (user review): a register saved as Windows-1252 ended in a traceback.
    folder = tmp_path / "qualite"
    shutil.copytree(DEMO / "qualite", folder)
    register = folder / "registre.yaml"
    register.write_bytes(register.read_text("utf-8").encode("cp1252", errors="replace"))
    res = RUNNER.invoke(APP, ["qualite", str(DEMO), "--registre", str(register)])
    assert res.exit_code == 2, res.output
    assert "encodage illisible" in res.output and "UTF-8" in res.output
