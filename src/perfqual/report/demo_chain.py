"""The full demo chain: both demo operations → two operation reports → one store → rex report.

:func:`run_full_demo` is called by ``perfqual demo`` (``perfqual.demo``, owned by the lead).
Everything is written into ``out_dir`` through one staged folder: a failure leaves no
half-written output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from perfqual.errors import InputError
from perfqual.io.output import staged_directory

Echo = Callable[[str], None]

#: Demo operations (folders of ``datasets/demo``), in the order they are run.
DEMO_OPERATIONS: tuple[str, ...] = ("cite_des_fleurs", "cite_du_moulin")


def demo_operation_folders() -> list[Path]:
    """Folders of the demo operations present in the repository checkout."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        demo = parent / "datasets" / "demo"
        if demo.is_dir():
            return [demo / name for name in DEMO_OPERATIONS if (demo / name).is_dir()]
    raise InputError("dossier datasets/demo introuvable : installer perfqual depuis le dépôt "
                     "cloné (pip install -e .)")


def run_full_demo(out_dir: str | Path, echo: Echo) -> int:
    """Gather, report and ingest every demo operation, then write the lessons-learned report.

    Writes ``<out_dir>/<operation>/fiche_operation.html`` for each demo operation,
    ``<out_dir>/rex.duckdb`` (a fresh store holding both) and
    ``<out_dir>/retour_experience/retour_experience.html``.

    Returns
    -------
    int
        0 (the demo reports; checks that fail are shown in the reports, not as an exit code).
    """
    from perfqual.report.html import write_operation_report, write_rex_report
    from perfqual.store.db import ingest
    from perfqual.store.from_results import record_from_results
    from perfqual.store.gather import gather_operation

    folders = demo_operation_folders()
    with staged_directory(out_dir) as stage:
        store = stage / "rex.duckdb"
        for folder in folders:
            echo(f"\n== Opération {folder.name} ==")
            results = gather_operation(folder)
            report = write_operation_report(results, stage / folder.name)
            echo(f"Fiche de suivi : {Path(out_dir) / folder.name / report.name}")
            for s in results.sections.values():
                if s.status != "ok":
                    echo(f"  {s.title_fr} : {s.message_fr}")
            summary = ingest(store, record_from_results(results))
            echo(f"Ajoutée à la base de retour d'expérience ({sum(summary.n_rows.values())} "
                 "lignes)")
        rex = write_rex_report(store, stage / "retour_experience")
        echo(f"\nRetour d'expérience ({len(folders)} opérations) : "
             f"{Path(out_dir) / 'retour_experience' / rex.name}")
    return 0
