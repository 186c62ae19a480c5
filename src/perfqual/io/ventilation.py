"""Readers and writers of the ventilation controls and of sampling plans.

Record format (documented in ``methods/ventilation.md``): either a folder holding
``logements.csv``, ``mesures.csv`` and (optionally) ``points.csv``, or one XLSX workbook with
sheets ``logements``, ``mesures`` and ``points``. French column names are mapped here onto
code names; values are converted to canonical units (m³/h, Pa) before validation.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from perfqual.core.ventilation_checks import (
    MAIN_ROOMS,
    MeasuredQuantity,
    PointStatus,
    Position,
    RoomKind,
    SystemKind,
    TerminalKind,
)
from perfqual.errors import InputError
from perfqual.io.tables import TableRow, parse_number, read_table
from perfqual.io.validation import format_validation_error
from perfqual.models.ventilation import (
    Art3Row,
    Art4Row,
    DwellingVentilation,
    RegulatoryFlowTables,
    TerminalReading,
    VentilationRecords,
    VerificationPoint,
)
from perfqual.units import parse_quantity

# --------------------------------------------------------------------------- vocabularies
DWELLING_COLUMNS = {
    "logement": "dwelling_id",
    "typologie": "typology",
    "pièces principales": "n_main_rooms",
    "pieces principales": "n_main_rooms",
    "pieces_principales": "n_main_rooms",
    "système": "system",
    "systeme": "system",
    "nombre de wc": "n_wc",
    "nb_wc": "n_wc",
    "commentaire": "comment",
}
READING_COLUMNS = {
    "logement": "dwelling_id",
    "bouche": "terminal_id",
    "pièce": "room",
    "piece": "room",
    "type de bouche": "terminal_kind",
    "type_bouche": "terminal_kind",
    "position": "position",
    "grandeur": "quantity",
    "mesure": "measured",
    "plage min": "range_min",
    "plage_min": "range_min",
    "plage max": "range_max",
    "plage_max": "range_max",
    "débit de conception": "design_flow",
    "debit de conception": "design_flow",
    "debit_conception": "design_flow",
    "motif non mesurable": "not_measurable_reason",
    "motif_non_mesurable": "not_measurable_reason",
    "commentaire": "comment",
}
POINT_COLUMNS = {
    "logement": "dwelling_id",
    "code": "code",
    "libellé": "label",
    "libelle": "label",
    "obligatoire": "is_mandatory",
    "statut": "status",
    "commentaire": "comment",
}
SAMPLE_RESULT_COLUMNS = {
    "logement": "dwelling_id",
    "résultat": "result",
    "resultat": "result",
    "date": "date",
    "commentaire": "comment",
}


def _key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of a user word."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = s.lower().replace("_", " ").replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(s.split())


ROOM_WORDS: dict[str, RoomKind] = {
    "cuisine": RoomKind.KITCHEN,
    "salle de bain": RoomKind.BATHROOM,
    "salle de bains": RoomKind.BATHROOM,
    "salle de douche": RoomKind.BATHROOM,
    "sdb": RoomKind.BATHROOM,
    "salle de bain wc": RoomKind.BATHROOM_WC,
    "salle de bain + wc": RoomKind.BATHROOM_WC,
    "salle de bain avec wc": RoomKind.BATHROOM_WC,
    "sdb/wc": RoomKind.BATHROOM_WC,
    "sdb wc": RoomKind.BATHROOM_WC,
    "wc": RoomKind.WC,
    "autre piece humide": RoomKind.OTHER_WET_ROOM,
    "autre salle d eau": RoomKind.OTHER_WET_ROOM,
    "salle d eau": RoomKind.OTHER_WET_ROOM,
    "buanderie": RoomKind.OTHER_WET_ROOM,
    "cellier": RoomKind.OTHER_WET_ROOM,
    "sejour": RoomKind.LIVING_ROOM,
    "chambre": RoomKind.BEDROOM,
}
SYSTEM_WORDS: dict[str, SystemKind] = {
    "autoreglable": SystemKind.SELF_REGULATING,
    "simple flux autoreglable": SystemKind.SELF_REGULATING,
    "hygro a": SystemKind.HYGRO_A,
    "hygroreglable a": SystemKind.HYGRO_A,
    "simple flux hygro a": SystemKind.HYGRO_A,
    "hygro b": SystemKind.HYGRO_B,
    "hygroreglable b": SystemKind.HYGRO_B,
    "simple flux hygro b": SystemKind.HYGRO_B,
    "double flux": SystemKind.BALANCED,
}
POSITION_WORDS = {"base": Position.BASE, "pointe": Position.BOOST}
QUANTITY_WORDS = {"debit": MeasuredQuantity.FLOW, "pression": MeasuredQuantity.PRESSURE}
TERMINAL_WORDS = {"extraction": TerminalKind.EXTRACT, "soufflage": TerminalKind.SUPPLY}
STATUS_WORDS = {
    "conforme": PointStatus.CONFORMING,
    "valide": PointStatus.CONFORMING,
    "non conforme": PointStatus.NON_CONFORMING,
    "non valide": PointStatus.NON_CONFORMING,
    "non verifiable": PointStatus.NOT_VERIFIABLE,
    "sans objet": PointStatus.NOT_APPLICABLE,
}
YES_NO = {"oui": True, "o": True, "vrai": True, "1": True, "non": False, "n": False,
          "faux": False, "0": False}
RESULT_WORDS = {"conforme": True, "non conforme": False}


def _choice(row: TableRow, code: str, words: dict[str, Any], where: str, column: str) -> Any:
    text = row.values[code]
    try:
        return words[_key(text)]
    except KeyError:
        allowed = ", ".join(sorted(dict.fromkeys(words)))
        raise InputError(
            f"colonne « {column} » : valeur « {text} » non reconnue (valeurs admises : {allowed})",
            where,
        ) from None


#: Model field -> column of the user's file, for error messages.
_FIELD_COLUMNS = {
    "dwelling_id": "logement", "terminal_id": "bouche", "typology": "typologie",
    "n_main_rooms": "pièces principales", "n_wc": "nombre de wc", "system": "système",
    "measured_m3_per_h": "mesure", "measured_pa": "mesure", "range_min_m3_per_h": "plage min",
    "range_min_pa": "plage min", "range_max_m3_per_h": "plage max", "range_max_pa": "plage max",
    "design_flow_m3_per_h": "débit de conception", "code": "code", "label": "libellé",
}


def _validate(model: Callable[..., Any], data: dict[str, Any], where: str) -> Any:
    """Validate one row; errors name the file, the line and the user's column."""
    try:
        return model(data)
    except ValidationError as exc:
        lines = []
        for line in format_validation_error(exc).splitlines():
            field, _, message = line.partition(" : ")
            if field == "(racine)":
                lines.append(message if message.startswith(where) else f"{where} : {message}")
            else:
                column = _FIELD_COLUMNS.get(field, field)
                lines.append(f"{where}, colonne « {column} » : {message}")
        raise InputError("\n".join(lines)) from None


