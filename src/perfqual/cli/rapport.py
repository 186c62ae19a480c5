"""``perfqual rapport`` (fiche de suivi d'opération) and ``perfqual rex`` (lessons learned).

Exit codes: 0 the report / store operation succeeded; 2 invalid input (operation, measurement
file, store path, unknown operation id) — nothing is written then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from perfqual.cli.common import EXIT_OK, echo, handle_errors
from perfqual.errors import InputError

rex_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None,
    help="Retour d'expérience : base DuckDB des opérations, synthèses et exports pour le "
         "centre de ressources.",
)

OperationArg = Annotated[Path, typer.Argument(
    help="Fichier operation.yaml de l'opération, ou le dossier qui le contient.",
    show_default=False)]
StoreOpt = Annotated[Path, typer.Option(
    "--base", dir_okay=False, help="Fichier de la base de retour d'expérience (DuckDB).")]
OutOpt = Annotated[Path, typer.Option(
    "--sortie", "-o", file_okay=False, help="Dossier de sortie (créé si besoin).")]
DEFAULT_STORE = Path("rex.duckdb")
LEVELS_FR = {"operation": "operation", "epci": "epci", "programme": "programme"}


@rex_app.callback()
def _rex() -> None:
    """Retour d'expérience."""


def _section_lines(results) -> list[str]:
    labels = {"ok": "renseignée", "sans_donnees": "aucune donnée",
              "indisponible": "non disponible dans cette version"}
    return [f"  - {s.title_fr} : {labels.get(s.status, s.status)}"
            for s in results.sections.values()]


@rex_app.command("ajouter")
@handle_errors
def ajouter(operation: OperationArg, base: StoreOpt = DEFAULT_STORE) -> None:
    """Ajoute (ou remplace) une opération dans la base : saisie et résultats, en une seule
    transaction ; seuls des identifiants pseudonymes y entrent."""
    from perfqual.store.db import ingest
    from perfqual.store.from_results import record_from_results
    from perfqual.store.gather import gather_operation

    results = gather_operation(operation)
    summary = ingest(base, record_from_results(results))
    verb = "remplacée" if summary.replaced else "ajoutée"
    echo(f"Opération « {results.operation.identity.name} » ({summary.op_id}) {verb} dans {base}")
    echo(f"  {sum(summary.n_rows.values())} lignes : " + ", ".join(
        f"{k} {v}" for k, v in summary.n_rows.items() if v))
    if summary.migrated_to:
        echo(f"  schéma de la base porté en v{summary.migrated_to[-1]}")
    for line in _section_lines(results):
        echo(line)
    raise typer.Exit(EXIT_OK)


def _text_table(table: dict, max_rows: int | None = None) -> list[str]:
    rows = table["rows"] if max_rows is None else table["rows"][:max_rows]
    cols = table["columns"]
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c)
              for i, c in enumerate(cols)]
    fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return [fmt(cols), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


@rex_app.command("synthese")
@handle_errors
def synthese(
    base: StoreOpt = DEFAULT_STORE,
    niveau: Annotated[str | None, typer.Option(
        "--niveau", help="Niveau affiché : operation, epci ou programme (par défaut : tous).")
    ] = None,
    operation: Annotated[str | None, typer.Option(
        "--operation", help="Identifiant d'une opération de la base (limite la synthèse).")
    ] = None,
) -> None:
    """Tableaux de synthèse (en français) : écarts entre méthodes, seuils, étanchéité,
    ventilation, prévision / mesure par méthode, gains des locataires."""
    from perfqual.aggregate.rex import AGGREGATES, all_aggregates
    from perfqual.report.html import table_for
    from perfqual.store.db import read_tables

    if niveau is not None and niveau not in LEVELS_FR:
        raise InputError(f"niveau « {niveau} » inconnu (operation, epci ou programme)",
                         "--niveau")
    frames = read_tables(base)
    known = list(frames["operations"]["op_id"])
    if operation is not None:
        if operation not in known:
            raise InputError(f"opération « {operation} » absente de la base (présentes : "
                             f"{', '.join(known) or 'aucune'})", str(base))
        frames = {k: (v[v["op_id"] == operation] if "op_id" in v else v)
                  for k, v in frames.items()}
    echo(f"Base {base} : {len(frames['operations'])} opération(s)")
    for key, df in all_aggregates(frames).items():
        if niveau is not None and not df.empty:
            df = df[df["level"] == niveau]
        echo(f"\n== {AGGREGATES[key][0]} ==")
        if df.empty:
            echo("aucune donnée")
            continue
        for line in _text_table(table_for(key, df)):
            echo(line)
    raise typer.Exit(EXIT_OK)


@rex_app.command("rapport")
@handle_errors
def rapport_rex(sortie: OutOpt, base: StoreOpt = DEFAULT_STORE) -> None:
    """Rapport HTML du retour d'expérience (tableaux et figures, page autonome)."""
    from perfqual.report.html import write_rex_report

    path = write_rex_report(base, sortie)
    echo(f"Rapport de retour d'expérience écrit : {path}")
    raise typer.Exit(EXIT_OK)


@rex_app.command("exporter")
@handle_errors
def exporter(
    sortie: OutOpt,
    base: StoreOpt = DEFAULT_STORE,
    format_: Annotated[str, typer.Option("--format", help="csv ou parquet.")] = "csv",
) -> None:
    """Exporte les tables de la base et les agrégats (CSV « ; » ou Parquet)."""
    from perfqual.store.export import export_store

    files = export_store(base, sortie, format_)
    echo(f"{len(files)} fichiers écrits dans {sortie} (tables/ et agregats/)")
    raise typer.Exit(EXIT_OK)


@rex_app.command("migrer")
@handle_errors
def migrer(base: StoreOpt = DEFAULT_STORE) -> None:
    """Porte une base existante au schéma de cette version de perfqual."""
    from perfqual.store.db import migrate_store
    from perfqual.store.schema import CURRENT_VERSION

    applied = migrate_store(base)
    echo(f"Base {base} : migrations appliquées {', '.join(f'v{v}' for v in applied)}"
         if applied else f"Base {base} déjà au schéma v{CURRENT_VERSION}")
    raise typer.Exit(EXIT_OK)


@rex_app.command("retirer")
@handle_errors
def retirer(
    identifiant: Annotated[str, typer.Argument(help="Identifiant de l'opération dans la base.")],
    base: StoreOpt = DEFAULT_STORE,
) -> None:
    """Retire une opération de la base (une seule transaction)."""
    from perfqual.store.db import remove_operation

    remove_operation(base, identifiant)
    echo(f"Opération {identifiant} retirée de {base}")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add ``rapport`` and the ``rex`` sub-application."""

    @app.command("rapport")
    @handle_errors
    def rapport(operation: OperationArg, sortie: OutOpt) -> None:
        """Fiche de suivi d'opération : une page HTML autonome en français (méthodes et seuils,
        étanchéité, ventilation, échantillonnage, humidité, registre qualité, locataires)."""
        from perfqual.report.html import write_operation_report
        from perfqual.store.gather import gather_operation

        results = gather_operation(operation)
        path = write_operation_report(results, sortie)
        echo(f"Fiche de suivi de « {results.operation.identity.name} » écrite : {path}")
        for line in _section_lines(results):
            echo(line)
        raise typer.Exit(EXIT_OK)

    app.add_typer(rex_app, name="rex")
