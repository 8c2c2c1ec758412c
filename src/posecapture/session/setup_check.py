"""Can the camera see what this exercise needs? The setup check, frame by frame.

A reading taken with the body half out of the picture, from the wrong side or in
the dark is a wrong number, so before the reps start the engine waits until
this check finds nothing to fix for ``SetupThresholds.steady_s`` in a row, and
tells the family what to fix meanwhile (``posecapture.session.events.SETUP_HINTS``).
All the thresholds live in ``SetupThresholds``; docs/session-engine.md explains
each one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.angles import FRONTAL_VIEWS, SAGITTAL_VIEWS
from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX
from posecapture.measurement import MeasurementFrame


@dataclass(frozen=True)
class SetupThresholds:
    """Limits of the setup check (judgement, not fitted to any clip).

    ``min_brightness``: mean luma (0-255) below which MediaPipe's landmarks get
    noisy and drop out; a dim living room at night is around 30-50.
    ``min_body_height``: the body's height as a share of the picture below which
    the child is asked to come closer. It follows ``benchmarks/small_person.py``:
    with the zoomed search (``posecapture.pose.zoom``) a child is found in at least
    90% of frames down to 12% of a 1280x720 picture's height and 15% of a 640x480
    one (the app's camera), and the angles stay within about 2 degrees (median) of
    the full-size ones down to 20-25% (a 640x480 picture has fewer pixels for the
    same share); below that they drift further. So the child is asked to come
    closer from 25%, before accuracy suffers, and is still found (and told so)
    well below it, rather than told that nobody is there.
    ``max_body_height``: a body this tall or taller that does not fit the picture
    needs a step back rather than a move sideways.
    ``target_body_height``: the height of the outline the setup screen asks the child
    to fill, well inside the two limits (room for arms raised overhead below the top).
    ``steady_s``: how long everything must stay right before the countdown, so
    a child walking through a good spot does not start the exercise.
    """

    min_brightness: float = 40.0
    min_body_height: float = 0.25
    max_body_height: float = 0.85
    target_body_height: float = 0.6
    steady_s: float = 1.0


# The joints (without their side) each metric is measured from, so the setup
# check asks for exactly what the angle needs: a raised arm may leave the top of
# the picture without spoiling the shoulder angle, and hips hidden behind a table
# do not matter for a neck stretch.
METRIC_JOINTS: dict[str, tuple[str, ...]] = {
    "shoulder_elevation": ("shoulder", "elbow"),
    "shoulder_flexion": ("shoulder", "elbow"),
    "shoulder_abduction": ("shoulder", "elbow"),
    "elbow_flexion": ("shoulder", "elbow", "wrist"),
    "hip_flexion": ("hip", "knee"),
    "hip_abduction": ("hip", "knee"),
    "knee_flexion": ("hip", "knee", "ankle"),
    "trunk_flexion": ("shoulder", "hip"),
    "trunk_lateral_flexion": ("shoulder", "hip"),
    "trunk_lean_lateral": ("shoulder", "hip"),
    "trunk_lean_forward": ("shoulder", "hip"),
    "pelvic_obliquity": ("hip",),
    "head_tilt": ("shoulder", "ear"),
    "head_rotation": ("shoulder", "ear"),
    "head_flexion": ("shoulder", "ear"),
    "head_lateral_shift": ("shoulder", "ear"),
}
# Other posture angles (shoulder elevation asymmetry) need the shoulders, and the
# nose is always asked for.
_DEFAULT_JOINTS = ("shoulder",)
_NOSE = INDEX["nose"]


def joints_for(metric_id: str) -> tuple[str, ...]:
    """The joints (without side) that angle ``metric_id`` is measured from."""
    base = metric_id.removeprefix("left_").removeprefix("right_")
    return METRIC_JOINTS.get(base, _DEFAULT_JOINTS)


def _side_seen(seen_row: NDArray[np.bool_], joints: tuple[str, ...], side: str) -> bool:
    return all(bool(seen_row[INDEX[f"{side}_{joint}"]]) for joint in joints)


def check_setup(
    frame: MeasurementFrame,
    *,
    view: str,
    body: str,
    side: str,
    joints: tuple[str, ...],
    thresholds: SetupThresholds,
) -> tuple[str, ...]:
    """The problems to fix (codes of ``SETUP_HINTS``), empty when all is well.

    ``view`` is the view the exercise needs ("front" or "side"); any view the
    measurement core reads that plane from passes (an oblique view serves both),
    and a view it could not decide ("unknown") is not held against the child.
    ``body`` is "whole" (head to feet must be inside the picture) or "upper".
    ``joints`` (without side, see ``joints_for``) must be seen, with the nose:
    on both sides from the front, on the measured ``side`` from the side.
    """
    q = frame.quality
    if not q.person_found:
        return ("no_person",)
    problems: list[str] = []
    if q.brightness < thresholds.min_brightness:
        problems.append("more_light")
    if q.in_frame and q.body_height_frac < thresholds.min_body_height:
        # All of a small body is in the picture: the child is far away. Coming closer is
        # the first thing to do; a joint not seen and a view not made out at this
        # distance are checked again once they have.
        problems.append("come_closer")
        return tuple(problems)
    if view == "side" and q.view not in (*SAGITTAL_VIEWS, "unknown"):
        problems.append("turn_sideways")
    elif view == "front" and q.view not in (*FRONTAL_VIEWS, "unknown"):
        problems.append("face_camera")

    row = frame.landmarks_px
    seen_row = seen(row) if row is not None else np.zeros(len(INDEX), dtype=bool)
    left, right = _side_seen(seen_row, joints, "left"), _side_seen(seen_row, joints, "right")
    if view == "front":
        needed_seen, other_seen = left and right, False
    elif side in ("left", "right"):
        needed_seen = left if side == "left" else right
        other_seen = right if side == "left" else left
    else:
        needed_seen, other_seen = left or right, False
    in_picture = q.in_frame if body == "whole" else needed_seen or other_seen
    fits = in_picture and bool(seen_row[_NOSE])
    if not fits:
        too_big = q.body_height_frac >= thresholds.max_body_height
        problems.append("step_back" if too_big and body == "whole" else "body_not_in_frame")
    elif not needed_seen:
        problems.append("show_other_side" if other_seen else "body_not_in_frame")
    if fits and q.body_height_frac < thresholds.min_body_height:
        problems.append("come_closer")
    return tuple(problems)
