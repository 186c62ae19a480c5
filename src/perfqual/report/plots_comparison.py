"""Figures of the method comparison (Agg backend; functions return a Figure, never shown)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from perfqual.comparison import FACTORS, Comparison  # noqa: E402

FACTOR_LABELS = {f.name: f.label_fr for f in FACTORS}


def plot_scenarios(cmp: Comparison, ax=None) -> Figure:
    """Cep per scenario under both methods, with the threshold lines of the decision table."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.5))
    else:
        fig = ax.figure
    scenarios = list(cmp.scenario_cep)
    x = np.arange(len(scenarios))
    th = [cmp.scenario_cep[s]["thcex"] for s in scenarios]
    iso = [cmp.scenario_cep[s]["iso"] for s in scenarios]
    ax.bar(x - 0.2, th, 0.4, label="Th-C-E ex (5R1C, SHON_RT)", color="#4c72b0")
    ax.bar(x + 0.2, iso, 0.4, label="EN ISO 52016-1 (surface habitable)", color="#dd8452")
    seen = {}
    for d in cmp.decisions:
        seen.setdefault(d.threshold_id, (d.limit, d.label))
    for i, (tid, (limit, _)) in enumerate(seen.items()):
        ax.axhline(limit, color=f"C{i + 2}", ls="--", lw=1)
        ax.text(len(scenarios) - 0.5, limit, f" {tid} : {limit:.0f}", va="bottom", ha="right",
                fontsize=8, color=f"C{i + 2}")
    ax.set_xticks(x, scenarios)
    ax.set_ylabel("Cep (kWhep/(m².an))")
    ax.set_title("Cep par scénario (moyenne pondérée par les surfaces)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_waterfall(shapley: dict, start: float, end: float, title: str, ax=None) -> Figure:
    """Waterfall of a gap: Th-C-E ex Cep, one bar per factor (Shapley share), ISO 52016-1 Cep."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 4.5))
    else:
        fig = ax.figure
    names = list(shapley)
    level = start
    ax.bar(0, start, color="#4c72b0")
    for i, name in enumerate(names, start=1):
        v = shapley[name]
        ax.bar(i, v, bottom=level, color="#55a868" if v < 0 else "#c44e52")
        level += v
    ax.bar(len(names) + 1, end, color="#dd8452")
    labels = ["Th-C-E ex"] + [FACTOR_LABELS.get(n, n) for n in names] + ["EN ISO 52016-1"]
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("Cep (kWhep/(m².an))")
    ax.set_title(title)
    fig.tight_layout()
    return fig
