"""Generate the SYNTHETIC ventilation records and sampling plans of the demo operation.

Deterministic (fixed seeds): running it again rewrites identical files. Everything here is
invented for demonstration; see SOURCE.md. Run from the repository root:

    python datasets/demo/cite_des_fleurs/ventilation/generate.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from perfqual.io.ventilation import load_operation_dwellings
from perfqual.qa.sampling import draw_sampling_plan, plan_to_csv, plan_to_json

HERE = Path(__file__).resolve().parent
OPERATION = HERE.parent / "operation.yaml"
SEED_RECORDS = 1982
SEED_PLAN_AIRTIGHTNESS = 2025
SEED_PLAN_THERMOGRAPHY = 2026
SYSTEM = "hygro B"  # programme retenu (variante_2) : VMC hygro B
# Synthetic product data of the hygro B terminals (typical order of magnitude seen in the ONV
# example, DOMAIN-NOTES C.3): pressure operating range [80 ; 160] Pa.
RANGE_PA = (80.0, 160.0)
# Kitchen boost design flow of the work programme = art. 3 kitchen value (synthetic choice).
KITCHEN_BOOST_DESIGN = {3: 105.0, 4: 120.0, 5: 135.0}
# Rooms per typology (synthetic): (terminal id, room).
ROOMS = {
    3: [("B1", "cuisine"), ("B2", "salle de bain"), ("B3", "WC")],
    4: [("B1", "cuisine"), ("B2", "salle de bain"), ("B3", "WC")],
    5: [("B1", "cuisine"), ("B2", "salle de bain"), ("B3", "salle d'eau"), ("B4", "WC"),
        ("B5", "WC")],
}
POINTS = [  # (code, label, mandatory) — illustrative codes, NOT the ONV numbering
    ("BE-presence", "bouche d'extraction dans chaque pièce de service", "oui"),
    ("BE-etat", "bouches propres, non obstruées, non détériorées", "oui"),
    ("BE-pointe", "commande du débit de pointe cuisine accessible et fonctionnelle", "oui"),
    ("EA-pieces", "entrées d'air dans toutes les pièces principales, non obturées", "oui"),
    ("C-fonctionnement", "ventilateur en fonctionnement, rejet vers l'extérieur", "oui"),
    ("C-acces", "accès au caisson éclairé et sécurisé", "non"),
]
# The few defects planted in the demo (dwelling -> what).
DEFECTS = {
    "C-017": "kitchen_boost_low",  # débit de pointe cuisine insuffisant
    "C-045": "bathroom_pressure_low",  # bouche de salle de bain sous-pressurisée
    "J-023": "wc_pressure_high",  # réseau déséquilibré : dépression trop forte
    "C-058": "point_obstructed",  # point obligatoire non conforme
    "I-004": "wc_not_measurable",  # WC inaccessible
    "C-030": "pressure_within_uncertainty",  # 76 Pa : conforme grâce à l'incertitude
    "J-031": "optional_point",  # point facultatif non conforme
}


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _fmt(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _dwelling_rows(rng, dwelling_id, rooms_count, defect):
    readings, points = [], []
    for terminal, room in ROOMS[rooms_count]:
        pressure = float(np.clip(rng.normal(118.0, 14.0), 88.0, 152.0))
        reason = ""
        if defect == "bathroom_pressure_low" and room == "salle de bain":
            pressure = 61.0
        if defect == "wc_pressure_high" and terminal == ROOMS[rooms_count][-1][0]:
            pressure = 184.0
        if defect == "pressure_within_uncertainty" and room == "salle de bain":
            pressure = 76.0
        value = _fmt(pressure)
        if defect == "wc_not_measurable" and room == "WC":
            value, reason = "", "bouche inaccessible (meuble fixé devant)"
        readings.append([dwelling_id, terminal, room, "base", "pression", value,
                         f"{RANGE_PA[0]:.0f}", f"{RANGE_PA[1]:.0f}", "", reason])
        if room == "cuisine":
            design = KITCHEN_BOOST_DESIGN[rooms_count]
            flow = design * (1.0 + abs(rng.normal(0.05, 0.025)))
            if defect == "kitchen_boost_low":
                flow = 0.84 * design
            readings.append([dwelling_id, terminal, room, "pointe", "débit", _fmt(flow),
                             "", "", f"{design:.0f}", ""])
    for code, label, mandatory in POINTS:
        status, comment = "conforme", ""
        if defect == "point_obstructed" and code == "BE-etat":
            status, comment = "non conforme", "bouche de salle de bain obstruée par du scotch"
        if defect == "optional_point" and code == "C-acces":
            status, comment = "non conforme", "pas d'éclairage dans les combles"
        if defect == "wc_not_measurable" and code == "BE-presence":
            comment = "bouche WC vue mais inaccessible"
        points.append([dwelling_id, code, label, mandatory, status, comment])
    return readings, points


def main() -> None:
    """Write logements.csv, mesures.csv, points.csv and the sampling plans."""
    dwellings = load_operation_dwellings(OPERATION)
    rng = np.random.default_rng(SEED_RECORDS)
    rows_d, rows_m, rows_p = [], [], []
    for d in dwellings:
        rows_d.append([d.dwelling_id, d.typology, d.n_main_rooms, SYSTEM,
                       sum(room == "WC" for _, room in ROOMS[d.n_main_rooms])])
        m, p = _dwelling_rows(rng, d.dwelling_id, d.n_main_rooms, DEFECTS.get(d.dwelling_id))
        rows_m += m
        rows_p += p
    _write(HERE / "logements.csv",
           ["logement", "typologie", "pièces principales", "système", "nombre de wc"], rows_d)
    _write(HERE / "mesures.csv",
           ["logement", "bouche", "pièce", "position", "grandeur", "mesure", "plage min",
            "plage max", "débit de conception", "motif non mesurable"], rows_m)
    _write(HERE / "points.csv",
           ["logement", "code", "libellé", "obligatoire", "statut", "commentaire"], rows_p)
    _write_plans([(d.dwelling_id, d.typology) for d in dwellings])


def _write_plans(population: list[tuple[str, str]]) -> None:
    out = HERE / "echantillonnage"
    out.mkdir(exist_ok=True)
    for purpose, seed in (("permeabilite", SEED_PLAN_AIRTIGHTNESS),
                          ("thermographie", SEED_PLAN_THERMOGRAPHY)):
        plan = draw_sampling_plan(population, 0.05, seed, purpose, operation="Cité des Fleurs")
        (out / f"plan_{purpose}.json").write_text(plan_to_json(plan), encoding="utf-8")
        (out / f"plan_{purpose}.csv").write_text(plan_to_csv(plan), encoding="utf-8")
        if purpose != "permeabilite":
            continue
        # Synthetic field outcome: the first planned dwelling was absent and replaced by the
        # next one in the random order of its typology; one failed the airtightness target.
        rows = []
        for s in plan.strata:
            measured = list(s.selected)
            if s is plan.strata[0]:
                measured[0] = s.random_order[s.n_required]
            for i, dwelling_id in enumerate(measured):
                failed = s is plan.strata[-1] and i == 0
                rows.append([dwelling_id, "non conforme" if failed else "conforme"])
        _write(out / "mesures_permeabilite.csv", ["logement", "résultat"], rows)


if __name__ == "__main__":
    main()
