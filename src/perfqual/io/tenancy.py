"""Readers of the tenants' files: tenant file, tariffs, forecast, consumption records, DJU.

Column names are documented in ``methods/locataires.md``. Every problem is reported in French
with the file, the line and the column. Columns a bailleur may keep in the tenant file next to
the pseudonymous id (names, addresses, incomes, contact details) are accepted and **dropped at
the door**: they never reach a model, a table or an output.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from perfqual.errors import InputError
from perfqual.finance.ledger import parse_money
from perfqual.finance.surface import living_area_after_interior_insulation_m2, useful_area_m2
from perfqual.io.tables import TableRow, parse_number, read_table
from perfqual.models.tenancy import (
    ConsumptionRecord,
    DwellingRef,
    ForecastConsumption,
    ForecastRow,
    OperationContext,
    Tariff,
    TenantRecord,
)
from perfqual.units import parse_quantity

# --- tenant file -------------------------------------------------------------------------------
TENANT_COLUMNS: dict[str, str] = {
    "logement": "dwelling_id",
    "locataire": "tenant_id",
    "loyer_avant_eur_mois": "rent_before_eur_per_month",
    "loyer_apres_eur_mois": "rent_after_eur_per_month",
    "surface_utile_avant_m2": "su_before",
    "surface_utile_apres_m2": "su_after",
    "surface_habitable_avant_m2": "sh_before",
    "surface_habitable_apres_m2": "sh_after",
    "surface_annexes_avant_m2": "annex_before",
    "surface_annexes_apres_m2": "annex_after",
    "plafond_demi_annexes_m2": "annex_half_cap",
    "doublage_epaisseur": "lining_thickness",
    "doublage_longueur_murs": "lining_length",
    "mesure_surface": "surface_change_measure",
    "loyer_plafond_eur_m2_mois": "rent_cap_eur_per_m2_month",
    "charges_chauffage_avant_eur_an": "heating_charges_before_eur_per_year",
    "conso_chauffage_avant_kwh_an": "heating_before_kwh_per_year",
    "charges_incluent_ecs": "charges_include_dhw",
    "contribution_3e_ligne_eur_mois": "contribution_eur_per_month",
    "duree_3e_ligne_mois": "contribution_duration_months",
    "variation_apl_eur_mois": "housing_benefit_change_eur_per_month",
}
# Columns the bailleur may keep: read, checked against the pseudonymous id, then dropped.
PERSONAL_COLUMNS: dict[str, str] = {
    "nom": "_name", "nom_locataire": "_name", "prenom": "_first_name", "prénom": "_first_name",
    "adresse": "_personal", "revenus": "_personal", "revenus_eur_an": "_personal",
    "revenu_fiscal_reference": "_personal", "telephone": "_personal", "téléphone": "_personal",
    "email": "_personal", "courriel": "_personal", "date_naissance": "_personal",
    "commentaire": "_personal",
}
_TENANT_REQUIRED = (
    "dwelling_id", "tenant_id", "rent_before_eur_per_month", "rent_after_eur_per_month",
    "rent_cap_eur_per_m2_month", "heating_charges_before_eur_per_year",
)
_MONEY_CENT = ("rent_before_eur_per_month", "rent_after_eur_per_month",
               "heating_charges_before_eur_per_year", "contribution_eur_per_month",
               "housing_benefit_change_eur_per_month")
_MONEY_FREE = ("rent_cap_eur_per_m2_month",)
_AREAS = ("su_before", "su_after", "sh_before", "sh_after", "annex_before", "annex_after",
          "annex_half_cap")
_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

# --- tariffs, forecast, records, degree-days ----------------------------------------------------
TARIFF_COLUMNS = {"energie": "carrier", "prix_eur_kwh": "price_eur_per_kwh",
                  "abonnement_eur_an": "subscription_eur_per_year", "source": "source"}
FORECAST_COLUMNS = {"logement": "unit_id", "scenario": "scenario", "methode": "method",
                    "usage": "use", "energie": "carrier",
                    "conso_kwh_an": "final_energy_kwh_per_year", "source": "source"}
RECORD_COLUMNS = {"logement": "dwelling_id", "debut": "start", "fin": "end",
                  "energie": "carrier", "inclut_ecs": "includes_dhw", "conso_kwh": "energy_kwh",
                  "montant_eur": "expense_eur", "dju": "degree_days_k_day"}
DEGREE_DAY_COLUMNS = {"mois": "month", "dju": "degree_days_k_day"}


def _inverse(column_map: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in column_map.items():
        out.setdefault(v, k)
    return out


def _where(path: Path, row: TableRow, column: str | None = None) -> str:
    col = f", colonne « {column} »" if column else ""
    return f"{path}, ligne {row.line}{col}"


_PYDANTIC_FR = {
    "missing": "valeur obligatoire absente",
    "greater_than": "doit être strictement supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "literal_error": "valeur non admise (valeurs possibles : {expected})",
    "string_too_short": "valeur vide",
    "float_parsing": "nombre attendu",
}


def _validate(model: type[BaseModel], data: dict, path: Path, row: TableRow,
              field_to_column: Mapping[str, str]) -> BaseModel:
    """Validate one row; French error naming file, line and column of every problem.

    (io does not import the CLI: the few pydantic error kinds of these models are translated
    here, in the wording of :func:`perfqual.cli.common.format_validation_error`.)
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        parts = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            if err["type"] == "value_error":
                msg = str(err.get("ctx", {}).get("error", err["msg"]))
            else:
                template = _PYDANTIC_FR.get(err["type"], err["msg"])
                try:
                    msg = template.format(**err.get("ctx", {}))
                except (KeyError, IndexError):
                    msg = template
                if err["type"] != "missing":
                    msg += f" (valeur : {err.get('input')!s})"
            column = field_to_column.get(field, field)
            parts.append(f"colonne « {column} » : {msg}" if column else msg)
        raise InputError("; ".join(parts), _where(path, row)) from None


