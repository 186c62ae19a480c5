"""Thermal network of one zone of the EN ISO 52016-1:2017 hourly method (eqs 38–41).

The zone is described with plain values (:class:`SurfaceChain`, :class:`ZoneSpec`); every
time-dependent input is a linear combination of the columns of a *basis* of hourly series shared
by the whole batch (outdoor temperature, irradiance per orientation, month indicators, gain
shape…), so that the year's forcing of a thousand dwellings is one matrix product.

Node equations, all multiplied by the element area (W/K), which makes the conductance matrix
symmetric:

* external surface node (eq. 41): ``(κ1/Δt + h_e + h_pl1)θ1 − h_pl1θ2 = κ1/Δt θ1' + h_e θ_bnd
  + a_sol I_sol − F_sky h_re Δθ_sky``;
* inside nodes (eq. 40); internal surface node (eq. 39) with the radiative exchange
  ``h_ri Σ_k (A_k/A_tot)(θ_i − θ_k)``, written exactly as a star node at the area-weighted mean
  radiant temperature with conductances h_ri·A_i (identical because h_ri is the same for all
  surfaces); radiative shares of gains and of Φ_HC spread per m² over all surfaces;
* air node (eq. 38): C_int, h_ci·A_i to each surface, H_ve to the supply temperature, H_tb to
  the outdoor temperature, convective shares of the gains and of Φ_HC.

Surfaces with identical per-area coefficients, convective coefficient and boundary are merged
into one chain of summed area (exact: the equations are linear and identical per m²; only the
merged chain's area-weighted temperatures are kept, which is all the zone balance needs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from perfqual.errors import InputError

ControlVariable = Literal["operative", "air"]
AIR_NODE = 0
STAR_NODE = 1


@dataclass(frozen=True)
class SurfaceChain:
    """One element (opaque, window, ground floor) as a chain of nodes, external -> internal.

    ``boundary_temp`` and ``ext_forcing_w_per_m2`` are linear combinations of basis columns
    (``{column name: coefficient}``): e.g. ``{"theta_e": 1.0}`` for outdoor air, the 12 month
    indicators times θ_gr,m for the ground, ``{"irr:90:180": 0.6, "one": -22.77}`` for the
    absorbed solar and the long-wave loss to the sky.
    """

    name: str
    area_m2: float
    conductances_w_per_m2k: tuple[float, ...]
    capacities_j_per_m2k: tuple[float, ...]
    h_ci_w_per_m2k: float
    h_ri_w_per_m2k: float
    h_ext_w_per_m2k: float  # 0 for an adiabatic boundary
    boundary_temp: Mapping[str, float] = field(default_factory=dict)
    ext_to_air_frac: float = 0.0  # 1 − b of an element to an unheated space (ISO 13789)
    ext_forcing_w_per_m2: Mapping[str, float] = field(default_factory=dict)
    # Relative weight per m² of the radiative part of the solar gains on this internal surface:
    # 1 everywhere is the standard's uniform spread per m² (eq. 39, term /A_tot); an option
    # (e.g. all on the floor, as EnergyPlus' MinimalShadowing) for validation runs.
    solar_weight: float = 1.0

    def merge_key(self) -> tuple:
        """Key of surfaces that can be merged (same per-area dynamics and boundary type).

        Coefficients are compared on a grid of 1e-12 (capacities 1e-6 J/(m²·K)): integer
        quantisation ``round(x·10¹²)``, the same tolerance as ``round(x, 12)`` at a fraction of
        its cost (``round`` with digits goes through a decimal conversion).
        """
        return (
            tuple([round(h * 1e12) for h in self.conductances_w_per_m2k]),
            tuple([round(k * 1e6) for k in self.capacities_j_per_m2k]),
            round(self.h_ci_w_per_m2k * 1e12), round(self.h_ri_w_per_m2k * 1e12),
            round(self.h_ext_w_per_m2k * 1e12), round(self.ext_to_air_frac * 1e12),
            round(self.solar_weight * 1e12),
        )


@dataclass(frozen=True)
class ZoneSpec:
    """A thermal zone ready for the network assembly (canonical units, see field names)."""

    name: str
    surfaces: tuple[SurfaceChain, ...]
    use_area_m2: float
    c_int_j_per_k: float
    h_ve_w_per_k: float  # ventilation + infiltration, supply at outdoor temperature
    h_tb_w_per_k: float  # thermal bridges to outdoor air
    internal_gains_w: Mapping[str, float]
    solar_gains_w: Mapping[str, float]  # through windows, as a combination of basis columns
    f_int_convective: float
    f_sol_convective: float
    f_hc_convective: float
    control: ControlVariable = "operative"
    heating_setpoint_offset_k: float = 0.0
    max_heating_w: float = float("inf")
    max_cooling_w: float = float("inf")


@dataclass(frozen=True)
class Network:
    """Assembled linear network: (K + C/Δt) θ_t = C/Δt θ_{t−1} + P u_t + e Φ_HC,t."""

    conductance_w_per_k: np.ndarray  # K (N, N), symmetric
    capacity_j_per_k: np.ndarray  # C (N,)
    forcing: np.ndarray  # P (N, n_basis) [W per unit of basis column]
    hc_injection: np.ndarray  # e (N,) share of Φ_HC on each node
    control_row: np.ndarray  # (N,) control temperature = row · θ
    air_row: np.ndarray
    operative_row: np.ndarray
    transmission: tuple[np.ndarray, np.ndarray]  # (node row, basis row) [W]
    ventilation: tuple[np.ndarray, np.ndarray]
    solar_row_basis: np.ndarray
    internal_row_basis: np.ndarray


def _validate_surface(s: SurfaceChain) -> None:
    n = len(s.capacities_j_per_m2k)
    if len(s.conductances_w_per_m2k) != n - 1 or n < 2:
        raise InputError(f"paroi « {s.name} » : {n} nœuds et "
                         f"{len(s.conductances_w_per_m2k)} conductances (n − 1 attendu)")
    if not s.area_m2 > 0:
        raise InputError(f"paroi « {s.name} » : surface non positive ({s.area_m2} m²)")
    if min(s.conductances_w_per_m2k) <= 0 or min(s.capacities_j_per_m2k) < 0:
        raise InputError(f"paroi « {s.name} » : conductance ≤ 0 ou capacité < 0")
    if not 0.0 <= s.ext_to_air_frac <= 1.0:
        raise InputError(f"paroi « {s.name} » : 1 − b hors de [0, 1]")


def merge_surfaces(surfaces: tuple[SurfaceChain, ...]) -> tuple[SurfaceChain, ...]:
    """Merge surfaces with the same :meth:`SurfaceChain.merge_key` (exact, see module doc)."""
    groups: dict[tuple, list[SurfaceChain]] = {}
    for s in surfaces:
        _validate_surface(s)
        groups.setdefault(s.merge_key(), []).append(s)
    merged = []
    for members in groups.values():
        if len(members) == 1:  # nothing to merge: the surface as given
            merged.append(members[0])
            continue
        area = sum(m.area_m2 for m in members)
        temp: dict[str, float] = {}
        forcing: dict[str, float] = {}
        for m in members:
            for k, v in m.boundary_temp.items():
                temp[k] = temp.get(k, 0.0) + v * m.area_m2 / area
            for k, v in m.ext_forcing_w_per_m2.items():
                forcing[k] = forcing.get(k, 0.0) + v * m.area_m2 / area
        first = members[0]
        merged.append(SurfaceChain(
            name="+".join(m.name for m in members), area_m2=area,
            conductances_w_per_m2k=first.conductances_w_per_m2k,
            capacities_j_per_m2k=first.capacities_j_per_m2k,
            h_ci_w_per_m2k=first.h_ci_w_per_m2k, h_ri_w_per_m2k=first.h_ri_w_per_m2k,
            h_ext_w_per_m2k=first.h_ext_w_per_m2k, boundary_temp=temp,
            ext_to_air_frac=first.ext_to_air_frac, ext_forcing_w_per_m2=forcing,
            solar_weight=first.solar_weight,
        ))
    return tuple(merged)


def _link(k: list, i: int, j: int, g: float) -> None:
    k[i][i] += g
    k[j][j] += g
    k[i][j] -= g
    k[j][i] -= g


def _sparse(mapping: Mapping[str, float], columns: Mapping[str, int], what: str) -> dict:
    """``{column index: coefficient}`` of a basis combination ``{column name: coefficient}``."""
    out: dict[int, float] = {}
    for name, coef in mapping.items():
        if name not in columns:
            raise InputError(f"{what} : série de base inconnue « {name} »")
        c = columns[name]
        out[c] = out.get(c, 0.0) + coef
    return out


def _add(row: dict, combo: dict, factor: float) -> None:
    """row += factor · combo (sparse rows: ``{column: value}``)."""
    for c, v in combo.items():
        row[c] = row.get(c, 0.0) + factor * v


def _dense(rows: dict, shape: tuple[int, int]) -> np.ndarray:
    out = np.zeros(shape)
    for node, row in rows.items():
        for c, v in row.items():
            out[node, c] = v
    return out


def assemble_network(zone: ZoneSpec, columns: Mapping[str, int]) -> Network:
    """Assemble the symmetric network of eqs 38–41 for one zone (EN ISO 52016-1:2017 §6.5.6).

    Assembled in plain Python (nested lists and sparse rows ``{column: value}``: a node sees a
    few basis columns only), converted to arrays once at the end: the set-up of a large batch
    is dominated by this per-surface work, not by arithmetic.
    """
    surfaces = merge_surfaces(zone.surfaces)
    if not surfaces:
        raise InputError(f"zone « {zone.name} » sans paroi")
    n_nodes = 2 + sum(len(s.capacities_j_per_m2k) for s in surfaces)
    n_b = len(columns)
    k = [[0.0] * n_nodes for _ in range(n_nodes)]
    cap = [0.0] * n_nodes
    forcing: dict[int, dict] = {}
    e = [0.0] * n_nodes
    tr_nodes, tr_basis = [0.0] * n_nodes, {}
    a_tot = sum(s.area_m2 for s in surfaces)
    a_sol = sum(s.area_m2 * s.solar_weight for s in surfaces)
    if not a_sol > 0:
        raise InputError(f"zone « {zone.name} » : répartition du rayonnement solaire nulle")
    phi_int = _sparse(zone.internal_gains_w, columns, "apports internes")
    phi_sol = _sparse(zone.solar_gains_w, columns, "apports solaires")
    cap[AIR_NODE] = zone.c_int_j_per_k
    node = 2
    for s in surfaces:
        n = len(s.capacities_j_per_m2k)
        a = s.area_m2
        for j in range(n):
            cap[node + j] = a * s.capacities_j_per_m2k[j]
        for j, h in enumerate(s.conductances_w_per_m2k):
            _link(k, node + j, node + j + 1, a * h)
        # external surface node (eq. 41)
        g_ext = a * s.h_ext_w_per_m2k
        g_bnd, g_air = g_ext * (1.0 - s.ext_to_air_frac), g_ext * s.ext_to_air_frac
        theta_bnd = _sparse(s.boundary_temp, columns, f"paroi « {s.name} »")
        k[node][node] += g_bnd
        row = forcing.setdefault(node, {})
        _add(row, theta_bnd, g_bnd)
        if g_air:
            _link(k, node, AIR_NODE, g_air)
        ext = _sparse(s.ext_forcing_w_per_m2, columns, f"paroi « {s.name} »")
        _add(row, ext, a)
        tr_nodes[node] += g_bnd
        for c in theta_bnd.keys() | ext.keys():
            tr_basis[c] = tr_basis.get(c, 0.0) - (g_bnd * theta_bnd.get(c, 0.0)
                                                  + a * ext.get(c, 0.0))
        # internal surface node (eq. 39): air and radiative star
        inner = node + n - 1
        _link(k, inner, AIR_NODE, a * s.h_ci_w_per_m2k)
        _link(k, inner, STAR_NODE, a * s.h_ri_w_per_m2k)
        share = a / a_tot
        row = forcing.setdefault(inner, {})
        _add(row, phi_int, share * (1 - zone.f_int_convective))
        _add(row, phi_sol, a * s.solar_weight / a_sol * (1 - zone.f_sol_convective))
        e[inner] += share * (1 - zone.f_hc_convective)
        node += n
    # air node (eq. 38)
    theta_e = _sparse({"theta_e": 1.0}, columns, "température extérieure")
    g_out = zone.h_ve_w_per_k + zone.h_tb_w_per_k
    k[AIR_NODE][AIR_NODE] += g_out
    row = forcing.setdefault(AIR_NODE, {})
    _add(row, theta_e, g_out)
    _add(row, phi_int, zone.f_int_convective)
    _add(row, phi_sol, zone.f_sol_convective)
    e[AIR_NODE] += zone.f_hc_convective
    tr_nodes[AIR_NODE] += zone.h_tb_w_per_k
    _add(tr_basis, theta_e, -zone.h_tb_w_per_k)
    ve_nodes = np.zeros(n_nodes)
    ve_nodes[AIR_NODE] = zone.h_ve_w_per_k
    air = np.zeros(n_nodes)
    air[AIR_NODE] = 1.0
    star = np.zeros(n_nodes)
    star[STAR_NODE] = 1.0
    operative = 0.5 * (air + star)  # §6.5.5.3: θ_op = (θ_air + θ_r)/2
    theta_e_row = _dense({0: theta_e}, (1, n_b))[0]
    return Network(
        conductance_w_per_k=np.array(k), capacity_j_per_k=np.array(cap),
        forcing=_dense(forcing, (n_nodes, n_b)), hc_injection=np.array(e),
        control_row=operative if zone.control == "operative" else air,
        air_row=air, operative_row=operative,
        transmission=(np.array(tr_nodes), _dense({0: tr_basis}, (1, n_b))[0]),
        ventilation=(ve_nodes, -zone.h_ve_w_per_k * theta_e_row),
        solar_row_basis=_dense({0: phi_sol}, (1, n_b))[0],
        internal_row_basis=_dense({0: phi_int}, (1, n_b))[0],
    )