def _where(path: Path, row: TableRow) -> str:
    return f"{path}, ligne {row.line}"


def _require(row: TableRow, code: str, column: str, where: str) -> str:
    if code not in row.values:
        raise InputError(f"colonne « {column} » vide", where)
    return row.values[code]


# --------------------------------------------------------------------------- regulatory tables
def load_regulatory_flow_tables() -> RegulatoryFlowTables:
    """Load the packaged art. 3 and art. 4 tables of the arrêté du 24 mars 1982."""
    base = resources.files("perfqual") / "data"
    with resources.as_file(base / "ventilation_debits_1982_art3.csv") as p3, resources.as_file(
        base / "ventilation_debits_1982_art4.csv"
    ) as p4:
        art3_map = {"pieces_principales": "n_main_rooms", "cuisine": "kitchen_m3_per_h",
                    "salle_de_bain": "bathroom_m3_per_h",
                    "autre_salle_d_eau": "other_wet_room_m3_per_h",
                    "wc_unique": "single_wc_m3_per_h", "wc_multiple": "multiple_wc_m3_per_h"}
        art4_map = {"pieces_principales": "n_main_rooms",
                    "total_reduit": "total_reduced_m3_per_h",
                    "cuisine_reduit": "kitchen_reduced_m3_per_h",
                    "total_module_minimal": "total_modulated_floor_m3_per_h"}
        art3 = [Art3Row.model_validate(r.values) for r in read_table(p3, art3_map,
                                                                     tuple(art3_map.values()))]
        art4 = [Art4Row.model_validate(r.values) for r in read_table(p4, art4_map,
                                                                     tuple(art4_map.values()))]
    return RegulatoryFlowTables(art3=tuple(art3), art4=tuple(art4))


