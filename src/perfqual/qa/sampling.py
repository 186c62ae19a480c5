"""Stratified sampling plans (≥ rate per typology, ≥ 1 per typology) and their coverage.

Method (``methods/echantillonnage.md``; DOMAIN-NOTES D.1, a design of ours — no French text
fixes "5 % per typology", it is a contract / AMO rule):

1. strata = typologies; n_h = max(m, ⌈r·N_h⌉) (rate r, default 0.05; minimum m, default 1);
   the total Σ n_h ≥ ⌈r·N⌉ because Σ⌈x_h⌉ ≥ ⌈Σx_h⌉;
2. inside each stratum, dwellings sorted by id are put in a random order drawn with
   ``numpy.random.Generator(PCG64(SeedSequence([seed, crc32(typology)])))``; the first n_h are
   selected, the following ones are the ordered replacements (absent tenant…);
3. the plan stores seed, rate, numpy version, the ordered population and the random order,
   so that anybody can redraw and audit it (spirit of ISO 24153:2009).

Works on plain ``(dwelling_id, typology)`` pairs.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from perfqual.core.sampling_stats import (
    PassRateSummary,
    ceil_rate,
    consequence_fr,
    summarize_pass_rate,
)
from perfqual.errors import InputError

PURPOSES = {"permeabilite": "mesure de perméabilité à l'air",
            "thermographie": "thermographie infrarouge"}
PLAN_FORMAT = "perfqual-plan-echantillonnage/1"


@dataclass(frozen=True)
class StratumPlan:
    """Plan of one typology."""

    typology: str
    n_population: int
    n_required: int
    selected: tuple[str, ...]
    random_order: tuple[str, ...]  # whole stratum; the first n_required are ``selected``


@dataclass(frozen=True)
class SamplingPlan:
    """A reproducible stratified sampling plan."""

    purpose: str
    rate_frac: float
    min_per_typology: int
    seed: int
    numpy_version: str
    strata: tuple[StratumPlan, ...]
    operation: str = ""

    @property
    def n_population(self) -> int:
        """Dwellings in the operation."""
        return sum(s.n_population for s in self.strata)

    @property
    def n_selected(self) -> int:
        """Dwellings selected."""
        return sum(s.n_required for s in self.strata)

    @property
    def selected(self) -> tuple[tuple[str, str], ...]:
        """(dwelling_id, typology) of the selected dwellings."""
        return tuple((d, s.typology) for s in self.strata for d in s.selected)

    def typology_of(self) -> dict[str, str]:
        """dwelling_id -> typology for the whole population."""
        return {d: s.typology for s in self.strata for d in s.random_order}


def _check_population(dwellings: Sequence[tuple[str, str]]) -> None:
    if not dwellings:
        raise InputError("population vide : aucun logement à échantillonner")
    ids = [d for d, _ in dwellings]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise InputError(f"logement(s) en double dans la population : {', '.join(doubles)}")
    for d, t in dwellings:
        if not d or not t:
            raise InputError(f"logement « {d} » : identifiant et typologie obligatoires")


def stratum_seed(seed: int, typology: str) -> np.random.SeedSequence:
    """Seed of one stratum: independent of the other typologies and of input order."""
    return np.random.SeedSequence([seed, zlib.crc32(typology.encode("utf-8"))])


def required_sample_size(n_population: int, rate_frac: float, min_per_typology: int = 1) -> int:
    """n_h = max(m, ⌈r·N_h⌉), capped at N_h.

    Examples
    --------
    >>> required_sample_size(120, 0.05), required_sample_size(21, 0.05), \
