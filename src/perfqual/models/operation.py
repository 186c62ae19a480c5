"""The operation input model: how an AMO describes a cité being renovated.

Users write YAML (plus CSV for long lists) with French keys; the pydantic models below carry
English field names with the French key as alias. Quantities may be written with units
("14 cm", "0,035 W/(m·K)", "2 × 38 m²"): they are converted once, at validation, by
:func:`perfqual.units.parse_quantity`; a bare number is read in the canonical unit named in the
field description. Unknown keys are rejected; every error names the path to the field.

Concepts (see ``methods/saisie.md``): an **operation** has **typologies** (geometry and
envelope once), **dwellings** (one typology, a position in the row, a pseudonymous tenant id),
**measures** (one definition each: "ITE 14 cm PSE", "VMC hygro B"…) and **scenarios** (the
initial state ``etat_initial`` plus named work programmes, each a list of measures). A measure
changes the model, it never duplicates it: see :mod:`perfqual.models.resolve`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from perfqual.models.building import Boundary, ElementKind, MassDistribution
from perfqual.units import parse_quantity

INITIAL_STATE = "etat_initial"

_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _quantity(unit: str):
    """BeforeValidator converting a user quantity (number or string with unit) to ``unit``."""

    def convert(value):
        if isinstance(value, bool):
            raise ValueError("nombre ou quantité attendu")
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return parse_quantity(value, unit)
        return value

    return BeforeValidator(convert)


def _positive(value: float) -> float:
    if not value > 0:
        raise ValueError("doit être strictement positif")
    return value


def _fraction(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError("doit être compris entre 0 et 1")
    return value


Length = Annotated[float, _quantity("m"), AfterValidator(_positive)]
Area = Annotated[float, _quantity("m**2"), AfterValidator(_positive)]
Volume = Annotated[float, _quantity("m**3"), AfterValidator(_positive)]
UValue = Annotated[float, _quantity("W/(m**2*K)"), AfterValidator(_positive)]
Conductivity = Annotated[float, _quantity("W/(m*K)"), AfterValidator(_positive)]
Psi = Annotated[float, _quantity("W/(m*K)")]
Density = Annotated[float, _quantity("kg/m**3"), AfterValidator(_positive)]
SpecificHeat = Annotated[float, _quantity("J/(kg*K)"), AfterValidator(_positive)]
ArealCapacity = Annotated[float, _quantity("J/(m**2*K)"), AfterValidator(_positive)]
Airflow = Annotated[float, _quantity("m**3/h")]
Power = Annotated[float, _quantity("W")]
Fraction = Annotated[float, _quantity("dimensionless"), AfterValidator(_fraction)]
Efficiency = Annotated[float, _quantity("dimensionless"), AfterValidator(_positive)]
Angle = Annotated[float, _quantity("deg")]
AltitudeM = Annotated[float, _quantity("m")]

# Azimuth of the outward normal, clockwise from north (pvlib convention). French and English
# abbreviations are accepted (O = ouest = W).
_COMPASS = {
    "N": 0.0, "NNE": 22.5, "NE": 45.0, "ENE": 67.5, "E": 90.0, "ESE": 112.5, "SE": 135.0,
    "SSE": 157.5, "S": 180.0, "SSO": 202.5, "SO": 225.0, "OSO": 247.5, "O": 270.0,
    "ONO": 292.5, "NO": 315.0, "NNO": 337.5,
}


def parse_azimuth_deg(value) -> float:
    """Azimuth in degrees from a compass point (N, NE, E, SE, S, SO, O, NO… or W for O) or a
    number/quantity in degrees clockwise from north.

    Examples
    --------
    >>> parse_azimuth_deg("SO"), parse_azimuth_deg("W"), parse_azimuth_deg("190°")
    (225.0, 270.0, 190.0)
    """
    if isinstance(value, bool):
        raise ValueError("orientation attendue")
    if isinstance(value, (int, float)):
        az = float(value)
    else:
        text = str(value).strip().upper()
        text_fr = text.replace("W", "O")
        if text_fr in _COMPASS:
            return _COMPASS[text_fr]
        try:
            az = parse_quantity(str(value), "deg")
        except ValueError:
            raise ValueError(
                f"orientation « {value} » illisible (N, NE, E, SE, S, SO, O, NO ou degrés depuis "
                "le nord)"
            ) from None
    if not 0.0 <= az < 360.0:
        raise ValueError(
            "l'azimut doit être compris entre 0 et 360° (depuis le nord, sens horaire)"
        )
    return az


Azimuth = Annotated[float, BeforeValidator(parse_azimuth_deg)]

_TRUE = {"oui", "o", "vrai", "true", "yes", "1", "x"}
_FALSE = {"non", "n", "faux", "false", "no", "0", ""}


def parse_french_bool(value):
    """Booleans as French users write them in tables: oui/non, vrai/faux (and true/false, 1/0).

    Examples
    --------
    >>> parse_french_bool("Oui"), parse_french_bool("non"), parse_french_bool(True)
    (True, False, True)
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"« {value} » : oui ou non attendu")


