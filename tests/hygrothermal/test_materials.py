"""Tests of the material library (perfqual.materials)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from perfqual.errors import InputError
from perfqual.materials import Material, default_library, get_material


def test_every_packaged_material_loads_with_provenance():
    lib = default_library()
    assert len(lib) >= 25
    for m in lib:
        assert m.source and m.status in ("SRC", "DERIVED", "STD-K")
    for needed in ("brique_pleine", "laine_de_verre", "fibre_de_bois", "pse_graphite", "platre",
                   "enduit_chaux", "beton", "ouate_de_cellulose", "laine_de_chanvre",
                   "botte_de_paille", "liege_expanse"):
        assert needed in lib


def test_layer_and_sd_analytic():
    brick = get_material("brique_pleine")
    layer = brick.to_layer(0.22)
    assert_allclose(layer.resistance_m2k_per_w, 0.22 / 0.90, rtol=1e-12)
    assert_allclose(brick.sd_for_thickness_m(0.22), 2.2, rtol=1e-12)
    pe = get_material("pare_vapeur_polyethylene")
    assert_allclose(pe.sd_for_thickness_m(0.0002), 50.0, rtol=1e-12)  # declared s_d
    pe_layer = pe.to_layer(0.0002)
    assert_allclose(pe_layer.vapour_resistance_factor * pe_layer.thickness_m, 50.0, rtol=1e-12)


def test_unknown_material_french_message():
    with pytest.raises(InputError, match="matériau inconnu « laine_de_mouton »"):
        get_material("laine_de_mouton")
    with pytest.raises(InputError, match="compositions.mur.couches.1"):
        default_library().get("x", "compositions.mur.couches.1")


def test_negative_thickness_french_message():
    with pytest.raises(InputError, match="épaisseur .* strictement positive") as err:
        get_material("fibre_de_bois").to_layer(-0.1, "compositions.iti.couches.0.epaisseur")
    assert "compositions.iti.couches.0.epaisseur" in str(err.value)


def test_missing_properties_french_messages():
    with pytest.raises(InputError, match="chaleur spécifique"):
        get_material("brique_pleine_cte").to_layer(0.2)
    with pytest.raises(InputError, match="μ inconnu"):
        get_material("brique_pleine_buildsyspro").sd_for_thickness_m(0.2)


def test_user_materials_with_units_and_errors():
    lib = default_library().with_user_materials(
        [{"id": "fibre_bois_produit_x", "name_fr": "Fibre de bois X", "category":
          "isolant_biosource", "conductivity_w_per_mk": "0,038 W/(m·K)",
          "density_kg_per_m3": "140 kg/m³", "specific_heat_j_per_kgk": 2100,
          "vapour_resistance_factor": 3}], source="operation.yaml")
    m = lib.get("fibre_bois_produit_x")
    assert_allclose(m.conductivity_w_per_mk, 0.038, rtol=1e-12)
    assert m.status == "utilisateur" and m.source == "operation.yaml"
    with pytest.raises(InputError, match=r"materiaux\[0\].*conductivity_w_per_mk"):
        default_library().with_user_materials(
            [{"id": "x", "name_fr": "x", "category": "autre", "conductivity_w_per_mk": -1}],
            "operation.yaml")
    with pytest.raises(InputError, match="existe déjà"):
        default_library().with_user_materials(
            [Material(id="beton", name_fr="b", category="beton", conductivity_w_per_mk=2.0,
                      vapour_resistance_factor=80, source="s", status="utilisateur")])
    with pytest.raises(InputError, match="sd déclaré"):
        default_library().with_user_materials(
            [{"id": "film", "name_fr": "f", "category": "membrane", "conductivity_w_per_mk": 0.3}])
