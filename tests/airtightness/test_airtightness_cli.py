"""CLI ``perfqual permeabilite``: exit codes 0/1/2, JSON, figures, outputs written atomically."""

from __future__ import annotations

import json

import pytest
import typer
from tests.airtightness.helpers import DATASETS, DEMO, power_law_rows, write_test_file
from typer.testing import CliRunner

from perfqual.cli import permeabilite

TV_A1 = DATASETS / "reference" / "blower_door_tv_a1" / "essai.csv"
TV_A2 = DATASETS / "reference" / "blower_door_tv_a2" / "essai.csv"


@pytest.fixture(scope="module")
def app():
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Test root."""

    permeabilite.register(root)
    return root


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def _run(runner, app, *args):
    return runner.invoke(app, ["permeabilite", *map(str, args)])


def test_analyser_text_exit_0(runner, app):
    r = _run(runner, app, "analyser", TV_A2, "--objectif-q4pa-surf", "0,6")
    assert r.exit_code == 0, r.output
    assert "Q4Pa-surf réglementaire" in r.output and "CONFORME" in r.output
    assert "0,436" in r.output


def test_analyser_json_exit_0(runner, app):
    r = _run(runner, app, "analyser", TV_A2, "--json", "--objectif-n50", "3")
    assert r.exit_code == 0, r.output
    payload = json.loads(r.output)
    assert payload["judgement"]["status"] == "conforme"
    assert abs(payload["q4pa_surf_m3_per_h_m2"]["value"] - 0.43566) < 1e-4


def test_analyser_without_target_exit_0(runner, app):
    assert _run(runner, app, "analyser", TV_A2).exit_code == 0


def test_analyser_target_failed_exit_1(runner, app):
    r = _run(runner, app, "analyser", TV_A2, "--objectif-q4pa-surf", "0.4")
    assert r.exit_code == 1
    assert "NON CONFORME" in r.output


def test_analyser_invalid_test_exit_1(runner, app):
    r = _run(runner, app, "analyser", TV_A1)
    assert r.exit_code == 1
    assert "NON VALIDE" in r.output


@pytest.mark.parametrize(
    "args",
    [
        ("--objectif-q4pa-surf", "1", "--objectif-n50", "3"),
        ("--objectif-q4pa-surf", "-1"),
        ("--regles", "absent.yaml"),
    ],
)
def test_analyser_bad_options_exit_2(runner, app, args):
    r = _run(runner, app, "analyser", TV_A2, *args)
    assert r.exit_code == 2


def test_analyser_malformed_file_exit_2(runner, app, tmp_path):
    path = write_test_file(tmp_path / "mauvais.csv", meta={"volume": "beaucoup"})
    r = _run(runner, app, "analyser", path)
    assert r.exit_code == 2
    assert "mauvais.csv" in r.output and "volume" in r.output
    r = _run(runner, app, "analyser", tmp_path / "absent.csv")
    assert r.exit_code == 2 and "introuvable" in r.output


def test_analyser_validation_error_exit_2(runner, app, tmp_path):
    rows = [(s, k, dp.lstrip("-"), q) for s, k, dp, q in power_law_rows()]
    r = _run(runner, app, "analyser", write_test_file(tmp_path / "signe.csv", rows))
    assert r.exit_code == 2
    assert "signe.csv" in r.output and "négative" in r.output


def test_analyser_figure(runner, app, tmp_path):
    fig = tmp_path / "fig" / "ajustement.png"
    r = _run(runner, app, "analyser", TV_A2, "--figure", fig)
    assert r.exit_code == 0, r.output
    assert fig.stat().st_size > 1000
    bad = tmp_path / "fig.bmp"
    assert _run(runner, app, "analyser", TV_A2, "--figure", bad).exit_code == 2
    assert not bad.exists()


def test_campagne_demo_exit_1_and_outputs(runner, app, tmp_path):
    out = tmp_path / "sortie"
    r = _run(runner, app, "campagne", DEMO / "permeabilite", "--operation",
             DEMO / "operation.yaml", "-o", out)
    assert r.exit_code == 1, r.output  # C-030 fails its target at reception
    assert "C-030_reception" in r.output and "NON CONFORME" in r.output
    assert "Cep tel que construit — programme « variante_2 »" in r.output
    assert "OPÉRATION" in r.output and "EN ISO 52016-1" in r.output
    assert "Aucun seuil respecté en conception n'est perdu" in r.output
    assert (out / "synthese.txt").exists() and (out / "essais.csv").exists()
    rows = (out / "cep_tel_que_construit.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * 11  # header + (7 dwellings + 3 typologies + operation) × 2
    assert rows[0].startswith("cas;typologie;logement") and "perdu_region_130" in rows[0]
    assert (out / "figures" / "cep_tel_que_construit.png").stat().st_size > 1000
    assert len(json.loads((out / "essais.json").read_text(encoding="utf-8"))) == 13
    assert (out / "figures" / "campagne.png").exists()
    assert len(list((out / "figures").glob("ajustement_*.png"))) == 13


def test_campagne_passing_folder_exit_0(runner, app, tmp_path):
    folder = tmp_path / "essais"
    folder.mkdir()
    write_test_file(folder / "c005.csv", meta={"essai": "c005", "logement": "C-005",
                                               "phase": "réception", "atbat": "98 m²"})
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml")
    assert r.exit_code == 0, r.output
    assert "coron" in r.output
    assert "valeur du programme conservée : jumelee, isolee" in r.output


def test_campagne_lost_threshold_reported_exit_1(runner, app, tmp_path):
    # A very leaky reception test (Q4Pa-surf ≈ 6 > 1.7): the test fails its target (exit 1)
    # and the as-built Cep loses thresholds the design met; said in the output and the CSV.
    folder = tmp_path / "essais"
    folder.mkdir()
    write_test_file(folder / "c005.csv", power_law_rows(c=150.0),
                    meta={"essai": "c005", "logement": "C-005", "phase": "réception",
                          "atbat": "98 m²"})
    out = tmp_path / "sortie"
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml", "-o", out)
    assert r.exit_code == 1, r.output
    assert "ne respecte plus sûrement le seuil region_130" in r.output
    csv_text = (out / "cep_tel_que_construit.csv").read_text(encoding="utf-8")
    assert ";oui" in csv_text


def test_campagne_without_reception_test_no_recalculation(runner, app, tmp_path):
    folder = tmp_path / "essais"
    folder.mkdir()
    write_test_file(folder / "c005.csv", meta={"essai": "c005", "logement": "C-005",
                                               "phase": "avant travaux", "atbat": "98 m²"})
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml")
    assert r.exit_code == 0, r.output
    assert "Cep tel que construit : aucun essai valide à la réception" in r.output


def test_campagne_invalid_input_exit_2_writes_nothing(runner, app, tmp_path):
    folder = tmp_path / "essais"
    folder.mkdir()
    write_test_file(folder / "a.csv", meta={"logement": "Z-999"})
    out = tmp_path / "sortie"
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml", "-o", out)
    assert r.exit_code == 2
    assert "Z-999" in r.output
    assert not out.exists()
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml",
             "--scenario", "variante_9")
    assert r.exit_code == 2
    r = _run(runner, app, "campagne", tmp_path / "absent", "--operation",
             DEMO / "operation.yaml")
    assert r.exit_code == 2
    r = _run(runner, app, "campagne", folder, "--operation", DEMO / "operation.yaml",
             "--plan", tmp_path / "absent.json")
    assert r.exit_code == 2


def test_analyser_figure_below_a_file_exit_2(runner, app, tmp_path):
    # Defect (user review): "--figure FICHIER/x.png" ended in a traceback with exit code 1.
    blocker = tmp_path / "un_fichier"
    blocker.write_text("x", encoding="utf-8")
    r = _run(runner, app, "analyser", TV_A2, "--figure", blocker / "fit.png")
    assert r.exit_code == 2, r.output
    assert "Erreur de saisie" in r.output and "pas un dossier" in r.output
    assert blocker.read_text(encoding="utf-8") == "x"


def test_analyser_messages_write_units_and_numbers_as_users_do(runner, app, tmp_path):
    # Defects (user review): "attendu une grandeur en m**3/(h*m**2)" (pint's spelling) and
    # "doit être strictement supérieur à 0.0 (valeur lue : -180.0)" (decimal points).
    r = _run(runner, app, "analyser", TV_A2, "--objectif-q4pa-surf", "1,7 kg")
    assert r.exit_code == 2
    assert "attendu une grandeur en m³/(h·m²)" in r.output and "**" not in r.output
    bad = tmp_path / "essai.csv"
    bad.write_text(TV_A2.read_text(encoding="utf-8").replace("# volume: 180 m³",
                                                              "# volume: -180,5 m³"),
                   encoding="utf-8")
    r = _run(runner, app, "analyser", bad)
    assert r.exit_code == 2
    assert "volume" in r.output and "(valeur lue : -180,5)" in r.output
    assert "0.0" not in r.output
