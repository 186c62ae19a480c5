"""French climate zones (H1a…H3), the département → zone table and altitude classes.

The eight zones are defined by article 2 of the arrêté du 26 octobre 2010 (RT 2012) and listed
per département in its annexe I; the same zones are used by RE 2020 and by the 2021 DPE
(méthode 3CL, arrêté du 31 mars 2021). The packaged table
``perfqual/data/departements_zones.csv`` transcribes annexe I (provenance in
``departements_zones.source.md``).
"""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from importlib import resources

from perfqual.errors import InputError

#: The eight climate zones of the arrêté du 26 octobre 2010, article 2.
ZONES: tuple[str, ...] = ("H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3")

#: Overseas départements: outside annexe I (metropolitan France only).
OVERSEAS_DEPARTEMENTS: dict[str, str] = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}

#: Altitude classes of the 3CL-DPE 2021 method (enum ``classe_altitude``).
ALTITUDE_CLASSES: tuple[str, ...] = ("inférieur à 400m", "400-800m", "supérieur à 800m")
#: Upper bounds of the first two classes. [m]
ALTITUDE_CLASS_BOUNDS_M: tuple[float, float] = (400.0, 800.0)


def _fold(text: str) -> str:
    """Lower-case, accent-free, hyphen/space-insensitive form of a name."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in s.lower() if ch.isalnum())


@lru_cache(maxsize=1)
def departement_table() -> dict[str, tuple[str, str]]:
    """Load the packaged département → (name, zone) table.

    Returns
    -------
    dict
        Département code ("01"…"95", "2A", "2B") -> (name, zone).

    Raises
    ------
    RuntimeError
        If the packaged table is malformed (a packaging error, not a user error).
    """
    path = resources.files("perfqual.data").joinpath("departements_zones.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = {r["departement"]: (r["nom"], r["zone_climatique"]) for r in rows}
    if len(table) != 96 or any(z not in ZONES for _, z in table.values()):
        raise RuntimeError("table departements_zones.csv corrompue (96 départements attendus)")
    return table


def normalise_departement(dep: str | int) -> str:
    """Return the canonical département code ("62", "01", "2A", "974") of a user spelling.

    Accepts numbers with or without a leading zero ("1", "01", 1), Corsica in any case
    ("2a", "2B"), and département names ("Pas-de-Calais", "pas de calais", "Nord").

    Raises
    ------
    InputError
        If the text is not a département (French message).

    Examples
    --------
    >>> normalise_departement("1"), normalise_departement("2a"), normalise_departement("Nord")
    ('01', '2A', '59')
    """
    text = str(dep).strip().upper()
    table = departement_table()
    if text.isdigit() and len(text) <= 2:
        text = text.zfill(2)
    if text in table or text in OVERSEAS_DEPARTEMENTS:
        return text
    folded = _fold(text)
    for code, (name, _) in table.items():
        if _fold(name) == folded:
            return code
    for code, name in OVERSEAS_DEPARTEMENTS.items():
        if _fold(name) == folded:
            return code
    raise InputError(
        f"« {dep} » n'est pas un département français connu (attendu un numéro comme "
        "« 62 », « 01 », « 2A » ou un nom comme « Pas-de-Calais »)"
    )


def zone_for_departement(dep: str | int) -> str:
    """Climate zone of a metropolitan département.

    Parameters
    ----------
    dep : str or int
        Département number ("62", "01", "2A", 62) or name ("Pas-de-Calais").

    Returns
    -------
    str
        One of :data:`ZONES`.

    Raises
    ------
    InputError
        Unknown département, or an overseas département (outside annexe I).

    Notes
    -----
    Arrêté du 26 octobre 2010 relatif aux caractéristiques thermiques et aux exigences de
    performance énergétique des bâtiments nouveaux (RT 2012), article 2 and annexe I.

    Examples
    --------
    >>> zone_for_departement("62"), zone_for_departement(59), zone_for_departement("2A")
    ('H1a', 'H1a', 'H3')
    """
    code = normalise_departement(dep)
    if code in OVERSEAS_DEPARTEMENTS:
        raise InputError(
            f"le département {code} ({OVERSEAS_DEPARTEMENTS[code]}) est hors du champ des zones "
            "climatiques H1a…H3 (arrêté du 26 octobre 2010, annexe I : métropole seulement) ; "
            "fournir un fichier météo EPW du site"
        )
    return departement_table()[code][1]


def altitude_class(altitude_m: float) -> str:
    """Altitude class of the 3CL-DPE 2021 method.

    Parameters
    ----------
    altitude_m : float
        Site altitude. [m]

    Returns
    -------
    str
        "inférieur à 400m", "400-800m" or "supérieur à 800m".

    Raises
    ------
    InputError
        If the altitude is not a finite number.

    Notes
    -----
    Labels from the 3CL-DPE 2021 enum ``classe_altitude`` (arrêté du 31 mars 2021, annexe 1, as
    transcribed by Open3CL). Which class the exact values 400 m and 800 m belong to is not
    stated by the labels; perfqual follows the RT 2012 convention ≤ 400 m / 401–800 m / > 800 m
    (recalled, annexe VIII of the arrêté du 26 octobre 2010 not re-read): **assumption**.

    Examples
    --------
    >>> altitude_class(47.0), altitude_class(400.0), altitude_class(650.0), altitude_class(1200)
    ('inférieur à 400m', 'inférieur à 400m', '400-800m', 'supérieur à 800m')
    """
    try:
        alt = float(altitude_m)
    except (TypeError, ValueError):
        raise InputError(f"altitude « {altitude_m} » : nombre attendu (en m)") from None
    if alt != alt or alt in (float("inf"), float("-inf")):
        raise InputError(f"altitude « {altitude_m} » : nombre fini attendu (en m)")
    low, high = ALTITUDE_CLASS_BOUNDS_M
    if alt <= low:
        return ALTITUDE_CLASSES[0]
    if alt <= high:
        return ALTITUDE_CLASSES[1]
    return ALTITUDE_CLASSES[2]


def altitude_class_index(altitude_m: float) -> int:
    """Index 0, 1, 2 of :func:`altitude_class` (0 = below 400 m)."""
    return ALTITUDE_CLASSES.index(altitude_class(altitude_m))
