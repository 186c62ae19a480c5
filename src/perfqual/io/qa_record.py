"""Reading the works-phase QA record (``qualite/registre.yaml`` + optional CSV of findings).

Format (documented in ``methods/qualite.md``): a YAML file with French keys; the thermography
findings may be inline or in a CSV/XLSX file named by ``thermographie: {fichier: …}`` with the
columns ``id; logement; date; localisation; type_defaut; gravite; photo; statut; date_limite``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from perfqual.errors import InputError
from perfqual.io.operation import SafeLoaderFr
from perfqual.io.tables import read_table
from perfqual.materials import validation_error_fr
from perfqual.models.qa_record import QaRecord, ThermographyFinding

THERMOGRAPHY_COLUMNS = {
    "id": "id", "logement": "logement", "date": "date", "localisation": "localisation",
    "type_defaut": "type_defaut", "type de défaut": "type_defaut", "gravite": "gravite",
    "gravité": "gravite", "photo": "photo", "statut": "statut", "date_limite": "date_limite",
}
_REQUIRED = ("id", "logement", "date", "localisation", "type_defaut", "gravite", "statut")


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        raise InputError("fichier introuvable", str(path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoaderFr)  # noqa: S506
    except UnicodeDecodeError:
        raise InputError("encodage illisible (UTF-8 attendu : enregistrer le fichier en UTF-8)",
                         str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}, ligne {mark.line + 1}" if mark is not None else str(path)
        raise InputError(f"YAML illisible ({getattr(exc, 'problem', exc)})", where) from None
    if not isinstance(data, dict):
        raise InputError("un bloc « clé : valeur » est attendu à la racine", str(path))
    return data


def read_thermography_table(path: Path) -> list[ThermographyFinding]:
    """Read thermography findings from a CSV/XLSX table (French errors naming file and line)."""
    out = []
    for row in read_table(path, THERMOGRAPHY_COLUMNS, required=_REQUIRED):
        try:
            out.append(ThermographyFinding.model_validate(row.values))
        except ValidationError as exc:
            raise InputError(validation_error_fr(exc), f"{path}, ligne {row.line}") from None
    return out


def load_qa_record(path: str | Path) -> QaRecord:
    """Load and validate a QA record.

    Raises
    ------
    InputError
        Unreadable file, bad table row, or invalid fields (message naming file and field).
    """
    path = Path(path)
    data = _read_yaml(path)
    thermo = data.get("thermographie")
    if isinstance(thermo, dict):
        if set(thermo) != {"fichier"}:
            raise InputError("« thermographie » : une liste ou {fichier: …} attendu",
                             f"{path} : thermographie")
        data["thermographie"] = read_thermography_table(path.parent / str(thermo["fichier"]))
    try:
        return QaRecord.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_error_fr(exc), str(path)) from None
