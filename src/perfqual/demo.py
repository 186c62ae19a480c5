"""The demo run: the whole chain on the bundled demo operation.

The demo runs the same commands a user would type, in order, on the demo operation and its
measurement folders, each writing into its own sub-folder of a staged output folder. The
folder reaches the user's output path only when every step ran (a step may report a target
not met: that is a result, exit code 1); a failed step leaves no half-written outputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from perfqual.errors import InputError
from perfqual.io.operation import load_operation
from perfqual.io.output import staged_directory, write_text_atomic
from perfqual.models.building import BuildingModel
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


@dataclass(frozen=True)
class DemoContext:
    """Paths of one demo run."""

    operation_yaml: Path
    folder: Path  # the operation's folder (measurement sub-folders)
    stage: Path  # staged output folder


def run_cli(args: list[str]) -> int:
    """Run one perfqual command in this process; return its exit code."""
    import typer.main

    from perfqual.cli import app

    command = typer.main.get_command(app)
    code = command.main(args=[str(a) for a in args], standalone_mode=False, prog_name="perfqual")
    return int(code or 0)


def _inputs(ctx: DemoContext, echo: Echo) -> int:
    op = load_operation(ctx.operation_yaml)
    out = ctx.stage / "operation"
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "typologies_scenarios.csv",
                      resolved_buildings_csv(resolve_operation(op)))
    return run_cli(["valider", ctx.operation_yaml])


def _climate(ctx: DemoContext, echo: Echo) -> int:
    from perfqual.cli.climat import climate_summary_fr
    from perfqual.climate.epw import write_epw
    from perfqual.climate.synthetic import climate_for_operation

    climate = climate_for_operation(load_operation(ctx.operation_yaml))
    out = ctx.stage / "climat"
    out.mkdir(parents=True, exist_ok=True)
    text = climate_summary_fr(climate)
    write_text_atomic(out / "climat.txt", text + "\n")
    write_epw(climate, out / "annee_type.epw")
    echo(text)
    return 0


def _reports(ctx: DemoContext, echo: Echo) -> int:
    from perfqual.report.demo_chain import run_full_demo

    return run_full_demo(ctx.stage / "rapports", echo)


def _cli_step(*args_of: Callable[[DemoContext], list[object]]):
    """A step made of perfqual commands; the worst exit code is kept."""

    def step(ctx: DemoContext, echo: Echo) -> int:
        worst = 0
        for make_args in args_of:
            worst = max(worst, run_cli([str(a) for a in make_args(ctx)]))
        return worst

    return step


STEPS: list[tuple[str, Callable[[DemoContext, Echo], int]]] = [
    ("Saisie de l'opération", _inputs),
    ("Climat de l'opération (année type)", _climate),
    ("Simulation horaire EN ISO 52016-1 (typologies × scénarios)", _cli_step(
        lambda c: ["simuler", c.operation_yaml],
        lambda c: ["simuler", c.operation_yaml, "--format", "csv", "-o",
                   c.stage / "simulation" / "iso52016.csv"],
    )),
    ("Comparaison des deux méthodes et seuils 150 / 130 / 104", _cli_step(
        lambda c: ["comparer", c.operation_yaml, "-o", c.stage / "comparaison"],
        lambda c: ["verifier", c.operation_yaml],
    )),
    ("Contrôles de ventilation (tous les logements)", _cli_step(
        lambda c: ["ventilation", "verifier", c.folder / "ventilation", "--operation",
                   c.operation_yaml, "--sortie", c.stage / "ventilation"],
    )),
    ("Échantillonnage : couverture du plan de perméabilité", _cli_step(
        lambda c: ["echantillon", "couverture",
                   c.folder / "ventilation" / "echantillonnage" / "plan_permeabilite.json",
                   "--mesures",
                   c.folder / "ventilation" / "echantillonnage" / "mesures_permeabilite.csv"],
    )),
    ("Essais d'étanchéité à l'air (NF EN ISO 9972)", _cli_step(
        lambda c: ["permeabilite", "campagne", c.folder / "permeabilite", "--operation",
                   c.operation_yaml, "-o", c.stage / "permeabilite"],
    )),
    ("Humidité : condensation (Glaser) et moisissures (f_Rsi)", _cli_step(
        lambda c: ["humidite", c.operation_yaml, "--sortie", c.stage / "humidite"],
    )),
    ("Registre qualité de la phase travaux", _cli_step(
        lambda c: ["qualite", c.operation_yaml, "--sortie", c.stage / "qualite" / "registre.txt"],
    )),
    ("Fiches de suivi des deux opérations de démonstration et retour d'expérience",
     _reports),
]


def _run_step_showing_final_paths(step: Callable[[DemoContext, Echo], int], ctx: DemoContext,
                                  out_dir: Path, echo: Echo) -> int:
    """Run one step, printing its text with the staged folder replaced by ``out_dir``.

    The steps write into the staged folder and print the paths they were given; the user must
    read the folder the results reach, never the temporary one.
    """
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            return step(ctx, print)
    finally:
        text = buf.getvalue().rstrip("\n")
        for staged, final in ((str(ctx.stage.resolve()), str(out_dir.resolve())),
                              (str(ctx.stage), str(out_dir))):
            text = text.replace(staged, final)
        if text:
            echo(text)


def run_demo(op_path: Path, out_dir: Path, echo: Echo) -> int:
    """Run every step on the operation at ``op_path``; write into ``out_dir`` atomically.

    Returns
    -------
    int
        0 when the chain ran. The demo data contain targets deliberately missed (a failed
        airtightness test, non-conforming ventilation…): each step reports them, and the demo
        lists the steps concerned, but they are results of the demo, not a failure of it.

    Raises
    ------
    InputError
        When a step fails on invalid input (exit code 2): nothing is written.
    """
    op_path = Path(op_path)
    missed = []
    with staged_directory(out_dir) as stage:
        ctx = DemoContext(op_path, op_path.parent, stage)
        for title, step in STEPS:
            echo(f"\n== {title} ==")
            code = _run_step_showing_final_paths(step, ctx, Path(out_dir), echo)
            if code >= 2:
                raise InputError(f"l'étape « {title} » a échoué (code {code}) : rien n'est écrit")
            if code == 1:
                missed.append(title)
    echo(f"\nRésultats écrits dans {out_dir}")
    if missed:
        echo("Objectifs non atteints dans les données de démonstration (voulu, pour montrer les "
             "contrôles) :")
        for title in missed:
            echo(f"  - {title}")
    echo("Démonstration terminée.")
    return 0
