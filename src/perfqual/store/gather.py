"""Run the QA modules on an operation folder and gather their results, section by section.

The operation report (:mod:`perfqual.report.html`) and the lessons-learned ingest
(:mod:`perfqual.store.ingest_operation`) read the same :class:`OperationResults`. Measurement
folders are looked for beside ``operation.yaml`` (layout of ``datasets/demo/*``)::

    permeabilite/            blower-door test files (.csv, .xlsx)
    permeabilite/plan_permeabilite.json  (or echantillonnage/, ventilation/echantillonnage/)
    ventilation/             logements.csv, mesures.csv, points.csv
    qualite/registre.yaml    works-phase QA record
    locataires/              locataires.csv, tarifs.csv, releves*.csv, dju*.csv, and an
                             optional prevision*.csv (without it both engines compute the
                             forecast dwelling by dwelling: perfqual.finance.forecast)

The airtightness section also holds the as-built Cep of the programme retained (measured
Q4Pa-surf at reception, both methods, thresholds of the method comparison:
:func:`perfqual.qa.airtightness.as_built_cep`), and the moisture section the share of the
thermal bridges per method (:func:`perfqual.qa.thermal_bridges.operation_thermal_bridge_shares`,
initial state and programme retained); each is computed once, with the report's hourly climate.

Each section has a status: ``ok``; ``sans_donnees`` (the folder or file is absent — said in
French, nothing invented); ``indisponible`` (the module that computes it is not in this version
of perfqual). A file that is present but invalid raises :class:`perfqual.errors.InputError`
(the command exits with code 2 and writes nothing).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from perfqual.errors import InputError
from perfqual.io.operation import load_operation, resolve_operation_path
from perfqual.models.building import ElementKind
from perfqual.models.operation import INITIAL_STATE, Operation
from perfqual.models.results import USES
from perfqual.store.record import slug

OK, NO_DATA, UNAVAILABLE = "ok", "sans_donnees", "indisponible"
UNAVAILABLE_FR = "non disponible dans cette version de perfqual"

PLAN_LOCATIONS = ("permeabilite/plan_permeabilite.json", "echantillonnage/plan_permeabilite.json",
                  "ventilation/echantillonnage/plan_permeabilite.json")


@dataclass
class Section:
    """One section of the report: its status, a French message, and its data."""

    key: str
    title_fr: str
    status: str
    message_fr: str | None = None
    data: Any = None
    notes_fr: list[str] = field(default_factory=list)


@dataclass
class OperationResults:
    """Everything gathered on one operation."""

    operation: Operation
    path: Path
    sections: dict[str, Section]

    @property
    def folder(self) -> Path:
        """Folder of ``operation.yaml``."""
        return self.path.parent

    @cached_property
    def op_id(self) -> str:
        """Identifier of the operation in the store: name, département, commune."""
        ident = self.operation.identity
        return "-".join(s for s in (slug(ident.name), ident.departement.lower(),
                                    slug(ident.commune)) if s)[:40].strip("-")

    @property
    def chosen_scenario(self) -> str | None:
        """The programme of works retained (``programme_retenu``)."""
        return self.operation.identity.chosen_scenario


def module_available(name: str) -> bool:
    """True when a perfqual module exists in this installation."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def wall_technique(op: Operation, scenario_id: str) -> str:
    """Wall insulation technique of a work programme: ITE, ITI, ITE+ITI, sans_isolation_murs.

    Derived from the ``ajoute_couche`` measures of the scenario that reach walls (by kind
    ``mur`` or by the name of a wall of a typology): ``cote: exterieur`` -> ITE,
    ``interieur`` -> ITI. The initial state is ``etat_initial``.
    """
    if scenario_id == INITIAL_STATE:
        return "etat_initial"
    wall_names = {e.name for t in op.typologies.values() for e in t.elements
                  if e.kind == ElementKind.WALL}
    sides = set()
    for mid in op.scenarios[scenario_id].measures:
        layer = op.measures[mid].add_layer
        if layer is None:
            continue
        hits_walls = (layer.kinds is not None and ElementKind.WALL in layer.kinds) or (
            layer.elements is not None and bool(wall_names & set(layer.elements)))
        if hits_walls:
            sides.add("ITE" if layer.side == "exterieur" else "ITI")
    return "+".join(sorted(sides)) if sides else "sans_isolation_murs"


