"""Lessons learned across operations: roll-ups by operation → EPCI → whole programme.

Every function takes the tables of the store (:func:`perfqual.store.db.read_tables`, a mapping
table name -> DataFrame) and returns a long DataFrame with the columns ``level``
(``operation`` / ``epci`` / ``programme``), ``group`` (the operation id, the EPCI name, or
:data:`PROGRAMME_LABEL`) and the breakdown keys, then the statistics. Definitions are in
``methods/rex.md``; the main ones:

* across operations, typologies are compared by their **form** (``coron_en_bande``,
  ``petit_collectif``…: typology ids are local to an operation) and work programmes by their
  **wall technique** (``ITE``, ``ITI``, ``ITE+ITI``, ``sans_isolation_murs``, ``etat_initial``;
  scenario ids are local too);
* gap between the methods: as stored by the comparison (term ``total`` and its
  decomposition terms), one value per operation × typology × scenario;
* forecast vs measured, per method m: relative error e_m = (F_m − M) / M with F_m the
  forecast heating final energy and M the measured, degree-day-normalised one (kWh/yr, same
  dwelling and season); the method "closer to the measured" for a dwelling-season is the one
  with the smaller |F_m − M| (ties counted apart); per group: median |e_m|, mean e_m (bias),
  spread (standard deviation and quartiles of e_m), share of dwelling-seasons where each
  method is closer.

Statistics: ``std`` is the sample standard deviation (ddof = 1; NaN below two values);
quartiles by linear interpolation (numpy default, Hyndman & Fan type 7).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

LEVELS: tuple[str, ...] = ("operation", "epci", "programme")
PROGRAMME_LABEL = "ERBM (toutes opérations)"
NO_EPCI = "EPCI non renseigné"
NOT_GIVEN = "non_renseignee"
METHODS: tuple[str, ...] = ("iso52016", "thcex")
JUDGED_PHASES_EXCLUDED = ("avant_travaux",)


# --------------------------------------------------------------------------- plumbing
def _context(frames: Mapping[str, pd.DataFrame], df: pd.DataFrame) -> pd.DataFrame:
    """Add ``epci``, ``form`` (typology form) and ``programme`` (wall technique) to ``df``."""
    ops = frames["operations"][["op_id", "epci"]].copy()
    ops["epci"] = ops["epci"].fillna(NO_EPCI)
    out = df.merge(ops, on="op_id", how="left")
    if "typology" in out.columns:
        typ = frames["typologies"][["op_id", "typology", "form"]]
        out = out.merge(typ, on=["op_id", "typology"], how="left")
        out["form"] = out["form"].fillna(NOT_GIVEN)
    if "scenario" in out.columns:
        sc = frames["scenarios"][["op_id", "scenario", "wall_technique"]]
        out = out.merge(sc, on=["op_id", "scenario"], how="left")
        out["programme"] = out["wall_technique"].fillna(NOT_GIVEN)
        out = out.drop(columns="wall_technique")
    return out


def rollup(df: pd.DataFrame, keys: Sequence[str],
           stats: Callable[[pd.DataFrame], dict]) -> pd.DataFrame:
    """Apply ``stats`` to every group at the three levels.

    Parameters
    ----------
    df : DataFrame
        Rows with ``op_id`` and ``epci`` columns and the breakdown ``keys``.
    keys : sequence of str
        Breakdown columns inside each level (may be empty).
    stats : callable
        DataFrame of one group -> dict of statistics.
    """
    level_column = {"operation": "op_id", "epci": "epci", "programme": None}
    rows = []
    for level in LEVELS:
        col = level_column[level]
        work = df.assign(_group=PROGRAMME_LABEL if col is None else df[col])
        by = ["_group", *keys]
        if work.empty:
            continue
        for values, group in work.groupby(by, sort=True, dropna=False):
            values = values if isinstance(values, tuple) else (values,)
            row = {"level": level, "group": values[0]}
            row.update(dict(zip(keys, values[1:], strict=True)))
            row.update(stats(group))
            rows.append(row)
    columns = ["level", "group", *keys]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)


def describe(values: pd.Series | np.ndarray) -> dict[str, float]:
    """n, mean, standard deviation (ddof = 1), min, quartiles, median, max of finite values.

    Examples
    --------
    >>> d = describe(np.array([1.0, 2.0, 3.0, 4.0]))
    >>> d["n"], d["mean"], d["median"], d["q1"], d["q3"]
    (4, 2.5, 2.5, 1.75, 3.25)
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        nan = float("nan")
        return {"n": 0, "mean": nan, "std": nan, "min": nan, "q1": nan, "median": nan,
                "q3": nan, "max": nan}
    return {
        "n": int(x.size),
        "mean": float(x.mean()),
        "std": float(x.std(ddof=1)) if x.size > 1 else float("nan"),
        "min": float(x.min()),
        "q1": float(np.percentile(x, 25)),
        "median": float(np.median(x)),
        "q3": float(np.percentile(x, 75)),
        "max": float(x.max()),
    }


