"""``perfqual ventilation`` (contrôle des installations) and ``perfqual echantillon`` (plans).

Exit codes: 0 everything conforming / covered; 1 a dwelling non conforming, a dwelling of the
operation without records, or a typology short of the plan; 2 invalid input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from perfqual.cli._french_click import count_fr
from perfqual.cli.common import (
    EXIT_OK,
    EXIT_TARGET_MISSED,
    decimal_comma_float,
    echo,
    handle_errors,
)
from perfqual.core.sampling_stats import PassRateSummary
from perfqual.errors import InputError
from perfqual.io.output import staged_directory, write_text_atomic
from perfqual.io.ventilation import (
    dwelling_verdicts_csv,
    load_operation_dwellings,
    load_regulatory_flow_tables,
    load_sample_results,
    load_ventilation_records,
    read_json,
    readings_csv,
    rows_csv,
)
from perfqual.models.ventilation import UncertaintySettings, VentilationSettings
from perfqual.qa.sampling import (
    PURPOSES,
    CoverageReport,
    check_coverage,
    draw_sampling_plan,
    plan_from_json,
    plan_to_csv,
    plan_to_json,
)
from perfqual.qa.ventilation import GroupConformity, VentilationReport, check_ventilation
from perfqual.qa.ventilation import non_conformities as list_non_conformities

ventilation_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None,
    help="Contrôle des installations de ventilation (protocole Promevent) logement par logement.",
)
sampling_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None,
    help="Plans d'échantillonnage (≥ 5 % par typologie) et couverture des mesures réalisées.",
)

OperationOpt = Annotated[Path | None, typer.Option(
    "--operation", exists=True,
    help="operation.yaml (ou son dossier), ou liste CSV « logement ; typologie ».")]
OutOpt = Annotated[Path | None, typer.Option(
    "--sortie", file_okay=False, help="Dossier où écrire tableaux et figures.")]


@ventilation_app.callback()
def _ventilation() -> None:
    """Contrôle des installations de ventilation."""


@sampling_app.callback()
def _echantillon() -> None:
    """Plans d'échantillonnage et couverture."""


def _pct(x: float) -> str:
    return f"{100 * x:.1f}".replace(".", ",")


def _rate(s: PassRateSummary | None) -> str:
    if s is None:
        return "aucun logement jugé"
    return (f"taux de conformité {_pct(s.pass_rate_frac)} % (IC 95 % Clopper-Pearson "
            f"[{_pct(s.ci_low_frac)} ; {_pct(s.ci_high_frac)}] ; population finie "
            f"[{_pct(s.fpc_pass_low_frac)} ; {_pct(s.fpc_pass_high_frac)}])")


def _group_line(g: GroupConformity) -> str:
    checked = "contrôlé" if g.n_checked <= 1 else "contrôlés"
    return (f"  {g.group} : {g.n_checked}/{g.n_population} {checked} — "
            f"{count_fr(g.n_conforming, 'conforme')}, "
            f"{count_fr(g.n_non_conforming, 'non conforme')}, "
            f"{count_fr(g.n_not_measurable, 'non mesurable')} ; {_rate(g.summary)}")


def _print_report(report: VentilationReport, notes: tuple[str, ...]) -> None:
    u = report.settings.uncertainty
    echo(f"Incertitudes appliquées (hypothèse, voir methods/ventilation.md) : pression "
         f"{_pct(u.pressure_rel_frac)} % / {u.pressure_abs_pa:g} Pa, débit "
         f"{_pct(u.flow_rel_frac)} % / {u.flow_abs_m3_per_h:g} m³/h, combinaison « "
         f"{u.combination} »")
    echo("Par typologie :")
    for g in report.by_typology:
        echo(_group_line(g))
    echo("Par type de pièce (bouches) :")
    for g in report.by_room:
        echo(f"  {g.group} : {count_fr(g.n_conforming, 'conforme', zero='aucune')}, "
             f"{count_fr(g.n_non_conforming, 'non conforme', zero='aucune')}, "
             f"{count_fr(g.n_not_measurable, 'non mesurable', zero='aucune')} sur "
             f"{count_fr(g.n_checked, 'bouche', zero=None)}")
    echo("Opération :")
    echo(_group_line(report.operation))
    if report.operation.consequence_fr:
        echo(f"  soit : {report.operation.consequence_fr}")
    if report.not_checked:
        echo(f"Logements de l'opération sans relevé ({len(report.not_checked)}) : "
             + ", ".join(d for d, _ in report.not_checked))
    for note in notes:
        echo(f"Remarque : {note}")


