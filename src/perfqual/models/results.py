"""Results of the energy calculations, common to both methods.

Both engines (``core/iso52016`` via ``perfqual.api.simulate_iso52016`` and ``core/thcex`` via
``perfqual.api.simulate_thcex``) return one :class:`EnergyResult` per simulated building, so
that the comparison, the thresholds, the tenants' balance and the report read one structure.

Energies are annual totals in kWh (``_kwh``) unless the name says otherwise; signs: needs and
losses positive. The five uses of the French regulations are heating, cooling, DHW, lighting
and auxiliaries (arrêté du 13 juin 2008, art. 9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

USES: tuple[str, ...] = ("chauffage", "refroidissement", "ecs", "eclairage", "auxiliaires")
# Scope of the regulatory Cepmax of the RT existant (heating + cooling + DHW), arrêté du
# 13 juin 2008, art. 13.
CEPMAX_USES: tuple[str, ...] = ("chauffage", "refroidissement", "ecs")


@dataclass(frozen=True)
class BalanceTerms:
    """Annual energy balance of the heated zone (air node + fabric), kWh.

    Heat flows counted positive when they leave the zone (losses) for transmission and
    ventilation, positive when they enter it (gains) for solar and internal gains;
    ``stored_kwh`` is the increase of heat stored in the zone over the period. The balance
    closes when ``heating - cooling + solar + internal - transmission - ventilation - stored``
    is zero: :attr:`residual_kwh`.
    """

    transmission_kwh: float
    ventilation_kwh: float  # ventilation and infiltration
    solar_kwh: float
    internal_kwh: float
    stored_kwh: float
    heating_kwh: float
    cooling_kwh: float

    @property
    def residual_kwh(self) -> float:
        """Closure residual of the balance (should be round-off). [kWh]"""
        return (
            self.heating_kwh
            - self.cooling_kwh
            + self.solar_kwh
            + self.internal_kwh
            - self.transmission_kwh
            - self.ventilation_kwh
            - self.stored_kwh
        )


@dataclass(frozen=True)
class HourlySeries:
    """Hourly series of one simulated building (kept only when asked for)."""

    temp_air_c: np.ndarray
    temp_operative_c: np.ndarray
    heating_w: np.ndarray
    cooling_w: np.ndarray


@dataclass(frozen=True)
class EnergyResult:
    """Result of one building (dwelling or typology) × scenario × method × conventions."""

    label: str
    typology: str
    scenario: str
    dwelling_id: str | None
    method: str  # "iso52016" | "thcex"
    conventions: str  # name of the Conventions used
    reference_area_kind: str  # "shon_rt" | "surface_habitable"
    reference_area_m2: float
    heating_need_kwh: float
    cooling_need_kwh: float
    monthly_heating_need_kwh: tuple[float, ...]
    monthly_cooling_need_kwh: tuple[float, ...]
    balance: BalanceTerms
    # final energy per use and carrier, kWh/yr
    final_energy_kwh: MappingProxyType  # {use: {carrier: kWh}}
    # primary energy per use, kWh_ep/yr
    primary_energy_kwh: MappingProxyType  # {use: kWh_ep}
    primary_energy_factors_source: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    hourly: HourlySeries | None = None

    @property
    def cep_kwh_per_m2_year(self) -> float:
        """Cep over the five uses on the stated reference area. [kWh_ep/(m²·an)]"""
        return sum(self.primary_energy_kwh.values()) / self.reference_area_m2

    def cep_use_kwh_per_m2_year(self, use: str) -> float:
        """Cep of one use on the stated reference area. [kWh_ep/(m²·an)]"""
        return self.primary_energy_kwh.get(use, 0.0) / self.reference_area_m2

    @property
    def cep_heat_cool_dhw_kwh_per_m2_year(self) -> float:
        """Cep over heating + cooling + DHW, the scope of Cepmax. [kWh_ep/(m²·an)]"""
        return sum(self.primary_energy_kwh.get(u, 0.0) for u in CEPMAX_USES) / (
            self.reference_area_m2
        )

    def final_energy_by_carrier_kwh(self, uses: tuple[str, ...] = USES) -> dict[str, float]:
        """Final energy summed over the given uses, per carrier. [kWh/an]"""
        out: dict[str, float] = {}
        for use in uses:
            for carrier, kwh in self.final_energy_kwh.get(use, {}).items():
                out[carrier] = out.get(carrier, 0.0) + kwh
        return out