# --------------------------------------------------------------------------- method gap
def method_gap_distribution(frames: Mapping[str, pd.DataFrame],
                            by: Sequence[str] = ("form", "programme")) -> pd.DataFrame:
    """Distribution of the gap between the methods (term ``total``). [kWh_ep/(m²·an)]"""
    gaps = frames["method_gaps"]
    df = _context(frames, gaps[gaps["term"] == "total"])
    return rollup(df, list(by), lambda g: describe(g["gap_kwh_per_m2_year"]))


def method_gap_decomposition(frames: Mapping[str, pd.DataFrame],
                             by: Sequence[str] = ("form", "programme")) -> pd.DataFrame:
    """Mean and spread of each decomposition term of the gap (``total`` included)."""
    df = _context(frames, frames["method_gaps"])
    return rollup(df, [*by, "term"], lambda g: describe(g["gap_kwh_per_m2_year"]))


def threshold_disagreement(frames: Mapping[str, pd.DataFrame],
                           by: Sequence[str] = ("threshold_id",)) -> pd.DataFrame:
    """How often the two methods disagree on a threshold (one passes, the other fails).

    Pairs are the (operation, typology, scenario, threshold) checked by both methods.
    """
    checks = frames["threshold_checks"]
    wide = checks.pivot_table(index=["op_id", "typology", "scenario", "threshold_id"],
                              columns="method", values="passed", aggfunc="first")
    wide = wide.dropna(subset=[m for m in METHODS if m in wide.columns])
    if not set(METHODS) <= set(wide.columns) or wide.empty:
        cols = ["level", "group", *by, "n_pairs", "n_disagree", "disagree_frac"]
        return pd.DataFrame(columns=cols)
    wide = wide.reset_index()
    wide["disagree"] = wide["iso52016"].astype(bool) != wide["thcex"].astype(bool)
    df = _context(frames, wide)

    def stats(g: pd.DataFrame) -> dict:
        n, k = len(g), int(g["disagree"].sum())
        return {"n_pairs": n, "n_disagree": k, "disagree_frac": k / n}

    return rollup(df, list(by), stats)


# --------------------------------------------------------------------------- airtightness
def airtightness_vs_target(frames: Mapping[str, pd.DataFrame],
                           by: Sequence[str] = ("technique", "phase")) -> pd.DataFrame:
    """Decisive tests judged against their target, by wall technique and phase.

    ``conforme_frac`` = conforming tests / judged decisive tests (invalid and inconclusive
    ones count in the denominator: they did not show the target was met); ``ratio_*`` =
    measured indicator / target (Q4Pa-surf or n50, whichever the target uses).
    """
    t = frames["airtightness_tests"]
    t = t[t["is_decisive"].astype(bool) & t["target_value"].notna()
          & ~t["phase"].isin(JUDGED_PHASES_EXCLUDED)].copy()
    t["technique"] = t["technique"].fillna(NOT_GIVEN)
    measured = np.where(t["target_indicator"] == "n50", t["n50_per_h"],
                        t["q4pa_surf_m3_per_h_m2"])
    t["ratio"] = measured.astype(float) / t["target_value"].astype(float)
    t.loc[~t["is_valid"].astype(bool), "ratio"] = np.nan
    df = _context(frames, t)

    def stats(g: pd.DataFrame) -> dict:
        counts = g["status"].value_counts()
        n = len(g)
        ratio = describe(g["ratio"])
        return {
            "n_tests": n,
            "n_conforme": int(counts.get("conforme", 0)),
            "n_non_conforme": int(counts.get("non_conforme", 0)),
            "n_indetermine": int(counts.get("indetermine", 0)),
            "n_non_valide": int(counts.get("essai_non_valide", 0)),
            "conforme_frac": counts.get("conforme", 0) / n,
            "ratio_median": ratio["median"],
            "ratio_max": ratio["max"],
        }

    return rollup(df, list(by), stats)


# --------------------------------------------------------------------------- ventilation
def ventilation_conformity(frames: Mapping[str, pd.DataFrame],
                           by: Sequence[str] = ("form",)) -> pd.DataFrame:
    """Conformity of the controlled dwellings.

    ``conforme_frac`` = conforming / controlled; ``judged_conforme_frac`` = conforming /
    (conforming + non conforming), leaving out the "non mesurable" dwellings.
    """
    df = _context(frames, frames["ventilation_dwellings"])

    def stats(g: pd.DataFrame) -> dict:
        c = g["verdict"].value_counts()
        n, ok, ko = len(g), int(c.get("conforme", 0)), int(c.get("non_conforme", 0))
        return {"n_dwellings": n, "n_conforme": ok, "n_non_conforme": ko,
                "n_non_mesurable": int(c.get("non_mesurable", 0)),
                "conforme_frac": ok / n,
                "judged_conforme_frac": ok / (ok + ko) if ok + ko else float("nan")}

    return rollup(df, list(by), stats)


