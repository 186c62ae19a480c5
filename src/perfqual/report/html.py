"""The « fiche de suivi d'opération » and the lessons-learned report: self-contained HTML pages.

One HTML file per report, in French, with its figures embedded as PNG data URIs, tables with
French number formatting (:mod:`perfqual.report.format`), a print stylesheet and no external
resource (no CDN, no web font, no script). Pages are written atomically
(:func:`perfqual.io.output.staged_directory`).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from perfqual import __version__  # noqa: E402
from perfqual.io.output import staged_directory, write_text_atomic  # noqa: E402
from perfqual.report.format import (  # noqa: E402
    MISSING,
    format_bool,
    format_eur,
    format_int,
    format_number,
    format_pct,
    format_quantity,
)
from perfqual.store.gather import OK, OperationResults  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "templates"
OPERATION_REPORT_NAME = "fiche_operation.html"
REX_REPORT_NAME = "retour_experience.html"

STATUS_FR = {
    "conforme": "conforme", "non_conforme": "non conforme", "indetermine": "indéterminé",
    "essai_non_valide": "essai non valide", "non_juge": "non jugé (état initial)",
    "non_mesurable": "non mesurable",
}
PHASE_FR = {"avant_travaux": "avant travaux", "pendant_travaux": "pendant travaux",
            "reception": "réception", "non_renseignee": "non renseignée",
            "etudes": "études", "travaux": "travaux", "exploitation": "exploitation"}
TECHNIQUE_FR = {"ITE": "ITE (isolation par l'extérieur)", "ITI": "ITI (isolation par "
                "l'intérieur)", "ITE+ITI": "ITE et ITI", "sans_isolation_murs":
                "sans isolation des murs", "etat_initial": "état initial",
                "non_renseignee": "non renseignée"}
METHOD_FR = {"iso52016": "EN ISO 52016-1 (horaire)", "thcex": "Th-C-E ex"}
VENTILATION_SOURCE_FR = (
    "Débits minimaux : arrêté du 24 mars 1982 relatif à l'aération des logements, modifié le "
    "28 octobre 1983, art. 3 et 4 (tableaux transcrits d'une source secondaire, à confirmer sur "
    "le JO du 27 mars 1982 : src/perfqual/data/ventilation_debits_1982_art3.source.md) ; "
    "verdicts et incertitudes : methods/ventilation.md.")


def figure_data_uri(fig: Figure, dpi: int = 110) -> str:
    """PNG data URI of a figure (the figure is closed)."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(["html"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters.update(num=format_number, pct=format_pct, qty=format_quantity, eur=format_eur,
                       int_fr=format_int, yesno=format_bool,
                       status_fr=lambda s: STATUS_FR.get(str(s), str(s)),
                       phase_fr=lambda s: PHASE_FR.get(str(s), str(s)),
                       technique_fr=lambda s: TECHNIQUE_FR.get(str(s), str(s)),
                       method_fr=lambda s: METHOD_FR.get(str(s), str(s)))
    return env


def _iv(interval, digits: int = 2) -> str:
    if interval is None:
        return MISSING
    return (f"{format_number(interval.value, digits)} [{format_number(interval.lower, digits)} ; "
            f"{format_number(interval.upper, digits)}]")


# --------------------------------------------------------------------------- section views
USE_FR = {"chauffage": "chauffage", "refroidissement": "refroidissement", "ecs": "ECS",
          "eclairage": "éclairage", "auxiliaires": "auxiliaires", "total": "total (5 usages)"}
SIDE_FR = {"thcex": "Th-C-E ex (SHON_RT)", "iso": "EN ISO 52016-1 (SHAB)"}
CONFIDENCE_FR = {"SRC": "sourcé", "STD-K": "valeur rappelée, à confirmer",
                 "OPEN": "origine non identifiée", "DERIVED": "dérivé"}


def _gap_row(thcex: Mapping[str, float], iso: Mapping[str, float], keys) -> dict:
    """Absolute gap (ISO 52016-1 − Th-C-E ex) per key, relative gap on the total."""
    gaps = {k: iso[k] - thcex[k] for k in keys}
    rel = gaps["total"] / thcex["total"] if thcex["total"] else None
    return {"gaps": gaps, "relative": rel}


