"""The single pint registry of perfqual and the conversion of user quantities at the door.

Inside ``core/`` and ``models/`` every value is a plain float in the canonical unit named by its
suffix (see ``methods/conventions.md``). Strings written by users ("14 cm", "0,035 W/(m·K)",
"2 × 38 m²", "2,5 m³/h") are converted here, once.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

UREG = pint.UnitRegistry(autoconvert_offset_to_baseunit=False)
UREG.formatter.default_format = "~P"
Q_ = UREG.Quantity

# Spellings French users write that pint does not know.
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("²", "**2"),
    ("³", "**3"),
    ("·", "*"),
    ("⋅", "*"),
    ("°C", "degC"),
    ("°", "deg"),
    ("kWhep", "kWh"),
    ("kWh_ep", "kWh"),
    ("an", "year"),
)

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?"


def _normalise(text: str) -> str:
    """Turn a French-written quantity into something pint parses."""
    s = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    # decimal comma between digits only
    s = re.sub(r"(?<=\d),(?=\d)", ".", s)
    for old, new in _REPLACEMENTS:
        if old == "an":
            s = re.sub(r"(?<![A-Za-z])an(?![A-Za-z])", "year", s)
        else:
            s = s.replace(old, new)
    return s


@lru_cache(maxsize=4096)
def parse_quantity(text: str, canonical_unit: str) -> float:
    """Convert a user-written quantity to a float in ``canonical_unit``.

    Parameters
    ----------
    text : str
        Quantity as written by a user, with or without a unit, decimal comma allowed
        ("14 cm", "0,035 W/(m·K)", "2 × 38 m²"). A bare number is taken in the canonical unit.
    canonical_unit : str
        pint spelling of the canonical unit ("m", "m**2", "W/(m*K)", "degC", "dimensionless").

    Returns
    -------
    float
        Magnitude in the canonical unit.

    Raises
    ------
    ValueError
        With a French message when the text is not a quantity or has incompatible dimensions.

    Examples
    --------
    >>> parse_quantity("14 cm", "m")
    0.14
    >>> parse_quantity("2 × 38 m²", "m**2")
    76.0
    >>> parse_quantity("0,035 W/(m·K)", "W/(m*K)")
    0.035
    """
    if "×" in text:  # "2 × 38 m²", "5,6 m × 5,5 m": product of factors
        factors = [_parse_factor(part, text) for part in text.split("×")]
        q = factors[0]
        for f in factors[1:]:
            q = q * f
        return _to_canonical(q, text, canonical_unit)
    q = _parse_factor(text, text)
    if isinstance(q, float):
        return q
    return _to_canonical(q, text, canonical_unit)


def _parse_factor(part: str, text: str):
    """One factor: a number with an optional unit -> Quantity (or float if no unit)."""
    s = _normalise(part)
    m = re.match(rf"^({_NUMBER})\s*(.*)$", s)
    if m is None:
        raise ValueError(f"« {text} » n'est pas une quantité lisible")
    number = float(m.group(1).replace(",", "."))
    unit_text = m.group(2).strip()
    if not unit_text:
        return number if part is text else Q_(number, "dimensionless")
    try:
        return Q_(number, UREG.parse_units(unit_text))
    except Exception as exc:  # pint raises many kinds of errors
        raise ValueError(f"« {text} » : unité « {m.group(2).strip()} » inconnue") from exc


def unit_label_fr(unit: str) -> str:
    """A pint unit string as users write it: ``m**3/(h*m**2)`` -> ``m³/(h·m²)``.

    Examples
    --------
    >>> unit_label_fr("m**3/(h*m**2)"), unit_label_fr("W/(m*K)"), unit_label_fr("degC")
    ('m³/(h·m²)', 'W/(m·K)', '°C')
    """
    label = unit.replace("**2", "²").replace("**3", "³").replace("**-1", "⁻¹").replace("*", "·")
    return label.replace("delta_degC", "K").replace("degC", "°C").replace("dimensionless", "—")


def _to_canonical(q, text: str, canonical_unit: str) -> float:
    if isinstance(q, (int, float)):
        return float(q)
    if q.unitless and canonical_unit != "dimensionless":
        return float(q.magnitude)  # bare numbers are read in the canonical unit
    try:
        return float(q.to(canonical_unit).magnitude)
    except pint.DimensionalityError as exc:
        raise ValueError(
            f"« {text} » : unité incompatible, attendu une grandeur en "
            f"{unit_label_fr(canonical_unit)}"
        ) from exc


def magnitude_in(value: float | str, unit_from: str, unit_to: str) -> float:
    """Convert a magnitude from one unit to another with the project registry.

    Examples
    --------
    >>> round(magnitude_in(10.0, "L/s", "m**3/h"), 9)
    36.0
    """
    return float(Q_(float(value), unit_from).to(unit_to).magnitude)
