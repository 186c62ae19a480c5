"""Share of the heat losses due to thermal bridges, in each calculation method (issue 8, item 4).

The steady-state share H_tb / (H_tr + H_ve) of :func:`perfqual.qa.moisture.thermal_bridge_inventory`
says how big the bridges are on paper; what they cost in each calculation method depends on the
method (time step, intermittent heating, where the bridge is connected in the thermal network,
conventions). Here each engine is run **twice in one batch**, with the bridges and with every ψ
set to 0, and the difference is reported:

* ΔQ_H = Q_H − Q_H(ψ = 0), the heating need due to the bridges, and its share of Q_H;
* ΔL = L − L(ψ = 0), L = transmission + ventilation losses of the engine's annual balance, and
  its share of L.

Definitions, assumptions and limits: ``methods/ponts_thermiques.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from perfqual.errors import InputError
from perfqual.models.building import BuildingModel
from perfqual.qa.moisture import thermal_bridge_inventory

METHODS: tuple[str, ...] = ("thcex", "iso52016")
METHOD_LABELS_FR = {"thcex": "Th-C-E ex", "iso52016": "EN ISO 52016-1"}


def _share(delta: float, total: float) -> float:
    """delta / total, 0 when the total is 0 (nothing to share). [-]"""
    return delta / total if total > 0 else 0.0


@dataclass(frozen=True)
class MethodBridgeShare:
    """Annual results of one method with and without the thermal bridges. [kWh]"""

    method: str
    reference_area_m2: float
    heating_need_kwh: float
    heating_need_without_kwh: float
    transmission_kwh: float
    transmission_without_kwh: float
    ventilation_kwh: float
    ventilation_without_kwh: float

    @property
    def delta_heating_need_kwh(self) -> float:
        """ΔQ_H = Q_H − Q_H(ψ = 0). [kWh]"""
        return self.heating_need_kwh - self.heating_need_without_kwh

    @property
    def heating_need_share_frac(self) -> float:
        """ΔQ_H / Q_H. [-]"""
        return _share(self.delta_heating_need_kwh, self.heating_need_kwh)

    @property
    def losses_kwh(self) -> float:
        """L = transmission + ventilation losses with the bridges. [kWh]"""
        return self.transmission_kwh + self.ventilation_kwh

    @property
    def delta_losses_kwh(self) -> float:
        """ΔL = L − L(ψ = 0). [kWh]"""
        return self.losses_kwh - (self.transmission_without_kwh + self.ventilation_without_kwh)

    @property
    def losses_share_frac(self) -> float:
        """ΔL / L. [-]"""
        return _share(self.delta_losses_kwh, self.losses_kwh)

    @property
    def delta_heating_need_kwh_per_m2(self) -> float:
        """ΔQ_H on the method's reference area. [kWh/(m²·an)]"""
        return self.delta_heating_need_kwh / self.reference_area_m2


@dataclass(frozen=True)
class BridgeShare:
    """Thermal bridges of one case (typology or dwelling × scenario) in both methods."""

    label: str
    typology: str
    scenario: str
    dwelling_id: str | None
    n_bridges: int
    h_tb_w_per_k: float
    steady_share_frac: float  # H_tb / (H_tr + H_ve), steady state, infiltration excluded
    methods: dict[str, MethodBridgeShare]


def without_thermal_bridges(building: BuildingModel) -> BuildingModel:
    """The same building with every ψ set to 0 (junctions kept, so labels stay the same)."""
    return replace(building, thermal_bridges=tuple(
        replace(t, psi_w_per_mk=0.0) for t in building.thermal_bridges))


def _run(method: str, buildings, climate, zone: str, altitude_m: float, options):
    from perfqual.api import simulate_method

    return simulate_method(method, buildings, climate, climate_zone=zone,
                           altitude_m=altitude_m, options=options)


def thermal_bridge_shares(
    buildings: Sequence[BuildingModel], climate, *, zone: str, altitude_m: float,
    methods: Sequence[str] = METHODS, options: Mapping[str, object] | None = None,
) -> list[BridgeShare]:
    """Share of the heating need and of the losses due to the thermal bridges, per method.

    Parameters
    ----------
    buildings : sequence of BuildingModel
        The cases (typology or dwelling × scenario).
    climate : perfqual.climate.model.Climate
        Hourly weather, the same for every run.
    zone, altitude_m : str, float
        Site (conventional DHW and lighting of the engines; needs do not depend on them).
    methods : sequence of str
        ``"thcex"`` and/or ``"iso52016"``.
    options : mapping, optional
        Method -> engine options; the engines' defaults otherwise.

    Returns
    -------
    list of BridgeShare

    Notes
    -----
    One batch per engine: [b, b(ψ = 0)] for every building, each engine with its own default
    conventions. ΔQ_H and ΔL are differences of the engine's annual results, so they include
    how the method reacts to the bridges (set-point correction of old dwellings of the
    Th-C-E ex conventions, which depends on the losses through Dep_shon; free-floating hours of
    the intermittent heating; solar and internal gains used) — see
    ``methods/ponts_thermiques.md``.
    """
    if not buildings:
        raise InputError("aucun cas pour la part des ponts thermiques")
    options = options or {}
    batch = [x for b in buildings for x in (b, without_thermal_bridges(b))]
    per_method = {}
    for method in methods:
        res = _run(method, batch, climate, zone, altitude_m, options.get(method))
        per_method[method] = [
            MethodBridgeShare(method, w.reference_area_m2, w.heating_need_kwh,
                              wo.heating_need_kwh, w.balance.transmission_kwh,
                              wo.balance.transmission_kwh, w.balance.ventilation_kwh,
                              wo.balance.ventilation_kwh)
            for w, wo in zip(res[0::2], res[1::2], strict=True)]
    out = []
    for j, b in enumerate(buildings):
        inv = thermal_bridge_inventory(b)
        out.append(BridgeShare(b.label, b.typology, b.scenario, b.dwelling_id,
                               len(b.thermal_bridges), inv.h_tb_w_per_k, inv.share_frac,
                               {m: per_method[m][j] for m in methods}))
    return out


def operation_thermal_bridge_shares(
    operation, scenarios: Sequence[str] | None = None, climate=None,
    methods: Sequence[str] = METHODS,
) -> list[BridgeShare]:
    """Every typology × scenario of an operation (thin wrapper, the operation's climate)."""
    from perfqual.models.resolve import resolve_operation

    if climate is None:
        from perfqual.climate.synthetic import climate_for_operation

        climate = climate_for_operation(operation)
    buildings = resolve_operation(operation, tuple(scenarios) if scenarios else None)
    ident = operation.identity
    return thermal_bridge_shares(buildings, climate, zone=ident.climate_zone,
                                 altitude_m=ident.altitude_m, methods=methods)