FrenchBool = Annotated[bool, BeforeValidator(parse_french_bool)]

ClimateZone = Literal["H1a", "H1b", "H1c", "H2a", "H2b", "H2c", "H2d", "H3"]
Carrier = Literal["gaz", "fioul", "electricite", "bois", "reseau_chaleur", "charbon", "gpl"]
VentilationType = Literal[
    "naturelle", "naturelle_par_conduits", "vmc_autoreglable", "vmc_hygro_a", "vmc_hygro_b",
    "double_flux",
]
Phase = Literal["etudes", "travaux", "reception", "exploitation"]
Position = Literal[
    "milieu", "extremite_nord", "extremite_est", "extremite_sud", "extremite_ouest", "isole"
]


class OperationIdentity(BaseModel):
    """Identity of the operation: where it is and who runs it."""

    model_config = _CONFIG

    name: str = Field(alias="nom", min_length=1)
    bailleur: str = Field(min_length=1)
    epci: str | None = None
    commune: str = Field(min_length=1)
    departement: str = Field(description="Numéro du département (\"62\", \"2A\")")
    climate_zone: ClimateZone | None = Field(
        default=None, alias="zone_climatique",
        description="Zone H1a…H3 ; déduite du département (arrêté du 26 octobre 2010, annexe I)",
    )
    altitude_m: AltitudeM = Field(alias="altitude", ge=-10.0, le=4810.0)
    phase: Phase = "etudes"
    targets: tuple[str, ...] = Field(
        default=("erbm_150", "region_130", "bbc_renovation"), alias="objectifs",
        description="Seuils appliqués par les financeurs (identifiants de la table des seuils)",
    )
    chosen_scenario: str | None = Field(
        default=None, alias="programme_retenu",
        description="Variante de travaux retenue (vérifiée par « perfqual verifier »)",
    )

    @field_validator("departement")
    @classmethod
    def _known_departement(cls, value: str) -> str:
        from perfqual.climate.zones import zone_for_departement

        zone_for_departement(value)  # raises with a French message when unknown
        return value

    @model_validator(mode="after")
    def _zone_from_departement(self) -> OperationIdentity:
        from perfqual.climate.zones import zone_for_departement

        derived = zone_for_departement(self.departement)
        if self.climate_zone is None:
            object.__setattr__(self, "climate_zone", derived)
        elif self.climate_zone != derived:
            raise ValueError(
                f"zone climatique {self.climate_zone} incohérente avec le département "
                f"{self.departement} (zone {derived} selon l'arrêté du 26 octobre 2010, annexe I)"
            )
        return self


MaterialCategory = Literal[
    "maconnerie", "beton", "enduit", "plaque", "isolant_mineral", "isolant_synthetique",
    "isolant_biosource", "bois", "membrane", "autre",
]


