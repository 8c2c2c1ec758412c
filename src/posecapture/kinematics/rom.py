"""Range-of-motion summary of one angle over a clip or an exercise.

The maximum of a noisy series is set by its worst frame; a therapist wants the
position the child actually reached and held. ``peak_sustained`` is the highest
value the angle stayed at or above for ``hold_s`` seconds without a break, so one
wrong frame (a mislabelled limb, a blurred arm) cannot make a record.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import FloatArray

HOLD_S = 0.3


def frame_durations(timestamps_s: FloatArray) -> FloatArray:
    """How long each frame stands for: until the next frame (the last: the median interval)."""
    if len(timestamps_s) < 2:
        return np.zeros(len(timestamps_s))
    gaps = np.diff(timestamps_s)
    return np.append(gaps, np.median(gaps))


def peak_sustained(values: FloatArray, timestamps_s: FloatArray, hold_s: float = HOLD_S) -> float:
    """The highest level held for ``hold_s`` seconds of consecutive valid frames; NaN if none."""
    durations = frame_durations(timestamps_s)
    valid = np.isfinite(values)
    best = np.nan
    n = len(values)
    for start in range(n):
        if not valid[start]:
            continue
        covered = 0.0
        end = start
        while end < n and valid[end]:
            covered += durations[end]
            if covered >= hold_s - 1e-9:
                level = float(np.min(values[start : end + 1]))
                best = level if np.isnan(best) else max(best, level)
                break
            end += 1
    return best


def _number(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def summarize_rom(
    values: FloatArray, timestamps_s: FloatArray, hold_s: float = HOLD_S
) -> dict[str, float | int | None]:
    """``min``, ``max``, ``range``, ``peak_sustained`` (degrees, None without valid frames)
    and ``valid_frames`` of one angle series (F,) with its timestamps (F,)."""
    values = np.asarray(values, dtype=np.float64)
    if values.shape != np.shape(timestamps_s):
        raise ValueError(f"values {values.shape} and timestamps {np.shape(timestamps_s)} differ")
    valid = np.isfinite(values)
    if not valid.any():
        return {"min": None, "max": None, "range": None, "peak_sustained": None, "valid_frames": 0}
    low = float(np.min(values[valid]))
    high = float(np.max(values[valid]))
    return {
        "min": low,
        "max": high,
        "range": high - low,
        "peak_sustained": _number(peak_sustained(values, np.asarray(timestamps_s), hold_s)),
        "valid_frames": int(valid.sum()),
    }
