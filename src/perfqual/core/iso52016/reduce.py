"""Preparation done once per zone: static condensation of the massless nodes and modal
decomposition of the remaining (capacitive) nodes.

The network of EN ISO 52016-1:2017 (eqs 38–41, backward Euler in time) is linear with constant
coefficients: M θ_t = C/Δt θ_{t−1} + P u_t + e Φ_t with M = K + C/Δt symmetric. Nodes without
heat capacity (window nodes, the radiative star, massless nodes of classes I/E/M) are eliminated
exactly by a Schur complement (static condensation, the "fast solver" idea of the UK Home Energy
Model, METHODS-NOTES A.10 and F.7). The capacitive system M_S x_t = D x_{t−1} + … (D = C_S/Δt)
is then diagonalised by the generalised symmetric eigenproblem M_S V = D V diag(μ), V^T D V = I:
with x = V y every hour becomes y_t = λ ⊙ y_{t−1} + λ ⊙ V^T(P' u_t + e' Φ_t), λ = 1/μ ∈ (0, 1].
These are exact algebraic transformations of the standard's equations (no truncation), so
the hourly loop costs O(n_capacitive) per zone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from perfqual.core.iso52016.network import Network
from perfqual.errors import SimulationError

TIME_STEP_S = 3600.0


@dataclass(frozen=True)
class Functional:
    """A linear output r·θ written on the modal state: y-row, basis-row and Φ_HC coefficient."""

    y: np.ndarray
    basis: np.ndarray
    phi: float


@dataclass(frozen=True)
class PreparedZone:
    """Everything the hourly loop needs for one zone (constant over the year)."""

    name: str
    decay: np.ndarray  # λ (n,)
    forcing: np.ndarray  # λ V^T P' (n, n_basis)
    hc_gain: np.ndarray  # λ V^T e' (n,)
    modal_steady_denominator: np.ndarray  # μ − 1 (n,)
    modal_to_nodes_capacity_j_per_k: np.ndarray  # C_S^T V (n,): stored heat = this · y
    control: Functional
    air: Functional
    operative: Functional
    transmission: Functional
    ventilation: Functional
    solar_basis: np.ndarray
    internal_basis: np.ndarray
    n_nodes: int

    @property
    def control_sensitivity_k_per_w(self) -> float:
        """d θ_control / d Φ_HC within the same hour. [K/W]"""
        return float(self.control.y @ self.hc_gain + self.control.phi)


def prepare_zone(net: Network, name: str, time_step_s: float = TIME_STEP_S) -> PreparedZone:
    """Condense the massless nodes and diagonalise the capacitive system of one zone.

    Raises
    ------
    SimulationError
        If the system is singular (same matrix at every hour: the message names the zone).
    """
    cap = net.capacity_j_per_k
    m = net.conductance_w_per_k + np.diag(cap / time_step_s)
    s_idx = np.flatnonzero(cap > 0.0)
    a_idx = np.flatnonzero(cap <= 0.0)
    p, e = net.forcing, net.hc_injection
    try:
        m_aa = m[np.ix_(a_idx, a_idx)]
        lu = scipy.linalg.lu_factor(m_aa, check_finite=True) if len(a_idx) else None
        if lu is not None and np.min(np.abs(np.diag(lu[0]))) < 1e-12 * np.max(np.abs(m_aa)):
            raise np.linalg.LinAlgError("singular massless block")

        def solve_a(rhs: np.ndarray) -> np.ndarray:
            return scipy.linalg.lu_solve(lu, rhs) if lu is not None else rhs[:0]

        m_as = m[np.ix_(a_idx, s_idx)]
        m_sa = m[np.ix_(s_idx, a_idx)]
        x_as = solve_a(m_as)  # M_AA^-1 M_AS
        x_ap = solve_a(p[a_idx])
        x_ae = solve_a(e[a_idx])
        m_s = m[np.ix_(s_idx, s_idx)] - m_sa @ x_as
        m_s = 0.5 * (m_s + m_s.T)
        p_s = p[s_idx] - m_sa @ x_ap
        e_s = e[s_idx] - m_sa @ x_ae
        d = cap[s_idx] / time_step_s
        mu, v = scipy.linalg.eigh(m_s, np.diag(d))
    except (np.linalg.LinAlgError, ValueError) as exc:
        raise SimulationError(
            f"zone « {name} » : système d'équations singulier à toutes les heures (matrice "
            f"constante de l'EN ISO 52016-1 éqs 38–41) : {exc}"
        ) from None
    if not np.all(np.isfinite(mu)) or np.min(mu) < 1.0 - 1e-9:
        raise SimulationError(f"zone « {name} » : décomposition modale non physique (μ < 1)")
    lam = 1.0 / mu

    def functional(row: np.ndarray, basis: np.ndarray | None = None) -> Functional:
        r_s, r_a = row[s_idx], row[a_idx]
        y = (r_s - r_a @ x_as) @ v
        b = (np.zeros(p.shape[1]) if basis is None else basis.copy()) + r_a @ x_ap
        return Functional(y=y, basis=b, phi=float(r_a @ x_ae))

    return PreparedZone(
        name=name,
        decay=lam,
        forcing=lam[:, None] * (v.T @ p_s),
        hc_gain=lam * (v.T @ e_s),
        modal_steady_denominator=mu - 1.0,
        modal_to_nodes_capacity_j_per_k=cap[s_idx] @ v,
        control=functional(net.control_row),
        air=functional(net.air_row),
        operative=functional(net.operative_row),
        transmission=functional(*net.transmission),
        ventilation=functional(*net.ventilation),
        solar_basis=net.solar_row_basis,
        internal_basis=net.internal_row_basis,
        n_nodes=len(cap),
    )
