"""What the measurement stage hands to the session engine and the app, frame by frame.

The live path (app, ``session run``) and the batch path (``analyze``) produce
the same numbers: both feed frames through ``posecapture.analysis.LiveMeasurer``
(see docs/architecture.md, also for where MediaPipe's tracking differs). A value
that cannot be measured is NaN here and null in JSON, decided from visibility and
camera view, never by catching an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

View = Literal["front", "side", "oblique", "unknown"]

# Range-of-motion angles (neutral-zero convention, degrees); see docs/angles.md.
_PAIRED_JOINTS = (
    "shoulder_elevation",
    "shoulder_flexion",
    "shoulder_abduction",
    "elbow_flexion",
    "hip_flexion",
    "hip_abduction",
    "knee_flexion",
)
ROM_ANGLE_IDS: tuple[str, ...] = (
    *(f"{side}_{joint}" for joint in _PAIRED_JOINTS for side in ("left", "right")),
    "trunk_flexion",
    "trunk_lateral_flexion",
)

# Posture angles (docs/metrics.md): head and trunk against the shoulders or gravity.
POSTURE_ANGLE_IDS: tuple[str, ...] = (
    "head_tilt",
    "head_rotation",
    "head_flexion",
    "head_lateral_shift",
    "shoulder_elevation_asymmetry",
    "trunk_lean_lateral",
    "trunk_lean_forward",
    "pelvic_obliquity",
)


@dataclass(frozen=True)
class FrameQuality:
    """How far one frame can be trusted, and what a parent should fix if it cannot.

    ``visible_fraction``: share of the body's main joints (shoulders, elbows,
    wrists, hips, knees, ankles) seen with enough visibility. ``in_frame``: the
    whole body lies inside the picture with a margin. ``body_height_frac``: the
    body's height as a share of the picture's (a distance cue: too small is too
    far away). ``brightness``: mean luma 0-255 of the picture (light).
    """

    person_found: bool
    visible_fraction: float
    in_frame: bool
    view: View
    body_height_frac: float
    brightness: float


@dataclass(frozen=True)
class MeasurementFrame:
    """Angles and quality of one frame, with the cleaned landmarks for drawing."""

    index: int
    t_s: float
    angles: Mapping[str, float]
    quality: FrameQuality
    # Cleaned landmarks of this frame, None without a person:
    landmarks_px: NDArray[np.float64] | None = None  # (33, 4) gated, swap-repaired, filtered
    raw_px: NDArray[np.float64] | None = None  # (33, 4) gated, swap-repaired, NOT filtered (tremor)
    world_m: NDArray[np.float64] | None = None  # (33, 3) metres
    extra: Mapping[str, object] = field(default_factory=dict)
    # Half-width (degrees) of each angle's 90% interval (kinematics.uncertainty).
    uncertainty: Mapping[str, float] = field(default_factory=dict)

    def angle(self, angle_id: str) -> float:
        """The angle in degrees, NaN where it was not measurable in this frame."""
        return float(self.angles.get(angle_id, np.nan))

    def pm(self, angle_id: str) -> float:
        """The half-width of the angle's 90% interval in degrees, NaN where not measured."""
        return float(self.uncertainty.get(angle_id, np.nan))
