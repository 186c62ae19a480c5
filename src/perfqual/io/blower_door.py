"""Reading blower-door test files (CSV or XLSX) into :class:`BlowerDoorTest` models.

The format is documented in ``methods/permeabilite.md`` (French). In short:

* metadata as ``# clé : valeur`` lines at the top of the file (CSV or first XLSX sheet), or in
  an XLSX sheet named ``metadonnees`` with two columns ``clé`` and ``valeur``;
* one row per reading with the columns ``sens`` (dépressurisation / pressurisation),
  ``type`` (zéro avant / palier / zéro après), ``Δp (Pa)`` (signed inside − outside pressure
  difference) and ``débit (m³/h)`` (or ``débit (L/s)``), ``;`` or ``,`` separated, decimal
  comma accepted.

Raw column and key names never leave this module; values are converted to canonical units
here, once (pint through :func:`perfqual.units.parse_quantity`).

No reader for proprietary exports of blower-door software is provided: no public description
of those formats was found (see ``methods/permeabilite.md``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from perfqual.errors import InputError
from perfqual.io.tables import read_table
from perfqual.io.validation import format_validation_error
from perfqual.models.blower_door import BlowerDoorTest
from perfqual.units import parse_quantity

# --- data columns -------------------------------------------------------------------------------

COLUMN_MAP: dict[str, str] = {
    "sens": "direction",
    "type": "kind",
    "Δp (Pa)": "dp_pa",
    "Δp_m (Pa)": "dp_pa",
    "dp (Pa)": "dp_pa",
    "dp_pa": "dp_pa",
    "delta_p (Pa)": "dp_pa",
    "pression (Pa)": "dp_pa",
    "débit (m³/h)": "q_m3_per_h",
    "débit (m3/h)": "q_m3_per_h",
    "debit (m3/h)": "q_m3_per_h",
    "debit_m3_h": "q_m3_per_h",
    "débit (L/s)": "q_l_per_s",
    "debit (l/s)": "q_l_per_s",
    "debit_l_s": "q_l_per_s",
}
COLUMN_LABELS = {"direction": "sens", "kind": "type", "dp_pa": "Δp (Pa)",
                 "q_m3_per_h": "débit (m³/h)", "q_l_per_s": "débit (L/s)"}

_DIRECTION_WORDS = {
    "depressurisation": "depressurisation", "depressurization": "depressurisation",
    "depression": "depressurisation", "d": "depressurisation", "-": "depressurisation",
    "pressurisation": "pressurisation", "pressurization": "pressurisation",
    "surpression": "pressurisation", "p": "pressurisation", "+": "pressurisation",
    "les_deux": "both", "deux": "both",
}
_KIND_WORDS = {
    "zero_avant": "before", "debit_nul_avant": "before", "pression_nulle_avant": "before",
    "palier": "station", "mesure": "station",
    "zero_apres": "after", "debit_nul_apres": "after", "pression_nulle_apres": "after",
}


def _normalise_word(text: str) -> str:
    """Lower case, no accents, spaces and hyphens as underscores ("Zéro après" -> zero_apres)."""
    s = unicodedata.normalize("NFKD", text.strip().lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    if s in ("-", "+"):
        return s
    return "_".join(s.replace("-", " ").replace("'", " ").split())


# --- metadata ----------------------------------------------------------------------------------


def _quantity(unit: str) -> Callable[[str], float]:
    def convert(text: str) -> float:
        return parse_quantity(text, unit)

    return convert


def _fraction(text: str) -> float:
    s = text.strip()
    if s.endswith("%"):
        return parse_quantity(s[:-1], "dimensionless") / 100.0
    return parse_quantity(s, "dimensionless")


def _method(text: str) -> int:
    digits = [ch for ch in text if ch.isdigit()]
    if len(digits) != 1:
        raise ValueError(f"« {text} » : méthode 1, 2 ou 3 attendue (NF EN ISO 9972 §5)")
    return int(digits[0])


def _phase(text: str) -> str:
    return _normalise_word(text)


def _text(text: str) -> str:
    return text.strip()


# normalised key -> (model field, converter)
METADATA_KEYS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "essai": ("test_id", _text),
    "logement": ("dwelling_id", _text),
    "batiment": ("building_id", _text),
    "typologie": ("typology", _text),
    "phase": ("phase", _phase),
    "date": ("date", _text),
    "operateur": ("operator", _text),
    "qualification": ("qualification", _text),
    "appareil": ("equipment", _text),
    "methode": ("method", _method),
    "volume": ("volume_m3", _quantity("m**3")),
    "volume_interieur": ("volume_m3", _quantity("m**3")),
    "surface_enveloppe": ("envelope_area_m2", _quantity("m**2")),
    "surface_plancher": ("floor_area_m2", _quantity("m**2")),
    "atbat": ("a_tbat_m2", _quantity("m**2")),
    "temperature_interieure": ("temp_int_c", _quantity("degC")),
    "temperature_exterieure": ("temp_ext_c", _quantity("degC")),
    "pression_barometrique": ("pressure_pa", _quantity("Pa")),
    "altitude": ("altitude_m", _quantity("m")),
    "humidite_relative": ("rel_humidity_frac", _fraction),
    "vent": ("wind_m_per_s", _quantity("m/s")),
    "hauteur_batiment": ("building_height_m", _quantity("m")),
    "masse_volumique_etalonnage": ("fan_calibration_density_kg_per_m3", _quantity("kg/m**3")),
    "remarques": ("notes", _text),
}
REQUIRED_METADATA = ("methode", "volume", "temperature_interieure", "temperature_exterieure")


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("encodage illisible (UTF-8 ou Windows-1252 attendu)", str(path))


def _csv_metadata_lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for i, line in enumerate(_decode(path).splitlines(), start=1):
        s = line.strip()
        if s.startswith("#"):
            out.append((i, s.lstrip("#").strip().rstrip(";,").strip()))
    return out


def _xlsx_metadata_lines(path: Path) -> list[tuple[int, str]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"classeur XLSX illisible ({exc})", str(path)) from exc
    out = []
    try:
        for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v).strip() for v in row]
            if cells and cells[0].startswith("#"):
                out.append((i, " ".join(c for c in cells if c).lstrip("#").strip()))
        if "metadonnees" in wb.sheetnames:
            for i, row in enumerate(wb["metadonnees"].iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v).strip() for v in row][:2]
                if i == 1 or not any(cells):
                    continue  # header line "clé | valeur"
                out.append((-i, f"{cells[0]}: {cells[1] if len(cells) > 1 else ''}"))
    finally:
        wb.close()
    return out


def read_metadata(path: str | Path) -> dict[str, Any]:
    """Read the ``# clé : valeur`` metadata of a test file as model fields (canonical units).

    Lines starting with ``#`` without a colon are comments. Keys are case- and
    accent-insensitive (``Température intérieure`` = ``temperature_interieure``).
    """
    path = Path(path)
    xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    lines = _xlsx_metadata_lines(path) if xlsx else _csv_metadata_lines(path)
    fields: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for line, text in lines:
        where = (f"{path}, feuille metadonnees, ligne {-line}" if line < 0
                 else f"{path}, ligne {line}")
        if ":" not in text:
            continue
        key_text, value = (s.strip() for s in text.split(":", 1))
        key = _normalise_word(key_text)
        if key not in METADATA_KEYS:
            known = ", ".join(sorted(METADATA_KEYS))
            raise InputError(
                f"clé de métadonnée inconnue « {key_text} » (clés reconnues : {known})", where)
        if key in seen:
            raise InputError(f"clé « {key_text} » déjà donnée ligne {abs(seen[key])}", where)
        seen[key] = line
        if not value:
            raise InputError(f"valeur absente pour « {key_text} »", where)
        name, convert = METADATA_KEYS[key]
        try:
            fields[name] = convert(value)
        except ValueError as exc:
            raise InputError(f"« {key_text} » : {exc}", where) from exc
    missing = [k for k in REQUIRED_METADATA if k not in seen]
    if "pression_barometrique" not in seen and "altitude" not in seen:
        missing.append("pression_barometrique (ou altitude)")
    if missing:
        raise InputError(f"métadonnée(s) obligatoire(s) absente(s) : {', '.join(missing)}",
                         str(path))
    return fields


# --- readings ----------------------------------------------------------------------------------


def _cell(row_values: dict[str, str], code: str, where: str) -> str:
    value = row_values.get(code)
    if value is None:
        raise InputError(f"colonne « {COLUMN_LABELS[code]} » vide", where)
    return value


def _number(text: str, code: str, where: str, unit: str) -> float:
    try:
        return parse_quantity(text, unit)
    except ValueError as exc:
        raise InputError(f"colonne « {COLUMN_LABELS[code]} » : {exc}", where) from exc


def _flow(values: dict[str, str], where: str) -> float:
    if "q_m3_per_h" in values:
        return _number(values["q_m3_per_h"], "q_m3_per_h", where, "m**3/h")
    if "q_l_per_s" in values:
        return _number(values["q_l_per_s"], "q_l_per_s", where, "L/s") * 3.6  # 1 L/s = 3.6 m³/h
    raise InputError("débit absent pour un palier", where)


def read_readings(path: str | Path) -> dict[str, dict[str, list[float]]]:
    """Read the reading rows of a test file, grouped by direction.

    Returns
    -------
    dict
        direction -> {"before": [...], "after": [...], "dp": [...], "q": [...]} (Pa, m³/h).
    """
    path = Path(path)
    rows = read_table(path, COLUMN_MAP, required=("direction", "kind", "dp_pa"))
    groups: dict[str, dict[str, list[float]]] = {}
    shared: dict[str, list[float]] = {"before": [], "after": []}
    if not rows:
        raise InputError("aucune ligne de mesure", str(path))
    for row in rows:
        where = f"{path}, ligne {row.line}"
        d_text = row.values.get("direction", "")
        direction = _DIRECTION_WORDS.get(_normalise_word(d_text)) if d_text else "both"
        if direction is None:
            raise InputError(f"colonne « sens » : « {d_text} » inconnu (dépressurisation, "
                             "pressurisation, ou vide / les deux pour une mesure à débit nul)",
                             where)
        k_text = _cell(row.values, "kind", where)
        kind = _KIND_WORDS.get(_normalise_word(k_text))
        if kind is None:
            raise InputError(f"colonne « type » : « {k_text} » inconnu (zéro avant, palier, "
                             "zéro après)", where)
        dp = _number(_cell(row.values, "dp_pa", where), "dp_pa", where, "Pa")
        if kind == "station":
            if direction == "both":
                raise InputError("un palier doit préciser son sens", where)
            g = groups.setdefault(direction, {"before": [], "after": [], "dp": [], "q": []})
            g["dp"].append(dp)
            g["q"].append(_flow(row.values, where))
        elif direction == "both":
            shared[kind].append(dp)
        else:
            groups.setdefault(direction, {"before": [], "after": [], "dp": [], "q": []})[
                kind].append(dp)
    if not groups:
        raise InputError("aucun palier de pression", str(path))
    for name, g in groups.items():
        if not g["dp"]:
            raise InputError(f"{name} : aucun palier de pression (seulement des mesures à "
                             "débit nul)", str(path))
    for g in groups.values():
        g["before"] = g["before"] or list(shared["before"])
        g["after"] = g["after"] or list(shared["after"])
    return groups


def read_blower_door_file(path: str | Path) -> BlowerDoorTest:
    """Read one blower-door test file (CSV or XLSX) into a validated :class:`BlowerDoorTest`.

    Raises
    ------
    InputError
        Malformed file, naming the file, line and column.
        Values out of range are reported field by field (metadata key names).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("fichier introuvable", str(path))
    fields = read_metadata(path)
    groups = read_readings(path)
    fields.setdefault("test_id", path.stem)
    directions = []
    for name in ("depressurisation", "pressurisation"):
        g = groups.get(name)
        if g is None:
            continue
        if not g["before"]:
            raise InputError(f"{name} : aucune mesure de pression à débit nul « zéro avant »",
                             str(path))
        directions.append({"direction": name, "baseline_before_pa": g["before"],
                           "baseline_after_pa": g["after"], "dp_measured_pa": g["dp"],
                           "q_fan_m3_per_h": g["q"]})
    try:
        return BlowerDoorTest.model_validate({**fields, "directions": directions})
    except ValidationError as exc:
        raise InputError("\n" + _user_names(format_validation_error(exc, str(path)))) from None


