"""CLI ``perfqual simuler`` and ``perfqual exporter-energyplus``: exit codes 0 and 2."""

from __future__ import annotations

import json

from tests.iso52016.helpers import DATASETS
from typer.testing import CliRunner

from perfqual.cli import app

DEMO = str(DATASETS / "demo" / "cite_des_fleurs")
runner = CliRunner()


def test_simuler_table_ok():
    res = runner.invoke(app, ["simuler", DEMO, "--scenario", "etat_initial"])
    assert res.exit_code == 0, res.output
    assert "Cep total" in res.output and "coron" in res.output and "m² SHAB" in res.output


def test_simuler_json_and_csv_to_file(tmp_path):
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["simuler", DEMO, "--scenario", "variante_2", "--format", "json",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["resultats"]) == 3 and data["hypotheses"]
    res = runner.invoke(app, ["simuler", DEMO, "--scenario", "variante_2", "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[0].startswith("typologie;")


def test_simuler_bad_inputs_exit_2_and_write_nothing(tmp_path):
    out = tmp_path / "r.csv"
    res = runner.invoke(app, ["simuler", DEMO, "--scenario", "inconnu", "-o", str(out)])
    assert res.exit_code == 2 and "scénario(s) inconnu(s)" in res.output
    assert not out.exists()
    res = runner.invoke(app, ["simuler", DEMO, "--format", "xml"])
    assert res.exit_code == 2 and "format inconnu" in res.output
    res = runner.invoke(app, ["simuler", str(tmp_path)])
    assert res.exit_code == 2 and "operation.yaml" in res.output


def test_exporter_energyplus(tmp_path):
    out = tmp_path / "coron.idf"
    res = runner.invoke(app, ["exporter-energyplus", DEMO, "--typologie", "coron",
                              "--scenario", "variante_2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("! perfqual") and "ZoneHVAC:IdealLoadsAirSystem" in text
    assert "Site:GroundTemperature:BuildingSurface" in text
    res = runner.invoke(app, ["exporter-energyplus", DEMO, "--typologie", "tour"])
    assert res.exit_code == 2 and "typologie inconnue" in res.output
