"""``perfqual permeabilite``: blower-door tests (NF EN ISO 9972, FD P50-784).

* ``analyser FICHIER`` — one test: calculation chain, validity rules, judgement;
* ``campagne DOSSIER --operation OPERATION`` — every test of an operation, per typology and
  phase, with figures, the measured airtightness and the as-built Cep with both methods
  (design vs as built against the operation's thresholds).

Exit codes: 0 conforming (or nothing to judge); 1 a test is non conforming or invalid;
2 invalid input. A threshold lost by the as-built Cep is reported, it does not change the code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from perfqual.cli._french_click import count_fr
from perfqual.cli.common import EXIT_TARGET_MISSED, echo, handle_errors
from perfqual.errors import InputError, NotImplementedMethodError
from perfqual.io.blower_door import analysis_to_dict, read_blower_door_file, read_blower_door_folder
from perfqual.io.output import staged_directory, write_text_atomic
from perfqual.models.blower_door import DIRECTION_LABELS_FR, load_validity_rules
from perfqual.qa import airtightness as qa
from perfqual.units import parse_quantity

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  help="Essais d'infiltrométrie (NF EN ISO 9972, FD P50-784) : analyse d'un "
                       "essai, suivi de campagne d'une opération.")

STATUS_FR = {"conforme": "CONFORME", "non_conforme": "NON CONFORME",
             "indetermine": "INDÉTERMINÉ (l'intervalle de confiance contient l'objectif)",
             "essai_non_valide": "ESSAI NON VALIDE (règle de validité non respectée)"}
RESULT_FR = {True: "respectée", False: "NON RESPECTÉE", None: "non évaluée (donnée absente)"}
# Short labels for the campaign counts and the phases (the codes stay in CSV/JSON outputs).
# Each label is (singular word, text after it); the word agrees with the count.
COUNT_FR = {"conforme": ("conforme", ""), "non_conforme": ("non conforme", ""),
            "indetermine": ("indéterminé", ""), "essai_non_valide": ("non valide", ""),
            "non_juge": ("non jugé", " (avant travaux)")}
# Validity rules: comparison signs and what a failed rule does to the test (screen only).
COMPARISON_FR = {"<=": "≤", ">=": "≥"}
SEVERITY_FR = {"invalide": "règle bloquante", "avertissement": "avertissement"}
PHASE_FR = {"avant_travaux": "avant travaux", "pendant_travaux": "pendant travaux",
            "reception": "réception"}


def _f(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}".replace(".", ",")


def _g(x: float) -> str:
    """Up to 4 significant figures, decimal comma."""
    return f"{x:.4g}".replace(".", ",")


def _iv(v, digits: int = 3) -> str:
    return "—" if v is None else f"{_f(v.value, digits)} [{_f(v.lower, digits)} ; " \
                                 f"{_f(v.upper, digits)}]"


def format_analysis(a, judgement=None) -> str:
    """French text report of one analysed test."""
    t = a.test
    lines = [f"Essai {t.test_id}" + (f" — logement {t.dwelling_id}" if t.dwelling_id else "")
             + (f" — phase {PHASE_FR.get(t.phase, t.phase)}" if t.phase else ""),
             f"Méthode {t.method} ; V = {_f(t.volume_m3, 1)} m³ ; ATbat = {_f(t.a_tbat_m2, 1)} m² ;"
             f" T int/ext = {_f(t.temp_int_c, 1)}/{_f(t.temp_ext_c, 1)} °C ; "
             f"p = {_f(a.pressure_pa, 0)} Pa", ""]
    for name, d in a.directions.items():
        lines += [f"[{DIRECTION_LABELS_FR[name]}] {len(d.dp_pa)} paliers de {_f(min(d.dp_pa), 1)}"
                  f" à {_f(max(d.dp_pa), 1)} Pa ; Δp0 = {_f(d.zero_flow.dp0_pa, 2)} Pa",
                  f"  n = {_iv(d.n)} ; C_L = {_iv(d.c_l_m3_per_h_pa_n, 2)} m³/(h·Pa^n) ; "
                  f"r² = {_f(d.fit_env.r_squared, 4)}",
                  f"  q50 = {_iv(d.q50_m3_per_h, 1)} m³/h ; n50 = {_iv(d.n50_per_h, 2)} h⁻¹ ; "
                  f"q4 = {_iv(d.q4_m3_per_h, 1)} m³/h",
                  f"  Q4Pa-surf = {_iv(d.q4pa_surf_m3_per_h_m2)} m³/(h·m²) ; q_E50 = "
                  f"{_f(d.q_e50_m3_per_h_m2, 2)} ; q_F50 = {_f(d.q_f50_m3_per_h_m2, 2)} m³/(h·m²) ;"
                  f" ELA4 = {_f(d.ela4_m2 * 1e4, 1)} cm² ; ELA50 = {_f(d.ela50_m2 * 1e4, 1)} cm²",
                  "  Règles de validité :"]
        for c in d.checks:
            unit = "" if c.unit == "-" else f" {c.unit}"
            sign = COMPARISON_FR.get(c.comparison, c.comparison)
            limit = "" if c.limit is None else f" {sign} {_g(c.limit)}{unit}"
            value = "" if c.value is None else f" : {_g(c.value)}"
            if c.comparison == "requis":
                value = "" if c.value is None else (" : oui" if c.value >= 1 else " : non")
            lines.append(f"    - {c.label}{value}{limit} → {RESULT_FR[c.passed]} "
                         f"({SEVERITY_FR.get(c.severity, c.severity)}, {c.status})")
    lines += ["", f"Résultat (moyenne des sens mesurés) : q50 = {_iv(a.q50_m3_per_h, 1)} m³/h ; "
                  f"n50 = {_iv(a.n50_per_h, 2)} h⁻¹",
              f"Q4Pa-surf réglementaire ({DIRECTION_LABELS_FR[a.regulatory_direction]}) : "
              f"{_iv(a.q4pa_surf_m3_per_h_m2)} m³/(h·m²)",
              f"Essai {'valide' if a.is_valid else 'NON VALIDE'} (règles version "
              f"{a.rules_version})"]
    lines += [f"Hypothèse : {h}" for h in a.assumptions]
    if judgement is not None:
        lines.append(format_judgement(judgement))
    return "\n".join(lines)


def format_judgement(j) -> str:
    """One French line: indicator, interval, target, status."""
    label = qa.INDICATOR_LABELS_FR[j.indicator]
    coef = "" if j.sampling_coefficient == 1.0 else f" (× {_f(j.sampling_coefficient, 2)})"
    return (f"Jugement {j.subject} : {label}{coef} = {_f(j.value)} [{_f(j.lower)} ; "
            f"{_f(j.upper)}] {j.unit} pour un objectif ≤ {_f(j.target)} → {STATUS_FR[j.status]}")


def _target(q4pa_surf: str | None, n50: str | None) -> tuple[str, float] | None:
    """(indicator, value) from the options; decimal comma and units accepted ("0,6")."""
    if q4pa_surf is not None and n50 is not None:
        raise InputError("donner un seul objectif : --objectif-q4pa-surf ou --objectif-n50")
    for indicator, text, unit, option in (("q4pa_surf", q4pa_surf, "m**3/(h*m**2)",
                                           "--objectif-q4pa-surf"),
                                          ("n50", n50, "1/h", "--objectif-n50")):
        if text is not None:
            try:
                return indicator, parse_quantity(text, unit)
            except ValueError as exc:
                raise InputError(str(exc), option) from None
    return None


@app.command("analyser")
@handle_errors
def analyser(
    fichier: Annotated[Path, typer.Argument(help="Fichier d'essai CSV ou XLSX (format décrit "
                                            "dans methods/permeabilite.md).")],
    json_output: Annotated[bool, typer.Option("--json", help="Sortie JSON sur la sortie "
                                              "standard.")] = False,
    objectif_q4pa_surf: Annotated[str | None, typer.Option(
        "--objectif-q4pa-surf", help="Objectif Q4Pa-surf maximal [m³/(h·m²)].")] = None,
    objectif_n50: Annotated[str | None, typer.Option(
        "--objectif-n50", help="Objectif n50 maximal [h⁻¹].")] = None,
    regles: Annotated[Path | None, typer.Option(
        "--regles", help="Table des règles de validité (YAML) remplaçant celle fournie.")] = None,
    figure: Annotated[Path | None, typer.Option(
        "--figure", help="Écrit le graphique log-log (PNG, SVG ou PDF).")] = None,
) -> None:
    """Analyse un essai : chaîne ISO 9972, règles de validité, jugement."""
    target = _target(objectif_q4pa_surf, objectif_n50)
    rules = load_validity_rules(regles)
    analysis = qa.analyse_test(read_blower_door_file(fichier), rules)
    judgement = None if target is None else qa.judge(
        analysis, target[1], target[0], rules.policy.sampling_coefficient)
    if figure is not None:
        _save_figure(figure, analysis)
    if json_output:
        echo(json.dumps(analysis_to_dict(analysis, judgement), ensure_ascii=False, indent=2))
    else:
        echo(format_analysis(analysis, judgement))
    failed = not analysis.is_valid or (
        judgement is not None and judgement.status == "non_conforme")
    if failed:
        raise typer.Exit(EXIT_TARGET_MISSED)


def _save_figure(path: Path, analysis) -> None:
    from perfqual.report.plots_airtightness import plot_power_law_fit

    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError("extension de figure non prise en charge (.png, .svg ou .pdf)", str(path))
    fig = plot_power_law_fit(analysis)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _summary_csv(result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["essai", "logement", "typologie", "phase", "batiment", "decisif", "valide",
                "q4pa_surf_m3_h_m2", "q4pa_surf_bas", "q4pa_surf_haut", "n50_h", "exposant_n",
                "objectif", "statut"])
    for t in result.tests:
        a, j = t.analysis, t.judgement
        q = a.q4pa_surf_m3_per_h_m2
        d = a.directions[a.regulatory_direction]
        w.writerow([a.test.test_id, t.dwelling_id, t.typology, t.phase, t.building or "",
                    "oui" if t.is_decisive else "non", "oui" if a.is_valid else "non",
                    _f(q.value if q else None, 4), _f(q.lower if q else None, 4),
                    _f(q.upper if q else None, 4), _f(a.n50_per_h.value, 3), _f(d.n.value, 3),
                    _f(j.target if j else None, 3), j.status if j else "non_juge"])
    return buf.getvalue()


def format_campaign(result, measured, as_built) -> str:
    """French text summary of a campaign; ``as_built`` is an AsBuiltCep or a French message."""
    lines = [f"Campagne d'infiltrométrie — {result.operation} : "
             f"{count_fr(len(result.tests), 'essai', zero=None)}",
             f"Échantillonnage : {result.sampling_source}", ""]
    for s in result.summaries:
        counts = ", ".join(count_fr(v, COUNT_FR.get(k, (k, ""))[0], zero=None)
                           + COUNT_FR.get(k, (k, ""))[1]
                           for k, v in sorted(s.n_by_status.items())) or "—"
        target = f"objectif {qa.INDICATOR_LABELS_FR[s.target.indicator]} ≤ " \
                 f"{_f(s.target.value, 2)}" if s.target else "sans objectif"
        short = "" if s.n_tested >= s.n_required or s.phase != "reception" else \
            f"  ⚠ {count_fr(s.n_required - s.n_tested, 'logement')} " \
            f"{'manquant' if s.n_required - s.n_tested <= 1 else 'manquants'}"
        required = f"(requis {s.n_required})" if s.phase == "reception" else " " * 10
        lines.append(f"{s.typology:<10} {PHASE_FR.get(s.phase, s.phase):<16} "
                     f"{s.n_tested:>3}/{s.n_dwellings:<4} "
                     f"{required} ; moyenne pondérée Q4Pa-surf "
                     f"{_iv(s.q4pa_surf_weighted_mean, 2)} ; {target} ; {counts}{short}")
    lines += ["", "Essais jugés :"]
    for t in result.tests:
        if t.judgement is not None:
            extra = "" if t.is_decisive else " (remplacé par un essai ultérieur)"
            lines.append(f"  [{t.analysis.test.test_id}] " + format_judgement(t.judgement)
                         + extra)
    if result.building_judgements:
        lines += ["", "Moyennes pondérées par bâtiment (FAQ RE2020 n° 134 ; informatif pour "
                      "des maisons groupées) :"]
        lines += ["  " + format_judgement(j) for j in result.building_judgements]
    if result.coverage is not None:
        cov = result.coverage
        lines += ["", "Plan d'échantillonnage (réception) : "
                  + ("suffisant" if cov.is_sufficient else "INSUFFISANT")]
        for tc in cov.typologies:
            missing = f" ; manquants : {', '.join(tc.missing)}" if tc.missing else ""
            extra = f" ; hors plan : {', '.join(tc.extra)}" if tc.extra else ""
            lines.append(f"  {tc.typology} : {tc.n_measured}/{tc.n_required} requis{missing}"
                         f"{extra}" + (f" — {tc.consequence_fr}" if tc.consequence_fr else ""))
    lines += ["", "Étanchéité mesurée pour le recalcul tel que construit (réception) :"]
    for key, air in {**measured.per_dwelling,
                     **{f"typologie {k}": v for k, v in measured.per_typology.items()}}.items():
        lines.append(f"  {key:<20} Q4Pa-surf {_f(air.q4pa_surf_m3_per_h_m2, 2)} m³/(h·m²) ; "
                     f"n50 {_f(air.n50_per_h, 2)} h⁻¹ ; n {_f(air.flow_exponent, 3)}")
    lines += [f"  ⚠ {w}" for w in (*measured.warnings, *result.warnings)]
    lines += [""]
    lines += [f"Cep tel que construit : {as_built}"] if isinstance(as_built, str) \
        else format_as_built(as_built)
    return "\n".join(lines)


_SYMBOL = {"atteint": "✓", "non_atteint": "✗", "indetermine": "?"}


def _subject(row) -> str:
    if row.key == qa.OPERATION_KEY:
        return "OPÉRATION"
    return row.dwelling_id or f"typo. {row.typology}"


def _sf(x: float, digits: int = 1) -> str:
    """Signed, decimal comma."""
    return f"{x:+.{digits}f}".replace(".", ",")


def _threshold_cell(o) -> str:
    cell = f"{_sf(o.design_margin)} → {_sf(o.as_built_margin)} {_SYMBOL[o.as_built_status]}"
    return cell + (" !" if o.is_lost else "")


def format_as_built(ab) -> list[str]:
    """French table of the as-built Cep: Q4Pa-surf and Cep design vs measured, margins."""
    first = next(iter(ab.rows[0].methods.values()))
    heads = [f"{o.threshold_id} ≤ {_f(o.limit, 0)}" for o in first.thresholds]
    lines = [f"Cep tel que construit — programme « {ab.scenario} » (zone {ab.zone}, "
             f"{_f(ab.altitude_m, 0)} m) : Q4Pa-surf mesuré à la réception au lieu de celui du "
             "programme ; Cep 5 usages en kWhep/(m².an), chaque méthode sur sa surface "
             "(Th-C-E ex : SHON_RT ; EN ISO 52016-1 : surface habitable). Entre crochets : "
             "intervalle de confiance à 95 % de la mesure.",
             "Marges au seuil (seuil − Cep) : conception → tel que construit ; ✓ atteint, "
             "✗ non atteint, ? indéterminé (l'intervalle contient le seuil), ! seuil respecté en "
             "conception mais plus tel que construit.", "",
             f"{'cas':<15}{'Q4 conc.':>9} {'Q4 mesuré [IC 95 %]':<22}{'méthode':<16}"
             f"{'Cep conc.':>9} {'Cep construit [IC 95 %]':<24}{'écart':>7}  "
             + "  ".join(f"{h:<18}" for h in heads)]
    for row in (*ab.rows, *(() if ab.operation is None else (ab.operation,))):
        if row.key == qa.OPERATION_KEY:
            lines.append("")
        for k, (method, m) in enumerate(row.methods.items()):
            who = (_subject(row), _f(row.q4pa_surf_design, 2) if row.q4pa_surf_design else "—",
                   _iv(row.q4pa_surf_measured, 2)) if k == 0 else ("", "", "")
            lines.append(f"{who[0]:<15}{who[1]:>9} {who[2]:<22}"
                         f"{qa.METHOD_LABELS_FR[method]:<16}{_f(m.design_cep, 1):>9} "
                         f"{_iv(m.as_built_cep, 1):<24}{_sf(m.delta_cep):>7}  "
                         + "  ".join(f"{_threshold_cell(o):<18}" for o in m.thresholds))
    untested = [r.typology for r in ab.rows if r.dwelling_id is None
                and r.q4pa_surf_measured is None]
    if untested:
        lines.append(f"  typologie(s) sans essai valide à la réception, valeur du programme "
                     f"conservée : {', '.join(untested)}")
    lines += ["  L'intervalle ne couvre que l'incertitude de mesure des essais, pas celle de "
              "l'échantillonnage (logements non testés) ; la ligne OPÉRATION pondère les "
              "typologies par leur nombre de logements.", ""] + as_built_verdict(ab)
    return lines


def as_built_verdict(ab) -> list[str]:
    """French lines: the operation's targets as built, and every threshold lost."""
    lines = []
    if ab.operation is not None:
        for method, m in ab.operation.methods.items():
            for o in m.thresholds:
                lines.append(f"Objectif {o.label} ({o.threshold_id} ≤ {_f(o.limit, 0)}) — "
                             f"{qa.METHOD_LABELS_FR[method]} : conception "
                             f"{'atteint' if o.design_passed else 'non atteint'} "
                             f"({_f(o.design_value, 1)}), tel que construit "
                             f"{qa.AS_BUILT_STATUS_FR[o.as_built_status]} "
                             f"({_iv(o.as_built, 1)})")
    lost = ab.lost_thresholds
    for row, method, o in lost:
        lines.append(f"⚠ {_subject(row)} — {qa.METHOD_LABELS_FR[method]} : le Cep tel que "
                     f"construit ({_iv(o.as_built, 1)}) ne respecte plus sûrement le seuil "
                     f"{o.threshold_id} ≤ {_f(o.limit, 0)} que la conception respectait "
                     f"({_f(o.design_value, 1)}).")
    if not lost:
        lines.append("Aucun seuil respecté en conception n'est perdu avec l'étanchéité mesurée.")
    return lines


