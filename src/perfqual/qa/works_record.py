"""What the works phase still owes, and the exposure to a subsidy reduction.

From a :class:`~perfqual.models.qa_record.QaRecord`: required self-check lots without a
conforming sheet, missing FIT sessions, technical-memo items not validated, hold points not
lifted, site visits missing, dwellings not thermographed; the open defects; and the exposure to a
subsidy reduction computed by the record's own rule (no rule is built in: the amounts come from
the funding agreement, see ``methods/qualite.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from perfqual.errors import InputError
from perfqual.models.qa_record import QaRecord, Severity

CATEGORY_FR = {
    "autocontroles": "Autocontrôles",
    "fit": "Formations in situ (FIT)",
    "memoire_technique": "Mémoire technique",
    "points_arret": "Points d'arrêt",
    "visites": "Visites de chantier",
    "thermographie": "Thermographie",
}


@dataclass(frozen=True)
class MissingItem:
    """One thing the phase still owes."""

    category: str  # key of CATEGORY_FR
    item: str
    detail_fr: str


@dataclass(frozen=True)
class OpenDefect:
    """An open defect counted for the subsidy rule."""

    source: str  # "thermographie" | "autocontroles"
    id: str
    dwelling: str | None
    severity: Severity
    is_overdue: bool
    description_fr: str


@dataclass(frozen=True)
class SubsidyExposure:
    """Exposure to a subsidy reduction under the record's rule."""

    n_defects: int
    uncapped_eur: Decimal
    exposure_eur: Decimal
    cap_eur: Decimal | None
    subsidy_eur: Decimal
    source: str

    @property
    def exposure_pct(self) -> Decimal:
        """Exposure as a percentage of the subsidy."""
        return (100 * self.exposure_eur / self.subsidy_eur).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class WorksRecordStatus:
    """State of the works-phase QA record at its reference date."""

    record: QaRecord
    missing: tuple[MissingItem, ...]
    open_defects: tuple[OpenDefect, ...]
    exposure: SubsidyExposure | None

    @property
    def is_complete(self) -> bool:
        """True when nothing is missing and no defect is open."""
        return not self.missing and not self.open_defects



# French words for the codes of the register (the codes stay in files and CSV outputs).
SELF_CHECK_STATUS_FR = {"conforme": "conforme", "non_conforme": "non conforme",
                        "a_completer": "à compléter"}
DEFECT_TYPE_FR = {"defaut_isolation": "défaut d'isolation", "pont_thermique": "pont thermique",
                  "fuite_air": "fuite d'air", "humidite": "humidité", "menuiserie": "menuiserie",
                  "ventilation": "ventilation", "autre": "autre"}

def _missing_self_checks(rec: QaRecord) -> list[MissingItem]:
    out = []
    for lot in rec.requirements.self_check_lots:
        sheets = [s for s in rec.self_checks if s.lot == lot]
        if not sheets:
            out.append(MissingItem("autocontroles", lot, "aucune fiche d'autocontrôle"))
        elif not any(s.status == "conforme" for s in sheets):
            states = ", ".join(sorted({SELF_CHECK_STATUS_FR.get(s.status, s.status)
                                       for s in sheets}))
            out.append(MissingItem("autocontroles", lot, f"aucune fiche conforme ({states})"))
    for s in rec.self_checks:
        if s.status == "a_completer":
            out.append(MissingItem("autocontroles", s.id, f"fiche « {s.lot} » à compléter"))
    return out


def _missing_sessions_and_visits(rec: QaRecord) -> list[MissingItem]:
    out = []
    done = sum(1 for s in rec.training_sessions if s.status == "realisee")
    if done < rec.requirements.min_training_sessions:
        out.append(MissingItem("fit", "sessions", f"{done} session(s) réalisée(s) sur "
                               f"{rec.requirements.min_training_sessions} exigée(s)"))
    for s in rec.training_sessions:
        if s.status == "planifiee" and s.date < rec.reference_date:
            out.append(MissingItem("fit", s.id, f"« {s.theme} » planifiée le {s.date}, "
                                   "date dépassée sans être réalisée"))
    visits = sum(1 for v in rec.site_visits if v.status == "realisee")
    if visits < rec.requirements.min_site_visits:
        out.append(MissingItem("visites", "visites", f"{visits} visite(s) réalisée(s) sur "
                               f"{rec.requirements.min_site_visits} exigée(s)"))
    for v in rec.site_visits:
        if v.status == "planifiee" and v.date < rec.reference_date:
            out.append(MissingItem("visites", v.id, f"« {v.purpose} » prévue le {v.date}, "
                                   "date dépassée"))
    return out


