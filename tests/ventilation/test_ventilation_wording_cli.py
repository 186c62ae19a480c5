"""French agreement of the counts printed by ``perfqual ventilation`` / ``echantillon``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfqual.cli import app
from perfqual.cli.ventilation import count_fr

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "datasets" / "demo" / "cite_des_fleurs" / "ventilation"
PLAN = RECORDS / "echantillonnage" / "plan_permeabilite.json"
runner = CliRunner()


@pytest.mark.parametrize(
    ("n", "word", "kwargs", "expected"),
    [
        (0, "mesuré", {}, "aucun mesuré"),
        (1, "mesuré", {}, "1 mesuré"),
        (2, "mesuré", {}, "2 mesurés"),
        (0, "non conforme", {"zero": "aucune"}, "aucune non conforme"),
        (0, "logement", {"zero": None}, "0 logement"),
        (120, "logement", {"zero": None}, "120 logements"),
    ],
)
def test_count_fr_regression(n: int, word: str, kwargs: dict, expected: str) -> None:
    assert count_fr(n, word, **kwargs) == expected


def test_couverture_singular_and_plural_regression() -> None:
    res = runner.invoke(app, ["echantillon", "couverture", str(PLAN), "--mesures",
                              str(RECORDS / "echantillonnage" / "mesures_permeabilite.csv")])
    assert res.exit_code == 0, res.output
    assert "isolee : 1 mesuré / 1 requis (8 logements)" in res.output
    assert "coron : 4 mesurés / 4 requis (72 logements)" in res.output
    assert "1 mesurés" not in res.output


def test_couverture_none_measured_regression(tmp_path: Path) -> None:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    first = plan["typologies"][0]["selectionnes"][0]
    short = tmp_path / "court.csv"
    short.write_text(f"logement\n{first}\n", encoding="utf-8")
    res = runner.invoke(app, ["echantillon", "couverture", str(PLAN), "--mesures", str(short)])
    assert res.exit_code == 1
    assert "aucun mesuré / 1 requis" in res.output
    assert "0 mesurés" not in res.output


def test_verifier_counts_agree_regression() -> None:
    res = runner.invoke(app, ["ventilation", "verifier", str(RECORDS)])
    assert res.exit_code == 1
    assert "aucun non conforme, 1 non mesurable" in res.output  # isolee
    assert "1 non conforme, aucun non mesurable" in res.output  # jumelee
    assert "aucune non conforme, aucune non mesurable sur 8 bouches" in res.output
    for wrong in ("0 non conformes", "1 non conformes", "0 non mesurables", "1 non mesurables"):
        assert wrong not in res.output
