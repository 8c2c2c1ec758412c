"""Posture angles of the head, shoulders, trunk and pelvis, frame by frame.

Dystonia twists the body into postures that range of motion alone misses: a head
tilted or turned, one shoulder pulled up, the trunk leaning. These angles measure
them from BlazePose landmarks (docs/metrics.md has each definition, sign and limit).

BlazePose has no neck or head-centre landmark, so the head is built from what it has:

* the ear line (left ear minus right ear) gives the head's roll and yaw;
* the mid-ear point stands for the head's centre (it lies on the axis the head turns
  about), and the line from the mid-shoulder point to it stands for the neck.

Two references, chosen per angle as clinicians measure them:

* against the body (head on the shoulders or trunk): unchanged when the camera is
  rolled or the child leans, which is what a neck posture should be;
* against gravity (trunk lean, shoulder and pelvis levels): the picture's vertical,
  so the camera must be level. A rolled camera reads as a lean; docs/metrics.md says so.

Every angle is NaN where the camera view cannot show it (frontal-plane angles need
a front or back view, sagittal ones a side view, from ``quality.detect_view``) or a
landmark it needs was not seen. Left and right are the person's own whether they
face the camera or turn their back to it. All functions take whole clips and are
vectorised, so one frame (as ``LiveMeasurer`` calls it) is as cheap as a clip.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.quality import detect_view
from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, FloatArray
from posecapture.measurement import POSTURE_ANGLE_IDS

# The camera view each angle needs: "front" covers the back view too (see quality.py).
NEEDS_VIEW: dict[str, str] = {
    "head_tilt": "front",
    "head_rotation": "front",
    "head_flexion": "side",
    "head_lateral_shift": "front",
    "shoulder_elevation_asymmetry": "front",
    "trunk_lean_lateral": "front",
    "trunk_lean_forward": "side",
    "pelvic_obliquity": "front",
}

# What each angle needs seen, in the words a parent can act on.
NEEDS_PARTS: dict[str, str] = {
    "head_tilt": "both ears and both shoulders",
    "head_rotation": "both ears and both shoulders",
    "head_flexion": "an ear, a shoulder and a hip",
    "head_lateral_shift": "both ears and both shoulders",
    "shoulder_elevation_asymmetry": "both shoulders",
    "trunk_lean_lateral": "both shoulders and both hips",
    "trunk_lean_forward": "a shoulder and a hip",
    "pelvic_obliquity": "both hips",
}

# Below this share of the torso length the nose sits too close to the ears' line (seen
# from the side) to tell which way the person faces; the feet decide instead.
_FACING_MIN_OFFSET = 0.05


def _point(xy: FloatArray, name: str) -> FloatArray:
    return xy[:, INDEX[name]]


def _mid(xy: FloatArray, name: str) -> FloatArray:
    """Midpoint of the left and right landmark, NaN unless both were seen."""
    return (xy[:, INDEX[f"left_{name}"]] + xy[:, INDEX[f"right_{name}"]]) / 2


def _mid_seen(xy: FloatArray, name: str) -> FloatArray:
    """Midpoint of whichever of the pair was seen: from the side the far one is hidden."""
    pair = np.stack([xy[:, INDEX[f"left_{name}"]], xy[:, INDEX[f"right_{name}"]]])
    counted = np.isfinite(pair).sum(axis=0)
    total = np.nansum(pair, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counted > 0, total / np.maximum(counted, 1), np.nan)


def _deg(y: FloatArray, x: FloatArray) -> FloatArray:
    result: FloatArray = np.degrees(np.arctan2(y, x))
    return result


def _unit(v: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return result


def _dot(a: FloatArray, b: FloatArray) -> FloatArray:
    result: FloatArray = np.einsum("...i,...i->...", a, b)
    return result


def _person_right_sign(xy: FloatArray) -> FloatArray:
    """+1 where the person's right is the picture's right (back view), -1 where it is its left."""
    across = (_point(xy, "right_shoulder") - _point(xy, "left_shoulder"))[:, 0] + (
        _point(xy, "right_hip") - _point(xy, "left_hip")
    )[:, 0]
    with np.errstate(invalid="ignore"):
        sign: FloatArray = np.where(across > 0, 1.0, np.where(across < 0, -1.0, np.nan))
    return sign


def _facing_sign(xy: FloatArray, torso_len: FloatArray) -> FloatArray:
    """+1 where the person faces the picture's right (seen from the side), -1 its left."""
    nose_ahead = (_point(xy, "nose") - _mid_seen(xy, "ear"))[:, 0]
    toes_ahead = (_mid_seen(xy, "foot_index") - _mid_seen(xy, "heel"))[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        clear_nose = np.abs(nose_ahead) >= _FACING_MIN_OFFSET * torso_len
        cue = np.where(clear_nose, nose_ahead, toes_ahead)
        sign: FloatArray = np.where(cue > 0, 1.0, np.where(cue < 0, -1.0, np.nan))
    return sign


def _head_in_shoulder_frame(xy: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Head tilt and lateral shift, both against the shoulder line (front or back view).

    The frame's x axis runs from the right shoulder to the left one; its y axis is
    perpendicular, on the side of the head. Built from the body alone, it gives the
    same angles whichever way the person faces and however the camera is rolled.
    """
    across = _unit(_point(xy, "left_shoulder") - _point(xy, "right_shoulder"))
    neck = _mid(xy, "ear") - _mid(xy, "shoulder")
    up = np.stack([-across[:, 1], across[:, 0]], axis=-1)
    with np.errstate(invalid="ignore"):
        up = np.where((_dot(up, neck) < 0)[:, None], -up, up)
    ears = _point(xy, "left_ear") - _point(xy, "right_ear")
    # Left ear higher than the right one: the head tilts toward the right (positive).
    tilt = _deg(_dot(ears, up), _dot(ears, across))
    # Head centre displaced toward the person's right (against the x axis): positive.
    shift = _deg(-_dot(neck, across), _dot(neck, up))
    return tilt, shift


def _head_rotation(world: FloatArray) -> FloatArray:
    """Yaw of the ear line against the shoulder line, in the horizontal plane (world, metres).

    World y points down, so turning toward the person's right (the chin toward the
    right shoulder) brings the left ear forward and reads positive.
    """
    ears = world[:, INDEX["left_ear"]] - world[:, INDEX["right_ear"]]
    across = world[:, INDEX["left_shoulder"]] - world[:, INDEX["right_shoulder"]]
    cross_down = across[:, 2] * ears[:, 0] - across[:, 0] * ears[:, 2]
    along = across[:, 0] * ears[:, 0] + across[:, 2] * ears[:, 2]
    return _deg(cross_down, along)


def _level_against_gravity(xy: FloatArray, name: str) -> FloatArray:
    """Angle of a left-right line against the horizontal, positive when the right side is higher."""
    left, right = _point(xy, f"left_{name}"), _point(xy, f"right_{name}")
    # y points down: the right side is higher when its y is smaller than the left's.
    return _deg(left[:, 1] - right[:, 1], np.abs(left[:, 0] - right[:, 0]))


def _sagittal_from_vertical(v: FloatArray, facing: FloatArray) -> FloatArray:
    """Angle of an upward vector from the vertical, positive toward where the person faces."""
    return _deg(v[:, 0] * facing, -v[:, 1])


def posture_angles(image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
    """Posture angles in degrees, one (frames,) series per id of ``POSTURE_ANGLE_IDS``.

    ``image`` is (frames, 33, 4) and ``world`` (frames, 33, 3) as in
    ``posecapture.landmarks``. NaN where the view or the landmarks cannot support
    the angle (docs/metrics.md). Signs: tilt, lateral shift, rotation and lateral
    lean are positive toward the person's right; shoulder elevation asymmetry and
    pelvic obliquity positive when the right side is higher; flexion and forward
    lean positive forward.
    """
    frames = image.shape[0]
    views = detect_view(image, world)
    front = views == "front"
    side = views == "side"
    mask = seen(image)
    xy = np.where(mask[..., None], image[..., :2], np.nan)
    world_seen = np.where(mask[..., None], world, np.nan)

    torso = _mid_seen(xy, "shoulder") - _mid_seen(xy, "hip")
    torso_len = np.linalg.norm(torso, axis=-1)
    facing = _facing_sign(xy, torso_len)
    right = _person_right_sign(xy)

    tilt, shift = _head_in_shoulder_frame(xy)
    neck = _mid_seen(xy, "ear") - _mid_seen(xy, "shoulder")
    front_trunk = _mid(xy, "shoulder") - _mid(xy, "hip")

    angles = {
        "head_tilt": tilt,
        "head_rotation": _head_rotation(world_seen),
        "head_flexion": _sagittal_from_vertical(neck, facing)
        - _sagittal_from_vertical(torso, facing),
        "head_lateral_shift": shift,
        "shoulder_elevation_asymmetry": _level_against_gravity(xy, "shoulder"),
        "trunk_lean_lateral": _deg(front_trunk[:, 0] * right, -front_trunk[:, 1]),
        "trunk_lean_forward": _sagittal_from_vertical(torso, facing),
        "pelvic_obliquity": _level_against_gravity(xy, "hip"),
    }
    supported: dict[str, NDArray[np.bool_]] = {"front": front, "side": side}
    out: dict[str, FloatArray] = {}
    for angle_id in POSTURE_ANGLE_IDS:
        values = angles[angle_id]
        out[angle_id] = np.where(supported[NEEDS_VIEW[angle_id]], values, np.nan).reshape(frames)
    return out
