"""The demo run: the whole chain on the bundled demo operation.

Each step reads the operation (and its measurement folders) and writes its outputs into a
staged folder; the folder reaches the user's output path only when every step succeeded, so a
failed run leaves no half-written outputs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from perfqual.io.operation import load_operation
from perfqual.io.output import staged_directory
from perfqual.models.building import BuildingModel
from perfqual.models.operation import Operation
from perfqual.models.resolve import resolve_operation

Echo = Callable[[str], None]


def resolved_buildings_csv(buildings: list[BuildingModel]) -> str:
    """CSV (``;``, French headers) of the resolved typologies × scenarios.

    Areas, heat transfer coefficients, airtightness, ventilation and heating efficiency.
    """
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow([
        "typologie", "scenario", "mesures_appliquees", "surface_habitable_m2", "shon_rt_m2",
        "volume_m3", "a_tbat_m2", "h_transmission_parois_w_par_k", "h_menuiseries_w_par_k",
        "h_ponts_thermiques_w_par_k", "q4pa_surf_m3_par_h_m2", "n50_par_h", "ventilation",
        "debit_extrait_m3_par_h", "chauffage", "rendement_global_chauffage",
    ])
    for b in buildings:
        h_opaque = sum(e.u_value_w_per_m2k * e.area_m2 * e.b_factor for e in b.opaque)
        h_windows = sum(x.u_value_w_per_m2k * x.area_m2 * x.b_factor for x in b.windows)
        h_tb = sum(t.h_w_per_k for t in b.thermal_bridges)
        w.writerow([
            b.typology, b.scenario, " + ".join(b.applied_measures),
            f"{b.areas.living_area_m2:.2f}", f"{b.areas.shon_rt_m2:.2f}",
            f"{b.areas.heated_volume_m3:.1f}", f"{b.a_tbat_m2:.2f}", f"{h_opaque:.2f}",
            f"{h_windows:.2f}", f"{h_tb:.2f}", f"{b.airtightness.q4pa_surf_m3_per_h_m2:.2f}",
            f"{b.airtightness.n50_per_h:.2f}", b.ventilation.system,
            f"{b.ventilation.extract_airflow_m3_per_h:.1f}", b.heating.generator,
            f"{b.heating.overall_efficiency:.3f}",
        ])
    return buf.getvalue()


def _step_inputs(op: Operation, op_path: Path, stage: Path, echo: Echo) -> int:
    from perfqual.cli.operation import operation_summary

    summary = operation_summary(op)
    (stage / "operation_resume.txt").write_text(summary + "\n", encoding="utf-8")
    (stage / "typologies_scenarios.csv").write_text(
        resolved_buildings_csv(resolve_operation(op)), encoding="utf-8")
    echo(summary)
    return 0


# Steps of the demo, in order: (name shown to the user, function). Each returns an exit code
# (0 ok, 1 a checked target not met).
STEPS: list[tuple[str, Callable[[Operation, Path, Path, Echo], int]]] = [
    ("Saisie de l'opération", _step_inputs),
]


def run_demo(op_path: Path, out_dir: Path, echo: Echo) -> int:
    """Run every step on the operation at ``op_path``; write into ``out_dir`` atomically.

    Returns
    -------
    int
        0 when every checked target is met, 1 otherwise (the demo itself succeeded).
    """
    op = load_operation(op_path)
    worst = 0
    with staged_directory(out_dir) as stage:
        for title, step in STEPS:
            echo(f"\n== {title} ==")
            worst = max(worst, step(op, Path(op_path), stage, echo))
    echo(f"\nRésultats écrits dans {out_dir}")
    return worst