def _bool(text: str, where: str) -> bool:
    t = text.strip().lower()
    if t in ("oui", "o", "vrai", "1", "true", "yes"):
        return True
    if t in ("non", "n", "faux", "0", "false", "no"):
        return False
    raise InputError(f"« {text} » : oui ou non attendu", where)


def _area(text: str, where: str) -> float:
    try:
        return parse_quantity(text, "m**2")
    except ValueError as exc:
        raise InputError(str(exc), where) from None


def _length(text: str, where: str) -> float:
    try:
        return parse_quantity(text, "m")
    except ValueError as exc:
        raise InputError(str(exc), where) from None


def _useful_areas(v: dict, where_of) -> tuple[float, float, str]:
    """Resolve SU before/after from the columns given (documented in methods/locataires.md)."""
    cap = v.get("annex_half_cap")
    if "su_before" in v and "sh_before" in v:
        raise InputError("donner soit la surface utile, soit la surface habitable avant travaux, "
                         "pas les deux", where_of("surface_habitable_avant_m2"))
    if "su_before" in v:
        su_before, source = v["su_before"], "surface utile saisie"
    elif "sh_before" in v:
        su_before = useful_area_m2(v["sh_before"], v.get("annex_before", 0.0), cap)
        source = "SU = SH + ½ annexes"
    else:
        raise InputError("surface avant travaux absente (surface_utile_avant_m2 ou "
                         "surface_habitable_avant_m2)", where_of(None))
    annex_after = v.get("annex_after", v.get("annex_before", 0.0))
    has_lining = "lining_thickness" in v or "lining_length" in v
    if "su_after" in v:
        return su_before, v["su_after"], source
    if "sh_after" in v:
        return su_before, useful_area_m2(v["sh_after"], annex_after, cap), source
    if has_lining:
        if "sh_before" not in v or "lining_thickness" not in v or "lining_length" not in v:
            raise InputError("le doublage intérieur demande surface_habitable_avant_m2, "
                             "doublage_epaisseur et doublage_longueur_murs",
                             where_of("doublage_epaisseur"))
        sh_after = living_area_after_interior_insulation_m2(
            v["sh_before"], v["lining_thickness"], v["lining_length"])
        return su_before, useful_area_m2(sh_after, annex_after, cap), (
            source + " ; SH après = SH avant − épaisseur × longueur doublée")
    raise InputError("surface après travaux absente (surface_utile_apres_m2, "
                     "surface_habitable_apres_m2 ou doublage)", where_of(None))