def _write_outputs(report: VentilationReport, out: Path) -> None:
    from perfqual.report.plots_ventilation import plot_conformity, plot_non_conformities

    rows = list_non_conformities(report)
    figures = {
        "conformite_typologies.png": plot_conformity(report.by_typology,
                                                     "Conformité par typologie"),
        "conformite_pieces.png": plot_conformity(report.by_room,
                                                 "Conformité par type de pièce", "bouches"),
        "non_conformites.png": plot_non_conformities(rows),
    }
    with staged_directory(out) as stage:
        write_text_atomic(stage / "verdicts_logements.csv", dwelling_verdicts_csv(report))
        write_text_atomic(stage / "mesures_jugees.csv", readings_csv(report))
        write_text_atomic(stage / "non_conformites.csv",
                          rows_csv(rows, ["logement", "typologie", "verdict", "motif"]))
        for name, fig in figures.items():
            fig.savefig(stage / name, dpi=120)
    import matplotlib.pyplot as plt

    for fig in figures.values():
        plt.close(fig)


@ventilation_app.command("verifier")
@handle_errors
def verifier(
    chemin: Annotated[Path, typer.Argument(
        exists=True, help="Dossier (logements.csv, mesures.csv, points.csv) ou classeur XLSX.")],
    operation: OperationOpt = None,
    sortie: OutOpt = None,
    incertitude_pression_pct: Annotated[float, typer.Option(
        parser=decimal_comma_float, help="Incertitude relative sur la pression, en %.")] = 10.0,
    incertitude_pression_pa: Annotated[float, typer.Option(
        parser=decimal_comma_float, help="Incertitude absolue sur la pression, en Pa.")] = 5.0,
    incertitude_debit_pct: Annotated[float, typer.Option(
        parser=decimal_comma_float,
        help="Incertitude relative sur le débit, en % (aucune valeur publiée).")] = 0.0,
    incertitude_debit_m3h: Annotated[float, typer.Option(
        parser=decimal_comma_float, help="Incertitude absolue sur le débit, en m³/h.")] = 0.0,
    combinaison: Annotated[str, typer.Option(
        help="Combinaison des incertitudes : max ou somme.")] = "max",
) -> None:
    """Verdict par bouche et par logement (conforme / non conforme / non mesurable)."""
    settings = VentilationSettings(uncertainty=UncertaintySettings(
        pressure_rel_frac=incertitude_pression_pct / 100.0,
        pressure_abs_pa=incertitude_pression_pa, flow_rel_frac=incertitude_debit_pct / 100.0,
        flow_abs_m3_per_h=incertitude_debit_m3h, combination=combinaison))
    records = load_ventilation_records(chemin)
    dwellings = load_operation_dwellings(operation) if operation is not None else None
    flows = load_regulatory_flow_tables().to_core()
    report, notes = check_ventilation(records, flows, settings, dwellings)
    if sortie is not None:
        _write_outputs(report, sortie)
    _print_report(report, notes)
    for row in list_non_conformities(report):
        echo(f"  ✗ {row['logement']} ({row['typologie']}) {row['verdict']} : {row['motif']}")
    if sortie is not None:
        echo(f"Résultats écrits dans {sortie}")
    if report.n_non_conforming or report.not_checked:
        raise typer.Exit(EXIT_TARGET_MISSED)
    raise typer.Exit(EXIT_OK)


