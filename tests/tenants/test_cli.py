"""CLI ``perfqual locataires bilan`` and ``suivi`` through CliRunner: exit codes 0/1/2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from perfqual.cli import app

from .helpers import write_demo_forecast

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
LOC = DEMO / "locataires"
runner = CliRunner()
ACTIONS = ["--actions-3e-ligne", "isolation_toiture,isolation_murs,parois_vitrees"]
PERSONAL = ("Dupont", "Jeanne", "Mineurs", "14200")


def _bilan(tenants: Path, *extra: str, forecast: Path | None = None):
    """``bilan`` with a forecast file (``forecast``) or, without it, the engines' forecast."""
    prevision = [] if forecast is None else ["--prevision", str(forecast)]
    return runner.invoke(app, [
        "locataires", "bilan", str(DEMO / "operation.yaml"), str(tenants), *prevision,
        "--tarifs", str(LOC / "tarifs.csv"), *extra])


def _one_tenant_file(tmp_path: Path, extra_header: str = "", extra_cells: str = "",
                     replace: tuple[str, str] | None = None) -> Path:
    lines = [ln for ln in (LOC / "locataires.csv").read_text("utf-8").splitlines()
             if not ln.startswith("#")]
    row = lines[1]  # C-001, a tenant who gains
    if replace:
        row = row.replace(*replace)
    path = tmp_path / "locataires.csv"
    path.write_text(f"{lines[0]}{extra_header}\n{row}{extra_cells}\n", "utf-8")
    return path


def test_bilan_demo_from_file_exit_1_writes_everything_regression(tmp_path):
    out = tmp_path / "sortie"
    forecast = write_demo_forecast(tmp_path / "prevision.csv")
    result = _bilan(LOC / "locataires.csv", *ACTIONS, "--objectif-loyers-eur-an", "600 000",
                    "--sortie", str(out), forecast=forecast)
    assert result.exit_code == 1, result.output
    assert ("Prévision : prévision lue dans le fichier prevision.csv (source déclarée : valeur "
            "de test choisie à la main)") in result.output
    assert "[thcex] 25/118 locataires en perte" in result.output
    assert "perte de pouvoir d'achat [thcex" in result.output  # French label on screen
    assert "PERTE_POUVOIR_ACHAT" in (out / "alertes_locataires.csv").read_text("utf-8")
    assert sorted(p.name for p in out.iterdir()) == [
        "alertes_locataires.csv", "bilan_locataires.csv", "repartition_gains.png",
        "vue_operation.csv"]
    table = (out / "bilan_locataires.csv").read_text("utf-8").splitlines()
    assert len(table) == 1 + 2 * 118
    view = (out / "vue_operation.csv").read_text("utf-8")
    assert "L-0" not in view and "C-0" not in view  # shareable: no identifier at all
    assert "600000" in view


def _engine_after_kwh(dwelling: str, typology: str, method: str) -> float:
    """Heating + DHW final energy of one dwelling after variante_2, simulated on its own."""
    from perfqual.api import simulate_iso52016
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.io.operation import load_operation
    from perfqual.models.resolve import resolve_building
    from perfqual.thcex_api import simulate_thcex

    op = load_operation(DEMO / "operation.yaml")
    b = resolve_building(op, typology, "variante_2", dwelling)
    simulate = simulate_thcex if method == "thcex" else simulate_iso52016
    (res,) = simulate([b], climate_for_operation(op), climate_zone="H1a", altitude_m=45.0)
    return sum(sum(res.final_energy_kwh[u].values()) for u in ("chauffage", "ecs"))


