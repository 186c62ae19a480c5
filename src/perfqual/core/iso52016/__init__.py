"""EN ISO 52016-1:2017 hourly method: element coefficients, zone network, exact reduction
(static condensation + modal decomposition) and a batched hourly loop with the load
determination of §6.5.5.2. See ``methods/iso52016.md``."""

from perfqual.core.iso52016.network import SurfaceChain, ZoneSpec, assemble_network
from perfqual.core.iso52016.reduce import PreparedZone, prepare_zone, prepare_zones
from perfqual.core.iso52016.simulate import ZoneResult, ZoneRun, plan_zones, simulate_zones

__all__ = [
    "PreparedZone",
    "SurfaceChain",
    "ZoneResult",
    "ZoneRun",
    "ZoneSpec",
    "assemble_network",
    "plan_zones",
    "prepare_zone",
    "prepare_zones",
    "simulate_zones",
]
