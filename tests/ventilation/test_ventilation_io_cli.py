"""Readers of the ventilation records and CLI commands (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.cli.common import format_validation_error
from perfqual.errors import InputError
from perfqual.io.ventilation import load_operation_dwellings, load_ventilation_records

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "datasets" / "demo" / "cite_des_fleurs"
RECORDS = DEMO / "ventilation"
runner = CliRunner()

HEAD_D = "logement;typologie;pièces principales;système\n"
HEAD_M = ("logement;bouche;pièce;position;grandeur;mesure;plage min;plage max;"
          "débit de conception\n")


def _write(folder: Path, dwellings: str, readings: str, points: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logements.csv").write_text(HEAD_D + dwellings, encoding="utf-8")
    (folder / "mesures.csv").write_text(HEAD_M + readings, encoding="utf-8")
    if points is not None:
        (folder / "points.csv").write_text(
            "logement;code;libellé;obligatoire;statut\n" + points, encoding="utf-8")
    return folder


GOOD = ("A1;B1;cuisine;base;débit;45 m³/h;;;\n"
        "A1;B1;cuisine;pointe;débit;110;;;105\n"
        "A1;B2;salle de bain;base;pression;120 Pa;80;160;\n"
        "A1;B3;WC;base;débit;4,5 l/s;;;\n")


def test_demo_records_load_regression():
    records = load_ventilation_records(RECORDS)
    assert len(records.dwellings) == 120
    assert len(records.points) == 6 * 120


def test_units_converted_at_the_door(tmp_path):
    records = load_ventilation_records(_write(tmp_path / "r", "A1;T3;3;autoréglable\n", GOOD))
    wc = [r for r in records.readings if r.terminal_id == "B3"][0]
    assert abs(wc.measured_m3_per_h - 16.2) < 1e-9  # 4,5 l/s = 16,2 m³/h


@pytest.mark.parametrize(
    ("dwellings", "readings", "match"),
    [
        ("A1;T3;3;autoréglable\n", "A1;B1;garage;base;débit;45;;;\n", "pièce"),
        ("A1;T3;3;autoréglable\n", "A1;B1;cuisine;base;pression;120;;;\n", "plage de pression"),
        ("A1;T3;3;autoréglable\n", "A1;B1;cuisine;base;débit;45 Pa;;;\n", "incompatible"),
        ("A1;T3;3;autoréglable\n", "A9;B1;cuisine;base;débit;45;;;\n", "absent"),
        ("A1;T3;3;vmc gaz\n", GOOD, "système"),
        ("A1;T3;3;autoréglable\n", "A1;B1;cuisine;base;pression;-120;80;160;\n",
         "supérieur ou égal"),
        ("A1;T3;3;autoréglable\n", "A1;B1;séjour;base;débit;45;;;\n", "soufflage"),
        ("A1;T3;3;autoréglable\nA1;T3;3;autoréglable\n", GOOD, "plusieurs fois"),
    ],
)
def test_bad_records_name_file_and_problem(tmp_path, dwellings, readings, match):
    folder = _write(tmp_path / "bad", dwellings, readings)
    with pytest.raises((InputError, ValidationError)) as info:
        load_ventilation_records(folder)
    exc = info.value
    # what the user reads (perfqual.cli.common.handle_errors)
    text = str(exc) if isinstance(exc, InputError) else format_validation_error(
        exc, getattr(exc, "perfqual_source", None))
    assert match in text
    assert "csv" in text


def test_xlsx_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "logements"
    for row in (HEAD_D.strip().split(";"), ["A1", "T3", 3, "autoréglable"]):
        ws.append(row)
    ws2 = wb.create_sheet("mesures")
    ws2.append(HEAD_M.strip().split(";"))
    for line in GOOD.strip().splitlines():
        ws2.append([c for c in line.split(";")])
    path = tmp_path / "releves.xlsx"
    wb.save(path)
    records = load_ventilation_records(path)
    assert len(records.readings) == 4


def test_operation_dwellings_from_yaml_and_csv(tmp_path):
    from_yaml = load_operation_dwellings(DEMO / "operation.yaml")
    assert len(from_yaml) == 120 and from_yaml[0].n_main_rooms is not None
    csv = tmp_path / "liste.csv"
    csv.write_text("logement;typologie\nA1;T3\nA2;T4\n", encoding="utf-8")
    assert [d.typology for d in load_operation_dwellings(csv)] == ["T3", "T4"]


# --------------------------------------------------------------------------- CLI
def test_cli_verifier_demo_exit_1_with_outputs(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["ventilation", "verifier", str(RECORDS), "--operation",
                              str(DEMO / "operation.yaml"), "--sortie", str(out)])
    assert res.exit_code == 1, res.output
    assert "C-017" in res.output and "IC 95 %" in res.output
    for name in ("verdicts_logements.csv", "mesures_jugees.csv", "non_conformites.csv",
                 "conformite_typologies.png", "conformite_pieces.png", "non_conformites.png"):
        assert (out / name).exists()


def test_cli_verifier_conforming_exit_0(tmp_path):
    folder = _write(tmp_path / "ok", "A1;T3;3;autoréglable\n", GOOD,
                    "A1;BE-etat;bouches propres;oui;conforme\n")
    res = runner.invoke(app, ["ventilation", "verifier", str(folder)])
    assert res.exit_code == 0, res.output


def test_cli_verifier_missing_dwelling_exit_1(tmp_path):
    folder = _write(tmp_path / "ok", "A1;T3;3;autoréglable\n", GOOD)
    ops = tmp_path / "ops.csv"
    ops.write_text("logement;typologie\nA1;T3\nA2;T3\n", encoding="utf-8")
    res = runner.invoke(app, ["ventilation", "verifier", str(folder), "--operation", str(ops)])
    assert res.exit_code == 1
    assert "sans relevé" in res.output and "A2" in res.output


def test_cli_verifier_bad_input_exit_2_writes_nothing(tmp_path):
    folder = _write(tmp_path / "bad", "A1;T3;3;autoréglable\n",
                    "A1;B1;cuisine;base;débit;beaucoup;;;\n")
    out = tmp_path / "out"
    res = runner.invoke(app, ["ventilation", "verifier", str(folder), "--sortie", str(out)])
    assert res.exit_code == 2
    assert "mesures.csv, ligne 2" in res.output and "mesure" in res.output
    assert not out.exists()
    res = runner.invoke(app, ["ventilation", "verifier", str(folder), "--combinaison", "x"])
    assert res.exit_code == 2


def test_cli_plan_and_couverture(tmp_path):
    out = tmp_path / "plan"
    args = ["echantillon", "plan", str(DEMO / "operation.yaml"), "--graine", "2025",
            "--objet", "permeabilite", "--sortie", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    first = (out / "plan_permeabilite.json").read_text(encoding="utf-8")
    assert runner.invoke(app, args).exit_code == 0
    assert (out / "plan_permeabilite.json").read_text(encoding="utf-8") == first
    # the committed demo plan was drawn with the same seed (generate.py)
    demo_plan = RECORDS / "echantillonnage" / "plan_permeabilite.json"
    assert json.loads(first)["typologies"] == json.loads(
        demo_plan.read_text(encoding="utf-8"))["typologies"]
    res = runner.invoke(app, ["echantillon", "couverture", str(demo_plan), "--mesures",
                              str(RECORDS / "echantillonnage" / "mesures_permeabilite.csv")])
    assert res.exit_code == 0, res.output
    assert "remplaçants mesurés (ordre du tirage)" in res.output
    assert "loi hypergéométrique" in res.output


def test_cli_couverture_short_exit_1_and_unknown_exit_2(tmp_path):
    demo_plan = RECORDS / "echantillonnage" / "plan_permeabilite.json"
    plan = json.loads(demo_plan.read_text(encoding="utf-8"))
    first = plan["typologies"][0]["selectionnes"][0]
    short = tmp_path / "court.csv"
    short.write_text(f"logement\n{first}\n", encoding="utf-8")
    res = runner.invoke(app, ["echantillon", "couverture", str(demo_plan), "--mesures",
                              str(short)])
    assert res.exit_code == 1
    assert "insuffisante" in res.output
    unknown = tmp_path / "inconnu.csv"
    unknown.write_text("logement\nZZ-999\n", encoding="utf-8")
    res = runner.invoke(app, ["echantillon", "couverture", str(demo_plan), "--mesures",
                              str(unknown)])
    assert res.exit_code == 2


def test_cli_plan_bad_input_exit_2(tmp_path):
    ops = tmp_path / "ops.csv"
    ops.write_text("logement;typologie\nA1;T3\n", encoding="utf-8")
    for extra in (["--objet", "radon"], ["--taux", "0"], ["--taux", "2"]):
        res = runner.invoke(app, ["echantillon", "plan", str(ops), "--graine", "1",
                                  "--sortie", str(tmp_path / "p"), *extra])
        assert res.exit_code == 2, (extra, res.output)
    assert not (tmp_path / "p").exists()
    bad_plan = tmp_path / "plan.json"
    bad_plan.write_text("{pas du json", encoding="utf-8")
    res = runner.invoke(app, ["echantillon", "couverture", str(bad_plan), "--mesures",
                              str(ops)])
    assert res.exit_code == 2


def test_generate_script_is_deterministic(tmp_path):
    # Re-running the kept generator on a copy gives byte-identical files.
    copy = tmp_path / "cite_des_fleurs"
    shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns("locataires"))
    import runpy

    runpy.run_path(str(copy / "ventilation" / "generate.py"), run_name="__main__")
    for name in ("logements.csv", "mesures.csv", "points.csv"):
        assert (copy / "ventilation" / name).read_bytes() == (RECORDS / name).read_bytes()


def test_cli_plan_rate_with_decimal_comma(tmp_path):
    # Defect (user review): "--taux 0,05" (as the help itself writes it) was refused with an
    # English message; float options now accept decimal commas.
    ops = tmp_path / "ops.csv"
    ops.write_text("logement;typologie\n" + "".join(f"A{i};T3\n" for i in range(40)),
                   encoding="utf-8")
    plans = []
    for rate in ("0,1", "0.1"):
        out = tmp_path / rate
        res = runner.invoke(app, ["echantillon", "plan", str(ops), "--graine", "1", "--taux",
                                  rate, "--sortie", str(out)])
        assert res.exit_code == 0, res.output
        plans.append((out / "plan_permeabilite.json").read_text(encoding="utf-8"))
    assert plans[0] == plans[1]
    res = runner.invoke(app, ["echantillon", "plan", str(ops), "--graine", "1", "--taux",
                              "cinq", "--sortie", str(tmp_path / "x")])
    assert res.exit_code == 2
    assert "« cinq » n'est pas un nombre" in res.output and "Invalid" not in res.output
    assert not (tmp_path / "x").exists()


def test_cli_verifier_missing_folder_message_in_french(tmp_path):
    # Defect (user review): typer's own checks printed "Usage: … Error: Invalid value for
    # 'chemin': Path '…' does not exist." in English.
    res = runner.invoke(app, ["ventilation", "verifier", str(tmp_path / "absent")])
    assert res.exit_code == 2
    assert "Erreur de saisie" in res.output and "introuvable" in res.output
    assert "Utilisation : " in res.output and " ventilation verifier" in res.output
    for english in ("Usage:", "Error:", "does not exist", "Try '"):
        assert english not in res.output


def test_cli_negative_measure_names_file_line_and_column(tmp_path):
    # Defect (user review): a negative pressure was reported as "measured_pa : doit être
    # supérieur ou égal à 0.0 (valeur lue : -120.0)", without file, line or the user's column.
    folder = _write(tmp_path / "bad", "A1;T3;3;autoréglable\n",
                    "A1;B1;cuisine;base;pression;-120,5;80;160;\n")
    res = runner.invoke(app, ["ventilation", "verifier", str(folder), "--sortie",
                              str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "mesures.csv, ligne 2, colonne « mesure »" in res.output
    assert "(valeur lue : -120,5)" in res.output
    assert "measured_pa" not in res.output and "0.0" not in res.output
    assert not (tmp_path / "out").exists()
