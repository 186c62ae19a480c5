"""core/systems.py: DHW need, lighting, efficiencies, primary energy (3CL-DPE 2021 values)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.core import systems
from perfqual.errors import InputError


def test_dhw_need_reference():
    # METHODS-NOTES B.4 test vector: θ_cw = 10.5 °C -> 1.921 kWh/day per adult-equivalent.
    need = systems.dhw_need_monthly_kwh(1.0, np.full(12, 10.5))
    assert_allclose(need / systems.DAYS_PER_MONTH, 1.921, atol=5e-4)
    assert_allclose(need.sum(), 1.163 * 56 * 29.5 * 365 / 1000, rtol=1e-12)  # analytic


def test_cold_water_table_and_altitude_classes():
    h1a = systems.cold_water_temperature_c("H1a", 45.0)
    assert h1a.shape == (12,) and h1a[0] == 7.8 and h1a[7] == 17.8
    assert_allclose(systems.cold_water_temperature_c("h1a", 500.0), h1a - 2.0, rtol=1e-12)
    assert_allclose(systems.cold_water_temperature_c("H1A", 900.0), h1a - 4.0, rtol=1e-12)
    with pytest.raises(InputError, match="zone climatique inconnue"):
        systems.cold_water_temperature_c("H4", 0.0)


def test_lighting_reference():
    # 3CL-DPE 2021 §16.1: 0.9 × 1.4 × 1500 / 1000 = 1.89 kWh/(m².an) in H1a.
    assert_allclose(systems.lighting_consumption_kwh(1.0, "H1a"), 1.89, rtol=1e-12)
    assert_allclose(systems.lighting_consumption_kwh(1.0, "H2c"), 0.9 * 1.4 * 1566 / 1000,
                    rtol=1e-12)
    with pytest.raises(InputError, match="surface non positive"):
        systems.lighting_consumption_kwh(0.0, "H1a")


def test_final_and_primary_energy_analytic():
    assert_allclose(systems.final_energy_kwh(1000.0, 0.8, 0.95, 0.88, 0.9),
                    1000.0 / (0.8 * 0.95 * 0.88 * 0.9), rtol=1e-14)
    uses = [systems.UseEnergy("chauffage", {"gaz": 1000.0}),
            systems.UseEnergy("eclairage", {"electricite": 100.0})]
    pe = systems.primary_energy_kwh(uses, {"gaz": 1.0, "electricite": 2.58})
    assert_allclose([pe["chauffage"], pe["eclairage"]], [1000.0, 258.0], rtol=1e-14)
    with pytest.raises(InputError, match="facteur d'énergie primaire absent"):
        systems.primary_energy_kwh(uses, {"gaz": 1.0})
    with pytest.raises(InputError, match="non positif"):
        systems.final_energy_kwh(10.0, 0.0)
    with pytest.raises(InputError, match="besoin négatif"):
        systems.final_energy_kwh(-1.0, 0.9)


def test_efficiency_table_loads_and_is_bounded():
    table = systems._efficiency_table()
    assert len(table) >= 30 and all(0 < v <= 1 for v in table.values())
    assert systems.default_efficiency("distribution", "aucun_reseau") == 1.0
    with pytest.raises(InputError, match="rendement par défaut inconnu"):
        systems.default_efficiency("emission", "cheminee")


def test_storage_loss_analytic():
    assert_allclose(systems.storage_loss_kwh(2.0), 2.0 * 35.0 * 8760 / 1000, rtol=1e-14)
    with pytest.raises(InputError):
        systems.storage_loss_kwh(-1.0)


def test_energy_uses_shared_by_both_engines_analytic():
    # One systems chain: heating final = need / Π efficiencies; auxiliaries = pump power ×
    # heating hours + fans × 8760 h; both APIs import the same function.
    from tests.iso52016.test_api import _demo

    import perfqual.thcex_api as thcex_api
    from perfqual.api import energy_uses
    from perfqual.models.conventions import ISO52016_CONVENTIONS

    assert thcex_api.energy_uses is energy_uses
    _, buildings, _ = _demo()
    b = buildings[0]
    notes: list[str] = []
    uses = {u.use: u for u in energy_uses(b, 10_000.0, 3_000.0, 0.0, ISO52016_CONVENTIONS,
                                          "H1a", 45.0, notes)}
    h = b.heating
    expected = 10_000.0 / (h.generation_efficiency * h.emission_efficiency
                           * h.distribution_efficiency * h.control_efficiency)
    assert abs(uses["chauffage"].final_kwh[h.carrier] - expected) < 1e-9 * expected
    aux = (h.auxiliary_power_w * 3_000.0 + b.ventilation.fan_power_w * 8760.0) / 1000.0
    assert abs(uses["auxiliaires"].final_kwh["electricite"] - aux) < 1e-12 * max(aux, 1.0)
    assert uses["refroidissement"].final_kwh == {}
