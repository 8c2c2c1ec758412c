"""One exercise on one side, summarised from its frames and its reps.

Pure NumPy over the frames the engine collected; the range of motion comes from
the measurement core (``kinematics.rom.summarize_rom``) and the posture and
movement sections from the dystonia metrics (``kinematics.dystonia.summarize_clip``),
so a stored session carries the same numbers ``posecapture analyze`` gives.

Posture is defined from a still stance or a hold, and tremor is measured during
holds: during a squat or a reach the body is moving on purpose, and its angles say
nothing about a twisted posture. So posture and tremor get only the hold frames,
those whose angle was inside the exercise's target window (what the rep counter
counts as holding; for a still hold such as the statue, the frames held still),
while smoothness and overflow are measured over the whole movement
(docs/session-engine.md, docs/metrics.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from posecapture.exercises import ALL_ANGLE_IDS, Exercise, MeasuredMetric
from posecapture.kinematics.dystonia import summarize_clip
from posecapture.kinematics.rom import summarize_rom
from posecapture.landmarks import N_LANDMARKS, FloatArray
from posecapture.measurement import MeasurementFrame
from posecapture.session.results import ExerciseResult, RepResult


def _stack(frames: Sequence[MeasurementFrame], name: str, columns: int) -> FloatArray:
    out = np.full((len(frames), N_LANDMARKS, columns), np.nan)
    for i, frame in enumerate(frames):
        row = getattr(frame, name)
        if row is not None:
            out[i] = row
    return out


def oriented_series(frames: Sequence[MeasurementFrame], metric: MeasuredMetric) -> FloatArray:
    """The metric over ``frames``, its sign turned toward the side being exercised."""
    return np.array([f.angle(metric.angle_id) for f in frames], dtype=float) * metric.sign


def hold_frames(values: FloatArray, exercise: Exercise) -> NDArray[np.bool_]:
    """Frames whose oriented metric ``values`` lie inside the target window: the holds."""
    with np.errstate(invalid="ignore"):
        inside: NDArray[np.bool_] = (values >= exercise.window_low) & (
            values <= exercise.window_high
        )
    return inside


def peak_pm(timestamps: FloatArray, values: FloatArray, pm: FloatArray, rep: RepResult) -> float:
    """The half-width of the 90% interval at the frame that set the rep's peak; NaN if none."""
    if not math.isfinite(rep.peak_deg):
        return math.nan
    inside = (timestamps >= rep.started_s) & (timestamps <= rep.ended_s)
    at_peak = np.flatnonzero(inside & (values == rep.peak_deg))
    return float(pm[at_peak[0]]) if at_peak.size else math.nan


def reps_pm(
    reps: Sequence[RepResult], pms: Sequence[float], exercise: Exercise
) -> dict[str, float]:
    """``best_pm`` (the best rep's half-width) and ``median_pm`` (the median over the reps
    with a peak) of the session values ``best_deg`` and ``median_deg``."""
    peaks = [(r.peak_deg, w) for r, w in zip(reps, pms, strict=True) if math.isfinite(r.peak_deg)]
    if not peaks:
        return {"best_pm": math.nan, "median_pm": math.nan}
    best = best_of([p for p, _ in peaks], exercise)
    best_pm = next(w for p, w in peaks if p == best)
    return {"best_pm": best_pm, "median_pm": float(np.median([w for _, w in peaks]))}


def best_of(peaks: Sequence[float], exercise: Exercise) -> float:
    """The best rep: the highest peak of a stretch, the peak nearest the target of a still hold."""
    finite = [p for p in peaks if math.isfinite(p)]
    if not finite:
        return math.nan
    if exercise.kind == "hold_still":
        return min(finite, key=lambda p: abs(p - exercise.target_deg))
    return max(finite)


def summarize_exercise(
    exercise: Exercise,
    side: str,
    frames: Sequence[MeasurementFrame],
    reps: Sequence[RepResult],
    *,
    status: str,
) -> ExerciseResult:
    """The ``ExerciseResult`` of ``exercise`` on ``side`` (``status``: done, skipped, stopped)."""
    metric = exercise.measured(side)[0]
    timestamps = np.array([f.t_s for f in frames], dtype=float)
    values = oriented_series(frames, metric)
    pms = np.array([f.pm(metric.angle_id) for f in frames], dtype=float)
    # Every known angle is passed, NaN where no frame measured it: the dystonia
    # summaries look up the head angles by name.
    ids = sorted({key for f in frames for key in f.angles} | set(ALL_ANGLE_IDS))
    angles = {key: np.array([f.angle(key) for f in frames], dtype=float) for key in ids}
    raw_px = _stack(frames, "raw_px", 4)
    landmarks_px = _stack(frames, "landmarks_px", 4)
    world_m = _stack(frames, "world_m", 3)
    views = [f.quality.view for f in frames]
    if frames:
        rom = dict(summarize_rom(values, timestamps, pm=pms))
        widths = reps_pm(reps, [peak_pm(timestamps, values, pms, r) for r in reps], exercise)
        rom.update({k: None if math.isnan(v) else v for k, v in widths.items()})
        posture, movement = summarize_clip(
            angles,
            raw_px,
            landmarks_px,
            world_m,
            timestamps,
            views,
            hold_mask=hold_frames(values, exercise),
        )
    else:
        rom, posture, movement = {}, {}, {}
    peaks = [r.peak_deg for r in reps]
    finite = [p for p in peaks if math.isfinite(p)]
    valid = int(np.isfinite(values).sum())
    quality: dict[str, object] = {
        "frames": len(frames),
        "valid_share": valid / len(frames) if frames else 0.0,
        "view": Counter(views).most_common(1)[0][0] if views else "unknown",
        "reps_timed_out": sum(1 for r in reps if r.quality.get("ended") == "timeout"),
        "sign": metric.sign,
    }
    return ExerciseResult(
        exercise_id=exercise.id,
        side=side,
        metric_id=metric.angle_id,
        reps_planned=exercise.reps,
        reps_done=sum(1 for r in reps if r.completed),
        best_deg=best_of(peaks, exercise),
        median_deg=float(np.median(finite)) if finite else math.nan,
        rom=dict(rom),
        posture=dict(posture),
        movement=dict(movement),
        quality=quality,
        timestamps_s=timestamps,
        landmarks_px=landmarks_px,
        raw_px=raw_px,
        world_m=world_m,
        target_deg=exercise.target_deg,
        window_low=exercise.window_low,
        window_high=exercise.window_high,
        status=status,
        reps=tuple(reps),
    )