# --------------------------------------------------------------------------- sections
def _identity(op: Operation) -> Section:
    from perfqual.models.resolve import resolve_building

    counts: dict[str, int] = {}
    for d in op.dwellings:
        counts[d.typology] = counts.get(d.typology, 0) + 1
    typologies = []
    for tid, typ in op.typologies.items():
        b = resolve_building(op, tid, INITIAL_STATE)
        typologies.append({"id": tid, "form": typ.form, "year": typ.construction_year,
                           "n": counts.get(tid, 0), "shab_m2": typ.living_area_m2,
                           "shon_rt_m2": b.areas.shon_rt_m2, "description": typ.description})
    scenarios = [{"id": INITIAL_STATE, "description": "état avant travaux", "measures": (),
                  "technique": "etat_initial", "chosen": False}]
    for sid, sc in op.scenarios.items():
        scenarios.append({"id": sid, "description": sc.description, "measures": sc.measures,
                          "technique": wall_technique(op, sid),
                          "chosen": sid == op.identity.chosen_scenario})
    return Section("identite", "Identité et phase de l'opération", OK,
                   data={"typologies": typologies, "scenarios": scenarios})


#: The programme thresholds of the decision table (150 / 130 / 104 in zone H1a below 400 m),
#: always shown; the operation's own targets (``objectifs``) are added to them.
DECISION_THRESHOLDS: tuple[str, ...] = ("erbm_150", "region_130", "bbc_renovation")
METHOD_OF_SIDE = {"thcex": "thcex", "iso": "iso52016"}


@dataclass(frozen=True)
class ScopedCheck:
    """One threshold check (:class:`perfqual.qa.thresholds.CheckResult`) and what it covers.

    ``typology`` is ``None`` for the operation level (area-weighted Cep of every dwelling,
    as :func:`perfqual.comparison.compare_operation` aggregates it).
    """

    typology: str | None
    scenario: str
    check: Any


def operation_cep_by_use(cmp) -> dict[str, dict[str, dict[str, float]]]:
    """Area-weighted Cep per use at the operation level, per scenario and method.

    Same aggregation as :func:`perfqual.comparison.compare_operation` uses for the totals:
    Σ n·E_p,use / Σ n·A_ref over the typologies (n = dwellings represented, A_ref = reference
    area of the method). [kWh_ep/(m²·an)] Keys: scenario -> ``thcex``/``iso`` -> use or
    ``total``.
    """
    out: dict[str, dict[str, dict[str, float]]] = {}
    for scenario in dict.fromkeys(c.scenario for c in cmp.cases):
        sub = [c for c in cmp.cases if c.scenario == scenario]
        out[scenario] = {}
        for side in ("thcex", "iso"):
            area = sum(c.weight * getattr(c, side).reference_area_m2 for c in sub)
            uses = {u: sum(c.weight * getattr(c, side).primary_energy_kwh.get(u, 0.0)
                           for c in sub) / area for u in USES}
            uses["total"] = sum(uses.values())
            out[scenario][side] = uses
    return out


def threshold_checks(op: Operation, cmp, thresholds: tuple[str, ...]) -> list[ScopedCheck]:
    """Every threshold check of the comparison's results, per method.

    * operation level, every scenario: the programme thresholds on the area-weighted Cep of
      each method (the values of the decision table);
    * typology level, every scenario: the same thresholds on each typology's Cep, and for the
      scenarios after works the RT existant Cepmax (heating + cooling + DHW, carrier of the
      typology's heating after works; arrêté du 13 juin 2008, art. 13).
    """
    from perfqual.models.resolve import resolve_building
    from perfqual.qa.thresholds import check

    ident = op.identity
    site = {"zone": ident.climate_zone, "altitude_m": ident.altitude_m}
    out = []
    for scenario, agg in cmp.scenario_cep.items():
        for side, method in METHOD_OF_SIDE.items():
            out += [ScopedCheck(None, scenario, check(t, agg[side], method=method, **site))
                    for t in thresholds]
    for c in cmp.cases:
        carrier = None
        if c.scenario != INITIAL_STATE:
            carrier = resolve_building(op, c.typology, c.scenario).heating.carrier
        for side, method in METHOD_OF_SIDE.items():
            res = getattr(c, side)
            out += [ScopedCheck(c.typology, c.scenario, check(
                t, res.cep_kwh_per_m2_year, method=method, **site)) for t in thresholds]
            if carrier is not None:
                out.append(ScopedCheck(c.typology, c.scenario, check(
                    "cepmax", res.cep_heat_cool_dhw_kwh_per_m2_year, method=method,
                    heating_energy=carrier, **site)))
    return out


