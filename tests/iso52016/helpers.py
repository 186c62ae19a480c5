"""Helpers for the EN ISO 52016-1 engine tests: hand-built zones and weather."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from perfqual.core.iso52016 import ZoneSpec
from perfqual.core.iso52016 import elements as el

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
N_HOURS = 8760
MONTH = np.repeat(np.arange(12), np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24)
SOUTH = el.irradiance_column(90.0, 180.0)
ROOF = el.irradiance_column(0.0, 0.0)


def make_basis(theta_e, irr_south=0.0, irr_roof=0.0, gains=1.0, n_hours=N_HOURS):
    """Basis columns of the engine tests (same names as the API uses)."""
    cols = {"theta_e": theta_e, "one": 1.0, "gains": gains, "setpoint_h": 20.0}
    for m in range(12):
        cols[f"month:{m}"] = (MONTH[:n_hours] == m).astype(float)
    cols[SOUTH] = irr_south
    cols[ROOF] = irr_roof
    for az in (0.0, 90.0, 270.0):  # other façades: a third of the south irradiance
        cols[el.irradiance_column(90.0, az)] = np.asarray(irr_south, float) / 3.0
    names = list(cols)
    arr = np.column_stack([np.broadcast_to(np.asarray(cols[k], float), (n_hours,))
                           for k in names])
    return {k: i for i, k in enumerate(names)}, arr


def dwelling_zone(u_wall=0.5, kappa_wall=2.0e5, mass_class="D", sky_k=11.0, name="logement"):
    """A small dwelling: four walls, roof, party wall, two windows, ventilation, gains."""
    surfaces = [
        el.opaque_chain("mur sud", 20.0, u_wall, kappa_wall, mass_class, 90, 180, "exterieur",
                        delta_sky_k=sky_k),
        el.opaque_chain("mur nord", 25.0, u_wall, kappa_wall, mass_class, 90, 0, "exterieur",
                        delta_sky_k=sky_k),
        el.opaque_chain("toit", 50.0, 0.25, 3.0e4, "I", 0, 0, "exterieur", delta_sky_k=sky_k),
        el.opaque_chain("mitoyen", 30.0, 1.2, 3.0e5, "D", 90, 90, "logement_chauffe"),
        el.opaque_chain("plancher", 50.0, 0.8, 2.5e5, "I", 180, 0, "local_non_chauffe",
                        b_factor=0.8),
        el.window_chain("fenêtre sud", 6.0, 1.4, 90, 180, delta_sky_k=sky_k)[0],
        el.window_chain("fenêtre nord", 3.0, 1.4, 90, 0, delta_sky_k=sky_k)[0],
    ]
    solar = el.window_solar_gain_coefficients(6.0, 0.6, 0.25, 90, 180)
    return ZoneSpec(name, tuple(surfaces), 50.0, 5.0e5, 25.0, 8.0, {"gains": 250.0}, solar,
                    0.4, 0.1, 0.4)


