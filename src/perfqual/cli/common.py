"""Shared CLI plumbing: French error reporting and exit codes.

Exit codes (the same for every command):
0 everything checked passes; 1 a checked target is not met; 2 invalid input.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from pydantic import ValidationError

from perfqual.errors import InputError, NotImplementedMethodError, SimulationError

EXIT_OK = 0
EXIT_TARGET_MISSED = 1
EXIT_INVALID_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])

_PYDANTIC_FR = {
    "missing": "champ obligatoire absent",
    "extra_forbidden": "champ inconnu (vérifier l'orthographe)",
    "greater_than": "doit être strictement supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être strictement inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "float_parsing": "nombre attendu",
    "int_parsing": "nombre entier attendu",
    "literal_error": "valeur non admise (valeurs possibles : {expected})",
    "enum": "valeur non admise (valeurs possibles : {expected})",
    "string_type": "texte attendu",
    "dict_type": "bloc (clé : valeur) attendu",
    "list_type": "liste attendue",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
}


def format_validation_error(exc: ValidationError, source: str | None = None) -> str:
    """Render a pydantic ValidationError as French lines ``file : path.to.field : message``."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(racine)"
        template = _PYDANTIC_FR.get(err["type"])
        if err["type"] in ("value_error", "assertion_error"):
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif template is not None:
            try:
                msg = template.format(**err.get("ctx", {}))
            except (KeyError, IndexError):
                msg = template
        else:
            msg = err["msg"]
        value = err.get("input")
        shown = "" if err["type"] == "missing" or isinstance(value, dict) else f" (valeur : {value!r})"
        prefix = f"{source} : " if source else ""
        lines.append(f"{prefix}{path} : {msg}{shown}")
    return "\n".join(lines)


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
            source = getattr(exc, "perfqual_source", None)
            raise fail_input("\n" + format_validation_error(exc, source)) from None
        except NotImplementedMethodError as exc:
            typer.echo(f"Non implémenté : {exc}", err=True)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
        except SimulationError as exc:
            typer.echo(f"Erreur de calcul : {exc}", err=True)
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def echo(text: str = "") -> None:
    """Print to stdout (one place to change if we add rich output)."""
    typer.echo(text)


def stderr(text: str) -> None:
    """Print to stderr."""
    print(text, file=sys.stderr)
