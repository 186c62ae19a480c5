"""French number formatting for reports: decimal comma, narrow no-break space between thousands.

French typography (Imprimerie nationale, *Lexique des règles typographiques en usage à
l'Imprimerie nationale*, 2002, « Nombres ») groups digits by three with a thin no-break space and
uses the comma as decimal separator; the percent sign and units are separated from the number by
a no-break space. We use U+202F (NARROW NO-BREAK SPACE) for the thousands and U+00A0 (NO-BREAK
SPACE) before units and ``%``. A missing value (``None``, NaN) prints as an em dash.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

THIN_NBSP = "\u202f"  # between groups of three digits
NBSP = "\u00a0"  # between a number and its unit or the % sign
MISSING = "—"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return False


def format_number(value: float | int | Decimal | None, decimals: int = 1) -> str:
    """Format a number the French way.

    Parameters
    ----------
    value : float, int, Decimal or None
        The number; ``None`` or NaN give an em dash.
    decimals : int
        Digits after the decimal comma (rounded half away from zero, as printed tables do).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(12345.678, 2)
    '12\u202f345,68'
    >>> format_number(-0.04, 1)
    '0,0'
    >>> format_number(None)
    '—'
    >>> format_number(float("inf"))
    '∞'
    """
    if _is_missing(value):
        return MISSING
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    quantum = Decimal(1).scaleb(-decimals)
    dec = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if dec == 0:
        dec = abs(dec)  # no "-0,0"
    sign = "−" if dec < 0 else ""  # U+2212 MINUS SIGN
    text = f"{abs(dec):.{decimals}f}"
    int_part, _, frac_part = text.partition(".")
    groups = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = THIN_NBSP.join(groups)
    if decimals:
        out += "," + frac_part
    return sign + out


def format_int(value: int | float | None) -> str:
    """Format an integer count (thousands separated).

    Examples
    --------
    >>> format_int(23000)
    '23\u202f000'
    """
    return format_number(value, 0)


def format_pct(fraction: float | None, decimals: int = 0) -> str:
    """Format a fraction (0–1) as a French percentage.

    Examples
    --------
    >>> format_pct(0.125, 1)
    '12,5\u00a0%'
    >>> format_pct(None)
    '—'
    """
    if _is_missing(fraction):
        return MISSING
    return f"{format_number(float(fraction) * 100.0, decimals)}{NBSP}%"


def format_quantity(value: float | None, unit: str, decimals: int = 1) -> str:
    """Format a number followed by its unit, joined by a no-break space.

    Examples
    --------
    >>> format_quantity(1.7, "m³/(h·m²)", 2)
    '1,70\u00a0m³/(h·m²)'
    """
    if _is_missing(value):
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}{unit}"


def format_eur(amount: Decimal | float | None, decimals: int = 2) -> str:
    """Format an amount in euros.

    Examples
    --------
    >>> format_eur(Decimal("1234.5"))
    '1\u202f234,50\u00a0€'
    """
    return format_quantity(amount, "€", decimals)  # type: ignore[arg-type]


def format_bool(value: bool | None, yes: str = "oui", no: str = "non") -> str:
    """``oui`` / ``non`` / em dash.

    Examples
    --------
    >>> format_bool(True), format_bool(None)
    ('oui', '—')
    """
    if value is None:
        return MISSING
    return yes if value else no
