"""Generate the SYNTHETIC blower-door test files of the demo operation « Cité des Fleurs ».

Run from the repository root:  python datasets/demo/cite_des_fleurs/permeabilite/generate.py

Deterministic (fixed seed). Every file is labelled « SYNTHÉTIQUE » in its metadata. These are
not measurements: they are drawn from a stated physical model plus measurement noise, so that
the campaign command has realistic material (a few passing, one failing, one inconclusive, one
invalid test followed by a retest).

Physical model of one test (the inverse of the ISO 9972 chain of perfqual.core.airtightness):

* geometry from the demo operation (perfqual resolver): internal volume V, and ATbat per
  FD P50-784 = heat-loss envelope area **excluding the lowest floor**, of the dwelling in the
  state of the phase (initial state before works, programme « variante_2 » during and after);
* "true" leakage Q4Pa-surf drawn log-normally around a median per phase (before works 3.0,
  during works with the air barrier in place 1.5, at reception 1.3 m³/(h·m²); σ_ln = 0.15),
  true exponent n ~ U(0.60, 0.70); a few dwellings are forced (see SPECIAL);
* C_L = Q4·ATbat / 4^n at standard conditions (20 °C, 101 325 Pa, dry air); C_env at test
  conditions by the inverse of the density reduction, q_env = C_env·Δp^n, fan flow
  q_m = q_env / (ρ_int/ρ_e) in depressurisation (× in pressurisation);
* weather by season (outside temperature, barometric pressure, wind); the zero-flow pressure is
  a stack/wind offset plus wind-driven fluctuations;
* measurement noise: pressure N(0, 0.2 + 0.08·wind) Pa on each averaged reading, flow
  log-normal σ = 2 % (gauge/fan accuracy class of typical equipment, an assumption).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from perfqual.core.airtightness import (
    STANDARD_AIR_DENSITY_KG_PER_M3,
    air_density_kg_per_m3,
)
from perfqual.io.operation import load_operation
from perfqual.models.building import ElementKind
from perfqual.models.resolve import resolve_building

HERE = Path(__file__).resolve().parent
OPERATION = HERE.parent / "operation.yaml"
SEED = 20250601
PROGRAMME = "variante_2"

MEDIAN_Q4PA_SURF = {"avant_travaux": 3.0, "pendant_travaux": 1.5, "reception": 1.3}
SIGMA_LN_Q4 = 0.15
WEATHER = {  # (outside temperature °C, mean barometric pressure Pa, date)
    "avant_travaux": (7.0, 101_500.0, "2024-11-18"),
    "pendant_travaux": (11.0, 101_100.0, "2025-03-20"),
    "reception": (14.0, 101_300.0, "2025-10-06"),
}


@dataclass(frozen=True)
class Planned:
    """One test to generate."""

    dwelling: str
    phase: str
    suffix: str = ""
    q4pa_surf: float | None = None  # forced true value, else drawn
    wind_m_per_s: float | None = None
    baseline_offset_pa: float | None = None
    both_directions: bool = False
    method: int = 3


PLAN = (
    # before works: one dwelling per typology, building in use (method 1)
    Planned("C-013", "avant_travaux", method=1),
    Planned("J-009", "avant_travaux", method=1),
    Planned("I-003", "avant_travaux", method=1, both_directions=True),
    # during works, air barrier in place, envelope test (method 2)
    Planned("C-013", "pendant_travaux", method=2),
    Planned("C-030", "pendant_travaux", method=2),
    # reception: ≥ 5 % per typology (coron 4/72, jumelée 2/40, isolée 1/8)
    Planned("C-005", "reception"),
    Planned("C-013", "reception"),
    Planned("C-030", "reception", q4pa_surf=2.25),  # fails the 1.7 target
    Planned("C-061", "reception", q4pa_surf=1.68, wind_m_per_s=5.5),  # inconclusive
    Planned("J-009", "reception", wind_m_per_s=7.5, baseline_offset_pa=5.6),  # invalid
    Planned("J-009", "reception", suffix="_2"),  # retest on a calm day
    Planned("J-024", "reception"),
    Planned("I-006", "reception", both_directions=True),
)


def a_tbat_fd_p50_784_m2(building) -> float:
    """ATbat per FD P50-784: heat-loss walls, roofs and windows, lowest floor excluded."""
    lossy = ("exterieur", "sol", "local_non_chauffe")
    opaque = sum(e.area_m2 for e in building.opaque
                 if e.boundary.value in lossy and e.kind != ElementKind.FLOOR)
    return opaque + sum(w.area_m2 for w in building.windows if w.boundary.value in lossy)


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def _direction_rows(rng, direction, c_env, n, rho_int, rho_ext, dp0, sigma_p, stations):
    label = "dépressurisation" if direction == "depressurisation" else "pressurisation"
    sign = -1.0 if direction == "depressurisation" else 1.0
    ratio = rho_int / rho_ext if direction == "depressurisation" else rho_ext / rho_int
    rows = [(label, "zéro avant", _fmt(dp0 + rng.normal(0, sigma_p), 1), "")
            for _ in range(2)]
    for dp_target in stations:
        dp_true = dp_target + rng.normal(0, 0.3)  # the operator does not hit the set-point
        q_env = c_env * dp_true**n
        q_fan = q_env / ratio * np.exp(rng.normal(0, 0.02))
        dp_read = dp0 + sign * dp_true + rng.normal(0, sigma_p)
        rows.append((label, "palier", _fmt(dp_read, 1), _fmt(q_fan, 1)))
    rows += [(label, "zéro après", _fmt(dp0 + rng.normal(0, sigma_p), 1), "")
             for _ in range(2)]
    return rows


def generate_one(rng, op, p: Planned) -> str:
    dwelling = op.dwelling(p.dwelling)
    scenario = "etat_initial" if p.phase == "avant_travaux" else PROGRAMME
    b = resolve_building(op, dwelling.typology, scenario, p.dwelling)
    a_tbat = a_tbat_fd_p50_784_m2(b)
    volume = b.areas.heated_volume_m3
    q4surf = p.q4pa_surf or MEDIAN_Q4PA_SURF[p.phase] * np.exp(rng.normal(0, SIGMA_LN_Q4))
    n = rng.uniform(0.60, 0.70)
    t_ext, p_mean, date = WEATHER[p.phase]
    t_ext += rng.normal(0, 1.5)
    t_int = 19.0 + rng.uniform(0, 2)
    pressure = p_mean + rng.normal(0, 300)
    wind = p.wind_m_per_s if p.wind_m_per_s is not None else rng.uniform(0.5, 3.5)
    rho_int = float(air_density_kg_per_m3(t_int, pressure))
    rho_ext = float(air_density_kg_per_m3(t_ext, pressure))
    c_l = q4surf * a_tbat / 4.0**n
    dp0 = p.baseline_offset_pa if p.baseline_offset_pa is not None else rng.normal(0, 0.8)
    sigma_p = 0.2 + 0.08 * wind
    stations = [12, 20, 28, 36, 44, 52, 60, 68] if q4surf < 2.5 else [12, 19, 26, 33, 40, 47, 54]
    rows = []
    directions = ("depressurisation", "pressurisation") if p.both_directions else (
        "depressurisation",)
    for direction in directions:
        rho = rho_ext if direction == "depressurisation" else rho_int
        c_env = c_l / (rho / STANDARD_AIR_DENSITY_KG_PER_M3) ** (1.0 - n)
        rows += _direction_rows(rng, direction, c_env, n, rho_int, rho_ext, dp0, sigma_p,
                                stations)
    test_id = f"{p.dwelling}_{p.phase}{p.suffix}"
    meta = [
        ("essai", test_id),
        ("remarques", "SYNTHÉTIQUE — généré par generate.py (modèle physique + bruit), "
                      "pas une mesure"),
        ("logement", p.dwelling),
        ("typologie", dwelling.typology),
        ("batiment", dwelling.building or ""),
        ("phase", p.phase),
        ("date", date),
        ("operateur", "Opérateur fictif (démonstration)"),
        ("qualification", "Qualibat 8711 (fictif)"),
        ("appareil", "porte soufflante fictive, étalonnée 2025-01"),
        ("methode", str(p.method)),
        ("volume", f"{_fmt(volume, 1)} m³"),
        ("atbat", f"{_fmt(a_tbat, 1)} m²"),
        ("surface_plancher", f"{_fmt(b.areas.living_area_m2, 1)} m²"),
        ("temperature_interieure", f"{_fmt(t_int, 1)} °C"),
        ("temperature_exterieure", f"{_fmt(t_ext, 1)} °C"),
        ("pression_barometrique", f"{_fmt(pressure / 100.0, 1)} hPa"),
        ("vent", f"{_fmt(wind, 1)} m/s"),
        ("hauteur_batiment", "6,5 m" if dwelling.typology != "isolee" else "7,5 m"),
    ]
    lines = [f"# {k}: {v}" for k, v in meta if v]
    lines.append("sens;type;Δp (Pa);débit (m³/h)")
    lines += [";".join(r) for r in rows]
    return test_id, "\n".join(lines) + "\n"


def main() -> None:
    op = load_operation(OPERATION)
    rng = np.random.Generator(np.random.PCG64(SEED))
    for p in PLAN:
        test_id, text = generate_one(rng, op, p)
        (HERE / f"{test_id}.csv").write_text(text, encoding="utf-8")
        print(f"{test_id}.csv")


if __name__ == "__main__":
    main()