# --------------------------------------------------------------------------- records
def _dwelling(path: Path, row: TableRow) -> DwellingVentilation:
    where = _where(path, row)
    data: dict[str, Any] = {
        "dwelling_id": _require(row, "dwelling_id", "logement", where),
        "system": _choice(row, "system", SYSTEM_WORDS, where, "système")
        if "system" in row.values else None,
        "source": where,
    }
    if data["system"] is None:
        raise InputError("colonne « système » vide", where)
    if "typology" in row.values:
        data["typology"] = row.values["typology"]
    for code, column in (("n_main_rooms", "pièces principales"), ("n_wc", "nombre de wc")):
        if code in row.values:
            value = parse_number(row.values[code], f"{where}, colonne « {column} »")
            if value != int(value):
                raise InputError(f"colonne « {column} » : nombre entier attendu", where)
            data[code] = int(value)
    return _validate(DwellingVentilation.model_validate, data, where)


def _quantity(text: str, unit: str, where: str, column: str) -> float:
    try:
        return parse_quantity(text, unit)
    except ValueError as exc:
        raise InputError(f"colonne « {column} » : {exc}", where) from None


def _reading(path: Path, row: TableRow) -> TerminalReading:
    where = _where(path, row)
    v = row.values
    dwelling_id = _require(row, "dwelling_id", "logement", where)
    room = _choice(row, "room", ROOM_WORDS, where, "pièce") if "room" in v else None
    if room is None:
        raise InputError("colonne « pièce » vide", where)
    if "terminal_kind" in v:
        kind = _choice(row, "terminal_kind", TERMINAL_WORDS, where, "type de bouche")
    else:
        kind = TerminalKind.SUPPLY if room in MAIN_ROOMS else TerminalKind.EXTRACT
    _require(row, "position", "position", where)
    _require(row, "quantity", "grandeur", where)
    quantity = _choice(row, "quantity", QUANTITY_WORDS, where, "grandeur")
    suffix, unit = ("m3_per_h", "m**3/h") if quantity is MeasuredQuantity.FLOW else ("pa", "Pa")
    data: dict[str, Any] = {
        "dwelling_id": dwelling_id,
        "terminal_id": v.get("terminal_id", room.value),
        "room": room,
        "terminal_kind": kind,
        "position": _choice(row, "position", POSITION_WORDS, where, "position"),
        "quantity": quantity,
        "not_measurable_reason": v.get("not_measurable_reason"),
        "source": where,
    }
    for code, column, field in (
        ("measured", "mesure", f"measured_{suffix}"),
        ("range_min", "plage min", f"range_min_{suffix}"),
        ("range_max", "plage max", f"range_max_{suffix}"),
    ):
        if code in v:
            data[field] = _quantity(v[code], unit, where, column)
    if "design_flow" in v:
        data["design_flow_m3_per_h"] = _quantity(v["design_flow"], "m**3/h", where,
                                                 "débit de conception")
    return _validate(TerminalReading.model_validate, data, where)


def _point(path: Path, row: TableRow) -> VerificationPoint:
    where = _where(path, row)
    for code, column in (("dwelling_id", "logement"), ("code", "code"),
                         ("is_mandatory", "obligatoire"), ("status", "statut")):
        _require(row, code, column, where)
    data = {
        "dwelling_id": row.values["dwelling_id"],
        "code": row.values["code"],
        "label": row.values.get("label"),
        "is_mandatory": _choice(row, "is_mandatory", YES_NO, where, "obligatoire"),
        "status": _choice(row, "status", STATUS_WORDS, where, "statut"),
        "comment": row.values.get("comment"),
        "source": where,
    }
    return _validate(VerificationPoint.model_validate, data, where)


