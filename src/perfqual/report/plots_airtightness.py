"""Figures of blower-door tests: log-log fit with its confidence band, campaign against targets.

Functions return a matplotlib :class:`~matplotlib.figure.Figure` built without pyplot (so no
window and no global figure registry; ``fig.savefig`` renders with Agg); labels are in French.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from perfqual.models.blower_door import (
    DIRECTION_LABELS_FR,
    BlowerDoorAnalysis,
    Judgement,
)

_COLOURS = {"depressurisation": "tab:blue", "pressurisation": "tab:red"}
_STATUS_COLOURS = {"conforme": "tab:green", "non_conforme": "tab:red",
                   "indetermine": "tab:orange", "essai_non_valide": "tab:gray"}
STATUS_LABELS_FR = {"conforme": "conforme", "non_conforme": "non conforme",
                    "indetermine": "indéterminé", "essai_non_valide": "essai non valide"}


def _new_axes(ax, figsize):
    if ax is None:
        fig = Figure(figsize=figsize)
        return fig, fig.add_subplot(1, 1, 1)
    return ax.figure, ax


def plot_power_law_fit(analysis: BlowerDoorAnalysis, ax=None) -> Figure:
    """Log-log plot of the stations, the fitted power law and its 95 % confidence band.

    The band is the interval of the mean flow at each pressure (ISO 9972:2015 Annex C style,
    :meth:`perfqual.core.airtightness.PowerLawFit.airflow_interval_at`), drawn at test
    conditions from 3 Pa to beyond the highest station, so that the extrapolation to 4 Pa is
    visible.
    """
    fig, ax = _new_axes(ax, (6.4, 4.8))
    for name, d in analysis.directions.items():
        colour = _COLOURS[name]
        fit = d.fit_env
        dp_grid = np.geomspace(3.0, max(d.dp_pa) * 1.3, 120)
        lo, hi = fit.airflow_interval_at(dp_grid)
        label = DIRECTION_LABELS_FR[name]
        ax.fill_between(dp_grid, lo, hi, color=colour, alpha=0.2, lw=0,
                        label=f"{label} : intervalle à 95 %")
        ax.plot(dp_grid, fit.airflow_at(dp_grid), color=colour,
                label=f"{label} : q = {fit.c_m3_per_h_pa_n:.2f}·Δp^{fit.n:.3f} "
                      f"(r² = {fit.r_squared:.4f})")
        ax.plot(d.dp_pa, d.q_env_m3_per_h, "o", color=colour, ms=4, mfc="white")
    for dp_ref in (4.0, 50.0):
        ax.axvline(dp_ref, color="0.5", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Écart de pression induit Δp [Pa]")
    ax.set_ylabel("Débit de fuite q_env [m³/h] (conditions d'essai)")
    status = "valide" if analysis.is_valid else "NON VALIDE"
    who = analysis.test.dwelling_id or analysis.test.test_id
    ax.set_title(f"Essai {analysis.test.test_id} — logement {who} — {status}")
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=7, loc="upper left")
    return fig


def plot_campaign(
    judgements: Sequence[Judgement],
    labels: Sequence[str] | None = None,
    ax=None,
) -> Figure:
    """Each test's indicator with its 95 % interval against its target, coloured by status.

    Parameters
    ----------
    judgements : sequence of Judgement
        One per test (same indicator for all).
    labels : sequence of str, optional
        Tick label of each judgement (default: its subject).
    """
    if not judgements:
        raise ValueError("aucun essai à représenter")
    fig, ax = _new_axes(ax, (max(6.4, 0.45 * len(judgements) + 2.0), 4.8))
    x = np.arange(len(judgements))
    for i, j in enumerate(judgements):
        colour = _STATUS_COLOURS.get(j.status, "k")
        ax.errorbar([i], [j.value], yerr=[[j.value - j.lower], [j.upper - j.value]], fmt="o",
                    color=colour, capsize=3)
        ax.hlines(j.target, i - 0.4, i + 0.4, color="k", lw=1.5)
    for status, colour in _STATUS_COLOURS.items():
        if any(j.status == status for j in judgements):
            ax.plot([], [], "o", color=colour, label=STATUS_LABELS_FR[status])
    ax.plot([], [], "-", color="k", label="objectif")
    if labels is None:
        labels = [j.subject for j in judgements]
    elif len(labels) != len(judgements):
        raise ValueError("autant d'étiquettes que de jugements sont attendues")
    ax.set_xticks(x, labels, rotation=90, fontsize=7)
    indicator = "Q4Pa-surf [m³/(h·m²)]" if judgements[0].indicator == "q4pa_surf" else "n50 [h⁻¹]"
    ax.set_ylabel(indicator)
    ax.set_ylim(bottom=0)
    ax.set_title("Infiltrométrie : mesures (IC 95 %) et objectifs")
    ax.grid(True, axis="y", lw=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig



_METHOD_LABELS_FR = {"thcex": "Th-C-E ex (SHON_RT)",
                     "iso52016": "EN ISO 52016-1 (surface habitable)"}
_THRESHOLD_STYLES = ("--", "-.", ":", (0, (5, 1, 1, 1)))


def plot_as_built_cep(as_built, fig: Figure | None = None) -> Figure:
    """Design and as-built Cep per case, one panel per calculation method, threshold lines.

    Parameters
    ----------
    as_built : perfqual.qa.airtightness.AsBuiltCep
        Result of :func:`perfqual.qa.airtightness.as_built_cep`.
    fig : Figure, optional
        Figure to draw into (a new one by default).

    Notes
    -----
    Bars: design Cep (light) and as-built Cep (dark) with the interval that the 95 % interval
    of the measured Q4Pa-surf gives; horizontal lines: the thresholds checked, 5-use scope only
    (each method on its own reference area, so one panel per method).
    """
    rows = [*as_built.rows, *(() if as_built.operation is None else (as_built.operation,))]
    if not rows:
        raise ValueError("aucun cas à représenter")
    methods = list(rows[0].methods)
    if not methods:
        raise ValueError("aucune méthode de calcul dans le résultat")
    if fig is None:
        fig = Figure(figsize=(max(9.0, 0.55 * len(rows) + 5.0), 3.4 * len(methods)))
    axes = fig.subplots(len(methods), 1, sharex=True, squeeze=False)[:, 0]
    x = np.arange(len(rows))
    labels = ["opération" if r.dwelling_id is None and r.typology is None
              else (r.dwelling_id or f"typo. {r.typology}") for r in rows]
    for ax, method in zip(axes, methods, strict=True):
        res = [r.methods[method] for r in rows]
        design = [m.design_cep for m in res]
        built = [m.as_built_cep for m in res]
        ax.bar(x - 0.2, design, 0.4, color="tab:blue", alpha=0.35, label="conception")
        ax.bar(x + 0.2, [b.value for b in built], 0.4, color="tab:blue",
               label="tel que construit (IC 95 % du Q4Pa-surf)",
               yerr=[[b.value - b.lower for b in built], [b.upper - b.value for b in built]],
               capsize=3, ecolor="k")
        seen = {}
        for o in res[0].thresholds:
            if o.scope == "cep_5_usages" and o.threshold_id not in seen:
                seen[o.threshold_id] = o
        for k, o in enumerate(seen.values()):
            ax.axhline(o.limit, color="tab:red", lw=1.0,
                       ls=_THRESHOLD_STYLES[k % len(_THRESHOLD_STYLES)],
                       label=f"{o.threshold_id} ≤ {o.limit:.0f}")
        ax.set_ylabel("Cep [kWhep/(m².an)]")
        ax.set_title(_METHOD_LABELS_FR.get(method, method), fontsize=9)
        ax.set_ylim(bottom=0)
        ax.grid(True, axis="y", lw=0.3)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes[-1].set_xticks(x, labels, rotation=60, fontsize=8, ha="right")
    fig.suptitle(f"Cep conception / tel que construit — {as_built.scenario}", fontsize=10)
    fig.tight_layout()
    return fig