def _case_use_rows(cmp) -> list[dict]:
    from perfqual.models.results import USES

    rows = []
    for c in cmp.cases:
        per = {}
        for side in ("thcex", "iso"):
            res = getattr(c, side)
            per[side] = {u: res.cep_use_kwh_per_m2_year(u) for u in USES}
            per[side]["total"] = res.cep_kwh_per_m2_year
        rows.append({"typology": c.typology, "scenario": c.scenario, "weight": c.weight,
                     "area": {"thcex": c.thcex.reference_area_m2, "iso": c.iso.reference_area_m2},
                     "values": per, **_gap_row(per["thcex"], per["iso"], (*USES, "total"))})
    return rows


def _decision_rows(cmp, thresholds, chosen) -> list[dict]:
    by_scenario: dict[str, dict] = {}
    for d in cmp.decisions:
        row = by_scenario.setdefault(d.scenario, {"scenario": d.scenario, "cells": {},
                                                  "chosen": d.scenario == chosen,
                                                  "thcex": d.cep_thcex, "iso": d.cep_iso})
        row["cells"][d.threshold_id] = d
    return list(by_scenario.values())


_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def _fr_label(text: str) -> str:
    """Decimal commas in a label written with points (« 80 × (1.3 + 0) »)."""
    return _DECIMAL_POINT.sub(",", text)


def _full_source(source: str) -> str:
    """Follow « idem <row id> » in the threshold table to the cited text."""
    from perfqual.qa.thresholds import load_thresholds

    seen = set()
    while source.startswith("idem ") and source not in seen:
        seen.add(source)
        ref = source.removeprefix("idem ").strip()
        row = next((r for r in load_thresholds() if r.id == ref), None)
        if row is None:
            break
        source = row.source
    return source


def _check_row(sc) -> dict:
    c = sc.check
    return {"typology": sc.typology, "scenario": sc.scenario, "id": c.threshold_id,
            "label": _fr_label(c.label), "method": c.method, "value": c.value,
            "limit": c.limit, "margin": c.margin, "passed": c.passed, "unit": c.unit,
            "scope": c.scope, "confidence": CONFIDENCE_FR.get(c.confidence, c.confidence),
            "source": _full_source(c.source)}


def _waterfall(agg: Mapping[str, Any], scenario: str) -> Figure:
    """The comparison's waterfall, made readable in the page: wrapped labels, values on bars."""
    import textwrap

    from perfqual.report.plots_comparison import plot_waterfall

    fig = plot_waterfall(agg["shapley"], agg["thcex"], agg["iso"],
                         f"Écart EN ISO 52016-1 − Th-C-E ex — {scenario}")
    fig.set_size_inches(9.5, 4.6)
    ax = fig.axes[0]
    labels = [textwrap.fill(t.get_text(), 13, break_long_words=False)
              for t in ax.get_xticklabels()]
    ax.set_xticks(range(len(labels)), labels, rotation=0, ha="center", fontsize=6.5)
    patches = list(ax.patches)
    values = [agg["thcex"], *agg["shapley"].values(), agg["iso"]]
    for patch, value in zip(patches, values, strict=False):
        top = max(patch.get_y(), patch.get_y() + patch.get_height())
        ax.text(patch.get_x() + patch.get_width() / 2, top, format_number(value, 1),
                ha="center", va="bottom", fontsize=7)
    tops = [max(p.get_y(), p.get_y() + p.get_height()) for p in patches]
    ax.set_ylim(0.0, 1.12 * max(tops))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def _energy_view(data) -> dict:
    from perfqual.comparison import FACTORS
    from perfqual.models.results import USES
    from perfqual.report.plots_comparison import plot_scenarios

    cmp, chosen = data["comparison"], data["chosen"]
    by_use = data["cep_by_use"]
    scenarios = [{"id": s, "chosen": s == chosen, "values": by_use[s],
                  "n": agg["n_logements"], **_gap_row(by_use[s]["thcex"], by_use[s]["iso"],
                                                      (*USES, "total"))}
                 for s, agg in cmp.scenario_cep.items()]
    shapley = [{"name": f.name, "label": f.label_fr,
                "values": {s: agg["shapley"][f.name] for s, agg in cmp.scenario_cep.items()}}
               for f in FACTORS]
    totals = {s: sum(agg["shapley"].values()) for s, agg in cmp.scenario_cep.items()}
    focus = chosen if chosen in cmp.scenario_cep else list(cmp.scenario_cep)[-1]
    waterfalls = []
    for s in dict.fromkeys(("etat_initial", focus)):
        if s in cmp.scenario_cep:
            agg = cmp.scenario_cep[s]
            waterfalls.append({"scenario": s, "chosen": s == chosen,
                               "figure": figure_data_uri(_waterfall(agg, s))})
    typology_shapley = [{"typology": c.typology, "gap": c.gap_kwh_per_m2,
                         "values": c.shapley_kwh_per_m2} for c in cmp.cases if c.scenario == focus]
    checks = [_check_row(c) for c in data["checks"]]
    op_checks = [r for r in checks if r["typology"] is None and r["scenario"] == focus]
    typ_checks = [r for r in checks if r["typology"] is not None and r["scenario"] == focus]
    sources = {(r["id"], r["label"]): (r["source"], r["confidence"]) for r in checks}
    return {
        "scenarios": scenarios, "uses": [*USES, "total"], "use_fr": USE_FR, "side_fr": SIDE_FR,
        "cases": _case_use_rows(cmp), "factors": shapley, "shapley_totals": totals,
        "scenario_ids": list(cmp.scenario_cep), "focus": focus, "chosen": chosen,
        "waterfalls": waterfalls, "typology_shapley": typology_shapley,
        "factor_labels": {f.name: f.label_fr for f in FACTORS},
        "decisions": _decision_rows(cmp, data["thresholds"], chosen),
        "thresholds": data["thresholds"],
        "threshold_labels": {d.threshold_id: (_fr_label(d.label), d.limit)
                             for d in cmp.decisions},
        "n_disagree": sum(not d.agree for d in cmp.decisions),
        "op_checks": op_checks, "typ_checks": typ_checks, "sources": sources,
        "assumptions": list(cmp.assumptions), "climate": data["climate"],
        "zone": cmp.zone, "altitude_m": cmp.altitude_m,
        "figure_scenarios": figure_data_uri(plot_scenarios(cmp)),
    }


