"""Which way the child faces the camera, and how far one frame can be trusted.

Every angle is valid only from some camera views (a frontal-plane angle such as
shoulder abduction cannot be read from the side), so the view is decided per
frame from the landmarks themselves. Two independent cues estimate the body's
yaw (0 degrees facing the camera or turned away from it, 90 side-on):

* image cue: the shoulder and hip widths in the picture shrink with the cosine of
  the yaw, while the torso length does not change with it. BlazePose's own
  skeleton (its world landmarks) has shoulder width + hip width of about 0.9 times
  the shoulder-to-hip length, which is the ratio a person square to the camera
  shows; ``arccos(ratio / 0.9)`` is the yaw.
* world cue: the world landmarks hold a (coarse) depth, so the direction of the
  left-to-right shoulder and hip lines in the horizontal plane gives the yaw
  directly.

The view is taken from the mean of the cues: up to 30 degrees is "front" (this
includes a child with their back to the camera), from 60 degrees "side", and
between the two "oblique". The boundaries are the halfway points of the 0-90
degree range, not fitted to any clip: at 30 degrees of yaw a frontal-plane angle
is still read to within a few degrees, at 60 the sagittal plane faces the camera
more than the frontal one does.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.visibility import VISIBILITY_MIN
from posecapture.landmarks import INDEX, FloatArray
from posecapture.measurement import FrameQuality, View

# (shoulder width + hip width) / shoulder-to-hip length of BlazePose's skeleton seen square on.
FRONT_WIDTH_RATIO = 0.9
FRONT_MAX_YAW_DEG = 30.0
SIDE_MIN_YAW_DEG = 60.0

# The joints a therapist needs for the routine's angles, used for the visible share.
MAIN_JOINTS: tuple[int, ...] = tuple(
    INDEX[f"{side}_{joint}"]
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
    for side in ("left", "right")
)
# A joint closer to the picture's edge than this share of its size counts as outside:
# MediaPipe's estimates degrade near the border, and a limb there leaves it when moved.
EDGE_MARGIN = 0.02

_LS, _RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
_LH, _RH = INDEX["left_hip"], INDEX["right_hip"]


def body_yaw_deg(image: FloatArray, world: FloatArray) -> FloatArray:
    """The body's yaw against the camera, 0 (square on) to 90 (side-on), per frame; NaN unknown.

    Hidden shoulders and hips still count here (in a side view the far shoulder is
    hidden by definition and MediaPipe places it from the body's shape), but at
    least one shoulder must be seen. With no hip seen (an upper-body framing), only
    the world cue of the shoulders is used.
    """
    with np.errstate(invalid="ignore"):
        vis = image[:, :, 3] >= VISIBILITY_MIN
    shoulder_seen = vis[:, _LS] | vis[:, _RS]
    hip_seen = vis[:, _LH] | vis[:, _RH]

    xy = image[:, :, :2]
    widths = np.linalg.norm(xy[:, _LS] - xy[:, _RS], axis=-1) + np.linalg.norm(
        xy[:, _LH] - xy[:, _RH], axis=-1
    )
    mid_shoulder = (xy[:, _LS] + xy[:, _RS]) / 2
    mid_hip = (xy[:, _LH] + xy[:, _RH]) / 2
    torso = np.linalg.norm(mid_shoulder - mid_hip, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.clip(widths / torso / FRONT_WIDTH_RATIO, 0.0, 1.0)
    yaw_image = np.degrees(np.arccos(ratio))
    yaw_image[~((torso > 0) & hip_seen)] = np.nan

    across = world[:, _LS] - world[:, _RS]
    across = across + np.where(hip_seen[:, None], world[:, _LH] - world[:, _RH], 0.0)
    yaw_world = np.degrees(np.arctan2(np.abs(across[:, 2]), np.abs(across[:, 0])))

    cues = np.stack([yaw_image, yaw_world])
    counted = np.isfinite(cues).sum(axis=0)
    total = np.nansum(cues, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        yaw = np.where(counted > 0, total / np.maximum(counted, 1), np.nan)
    yaw[~shoulder_seen] = np.nan
    return yaw


def detect_view(image: FloatArray, world: FloatArray) -> NDArray[np.str_]:
    """The camera view of each frame: "front", "side", "oblique" or "unknown" (F,).

    ``image`` is (F, 33, 4) and ``world`` (F, 33, 3) as in ``posecapture.landmarks``.
    "front" includes the back view; "unknown" means nobody, or no torso, was seen.
    """
    yaw = body_yaw_deg(image, world)
    views = np.full(len(yaw), "unknown", dtype="<U7")
    with np.errstate(invalid="ignore"):
        views[yaw <= FRONT_MAX_YAW_DEG] = "front"
        views[yaw >= SIDE_MIN_YAW_DEG] = "side"
        views[(yaw > FRONT_MAX_YAW_DEG) & (yaw < SIDE_MIN_YAW_DEG)] = "oblique"
    return views


def _as_view(view: str) -> View:
    if view == "front":
        return "front"
    if view == "side":
        return "side"
    if view == "oblique":
        return "oblique"
    return "unknown"


def frame_quality(
    image_row: FloatArray, view: str, width: int, height: int, brightness: float
) -> FrameQuality:
    """How far one frame (33, 4) can be trusted; see ``FrameQuality`` for each field.

    ``in_frame`` asks that every main joint (shoulders to ankles) lie inside the
    picture with a margin, whether or not it is hidden by the body: a joint placed
    outside the picture is a body part the camera does not show, and the cure
    (step back, move the tablet) is the same.
    """
    found = bool(np.isfinite(image_row[:, :2]).any())
    if not found:
        return FrameQuality(
            person_found=False,
            visible_fraction=0.0,
            in_frame=False,
            view="unknown",
            body_height_frac=0.0,
            brightness=float(brightness),
        )
    main = image_row[list(MAIN_JOINTS)]
    with np.errstate(invalid="ignore"):
        visible = np.isfinite(main[:, :2]).all(axis=1) & (main[:, 3] >= VISIBILITY_MIN)
    x, y = main[:, 0], main[:, 1]
    mx, my = EDGE_MARGIN * width, EDGE_MARGIN * height
    with np.errstate(invalid="ignore"):
        inside = (x >= mx) & (x <= width - mx) & (y >= my) & (y <= height - my)
    ys = image_row[:, 1][np.isfinite(image_row[:, 1])]
    return FrameQuality(
        person_found=True,
        visible_fraction=float(visible.mean()),
        in_frame=bool(inside.all()),
        view=_as_view(view),
        body_height_frac=float((ys.max() - ys.min()) / height) if height > 0 else 0.0,
        brightness=float(brightness),
    )


# A child's trunk centre cannot move more than one trunk length from one detection to the
# next plus what a sprint covers meanwhile (about 8 trunk lengths a second, 3 m/s): a
# bigger move means MediaPipe lost the child and picked up someone else.
_JUMP_TRUNKS = 1.0
_SPRINT_TRUNKS_PER_S = 8.0
_TRUNK_POINTS = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]


def person_jumps(points_px: FloatArray, timestamps_s: FloatArray) -> list[float]:
    """Times (s) at which the person followed jumped elsewhere in the picture.

    ``points_px`` (F, 33, >=2) NaN where unseen. Compares each frame whose four trunk
    points were seen with the previous such frame (over any gap without a person): a
    trunk centre that moved further than ``_JUMP_TRUNKS`` trunk lengths plus a sprint
    over the time between them is another person, since the pose model follows one
    person and takes whoever it finds when it loses the child.
    """
    trunk = points_px[:, _TRUNK_POINTS, :2]
    seen = np.flatnonzero(np.isfinite(trunk).all(axis=(1, 2)))
    if len(seen) < 2:
        return []
    centre = trunk[seen].mean(axis=1)
    length = np.linalg.norm(trunk[seen, :2].mean(axis=1) - trunk[seen, 2:].mean(axis=1), axis=1)
    moved = np.linalg.norm(np.diff(centre, axis=0), axis=1)
    gap = np.diff(timestamps_s[seen])
    allowed = np.fmax(length[1:], length[:-1]) * (_JUMP_TRUNKS + _SPRINT_TRUNKS_PER_S * gap)
    return [float(timestamps_s[seen[k + 1]]) for k in np.flatnonzero(moved > allowed)]
