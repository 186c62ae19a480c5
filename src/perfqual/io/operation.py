"""Loading an operation: a YAML file with French keys, plus CSV files for long lists.

The dwellings may be listed in the YAML (``logements: [...]``) or in a CSV file next to it
(``logements: {fichier: logements.csv}``) with the columns ``id``, ``typologie``, ``position``,
``rotation``, ``surface_habitable``, ``batiment``, ``adresse``, ``locataire``. Every error names
the file, and the path to the field (YAML) or the line and column (CSV), in French.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from perfqual.errors import InputError
from perfqual.io.tables import read_table
from perfqual.io.validation import format_validation_error
from perfqual.models.operation import Dwelling, Operation

OPERATION_FILE_NAMES = ("operation.yaml", "operation.yml")

DWELLING_COLUMNS = {
    "id": "id",
    "logement": "id",
    "typologie": "typologie",
    "position": "position",
    "rotation": "rotation",
    "miroir": "miroir",
    "surface_habitable": "surface_habitable",
    "batiment": "batiment",
    "bâtiment": "batiment",
    "adresse": "adresse",
    "locataire": "locataire",
}


class SafeLoaderFr(yaml.SafeLoader):
    """SafeLoader whose impossible dates (``2026-13-45``) raise a YAML error with their line.

    PyYAML builds timestamps with :class:`datetime.date`, whose ``ValueError`` carries no line
    and escapes the YAML error handling; here it becomes a :class:`yaml.MarkedYAMLError`.
    """


def _construct_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"date impossible « {node.value} » (format AAAA-MM-JJ, date du calendrier)",
            node.start_mark,
        ) from None


SafeLoaderFr.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _UniqueKeyLoader(SafeLoaderFr):
    """SafeLoader refusing duplicate keys (a silent overwrite would lose user data)."""


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {key} » en double", key_node.start_mark
            )
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 _construct_mapping)


def resolve_operation_path(path: str | Path) -> Path:
    """Accept a YAML file or a folder holding ``operation.yaml``."""
    path = Path(path)
    if path.is_dir():
        for name in OPERATION_FILE_NAMES:
            if (path / name).exists():
                return path / name
        raise InputError("dossier sans fichier operation.yaml", str(path))
    if not path.exists():
        raise InputError("fichier introuvable", str(path))
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"extension « {path.suffix or '(aucune)'} » : fichier d'opération YAML "
                         "attendu (.yaml ou .yml)", str(path))
    return path


_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
# A quoted scalar starts after a blank, an indicator or the start of the text (an apostrophe
# inside a word, as in « l'extérieur », is not a quote) and ends on the same line.
_QUOTED = re.compile(r"((?<![^\s\[{,:])\"[^\"\n]*\"|(?<![^\s\[{,:])'[^'\n]*')")


def decimal_commas_to_points(text: str) -> str:
    """Turn decimal commas (a digit, a comma, a digit) into points outside quoted strings.

    French users write ``b: 0,9`` inside YAML flow mappings ``{…}``, where a bare comma would
    split the entry. Separators of flow lists must therefore be written ``, `` (comma + space),
    which is the usual style. Line numbers are preserved.

    Examples
    --------
    >>> decimal_commas_to_points("{Uw: 4,9, Sw: 0,58, nom: 'a,1'}")
    "{Uw: 4.9, Sw: 0.58, nom: 'a,1'}"
    """
    parts = _QUOTED.split(text)
    return "".join(p if i % 2 else _DECIMAL_COMMA.sub(".", p) for i, p in enumerate(parts))


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping with French errors giving the line.

    UTF-8 is expected; a file saved by an older Windows editor (Windows-1252) is read too, as
    the CSV readers do.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"fichier illisible ({exc.strerror})", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError("encodage illisible (UTF-8 attendu)", str(path)) from None
    try:
        data = yaml.load(decimal_commas_to_points(text), Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}, ligne {mark.line + 1}" if mark else str(path)
        raise InputError(f"YAML invalide : {exc.problem or exc.context}", where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML invalide : {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise InputError("le fichier doit contenir un bloc « clé : valeur » à la racine", str(path))
    return data


def _read_dwellings_csv(csv_path: Path, typologies: object = None) -> list[dict]:
    """Dwelling rows of a CSV, each checked with its line: fields, duplicate ids and tenants,
    and typologies known to the operation file (when it lists them)."""
    rows = read_table(csv_path, DWELLING_COLUMNS, required=("id", "typologie"))
    out = []
    first_line: dict[tuple[str, str], int] = {}
    known = set(typologies) if isinstance(typologies, dict) else None
    for row in rows:
        where = f"{csv_path}, ligne {row.line}"
        for column, code in (("id", "id"), ("locataire", "locataire")):
            value = row.values.get(code)
            if value is None:
                continue
            if (column, value) in first_line:
                raise InputError(f"{column} « {value} » en double (déjà ligne "
                                 f"{first_line[(column, value)]})", where)
            first_line[(column, value)] = row.line
        typology = row.values.get("typologie")
        if known is not None and typology not in known:
            raise InputError(f"typologie inconnue « {typology} » (typologies de l'opération : "
                             f"{', '.join(sorted(known))})", where)
        try:
            Dwelling.model_validate(row.values)
        except ValidationError as exc:
            raise InputError(
                "\n" + format_validation_error(exc, f"{csv_path}, ligne {row.line}"),
                None,
            ) from None
        out.append(row.values)
    return out


def load_operation_data(path: str | Path) -> tuple[dict, Path]:
    """Raw operation data (dict) with CSV lists expanded, and the YAML path."""
    yaml_path = resolve_operation_path(path)
    data = read_yaml(yaml_path)
    dw = data.get("logements")
    if isinstance(dw, dict) and set(dw) == {"fichier"}:
        csv_path = (yaml_path.parent / str(dw["fichier"])).resolve()
        data["logements"] = _read_dwellings_csv(csv_path, data.get("typologies"))
    return data, yaml_path


def load_operation(path: str | Path) -> Operation:
    """Load and validate an operation (YAML file or folder holding ``operation.yaml``).

    Raises
    ------
    InputError
        With every problem found, each naming the file and the path to the field, in French.
    """
    data, yaml_path = load_operation_data(path)
    try:
        return Operation.model_validate(data)
    except ValidationError as exc:
        raise InputError("\n" + format_validation_error(exc, str(yaml_path))) from None


def operation_folder(path: str | Path) -> Path:
    """The folder of an operation (where its measurement sub-folders live)."""
    return resolve_operation_path(path).parent
