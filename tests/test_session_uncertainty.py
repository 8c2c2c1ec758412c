"""A stored exercise result says how sure its numbers are: each rep's peak brings the
90% half-width of the frame that set it, and the session values carry theirs."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from posecapture.session.results import RepResult
from posecapture.session.summary import summarize_exercise
from test_engine import GOOD, exercise, frame


def _rep(n: int, peak: float, start: float, end: float) -> RepResult:
    return RepResult(
        exercise_id="reach",
        side="left",
        rep=n,
        metric_id="left_shoulder_flexion",
        peak_deg=peak,
        time_held_s=2.0,
        target_deg=150.0,
        completed=True,
        quality={"ended": "held"},
        started_s=start,
        ended_s=end,
    )


def test_session_values_carry_the_half_width_at_each_reps_peak() -> None:
    # Rep 1 peaks at 150 (frame at t=1, ±6), rep 2 at 160 (t=3, ±20); a wide frame that
    # is not a peak (t=2, ±50) must not leak into either.
    series = [(0.0, 100.0, 4.0), (1.0, 150.0, 6.0), (2.0, 120.0, 50.0), (3.0, 160.0, 20.0)]
    frames = [
        replace(
            frame(t, {"left_shoulder_flexion": v}, GOOD),
            uncertainty={"left_shoulder_flexion": pm},
        )
        for t, v, pm in series
    ]
    reps = [_rep(1, 150.0, 0.0, 1.5), _rep(2, 160.0, 1.5, 3.0)]
    result = summarize_exercise(exercise(), "left", frames, reps, status="done")
    assert result.rom["best_pm"] == 20.0  # the best rep is the 160
    assert result.rom["median_pm"] == 13.0  # median of 6 and 20
    assert result.rom["max_pm"] == 20.0 and result.rom["min_pm"] == 4.0


def test_without_half_widths_the_result_says_none_not_zero() -> None:
    frames = [frame(t, {"left_shoulder_flexion": 150.0}, GOOD) for t in np.arange(0, 1, 0.1)]
    result = summarize_exercise(
        exercise(), "left", frames, [_rep(1, 150.0, 0.0, 1.0)], status="done"
    )
    assert result.rom["median_pm"] is None and result.rom["best_pm"] is None
    assert result.rom["max_pm"] is None
    assert not math.isnan(result.best_deg)
