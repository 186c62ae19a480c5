r"""The single-capacity hourly model (5R1C) of EN ISO 13790:2008, Annex C, batched over buildings.

Five conductances and one capacity: the air node (θ_air) is linked to the supply air by H_ve and
to the internal surface node (θ_s) by H_tr,is; the surface node to the exterior by the windows
(H_tr,w) and to the mass node (θ_m) by H_tr,ms; the mass node to the exterior by H_tr,em and
carries the capacity C_m. Heating or cooling is delivered to the air node and found by the
procedure of Annex C.4 (free-floating temperature, then the power that brings θ_air to the
set-point).

How the batch is made fast
--------------------------
All node equations (C.4–C.11) are affine in the previous mass temperature θ_m,t-1, the exterior
temperature, the gains and the heating/cooling power φ_HC. With the unrestricted power of C.4 the
controlled air temperature is ``clip(θ_air,0, θ_set,H, θ_set,C)`` and φ_HC follows from the
interpolation (C.13), which is exact because the model is linear. Each hour then costs a handful
of multiply-adds per building (the hourly forcing is prepared block by block with one matrix
product), and the annual balance terms follow from sums of node temperatures by linearity.

Symbols (EN ISO 13790:2008 Annex C) ↔ code names
-------------------------------------------------
H_ve ``h_ve_w_per_k``, H_tr,w ``h_tr_w_w_per_k``, H_tr,em ``h_tr_em_w_per_k``, H_tr,is
``h_tr_is_w_per_k``, H_tr,ms ``h_tr_ms_w_per_k``, C_m ``c_m_j_per_k``, A_m ``a_m_m2``, A_t
``a_t_m2``, A_f ``floor_area_m2``, φ_int ``phi_int_w``, φ_sol ``phi_sol_w``, φ_HC ``phi_hc_w``.

References
----------
.. [1] EN ISO 13790:2008, Energy performance of buildings — Calculation of energy use for space
   heating and cooling, Annex C (simple hourly method), §7.2.2.2 (H_tr,is), §12.2.2 (H_tr,ms,
   H_tr,em), §12.3.1 and Table 12 (A_m, C_m). The text of the standard was not read: equation
   numbers and the constants 3.45, 9.1, 4.5 and the Table 12 values are **recalled** and match
   the open implementation RC_BuildingSimulator (ETH Zürich, ``rc_simulator/building_physics.py``,
   MIT), whose docstrings cite the same equation numbers. See ``methods/thcex.md``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace

import numpy as np

from perfqual.climate.model import MONTH_OF_HOUR
from perfqual.errors import InputError

# --- constants of EN ISO 13790:2008 [recalled, see module references] -------------------------
H_IS_W_PER_M2K = 3.45  # heat transfer coefficient air–surface, §7.2.2.2 eq. (9)
H_MS_W_PER_M2K = 9.1  # heat transfer coefficient mass–surface, §12.2.2 eq. (64)
LAMBDA_AT = 4.5  # ratio A_t / A_f, §7.2.2.2 eq. (10)
RHO_C_AIR_J_PER_M3K = 1200.0  # volumetric heat capacity of air ρ_a·c_a, §9.3.1
HEATING_TEST_POWER_W_PER_M2 = 10.0  # φ_HC,nd10 of C.4.2 step 2

# Controlled temperature: weight of θ_air in it (θ_op = 0.3·θ_air + 0.7·θ_s, eq. (C.12)).
CONTROL_AIR_WEIGHTS: dict[str, float] = {"air": 1.0, "operative": 0.3}
KERNELS = ("compiled", "numpy")

# Table 12 of EN ISO 13790:2008: inertia class -> (A_m / A_f [-], C_m / A_f [J/(m²·K)]).
INERTIA_CLASSES: dict[str, tuple[float, float]] = {
    "tres_legere": (2.5, 80_000.0),
    "legere": (2.5, 110_000.0),
    "moyenne": (2.5, 165_000.0),
    "lourde": (3.0, 260_000.0),
    "tres_lourde": (3.5, 370_000.0),
}


@dataclass(frozen=True)
class Rc5Building:
    """Parameters of a batch of 5R1C zones; every field is an array of shape (n,)."""

    floor_area_m2: np.ndarray
    h_ve_w_per_k: np.ndarray
    h_tr_w_w_per_k: np.ndarray
    h_tr_em_w_per_k: np.ndarray
    h_tr_is_w_per_k: np.ndarray
    h_tr_ms_w_per_k: np.ndarray
    c_m_j_per_k: np.ndarray
    a_m_m2: np.ndarray
    a_t_m2: np.ndarray
    heating_power_max_w: np.ndarray
    cooling_power_max_w: np.ndarray
    # Share of φ_HC delivered to the air node (1: Annex C as written); the radiative rest is
    # split like the solar gains over the surface and mass nodes (perfqual extension).
    hc_convective_frac: np.ndarray
    # Weight of θ_air in the controlled temperature: 1 = air (C.4), 0.3 = operative (C.12).
    control_air_weight: np.ndarray

    @property
    def n(self) -> int:
        """Number of zones in the batch."""
        return self.floor_area_m2.shape[0]


def inertia_class_parameters(inertia_class: str) -> tuple[float, float]:
    """A_m/A_f and C_m/A_f of an inertia class (EN ISO 13790:2008, Table 12).

    Examples
    --------
    >>> inertia_class_parameters("moyenne")
    (2.5, 165000.0)
    """
    try:
        return INERTIA_CLASSES[inertia_class]
    except KeyError:
        raise InputError(
            f"classe d'inertie « {inertia_class} » inconnue "
            f"(valeurs possibles : {', '.join(INERTIA_CLASSES)})"
        ) from None


def h_tr_em_from_opaque(h_tr_op_w_per_k, h_tr_ms_w_per_k):
    r"""Split the opaque transmission coefficient into H_tr,em (EN ISO 13790:2008, eq. (63)).

    :math:`1/H_{tr,em} = 1/H_{tr,op} - 1/H_{tr,ms}`; requires H_tr,op < H_tr,ms.

    Examples
    --------
    >>> round(float(h_tr_em_from_opaque(100.0, 1000.0)), 6)
    111.111111
    """
    op = np.asarray(h_tr_op_w_per_k, dtype=float)
    ms = np.asarray(h_tr_ms_w_per_k, dtype=float)
    if np.any(op <= 0) or np.any(op >= ms):
        raise InputError(
            "H_tr,op doit être positif et inférieur à H_tr,ms = 9,1·A_m "
            "(parois opaques trop déperditives pour le modèle 5R1C)"
        )
    return 1.0 / (1.0 / op - 1.0 / ms)


def rc5_building(
    floor_area_m2,
    h_ve_w_per_k,
    h_tr_w_w_per_k,
    h_tr_em_w_per_k,
    mass_area_factor=2.5,
    c_m_j_per_m2k=165_000.0,
    a_t_m2=None,
    heating_power_max_w=np.inf,
    cooling_power_max_w=np.inf,
    hc_convective_frac=1.0,
    control: str = "air",
) -> Rc5Building:
    """Assemble the 5R1C parameters of a batch (arguments broadcast to a common shape (n,)).

    Parameters
    ----------
    floor_area_m2 : float or ndarray
        Conditioned floor area A_f. [m²]
    h_ve_w_per_k : float or ndarray
        Ventilation (and infiltration) heat transfer coefficient H_ve, heat recovery included. [W/K]
    h_tr_w_w_per_k : float or ndarray
        Transmission coefficient of windows and doors H_tr,w. [W/K]
    h_tr_em_w_per_k : float or ndarray
        Transmission coefficient mass–exterior H_tr,em (see :func:`h_tr_em_from_opaque`). [W/K]
    mass_area_factor : float or ndarray
        A_m / A_f (Table 12). [-]
    c_m_j_per_m2k : float or ndarray
        C_m / A_f (Table 12). [J/(m²·K)]
    a_t_m2 : float or ndarray, optional
        Area of all surfaces facing the zone A_t; default Λ_at·A_f = 4.5·A_f (eq. (10)). [m²]
    heating_power_max_w, cooling_power_max_w : float or ndarray
        Available powers (positive numbers); infinite by default (needs calculation). [W]
    hc_convective_frac : float or ndarray
        Share of the heating/cooling power delivered to the air node. Annex C (C.4) puts all of
        it there (1, default). A value below 1 is a perfqual extension for comparisons with
        methods that have radiant emitters (EN ISO 52016-1 Table B.11: 0.4): the radiative share
        is split over the surface and mass nodes like the solar gains (C.2, C.3). [-]
    control : {"air", "operative"}
        Controlled temperature: the air temperature (Annex C.4, default) or the operative
        temperature θ_op = 0.3·θ_air + 0.7·θ_s of eq. (C.12) (perfqual extension: the same
        interpolation (C.13), exact because the model is linear).
    """
    arrays = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (
            floor_area_m2, h_ve_w_per_k, h_tr_w_w_per_k, h_tr_em_w_per_k, mass_area_factor,
            c_m_j_per_m2k, LAMBDA_AT * np.asarray(floor_area_m2, dtype=float)
            if a_t_m2 is None else a_t_m2, heating_power_max_w, cooling_power_max_w,
        ))
    )
    a_f, h_ve, h_w, h_em, f_m, c_m, a_t, p_h, p_c = (np.array(a) for a in arrays)
    if control not in CONTROL_AIR_WEIGHTS:
        raise InputError(f"température régulée « {control} » inconnue (air ou operative)")
    f_c = np.array(np.broadcast_to(np.asarray(hc_convective_frac, dtype=float), a_f.shape))
    if np.any(~np.isfinite(f_c)) or np.any(f_c < 0) or np.any(f_c > 1):
        raise InputError("la part convective du chauffage doit être comprise entre 0 et 1")
    for name, value in (("surface de plancher A_f", a_f), ("H_ve", h_ve), ("C_m", c_m),
                        ("A_t", a_t), ("A_m/A_f", f_m)):
        if np.any(~np.isfinite(value)) or np.any(value <= 0):
            raise InputError(f"{name} doit être un nombre positif")
    if np.any(h_w < 0) or np.any(h_em < 0) or np.any(p_h < 0) or np.any(p_c < 0):
        raise InputError("H_tr,w, H_tr,em et les puissances maximales doivent être positifs")
    a_m = f_m * a_f
    if np.any(a_m >= a_t):
        raise InputError("A_m doit être inférieur à A_t (EN ISO 13790, C.2)")
    return Rc5Building(
        floor_area_m2=a_f, h_ve_w_per_k=h_ve, h_tr_w_w_per_k=h_w, h_tr_em_w_per_k=h_em,
        h_tr_is_w_per_k=H_IS_W_PER_M2K * a_t, h_tr_ms_w_per_k=H_MS_W_PER_M2K * a_m,
        c_m_j_per_k=c_m * a_f, a_m_m2=a_m, a_t_m2=a_t,
        heating_power_max_w=p_h, cooling_power_max_w=p_c, hc_convective_frac=f_c,
        control_air_weight=np.full(a_f.shape, CONTROL_AIR_WEIGHTS[control]),
    )


def split_gains(phi_int_w, phi_sol_w, a_m_m2, a_t_m2, h_tr_w_w_per_k):
    r"""Split internal and solar gains over the three nodes (EN ISO 13790:2008, C.2).

    :math:`\phi_{ia} = 0.5\,\phi_{int}` (C.1);
    :math:`\phi_m = \frac{A_m}{A_t}(0.5\,\phi_{int} + \phi_{sol})` (C.2);
    :math:`\phi_{st} = \left(1 - \frac{A_m}{A_t} - \frac{H_{tr,w}}{9.1\,A_t}\right)
    (0.5\,\phi_{int} + \phi_{sol})` (C.3).

    Returns
    -------
    tuple of float or ndarray
        (φ_ia, φ_st, φ_m). [W]
    """
    half = 0.5 * np.asarray(phi_int_w, dtype=float)
    gain = half + np.asarray(phi_sol_w, dtype=float)
    f_m = np.asarray(a_m_m2) / np.asarray(a_t_m2)
    f_st = 1.0 - f_m - np.asarray(h_tr_w_w_per_k) / (H_MS_W_PER_M2K * np.asarray(a_t_m2))
    return half, f_st * gain, f_m * gain


def crank_nicolson_nodes(b: Rc5Building, theta_m_prev_c, theta_e_c, phi_ia_w, phi_st_w, phi_m_w,
                         phi_hc_w):
    r"""One hour of the 5R1C model (EN ISO 13790:2008, C.3, eqs. (C.4) to (C.12)).

    The supply air is at the exterior temperature (θ_sup = θ_e); heat recovery is carried by a
    reduced H_ve. Heating/cooling φ_HC enters the air node (C.4); with
    ``b.hc_convective_frac`` f_c < 1 (perfqual extension) only f_c·φ_HC does, and the rest is
    added to φ_st and φ_m with the weights of (C.2), (C.3).

    :math:`H_{tr,1} = 1/(1/H_{ve} + 1/H_{tr,is})` (C.6), :math:`H_{tr,2} = H_{tr,1} + H_{tr,w}`
    (C.7), :math:`H_{tr,3} = 1/(1/H_{tr,2} + 1/H_{tr,ms})` (C.8);
    :math:`\phi_{mtot} = \phi_m + H_{tr,em}\theta_e + \frac{H_{tr,3}}{H_{tr,2}}\left[\phi_{st}
    + H_{tr,w}\theta_e + H_{tr,1}\left(\frac{\phi_{ia} + \phi_{HC}}{H_{ve}} + \theta_{sup}\right)
    \right]` (C.5);
    :math:`\theta_{m,t} = \frac{\theta_{m,t-1}[C_m/3600 - 0.5(H_{tr,3} + H_{tr,em})]
    + \phi_{mtot}}{C_m/3600 + 0.5(H_{tr,3} + H_{tr,em})}` (C.4);
    :math:`\theta_m = (\theta_{m,t} + \theta_{m,t-1})/2` (C.9);
    :math:`\theta_s = \frac{H_{tr,ms}\theta_m + \phi_{st} + H_{tr,w}\theta_e + H_{tr,1}
    (\theta_{sup} + (\phi_{ia} + \phi_{HC})/H_{ve})}{H_{tr,ms} + H_{tr,w} + H_{tr,1}}` (C.10);
    :math:`\theta_{air} = \frac{H_{tr,is}\theta_s + H_{ve}\theta_{sup} + \phi_{ia} + \phi_{HC}}
    {H_{tr,is} + H_{ve}}` (C.11); :math:`\theta_{op} = 0.3\theta_{air} + 0.7\theta_s` (C.12).

    Returns
    -------
    tuple of ndarray
        (θ_m,t, θ_m, θ_s, θ_air, θ_op). [°C]
    """
    h_ve, h_is, h_w = b.h_ve_w_per_k, b.h_tr_is_w_per_k, b.h_tr_w_w_per_k
    h_ms, h_em, c_h = b.h_tr_ms_w_per_k, b.h_tr_em_w_per_k, b.c_m_j_per_k / 3600.0
    theta_sup = theta_e_c
    f_c = b.hc_convective_frac
    radiant = (1.0 - f_c) * phi_hc_w
    f_m = b.a_m_m2 / b.a_t_m2
    phi_st_w = phi_st_w + (1.0 - f_m - h_w / (H_MS_W_PER_M2K * b.a_t_m2)) * radiant
    phi_m_w = phi_m_w + f_m * radiant
    phi_hc_w = f_c * phi_hc_w
    h1 = 1.0 / (1.0 / h_ve + 1.0 / h_is)
    h2 = h1 + h_w
    h3 = 1.0 / (1.0 / h2 + 1.0 / h_ms)
    air_in = phi_ia_w + phi_hc_w
    phi_mtot = phi_m_w + h_em * theta_e_c + h3 / h2 * (
        phi_st_w + h_w * theta_e_c + h1 * (air_in / h_ve + theta_sup))
    theta_m_t = (theta_m_prev_c * (c_h - 0.5 * (h3 + h_em)) + phi_mtot) / (c_h + 0.5 * (h3 + h_em))
    theta_m = 0.5 * (theta_m_t + theta_m_prev_c)
    theta_s = (h_ms * theta_m + phi_st_w + h_w * theta_e_c + h1 * (theta_sup + air_in / h_ve)) / (
        h_ms + h_w + h1)
    theta_air = (h_is * theta_s + h_ve * theta_sup + air_in) / (h_is + h_ve)
    return theta_m_t, theta_m, theta_s, theta_air, 0.3 * theta_air + 0.7 * theta_s


@dataclass(frozen=True)
class _Affine:
    """Coefficients of the node temperatures as affine functions of (θ_m,t-1, θ_e, φ_int, φ_sol,
    φ_HC), extracted once per batch from :func:`crank_nicolson_nodes` (exact: the model is linear).
    Each attribute is a dict {variable: (n,) array}; key "1" is the constant term (zero here)."""

    m_next: dict
    theta_s: dict
    theta_air: dict
    theta_ctrl: dict  # the controlled temperature w·θ_air + (1 − w)·θ_s


_VARIABLES = ("m", "te", "int", "sol", "hc")


def _affine_coefficients(b: Rc5Building) -> _Affine:
    def evaluate(m=0.0, te=0.0, phi_int=0.0, phi_sol=0.0, hc=0.0):
        z = np.zeros(b.n)
        ia, st, ms = split_gains(phi_int + z, phi_sol + z, b.a_m_m2, b.a_t_m2, b.h_tr_w_w_per_k)
        m_t, _, t_s, t_air, _ = crank_nicolson_nodes(b, m + z, te + z, ia, st, ms, hc + z)
        return m_t, t_s, t_air

    base = evaluate()
    unit = {"m": evaluate(m=1.0), "te": evaluate(te=1.0), "int": evaluate(phi_int=1.0),
            "sol": evaluate(phi_sol=1.0), "hc": evaluate(hc=1.0)}
    coef = [{k: unit[k][i] - base[i] for k in _VARIABLES} for i in range(3)]
    w = b.control_air_weight
    ctrl = {k: w * coef[2][k] + (1.0 - w) * coef[1][k] for k in _VARIABLES}
    return _Affine(m_next=coef[0], theta_s=coef[1], theta_air=coef[2], theta_ctrl=ctrl)


@dataclass(frozen=True)
class Rc5Result:
    """Annual results of a batch (arrays of shape (n,), monthly arrays (12, n)), in Wh.

    Balance terms follow :class:`perfqual.models.results.BalanceTerms` (losses and gains
    positive); :attr:`residual_wh` should be round-off.
    """

    heating_need_wh: np.ndarray
    cooling_need_wh: np.ndarray
    monthly_heating_need_wh: np.ndarray
    monthly_cooling_need_wh: np.ndarray
    heating_hours: np.ndarray
    transmission_wh: np.ndarray
    ventilation_wh: np.ndarray
    solar_wh: np.ndarray
    internal_wh: np.ndarray
    stored_wh: np.ndarray
    hourly: dict | None = None  # only for batches of one: series of shape (8760,)

    @property
    def residual_wh(self) -> np.ndarray:
        """Closure residual of the annual heat balance. [Wh]"""
        return (self.heating_need_wh - self.cooling_need_wh + self.solar_wh + self.internal_wh
                - self.transmission_wh - self.ventilation_wh - self.stored_wh)


def _check_forcing(n_hours, n, basis, int_coef, sol_coef, setpoints):
    if basis.ndim != 2 or basis.shape[0] != n_hours:
        raise InputError(f"la base de sollicitations doit avoir {n_hours} lignes horaires")
    k = basis.shape[1]
    for name, c in (("gains internes", int_coef), ("apports solaires", sol_coef)):
        if c.shape != (k, n):
            raise InputError(f"coefficients des {name} : forme {c.shape}, attendu {(k, n)}")
    for name, s in setpoints.items():
        if s.shape != (n_hours,):
            raise InputError(f"consigne « {name} » : {n_hours} valeurs horaires attendues")
    if np.any(setpoints["chauffage"] > setpoints["refroidissement"]):
        raise InputError("la consigne de chauffage dépasse la consigne de refroidissement")


def simulate_rc5_batch(  # noqa: PLR0913 - the forcing of a batch has this many parts
    b: Rc5Building,
    theta_e_c: np.ndarray,
    basis: np.ndarray,
    int_coef: np.ndarray,
    sol_coef: np.ndarray,
    heating_setpoint_c: np.ndarray,
    cooling_setpoint_c: np.ndarray,
    heating_setpoint_offset_k=0.0,
    theta_m_initial_c=None,
    chunk_cells: int | None = None,
    keep_hourly: bool = False,
    n_threads: int = 1,
    kernel: str = "compiled",
) -> Rc5Result:
    """Simulate a batch of 5R1C zones over a series of hours (EN ISO 13790:2008, Annex C).

    Parameters
    ----------
    b : Rc5Building
        Parameters of the n zones.
    theta_e_c : ndarray, shape (H,)
        Exterior (and supply) air temperature, common to the batch. [°C]
    basis : ndarray, shape (H, K)
        Hourly forcing basis shared by the batch (internal-gain schedule, irradiance on each
        orientation...). [any unit]
    int_coef, sol_coef : ndarray, shape (K, n)
        Internal gains φ_int = basis @ int_coef and solar gains φ_sol = basis @ sol_coef. [W]
    heating_setpoint_c, cooling_setpoint_c : ndarray, shape (H,)
        Air set-points; use ±inf for "none". [°C]
    heating_setpoint_offset_k : float or ndarray (n,)
        Per-zone shift of the heating set-point (e.g. the old-dwelling correction). [K]
    theta_m_initial_c : float or ndarray (n,), optional
        Mass temperature before the first hour; default the first heating set-point (shifted).
        EN ISO 13790 gives no initialisation rule here (see methods/thcex.md). [°C]
    chunk_cells : int, optional
        Hours × zones prepared at once; default 120,000 for the numpy loop (keeps the hourly
        rows in cache) and 1,000,000 for the compiled kernel (fewer calls; measured in
        ``benchmarks/bench_thcex.py``).
    keep_hourly : bool
        Keep hourly series (batches of one zone only).
    n_threads : int
        Default 1. Above 1: with the compiled kernel, the zones run on numba's threads
        (``prange``); with the numpy loop, sub-batches run in parallel Python threads (numpy
        releases the GIL). On a shared 2-core machine one thread was the most robust (measured,
        ``methods/thcex.md``).
    kernel : {"compiled", "numpy"}
        Hourly loop of the needs calculation: the numba kernel of
        :mod:`perfqual.core.thcex.kernel` (default) or the numpy reference loop; same
        results to round-off. Hourly series and limited powers always use the numpy loop.

    Returns
    -------
    Rc5Result
    """
    theta_e_c = np.asarray(theta_e_c, dtype=float)
    basis = np.asarray(basis, dtype=float)
    int_coef, sol_coef = np.asarray(int_coef, float), np.asarray(sol_coef, float)
    n_hours, n = theta_e_c.shape[0], b.n
    sp_h, sp_c = np.asarray(heating_setpoint_c, float), np.asarray(cooling_setpoint_c, float)
    _check_forcing(n_hours, n, basis, int_coef, sol_coef,
                   {"chauffage": sp_h, "refroidissement": sp_c})
    if keep_hourly and n != 1:
        raise InputError("les séries horaires ne sont conservées que pour un seul logement")
    offset = np.array(np.broadcast_to(np.asarray(heating_setpoint_offset_k, float), (n,)))
    m0 = sp_h[0] + offset if theta_m_initial_c is None else theta_m_initial_c
    m0 = np.array(np.broadcast_to(np.asarray(m0, float), (n,)))
    if not np.all(np.isfinite(m0)):
        raise InputError("température initiale de la masse non finie")
    if kernel not in KERNELS:
        raise InputError(f"noyau de calcul inconnu : {kernel!r} (attendu : "
                         f"{', '.join(KERNELS)})")
    if chunk_cells is None:
        chunk_cells = 1_000_000 if kernel == "compiled" else 120_000
    forcing = np.column_stack([theta_e_c, basis])  # (H, 1 + K)
    job = _Job(forcing, int_coef, sol_coef, sp_h, sp_c, offset, m0, chunk_cells, keep_hourly,
               kernel)
    n_parts = max(1, min(int(n_threads), n // 1000))
    if kernel == "compiled":  # the kernel itself runs the zones on numba's threads
        job = replace(job, parallel=n_parts > 1)
        n_parts = 1
    if n_parts == 1:
        return job.run(b, slice(0, n))
    bounds = np.linspace(0, n, n_parts + 1).astype(int)
    parts = [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    with ThreadPoolExecutor(max_workers=n_parts) as pool:
        results = list(pool.map(lambda sl: job.run(_slice(b, sl), sl), parts))
    return _concatenate(results)


def _slice(b: Rc5Building, sl: slice) -> Rc5Building:
    return Rc5Building(**{f.name: getattr(b, f.name)[sl] for f in fields(Rc5Building)})


def _concatenate(results: list[Rc5Result]) -> Rc5Result:
    out = {}
    for f in fields(Rc5Result):
        if f.name == "hourly":
            continue
        out[f.name] = np.concatenate([getattr(r, f.name) for r in results], axis=-1)
    return Rc5Result(**out)


def _month_chunks(n_hours: int, chunk: int):
    """Blocks of at most ``chunk`` hours that never cross a month boundary."""
    start = 0
    while start < n_hours:
        month = MONTH_OF_HOUR[start % MONTH_OF_HOUR.size]
        month_end = start + int(np.count_nonzero(MONTH_OF_HOUR[start % MONTH_OF_HOUR.size:]
                                                 == month))
        stop = min(n_hours, start + chunk, month_end)
        yield start, stop, int(month)
        start = stop


@dataclass(frozen=True)
class _Job:
    """The shared forcing of a batch; :meth:`run` simulates one sub-batch of zones."""

    forcing: np.ndarray  # (H, 1 + K): θ_e then the basis
    int_coef: np.ndarray
    sol_coef: np.ndarray
    sp_h: np.ndarray
    sp_c: np.ndarray
    offset: np.ndarray
    m0: np.ndarray
    chunk_cells: int
    keep_hourly: bool
    kernel: str = "compiled"
    parallel: bool = False

    def run(self, b: Rc5Building, cols: slice) -> Rc5Result:
        aff = _affine_coefficients(b)
        ci, cs, offset = self.int_coef[:, cols], self.sol_coef[:, cols], self.offset[cols]
        # β_t: free-floating controlled temperature at θ_m,t-1 = 0 (C.4.2 step 1); q_t: forcing
        # of the mass node.
        w_beta = np.vstack([aff.theta_ctrl["te"], ci * aff.theta_ctrl["int"]
                            + cs * aff.theta_ctrl["sol"]])
        w_q = np.vstack([aff.m_next["te"], ci * aff.m_next["int"] + cs * aff.m_next["sol"]])
        limited = bool(np.any(np.isfinite(b.heating_power_max_w))
                       or np.any(np.isfinite(b.cooling_power_max_w)))
        stepper = (_LimitedStepper(aff, b, w_beta, w_q, offset) if limited
                   else _UnlimitedStepper(aff, w_beta, w_q, offset))
        stepper.keep_m = self.keep_hourly
        # the compiled loop serves the needs calculation; hourly series and limited powers
        # use the numpy reference loop
        stepper.compiled = (self.kernel == "compiled" and not limited
                            and not self.keep_hourly)
        stepper.parallel = self.parallel
        acc = _Accumulator(b.n, self.keep_hourly)
        padded = np.vstack([self.forcing, self.forcing[-1:]])  # forcing of "hour H" (unused)
        state = stepper.start(self.m0[cols], padded[0])
        chunk = max(1, self.chunk_cells // max(b.n, 1))
        for start, stop, month in _month_chunks(self.forcing.shape[0], chunk):
            if stepper.compiled:
                state, stats, m_sums = stepper.march_compiled(
                    state, padded[start:stop + 1], self.sp_h[start:stop], self.sp_c[start:stop])
                acc.add_stats(stats[0], stats[1], stats[2], month, m_sums)
                continue
            state, phi, m_sums = stepper.march(state, padded[start:stop + 1],
                                               self.sp_h[start:stop], self.sp_c[start:stop])
            acc.add(phi, month, m_sums)
            if self.keep_hourly:
                acc.add_hourly(stepper.last_m_prev, padded[start:stop], ci, cs, phi)
        sums = self.forcing.sum(axis=0)
        m_end = stepper.mass_temperature(state, padded[-1])
        return acc.result(b, aff, sums[0], sums[1:] @ ci, sums[1:] @ cs, self.m0[cols], m_end)


class _Accumulator:
    """Running sums over hours (heating, cooling, monthly needs, node-temperature sums)."""

    def __init__(self, n: int, keep_hourly: bool):
        z = np.zeros(n)
        self.heat, self.cool, self.hours = z.copy(), z.copy(), z.copy()
        self.m_heat, self.m_cool = np.zeros((12, n)), np.zeros((12, n))
        self.sum_m_prev, self.sum_m_next = z.copy(), z.copy()
        self.hourly = {"m_prev": [], "te": [], "phi_int": [], "phi_sol": [], "hc": []} \
            if keep_hourly else None

    @property
    def sum_hc(self):
        return self.heat - self.cool

    def add(self, phi, month, m_sums):
        heat = np.maximum(phi, 0.0)
        h_sum = heat.sum(axis=0)
        c_sum = h_sum - phi.sum(axis=0)  # Σ max(-φ, 0) = Σ max(φ, 0) - Σ φ
        self.heat += h_sum
        self.cool += c_sum
        self.m_heat[month] += h_sum
        self.m_cool[month] += c_sum
        self.hours += np.count_nonzero(heat, axis=0)
        self.sum_m_prev += m_sums[0]
        self.sum_m_next += m_sums[1]

    def add_stats(self, heat, cool, hours, month, m_sums):
        """Same as :meth:`add` from sums already made by the compiled kernel."""
        self.heat += heat
        self.cool += cool
        self.m_heat[month] += heat
        self.m_cool[month] += cool
        self.hours += hours
        self.sum_m_prev += m_sums[0]
        self.sum_m_next += m_sums[1]

    def add_hourly(self, m_prev, forcing, ci, cs, phi):
        for key, val in (("m_prev", m_prev[:, 0]), ("te", forcing[:, 0]),
                         ("phi_int", forcing[:, 1:] @ ci[:, 0]),
                         ("phi_sol", forcing[:, 1:] @ cs[:, 0]), ("hc", phi[:, 0])):
            self.hourly[key].append(np.array(val))

    def result(self, b, aff, sum_te, sum_int, sum_sol, m_start, m_end) -> Rc5Result:
        # Sums of node temperatures by linearity of (C.9)-(C.11) [see module docstring].
        def node_sum(coef, m_prev):
            return (coef["m"] * m_prev + coef["te"] * sum_te + coef["int"] * sum_int
                    + coef["sol"] * sum_sol + coef["hc"] * self.sum_hc)

        sum_ts = node_sum(aff.theta_s, self.sum_m_prev)
        sum_tair = node_sum(aff.theta_air, self.sum_m_prev)
        sum_tm = 0.5 * (self.sum_m_prev + self.sum_m_next)
        # The split (C.1)-(C.3) keeps out the share H_tr,w/(9.1·A_t) of the surface gains: it
        # leaves through the windows and is counted here as transmission.
        direct_out = (b.h_tr_w_w_per_k / (H_MS_W_PER_M2K * b.a_t_m2)
                      * (0.5 * sum_int + sum_sol + (1.0 - b.hc_convective_frac) * self.sum_hc))
        transmission = (b.h_tr_w_w_per_k * (sum_ts - sum_te)
                        + b.h_tr_em_w_per_k * (sum_tm - sum_te) + direct_out)
        ventilation = b.h_ve_w_per_k * (sum_tair - sum_te)
        stored = b.c_m_j_per_k / 3600.0 * (m_end - m_start)
        return Rc5Result(
            heating_need_wh=self.heat, cooling_need_wh=self.cool,
            monthly_heating_need_wh=self.m_heat, monthly_cooling_need_wh=self.m_cool,
            heating_hours=self.hours, transmission_wh=transmission, ventilation_wh=ventilation,
            solar_wh=np.asarray(sum_sol, float), internal_wh=np.asarray(sum_int, float),
            stored_wh=stored, hourly=self._hourly_series(aff) if self.hourly else None,
        )

    def _hourly_series(self, aff) -> dict:
        s = {k: np.concatenate(v) for k, v in self.hourly.items()}

        def node(coef):
            return (coef["m"][0] * s["m_prev"] + coef["te"][0] * s["te"]
                    + coef["int"][0] * s["phi_int"] + coef["sol"][0] * s["phi_sol"]
                    + coef["hc"][0] * s["hc"])

        t_air, t_s = node(aff.theta_air), node(aff.theta_s)
        return {"temp_air_c": t_air, "temp_surface_c": t_s,
                "temp_operative_c": 0.3 * t_air + 0.7 * t_s,
                "heating_w": np.maximum(s["hc"], 0.0), "cooling_w": np.maximum(-s["hc"], 0.0)}


class _UnlimitedStepper:
    r"""Hourly loop with unrestricted power (C.4.2 steps 1–3), on a reduced state.

    With the free-floating air temperature :math:`\theta_{air,0,t} = \alpha\theta_{m,t-1} +
    \beta_t` and :math:`\phi_{HC} = (\theta_{air,t} - \theta_{air,0,t})/k` (C.13, exact for
    the linear model), the mass update (C.4) is :math:`\theta_{m,t} = a_2\theta_{m,t-1} + q_t +
    c_2\theta_{air,t}`. The loop carries :math:`s_t = \theta_{air,0,t} - \Delta\theta` (Δθ the
    set-point offset) so that one hour costs one clip and four multiply-adds per zone:
    :math:`s_{t+1} = a_2 s_t + \alpha c_2 (\theta_{air,t} - \Delta\theta) + Q_t`, with
    :math:`Q_t` prepared by one matrix product from the forcing of hours t and t+1.
    """

    def __init__(self, aff: _Affine, w_beta, w_q, offset):
        self.alpha, self.k = aff.theta_ctrl["m"], aff.theta_ctrl["hc"]
        qu = aff.m_next["hc"]
        self.a2 = aff.m_next["m"] - qu * self.alpha / self.k
        self.c2 = qu / self.k
        self.cc = self.alpha * self.c2
        self.w_beta, self.offset = w_beta, offset
        w_q2 = w_q - self.c2 * w_beta  # q_t = F_t @ w_q2
        # Q_t = α q_t + β_{t+1} - a2 β_t + (a2 + α c2 - 1) Δθ
        self.w_pair = np.vstack([self.alpha * w_q2 - self.a2 * w_beta, w_beta,
                                 (self.a2 + self.cc - 1.0) * offset])
        self.uniform = bool(np.all(offset == offset[0]))
        self.last_m_prev = None
        self.keep_m = False
        self.compiled = False
        self.parallel = False

    def start(self, m0, forcing0):
        return self.alpha * m0 + forcing0 @ self.w_beta - self.offset

    def mass_temperature(self, s, forcing):
        return (s + self.offset - forcing @ self.w_beta) / self.alpha

    def march(self, s0, forcing, sp_h, sp_c):
        h = sp_h.shape[0]
        pair = np.hstack([forcing[:-1], forcing[1:], np.ones((h, 1))])
        q = pair @ self.w_pair
        s = np.empty((h + 1, s0.shape[0]))
        s[0] = s0
        t_air = np.empty((h, s0.shape[0]))
        tmp = np.empty(s0.shape[0])
        a2, cc = self.a2, self.cc
        if self.uniform:
            lo, hi = sp_h, sp_c - self.offset[0]
            for t in range(h):
                _clip(s[t], lo[t], hi[t], out=t_air[t])
                np.multiply(a2, s[t], out=s[t + 1])
                np.multiply(cc, t_air[t], out=tmp)
                s[t + 1] += tmp
                s[t + 1] += q[t]
        else:
            hi_rows = sp_c[:, None] - self.offset[None, :]
            for t in range(h):
                np.maximum(s[t], sp_h[t], out=t_air[t])
                np.minimum(t_air[t], hi_rows[t], out=t_air[t])
                np.multiply(a2, s[t], out=s[t + 1])
                np.multiply(cc, t_air[t], out=tmp)
                s[t + 1] += tmp
                s[t + 1] += q[t]
        beta_sum = forcing[:-1].sum(axis=0) @ self.w_beta
        sum_prev = (s[:-1].sum(axis=0) + h * self.offset - beta_sum) / self.alpha
        m_first = self.mass_temperature(s[0], forcing[0])
        m_after = self.mass_temperature(s[-1], forcing[-1])
        if self.keep_m:
            self.last_m_prev = (s[:-1] + self.offset - forcing[:-1] @ self.w_beta) / self.alpha
        t_air -= s[:-1]
        t_air /= self.k
        return s[-1].copy(), t_air, (sum_prev, sum_prev - m_first + m_after)

    def march_compiled(self, s0, forcing, sp_h, sp_c):
        """:meth:`_UnlimitedStepper.march` with the numba loop; returns sums instead of φ_HC."""
        from perfqual.core.thcex import kernel

        h, n = sp_h.shape[0], s0.shape[0]
        pair = np.hstack([forcing[:-1], forcing[1:], np.ones((h, 1))])
        q = pair @ self.w_pair
        s = np.array(s0, dtype=float)
        stats = np.zeros((4, n))
        march = kernel.march_unlimited_parallel if self.parallel else kernel.march_unlimited
        march(s, q, np.ascontiguousarray(sp_h), np.ascontiguousarray(sp_c), self.offset,
              self.a2, self.cc, self.k, stats)
        beta_sum = forcing[:-1].sum(axis=0) @ self.w_beta
        sum_prev = (stats[3] + h * self.offset - beta_sum) / self.alpha
        m_first = self.mass_temperature(s0, forcing[0])
        m_after = self.mass_temperature(s, forcing[-1])
        return s, stats, (sum_prev, sum_prev - m_first + m_after)


def _clip(x, lo, hi, out):
    """clip with scalar bounds (one ufunc call)."""
    return np.clip(x, lo, hi, out=out)


class _LimitedStepper:
    """Hourly loop with available powers (C.4.2 step 4): φ_HC capped at the maximum powers."""

    def __init__(self, aff: _Affine, b: Rc5Building, w_beta, w_q, offset):
        self.alpha, self.k = aff.theta_ctrl["m"], aff.theta_ctrl["hc"]
        self.a_m, self.qu = aff.m_next["m"], aff.m_next["hc"]
        self.p_max, self.p_min = b.heating_power_max_w, -b.cooling_power_max_w
        self.w_beta, self.w_q, self.offset = w_beta, w_q, offset
        self.last_m_prev = None
        self.compiled = False

    def start(self, m0, forcing0):
        return m0.copy()

    def mass_temperature(self, m, forcing):
        return m

    def march(self, m0, forcing, sp_h, sp_c):
        f = forcing[:-1]
        beta, q0 = f @ self.w_beta, f @ self.w_q
        h = sp_h.shape[0]
        m_hist = np.empty((h + 1, m0.shape[0]))
        m_hist[0] = m0
        phi = np.empty_like(beta)
        for t in range(h):
            t0 = self.alpha * m_hist[t] + beta[t]
            target = np.minimum(np.maximum(t0, sp_h[t] + self.offset), sp_c[t])
            np.clip((target - t0) / self.k, self.p_min, self.p_max, out=phi[t])
            m_hist[t + 1] = self.a_m * m_hist[t] + q0[t] + self.qu * phi[t]
        self.last_m_prev = m_hist[:-1]
        total = m_hist.sum(axis=0)
        return m_hist[-1].copy(), phi, (total - m_hist[-1], total - m_hist[0])


def simulate_rc5_series(b: Rc5Building, theta_e_c, phi_int_w, phi_sol_w, heating_setpoint_c,
                        cooling_setpoint_c, theta_m_initial_c=None,
                        keep_hourly: bool = True) -> Rc5Result:
    """Convenience wrapper for one zone with explicit hourly gains (tests, single dwelling).

    Parameters
    ----------
    b : Rc5Building
        Parameters of one zone (n = 1).
    theta_e_c, phi_int_w, phi_sol_w, heating_setpoint_c, cooling_setpoint_c : ndarray (H,)
        Hourly exterior temperature [°C], internal and solar gains [W], set-points [°C].
    """
    if b.n != 1:
        raise InputError("simulate_rc5_series attend un seul logement")
    basis = np.column_stack([np.asarray(phi_int_w, float), np.asarray(phi_sol_w, float)])
    return simulate_rc5_batch(
        b, theta_e_c, basis, np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]]),
        np.asarray(heating_setpoint_c, float), np.asarray(cooling_setpoint_c, float),
        theta_m_initial_c=theta_m_initial_c, keep_hourly=keep_hourly,
    )
