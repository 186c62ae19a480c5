"""``perfqual locataires``: rent versus charges of each tenant, and the follow-up after works."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from perfqual.aggregate.consumption_followup import followup, reference_degree_days_from_climate
from perfqual.cli.common import (
    EXIT_OK,
    EXIT_TARGET_MISSED,
    decimal_comma_float,
    echo,
    handle_errors,
)
from perfqual.errors import InputError
from perfqual.finance.balance import balance_tenant
from perfqual.finance.forecast import ForecastOrigin, engine_forecast, file_forecast_origin
from perfqual.finance.ledger import format_eur, parse_money
from perfqual.finance.operation_view import operation_view
from perfqual.finance.troisieme_ligne import check_eligibility, get_regime, load_table
from perfqual.io.output import staged_directory, write_text_atomic
from perfqual.io.tenancy import (
    balances_csv,
    check_records_against_operation,
    check_tenants_against_operation,
    flags_csv,
    followup_csv,
    load_operation_context,
    operation_view_csv,
    read_forecast,
    read_monthly_degree_days,
    read_records,
    read_tariffs,
    read_tenants,
)
from perfqual.models.tenancy import INITIAL_SCENARIO, METHODS
from perfqual.qa.tenants import tenant_flags
from perfqual.report.plots_tenants import plot_followup, plot_gain_distribution

locataires_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Loyer et charges de chaque locataire : bilan avant agrément, suivi après travaux.",
)

OperationArg = Annotated[Path, typer.Argument(
    exists=True, help="Fichier operation.yaml de l'opération (ou son dossier).")]
ForecastOpt = Annotated[Path | None, typer.Option(
    "--prevision", exists=True, dir_okay=False,
    help="Consommations prévues par logement ou typologie, scénario, méthode, usage, énergie "
         "(CSV/XLSX, voir methods/locataires.md). Par défaut : calculées par les deux moteurs "
         "de perfqual (Th-C-E ex et EN ISO 52016-1), logement par logement, avec le climat de "
         "l'opération.")]
ScenarioOpt = Annotated[str | None, typer.Option(
    "--scenario", help="Scénario après travaux (par défaut : programme retenu de l'opération).")]
MethodOpt = Annotated[list[str] | None, typer.Option(
    "--methode", help="Méthode de calcul (thcex, iso52016) ; répétable ; par défaut toutes "
                      "celles de la prévision.")]
OutOpt = Annotated[Path | None, typer.Option(
    "--sortie", file_okay=False, help="Dossier où écrire les tableaux et la figure.")]


@locataires_app.callback()
def _locataires() -> None:
    """Loyer et charges de chaque locataire."""


def _scenario_id(context, scenario: str | None, available: tuple[str, ...] | None) -> str:
    """Scenario after works: given, else the chosen programme, else the only one available."""
    if scenario is None:
        scenario = context.chosen_scenario
    if scenario is None:
        pool = available if available is not None else context.scenario_ids
        after = [s for s in pool if s != INITIAL_SCENARIO]
        if len(after) != 1:
            raise InputError("préciser --scenario (scénarios : "
                             f"{', '.join(after) or 'aucun'})")
        scenario = after[0]
    if context.scenario_ids and scenario not in context.scenario_ids:
        raise InputError(f"scénario « {scenario} » inconnu de l'opération (scénarios : "
                         f"{', '.join(context.scenario_ids)})")
    if available is not None and scenario not in available:
        raise InputError(f"scénario « {scenario} » absent du fichier de prévision")
    return scenario


def _check_methods(methods: list[str] | None) -> tuple[str, ...] | None:
    if not methods:
        return None
    for m in methods:
        if m not in METHODS:
            raise InputError(f"méthode « {m} » inconnue (méthodes : {', '.join(METHODS)})")
    return tuple(dict.fromkeys(methods))


def _forecast(operation: Path, context, prevision: Path | None, scenario: str | None,
              methods: list[str] | None, dwelling_ids) -> tuple[ForecastOrigin, str,
                                                                 tuple[str, ...]]:
    """(forecast and its provenance, scenario after works, methods) — file or engines."""
    chosen = _check_methods(methods)
    if prevision is not None:
        forecast = read_forecast(prevision)
        scenario = _scenario_id(context, scenario, forecast.scenarios)
        for m in chosen or ():
            if m not in forecast.methods:
                raise InputError(f"méthode « {m} » absente du fichier de prévision")
        origin = file_forecast_origin(forecast, prevision.name)
        return origin, scenario, chosen or forecast.methods
    from perfqual.io.operation import load_operation

    scenario = _scenario_id(context, scenario, None)
    origin = engine_forecast(load_operation(operation), (scenario,), chosen or METHODS,
                             dwelling_ids=dwelling_ids)
    return origin, scenario, chosen or METHODS


def _unit_ids(context) -> dict[str, tuple[str, ...]]:
    return {d.dwelling_id: (d.dwelling_id, d.typology_id) for d in context.dwellings}


def _actions(text: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",") if a.strip()) if text else ()


def _money(text: str | None, option: str) -> Decimal | None:
    return None if text is None else parse_money(text, f"option {option}")


def _write_outputs(sortie: Path | None, files: dict[str, str], figures: dict) -> None:
    """Write tables and figures atomically (all or nothing)."""
    if sortie is None:
        return
    with staged_directory(sortie) as stage:
        for name, text in files.items():
            write_text_atomic(stage / name, text)
        for name, fig in figures.items():
            fig.savefig(stage / name, dpi=120, bbox_inches="tight")
    echo(f"Résultats écrits dans {sortie} : {', '.join([*files, *figures])}")


def _run_bilan(operation, locataires, prevision, tarifs, scenario, methode, base_avant,
               objectif, regime_id, actions, cep_avant, cep_apres, detail, sortie) -> bool:
    context = load_operation_context(operation)
    tenants = read_tenants(locataires)
    check_tenants_against_operation(tenants, context)
    tariffs = read_tariffs(tarifs)
    target = _money(objectif, "--objectif-loyers-eur-an")
    origin, scenario, methods = _forecast(operation, context, prevision, scenario, methode,
                                          {t.dwelling_id for t in tenants})
    forecast = origin.forecast
    regime = get_regime(regime_id)
    rule = load_table().eligibility_rules[regime.eligibility_rule]
    eligibility = check_eligibility(rule, actions, cep_avant, cep_apres, context.climate_zone,
                                    context.altitude_m)
    units = _unit_ids(context)
    balances = [balance_tenant(t, forecast, tariffs, units[t.dwelling_id], scenario, m,
                               base_avant) for t in tenants for m in methods]
    flags = tenant_flags(balances, regime, eligibility)
    views = [operation_view(balances, m, target) for m in methods]
    echo(f"Prévision : {origin.description_fr}")
    _print_bilan(context.name, scenario, base_avant, regime, eligibility, views, flags,
                 balances if detail else [])
    _write_outputs(sortie, {
        "bilan_locataires.csv": balances_csv(balances),
        "alertes_locataires.csv": flags_csv(flags),
        "vue_operation.csv": operation_view_csv(views),
    }, {"repartition_gains.png": plot_gain_distribution(balances)})
    return any(f.is_blocking for f in flags)


#: Short French wording of the flag codes of :mod:`perfqual.qa.tenants`, for the screen (the
#: codes themselves stay in ``alertes_locataires.csv``). An unknown code shows its message.
FLAG_LABELS_FR: dict[str, str] = {
    "LOYER_AU_DESSUS_DU_PLAFOND": "loyer au-dessus du plafond",
    "HAUSSE_NON_COUVERTE": "hausse de loyer + 3e ligne ≥ baisse prévue des charges",
    "PERTE_POUVOIR_ACHAT": "perte de pouvoir d'achat",
    "TROISIEME_LIGNE_PART": "3e ligne au-delà de la part admise de l'économie prévue",
    "TROISIEME_LIGNE_DUREE": "3e ligne au-delà de la durée admise",
    "TROISIEME_LIGNE_ELIGIBILITE": "3e ligne demandée sans travaux éligibles démontrés",
    "PLAFOND_REDUIT": "plafond de loyer réduit (surface utile en baisse)",
}


#: Screen wording of the drift flags of the follow-up (codes stay in suivi_consommations.csv).
DRIFT_LABELS_FR: dict[str, str] = {
    "SURCONSOMMATION": "SURCONSOMMATION",
    "SOUS_CONSOMMATION": "SOUS-CONSOMMATION",
}


def _print_bilan(name, scenario, basis, regime, eligibility, views, flags, detail) -> None:
    echo(f"Opération « {name} » — scénario après travaux : {scenario} — charges avant : "
         f"{'réelles' if basis == 'reel' else 'calculées (état initial)'}")
    echo(f"3e ligne : {regime.label} ; travaux : {eligibility.reason_fr}")
    for v in views:
        gap = v.income_gap_eur_per_year
        target = "" if gap is None else (
            f" ; objectif {format_eur(v.target_rent_income_eur_per_year)} €/an, écart "
            f"{format_eur(gap)} €/an ({'atteint' if v.meets_target else 'NON atteint'})")
        echo(f"[{v.method}] {v.n_losing}/{v.n_tenants} locataires en perte "
             f"({v.share_losing_frac * 100:.1f} %) ; gain net médian "
             f"{format_eur(v.net_gain_median_eur_per_month)} €/mois (min "
             f"{format_eur(v.net_gain_min_eur_per_month)}, max "
             f"{format_eur(v.net_gain_max_eur_per_month)}) ; loyers "
             f"{format_eur(v.rent_income_before_eur_per_year)} → "
             f"{format_eur(v.rent_income_after_eur_per_year)} €/an{target}".replace(".", ","))
    for b in detail:
        echo(f"  {b.tenant_id} {b.dwelling_id} [{b.method}] Δloyer "
             f"{format_eur(b.rent_change_eur_per_month)} ; baisse charges "
             f"{format_eur(b.charges_fall_eur_per_month)} ; 3e ligne "
             f"{format_eur(b.contribution_eur_per_month)} ; ΔAPL "
             f"{format_eur(b.housing_benefit_change_eur_per_month)} ; gain net "
             f"{format_eur(b.net_gain_eur_per_month)} €/mois")
    blocking = [f for f in flags if f.is_blocking]
    echo(f"Alertes bloquantes : {len(blocking)} ; informations : {len(flags) - len(blocking)}")
    by_tenant: dict[tuple[str, str], dict[str, list[str]]] = {}
    for f in blocking:
        labels = by_tenant.setdefault((f.tenant_id, f.dwelling_id), {})
        labels.setdefault(FLAG_LABELS_FR.get(f.code, f.message_fr), []).append(f.method)
    for (tenant, dwelling), labels in by_tenant.items():
        text = " ; ".join(f"{label} [{'/'.join(ms)}]" for label, ms in labels.items())
        echo(f"  {tenant} {dwelling} : {text}")
    if blocking:
        echo("Détail des alertes : --sortie DOSSIER (alertes_locataires.csv) ou --detail.")


def _pct(frac: float) -> str:
    return f"{frac * 100:+.1f}".replace(".", ",")


def _reference_dd(dju_reference: float | None, base_c: float, operation: Path) -> float:
    """Reference degree-days: given by the user, or those of the operation's default climate
    (typical year of its zone, ``perfqual.climate.synthetic.climate_for_operation``)."""
    if dju_reference is not None:
        if dju_reference <= 0:
            raise InputError("--dju-reference doit être > 0")
        return dju_reference
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.io.operation import load_operation

    climate = climate_for_operation(load_operation(operation))
    return reference_degree_days_from_climate(climate, base_c)


def _run_suivi(operation, releves, prevision, dju, dju_reference, base_c, seuil_pct, tarifs,
               scenario, methode, sortie) -> bool:
    context = load_operation_context(operation)
    records = read_records(releves)
    check_records_against_operation(records, context)
    tariffs = read_tariffs(tarifs) if tarifs is not None else None
    monthly = read_monthly_degree_days(dju) if dju is not None else None
    reference = _reference_dd(dju_reference, base_c, operation)
    origin, scenario, methods = _forecast(operation, context, prevision, scenario, methode,
                                          {r.dwelling_id for r in records})
    forecast = origin.forecast
    rows = followup(records, forecast, _unit_ids(context), scenario, methods, reference,
                    seuil_pct / 100.0, monthly, tariffs)
    dju_fr, seuil_fr = (format(x, "g").replace(".", ",") for x in (reference, seuil_pct))
    echo(f"Opération « {context.name} » — suivi après travaux ({scenario}), DJU de référence "
         f"{dju_fr} K·jour, seuil ± {seuil_fr} %")
    echo(f"Prévision : {origin.description_fr}")
    drifting = [r for r in rows if r.flag]
    for r in rows:
        mark = f" ← {DRIFT_LABELS_FR.get(r.flag, r.flag)}" if r.flag else ""
        echo(f"  {r.dwelling_id} {r.season} [{r.method}] corrigée {r.normalised_kwh:.0f} kWh/an"
             f" ; prévue {r.forecast_kwh:.0f} ; écart {_pct(r.drift_frac)} % ; couverture "
             f"{r.coverage_frac * 100:.0f} %{mark}")
    echo(f"Logements à accompagner : {len({r.dwelling_id for r in drifting})}")
    _write_outputs(sortie, {"suivi_consommations.csv": followup_csv(rows)},
                   {"suivi_consommations.png": plot_followup(rows)})
    return bool(drifting)


@locataires_app.command("bilan")
@handle_errors
def bilan(
    operation: OperationArg,
    locataires: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, help="Fichier des locataires (CSV/XLSX).")],
    tarifs: Annotated[Path, typer.Option(
        "--tarifs", exists=True, dir_okay=False,
        help="Prix et abonnements par énergie (CSV/XLSX).")],
    prevision: ForecastOpt = None,
    scenario: ScenarioOpt = None,
    methode: MethodOpt = None,
    base_avant: Annotated[str, typer.Option(
        "--base-avant", help="Charges avant travaux : « reel » (fichier des locataires) ou "
                             "« calcul » (état initial calculé, mêmes tarifs).")] = "reel",
    objectif_loyers_eur_an: Annotated[str | None, typer.Option(
        "--objectif-loyers-eur-an", help="Produit locatif annuel visé par le plan de "
                                         "financement [€/an].")] = None,
    regime: Annotated[str, typer.Option(
        "--regime", help="Régime de la 3e ligne (table troisieme_ligne.yaml).")] = "parc_social",
    actions: Annotated[str | None, typer.Option(
        "--actions-3e-ligne", help="Actions de travaux éligibles réalisées, séparées par des "
                                   "virgules (ex. isolation_murs,parois_vitrees).")] = None,
    cep_avant: Annotated[float | None, typer.Option(
        "--cep-avant-kwhep-m2", parser=decimal_comma_float,
        help="Cep avant travaux, kWhEP/(m² SHON·an).")] = None,
    cep_apres: Annotated[float | None, typer.Option(
        "--cep-apres-kwhep-m2", parser=decimal_comma_float,
        help="Cep après travaux, kWhEP/(m² SHON·an).")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Affiche le tableau par "
                                                          "locataire.")] = False,
    sortie: OutOpt = None,
) -> None:
    """Bilan loyer + charges par locataire ; code 1 si un locataire perd du pouvoir d'achat
    ou si une alerte bloquante est levée (plafond, 3e ligne)."""
    blocking = _run_bilan(
        operation, locataires, prevision, tarifs, scenario, methode, base_avant,
        objectif_loyers_eur_an, regime, _actions(actions), cep_avant, cep_apres, detail, sortie)
    raise typer.Exit(EXIT_TARGET_MISSED if blocking else EXIT_OK)


@locataires_app.command("suivi")
@handle_errors
def suivi(
    operation: OperationArg,
    releves: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, help="Relevés de consommation ou de dépense après "
                                          "travaux (CSV/XLSX).")],
    prevision: ForecastOpt = None,
    dju: Annotated[Path | None, typer.Option(
        "--dju", exists=True, dir_okay=False,
        help="DJU mensuels de la période (mois AAAA-MM ; dju), station proche.")] = None,
    dju_reference: Annotated[float | None, typer.Option(
        "--dju-reference", parser=decimal_comma_float,
        help="DJU annuels de référence, même base [K·jour] ; par défaut "
                                "ceux du climat de l'opération.")] = None,
    base_dju_c: Annotated[float, typer.Option(
        "--base-dju-c", parser=decimal_comma_float,
        help="Température de base des DJU [°C].")] = 18.0,
    seuil_derive_pct: Annotated[float, typer.Option(
        "--seuil-derive-pct", parser=decimal_comma_float,
        help="Écart à la prévision qui déclenche une alerte [%]. "
                                   "Défaut 20 % : choix de perfqual, sans valeur "
                                   "réglementaire, à fixer avec le bailleur.")] = 20.0,
    tarifs: Annotated[Path | None, typer.Option(
        "--tarifs", exists=True, dir_okay=False,
        help="Tarifs, pour convertir des dépenses en kWh.")] = None,
    scenario: ScenarioOpt = None,
    methode: MethodOpt = None,
    sortie: OutOpt = None,
) -> None:
    """Consommations réelles corrigées des DJU comparées à la prévision ; code 1 si un
    logement dérive."""
    drifting = _run_suivi(operation, releves, prevision, dju, dju_reference, base_dju_c,
                         seuil_derive_pct, tarifs, scenario, methode, sortie)
    raise typer.Exit(EXIT_TARGET_MISSED if drifting else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add the ``locataires`` sub-app to the main application."""
    app.add_typer(locataires_app, name="locataires")

