"""Follow-up after works: actual consumption normalised by heating degree-days vs the forecast.

Method (``methods/locataires.md``, section « Suivi après travaux »)
-------------------------------------------------------------------
For each dwelling, heating season (1 July – 30 June, by the start date of the record), carrier:

1. actual energy of each record, kWh; an expense record is converted with the tariff of its
   carrier: kWh = (€ − subscription × days / 365) / price [DERIVED];
2. when the record also covers DHW, the forecast DHW of the dwelling on that carrier is
   subtracted pro rata temporis: kWh_DHW,forecast × days / 365 [DERIVED, DOMAIN-NOTES E.4: only
   the space-heating share is normalised; DHW is subtracted first]. No clamp: a negative result
   is shown as is and flagged by the drift test;
3. degree-days of the period: the record's own value, else the sum over the months it covers of
   the monthly degree-days × (days covered / days of the month) [DERIVED, uniform within month];
4. normalised consumption (DOMAIN-NOTES E.4, [SRC] enoptea; CPE formula "Conso_réelle ×
   DJU_ref / DJU_réel"): C_norm = C_heating × DJU_ref / DJU_period, summed over carriers.
   DJU_ref is the annual heating degree-days of the operation's climate, same base
   (:func:`reference_degree_days_from_climate`) or a value supplied by the user;
5. drift = C_norm / C_forecast − 1, C_forecast = forecast heating final energy of the dwelling
   for the method and the scenario after works. |drift| above the user's threshold flags the
   dwelling: over-consumption, or under-consumption (possible under-heating); both call for
   accompaniment of the tenant.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfqual.errors import InputError
from perfqual.models.tenancy import ConsumptionRecord, ForecastConsumption, Tariff

DAYS_PER_YEAR = 365.0  # conventional year of the forecast (perfqual.climate.model, 8760 h)


def heating_season(day: dt.date) -> str:
    """Heating season "YYYY-YYYY+1" (1 July – 30 June) containing a date.

    Examples
    --------
    >>> heating_season(dt.date(2027, 11, 3)), heating_season(dt.date(2028, 2, 1))
    ('2027-2028', '2027-2028')
    """
    y = day.year if day.month >= 7 else day.year - 1
    return f"{y}-{y + 1}"


def period_degree_days_k_day(
    start: dt.date, end: dt.date, monthly_k_day: Mapping[tuple[int, int], float], where: str = ""
) -> float:
    """Degree-days of [start, end] (both included) from monthly values, pro rata of the days.

    Examples
    --------
    >>> dd = {(2027, 1): 310.0, (2027, 2): 280.0}
    >>> round(period_degree_days_k_day(dt.date(2027, 1, 17), dt.date(2027, 2, 14), dd), 6)
    290.0
    """
    total = 0.0
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        n = calendar.monthrange(y, m)[1]
        first = max(start, dt.date(y, m, 1))
        last = min(end, dt.date(y, m, n))
        if (y, m) not in monthly_k_day:
            raise InputError(f"degrés-jours du mois {y}-{m:02d} absents du fichier des DJU",
                             where or None)
        total += monthly_k_day[(y, m)] * ((last - first).days + 1) / n
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return total


def normalised_consumption_kwh(
    heating_kwh: float, period_dd_k_day: float, reference_dd_k_day: float
) -> float:
    """C_norm = C × DJU_ref / DJU_period (DOMAIN-NOTES E.4; enoptea, CPE practice).

    Examples
    --------
    >>> normalised_consumption_kwh(6000.0, 2000.0, 2500.0)
    7500.0
    """
    if period_dd_k_day <= 0 or reference_dd_k_day <= 0:
        raise InputError("degrés-jours de la période et de référence > 0 attendus")
    return heating_kwh * reference_dd_k_day / period_dd_k_day


def reference_degree_days_from_climate(climate, base_c: float = 18.0) -> float:
    """Annual heating degree-days of the operation's climate (``perfqual.climate``). [K·jour]"""
    from perfqual.climate.stats import heating_degree_days

    return float(heating_degree_days(climate, base_c).annual_k_day)


def record_energy_kwh(record: ConsumptionRecord, tariffs: Mapping[str, Tariff]) -> float:
    """Energy of a record; an expense is converted with its carrier's tariff (step 1)."""
    if record.energy_kwh is not None:
        return record.energy_kwh
    tariff = tariffs.get(record.carrier)
    if tariff is None or tariff.price_eur_per_kwh == 0:
        raise InputError(f"dépense en € sans tarif (prix > 0) pour « {record.carrier} » : "
                         "fournir le fichier des tarifs", record.source_line)
    days = Decimal(record.n_days) / Decimal(365)
    energy_eur = record.expense_eur - tariff.subscription_eur_per_year * days
    return float(energy_eur / tariff.price_eur_per_kwh)


