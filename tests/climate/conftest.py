"""Fixtures of the climate tests: one synthetic year per session (built in ~0.1 s)."""

from __future__ import annotations

import pytest

from perfqual.climate.synthetic import zone_climate


@pytest.fixture(scope="session")
def lille():
    """Default climate of the mining basin (Lille-Lesquin), 50 m."""
    return zone_climate("H1a-bassin-minier", 50.0)
