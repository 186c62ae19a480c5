"""Reading the tenant files: demo file, refusals with file/line/column, personal data dropped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfqual.errors import InputError
from perfqual.io.tenancy import (
    check_records_against_operation,
    check_tenants_against_operation,
    read_forecast,
    read_monthly_degree_days,
    read_records,
    read_tariffs,
    read_tenants,
)

from .helpers import context, write_demo_forecast

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
HEADER = ("logement;locataire;loyer_avant_eur_mois;loyer_apres_eur_mois;surface_utile_avant_m2;"
          "surface_utile_apres_m2;loyer_plafond_eur_m2_mois;charges_chauffage_avant_eur_an")


def _write(tmp_path: Path, *lines: str, name: str = "locataires.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_demo_tenant_file_regression():
    tenants = read_tenants(DEMO / "locataires" / "locataires.csv")
    assert len(tenants) == 118  # 120 dwellings, 2 vacant
    c001 = tenants[0]
    assert (c001.dwelling_id, c001.tenant_id) == ("C-001", "L-0001")
    # SU before = 68 + 6/2 ; after = (68 − 0.113 × 22.4) + 3
    assert c001.useful_area_before_m2 == pytest.approx(71.0, rel=1e-12)
    assert c001.useful_area_after_m2 == pytest.approx(68.4688, rel=1e-12)
    assert "doublée" in c001.useful_area_source
    assert all(t.tenant_id.startswith("L-") for t in tenants)


def test_minimal_file_and_units_analytic(tmp_path):
    path = _write(tmp_path, HEADER, "D1;L-0001;400,00;420;70 m²;6750 dm²;6,10;1 850,00 €")
    (rec,) = read_tenants(path)
    assert rec.useful_area_after_m2 == pytest.approx(67.5, rel=1e-12)
    assert rec.heating_charges_before_eur_per_year == Decimal("1850.00")
    assert rec.source_line == f"{path}, ligne 2"


def test_surface_after_larger_without_measure_is_refused(tmp_path):
    path = _write(tmp_path, HEADER, "D1;L-0001;400;420;70;72;6,10;1850")
    with pytest.raises(InputError, match="mesure_surface") as exc:
        read_tenants(path)
    assert f"{path}, ligne 2" in str(exc.value)
    ok = _write(tmp_path, HEADER + ";mesure_surface",
                "D1;L-0001;400;420;70;72;6,10;1850;fermeture de la loggia", name="ok.csv")
    assert read_tenants(ok)[0].useful_area_after_m2 == 72.0


def test_negative_charges_are_refused_with_column(tmp_path):
    path = _write(tmp_path, HEADER, "D1;L-0001;400;420;70;70;6,10;1850",
                  "D2;L-0002;400;420;70;70;6,10;-12")
    with pytest.raises(InputError) as exc:
        read_tenants(path)
    msg = str(exc.value)
    assert f"{path}, ligne 3" in msg
    assert "colonne « charges_chauffage_avant_eur_an »" in msg
    assert "supérieur ou égal à 0" in msg


@pytest.mark.parametrize("row, match", [
    ("D1;L-0001;400;420;70;70;6,10;abc", "n'est pas un montant"),
    ("D1;L-0001;400,123;420;70;70;6,10;1850", "au centime"),
    ("D1;L 0001;400;420;70;70;6,10;1850", "pseudonyme"),
    ("D1;L-0001;400;420;70 kg;70;6,10;1850", "incompatible"),
])
def test_bad_cells_are_refused(tmp_path, row, match):
    with pytest.raises(InputError, match=match):
        read_tenants(_write(tmp_path, HEADER, row))


def test_duplicates_are_refused(tmp_path):
    path = _write(tmp_path, HEADER, "D1;L-0001;400;420;70;70;6,10;1850",
                  "D1;L-0002;400;420;70;70;6,10;1850")
    with pytest.raises(InputError, match="déjà présent ligne 2"):
        read_tenants(path)


def test_contribution_without_duration_is_refused(tmp_path):
    path = _write(tmp_path, HEADER + ";contribution_3e_ligne_eur_mois",
                  "D1;L-0001;400;420;70;70;6,10;1850;10")
    with pytest.raises(InputError, match="durée"):
        read_tenants(path)


def test_surface_from_living_area_and_lining_analytic(tmp_path):
    header = ("logement;locataire;loyer_avant_eur_mois;loyer_apres_eur_mois;"
              "surface_habitable_avant_m2;surface_annexes_avant_m2;plafond_demi_annexes_m2;"
              "doublage_epaisseur;doublage_longueur_murs;loyer_plafond_eur_m2_mois;"
              "charges_chauffage_avant_eur_an")
    path = _write(tmp_path, header, "D1;L-0001;400;420;62;20;8;12 cm;25 m;6,10;1850")
    (rec,) = read_tenants(path)
    assert rec.useful_area_before_m2 == pytest.approx(70.0, rel=1e-12)  # 62 + min(10, 8)
    assert rec.useful_area_after_m2 == pytest.approx(67.0, rel=1e-12)  # 62 − 3 + 8
    both = _write(tmp_path, HEADER + ";surface_habitable_avant_m2",
                  "D1;L-0001;400;420;70;70;6,10;1850;62", name="both.csv")
    with pytest.raises(InputError, match="pas les deux"):
        read_tenants(both)


def test_personal_columns_are_dropped(tmp_path):
    path = _write(tmp_path, HEADER + ";nom;prenom;adresse;revenus_eur_an",
                  "D1;L-0001;400;420;70;70;6,10;1850;Dupont;Jeanne;3 rue des Mineurs;14 200")
    (rec,) = read_tenants(path)
    dumped = repr(rec.model_dump())
    for secret in ("Dupont", "Jeanne", "Mineurs", "14 200"):
        assert secret not in dumped


def test_tenant_id_containing_the_name_is_refused(tmp_path):
    path = _write(tmp_path, HEADER + ";nom", "D1;DUPONT-12;400;420;70;70;6,10;1850;Dupont")
    with pytest.raises(InputError, match="contient son nom"):
        read_tenants(path)


def test_unknown_dwelling_is_refused(tmp_path):
    path = _write(tmp_path, HEADER, "D9;L-0009;400;420;70;70;6,10;1850")
    tenants = read_tenants(path)
    with pytest.raises(InputError, match="« D9 » inconnu") as exc:
        check_tenants_against_operation(tenants, context())
    assert f"{path}, ligne 2, colonne « logement »" in str(exc.value)
    other = read_tenants(_write(tmp_path, HEADER, "D1;L-0999;400;420;70;70;6,10;1850",
                                name="autre.csv"))
    with pytest.raises(InputError, match="différent"):
        check_tenants_against_operation(other, context())


def test_tariffs_forecast_records_degree_days(tmp_path):
    tariffs = read_tariffs(DEMO / "locataires" / "tarifs.csv")
    assert tariffs["gaz"].price_eur_per_kwh == Decimal("0.1050")
    forecast = read_forecast(write_demo_forecast(tmp_path / "prevision.csv"))
    assert forecast.methods == ("thcex", "iso52016")
    assert forecast.scenarios == ("etat_initial", "variante_2")
    records = read_records(DEMO / "locataires" / "releves_2027_2028.csv")
    assert len(records) == 80
    dd = read_monthly_degree_days(DEMO / "locataires" / "dju_mensuels_synthetiques.csv")
    assert dd[(2028, 1)] == 440.0
    bad = _write(tmp_path, "logement;debut;fin;energie;conso_kwh",
                 "C-001;2027-10-31;2027-10-01;gaz;100", name="r.csv")
    with pytest.raises(InputError, match="antérieure"):
        read_records(bad)
    both = _write(tmp_path, "logement;debut;fin;energie;conso_kwh;montant_eur",
                  "C-001;01/10/2027;31/10/2027;gaz;100;12,00", name="r2.csv")
    with pytest.raises(InputError, match="pas les deux"):
        read_records(both)
    unknown = read_records(_write(tmp_path, "logement;debut;fin;energie;conso_kwh",
                                  "X-1;2027-10-01;2027-10-31;gaz;100", name="r3.csv"))
    with pytest.raises(InputError, match="inconnu"):
        check_records_against_operation(unknown, context())
    dup = _write(tmp_path, "energie;prix_eur_kwh;source", "gaz;0,1;a", "gaz;0,2;b", name="t.csv")
    with pytest.raises(InputError, match="double"):
        read_tariffs(dup)
    neg = _write(tmp_path, "mois;dju", "2027-13;10", name="d.csv")
    with pytest.raises(InputError, match="AAAA-MM"):
        read_monthly_degree_days(neg)


def test_xlsx_tenant_file(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(";"))
    ws.append(["D1", "L-0001", 400, 420.5, 70, "67,5 m²", 6.1, 1850.25])
    path = tmp_path / "locataires.xlsx"
    wb.save(path)
    (rec,) = read_tenants(path)
    assert rec.rent_after_eur_per_month == Decimal("420.5")
    assert rec.rent_cap_eur_per_m2_month == Decimal("6.1")
    assert rec.heating_charges_before_eur_per_year == Decimal("1850.25")
    assert rec.useful_area_after_m2 == 67.5


def test_duplicate_forecast_row_is_refused(tmp_path):
    header = "logement;scenario;methode;usage;energie;conso_kwh_an;source"
    path = _write(tmp_path, header, "D1;apres;thcex;chauffage;gaz;100;a",
                  "D1;apres;thcex;chauffage;gaz;200;b", name="p.csv")
    with pytest.raises(InputError, match="déjà ligne 2") as exc:
        read_forecast(path)
    assert f"{path}, ligne 3" in str(exc.value)
    bad = _write(tmp_path, header, "D1;apres;3cl;chauffage;gaz;100;a", name="p2.csv")
    with pytest.raises(InputError, match="colonne « methode »"):
        read_forecast(bad)
