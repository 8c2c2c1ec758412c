"""Shared fixtures: where the real clips live, and skipping cleanly when they do not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The real clips live beside the repository (never copied into it); CI clones the
# repository next to ../shared. POSECAPTURE_SHARED_DATA overrides the location.
SHARED_DATA = Path(
    os.environ.get(
        "POSECAPTURE_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def shared_file(relative: str) -> Path:
    """Path of a file in the shared data folder; skips the test with the reason if absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"shared data file {relative} not found under {SHARED_DATA}")
    return path


@pytest.fixture
def artifacts_dir() -> Path:
    """Folder for screenshots and rendered pages that a person looks at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
