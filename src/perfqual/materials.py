"""Material library: thermal and vapour properties of building materials, with provenance.

The packaged table ``data/materials.csv`` (sources in ``data/materials.source.md``) holds usual
masonry, plasters, boards, mineral, synthetic and bio-sourced insulants and membranes, each with
its source and status (SRC / DERIVED / STD-K). Users add their own products (declared λ_D, s_d…)
from the operation file through :meth:`MaterialLibrary.with_user_materials`.

Public API
----------
* :func:`get_material` — one material of the packaged library by id (``"brique_pleine"``).
* :func:`default_library` — the packaged :class:`MaterialLibrary` (cached).
* :meth:`MaterialLibrary.with_user_materials` — a new library with user materials added.
* :meth:`Material.to_layer` — a :class:`perfqual.models.building.Layer` of a given thickness.

Ids are French snake_case (``laine_de_verre``, ``fibre_de_bois``, ``pse_graphite``, ``platre``,
``enduit_chaux``, ``beton``…); :func:`default_library` ``.ids`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from perfqual.errors import InputError
from perfqual.io.tables import read_table
from perfqual.io.validation import format_validation_error
from perfqual.models.building import Layer
from perfqual.units import parse_quantity

Category = Literal[
    "maconnerie", "beton", "enduit", "plaque", "isolant_mineral", "isolant_synthetique",
    "isolant_biosource", "bois", "membrane", "autre",
]
Status = Literal["SRC", "DERIVED", "STD-K", "utilisateur"]

MATERIAL_ID_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"

# Canonical unit of each numeric field, to convert user strings such as "0,038 W/(m·K)".
_FIELD_UNITS = {
    "conductivity_w_per_mk": "W/(m*K)",
    "density_kg_per_m3": "kg/m**3",
    "specific_heat_j_per_kgk": "J/(kg*K)",
    "vapour_resistance_factor": "dimensionless",
    "sd_m": "m",
}


class Material(BaseModel):
    """A homogeneous building material (properties at the dry state, canonical units).

    A membrane (vapour barrier or retarder, breather membrane) is described by its declared
    equivalent air-layer thickness ``sd_m`` (EN ISO 12572), which does not scale with the
    thickness entered; other materials by their vapour resistance factor μ.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=MATERIAL_ID_PATTERN, description="snake_case id")]
    name_fr: Annotated[str, Field(min_length=1)]
    category: Category
    conductivity_w_per_mk: Annotated[float, Field(gt=0, description="λ [W/(m·K)]")]
    density_kg_per_m3: Annotated[float | None, Field(gt=0, description="ρ [kg/m³]")] = None
    specific_heat_j_per_kgk: Annotated[float | None, Field(gt=0, description="c [J/(kg·K)]")] = (
        None
    )
    vapour_resistance_factor: Annotated[float | None, Field(gt=0, description="μ [-]")] = None
    sd_m: Annotated[float | None, Field(gt=0, description="declared s_d of a membrane [m]")] = None
    capillary_active: bool = False
    source: Annotated[str, Field(min_length=1)]
    status: Status
    note_fr: str = ""

    @model_validator(mode="after")
    def _vapour_property(self) -> Material:
        if self.vapour_resistance_factor is not None and self.sd_m is not None:
            raise ValueError("donner soit μ (vapour_resistance_factor) soit sd_m, pas les deux")
        if self.category == "membrane" and self.sd_m is None:
            raise ValueError("une membrane se décrit par son sd déclaré (sd_m)")
        return self

    def sd_for_thickness_m(self, thickness_m: float) -> float:
        """Equivalent air-layer thickness of a layer of this material: μ·d, or the declared s_d.

        Raises
        ------
        InputError
            When the material has neither μ nor s_d.
        """
        if self.sd_m is not None:
            return self.sd_m
        if self.vapour_resistance_factor is None:
            raise InputError(
                f"facteur de résistance à la vapeur μ inconnu pour « {self.id} » : "
                "compléter le matériau (μ ou sd_m) pour le calcul de condensation",
                f"matériau {self.id}",
            )
        return self.vapour_resistance_factor * thickness_m

    def to_layer(self, thickness_m: float, where: str | None = None) -> Layer:
        """Build a :class:`~perfqual.models.building.Layer` of ``thickness_m`` metres.

        For membranes, μ is set to s_d/d so that μ·d equals the declared s_d.

        Raises
        ------
        InputError
            Non-positive thickness, or density / specific heat unknown.
        """
        where = where or f"couche {self.id}"
        if not thickness_m > 0:
            raise InputError(f"épaisseur {thickness_m!r} m : doit être strictement positive", where)
        needed = (("masse volumique", self.density_kg_per_m3),
                  ("chaleur spécifique", self.specific_heat_j_per_kgk))
        missing = [n for n, v in needed if v is None]
        if missing:
            raise InputError(
                f"matériau « {self.id} » : {' et '.join(missing)} inconnue(s) ; "
                "choisir un autre matériau ou déclarer un matériau utilisateur",
                where,
            )
        mu = self.sd_m / thickness_m if self.sd_m is not None else self.vapour_resistance_factor
        return Layer(
            material=self.id,
            thickness_m=thickness_m,
            conductivity_w_per_mk=self.conductivity_w_per_mk,
            density_kg_per_m3=self.density_kg_per_m3,
            specific_heat_j_per_kgk=self.specific_heat_j_per_kgk,
            vapour_resistance_factor=mu,
        )


