"""Both reports render in a real browser (headless Chromium): title, sections, images, no error.

Marked ``browser``; skipped with a clear reason when Chromium or Playwright is missing. The
screenshots are saved in the test's output folder (``tmp_path``) and their paths printed.
"""

from __future__ import annotations

import pytest

from perfqual_test_support import load_test_helper

small_store = load_test_helper("aggregate", "small_store").small_store
render_page = load_test_helper("report", "browser").render_page


pytestmark = pytest.mark.browser

DEMO = "datasets/demo/cite_des_fleurs"


def _check_clean(info: dict) -> None:
    assert info["console_errors"] == []
    assert info["page_errors"] == []
    assert info["external_requests"] == []  # self-contained: no CDN, no web font
    assert info["images"], "aucune figure"
    for alt, width, complete in info["images"]:
        assert complete and width > 0, f"image non chargée : {alt}"


def test_operation_report_in_chromium(tmp_path, datasets_dir):
    from perfqual.report.html import write_operation_report
    from perfqual.store.gather import gather_operation

    html = write_operation_report(gather_operation(datasets_dir / "demo" / "cite_des_fleurs"),
                                  tmp_path / "fiche")
    shot = tmp_path / "fiche_operation.png"
    info = render_page(html, shot)
    print(f"\ncapture d'écran : {shot}")
    assert shot.stat().st_size > 10_000
    assert info["title"] == "Fiche de suivi d'opération — Cité des Fleurs"
    for title in ("Identité et phase", "Comparaison des méthodes", "étanchéité à l'air",
                  "échantillonnage", "ventilations", "Humidité", "Registre qualité",
                  "Bilan des locataires", "Suivi des consommations"):
        assert any(title.lower() in h.lower() for h in info["h2"]), title
    assert len(info["images"]) >= 4
    _check_clean(info)
    assert "Non disponible dans cette version" not in info["body_text"]
    assert "Impact sur la décision" in info["body_text"]  # the energy section is wired
    assert "désaccord entre méthodes" in info["body_text"]
    assert "L-0001" not in info["body_text"]  # tenants are never listed one by one


def test_rex_report_in_chromium(tmp_path):
    from perfqual.report.html import write_rex_report

    store = tmp_path / "rex.duckdb"
    small_store(store)
    html = write_rex_report(store, tmp_path / "rex")
    shot = tmp_path / "retour_experience.png"
    info = render_page(html, shot)
    print(f"\ncapture d'écran : {shot}")
    assert info["title"] == "Retour d'expérience — programme de rénovation"
    assert any("Méthode la plus proche" in h for h in info["h2"])
    assert len(info["images"]) == 4
    _check_clean(info)
    assert "ERBM (toutes opérations)" in info["body_text"]