class MaterialSpec(BaseModel):
    """A user material (added to the packaged library for this operation).

    A membrane (vapour barrier or retarder) is described by its declared ``sd`` (EN ISO 12572),
    other materials by μ. ``categorie`` and ``capillaire_actif`` feed the moisture checks
    (bio-sourced and capillary-active interior insulation call for an EN 15026 study).
    """

    model_config = _CONFIG

    name: str | None = Field(default=None, alias="nom")
    category: MaterialCategory = Field(default="autre", alias="categorie")
    conductivity_w_per_mk: Conductivity = Field(alias="conductivite")
    density_kg_per_m3: Density = Field(alias="masse_volumique")
    specific_heat_j_per_kgk: SpecificHeat = Field(alias="capacite_thermique")
    vapour_resistance_factor: float | None = Field(default=None, alias="mu", ge=1.0)
    sd_m: Annotated[Length, Field(description="s_d déclaré d'une membrane [m]")] | None = Field(
        default=None, alias="sd"
    )
    capillary_active: FrenchBool = Field(default=False, alias="capillaire_actif")
    source: str = Field(min_length=1, description="Provenance (fiche produit, ACERMI, norme…)")

    @model_validator(mode="after")
    def _vapour(self) -> MaterialSpec:
        if self.vapour_resistance_factor is not None and self.sd_m is not None:
            raise ValueError("donner « mu » ou « sd », pas les deux")
        if self.category == "membrane" and self.sd_m is None:
            raise ValueError("une membrane se décrit par son « sd » déclaré")
        return self


class LayerSpec(BaseModel):
    """One layer of a composition: a material of the library and a thickness."""

    model_config = _CONFIG

    material: str = Field(alias="materiau", min_length=1)
    thickness_m: Length = Field(alias="epaisseur")


class Composition(BaseModel):
    """A construction: either layers (interior → exterior) or U + areal heat capacity."""

    model_config = _CONFIG

    description: str | None = None
    layers: tuple[LayerSpec, ...] | None = Field(
        default=None, alias="couches", description="Couches de l'intérieur vers l'extérieur"
    )
    u_value_w_per_m2k: UValue | None = Field(default=None, alias="U")
    areal_heat_capacity_j_per_m2k: ArealCapacity | None = Field(
        default=None, alias="capacite_surfacique"
    )
    mass_distribution: MassDistribution | None = Field(default=None, alias="distribution_masse")
    source: str | None = None

    @model_validator(mode="after")
    def _layers_or_u(self) -> Composition:
        if self.layers is None and self.u_value_w_per_m2k is None:
            raise ValueError("donner soit « couches », soit « U » (avec « capacite_surfacique »)")
        if self.layers is not None and self.u_value_w_per_m2k is not None:
            raise ValueError("donner « couches » ou « U », pas les deux")
        if self.layers is not None and len(self.layers) == 0:
            raise ValueError("« couches » ne peut pas être vide")
        if self.u_value_w_per_m2k is not None and (
            self.areal_heat_capacity_j_per_m2k is None or self.mass_distribution is None
        ):
            raise ValueError(
                "avec « U », donner aussi « capacite_surfacique » et « distribution_masse » "
                "(classes I, E, IE, D, M de l'EN ISO 52016-1:2017, tableau B.13)"
            )
        return self


