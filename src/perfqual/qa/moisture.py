"""Moisture and mould risk of the assemblies and junctions of a resolved building.

For each opaque element of a :class:`~perfqual.models.building.BuildingModel` whose layers are
known: the monthly interstitial-condensation verdict of EN ISO 13788:2012 (Glaser), the
temperature factor f_Rsi of the plane part, and the reasons why a transient EN 15026 simulation
is needed instead (``methods/humidite.md``). For each junction of the thermal-bridge inventory:
f_Rsi (given) against f_Rsi,min. Plus the thermal-bridge inventory with its share of the
steady-state heat transfer coefficient.

The exterior conditions are 12 monthly means (:class:`MonthlyClimate`), built from the operation's
hourly :class:`~perfqual.climate.model.Climate` or from the packaged monthly table; the interior
humidity is an EN ISO 13788 humidity class, a stated input (:class:`MoistureSettings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from perfqual.core import hygrothermal as hg
from perfqual.errors import InputError
from perfqual.materials import MaterialLibrary, default_library
from perfqual.models.building import Boundary, BuildingModel, ElementKind, Layer, OpaqueElement

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")

Verdict = Literal["sans_condensation", "condensation_sechee", "sechee_au_dela_limite",
                  "accumulation_annuelle", "non_evalue"]

VERDICT_FR = {
    "sans_condensation": "aucune condensation",
    "condensation_sechee": "condensation qui sèche dans l'année",
    "sechee_au_dela_limite": "sèche dans l'année mais quantité maximale au-delà de la limite",
    "accumulation_annuelle": "accumulation : l'eau ne sèche pas en 12 mois",
    "non_evalue": "non évalué",
}

JunctionVerdict = Literal["conforme", "risque_moisissure", "f_rsi_inconnu"]


class MoistureSettings(BaseModel):
    """Stated assumptions of the moisture assessment (printed with every result)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    humidity_class: Annotated[int, Field(ge=1, le=5, description=(
        "Classe d'humidité intérieure EN ISO 13788:2012 annexe A (2 logements à occupation "
        "normale, 3 occupation inconnue, 4 sur-occupation)"))]
    delta_p_table: Literal["iso13788_2001", "phi_2012"] = Field(
        default="iso13788_2001",
        description="Transcription du tableau Δp des classes (deux versions en conflit)")
    delta_p_safety_factor: Annotated[float, Field(ge=1.0, le=2.0, description=(
        "Coefficient sur Δp (1,10 rappelé de la norme, non vérifié : hypothèse)"))] = 1.0
    temp_int_c: Annotated[float, Field(ge=10.0, le=30.0, description=(
        "Température intérieure de calcul [°C] ; 20 °C (modèle EN ISO 13788 A.1 pour θe ≤ 10 °C)"
    ))] = 20.0
    phi_si_critical: Annotated[float, Field(gt=0.0, le=1.0, description=(
        "Humidité relative critique en surface (0,8 moisissures, §5.3)"
    ))] = hg.PHI_SI_CRITICAL_MOULD
    max_condensate_g_per_m2: Annotated[float | None, Field(gt=0.0, description=(
        "Quantité maximale admise de condensat [g/m²] ; 200 g/m² = valeur par défaut de l'outil "
        "PHI (ruissellement, source secondaire) : hypothèse modifiable ; None = pas de limite"
    ))] = 200.0


