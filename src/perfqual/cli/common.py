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
from perfqual.io.validation import format_validation_error

EXIT_OK = 0
EXIT_TARGET_MISSED = 1
EXIT_INVALID_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])

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
            raise fail_input("\n" + format_validation_error(exc)) from None
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
