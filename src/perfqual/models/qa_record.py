"""Works-phase quality record of an operation (registre qualité de la phase travaux).

The record lists, each with a status and a date: the companies' self-check sheets
(autocontrôles), the on-site training sessions (FIT), the technical memo items (mémoire technique
des matériaux), the thermography findings per dwelling, the hold points (points d'arrêt) and the
site visits; plus what the phase requires and the configurable subsidy-reduction rule. The user
format (YAML + optional CSV of thermography findings) is documented in ``methods/qualite.md``;
field aliases are the French keys of that format.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

Id = Annotated[str, Field(min_length=1)]

SelfCheckStatus = Literal["conforme", "non_conforme", "a_completer"]
SessionStatus = Literal["realisee", "planifiee", "annulee"]
MemoStatus = Literal["valide", "fourni", "refuse", "manquant"]
HoldPointStatus = Literal["leve", "ouvert", "refuse"]
VisitStatus = Literal["realisee", "planifiee", "annulee"]
Severity = Literal["mineure", "majeure", "critique"]
DefectStatus = Literal["ouvert", "corrige", "leve"]
DefectType = Literal[
    "defaut_isolation", "pont_thermique", "fuite_air", "humidite", "menuiserie", "ventilation",
    "autre",
]


class SelfCheck(BaseModel):
    """A company's self-check sheet (fiche d'autocontrôle)."""

    model_config = _CONFIG
    id: Id
    lot: Id
    company: str | None = Field(default=None, alias="entreprise")
    dwelling: str | None = Field(default=None, alias="logement")
    date: dt.date | None = None
    status: SelfCheckStatus = Field(alias="statut")
    comment: str | None = Field(default=None, alias="commentaire")


class TrainingSession(BaseModel):
    """An on-site training session (FIT, formation in situ)."""

    model_config = _CONFIG
    id: Id
    theme: Id
    date: dt.date
    status: SessionStatus = Field(alias="statut")
    companies: tuple[str, ...] = Field(default=(), alias="entreprises")
    n_participants: Annotated[int, Field(ge=0)] | None = Field(default=None, alias="participants")


class MemoItem(BaseModel):
    """An item of the technical memo of the materials used."""

    model_config = _CONFIG
    id: Id
    element: Id
    product: str | None = Field(default=None, alias="produit")
    material: str | None = Field(default=None, alias="materiau",
                                 description="Identifiant de la bibliothèque de matériaux")
    document: str | None = Field(default=None, description="Fiche technique, ATec/DTA, FDES…")
    date: dt.date | None = None
    status: MemoStatus = Field(alias="statut")


class ThermographyFinding(BaseModel):
    """A thermography finding in one dwelling (NF EN 13187 qualitative survey)."""

    model_config = _CONFIG
    id: Id
    dwelling: Id = Field(alias="logement")
    date: dt.date
    location: Id = Field(alias="localisation")
    defect_type: DefectType = Field(alias="type_defaut")
    severity: Severity = Field(alias="gravite")
    photo: str | None = Field(default=None, description="Référence de la photo / thermogramme")
    status: DefectStatus = Field(alias="statut")
    due_date: dt.date | None = Field(default=None, alias="date_limite")


class HoldPoint(BaseModel):
    """A hold point (point d'arrêt) to be lifted before the works go on."""

    model_config = _CONFIG
    id: Id
    title: Id = Field(alias="intitule")
    lot: str | None = None
    planned_date: dt.date | None = Field(default=None, alias="date_prevue")
    lifted_date: dt.date | None = Field(default=None, alias="date_levee")
    status: HoldPointStatus = Field(alias="statut")

    @model_validator(mode="after")
    def _lifted_has_date(self) -> HoldPoint:
        if self.status == "leve" and self.lifted_date is None:
            raise ValueError("un point d'arrêt « leve » doit avoir sa « date_levee »")
        return self


class SiteVisit(BaseModel):
    """A site visit of the AMO / project owner."""

    model_config = _CONFIG
    id: Id
    date: dt.date
    purpose: Id = Field(alias="objet")
    status: VisitStatus = Field(alias="statut")
    observations: str | None = None


class Requirements(BaseModel):
    """What the phase requires (from the contract / the AMO mission)."""

    model_config = _CONFIG
    self_check_lots: tuple[str, ...] = Field(default=(), alias="autocontroles_lots")
    min_training_sessions: Annotated[int, Field(ge=0)] = Field(default=0, alias="sessions_fit_min")
    memo_elements: tuple[str, ...] = Field(default=(), alias="memoire_technique")
    hold_points: tuple[str, ...] = Field(default=(), alias="points_arret")
    min_site_visits: Annotated[int, Field(ge=0)] = Field(default=0, alias="visites_min")
    thermography_dwellings: tuple[str, ...] | Literal["tous"] = Field(
        default=(), alias="thermographie_logements",
        description="Logements à thermographier, ou « tous » (liste des logements de l'opération)")


class SeverityRule(BaseModel):
    """Reduction for each open defect of one severity."""

    model_config = _CONFIG
    amount_eur: Annotated[Decimal, Field(ge=0)] = Field(default=Decimal(0), alias="montant_eur")
    rate_pct: Annotated[Decimal, Field(ge=0, le=100)] = Field(default=Decimal(0), alias="taux_pct")


class SubsidyRule(BaseModel):
    """Configurable exposure to a subsidy reduction over the open defects.

    exposure = min(cap, Σ over open defects of (amount + rate × subsidy)), counting the open
    thermography findings and the non-conforming self-checks (severity ``majeure`` for the
    latter unless set) whose due date has passed at the reference date (or without due date).
    """

    model_config = _CONFIG
    subsidy_eur: Annotated[Decimal, Field(gt=0)] = Field(alias="subvention_eur")
    source: Id = Field(description="Convention ou règlement qui fixe la règle")
    per_severity: dict[Severity, SeverityRule] = Field(alias="par_gravite")
    cap_pct: Annotated[Decimal, Field(gt=0, le=100)] | None = Field(default=None,
                                                                    alias="plafond_pct")
    count_nonconforming_self_checks: bool = Field(default=True,
                                                  alias="compter_autocontroles_non_conformes")
    self_check_severity: Severity = Field(default="majeure", alias="gravite_autocontroles")
    only_overdue: bool = Field(default=False, alias="seulement_echus",
                               description="Ne compter que les défauts dont la date limite est "
                                           "dépassée")


class QaRecord(BaseModel):
    """The works-phase QA record of an operation."""

    model_config = _CONFIG
    operation: Id
    phase: Literal["etudes", "travaux", "reception"]
    reference_date: dt.date = Field(alias="date_reference",
                                    description="Date à laquelle l'état est établi")
    synthetic: bool = Field(default=False, alias="donnees_synthetiques")
    requirements: Requirements = Field(default_factory=Requirements, alias="exigences")
    self_checks: tuple[SelfCheck, ...] = Field(default=(), alias="autocontroles")
    training_sessions: tuple[TrainingSession, ...] = Field(default=(), alias="fit")
    memo: tuple[MemoItem, ...] = Field(default=(), alias="memoire_technique")
    thermography: tuple[ThermographyFinding, ...] = Field(default=(), alias="thermographie")
    thermographed_dwellings: tuple[str, ...] = Field(
        default=(), alias="logements_thermographies",
        description="Logements où la thermographie a été faite (avec ou sans défaut)")
    hold_points: tuple[HoldPoint, ...] = Field(default=(), alias="points_arret")
    site_visits: tuple[SiteVisit, ...] = Field(default=(), alias="visites")
    subsidy_rule: SubsidyRule | None = Field(default=None, alias="reduction_subvention")

    @model_validator(mode="after")
    def _unique_ids(self) -> QaRecord:
        for name, items in (("autocontroles", self.self_checks), ("fit", self.training_sessions),
                            ("memoire_technique", self.memo), ("thermographie", self.thermography),
                            ("points_arret", self.hold_points), ("visites", self.site_visits)):
            ids = [i.id for i in items]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{name} : identifiants en double : {', '.join(dup)}")
        return self
