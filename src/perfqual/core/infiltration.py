"""Infiltration airflow from the envelope airtightness Q4Pa-surf: the one definition shared by
both engines (EN ISO 52016-1 hourly and Th-C-E-ex-style 5R1C).

Models (``Conventions.infiltration_model``):

* ``q4pa_3cl`` — 3CL-DPE 2021 form of EN 13789 (arrêté du 31 mars 2021, méthode 3CL-DPE 2021
  §4, as coded in Open3CL ``calc_hperm``; METHODS-NOTES C.6):
  Q4Pa = Q4Pa-surf·A_Tbat; n50 = Q4Pa/((4/50)^(2/3)·h_sp·S_h);
  Q_inf = h_sp·S_h·n50·e / [1 + (f/e)·((q_sup − q_ext)/(h_sp·S_h·n50))²];
* ``q4pa_thcex`` — Th-C-E ex's own aeraulic model is not public (METHODS-NOTES C.6, [OPEN]);
  **perfqual assumption**: the same leakage at the conventional wind exposure without the term of
  interaction with the mechanical ventilation, i.e. the 3CL form with f = 0:
  Q_inf = e·n50·V (V = h_sp·S_h);
* ``aucune`` — no infiltration.

The wind-shielding coefficients e and f are inputs; the 3CL pairs are in
:data:`SHIELDING_3CL` (several exposed façades 0.07 / 15, one façade 0.02 / 20).
"""

from __future__ import annotations

from perfqual.errors import InputError

INFILTRATION_MODELS = ("q4pa_3cl", "q4pa_thcex", "aucune")
# (e, f) wind-shielding coefficients of the 3CL-DPE 2021 infiltration (Open3CL ``calc_hperm``,
# METHODS-NOTES C.6): several exposed façades, one exposed façade.
SHIELDING_3CL: dict[str, tuple[float, float]] = {
    "plusieurs_facades": (0.07, 15.0),
    "une_facade": (0.02, 20.0),
}
# Pressure exponent of the Q4Pa -> n50 conversion, (4/50)^(2/3) (3CL-DPE 2021, METHODS-NOTES C.6).
Q4PA_TO_N50_EXPONENT = 2.0 / 3.0


def _check(q4pa_surf_m3_per_h_m2, a_tbat_m2, living_area_m2, ceiling_height_m) -> None:
    for value, label in ((q4pa_surf_m3_per_h_m2, "Q4Pa-surf"), (a_tbat_m2, "A_Tbat"),
                         (living_area_m2, "surface habitable"), (ceiling_height_m, "hauteur")):
        if not value >= 0.0 or (label != "Q4Pa-surf" and value == 0.0):
            raise InputError(f"infiltrations : {label} invalide ({value})")


def n50_from_q4pa_surf_per_h(
    q4pa_surf_m3_per_h_m2: float, a_tbat_m2: float, volume_m3: float,
    exponent: float = Q4PA_TO_N50_EXPONENT,
) -> float:
    """Air change rate at 50 Pa from Q4Pa-surf: n50 = Q4Pa-surf·A_Tbat/((4/50)^n·V). [1/h]

    3CL-DPE 2021 (METHODS-NOTES C.6), flow exponent n = 2/3 by default (an input).

    Examples
    --------
    >>> round(n50_from_q4pa_surf_per_h(1.7, 150.0, 175.0), 4)
    7.8483
    """
    if not (volume_m3 > 0.0 and q4pa_surf_m3_per_h_m2 >= 0.0 and a_tbat_m2 >= 0.0):
        raise InputError("infiltrations : volume > 0, Q4Pa-surf et A_Tbat ≥ 0 attendus")
    return q4pa_surf_m3_per_h_m2 * a_tbat_m2 / ((4.0 / 50.0) ** exponent * volume_m3)


def infiltration_3cl_m3_per_h(
    q4pa_surf_m3_per_h_m2: float, a_tbat_m2: float, living_area_m2: float,
    ceiling_height_m: float, extract_m3_per_h: float, supply_m3_per_h: float = 0.0,
    shielding_e: float = 0.07, shielding_f: float = 15.0,
) -> float:
    """Infiltration airflow of the 3CL-DPE 2021 ``calc_hperm`` form (see module doc). [m³/h]

    Examples
    --------
    >>> round(infiltration_3cl_m3_per_h(1.7, 150.0, 70.0, 2.5, 0.0), 3)
    96.142
    """
    _check(q4pa_surf_m3_per_h_m2, a_tbat_m2, living_area_m2, ceiling_height_m)
    if not (shielding_e > 0.0 and shielding_f >= 0.0):
        raise InputError(f"infiltrations : coefficients e = {shielding_e} (> 0) et "
                         f"f = {shielding_f} (≥ 0) attendus")
    if q4pa_surf_m3_per_h_m2 == 0.0:
        return 0.0
    volume = ceiling_height_m * living_area_m2
    n50 = n50_from_q4pa_surf_per_h(q4pa_surf_m3_per_h_m2, a_tbat_m2, volume)
    unbalance = (supply_m3_per_h - extract_m3_per_h) / (volume * n50)
    return volume * n50 * shielding_e / (1.0 + shielding_f / shielding_e * unbalance**2)


def infiltration_airflow_m3_per_h(
    model: str, q4pa_surf_m3_per_h_m2: float, a_tbat_m2: float, living_area_m2: float,
    ceiling_height_m: float, extract_m3_per_h: float, supply_m3_per_h: float = 0.0,
    shielding_e: float = 0.07, shielding_f: float = 15.0,
) -> float:
    """Infiltration airflow under a convention's infiltration model (see module doc). [m³/h]

    Parameters
    ----------
    model : {"q4pa_3cl", "q4pa_thcex", "aucune"}
        Infiltration model of the conventions.
    q4pa_surf_m3_per_h_m2 : float
        Airtightness of the envelope at 4 Pa per m² of A_Tbat. [m³/(h·m²)]
    a_tbat_m2 : float
        Loss area A_Tbat (FD P50-784). [m²]
    living_area_m2, ceiling_height_m : float
        S_h [m²] and h_sp [m]; V = S_h·h_sp.
    extract_m3_per_h, supply_m3_per_h : float
        Mechanical extract and supply airflows (``q4pa_3cl`` only). [m³/h]
    shielding_e, shielding_f : float
        Wind-shielding coefficients e and f (:data:`SHIELDING_3CL`); f is not used by
        ``q4pa_thcex``.

    Examples
    --------
    >>> round(infiltration_airflow_m3_per_h("q4pa_thcex", 1.7, 150.0, 70.0, 2.5, 45.0), 3)
    96.142
    >>> infiltration_airflow_m3_per_h("aucune", 1.7, 150.0, 70.0, 2.5, 45.0)
    0.0
    """
    if model == "aucune":
        return 0.0
    if model not in INFILTRATION_MODELS:
        raise InputError(f"modèle d'infiltration inconnu : {model!r} "
                         f"(attendu : {', '.join(INFILTRATION_MODELS)})")
    f = 0.0 if model == "q4pa_thcex" else shielding_f
    return infiltration_3cl_m3_per_h(q4pa_surf_m3_per_h_m2, a_tbat_m2, living_area_m2,
                                     ceiling_height_m, extract_m3_per_h, supply_m3_per_h,
                                     shielding_e, f)