class EnvelopeElementSpec(BaseModel):
    """An opaque wall, roof, ceiling or floor of a typology."""

    model_config = _CONFIG

    name: str = Field(alias="nom", min_length=1)
    kind: ElementKind = Field(alias="type")
    area_m2: Area = Field(alias="surface", description="Surface brute (menuiseries comprises)")
    azimuth_deg: Azimuth | None = Field(default=None, alias="orientation")
    tilt_deg: Angle | None = Field(default=None, alias="inclinaison", ge=0.0, le=180.0)
    boundary: Boundary = Field(default=Boundary.EXTERIOR, alias="limite")
    b_factor: Fraction | None = Field(default=None, alias="b")
    composition: str = Field(min_length=1)
    solar_absorptance: Fraction = Field(
        default=0.6, alias="absorptance",
        description=("α_sol de la face extérieure ; 0,6 par défaut, valeur des implémentations "
                     "ouvertes de l'EN ISO 52016-1:2017 (pyBuildingEnergy, iso52016 ; tableau de "
                     "la norme non relu, METHODS-NOTES A.6) : hypothèse modifiable"),
    )
    exposed_perimeter_m: Length | None = Field(default=None, alias="perimetre")

    @model_validator(mode="after")
    def _consistency(self) -> EnvelopeElementSpec:
        if self.boundary == Boundary.UNHEATED and self.b_factor is None:
            raise ValueError("une paroi sur local non chauffé demande son coefficient « b »")
        if self.boundary != Boundary.UNHEATED and self.b_factor is not None:
            raise ValueError("« b » ne s'applique qu'aux parois sur local non chauffé")
        if self.kind == ElementKind.WALL and self.azimuth_deg is None and self.boundary in (
            Boundary.EXTERIOR, Boundary.ADJACENT_HEATED
        ):
            raise ValueError("un mur demande son « orientation »")
        if self.kind == ElementKind.ROOF and self.boundary == Boundary.EXTERIOR and (
            self.tilt_deg is not None and self.tilt_deg > 0 and self.azimuth_deg is None
        ):
            raise ValueError("une toiture inclinée demande son « orientation »")
        if self.boundary == Boundary.GROUND and self.exposed_perimeter_m is None:
            raise ValueError("un plancher sur terre-plein demande son « perimetre » exposé "
                             "(EN ISO 13370:2017)")
        return self


OpeningKind = Literal["fenetre", "porte_fenetre", "porte"]
Shutter = Literal["aucun", "battants", "roulants", "persiennes"]


class OpeningSpec(BaseModel):
    """A window, French window or door."""

    model_config = _CONFIG

    name: str | None = Field(default=None, alias="nom")
    kind: OpeningKind = Field(default="fenetre", alias="type")
    host: str | None = Field(default=None, alias="paroi", description="Paroi qui la porte")
    azimuth_deg: Azimuth | None = Field(default=None, alias="orientation")
    tilt_deg: Angle = Field(default=90.0, alias="inclinaison", ge=0.0, le=180.0)
    area_m2: Area = Field(alias="surface")
    u_value_w_per_m2k: UValue = Field(alias="Uw")
    window_solar_factor: Fraction | None = Field(
        default=None, alias="Sw", description="Facteur solaire de la baie (menuiserie comprise)"
    )
    g_value: Fraction | None = Field(default=None, alias="g", description="g du vitrage seul")
    frame_fraction: Fraction = Field(
        default=0.25, alias="fraction_cadre",
        description="F_F ; 0,25 par défaut (EN ISO 52016-1:2017, tableau B.22)",
    )
    shutter: Shutter = Field(default="aucun", alias="volets")
    count: int = Field(default=1, alias="nombre", ge=1)

    @model_validator(mode="after")
    def _solar(self) -> OpeningSpec:
        if self.kind != "porte" and self.window_solar_factor is None and self.g_value is None:
            raise ValueError("une fenêtre demande « Sw » (baie) ou « g » (vitrage)")
        if self.window_solar_factor is not None and self.g_value is not None:
            raise ValueError("donner « Sw » ou « g », pas les deux")
        if self.azimuth_deg is None and self.host is None:
            raise ValueError("donner l'« orientation » ou la « paroi » qui porte la menuiserie")
        if self.frame_fraction >= 1.0:
            raise ValueError("« fraction_cadre » doit être inférieure à 1")
        return self


class ThermalBridgeSpec(BaseModel):
    """A linear thermal bridge of the inventory."""

    model_config = _CONFIG

    name: str = Field(alias="nom", min_length=1)
    psi_w_per_mk: Psi = Field(alias="psi")
    length_m: Length = Field(alias="longueur")
    boundary: Boundary = Field(default=Boundary.EXTERIOR, alias="limite")
    b_factor: Fraction | None = Field(default=None, alias="b")
    f_rsi: Fraction | None = Field(default=None, description="Facteur de température f_Rsi")
    junction: str | None = Field(default=None, alias="liaison", description="Type de liaison")


