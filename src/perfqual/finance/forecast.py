"""Thin adapter from the engines' results to the plain forecast table of the balance."""

from __future__ import annotations

from collections.abc import Iterable

from perfqual.models.results import EnergyResult
from perfqual.models.tenancy import ForecastConsumption, ForecastRow

CHARGE_USES: tuple[str, ...] = ("chauffage", "ecs")


def forecast_from_energy_results(results: Iterable[EnergyResult]) -> ForecastConsumption:
    """Build the :class:`ForecastConsumption` table from :class:`EnergyResult` objects.

    One row per result × use (heating, DHW) × carrier, keyed by the dwelling id when the
    result is a dwelling's, else by its typology id (the balance looks for the dwelling first,
    then for its typology). Other uses (lighting, auxiliaries, cooling) are not heating charges
    of the tenant file and are left out.

    Parameters
    ----------
    results : iterable of EnergyResult
        Results of ``perfqual.api.simulate_thcex`` / ``simulate_iso52016`` for the initial state
        (scenario ``etat_initial``, needed with ``basis="calcul"``) and the scenario after works.
    """
    rows = []
    for res in results:
        unit = res.dwelling_id if res.dwelling_id is not None else res.typology
        for use in CHARGE_USES:
            for carrier, kwh in sorted(res.final_energy_kwh.get(use, {}).items()):
                rows.append(
                    ForecastRow(
                        unit_id=unit,
                        scenario=res.scenario,
                        method=res.method,
                        use=use,
                        carrier=carrier,
                        final_energy_kwh_per_year=float(kwh),
                        source=f"perfqual {res.method} ({res.conventions}) : {res.label}",
                    )
                )
    return ForecastConsumption(rows=tuple(rows))