@dataclass(frozen=True)
class _Sheet:
    name: str
    columns: dict[str, str]
    required: tuple[str, ...]
    parse: Callable[[Path, TableRow], Any]
    optional: bool = False


_SHEETS = (
    _Sheet("logements", DWELLING_COLUMNS, ("dwelling_id", "system"), _dwelling),
    _Sheet("mesures", READING_COLUMNS,
           ("dwelling_id", "room", "position", "quantity", "measured"), _reading),
    _Sheet("points", POINT_COLUMNS, ("dwelling_id", "code", "is_mandatory", "status"), _point,
           optional=True),
)


def _sheet_rows(path: Path, sheet: _Sheet) -> list[Any]:
    if path.is_dir():
        file = path / f"{sheet.name}.csv"
        if not file.exists():
            if sheet.optional:
                return []
            raise InputError(f"fichier « {sheet.name}.csv » absent du dossier", str(path))
        return [sheet.parse(file, r) for r in read_table(file, sheet.columns, sheet.required)]
    import openpyxl

    try:
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
    except Exception as exc:
        raise InputError(f"classeur XLSX illisible ({exc})", str(path)) from exc
    if sheet.name not in names:
        if sheet.optional:
            return []
        raise InputError(f"feuille « {sheet.name} » absente (feuilles : {names})", str(path))
    rows = read_table(path, sheet.columns, sheet.required, sheet=sheet.name)
    where = Path(f"{path} [{sheet.name}]")
    return [sheet.parse(where, r) for r in rows]


def load_ventilation_records(path: str | Path) -> VentilationRecords:
    """Read ventilation records from a folder of CSV files or an XLSX workbook.

    Raises
    ------
    InputError
        Missing file/sheet/column, unreadable or out-of-range value, inconsistent records
        (naming file, line and column).
    """
    path = Path(path)
    if not path.exists():
        raise InputError("fichier ou dossier introuvable", str(path))
    if not path.is_dir() and path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError("dossier de fichiers CSV ou classeur XLSX attendu", str(path))
    dwellings, readings, points = (_sheet_rows(path, s) for s in _SHEETS)
    return _validate(
        VentilationRecords.model_validate,
        {"dwellings": tuple(dwellings), "readings": tuple(readings), "points": tuple(points)},
        str(path),
    )


# --------------------------------------------------------------------------- operation
@dataclass(frozen=True)
class OperationDwelling:
    """A dwelling of the operation as the ventilation and sampling tools need it."""

    dwelling_id: str
    typology: str
    n_main_rooms: int | None = None


def _dwellings_from_operation_model(path: Path) -> tuple[OperationDwelling, ...]:
    """Thin adapter on the operation model (``perfqual.io.operation.load_operation``)."""
    try:
        from perfqual.io.operation import load_operation
    except ImportError as exc:  # the operation model is being written in parallel
        raise InputError(
            "lecture des fichiers d'opération YAML indisponible dans cette version ; "
            "fournir la liste des logements en CSV (colonnes « logement ; typologie »)",
            str(path),
        ) from exc
    operation = load_operation(path)
    typologies = getattr(operation, "typologies", {})
    out = []
    for d in operation.dwellings:
        typology = typologies.get(d.typology)
        rooms = getattr(typology, "n_main_rooms", None)
        out.append(OperationDwelling(d.id, d.typology, rooms))
    return tuple(out)