class AirtightnessSpec(BaseModel):
    """Envelope airtightness: one of Q4Pa-surf, n50 or q50."""

    model_config = _CONFIG

    q4pa_surf_m3_per_h_m2: Annotated[float, _quantity("m**3/(h*m**2)"), AfterValidator(_positive)] | None = Field(  # noqa: E501
        default=None, alias="Q4Pa_surf"
    )
    n50_per_h: Annotated[float, _quantity("1/h"), AfterValidator(_positive)] | None = Field(
        default=None, alias="n50"
    )
    q50_m3_per_h: Annotated[Airflow, AfterValidator(_positive)] | None = Field(
        default=None, alias="q50"
    )
    flow_exponent: float = Field(
        default=2.0 / 3.0, alias="exposant", gt=0.5 - 1e-12, le=1.0,
        description="n de la loi q = C·Δp^n ; 2/3 par convention (FD P50-784)",
    )
    source: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AirtightnessSpec:
        given = [v is not None for v in (self.q4pa_surf_m3_per_h_m2, self.n50_per_h,
                                         self.q50_m3_per_h)]
        if sum(given) != 1:
            raise ValueError("donner exactement une valeur parmi « Q4Pa_surf », « n50 » et « q50 »")
        return self


class VentilationSpec(BaseModel):
    """Ventilation system of a typology."""

    model_config = _CONFIG

    system: VentilationType = Field(alias="type")
    extract_airflow_m3_per_h: Annotated[Airflow, AfterValidator(_positive)] | None = Field(
        default=None, alias="debit_extrait",
        description="Débit extrait moyen ; par défaut le débit conventionnel 3CL-DPE 2021",
    )
    heat_recovery_efficiency: Fraction = Field(default=0.0, alias="efficacite_recuperation")
    fan_power_w: Annotated[Power, Field(ge=0.0)] = Field(
        default=0.0, alias="puissance_ventilateurs"
    )
    source: str | None = None

    @model_validator(mode="after")
    def _recovery(self) -> VentilationSpec:
        if self.system != "double_flux" and self.heat_recovery_efficiency > 0:
            raise ValueError("« efficacite_recuperation » ne s'applique qu'à une double flux")
        if self.system == "double_flux" and self.heat_recovery_efficiency == 0:
            raise ValueError("une double flux demande son « efficacite_recuperation »")
        return self


class HeatingSpec(BaseModel):
    """Space heating: generator, carrier and the four efficiencies (EN 15316, simplified)."""

    model_config = _CONFIG

    generator: str = Field(alias="generateur", min_length=1)
    carrier: Carrier = Field(alias="energie")
    emitters: str = Field(default="radiateurs", alias="emetteurs")
    generation_efficiency: Efficiency = Field(
        alias="rendement_generation", description="Sur PCI ; COP saisonnier pour une PAC"
    )
    emission_efficiency: Fraction = Field(alias="rendement_emission")
    distribution_efficiency: Fraction = Field(alias="rendement_distribution")
    control_efficiency: Fraction = Field(alias="rendement_regulation")
    auxiliary_power_w: Annotated[Power, Field(ge=0.0)] = Field(
        default=0.0, alias="puissance_auxiliaires"
    )
    source: str | None = None

    @model_validator(mode="after")
    def _generation(self) -> HeatingSpec:
        if self.generation_efficiency > 1.2 and "pac" not in self.generator.lower():
            raise ValueError("rendement de génération > 1,2 : réservé aux pompes à chaleur "
                             "(générateur « pac_… »)")
        return self


class DhwSpec(BaseModel):
    """Domestic hot water system."""

    model_config = _CONFIG

    generator: str = Field(alias="generateur", min_length=1)
    carrier: Carrier = Field(alias="energie")
    generation_efficiency: Efficiency = Field(alias="rendement_generation")
    distribution_efficiency: Fraction = Field(default=1.0, alias="rendement_distribution")
    storage_volume_l: Annotated[float, _quantity("L"), Field(ge=0.0)] = Field(
        default=0.0, alias="volume_stockage"
    )
    storage_loss_w_per_k: Annotated[float, _quantity("W/K"), Field(ge=0.0)] = Field(
        default=0.0, alias="pertes_stockage"
    )
    source: str | None = None


