"""A hand-built standing body whose posture angles are known, for the posture tests.

World landmarks in metres (hip-centred, y down, z away from the camera) of a person
standing square to the camera; the image landmarks are a scaled copy of them, as a
distant camera would see. Transformations turn the head, tilt it, lean the trunk or
roll the camera by a known angle, so a test can check the measured angle against it.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import INDEX, N_LANDMARKS, NAMES

PX_PER_M = 400.0
ORIGIN_PX = np.array([320.0, 600.0])

_HALF: dict[str, tuple[float, float, float]] = {
    # Right-hand side is the mirror of these (x negated). x toward the person's left.
    "eye_inner": (0.02, -0.70, -0.07),
    "eye": (0.035, -0.70, -0.065),
    "eye_outer": (0.05, -0.70, -0.06),
    "ear": (0.07, -0.68, 0.0),
    "mouth": (0.025, -0.63, -0.07),
    "shoulder": (0.18, -0.50, 0.0),
    "elbow": (0.20, -0.22, 0.0),
    "wrist": (0.20, 0.02, 0.0),
    "pinky": (0.20, 0.10, 0.0),
    "index": (0.20, 0.11, 0.0),
    "thumb": (0.19, 0.08, -0.02),
    "hip": (0.10, 0.0, 0.0),
    "knee": (0.10, 0.42, 0.0),
    "ankle": (0.10, 0.82, 0.0),
    "heel": (0.10, 0.85, 0.05),
    "foot_index": (0.10, 0.86, -0.10),
}
# BlazePose names the mouth's corners the other way round from every other pair.
_PAIR_NAMES = {"mouth": ("mouth_left", "mouth_right")}
HEAD = [INDEX[n] for n in NAMES[:11]]


def _is_leg(name: str) -> bool:
    return any(part in name for part in ("hip", "knee", "ankle", "heel", "foot"))


UPPER_BODY = [i for i, n in enumerate(NAMES) if not _is_leg(n)]


def standing_world() -> np.ndarray:
    """(33, 3) world landmarks of the neutral standing body facing the camera."""
    world = np.zeros((N_LANDMARKS, 3))
    world[INDEX["nose"]] = (0.0, -0.67, -0.10)
    for part, (x, y, z) in _HALF.items():
        left, right = (
            ("mouth_left", "mouth_right")
            if part == "mouth"
            else (
                f"left_{part}",
                f"right_{part}",
            )
        )
        world[INDEX[left]] = (x, y, z)
        world[INDEX[right]] = (-x, y, z)
    return world


def to_image(world: np.ndarray, visibility: float = 1.0) -> np.ndarray:
    """Image landmarks (..., 33, 4) as a distant, level camera sees the world landmarks."""
    image = np.empty((*world.shape[:-1], 4))
    image[..., :2] = ORIGIN_PX + PX_PER_M * world[..., :2]
    image[..., 2] = PX_PER_M * world[..., 2]
    image[..., 3] = visibility
    return image


def _rotation(axis: str, degrees: float) -> np.ndarray:
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    if axis == "z":  # in the picture's plane (x, y)
        return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    if axis == "y":  # about the vertical, in the (x, z) plane
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])  # about x, in the (y, z) plane


def rotate(world: np.ndarray, joints: list[int], axis: str, degrees: float, pivot: np.ndarray):
    """A copy of ``world`` with ``joints`` rotated about ``pivot``."""
    out = world.copy()
    out[joints] = (world[joints] - pivot) @ _rotation(axis, degrees).T + pivot
    return out


def mid(world: np.ndarray, name: str) -> np.ndarray:
    return (world[INDEX[f"left_{name}"]] + world[INDEX[f"right_{name}"]]) / 2


def tilt_head_right(world: np.ndarray, degrees: float) -> np.ndarray:
    """Head rolled toward the person's right (right ear down) about the neck's base."""
    return rotate(world, HEAD, "z", -degrees, mid(world, "shoulder"))


def turn_head_right(world: np.ndarray, degrees: float) -> np.ndarray:
    """Head turned (chin toward the right shoulder) about the vertical through the ears."""
    return rotate(world, HEAD, "y", degrees, mid(world, "ear"))


def lean_trunk_right(world: np.ndarray, degrees: float) -> np.ndarray:
    """Everything above the hips leaning toward the person's right about the hip centre."""
    return rotate(world, UPPER_BODY, "z", -degrees, mid(world, "hip"))


def lean_trunk_forward(world: np.ndarray, degrees: float) -> np.ndarray:
    """Everything above the hips leaning forward (toward -z, the camera) about the hips."""
    return rotate(world, UPPER_BODY, "x", degrees, mid(world, "hip"))


def flex_head(world: np.ndarray, degrees: float) -> np.ndarray:
    """Head bent forward (chin down) about the neck's base."""
    return rotate(world, HEAD, "x", degrees, mid(world, "shoulder"))


def turn_body(world: np.ndarray, degrees: float) -> np.ndarray:
    """The whole body turned about the vertical: 90 faces the picture's left, -90 its right."""
    return rotate(world, list(range(N_LANDMARKS)), "y", degrees, np.zeros(3))


def side_view_image(world: np.ndarray) -> np.ndarray:
    """Image of a body turned side-on: the far side's landmarks are hidden (low visibility)."""
    image = to_image(world)
    for name in NAMES:
        if "left" in name:
            left, right = INDEX[name], INDEX[name.replace("left", "right")]
            image[left if world[left, 2] > world[right, 2] else right, 3] = 0.1
    return image


# Head proportions from anthropometric norms (Farkas 1994; docs/metrics.md, head model):
# half the bitragion breadth, and the nose tip's depth in front of the ear line and
# drop below it (the Frankfort plane runs through the ear, the nose tip lies lower).
HALF_EAR_SPAN_M = 0.07
NOSE_DROP_M = 0.025


def head_with_proportions(world: np.ndarray, nose_depth_ratio: float) -> np.ndarray:
    """``world`` with the nose tip ``nose_depth_ratio`` half ear spans in front of the ears.

    The ears are moved onto one transverse line, as in the head model; the test bodies
    then differ from the model only in the ratio given (real heads vary by about 15%).
    """
    out = world.copy()
    ear_y = float(mid(world, "ear")[1])
    out[INDEX["left_ear"]] = (HALF_EAR_SPAN_M, ear_y, 0.0)
    out[INDEX["right_ear"]] = (-HALF_EAR_SPAN_M, ear_y, 0.0)
    out[INDEX["nose"]] = (0.0, ear_y + NOSE_DROP_M, -nose_depth_ratio * HALF_EAR_SPAN_M)
    return out
