"""``perfqual simuler`` (EN ISO 52016-1 hourly simulation of an operation) and
``perfqual exporter-energyplus`` (EnergyPlus input file of one typology × scenario)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer

from perfqual.api import simulate_iso52016
from perfqual.cli.common import echo, handle_errors
from perfqual.errors import InputError
from perfqual.io.operation import load_operation
from perfqual.io.output import write_text_atomic
from perfqual.models.operation import Operation
from perfqual.models.resolve import resolve_building, resolve_operation
from perfqual.models.results import USES, EnergyResult

OperationArg = Annotated[
    Path, typer.Argument(help="Fichier operation.yaml, ou dossier qui le contient.",
                         show_default=False)]
MeteoOpt = Annotated[
    Path | None, typer.Option("--meteo", help="Fichier météo EPW (sinon : année synthétique de "
                              "la zone climatique de l'opération).", exists=True,
                              dir_okay=False)]
USE_LABELS = {"chauffage": "chauffage", "refroidissement": "refroid.", "ecs": "ECS",
              "eclairage": "éclairage", "auxiliaires": "auxiliaires"}



# French names of the reference areas in the text table (the identifiers stay in CSV/JSON).
_AREA_FR = {"surface_habitable": "SHAB", "shon_rt": "SHON_RT"}


def _area_fr(kind: str) -> str:
    return _AREA_FR.get(kind, kind)

def _climate(op: Operation, meteo: Path | None):
    if meteo is not None:
        from perfqual.climate.epw import read_epw

        return read_epw(meteo)
    from perfqual.climate.synthetic import zone_climate

    if op.identity.climate_zone is None:
        raise InputError("zone climatique de l'opération inconnue : la renseigner ou donner "
                         "--meteo")
    return zone_climate(op.identity.climate_zone, op.identity.altitude_m)


def _check_scenarios(op: Operation, scenarios: list[str] | None) -> tuple[str, ...] | None:
    if not scenarios:
        return None
    unknown = [s for s in scenarios if s not in op.scenario_ids]
    if unknown:
        raise InputError(f"scénario(s) inconnu(s) : {', '.join(unknown)} (scénarios de "
                         f"l'opération : {', '.join(op.scenario_ids)})", "--scenario")
    return tuple(scenarios)


def _fr(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")


def result_rows(results: list[EnergyResult]) -> list[dict]:
    """One flat row per result (names in French for the user)."""
    rows = []
    for r in results:
        row = {"typologie": r.typology, "logement": r.dwelling_id or "", "scenario": r.scenario,
               "besoin_chauffage_kwh": r.heating_need_kwh,
               "besoin_chauffage_kwh_m2": r.heating_need_kwh / r.reference_area_m2,
               "besoin_froid_kwh": r.cooling_need_kwh}
        for use in USES:
            row[f"cep_{use}_kwh_m2"] = r.cep_use_kwh_per_m2_year(use)
        row["cep_total_kwh_m2"] = r.cep_kwh_per_m2_year
        row["surface_reference_m2"] = r.reference_area_m2
        row["surface_reference"] = r.reference_area_kind
        rows.append(row)
    return rows


def format_table(results: list[EnergyResult]) -> str:
    """French fixed-width table of the results."""
    head = (f"{'typologie/logement':<22} {'scénario':<14} {'besoin ch.':>11} {'kWh/m²':>7} "
            + " ".join(f"{USE_LABELS[u]:>11}" for u in USES) + f" {'Cep total':>10} "
            f"{'surface réf.':>18}")
    lines = [head, "-" * len(head)]
    for r in results:
        who = r.typology + (f"/{r.dwelling_id}" if r.dwelling_id else "")
        lines.append(
            f"{who:<22} {r.scenario:<14} {_fr(r.heating_need_kwh, 0):>11} "
            f"{_fr(r.heating_need_kwh / r.reference_area_m2):>7} "
            + " ".join(f"{_fr(r.cep_use_kwh_per_m2_year(u)):>11}" for u in USES)
            + f" {_fr(r.cep_kwh_per_m2_year):>10} "
            f"{_fr(r.reference_area_m2) + ' m² ' + _area_fr(r.reference_area_kind):>18}")
    lines += ["", "Besoins en kWh/an ; Cep par usage et total en kWh_ep/(m².an) sur la surface "
              "de référence indiquée (méthode EN ISO 52016-1, pas horaire).",
              f"Facteurs d'énergie primaire : {results[0].primary_energy_factors_source}."
              if results else ""]
    return "\n".join(lines)


def format_output(results: list[EnergyResult], fmt: str) -> str:
    """Render the results as a table, a CSV (``;``) or JSON."""
    rows = result_rows(results)
    if fmt == "json":
        return json.dumps({"resultats": rows, "hypotheses": sorted(
            {a for r in results for a in r.assumptions})}, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [], delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "table":
        return format_table(results)
    raise InputError(f"format inconnu « {fmt} » (table, csv ou json)", "--format")


def register(app: typer.Typer) -> None:
    """Add ``simuler`` and ``exporter-energyplus`` to the application."""

    @app.command("simuler")
    @handle_errors
    def simuler(
        operation: OperationArg,
        scenario: Annotated[list[str] | None, typer.Option(
            "--scenario", help="Scénario à simuler (répétable ; défaut : tous).")] = None,
        meteo: MeteoOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv ou json.")] = "table",
        par_logement: Annotated[bool, typer.Option(
            "--par-logement", help="Un calcul par logement au lieu d'un par typologie.")] = False,
        sortie: Annotated[Path | None, typer.Option(
            "-o", "--sortie", help="Fichier de sortie (sinon : affichage).", dir_okay=False)]
        = None,
    ) -> None:
        """Simule l'opération heure par heure (EN ISO 52016-1) : besoins, Cep par usage."""
        if fmt not in ("table", "csv", "json"):
            raise InputError(f"format inconnu « {fmt} » (table, csv ou json)", "--format")
        op = load_operation(operation)
        buildings = resolve_operation(op, _check_scenarios(op, scenario), par_logement)
        climate = _climate(op, meteo)
        results = simulate_iso52016(buildings, climate, climate_zone=op.identity.climate_zone,
                                    altitude_m=op.identity.altitude_m)
        text = format_output(results, fmt)
        if sortie is None:
            echo(text)
        else:
            write_text_atomic(sortie, text)
            echo(f"Résultats écrits dans {sortie}")

    @app.command("exporter-energyplus")
    @handle_errors
    def exporter_energyplus(
        operation: OperationArg,
        typologie: Annotated[str, typer.Option("--typologie", help="Typologie à exporter.")],
        scenario: Annotated[str, typer.Option("--scenario", help="Scénario.")] = "etat_initial",
        meteo: MeteoOpt = None,
        sortie: Annotated[Path | None, typer.Option(
            "-o", "--sortie", help="Fichier .idf à écrire (sinon : affichage).",
            dir_okay=False)] = None,
    ) -> None:
        """Écrit le fichier d'entrée EnergyPlus (IDF) d'une typologie dans un scénario."""
        from perfqual.io.energyplus import building_to_idf

        op = load_operation(operation)
        if typologie not in op.typologies:
            raise InputError(f"typologie inconnue « {typologie} » (typologies : "
                             f"{', '.join(op.typologies)})", "--typologie")
        _check_scenarios(op, [scenario])
        building = resolve_building(op, typologie, scenario)
        climate = _climate(op, meteo)
        text = building_to_idf(building, monthly_external_temp_c=climate.monthly_mean_temp_c())
        if sortie is None:
            echo(text)
        else:
            write_text_atomic(sortie, text)
            echo(f"Fichier EnergyPlus écrit : {sortie}")
