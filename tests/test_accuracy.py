"""Accuracy against the Pose2Sim multi-camera 3D reference (see benchmarks/accuracy_pose2sim.py).

The goal is a median absolute error of 9 degrees or less. Where posecapture does
not reach it yet the case is marked xfail (strict: a fix makes it pass and the
mark must go), and each case still must beat the naive world-landmark method.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import SHARED_DATA, shared_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import accuracy_pose2sim as bench

pytestmark = pytest.mark.slow

# Measured with metric_version 1 (docs/angles.md lists the numbers).
NOT_YET = {
    ("cam01", "elbow", "left"),
    ("cam01", "knee", "left"),
    ("cam01", "knee", "right"),
    ("cam01", "shoulder", "left"),
    ("cam03", "elbow", "right"),
    ("cam03", "knee", "left"),
    ("cam03", "knee", "right"),
    ("cam03", "shoulder", "right"),
}
CASES = [(c, a, s) for c in bench.CAMERAS for a in bench.ANGLES for s in ("left", "right")]


@pytest.fixture(scope="module")
def errors() -> dict[tuple[str, str, str], tuple[float, float, float]]:
    shared_file("ground_truth/pose2sim_balancing_reference_angles_cam01_cam03.csv")
    return bench.evaluate(SHARED_DATA)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="above 9 degrees"))
        if c in NOT_YET
        else c
        for c in CASES
    ],
    ids=lambda c: "-".join(c),
)
def test_median_error_within_9_degrees(errors, case) -> None:
    assert errors[case][0] <= bench.GOAL_DEG


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_error_is_within_two_degrees_of_naive_or_better(errors, case) -> None:
    err, share, naive = errors[case]
    assert share > 0.5
    assert err <= naive + 2.0
