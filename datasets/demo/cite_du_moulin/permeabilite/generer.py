"""Generate the SYNTHETIC blower-door test files of the demo operation « Cité du Moulin ».

Run from the repository root:  python datasets/demo/cite_du_moulin/permeabilite/generer.py

This script does not copy the generator: it loads the Cité des Fleurs generator
(``datasets/demo/cite_des_fleurs/permeabilite/generate.py``: physical model, ISO 9972 chain
inverted, measurement noise — all described there) and runs it with the parameters of this
operation: its operation file, its programme (``ite_collectif``), its seed, the dwellings of its
sampling plan (``../echantillonnage/plan_permeabilite.json``, seed 2026) and these assumptions:

* median Q4Pa-surf before works 2.8 m³/(h·m²), during works 1.4, at reception 1.15 (σ_ln 0.15
  as in the loaded generator): an ITE programme with new windows [assumption of the fictitious
  AMO, stated in ../SOURCE.md];
* K-012 fails its 1.3 target at reception (true Q4Pa-surf 1.6), M2-06 is inconclusive
  (1.66 against 1.7).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / "cite_des_fleurs" / "permeabilite" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("_fleurs_blower_door_generator", SOURCE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def main() -> None:
    gen = _generator()
    planned = gen.Planned
    gen.HERE = HERE
    gen.OPERATION = HERE.parent / "operation.yaml"
    gen.SEED = 20260415
    gen.PROGRAMME = "ite_collectif"
    gen.MEDIAN_Q4PA_SURF = {"avant_travaux": 2.8, "pendant_travaux": 1.4, "reception": 1.15}
    gen.PLAN = (
        planned("M1-03", "avant_travaux", method=1),
        planned("K-006", "avant_travaux", method=1),
        planned("K-006", "pendant_travaux", method=2),
        planned("M1-03", "reception"),
        planned("M2-06", "reception", q4pa_surf=1.66, wind_m_per_s=4.0),
        planned("K-006", "reception"),
        planned("K-012", "reception", q4pa_surf=1.6),
    )
    gen.main()


if __name__ == "__main__":
    main()
