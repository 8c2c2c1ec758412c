"""Hand-built session results for the store and recorder tests (no camera, no MediaPipe)."""

from __future__ import annotations

import numpy as np

from posecapture.session.results import ExerciseResult, RepResult


def rep(number: int = 1, *, peak: float = 150.0, side: str = "right") -> RepResult:
    """A completed rep of reach_to_the_sky; ``peak`` may be NaN (not measurable)."""
    return RepResult(
        exercise_id="reach_to_the_sky",
        side=side,
        rep=number,
        metric_id=f"{side}_shoulder_flexion",
        peak_deg=peak,
        time_held_s=5.0,
        target_deg=150.0,
        completed=True,
        quality={"valid_share": 0.9, "ended": "held"},
        started_s=10.0 * number,
        ended_s=10.0 * number + 6.0,
    )


def exercise_result(
    *, frames: int = 12, best: float = 152.5, median: float = 148.0, side: str = "right"
) -> ExerciseResult:
    """An exercise result with landmark series whose values are known (and one NaN frame)."""
    rng = np.random.default_rng(7)
    landmarks = rng.uniform(0, 1280, size=(frames, 33, 4))
    landmarks[..., 3] = rng.uniform(0, 1, size=(frames, 33))  # visibility
    landmarks[0] = np.nan  # nobody in the first frame
    return ExerciseResult(
        exercise_id="reach_to_the_sky",
        side=side,
        metric_id=f"{side}_shoulder_flexion",
        reps_planned=3,
        reps_done=2,
        best_deg=best,
        median_deg=median,
        rom={"max_deg": 155.0, "min_deg": float("nan")},
        posture={"head_tilt": {"median_deg": 4.0}},
        movement={},
        quality={"valid_share": 0.75},
        timestamps_s=np.arange(frames) / 30.0,
        landmarks_px=landmarks,
        raw_px=landmarks + 0.5,
        world_m=rng.normal(size=(frames, 33, 3)),
        target_deg=150.0,
        window_low=135.0,
        window_high=180.0,
    )
