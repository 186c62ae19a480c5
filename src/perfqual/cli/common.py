"""Shared CLI plumbing: French error reporting and exit codes.

Exit codes (the same for every command):
0 everything checked passes; 1 a checked target is not met; 2 invalid input.
"""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError

from perfqual.errors import InputError, NotImplementedMethodError, SimulationError
from perfqual.io.validation import format_validation_error

EXIT_OK = 0
EXIT_TARGET_MISSED = 1
EXIT_INVALID_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])

#: French reasons for the file-system errors a user can cause with a path (errno -> text).
_OS_REASONS_FR: dict[int, str] = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EEXIST: "un fichier de ce nom existe déjà, ce n'est pas un dossier",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "c'est un dossier (un fichier est attendu)",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
}


def os_error_message_fr(exc: OSError) -> str:
    """French message for a file-system error, naming the path concerned."""
    reason = _OS_REASONS_FR.get(exc.errno or -1, exc.strerror or str(exc))
    path = exc.filename2 if exc.errno == errno.EISDIR and exc.filename2 else exc.filename
    if path is None:
        return f"accès au fichier impossible : {reason}"
    return f"« {path} » : accès impossible : {reason} ; rien n'est écrit"


def decimal_comma_float(value: object) -> float | None:
    """Parse a number given on the command line with a decimal point or comma (``0,05``).

    Used as the ``parser`` of every float option: French users type decimal commas.

    Examples
    --------
    >>> decimal_comma_float("0,05"), decimal_comma_float("12.5"), decimal_comma_float(None)
    (0.05, 12.5, None)
    """
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"« {value} » n'est pas un nombre") from None


def fail_input(message: str) -> typer.Exit:
    """Print a French input error on stderr and return the exit-2 exception to raise."""
    typer.echo(f"Erreur de saisie : {message}", err=True)
    return typer.Exit(EXIT_INVALID_INPUT)


def handle_errors(func: F) -> F:
    """Decorate a command so that input errors print in French and exit with code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise fail_input(str(exc)) from None
        except ValidationError as exc:
            source = getattr(exc, "perfqual_source", None)  # set by readers that know the line
            raise fail_input("\n" + format_validation_error(exc, source)) from None
        except NotImplementedMethodError as exc:
            typer.echo(f"Non implémenté : {exc}", err=True)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
        except SimulationError as exc:
            typer.echo(f"Erreur de calcul : {exc}", err=True)
            raise typer.Exit(3) from None
        except OSError as exc:  # an output or input path the user gave cannot be used
            raise fail_input(os_error_message_fr(exc)) from None

    return wrapper  # type: ignore[return-value]


def echo(text: str = "") -> None:
    """Print to stdout (one place to change if we add rich output)."""
    typer.echo(text)


def stderr(text: str) -> None:
    """Print to stderr."""
    print(text, file=sys.stderr)