def as_built_csv(ab) -> str:
    """One row per case × method (``;``, decimal comma)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    first = next(iter(ab.rows[0].methods.values()))
    ids = [o.threshold_id for o in first.thresholds]
    w.writerow(["cas", "typologie", "logement", "nombre_logements", "base_mesure",
                "q4pa_surf_conception", "q4pa_surf_mesure", "q4pa_surf_bas", "q4pa_surf_haut",
                "methode", "surface_reference", "cep_conception", "cep_construit",
                "cep_construit_bas", "cep_construit_haut", "ecart"]
               + [f"{c}_{t}" for t in ids for c in ("seuil", "marge_conception",
                                                   "marge_construit", "conception",
                                                   "construit", "perdu")])
    for row in (*ab.rows, *(() if ab.operation is None else (ab.operation,))):
        q = row.q4pa_surf_measured
        for method, m in row.methods.items():
            cells = [row.key, row.typology or "", row.dwelling_id or "", _f(row.weight, 0),
                     row.basis, _f(row.q4pa_surf_design, 4), _f(q.value if q else None, 4),
                     _f(q.lower if q else None, 4), _f(q.upper if q else None, 4), method,
                     m.reference_area_kind, _f(m.design_cep, 2), _f(m.as_built_cep.value, 2),
                     _f(m.as_built_cep.lower, 2), _f(m.as_built_cep.upper, 2),
                     _f(m.delta_cep, 2)]
            for o in m.thresholds:
                cells += [_f(o.limit, 1), _f(o.design_margin, 2), _f(o.as_built_margin, 2),
                          "atteint" if o.design_passed else "non_atteint", o.as_built_status,
                          "oui" if o.is_lost else "non"]
            w.writerow(cells)
    return buf.getvalue()


@app.command("campagne")
@handle_errors
def campagne(
    dossier: Annotated[Path, typer.Argument(help="Dossier des fichiers d'essai (.csv, .xlsx).")],
    operation: Annotated[Path, typer.Option("--operation", help="Fichier operation.yaml de "
                                            "l'opération (ou son dossier).")],
    sortie: Annotated[Path | None, typer.Option("-o", "--sortie", help="Dossier de sortie "
                                                "(synthèse CSV, JSON, figures).")] = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", help="Programme de travaux mesuré (par défaut : programme_retenu).")] = None,
    plan: Annotated[Path | None, typer.Option(
        "--plan", help="Plan d'échantillonnage JSON (perfqual echantillonnage).")] = None,
    regles: Annotated[Path | None, typer.Option(
        "--regles", help="Table des règles de validité (YAML).")] = None,
) -> None:
    """Analyse tous les essais d'une opération : typologies, phases, objectifs, figures."""
    from perfqual.io.operation import load_operation

    rules = load_validity_rules(regles)
    op = load_operation(operation)
    scenario_id = qa.chosen_scenario(op, scenario)
    sampling_plan = _load_plan(plan)
    analyses = [qa.analyse_test(t, rules) for t in read_blower_door_folder(dossier)]
    result = qa.campaign_for_operation(analyses, op, sampling_plan,
                                       rules.policy.sampling_coefficient)
    measured = qa.measured_airtightness(result.tests, qa.operation_model_areas(op, scenario_id))
    as_built = _as_built(op, measured, scenario_id)
    text = format_campaign(result, measured, as_built)
    if sortie is not None:
        _write_campaign(sortie, result, text, None if isinstance(as_built, str) else as_built)
    echo(text)
    if result.failed_tests:
        raise typer.Exit(EXIT_TARGET_MISSED)