def _airtightness_view(data) -> dict:
    from perfqual.report.plots_airtightness import plot_campaign

    c = data["campaign"]
    tests = [{
        "id": t.analysis.test.test_id, "dwelling": t.dwelling_id, "typology": t.typology,
        "phase": t.phase, "q4": _iv(t.analysis.q4pa_surf_m3_per_h_m2),
        "n50": format_number(t.analysis.n50_per_h.value, 2),
        "target": MISSING if t.judgement is None else format_number(t.judgement.target, 2),
        "status": "non_juge" if t.judgement is None else t.judgement.status,
        "valid": t.analysis.is_valid, "decisive": t.is_decisive,
    } for t in c.tests]
    summaries = [{
        "typology": s.typology, "phase": s.phase, "n_dwellings": s.n_dwellings,
        "n_tested": s.n_tested, "n_required": s.n_required,
        "counts": ", ".join(f"{STATUS_FR.get(k, k)} {v}" for k, v in sorted(s.n_by_status.items()))
        or MISSING, "mean": _iv(s.q4pa_surf_weighted_mean),
        "target": MISSING if s.target is None else format_number(s.target.value, 2),
        "indicator": "" if s.target is None else s.target.indicator,
        "source": "" if s.target is None else s.target.source,
    } for s in c.summaries]
    judged = [t for t in c.tests if t.judgement is not None and t.is_decisive]
    figure = None
    if judged:
        figure = figure_data_uri(plot_campaign(
            [t.judgement for t in judged],
            [f"{t.dwelling_id}\n{PHASE_FR.get(t.phase, t.phase)}" for t in judged]))
    judgement_source = judged[0].judgement.source if judged else None
    coverage = None
    if c.coverage is not None:
        coverage = {"plan": c.coverage.plan, "sufficient": c.coverage.is_sufficient,
                    "rows": c.coverage.typologies, "consequence": c.coverage.
                    operation_consequence_fr}
    return {"tests": tests, "summaries": summaries, "figure": figure, "coverage": coverage,
            "judgement_source": judgement_source, "sampling_source": c.sampling_source,
            "warnings": list(c.warnings), "rules_version": data["rules_version"],
            "n_failed": len(c.failed_tests), "as_built": _as_built_view(data)}


AS_BUILT_STATUS_CLASS = {"atteint": "conforme", "non_atteint": "non_conforme",
                         "indetermine": "indetermine"}
AS_BUILT_SYMBOL = {"atteint": "✓", "non_atteint": "✗", "indetermine": "?"}