TypologyForm = Literal["coron_en_bande", "maison_jumelee", "maison_isolee", "petit_collectif"]


class Typology(BaseModel):
    """A dwelling type: geometry, envelope and systems, described once."""

    model_config = _CONFIG

    description: str | None = None
    form: TypologyForm = Field(alias="forme")
    construction_year: int | None = Field(default=None, alias="annee_construction", ge=1800,
                                          le=2100)
    living_area_m2: Area = Field(alias="surface_habitable")
    shon_rt_m2: Area | None = Field(default=None, alias="shon_rt")
    shon_to_living_ratio: float | None = Field(
        default=None, alias="ratio_shon_shab", gt=1.0, le=2.0,
        description="Conversion documentée SHON_RT = ratio × SHAB quand la SHON n'est pas connue",
    )
    ceiling_height_m: Length = Field(alias="hauteur_sous_plafond")
    heated_volume_m3: Volume | None = Field(default=None, alias="volume")
    n_main_rooms: int = Field(alias="pieces_principales", ge=1, le=12)
    n_levels: int = Field(default=1, alias="niveaux", ge=1, le=10)
    elements: tuple[EnvelopeElementSpec, ...] = Field(alias="parois", min_length=1)
    openings: tuple[OpeningSpec, ...] = Field(default=(), alias="menuiseries")
    thermal_bridges: tuple[ThermalBridgeSpec, ...] = Field(default=(), alias="ponts_thermiques")
    airtightness: AirtightnessSpec = Field(alias="etancheite")
    ventilation: VentilationSpec
    heating: HeatingSpec = Field(alias="chauffage")
    dhw: DhwSpec = Field(alias="ecs")
    airtightness_target: AirtightnessSpec | None = Field(
        default=None, alias="objectif_etancheite",
        description="Objectif de perméabilité de l'étude (Q4Pa-surf ou n50)",
    )

    @model_validator(mode="after")
    def _checks(self) -> Typology:
        if self.shon_rt_m2 is None and self.shon_to_living_ratio is None:
            raise ValueError("donner « shon_rt » ou « ratio_shon_shab » (conversion documentée)")
        if self.shon_rt_m2 is not None and self.shon_rt_m2 < self.living_area_m2:
            raise ValueError("la SHON_RT ne peut pas être inférieure à la surface habitable")
        names = [e.name for e in self.elements]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"noms de parois en double : {', '.join(dup)}")
        by_name = {e.name: e for e in self.elements}
        for op in self.openings:
            if op.host is not None and op.host not in names:
                raise ValueError(f"menuiserie sur la paroi inconnue « {op.host} »")
            host = by_name.get(op.host) if op.host else None
            if (host is not None and host.azimuth_deg is not None and op.azimuth_deg is not None
                    and abs((op.azimuth_deg - host.azimuth_deg + 180.0) % 360.0 - 180.0) > 1.0):
                raise ValueError(
                    f"menuiserie « {op.name or op.host} » : orientation différente de celle de "
                    f"sa paroi « {op.host} » (ne donner que la paroi)")
        hosted: dict[str, float] = {}
        for op in self.openings:
            if op.host is not None:
                hosted[op.host] = hosted.get(op.host, 0.0) + op.area_m2 * op.count
        for e in self.elements:
            if hosted.get(e.name, 0.0) >= e.area_m2:
                raise ValueError(
                    f"les menuiseries de la paroi « {e.name} » ({hosted[e.name]:.2f} m²) "
                    f"dépassent sa surface ({e.area_m2:.2f} m²)"
                )
        return self

    @property
    def shon_rt_resolved_m2(self) -> float:
        """SHON_RT given, or living area × the documented ratio. [m²]"""
        if self.shon_rt_m2 is not None:
            return self.shon_rt_m2
        return self.living_area_m2 * float(self.shon_to_living_ratio)


