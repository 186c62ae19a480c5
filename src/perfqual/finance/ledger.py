"""Exact money arithmetic for the tenants' balance.

Every amount is a :class:`decimal.Decimal` in euros. Rounding rule of perfqual
-----------------------------------------------------------------------------
No text retrieved prescribes how a forecast charge or a rent cap is rounded (DOMAIN-NOTES E
is silent). perfqual therefore applies one documented convention, :data:`ROUNDING`: **half up
to the cent** (0.005 € -> 0.01 €), the usual commercial rounding, at these points only:

1. yearly cost of a carrier = kWh × price, rounded to the cent;
2. rent cap of a dwelling = useful area × cap per m², rounded to the cent;
3. monthly amounts derived from yearly ones = yearly amount / 12, rounded to the cent.

Sums and differences of rounded amounts are exact (no further rounding), so the monthly net
gain of a tenant is the exact sum of the amounts shown in the table.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from perfqual.errors import InputError

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
MONTHS_PER_YEAR = Decimal(12)


def round_cent(amount: Decimal) -> Decimal:
    """Round an amount to the cent with the rule :data:`ROUNDING` (half up).

    Examples
    --------
    >>> round_cent(Decimal("10.005"))
    Decimal('10.01')
    >>> round_cent(Decimal("-10.005"))
    Decimal('-10.01')
    """
    return amount.quantize(CENT, rounding=ROUNDING)


def to_decimal(value: float | int | str | Decimal) -> Decimal:
    """Exact decimal of a number; a float goes through its shortest repr (0.1 -> 0.1).

    Examples
    --------
    >>> to_decimal(0.1)
    Decimal('0.1')
    """
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def energy_cost_eur(kwh: float, price_eur_per_kwh: Decimal) -> Decimal:
    """Cost of an energy quantity, rounded to the cent (rounding point 1).

    Examples
    --------
    >>> energy_cost_eur(4321.0, Decimal("0.1125"))
    Decimal('486.11')
    """
    return round_cent(to_decimal(kwh) * price_eur_per_kwh)


def monthly_eur(yearly_eur: Decimal) -> Decimal:
    """Monthly amount of a yearly amount, rounded to the cent (rounding point 3).

    Examples
    --------
    >>> monthly_eur(Decimal("100.00"))
    Decimal('8.33')
    """
    return round_cent(yearly_eur / MONTHS_PER_YEAR)


def parse_money(text: str, where: str, max_decimals: int | None = 2) -> Decimal:
    """Parse an amount written by a user ("612,40", "1 234,56 €", "0,1052") into a Decimal.

    Parameters
    ----------
    text : str
        Amount, decimal point or comma, optional "€" and thousands spaces.
    where : str
        File, line and column, for the French error message.
    max_decimals : int or None
        Maximum number of decimals (2 for amounts to the cent; None for unit prices).

    Raises
    ------
    InputError
        Not a number, or more decimals than allowed.

    Examples
    --------
    >>> parse_money("1 234,56 €", "test")
    Decimal('1234.56')
    """
    cleaned = (
        text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
        .replace(",", ".")
    )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"« {text} » n'est pas un montant", where) from None
    if not value.is_finite():
        raise InputError(f"« {text} » n'est pas un montant", where)
    exponent = value.as_tuple().exponent
    if max_decimals is not None and isinstance(exponent, int) and -exponent > max_decimals:
        raise InputError(
            f"« {text} » : montant au centime attendu ({max_decimals} décimales au plus)", where
        )
    return value


def format_eur(amount: Decimal) -> str:
    """French display of an amount: thousands separated by a narrow space, decimal comma.

    Examples
    --------
    >>> format_eur(Decimal("-1234.5"))
    '-1\u202f234,50'
    """
    text = f"{round_cent(amount):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")