def _signed(x: float, digits: int = 1) -> str:
    """Signed number with a decimal comma (margins and differences)."""
    text = format_number(abs(x), digits)
    return ("+" if x >= 0 else "−") + text


def _as_built_subject(row) -> str:
    from perfqual.qa.airtightness import OPERATION_KEY

    if row.key == OPERATION_KEY:
        return "opération"
    return f"logement {row.dwelling_id}" if row.dwelling_id else f"typologie {row.typology}"


def _as_built_view(data) -> dict | None:
    """Design vs as-built Q4Pa-surf and Cep per case and method, from the gathered result."""
    from perfqual.qa.airtightness import AS_BUILT_STATUS_FR, METHOD_LABELS_FR, OPERATION_KEY
    from perfqual.report.plots_airtightness import plot_as_built_cep

    if "as_built_message_fr" not in data:
        return None
    ab = data["as_built"]
    if ab is None:
        return {"message": data["as_built_message_fr"]}
    cases = (*ab.rows, *(() if ab.operation is None else (ab.operation,)))
    heads: dict[str, str] = {}
    labels: dict[str, tuple[str, str]] = {}
    for r in cases:
        for m in r.methods.values():
            for o in m.thresholds:
                heads.setdefault(o.threshold_id, f"{o.threshold_id} ≤ "
                                                  f"{format_number(o.limit, 0)}")
                labels.setdefault(o.threshold_id, (_fr_label(o.label),
                                                   format_number(o.limit, 0)))
    rows = []
    for r in cases:
        for k, (method, m) in enumerate(r.methods.items()):
            cells = {}
            for o in m.thresholds:
                cells[o.threshold_id] = {
                    "design_margin": _signed(o.design_margin),
                    "as_built_margin": _signed(o.as_built_margin),
                    "status": o.as_built_status,
                    "status_class": AS_BUILT_STATUS_CLASS.get(o.as_built_status, ""),
                    "status_fr": AS_BUILT_STATUS_FR.get(o.as_built_status, o.as_built_status),
                    "symbol": AS_BUILT_SYMBOL.get(o.as_built_status, "?"),
                    "design_passed": o.design_passed, "lost": o.is_lost}
            rows.append({
                "key": r.key, "first": k == 0, "n_methods": len(r.methods),
                "subject": _as_built_subject(r), "operation": r.key == OPERATION_KEY,
                "basis": r.basis, "weight": format_number(r.weight, 0),
                "q4_design": format_number(r.q4pa_surf_design, 2),
                "q4_measured": _iv(r.q4pa_surf_measured, 2), "method": method,
                "method_fr": METHOD_LABELS_FR.get(method, method),
                "area": m.reference_area_kind, "design_cep": format_number(m.design_cep, 1),
                "as_built_cep": _iv(m.as_built_cep, 1), "delta": _signed(m.delta_cep),
                "cells": cells, "lost": any(c["lost"] for c in cells.values())})
    lost = [{"subject": _as_built_subject(r), "method_fr": METHOD_LABELS_FR.get(m, m),
             "threshold": heads.get(o.threshold_id, o.threshold_id),
             "design": format_number(o.design_value, 1), "as_built": _iv(o.as_built, 1)}
            for r, m, o in ab.lost_thresholds]
    untested = [r.typology for r in ab.rows
                if r.dwelling_id is None and r.q4pa_surf_measured is None]
    return {"message": None, "scenario": ab.scenario, "zone": ab.zone,
            "altitude_m": ab.altitude_m, "heads": heads, "labels": labels, "rows": rows,
            "lost": lost,
            "untested": untested, "source": ab.source, "notes": list(ab.notes),
            "warnings": list(data["measured"].warnings) if data.get("measured") else [],
            "figure": figure_data_uri(plot_as_built_cep(ab))}


def _ventilation_view(data) -> dict:
    from perfqual.report.plots_ventilation import plot_conformity

    rep = data["report"]
    groups = [*rep.by_typology, rep.operation]
    return {"groups": groups, "rows": data["rows"][:60], "n_rows": len(data["rows"]),
            "not_checked": rep.not_checked,
            "figure": figure_data_uri(plot_conformity(rep.by_typology,
                                                      "Conformité par typologie")),
            "source": VENTILATION_SOURCE_FR}


