"""Where does the "thermal model" share of the method gap come from? Controlled experiments.

Runs the 5R1C engine (``perfqual.thcex_api``) and the EN ISO 52016-1 engine (``perfqual.api``)
on the same resolved buildings (demo operation Cité des Fleurs, typology « coron », initial
state and after works) with **identical conventions**, adding one piece of physics at a time:

(a) constant weather (θ_e = 0 °C, no sun, no sky loss), constant set-point 20 °C, no gains:
    both are compared with the steady-state U·A·ΔT;
(b) the site's hourly temperatures, still no sun;
(c) + sun through the windows;
(d) + sun and sky on the opaque elements (and sky loss of the windows);
(e1) + conventional internal gains; (e2) + night set-back and holidays (19/16/7 °C);
(f) + each engine's own control and emission: 52016 operative temperature with f_HC,c = 0.4,
    5R1C air temperature with everything at the air node (EN ISO 13790 C.4);
(g) + ground after EN ISO 13370 on both sides ((g'): with the same regulation on both);
plus the share of the thermal bridges in the heating need of each engine at (a) and (e2).

Run: ``python benchmarks/validation/gap_thermal_model.py`` (about 10 s; prints Markdown tables,
transcribed into ``methods/comparaison.md`` §7). Not part of the default test run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from perfqual.api import Iso52016Options, simulate_needs_iso52016
from perfqual.climate.model import Climate
from perfqual.climate.synthetic import climate_for_operation
from perfqual.io.operation import load_operation
from perfqual.models.building import Boundary
from perfqual.models.conventions import THCEX_CONVENTIONS
from perfqual.models.resolve import resolve_building
from perfqual.thcex_api import ThcexOptions, prepare_building, simulate_needs_thcex

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"
SCENARIOS = ("etat_initial", "variante_2", "variante_3")
SETPOINT_C = 20.0


def _climates(op):
    real = climate_for_operation(op)
    z = np.zeros(8760)
    const = Climate("constant 0 °C", real.latitude_deg, real.longitude_deg, real.altitude_m,
                    real.utc_offset_h, z, z, z, z, z - 11.0, z + 3.0, z + 0.8, "synthétique")
    dark = replace(real, ghi_w_per_m2=z, dni_w_per_m2=z, dhi_w_per_m2=z, name="sans soleil")
    return const, dark, real


def _common_conventions():
    """Th-C-E ex preset with every field made equal for both engines (no old-dwelling
    correction, no gains, constant set-point, same infiltration and ground, air control)."""
    return THCEX_CONVENTIONS.with_(
        name="commun", heating_setpoint_occupied_c=SETPOINT_C,
        heating_setpoint_reduced_c=SETPOINT_C, heating_setpoint_holiday_c=SETPOINT_C,
        apply_old_dwelling_setpoint_correction=False, internal_gains_w_per_m2=0.0,
        occupant_gain_w=0.0, infiltration_model="q4pa_3cl", ground_model="facteur_b",
        cooling_setpoint_c=60.0, control_temperature="air", heating_convective_frac=1.0)


def _no_opaque_sun(b):
    return replace(b, opaque=tuple(replace(e, solar_absorptance=0.0) for e in b.opaque))


def ua_w_per_k(b, conv, opt) -> float:
    """Steady-state H = Σ U·A·b + Σ ψ·L·b + H_ve of a building (the U·A·ΔT reference)."""
    lossy = (Boundary.EXTERIOR, Boundary.GROUND, Boundary.UNHEATED)
    h = sum(e.u_value_w_per_m2k * e.area_m2 * e.b_factor for e in b.opaque
            if e.boundary in lossy)
    h += sum(w.u_value_w_per_m2k * w.area_m2 * w.b_factor for w in b.windows
             if w.boundary in lossy)
    return h + sum(t.h_w_per_k for t in b.thermal_bridges) + prepare_building(
        b, conv, opt).h_ve_w_per_k


def run_pair(buildings, climate, conv, rc_opt, iso_opt, iso_conv=None):
    """Heating needs (kWh) of both engines on the same buildings."""
    rc, _ = simulate_needs_thcex(buildings, climate, conv, rc_opt)
    iso, _ = simulate_needs_iso52016(buildings, climate, iso_conv or conv, options=iso_opt)
    return rc.heating_need_wh / 1000.0, np.array([r.heating_kwh for r in iso])


def steps(buildings, op):
    const, dark, real = _climates(op)
    c0 = _common_conventions()
    rho = ThcexOptions().rho_c_air_j_per_m3k
    rc_off = ThcexOptions(opaque_solar=False, sky_radiation=False)
    rc_on = ThcexOptions()
    iso_off = Iso52016Options(control="air", f_hc_convective=1.0, delta_sky_k=0.0,
                              rho_c_air_j_per_m3k=rho, warmup_hours=744)
    iso_on = replace(iso_off, delta_sky_k=11.0)
    dark_b = [_no_opaque_sun(b) for b in buildings]
    gains = c0.with_(internal_gains_w_per_m2=THCEX_CONVENTIONS.internal_gains_w_per_m2,
                     occupant_gain_w=THCEX_CONVENTIONS.occupant_gain_w)
    setback = gains.with_(heating_setpoint_occupied_c=19.0, heating_setpoint_reduced_c=16.0,
                          heating_setpoint_holiday_c=7.0)
    own = replace(iso_on, control="operative", f_hc_convective=0.4)
    out = [
        ("a", "climat constant, consigne constante, ni soleil ni apports",
         run_pair(dark_b, const, c0, rc_off, iso_off)),
        ("b", "températures horaires du site", run_pair(dark_b, dark, c0, rc_off, iso_off)),
        ("c", "+ soleil par les baies", run_pair(dark_b, real, c0, rc_off, iso_off)),
        ("d0", "+ soleil et ciel sur les parois (5R1C d'avant : sans)",
         run_pair(buildings, real, c0, rc_off, iso_on)),
        ("d", "+ soleil et ciel sur les parois (EN ISO 13790 §11.3)",
         run_pair(buildings, real, c0, rc_on, iso_on)),
        ("e1", "+ apports internes conventionnels", run_pair(buildings, real, gains, rc_on,
                                                              iso_on)),
        ("e2", "+ réduit de nuit et vacances (19/16/7 °C)",
         run_pair(buildings, real, setback, rc_on, iso_on)),
        ("f", "+ régulation de chaque méthode (52016 : opérative, f_HC,c 0,4)",
         run_pair(buildings, real, setback, rc_on, own,
                  setback.with_(control_temperature="operative", heating_convective_frac=0.4))),
        ("f'", "  variante : les deux en opérative, f_HC,c 0,4 (extension 5R1C)",
         run_pair(buildings, real, setback.with_(control_temperature="operative",
                                                 heating_convective_frac=0.4), rc_on, own)),
        ("g", "+ sol EN ISO 13370 des deux côtés (avec f)",
         run_pair(buildings, real, setback.with_(ground_model="iso13370"), rc_on, own,
                  setback.with_(ground_model="iso13370", control_temperature="operative",
                                heating_convective_frac=0.4))),
        ("g'", "  variante : sol EN ISO 13370, les deux en opérative, f_HC,c 0,4",
         run_pair(buildings, real, setback.with_(ground_model="iso13370",
                                                 control_temperature="operative",
                                                 heating_convective_frac=0.4), rc_on, own)),
    ]
    ua = np.array([ua_w_per_k(b, c0, rc_on) for b in buildings]) * SETPOINT_C * 8760 / 1000
    return out, ua, (c0, setback, rc_on, rc_off, iso_on, iso_off, const, real, own)


def bridge_shares(buildings, climate, conv, rc_opt, iso_opt, iso_conv=None):
    """ΔQ_H/Q_H of the thermal bridges in each engine (with minus without)."""
    without = [replace(b, thermal_bridges=()) for b in buildings]
    rc1, iso1 = run_pair(buildings, climate, conv, rc_opt, iso_opt, iso_conv)
    rc0, iso0 = run_pair(without, climate, conv, rc_opt, iso_opt, iso_conv)
    return (rc1 - rc0) / rc1, (iso1 - iso0) / iso1


def main() -> None:
    op = load_operation(DEMO / "operation.yaml")
    buildings = [resolve_building(op, "coron", s) for s in SCENARIOS]
    shab = np.array([b.areas.living_area_m2 for b in buildings])
    out, ua, ctx = steps(buildings, op)
    c0, setback, rc_on, rc_off, iso_on, iso_off, const, real, own = ctx
    print("| étape | " + " | ".join(f"{s} 5R1C | {s} 52016 | écart" for s in SCENARIOS) + " |")
    print("|---" * (1 + 3 * len(SCENARIOS)) + "|")
    print("| U·A·ΔT (régime permanent) | " + " | ".join(
        f"{u:,.0f} | | " for u in ua).replace(",", " ") + " |")
    for key, label, (rc, iso) in out:
        cells = " | ".join(f"{r:,.0f} | {i:,.0f} | {(i - r) / a:+.1f}".replace(",", " ")
                           for r, i, a in zip(rc, iso, shab, strict=True))
        print(f"| ({key}) {label} | {cells} |")
    print("\n(écart en kWh/(m²·an) de surface habitable : 52016 − 5R1C, besoin de chauffage)")
    print("\nrapport au U·A·ΔT en (a) : 5R1C", np.round(out[0][2][0] / ua - 1, 4),
          "52016", np.round(out[0][2][1] / ua - 1, 4))
    # steady state under the four regulations, both engines
    print("\nRégime permanent (a) selon la régulation, rapport à U·A·ΔT − 1 :")
    b_dark = [_no_opaque_sun(b) for b in buildings]
    for ctrl in ("air", "operative"):
        for f_c in (1.0, 0.4):
            conv = c0.with_(control_temperature=ctrl, heating_convective_frac=f_c)
            rc, iso = run_pair(b_dark, const, conv, rc_off,
                               replace(iso_off, control=ctrl, f_hc_convective=f_c))
            print(f"  {ctrl:9s} f_c={f_c}: 5R1C {np.round(rc / ua - 1, 4)}  52016 "
                  f"{np.round(iso / ua - 1, 4)}")
    print("\nPart des ponts thermiques dans le besoin (ΔQ_H/Q_H), 5R1C / 52016 :")
    for label, args in (
            ("(a) permanent", (b_dark, const, c0, rc_off, iso_off)),
            ("(e2) air, convectif", (buildings, real, setback, rc_on, iso_on)),
            ("(f) régulation propre", (buildings, real, setback, rc_on, own, setback.with_(
                control_temperature="operative", heating_convective_frac=0.4))),
            ("(f') les deux opérative 0,4", (buildings, real, setback.with_(
                control_temperature="operative", heating_convective_frac=0.4), rc_on, own))):
        rc, iso = bridge_shares(*args)
        print(f"  {label}: " + "; ".join(f"{s} {r:.3f} / {i:.3f}"
                                         for s, r, i in zip(SCENARIOS, rc, iso, strict=True)))


if __name__ == "__main__":
    main()
