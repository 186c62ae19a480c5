"""Forecast consumption of the tenants' balance: from the engines (default) or from a user file.

The balance (:mod:`perfqual.finance.balance`) and the follow-up after works
(:mod:`perfqual.aggregate.consumption_followup`) read one plain table,
:class:`~perfqual.models.tenancy.ForecastConsumption`. It is built either

* by both engines, dwelling by dwelling (:func:`engine_forecast`): every dwelling is resolved
  with its own position in the row (``resolve_building(op, typology, scenario, dwelling_id)``:
  an end-of-row coron has an exposed gable a middle one has not), for the initial state and the
  scenario(s) after works, then simulated in one batch per method
  (``perfqual.thcex_api.simulate_thcex``, ``perfqual.api.simulate_iso52016``) with the
  operation's climate; or
* from a forecast file given by the user (``perfqual.io.tenancy.read_forecast``), whose
  provenance is stated by :func:`file_forecast_origin`.

Either way a :class:`ForecastOrigin` says where the numbers come from, in French, for the
outputs and for the lessons-learned store (column ``forecast_source``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from perfqual.errors import InputError
from perfqual.models.results import EnergyResult
from perfqual.models.tenancy import INITIAL_SCENARIO, METHODS, ForecastConsumption, ForecastRow

CHARGE_USES: tuple[str, ...] = ("chauffage", "ecs")
METHOD_LABEL_FR: dict[str, str] = {"thcex": "Th-C-E ex", "iso52016": "EN ISO 52016-1"}
ENGINES, FILE = "moteurs", "fichier"


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


@dataclass(frozen=True)
class ForecastOrigin:
    """A forecast table and where it comes from.

    Attributes
    ----------
    forecast : ForecastConsumption
        The table read by the balance and the follow-up.
    kind : str
        ``"moteurs"`` (computed by perfqual's engines) or ``"fichier"`` (user file).
    description_fr : str
        One French sentence for the outputs (CLI, report).
    source_by_method : dict
        Method -> short provenance stored with each row in the lessons-learned store.
    results : tuple of EnergyResult
        The engines' results (empty for a file).
    """

    forecast: ForecastConsumption
    kind: str
    description_fr: str
    source_by_method: dict[str, str]
    results: tuple[EnergyResult, ...] = field(default=())

    @property
    def methods(self) -> tuple[str, ...]:
        """Methods present in the forecast."""
        return self.forecast.methods


def _scenarios_to_compute(op, scenarios: Sequence[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys((INITIAL_SCENARIO, *scenarios)))
    for s in wanted:
        if s != INITIAL_SCENARIO and s not in op.scenarios:
            raise InputError(f"scénario « {s} » inconnu de l'opération (scénarios : "
                             f"{', '.join(op.scenario_ids)})")
    return wanted


def engine_forecast(op, scenarios: Sequence[str], methods: Sequence[str] = METHODS,
                    climate=None, dwelling_ids: Iterable[str] | None = None) -> ForecastOrigin:
    """Forecast of every dwelling by the engines, for the initial state and ``scenarios``.

    Parameters
    ----------
    op : perfqual.models.operation.Operation
        The operation (thin adapter: only its dwellings, scenarios and identity are read).
    scenarios : sequence of str
        Scenarios after works (the initial state ``etat_initial`` is always added: the balance
        with ``--base-avant calcul`` needs it).
    methods : sequence of str
        ``thcex`` and/or ``iso52016``.
    climate : perfqual.climate.model.Climate, optional
        Default: the operation's typical year (``climate_for_operation``), the climate of the
        method comparison.
    dwelling_ids : iterable of str, optional
        Restrict to these dwellings (e.g. those of the tenant file); default all.

    Returns
    -------
    ForecastOrigin
        One forecast row per dwelling × scenario × method × use × carrier.
    """
    from perfqual.models.resolve import resolve_building

    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise InputError(f"méthode « {', '.join(unknown) or '—'} » inconnue (méthodes : "
                         f"{', '.join(METHODS)})")
    if climate is None:
        from perfqual.climate.synthetic import climate_for_operation

        climate = climate_for_operation(op)
    wanted = None if dwelling_ids is None else set(dwelling_ids)
    dwellings = [d for d in op.dwellings if wanted is None or d.id in wanted]
    if not dwellings:
        raise InputError("aucun logement de l'opération à simuler pour la prévision")
    buildings = [resolve_building(op, d.typology, s, d.id)
                 for s in _scenarios_to_compute(op, scenarios) for d in dwellings]
    ident = op.identity
    results: list[EnergyResult] = []
    from perfqual.api import simulate_method

    for method in dict.fromkeys(methods):
        results += simulate_method(method, buildings, climate, climate_zone=ident.climate_zone,
                                   altitude_m=ident.altitude_m)
    labels = " et ".join(METHOD_LABEL_FR[m] for m in dict.fromkeys(methods))
    description = (f"prévision calculée par perfqual : {labels}, climat {climate.name}, "
                   f"logement par logement ({len(dwellings)} logements × "
                   f"{len(buildings) // len(dwellings)} états : "
                   f"{', '.join(_scenarios_to_compute(op, scenarios))})")
    conventions = {r.method: r.conventions for r in results}
    by_method = {m: f"moteur perfqual {m} (conventions {conventions[m]}), par logement, "
                    f"climat {climate.name}" for m in dict.fromkeys(methods)}
    return ForecastOrigin(forecast_from_energy_results(results), ENGINES, description,
                          by_method, tuple(results))


def file_forecast_origin(forecast: ForecastConsumption, file_name: str) -> ForecastOrigin:
    """Provenance of a forecast read from a user file (its ``source`` column is quoted)."""
    sources = sorted({r.source for r in forecast.rows})
    quoted = " ; ".join(sources[:3]) + (" …" if len(sources) > 3 else "")
    description = f"prévision lue dans le fichier {file_name} (source déclarée : {quoted})"
    by_method = {}
    for m in forecast.methods:
        ms = sorted({r.source for r in forecast.rows if r.method == m})
        by_method[m] = f"fichier {file_name} : {' ; '.join(ms)}"[:500]
    return ForecastOrigin(forecast, FILE, description, by_method)
