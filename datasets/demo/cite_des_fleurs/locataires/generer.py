"""Generate the SYNTHETIC tenant files of the demo operation « Cité des Fleurs ».

Run from the repository root: ``python datasets/demo/cite_des_fleurs/locataires/generer.py``.
Every value is invented (seeded), see SOURCE.md in this folder; nothing here is a calculation
result, and nothing here reads or imitates perfqual's engines: the forecast of the balance and of
the follow-up is computed by the engines at run time, and the "measured" records below come from
a synthetic consumption model independent of both (pre-works consumption of the tenant file,
then a measured saving drawn in a published range), so that the demo's "which method is closer
to the measured consumption" is not decided by construction.
"""

from __future__ import annotations

import calendar
import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPERATION = HERE.parent
SEED = 20261122

# Per typology: living area (operation.yaml), annexes, lined façade length (2 façades × width ×
# 2 levels, or 4 walls for the detached house), cap per m² SU, uniform rent increase, 3e ligne.
TYPO = {
    "coron": dict(sh="68", annex="6", lining_len="22,4 m", cap="5.95", rise="25.00",
                  contrib="12.00", dhw_in_charges=True),
    "jumelee": dict(sh="80", annex="8", lining_len="26 m", cap="5.80", rise="30.00",
                    contrib="15.00", dhw_in_charges=True),
    "isolee": dict(sh="110", annex="12", lining_len="62 m", cap="5.60", rise="45.00",
                   contrib="20.00", dhw_in_charges=False),
}
# INVENTED conventional reference consumption, kWh/yr of final energy, used only to draw the
# tenants' pre-works charges (and the post-works DHW of the records); these numbers were once
# written to a "prevision_synthetique.csv" (deleted): they are neither engine output nor
# measured. (scenario, label) -> {use: (carrier, kWh)}.
FORECAST = {
    "coron": {
        ("etat_initial", "thcex"): {"chauffage": ("gaz", 21800), "ecs": ("gaz", 3100)},
        ("etat_initial", "iso52016"): {"chauffage": ("gaz", 19900), "ecs": ("gaz", 3100)},
        ("variante_2", "thcex"): {"chauffage": ("gaz", 9400), "ecs": ("gaz", 2500)},
        ("variante_2", "iso52016"): {"chauffage": ("gaz", 8600), "ecs": ("gaz", 2500)},
    },
    "jumelee": {
        ("etat_initial", "thcex"): {"chauffage": ("gaz", 25600), "ecs": ("gaz", 3400)},
        ("etat_initial", "iso52016"): {"chauffage": ("gaz", 23700), "ecs": ("gaz", 3400)},
        ("variante_2", "thcex"): {"chauffage": ("gaz", 10900), "ecs": ("gaz", 2800)},
        ("variante_2", "iso52016"): {"chauffage": ("gaz", 10100), "ecs": ("gaz", 2800)},
    },
    "isolee": {
        ("etat_initial", "thcex"): {"chauffage": ("fioul", 38500), "ecs": ("electricite", 3300)},
        ("etat_initial", "iso52016"): {"chauffage": ("fioul", 35200),
                                       "ecs": ("electricite", 3300)},
        ("variante_2", "thcex"): {"chauffage": ("electricite", 6100),
                                  "ecs": ("electricite", 3300)},
        ("variante_2", "iso52016"): {"chauffage": ("electricite", 5600),
                                     "ecs": ("electricite", 3300)},
    },
}
TARIFFS = {"gaz": ("0.1050", "265.00"), "electricite": ("0.2016", "0.00"),
           "fioul": ("0.1150", "0.00")}
# Synthetic monthly degree-days (base 18 °C) of the 2027-2028 season and the reference year.
DJU = {"2027-09": 70, "2027-10": 190, "2027-11": 330, "2027-12": 410, "2028-01": 440,
       "2028-02": 370, "2028-03": 320, "2028-04": 220, "2028-05": 120, "2028-06": 40}
# Records: followed dwelling -> occupant behaviour factor after works (1 = no particular
# behaviour; four atypical households built in to show the alerts: C-003, C-005, C-006, J-002).
FOLLOWED = {"C-001": 1.0, "C-002": 1.0, "C-003": 1.45, "C-004": 1.0, "C-005": 0.55,
            "C-006": 1.12, "J-001": 1.0, "J-002": 1.38, "J-003": 1.0, "J-004": 1.0}
# Measured heating saving of a renovated social dwelling (fraction of its pre-works measured
# heating consumption): drawn uniformly in the range reported for Paris social-housing
# renovations, -18 % to -31 % by heating mode, -28 % on average (DOMAIN-NOTES E.4:
# https://etancheiteinfo.fr/reglementation/23813/28-de-consommation-energetique-dans-les-
# logements-sociaux-parisiens-renoves). Pre-works measured consumption = invented conventional
# reference x prebound factor U(0.5, 1.05) (mean -22.5 %; old dwellings consume ~23-30 % less
# than calculated, METHODS-NOTES D.2: Sunikka-Blank & Galvin 2012, Cozza et al. 2020).
SAVING_RANGE_FRAC = (0.18, 0.31)
FOLLOWUP_SEED = SEED + 1
CENT = Decimal("0.01")
OVER_CAP = ("C-021", "J-030")


def _fr(x: Decimal | float | str) -> str:
    return str(x).replace(".", ",")


