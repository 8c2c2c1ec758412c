"""How far each angle of a frame can be trusted: the half-width of a 90% interval.

One camera places a joint in the picture to within a few pixels, and its depth
far less well (docs/angles.md). An angle's uncertainty therefore depends on the
frame: a long, well-seen limb lying flat in the picture gives a tight angle, the
same limb pointing at the camera a loose one, because there the angle rests on
MediaPipe's depth. Rather than a table of cases, the uncertainty is propagated:
each joint the angles use is nudged in x, y and depth, the angles are measured
again (``angles.angles_from_points``), and the changes are combined with the
size of the errors MediaPipe makes in the picture and in depth:

    sigma^2 = sum over joints and axes of (d angle / d coordinate)^2 * noise^2

with picture noise ``PICTURE_NOISE_M`` (at the body's own scale, so it shrinks with
the person in pixels) plus a floor of ``PICTURE_NOISE_PX`` pixels (a small child far
away gets wider intervals), divided by the joint's visibility (a doubtful joint is
placed less well), and depth noise ``DEPTH_NOISE_M``. The two noise levels are the
only numbers fitted: on the Pose2Sim reference clips (cam01, cam03) so that the 90%
interval holds the reference angle in 90% of frames (``benchmarks/accuracy_pose2sim.py``
prints the coverage per camera view; docs/angles.md has the figures).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.angles import angles_from_points, body_points, pixels_per_metre
from posecapture.kinematics.posture import posture_uncertainty
from posecapture.kinematics.visibility import VISIBILITY_MIN, seen
from posecapture.landmarks import INDEX, FloatArray

# The normal distribution's 95th percentile: a two-sided 90% interval is +-1.645 sigma.
Z90 = 1.645
# Calibrated noise levels (module docstring). PICTURE_NOISE_PX is not fitted: a point
# cannot be placed better than about a pixel of the model's own input.
PICTURE_NOISE_M = 0.05
PICTURE_NOISE_PX = 2.0
DEPTH_NOISE_M = 0.02
# A range-of-motion angle whose 90% interval is wider than this says nothing a
# therapist could use (the linear propagation also breaks down near a straight line's
# poles, giving "191 +-147"): it is withheld, like a joint the camera cannot see.
ROM_MAX_PM_DEG = 60.0
# The nudge used to measure each angle's sensitivity (pixels): small against any limb.
_NUDGE_PX = 0.5
# The joints the range-of-motion angles are measured from.
_JOINTS: tuple[int, ...] = tuple(
    INDEX[f"{side}_{joint}"]
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
    for side in ("left", "right")
)


def rom_uncertainty(image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
    """Half-width (degrees) of the 90% interval of every range-of-motion angle (F,) per id.

    Computed for every frame whose points are placed, whether or not the angle is
    measured there; ``angle_uncertainty`` blanks it where the angle is NaN.
    """
    frames = image.shape[0]
    p = body_points(image, world)
    vis = seen(image)
    scale = pixels_per_metre(image, world)
    picture = np.hypot(PICTURE_NOISE_PX, PICTURE_NOISE_M * scale)  # (F,)
    depth = DEPTH_NOISE_M * scale
    with np.errstate(invalid="ignore"):
        confidence = np.clip(image[:, _JOINTS, 3], VISIBILITY_MIN, 1.0)  # (F, J)

    nudged = [p]
    for j in _JOINTS:
        for axis in range(3):
            q = p.copy()
            q[:, j, axis] += _NUDGE_PX
            nudged.append(q)
    stacked = np.concatenate(nudged)
    measured = angles_from_points(stacked, np.tile(vis, (len(nudged), 1)))

    out: dict[str, FloatArray] = {}
    for angle_id, values in measured.items():
        v = values.reshape(len(nudged), frames)
        change = v[1:] - v[0]
        change = (change + 180.0) % 360.0 - 180.0  # across the -180/180 seam
        slope = np.nan_to_num(change / _NUDGE_PX).reshape(len(_JOINTS), 3, frames)
        noise = np.stack([picture, picture, depth])[None] / confidence.T[:, None, :]  # (J, 3, F)
        sigma = np.sqrt(np.sum((slope * noise) ** 2, axis=(0, 1)))
        out[angle_id] = Z90 * sigma
    return out


def angle_uncertainty(
    image: FloatArray,
    world: FloatArray,
    views: NDArray[np.str_],
    angles: dict[str, FloatArray],
    height_px: int,
) -> dict[str, FloatArray]:
    """Half-width (degrees) of the 90% interval of each angle in ``angles``, per frame (F,).

    NaN exactly where the angle itself is NaN. ``image`` (F, 33, 4), ``world`` (F, 33, 3),
    ``views`` (F,) from ``detect_view``; ``height_px`` the picture's height (person size).
    """
    known = {**rom_uncertainty(image, world), **posture_uncertainty(image, world)}
    out: dict[str, FloatArray] = {}
    for k, v in angles.items():
        pm = known.get(k, np.full(len(v), np.nan))
        out[k] = np.where(np.isfinite(v), pm, np.nan)
    return out


def withhold_unsure(
    angles: dict[str, FloatArray], pm: dict[str, FloatArray]
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """``angles`` and their half-widths ``pm`` with every value whose interval is wider than
    ``ROM_MAX_PM_DEG`` set to NaN in both (posture angles withhold their own, narrower)."""
    kept_angles, kept_pm = {}, {}
    for k, v in angles.items():
        width = pm.get(k, np.full(len(v), np.nan))
        with np.errstate(invalid="ignore"):
            unsure = width > ROM_MAX_PM_DEG
        kept_angles[k] = np.where(unsure, np.nan, v)
        kept_pm[k] = np.where(unsure, np.nan, width)
    return kept_angles, kept_pm
