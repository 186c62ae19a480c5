"""Figures of the tenants' balance and of the follow-up after works (matplotlib, Agg).

Functions return a :class:`~matplotlib.figure.Figure` built without pyplot (no GUI backend is
ever touched); they never show or save it. Labels are
in French. Only aggregates are drawn: no tenant identifier appears on the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from perfqual.aggregate.consumption_followup import FollowupRow
from perfqual.finance.balance import TenantBalance

METHOD_LABELS = {"thcex": "Th-C-E ex", "iso52016": "NF EN ISO 52016-1"}


def _axes(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size)
    return fig, fig.add_subplot(1, 1, 1)


def plot_gain_distribution(balances: Sequence[TenantBalance], ax: Axes | None = None) -> Figure:
    """Histogram of the net monthly gains of the tenants, one series per method.

    Parameters
    ----------
    balances : sequence of TenantBalance
        Balances (all methods).
    ax : Axes, optional
        Axes to draw on; a new figure otherwise.
    """
    fig, ax = _axes(ax)
    methods = sorted({b.method for b in balances})
    gains = {m: np.array([float(b.net_gain_eur_per_month) for b in balances if b.method == m])
             for m in methods}
    every = np.concatenate(list(gains.values())) if gains else np.array([0.0])
    lo, hi = float(min(every.min(), 0.0)), float(max(every.max(), 0.0))
    # Bins of a round width with 0 on an edge, so that losses and gains never share a bin.
    width = next(w for w in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1e9) if (hi - lo) / w <= 30)
    bins = np.arange(np.floor(lo / width) * width, np.ceil(hi / width) * width + 2 * width, width)
    for m in methods:
        n_loss = int((gains[m] < 0).sum())
        ax.hist(gains[m], bins=bins, alpha=0.55,
                label=f"{METHOD_LABELS.get(m, m)} ({n_loss}/{gains[m].size} en perte)")
    ax.axvline(0.0, color="black", linewidth=1.0)
    ax.set_xlabel("Gain net mensuel du locataire [€/mois]")
    ax.set_ylabel("Nombre de locataires")
    ax.set_title("Répartition des gains de pouvoir d'achat")
    if methods:
        ax.legend()
    return fig


def plot_followup(rows: Sequence[FollowupRow], ax: Axes | None = None) -> Figure:
    """Normalised actual heating consumption versus forecast, one point per dwelling × season.

    The band shows ± the drift threshold around the forecast.
    """
    fig, ax = _axes(ax, (5.5, 5.0))
    top = 1.0
    for m in sorted({r.method for r in rows}):
        sel = [r for r in rows if r.method == m]
        x = np.array([r.forecast_kwh for r in sel])
        y = np.array([r.normalised_kwh for r in sel])
        ax.scatter(x, y, s=18, label=METHOD_LABELS.get(m, m))
        top = max(top, float(np.nanmax(np.concatenate([x, y]))) * 1.1)
    line = np.array([0.0, top])
    ax.plot(line, line, color="black", linewidth=1.0)
    if rows:
        t = rows[0].threshold_frac
        ax.fill_between(line, line * (1 - t), line * (1 + t), color="grey", alpha=0.2,
                        label=f"± {t * 100:g} %")
        ax.legend()
    ax.set_xlim(0.0, top)
    ax.set_ylim(0.0, top)
    ax.set_xlabel("Consommation de chauffage prévue [kWh/an]")
    ax.set_ylabel("Consommation réelle corrigée des DJU [kWh/an]")
    ax.set_title("Suivi après travaux")
    return fig

