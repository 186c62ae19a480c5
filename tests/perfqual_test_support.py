"""Shared helpers of the test suite (importable from any test module: ``tests/`` is put on
``sys.path`` by ``tests/conftest.py``, since pytest runs in importlib mode).

- :func:`load_test_helper`: load a helper module of ``tests/<folder>/<name>.py`` once;
- :class:`HtmlTables` / :func:`parse_tables`: the rows of every ``<table id=…>`` of a report;
- :func:`squash`, :func:`french_number`: text and French-formatted numbers as printed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def load_test_helper(folder: str, name: str):
    """Load ``tests/<folder>/<name>.py`` once (works with pytest's importlib import mode)."""
    key = f"_perfqual_tests_{folder}_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, TESTS / folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def squash(text: str) -> str:
    """Collapse runs of white space into one space."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def french_number(text: str) -> float:
    """Parse a French-formatted number (thin spaces, comma, minus sign U+2212, % sign)."""
    clean = text.replace("\u202f", "").replace("\u00a0", "").replace("%", "").replace(
        "\u2212", "-").replace(",", ".").strip()
    return float(clean)


class HtmlTables(HTMLParser):
    """Rows of every ``<table id=…>``: (row attributes, [(cell attributes, text)])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list] = {}
        self._table: str | None = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "id" in attrs:
            self._table = attrs["id"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = (attrs, [])
        elif self._row is not None and tag in ("td", "th"):
            self._cell = [attrs, ""]
        elif self._cell is not None and tag == "br":
            self._cell[1] += " "

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row[1].append((self._cell[0], squash(self._cell[1])))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data


def parse_tables(html: str) -> dict[str, list]:
    """Tables of an HTML page by id."""
    parser = HtmlTables()
    parser.feed(html)
    return parser.tables