def _energy(op: Operation, climate) -> Section:
    title = "Comparaison des méthodes et seuils"
    if not (module_available("perfqual.comparison") and module_available("perfqual.qa.thresholds")):
        return Section("energie", title, UNAVAILABLE,
                       "comparaison des deux méthodes (Th-C-E ex, EN ISO 52016-1) et vérification "
                       f"des seuils : {UNAVAILABLE_FR} (modules perfqual.comparison et "
                       "perfqual.qa.thresholds absents)")
    from perfqual.comparison import compare_operation

    thresholds = tuple(dict.fromkeys((*DECISION_THRESHOLDS, *op.identity.targets)))
    cmp = compare_operation(op, climate, thresholds=thresholds)
    return Section("energie", title, OK, data={
        "comparison": cmp, "thresholds": thresholds, "climate": climate.name,
        "chosen": op.identity.chosen_scenario,
        "cep_by_use": operation_cep_by_use(cmp),
        "checks": threshold_checks(op, cmp, thresholds)})


def _find_plan(folder: Path):
    from perfqual.qa.sampling import plan_from_json

    for rel in PLAN_LOCATIONS:
        path = folder / rel
        if path.exists():
            try:
                payload = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"plan d'échantillonnage illisible ({exc})", str(path)) from exc
            return plan_from_json(payload, str(path)), path
    return None, None


def _airtightness(op: Operation, folder: Path) -> Section:
    title = "Campagne d'étanchéité à l'air"
    tests_dir = folder / "permeabilite"
    if not tests_dir.is_dir():
        return Section("etancheite", title, NO_DATA,
                       f"aucun essai fourni (dossier {tests_dir.name}/ absent)")
    from perfqual.io.blower_door import read_blower_door_folder
    from perfqual.models.blower_door import load_validity_rules
    from perfqual.qa import airtightness as qa

    rules = load_validity_rules(None)
    analyses = [qa.analyse_test(t, rules) for t in read_blower_door_folder(tests_dir)]
    if not analyses:
        return Section("etancheite", title, NO_DATA, "dossier des essais vide")
    plan, plan_path = _find_plan(folder)
    result = qa.campaign_for_operation(analyses, op, plan, rules.policy.sampling_coefficient)
    return Section("etancheite", title, OK, data={
        "campaign": result, "plan_path": plan_path, "rules_version": rules.version})


def _add_as_built(section: Section, op: Operation, climate, thresholds: tuple[str, ...]) -> None:
    """Add the as-built Cep (measured Q4Pa-surf at reception, both methods) to the section.

    One call of :func:`perfqual.qa.airtightness.as_built_cep` with the report's climate and the
    thresholds of the method comparison (programme thresholds and the operation's targets).
    ``data["as_built"]`` is the :class:`~perfqual.qa.airtightness.AsBuiltCep`, or ``None`` with
    a French reason in ``data["as_built_message_fr"]`` (no programme retained, no valid
    reception test, a method not implemented).
    """
    if section.status != OK:
        return
    from perfqual.errors import NotImplementedMethodError
    from perfqual.qa import airtightness as qa

    data = section.data
    data.update(as_built=None, as_built_message_fr=None, measured=None)
    scenario = op.identity.chosen_scenario
    if scenario is None:
        data["as_built_message_fr"] = ("aucun programme retenu (« programme_retenu ») : pas de "
                                       "recalcul du Cep tel que construit")
        return
    measured = qa.measured_airtightness(data["campaign"].tests,
                                        qa.operation_model_areas(op, scenario))
    data["measured"] = measured
    if not measured.per_dwelling:
        data["as_built_message_fr"] = ("aucun essai valide à la réception : pas de recalcul du "
                                       "Cep tel que construit")
        return
    try:
        data["as_built"] = qa.as_built_cep(op, measured, scenario, climate=climate,
                                           thresholds=thresholds)
    except NotImplementedMethodError as exc:
        data["as_built_message_fr"] = f"Cep tel que construit non implémenté — {exc}"