class Dwelling(BaseModel):
    """One dwelling: an id, a typology, its position in the row, a pseudonymous tenant id."""

    model_config = _CONFIG

    id: str = Field(min_length=1)
    typology: str = Field(alias="typologie", min_length=1)
    position: Position = "milieu"
    mirrored: FrenchBool = Field(
        default=False, alias="miroir",
        description="Logement symétrique de la typologie par rapport à l'axe nord-sud (la "
                    "maison est d'une paire de jumelées) : est et ouest sont échangés",
    )
    rotation_deg: Angle = Field(
        default=0.0, alias="rotation", ge=-360.0, le=360.0,
        description="Rotation de la rangée par rapport à la typologie (degrés, sens horaire)",
    )
    living_area_m2: Area | None = Field(default=None, alias="surface_habitable")
    building: str | None = Field(default=None, alias="batiment")
    address_ref: str | None = Field(default=None, alias="adresse")
    tenant: str | None = Field(default=None, alias="locataire",
                               description="Identifiant pseudonyme du locataire")

    @model_validator(mode="after")
    def _pseudonymous(self) -> Dwelling:
        if self.tenant is not None and re.search(r"\s", self.tenant.strip()):
            raise ValueError(
                "« locataire » doit être un identifiant pseudonyme sans espace (ex. L-0012), "
                "pas un nom"
            )
        return self


class AddLayer(BaseModel):
    """Measure: add a layer (insulation) on the inside or outside of named elements."""

    model_config = _CONFIG

    elements: tuple[str, ...] | None = Field(default=None, alias="parois")
    kinds: tuple[ElementKind, ...] | None = Field(default=None, alias="types")
    side: Literal["interieur", "exterieur"] = Field(alias="cote")
    material: str = Field(alias="materiau", min_length=1)
    thickness_m: Length = Field(alias="epaisseur")
    finish: tuple[LayerSpec, ...] = Field(
        default=(), alias="parement",
        description="Couches de finition ajoutées côté pièce (ITI) ou côté extérieur (ITE)",
    )

    @model_validator(mode="after")
    def _target(self) -> AddLayer:
        if (self.elements is None) == (self.kinds is None):
            raise ValueError("donner soit « parois » (noms), soit « types » de parois")
        return self


class ReplaceOpenings(BaseModel):
    """Measure: replace windows (all, or the named ones)."""

    model_config = _CONFIG

    names: tuple[str, ...] | None = Field(default=None, alias="menuiseries")
    kinds: tuple[OpeningKind, ...] = Field(default=("fenetre", "porte_fenetre"), alias="types")
    u_value_w_per_m2k: UValue = Field(alias="Uw")
    window_solar_factor: Fraction | None = Field(default=None, alias="Sw")
    g_value: Fraction | None = Field(default=None, alias="g")
    frame_fraction: Fraction | None = Field(default=None, alias="fraction_cadre")
    shutter: Shutter | None = Field(default=None, alias="volets")

    @model_validator(mode="after")
    def _solar(self) -> ReplaceOpenings:
        only_doors = set(self.kinds) == {"porte"}
        if not only_doors and (self.window_solar_factor is None) == (self.g_value is None):
            raise ValueError("donner « Sw » ou « g » des nouvelles menuiseries")
        return self


class ReplaceBridges(BaseModel):
    """Measure: new ψ for named thermal bridges (e.g. treated by ITE)."""

    model_config = _CONFIG

    bridges: dict[str, Psi] = Field(alias="psi", min_length=1)


