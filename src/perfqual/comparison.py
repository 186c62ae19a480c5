"""The method comparison: Th-C-E-ex-style (5R1C) versus EN ISO 52016-1, and why they differ.

For each typology × scenario both methods are run with their own conventions; the gap in Cep
(ISO 52016-1 minus Th-C-E ex, kWh_ep/(m²·an), each on its own reference area) is then
attributed to eight factors by **exact Shapley values**:

==================  ===================================================================
factor              what is switched from the Th-C-E ex side to the ISO 52016-1 side
==================  ===================================================================
surface             reference area (SHON_RT → surface habitable)
energie_primaire    primary-energy conversion factors
consignes           set-points, night set-back, holidays, old-dwelling correction
apports_internes    conventional internal gains (W/m², occupants, holidays)
infiltration        infiltration model (Q4Pa-surf, Th-C-E ex form → 3CL form)
sol                 ground (b factor → EN ISO 13370)
regulation          controlled temperature (air → operative) and convective share of the
                    heating (1 → 0.4)
modele_thermique    thermal model (one capacity 5R1C → EN ISO 52016-1 nodes)
==================  ===================================================================

Each of the 2⁸ = 256 combinations is evaluated: the 2⁶ = 64 combinations of the physical
factors are simulated (32 batches per engine, all cases of the operation in each batch), and the
reference area and primary-energy factors are applied afterwards to the final energies, which
they do not change. φ_i = Σ_S |S|!(n−|S|−1)!/n! [v(S ∪ {i}) − v(S)] adds up exactly to
v(all) − v(none) = the total gap (efficiency of Shapley values); see ``methods/comparaison.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from perfqual.api import Iso52016Options, simulate_iso52016
from perfqual.climate.model import Climate
from perfqual.errors import InputError
from perfqual.models.building import BuildingModel
from perfqual.models.conventions import ISO52016_CONVENTIONS, THCEX_CONVENTIONS, Conventions
from perfqual.models.results import USES, EnergyResult
from perfqual.qa.thresholds import check
from perfqual.thcex_api import ThcexOptions, simulate_thcex


@dataclass(frozen=True)
class Factor:
    """One switchable factor of the decomposition and the convention fields it carries."""

    name: str
    label_fr: str
    fields: tuple[str, ...]


FACTORS: tuple[Factor, ...] = (
    Factor("surface", "surface de référence", ("reference_area",)),
    Factor("energie_primaire", "coefficients d'énergie primaire",
           ("primary_energy_factors", "primary_energy_factors_source")),
    Factor("consignes", "consignes, intermittence et correction des logements anciens",
           ("heating_setpoint_occupied_c", "heating_setpoint_reduced_c", "reduced_start_hour",
            "reduced_end_hour", "heating_setpoint_holiday_c", "holidays",
            "apply_old_dwelling_setpoint_correction", "cooling_setpoint_c")),
    Factor("apports_internes", "apports internes conventionnels",
           ("internal_gains_w_per_m2", "occupant_gain_w", "occupant_presence_frac",
            "internal_gains_zero_in_holidays")),
    Factor("infiltration", "modèle d'infiltration", ("infiltration_model",)),
    Factor("sol", "échanges avec le sol", ("ground_model",)),
    Factor("regulation", "température régulée et part convective du chauffage",
           ("control_temperature", "heating_convective_frac")),
    Factor("modele_thermique", "modèle thermique (5R1C / nœuds EN ISO 52016-1)", ()),
)
FACTOR_NAMES = tuple(f.name for f in FACTORS)
POST_FACTORS = ("surface", "energie_primaire")  # applied to final energies, no simulation
DEFAULT_THRESHOLDS = ("erbm_150", "region_130", "bbc_renovation")


def shapley_values(values: np.ndarray, n: int) -> np.ndarray:
    """Exact Shapley values of a game given on all 2ⁿ coalitions.

    Parameters
    ----------
    values : ndarray, shape (2**n, ...)
        v(S) for every coalition S, S encoded as a bit mask (bit i set = factor i switched).
    n : int
        Number of players (factors).

    Returns
    -------
    ndarray, shape (n, ...)
        φ_i; Σ_i φ_i = v(all) − v(none) (efficiency).

    Examples
    --------
    >>> v = np.array([0.0, 1.0, 2.0, 5.0])  # v({}), v({0}), v({1}), v({0, 1})
    >>> shapley_values(v, 2).tolist()
    [2.0, 3.0]
    """
    values = np.asarray(values, dtype=float)
    if values.shape[0] != 2**n:
        raise InputError(f"jeu de Shapley : {2**n} valeurs attendues, {values.shape[0]} reçues")
    phi = np.zeros((n,) + values.shape[1:])
    for i in range(n):
        bit = 1 << i
        for s in range(2**n):
            if s & bit:
                continue
            k = bin(s).count("1")
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            phi[i] += weight * (values[s | bit] - values[s])
    return phi


def _uncovered_fields(a: Conventions, b: Conventions) -> list[str]:
    covered = {f for factor in FACTORS for f in factor.fields} | {"name"}
    return [f.name for f in fields(Conventions)
            if f.name not in covered and getattr(a, f.name) != getattr(b, f.name)]


def mixed_conventions(mask: int, thcex: Conventions, iso: Conventions) -> Conventions:
    """Th-C-E ex conventions with the factors of ``mask`` taken from the ISO side."""
    changes = {}
    for i, factor in enumerate(FACTORS):
        if mask & (1 << i):
            changes.update({f: getattr(iso, f) for f in factor.fields})
    return replace(thcex, name=f"mixte:{mask}", **changes)


@dataclass(frozen=True)
class CaseComparison:
    """Both methods on one case (typology or dwelling × scenario) and the gap decomposition."""

    typology: str
    scenario: str
    dwelling_id: str | None
    weight: float  # number of dwellings represented
    thcex: EnergyResult
    iso: EnergyResult
    primary_kwh: np.ndarray  # (2**8,) primary energy of every coalition
    area_m2: np.ndarray  # (2**8,) reference area of every coalition
    shapley_kwh_per_m2: dict

    @property
    def gap_kwh_per_m2(self) -> float:
        """Cep(ISO 52016-1) − Cep(Th-C-E ex), each on its own area. [kWh_ep/(m²·an)]"""
        return self.iso.cep_kwh_per_m2_year - self.thcex.cep_kwh_per_m2_year

    @property
    def relative_gap(self) -> float:
        """Gap over the Th-C-E ex Cep. [-]"""
        return self.gap_kwh_per_m2 / self.thcex.cep_kwh_per_m2_year


@dataclass(frozen=True)
class Decision:
    """One programme × threshold under both methods."""

    scenario: str
    threshold_id: str
    label: str
    limit: float
    cep_thcex: float
    cep_iso: float
    passed_thcex: bool
    passed_iso: bool

    @property
    def agree(self) -> bool:
        """True when both methods give the same verdict."""
        return self.passed_thcex == self.passed_iso


@dataclass(frozen=True)
class Comparison:
    """The whole comparison of an operation (or of a list of buildings)."""

    cases: tuple[CaseComparison, ...]
    scenario_cep: dict  # scenario -> {"thcex", "iso", "shapley": {factor: value}}
    decisions: tuple[Decision, ...]
    zone: str
    altitude_m: float
    assumptions: tuple[str, ...]


def _run(engine: str, buildings, climate, conv, zone, altitude_m, thcex_opt, iso_opt,
         infiltration_switched: bool):
    """Run one engine; both compute the infiltration with :mod:`perfqual.core.infiltration`.

    The controlled temperature and the convective share of the heating come from the
    conventions for both engines (``perfqual.api.regulation``).
    """
    if engine == "thcex":
        return simulate_thcex(buildings, climate, conv, climate_zone=zone,
                              altitude_m=altitude_m, options=thcex_opt)
    opt = iso_opt
    if conv.infiltration_model == "q4pa_thcex":
        # one definition in both engines (perfqual.core.infiltration), with the same e
        opt = replace(opt, shielding_e=thcex_opt.shielding_e)
    elif not infiltration_switched and conv.infiltration_model == "q4pa_3cl":
        opt = replace(opt, shielding_e=thcex_opt.shielding_e,
                      shielding_f=thcex_opt.shielding_f)
    return simulate_iso52016(buildings, climate, conv, climate_zone=zone, altitude_m=altitude_m,
                             options=opt)


def _physics_runs(buildings, climate, zone, altitude_m, thcex_conv, iso_conv, thcex_opt,
                  iso_opt):
    """Final energies and needs for the 64 combinations of the physical factors."""
    runs: dict[int, list[EnergyResult]] = {}
    phys = [i for i, f in enumerate(FACTORS) if f.name not in POST_FACTORS]
    model_bit = 1 << FACTOR_NAMES.index("modele_thermique")
    infil_bit = 1 << FACTOR_NAMES.index("infiltration")
    for combo in range(2 ** len(phys)):
        mask = sum(1 << phys[j] for j in range(len(phys)) if combo & (1 << j))
        conv = mixed_conventions(mask, thcex_conv, iso_conv)
        engine = "iso52016" if mask & model_bit else "thcex"
        runs[mask] = _run(engine, buildings, climate, conv, zone, altitude_m, thcex_opt,
                          iso_opt, bool(mask & infil_bit))
    return runs


def _coalition_values(runs, j, b: BuildingModel, thcex_conv, iso_conv):
    post_bits = sum(1 << FACTOR_NAMES.index(n) for n in POST_FACTORS)
    pe = np.empty(2 ** len(FACTORS))
    area = np.empty(2 ** len(FACTORS))
    for mask in range(2 ** len(FACTORS)):
        conv = mixed_conventions(mask, thcex_conv, iso_conv)
        r = runs[mask & ~post_bits]
        factors = conv.primary_energy_factors
        pe[mask] = sum(kwh * factors[c] for per_use in r.final_energy_kwh.values()
                       for c, kwh in per_use.items())
        area[mask] = (b.areas.shon_rt_m2 if conv.reference_area == "shon_rt"
                      else b.areas.living_area_m2)
    return pe, area


def compare_buildings(
    buildings: Sequence[BuildingModel], climate: Climate, *, zone: str, altitude_m: float,
    weights: Sequence[float] | None = None,
    thresholds: Sequence[str] = DEFAULT_THRESHOLDS,
    thcex_conventions: Conventions = THCEX_CONVENTIONS,
    iso_conventions: Conventions = ISO52016_CONVENTIONS,
    thcex_options: ThcexOptions | None = None,
    iso_options: Iso52016Options | None = None,
) -> Comparison:
    """Compare the two methods on a list of cases and decompose every gap (Shapley, 8 factors).

    Parameters
    ----------
    buildings : sequence of BuildingModel
        The cases (typology or dwelling × scenario).
    climate : Climate
        The same weather for both methods.
    zone, altitude_m : str, float
        Site (thresholds, conventional DHW and lighting).
    weights : sequence of float, optional
        Dwellings represented by each case (area-weighted scenario totals); default 1.
    thresholds : sequence of str
        Programme thresholds of the decision table.
    """
    if not buildings:
        raise InputError("aucun cas à comparer")
    uncovered = _uncovered_fields(thcex_conventions, iso_conventions)
    if uncovered:
        raise InputError("conventions différentes hors des facteurs de la décomposition : "
                         + ", ".join(uncovered))
    w = np.ones(len(buildings)) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (len(buildings),) or np.any(w <= 0):
        raise InputError("poids des cas : un nombre positif par cas attendu")
    t_opt, i_opt = thcex_options or ThcexOptions(), iso_options or Iso52016Options()
    if i_opt.control is not None or i_opt.f_hc_convective is not None:
        raise InputError("options EN ISO 52016-1 : la température régulée et la part convective "
                         "du chauffage sont des conventions (facteur « regulation ») ; ne pas "
                         "les imposer par les options")
    runs = _physics_runs(list(buildings), climate, zone, altitude_m, thcex_conventions,
                         iso_conventions, t_opt, i_opt)
    full = 2 ** len(FACTORS) - 1
    thcex_ref = _run("thcex", list(buildings), climate, thcex_conventions, zone, altitude_m,
                     t_opt, i_opt, False)
    iso_ref = _run("iso52016", list(buildings), climate, iso_conventions, zone, altitude_m,
                   t_opt, i_opt, True)
    cases = []
    for j, b in enumerate(buildings):
        pe, area = _coalition_values({m: r[j] for m, r in runs.items()}, j, b,
                                     thcex_conventions, iso_conventions)
        phi = shapley_values(pe / area, len(FACTORS))
        cases.append(CaseComparison(
            b.typology, b.scenario, b.dwelling_id, float(w[j]), thcex_ref[j], iso_ref[j], pe,
            area, dict(zip(FACTOR_NAMES, phi.tolist(), strict=True))))
    for c in cases:
        assert math.isclose(c.primary_kwh[0] / c.area_m2[0], c.thcex.cep_kwh_per_m2_year,
                            rel_tol=1e-9), "v(∅) ≠ Cep Th-C-E ex"
        assert math.isclose(c.primary_kwh[full] / c.area_m2[full], c.iso.cep_kwh_per_m2_year,
                            rel_tol=1e-9), "v(tous) ≠ Cep EN ISO 52016-1"
    scenario_cep = _scenario_aggregates(cases)
    decisions = _decisions(scenario_cep, thresholds, zone, altitude_m)
    notes = tuple(dict.fromkeys(a for c in cases for a in (*c.thcex.assumptions,
                                                            *c.iso.assumptions)))
    return Comparison(tuple(cases), scenario_cep, tuple(decisions), zone, altitude_m, notes)


def _scenario_aggregates(cases: list[CaseComparison]) -> dict:
    """Area-weighted Cep per scenario: Σ n·E_p / Σ n·A, decomposed on the aggregate game."""
    out = {}
    for scenario in dict.fromkeys(c.scenario for c in cases):
        sub = [c for c in cases if c.scenario == scenario]
        pe = sum(c.weight * c.primary_kwh for c in sub)
        area = sum(c.weight * c.area_m2 for c in sub)
        v = pe / area
        phi = shapley_values(v, len(FACTORS))
        out[scenario] = {"thcex": float(v[0]), "iso": float(v[-1]),
                         "shapley": dict(zip(FACTOR_NAMES, phi.tolist(), strict=True)),
                         "n_logements": float(sum(c.weight for c in sub))}
    return out


def _decisions(scenario_cep: dict, thresholds, zone, altitude_m) -> list[Decision]:
    out = []
    for scenario, agg in scenario_cep.items():
        for tid in thresholds:
            a = check(tid, agg["thcex"], zone=zone, altitude_m=altitude_m, method="thcex")
            b = check(tid, agg["iso"], zone=zone, altitude_m=altitude_m, method="iso52016")
            out.append(Decision(scenario, a.threshold_id, a.label, a.limit, a.value, b.value,
                                a.passed, b.passed))
    return out


def compare_operation(op, climate: Climate | None = None, **kwargs) -> Comparison:
    """Thin adapter: every typology × scenario of an operation, weighted by its dwellings."""
    from perfqual.climate.synthetic import climate_for_operation
    from perfqual.models.resolve import resolve_operation

    buildings = resolve_operation(op)
    weights = [max(len(op.dwellings_of(b.typology)), 1) for b in buildings]
    thresholds = kwargs.pop("thresholds", None) or tuple(op.identity.targets)
    return compare_buildings(
        buildings, climate or climate_for_operation(op), zone=op.identity.climate_zone,
        altitude_m=op.identity.altitude_m, weights=weights, thresholds=thresholds, **kwargs)


def case_rows(cmp: Comparison) -> list[dict]:
    """Flat rows (French keys) of the per-case comparison: per use, totals, gap, factors."""
    rows = []
    for c in cmp.cases:
        row = {"typologie": c.typology, "scenario": c.scenario,
               "logement": c.dwelling_id or "", "nombre_logements": c.weight,
               "surface_thcex_m2": c.thcex.reference_area_m2,
               "surface_iso52016_m2": c.iso.reference_area_m2}
        for use in USES:
            row[f"cep_{use}_thcex"] = c.thcex.cep_use_kwh_per_m2_year(use)
            row[f"cep_{use}_iso52016"] = c.iso.cep_use_kwh_per_m2_year(use)
        row.update({"cep_thcex": c.thcex.cep_kwh_per_m2_year,
                    "cep_iso52016": c.iso.cep_kwh_per_m2_year,
                    "cep_ch_fr_ecs_thcex": c.thcex.cep_heat_cool_dhw_kwh_per_m2_year,
                    "cep_ch_fr_ecs_iso52016": c.iso.cep_heat_cool_dhw_kwh_per_m2_year,
                    "ecart": c.gap_kwh_per_m2, "ecart_relatif": c.relative_gap})
        row.update({f"part_{k}": v for k, v in c.shapley_kwh_per_m2.items()})
        rows.append(row)
    return rows
