"""``perfqual valider`` and ``perfqual demo``: checking an operation file and the demo run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from perfqual.cli.common import echo, handle_errors
from perfqual.errors import InputError
from perfqual.io.operation import load_operation
from perfqual.models.operation import INITIAL_STATE, Operation
from perfqual.models.resolve import resolve_building

OperationArg = Annotated[
    Path,
    typer.Argument(help="Fichier operation.yaml, ou dossier qui le contient.", show_default=False),
]


def _fr(value: float, decimals: int, width: int = 0) -> str:
    """Number with a decimal comma, right-aligned on ``width`` characters."""
    return f"{value:{width}.{decimals}f}".replace(".", ",")


def operation_summary(op: Operation) -> str:
    """French text summary of an operation: identity, typologies, dwellings, scenarios."""
    ident = op.identity
    lines = [
        f"Opération : {ident.name} — {ident.commune} ({ident.departement}), bailleur "
        f"{ident.bailleur}" + (f", {ident.epci}" if ident.epci else ""),
        f"Zone climatique {ident.climate_zone}, altitude {ident.altitude_m:.0f} m, phase "
        f"« {ident.phase} », objectifs : {', '.join(ident.targets)}",
        "",
        f"Typologies ({len(op.typologies)}) :",
    ]
    counts = Counter(d.typology for d in op.dwellings)
    for tid, typ in op.typologies.items():
        b = resolve_building(op, tid, INITIAL_STATE)
        lines.append(
            f"  - {tid:<14} {typ.form:<16} {counts.get(tid, 0):>4} logement(s)  "
            f"SHAB {_fr(typ.living_area_m2, 1, 6)} m²  SHON_RT {_fr(b.areas.shon_rt_m2, 1, 6)} m²  "
            f"A_Tbat {_fr(b.a_tbat_m2, 1, 6)} m²  Q4Pa-surf "
            f"{_fr(b.airtightness.q4pa_surf_m3_per_h_m2, 2)} m³/(h·m²)"
        )
    positions = Counter(d.position for d in op.dwellings)
    n_tenants = sum(1 for d in op.dwellings if d.tenant)
    lines += [
        "",
        f"Logements : {len(op.dwellings)} (" + ", ".join(
            f"{k} {v}" for k, v in sorted(positions.items())) + f") ; {n_tenants} locataire(s) "
        "référencé(s) par identifiant pseudonyme",
        "",
        f"Scénarios ({len(op.scenario_ids)}) :",
        f"  - {INITIAL_STATE:<14} état avant travaux",
    ]
    for sid, sc in op.scenarios.items():
        chosen = "  [programme retenu]" if sid == ident.chosen_scenario else ""
        lines.append(f"  - {sid:<14} {len(sc.measures)} mesure(s) : {', '.join(sc.measures)}"
                     f"{chosen}")
    return "\n".join(lines)


def demo_operation_path() -> Path:
    """Path of the bundled demo operation (in the repository's ``datasets/``)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "datasets" / "demo" / "cite_des_fleurs" / "operation.yaml"
        if candidate.exists():
            return candidate
    raise InputError(  # pragma: no cover - only outside a repository checkout
        "opération de démonstration introuvable : installer perfqual depuis le dépôt cloné "
        "(pip install -e .) pour disposer du dossier datasets/"
    )


def register(app: typer.Typer) -> None:
    """Add ``valider`` and ``demo`` to the application."""

    @app.command("valider")
    @handle_errors
    def valider(operation: OperationArg) -> None:
        """Valide un fichier d'opération et en affiche le résumé (typologies, logements,
        scénarios). Code 2 et message en français si la saisie est invalide."""
        op = load_operation(operation)
        for sid in op.scenario_ids:  # resolving every scenario checks the measures too
            for tid in op.typologies:
                resolve_building(op, tid, sid)
        echo(operation_summary(op))
        echo("\nSaisie valide.")

    @app.command("demo")
    @handle_errors
    def demo(
        sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Dossier de sortie.")] = Path(
            "sortie_demo"
        ),
    ) -> None:
        """Exécute la chaîne complète sur les opérations de démonstration et écrit les résultats
        dans le dossier de sortie (code 0 quand la chaîne s'est exécutée ; les objectifs non
        atteints des données de démonstration sont signalés dans les sorties)."""
        from perfqual.demo import run_demo

        code = run_demo(demo_operation_path(), sortie, echo)
        raise typer.Exit(code)
