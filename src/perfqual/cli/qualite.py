"""``perfqual humidite`` (moisture and mould risk), ``perfqual ponts-thermiques`` (thermal-bridge
inventory and its share in both calculation methods) and ``perfqual qualite`` (works QA record).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

import typer

from perfqual.cli._french_click import count_fr
from perfqual.cli.common import (
    EXIT_OK,
    EXIT_TARGET_MISSED,
    decimal_comma_float,
    echo,
    handle_errors,
)
from perfqual.errors import InputError
from perfqual.io.output import staged_directory, write_text_atomic
from perfqual.qa import moisture as mo

GLASER_LIMITS_FR = (
    "Limites de la méthode de Glaser (EN ISO 13788) : diffusion de vapeur seule, en régime "
    "permanent mensuel — ni transport liquide (capillarité), ni pluie battante, ni humidité de "
    "construction ou remontées capillaires, ni fuites d'air, ni stockage hygroscopique. Une "
    "simulation dynamique EN 15026 est nécessaire quand une raison est listée (voir "
    "methods/humidite.md)."
)


def _fr(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _monthly_climate(operation, climat: str | None) -> mo.MonthlyClimate:
    """Monthly exterior conditions: a CSV file, a climate key, or the operation's climate."""
    if climat is not None and Path(climat).suffix.lower() in (".csv", ".xlsx"):
        return mo.read_monthly_climate_csv(climat)
    try:
        from perfqual.climate.synthetic import climate_for_operation, zone_climate
    except ImportError:  # pragma: no cover - climate package without the synthetic year
        key = climat or ("H1a-bassin-minier" if operation.identity.departement in ("59", "62")
                         else operation.identity.climate_zone)
        return mo.MonthlyClimate.from_table(key)
    if climat is not None:
        return mo.MonthlyClimate.from_climate(zone_climate(climat,
                                                           operation.identity.altitude_m))
    return mo.MonthlyClimate.from_climate(climate_for_operation(operation))


def _hourly_climate(operation, climat: str | None):
    """Hourly climate of the engines: the climate key when given, else the operation's."""
    from perfqual.climate.synthetic import climate_for_operation, zone_climate

    if climat is not None and Path(climat).suffix.lower() not in (".csv", ".xlsx"):
        return zone_climate(climat, operation.identity.altitude_m), ""
    note = "" if climat is None else (
        "ponts thermiques dans les méthodes : climat horaire de l'opération (un fichier de "
        "12 mois ne suffit pas aux moteurs horaires)")
    return climate_for_operation(operation), note


def _pct(frac: float) -> str:
    return _fr(100.0 * frac) + " %"


def bridge_share_line(share) -> str:
    """French line: ΔQ_H and shares of the need and of the losses, per method."""
    from perfqual.qa.thermal_bridges import METHOD_LABELS_FR

    parts = [f"{METHOD_LABELS_FR[k]} ΔQ_H = {_fr(m.delta_heating_need_kwh, 0)} kWh/an "
             f"({_pct(m.heating_need_share_frac)} du besoin de chauffage ; "
             f"{_pct(m.losses_share_frac)} des déperditions)" for k, m in share.methods.items()]
    return "  ponts thermiques dans les méthodes (calcul avec puis sans ponts, ψ = 0) : " + \
        " ; ".join(parts)


