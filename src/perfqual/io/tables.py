"""Reading tabular user files (CSV or XLSX) with French errors naming file, line and column.

Every reader of perfqual that takes a CSV/XLSX file goes through :func:`read_table`: it
accepts ``;`` or ``,`` separated CSV (French spreadsheets export ``;`` with decimal commas),
maps the user's column names onto code names with a ``column_map`` and reports the file,
line and column of any problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from perfqual.errors import InputError


@dataclass(frozen=True)
class TableRow:
    """One data row of a user table.

    Attributes
    ----------
    line : int
        Line number in the file (1 = header line), for error messages.
    values : dict
        Code name -> raw cell text (stripped; empty cells are absent).
    """

    line: int
    values: dict[str, str]


def _sniff_delimiter(sample: str) -> str:
    """``;`` or ``,`` from the first line that is neither empty nor a ``#`` comment."""
    lines = (ln for ln in sample.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    first = next(lines, "")
    return ";" if first.count(";") >= first.count(",") and ";" in first else ","


def _read_csv_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"fichier illisible ({exc.strerror})", str(path)) from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise InputError("encodage illisible (UTF-8 ou Windows-1252 attendu)", str(path))
    delimiter = _sniff_delimiter(text)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx_rows(path: Path, sheet: str | None) -> list[list[str]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"classeur XLSX illisible ({exc})", str(path)) from exc
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputError(f"feuille « {sheet} » absente (feuilles : {wb.sheetnames})", str(path))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows = []
        for row in ws.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
        return rows
    finally:
        wb.close()


def _strip_comments(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Keep (line number, cells) of non-empty rows not starting with '#'."""
    kept = []
    for i, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        kept.append((i, cells))
    return kept


def read_table(
    path: str | Path,
    column_map: Mapping[str, str],
    required: Sequence[str] = (),
    sheet: str | None = None,
) -> list[TableRow]:
    """Read a CSV or XLSX table and map its columns to code names.

    Parameters
    ----------
    path : str or Path
        ``.csv`` or ``.xlsx`` file. Lines starting with ``#`` are comments.
    column_map : mapping
        User column name (case- and accent-sensitive, as documented) -> code name.
        Several user spellings may map to the same code name.
    required : sequence of str
        Code names that must be present as columns.
    sheet : str, optional
        XLSX sheet name (first sheet by default).

    Returns
    -------
    list of TableRow

    Raises
    ------
    InputError
        Unknown or missing columns, unreadable file, empty table.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("fichier introuvable", str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _read_csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx_rows(path, sheet)
    else:
        raise InputError(f"format « {suffix} » non pris en charge (CSV ou XLSX attendu)", str(path))
    kept = _strip_comments(rows)
    if not kept:
        raise InputError("tableau vide (aucune ligne d'en-tête)", str(path))
    header_line, header = kept[0]
    lowered = {k.strip().lower(): v for k, v in column_map.items()}
    codes: list[str | None] = []
    for name in header:
        if not name:
            codes.append(None)
            continue
        code = lowered.get(name.lower())
        if code is None:
            known = ", ".join(sorted({k for k in column_map}))
            raise InputError(
                f"colonne inconnue « {name} » (colonnes reconnues : {known})",
                f"{path}, ligne {header_line}",
            )
        codes.append(code)
    missing = [c for c in required if c not in codes]
    if missing:
        inverse = {}
        for k, v in column_map.items():
            inverse.setdefault(v, k)
        names = ", ".join(f"« {inverse.get(c, c)} »" for c in missing)
        raise InputError(f"colonne(s) obligatoire(s) absente(s) : {names}", str(path))
    out = []
    for line, cells in kept[1:]:
        values = {}
        for code, cell in zip(codes, cells, strict=False):
            if code is not None and cell != "":
                values[code] = cell
        out.append(TableRow(line=line, values=values))
    return out


def parse_number(text: str, where: str) -> float:
    """Parse a number written with a decimal point or comma; French error naming ``where``."""
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError as exc:
        raise InputError(f"« {text} » n'est pas un nombre", where) from exc