def _missing_memo_and_hold_points(rec: QaRecord) -> list[MissingItem]:
    out = []
    status_fr = {"fourni": "fourni, à valider", "refuse": "refusé", "manquant": "manquant"}
    for element in rec.requirements.memo_elements:
        items = [m for m in rec.memo if m.element == element]
        if not items:
            out.append(MissingItem("memoire_technique", element, "aucune pièce"))
        elif not any(m.status == "valide" for m in items):
            states = ", ".join(sorted({status_fr[m.status] for m in items}))
            out.append(MissingItem("memoire_technique", element, states))
    by_key = {**{h.id: h for h in rec.hold_points}, **{h.title: h for h in rec.hold_points}}
    for key in rec.requirements.hold_points:
        h = by_key.get(key)
        if h is None:
            out.append(MissingItem("points_arret", key, "point d'arrêt non enregistré"))
    for h in rec.hold_points:
        if h.status != "leve":
            late = (h.planned_date is not None and h.planned_date < rec.reference_date)
            detail = "refusé" if h.status == "refuse" else "non levé"
            out.append(MissingItem("points_arret", h.id, f"« {h.title} » {detail}"
                                   + (f" (prévu le {h.planned_date})" if late else "")))
    return out


def _missing_thermography(rec: QaRecord, dwelling_ids: tuple[str, ...] | None
                          ) -> list[MissingItem]:
    wanted = rec.requirements.thermography_dwellings
    if wanted == "tous":
        if dwelling_ids is None:
            raise InputError("« thermographie_logements : tous » demande la liste des logements "
                             "de l'opération", "exigences.thermographie_logements")
        wanted = dwelling_ids
    done = set(rec.thermographed_dwellings) | {f.dwelling for f in rec.thermography}
    if dwelling_ids is not None:
        unknown = sorted((done | set(wanted)) - set(dwelling_ids))
        if unknown:
            raise InputError(f"logements inconnus de l'opération : {', '.join(unknown[:10])}",
                             "exigences.thermographie_logements / thermographie / "
                             "logements_thermographies")
    todo = [d for d in wanted if d not in done]
    if not todo:
        return []
    shown = ", ".join(todo[:12]) + (" …" if len(todo) > 12 else "")
    return [MissingItem("thermographie", "logements",
                        f"{len(todo)} logement(s) sans thermographie : {shown}")]


def open_defects(rec: QaRecord) -> list[OpenDefect]:
    """Open thermography findings and non-conforming self-checks."""
    out = []
    for f in rec.thermography:
        if f.status == "ouvert":
            overdue = f.due_date is not None and f.due_date < rec.reference_date
            kind = DEFECT_TYPE_FR.get(f.defect_type, f.defect_type)
            out.append(OpenDefect("thermographie", f.id, f.dwelling, f.severity, overdue,
                                  f"{kind} — {f.location}"))
    rule = rec.subsidy_rule
    sev: Severity = rule.self_check_severity if rule else "majeure"
    for s in rec.self_checks:
        if s.status == "non_conforme":
            out.append(OpenDefect("autocontroles", s.id, s.dwelling, sev, False,
                                  f"autocontrôle non conforme — lot {s.lot}"))
    return out


def subsidy_exposure(rec: QaRecord, defects: list[OpenDefect]) -> SubsidyExposure | None:
    """Exposure to a subsidy reduction by the record's rule (None when the record has none).

    Notes
    -----
    exposure = min(cap, Σ_d (amount_{s(d)} + rate_{s(d)}/100 × subsidy)) over the counted
    defects: open thermography findings (only the overdue ones if ``seulement_echus``) and, if
    ``compter_autocontroles_non_conformes``, the non-conforming self-checks (not counted when
    ``seulement_echus``, as they carry no due date). Rounded to the cent (half up).
    """
    rule = rec.subsidy_rule
    if rule is None:
        return None
    counted = [d for d in defects
               if (d.source != "autocontroles" or (rule.count_nonconforming_self_checks
                                                   and not rule.only_overdue))
               and (d.source != "thermographie" or not rule.only_overdue or d.is_overdue)]
    total = Decimal(0)
    for d in counted:
        r = rule.per_severity.get(d.severity)
        if r is not None:
            total += r.amount_eur + r.rate_pct / 100 * rule.subsidy_eur
    cap = None if rule.cap_pct is None else rule.cap_pct / 100 * rule.subsidy_eur
    cent = Decimal("0.01")
    exposure = total if cap is None else min(total, cap)
    return SubsidyExposure(len(counted), total.quantize(cent, ROUND_HALF_UP),
                           exposure.quantize(cent, ROUND_HALF_UP),
                           None if cap is None else cap.quantize(cent, ROUND_HALF_UP),
                           rule.subsidy_eur, rule.source)


def works_record_status(rec: QaRecord, dwelling_ids: tuple[str, ...] | None = None
                        ) -> WorksRecordStatus:
    """What the phase still owes, the open defects and the subsidy exposure.

    Parameters
    ----------
    rec : QaRecord
    dwelling_ids : tuple of str, optional
        Dwellings of the operation (to expand ``thermographie_logements: tous`` and to check the
        dwelling ids of the record).
    """
    missing = (_missing_self_checks(rec) + _missing_sessions_and_visits(rec)
               + _missing_memo_and_hold_points(rec) + _missing_thermography(rec, dwelling_ids))
    defects = open_defects(rec)
    return WorksRecordStatus(rec, tuple(missing), tuple(defects), subsidy_exposure(rec, defects))