required_sample_size(3, 0.05)
    (6, 2, 1)
    """
    if min_per_typology < 1:
        raise InputError("au moins 1 logement par typologie")
    return min(n_population, max(min_per_typology, ceil_rate(rate_frac, n_population)))


def draw_sampling_plan(
    dwellings: Sequence[tuple[str, str]],
    rate_frac: float = 0.05,
    seed: int = 0,
    purpose: str = "permeabilite",
    min_per_typology: int = 1,
    operation: str = "",
) -> SamplingPlan:
    """Draw a stratified plan (see module notes).

    Parameters
    ----------
    dwellings : sequence of (str, str)
        (dwelling_id, typology) of the whole population; order does not matter.
    rate_frac : float
        Minimum sampling rate in each typology, in ]0, 1]. [-]
    seed : int
        Seed (≥ 0) of the random draw.
    purpose : {"permeabilite", "thermographie"}
        What the plan is for.
    min_per_typology : int
        Minimum dwellings per typology (≥ 1).
    operation : str
        Operation name, stored in the plan.

    Examples
    --------
    >>> pop = [(f"C-{i:03d}", "T3" if i <= 80 else "T4") for i in range(1, 121)]
    >>> plan = draw_sampling_plan(pop, 0.05, seed=42)
    >>> [(s.typology, s.n_population, s.n_required) for s in plan.strata]
    [('T3', 80, 4), ('T4', 40, 2)]
    """
    if purpose not in PURPOSES:
        raise InputError(f"objet « {purpose} » inconnu (valeurs : {', '.join(PURPOSES)})")
    if seed < 0:
        raise InputError("la graine doit être un entier positif ou nul")
    _check_population(dwellings)
    by_typology: dict[str, list[str]] = {}
    for d, t in dwellings:
        by_typology.setdefault(t, []).append(d)
    strata = []
    for typology in sorted(by_typology):
        members = sorted(by_typology[typology])
        n_required = required_sample_size(len(members), rate_frac, min_per_typology)
        rng = np.random.Generator(np.random.PCG64(stratum_seed(seed, typology)))
        order = tuple(members[i] for i in rng.permutation(len(members)))
        strata.append(StratumPlan(typology, len(members), n_required, order[:n_required], order))
    return SamplingPlan(purpose, rate_frac, min_per_typology, seed, np.__version__,
                        tuple(strata), operation)


# --------------------------------------------------------------------------- serialisation
def plan_to_json(plan: SamplingPlan) -> str:
    """JSON text of the plan (everything needed to audit and redraw it)."""
    payload = {
        "format": PLAN_FORMAT,
        "operation": plan.operation,
        "objet": plan.purpose,
        "taux": plan.rate_frac,
        "minimum_par_typologie": plan.min_per_typology,
        "graine": plan.seed,
        "version_numpy": plan.numpy_version,
        "methode": "strates = typologies ; n_h = max(minimum, ceil(taux × N_h)) ; ordre aléatoire "
                   "PCG64(SeedSequence([graine, crc32(typologie)])) sur les logements triés",
        "nombre_logements": plan.n_population,
        "nombre_selectionnes": plan.n_selected,
        "typologies": [
            {"typologie": s.typology, "population": s.n_population, "requis": s.n_required,
             "selectionnes": list(s.selected), "ordre_aleatoire": list(s.random_order)}
            for s in plan.strata
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def plan_from_json(payload: dict, source: str = "") -> SamplingPlan:
    """Rebuild a plan written by :func:`plan_to_json` (French error if malformed)."""
    if payload.get("format") != PLAN_FORMAT:
        raise InputError(f"ce fichier n'est pas un plan d'échantillonnage perfqual "
                         f"(format attendu {PLAN_FORMAT})", source)
    try:
        strata = tuple(
            StratumPlan(t["typologie"], int(t["population"]), int(t["requis"]),
                        tuple(t["selectionnes"]), tuple(t["ordre_aleatoire"]))
            for t in payload["typologies"]
        )
        plan = SamplingPlan(payload["objet"], float(payload["taux"]),
                            int(payload["minimum_par_typologie"]), int(payload["graine"]),
                            str(payload["version_numpy"]), strata, payload.get("operation", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"plan d'échantillonnage incomplet ou corrompu ({exc})", source) from None
    for s in plan.strata:
        if s.selected != s.random_order[: s.n_required] or len(s.random_order) != s.n_population:
            raise InputError(f"plan incohérent pour la typologie « {s.typology} »", source)
    return plan


def plan_to_csv(plan: SamplingPlan) -> str:
    """CSV (``;``) of the whole population with the random rank and the selection flag."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["logement", "typologie", "rang_tirage", "selectionne", "objet", "graine"])
    for s in plan.strata:
        for rank, d in enumerate(s.random_order, start=1):
            w.writerow([d, s.typology, rank, "oui" if rank <= s.n_required else "non",
                        plan.purpose, plan.seed])
    return buf.getvalue()


