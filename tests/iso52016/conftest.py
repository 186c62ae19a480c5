"""Fixtures of the EN ISO 52016-1 engine tests."""

from __future__ import annotations

import numpy as np
import pytest
from tests.iso52016.helpers import N_HOURS


@pytest.fixture
def weather():
    """A year of synthetic but varied weather (deterministic)."""
    t = np.arange(N_HOURS)
    theta_e = 10.0 - 9.0 * np.cos(2 * np.pi * t / N_HOURS) + 4.0 * np.sin(2 * np.pi * t / 24)
    sun = np.maximum(0.0, np.sin(2 * np.pi * (t % 24 - 6) / 24)) * (
        350.0 - 150.0 * np.cos(2 * np.pi * t / N_HOURS))
    return theta_e, sun
