"""Figures: returned as Figure, nothing shown, no tenant identifier drawn."""

from __future__ import annotations

import datetime as dt

from matplotlib.figure import Figure

from perfqual.aggregate.consumption_followup import followup
from perfqual.finance.balance import balance_tenant
from perfqual.models.tenancy import ConsumptionRecord
from perfqual.report.plots_tenants import plot_followup, plot_gain_distribution

from .helpers import TARIFFS, forecast, record


def _texts(fig: Figure) -> str:
    ax = fig.axes[0]
    parts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        parts += [t.get_text() for t in legend.get_texts()]
    return " ".join(parts)


def test_plot_gain_distribution():
    bs = [balance_tenant(record(), forecast(), TARIFFS, ("D1",), "apres", m)
          for m in ("thcex", "iso52016")]
    fig = plot_gain_distribution(bs)
    assert isinstance(fig, Figure)
    text = _texts(fig)
    assert "Gain net mensuel" in text and "1/1 en perte" in text
    assert "L-0001" not in text and "D1" not in text


def test_plot_followup_on_given_axes():
    rec = ConsumptionRecord(dwelling_id="D1", start=dt.date(2027, 10, 1),
                            end=dt.date(2028, 5, 31), carrier="gaz", energy_kwh=7000.0,
                            degree_days_k_day=2000.0)
    rows = followup([rec], forecast(), {}, "apres", ["thcex", "iso52016"], 2500.0, 0.2)
    base = Figure()
    ax = base.add_subplot(1, 1, 1)
    fig = plot_followup(rows, ax=ax)
    assert fig is base
    assert "corrigée des DJU" in _texts(fig)
    assert len(ax.collections) == 3  # two methods + the ± threshold band
