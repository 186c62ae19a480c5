"""Figures of the moisture assessment: Glaser profile and monthly condensate (French labels).

Functions return a matplotlib :class:`~matplotlib.figure.Figure` built without pyplot (no GUI
backend involved); nothing is shown or saved.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from perfqual.core import hygrothermal as hg

MONTHS_SHORT_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                   "oct.", "nov.", "déc.")


def profile_month(glaser: hg.GlaserResult) -> int:
    """Month shown by default: largest condensation rate, else the coldest month."""
    rate = glaser.rate_kg_per_m2s.sum(axis=1)
    if np.any(rate > 0):
        return int(np.argmax(rate))
    return int(np.argmin(glaser.temp_c[:, -1]))


def _fine_profile(positions_m, temp_c, p_pa, n_per_layer=20):
    """Temperature, p_sat and p sampled inside layers (θ and p are linear within a layer)."""
    xs, ts, ps = [], [], []
    for j in range(len(positions_m) - 1):
        f = np.linspace(0.0, 1.0, n_per_layer)
        xs.append(positions_m[j] + f * (positions_m[j + 1] - positions_m[j]))
        ts.append(temp_c[j] + f * (temp_c[j + 1] - temp_c[j]))
        ps.append(p_pa[j] + f * (p_pa[j + 1] - p_pa[j]))
    x, t, p = (np.concatenate(v) for v in (xs, ts, ps))
    return x, t, hg.saturation_pressure_pa(t), p


def plot_glaser_profile(result, month: int | None = None) -> Figure:
    """Temperature, saturation and partial vapour pressure through the layers of one assembly.

    Parameters
    ----------
    result : perfqual.qa.moisture.AssemblyResult
        An assessed assembly (with layers and a Glaser result).
    month : int, optional
        Month index (0 = January); default :func:`profile_month`.

    Returns
    -------
    Figure
        Top: temperature [°C]; bottom: p_sat and p [Pa] against the position from the interior
        surface [cm]; layer boundaries as vertical lines, condensation planes marked.
    """
    g = result.glaser
    if g is None or not result.layers:
        raise ValueError("assembly without a Glaser result")
    m = profile_month(g) if month is None else month
    thick = np.array([x.thickness_m for x in result.layers])
    pos = np.concatenate(([0.0], np.cumsum(thick)))
    x, t, psat, p = _fine_profile(pos, g.temp_c[m], g.p_pa[m])
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    ax_t, ax_p = fig.subplots(2, 1, sharex=True)
    ax_t.plot(100 * x, t, color="tab:red", label="température")
    ax_p.plot(100 * x, psat, color="tab:blue", label="pression de saturation p_sat")
    ax_p.plot(100 * x, p, color="tab:green", linestyle="--", label="pression partielle p")
    planes = np.flatnonzero(g.rate_kg_per_m2s[m] > 0)
    if len(planes):
        ax_p.plot(100 * pos[planes], g.p_sat_pa[m][planes], "o", color="black",
                  label="plan de condensation")
    for ax in (ax_t, ax_p):
        for xb in pos:
            ax.axvline(100 * xb, color="0.7", linewidth=0.8)
        ax.grid(alpha=0.3)
    for j, layer in enumerate(result.layers):
        ax_t.text(100 * (pos[j] + pos[j + 1]) / 2, 1.0, layer.material, rotation=90,
                  transform=ax_t.get_xaxis_transform(), ha="center", va="top", fontsize=7)
    ax_t.set_ylabel("température [°C]")
    ax_p.set_ylabel("pression de vapeur [Pa]")
    ax_p.set_xlabel("position depuis la face intérieure [cm]  (intérieur → extérieur)")
    ax_p.legend(fontsize=8, loc="best")
    ax_t.set_title(f"{result.label} · {result.element} — profil de Glaser, {MONTHS_SHORT_FR[m]}",
                   fontsize=9)
    return fig


def plot_monthly_condensate(result, ax=None) -> Figure:
    """Condensate held at the end of each month [g/m²] (EN ISO 13788 monthly cycle)."""
    g = result.glaser
    if g is None:
        raise ValueError("assembly without a Glaser result")
    if ax is None:
        fig = Figure(figsize=(7.0, 3.0), layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    ax.bar(range(12), 1000.0 * g.total_accumulation_kg_per_m2, color="tab:blue")
    ax.set_xticks(range(12), MONTHS_SHORT_FR, fontsize=8)
    ax.set_ylabel("condensat accumulé [g/m²]")
    ax.set_title(f"{result.label} · {result.element} — {result.reason_fr}", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    return fig