def _convert_tenant_row(path: Path, row: TableRow, inv: Mapping[str, str]) -> dict:
    raw = row.values

    def where_of(code: str | None) -> str:
        return _where(path, row, inv.get(code, code) if code else None)

    v: dict = {}
    for code, text in raw.items():
        if code.startswith("_"):
            continue
        if code in _MONEY_CENT:
            v[code] = parse_money(text, where_of(code))
        elif code in _MONEY_FREE:
            v[code] = parse_money(text, where_of(code), max_decimals=None)
        elif code in _AREAS:
            v[code] = _area(text, where_of(code))
        elif code in ("lining_thickness", "lining_length"):
            v[code] = _length(text, where_of(code))
        elif code == "heating_before_kwh_per_year":
            v[code] = parse_number(text, where_of(code))
        elif code == "contribution_duration_months":
            months = parse_number(text, where_of(code))
            if months != int(months):
                raise InputError(f"« {text} » : nombre entier de mois attendu", where_of(code))
            v[code] = int(months)
        elif code == "charges_include_dhw":
            v[code] = _bool(text, where_of(code))
        else:
            v[code] = text
    su_before, su_after, source = _useful_areas(v, where_of)
    for key in _AREAS + ("lining_thickness", "lining_length"):
        v.pop(key, None)
    v.update(useful_area_before_m2=su_before, useful_area_after_m2=su_after,
             useful_area_source=source)
    return v


def _check_pseudonym(tenant_id: str, raw: Mapping[str, str], where: str) -> None:
    if not _PSEUDONYM.match(tenant_id):
        raise InputError(f"identifiant de locataire « {tenant_id} » non pseudonyme : lettres, "
                         "chiffres, tirets, sans espace (ex. L-0012)", where)
    tid = tenant_id.lower()
    for key in ("_name", "_first_name"):
        name = raw.get(key, "").strip().lower()
        if len(name) >= 2 and name in tid:
            raise InputError("l'identifiant du locataire contient son nom : utiliser un "
                             "identifiant pseudonyme (ex. L-0012)", where)


def read_tenants(path: str | Path) -> tuple[TenantRecord, ...]:
    """Read the tenant file (CSV or XLSX); personal columns are dropped.

    Raises
    ------
    InputError
        Unknown column, bad number, negative amount, surface after larger than before without
        a measure, duplicate dwelling or tenant, non-pseudonymous id — with file, line, column.
    """
    path = Path(path)
    column_map = {**TENANT_COLUMNS, **PERSONAL_COLUMNS}
    rows = read_table(path, column_map, required=_TENANT_REQUIRED)
    inv = _inverse(TENANT_COLUMNS)
    field_to_column = dict(inv)
    out: list[TenantRecord] = []
    seen_dwellings: dict[str, int] = {}
    seen_tenants: dict[str, int] = {}
    for row in rows:
        tenant_id = row.values.get("tenant_id", "")
        _check_pseudonym(tenant_id, row.values, _where(path, row, "locataire"))
        data = _convert_tenant_row(path, row, inv)
        data["source_line"] = f"{path}, ligne {row.line}"
        rec = _validate(TenantRecord, data, path, row, field_to_column)
        for seen, key, col in ((seen_dwellings, rec.dwelling_id, "logement"),
                               (seen_tenants, rec.tenant_id, "locataire")):
            if key in seen:
                raise InputError(f"« {key} » déjà présent ligne {seen[key]}",
                                 _where(path, row, col))
            seen[key] = row.line
        out.append(rec)
    if not out:
        raise InputError("aucun locataire dans le fichier", str(path))
    return tuple(out)


def read_tariffs(path: str | Path) -> dict[str, Tariff]:
    """Read the tariffs file: one line per carrier (energie; prix_eur_kwh; abonnement_eur_an;
    source)."""
    path = Path(path)
    rows = read_table(path, TARIFF_COLUMNS, required=("carrier", "price_eur_per_kwh", "source"))
    inv = _inverse(TARIFF_COLUMNS)
    out: dict[str, Tariff] = {}
    for row in rows:
        v = dict(row.values)
        for code, decimals in (("price_eur_per_kwh", None), ("subscription_eur_per_year", 2)):
            if code in v:
                v[code] = parse_money(v[code], _where(path, row, inv[code]), decimals)
        tariff = _validate(Tariff, v, path, row, inv)
        if tariff.carrier in out:
            raise InputError(f"tarif en double pour « {tariff.carrier} »",
                             _where(path, row, "energie"))
        out[tariff.carrier] = tariff
    return out


def read_forecast(path: str | Path) -> ForecastConsumption:
    """Read a forecast table (demo and tests; normally built from the engines' results)."""
    path = Path(path)
    rows = read_table(path, FORECAST_COLUMNS, required=tuple(FORECAST_COLUMNS.values()))
    inv = _inverse(FORECAST_COLUMNS)
    out = []
    seen: dict[tuple, int] = {}
    for row in rows:
        v = dict(row.values)
        key = "final_energy_kwh_per_year"
        if key in v:
            v[key] = parse_number(v[key], _where(path, row, inv[key]))
        fr = _validate(ForecastRow, v, path, row, inv)
        ident = (fr.unit_id, fr.scenario, fr.method, fr.use, fr.carrier)
        if ident in seen:
            raise InputError(f"prévision en double (déjà ligne {seen[ident]})", _where(path, row))
        seen[ident] = row.line
        out.append(fr)
    if not out:
        raise InputError("aucune prévision dans le fichier", str(path))
    return ForecastConsumption(rows=tuple(out))