def _ventilation(op: Operation, folder: Path, path: Path) -> Section:
    title = "Conformité des ventilations"
    vdir = folder / "ventilation"
    if not (vdir / "mesures.csv").exists():
        return Section("ventilation", title, NO_DATA,
                       "aucun relevé de ventilation fourni (ventilation/mesures.csv absent)")
    from perfqual.io.ventilation import (
        load_operation_dwellings,
        load_regulatory_flow_tables,
        load_ventilation_records,
    )
    from perfqual.models.ventilation import UncertaintySettings, VentilationSettings
    from perfqual.qa.ventilation import check_ventilation, non_conformities

    settings = VentilationSettings(uncertainty=UncertaintySettings(
        pressure_rel_frac=0.10, pressure_abs_pa=5.0, flow_rel_frac=0.0, flow_abs_m3_per_h=0.0,
        combination="max"))
    records = load_ventilation_records(vdir)
    report, notes = check_ventilation(records, load_regulatory_flow_tables().to_core(), settings,
                                      load_operation_dwellings(path))
    return Section("ventilation", title, OK, data={
        "report": report, "rows": non_conformities(report)}, notes_fr=list(notes))


def _moisture(op: Operation, climate_monthly, climate) -> Section:
    """Glaser and f_Rsi checks, and the thermal-bridge shares per method (same scenarios:
    the initial state and the programme retained; hourly climate of the engines)."""
    from perfqual.qa import moisture as mo
    from perfqual.qa.thermal_bridges import operation_thermal_bridge_shares

    title = "Humidité et moisissures"
    settings = mo.MoistureSettings(humidity_class=3)
    scenarios = tuple(s for s in (INITIAL_STATE, op.identity.chosen_scenario) if s)
    results = mo.assess_operation(op, climate_monthly, settings, scenarios)
    shares = operation_thermal_bridge_shares(op, scenarios, climate)
    return Section("humidite", title, OK, data={"results": results, "settings": settings,
                                                "climate": climate_monthly,
                                                "bridge_shares": shares,
                                                "hourly_climate": climate.name})


def _works_record(op: Operation, folder: Path) -> Section:
    title = "Registre qualité de la phase travaux"
    path = folder / "qualite" / "registre.yaml"
    if not path.exists():
        return Section("qualite", title, NO_DATA, "aucun registre qualité (qualite/registre.yaml)")
    from perfqual.io.qa_record import load_qa_record
    from perfqual.qa.works_record import works_record_status

    status = works_record_status(load_qa_record(path), tuple(d.id for d in op.dwellings))
    return Section("qualite", title, OK, data={"status": status, "path": path})


def _first(folder: Path, pattern: str) -> Path | None:
    found = sorted(folder.glob(pattern))
    return found[0] if found else None


def _forecast_origin(op: Operation, path: Path | None, scenario: str, climate, dwelling_ids):
    """The forecast file when there is one, else both engines dwelling by dwelling."""
    from perfqual.finance.forecast import engine_forecast, file_forecast_origin

    if path is not None:
        from perfqual.io.tenancy import read_forecast

        origin = file_forecast_origin(read_forecast(path), path.name)
        if scenario not in origin.forecast.scenarios:
            raise InputError(f"programme retenu « {scenario} » absent de la prévision", str(path))
        return origin
    return engine_forecast(op, (scenario,), climate=climate, dwelling_ids=dwelling_ids)