@sampling_app.command("plan")
@handle_errors
def plan(
    operation: Annotated[Path, typer.Argument(
        exists=True,
        help="operation.yaml (ou son dossier), ou liste CSV « logement ; typologie ».")],
    graine: Annotated[int, typer.Option(help="Graine du tirage (à conserver).")],
    objet: Annotated[str, typer.Option(help="permeabilite ou thermographie.")] = "permeabilite",
    taux: Annotated[float, typer.Option(
        parser=decimal_comma_float,
        help="Taux minimal par typologie (0,05 = 5 %).")] = 0.05,
    min_par_typologie: Annotated[int, typer.Option(help="Minimum par typologie.")] = 1,
    sortie: Annotated[Path, typer.Option(
        file_okay=False, help="Dossier où écrire plan_<objet>.json et .csv.")] = Path("."),
) -> None:
    """Tire un plan stratifié par typologie, reproductible à partir de la graine."""
    if objet not in PURPOSES:
        raise InputError(f"--objet « {objet} » inconnu (valeurs : {', '.join(PURPOSES)})")
    dwellings = load_operation_dwellings(operation)
    drawn = draw_sampling_plan([(d.dwelling_id, d.typology) for d in dwellings], taux, graine,
                               objet, min_par_typologie, operation=str(operation))
    with staged_directory(sortie) as stage:
        write_text_atomic(stage / f"plan_{objet}.json", plan_to_json(drawn))
        write_text_atomic(stage / f"plan_{objet}.csv", plan_to_csv(drawn))
    echo(f"Plan « {PURPOSES[objet]} » : {count_fr(drawn.n_selected, 'logement', zero=None)} "
         f"sur {drawn.n_population} "
         f"(taux demandé {_pct(taux)} % par typologie, au moins {min_par_typologie} ; "
         f"graine {graine})")
    for s in drawn.strata:
        echo(f"  {s.typology} : {s.n_required}/{s.n_population} — {', '.join(s.selected)}")
    echo(f"Plan écrit dans {sortie / f'plan_{objet}.json'} et .csv")
    raise typer.Exit(EXIT_OK)


def _print_coverage(cov: CoverageReport) -> None:
    for t in cov.typologies:
        state = "couverte" if t.is_covered else "INSUFFISANTE"
        echo(f"  {t.typology} : {count_fr(t.n_measured, 'mesuré')} / {t.n_required} requis "
             f"({count_fr(t.n_population, 'logement', zero=None)}) — {state}")
        if t.missing:
            echo(f"    prévus non mesurés : {', '.join(t.missing)}")
        if t.replaced_by:
            echo(f"    remplaçants mesurés (ordre du tirage) : {', '.join(t.replaced_by)}")
        if t.replacements:
            echo(f"    à mesurer ensuite (ordre du tirage) : {', '.join(t.replacements)}")
        if t.extra:
            echo(f"    mesurés hors plan (non aléatoires) : {', '.join(t.extra)}")
        if t.summary is not None:
            echo(f"    {_rate(t.summary)}")
            echo(f"    {t.consequence_fr}")
    if cov.uncovered_typologies:
        echo(f"Typologies non couvertes : {', '.join(cov.uncovered_typologies)}")
    if cov.operation_summary is not None:
        echo(f"Opération : {_rate(cov.operation_summary)}")
        echo(f"  soit : {cov.operation_consequence_fr}")


@sampling_app.command("couverture")
@handle_errors
def couverture(
    plan_json: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False,
        help="Plan plan_<objet>.json écrit par « echantillon plan ».")],
    mesures: Annotated[Path, typer.Option(
        "--mesures", exists=True, dir_okay=False,
        help="Logements mesurés (CSV/XLSX : logement ; résultat facultatif « conforme » ou "
             "« non conforme »).")],
) -> None:
    """Compare les logements mesurés au plan : manquants, hors plan, typologies non couvertes."""
    drawn = plan_from_json(read_json(plan_json), str(plan_json))
    measured = load_sample_results(mesures)
    cov = check_coverage(drawn, [(m.dwelling_id, m.is_passed) for m in measured])
    if cov.unknown:
        raise InputError(f"logement(s) mesuré(s) absent(s) de l'opération du plan : "
                         f"{', '.join(cov.unknown)}", str(mesures))
    echo(f"Couverture du plan « {PURPOSES.get(drawn.purpose, drawn.purpose)} » "
         f"(graine {drawn.seed}, taux {_pct(drawn.rate_frac)} %) :")
    _print_coverage(cov)
    if not cov.is_sufficient:
        echo(f"Couverture insuffisante : {', '.join(cov.short_typologies)}")
        raise typer.Exit(EXIT_TARGET_MISSED)
    echo("Couverture suffisante.")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add ``ventilation`` and ``echantillon`` to the main app."""
    app.add_typer(ventilation_app, name="ventilation")
    app.add_typer(sampling_app, name="echantillon")