def _moisture_view(data) -> dict:
    rows = []
    for r in data["results"]:
        for a in r.assemblies:
            verdict = str(a.verdict).replace("_", " ")
            if a.f_rsi_passed is False:
                verdict += " ; f_Rsi insuffisant (risque de moisissure en surface)"
            rows.append({"typology": r.typology, "scenario": r.scenario, "element": a.element,
                         "verdict": verdict, "reason": a.reason_fr,
                         "peak": format_number(a.peak_g_per_m2, 0),
                         "f_rsi": format_number(a.f_rsi, 2), "f_rsi_min": format_number(
                             r.f_rsi_min, 2), "failed": a.failed,
                         "simulation": "; ".join(a.simulation_reasons_fr)})
    junctions = [{"typology": r.typology, "scenario": r.scenario, "name": j.name,
                  "f_rsi": format_number(j.f_rsi, 2), "f_rsi_min": format_number(j.f_rsi_min, 2),
                  "verdict": j.verdict, "failed": j.failed}
                 for r in data["results"] for j in r.junctions]
    s = data["settings"]
    bridges = [{"typology": b.typology, "scenario": b.scenario, "n_bridges": b.n_bridges,
                "h_tb": format_number(b.h_tb_w_per_k, 1),
                "steady": format_pct(b.steady_share_frac, 1),
                "methods": {m: {"need_share": format_pct(x.heating_need_share_frac, 1),
                                "delta_need": format_number(x.delta_heating_need_kwh_per_m2, 1),
                                "losses_share": format_pct(x.losses_share_frac, 1)}
                            for m, x in b.methods.items()}}
               for b in data.get("bridge_shares", ())]
    bridge_methods = list(dict.fromkeys(m for b in data.get("bridge_shares", ())
                                        for m in b.methods))
    return {"rows": rows, "junctions": junctions, "settings": s, "bridges": bridges,
            "bridge_methods": bridge_methods,
            "hourly_climate": data.get("hourly_climate", ""),
            "n_failed": sum(r.failed for r in data["results"]), "n_cases": len(data["results"]),
            "climate": getattr(data["climate"], "source", "")}


def _works_view(data) -> dict:
    from perfqual.qa.works_record import CATEGORY_FR

    s = data["status"]
    return {"status": s, "record": s.record,
            "missing": [{"category": CATEGORY_FR.get(m.category, m.category), "item": m.item,
                         "detail": m.detail_fr} for m in s.missing],
            "defects": s.open_defects, "exposure": s.exposure}


def _tenants_view(data) -> dict:
    from perfqual.report.plots_tenants import plot_gain_distribution

    return {"views": data["views"], "scenario": data["scenario"],
            "sources": data["forecast_sources"], "n_balances": len(data["balances"]),
            "figure": figure_data_uri(plot_gain_distribution(data["balances"]))}


def _followup_view(data) -> dict:
    from perfqual.report.plots_tenants import plot_followup

    rows = data["rows"]
    by_method: dict[str, list] = {}
    for r in rows:
        by_method.setdefault(r.method, []).append(r)
    methods = [{"method": m, "n": len(rs),
                "mean_drift": sum(r.drift_frac for r in rs) / len(rs),
                "n_flagged": sum(1 for r in rs if r.flag)} for m, rs in by_method.items()]
    return {"rows": rows[:80], "n_rows": len(rows), "methods": methods,
            "reference_dd": data["reference_dd_k_day"], "sources": data["forecast_sources"],
            "figure": figure_data_uri(plot_followup(rows)) if rows else None}


VIEWS = {"energie": _energy_view, "etancheite": _airtightness_view,
         "ventilation": _ventilation_view, "humidite": _moisture_view, "qualite": _works_view,
         "locataires": _tenants_view, "suivi": _followup_view}


def operation_report_html(results: OperationResults, generated: dt.date | None = None) -> str:
    """Render the « fiche de suivi d'opération » of one operation as one HTML page."""
    views: dict[str, Any] = {}
    for key, section in results.sections.items():
        views[key] = VIEWS[key](section.data) if section.status == OK and key in VIEWS else None
    op = results.operation
    return _env().get_template("fiche_operation.html.j2").render(
        op=op, ident=op.identity, results=results, sections=results.sections, views=views,
        identity=results.sections["identite"].data, n_dwellings=len(op.dwellings),
        version=__version__, generated=(generated or dt.date.today()).strftime("%d/%m/%Y"),
        css=(TEMPLATES / "style.css").read_text(encoding="utf-8"))


