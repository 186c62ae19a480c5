"""Verdicts of the ventilation controls per terminal, per dwelling and per typology.

Rules (``methods/ventilation.md``):

* a reading is judged against every available reference (regulatory minimum flow of the
  arrêté du 24 mars 1982, design flow of the work programme, operating range of the product);
  its status is the worst of these checks;
* a terminal is ``non_conforme`` if one of its readings is, ``non_mesurable`` if one reading
  could not be judged, else ``conforme``;
* a dwelling is ``non_conforme`` as soon as one terminal, one **mandatory** verification point
  or the total extract flow fails (Protocole Ventilation RE2020: one failed mandatory point makes
  the installation non-conforming); otherwise ``non_mesurable`` if something required could not
  be judged (terminal not measurable, mandatory point "non vérifiable", no kitchen terminal or
  no kitchen boost reading); otherwise ``conforme``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perfqual.core.sampling_stats import PassRateSummary, consequence_fr, summarize_pass_rate
from perfqual.core.ventilation_checks import (
    FAILING_STATUSES,
    ROOM_LABELS_FR,
    Finding,
    MeasuredQuantity,
    MeasurementStatus,
    PointStatus,
    Position,
    RegulatoryFlows1982,
    RoomKind,
    TerminalKind,
    Verdict,
    check_flow_reading,
    check_pressure_reading,
    classify_against_limits,
    measurement_uncertainty,
    regulatory_minimum_flow,
    regulatory_minimum_total_base_flow,
    worst_status,
)
from perfqual.errors import InputError
from perfqual.models.ventilation import (
    DwellingVentilation,
    TerminalReading,
    VentilationRecords,
    VentilationSettings,
    VerificationPoint,
)

VERDICT_LABELS_FR = {
    Verdict.CONFORMING: "conforme",
    Verdict.NON_CONFORMING: "non conforme",
    Verdict.NOT_MEASURABLE: "non mesurable",
}


@dataclass(frozen=True)
class ReadingResult:
    """Judgement of one reading."""

    reading: TerminalReading
    status: MeasurementStatus
    uncertainty: float | None  # same unit as the reading
    required_min_m3_per_h: float | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class TerminalResult:
    """Verdict of one terminal (all its positions)."""

    dwelling_id: str
    terminal_id: str
    room: RoomKind
    terminal_kind: TerminalKind
    verdict: Verdict
    readings: tuple[ReadingResult, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DwellingResult:
    """Verdict of one dwelling, with every reason in French."""

    dwelling: DwellingVentilation
    verdict: Verdict
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    terminals: tuple[TerminalResult, ...]
    points: tuple[VerificationPoint, ...]
    dwelling_findings: tuple[Finding, ...]


@dataclass(frozen=True)
class GroupConformity:
    """Counts of verdicts in a group (typology, room type, operation)."""

    group: str
    n_population: int
    n_checked: int
    n_conforming: int
    n_non_conforming: int
    n_not_measurable: int
    summary: PassRateSummary | None  # on the judged ones (conforme + non conforme)
    consequence_fr: str | None


@dataclass(frozen=True)
class VentilationReport:
    """Everything the control campaign says."""

    dwellings: tuple[DwellingResult, ...]
    not_checked: tuple[tuple[str, str], ...]  # (id, typology) of dwellings without records
    by_typology: tuple[GroupConformity, ...]
    by_room: tuple[GroupConformity, ...]
    operation: GroupConformity
    settings: VentilationSettings

    @property
    def n_non_conforming(self) -> int:
        """Dwellings non conforming."""
        return sum(d.verdict is Verdict.NON_CONFORMING for d in self.dwellings)

    @property
    def is_complete(self) -> bool:
        """Every dwelling of the operation has records."""
        return not self.not_checked


# --------------------------------------------------------------------------- operation link
def attach_operation(
    records: VentilationRecords, operation_dwellings: Sequence[object] | None
) -> tuple[tuple[DwellingVentilation, ...], tuple[str, ...], tuple[str, ...]]:
    """Fill typology / main rooms from the operation and list dwellings without records.

    Parameters
    ----------
    records : VentilationRecords
    operation_dwellings : sequence of objects with ``dwelling_id``, ``typology``,
        ``n_main_rooms`` (see :class:`perfqual.io.ventilation.OperationDwelling`), or None.

    Returns
    -------
    tuple
        (resolved dwellings, ids of operation dwellings without records, French notes).

    Raises
    ------
    InputError
        Records for a dwelling absent from the operation, typology mismatch, or typology /
        main rooms unknown.
    """
    notes: list[str] = []
    known = {d.dwelling_id: d for d in operation_dwellings} if operation_dwellings else {}
    resolved = []
    for d in records.dwellings:
        update: dict[str, object] = {}
        ref = known.get(d.dwelling_id)
        if operation_dwellings is not None and ref is None:
            raise InputError(f"logement « {d.dwelling_id} » absent de l'opération", d.source)
        if ref is not None:
            if d.typology is not None and d.typology != ref.typology:
                raise InputError(
                    f"logement « {d.dwelling_id} » : typologie « {d.typology} » différente de "
                    f"celle de l'opération (« {ref.typology} »)", d.source)
            update["typology"] = ref.typology
            if d.n_main_rooms is None:
                update["n_main_rooms"] = ref.n_main_rooms
            elif ref.n_main_rooms is not None and ref.n_main_rooms != d.n_main_rooms:
                notes.append(f"logement {d.dwelling_id} : {d.n_main_rooms} pièces principales "
                             f"saisies (typologie : {ref.n_main_rooms}) ; valeur saisie retenue")
        d = d.model_copy(update=update)
        if d.typology is None:
            raise InputError(f"logement « {d.dwelling_id} » : typologie inconnue (colonne "
                             "« typologie » ou --operation)", d.source)
        if d.n_main_rooms is None:
            raise InputError(f"logement « {d.dwelling_id} » : nombre de pièces principales "
                             "inconnu (colonne « pièces principales » ou --operation)", d.source)
        resolved.append(d)
    checked = {d.dwelling_id for d in resolved}
    missing = tuple(sorted(i for i in known if i not in checked))
    return tuple(resolved), missing, tuple(notes)


# --------------------------------------------------------------------------- readings
def _count_wc(dwelling: DwellingVentilation, readings: Sequence[TerminalReading]) -> int:
    if dwelling.n_wc is not None:
        return dwelling.n_wc
    return len({r.terminal_id for r in readings
                if r.room in (RoomKind.WC, RoomKind.BATHROOM_WC)})


def judge_reading(
    reading: TerminalReading,
    dwelling: DwellingVentilation,
    n_wc: int,
    flows: RegulatoryFlows1982,
    settings: VentilationSettings,
) -> ReadingResult:
    """Judge one reading (see module notes)."""
    required, citation = (None, "")
    if reading.terminal_kind is TerminalKind.EXTRACT:
        required, citation = regulatory_minimum_flow(
            flows, dwelling.system, reading.room, reading.position, dwelling.n_main_rooms or 0,
            n_wc, settings.hygro_kitchen_boost_art3)
    value = reading.measured_value
    if value is None:
        why = reading.not_measurable_reason or "aucune valeur relevée"
        finding = Finding("non_mesurable", MeasurementStatus.NOT_MEASURABLE,
                          f"non mesurable : {why}")
        return ReadingResult(reading, MeasurementStatus.NOT_MEASURABLE, None, required, (finding,))
    u = settings.uncertainty
    if reading.quantity is MeasuredQuantity.FLOW:
        unc = measurement_uncertainty(value, u.flow_rel_frac, u.flow_abs_m3_per_h, u.combination)
        findings = check_flow_reading(
            value, unc, required, citation, reading.design_flow_m3_per_h,
            reading.range_min_m3_per_h, reading.range_max_m3_per_h)
    else:
        unc = measurement_uncertainty(value, u.pressure_rel_frac, u.pressure_abs_pa,
                                      u.combination)
        findings = check_pressure_reading(
            value, unc, reading.range_min_pa, reading.range_max_pa,  # type: ignore[arg-type]
            required, citation, reading.design_flow_m3_per_h)
    if required is None and citation and reading.terminal_kind is TerminalKind.EXTRACT:
        findings = (*findings, Finding("sans_minimum_reglementaire", None, citation))
    status = worst_status(f.status for f in findings if f.status is not None)
    if status is None:
        findings = (*findings, Finding(
            "sans_reference", MeasurementStatus.NOT_MEASURABLE,
            "mesure non jugeable : ni minimum réglementaire, ni débit de conception, ni plage "
            "du produit"))
        status = MeasurementStatus.NOT_MEASURABLE
    return ReadingResult(reading, status, unc, required, findings)


def _terminal_verdict(statuses: Sequence[MeasurementStatus]) -> Verdict:
    if any(s in FAILING_STATUSES for s in statuses):
        return Verdict.NON_CONFORMING
    if any(s is MeasurementStatus.NOT_MEASURABLE for s in statuses):
        return Verdict.NOT_MEASURABLE
    return Verdict.CONFORMING


def _terminal_results(readings: Sequence[ReadingResult]) -> tuple[TerminalResult, ...]:
    by_terminal: dict[str, list[ReadingResult]] = {}
    for rr in readings:
        by_terminal.setdefault(rr.reading.terminal_id, []).append(rr)
    out = []
    for terminal_id, rrs in by_terminal.items():
        first = rrs[0].reading
        verdict = _terminal_verdict([rr.status for rr in rrs])
        reasons = tuple(
            f"bouche {terminal_id} ({ROOM_LABELS_FR[first.room]}, {rr.reading.position.value}) : "
            f"{f.message_fr}"
            for rr in rrs for f in rr.findings
            if f.status in FAILING_STATUSES or f.status is MeasurementStatus.NOT_MEASURABLE
        )
        out.append(TerminalResult(first.dwelling_id, terminal_id, first.room,
                                  first.terminal_kind, verdict, tuple(rrs), reasons))
    return tuple(out)


def _total_base_flow(
    dwelling: DwellingVentilation, readings: Sequence[ReadingResult],
    flows: RegulatoryFlows1982,
) -> Finding:
    """Total extract flow of the dwelling in base position against art. 4."""
    required, citation = regulatory_minimum_total_base_flow(
        flows, dwelling.system, dwelling.n_main_rooms or 0)
    extract_ids = {rr.reading.terminal_id for rr in readings
                   if rr.reading.terminal_kind is TerminalKind.EXTRACT}
    base = {rr.reading.terminal_id: rr for rr in readings
            if rr.reading.terminal_kind is TerminalKind.EXTRACT
            and rr.reading.position is Position.BASE}
    if extract_ids and set(base) == extract_ids and all(
        rr.reading.measured_m3_per_h is not None for rr in base.values()
    ):
        total = sum(rr.reading.measured_m3_per_h for rr in base.values())  # type: ignore[misc]
        unc = sum(rr.uncertainty or 0.0 for rr in base.values())
        status = classify_against_limits(total, required, None, unc)
        what = "débit total extrait mesuré (base)"
        code = "debit_total"
    elif extract_ids and set(base) == extract_ids and all(
        rr.reading.design_flow_m3_per_h is not None for rr in base.values()
    ):
        total = sum(rr.reading.design_flow_m3_per_h for rr in base.values())  # type: ignore[misc]
        unc = 0.0
        status = classify_against_limits(total, required, None, 0.0)
        what = "débit total de conception (base)"
        code = "debit_total_conception"
    else:
        return Finding("debit_total_non_verifie", None,
                       f"débit total en position de base non vérifiable (mesures en pression "
                       f"sans débit de conception, ou bouches non relevées) — {citation}")
    text = (f"{what} {_fr(total)} m³/h (± {_fr(unc)}) pour un minimum de {_fr(required)} "
            f"m³/h — {citation}")
    return Finding(code, status, text)


def _fr(x: float) -> str:
    """French display of a number with at most one decimal."""
    return f"{round(x, 1):g}".replace(".", ",")


def _kitchen_findings(readings: Sequence[ReadingResult]) -> list[Finding]:
    kitchen = [rr for rr in readings if rr.reading.room is RoomKind.KITCHEN
               and rr.reading.terminal_kind is TerminalKind.EXTRACT]
    if not kitchen:
        return [Finding("cuisine_absente", MeasurementStatus.NOT_MEASURABLE,
                        "aucune bouche d'extraction de cuisine relevée (sortie d'air "
                        "obligatoire en cuisine, arrêté du 24 mars 1982, art. 2)")]
    if not any(rr.reading.position is Position.BOOST for rr in kitchen):
        return [Finding("pointe_cuisine_absente", MeasurementStatus.NOT_MEASURABLE,
                        "débit de pointe de la cuisine non relevé")]
    return []


def _point_reasons(points: Sequence[VerificationPoint]) -> tuple[list[str], list[str], list[str]]:
    failed, unverifiable, notes = [], [], []
    for p in points:
        label = f"point {p.code}" + (f" ({p.label})" if p.label else "")
        extra = f" — {p.comment}" if p.comment else ""
        if p.status is PointStatus.NON_CONFORMING and p.is_mandatory:
            failed.append(f"{label} obligatoire non conforme{extra}")
        elif p.status is PointStatus.NOT_VERIFIABLE and p.is_mandatory:
            unverifiable.append(f"{label} obligatoire non vérifiable{extra}")
        elif p.status is PointStatus.NON_CONFORMING:
            notes.append(f"{label} facultatif non conforme (sans effet sur le verdict){extra}")
    return failed, unverifiable, notes


def judge_dwelling(
    dwelling: DwellingVentilation,
    readings: Sequence[TerminalReading],
    points: Sequence[VerificationPoint],
    flows: RegulatoryFlows1982,
    settings: VentilationSettings,
) -> DwellingResult:
    """Verdict of one dwelling (see module notes)."""
    n_wc = _count_wc(dwelling, readings)
    results = [judge_reading(r, dwelling, n_wc, flows, settings) for r in readings]
    terminals = _terminal_results(results)
    findings = _kitchen_findings(results)
    if settings.check_total_base_flow:
        findings.append(_total_base_flow(dwelling, results, flows))
    failed_points, unverifiable_points, notes = _point_reasons(points)
    if not points:
        notes.append("aucun point de vérification visuelle ou fonctionnelle saisi")
    failing = [r for t in terminals if t.verdict is Verdict.NON_CONFORMING for r in t.reasons]
    failing += [f.message_fr for f in findings if f.status in FAILING_STATUSES]
    failing += failed_points
    unmeasurable = [r for t in terminals if t.verdict is Verdict.NOT_MEASURABLE for r in t.reasons]
    unmeasurable += [f.message_fr for f in findings
                     if f.status is MeasurementStatus.NOT_MEASURABLE]
    unmeasurable += unverifiable_points
    notes += [f.message_fr for f in findings if f.status is None]
    notes += [f"bouche {rr.reading.terminal_id} : conforme seulement grâce à l'incertitude"
              for rr in results if rr.status is MeasurementStatus.CONFORMING_WITHIN_UNCERTAINTY]
    if failing:
        verdict, reasons = Verdict.NON_CONFORMING, failing + unmeasurable
    elif unmeasurable:
        verdict, reasons = Verdict.NOT_MEASURABLE, unmeasurable
    else:
        verdict, reasons = Verdict.CONFORMING, []
    return DwellingResult(dwelling, verdict, tuple(reasons), tuple(notes), terminals,
                          tuple(points), tuple(findings))


# --------------------------------------------------------------------------- aggregation
def _group(
    name: str, n_population: int, verdicts: Sequence[Verdict], is_dwellings: bool = True
) -> GroupConformity:
    n_c = sum(v is Verdict.CONFORMING for v in verdicts)
    n_nc = sum(v is Verdict.NON_CONFORMING for v in verdicts)
    n_nm = sum(v is Verdict.NOT_MEASURABLE for v in verdicts)
    summary = summarize_pass_rate(n_population, n_c + n_nc, n_c) if n_c + n_nc else None
    consequence = consequence_fr(summary) if summary and is_dwellings else None
    return GroupConformity(name, n_population, len(verdicts), n_c, n_nc, n_nm, summary,
                           consequence)


def summarize_by_typology(
    results: Sequence[DwellingResult], population: dict[str, int] | None = None
) -> tuple[GroupConformity, ...]:
    """Conformity per typology; population per typology from the operation when known."""
    by: dict[str, list[Verdict]] = {}
    for r in results:
        by.setdefault(r.dwelling.typology or "", []).append(r.verdict)
    population = population or {}
    names = sorted(set(by) | set(population))
    return tuple(_group(t, max(population.get(t, 0), len(by.get(t, []))), by.get(t, []))
                 for t in names)


def summarize_by_room(results: Sequence[DwellingResult]) -> tuple[GroupConformity, ...]:
    """Conformity of terminals per room type (population = terminals recorded)."""
    by: dict[RoomKind, list[Verdict]] = {}
    for r in results:
        for t in r.terminals:
            by.setdefault(t.room, []).append(t.verdict)
    return tuple(_group(ROOM_LABELS_FR[room], len(by[room]), by[room], is_dwellings=False)
                 for room in RoomKind if room in by)


def check_ventilation(
    records: VentilationRecords,
    flows: RegulatoryFlows1982,
    settings: VentilationSettings | None = None,
    operation_dwellings: Sequence[object] | None = None,
) -> tuple[VentilationReport, tuple[str, ...]]:
    """Judge every dwelling of the records; returns the report and French notes."""
    settings = settings or VentilationSettings()
    dwellings, missing, notes = attach_operation(records, operation_dwellings)
    results = []
    for d in dwellings:
        readings = [r for r in records.readings if r.dwelling_id == d.dwelling_id]
        points = [p for p in records.points if p.dwelling_id == d.dwelling_id]
        results.append(judge_dwelling(d, readings, points, flows, settings))
    population: dict[str, int] = {}
    if operation_dwellings:
        for od in operation_dwellings:
            population[od.typology] = population.get(od.typology, 0) + 1
    n_total = len(operation_dwellings) if operation_dwellings else len(results)
    report = VentilationReport(
        dwellings=tuple(results),
        not_checked=tuple((i, {o.dwelling_id: o.typology for o in operation_dwellings or ()}
                               .get(i, "")) for i in missing),
        by_typology=summarize_by_typology(results, population),
        by_room=summarize_by_room(results),
        operation=_group("opération", n_total, [r.verdict for r in results]),
        settings=settings,
    )
    return report, notes


def non_conformities(report: VentilationReport) -> list[dict[str, str]]:
    """Flat list of what to fix or re-check: one row per reason (French)."""
    rows = []
    for r in report.dwellings:
        for reason in r.reasons:
            rows.append({"logement": r.dwelling.dwelling_id,
                         "typologie": r.dwelling.typology or "",
                         "verdict": VERDICT_LABELS_FR[r.verdict], "motif": reason})
    for d, typology in report.not_checked:
        rows.append({"logement": d, "typologie": typology, "verdict": "non contrôlé",
                     "motif": "aucun relevé de ventilation pour ce logement"})
    return rows

