"""Exceptions of perfqual.

Messages meant for users are in French; the classes are in English.
"""

from __future__ import annotations


class PerfqualError(Exception):
    """Base class of all perfqual errors."""


class InputError(PerfqualError, ValueError):
    """Invalid user input: a file, a field or a value is wrong.

    Parameters
    ----------
    message : str
        French message saying what is wrong.
    source : str, optional
        File (and line or field path) where the error was found.
    """

    def __init__(self, message: str, source: str | None = None):
        self.message = message
        self.source = source
        super().__init__(f"{source} : {message}" if source else message)


class SimulationError(PerfqualError, RuntimeError):
    """A calculation could not be carried out (e.g. singular system at a given hour)."""


class NotImplementedMethodError(PerfqualError, NotImplementedError):
    """A requested option exists in the standard but is not implemented in perfqual."""
