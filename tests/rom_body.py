"""Hand-built bodies with known joint angles for the ROM-angle tests (see posecapture.landmarks).

The body stands facing the camera: its left (+x in the picture) is the person's
left, y points down, z away from the camera. Angles are set in degrees; the image
landmarks are an orthographic projection of the world landmarks at ``PX_PER_M``.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import INDEX, N_LANDMARKS

PX_PER_M = 400.0
CENTRE_PX = np.array([320.0, 300.0])
UPPER_ARM, FOREARM, THIGH, SHANK = 0.30, 0.25, 0.45, 0.42

DOWN = np.array([0.0, 1.0, 0.0])
FORWARD = np.array([0.0, 0.0, -1.0])  # towards the camera


def _rotate(v: np.ndarray, towards: np.ndarray, degrees: float) -> np.ndarray:
    """``v`` (a unit vector) turned by ``degrees`` towards the perpendicular unit ``towards``."""
    r = np.radians(degrees)
    return np.cos(r) * v + np.sin(r) * towards


def body(
    *,
    shoulder_flexion: float = 0.0,
    shoulder_abduction: float = 0.0,
    elbow_flexion: float = 0.0,
    hip_flexion: float = 0.0,
    knee_flexion: float = 0.0,
    trunk_lateral: float = 0.0,
    pelvis_tilt: float = 0.0,
    yaw: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One frame: image (33, 4) and world (33, 3) of a body with these angles (both sides).

    Arms move in one plane each: forward (flexion) when ``shoulder_abduction`` is 0,
    sideways otherwise. ``trunk_lateral`` bends the trunk towards the child's left (from
    the vertical); ``pelvis_tilt`` raises the left hip (turns the hip line about its middle).
    ``yaw`` turns the whole body about the vertical (90: the left side faces the camera).
    """
    world = np.zeros((N_LANDMARKS, 3))
    up = _rotate(-DOWN, np.array([1.0, 0.0, 0.0]), trunk_lateral)
    left_axis = np.cross(up, FORWARD)
    pts: dict[str, np.ndarray] = {}
    for side, s in (("left", 1.0), ("right", -1.0)):
        outward = np.array([s, 0.0, 0.0])
        tilt = np.radians(pelvis_tilt)
        hip = 0.1 * s * np.array([np.cos(tilt), -np.sin(tilt), 0.0])
        shoulder = 0.5 * up + 0.18 * s * left_axis
        if shoulder_abduction:
            arm = _rotate(DOWN, outward, shoulder_abduction)
            bend_towards = _rotate(outward, -DOWN, shoulder_abduction)
        else:
            arm = _rotate(DOWN, FORWARD, shoulder_flexion)
            bend_towards = _rotate(FORWARD, -DOWN, shoulder_flexion)
        elbow = shoulder + UPPER_ARM * arm
        wrist = elbow + FOREARM * _rotate(arm, bend_towards, elbow_flexion)
        thigh = _rotate(DOWN, FORWARD, hip_flexion)
        knee = hip + THIGH * thigh
        shin_back = _rotate(-FORWARD, DOWN, hip_flexion)
        ankle = knee + SHANK * _rotate(thigh, shin_back, knee_flexion)
        pts |= {
            f"{side}_hip": hip,
            f"{side}_shoulder": shoulder,
            f"{side}_elbow": elbow,
            f"{side}_wrist": wrist,
            f"{side}_knee": knee,
            f"{side}_ankle": ankle,
            f"{side}_heel": ankle + np.array([0.0, 0.04, 0.03]),
            f"{side}_foot_index": ankle + np.array([0.0, 0.05, -0.12]),
            f"{side}_pinky": wrist + 0.05 * arm,
            f"{side}_index": wrist + 0.06 * arm,
            f"{side}_thumb": wrist + 0.04 * arm,
            f"{side}_ear": 0.62 * up + 0.07 * s * left_axis,
            f"{side}_eye": 0.66 * up + 0.03 * s * left_axis - np.array([0, 0, 0.08]),
            f"{side}_eye_inner": 0.66 * up + 0.015 * s * left_axis - np.array([0, 0, 0.09]),
            f"{side}_eye_outer": 0.66 * up + 0.045 * s * left_axis - np.array([0, 0, 0.07]),
        }
        mouth = "mouth_left" if side == "left" else "mouth_right"
        pts[mouth] = 0.58 * up + 0.02 * s * left_axis - np.array([0, 0, 0.08])
    pts["nose"] = 0.62 * up - np.array([0.0, 0.0, 0.1])
    for name, p in pts.items():
        world[INDEX[name]] = p
    r = np.radians(yaw)
    turn = np.array([[np.cos(r), 0.0, np.sin(r)], [0.0, 1.0, 0.0], [-np.sin(r), 0.0, np.cos(r)]])
    world = world @ turn.T
    image = np.empty((N_LANDMARKS, 4))
    image[:, :2] = CENTRE_PX + PX_PER_M * world[:, :2]
    image[:, 2] = PX_PER_M * world[:, 2]
    image[:, 3] = 1.0
    return image, world


def clip(frames: int = 1, **angles: float) -> tuple[np.ndarray, np.ndarray]:
    """``frames`` identical frames of ``body(**angles)``: (F, 33, 4) and (F, 33, 3)."""
    image, world = body(**angles)
    return np.repeat(image[None], frames, axis=0), np.repeat(world[None], frames, axis=0)
