"""Validation of the synthetic typical year against a real hourly year (Lyon-Bron TMYx).

The monthly statistics of the real year ``../shared/weather/FRA_Lyon-Bron_TMYx.epw`` (TMYx
2004–2018, WMO 074800; not part of the repository — see ``shared/weather/SOURCE.md``) are fed to
:func:`perfqual.climate.synthetic.synthetic_year`; the synthetic year is then compared with the
real one: monthly means, daily range, irradiation, degree-days, humidity, wind, south-facing
vertical irradiation and temperature extremes. A second part checks the Hargreaves estimate of
GHI (used where no radiation data exist) on the same real year, and a third compares the
irradiation of the H1a defaults on a south wall with the 3CL-DPE 2021 zone table ``e``.

Run: ``python benchmarks/validation/climate_synthetic_vs_lyon.py`` (skips, saying so, when the
shared weather folder is absent). Results are reported in ``methods/climat.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from perfqual.climate.epw import read_epw
from perfqual.climate.model import DAYS_PER_MONTH, monthly_sums
from perfqual.climate.radiation import (
    K_RS_INTERIOR,
    extraterrestrial_daily_irradiation_kwh_per_m2,
    hargreaves_irradiation_kwh_per_m2,
)
from perfqual.climate.solar import surface_irradiance
from perfqual.climate.stats import heating_degree_days, monthly_statistics
from perfqual.climate.synthetic import synthetic_year, zone_climate

REPO = Path(__file__).resolve().parents[2]
LYON_EPW = REPO.parent / "shared" / "weather" / "FRA_Lyon-Bron_TMYx.epw"
MONTHS = ("jan", "fév", "mar", "avr", "mai", "jun", "jul", "aoû", "sep", "oct", "nov", "déc")

#: 3CL-DPE 2021 §18.2 table ``e`` (south vertical irradiation over heating hours, ilpa 0,
#: < 400 m), zone H1a, months whose heating hours cover (almost) the whole month
#: (nref19: Jan 744/744, Feb 672/672, Nov 715/720, Dec 744/744). Transcribed from the arrêté du
#: 31 mars 2021 annex 1 by Open3CL/engine @ bb583ee7 ``src/tv/18.2_sollicitations_ext.ods``.
E_3CL_H1A_KWH_PER_M2 = {0: 38.4, 1: 37.5, 10: 43.0, 11: 34.3}


def _row(label: str, values: np.ndarray, fmt: str = "{:7.1f}") -> str:
    return f"{label:<26}" + "".join(fmt.format(v) for v in values)


def compare_with_lyon() -> dict[str, float]:
    """Print the comparison table; return the headline figures."""
    real = read_epw(LYON_EPW)
    stats = monthly_statistics(real)
    synth = synthetic_year(stats, real.latitude_deg, real.longitude_deg, real.altitude_m,
                           real.utc_offset_h, name="Lyon-Bron synthétique")
    s_syn = monthly_statistics(synth)
    print(_row("", np.arange(12), "{:>7}").replace(
        "".join(f"{i:>7}" for i in range(12)), "".join(f"{m:>7}" for m in MONTHS)))
    out: dict[str, float] = {}
    for label, a, b in (
        ("T moy réel °C", stats.temp_mean_c, s_syn.temp_mean_c),
        ("amplitude réelle K", stats.temp_daily_range_k, s_syn.temp_daily_range_k),
        ("GHI réel kWh/m²", stats.ghi_kwh_per_m2, s_syn.ghi_kwh_per_m2),
        ("HR réelle %", 100 * stats.rel_humidity_frac, 100 * s_syn.rel_humidity_frac),
        ("vent réel m/s", stats.wind_speed_m_per_s, s_syn.wind_speed_m_per_s),
    ):
        print(_row(label, a))
        print(_row("  synthétique − réel", b - a, "{:7.2f}"))
    for method in ("moyenne_journaliere", "meteo_france"):
        r = heating_degree_days(real, 18.0, method)
        s = heating_degree_days(synth, 18.0, method)
        print(_row(f"DJU18 réel ({method[:7]})", r.monthly_k_day, "{:7.0f}"))
        print(_row("  synthétique", s.monthly_k_day, "{:7.0f}"))
        print(f"  année : réel {r.annual_k_day:.0f}, synthétique {s.annual_k_day:.0f} K·j "
              f"({100 * (s.annual_k_day / r.annual_k_day - 1):+.1f} %)")
        out[f"dju18_{method}_real"] = r.annual_k_day
        out[f"dju18_{method}_synth"] = s.annual_k_day
    for name, clim in (("réel", real), ("synthétique", synth)):
        dhi = monthly_sums(clim.dhi_w_per_m2) / 1000
        print(_row(f"DHI {name} kWh/m²", dhi))
    for az, lab in ((180.0, "sud"), (0.0, "nord"), (90.0, "est")):
        r_v = monthly_sums(surface_irradiance(real, 90.0, az).total_w_per_m2) / 1000
        s_v = monthly_sums(surface_irradiance(synth, 90.0, az).total_w_per_m2) / 1000
        print(_row(f"vertical {lab} réel kWh/m²", r_v))
        print(_row("  synthétique / réel − 1 %", 100 * (s_v / r_v - 1), "{:7.1f}"))
        out[f"vertical_{lab}_real"] = float(r_v.sum())
        out[f"vertical_{lab}_synth"] = float(s_v.sum())
        print(f"  année : réel {r_v.sum():.0f}, synthétique {s_v.sum():.0f} kWh/m²")
    for q in (0.0, 1.0, 99.0, 100.0):
        print(f"T percentile {q:>5.1f} : réel {np.percentile(real.temp_air_c, q):6.1f} °C, "
              f"synthétique {np.percentile(synth.temp_air_c, q):6.1f} °C")
    daily_real = real.temp_air_c.reshape(365, 24).mean(axis=1)
    month = np.repeat(np.arange(12), DAYS_PER_MONTH)
    anomaly = daily_real - (np.bincount(month, daily_real) / DAYS_PER_MONTH)[month]
    print(f"écart-type des moyennes journalières autour de la moyenne mensuelle (réel) : "
          f"{anomaly.std():.2f} K (synthétique : ~0,5 K, lissage seul)")
    print(f"T ciel − T air moyenne : réel {np.mean(real.temp_sky_c - real.temp_air_c):.1f} K, "
          f"synthétique {np.mean(synth.temp_sky_c - synth.temp_air_c):.1f} K")
    out["sky_minus_air_real"] = float(np.mean(real.temp_sky_c - real.temp_air_c))
    out["sky_minus_air_synth"] = float(np.mean(synth.temp_sky_c - synth.temp_air_c))
    return out


def hargreaves_on_lyon() -> None:
    """GHI estimated by FAO-56 eq. 50 (k_Rs interior) from the real daily range vs real GHI."""
    real = read_epw(LYON_EPW)
    stats = monthly_statistics(real)
    h0 = extraterrestrial_daily_irradiation_kwh_per_m2(np.arange(1, 366), real.latitude_deg)
    h0_month = np.bincount(np.repeat(np.arange(12), DAYS_PER_MONTH), h0)
    est = hargreaves_irradiation_kwh_per_m2(stats.temp_daily_range_k, h0_month, K_RS_INTERIOR)
    print(_row("Hargreaves k=0,16 / réel %", 100 * (est / stats.ghi_kwh_per_m2 - 1), "{:7.1f}"))
    print(f"  année : estimé {est.sum():.0f}, réel {stats.ghi_kwh_per_m2.sum():.0f} kWh/m²")


def h1a_south_wall_vs_3cl() -> None:
    """South-wall irradiation of the H1a defaults vs the 3CL-DPE table e (winter months)."""
    for key in ("H1a", "H1a-bassin-minier"):
        south = monthly_sums(surface_irradiance(zone_climate(key, 0.0), 90.0, 180.0)
                             .total_w_per_m2) / 1000
        parts = ", ".join(f"{MONTHS[m]} {south[m]:.1f} / {e:.1f}"
                          for m, e in E_3CL_H1A_KWH_PER_M2.items())
        ratio = sum(south[m] for m in E_3CL_H1A_KWH_PER_M2) / sum(E_3CL_H1A_KWH_PER_M2.values())
        print(f"{key} : sud vertical perfqual / 3CL e (kWh/m²) : {parts} ; "
              f"rapport sur ces 4 mois {ratio:.2f}")


def main() -> int:
    """Run the three checks; skip the Lyon parts when the shared file is absent."""
    if LYON_EPW.exists():
        compare_with_lyon()
        print()
        hargreaves_on_lyon()
    else:
        print(f"IGNORÉ : {LYON_EPW} absent (dossier ../shared/weather non disponible) ; "
              "comparaison avec Lyon-Bron non exécutée.")
    print()
    h1a_south_wall_vs_3cl()
    return 0


if __name__ == "__main__":
    sys.exit(main())