def _tenants(op: Operation, folder: Path, climate, reference_dd) -> tuple[Section, Section]:
    t_title, f_title = "Bilan des locataires", "Suivi des consommations après travaux"
    ldir = folder / "locataires"
    files = {k: _first(ldir, p) for k, p in (("tenants", "locataires.csv"),
                                              ("tariffs", "tarifs.csv"),
                                              ("forecast", "prevision*.csv"),
                                              ("records", "releves*.csv"), ("dd", "dju*.csv"))}
    if not ldir.is_dir() or not all(files[k] for k in ("tenants", "tariffs")):
        msg = "aucun fichier des locataires (locataires/ : locataires.csv, tarifs.csv)"
        return (Section("locataires", t_title, NO_DATA, msg),
                Section("suivi", f_title, NO_DATA, msg))
    scenario = op.identity.chosen_scenario
    if scenario is None:
        msg = "aucun programme retenu (« programme_retenu ») : pas de bilan après travaux"
        return (Section("locataires", t_title, NO_DATA, msg),
                Section("suivi", f_title, NO_DATA, msg))
    from perfqual.aggregate.consumption_followup import followup
    from perfqual.finance.balance import balance_tenant
    from perfqual.finance.operation_view import operation_view
    from perfqual.io.tenancy import (
        check_records_against_operation,
        check_tenants_against_operation,
        operation_context,
        read_monthly_degree_days,
        read_records,
        read_tariffs,
        read_tenants,
    )

    context = operation_context(op)
    tenants = read_tenants(files["tenants"])
    check_tenants_against_operation(tenants, context)
    tariffs = read_tariffs(files["tariffs"])
    records = None
    if files["records"] is not None:
        records = read_records(files["records"])
        check_records_against_operation(records, context)
    needed = {t.dwelling_id for t in tenants} | {r.dwelling_id for r in records or ()}
    origin = _forecast_origin(op, files["forecast"], scenario, climate, needed)
    forecast, methods = origin.forecast, origin.methods
    units = {d.dwelling_id: (d.dwelling_id, d.typology_id) for d in context.dwellings}
    balances = [balance_tenant(t, forecast, tariffs, units[t.dwelling_id], scenario, m, "reel")
                for t in tenants for m in methods]
    views = [operation_view(balances, m, None) for m in methods]
    tenants_section = Section("locataires", t_title, OK, data={
        "balances": balances, "views": views, "scenario": scenario, "origin": origin,
        "forecast_sources": [origin.description_fr], "forecast_path": files["forecast"]})
    if records is None:
        return tenants_section, Section("suivi", f_title, NO_DATA,
                                        "aucun relevé de consommation après travaux")
    monthly = read_monthly_degree_days(files["dd"]) if files["dd"] else None
    rows = followup(records, forecast, units, scenario, methods, reference_dd, 0.20, monthly,
                    tariffs)
    return tenants_section, Section("suivi", f_title, OK, data={
        "rows": rows, "reference_dd_k_day": reference_dd, "scenario": scenario,
        "origin": origin, "forecast_sources": [origin.description_fr]})


def _climate(op: Operation):
    """(hourly climate of the engines, monthly climate for moisture, reference heating
    degree-days base 18 °C [K·day]) — one climate for every section."""
    from perfqual.aggregate.consumption_followup import reference_degree_days_from_climate
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.qa.moisture import MonthlyClimate

    climate = climate_for_operation(op)
    return (climate, MonthlyClimate.from_climate(climate),
            reference_degree_days_from_climate(climate, 18.0))


def gather_operation(path: str | Path) -> OperationResults:
    """Load an operation and run every available check on its measurement folders.

    Raises
    ------
    perfqual.errors.InputError
        The operation or one of its measurement files is invalid (message names the file).
    """
    op_path = resolve_operation_path(path)
    op = load_operation(op_path)
    folder = op_path.parent
    climate, monthly, reference_dd = _climate(op)
    # measurement files first (a bad file stops the run before the engines are started)
    airtightness = _airtightness(op, folder)
    ventilation = _ventilation(op, folder, op_path)
    works = _works_record(op, folder)
    tenants, followup_section = _tenants(op, folder, climate, reference_dd)
    energy = _energy(op, climate)
    thresholds = (energy.data["thresholds"] if energy.status == OK
                  else tuple(dict.fromkeys((*DECISION_THRESHOLDS, *op.identity.targets))))
    _add_as_built(airtightness, op, climate, thresholds)
    sections = [_identity(op), energy, airtightness, ventilation,
                _moisture(op, monthly, climate), works, tenants, followup_section]
    return OperationResults(op, op_path, {s.key: s for s in sections})