def load_operation_dwellings(path: str | Path) -> tuple[OperationDwelling, ...]:
    """Dwellings (id, typology, main rooms) of an operation file or of a dwelling list.

    ``.yaml``/``.yml`` (or a folder holding ``operation.yaml``): the operation file (via the
    operation model). ``.csv``/``.xlsx``: a
    list with columns ``logement``, ``typologie`` and optionally ``pièces principales``.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("fichier d'opération introuvable", str(path))
    if path.is_dir():
        path = path / "operation.yaml"
        if not path.exists():
            raise InputError("dossier sans fichier operation.yaml", str(path.parent))
    if path.suffix.lower() in (".yaml", ".yml"):
        dwellings = _dwellings_from_operation_model(path)
    else:
        columns = {k: v for k, v in DWELLING_COLUMNS.items() if v != "system"}
        rows = read_table(path, columns, ("dwelling_id", "typology"))
        dwellings = []
        for r in rows:
            where = _where(path, r)
            rooms = r.values.get("n_main_rooms")
            dwellings.append(OperationDwelling(
                _require(r, "dwelling_id", "logement", where),
                _require(r, "typology", "typologie", where),
                None if rooms is None else int(parse_number(rooms, where)),
            ))
        dwellings = tuple(dwellings)
    ids = [d.dwelling_id for d in dwellings]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise InputError(f"logement(s) en double : {', '.join(doubles)}", str(path))
    if not dwellings:
        raise InputError("aucun logement dans l'opération", str(path))
    return tuple(dwellings)


# --------------------------------------------------------------------------- sampling files
@dataclass(frozen=True)
class SampleResult:
    """A dwelling actually measured (airtightness, thermography), with its outcome if known."""

    dwelling_id: str
    is_passed: bool | None
    source: str


def load_sample_results(path: str | Path) -> tuple[SampleResult, ...]:
    """Read the list of dwellings actually measured (``logement`` ; ``résultat`` optional)."""
    path = Path(path)
    out = []
    for r in read_table(path, SAMPLE_RESULT_COLUMNS, ("dwelling_id",)):
        where = _where(path, r)
        dwelling_id = _require(r, "dwelling_id", "logement", where)
        result = _choice(r, "result", RESULT_WORDS, where, "résultat") if "result" in r.values \
            else None
        out.append(SampleResult(dwelling_id, result, where))
    ids = [s.dwelling_id for s in out]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise InputError(f"logement(s) mesuré(s) en double : {', '.join(doubles)}", str(path))
    return tuple(out)


def read_json(path: str | Path) -> dict[str, Any]:
    """Read a JSON file written by perfqual (sampling plan), French errors."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("fichier introuvable", str(path)) from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"fichier JSON illisible ({exc})", str(path)) from None


# --------------------------------------------------------------------------- result tables
def _csv(header: list[str], rows: list[list[object]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}".replace(".", ",")


def dwelling_verdicts_csv(report: Any) -> str:
    """One line per dwelling: verdict and reasons (``;`` CSV, French)."""
    from perfqual.qa.ventilation import VERDICT_LABELS_FR

    rows = [[r.dwelling.dwelling_id, r.dwelling.typology, r.dwelling.n_main_rooms,
             r.dwelling.system.value, VERDICT_LABELS_FR[r.verdict], " | ".join(r.reasons),
             " | ".join(r.notes)] for r in report.dwellings]
    rows += [[d, t, "", "", "non contrôlé", "aucun relevé", ""] for d, t in report.not_checked]
    return _csv(["logement", "typologie", "pieces_principales", "systeme", "verdict", "motifs",
                 "remarques"], rows)


def readings_csv(report: Any) -> str:
    """One line per reading with its references and status."""
    rows = []
    for r in report.dwellings:
        for t in r.terminals:
            for rr in t.readings:
                g = rr.reading
                low = g.range_min_pa if g.quantity is MeasuredQuantity.PRESSURE else \
                    g.range_min_m3_per_h
                high = g.range_max_pa if g.quantity is MeasuredQuantity.PRESSURE else \
                    g.range_max_m3_per_h
                rows.append([g.dwelling_id, r.dwelling.typology, g.terminal_id, g.room.value,
                             g.terminal_kind.value, g.position.value, g.quantity.value,
                             _num(g.measured_value), _num(rr.uncertainty), _num(low),
                             _num(high), _num(g.design_flow_m3_per_h),
                             _num(rr.required_min_m3_per_h), rr.status.value,
                             " | ".join(f.message_fr for f in rr.findings)])
    return _csv(["logement", "typologie", "bouche", "piece", "type_bouche", "position",
                 "grandeur", "mesure", "incertitude", "plage_min", "plage_max",
                 "debit_conception_m3_h", "minimum_reglementaire_m3_h", "statut", "detail"], rows)


def rows_csv(rows: list[dict[str, str]], header: list[str]) -> str:
    """Rows of dicts as ``;`` CSV with the given column order."""
    return _csv(header, [[r.get(h, "") for h in header] for r in rows])
