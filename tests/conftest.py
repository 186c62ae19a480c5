"""Shared test fixtures: paths to the repository datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
SHARED = REPO.parent / "shared"  # material beside the checkout; never required by default tests


@pytest.fixture
def datasets_dir() -> Path:
    """The repository's ``datasets/`` folder."""
    return DATASETS