def test_bilan_default_forecast_is_computed_by_both_engines_per_dwelling(tmp_path):
    # Without --prevision both engines simulate every dwelling (its position in the row) in one
    # batch per method; the forecast of a dwelling equals its own simulation run alone.
    out = tmp_path / "sortie"
    result = _bilan(LOC / "locataires.csv", *ACTIONS, "--sortie", str(out))
    assert result.exit_code == 1, result.output  # C-021, J-030 above the cap: engine-independent
    assert ("Prévision : prévision calculée par perfqual : Th-C-E ex et EN ISO 52016-1, climat "
            "H1a-bassin-minier – Lille-Lesquin") in result.output
    assert "118 logements × 2 états : etat_initial, variante_2" in result.output
    assert "[thcex] " in result.output and "[iso52016] " in result.output
    lines = (out / "bilan_locataires.csv").read_text("utf-8").splitlines()
    header = lines[0].split(";")
    rows = {(r[1], r[2]): r for r in (ln.split(";") for ln in lines[1:])}
    col = header.index("conso_prevue_apres_kwh_an")
    for dwelling, method in (("C-001", "thcex"), ("C-002", "thcex"), ("C-001", "iso52016")):
        printed = float(rows[(dwelling, method)][col].replace(",", "."))
        assert abs(printed - _engine_after_kwh(dwelling, "coron", method)) <= 0.006
    # positions matter: an end-of-row coron (C-001) loses more heat than a middle one (C-002)
    assert float(rows[("C-001", "thcex")][col].replace(",", ".")) > float(
        rows[("C-002", "thcex")][col].replace(",", "."))


def test_bilan_exit_0_when_every_tenant_gains(tmp_path):
    result = _bilan(_one_tenant_file(tmp_path), *ACTIONS,
                    forecast=write_demo_forecast(tmp_path / "prevision.csv"))
    assert result.exit_code == 0, result.output
    assert "0/1 locataires en perte" in result.output


def test_bilan_eligibility_not_shown_is_blocking(tmp_path):
    result = _bilan(_one_tenant_file(tmp_path))
    assert result.exit_code == 1
    assert "3e ligne demandée sans travaux éligibles démontrés" in result.output


def test_bilan_personal_columns_never_leave(tmp_path):
    path = _one_tenant_file(tmp_path, ";nom;prenom;adresse;revenus_eur_an",
                            ";Dupont;Jeanne;3 rue des Mineurs;14200")
    out = tmp_path / "sortie"
    result = _bilan(path, *ACTIONS, "--detail", "--sortie", str(out),
                    forecast=write_demo_forecast(tmp_path / "prevision.csv"))
    assert result.exit_code == 0, result.output
    produced = result.output + "".join(
        p.read_text("utf-8") for p in out.iterdir() if p.suffix == ".csv")
    for secret in PERSONAL:
        assert secret not in produced
    assert "L-0001" in (out / "bilan_locataires.csv").read_text("utf-8")


def test_bilan_negative_charges_exit_2_nothing_written(tmp_path):
    path = _one_tenant_file(tmp_path, replace=(";2298,32;", ";-2298,32;"))
    out = tmp_path / "sortie"
    result = _bilan(path, *ACTIONS, "--sortie", str(out))
    assert result.exit_code == 2
    assert "ligne 2" in result.output
    assert "colonne « charges_chauffage_avant_eur_an »" in result.output
    assert not out.exists()


def test_bilan_unknown_dwelling_and_bad_options_exit_2(tmp_path):
    path = _one_tenant_file(tmp_path, replace=("C-001;", "Z-999;"))
    result = _bilan(path, *ACTIONS)
    assert result.exit_code == 2
    assert "« Z-999 » inconnu de l'opération" in result.output
    ok = _one_tenant_file(tmp_path)
    forecast = write_demo_forecast(tmp_path / "prevision.csv")
    assert _bilan(ok, "--scenario", "variante_9").exit_code == 2
    assert _bilan(ok, "--scenario", "variante_9", forecast=forecast).exit_code == 2
    assert _bilan(ok, "--scenario", "variante_3", forecast=forecast).exit_code == 2  # not in file
    assert _bilan(ok, "--methode", "3cl").exit_code == 2
    assert "méthode « 3cl » inconnue" in _bilan(ok, "--methode", "3cl", forecast=forecast).output
    bad = tmp_path / "mauvaise.csv"
    bad.write_text("logement;scenario;methode;usage;energie;conso_kwh_an;source\n"
                   "coron;variante_2;thcex;chauffage;gaz;-5;x\n", "utf-8")
    res = _bilan(ok, forecast=bad)
    assert res.exit_code == 2 and "mauvaise.csv" in res.output and "ligne 2" in res.output
    assert _bilan(ok, "--regime", "inconnu").exit_code == 2
    assert _bilan(ok, "--objectif-loyers-eur-an", "beaucoup").exit_code == 2
    assert _bilan(tmp_path / "absent.csv").exit_code == 2


