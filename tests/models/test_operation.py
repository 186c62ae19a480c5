"""Operation input model: the demo is accepted, broken files are rejected naming the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from numpy.testing import assert_allclose

from perfqual.errors import InputError
from perfqual.io.operation import decimal_commas_to_points, load_operation
from perfqual.models.building import Boundary, MassDistribution
from perfqual.models.operation import INITIAL_STATE
from perfqual.models.resolve import (
    airtightness_from_spec,
    resolve_building,
    resolve_operation,
)
from perfqual.units import parse_quantity

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo" / "cite_des_fleurs"


@pytest.fixture(scope="module")
def demo():
    return load_operation(DEMO)


def test_demo_is_accepted(demo):
    assert demo.identity.climate_zone == "H1a"  # département 62, arrêté du 26 octobre 2010
    assert len(demo.dwellings) == 120
    assert set(demo.typologies) == {"coron", "jumelee", "isolee"}
    assert demo.scenario_ids[0] == INITIAL_STATE
    assert len(resolve_operation(demo)) == 3 * 4


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("14 cm", "m", 0.14),
        ("2 × 38 m²", "m**2", 76.0),
        ("5,6 m × 5,5 m", "m**2", 30.8),
        ("0,035 W/(m·K)", "W/(m*K)", 0.035),
        ("2,5 m³/h", "m**3/h", 2.5),
        ("10 L/s", "m**3/h", 36.0),
        ("150 kJ/(m²·K)", "J/(m**2*K)", 150000.0),
        ("3", "m", 3.0),
    ],
)
def test_units_at_the_door_analytic(text, unit, expected):
    assert_allclose(parse_quantity(text, unit), expected, rtol=1e-12)


@pytest.mark.parametrize("text", ["abc", "14 kg", "3 zorg"])
def test_units_bad_input(text):
    with pytest.raises(ValueError, match="«"):
        parse_quantity(text, "m")


def test_decimal_comma_in_flow_mappings():
    assert decimal_commas_to_points("{b: 0,9, Sw: 0,58}") == "{b: 0.9, Sw: 0.58}"
    assert decimal_commas_to_points("d: l'ITE 1,5 'x,1'") == "d: l'ITE 1.5 'x,1'"


def _write_variant(tmp_path: Path, mutate) -> Path:
    """Copy the demo, apply ``mutate`` to its YAML data and return the new folder."""
    folder = tmp_path / "op"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*", "!operation.yaml",
                                                                "!logements.csv"))
    shutil.copy(DEMO / "operation.yaml", folder / "operation.yaml")
    shutil.copy(DEMO / "logements.csv", folder / "logements.csv")
    data = yaml.safe_load(decimal_commas_to_points((DEMO / "operation.yaml").read_text("utf-8")))
    mutate(data)
    (folder / "operation.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


def _set(path, value):
    def mutate(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (_set(["typologies", "coron", "surface_habitable"], "-68 m²"),
         "typologies.coron.surface_habitable", "strictement positif"),
        (_set(["typologies", "coron", "surface_habitable"], "68 kg"),
         "typologies.coron.surface_habitable", "unité incompatible"),
        (_set(["typologies", "coron", "hauteur"], 2.5),
         "typologies.coron.hauteur", "champ inconnu"),
        (_delete(["typologies", "coron", "etancheite"]),
         "typologies.coron.etancheite", "champ obligatoire absent"),
        (_set(["typologies", "coron", "parois", 0, "composition"], "beton_inexistant"),
         "composition inconnue", "beton_inexistant"),
        (_set(["typologies", "coron", "ventilation", "type"], "vmc_magique"),
         "typologies.coron.ventilation.type", "valeur non admise"),
        (_set(["operation", "zone_climatique"], "H3"),
         "operation", "incohérente avec le département"),
        (_set(["operation", "departement"], "999"),
         "operation.departement", "999"),
        (_set(["scenarios", "variante_1", "mesures"], ["mesure_fantome"]),
         "scenarios.variante_1", "mesure inconnue"),
        (_set(["typologies", "coron", "etancheite"], {"Q4Pa_surf": 1.0, "n50": 3.0}),
         "typologies.coron.etancheite", "exactement une valeur"),
        (_set(["typologies", "coron", "parois", 4, "b"], 1.5),
         "typologies.coron.parois.4.b", "entre 0 et 1"),
        (_set(["typologies", "coron", "menuiseries", 1, "paroi"], "façade inconnue"),
         "typologies.coron", "paroi inconnue"),
    ],
)
def test_broken_files_name_the_field(tmp_path, mutate, field, message):
    folder = _write_variant(tmp_path, mutate)
    with pytest.raises(InputError) as err:
        load_operation(folder)
    text = str(err.value)
    assert "operation.yaml" in text
    assert field in text
    assert message in text


def test_bad_dwelling_csv_names_line(tmp_path):
    folder = _write_variant(tmp_path, lambda d: None)
    lines = (folder / "logements.csv").read_text("utf-8").splitlines()
    lines[5] = lines[5].replace("milieu", "au_milieu")
    (folder / "logements.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputError, match=r"logements.csv, ligne 6 : position"):
        load_operation(folder)


def test_tenant_must_be_pseudonymous(tmp_path):
    folder = _write_variant(tmp_path, lambda d: None)
    text = (folder / "logements.csv").read_text("utf-8").replace("L-0002", "Jean Dupont")
    (folder / "logements.csv").write_text(text, "utf-8")
    with pytest.raises(InputError, match="pseudonyme"):
        load_operation(folder)


def test_duplicate_yaml_key_is_refused(tmp_path):
    folder = _write_variant(tmp_path, lambda d: None)
    text = (folder / "operation.yaml").read_text("utf-8")
    text = text.replace("compositions:", "compositions:\n  brique_22: {U: 1.0}\n", 1)
    (folder / "operation.yaml").write_text(text, "utf-8")
    with pytest.raises(InputError, match="en double"):
        load_operation(folder)


def test_end_dwelling_exposes_its_gable(demo):
    middle = resolve_building(demo, "coron", INITIAL_STATE, "C-002")
    west_end = resolve_building(demo, "coron", INITIAL_STATE, "C-001")
    boundary = {e.name: e.boundary for e in west_end.opaque}
    assert boundary["mitoyen ouest"] == Boundary.EXTERIOR
    assert boundary["mitoyen est"] == Boundary.ADJACENT_HEATED
    assert west_end.a_tbat_m2 > middle.a_tbat_m2


def test_measures_change_the_model_not_duplicate(demo):
    before = resolve_building(demo, "coron", INITIAL_STATE)
    after = resolve_building(demo, "coron", "variante_3")
    wall_before = next(e for e in before.opaque if e.name == "façade rue")
    wall_after = next(e for e in after.opaque if e.name == "façade rue")
    assert wall_after.u_value_w_per_m2k < wall_before.u_value_w_per_m2k
    assert wall_before.mass_distribution == MassDistribution.EQUAL
    assert wall_after.mass_distribution == MassDistribution.INTERNAL  # ITE: mass inside
    assert len(after.opaque) == len(before.opaque)
    # the party wall is never insulated by a façade measure
    party = next(e for e in after.opaque if e.name == "mitoyen est")
    assert party.layers == next(e for e in before.opaque if e.name == "mitoyen est").layers


def test_u_value_from_layers_analytic(demo):
    # brique_22: plasterboard 13 mm (λ 0.25) + solid brick 22 cm (λ 0.90, packaged library);
    # EN ISO 6946:2017 Table 7: R_si 0.13, R_se 0.04 (horizontal flow).
    b = resolve_building(demo, "coron", INITIAL_STATE)
    wall = next(e for e in b.opaque if e.name == "façade rue")
    expected = 1.0 / (0.13 + 0.013 / 0.25 + 0.22 / 0.90 + 0.04)
    assert_allclose(wall.u_value_w_per_m2k, expected, rtol=1e-12)
    # net area: 5.6 × 5.5 minus the door 1.8 m² and two windows of 1.3 m²
    assert_allclose(wall.area_m2, 5.6 * 5.5 - 1.8 - 2 * 1.3, rtol=1e-12)


def test_interior_insulation_reduces_living_area(demo):
    before = resolve_building(demo, "coron", INITIAL_STATE)
    iti = resolve_building(demo, "coron", "variante_2")
    # façades of 30.8 m² on 2 levels of 2.5 m: 6.16 m of wall per level and façade, 2 façades,
    # 2 levels, 10 cm + 1.3 cm added
    assert_allclose(before.areas.living_area_m2 - iti.areas.living_area_m2,
                    2 * 2 * (30.8 / 5.0) * 0.113, rtol=1e-12)


def test_airtightness_conversions_analytic(demo):
    b = resolve_building(demo, "coron", INITIAL_STATE)
    a = b.airtightness
    assert_allclose(a.q4pa_surf_m3_per_h_m2, 3.3, rtol=1e-12)
    q4 = 3.3 * b.a_tbat_m2
    assert_allclose(a.q50_m3_per_h, q4 * (50 / 4) ** (2 / 3), rtol=1e-12)
    assert_allclose(a.n50_per_h, a.q50_m3_per_h / b.areas.heated_volume_m3, rtol=1e-12)
    # round trip through n50
    from perfqual.models.operation import AirtightnessSpec

    back = airtightness_from_spec(AirtightnessSpec(n50=a.n50_per_h), b.areas.heated_volume_m3,
                                  b.a_tbat_m2)
    assert_allclose(back.q4pa_surf_m3_per_h_m2, 3.3, rtol=1e-12)


def test_user_materials_are_one_library(tmp_path):
    """A user material (here a membrane given by its s_d) is resolved like a packaged one."""
    def mutate(data):
        data["materiaux"] = {"frein_vapeur_x": {
            "categorie": "membrane", "conductivite": "0,2 W/(m·K)", "masse_volumique": 900,
            "capacite_thermique": 1500, "sd": "5 m", "source": "fiche produit fictive"}}
        data["compositions"]["brique_22"]["couches"].insert(
            1, {"materiau": "frein_vapeur_x", "epaisseur": "0,2 mm"})
    op = load_operation(_write_variant(tmp_path, mutate))
    wall = next(e for e in resolve_building(op, "coron").opaque if e.name == "façade rue")
    membrane = wall.layers[1]
    assert membrane.material == "frein_vapeur_x"
    assert_allclose(membrane.vapour_resistance_factor * membrane.thickness_m, 5.0, rtol=1e-12)


def test_user_material_membrane_needs_sd(tmp_path):
    def mutate(data):
        data["materiaux"] = {"film_x": {
            "categorie": "membrane", "conductivite": 0.2, "masse_volumique": 900,
            "capacite_thermique": 1500, "mu": 50000, "source": "x"}}
    with pytest.raises(InputError, match="materiaux.film_x"):
        load_operation(_write_variant(tmp_path, mutate))


def test_mirrored_dwelling_swaps_east_and_west(tmp_path):
    """The east house of a semi-detached pair is the mirror image of the west one."""
    def mutate(data):
        data["logements"] = [
            {"id": "W", "typologie": "jumelee", "position": "extremite_ouest"},
            {"id": "E", "typologie": "jumelee", "position": "extremite_est", "miroir": True},
        ]
    op = load_operation(_write_variant(tmp_path, mutate))
    west = resolve_building(op, "jumelee", INITIAL_STATE, "W")
    east = resolve_building(op, "jumelee", INITIAL_STATE, "E")
    gable_w = next(e for e in west.opaque if e.name == "pignon ouest")
    gable_e = next(e for e in east.opaque if e.name == "pignon ouest")
    assert gable_w.azimuth_deg == 270.0 and gable_w.boundary == Boundary.EXTERIOR
    assert gable_e.azimuth_deg == 90.0 and gable_e.boundary == Boundary.EXTERIOR
    win_e = next(w for w in east.windows if w.name == "fenêtre pignon")
    assert win_e.azimuth_deg == 90.0  # the window follows its wall
    assert_allclose(east.a_tbat_m2, west.a_tbat_m2, rtol=1e-12)


def test_window_orientation_must_match_its_wall(tmp_path):
    def mutate(data):
        data["typologies"]["coron"]["menuiseries"][1]["orientation"] = "S"  # host faces N
    with pytest.raises(InputError, match="orientation différente"):
        load_operation(_write_variant(tmp_path, mutate))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda lines: lines.__setitem__(6, lines[6].replace("C-005", "C-004")),
         r"logements.csv, ligne 7 : id « C-004 » en double \(déjà ligne 6\)"),
        (lambda lines: lines.__setitem__(6, lines[6].replace(";coron;", ";chateau;")),
         r"logements.csv, ligne 7 : typologie inconnue « chateau »"),
    ],
)
def test_dwelling_csv_references_name_the_line(tmp_path, edit, message):
    folder = _write_variant(tmp_path, lambda d: None)
    lines = (folder / "logements.csv").read_text("utf-8").splitlines()
    edit(lines)
    (folder / "logements.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputError, match=message):
        load_operation(folder)


def test_operation_file_in_windows_1252_is_read(tmp_path):
    folder = _write_variant(tmp_path, lambda d: None)
    text = (folder / "operation.yaml").read_text("utf-8")
    (folder / "operation.yaml").write_bytes(text.encode("cp1252", errors="strict"))
    op = load_operation(folder)
    assert op.identity.name == "Cité des Fleurs"