def bridge_share_rows(shares) -> list[list[object]]:
    """CSV rows (header first) of the thermal-bridge shares, decimal points."""
    methods = list(shares[0].methods) if shares else []
    head = ["typologie", "scenario", "nombre_ponts", "h_tb_w_k", "part_h_regime_permanent"]
    for m in methods:
        head += [f"{m}_besoin_chauffage_kwh", f"{m}_besoin_sans_ponts_kwh",
                 f"{m}_delta_besoin_kwh", f"{m}_part_besoin", f"{m}_deperditions_kwh",
                 f"{m}_delta_deperditions_kwh", f"{m}_part_deperditions"]
    rows = [head]
    for s in shares:
        row = [s.typology, s.scenario, s.n_bridges, f"{s.h_tb_w_per_k:.2f}",
               f"{s.steady_share_frac:.4f}"]
        for m in methods:
            r = s.methods[m]
            row += [f"{r.heating_need_kwh:.1f}", f"{r.heating_need_without_kwh:.1f}",
                    f"{r.delta_heating_need_kwh:.1f}", f"{r.heating_need_share_frac:.4f}",
                    f"{r.losses_kwh:.1f}", f"{r.delta_losses_kwh:.1f}",
                    f"{r.losses_share_frac:.4f}"]
        rows.append(row)
    return rows


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _settings_lines(settings: mo.MoistureSettings, climate: mo.MonthlyClimate) -> list[str]:
    limit = settings.max_condensate_g_per_m2
    return [
        f"Climat extérieur (moyennes mensuelles) : {climate.source}",
        f"Intérieur : {_fr(settings.temp_int_c)} °C, classe d'humidité {settings.humidity_class} "
        f"(EN ISO 13788 annexe A, tableau « {settings.delta_p_table} », coefficient "
        f"{_fr(settings.delta_p_safety_factor, 2)}) ; φsi,cr = {_fr(settings.phi_si_critical, 2)}",
        "Quantité maximale admise de condensat : "
        + (f"{_fr(limit, 0)} g/m² (hypothèse modifiable)" if limit else "aucune"),
    ]


def _building_lines(res: mo.BuildingMoistureResult, inv: mo.ThermalBridgeInventory,
                    share=None) -> list[str]:
    lines = ["", f"== {res.label} — f_Rsi,min = {_fr(res.f_rsi_min, 3)} "
             f"({mo.MONTHS_FR[res.critical_month]})"]
    for a in res.assemblies:
        if a.verdict == "non_evalue":
            lines.append(f"  {a.element} : non évalué — {a.reason_fr}")
            continue
        f_txt = "" if a.f_rsi is None else (
            f" ; f_Rsi {_fr(a.f_rsi, 3)} " + ("conforme" if a.f_rsi_passed else
                                              "< f_Rsi,min : RISQUE DE MOISISSURES"))
        lines.append(f"  {a.element} : {a.reason_fr} (max {_fr(a.peak_g_per_m2, 0)} g/m², reste "
                     f"{_fr(a.remaining_g_per_m2, 0)} g/m²){f_txt}")
        lines += [f"      simulation EN 15026 recommandée : {r}" for r in a.simulation_reasons_fr]
    for j in res.junctions:
        state = {"conforme": "conforme", "risque_moisissure": "RISQUE DE MOISISSURES",
                 "f_rsi_inconnu": "f_Rsi inconnu : à calculer (EN ISO 10211)"}[j.verdict]
        f_txt = "" if j.f_rsi is None else f"f_Rsi {_fr(j.f_rsi, 3)}, "
        lines.append(f"  jonction {j.name} (ψ {_fr(j.psi_w_per_mk, 2)} W/(m·K) × "
                     f"{_fr(j.length_m)} m) : {f_txt}{state}")
    lines.append(f"  ponts thermiques : H_tb = {_fr(inv.h_tb_w_per_k)} W/K, soit "
                 f"{_fr(100 * inv.share_frac)} % de H_tr + H_ve (régime permanent, hors "
                 f"infiltrations ; H = {_fr(inv.h_total_w_per_k)} W/K)")
    if share is not None:
        lines.append(bridge_share_line(share))
    return lines