def _convert_user_values(raw: Mapping[str, object], where: str) -> dict[str, object]:
    """Convert numeric fields written as strings with units ("0,038 W/(m·K)")."""
    out = dict(raw)
    for name, unit in _FIELD_UNITS.items():
        value = out.get(name)
        if isinstance(value, str):
            try:
                out[name] = parse_quantity(value, unit)
            except ValueError as exc:
                raise InputError(str(exc), f"{where}.{name}") from None
    return out




def validation_error_fr(exc: ValidationError) -> str:
    """French rendering of a pydantic error, fields separated by « ; » (one-line messages)."""
    return format_validation_error(exc).replace("\n", " ; ")


class MaterialLibrary:
    """An immutable set of materials indexed by id."""

    def __init__(self, materials: Iterable[Material]):
        by_id: dict[str, Material] = {}
        for m in materials:
            if m.id in by_id:
                raise InputError(f"matériau « {m.id} » défini deux fois", "bibliothèque")
            by_id[m.id] = m
        self._by_id = by_id

    def __contains__(self, material_id: object) -> bool:
        return material_id in self._by_id

    def __iter__(self) -> Iterator[Material]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Material ids, sorted."""
        return tuple(sorted(self._by_id))

    def get(self, material_id: str, where: str | None = None) -> Material:
        """Return a material by id; French :class:`InputError` naming ``where`` if unknown."""
        try:
            return self._by_id[material_id]
        except KeyError:
            raise InputError(
                f"matériau inconnu « {material_id} » (matériaux disponibles : "
                f"{', '.join(self.ids)} ; ou le déclarer comme matériau utilisateur)",
                where,
            ) from None

    def with_user_materials(
        self, materials: Iterable[Material | Mapping[str, object]], source: str = "opération"
    ) -> MaterialLibrary:
        """Return a new library with user materials added.

        Parameters
        ----------
        materials : iterable of Material or mapping
            Each mapping has the fields of :class:`Material` (``id``, ``name_fr``, ``category``,
            ``conductivity_w_per_mk``…; numbers or strings with units such as "0,038 W/(m·K)").
            ``status`` defaults to ``"utilisateur"`` and ``source`` to ``source``.
        source : str
            Where the user materials come from (file name), used in messages and as default
            ``source``.

        Raises
        ------
        InputError
            Invalid fields (French message naming the material and field) or an id that already
            exists (packaged values are never silently replaced: use a new id).
        """
        added = []
        for i, item in enumerate(materials):
            if isinstance(item, Material):
                added.append(item)
                continue
            where = f"{source} : materiaux[{i}]"
            data = {"status": "utilisateur", "source": source,
                    **_convert_user_values(item, where)}
            try:
                added.append(Material.model_validate(data))
            except ValidationError as exc:
                raise InputError(validation_error_fr(exc), where) from None
        for m in added:
            if m.id in self._by_id:
                raise InputError(
                    f"l'identifiant « {m.id} » existe déjà dans la bibliothèque : "
                    "choisir un autre identifiant pour le matériau utilisateur",
                    source,
                )
        return MaterialLibrary([*self._by_id.values(), *added])


_COLUMNS = {name: name for name in (
    "id", "name_fr", "category", "conductivity_w_per_mk", "density_kg_per_m3",
    "specific_heat_j_per_kgk", "vapour_resistance_factor", "sd_m", "capillary_active",
    "source_key", "status", "note_fr",
)}


def load_library(path: str | Path) -> MaterialLibrary:
    """Load a material table with the columns of ``data/materials.csv``."""
    rows = read_table(path, _COLUMNS, required=("id", "name_fr", "category",
                                                "conductivity_w_per_mk", "source_key", "status"))
    materials = []
    for row in rows:
        v = dict(row.values)
        v["source"] = v.pop("source_key")
        v["capillary_active"] = v.get("capillary_active", "non") == "oui"
        try:
            materials.append(Material.model_validate(v))
        except ValidationError as exc:
            raise InputError(validation_error_fr(exc), f"{path}, ligne {row.line}") from None
    return MaterialLibrary(materials)


@lru_cache(maxsize=1)
def default_library() -> MaterialLibrary:
    """The packaged material library (``data/materials.csv``)."""
    with resources.as_file(resources.files("perfqual") / "data" / "materials.csv") as path:
        return load_library(path)


def get_material(name: str) -> Material:
    """Return a material of the packaged library by id (French error if unknown).

    Examples
    --------
    >>> get_material("fibre_de_bois").category
    'isolant_biosource'
    """
    return default_library().get(name)