# --------------------------------------------------------------------------- coverage
@dataclass(frozen=True)
class TypologyCoverage:
    """Coverage and outcome of one typology."""

    typology: str
    n_population: int
    n_required: int
    n_measured: int
    missing: tuple[str, ...]  # selected, not measured
    replaced_by: tuple[str, ...]  # measured replacements taken in the stored random order
    extra: tuple[str, ...]  # measured, neither selected nor a replacement (non-random)
    replacements: tuple[str, ...]  # unmeasured dwellings to measure next, in random order
    summary: PassRateSummary | None  # when results are known for every measured dwelling
    consequence_fr: str | None

    @property
    def is_covered(self) -> bool:
        """Enough dwellings of this typology measured."""
        return self.n_measured >= self.n_required and self.n_measured >= 1


@dataclass(frozen=True)
class CoverageReport:
    """What was measured against the plan."""

    plan: SamplingPlan
    typologies: tuple[TypologyCoverage, ...]
    unknown: tuple[str, ...]  # measured dwellings not in the operation
    operation_summary: PassRateSummary | None
    operation_consequence_fr: str | None
    results_by_dwelling: dict[str, bool | None] = field(default_factory=dict)

    @property
    def uncovered_typologies(self) -> tuple[str, ...]:
        """Typologies with no dwelling measured."""
        return tuple(t.typology for t in self.typologies if t.n_measured == 0)

    @property
    def short_typologies(self) -> tuple[str, ...]:
        """Typologies measured less than the plan requires."""
        return tuple(t.typology for t in self.typologies if not t.is_covered)

    @property
    def is_sufficient(self) -> bool:
        """Every typology measured at least as required by the plan."""
        return not self.short_typologies


def _summary(n_pop: int, results: Iterable[bool | None]) -> PassRateSummary | None:
    results = list(results)
    if not results or any(r is None for r in results):
        return None
    return summarize_pass_rate(n_pop, len(results), sum(bool(r) for r in results))


def check_coverage(
    plan: SamplingPlan, measured: Sequence[tuple[str, bool | None]]
) -> CoverageReport:
    """Compare measured dwellings (id, passed or None) with the plan.

    Missing = selected but not measured; replaced_by = measured dwellings that come next in the
    stored random order (one per missing: legitimate random replacements); extra = other
    measured dwellings (counted towards the typology but flagged as non-random); unknown =
    not in the operation (ignored in counts). A typology is short when fewer dwellings than required
    were measured. Statistics use every measured dwelling of the population.
    """
    typology_of = plan.typology_of()
    results = dict(measured)
    unknown = tuple(sorted(d for d in results if d not in typology_of))
    rows = []
    for s in plan.strata:
        measured_here = [d for d in s.random_order if d in results]
        missing = tuple(d for d in s.selected if d not in results)
        window = s.random_order[s.n_required: s.n_required + len(missing)]
        replaced_by = tuple(d for d in window if d in results)
        extra = tuple(d for d in measured_here if d not in s.selected and d not in replaced_by)
        spare = [d for d in s.random_order if d not in results]  # planned ones first
        still_needed = max(0, s.n_required - len(measured_here))
        summary = _summary(s.n_population, (results[d] for d in measured_here))
        rows.append(TypologyCoverage(
            s.typology, s.n_population, s.n_required, len(measured_here), missing, replaced_by,
            extra, tuple(spare[:still_needed]), summary,
            consequence_fr(summary) if summary else None,
        ))
    in_pop = [results[d] for d in results if d in typology_of]
    op_summary = _summary(plan.n_population, in_pop)
    return CoverageReport(plan, tuple(rows), unknown, op_summary,
                          consequence_fr(op_summary) if op_summary else None, results)
