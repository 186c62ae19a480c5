"""User errors every command shares: unusable paths, wrong file types (exit code 2, French).

Found by reviewing perfqual as a new user would; each test names the defect it guards.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.cli.common import handle_errors
from perfqual.errors import InputError
from perfqual.io.output import staged_directory

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
runner = CliRunner()


def _one_command_app(func) -> typer.Typer:
    test_app = typer.Typer()

    @test_app.callback()
    def _root() -> None:
        """Test app."""

    test_app.command("essai")(handle_errors(func))
    return test_app


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EACCES, "permission refusée"),
    (errno.ENOTDIR, "un élément du chemin est un fichier"),
    (errno.EEXIST, "un fichier de ce nom existe déjà"),
    (errno.EROFS, "lecture seule"),
])
def test_file_system_error_is_french_exit_2_not_a_traceback(code, reason):
    # Defect: an output folder that cannot be written (read-only, or a path through a file)
    # ended in a Python traceback with exit code 1 (the code of a missed target).
    def essai() -> None:
        raise OSError(code, "message système anglais", "/chemin/sortie/x.csv")

    res = runner.invoke(_one_command_app(essai), ["essai"])
    assert res.exit_code == 2
    assert "Erreur de saisie" in res.output and "« /chemin/sortie/x.csv »" in res.output
    assert reason in res.output and "anglais" not in res.output
    assert not isinstance(res.exception, OSError)


def test_staged_directory_refuses_an_existing_file_before_any_work(tmp_path):
    # Defect: "-o FICHIER" ran the whole chain, then failed on a traceback at the very end.
    existing = tmp_path / "resultats"
    existing.write_text("à garder", "utf-8")
    with pytest.raises(InputError, match="fichier existant"), staged_directory(existing):
        pytest.fail("the body must not run")
    assert existing.read_text("utf-8") == "à garder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resultats"]  # no stage left


def test_demo_into_an_existing_file_exit_2_and_file_untouched(tmp_path):
    existing = tmp_path / "sortie_demo"
    existing.write_text("à garder", "utf-8")
    res = runner.invoke(app, ["demo", "-o", str(existing)])
    assert res.exit_code == 2, res.output
    assert "fichier existant" in res.output
    assert existing.read_text("utf-8") == "à garder"


def test_valider_wrong_extension_exit_2(tmp_path):
    # Defect: a Word file named like the operation was read as YAML and the error spoke of
    # a missing logements.csv.
    folder = tmp_path / "op"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("permeabilite", "ventilation",
                                                               "locataires", "qualite"))
    (folder / "operation.yaml").rename(folder / "operation.docx")
    res = runner.invoke(app, ["valider", str(folder / "operation.docx")])
    assert res.exit_code == 2
    assert "extension « .docx »" in res.output and ".yaml ou .yml" in res.output


@pytest.mark.parametrize(("args", "expected"), [
    (["valider"], "argument manquant « operation »"),
    (["valider", str(DEMO), "--inconnue"], "option inconnue « --inconnue »"),
    (["valide", str(DEMO)], "commande inconnue « valide » (voulez-vous dire 'valider'"),
    (["valider", str(DEMO), "en_trop"], "argument(s) en trop : en_trop"),
    (["comparer", str(DEMO), "--format", "xml"], "« xml » n'est pas une valeur admise"),
    (["humidite", str(DEMO), "--classe", "9"], "doit être inférieur ou égal à 5"),
])
def test_usage_errors_are_in_french(args, expected):
    # Defect (user review): typer/click printed their usage errors in English.
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    text = res.output.lower()
    assert "erreur de saisie" in text and expected.lower() in text
    assert "usage:" not in text and "error:" not in text


def test_help_headings_in_french():
    res = runner.invoke(app, ["exporter-energyplus", "--help"])
    assert res.exit_code == 0
    assert "Utilisation : " in res.output and " exporter-energyplus [OPTIONS]" in res.output
    assert "[obligatoire]" in res.output and "[défaut : etat_initial]" in res.output
    assert "Usage:" not in res.output and "[required]" not in res.output
