"""Clinical joint angles (neutral-zero convention) from landmark arrays, defined as data.

Each angle is one row of ``ANGLES``: which landmarks, which kind of angle, which
body plane, and from which camera views it can be read. ``rom_angles`` computes
them all at once over whole arrays. docs/angles.md explains each angle for a
therapist (what 0 and 90 mean, the sign, the valid views, normal ranges).

Where the points come from. MediaPipe gives two estimates of the body: image
landmarks, whose x and y are precise (they are what the model sees) but whose
depth is a rough guess, and world landmarks, a 3D body in metres whose shape is
plausible but whose joint positions are less exact. ``body_points`` keeps the
image x and y and takes only the depth from the world landmarks, scaled to
pixels, which on the Pose2Sim reference clips is markedly closer to a
multi-camera 3D reference than either estimate alone (see docs/angles.md).

What is not measured. An angle is NaN in a frame when one of the landmarks it
measures was not seen (visibility below ``VISIBILITY_MIN``), when the camera view
cannot show it (a side bend seen from the side), or when the segment lies mostly
outside the plane the angle is defined in (``MIN_IN_PLANE``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.quality import detect_view
from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, FloatArray

Kind = Literal["flexion", "elevation", "limb_plane", "trunk_plane"]
Plane = Literal["sagittal", "frontal"]

ANY_VIEW = frozenset({"front", "side", "oblique", "unknown"})
SAGITTAL_VIEWS = frozenset({"side", "oblique"})
FRONTAL_VIEWS = frozenset({"front", "oblique"})

# A segment must keep at least this share of its length in the angle's plane: an arm
# held straight out to the side has no meaningful flexion angle (sin 30 degrees = 0.5:
# beyond 60 degrees out of the plane, a small wobble swings the reading by tens of degrees).
MIN_IN_PLANE = 0.5


@dataclass(frozen=True)
class AngleDef:
    """One clinical angle.

    ``kind``:
      * "flexion": 180 minus the angle at ``points[1]`` between ``points[0]`` and
        ``points[2]`` (0 a straight joint).
      * "elevation": the angle between the segment ``points[0]->points[1]`` and the
        side of the trunk ``points[0]->points[2]``, 0 to 180, in any plane (the
        picture's downward vertical when ``points[2]`` is not seen).
      * "limb_plane": the segment ``points[0]->points[1]`` in a plane of the trunk,
        measured from "along the trunk, downwards"; positive forward (sagittal) or
        away from the body's midline (frontal).
      * "trunk_plane": the trunk (mid-hip to mid-shoulder) in a plane of the pelvis;
        positive forward (sagittal) or towards the left (frontal). Frontal: against the
        perpendicular to the hip line (the trunk against the pelvis). Sagittal: against
        the vertical, because two hip points cannot show the pelvis's forward tilt.
    ``plane``: the body plane a "limb_plane" or "trunk_plane" angle is measured in, or the
    plane a "flexion" hinge always bends in (the knee: the leg's sagittal plane; the
    elbow's plane turns with the upper arm, so None).
    ``side`` is +1 for the child's left, -1 for the right, 0 for midline angles.
    """

    id: str
    kind: Kind
    points: tuple[str, ...]
    views: frozenset[str]
    plane: Plane | None = None
    side: int = 0


def _sided(side: str) -> tuple[AngleDef, ...]:
    s = 1 if side == "left" else -1

    def p(name: str) -> str:
        return f"{side}_{name}"

    return (
        AngleDef(
            f"{side}_shoulder_elevation",
            "elevation",
            (p("shoulder"), p("elbow"), p("hip")),
            ANY_VIEW,
        ),
        AngleDef(
            f"{side}_shoulder_flexion",
            "limb_plane",
            (p("shoulder"), p("elbow")),
            SAGITTAL_VIEWS,
            "sagittal",
            s,
        ),
        AngleDef(
            f"{side}_shoulder_abduction",
            "limb_plane",
            (p("shoulder"), p("elbow")),
            FRONTAL_VIEWS,
            "frontal",
            s,
        ),
        AngleDef(
            f"{side}_elbow_flexion", "flexion", (p("shoulder"), p("elbow"), p("wrist")), ANY_VIEW
        ),
        AngleDef(
            f"{side}_hip_flexion",
            "limb_plane",
            (p("hip"), p("knee")),
            SAGITTAL_VIEWS,
            "sagittal",
            s,
        ),
        AngleDef(
            f"{side}_hip_abduction",
            "limb_plane",
            (p("hip"), p("knee")),
            FRONTAL_VIEWS,
            "frontal",
            s,
        ),
        # The knee is a hinge in the leg's sagittal plane (kinematics.uncertainty uses this).
        AngleDef(
            f"{side}_knee_flexion",
            "flexion",
            (p("hip"), p("knee"), p("ankle")),
            ANY_VIEW,
            "sagittal",
        ),
    )


_TRUNK_POINTS = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")

ANGLES: tuple[AngleDef, ...] = (
    *_sided("left"),
    *_sided("right"),
    AngleDef("trunk_flexion", "trunk_plane", _TRUNK_POINTS, SAGITTAL_VIEWS, "sagittal"),
    AngleDef("trunk_lateral_flexion", "trunk_plane", _TRUNK_POINTS, FRONTAL_VIEWS, "frontal"),
)

_LS, _RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
_LH, _RH = INDEX["left_hip"], INDEX["right_hip"]


def pixels_per_metre(image: FloatArray, world: FloatArray) -> FloatArray:
    """The scale between MediaPipe's world body (metres) and the picture, per frame (F,).

    Fitted by least squares between the image x, y and the world x, y of the same
    landmarks, both centred; NaN with fewer than 3 landmarks placed.
    """
    xy = image[..., :2]
    wxy = world[..., :2]
    usable = np.isfinite(xy).all(axis=-1) & np.isfinite(wxy).all(axis=-1)
    count = usable.sum(axis=-1)
    weights = usable[..., None].astype(np.float64)
    xy0 = np.where(usable[..., None], xy, 0.0)
    w0 = np.where(usable[..., None], wxy, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        xy_c = xy0 - (xy0.sum(axis=-2, keepdims=True) / count[..., None, None]) * weights
        w_c = w0 - (w0.sum(axis=-2, keepdims=True) / count[..., None, None]) * weights
        scale = (xy_c * w_c).sum(axis=(-2, -1)) / (w_c * w_c).sum(axis=(-2, -1))
    out: FloatArray = np.where((count >= 3) & (scale > 0), scale, np.nan)
    return out


def body_points(image: FloatArray, world: FloatArray) -> FloatArray:
    """3D points (F, 33, 3) in pixels: image x and y, world depth scaled to pixels
    (``pixels_per_metre``)."""
    scale = pixels_per_metre(image, world)
    return np.concatenate([image[..., :2], world[..., 2:3] * scale[..., None, None]], axis=-1)


def _unit(v: FloatArray) -> FloatArray:
    """``v`` scaled to length 1 (NaN for a zero vector: callers run under ``np.errstate``)."""
    out: FloatArray = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return out


def _angle_between(u: FloatArray, v: FloatArray) -> FloatArray:
    cos = np.sum(_unit(u) * _unit(v), axis=-1)
    out: FloatArray = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    return out


def _orthogonal(v: FloatArray, axis: FloatArray) -> FloatArray:
    """``v`` without its component along the unit vector ``axis``."""
    out: FloatArray = v - np.sum(v * axis, axis=-1, keepdims=True) * axis
    return out


def _trunk_frame(
    p: FloatArray, hip_seen: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Unit (up, left, forward) axes of the trunk per frame, from shoulders and hips.

    Shoulder exercises are often filmed from the waist up. Without a hip in the
    picture the trunk is taken as upright (the picture's vertical; the tablet stands
    upright) and its left-right axis from the shoulders alone; docs/angles.md says
    so, because a child leaning sideways then shifts the arm angles by the lean.
    """
    vertical = np.broadcast_to(np.array([0.0, -1.0, 0.0]), p[:, _LS].shape)
    seen_hips = hip_seen[:, None]
    up = np.where(
        seen_hips, _unit((p[:, _LS] + p[:, _RS]) / 2 - (p[:, _LH] + p[:, _RH]) / 2), vertical
    )
    across = (p[:, _LS] - p[:, _RS]) + np.where(seen_hips, p[:, _LH] - p[:, _RH], 0.0)
    left = _unit(_orthogonal(across, up))
    return up, left, np.cross(left, up)


def _pelvis_frame(
    p: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Unit axes of the pelvis: (vertical, forward) and (pelvis up, hip line).

    The tablet stands upright, so the picture's up direction is the vertical.
    ``forward`` is horizontal, across the hip line: the pelvis's forward tilt cannot
    be seen from two hip points, so the sagittal plane is the vertical one through
    the hip line's normal. The frontal pair follows the hip line itself: "pelvis up"
    is the vertical turned to be perpendicular to the hip line, so a hip raised on
    one side (pelvic obliquity) tilts the zero of ``trunk_lateral_flexion`` with it.
    """
    vertical = np.broadcast_to(np.array([0.0, -1.0, 0.0]), p[:, _LH].shape)
    hip_line = _unit(p[:, _LH] - p[:, _RH])
    forward = np.cross(_unit(_orthogonal(hip_line, vertical)), vertical)
    return vertical, forward, _unit(_orthogonal(vertical, hip_line)), hip_line


def _in_plane_angle(
    v: FloatArray, zero: FloatArray, positive: FloatArray, gate: bool = True
) -> FloatArray:
    """Signed angle of ``v`` from ``zero`` towards ``positive`` in their plane; NaN off-plane
    (``gate``: less than ``MIN_IN_PLANE`` of ``v`` in the plane)."""
    a = np.sum(v * zero, axis=-1)
    b = np.sum(v * positive, axis=-1)
    out: FloatArray = np.degrees(np.arctan2(b, a))
    if gate:
        share = np.hypot(a, b) / np.linalg.norm(v, axis=-1)
        out[~(share >= MIN_IN_PLANE)] = np.nan
    return out


def _compute(
    d: AngleDef,
    p: FloatArray,
    trunk: tuple[FloatArray, FloatArray, FloatArray],
    pelvis: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    vis: NDArray[np.bool_],
    gate: bool,
) -> FloatArray:
    idx = [INDEX[n] for n in d.points]
    if d.kind == "flexion":
        a, b, c = (p[:, i] for i in idx)
        return 180.0 - _angle_between(a - b, c - b)
    if d.kind == "elevation":
        down = np.where(
            vis[:, idx[2], None], p[:, idx[2]] - p[:, idx[0]], np.array([0.0, 1.0, 0.0])
        )
        return _angle_between(p[:, idx[1]] - p[:, idx[0]], down)
    if d.kind == "limb_plane":
        up, left, forward = trunk
        positive = forward if d.plane == "sagittal" else left * d.side
        angle = _in_plane_angle(p[:, idx[1]] - p[:, idx[0]], -up, positive, gate)
        # Limbs rotate past overhead (180) but rarely extend beyond 90 degrees backwards:
        # report -90..270 so an overhead reach does not wrap round to -179.
        return np.where(angle < -90.0, angle + 360.0, angle)
    vertical, forward, pelvis_up, hip_line = pelvis
    segment = (p[:, _LS] + p[:, _RS]) / 2 - (p[:, _LH] + p[:, _RH]) / 2
    if d.plane == "sagittal":
        return _in_plane_angle(segment, vertical, forward, gate)
    return _in_plane_angle(segment, pelvis_up, hip_line, gate)


def _measured(d: AngleDef, vis: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Frames in which every landmark the angle measures was seen."""
    if d.kind == "trunk_plane":
        # The trunk line needs a shoulder and a hip; in a side view the far ones are
        # hidden and the near ones give the same line.
        shoulder: NDArray[np.bool_] = vis[:, _LS] | vis[:, _RS]
        return shoulder & (vis[:, _LH] | vis[:, _RH])
    points = d.points[:2] if d.kind == "elevation" else d.points
    measured: NDArray[np.bool_] = vis[:, [INDEX[n] for n in points]].all(axis=1)
    return measured


def rom_angles(
    image: FloatArray, world: FloatArray, views: NDArray[np.str_] | None = None
) -> dict[str, FloatArray]:
    """Every angle of ``ANGLES`` in degrees, one (F,) array per id, NaN where not measurable.

    ``image`` (F, 33, 4) and ``world`` (F, 33, 3) as in ``posecapture.landmarks``, with
    the visibility column intact: landmarks the angle measures must be seen, while the
    trunk's axes may use MediaPipe's placement of a hidden far shoulder or hip (in a
    side view one of them is always hidden). ``views`` (F,) is ``detect_view(image,
    world)``, computed here unless the caller already has it.
    """
    if views is None:
        views = detect_view(image, world)
    vis = seen(image)
    out = angles_from_points(body_points(image, world), vis)
    in_view = {v: np.asarray(views) == v for v in set(views.tolist())}
    for d in ANGLES:
        valid = np.zeros(len(vis), dtype=bool)
        for v in d.views & in_view.keys():
            valid |= in_view[v]
        out[d.id][~(_measured(d, vis) & valid)] = np.nan
    return out


def angles_from_points(
    p: FloatArray,
    vis: NDArray[np.bool_],
    gate: bool = True,
    only: Collection[str] | None = None,
) -> dict[str, FloatArray]:
    """Every angle of ``ANGLES`` from 3D points ``p`` (F, 33, 3), before gating by view.

    ``vis`` (F, 33) says which landmarks were seen; it picks the trunk's reference
    points (a hidden hip is not used for "up"). ``kinematics.uncertainty`` calls this
    with moved points, with ``gate`` False, to see how far each angle would move: a
    segment moved out of its plane still has a direction in it. ``only``: the ids to
    compute (all when None).
    """
    out: dict[str, FloatArray] = {}
    # Missing points (NaN) and zero-length segments give NaN, which is the answer wanted.
    with np.errstate(invalid="ignore", divide="ignore"):
        trunk = _trunk_frame(p, vis[:, _LH] | vis[:, _RH])
        pelvis = _pelvis_frame(p)
        for d in ANGLES:
            if only is None or d.id in only:
                out[d.id] = _compute(d, p, trunk, pelvis, vis, gate)
    return out