@dataclass(frozen=True)
class FollowupRow:
    """Normalised consumption of one dwelling × season × method."""

    dwelling_id: str
    season: str
    method: str
    n_records: int
    actual_kwh: float  # heating share, not normalised, all carriers
    period_dd_k_day: float  # smallest over carriers (coverage)
    reference_dd_k_day: float
    normalised_kwh: float
    forecast_kwh: float
    drift_frac: float
    threshold_frac: float

    @property
    def coverage_frac(self) -> float:
        """DJU of the period / DJU of reference: share of a heating year covered. [-]"""
        return self.period_dd_k_day / self.reference_dd_k_day

    @property
    def flag(self) -> str | None:
        """"SURCONSOMMATION", "SOUS_CONSOMMATION" or None."""
        if self.drift_frac > self.threshold_frac:
            return "SURCONSOMMATION"
        if self.drift_frac < -self.threshold_frac:
            return "SOUS_CONSOMMATION"
        return None


def _dhw_forecast_kwh(forecast: ForecastConsumption, unit_ids: tuple[str, ...], scenario: str,
                      method: str, carrier: str) -> float:
    found = forecast.by_carrier_kwh(unit_ids, scenario, method, ("ecs",))
    return 0.0 if found is None else found[1].get(carrier, 0.0)


def _group(records: Sequence[ConsumptionRecord]) -> dict[tuple[str, str], list]:
    groups: dict[tuple[str, str], list] = {}
    for rec in records:
        groups.setdefault((rec.dwelling_id, heating_season(rec.start)), []).append(rec)
    return groups


def followup(
    records: Sequence[ConsumptionRecord],
    forecast: ForecastConsumption,
    unit_ids_of: Mapping[str, tuple[str, ...]],
    scenario_after: str,
    methods: Sequence[str],
    reference_dd_k_day: float,
    threshold_frac: float,
    monthly_dd_k_day: Mapping[tuple[int, int], float] | None = None,
    tariffs: Mapping[str, Tariff] | None = None,
) -> list[FollowupRow]:
    """Normalise the records and compare them with the forecast (see module docstring).

    Parameters
    ----------
    unit_ids_of : mapping
        Dwelling id -> ids under which its forecast is found (dwelling, then typology).
    threshold_frac : float
        Drift threshold, a user input (no regulatory value). [-]
    """
    if threshold_frac <= 0:
        raise InputError("seuil de dérive > 0 attendu")
    out = []
    for (dwelling, season), recs in sorted(_group(records).items()):
        units = unit_ids_of.get(dwelling, (dwelling,))
        for method in methods:
            per_carrier = _carrier_sums(recs, forecast, units, scenario_after, method,
                                        monthly_dd_k_day, tariffs or {})
            found = forecast.by_carrier_kwh(units, scenario_after, method, ("chauffage",))
            forecast_kwh = float(sum(found[1].values())) if found is not None else 0.0
            if forecast_kwh <= 0:
                raise InputError(f"aucune prévision de chauffage (> 0) pour le logement "
                                 f"{dwelling}, scénario « {scenario_after} », méthode "
                                 f"« {method} »")
            normalised = sum(normalised_consumption_kwh(k, d, reference_dd_k_day)
                             for k, d in per_carrier.values())
            out.append(FollowupRow(
                dwelling_id=dwelling, season=season, method=method, n_records=len(recs),
                actual_kwh=sum(k for k, _ in per_carrier.values()),
                period_dd_k_day=min(d for _, d in per_carrier.values()),
                reference_dd_k_day=reference_dd_k_day, normalised_kwh=normalised,
                forecast_kwh=forecast_kwh,
                drift_frac=normalised / forecast_kwh - 1.0,
                threshold_frac=threshold_frac,
            ))
    return out


def _carrier_sums(recs, forecast, units, scenario_after, method, monthly_dd_k_day,
                  tariffs) -> dict[str, tuple[float, float]]:
    """Heating kWh (DHW removed) and degree-days summed per carrier (steps 1–3)."""
    per_carrier: dict[str, tuple[float, float]] = {}
    for rec in recs:
        kwh = record_energy_kwh(rec, tariffs)
        if rec.includes_dhw:
            kwh -= _dhw_forecast_kwh(forecast, units, scenario_after, method,
                                     rec.carrier) * rec.n_days / DAYS_PER_YEAR
        dd = rec.degree_days_k_day
        if dd is None:
            if monthly_dd_k_day is None:
                raise InputError("degrés-jours de la période absents (colonne « dju » "
                                 "ou fichier des DJU mensuels)", rec.source_line)
            dd = period_degree_days_k_day(rec.start, rec.end, monthly_dd_k_day, rec.source_line)
        k0, d0 = per_carrier.get(rec.carrier, (0.0, 0.0))
        per_carrier[rec.carrier] = (k0 + kwh, d0 + dd)
    return per_carrier
