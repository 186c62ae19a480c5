"""Command-line interface of perfqual (typer). Commands are French verbs without accents.

Each topic lives in its own module exposing ``register(app)``; this module only assembles them.
"""

from __future__ import annotations

import importlib

import typer

from perfqual import __version__
from perfqual.cli import _french_click


def _french_help_option() -> None:
    """Give the automatic ``--help`` option a French help text.

    typer/click build that option on demand in ``Command.get_help_option``; its text is
    English and not configurable. The returned option's ``help`` is replaced, whichever click
    (standalone, or vendored by recent typer versions) is in use.
    """
    for module_name in ("typer._click.core", "click.core"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = module.Command.get_help_option
        if getattr(original, "_perfqual_fr", False):
            continue

        def get_help_option(self, ctx, _original=original):
            option = _original(self, ctx)
            if option is not None:
                option.help = "Affiche cette aide et quitte."
            return option

        get_help_option._perfqual_fr = True
        module.Command.get_help_option = get_help_option


_french_help_option()
_french_click.install()  # usage errors and help headings of typer/click in French

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help=(
        "perfqual : performance énergétique et qualité des rénovations de logements sociaux.\n\n"
        "Codes de sortie : 0 tout est conforme ; 1 un objectif vérifié n'est pas atteint ; "
        "2 saisie invalide."
    ),
    rich_markup_mode=None,
)

# Topic modules, each with a ``register(app)`` function. Order = order in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "perfqual.cli.operation",
    "perfqual.cli.climat",
    "perfqual.cli.ventilation",
    "perfqual.cli.locataires",
    "perfqual.cli.permeabilite",
    "perfqual.cli.qualite",
    "perfqual.cli.comparer",
    "perfqual.cli.rapport",
    "perfqual.cli.simuler",
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"perfqual {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Affiche la version et quitte.", callback=_version_callback,
        is_eager=True,
    ),
) -> None:
    """perfqual : performance énergétique et qualité des rénovations."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point of the ``perfqual`` console script."""
    app()
