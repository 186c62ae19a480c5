"""Tests of the stratified sampling plans and the coverage check (qa.sampling)."""

from __future__ import annotations

import json
import math

import pytest

from perfqual.errors import InputError
from perfqual.qa.sampling import (
    check_coverage,
    draw_sampling_plan,
    plan_from_json,
    plan_to_csv,
    plan_to_json,
    required_sample_size,
)

POP = ([(f"C-{i:03d}", "coron") for i in range(1, 73)]
       + [(f"J-{i:03d}", "jumelee") for i in range(1, 41)]
       + [(f"I-{i:03d}", "isolee") for i in range(1, 9)])


def test_reproducible_from_seed_regression():
    a = draw_sampling_plan(POP, 0.05, seed=7)
    b = draw_sampling_plan(list(reversed(POP)), 0.05, seed=7)  # input order does not matter
    assert a.selected == b.selected
    assert plan_to_json(a) == plan_to_json(b)
    c = draw_sampling_plan(POP, 0.05, seed=8)
    assert c.selected != a.selected


def test_adding_a_typology_leaves_the_others_unchanged():
    a = draw_sampling_plan(POP, 0.05, seed=3)
    b = draw_sampling_plan(POP + [("X-001", "autre")], 0.05, seed=3)
    for s in a.strata:
        assert next(t for t in b.strata if t.typology == s.typology).selected == s.selected


def test_minimum_one_per_typology_and_rate_rounding_analytic():
    plan = draw_sampling_plan(POP, 0.05, seed=1)
    sizes = {s.typology: s.n_required for s in plan.strata}
    # ceil(0.05·72) = 4, ceil(0.05·40) = 2, ceil(0.05·8) = 1
    assert sizes == {"coron": 4, "jumelee": 2, "isolee": 1}
    assert plan.n_selected >= math.ceil(0.05 * len(POP))
    for s in plan.strata:
        assert s.n_required / s.n_population >= 0.05
        assert len(set(s.selected)) == s.n_required
        assert {d for d, t in POP if t == s.typology} == set(s.random_order)


@pytest.mark.parametrize(("n", "rate", "minimum", "expected"),
                         [(1, 0.05, 1, 1), (19, 0.05, 1, 1), (21, 0.05, 1, 2), (40, 0.1, 1, 4),
                          (10, 0.05, 3, 3), (2, 0.05, 3, 2), (120, 0.2, 1, 24)])
def test_required_sample_size_analytic(n, rate, minimum, expected):
    assert required_sample_size(n, rate, minimum) == expected


def test_json_roundtrip_and_csv():
    plan = draw_sampling_plan(POP, 0.05, seed=11, purpose="thermographie", operation="Demo")
    back = plan_from_json(json.loads(plan_to_json(plan)))
    assert back == plan
    lines = plan_to_csv(plan).splitlines()
    assert lines[0].startswith("logement;typologie;rang_tirage;selectionne")
    assert len(lines) == 1 + len(POP)
    assert sum(";oui;" in line for line in lines) == plan.n_selected


def test_corrupted_plan_rejected():
    payload = json.loads(plan_to_json(draw_sampling_plan(POP, 0.05, seed=1)))
    payload["typologies"][0]["selectionnes"] = ["C-999"]
    with pytest.raises(InputError, match="incohérent"):
        plan_from_json(payload)
    with pytest.raises(InputError, match="format"):
        plan_from_json({"format": "autre"})


def test_coverage_missing_extra_uncovered():
    plan = draw_sampling_plan(POP, 0.05, seed=5)
    coron = next(s for s in plan.strata if s.typology == "coron")
    jumelee = next(s for s in plan.strata if s.typology == "jumelee")
    measured = [(d, True) for d in coron.selected[1:]]  # first coron missing
    measured += [(coron.random_order[coron.n_required], True)]  # its replacement
    measured += [(d, True) for d in jumelee.selected]
    measured += [("Z-1", True)]  # unknown
    cov = check_coverage(plan, measured)
    c = next(t for t in cov.typologies if t.typology == "coron")
    assert c.missing == (coron.selected[0],)
    assert c.replaced_by == (coron.random_order[coron.n_required],)
    assert c.extra == ()
    assert c.is_covered and c.replacements == ()
    assert cov.uncovered_typologies == ("isolee",)
    isolee = next(t for t in cov.typologies if t.typology == "isolee")
    assert isolee.replacements == next(s for s in plan.strata if s.typology == "isolee").selected
    assert not cov.is_sufficient
    assert cov.unknown == ("Z-1",)
    # a non-random addition is flagged as extra
    far = coron.random_order[-1]
    cov2 = check_coverage(plan, [(d, True) for d in coron.selected] + [(far, True)])
    assert next(t for t in cov2.typologies if t.typology == "coron").extra == (far,)


def test_coverage_statistics_with_results():
    plan = draw_sampling_plan(POP, 0.05, seed=5)
    measured = [(d, True) for d, _ in plan.selected]
    cov = check_coverage(plan, measured)
    assert cov.is_sufficient
    assert cov.operation_summary.n_tested == plan.n_selected
    assert "pourraient encore être en échec" in cov.operation_consequence_fr
    no_results = check_coverage(plan, [(d, None) for d, _ in plan.selected])
    assert no_results.operation_summary is None


@pytest.mark.parametrize("kwargs", [{"purpose": "autre"}, {"seed": -1}, {"rate_frac": 0.0},
                                    {"rate_frac": 1.5}, {"min_per_typology": 0}])
def test_invalid_plan_inputs(kwargs):
    with pytest.raises(InputError):
        draw_sampling_plan(POP, **kwargs)


def test_invalid_population():
    with pytest.raises(InputError, match="double"):
        draw_sampling_plan([("A", "t"), ("A", "t")])
    with pytest.raises(InputError, match="vide"):
        draw_sampling_plan([])
