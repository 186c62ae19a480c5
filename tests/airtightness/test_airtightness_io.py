"""Reading blower-door files: formats, units, and clear French errors for malformed files."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose
from tests.airtightness.helpers import DATASETS, power_law_rows, write_test_file

from perfqual.errors import InputError
from perfqual.io.blower_door import read_blower_door_file, read_blower_door_folder


def test_read_tv_a2_file_reference():
    t = read_blower_door_file(DATASETS / "reference" / "blower_door_tv_a2" / "essai.csv")
    assert t.test_id == "TV-A2" and t.method == 2
    assert_allclose([t.volume_m3, t.a_tbat_m2, t.temp_ext_c, t.pressure_pa],
                    [180.0, 150.0, 5.0, 101325.0])
    d = t.direction("depressurisation")
    assert d.baseline_before_pa == (-1.2,) and d.baseline_after_pa == (-0.8,)
    assert d.dp_measured_pa[0] == -11.0 and d.q_fan_m3_per_h[-1] == 384.0


def test_comma_delimiter_decimal_comma_units_and_accents(tmp_path):
    rows = power_law_rows()
    path = write_test_file(tmp_path / "a.csv", rows, delimiter=";", decimal_comma=True,
                           meta={"Température intérieure": "293,15 K", "pression_barometrique":
                                 "1013,25 hPa", "vent": "18 km/h", "humidite_relative": "50 %"},
                           drop=("temperature_interieure",))
    t = read_blower_door_file(path)
    assert_allclose([t.temp_int_c, t.pressure_pa, t.wind_m_per_s, t.rel_humidity_frac],
                    [20.0, 101325.0, 5.0, 0.5], rtol=1e-12)
    path2 = write_test_file(tmp_path / "b.csv", rows, delimiter=",")
    assert read_blower_door_file(path2).direction("depressurisation").q_fan_m3_per_h == \
        t.direction("depressurisation").q_fan_m3_per_h


def test_flow_in_litres_per_second(tmp_path):
    rows = [(s, k, dp, "" if q == "" else repr(float(q) / 3.6)) for s, k, dp, q in
            power_law_rows()]
    path = write_test_file(tmp_path / "ls.csv", rows,
                           header=("sens", "type", "Δp (Pa)", "débit (L/s)"))
    ref = read_blower_door_file(write_test_file(tmp_path / "m3h.csv"))
    assert_allclose(read_blower_door_file(path).directions[0].q_fan_m3_per_h,
                    ref.directions[0].q_fan_m3_per_h, rtol=1e-12)


def test_shared_zero_rows_apply_to_both_directions(tmp_path):
    rows = [("", "zéro avant", "-1.0", "")]
    rows += [r for r in power_law_rows("dépressurisation", before=(), after=())]
    rows += [r for r in power_law_rows("pressurisation", before=(), after=())]
    rows += [("les deux", "zéro après", "-0.5", "")]
    t = read_blower_door_file(write_test_file(tmp_path / "both.csv", rows))
    assert [d.direction for d in t.directions] == ["depressurisation", "pressurisation"]
    for d in t.directions:
        assert d.baseline_before_pa == (-1.0,) and d.baseline_after_pa == (-0.5,)


def test_xlsx_with_metadata_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["sens", "type", "Δp (Pa)", "débit (m³/h)"])
    for s, k, dp, q in power_law_rows():
        ws.append([s, k, float(dp), None if q == "" else float(q)])
    meta = wb.create_sheet("metadonnees")
    meta.append(["clé", "valeur"])
    for k, v in {"methode": 2, "volume": "180 m³", "atbat": "150 m²",
                 "temperature_interieure": 20, "temperature_exterieure": 20,
                 "altitude": "45 m"}.items():
        meta.append([k, v])
    path = tmp_path / "essai.xlsx"
    wb.save(path)
    t = read_blower_door_file(path)
    assert t.test_id == "essai" and t.altitude_m == 45.0 and t.pressure_pa is None
    assert len(t.directions[0].dp_measured_pa) == 7


def test_folder_reader_sorted_and_unique(tmp_path):
    write_test_file(tmp_path / "b.csv", meta={"essai": "B"})
    write_test_file(tmp_path / "a.csv", meta={"essai": "A"})
    (tmp_path / "notes.txt").write_text("ignored")
    assert [t.test_id for t in read_blower_door_folder(tmp_path)] == ["A", "B"]
    write_test_file(tmp_path / "c.csv", meta={"essai": "A"})
    with pytest.raises(InputError, match="déjà utilisé"):
        read_blower_door_folder(tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"meta": {"couleur": "bleu"}}, r"ligne 11 : clé de métadonnée inconnue « couleur »"),
        ({"drop": ("volume",)}, "obligatoire.*volume"),
        ({"drop": ("pression_barometrique",)}, "pression_barometrique \\(ou altitude\\)"),
        ({"meta": {"volume": "180 kg"}}, "« volume » : .*incompatible"),
        ({"meta": {"methode": "B"}}, "méthode 1, 2 ou 3"),
        ({"meta": {"volume": ""}}, "valeur absente"),
        ({"header": ("sens", "type", "Δp (Pa)", "vitesse")}, "colonne inconnue « vitesse »"),
        ({"header": ("sens", "Δp (Pa)", "débit (m³/h)", "x")}, "colonne inconnue|absente"),
        ({"rows": [("dépressurisation", "palier", "abc", "10")]},
         "ligne 12 : colonne « Δp \\(Pa\\) » : « abc »"),
        ({"rows": [("dépressurisation", "palier", "-10", "")]}, "ligne 12 : débit absent"),
        ({"rows": [("aspiration", "palier", "-10", "5")]},
         "ligne 12 : colonne « sens » : « aspiration » inconnu"),
        ({"rows": [("dépressurisation", "mesurage", "-10", "5")]}, "« mesurage » inconnu"),
        ({"rows": [("", "palier", "-10", "5")]}, "préciser son sens"),
        ({"rows": [("dépressurisation", "zéro avant", "-1", "")]}, "aucun palier"),
        ({"rows": power_law_rows(before=())}, "zéro avant"),
    ],
)
def test_malformed_files_name_file_line_and_column(tmp_path, kwargs, match):
    path = write_test_file(tmp_path / "mauvais.csv", **kwargs)
    with pytest.raises(InputError, match=match) as info:
        read_blower_door_file(path)
    assert "mauvais.csv" in str(info.value)


def test_wrong_sign_and_ranges_name_file_and_key(tmp_path):
    rows = [(s, k, dp.lstrip("-") if k == "palier" else dp, q) for s, k, dp, q in
            power_law_rows()]
    with pytest.raises(InputError, match="signe.csv : sens n° 1 : .*négative"):
        read_blower_door_file(write_test_file(tmp_path / "signe.csv", rows))
    with pytest.raises(InputError, match="t.csv : temperature_exterieure : .*50"):
        read_blower_door_file(write_test_file(tmp_path / "t.csv",
                                              meta={"temperature_exterieure": "80 °C"}))


def test_duplicate_key_and_missing_file(tmp_path):
    path = write_test_file(tmp_path / "dup.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text("# volume: 100 m³\n" + text, encoding="utf-8")
    with pytest.raises(InputError, match="déjà donnée"):
        read_blower_door_file(path)
    with pytest.raises(InputError, match="introuvable"):
        read_blower_door_file(tmp_path / "absent.csv")
    with pytest.raises(InputError, match="introuvable"):
        read_blower_door_folder(tmp_path / "absent")
    (tmp_path / "vide").mkdir()
    with pytest.raises(InputError, match="aucun fichier"):
        read_blower_door_folder(tmp_path / "vide")
