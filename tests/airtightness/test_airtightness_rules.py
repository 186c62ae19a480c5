"""Each validity rule triggered by a crafted file; the threshold table loads and is configurable."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from tests.airtightness.helpers import DATASETS, power_law_rows, write_test_file

from perfqual.errors import InputError
from perfqual.io.blower_door import read_blower_door_file
from perfqual.models.blower_door import DATA_DIR, RULE_IDS, load_validity_rules
from perfqual.qa.airtightness import analyse_test


def _checks(path, rules=None):
    a = analyse_test(read_blower_door_file(path), rules)
    return a, {c.rule_id: c for c in a.checks}


def test_valid_crafted_file_passes_every_evaluated_rule_analytic(tmp_path):
    a, checks = _checks(write_test_file(tmp_path / "ok.csv", meta={"vent": "2 m/s",
                                                                   "hauteur_batiment": "6 m"}))
    assert a.is_valid
    assert all(c.passed for c in checks.values()), [c for c in checks.values() if not c.passed]
    assert set(checks) == set(RULE_IDS)


# (rule id, file modifications, value expected in the check)
CASES = [
    ("pression_nulle_max", {"rows": power_law_rows(before=(6.0, -1.0), after=(0.5,),
                                                   dp0=2.5)}, 6.0),
    ("pression_nulle_avant_apres", {"rows": power_law_rows(after=())}, 0.0),
    ("nombre_paliers_min", {"rows": power_law_rows(dp=(10.0, 30.0, 50.0, 60.0))}, 4.0),
    ("ecart_paliers_max", {"rows": power_law_rows(dp=(10.0, 20.0, 35.0, 45.0, 55.0))}, 15.0),
    ("pression_basse_min", {"rows": power_law_rows(dp=(6.0, 15.0, 25.0, 35.0, 45.0, 55.0))},
     6.0),
    ("pression_basse_facteur_debit_nul",
     {"rows": power_law_rows(before=(-3.0,), after=(-3.0,), dp0=-3.0)}, 10.0 / 3.0),
    ("pression_haute_min", {"rows": power_law_rows(dp=(10.0, 18.0, 26.0, 34.0, 42.0))}, 42.0),
    ("exposant_min", {"rows": power_law_rows(n=0.45)}, 0.45),
    ("exposant_max", {"rows": power_law_rows(n=1.1)}, 1.1),
    ("vent_max", {"meta": {"vent": "8 m/s"}}, 8.0),
    ("ecart_temperature_hauteur_max", {"meta": {"temperature_exterieure": "-5 °C",
                                                "hauteur_batiment": "12 m"}}, 300.0),
]


@pytest.mark.parametrize(("rule_id", "kwargs", "value"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_triggered_analytic(tmp_path, rule_id, kwargs, value):
    a, checks = _checks(write_test_file(tmp_path / f"{rule_id}.csv", **kwargs))
    check = checks[rule_id]
    assert check.passed is False
    np.testing.assert_allclose(check.value, value, rtol=1e-9)
    assert check.limit == load_validity_rules().rules[rule_id].value
    assert a.is_valid is (check.severity != "invalide") or any(
        c.invalidates for c in checks.values() if c.rule_id != rule_id)


def test_r2_rule_triggered_by_scattered_points(tmp_path):
    dp = (10.0, 20.0, 30.0, 40.0, 50.0, 60.0)
    q = (100.0, 190.0, 170.0, 260.0, 220.0, 330.0)
    rows = [("dépressurisation", "zéro avant", "0", "")]
    rows += [("dépressurisation", "palier", repr(-p), repr(v)) for p, v in zip(dp, q, strict=True)]
    rows += [("dépressurisation", "zéro après", "0", "")]
    a, checks = _checks(write_test_file(tmp_path / "r2.csv", rows))
    assert checks["r2_min"].passed is False and checks["r2_min"].value < 0.98
    assert not a.is_valid


def test_tv_a1_is_invalid_for_the_expected_rules_reference():
    # DOMAIN-NOTES A.9: invalid because n > 1, highest pressure 27 Pa < 50 Pa and r² < 0.98.
    case = DATASETS / "reference" / "blower_door_tv_a1"
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    a, checks = _checks(case / "essai.csv")
    assert not a.is_valid
    assert sorted(k for k, c in checks.items() if c.passed is False) == expected["failed_rules"]


def test_missing_metadata_leaves_rule_unevaluated(tmp_path):
    _, checks = _checks(write_test_file(tmp_path / "x.csv"))
    assert checks["vent_max"].passed is None
    assert checks["ecart_temperature_hauteur_max"].passed is None


def test_thresholds_are_configurable(tmp_path):
    raw = yaml.safe_load((DATA_DIR / "airtightness_validity.yaml").read_text(encoding="utf-8"))
    raw["regles"]["vent_max"]["valeur"] = 10.0
    raw["regles"]["pression_haute_min"]["gravite"] = "avertissement"
    custom = tmp_path / "regles.yaml"
    custom.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    rules = load_validity_rules(custom)
    path = write_test_file(tmp_path / "w.csv", rows=power_law_rows(dp=(10.0, 18.0, 26.0, 34.0,
                                                                       42.0)),
                           meta={"vent": "8 m/s"})
    a, checks = _checks(path, rules)
    assert checks["vent_max"].passed is True
    assert checks["pression_haute_min"].passed is False and a.is_valid


def test_rule_table_errors(tmp_path):
    raw = yaml.safe_load((DATA_DIR / "airtightness_validity.yaml").read_text(encoding="utf-8"))
    raw["regles"]["vent_maxi"] = raw["regles"].pop("vent_max")
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml : .*vent_maxi"):
        load_validity_rules(bad)
    (tmp_path / "x.yaml").write_text("regles: [", encoding="utf-8")
    with pytest.raises(InputError, match="YAML invalide"):
        load_validity_rules(tmp_path / "x.yaml")
    with pytest.raises(InputError, match="illisible"):
        load_validity_rules(tmp_path / "absent.yaml")


def test_packaged_rule_table_has_sources_and_version():
    rules = load_validity_rules()
    assert rules.version
    assert set(rules.rules) == set(RULE_IDS)
    assert all(r.source and r.status in ("SRC", "STD-K", "OPEN", "DERIVED")
               for r in rules.rules.values())
    assert (DATA_DIR / "airtightness_validity.source.md").exists()