@dataclass(frozen=True)
class MonthlyClimate:
    """Monthly mean exterior conditions (January first) and their provenance."""

    temp_ext_c: np.ndarray
    rel_humidity_frac: np.ndarray
    source: str

    def __post_init__(self) -> None:
        for name in ("temp_ext_c", "rel_humidity_frac"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (12,) or not np.all(np.isfinite(arr)):
                raise InputError(f"12 valeurs mensuelles attendues pour « {name} »", self.source)
            object.__setattr__(self, name, arr)
        if np.any(self.rel_humidity_frac <= 0) or np.any(self.rel_humidity_frac > 1):
            raise InputError("humidité relative hors de ]0 ; 100 %]", self.source)

    @property
    def vapour_pressure_pa(self) -> np.ndarray:
        """p_e = φe·p_sat(θe). [Pa]"""
        return self.rel_humidity_frac * hg.saturation_pressure_pa(self.temp_ext_c)

    @classmethod
    def from_climate(cls, climate) -> MonthlyClimate:
        """Monthly means of an hourly :class:`~perfqual.climate.model.Climate` (T and RH)."""
        from perfqual.climate.model import monthly_means

        return cls(monthly_means(climate.temp_air_c), monthly_means(climate.rel_humidity_frac),
                   f"moyennes mensuelles du climat « {climate.name} » ({climate.source})")

    @classmethod
    def from_table(cls, key: str) -> MonthlyClimate:
        """Monthly T and RH of a climate key of the packaged station table.

        Goes through :func:`perfqual.climate.stations.station_climate`, so the assumptions of
        the station data (substitute stations, unsourced values) are carried in ``source``.
        """
        from perfqual.climate.stations import station_climate

        sc = station_climate(key)
        source = f"{sc.station.station} ({key}), perfqual data/climate_monthly.csv"
        if sc.assumptions:
            source += " — hypothèses : " + " ; ".join(sc.assumptions)
        return cls(np.asarray(sc.stats.temp_mean_c, float),
                   np.asarray(sc.stats.rel_humidity_frac, float), source)


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssemblyResult:
    """Moisture verdict of one opaque element in one scenario."""

    label: str  # typology[/dwelling] @ scenario
    element: str
    kind: ElementKind
    boundary: Boundary
    layers: tuple[Layer, ...] | None
    verdict: Verdict
    reason_fr: str
    glaser: hg.GlaserResult | None
    f_rsi: float | None
    f_rsi_passed: bool | None
    simulation_reasons_fr: tuple[str, ...]

    @property
    def peak_g_per_m2(self) -> float:
        """Largest total condensate held at the end of a month. [g/m²]"""
        return 0.0 if self.glaser is None else 1000.0 * self.glaser.peak_accumulation_kg_per_m2

    @property
    def remaining_g_per_m2(self) -> float:
        """Condensate left after 12 months. [g/m²]"""
        return 0.0 if self.glaser is None else 1000.0 * self.glaser.remaining_kg_per_m2

    @property
    def failed(self) -> bool:
        """True for an annual accumulation, an amount beyond the limit or a plane f_Rsi failure."""
        return self.verdict in ("accumulation_annuelle", "sechee_au_dela_limite") or (
            self.f_rsi_passed is False)


@dataclass(frozen=True)
class JunctionResult:
    """f_Rsi verdict of one junction of the thermal-bridge inventory."""

    label: str
    name: str
    psi_w_per_mk: float
    length_m: float
    f_rsi: float | None
    f_rsi_min: float
    verdict: JunctionVerdict

    @property
    def failed(self) -> bool:
        """True when f_Rsi is below f_Rsi,min."""
        return self.verdict == "risque_moisissure"


@dataclass(frozen=True)
class BuildingMoistureResult:
    """All moisture verdicts of one resolved building."""

    label: str
    typology: str
    scenario: str
    assemblies: tuple[AssemblyResult, ...]
    junctions: tuple[JunctionResult, ...]
    f_rsi_min: float
    critical_month: int
    p_int_pa: np.ndarray

    @property
    def failed(self) -> bool:
        """True if any assembly or junction fails."""
        return any(a.failed for a in self.assemblies) or any(j.failed for j in self.junctions)


# ---------------------------------------------------------------------------------------------
# Assessment
# ---------------------------------------------------------------------------------------------


def interior_vapour_pressure_pa(climate: MonthlyClimate, settings: MoistureSettings) -> np.ndarray:
    """p_i = p_e + factor·Δp(θe) of the humidity class (EN ISO 13788:2012 Annex A). [Pa]"""
    cold, warm = hg.HUMIDITY_CLASS_DELTA_P_PA[settings.delta_p_table][settings.humidity_class]
    return climate.vapour_pressure_pa + hg.humidity_class_excess_pa(
        climate.temp_ext_c, cold, warm, settings.delta_p_safety_factor)


def surface_resistances(kind: ElementKind, boundary: Boundary) -> tuple[float, float]:
    """(R_si, R_se) for interstitial condensation (EN ISO 13788:2012 Table 2). [m²·K/W]

    Towards an unheated space the exterior-side resistance is taken equal to R_si (still air).
    """
    flow = {ElementKind.WALL: "horizontal", ElementKind.FLOOR: "bas"}.get(kind, "haut")
    r_si = hg.R_SI_INTERSTITIAL_M2K_PER_W[flow]
    r_se = r_si if boundary == Boundary.UNHEATED else hg.R_SE_M2K_PER_W
    return r_si, r_se


def layer_sd_m(layer: Layer, library: MaterialLibrary, where: str) -> float:
    """s_d of a layer: μ·d from the layer, else from the library (membranes: declared s_d)."""
    if layer.vapour_resistance_factor is not None:
        return layer.vapour_resistance_factor * layer.thickness_m
    return library.get(layer.material, where).sd_for_thickness_m(layer.thickness_m)


def simulation_reasons(layers: tuple[Layer, ...], library: MaterialLibrary,
                       glaser: hg.GlaserResult | None, settings: MoistureSettings) -> list[str]:
    """Why an EN 15026 transient simulation should replace the Glaser screen (methods/humidite).

    Rules [DERIVED from DIN 4108-3:2014 §5.3 limits and the RAGE/PACTE guidance, see
    ``methods/humidite.md``]: interior insulation on masonry with R > 1.0 m²·K/W, or > 0.5 with
    s_d of the inner layers < 0.5 m; bio-sourced or capillary-active layers on the warm side of
    masonry (interior system); Glaser amount beyond
    the limit or no drying; several condensation planes; humidity class ≥ 4.
    """
    reasons = []
    cats = [library.get(x.material).category if x.material in library else None for x in layers]
    masonry = [i for i, c in enumerate(cats) if c in ("maconnerie", "beton")]
    if masonry:
        inner = range(masonry[0])  # layers on the warm side of the first masonry layer
        r_ins = sum(layers[i].resistance_m2k_per_w for i in inner
                    if cats[i] and cats[i].startswith("isolant"))
        sd_inner = sum(layer_sd_m(layers[i], library, layers[i].material) for i in inner)
        if r_ins > 1.0 or (r_ins > 0.5 and sd_inner < 0.5):
            r_txt, sd_txt = f"{r_ins:.2f}".replace(".", ","), f"{sd_inner:.2f}".replace(".", ",")
            reasons.append(f"isolation intérieure d'une maçonnerie (R = {r_txt} m²·K/W, "
                           f"s_d côté intérieur {sd_txt} m) au-delà des limites de la "
                           "DIN 4108-3 sans calcul")
    warm_side = layers[:masonry[0]] if masonry else ()
    capillary = [x.material for x in warm_side if x.material in library and (
        library.get(x.material).capillary_active
        or library.get(x.material).category == "isolant_biosource")]
    if capillary:  # interior system on masonry (D.3 of the notes concerns ITI only)
        reasons.append("matériaux biosourcés ou capillaires actifs (" + ", ".join(capillary)
                       + ") : Glaser ne représente ni leur stockage ni le transport liquide")
    if glaser is not None and len(glaser.condensation_interfaces) >= 2:
        reasons.append("plusieurs plans de condensation")
    if glaser is not None and (not glaser.dries_out or (
            settings.max_condensate_g_per_m2 is not None
            and 1000 * glaser.peak_accumulation_kg_per_m2 > settings.max_condensate_g_per_m2)):
        reasons.append("verdict Glaser défavorable")
    if settings.humidity_class >= 4:
        reasons.append("classe d'humidité ≥ 4 (logement sur-occupé ou mal ventilé)")
    return reasons


def _verdict(glaser: hg.GlaserResult, settings: MoistureSettings) -> Verdict:
    if not glaser.has_condensation:
        return "sans_condensation"
    if not glaser.dries_out:
        return "accumulation_annuelle"
    limit = settings.max_condensate_g_per_m2
    if limit is not None and 1000.0 * glaser.peak_accumulation_kg_per_m2 > limit:
        return "sechee_au_dela_limite"
    return "condensation_sechee"


def _not_assessed(label, e: OpaqueElement, reason: str) -> AssemblyResult:
    return AssemblyResult(label, e.name, e.kind, e.boundary, e.layers, "non_evalue", reason,
                          None, None, None, ())


def assess_element(element: OpaqueElement, climate: MonthlyClimate, settings: MoistureSettings,
                   f_rsi_min: float, library: MaterialLibrary | None = None,
                   label: str = "") -> AssemblyResult:
    """Glaser verdict, plane f_Rsi and simulation flags of one opaque element."""
    library = library or default_library()
    if element.boundary == Boundary.GROUND:
        return _not_assessed(label, element, "paroi en contact avec le sol : méthode de Glaser "
                             "non applicable (EN ISO 13788 ; à traiter par EN 15026)")
    if element.boundary == Boundary.ADJACENT_HEATED:
        return _not_assessed(label, element, "paroi entre logements chauffés : pas de gradient")
    if not element.layers:
        return _not_assessed(label, element, "composition inconnue (U saisi sans couches)")
    where = f"{label} · paroi « {element.name} »"
    layers = element.layers
    r = np.array([x.resistance_m2k_per_w for x in layers])
    sd = np.array([layer_sd_m(x, library, f"{where} · couche {x.material}") for x in layers])
    r_si, r_se = surface_resistances(element.kind, element.boundary)
    b = element.b_factor if element.boundary == Boundary.UNHEATED else 1.0
    ti = np.full(12, settings.temp_int_c)
    te_eff = ti - (ti - climate.temp_ext_c) * b  # unheated space: θi − (θi − θe)·b
    glaser = hg.glaser_monthly(r, sd, ti, te_eff, interior_vapour_pressure_pa(climate, settings),
                               climate.vapour_pressure_pa, r_si, r_se)
    verdict = _verdict(glaser, settings)
    f_plane = 1.0 - b * (1.0 - hg.temperature_factor_plane(r, hg.R_SI_MOULD_M2K_PER_W, r_se))
    return AssemblyResult(
        label, element.name, element.kind, element.boundary, layers, verdict,
        VERDICT_FR[verdict], glaser, f_plane, bool(f_plane >= f_rsi_min),
        tuple(simulation_reasons(layers, library, glaser, settings)))


def design_f_rsi_min(climate: MonthlyClimate, settings: MoistureSettings) -> tuple[float, int]:
    """Design f_Rsi,min (largest monthly value) and its month index (EN ISO 13788:2012 §5)."""
    f = hg.minimum_temperature_factor(climate.temp_ext_c, np.full(12, settings.temp_int_c),
                                      interior_vapour_pressure_pa(climate, settings),
                                      settings.phi_si_critical)
    month = int(np.nanargmax(f))
    return float(f[month]), month


def assess_building(building: BuildingModel, climate: MonthlyClimate, settings: MoistureSettings,
                    library: MaterialLibrary | None = None) -> BuildingMoistureResult:
    """Moisture verdict of every assembly and junction of a resolved building."""
    f_min, month = design_f_rsi_min(climate, settings)
    assemblies = tuple(assess_element(e, climate, settings, f_min, library, building.label)
                       for e in building.opaque)
    junctions = []
    for tb in building.thermal_bridges:
        if tb.f_rsi is None:
            verdict: JunctionVerdict = "f_rsi_inconnu"
        else:
            verdict = "conforme" if tb.f_rsi >= f_min else "risque_moisissure"
        junctions.append(JunctionResult(building.label, tb.name, tb.psi_w_per_mk, tb.length_m,
                                        tb.f_rsi, f_min, verdict))
    return BuildingMoistureResult(building.label, building.typology, building.scenario,
                                  assemblies, tuple(junctions), f_min, month,
                                  interior_vapour_pressure_pa(climate, settings))


def assess_operation(operation, climate: MonthlyClimate, settings: MoistureSettings,
                     scenarios: tuple[str, ...] | None = None,
                     library: MaterialLibrary | None = None) -> list[BuildingMoistureResult]:
    """Every typology × scenario of an operation (thin wrapper over :func:`assess_building`)."""
    from perfqual.models.resolve import resolve_building

    library = library or operation_library(operation)
    out = []
    for sid in scenarios or operation.scenario_ids:
        for tid in operation.typologies:
            out.append(assess_building(resolve_building(operation, tid, sid), climate, settings,
                                       library))
    return out


def operation_library(operation) -> MaterialLibrary:
    """The packaged library plus the operation's own materials (``materiaux``)."""
    from perfqual.models.resolve import operation_material_library

    return operation_material_library(operation)


# ---------------------------------------------------------------------------------------------
# Thermal-bridge inventory
# ---------------------------------------------------------------------------------------------

#: Volumetric heat capacity of air ρ_a·c_a [J/(m³·K)]: 1200, the value recalled for
#: EN ISO 13789:2017 and used by the 5R1C of EN ISO 13790:2008 §9.3 ([STD-K], text not read; an
#: argument of :func:`thermal_bridge_inventory`). The EN ISO 52016-1 engine uses 1.204 × 1006 ≈
#: 1211 after the open implementations (``perfqual.core.iso52016.elements``), not this value.
RHO_C_AIR_J_PER_M3K = 1200.0


@dataclass(frozen=True)
class ThermalBridgeRow:
    """One junction of the inventory."""

    name: str
    psi_w_per_mk: float
    length_m: float
    b_factor: float
    h_w_per_k: float
    f_rsi: float | None


@dataclass(frozen=True)
class ThermalBridgeInventory:
    """Thermal bridges of a resolved building and their share of the steady-state H."""

    label: str
    rows: tuple[ThermalBridgeRow, ...]
    h_tb_w_per_k: float  # Σ ψ·L·b
    h_opaque_w_per_k: float  # Σ U·A·b of opaque elements (ground through its b factor)
    h_windows_w_per_k: float  # Σ Uw·A·b
    h_ve_w_per_k: float  # ρ_a c_a · q_ve,mech / 3600 (mechanical or conventional airflow)
    h_total_w_per_k: float

    @property
    def share_frac(self) -> float:
        """H_tb / (H_tr + H_ve) of this steady-state balance. [-]"""
        return self.h_tb_w_per_k / self.h_total_w_per_k if self.h_total_w_per_k > 0 else 0.0


def thermal_bridge_inventory(building: BuildingModel,
                             rho_c_air_j_per_m3k: float = RHO_C_AIR_J_PER_M3K
                             ) -> ThermalBridgeInventory:
    r"""Thermal-bridge inventory and the share of H_tb in a steady-state H = H_tr + H_ve.

    Notes
    -----
    :math:`H_{tb} = \sum \psi L b` ; :math:`H_{tr} = \sum U A b + \sum U_w A_w b + H_{tb}` ;
    :math:`H_{ve} = \rho_a c_a q_{ve}/3600` with the ventilation system's extract airflow
    (infiltration excluded: it depends on the calculation method). Party walls to heated
    dwellings are excluded. Ground floors use the b factor given by the resolver (a simplified
    substitute for EN ISO 13370). The share in each calculation method is taken from the
    engines' balance terms, not from here.
    """
    lossy = (Boundary.EXTERIOR, Boundary.GROUND, Boundary.UNHEATED)
    rows = tuple(ThermalBridgeRow(t.name, t.psi_w_per_mk, t.length_m, t.b_factor, t.h_w_per_k,
                                  t.f_rsi) for t in building.thermal_bridges
                 if t.boundary in lossy)
    h_tb = sum(r.h_w_per_k for r in rows)
    h_op = sum(e.u_value_w_per_m2k * e.area_m2 * e.b_factor for e in building.opaque
               if e.boundary in lossy)
    h_win = sum(w.u_value_w_per_m2k * w.area_m2 * w.b_factor for w in building.windows
                if w.boundary in lossy)
    h_ve = rho_c_air_j_per_m3k * building.ventilation.extract_airflow_m3_per_h / 3600.0
    return ThermalBridgeInventory(building.label, rows, h_tb, h_op, h_win, h_ve,
                                  h_tb + h_op + h_win + h_ve)


def read_monthly_climate_csv(path: str | Path) -> MonthlyClimate:
    """Read 12 months (columns ``mois``, ``temperature`` [°C], ``humidite_relative`` [%])."""
    from perfqual.io.tables import parse_number, read_table

    rows = read_table(path, {"mois": "month", "temperature": "temp",
                             "humidite_relative": "rh"}, required=("month", "temp", "rh"))
    if len(rows) != 12:
        raise InputError(f"12 lignes (une par mois) attendues, {len(rows)} trouvées", str(path))
    temp, rh = [], []
    for row in rows:
        where = f"{path}, ligne {row.line}"
        if "temp" not in row.values or "rh" not in row.values:
            raise InputError("température et humidité relative obligatoires", where)
        temp.append(parse_number(row.values["temp"], where + ", colonne temperature"))
        rh.append(parse_number(row.values["rh"], where + ", colonne humidite_relative") / 100.0)
    return MonthlyClimate(np.array(temp), np.array(rh), str(path))