def parse_date(text: str, where: str) -> dt.date:
    """Parse a date written 2025-01-31, 31/01/2025 or as an XLSX datetime."""
    t = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise InputError(f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)", where)


def read_records(path: str | Path) -> tuple[ConsumptionRecord, ...]:
    """Read actual consumption or expense records after works (one line per period)."""
    path = Path(path)
    rows = read_table(path, RECORD_COLUMNS, required=("dwelling_id", "start", "end", "carrier"))
    inv = _inverse(RECORD_COLUMNS)
    out = []
    for row in rows:
        v: dict = dict(row.values)
        for code in ("start", "end"):
            if code in v:
                v[code] = parse_date(v[code], _where(path, row, inv[code]))
        for code in ("energy_kwh", "degree_days_k_day"):
            if code in v:
                v[code] = parse_number(v[code], _where(path, row, inv[code]))
        if "expense_eur" in v:
            v["expense_eur"] = parse_money(v["expense_eur"], _where(path, row, "montant_eur"))
        if "includes_dhw" in v:
            v["includes_dhw"] = _bool(v["includes_dhw"], _where(path, row, "inclut_ecs"))
        v["source_line"] = f"{path}, ligne {row.line}"
        out.append(_validate(ConsumptionRecord, v, path, row, inv))
    if not out:
        raise InputError("aucun relevé dans le fichier", str(path))
    return tuple(out)


def read_monthly_degree_days(path: str | Path) -> dict[tuple[int, int], float]:
    """Read monthly degree-days of the period (mois = AAAA-MM; dju in K·jour)."""
    path = Path(path)
    rows = read_table(path, DEGREE_DAY_COLUMNS, required=("month", "degree_days_k_day"))
    out: dict[tuple[int, int], float] = {}
    for row in rows:
        m = re.match(r"^(\d{4})-(\d{1,2})$", row.values.get("month", "").strip())
        if m is None or not 1 <= int(m.group(2)) <= 12:
            raise InputError(f"« {row.values.get('month', '')} » : mois AAAA-MM attendu",
                             _where(path, row, "mois"))
        dd = parse_number(row.values.get("degree_days_k_day", ""), _where(path, row, "dju"))
        if dd < 0:
            raise InputError("degrés-jours négatifs", _where(path, row, "dju"))
        key = (int(m.group(1)), int(m.group(2)))
        if key in out:
            raise InputError("mois en double", _where(path, row, "mois"))
        out[key] = dd
    return out


def days_in_month(year: int, month: int) -> int:
    """Number of days of a calendar month."""
    return calendar.monthrange(year, month)[1]


# --- operation ---------------------------------------------------------------------------------
def operation_context(operation) -> OperationContext:
    """What the tenants' module needs from an :class:`~perfqual.models.operation.Operation`."""
    ident = operation.identity
    return OperationContext(
        name=ident.name,
        dwellings=tuple(DwellingRef(dwelling_id=d.id, typology_id=d.typology, tenant_id=d.tenant)
                        for d in operation.dwellings),
        climate_zone=ident.climate_zone,
        altitude_m=ident.altitude_m,
        chosen_scenario=ident.chosen_scenario,
        scenario_ids=tuple(operation.scenario_ids),
    )


def load_operation_context(path: str | Path) -> OperationContext:
    """Load the operation file and keep only what the tenants' module needs."""
    from perfqual.io.operation import load_operation

    return operation_context(load_operation(path))


def check_tenants_against_operation(
    tenants: Sequence[TenantRecord], context: OperationContext
) -> None:
    """Refuse tenants of unknown dwellings, or whose id differs from the operation's."""
    for rec in tenants:
        d = context.dwelling(rec.dwelling_id)
        if d is None:
            raise InputError(f"logement « {rec.dwelling_id} » inconnu de l'opération "
                             f"« {context.name} »", f"{rec.source_line}, colonne « logement »")
        if d.tenant_id is not None and d.tenant_id != rec.tenant_id:
            raise InputError(f"logement « {rec.dwelling_id} » : locataire « {rec.tenant_id} » "
                             f"différent de celui de l'opération (« {d.tenant_id} »)",
                             f"{rec.source_line}, colonne « locataire »")


