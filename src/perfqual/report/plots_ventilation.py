"""Figures of the ventilation controls: conformity per typology / room type, list of fixes.

Every function returns a matplotlib ``Figure`` (Agg backend), never shows or saves it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from perfqual.qa.ventilation import GroupConformity  # noqa: E402

_COLOURS = {"conforme": "#2e7d32", "non conforme": "#c62828", "non mesurable": "#9e9e9e"}


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig, new_ax = plt.subplots(figsize=size)
    return fig, new_ax


def plot_conformity(
    groups: Sequence[GroupConformity], title: str, unit_label: str = "logements",
    ax: Axes | None = None,
) -> Figure:
    """Stacked horizontal bars: conforming / non conforming / not measurable per group.

    The label of each bar gives the pass rate among judged items and, when available, the
    Clopper–Pearson 95 % interval.
    """
    fig, ax = _figure(ax, (8.0, 0.6 * max(len(groups), 2) + 1.5))
    names = [g.group for g in groups]
    left = [0.0] * len(groups)
    for label, attr in (("conforme", "n_conforming"), ("non conforme", "n_non_conforming"),
                        ("non mesurable", "n_not_measurable")):
        values = [float(getattr(g, attr)) for g in groups]
        ax.barh(names, values, left=left, color=_COLOURS[label], label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for i, g in enumerate(groups):
        if g.summary is not None:
            s = g.summary
            text = (f" {100 * s.pass_rate_frac:.0f} % [{100 * s.ci_low_frac:.0f} ; "
                    f"{100 * s.ci_high_frac:.0f}]")
            ax.text(left[i], i, text, va="center", fontsize=8)
    ax.set_xlabel(f"nombre de {unit_label}")
    ax.set_title(title)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left + [1.0]) * 1.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def plot_non_conformities(rows: Sequence[dict[str, str]], max_rows: int = 40) -> Figure:
    """Table figure listing what to fix (dwelling, verdict, reason), truncated to ``max_rows``."""
    shown = list(rows[:max_rows])
    fig, ax = plt.subplots(figsize=(11.0, 0.35 * max(len(shown), 1) + 1.2))
    ax.axis("off")
    if not shown:
        ax.text(0.5, 0.5, "Aucune non-conformité", ha="center", va="center")
        return fig
    cells = [[r["logement"], r["typologie"], r["verdict"],
              r["motif"] if len(r["motif"]) <= 110 else r["motif"][:107] + "…"] for r in shown]
    table = ax.table(cellText=cells, colLabels=["logement", "typologie", "verdict", "motif"],
                     loc="upper center", cellLoc="left", colWidths=[0.08, 0.09, 0.1, 0.73])
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    title = "Non-conformités à lever"
    if len(rows) > max_rows:
        title += f" ({max_rows} premières sur {len(rows)})"
    ax.set_title(title)
    fig.tight_layout()
    return fig