def _csv_text(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    return buf.getvalue()


def _write_outputs(target: Path, results, text: str, shares=()) -> None:
    from perfqual.report.plots_moisture import plot_glaser_profile, plot_monthly_condensate

    rows = [["typologie", "scenario", "paroi", "verdict", "condensat_max_g_m2", "reste_g_m2",
             "f_rsi", "f_rsi_min", "simulation_en15026"]]
    with staged_directory(target) as stage:
        for res in results:
            for a in res.assemblies:
                rows.append([res.typology, res.scenario, a.element, a.verdict,
                             f"{a.peak_g_per_m2:.1f}", f"{a.remaining_g_per_m2:.1f}",
                             "" if a.f_rsi is None else f"{a.f_rsi:.3f}", f"{res.f_rsi_min:.3f}",
                             " | ".join(a.simulation_reasons_fr)])
                if a.glaser is not None:
                    stem = _slug(f"{res.label} {a.element}")
                    plot_glaser_profile(a).savefig(stage / f"profil_{stem}.png", dpi=90)
                    plot_monthly_condensate(a).savefig(stage / f"condensat_{stem}.png", dpi=90)
        write_text_atomic(stage / "humidite.csv", _csv_text(rows))
        write_text_atomic(stage / "humidite.txt", text + "\n")
        if shares:
            write_text_atomic(stage / "ponts_thermiques.csv",
                              _csv_text(bridge_share_rows(shares)))


def register(app: typer.Typer) -> None:
    """Add ``humidite``, ``ponts-thermiques`` and ``qualite`` to the application."""

    @app.command("humidite")
    @handle_errors
    def humidite(
        operation: Annotated[Path, typer.Argument(help="Fichier operation.yaml (ou son dossier).")],
        classe: Annotated[int, typer.Option(
            "--classe", min=1, max=5,
            help="Classe d'humidité intérieure EN ISO 13788 (2 occupation normale, 3 inconnue, "
                 "4 sur-occupation).")] = 3,
        table_dp: Annotated[str, typer.Option(
            "--table-dp", help="Transcription du tableau Δp : iso13788_2001 ou phi_2012.")
        ] = "iso13788_2001",
        coef_dp: Annotated[float, typer.Option(
            "--coef-dp", parser=decimal_comma_float,
            help="Coefficient sur Δp (1,10 rappelé de la norme).")] = 1.0,
        limite: Annotated[float, typer.Option(
            "--limite-condensat-g-m2", parser=decimal_comma_float,
            help="Quantité maximale admise de condensat [g/m²] ; "
                                            "0 = aucune limite.")] = 200.0,
        scenario: Annotated[list[str] | None, typer.Option(
            "--scenario", help="Scénario(s) à évaluer (par défaut : tous).")] = None,
        climat: Annotated[str | None, typer.Option(
            "--climat", help="Clé climatique (H1a, H1a-bassin-minier…) ou fichier CSV de 12 mois "
                             "(mois ; temperature ; humidite_relative). Par défaut : climat de "
                             "l'opération.")] = None,
        sortie: Annotated[Path | None, typer.Option(
            "--sortie", help="Dossier où écrire humidite.csv, humidite.txt et les profils PNG.")
        ] = None,
    ) -> None:
        """Risque de condensation dans les parois (Glaser) et de moisissures (f_Rsi)."""
        from perfqual.io.operation import load_operation

        if table_dp not in mo.hg.HUMIDITY_CLASS_DELTA_P_PA:
            raise InputError(f"« {table_dp} » inconnu (iso13788_2001 ou phi_2012)", "--table-dp")
        settings = mo.MoistureSettings(
            humidity_class=classe, delta_p_table=table_dp, delta_p_safety_factor=coef_dp,
            max_condensate_g_per_m2=limite if limite > 0 else None)
        from perfqual.qa.thermal_bridges import operation_thermal_bridge_shares

        op = load_operation(operation)
        climate = _monthly_climate(op, climat)
        results = mo.assess_operation(op, climate, settings, tuple(scenario or ()) or None)
        hourly, note = _hourly_climate(op, climat)
        shares = operation_thermal_bridge_shares(op, tuple(scenario or ()) or None, hourly)
        text = _humidite_text(op, results, settings, climate, shares, note)
        echo(text)
        if sortie is not None:
            _write_outputs(sortie, results, text, shares)
        raise typer.Exit(EXIT_TARGET_MISSED if any(r.failed for r in results) else EXIT_OK)

    @app.command("ponts-thermiques")
    @handle_errors
    def ponts_thermiques(
        operation: Annotated[Path, typer.Argument(help="Fichier operation.yaml (ou son dossier).")],
        scenario: Annotated[list[str] | None, typer.Option(
            "--scenario", help="Scénario(s) à évaluer (par défaut : tous).")] = None,
        climat: Annotated[str | None, typer.Option(
            "--climat", help="Clé climatique (H1a, H1a-bassin-minier…). Par défaut : climat de "
                             "l'opération.")] = None,
        sortie: Annotated[Path | None, typer.Option(
            "--sortie", help="Dossier où écrire ponts_thermiques.csv et ponts_thermiques.txt.")
        ] = None,
    ) -> None:
        """Inventaire des ponts thermiques et leur part des déperditions dans les deux méthodes."""
        from perfqual.io.operation import load_operation
        from perfqual.qa.thermal_bridges import operation_thermal_bridge_shares

        op = load_operation(operation)
        if climat is not None and Path(climat).suffix.lower() in (".csv", ".xlsx"):
            raise InputError("une clé climatique est attendue (les moteurs sont horaires)",
                             "--climat")
        hourly, _ = _hourly_climate(op, climat)
        shares = operation_thermal_bridge_shares(op, tuple(scenario or ()) or None, hourly)
        text = thermal_bridges_text(op, shares, hourly)
        echo(text)
        if sortie is not None:
            with staged_directory(sortie) as stage:
                write_text_atomic(stage / "ponts_thermiques.txt", text + "\n")
                write_text_atomic(stage / "ponts_thermiques.csv",
                                  _csv_text(bridge_share_rows(shares)))
        raise typer.Exit(EXIT_OK)

    @app.command("qualite")
    @handle_errors
    def qualite(
        operation: Annotated[Path, typer.Argument(help="Fichier operation.yaml (ou son dossier).")],
        registre: Annotated[Path | None, typer.Option(
            "--registre", help="Registre qualité (par défaut : qualite/registre.yaml à côté de "
                               "l'opération).")] = None,
        sortie: Annotated[Path | None, typer.Option(
            "--sortie", help="Fichier texte où écrire le bilan.")] = None,
    ) -> None:
        """Registre qualité de la phase travaux : ce qui manque, défauts ouverts, réfaction."""
        from perfqual.io.operation import load_operation, operation_folder
        from perfqual.io.qa_record import load_qa_record
        from perfqual.qa.works_record import works_record_status

        op = load_operation(operation)
        path = registre or operation_folder(operation) / "qualite" / "registre.yaml"
        status = works_record_status(load_qa_record(path), tuple(d.id for d in op.dwellings))
        text = works_record_text(status, path)
        echo(text)
        if sortie is not None:
            write_text_atomic(sortie, text + "\n")
        raise typer.Exit(EXIT_OK if status.is_complete else EXIT_TARGET_MISSED)


def _humidite_text(op, results, settings, climate, shares=(), note: str = "") -> str:
    from perfqual.models.resolve import resolve_building

    lines = [f"Humidité et moisissures — {op.identity.name}", *_settings_lines(settings, climate)]
    if note:
        lines.append(note)
    by_case = {(s.typology, s.scenario): s for s in shares}
    for res in results:
        inv = mo.thermal_bridge_inventory(resolve_building(op, res.typology, res.scenario))
        lines += _building_lines(res, inv, by_case.get((res.typology, res.scenario)))
    n_fail = sum(r.failed for r in results)
    lines += ["", f"Bilan : {n_fail} cas typologie × scénario sur {len(results)} avec un risque "
              "(accumulation, quantité au-delà de la limite ou f_Rsi insuffisant).", "",
              GLASER_LIMITS_FR]
    return "\n".join(lines)


def thermal_bridges_text(op, shares, climate) -> str:
    """French report: inventory per typology × scenario and its share in both methods."""
    from perfqual.models.resolve import resolve_building
    from perfqual.qa.thermal_bridges import METHOD_LABELS_FR

    methods = list(shares[0].methods) if shares else []
    lines = [f"Ponts thermiques — {op.identity.name}",
             f"Climat horaire des moteurs : {climate.name}",
             "Part due aux ponts thermiques : chaque méthode calcule le cas avec ses ponts puis "
             "avec ψ = 0 (même lot) ; ΔQ_H = différence des besoins de chauffage, ΔL = différence "
             "des déperditions (transmission + renouvellement d'air) du bilan annuel "
             "(methods/ponts_thermiques.md). Part H : H_tb / (H_tr + H_ve) en régime permanent, "
             "infiltrations exclues.", "",
             " " * 49 + "".join(f"  {METHOD_LABELS_FR[m]:^28}" for m in methods),
             f"{'typologie':<10}{'scénario':<14}{'ponts':>6}{'H_tb W/K':>10}{'part H':>9}"
             + "".join(f"  {'ΔQ_H kWh/an':>12}{'% Q_H':>8}{'% L':>8}" for m in methods)]
    for s in shares:
        line = (f"{s.typology:<10}{s.scenario:<14}{s.n_bridges:>6}{_fr(s.h_tb_w_per_k):>10}"
                f"{_pct(s.steady_share_frac):>9}")
        for m in methods:
            r = s.methods[m]
            line += (f"  {_fr(r.delta_heating_need_kwh, 0):>12}"
                     f"{_pct(r.heating_need_share_frac):>8}{_pct(r.losses_share_frac):>8}")
        lines.append(line)
    lines += ["", "Inventaire (ψ × L × b) :"]
    for s in shares:
        inv = mo.thermal_bridge_inventory(resolve_building(op, s.typology, s.scenario))
        lines.append(f"  {s.label} :")
        lines += [f"    - {r.name} : ψ {_fr(r.psi_w_per_mk, 2)} W/(m·K) × {_fr(r.length_m)} m"
                  f" × b {_fr(r.b_factor, 2)} = {_fr(r.h_w_per_k)} W/K" for r in inv.rows]
        if not inv.rows:
            lines.append("    aucun pont thermique saisi")
    return "\n".join(lines)


def _rule_fr(source: str) -> str:
    """``Règle : <source>``, without repeating the word when the source starts with it."""
    return source if source.lower().startswith("règle") else f"Règle : {source}"


def works_record_text(status, path: Path | str) -> str:
    """French summary of a works-phase QA record status."""
    from perfqual.qa.works_record import CATEGORY_FR

    rec = status.record
    lines = [f"Registre qualité — {rec.operation} — phase {rec.phase}, état au "
             f"{rec.reference_date.isoformat()} ({path})"]
    if rec.synthetic:
        lines.append("DONNÉES SYNTHÉTIQUES (démonstration)")
    lines.append(f"Autocontrôles {len(rec.self_checks)} · FIT {len(rec.training_sessions)} · "
                 f"mémoire technique {len(rec.memo)} · constats de thermographie "
                 f"{len(rec.thermography)} · points d'arrêt {len(rec.hold_points)} · visites "
                 f"{len(rec.site_visits)}")
    lines += ["", f"Ce que la phase doit encore ({len(status.missing)}) :"]
    cat: Literal[""] | str = ""
    for m in status.missing:
        if m.category != cat:
            cat = m.category
            lines.append(f"  {CATEGORY_FR[cat]}")
        lines.append(f"    - {m.item} : {m.detail_fr}")
    if not status.missing:
        lines.append("  rien")
    lines += ["", f"Défauts ouverts ({len(status.open_defects)}) :"]
    for d in status.open_defects:
        late = " — ÉCHU" if d.is_overdue else ""
        where = f" [{d.dwelling}]" if d.dwelling else ""
        lines.append(f"    - {d.id}{where} {d.severity} : {d.description_fr}{late}")
    e = status.exposure
    lines.append("")
    if e is None:
        lines.append("Réfaction de subvention : pas de règle dans le registre.")
    else:
        from perfqual.report.format import format_eur

        cap = "" if e.cap_eur is None else f" (plafond {format_eur(e.cap_eur)})"
        lines.append("Exposition à une réfaction de subvention : "
                     f"{format_eur(e.exposure_eur)} "
                     f"soit {_fr(float(e.exposure_pct), 2)} % de {format_eur(e.subsidy_eur)}"
                     f"{cap}, {count_fr(e.n_defects, 'défaut')} "
                     f"{'compté' if e.n_defects <= 1 else 'comptés'}. {_rule_fr(e.source)}")
    return "\n".join(lines)
