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


def _structure_key(net: Network) -> tuple:
    return (len(net.capacity_j_per_k), tuple(np.flatnonzero(net.capacity_j_per_k > 0.0)))


def prepare_zones(nets: list[Network], names: list[str],
                  time_step_s: float = TIME_STEP_S) -> list[PreparedZone]:
    """:func:`prepare_zone` for many zones: zones with the same node structure are condensed and
    diagonalised as one stack (numpy's batched solve and eigh), which is what makes the set-up of
    a thousand dwellings cheap. Same results as :func:`prepare_zone` (round-off)."""
    out: list[PreparedZone | None] = [None] * len(nets)
    groups: dict[tuple, list[int]] = {}
    for i, net in enumerate(nets):
        groups.setdefault(_structure_key(net), []).append(i)
    for idx in groups.values():
        try:
            prepared = _prepare_stack([nets[i] for i in idx], [names[i] for i in idx],
                                      time_step_s)
        except (np.linalg.LinAlgError, SimulationError):
            prepared = [prepare_zone(nets[i], names[i], time_step_s) for i in idx]
        for i, p in zip(idx, prepared, strict=True):
            out[i] = p
    return out  # type: ignore[return-value]


def _prepare_stack(nets: list[Network], names: list[str], dt: float) -> list[PreparedZone]:
    cap = np.stack([n.capacity_j_per_k for n in nets])
    m = np.stack([n.conductance_w_per_k for n in nets]) + np.stack(
        [np.diag(c / dt) for c in cap])
    p = np.stack([n.forcing for n in nets])
    e = np.stack([n.hc_injection for n in nets])[:, :, None]
    s_idx = np.flatnonzero(cap[0] > 0.0)
    a_idx = np.flatnonzero(cap[0] <= 0.0)
    m_aa = m[:, a_idx][:, :, a_idx]
    m_as = m[:, a_idx][:, :, s_idx]
    m_sa = m[:, s_idx][:, :, a_idx]
    # one solve for M_AA^-1 [M_AS | P_A | e_A]; raises LinAlgError on any singular block
    sol = np.linalg.solve(m_aa, np.concatenate([m_as, p[:, a_idx], e[:, a_idx]], axis=2))
    ns, nb = len(s_idx), p.shape[2]
    x_as, x_ap, x_ae = sol[:, :, :ns], sol[:, :, ns:ns + nb], sol[:, :, ns + nb]
    m_s = m[:, s_idx][:, :, s_idx] - m_sa @ x_as
    m_s = 0.5 * (m_s + np.swapaxes(m_s, 1, 2))
    p_s = p[:, s_idx] - m_sa @ x_ap
    e_s = e[:, s_idx, 0] - (m_sa @ x_ae[:, :, None])[:, :, 0]
    d_inv_sqrt = 1.0 / np.sqrt(cap[:, s_idx] / dt)
    mu, w = np.linalg.eigh(d_inv_sqrt[:, :, None] * m_s * d_inv_sqrt[:, None, :])
    v = d_inv_sqrt[:, :, None] * w  # V^T D V = I, V^T M_S V = diag(μ)
    if not np.all(np.isfinite(mu)) or np.min(mu) < 1.0 - 1e-9:
        raise SimulationError("décomposition modale non physique")
    lam = 1.0 / mu
    vt = np.swapaxes(v, 1, 2)
    forcing = lam[:, :, None] * (vt @ p_s)
    hc_gain = lam * (vt @ e_s[:, :, None])[:, :, 0]
    capv = (cap[:, None, s_idx] @ v)[:, 0]
    kinds = {
        "control": ([n.control_row for n in nets], None),
        "air": ([n.air_row for n in nets], None),
        "operative": ([n.operative_row for n in nets], None),
        "transmission": ([n.transmission[0] for n in nets], [n.transmission[1] for n in nets]),
        "ventilation": ([n.ventilation[0] for n in nets], [n.ventilation[1] for n in nets]),
    }
    func = {name: _functionals(rows, basis, s_idx, a_idx, x_as, x_ap, x_ae, v, nb)
            for name, (rows, basis) in kinds.items()}
    out = []
    for k, net in enumerate(nets):
        f = {name: Functional(y=y[k], basis=b[k], phi=float(phi[k]))
             for name, (y, b, phi) in func.items()}
        out.append(PreparedZone(
            name=names[k], decay=lam[k], forcing=forcing[k], hc_gain=hc_gain[k],
            modal_steady_denominator=mu[k] - 1.0, modal_to_nodes_capacity_j_per_k=capv[k],
            control=f["control"], air=f["air"], operative=f["operative"],
            transmission=f["transmission"], ventilation=f["ventilation"],
            solar_basis=net.solar_row_basis, internal_basis=net.internal_row_basis,
            n_nodes=len(net.capacity_j_per_k)))
    return out


def _functionals(rows, basis, s_idx, a_idx, x_as, x_ap, x_ae, v, n_basis):
    """The :class:`Functional` of one output for a stack of zones: y = (r_S − r_A X_AS) V,
    basis part b + r_A X_AP, Φ_HC coefficient r_A X_Ae (same as :func:`prepare_zone`)."""
    r = np.stack(rows)
    r_s, r_a = r[:, s_idx], r[:, a_idx][:, None, :]
    y = ((r_s - (r_a @ x_as)[:, 0])[:, None, :] @ v)[:, 0]
    b = (np.zeros((len(r), n_basis)) if basis is None else np.stack(basis)) + (r_a @ x_ap)[:, 0]
    phi = (r_a @ x_ae[:, :, None])[:, 0, 0]
    return y, b, phi
