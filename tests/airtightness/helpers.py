"""Crafted blower-door test files for the airtightness tests (every number is chosen)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
DEMO = DATASETS / "demo" / "cite_des_fleurs"

DEFAULT_META = {
    "essai": "essai-test",
    "logement": "C-001",
    "methode": "2",
    "volume": "180 m³",
    "atbat": "150 m²",
    "surface_enveloppe": "220 m²",
    "surface_plancher": "75 m²",
    "temperature_interieure": "20 °C",
    "temperature_exterieure": "20 °C",
    "pression_barometrique": "101325 Pa",
}
DEFAULT_DP = (10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0)


def power_law_rows(direction="dépressurisation", c=30.0, n=0.65, dp=DEFAULT_DP,
                   before=(0.0,), after=(0.0,), dp0=0.0):
    """Rows (sens, type, Δp, débit) of an exact power law q = c·Δp^n, with zero readings."""
    sign = -1.0 if direction.startswith("d") else 1.0
    rows = [(direction, "zéro avant", repr(v), "") for v in before]
    rows += [(direction, "palier", repr(dp0 + sign * p), repr(c * p**n)) for p in dp]
    rows += [(direction, "zéro après", repr(v), "") for v in after]
    return rows


def write_test_file(path: Path, rows=None, meta=None, drop=(), delimiter=";",
                    header=("sens", "type", "Δp (Pa)", "débit (m³/h)"),
                    decimal_comma=False) -> Path:
    """Write a CSV test file: ``# clé: valeur`` lines then the readings."""
    m = {**DEFAULT_META, **(meta or {})}
    lines = [f"# {k}: {v}" for k, v in m.items() if k not in drop]
    lines.append(delimiter.join(header))
    for row in rows if rows is not None else power_law_rows():
        cells = [c.replace(".", ",") if decimal_comma else c for c in row]
        lines.append(delimiter.join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def exact_power_law(c: float, n: float, dp) -> np.ndarray:
    """q = c·Δp^n."""
    return c * np.asarray(dp, dtype=float) ** n