def _dwellings() -> list[dict]:
    with open(OPERATION / "logements.csv", encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


PREBOUND: dict[str, float] = {}  # dwelling -> drawn pre-works actual / conventional factor


def _tenant_row(rng: random.Random, d: dict) -> list[str]:
    t = TYPO[d["typologie"]]
    f = FORECAST[d["typologie"]][("etat_initial", "thcex")]
    su_before = Decimal(t["sh"]) + Decimal(t["annex"]) / 2
    rent_before = (su_before * Decimal(t["cap"]) * Decimal(str(rng.uniform(0.82, 0.97)))
                   ).quantize(CENT, ROUND_HALF_UP)
    # The bailleur keeps the rent under the cap after interior insulation, except on the
    # dwellings of OVER_CAP where it used the area before works (built-in errors, SOURCE.md).
    lining_m = Decimal("0.113") * Decimal(t["lining_len"].split()[0].replace(",", "."))
    su_cap = su_before if d["id"] in OVER_CAP else su_before - lining_m
    cap = (su_cap * Decimal(t["cap"])).quantize(CENT, ROUND_HALF_UP)
    rent_after = min(rent_before + Decimal(t["rise"]), cap)
    uses = ("chauffage", "ecs") if t["dhw_in_charges"] else ("chauffage",)
    prebound = rng.uniform(0.5, 1.05)  # actual / conventional
    PREBOUND[d["id"]] = prebound
    kwh = sum(f[u][1] for u in uses) * prebound
    price, abo = TARIFFS[f["chauffage"][0]]
    charges = (Decimal(str(round(kwh))) * Decimal(price) + Decimal(abo)).quantize(CENT)
    kwh_known = rng.random() < 0.7
    apl = Decimal(rng.choice(["0", "0", "0", "3.50", "5.20", "7.80"]))
    duration = "240" if d["id"] == "J-012" else "180"  # J-012: built-in error (see SOURCE.md)
    return [d["id"], d["locataire"], _fr(rent_before), _fr(rent_after), t["sh"], t["annex"],
            "11,3 cm", t["lining_len"], _fr(t["cap"]), _fr(charges),
            str(round(kwh)) if kwh_known else "", "oui" if t["dhw_in_charges"] else "non",
            _fr(t["contrib"]), duration, _fr(apl)]


def write_tenants(rng: random.Random) -> None:
    header = ["logement", "locataire", "loyer_avant_eur_mois", "loyer_apres_eur_mois",
              "surface_habitable_avant_m2", "surface_annexes_avant_m2", "doublage_epaisseur",
              "doublage_longueur_murs", "loyer_plafond_eur_m2_mois",
              "charges_chauffage_avant_eur_an", "conso_chauffage_avant_kwh_an",
              "charges_incluent_ecs", "contribution_3e_ligne_eur_mois", "duree_3e_ligne_mois",
              "variation_apl_eur_mois"]
    with open(HERE / "locataires.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# Fichier des locataires de la Cité des Fleurs — DONNÉES SYNTHÉTIQUES de "
                 "démonstration (voir SOURCE.md). Identifiants pseudonymes uniquement.\n")
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(header)
        for d in _dwellings():
            if d["locataire"]:  # vacant dwellings have no tenant line
                w.writerow(_tenant_row(rng, d))


def write_tariffs() -> None:
    with open(HERE / "tarifs.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# Tarifs ILLUSTRATIFS de démonstration (TTC), voir SOURCE.md\n")
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(["energie", "prix_eur_kwh", "abonnement_eur_an", "source"])
        for carrier, (price, abo) in TARIFFS.items():
            w.writerow([carrier, _fr(price), _fr(abo), "tarif illustratif de démonstration"])


def write_followup() -> None:
    ref = sum(DJU.values())
    with open(HERE / "dju_mensuels_synthetiques.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# DJU base 18 °C SYNTHÉTIQUES de la saison 2027-2028 (total {ref}), "
                 "voir SOURCE.md\n")
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(["mois", "dju"])
        for month, dd in DJU.items():
            w.writerow([month, dd])
    months = [m for m in DJU if m not in ("2027-09", "2028-06")]  # Oct–May
    rng = random.Random(FOLLOWUP_SEED)
    with open(HERE / "releves_2027_2028.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# Relevés mensuels de gaz après travaux — DONNÉES SYNTHÉTIQUES (modèle "
                 "indépendant des moteurs de calcul), voir SOURCE.md\n")
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(["logement", "debut", "fin", "energie", "inclut_ecs", "conso_kwh"])
        for dwelling, behaviour in FOLLOWED.items():
            typo = "coron" if dwelling.startswith("C") else "jumelee"
            before = FORECAST[typo][("etat_initial", "thcex")]["chauffage"][1]
            measured_before = before * PREBOUND[dwelling]
            saving = rng.uniform(*SAVING_RANGE_FRAC)
            heating_year = measured_before * (1.0 - saving) * behaviour  # normal year
            dhw_year = FORECAST[typo][("variante_2", "thcex")]["ecs"][1]  # invented DHW
            for month in months:
                y, m = (int(x) for x in month.split("-"))
                last = calendar.monthrange(y, m)[1]
                heat = heating_year * DJU[month] / ref
                dhw = dhw_year * last / 365
                w.writerow([dwelling, f"{y}-{m:02d}-01", f"{y}-{m:02d}-{last:02d}", "gaz", "oui",
                            round(heat + dhw)])


if __name__ == "__main__":
    write_tenants(random.Random(SEED))
    write_tariffs()
    write_followup()
