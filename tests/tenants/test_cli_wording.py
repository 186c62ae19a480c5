"""``perfqual locataires bilan`` names the alerts in French on screen; codes stay in the CSV."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

import perfqual.qa.tenants as qa_tenants
from perfqual.cli import app
from perfqual.cli.locataires import FLAG_LABELS_FR

from .helpers import write_demo_forecast

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
LOC = DEMO / "locataires"
runner = CliRunner()


def test_every_flag_code_has_a_french_label_regression() -> None:
    codes = set(re.findall(r"``([A-Z_]{6,})``", qa_tenants.__doc__ or ""))
    assert codes and codes <= set(FLAG_LABELS_FR)
    for label in FLAG_LABELS_FR.values():
        assert label == label.lower() or label[0].isdigit()


def test_bilan_screen_shows_labels_csv_keeps_codes_regression(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    result = runner.invoke(app, [
        "locataires", "bilan", str(DEMO / "operation.yaml"), str(LOC / "locataires.csv"),
        "--prevision", str(write_demo_forecast(tmp_path / "prevision.csv")),
        "--tarifs", str(LOC / "tarifs.csv"),
        "--actions-3e-ligne", "isolation_toiture,isolation_murs,parois_vitrees",
        "--sortie", str(out)])
    assert result.exit_code == 1, result.output
    assert ("hausse de loyer + 3e ligne ≥ baisse prévue des charges [thcex/iso52016] ; "
            "perte de pouvoir d'achat [thcex/iso52016]") in result.output
    for code in FLAG_LABELS_FR:
        assert code not in result.output
    alerts = (out / "alertes_locataires.csv").read_text("utf-8")
    assert "HAUSSE_NON_COUVERTE" in alerts and "PERTE_POUVOIR_ACHAT" in alerts


def test_suivi_screen_shows_no_underscored_code_regression(tmp_path: Path) -> None:
    out = tmp_path / "suivi"
    result = runner.invoke(app, [
        "locataires", "suivi", str(DEMO / "operation.yaml"), str(LOC / "releves_2027_2028.csv"),
        "--prevision", str(write_demo_forecast(tmp_path / "prevision.csv")),
        "--dju", str(LOC / "dju_mensuels_synthetiques.csv"), "--dju-reference", "2510",
        "--sortie", str(out)])
    assert result.exit_code == 1, result.output
    assert "← SOUS-CONSOMMATION" in result.output and "SOUS_CONSOMMATION" not in result.output
    assert "SOUS_CONSOMMATION" in (out / "suivi_consommations.csv").read_text("utf-8")