def _suivi(*extra: str, forecast: Path | None = None):
    prevision = [] if forecast is None else ["--prevision", str(forecast)]
    return runner.invoke(app, [
        "locataires", "suivi", str(DEMO / "operation.yaml"), str(LOC / "releves_2027_2028.csv"),
        *prevision, "--dju", str(LOC / "dju_mensuels_synthetiques.csv"), *extra])


def test_suivi_from_file_exit_1_regression(tmp_path):
    out = tmp_path / "suivi"
    result = _suivi("--dju-reference", "2510", "--sortie", str(out),
                    forecast=write_demo_forecast(tmp_path / "prevision.csv"))
    assert result.exit_code == 1, result.output
    assert "prévision lue dans le fichier prevision.csv" in result.output
    assert "C-003 2027-2028 [thcex]" in result.output and "SURCONSOMMATION" in result.output
    assert {p.name for p in out.iterdir()} == {"suivi_consommations.csv",
                                               "suivi_consommations.png"}


def test_suivi_default_forecast_from_engines(tmp_path):
    out = tmp_path / "suivi"
    result = _suivi("--dju-reference", "2510", "--sortie", str(out))
    assert result.exit_code in (0, 1), result.output
    assert ("prévision calculée par perfqual : Th-C-E ex et EN ISO 52016-1, climat "
            "H1a-bassin-minier") in result.output
    assert "10 logements × 2 états" in result.output  # only the followed dwellings
    lines = (out / "suivi_consommations.csv").read_text("utf-8").splitlines()
    assert len(lines) == 1 + 10 * 2
    assert ("Logements à accompagner : 0" in result.output) == (result.exit_code == 0)


def test_suivi_exit_0_with_wide_threshold(tmp_path):
    result = _suivi("--dju-reference", "2510", "--seuil-derive-pct", "1000", "--methode", "thcex",
                    forecast=write_demo_forecast(tmp_path / "prevision.csv"))
    assert result.exit_code == 0, result.output
    assert "Logements à accompagner : 0" in result.output
    assert "[iso52016]" not in result.output


def test_suivi_reference_degree_days_from_operation_climate(tmp_path):
    # Without --dju-reference the reference DJU are those of the operation's typical year
    # (Lille-Lesquin for the Pas-de-Calais demo), computed by perfqual.climate.
    from perfqual.climate.stats import heating_degree_days
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.io.operation import load_operation

    out = tmp_path / "suivi"
    forecast = write_demo_forecast(tmp_path / "prevision.csv")
    result = _suivi("--sortie", str(out), forecast=forecast)
    assert result.exit_code in (0, 1), result.output
    op = load_operation(DEMO / "operation.yaml")
    expected = heating_degree_days(climate_for_operation(op), 18.0).annual_k_day
    assert f"DJU de référence {format(expected, 'g').replace('.', ',')} K·jour" in result.output
    assert _suivi("--dju-reference", "-5", forecast=forecast).exit_code == 2
    assert _suivi("--methode", "3cl").exit_code == 2
    assert _suivi("--scenario", "variante_9").exit_code == 2


def test_suivi_header_numbers_with_decimal_comma(tmp_path):
    # Defect (user review): "DJU de référence 2458.99 K·jour" (decimal point in French text).
    result = _suivi("--dju-reference", "2510,4", "--seuil-derive-pct", "12,5",
                    forecast=write_demo_forecast(tmp_path / "prevision.csv"))
    assert result.exit_code == 1, result.output
    assert "DJU de référence 2510,4 K·jour, seuil ± 12,5 %" in result.output