def _as_built(op, measured, scenario_id):
    """AsBuiltCep, or a French message when there is nothing to recalculate or no method."""
    if not measured.per_dwelling:
        return "aucun essai valide à la réception : pas de recalcul"
    try:
        return qa.as_built_cep(op, measured, scenario_id)
    except NotImplementedMethodError as exc:
        return f"non implémenté — {exc}"


def _load_plan(path: Path | None):
    if path is None:
        return None
    from perfqual.qa.sampling import plan_from_json

    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"plan d'échantillonnage illisible ({exc})", str(path)) from exc
    return plan_from_json(payload, str(path))


def _write_campaign(target: Path, result, text: str, as_built=None) -> None:
    from perfqual.report.plots_airtightness import (
        plot_as_built_cep,
        plot_campaign,
        plot_power_law_fit,
    )

    with staged_directory(target) as stage:
        write_text_atomic(stage / "synthese.txt", text + "\n")
        write_text_atomic(stage / "essais.csv", _summary_csv(result))
        payload = [analysis_to_dict(t.analysis, t.judgement) for t in result.tests]
        write_text_atomic(stage / "essais.json", json.dumps(payload, ensure_ascii=False, indent=1))
        (stage / "figures").mkdir()
        for t in result.tests:
            plot_power_law_fit(t.analysis).savefig(
                stage / "figures" / f"ajustement_{t.analysis.test.test_id}.png", dpi=100)
        judged = [t for t in result.tests if t.judgement is not None and t.is_decisive]
        if judged:
            labels = [f"{t.dwelling_id}\n{t.typology} / {t.phase}" for t in judged]
            plot_campaign([t.judgement for t in judged], labels).savefig(
                stage / "figures" / "campagne.png", dpi=100)
        if as_built is not None:
            write_text_atomic(stage / "cep_tel_que_construit.csv", as_built_csv(as_built))
            plot_as_built_cep(as_built).savefig(
                stage / "figures" / "cep_tel_que_construit.png", dpi=100)


def register(root: typer.Typer) -> None:
    """Attach the ``permeabilite`` sub-application to the root CLI."""
    root.add_typer(app, name="permeabilite")
