"""EPW reader and writer."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.climate.epw import read_epw, write_epw
from perfqual.errors import InputError

SERIES = ("temp_air_c", "ghi_w_per_m2", "dni_w_per_m2", "dhi_w_per_m2", "temp_sky_c",
          "wind_speed_m_per_s", "rel_humidity_frac")


def test_round_trip_analytic(lille, tmp_path):
    # Written to 0.01 °C, 0.01 W/m², 0.001 % RH, 0.001 m/s, IR to 0.01 W/m² (→ < 0.002 K).
    path = write_epw(lille, tmp_path / "lille.epw")
    back = read_epw(path)
    tol = {"temp_air_c": 0.0051, "ghi_w_per_m2": 0.0051, "dni_w_per_m2": 0.0051,
           "dhi_w_per_m2": 0.0051, "temp_sky_c": 0.002, "wind_speed_m_per_s": 0.00051,
           "rel_humidity_frac": 5.1e-6}
    for name in SERIES:
        assert_allclose(getattr(back, name), getattr(lille, name), atol=tol[name],
                        err_msg=name)
    assert back.name == lille.name
    assert back.assumptions == lille.assumptions
    assert back.source == lille.source
    assert_allclose([back.latitude_deg, back.longitude_deg, back.altitude_m],
                    [lille.latitude_deg, lille.longitude_deg, lille.altitude_m], atol=1e-4)


def _lines(lille, tmp_path):
    return write_epw(lille, tmp_path / "a.epw").read_text(encoding="utf-8").splitlines()


def _write(tmp_path, lines, name="b.epw"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_leap_year_file_drops_29_february(lille, tmp_path):
    lines = _lines(lille, tmp_path)
    head, rows = lines[:8], lines[8:]
    feb28 = [r for r in rows if r.split(",")[1:3] == ["2", "28"]]
    feb29 = [r.replace("2018,2,28,", "2016,2,29,").replace(",5.", ",55.") for r in feb28]
    i = rows.index(feb28[-1]) + 1
    back = read_epw(_write(tmp_path, head + rows[:i] + feb29 + rows[i:]))
    assert_allclose(back.temp_air_c, lille.temp_air_c, atol=0.0051)


def test_rotated_file_is_put_back_in_calendar_order(lille, tmp_path):
    lines = _lines(lille, tmp_path)
    head, rows = lines[:8], lines[8:]
    rotated = rows[181 * 24:] + rows[:181 * 24]  # a file starting on 1 July
    back = read_epw(_write(tmp_path, head + rotated))
    assert_allclose(back.temp_air_c, lille.temp_air_c, atol=0.0051)


def test_epw_hour_convention(lille, tmp_path):
    # EPW hour 1 = 00:00–01:00 → index 0; hour 24 of 31 December → index 8759.
    lines = _lines(lille, tmp_path)
    first = lines[8].split(",")
    last = lines[-1].split(",")
    assert first[1:4] == ["1", "1", "1"] and last[1:4] == ["12", "31", "24"]
    back = read_epw(_write(tmp_path, lines))
    assert_allclose(back.temp_air_c[0], float(first[6]), atol=1e-12)
    assert_allclose(back.temp_air_c[-1], float(last[6]), atol=1e-12)


@pytest.mark.parametrize(("mutate", "match"), [
    (lambda L: ["HELLO"] + L[1:], "ligne 1"),
    (lambda L: L[:8] + L[9:], "absente"),
    (lambda L: L[:8] + [L[8]] + L[8:], "en double"),
    (lambda L: L[:20] + [L[20].replace(",60,*,", ",60,*,abc,", 1)] + L[21:], "ligne 21"),
    (lambda L: L[:30] + [",".join(L[30].split(",")[:10])] + L[31:], "ligne 31"),
    (lambda L: L[:40] + [L[40].replace("2018,1,2,", "2018,13,2,", 1)] + L[41:], "mois 13"),
])
def test_malformed_files_name_the_line(lille, tmp_path, mutate, match):
    with pytest.raises(InputError, match=match) as err:
        read_epw(_write(tmp_path, mutate(_lines(lille, tmp_path))))
    assert "b.epw" in str(err.value)


def test_missing_value_refused(lille, tmp_path):
    lines = _lines(lille, tmp_path)
    f = lines[100].split(",")
    f[6] = "99.9"
    lines[100] = ",".join(f)
    with pytest.raises(InputError, match="ligne 101 : température sèche manquante"):
        read_epw(_write(tmp_path, lines))


def test_missing_infrared_estimated_and_flagged(lille, tmp_path):
    lines = _lines(lille, tmp_path)
    for k in range(8, 8 + 48):
        f = lines[k].split(",")
        f[12], f[23] = "9999", "8"
        lines[k] = ",".join(f)
    back = read_epw(_write(tmp_path, lines))
    assert any("Clark & Allen" in a for a in back.assumptions)
    assert np.all(back.temp_sky_c[:48] < back.temp_air_c[:48])


def test_file_not_found(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        read_epw(tmp_path / "absent.epw")
