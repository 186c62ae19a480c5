"""Batched hourly time loop of the EN ISO 52016-1:2017 method with the load determination of
§6.5.5.2 (eqs 25–28), and the zone energy balance.

Load determination per hour and zone: free-floating solve (Φ_HC = 0) → θ_ctrl,0; if it lies
between the heating and cooling set-points the load is zero; otherwise the unrestricted load of
eq. (27), Φ_HC,un = Φ_upper(θ_set − θ_0)/(θ_upper − θ_0), capped by the available power (eq. 28),
and the node temperatures recomputed with the actual load. The network is linear, so
θ_upper − θ_0 = s·Φ_upper with s = dθ_ctrl/dΦ_HC constant over the year (prepared once): eq. (27)
then reads Φ_HC,un = (θ_set − θ_0)/s for any Φ_upper, which is what the loop computes. The
controlled temperature is the operative one (eqs 25–28) or the air temperature (option, used to
match BESTEST/EnergyPlus ideal loads).

Initialisation (the standard's warm-up rule was not available, METHODS-NOTES A.12): nodes start
at the steady state of the mean warm-up inputs with the mean heating set-point held, then the
last ``warmup_hours`` of the year (default 744 h = December, as pybuildingenergy does) are run
before the simulated year. Both are inputs and reported in ``methods/iso52016.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from perfqual.core.iso52016.reduce import PreparedZone
from perfqual.errors import InputError, SimulationError

DAYS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
MONTH_OF_HOUR = np.repeat(np.arange(12), DAYS_PER_MONTH * 24)
WARMUP_HOURS = 744
# Zones per block of the compiled kernel: the length of its innermost (vectorised) loops. 32
# measured best on the benchmark batch (methods/iso52016.md §7); fewer zones use fewer lanes.
MAX_LANES = 32
Kernel = Literal["compiled", "numpy"]
KERNELS = ("compiled", "numpy")


@dataclass(frozen=True)
class ZoneResult:
    """Yearly result of one zone (energies in kWh, powers in W, positive values)."""

    name: str
    heating_kwh: float
    cooling_kwh: float
    monthly_heating_kwh: np.ndarray
    monthly_cooling_kwh: np.ndarray
    peak_heating_w: float
    peak_cooling_w: float
    heating_hours: int  # hours with a heating load (auxiliaries)
    transmission_kwh: float
    ventilation_kwh: float
    solar_kwh: float
    internal_kwh: float
    stored_kwh: float
    temp_air_c: np.ndarray | None = None
    temp_operative_c: np.ndarray | None = None
    load_w: np.ndarray | None = None  # Φ_HC, heating > 0, cooling < 0

    @property
    def balance_residual_kwh(self) -> float:
        """heating − cooling + solar + internal − transmission − ventilation − stored. [kWh]"""
        return (self.heating_kwh - self.cooling_kwh + self.solar_kwh + self.internal_kwh
                - self.transmission_kwh - self.ventilation_kwh - self.stored_kwh)


@dataclass(frozen=True)
class _Loads:
    """Yearly reductions of Φ_HC per zone (heating > 0, cooling < 0). [Wh, W]"""

    heat_wh: np.ndarray
    cool_wh: np.ndarray
    peak_heat_w: np.ndarray
    peak_cool_w: np.ndarray
    heating_hours: np.ndarray
    sum_wh: np.ndarray
    monthly_heat_wh: np.ndarray  # (n_zones, 12), NaN unless the run is one 8760 h year
    monthly_cool_wh: np.ndarray
    hourly_w: np.ndarray | None  # (n_hours, n_zones) when kept


def _reduce_loads(phi: np.ndarray, keep: bool) -> _Loads:
    """:class:`_Loads` of the hourly loads ``phi`` (n_hours, n_zones) of the numpy loop."""
    heat = np.maximum(phi, 0.0)
    cool = np.maximum(-phi, 0.0)
    if len(phi) == len(MONTH_OF_HOUR):
        starts = np.concatenate([[0], np.cumsum(DAYS_PER_MONTH * 24)[:-1]])
        mh = np.add.reduceat(heat, starts, axis=0).T
        mc = np.add.reduceat(cool, starts, axis=0).T
    else:
        mh = mc = np.full((phi.shape[1], 12), np.nan)
    return _Loads(heat.sum(axis=0), cool.sum(axis=0), heat.max(axis=0, initial=0.0),
                  cool.max(axis=0, initial=0.0), np.count_nonzero(phi > 0.0, axis=0),
                  phi.sum(axis=0), mh, mc, phi if keep else None)


@dataclass
class _Stack:
    lam: np.ndarray
    gu: np.ndarray  # (n_basis, B*n)
    q: np.ndarray
    cy_scaled: np.ndarray  # control y-row / s
    cu_scaled: np.ndarray  # (n_basis, B) control basis-row / s
    inv_s: np.ndarray
    n: int
    off_scaled: np.ndarray | float = 0.0


def _stack(zones: Sequence[PreparedZone], n_basis: int) -> _Stack:
    b = len(zones)
    n = max(len(z.decay) for z in zones)
    lam, q, cy = np.zeros((b, n)), np.zeros((b, n)), np.zeros((b, n))
    gu = np.zeros((n_basis, b, n))
    cu = np.zeros((n_basis, b))
    s = np.zeros(b)
    for i, z in enumerate(zones):
        k = len(z.decay)
        lam[i, :k], q[i, :k], cy[i, :k] = z.decay, z.hc_gain, z.control.y
        gu[:, i, :k] = z.forcing.T
        cu[:, i] = z.control.basis
        s[i] = z.control_sensitivity_k_per_w
        if not (np.isfinite(s[i]) and s[i] > 0.0):
            raise SimulationError(
                f"zone « {z.name} » : la température de consigne ne répond pas à la puissance "
                f"de chauffage (sensibilité {s[i]:g} K/W) ; éq. (27) de l'EN ISO 52016-1 "
                "indéterminée à toutes les heures"
            )
    inv_s = 1.0 / s
    return _Stack(lam, gu.reshape(n_basis, b * n), q, cy * inv_s[:, None], cu * inv_s, inv_s, n)


def _initial_state(zones: Sequence[PreparedZone], st: _Stack, u_mean: np.ndarray,
                   sp_h: np.ndarray, sp_c: np.ndarray) -> np.ndarray:
    """Steady state of the mean warm-up inputs with the mean set-points held (see module doc)."""
    y0 = np.zeros((len(zones), st.n))
    for i, z in enumerate(zones):
        k = len(z.decay)
        den = z.modal_steady_denominator
        ok = den > 1e-12
        mu = 1.0 / z.decay
        y_u = np.where(ok, (z.forcing @ u_mean) * mu / np.where(ok, den, 1.0), 0.0)
        y_phi = np.where(ok, z.hc_gain * mu / np.where(ok, den, 1.0), 0.0)
        th_free = z.control.y @ y_u + z.control.basis @ u_mean
        sens = z.control.y @ y_phi + z.control.phi
        phi = 0.0
        if sens > 0 and th_free < sp_h[i]:
            phi = (sp_h[i] - th_free) / sens
        elif sens > 0 and th_free > sp_c[i]:
            phi = (sp_c[i] - th_free) / sens
        y0[i, :k] = y_u + y_phi * phi
    return y0


def _per_zone(sp: np.ndarray, n_h: int, n_b: int) -> np.ndarray:
    """(n_h, 1) for a shared schedule, (n_h, n_b) for per-zone schedules (no copy per zone)."""
    if sp.ndim == 1:
        sp = sp[:, None]
    if sp.shape not in ((n_h, 1), (n_h, n_b)):
        raise InputError(f"consignes : {n_h} heures × {n_b} zones attendues")
    return sp


def _check_inputs(basis, heating_setpoint_c, cooling_setpoint_c, n_b, warmup_hours):
    basis = np.asarray(basis, dtype=float)
    n_h = basis.shape[0]
    if basis.ndim != 2 or not np.all(np.isfinite(basis)):
        raise InputError("séries de base : tableau (heures × séries) fini attendu")
    sph, spc = (_per_zone(np.asarray(sp, float), n_h, n_b)
                for sp in (heating_setpoint_c, cooling_setpoint_c))
    if not (np.all(np.isfinite(sph)) and np.all(np.isfinite(spc))):
        raise InputError("consignes : valeurs finies attendues")
    if not 0 <= warmup_hours <= n_h:
        raise InputError(f"durée de mise en régime {warmup_hours} h hors de [0, {n_h}]")
    return basis, sph, spc


def plan_zones(  # noqa: PLR0913 - the loop's inputs
    zones: Sequence[PreparedZone],
    basis: np.ndarray,
    heating_setpoint_c: np.ndarray,
    cooling_setpoint_c: np.ndarray,
    max_heating_w: np.ndarray | float = np.inf,
    max_cooling_w: np.ndarray | float = np.inf,
    warmup_hours: int = WARMUP_HOURS,
    keep_hourly: bool = False,
    chunk_hours: int | None = None,
    heating_offset_k: np.ndarray | float = 0.0,
    kernel: Kernel = "compiled",
) -> ZoneRun:
    """Check the inputs of a batch of prepared zones and lay it out for the hourly loop.

    Parameters
    ----------
    zones : sequence of PreparedZone
        The batch (one zone per dwelling).
    basis : ndarray (n_hours, n_basis)
        Hourly basis series shared by the batch (columns as used to assemble the zones).
    heating_setpoint_c, cooling_setpoint_c : ndarray (n_hours,) or (n_hours, n_zones)
        Set-points of the controlled temperature. [°C]
    max_heating_w, max_cooling_w : float or ndarray (n_zones,)
        Available power (eq. 28); infinite for needs. [W]
    warmup_hours : int
        Hours at the end of the year run before it (initialisation).
    keep_hourly : bool
        Keep the hourly air and operative temperatures and loads.
    chunk_hours : int, optional
        Numpy loop: hours whose forcing is computed in one matrix product (memory/speed
        trade-off, default 168). Compiled kernel: hours per kernel call (default: all; no
        effect on the results, tested).
    heating_offset_k : float or ndarray (n_zones,)
        Constant shift of each zone's heating set-point (e.g. the old-dwelling correction). [K]
    kernel : {"compiled", "numpy"}
        ``"compiled"``: the numba kernel of :mod:`perfqual.core.iso52016.kernel` (default);
        ``"numpy"``: the reference loop in numpy. Same results to round-off (tested).
    """
    if not zones:
        raise InputError("aucune zone à simuler")
    basis, sph, spc = _check_inputs(basis, heating_setpoint_c, cooling_setpoint_c,
                                    len(zones), warmup_hours)
    off = np.broadcast_to(np.asarray(heating_offset_k, float), (len(zones),))
    # shared schedules: θ_H + offset rises with the offset, so the largest offset is the test
    # (no hours × zones array)
    off_check = off.max() if sph.shape[1] == spc.shape[1] == 1 else off
    if np.any(sph + off_check > spc):
        raise InputError("consigne de chauffage supérieure à la consigne de refroidissement")
    st = _stack(zones, basis.shape[1])
    w = warmup_hours
    ext = np.concatenate([basis[len(basis) - w:], basis]) if w else basis
    sph_e = np.concatenate([sph[len(sph) - w:], sph]) if w else sph
    spc_e = np.concatenate([spc[len(spc) - w:], spc]) if w else spc
    pmax_h = np.broadcast_to(np.asarray(max_heating_w, float), (len(zones),))
    pmax_c = np.broadcast_to(np.asarray(max_cooling_w, float), (len(zones),))
    n_init = max(w, 24)
    sp_h0 = np.broadcast_to(sph_e[:n_init].mean(axis=0), (len(zones),)) + off
    sp_c0 = np.broadcast_to(spc_e[:n_init].mean(axis=0), (len(zones),))
    y = _initial_state(zones, st, ext[:n_init].mean(axis=0), sp_h0, sp_c0)
    st.off_scaled = off * st.inv_s
    if kernel not in KERNELS:
        raise InputError(f"noyau de calcul inconnu : {kernel!r} (attendu : {', '.join(KERNELS)})")
    args = (st, y, ext, sph_e, spc_e, pmax_h, pmax_c, w, keep_hourly, chunk_hours, zones)
    loop = _CompiledLoop(*args) if kernel == "compiled" else _NumpyLoop(*args)
    return ZoneRun(zones, basis, loop)


class ZoneRun:
    """A batch laid out for the hourly loop (:func:`plan_zones`).

    :meth:`execute` runs the loop; with the compiled kernel it holds the GIL only to start, so
    several runs may execute on threads while the calling thread prepares the next one.
    :meth:`results` wraps the outputs (call it from one thread, after :meth:`execute`).
    """

    def __init__(self, zones, basis, loop):
        self._zones, self._basis, self._loop = zones, basis, loop
        self._done = False

    def execute(self, n_threads: int = 1) -> ZoneRun:
        """Run the hourly loop (``n_threads`` threads share the compiled kernel's blocks)."""
        self._loop.execute(n_threads)
        self._done = True
        return self

    def results(self) -> list[ZoneResult]:
        """Yearly results of the zones, in the order given (raises if a load is not finite)."""
        if not self._done:
            raise SimulationError("boucle horaire non exécutée")
        return _results(self._zones, self._basis, *self._loop.collect())


def simulate_zones(  # noqa: PLR0913 - the loop's inputs, all documented in plan_zones
    zones: Sequence[PreparedZone],
    basis: np.ndarray,
    heating_setpoint_c: np.ndarray,
    cooling_setpoint_c: np.ndarray,
    max_heating_w: np.ndarray | float = np.inf,
    max_cooling_w: np.ndarray | float = np.inf,
    warmup_hours: int = WARMUP_HOURS,
    keep_hourly: bool = False,
    chunk_hours: int | None = None,
    heating_offset_k: np.ndarray | float = 0.0,
    kernel: Kernel = "compiled",
    n_threads: int = 1,
) -> list[ZoneResult]:
    """Simulate a batch of prepared zones over the hours of ``basis``: :func:`plan_zones`, then
    :meth:`ZoneRun.execute` on ``n_threads`` threads, then :meth:`ZoneRun.results` (parameters
    in :func:`plan_zones`; ``n_threads``: threads sharing the zones of the compiled kernel, no
    effect on the results, tested; ignored by the numpy loop)."""
    if not zones:
        return []
    run = plan_zones(zones, basis, heating_setpoint_c, cooling_setpoint_c, max_heating_w,
                     max_cooling_w, warmup_hours, keep_hourly, chunk_hours, heating_offset_k,
                     kernel)
    return run.execute(n_threads).results()


class _NumpyLoop:
    """The numpy reference loop behind the :class:`ZoneRun` interface."""

    def __init__(self, *args):
        self._args, self._out = args, None

    def execute(self, n_threads: int = 1) -> None:
        self._out = _run_loop(*self._args)

    def collect(self):
        return self._out


def _run_loop(st, y, ext, sph_e, spc_e, pmax_h, pmax_c, w, keep_hourly, chunk_hours, zones):
    """Hourly loop over the batch; arrays are laid out (modes, zones) for contiguous updates."""
    n_ext, b, n = len(ext), len(zones), st.n
    chunk_hours = chunk_hours or 168
    lam, q, cys = st.lam.T.copy(), st.q.T.copy(), st.cy_scaled.T.copy()
    gu = st.gu.reshape(-1, b, n).transpose(0, 2, 1).reshape(-1, n * b).copy()
    y = y.T.copy()
    capped = bool(np.any(np.isfinite(pmax_h)) or np.any(np.isfinite(pmax_c)))
    phi_year = np.empty((n_ext - w, b))
    ysum = np.zeros((n, b))
    tmp = np.empty((n, b))
    y_start = y.copy() if w == 0 else None
    rows = None
    if keep_hourly:
        rows = [np.stack([_pad(z.air.y, n) for z in zones], axis=1),
                np.stack([_pad(z.operative.y, n) for z in zones], axis=1)]
        temps = np.empty((2, n_ext - w, b))
    for c0 in range(0, n_ext, chunk_hours):
        c1 = min(c0 + chunk_hours, n_ext)
        used = np.flatnonzero(np.any(ext[c0:c1] != 0.0, axis=0))  # month columns are sparse
        chunk = ext[c0:c1, used]
        g = (chunk @ gu[used]).reshape(c1 - c0, n, b)
        base = chunk @ st.cu_scaled[used]
        a_h = sph_e[c0:c1] * st.inv_s + st.off_scaled - base
        a_c = spc_e[c0:c1] * st.inv_s - base
        out = np.empty((c1 - c0, b))
        for k in range(c1 - c0):
            t = c0 + k
            if t == w:
                y_start = y.copy()
            np.multiply(y, lam, out=y)
            np.add(y, g[k], out=y)
            z = np.einsum("nb,nb->b", y, cys)
            # eq. (27) with s = dθ/dΦ: Φ = (θ_set − θ_0)/s, zero inside the dead band
            phi = np.subtract(np.minimum(np.maximum(z, a_h[k]), a_c[k]), z, out=out[k])
            if capped:  # eq. (28): available power
                np.clip(phi, -pmax_c, pmax_h, out=phi)
            np.multiply(q, phi, out=tmp)
            np.add(y, tmp, out=y)
            if t >= w:
                np.add(ysum, y, out=ysum)
                if rows is not None:
                    temps[0, t - w] = np.einsum("nb,nb->b", y, rows[0])
                    temps[1, t - w] = np.einsum("nb,nb->b", y, rows[1])
        _check_finite(out, c0, w, zones)
        lo, hi = max(c0, w), c1
        if hi > lo:
            phi_year[lo - w:hi - w] = out[lo - c0:hi - c0]
    return (_reduce_loads(phi_year, keep_hourly), ysum.T, y_start.T, y.T.copy(),
            temps if rows is not None else None)


def _lanes(a: np.ndarray, order: np.ndarray, n_blocks: int, n_lanes: int,
           flat: bool = False) -> np.ndarray:
    """(n_zones, …) → (n_blocks, …, n_lanes) in the zone order ``order``, zero padded; with
    ``flat`` the last two axes (modes, lanes) are merged (lane fastest)."""
    a = np.asarray(a, dtype=float)
    out = np.zeros((n_blocks * n_lanes, *a.shape[1:]))
    out[:len(order)] = a[order]
    out = out.reshape((n_blocks, n_lanes, *a.shape[1:]))
    out = np.ascontiguousarray(np.moveaxis(out, 1, -1))
    return out.reshape((*out.shape[:-2], -1)) if flat else out


def _thread_cuts(nmodes: np.ndarray, n_threads: int) -> np.ndarray:
    """Block ranges of about equal work (Σ modes) for ``n_threads`` threads."""
    work = np.concatenate([[0], np.cumsum(nmodes)])
    cuts = np.searchsorted(work, np.linspace(0, work[-1], n_threads + 1)[1:-1])
    return np.unique(np.concatenate([[0], cuts, [len(nmodes)]]))


class _CompiledLoop:
    """The numba kernel (:mod:`perfqual.core.iso52016.kernel`) behind the :class:`ZoneRun`
    interface: zones in blocks of lanes, sorted by number of modes (similar zones share a
    block); same loop as :func:`_run_loop`."""

    def __init__(self, st, y, ext, sph_e, spc_e, pmax_h, pmax_c, w, keep_hourly, chunk_hours,
                 zones):
        n_ext, nz, n = len(ext), len(zones), st.n
        nmodes_zone = np.array([len(z.decay) for z in zones])
        self.order = order = np.argsort(-nmodes_zone, kind="stable")
        self.n_lanes = min(MAX_LANES, nz)
        self.n_blocks = nb = -(-nz // self.n_lanes)
        self.nmodes = nmodes_zone[order][::self.n_lanes].astype(np.int64)  # block maximum
        zid = np.full(nb * self.n_lanes, -1, dtype=np.int64)
        zid[:nz] = order
        self.zid = zid = zid.reshape(nb, self.n_lanes)
        own = np.where(zid >= 0, zid, 0)  # column of each lane in a per-zone schedule
        col_h, col_c = (own if sp.shape[1] > 1 else np.zeros_like(zid) for sp in (sph_e, spc_e))
        lanes = self._lanes
        self.zone_in = (
            self.nmodes, lanes(st.lam, True), lanes(st.q, True), lanes(st.cy_scaled, True),
            lanes(st.gu.reshape(ext.shape[1], nz, n).transpose(1, 0, 2), True),
            lanes(st.cu_scaled.T), lanes(st.inv_s), lanes(np.broadcast_to(st.off_scaled, (nz,))),
            lanes(pmax_h), lanes(pmax_c), col_h, col_c)
        month = MONTH_OF_HOUR if n_ext - w == len(MONTH_OF_HOUR) else np.full(n_ext - w, -1)
        from perfqual.core.iso52016.kernel import sparse_rows

        self.hours_in = (*sparse_rows(np.ascontiguousarray(ext, dtype=float)),
                         np.ascontiguousarray(sph_e, dtype=float),
                         np.ascontiguousarray(spc_e, dtype=float), month.astype(np.int64))
        y_l = lanes(y, True)
        self.state = (y_l, y_l.copy(), np.zeros_like(y_l))
        shape = (nb, self.n_lanes)
        self.sums = (*(np.zeros(shape) for _ in range(4)), np.zeros(shape, dtype=np.int64),
                     np.zeros(shape), np.zeros((nb, 12, self.n_lanes)),
                     np.zeros((nb, 12, self.n_lanes)))
        self.bad_hour = np.full(shape, n_ext, dtype=np.int64)
        if keep_hourly:
            self.hourly = (zid, lanes(np.stack([_pad(z.air.y, n) for z in zones]), True),
                           lanes(np.stack([_pad(z.operative.y, n) for z in zones]), True),
                           np.zeros((n_ext - w, nz)), np.empty((2, n_ext - w, nz)))
        else:
            self.hourly = (zid, np.zeros((nb, 0)), np.zeros((nb, 0)), np.zeros((0, 1)),
                           np.empty((2, 0, 1)))
        self.n_ext, self.w, self.n, self.keep = n_ext, w, n, keep_hourly
        self.step, self.zones = chunk_hours or n_ext, zones

    def _lanes(self, a, flat=False):
        return _lanes(a, self.order, self.n_blocks, self.n_lanes, flat)

    def _work(self, b0: int, b1: int) -> None:
        from perfqual.core.iso52016.kernel import run_blocks

        for c0 in range(0, self.n_ext, self.step):
            run_blocks(b0, b1, c0, min(c0 + self.step, self.n_ext), self.w, self.zone_in,
                       self.hours_in, self.state, self.sums, self.bad_hour, self.keep,
                       self.hourly)

    def execute(self, n_threads: int = 1) -> None:
        cuts = _thread_cuts(self.nmodes, max(1, min(int(n_threads), self.n_blocks)))
        if len(cuts) > 2:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(cuts) - 1) as pool:  # the kernel releases the GIL
                list(pool.map(self._work, cuts[:-1], cuts[1:]))
        else:
            self._work(0, self.n_blocks)

    def _zones_of(self, a):  # (n_blocks, …, n_lanes) → (n_zones, …) in the caller's order
        nz = len(self.zones)
        a = np.moveaxis(a, -1, 1).reshape((self.n_blocks * self.n_lanes, *a.shape[1:-1]))[:nz]
        out = np.empty_like(a)
        out[self.order] = a
        return out

    def collect(self):
        _check_bad_hours(self.bad_hour, self.zid, self.n_ext, self.w, self.zones)
        heat, cool, peak_h, peak_c, n_heat, phisum, mon_h, mon_c = (
            self._zones_of(a) for a in self.sums)
        if len(MONTH_OF_HOUR) != self.n_ext - self.w:
            mon_h = mon_c = np.full((len(self.zones), 12), np.nan)
        loads = _Loads(heat, cool, peak_h, peak_c, n_heat, phisum, mon_h, mon_c,
                       self.hourly[3] if self.keep else None)
        modal = (self._zones_of(a.reshape(self.n_blocks, self.n, self.n_lanes))
                 for a in (self.state[2], self.state[1], self.state[0]))
        return loads, *modal, (self.hourly[4] if self.keep else None)


def _check_bad_hours(bad_hour, zid, n_ext, w, zones) -> None:
    if np.all(bad_hour >= n_ext):
        return
    first = bad_hour.min()
    zone = min(zid[(bad_hour == first) & (zid >= 0)])
    raise SimulationError(
        f"zone « {zones[zone].name} » : charge non finie à l'heure {first - w} "
        "(EN ISO 52016-1 §6.5.5.2)"
    )


def _check_finite(out: np.ndarray, c0: int, w: int, zones) -> None:
    if not np.all(np.isfinite(out)):
        hour, zone = np.argwhere(~np.isfinite(out))[0]
        raise SimulationError(
            f"zone « {zones[zone].name} » : charge non finie à l'heure {c0 + hour - w} "
            "(EN ISO 52016-1 §6.5.5.2)"
        )


def _pad(v: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    out[:len(v)] = v
    return out


def _results(zones, basis, loads: _Loads, ysum, y_start, y_end, temps) -> list[ZoneResult]:
    usum = basis.sum(axis=0)
    results = []
    for i, z in enumerate(zones):
        k = len(z.decay)
        ys = ysum[i, :k]

        def total_kwh(f, ys=ys, phisum=loads.sum_wh[i]):
            return float(f.y @ ys + f.basis @ usum + f.phi * phisum) / 1000.0

        stored_j = float(z.modal_to_nodes_capacity_j_per_k @ (y_end[i, :k] - y_start[i, :k]))
        hourly = {}
        if temps is not None:
            phi = loads.hourly_w[:, i]
            free = basis @ np.vstack([z.air.basis, z.operative.basis]).T
            hourly = {
                "temp_air_c": temps[0, :, i] + free[:, 0] + z.air.phi * phi,
                "temp_operative_c": temps[1, :, i] + free[:, 1] + z.operative.phi * phi,
                "load_w": phi.copy(),
            }
        results.append(ZoneResult(
            name=z.name, heating_kwh=float(loads.heat_wh[i]) / 1000.0,
            cooling_kwh=float(loads.cool_wh[i]) / 1000.0,
            monthly_heating_kwh=loads.monthly_heat_wh[i] / 1000.0,
            monthly_cooling_kwh=loads.monthly_cool_wh[i] / 1000.0,
            peak_heating_w=float(loads.peak_heat_w[i]),
            peak_cooling_w=float(loads.peak_cool_w[i]),
            heating_hours=int(loads.heating_hours[i]),
            transmission_kwh=total_kwh(z.transmission),
            ventilation_kwh=total_kwh(z.ventilation),
            solar_kwh=float(z.solar_basis @ usum) / 1000.0,
            internal_kwh=float(z.internal_basis @ usum) / 1000.0,
            stored_kwh=stored_j / 3.6e6, **hourly,
        ))
    return results