# --------------------------------------------------------------------------- forecast vs measured
def forecast_errors(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per dwelling × season × method with e = (F − M)/M; M ≤ 0 rows are dropped."""
    f = frames["consumption_followup"]
    f = f[f["normalised_heating_kwh"] > 0].copy()
    f["error_frac"] = (f["forecast_heating_kwh"] - f["normalised_heating_kwh"]) / (
        f["normalised_heating_kwh"])
    f["abs_error_frac"] = f["error_frac"].abs()
    return f


def forecast_vs_measured(frames: Mapping[str, pd.DataFrame],
                         by: Sequence[str] = ("form", "programme")) -> pd.DataFrame:
    """Per method: bias, median absolute error and spread of the forecast against the measured."""
    df = _context(frames, forecast_errors(frames))

    def stats(g: pd.DataFrame) -> dict:
        e = describe(g["error_frac"])
        return {"n": e["n"], "bias_mean_frac": e["mean"], "std_frac": e["std"],
                "q1_frac": e["q1"], "median_frac": e["median"], "q3_frac": e["q3"],
                "median_abs_frac": describe(g["abs_error_frac"])["median"],
                "mean_abs_frac": describe(g["abs_error_frac"])["mean"]}

    return rollup(df, [*by, "method"], stats)


def closer_method(frames: Mapping[str, pd.DataFrame],
                  by: Sequence[str] = ("form", "programme")) -> pd.DataFrame:
    """Which method's forecast is closer to the measured, dwelling-season by dwelling-season.

    Returns per group: number of dwelling-seasons with both forecasts, how many each method
    wins (smaller |F − M|), ties, the shares, the median |e| of each method and ``closer`` =
    the method with the smaller median |e| (``egalite`` when equal, NaN when no pair).
    """
    f = forecast_errors(frames)
    key = ["op_id", "dwelling_id", "typology", "scenario", "season"]
    wide = f.pivot_table(index=key, columns="method", values="abs_error_frac", aggfunc="first")
    if not set(METHODS) <= set(wide.columns):
        return pd.DataFrame(columns=["level", "group", *by, "n_pairs"])
    wide = wide.dropna(subset=list(METHODS)).reset_index()
    df = _context(frames, wide)

    def stats(g: pd.DataFrame) -> dict:
        iso, th = g["iso52016"].to_numpy(float), g["thcex"].to_numpy(float)
        n = len(g)
        n_iso, n_th = int((iso < th).sum()), int((th < iso).sum())
        med_iso, med_th = float(np.median(iso)), float(np.median(th))
        closer = ("iso52016" if med_iso < med_th else "thcex" if med_th < med_iso
                  else "egalite")
        return {"n_pairs": n, "n_iso52016_closer": n_iso, "n_thcex_closer": n_th,
                "n_ties": n - n_iso - n_th, "iso52016_closer_frac": n_iso / n,
                "thcex_closer_frac": n_th / n, "median_abs_iso52016_frac": med_iso,
                "median_abs_thcex_frac": med_th, "closer": closer}

    return rollup(df, list(by), stats)


# --------------------------------------------------------------------------- tenants
def tenant_gains(frames: Mapping[str, pd.DataFrame],
                 by: Sequence[str] = ("method", "form", "programme")) -> pd.DataFrame:
    """Net monthly gain of the tenants: distribution and share losing purchasing power. [€/mois]"""
    g0 = frames["tenant_gains"].copy()
    g0["net_gain"] = g0["net_gain_eur_per_month"].astype(float)
    df = _context(frames, g0)

    def stats(g: pd.DataFrame) -> dict:
        d = describe(g["net_gain"])
        return {"n_tenants": d["n"], "mean_eur": d["mean"], "median_eur": d["median"],
                "min_eur": d["min"], "max_eur": d["max"],
                "losing_frac": float((g["net_gain"] < 0).mean()) if len(g) else float("nan")}

    return rollup(df, list(by), stats)


#: name -> (French title, function), in the order of the syntheses.
AGGREGATES: dict[str, tuple[str, Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]]] = {
    "ecart_methodes": ("Écart entre les méthodes (défini par perfqual.comparison)",
                       method_gap_distribution),
    "decomposition_ecart": ("Décomposition de l'écart entre les méthodes",
                            method_gap_decomposition),
    "desaccord_seuils": ("Désaccord des méthodes sur les seuils", threshold_disagreement),
    "etancheite": ("Étanchéité à l'air atteinte / objectif", airtightness_vs_target),
    "ventilation": ("Conformité des ventilations", ventilation_conformity),
    "prevision_mesure": ("Prévision / consommation mesurée normalisée (DJU)",
                         forecast_vs_measured),
    "methode_la_plus_proche": ("Méthode la plus proche de la mesure", closer_method),
    "gains_locataires": ("Gains des locataires (gain net mensuel)", tenant_gains),
}


def all_aggregates(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every aggregate of :data:`AGGREGATES`."""
    return {name: func(frames) for name, (_, func) in AGGREGATES.items()}
