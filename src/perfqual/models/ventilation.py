"""Input models of the ventilation controls (records per dwelling, per terminal, per point).

Values are in canonical units (flows m³/h, pressures Pa); ``io/ventilation.py`` converts the
user's files and calls ``model_validate``. The file format is documented in
``methods/ventilation.md``.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from perfqual.core.ventilation_checks import (
    MAIN_ROOMS,
    ROOM_LABELS_FR,
    SERVICE_ROOMS,
    MeasuredQuantity,
    PointStatus,
    Position,
    RegulatoryFlows1982,
    RoomKind,
    SystemKind,
    TerminalKind,
)

_FROZEN = ConfigDict(extra="forbid", frozen=True)

FlowM3PerH = Annotated[float, Field(ge=0.0, le=5000.0)]
PressurePa = Annotated[float, Field(ge=0.0, le=2000.0)]
Fraction = Annotated[float, Field(ge=0.0, lt=1.0)]


# --------------------------------------------------------------------------- regulatory tables
class Art3Row(BaseModel):
    """One row of the art. 3 table (arrêté du 24 mars 1982). [m³/h]"""

    model_config = _FROZEN
    n_main_rooms: int = Field(ge=1, le=5, description="5 = « 5 et plus »")
    kitchen_m3_per_h: FlowM3PerH
    bathroom_m3_per_h: FlowM3PerH
    other_wet_room_m3_per_h: FlowM3PerH
    single_wc_m3_per_h: FlowM3PerH
    multiple_wc_m3_per_h: FlowM3PerH


class Art4Row(BaseModel):
    """One row of the art. 4 tables (arrêté du 24 mars 1982). [m³/h]"""

    model_config = _FROZEN
    n_main_rooms: int = Field(ge=1, le=7)
    total_reduced_m3_per_h: FlowM3PerH
    kitchen_reduced_m3_per_h: FlowM3PerH
    total_modulated_floor_m3_per_h: FlowM3PerH


class RegulatoryFlowTables(BaseModel):
    """Both tables, shape-checked: art. 3 rows 1..5 and art. 4 rows 1..7, each once."""

    model_config = _FROZEN
    art3: tuple[Art3Row, ...]
    art4: tuple[Art4Row, ...]

    @model_validator(mode="after")
    def _complete(self) -> RegulatoryFlowTables:
        if sorted(r.n_main_rooms for r in self.art3) != [1, 2, 3, 4, 5]:
            raise ValueError("tableau art. 3 : lignes 1 à 5 pièces principales attendues")
        if sorted(r.n_main_rooms for r in self.art4) != list(range(1, 8)):
            raise ValueError("tableau art. 4 : lignes 1 à 7 pièces principales attendues")
        return self

    def to_core(self) -> RegulatoryFlows1982:
        """The plain mapping form used by :mod:`perfqual.core.ventilation_checks`."""
        art3 = {
            r.n_main_rooms: {
                "cuisine": r.kitchen_m3_per_h,
                "salle_de_bain": r.bathroom_m3_per_h,
                "autre_salle_d_eau": r.other_wet_room_m3_per_h,
                "wc_unique": r.single_wc_m3_per_h,
                "wc_multiple": r.multiple_wc_m3_per_h,
            }
            for r in self.art3
        }
        return RegulatoryFlows1982(
            art3_m3_per_h=art3,
            art4_total_reduced_m3_per_h={r.n_main_rooms: r.total_reduced_m3_per_h
                                         for r in self.art4},
            art4_kitchen_reduced_m3_per_h={r.n_main_rooms: r.kitchen_reduced_m3_per_h
                                           for r in self.art4},
            art4_total_modulated_floor_m3_per_h={r.n_main_rooms: r.total_modulated_floor_m3_per_h
                                                 for r in self.art4},
        )


# --------------------------------------------------------------------------- settings
class UncertaintySettings(BaseModel):
    """Measurement uncertainty applied to the readings (assumption, see methods/ventilation.md).

    Defaults for pressure are the "forfaitaire" values of the ONV filled example (10 %, 5 Pa);
    no published default exists for flow hoods (DOMAIN-NOTES C.3, [OPEN]), so flow uncertainty
    defaults to zero: a flow reading is judged as read unless the user gives an uncertainty.
    """

    model_config = _FROZEN
    pressure_rel_frac: Fraction = Field(
        default=0.10, description="Incertitude relative sur la pression (exemple ONV, forfait)")
    pressure_abs_pa: PressurePa = Field(
        default=5.0, description="Incertitude absolue sur la pression (exemple ONV, forfait)")
    flow_rel_frac: Fraction = Field(
        default=0.0, description="Incertitude relative sur le débit (aucune valeur publiée)")
    flow_abs_m3_per_h: FlowM3PerH = Field(
        default=0.0, description="Incertitude absolue sur le débit (aucune valeur publiée)")
    combination: Literal["max", "somme"] = Field(
        default="max", description="U = max(relative, absolue) ou leur somme")


class VentilationSettings(BaseModel):
    """Options of the ventilation checks."""

    model_config = _FROZEN
    uncertainty: UncertaintySettings = UncertaintySettings()
    hygro_kitchen_boost_art3: bool = Field(
        default=True,
        description="Hygroréglable : exiger le débit de pointe cuisine de l'art. 3 (hypothèse, "
        "lecture Aldes : le débit de pointe cuisine doit pouvoir être atteint)",
    )
    check_total_base_flow: bool = Field(
        default=True, description="Vérifier le débit total extrait en position de base (art. 4)")


# --------------------------------------------------------------------------- records
class DwellingVentilation(BaseModel):
    """What the checks need to know about one dwelling."""

    model_config = _FROZEN
    dwelling_id: str = Field(min_length=1)
    typology: str | None = Field(default=None, min_length=1)
    n_main_rooms: int | None = Field(default=None, ge=1, le=12)
    system: SystemKind
    n_wc: int | None = Field(default=None, ge=0, le=10, description="WC, y compris en salle d'eau")
    source: str = ""


class TerminalReading(BaseModel):
    """One functional measurement at one terminal in one position (flow or pressure)."""

    model_config = _FROZEN
    dwelling_id: str = Field(min_length=1)
    terminal_id: str = Field(min_length=1)
    room: RoomKind
    terminal_kind: TerminalKind
    position: Position
    quantity: MeasuredQuantity
    measured_m3_per_h: FlowM3PerH | None = None
    measured_pa: PressurePa | None = None
    range_min_m3_per_h: FlowM3PerH | None = None
    range_max_m3_per_h: FlowM3PerH | None = None
    range_min_pa: PressurePa | None = None
    range_max_pa: PressurePa | None = None
    design_flow_m3_per_h: FlowM3PerH | None = None
    not_measurable_reason: str | None = None
    source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> TerminalReading:
        where = f"{self.source} : " if self.source else ""
        if self.quantity is MeasuredQuantity.FLOW and self.measured_pa is not None:
            raise ValueError(f"{where}mesure en débit : pas de pression attendue")
        if self.quantity is MeasuredQuantity.PRESSURE and self.measured_m3_per_h is not None:
            raise ValueError(f"{where}mesure en pression : pas de débit mesuré attendu")
        if self.quantity is MeasuredQuantity.PRESSURE and (
            self.range_min_pa is None or self.range_max_pa is None
        ):
            raise ValueError(
                f"{where}mesure en pression : la plage de pression du produit (min et max) est "
                "obligatoire (point BE2, Avis Technique ou notice)"
            )
        for low, high, unit in (
            (self.range_min_pa, self.range_max_pa, "Pa"),
            (self.range_min_m3_per_h, self.range_max_m3_per_h, "m³/h"),
        ):
            if low is not None and high is not None and low > high:
                raise ValueError(f"{where}plage incohérente : min {low} > max {high} {unit}")
        if self.terminal_kind is TerminalKind.EXTRACT and self.room not in SERVICE_ROOMS:
            raise ValueError(
                f"{where}bouche d'extraction dans une pièce principale "
                f"(« {ROOM_LABELS_FR[self.room]} ») : non admis (arrêté du 24 mars 1982, art. 2)"
            )
        if self.terminal_kind is TerminalKind.SUPPLY and self.room not in MAIN_ROOMS:
            raise ValueError(
                f"{where}bouche de soufflage dans une pièce de service "
                f"(« {ROOM_LABELS_FR[self.room]} ») : non admis"
            )
        return self

    @property
    def measured_value(self) -> float | None:
        """The reading in its own unit (m³/h for flow, Pa for pressure)."""
        if self.quantity is MeasuredQuantity.FLOW:
            return self.measured_m3_per_h
        return self.measured_pa


class VerificationPoint(BaseModel):
    """A visual or functional verification point (ONV codes G, C, R, T, BE, BS, EA…)."""

    model_config = _FROZEN
    dwelling_id: str = Field(min_length=1)
    code: str = Field(min_length=1)
    label: str | None = None
    is_mandatory: bool
    status: PointStatus
    comment: str | None = None
    source: str = ""


class VentilationRecords(BaseModel):
    """All ventilation records of a control campaign."""

    model_config = _FROZEN
    dwellings: tuple[DwellingVentilation, ...] = Field(min_length=1)
    readings: tuple[TerminalReading, ...] = ()
    points: tuple[VerificationPoint, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> VentilationRecords:
        counts = Counter(d.dwelling_id for d in self.dwellings)
        doubles = sorted(k for k, n in counts.items() if n > 1)
        if doubles:
            where = "; ".join(d.source for d in self.dwellings if d.dwelling_id in doubles)
            raise ValueError(f"logement(s) décrit(s) plusieurs fois : {', '.join(doubles)} "
                             f"({where})")
        systems = {d.dwelling_id: d.system for d in self.dwellings}
        seen: dict[tuple[str, str, str], str] = {}
        rooms: dict[tuple[str, str], RoomKind] = {}
        for r in self.readings + self.points:  # type: ignore[operator]
            if r.dwelling_id not in systems:
                raise ValueError(
                    f"{r.source} : logement « {r.dwelling_id} » absent de la liste des logements"
                )
        for r in self.readings:
            key = (r.dwelling_id, r.terminal_id, r.position.value)
            if key in seen:
                raise ValueError(
                    f"{r.source} : bouche « {r.terminal_id} » du logement « {r.dwelling_id} » "
                    f"déjà relevée en position « {r.position.value} » ({seen[key]}) ; "
                    "une seule grandeur (débit ou pression) par position"
                )
            seen[key] = r.source
            previous = rooms.setdefault((r.dwelling_id, r.terminal_id), r.room)
            if previous is not r.room:
                raise ValueError(
                    f"{r.source} : bouche « {r.terminal_id} » déclarée dans deux pièces "
                    f"différentes ({ROOM_LABELS_FR[previous]}, {ROOM_LABELS_FR[r.room]})"
                )
            if r.terminal_kind is TerminalKind.SUPPLY and systems[r.dwelling_id] is not (
                SystemKind.BALANCED
            ):
                raise ValueError(
                    f"{r.source} : bouche de soufflage dans un logement qui n'est pas en "
                    "double flux"
                )
        return self
