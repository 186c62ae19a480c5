"""``perfqual climat``: summary of a typical year (zone or EPW file), or its export as EPW."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from perfqual.cli._french_click import count_fr
from perfqual.cli.common import decimal_comma_float, echo, handle_errors
from perfqual.climate.epw import read_epw, write_epw
from perfqual.climate.model import Climate
from perfqual.climate.stats import MONTHS_FR, heating_degree_days, monthly_statistics
from perfqual.climate.synthetic import ALTITUDE_CORRECTIONS, zone_climate
from perfqual.errors import InputError


def _fr(value: float, decimals: int = 1) -> str:
    """Number with a decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def climate_summary_fr(climate: Climate) -> str:
    """French monthly summary of a climate: T, daily range, GHI, DJU, RH, wind; assumptions."""
    s = monthly_statistics(climate)
    dju = heating_degree_days(climate, base_c=18.0)
    header = (f"{'Mois':<10} {'T moy.':>7} {'Ampl.':>6} {'GHI':>7} {'DJU 18':>7} {'HR':>4} "
              f"{'Vent':>5}")
    units = f"{'':<10} {'°C':>7} {'K':>6} {'kWh/m²':>7} {'K·j':>7} {'%':>4} {'m/s':>5}"
    lines = [
        f"Climat : {climate.name}",
        f"Site : latitude {_fr(climate.latitude_deg, 2)}°, longitude "
        f"{_fr(climate.longitude_deg, 2)}°, altitude {climate.altitude_m:.0f} m, "
        f"heure légale d'hiver UTC{climate.utc_offset_h:+.0f}",
        "",
        header,
        units,
    ]
    for m in range(12):
        lines.append(
            f"{MONTHS_FR[m]:<10} {_fr(s.temp_mean_c[m]):>7} {_fr(s.temp_daily_range_k[m]):>6} "
            f"{_fr(s.ghi_kwh_per_m2[m]):>7} {_fr(dju.monthly_k_day[m], 0):>7} "
            f"{_fr(100 * s.rel_humidity_frac[m], 0):>4} {_fr(s.wind_speed_m_per_s[m]):>5}"
        )
    rh_pct = 100.0 * float(np.mean(climate.rel_humidity_frac))
    lines.append(
        f"{'année':<10} {_fr(float(np.mean(climate.temp_air_c))):>7} "
        f"{_fr(float(np.mean(s.temp_daily_range_k))):>6} {_fr(s.ghi_kwh_per_m2.sum(), 0):>7} "
        f"{_fr(dju.annual_k_day, 0):>7} {_fr(rh_pct, 0):>4}"
        f" {_fr(float(np.mean(climate.wind_speed_m_per_s))):>5}"
    )
    lines += [
        "",
        "T moy. : moyenne des 24 heures ; Ampl. : moyenne des écarts journaliers max − min ; "
        "DJU 18 : degrés-jours de chauffage base 18 °C, méthode de la moyenne journalière.",
        "",
        f"Source : {climate.source}",
        "",
    ]
    if climate.assumptions:
        lines.append(f"Hypothèses ({len(climate.assumptions)}) — valeurs sans source citable :")
        lines += [f"  {i}. {a}" for i, a in enumerate(climate.assumptions, start=1)]
    else:
        lines.append("Hypothèses : aucune.")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``climat`` to the application."""

    @app.command("climat")
    @handle_errors
    def climat(
        zone: Annotated[str | None, typer.Argument(
            help="Zone climatique (H1a, H1b, H1c, H2a, H2b, H2c, H2d, H3) ou clé régionale "
                 "(H1a-bassin-minier : station de Lille-Lesquin).", show_default=False,
        )] = None,
        altitude: Annotated[float, typer.Option(
            "--altitude", "--altitude-m", parser=decimal_comma_float, metavar="M",
            help="Altitude du site en mètres (décale les températures selon la règle choisie).",
        )] = 0.0,
        correction: Annotated[str, typer.Option(
            "--correction-altitude",
            help="Règle de correction d'altitude : classes_dpe (−2 K par classe 3CL), "
                 "gradient_standard (−6,5 K/km) ou aucune.",
        )] = "classes_dpe",
        epw: Annotated[Path | None, typer.Option(
            "--epw", metavar="SORTIE.epw", dir_okay=False,
            help="Écrit l'année type au format EPW dans ce fichier au lieu de la résumer.",
        )] = None,
        fichier: Annotated[Path | None, typer.Option(
            "--fichier", metavar="ENTREE.epw", dir_okay=False,
            help="Résume un fichier météo EPW réel au lieu d'une zone.",
        )] = None,
    ) -> None:
        """Résume l'année climatique type d'une zone (températures, amplitude, rayonnement,
        degrés-jours, hypothèses) ou l'écrit au format EPW ; avec --fichier, résume un fichier
        EPW fourni. Code 2 si la saisie est invalide."""
        if (zone is None) == (fichier is None):
            raise InputError("indiquer soit une zone climatique (ex. « perfqual climat H1a »), "
                             "soit un fichier météo avec --fichier, pas les deux")
        if correction not in ALTITUDE_CORRECTIONS:
            raise InputError(f"--correction-altitude « {correction} » inconnue (valeurs : "
                             f"{', '.join(ALTITUDE_CORRECTIONS)})")
        if zone is not None:
            climate = zone_climate(zone, altitude, correction)
        else:
            climate = read_epw(fichier)
        if epw is not None:
            written = write_epw(climate, epw)
            echo(f"Année type écrite au format EPW : {written}")
            if climate.assumptions:
                n = len(climate.assumptions)
                echo(f"{count_fr(n, 'hypothèse')} {'recopiée' if n <= 1 else 'recopiées'} "
                     "dans la ligne COMMENTS 2 du fichier ; résumé : perfqual climat "
                     + (zone or ""))
            return
        echo(climate_summary_fr(climate))
