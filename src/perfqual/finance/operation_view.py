"""Operation view for the bailleur: rental income against the financing plan, who loses.

Aggregates carry no tenant identifier: they may be shared (resource centre, Cd2e).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfqual.finance.balance import TenantBalance
from perfqual.finance.ledger import MONTHS_PER_YEAR


@dataclass(frozen=True)
class OperationView:
    """Aggregate of the balances of one method (no personal data)."""

    method: str
    n_tenants: int
    n_losing: int
    rent_income_before_eur_per_year: Decimal
    rent_income_after_eur_per_year: Decimal
    target_rent_income_eur_per_year: Decimal | None
    net_gain_min_eur_per_month: Decimal
    net_gain_median_eur_per_month: Decimal
    net_gain_max_eur_per_month: Decimal
    net_gain_total_eur_per_month: Decimal

    @property
    def share_losing_frac(self) -> float:
        """Share of tenants whose net gain is negative. [-]"""
        return self.n_losing / self.n_tenants

    @property
    def income_gap_eur_per_year(self) -> Decimal | None:
        """Rental income after works − target of the financing plan (None if no target)."""
        if self.target_rent_income_eur_per_year is None:
            return None
        return self.rent_income_after_eur_per_year - self.target_rent_income_eur_per_year

    @property
    def meets_target(self) -> bool | None:
        """True when the rental income after works reaches the target."""
        gap = self.income_gap_eur_per_year
        return None if gap is None else gap >= 0


def _median(values: list[Decimal]) -> Decimal:
    """Median, exact: the mean of the two middle values for an even count (not rounded)."""
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def operation_view(
    balances: Sequence[TenantBalance], method: str, target_eur_per_year: Decimal | None = None
) -> OperationView:
    """Aggregate the balances of one method.

    Rental income = 12 × Σ monthly rents (rents excluding charges; the 3e ligne is not rent).
    """
    rows = [b for b in balances if b.method == method]
    if not rows:
        raise ValueError(f"aucun bilan pour la méthode {method}")
    gains = [b.net_gain_eur_per_month for b in rows]
    return OperationView(
        method=method,
        n_tenants=len(rows),
        n_losing=sum(1 for b in rows if b.loses_purchasing_power),
        rent_income_before_eur_per_year=MONTHS_PER_YEAR
        * sum((b.rent_before_eur_per_month for b in rows), Decimal(0)),
        rent_income_after_eur_per_year=MONTHS_PER_YEAR
        * sum((b.rent_after_eur_per_month for b in rows), Decimal(0)),
        target_rent_income_eur_per_year=target_eur_per_year,
        net_gain_min_eur_per_month=min(gains),
        net_gain_median_eur_per_month=_median(gains),
        net_gain_max_eur_per_month=max(gains),
        net_gain_total_eur_per_month=sum(gains, Decimal(0)),
    )
