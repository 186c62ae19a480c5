"""``perfqual comparer`` and ``perfqual verifier``: the two methods side by side, the gap
decomposition, the decision impact, and the check of the chosen programme."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from perfqual.cli.common import EXIT_TARGET_MISSED, echo, handle_errors
from perfqual.comparison import FACTORS, Comparison, case_rows, compare_operation
from perfqual.errors import InputError
from perfqual.io.operation import load_operation
from perfqual.io.output import staged_directory
from perfqual.qa.thresholds import check
from perfqual.report.format import format_number

OperationArg = Annotated[
    Path, typer.Argument(help="Fichier operation.yaml, ou dossier qui le contient.",
                         show_default=False)]


def _n(x: float, d: int = 1) -> str:
    return format_number(x, d)


def format_comparison(cmp: Comparison) -> str:
    """French text table: both methods per scenario, decomposition, decisions."""
    lines = ["Comparaison des méthodes (Cep 5 usages, kWhep/(m².an)) — Th-C-E ex sur SHON_RT, "
             "EN ISO 52016-1 sur surface habitable", ""]
    lines.append(f"{'scénario':<16}{'Th-C-E ex':>11}{'ISO 52016':>11}{'écart':>9}{'écart %':>9}")
    for s, a in cmp.scenario_cep.items():
        gap = a["iso"] - a["thcex"]
        lines.append(f"{s:<16}{_n(a['thcex']):>11}{_n(a['iso']):>11}{_n(gap):>9}"
                     f"{_n(100 * gap / a['thcex']):>9}")
    lines += ["", "Décomposition de l'écart (valeurs de Shapley, kWhep/(m².an)) :"]
    header = f"{'facteur':<58}" + "".join(f"{s[:12]:>13}" for s in cmp.scenario_cep)
    lines.append(header)
    for f in FACTORS:
        lines.append(f"{f.label_fr:<58}" + "".join(
            f"{_n(a['shapley'][f.name]):>13}" for a in cmp.scenario_cep.values()))
    lines.append(f"{'total (= écart)':<58}" + "".join(
        f"{_n(sum(a['shapley'].values())):>13}" for a in cmp.scenario_cep.values()))
    lines += ["", "Impact sur la décision (seuil atteint ?) :"]
    for d in cmp.decisions:
        flag = "" if d.agree else "   <-- DÉSACCORD ENTRE MÉTHODES"
        lines.append(f"  {d.scenario:<14} {d.threshold_id:<16} ≤ {_n(d.limit, 0):>5} : "
                     f"Th-C-E ex {'oui' if d.passed_thcex else 'non'} ({_n(d.cep_thcex)}), "
                     f"ISO 52016-1 {'oui' if d.passed_iso else 'non'} ({_n(d.cep_iso)}){flag}")
    n_dis = sum(not d.agree for d in cmp.decisions)
    lines.append(f"  {n_dis} désaccord(s) entre méthodes.")
    return "\n".join(lines)


def comparison_csv(cmp: Comparison) -> str:
    """Per-case CSV (``;`` separated, decimal points)."""
    rows = case_rows(cmp)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def comparison_json(cmp: Comparison) -> str:
    """JSON: cases, scenario aggregates with decomposition, decisions, assumptions."""
    return json.dumps({
        "zone": cmp.zone, "altitude_m": cmp.altitude_m, "cas": case_rows(cmp),
        "scenarios": cmp.scenario_cep,
        "decisions": [{**d.__dict__, "accord": d.agree} for d in cmp.decisions],
        "hypotheses": list(cmp.assumptions)}, ensure_ascii=False, indent=2)


def _write(target: Path, cmp: Comparison, text: str) -> None:
    from perfqual.report.plots_comparison import plot_scenarios, plot_waterfall

    with staged_directory(target) as stage:
        (stage / "comparaison.txt").write_text(text + "\n", encoding="utf-8")
        (stage / "comparaison.csv").write_text(comparison_csv(cmp), encoding="utf-8")
        (stage / "comparaison.json").write_text(comparison_json(cmp), encoding="utf-8")
        figs = stage / "figures"
        figs.mkdir()
        plot_scenarios(cmp).savefig(figs / "cep_par_scenario.png", dpi=100)
        for s, a in cmp.scenario_cep.items():
            plot_waterfall(a["shapley"], a["thcex"], a["iso"],
                           f"Écart entre méthodes — {s}").savefig(
                figs / f"decomposition_{s}.png", dpi=100)


@handle_errors
def comparer(
    operation: OperationArg,
    sortie: Annotated[Path | None, typer.Option("-o", "--sortie", help="Dossier de sortie "
                      "(tableau, CSV, JSON, figures).")] = None,
    format_: Annotated[Literal["table", "csv", "json"], typer.Option(
        "--format", help="Format de la sortie écran.")] = "table",
) -> None:
    """Compare Th-C-E ex (5R1C) et EN ISO 52016-1 : tableau, décomposition, décision."""
    cmp = compare_operation(load_operation(operation))
    text = format_comparison(cmp)
    echo({"table": text, "csv": comparison_csv(cmp), "json": comparison_json(cmp)}[format_])
    if sortie is not None:
        _write(sortie, cmp, text)
        echo(f"Résultats écrits dans {sortie}")


@handle_errors
def verifier(
    operation: OperationArg,
    seuil: Annotated[list[str] | None, typer.Option(
        "--seuil", help="Seuil à vérifier : 150, 130, 104, bbc, hpe, cepmax, ou un identifiant "
        "de la table des seuils (répétable). Par défaut : les objectifs de l'opération.")] = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", help="Programme de travaux à vérifier (défaut : programme_retenu).")] = None,
    methode: Annotated[Literal["thcex", "iso52016", "les_deux"], typer.Option(
        "--methode", help="Méthode dont le résultat est vérifié.")] = "les_deux",
) -> None:
    """Vérifie le programme retenu contre les seuils ; code 1 si un seuil n'est pas atteint."""
    from perfqual.api import simulate_method
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.models.resolve import resolve_operation

    op = load_operation(operation)
    sid = scenario or op.identity.chosen_scenario
    if sid is None:
        raise InputError("aucun programme à vérifier : donner --scenario ou « programme_retenu »")
    if sid not in op.scenario_ids:
        raise InputError(f"scénario « {sid} » inconnu ({', '.join(op.scenario_ids)})")
    thresholds = seuil or list(op.identity.targets)
    ident = op.identity
    buildings = resolve_operation(op, scenarios=(sid,))
    weights = [max(len(op.dwellings_of(b.typology)), 1) for b in buildings]
    climate = climate_for_operation(op)
    methods = ("thcex", "iso52016") if methode == "les_deux" else (methode,)
    results = {m: simulate_method(m, buildings, climate, climate_zone=ident.climate_zone,
                                  altitude_m=ident.altitude_m) for m in methods}
    missed = False
    for name, res in results.items():
        pe = sum(w * sum(r.primary_energy_kwh.values()) for w, r in zip(weights, res,
                                                                          strict=True))
        area = sum(w * r.reference_area_m2 for w, r in zip(weights, res, strict=True))
        for tid in thresholds:
            c = check(tid, pe / area, zone=ident.climate_zone, altitude_m=ident.altitude_m,
                      method=name)
            missed |= not c.passed
            echo(f"{sid} — {name:<8} {c.label} : Cep {_n(c.value)} ≤ {_n(c.limit, 0)} "
                 f"{c.unit} ? {'oui' if c.passed else 'NON'} (marge {_n(c.margin)}) "
                 f"[{c.confidence}]")
    echo("Statut de la source du seuil : [SRC] lu dans le texte cité ; [STD-K] rappelé, à "
         "vérifier ; [OPEN] origine non trouvée (seuil appliqué tel que fixé par le "
         "programme). Sources complètes : perfqual/data/thresholds.source.md.")
    if missed:
        echo("Au moins un seuil n'est pas atteint.")
        raise typer.Exit(EXIT_TARGET_MISSED)
    echo("Tous les seuils vérifiés sont atteints.")


def register(root: typer.Typer) -> None:
    """Attach ``comparer`` and ``verifier`` to the root CLI."""
    root.command("comparer")(comparer)
    root.command("verifier")(verifier)