class Measure(BaseModel):
    """One work item. Exactly one action; optionally restricted to some typologies."""

    model_config = _CONFIG

    description: str | None = None
    typologies: tuple[str, ...] | None = None
    cost_eur: float | None = Field(default=None, alias="cout", ge=0.0,
                                   description="Coût estimé par logement (€ TTC)")
    add_layer: AddLayer | None = Field(default=None, alias="ajoute_couche")
    replace_composition: dict[str, str] | None = Field(
        default=None, alias="remplace_composition", description="paroi -> composition"
    )
    replace_openings: ReplaceOpenings | None = Field(default=None, alias="remplace_menuiseries")
    replace_bridges: ReplaceBridges | None = Field(default=None, alias="ponts_thermiques")
    airtightness: AirtightnessSpec | None = Field(default=None, alias="etancheite")
    ventilation: VentilationSpec | None = None
    heating: HeatingSpec | None = Field(default=None, alias="chauffage")
    dhw: DhwSpec | None = Field(default=None, alias="ecs")

    @model_validator(mode="after")
    def _one_action(self) -> Measure:
        actions = [
            self.add_layer, self.replace_composition, self.replace_openings, self.replace_bridges,
            self.airtightness, self.ventilation, self.heating, self.dhw,
        ]
        n = sum(a is not None for a in actions)
        if n != 1:
            raise ValueError(
                "une mesure porte exactement une action parmi : ajoute_couche, "
                "remplace_composition, remplace_menuiseries, ponts_thermiques, etancheite, "
                f"ventilation, chauffage, ecs ({n} données)"
            )
        return self


class Scenario(BaseModel):
    """A work programme: the initial state plus an ordered list of measures."""

    model_config = _CONFIG

    description: str | None = None
    measures: tuple[str, ...] = Field(default=(), alias="mesures")


class Operation(BaseModel):
    """A whole operation, as read from its YAML file (and CSV lists)."""

    model_config = _CONFIG

    identity: OperationIdentity = Field(alias="operation")
    materials: dict[str, MaterialSpec] = Field(default_factory=dict, alias="materiaux")
    compositions: dict[str, Composition] = Field(min_length=1)
    typologies: dict[str, Typology] = Field(min_length=1)
    dwellings: tuple[Dwelling, ...] = Field(alias="logements", min_length=1)
    measures: dict[str, Measure] = Field(default_factory=dict, alias="mesures")
    scenarios: dict[str, Scenario] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> Operation:
        errors = []
        for tid, typ in self.typologies.items():
            for e in typ.elements:
                if e.composition not in self.compositions:
                    errors.append(f"typologies.{tid}.parois « {e.name} » : composition inconnue "
                                  f"« {e.composition} »")
        ids = [d.id for d in self.dwellings]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            errors.append(f"logements : identifiants en double : {', '.join(dup[:10])}")
        for d in self.dwellings:
            if d.typology not in self.typologies:
                errors.append(f"logements « {d.id} » : typologie inconnue « {d.typology} »")
        tenants = [d.tenant for d in self.dwellings if d.tenant]
        dup_t = sorted({t for t in tenants if tenants.count(t) > 1})
        if dup_t:
            errors.append(f"logements : locataires en double : {', '.join(dup_t[:10])}")
        if INITIAL_STATE in self.scenarios:
            errors.append(f"scenarios : « {INITIAL_STATE} » est réservé à l'état initial")
        for sid, sc in self.scenarios.items():
            for m in sc.measures:
                if m not in self.measures:
                    errors.append(f"scenarios.{sid} : mesure inconnue « {m} »")
        for mid, m in self.measures.items():
            for t in m.typologies or ():
                if t not in self.typologies:
                    errors.append(f"mesures.{mid} : typologie inconnue « {t} »")
            if m.replace_composition:
                for comp in m.replace_composition.values():
                    if comp not in self.compositions:
                        errors.append(f"mesures.{mid} : composition inconnue « {comp} »")
        chosen = self.identity.chosen_scenario
        if chosen is not None and chosen not in self.scenarios and chosen != INITIAL_STATE:
            errors.append(f"operation.programme_retenu : scénario inconnu « {chosen} »")
        if errors:
            raise ValueError("; ".join(errors))
        return self

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        """The initial state followed by the work programmes, in file order."""
        return (INITIAL_STATE, *self.scenarios)

    def dwellings_of(self, typology: str) -> tuple[Dwelling, ...]:
        """Dwellings of one typology."""
        return tuple(d for d in self.dwellings if d.typology == typology)

    def dwelling(self, dwelling_id: str) -> Dwelling:
        """The dwelling with this id (KeyError if absent)."""
        for d in self.dwellings:
            if d.id == dwelling_id:
                return d
        raise KeyError(dwelling_id)
