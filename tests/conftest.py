"""Shared test fixtures: paths to the repository datasets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
SHARED = REPO.parent / "shared"  # material beside the checkout; never required by default tests


@pytest.fixture
def datasets_dir() -> Path:
    """The repository's ``datasets/`` folder."""
    return DATASETS

# Shared test helpers (tests/perfqual_test_support.py) are importable from every test module.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
