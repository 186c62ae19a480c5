"""The resolved building: one dwelling (or typology) in one scenario, flat, in canonical units.

This is the contract between the operation input model (``models/operation.py``) and the
calculation engines (``core/iso52016``, ``core/thcex``). It is produced by
:func:`perfqual.models.resolve.resolve_building`; engines never see the YAML structure, and
measures have already been applied.

Conventions of this module
--------------------------
* Azimuth of the outward normal in degrees, clockwise from north: N 0, E 90, S 180, W 270
  (the pvlib convention). Tilt in degrees from horizontal: 0 = facing up (roof, ceiling to a
  loft seen from outside), 90 = vertical, 180 = facing down (floor seen from outside).
* Layers are listed **from the interior to the exterior**.
* ``u_value_w_per_m2k`` always includes the standard surface resistances of EN ISO 6946:2017
  Table 7 for the element's heat-flow direction (computed from layers when given).
* Areas are net: the area of windows and doors hosted by an opaque element is deducted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Boundary(str, Enum):
    """What lies on the other side of an envelope element."""

    EXTERIOR = "exterieur"
    GROUND = "sol"
    UNHEATED = "local_non_chauffe"  # unheated space, temperature reduction factor b
    ADJACENT_HEATED = "logement_chauffe"  # party wall / floor to another heated dwelling


class ElementKind(str, Enum):
    """Kind of opaque element (drives surface resistances and flow direction)."""

    WALL = "mur"
    ROOF = "toiture"  # sloping or flat roof exposed to the sky
    CEILING = "plancher_haut"  # top floor to a loft or an unheated space above
    FLOOR = "plancher_bas"  # low floor on ground, crawl space, cellar or exterior


class MassDistribution(str, Enum):
    """Mass distribution class of EN ISO 52016-1:2017, Table B.13."""

    INTERNAL = "I"  # mass concentrated at the internal side
    EXTERNAL = "E"  # mass concentrated at the external side
    DIVIDED = "IE"  # mass divided over internal and external side
    EQUAL = "D"  # mass equally distributed
    MIDDLE = "M"  # mass concentrated inside


@dataclass(frozen=True)
class Layer:
    """A homogeneous layer of a construction."""

    material: str
    thickness_m: float
    conductivity_w_per_mk: float
    density_kg_per_m3: float
    specific_heat_j_per_kgk: float
    vapour_resistance_factor: float | None = None  # μ [-], for EN ISO 13788

    @property
    def resistance_m2k_per_w(self) -> float:
        """Thermal resistance d/λ. [m²·K/W]"""
        return self.thickness_m / self.conductivity_w_per_mk

    @property
    def areal_heat_capacity_j_per_m2k(self) -> float:
        """ρ·c·d. [J/(m²·K)]"""
        return self.density_kg_per_m3 * self.specific_heat_j_per_kgk * self.thickness_m


@dataclass(frozen=True)
class OpaqueElement:
    """An opaque envelope element (wall, roof, ceiling, floor)."""

    name: str
    kind: ElementKind
    area_m2: float  # net of hosted windows and doors
    azimuth_deg: float
    tilt_deg: float
    boundary: Boundary
    u_value_w_per_m2k: float  # with surface resistances
    areal_heat_capacity_j_per_m2k: float  # κ of the whole element
    mass_distribution: MassDistribution
    layers: tuple[Layer, ...] | None = None  # interior -> exterior, when known
    b_factor: float = 1.0  # temperature reduction factor (1 exterior, given for unheated)
    solar_absorptance: float = 0.6  # α_sol of the external surface
    exposed_perimeter_m: float | None = None  # ground floors (EN ISO 13370:2017)


@dataclass(frozen=True)
class Window:
    """A window, French window or door."""

    name: str
    area_m2: float  # whole window (glazing + frame)
    azimuth_deg: float
    tilt_deg: float
    u_value_w_per_m2k: float  # Uw (without shutter)
    g_value: float  # total solar energy transmittance of the glazing at normal incidence g_gl,n
    frame_fraction: float  # F_F
    shutter: str = "aucun"  # aucun | battants | roulants | persiennes
    shutter_delta_r_m2k_per_w: float = 0.0  # additional resistance of the closed shutter ΔR
    host: str | None = None  # name of the hosting opaque element
    is_door: bool = False
    boundary: Boundary = Boundary.EXTERIOR
    b_factor: float = 1.0


@dataclass(frozen=True)
class ThermalBridge:
    """A linear thermal bridge ψ × L."""

    name: str
    psi_w_per_mk: float
    length_m: float
    boundary: Boundary = Boundary.EXTERIOR
    b_factor: float = 1.0
    f_rsi: float | None = None  # temperature factor, when known (EN ISO 13788)

    @property
    def h_w_per_k(self) -> float:
        """Heat transfer coefficient ψ·L·b. [W/K]"""
        return self.psi_w_per_mk * self.length_m * self.b_factor


@dataclass(frozen=True)
class Airtightness:
    """Envelope airtightness, in the three usual expressions (all filled by the resolver).

    ``source`` says which one was given; the two others are derived with the power law
    q(Δp) = C·Δp^n and the exponent ``flow_exponent`` (see methods/conventions.md).
    """

    q4pa_surf_m3_per_h_m2: float  # Q4Pa-surf over A_Tbat (FD P50-784)
    n50_per_h: float
    q50_m3_per_h: float
    flow_exponent: float
    source: str  # "Q4Pa_surf" | "n50" | "q50" | "mesure"


@dataclass(frozen=True)
class Ventilation:
    """Mechanical or natural ventilation system."""

    system: str  # naturelle | vmc_autoreglable | vmc_hygro_a | vmc_hygro_b | double_flux
    extract_airflow_m3_per_h: float  # mean conventional extract airflow
    heat_recovery_efficiency: float = 0.0  # η of a balanced system, 0 otherwise
    fan_power_w: float = 0.0  # mean electric power of the fans
    airflow_source: str = "saisie"  # where the airflow comes from


@dataclass(frozen=True)
class HeatingSystem:
    """Space heating system, efficiencies after EN 15316 in a simplified form."""

    generator: str
    carrier: str  # gaz | fioul | electricite | bois | reseau_chaleur | charbon | gpl
    generation_efficiency: float  # on final energy (PCI), or SCOP for heat pumps
    emission_efficiency: float
    distribution_efficiency: float
    control_efficiency: float
    emitters: str = "radiateurs"
    auxiliary_power_w: float = 0.0  # circulator, burner fan...

    @property
    def overall_efficiency(self) -> float:
        """Product of the four efficiencies (useful need -> final energy)."""
        return (
            self.generation_efficiency
            * self.emission_efficiency
            * self.distribution_efficiency
            * self.control_efficiency
        )


@dataclass(frozen=True)
class DhwSystem:
    """Domestic hot water system."""

    generator: str
    carrier: str
    generation_efficiency: float
    distribution_efficiency: float = 1.0
    storage_volume_l: float = 0.0
    storage_loss_w_per_k: float = 0.0  # standing loss coefficient of the tank

    @property
    def overall_efficiency(self) -> float:
        """Generation × distribution efficiency (storage losses are counted separately)."""
        return self.generation_efficiency * self.distribution_efficiency


@dataclass(frozen=True)
class Areas:
    """Reference areas and volume of a dwelling."""

    living_area_m2: float  # surface habitable (SHAB), Code de la construction R*111-2
    shon_rt_m2: float  # SHON_RT, reference area of Th-C-E ex (arrêté du 13 juin 2008)
    shon_rt_source: str  # "saisie" or the documented conversion used
    heated_volume_m3: float
    ceiling_height_m: float
    n_main_rooms: int  # pièces principales (arrêté du 24 mars 1982)
    n_levels: int


def envelope_area_a_tbat_m2(
    opaque: tuple[OpaqueElement, ...], windows: tuple[Window, ...]
) -> float:
    """A_Tbat of FD P50-784: the heat-loss envelope **excluding the lowest floor** (« parois
    déperditives hors plancher bas »), windows included, party walls to heated dwellings
    excluded — the area Q4Pa-surf refers to (rt-re-batiment FAQ a689; arrêté du 13 juin 2008,
    art. 25: A1…A7 without A4). [m²]"""
    lossy = (Boundary.EXTERIOR, Boundary.GROUND, Boundary.UNHEATED)
    opaque_m2 = sum(e.area_m2 for e in opaque
                    if e.boundary in lossy and e.kind != ElementKind.FLOOR)
    return opaque_m2 + sum(w.area_m2 for w in windows if w.boundary in lossy)


@dataclass(frozen=True)
class BuildingModel:
    """One dwelling (or a typology taken as a dwelling) in one scenario, ready to simulate."""

    operation: str
    typology: str
    scenario: str
    dwelling_id: str | None
    areas: Areas
    opaque: tuple[OpaqueElement, ...]
    windows: tuple[Window, ...]
    thermal_bridges: tuple[ThermalBridge, ...]
    airtightness: Airtightness
    ventilation: Ventilation
    heating: HeatingSystem
    dhw: DhwSystem
    applied_measures: tuple[str, ...] = field(default_factory=tuple)

    @property
    def a_tbat_m2(self) -> float:
        """A_Tbat of this building (see :func:`envelope_area_a_tbat_m2`). [m²]"""
        return envelope_area_a_tbat_m2(self.opaque, self.windows)

    @property
    def label(self) -> str:
        """Short identifier for tables: typology[/dwelling] @ scenario."""
        who = self.typology if self.dwelling_id is None else f"{self.typology}/{self.dwelling_id}"
        return f"{who} @ {self.scenario}"