def write_operation_report(results: OperationResults, out_dir: str | Path) -> Path:
    """Write ``fiche_operation.html`` into ``out_dir`` atomically; its path."""
    html = operation_report_html(results)
    with staged_directory(out_dir) as stage:
        write_text_atomic(stage / OPERATION_REPORT_NAME, html)
    return Path(out_dir) / OPERATION_REPORT_NAME


# --------------------------------------------------------------------------- lessons learned
LEVEL_FR = {"operation": "opération", "epci": "EPCI", "programme": "programme"}
COLUMN_FR = {
    "level": "niveau", "group": "groupe", "form": "forme", "programme": "programme de travaux",
    "technique": "technique", "phase": "phase", "term": "terme", "method": "méthode",
    "threshold_id": "seuil", "n": "n", "mean": "moyenne", "std": "écart-type", "min": "min",
    "q1": "1er quartile", "median": "médiane", "q3": "3e quartile", "max": "max",
    "n_pairs": "paires", "n_disagree": "désaccords", "disagree_frac": "taux de désaccord",
    "n_tests": "essais", "n_conforme": "conformes", "n_non_conforme": "non conformes",
    "n_indetermine": "indéterminés", "n_non_valide": "non valides",
    "conforme_frac": "taux de conformité", "ratio_median": "mesure / objectif (médiane)",
    "ratio_max": "mesure / objectif (max)", "n_dwellings": "logements",
    "n_non_mesurable": "non mesurables", "judged_conforme_frac": "conformité (jugés)",
    "bias_mean_frac": "biais moyen", "std_frac": "écart-type", "q1_frac": "1er quartile",
    "median_frac": "écart médian", "q3_frac": "3e quartile",
    "median_abs_frac": "écart absolu médian", "mean_abs_frac": "écart absolu moyen",
    "n_iso52016_closer": "ISO 52016 plus proche", "n_thcex_closer": "Th-C-E ex plus proche",
    "n_ties": "égalités", "iso52016_closer_frac": "part ISO 52016",
    "thcex_closer_frac": "part Th-C-E ex", "median_abs_iso52016_frac": "écart abs. méd. ISO",
    "median_abs_thcex_frac": "écart abs. méd. Th-C-E ex", "closer": "méthode la plus proche",
    "n_tenants": "locataires", "mean_eur": "gain moyen", "median_eur": "gain médian",
    "min_eur": "gain min", "max_eur": "gain max", "losing_frac": "part perdante",
}
# short labels in the wide tables of the lessons-learned report
_TEXT_FR = {**LEVEL_FR, **PHASE_FR, **METHOD_FR, "egalite": "égalité",
            "sans_isolation_murs": "sans isolation des murs", "etat_initial": "état initial",
            "non_renseignee": "non renseignée", "iso52016": "ISO 52016"}


