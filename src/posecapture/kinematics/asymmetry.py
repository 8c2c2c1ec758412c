"""Left/right asymmetry of every paired range-of-motion angle.

Dystonia is often worse on one side; the simplest number a team can follow across
weeks is how far one side reaches compared with the other. Each side's reach is its
peak angle over the clip (the neutral-zero convention makes the peak the range of
motion), and the index is ``100 * (right - left) / max(|right|, |left|)``: 0 for
equal sides, positive when the right side reached further, +-100 when one side did
not move at all. Unlike the classic symmetry index, which divides by the mean, it
stays within +-100 and does not blow up when the mean is near zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from posecapture.landmarks import FloatArray
from posecapture.measurement import ROM_ANGLE_IDS

# Sides that both moved less than this are too still to compare: the index of two
# landmark-jitter readings says nothing.
MIN_PEAK_DEG = 10.0
MIN_FRAMES = 3

PAIRED_JOINTS: tuple[str, ...] = tuple(
    angle_id.removeprefix("left_")
    for angle_id in ROM_ANGLE_IDS
    if angle_id.startswith("left_") and f"right_{angle_id.removeprefix('left_')}" in ROM_ANGLE_IDS
)


def _peak(values: FloatArray | None) -> tuple[float | None, int]:
    if values is None:
        return None, 0
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size < MIN_FRAMES:
        return None, int(finite.size)
    return float(finite.max()), int(finite.size)


def asymmetry(angles: Mapping[str, FloatArray]) -> dict[str, dict[str, object]]:
    """Per paired joint (e.g. ``shoulder_flexion``): each side's peak and the asymmetry index."""
    out: dict[str, dict[str, object]] = {}
    for joint in PAIRED_JOINTS:
        left, left_frames = _peak(angles.get(f"left_{joint}"))
        right, right_frames = _peak(angles.get(f"right_{joint}"))
        entry: dict[str, object] = {
            "left_peak_deg": left,
            "right_peak_deg": right,
            "left_valid_frames": left_frames,
            "right_valid_frames": right_frames,
            "index_pct": None,
            "reason": None,
        }
        if left is None or right is None:
            entry["reason"] = "One side was not measured in enough frames to compare."
        elif max(abs(left), abs(right)) < MIN_PEAK_DEG:
            entry["reason"] = (
                f"Both sides moved less than {MIN_PEAK_DEG:.0f} degrees: too little to compare."
            )
        else:
            entry["index_pct"] = 100.0 * (right - left) / max(abs(right), abs(left))
        out[joint] = entry
    return out
