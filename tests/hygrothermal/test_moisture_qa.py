"""Tests of perfqual.qa.moisture: verdicts of assemblies and junctions, inventory.

Physical assumptions of the ITI cases (stated, not measured): Lille-Lesquin monthly climate
(packaged table), θi = 20 °C, humidity class 3 with the 2001 Δp values and no 1.10 factor,
diffusion only (no driving rain, no built-in moisture, no air leakage), packaged material values
(old brick λ 0.90 μ 10; wood fibre λ 0.0381 μ 3.3), a limit of 200 g/m² on the condensate.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.core import hygrothermal as hg
from perfqual.errors import InputError
from perfqual.materials import default_library, get_material
from perfqual.models.building import (
    Airtightness,
    Areas,
    Boundary,
    BuildingModel,
    DhwSystem,
    ElementKind,
    HeatingSystem,
    MassDistribution,
    OpaqueElement,
    ThermalBridge,
    Ventilation,
    Window,
)
from perfqual.qa import moisture as mo

LILLE = mo.MonthlyClimate.from_table("H1a-bassin-minier")
CLASS3 = mo.MoistureSettings(humidity_class=3)


def _wall(layers, name="façade", boundary=Boundary.EXTERIOR, kind=ElementKind.WALL, b=1.0):
    return OpaqueElement(name, kind, 10.0, 180.0, 90.0, boundary, 0.3, 1e5,
                         MassDistribution.DIVIDED, tuple(layers), b_factor=b)


def _library_with_retarder(sd_m):
    return default_library().with_user_materials([{
        "id": "frein_vapeur_produit", "name_fr": "Frein-vapeur (valeur déclarée d'hiver)",
        "category": "membrane", "conductivity_w_per_mk": 0.3, "density_kg_per_m3": 900,
        "specific_heat_j_per_kgk": 1700, "sd_m": sd_m}], "test")


def test_monthly_climate_from_table_matches_notes():
    assert_allclose(LILLE.temp_ext_c, [4.1, 5.0, 7.3, 10.5, 14.0, 17.1, 19.0, 18.7, 16.0, 11.9,
                                       7.9, 5.0], rtol=1e-12)
    assert_allclose(LILLE.rel_humidity_frac[0], 0.92, rtol=1e-12)
    with pytest.raises(InputError, match="inconnue"):
        mo.MonthlyClimate.from_table("Z9")


def test_biosourced_iti_with_retarder_passes():
    # 12.5 mm plasterboard | frein-vapeur s_d 5 m (declared) | wood fibre 100 mm | brick 22 cm.
    lib = _library_with_retarder(5.0)
    layers = [get_material("plaque_platre").to_layer(0.0125),
              lib.get("frein_vapeur_produit").to_layer(0.0002),
              get_material("fibre_de_bois").to_layer(0.10),
              get_material("brique_pleine").to_layer(0.22)]
    f_min, _ = mo.design_f_rsi_min(LILLE, CLASS3)
    res = mo.assess_element(_wall(layers), LILLE, CLASS3, f_min, lib, "test")
    assert res.verdict in ("sans_condensation", "condensation_sechee")
    assert not res.failed
    assert res.peak_g_per_m2 < 200.0 and res.remaining_g_per_m2 == 0.0
    assert res.f_rsi_passed
    # Glaser cannot prove a bio-sourced interior system safe: EN 15026 is still recommended.
    assert any("biosourcés" in r for r in res.simulation_reasons_fr)


def test_vapour_tight_exterior_coating_mistake_fails():
    # Same ITI without retarder, plus a vapour-tight exterior coating (s_d 1500 m, the PHI
    # "vapour-tight" convention): the brick cannot dry outwards -> annual accumulation.
    lib = default_library().with_user_materials([{
        "id": "revetement_etanche", "name_fr": "Revêtement extérieur filmogène étanche",
        "category": "membrane", "conductivity_w_per_mk": 0.3, "density_kg_per_m3": 1000,
        "specific_heat_j_per_kgk": 1500, "sd_m": hg.SD_VAPOUR_TIGHT_M}], "test")
    layers = [get_material("enduit_chaux").to_layer(0.015),
              get_material("fibre_de_bois").to_layer(0.10),
              get_material("brique_pleine").to_layer(0.22),
              lib.get("revetement_etanche").to_layer(0.0005)]
    f_min, _ = mo.design_f_rsi_min(LILLE, CLASS3)
    res = mo.assess_element(_wall(layers), LILLE, CLASS3, f_min, lib, "test")
    assert res.verdict == "accumulation_annuelle" and res.failed
    assert res.remaining_g_per_m2 > 0


def test_uninsulated_brick_fails_f_rsi_and_ground_not_assessed():
    layers = [get_material("plaque_platre").to_layer(0.013),
              get_material("brique_pleine").to_layer(0.22)]
    f_min, month = mo.design_f_rsi_min(LILLE, CLASS3)
    assert month == 0
    assert_allclose(f_min, 0.709, atol=5e-4)  # HYGROTHERMAL-NOTES B.2 (DERIVED)
    res = mo.assess_element(_wall(layers), LILLE, CLASS3, f_min)
    assert res.f_rsi_passed is False and res.failed
    ground = mo.assess_element(_wall(layers, boundary=Boundary.GROUND,
                                     kind=ElementKind.FLOOR), LILLE, CLASS3, f_min)
    assert ground.verdict == "non_evalue" and not ground.failed


def test_unheated_boundary_plane_f_rsi_analytic():
    layers = [get_material("laine_de_verre").to_layer(0.10)]
    res = mo.assess_element(_wall(layers, boundary=Boundary.UNHEATED, kind=ElementKind.CEILING,
                                  b=0.9), LILLE, CLASS3, 0.7)
    r_t = 0.25 + 0.10 / 0.035 + 0.10  # R_se towards unheated space = R_si (0.10, upward)
    assert_allclose(res.f_rsi, 1 - 0.9 * 0.25 / r_t, rtol=1e-12)


def _building(bridges):
    layers = (get_material("brique_pleine").to_layer(0.22),)
    wall = _wall(layers)
    return BuildingModel(
        operation="t", typology="coron", scenario="etat_initial", dwelling_id=None,
        areas=Areas(60.0, 72.0, "saisie", 150.0, 2.5, 3, 2),
        opaque=(wall,),
        windows=(Window("f", 2.0, 180.0, 90.0, 2.0, 0.5, 0.3),),
        thermal_bridges=tuple(bridges),
        airtightness=Airtightness(1.0, 3.0, 450.0, 0.67, "Q4Pa_surf"),
        ventilation=Ventilation("vmc_hygro_b", 90.0),
        heating=HeatingSystem("c", "gaz", 0.9, 0.95, 0.9, 0.9),
        dhw=DhwSystem("c", "gaz", 0.8),
    )


def test_junction_verdicts_and_inventory_analytic():
    bridges = [ThermalBridge("plancher", 0.86, 10.0, f_rsi=0.65),
               ThermalBridge("refend", 0.73, 5.0, f_rsi=0.80),
               ThermalBridge("plancher bas", 0.39, 10.0)]
    b = _building(bridges)
    res = mo.assess_building(b, LILLE, CLASS3)
    verdicts = [j.verdict for j in res.junctions]
    assert verdicts == ["risque_moisissure", "conforme", "f_rsi_inconnu"]
    assert res.failed
    inv = mo.thermal_bridge_inventory(b)
    h_tb = 0.86 * 10 + 0.73 * 5 + 0.39 * 10
    h_total = h_tb + 0.3 * 10.0 + 2.0 * 2.0 + 1200.0 * 90.0 / 3600.0
    assert_allclose([inv.h_tb_w_per_k, inv.h_total_w_per_k, inv.share_frac],
                    [h_tb, h_total, h_tb / h_total], rtol=1e-12)


def test_unknown_mu_names_element_and_layer():
    lay = get_material("brique_pleine").to_layer(0.22)
    from dataclasses import replace
    bad = replace(lay, material="brique_inconnue", vapour_resistance_factor=None)
    with pytest.raises(InputError, match="brique_inconnue") as err:
        mo.assess_element(_wall([bad]), LILLE, CLASS3, 0.7, label="coron @ etat_initial")
    assert "façade" in str(err.value)


def test_settings_validation():
    from pydantic import ValidationError
    with pytest.raises(ValidationError):
        mo.MoistureSettings(humidity_class=6)
    p = mo.interior_vapour_pressure_pa(LILLE, CLASS3)
    assert np.all(p >= LILLE.vapour_pressure_pa)