def _user_names(text: str) -> str:
    """Replace model field names by the metadata keys the user wrote."""
    names = {}
    for key, (name, _) in METADATA_KEYS.items():
        names.setdefault(name, key)
    for name, key in names.items():
        text = re.sub(rf"(?<= : ){name}(?= : )", key, text)
    return re.sub(r"(?<= : )directions\.(\d+)(?= : )",
                  lambda m: f"sens n° {int(m.group(1)) + 1}", text)


TEST_FILE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def read_blower_door_folder(folder: str | Path) -> list[BlowerDoorTest]:
    """Read every ``.csv`` / ``.xlsx`` test file of a folder (not recursive), sorted by name.

    Raises
    ------
    InputError
        Missing folder, no test file, or two files with the same test identifier.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("dossier introuvable", str(folder))
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in TEST_FILE_SUFFIXES and not p.name.startswith((".", "~")))
    if not files:
        raise InputError("aucun fichier d'essai (.csv ou .xlsx) dans le dossier", str(folder))
    tests, seen = [], {}
    for p in files:
        t = read_blower_door_file(p)
        if t.test_id in seen:
            raise InputError(
                f"identifiant d'essai « {t.test_id} » déjà utilisé par {seen[t.test_id]}", str(p))
        seen[t.test_id] = p.name
        tests.append(t)
    return tests


__all__ = ["COLUMN_MAP", "METADATA_KEYS", "analysis_to_dict", "read_blower_door_file",
           "read_blower_door_folder", "read_metadata", "read_readings"]


# --- writers -----------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """JSON-friendly copy: dataclasses to dicts, NaN to None, tuples to lists."""
    import dataclasses
    import math

    import numpy as np

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_clean(v) for v in value.tolist()]
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def analysis_to_dict(analysis: Any, judgement: Any = None) -> dict[str, Any]:
    """A blower-door analysis (and its judgement) as a JSON-serialisable dict (code names)."""
    directions = {}
    for name, d in analysis.directions.items():
        entry = _clean(d)
        entry.pop("fit_env")
        entry.pop("fit_std")
        entry["fit_env"] = {"c_m3_per_h_pa_n": d.fit_env.c_m3_per_h_pa_n, "n": d.fit_env.n,
                            "s_n": d.fit_env.s_n, "s_ln_c": d.fit_env.s_ln_c,
                            "t_value": d.fit_env.t_value, "r_squared": d.fit_env.r_squared,
                            "n_points": d.fit_env.n_points}
        entry["is_valid"] = d.is_valid
        directions[name] = _clean(entry)
    return {
        "test": analysis.test.model_dump(mode="json"),
        "rules_version": analysis.rules_version,
        "pressure_pa": analysis.pressure_pa,
        "is_valid": analysis.is_valid,
        "regulatory_direction": analysis.regulatory_direction,
        "q50_m3_per_h": _clean(analysis.q50_m3_per_h),
        "n50_per_h": _clean(analysis.n50_per_h),
        "q_e50_m3_per_h_m2": analysis.q_e50_m3_per_h_m2,
        "q_f50_m3_per_h_m2": analysis.q_f50_m3_per_h_m2,
        "q4pa_surf_m3_per_h_m2": _clean(analysis.q4pa_surf_m3_per_h_m2),
        "assumptions": list(analysis.assumptions),
        "directions": directions,
        "judgement": _clean(judgement) if judgement is not None else None,
    }