def _cell(column: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    if column.endswith("_frac"):
        return format_pct(value, 0 if column.endswith("closer_frac") else 1)
    if column.endswith("_eur"):
        return format_eur(value)
    if column == "n" or column.startswith("n_"):
        return format_int(value)
    if isinstance(value, (bool,)):
        return format_bool(value)
    if isinstance(value, (int, float)):
        return format_number(value, 3 if column.startswith("ratio") else 1)
    return _TEXT_FR.get(str(value), str(value))


def table_for(key: str, df) -> dict:
    """French header and formatted cells of an aggregate table."""
    columns = list(df.columns)
    return {"columns": [COLUMN_FR.get(c, c) for c in columns],
            "rows": [[_cell(c, v) for c, v in zip(columns, row, strict=True)]
                     for row in df.itertuples(index=False, name=None)]}


def rex_report_html(frames: Mapping[str, Any], aggregates: Mapping[str, Any],
                    figures: Mapping[str, str], store_label: str,
                    generated: dt.date | None = None) -> str:
    """Render the lessons-learned report (tables of the aggregates, embedded figures)."""
    from perfqual.aggregate.rex import AGGREGATES

    tables = [{"key": k, "title": AGGREGATES[k][0], "table": table_for(k, df)}
              for k, df in aggregates.items()]
    ops = frames["operations"]
    return _env().get_template("retour_experience.html.j2").render(
        operations=ops.to_dict("records"), tables=tables, figures=figures,
        store_label=store_label, version=__version__,
        generated=(generated or dt.date.today()).strftime("%d/%m/%Y"),
        css=(TEMPLATES / "style.css").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ lessons-learned figures
def _boxplot(groups: Mapping[str, Any], title: str, ylabel: str, zero_line: bool = True) -> Figure:
    fig = Figure(figsize=(7.5, 3.8))
    ax = fig.subplots()
    labels = list(groups)
    ax.boxplot([list(groups[k]) for k in labels], showmeans=True)
    ax.set_xticks(range(1, len(labels) + 1), labels, fontsize=8)
    if zero_line:
        ax.axhline(0.0, color="0.5", lw=0.8, ls="--")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_gap_by_form(frames: Mapping[str, Any]) -> Figure | None:
    """Box plot of the gap between the methods (term ``total``) by typology form."""
    from perfqual.aggregate.rex import _context

    gaps = frames["method_gaps"]
    df = _context(frames, gaps[gaps["term"] == "total"])
    if df.empty:
        return None
    groups = {f: g["gap_kwh_per_m2_year"] for f, g in df.groupby("form")}
    return _boxplot(groups, "Écart entre les méthodes par forme de logement",
                    "écart (kWhep/(m²·an))")


def plot_forecast_errors(frames: Mapping[str, Any]) -> Figure | None:
    """Box plot of (forecast − measured)/measured per method and wall technique."""
    from perfqual.aggregate.rex import _context, forecast_errors

    df = _context(frames, forecast_errors(frames))
    if df.empty:
        return None
    groups = {f"{METHOD_FR.get(m, m)}\n{TECHNIQUE_FR.get(p, p)}": 100.0 * g["error_frac"]
              for (m, p), g in df.groupby(["method", "programme"])}
    return _boxplot(groups, "Prévision / consommation mesurée corrigée des DJU",
                    "(prévision − mesure) / mesure (%)")


def plot_airtightness_rates(table) -> Figure | None:
    """Bar chart of the conformity rate of the decisive tests by technique and phase."""
    prog = table[table["level"] == "programme"] if not table.empty else table
    if prog.empty:
        return None
    fig = Figure(figsize=(7.5, 3.4))
    ax = fig.subplots()
    labels = [f"{TECHNIQUE_FR.get(t, t)}\n{PHASE_FR.get(p, p)}"
              for t, p in zip(prog["technique"], prog["phase"], strict=True)]
    ax.bar(range(len(prog)), 100.0 * prog["conforme_frac"].astype(float), color="#0b4f8a")
    for i, (k, n, frac) in enumerate(zip(prog["n_conforme"], prog["n_tests"],
                                         prog["conforme_frac"], strict=True)):
        ax.text(i, min(100.0 * float(frac), 90.0) + 2, f"{k}/{n}", ha="center", fontsize=8)
    ax.set_xticks(range(len(prog)), labels, fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("essais conformes (%)")
    ax.set_title("Étanchéité à l'air : essais décisifs conformes à l'objectif", fontsize=10)
    fig.tight_layout()
    return fig


def plot_tenant_gains(frames: Mapping[str, Any]) -> Figure | None:
    """Box plot of the tenants' net monthly gain per method."""
    g = frames["tenant_gains"]
    if g.empty:
        return None
    groups = {METHOD_FR.get(m, m): d["net_gain_eur_per_month"].astype(float)
              for m, d in g.groupby("method")}
    return _boxplot(groups, "Gain net mensuel des locataires", "€/mois")


def rex_figures(frames: Mapping[str, Any], aggregates: Mapping[str, Any]) -> dict[str, str]:
    """The figures of the lessons-learned report as data URIs (absent when no data)."""
    figs = {"ecart_methodes": plot_gap_by_form(frames),
            "prevision_mesure": plot_forecast_errors(frames),
            "etancheite": plot_airtightness_rates(aggregates["etancheite"]),
            "gains_locataires": plot_tenant_gains(frames)}
    return {k: figure_data_uri(f) for k, f in figs.items() if f is not None}


def write_rex_report(store_path: str | Path, out_dir: str | Path) -> Path:
    """Read a store, aggregate, and write ``retour_experience.html`` atomically; its path."""
    from perfqual.aggregate.rex import all_aggregates
    from perfqual.store.db import read_tables

    frames = read_tables(store_path)
    aggregates = all_aggregates(frames)
    html = rex_report_html(frames, aggregates, rex_figures(frames, aggregates),
                           Path(store_path).name)
    with staged_directory(out_dir) as stage:
        write_text_atomic(stage / REX_REPORT_NAME, html)
    return Path(out_dir) / REX_REPORT_NAME
