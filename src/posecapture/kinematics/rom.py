"""Range-of-motion summary of one angle over a clip or an exercise.

The maximum of a noisy series is set by its worst frame; a therapist wants the
position the child actually reached and held. ``peak_sustained`` is the highest
value the angle stayed at or above for ``hold_s`` seconds without a break, so one
wrong frame (a mislabelled limb, a blurred arm) cannot make a record.

The raw ``max`` stays in the summary (a fast swing really does pass through it),
but ``max_brief`` says when it was only a passing moment: more than
``BRIEF_MARGIN_DEG`` above anything held for ``hold_s``. A therapist should not
read such a maximum as a range the child has, and one wrong frame looks exactly
like that.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import FloatArray

HOLD_S = 0.3
# A held position wobbles by a few degrees (filtered jitter is under 1 degree per
# frame, slow sway 2-5); a maximum further than this above the held peak was passing.
BRIEF_MARGIN_DEG = 10.0


def frame_durations(timestamps_s: FloatArray) -> FloatArray:
    """How long each frame stands for: until the next frame (the last: the median interval)."""
    if len(timestamps_s) < 2:
        return np.zeros(len(timestamps_s))
    gaps = np.diff(timestamps_s)
    return np.append(gaps, np.median(gaps))


def peak_sustained(values: FloatArray, timestamps_s: FloatArray, hold_s: float = HOLD_S) -> float:
    """The highest level held for ``hold_s`` seconds of consecutive valid frames; NaN if none."""
    return held_peak(values, timestamps_s, hold_s)[0]


def held_peak(
    values: FloatArray, timestamps_s: FloatArray, hold_s: float = HOLD_S
) -> tuple[float, slice]:
    """``peak_sustained`` and the frames that held it (an empty slice when none did)."""
    durations = frame_durations(timestamps_s)
    valid = np.isfinite(values)
    best = np.nan
    where = slice(0, 0)
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
                if np.isnan(best) or level > best:
                    best, where = level, slice(start, end + 1)
                break
            end += 1
    return best, where


def _number(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def summarize_rom(
    values: FloatArray,
    timestamps_s: FloatArray,
    hold_s: float = HOLD_S,
    pm: FloatArray | None = None,
) -> dict[str, float | int | bool | None]:
    """``min``, ``max``, ``range``, ``peak_sustained`` (degrees, None without valid frames),
    ``max_brief`` and ``valid_frames`` of one angle series (F,) with its timestamps (F,).

    ``max_brief`` is True when the maximum was reached only for a moment (nothing held
    within ``BRIEF_MARGIN_DEG`` of it for ``hold_s``), False when it was held, and None
    when it cannot be told: no valid frame, or a series shorter than ``hold_s`` (a photo).

    With ``pm`` (F,), the half-widths of each frame's 90% interval
    (``kinematics.uncertainty``), the summary also says how sure each number is:
    ``min_pm`` and ``max_pm`` are the half-widths at the frames that set the minimum and
    maximum, ``peak_sustained_pm`` the widest half-width over the frames that held the
    peak (the held level is as unsure as its least sure frame). Missing half-widths are
    None. The errors of neighbouring frames are not independent (one depth guess
    persists over a hold), so nothing is narrowed by averaging frames.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.shape != np.shape(timestamps_s):
        raise ValueError(f"values {values.shape} and timestamps {np.shape(timestamps_s)} differ")
    if pm is not None and np.shape(pm) != values.shape:
        raise ValueError(f"values {values.shape} and half-widths {np.shape(pm)} differ")
    valid = np.isfinite(values)
    if not valid.any():
        empty: dict[str, float | int | bool | None] = {
            "min": None,
            "max": None,
            "range": None,
            "peak_sustained": None,
            "max_brief": None,
            "valid_frames": 0,
        }
        if pm is not None:
            empty.update(min_pm=None, max_pm=None, peak_sustained_pm=None)
        return empty
    timestamps = np.asarray(timestamps_s, dtype=np.float64)
    masked = np.where(valid, values, np.nan)
    lowest = int(np.nanargmin(masked))
    highest = int(np.nanargmax(masked))
    low, high = float(values[lowest]), float(values[highest])
    held, held_frames = held_peak(values, timestamps, hold_s)
    brief: bool | None = None
    if frame_durations(timestamps).sum() >= hold_s - 1e-9:
        brief = bool(np.isnan(held) or high - held > BRIEF_MARGIN_DEG)
    out: dict[str, float | int | bool | None] = {
        "min": low,
        "max": high,
        "range": high - low,
        "peak_sustained": _number(held),
        "max_brief": brief,
        "valid_frames": int(valid.sum()),
    }
    if pm is not None:
        widths = np.asarray(pm, dtype=np.float64)
        window = widths[held_frames]
        out["min_pm"] = _number(float(widths[lowest]))
        out["max_pm"] = _number(float(widths[highest]))
        out["peak_sustained_pm"] = (
            _number(float(window.max())) if window.size and np.isfinite(window).all() else None
        )
    return out
