"""Accuracy against the Pose2Sim multi-camera 3D reference (see benchmarks/accuracy_pose2sim.py).

The goal is a median absolute error of 9 degrees or less. Where posecapture does
not reach it the case is marked xfail (strict: a fix makes it pass and the mark
must go) with the error measured and its main cause; docs/angles.md gives the
evidence. Every case still must beat the naive world-landmark method.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import SHARED_DATA, shared_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import accuracy_pose2sim as bench

pytestmark = pytest.mark.slow

# Measured with metric_version 5. The cause named is the larger part of the error by the
# decomposition in docs/angles.md ("Fourth round").
NOT_YET = {
    ("cam01", "elbow", "left"): "12.4: MediaPipe's depth turns the forearm the wrong way",
    ("cam01", "knee", "left"): "13.2: MediaPipe's depth flattens the bend (depth alone 11.5)",
    ("cam01", "knee", "right"): "12.2: MediaPipe's depth flattens the bend (depth alone 12.4)",
    ("cam01", "shoulder", "left"): "13.5: MediaPipe gives half of the arm's depth slope",
    ("cam03", "elbow", "right"): "18.3: arm in front of the body from behind, 34 deg out of plane",
    ("cam03", "knee", "left"): "22.6: MediaPipe's depth flattens the bend (depth alone 15.3)",
    ("cam03", "knee", "right"): "12.7: depth and picture alike (7.0 and 6.3 alone)",
    ("cam03", "shoulder", "right"): "18.4: arm in front of the body seen from behind",
}
# Worse than the naive method by more than 2 degrees: the partly hidden right arm, in front
# of the body seen from behind, is read flat in 39% of frames (15.3 in 3D only).
WORSE_THAN_NAIVE = {("cam03", "shoulder", "right"): "18.4 against 15.3 naive"}
CASES = [(c, a, s) for c in bench.CAMERAS for a in bench.ANGLES for s in ("left", "right")]


@pytest.fixture(scope="module")
def evaluated() -> tuple[dict[tuple[str, str, str], bench.CaseResult], bench.Frames]:
    shared_file("ground_truth/pose2sim_balancing_reference_angles_cam01_cam03.csv")
    return bench.evaluate(SHARED_DATA)


@pytest.fixture(scope="module")
def errors(evaluated) -> dict[tuple[str, str, str], bench.CaseResult]:
    return evaluated[0]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=f"median error {NOT_YET[c]}"))
        if c in NOT_YET
        else c
        for c in CASES
    ],
    ids=lambda c: "-".join(c),
)
def test_median_error_within_9_degrees(errors, case) -> None:
    assert errors[case].error <= bench.GOAL_DEG


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=WORSE_THAN_NAIVE[c]))
        if c in WORSE_THAN_NAIVE
        else c
        for c in CASES
    ],
    ids=lambda c: "-".join(c),
)
def test_error_is_within_two_degrees_of_naive_or_better(errors, case) -> None:
    result = errors[case]
    assert result.measured > 0.5
    assert result.error <= result.naive + 2.0


def test_all_frames_are_no_worse_than_the_3d_only_estimate(errors) -> None:
    ours = np.mean([r.error for r in errors.values()])
    three_d = np.mean([r.three_d for r in errors.values()])
    assert ours <= three_d + 0.25


def test_bends_across_the_picture_reach_what_a_picture_angle_can(evaluated) -> None:
    frames = evaluated[1]
    band = bench.in_band(frames, 0.0, 40.0)
    assert band.sum() > 80
    ours = np.median(np.array(frames.error)[band])
    assert ours <= 0.6 * np.median(np.array(frames.three_d)[band])
    # The reference's own projection into the camera: what a perfect picture angle would err.
    assert ours <= np.median(np.array(frames.projection)[band]) + 1.0


@pytest.mark.xfail(
    strict=True,
    reason="5.3: the reference's own projection is 5.2 from its 3D angle in this band",
)
def test_bends_across_the_picture_are_within_4_degrees(evaluated) -> None:
    frames = evaluated[1]
    band = bench.in_band(frames, 0.0, 40.0)
    assert np.median(np.array(frames.error)[band]) <= bench.IN_PLANE_GOAL_DEG


def _coverage(frames: bench.Frames, mask: np.ndarray) -> float:
    error, pm = np.array(frames.error), np.array(frames.pm)
    return float((error[mask] <= pm[mask]).mean())


@pytest.mark.parametrize(
    "camera",
    [
        pytest.param(
            "cam01",
            marks=pytest.mark.xfail(strict=True, reason="96% covered: cam01's errors are smaller"),
        ),
        pytest.param(
            "cam03",
            marks=pytest.mark.xfail(
                strict=True, reason="81% covered: cam03's knees (MediaPipe flattens them)"
            ),
        ),
    ],
)
def test_90_percent_intervals_cover_the_reference_85_to_95_percent_per_camera(
    evaluated, camera
) -> None:
    frames = evaluated[1]
    mask = np.array(frames.camera) == camera
    assert mask.sum() > 300
    assert 0.85 <= _coverage(frames, mask) <= 0.95


@pytest.mark.parametrize("view", ["front", "oblique"])
def test_90_percent_intervals_cover_the_reference_85_to_95_percent_per_view(
    evaluated, view
) -> None:
    frames = evaluated[1]
    mask = np.array(frames.view) == view
    assert mask.sum() > 100
    assert 0.85 <= _coverage(frames, mask) <= 0.95


@pytest.mark.parametrize("flat", [True, False], ids=["read-flat", "read-in-3d"])
def test_90_percent_intervals_cover_the_reference_85_to_95_percent_per_estimate(
    evaluated, flat
) -> None:
    frames = evaluated[1]
    mask = np.array(frames.flat) == flat
    assert mask.sum() > 100
    assert 0.85 <= _coverage(frames, mask) <= 0.95