def check_records_against_operation(
    records: Sequence[ConsumptionRecord], context: OperationContext
) -> None:
    """Refuse consumption records of dwellings unknown to the operation."""
    for rec in records:
        if context.dwelling(rec.dwelling_id) is None:
            raise InputError(f"logement « {rec.dwelling_id} » inconnu de l'opération "
                             f"« {context.name} »", f"{rec.source_line}, colonne « logement »")


# --- writers (CSV for French spreadsheets: « ; » and decimal comma) ----------------------------
def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",") if abs(value) < 1 else (
            f"{value:.2f}".replace(".", ","))
    return str(value).replace(".", ",") if isinstance(value, Decimal) else str(value)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


# Per-tenant table: pseudonymous ids only (no name, address or income ever reaches it).
BALANCE_HEADER = (
    "locataire", "logement", "methode", "scenario", "base_charges_avant",
    "surface_utile_avant_m2", "surface_utile_apres_m2", "plafond_avant_eur_mois",
    "plafond_apres_eur_mois", "loyer_avant_eur_mois", "loyer_apres_eur_mois",
    "hausse_loyer_eur_mois", "conso_prevue_apres_kwh_an", "charges_avant_eur_an",
    "charges_apres_prevues_eur_an", "baisse_charges_eur_an", "baisse_charges_eur_mois",
    "contribution_3e_ligne_eur_mois", "variation_apl_eur_mois", "gain_net_eur_mois",
    "perte_pouvoir_achat", "ratio_reel_sur_calcul_avant",
)


def balances_csv(balances) -> str:
    """Per-tenant balance table (one line per tenant × method)."""
    rows = [(
        b.tenant_id, b.dwelling_id, b.method, b.scenario, b.basis, b.useful_area_before_m2,
        b.useful_area_after_m2, b.rent_cap_before_eur_per_month, b.rent_cap_after_eur_per_month,
        b.rent_before_eur_per_month, b.rent_after_eur_per_month, b.rent_change_eur_per_month,
        b.forecast_after_kwh_per_year, b.charges_before_eur_per_year,
        b.charges_after_eur_per_year, b.charges_fall_eur_per_year, b.charges_fall_eur_per_month,
        b.contribution_eur_per_month, b.housing_benefit_change_eur_per_month,
        b.net_gain_eur_per_month, b.loses_purchasing_power, b.actual_to_forecast_before_ratio,
    ) for b in balances]
    return _csv(BALANCE_HEADER, rows)


def flags_csv(flags) -> str:
    """Flags table (pseudonymous ids only)."""
    header = ("locataire", "logement", "methode", "code", "bloquant", "message", "valeur",
              "limite", "source")
    rows = [(f.tenant_id, f.dwelling_id, f.method, f.code, f.is_blocking, f.message_fr,
             f.value, f.limit, f.source) for f in flags]
    return _csv(header, rows)


def operation_view_csv(views) -> str:
    """Operation view: aggregates only, shareable (no identifier, name, address or income)."""
    header = ("methode", "nb_locataires", "nb_en_perte", "part_en_perte_pct",
              "loyers_avant_eur_an", "loyers_apres_eur_an", "objectif_loyers_eur_an",
              "ecart_objectif_eur_an", "gain_min_eur_mois", "gain_median_eur_mois",
              "gain_max_eur_mois", "gain_total_eur_mois")
    rows = [(v.method, v.n_tenants, v.n_losing, f"{v.share_losing_frac * 100:.1f}".replace(
        ".", ","), v.rent_income_before_eur_per_year, v.rent_income_after_eur_per_year,
        v.target_rent_income_eur_per_year, v.income_gap_eur_per_year,
        v.net_gain_min_eur_per_month, v.net_gain_median_eur_per_month,
        v.net_gain_max_eur_per_month, v.net_gain_total_eur_per_month) for v in views]
    return _csv(header, rows)


def followup_csv(rows) -> str:
    """Follow-up table: one line per dwelling × season × method."""
    header = ("logement", "saison", "methode", "nb_releves", "conso_chauffage_reelle_kwh",
              "dju_periode", "dju_reference", "couverture_pct", "conso_corrigee_kwh_an",
              "conso_prevue_kwh_an", "ecart_pct", "seuil_pct", "alerte")
    out = [(r.dwelling_id, r.season, r.method, r.n_records, r.actual_kwh, r.period_dd_k_day,
            r.reference_dd_k_day, f"{r.coverage_frac * 100:.0f}", r.normalised_kwh,
            r.forecast_kwh, f"{r.drift_frac * 100:.1f}".replace(".", ","),
            f"{r.threshold_frac * 100:g}", r.flag or "") for r in rows]
    return _csv(header, out)
