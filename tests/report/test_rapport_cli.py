"""CLI ``perfqual rapport`` and ``perfqual rex``: exit codes 0 / 2, nothing written on bad input."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from perfqual.cli import app
from perfqual_test_support import load_test_helper

small_store = load_test_helper("aggregate", "small_store").small_store


runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "rex.duckdb"
    small_store(path)
    return path


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_rapport_writes_one_self_contained_page(tmp_path, datasets_dir):
    out = tmp_path / "fiche"
    res = _run("rapport", datasets_dir / "demo" / "cite_des_fleurs", "-o", out)
    assert res.exit_code == 0, res.output
    assert [p.name for p in out.iterdir()] == ["fiche_operation.html"]
    html = (out / "fiche_operation.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 4
    for external in ('src="http', "src='http", 'href="http', "url(http", "@import"):
        assert external not in html  # no external resource (cited URLs are plain text)
    assert "<script" not in html
    assert "Comparaison des méthodes et seuils : renseignée" in res.output
    assert "non disponible dans cette version" not in res.output


def test_rapport_bad_operation_exits_2_and_writes_nothing(tmp_path, datasets_dir):
    out = tmp_path / "fiche"
    res = _run("rapport", tmp_path / "absente.yaml", "-o", out)
    assert res.exit_code == 2
    assert "introuvable" in res.output
    assert not out.exists()


def test_rapport_bad_measurement_file_exits_2(tmp_path, datasets_dir):
    # a copy of the demo whose ventilation readings are corrupted: French error naming the file
    op = tmp_path / "op"
    shutil.copytree(datasets_dir / "demo" / "cite_des_fleurs", op)
    (op / "ventilation" / "mesures.csv").write_text("logement;bouche\nC-001\n", encoding="utf-8")
    out = tmp_path / "fiche"
    res = _run("rapport", op, "-o", out)
    assert res.exit_code == 2, res.output
    assert "mesures.csv" in res.output
    assert not out.exists()


def test_rex_ajouter_then_synthese(tmp_path, datasets_dir):
    base = tmp_path / "rex.duckdb"
    res = _run("rex", "ajouter", datasets_dir / "demo" / "cite_des_fleurs", "--base", base)
    assert res.exit_code == 0, res.output
    assert "ajoutée" in res.output
    res = _run("rex", "ajouter", datasets_dir / "demo" / "cite_des_fleurs", "--base", base)
    assert res.exit_code == 0 and "remplacée" in res.output
    with duckdb.connect(str(base), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM operations").fetchone()[0] == 1
    res = _run("rex", "synthese", "--base", base, "--niveau", "programme")
    assert res.exit_code == 0, res.output
    assert "Conformité des ventilations" in res.output


def test_rex_synthese_small_store(store):
    res = _run("rex", "synthese", "--base", store)
    assert res.exit_code == 0, res.output
    assert "ERBM (toutes opérations)" in res.output
    assert "33,3\u00a0%" in res.output  # erbm_150: 1 disagreement in 3 pairs
    res = _run("rex", "synthese", "--base", store, "--operation", "op-c")
    assert res.exit_code == 0 and "op-a" not in res.output


@pytest.mark.parametrize("args, message", [
    (("rex", "synthese", "--base", "{tmp}/absente.duckdb"), "introuvable"),
    (("rex", "synthese", "--base", "{tmp}/texte.duckdb"), "illisible"),
    (("rex", "synthese", "--base", "{store}", "--operation", "inconnue"), "absente de la base"),
    (("rex", "synthese", "--base", "{store}", "--niveau", "region"), "niveau"),
    (("rex", "retirer", "inconnue", "--base", "{store}"), "absente de la base"),
    (("rex", "rapport", "-o", "{tmp}/sortie", "--base", "{tmp}/absente.duckdb"), "introuvable"),
    (("rex", "exporter", "-o", "{tmp}/sortie", "--base", "{store}", "--format", "xls"),
     "format"),
    (("rex", "ajouter", "{tmp}/absente", "--base", "{tmp}/r.duckdb"), "introuvable"),
])
def test_rex_bad_input_exits_2(tmp_path, store, args, message):
    (tmp_path / "texte.duckdb").write_text("pas une base\n" * 50, encoding="utf-8")
    res = _run(*(a.format(tmp=tmp_path, store=store) for a in args))
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert not (tmp_path / "sortie").exists()
    assert not (tmp_path / "r.duckdb").exists()


def test_rex_rapport_and_exports(tmp_path, store):
    res = _run("rex", "rapport", "-o", tmp_path / "rapport", "--base", store)
    assert res.exit_code == 0, res.output
    html = (tmp_path / "rapport" / "retour_experience.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4
    for fmt in ("csv", "parquet"):
        res = _run("rex", "exporter", "-o", tmp_path / fmt, "--base", store, "--format", fmt)
        assert res.exit_code == 0, res.output
        assert (tmp_path / fmt / "tables" / f"tenant_gains.{fmt}").exists()
        assert (tmp_path / fmt / "agregats" / f"methode_la_plus_proche.{fmt}").exists()
    parquet = tmp_path / "parquet" / "tables" / "tenant_gains.parquet"
    with duckdb.connect() as con:
        n = con.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()[0]
    assert n == 8
    text = (tmp_path / "csv" / "agregats" / "desaccord_seuils.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("level;group;threshold_id;n_pairs")


def test_rex_migrer_and_retirer(tmp_path, store):
    copy = tmp_path / "copie.duckdb"
    shutil.copy(store, copy)
    res = _run("rex", "migrer", "--base", copy)
    assert res.exit_code == 0 and "déjà au schéma" in res.output
    res = _run("rex", "retirer", "op-b", "--base", copy)
    assert res.exit_code == 0, res.output
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM operations").fetchone()[0] == 2
