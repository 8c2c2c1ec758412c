"""Each range-of-motion angle from the estimate one camera supports best, with a 90% interval.

One camera places a joint in the picture to within a few pixels and its depth far
less well: MediaPipe's depth is off by a fair share of a limb's length, and it is
wrong without knowing it (docs/angles.md). So an angle whose bend lies across the
picture (arms out to the sides filmed from the front, a knee lift filmed from the
side) is best read flat from the picture's x and y, while one that bends towards
the camera needs the depth, and cannot be trusted much.

For the angles between two segments (elbow and knee flexion, shoulder elevation)
both estimates are made, frame by frame:

* **3D**: the picture's x and y with MediaPipe's depth (``angles.rom_angles``).
  Its doubt: the angle's largest change when each segment's depth moves by
  ``DEPTH_DOUBT`` of the segment's length, either way.
* **picture**: the flat angle in the picture. Its doubt: the angle's largest
  change if each segment turned out of the picture by as much as it may turn.
  How far a segment may turn comes from two cues, whichever says more: its
  foreshortening (its picture length now against the longest it has looked,
  ``segments.LongestLengths``) and MediaPipe's depth as a coarse hint. Its 90%
  bound takes the foreshortening cue, the one the picture itself gives, plus
  ``TILT_DOUBT_DEG`` (foreshortening cannot see small turns). A knee
  bends in the leg's own sagittal plane, which faces the camera only when the body
  is turned towards side-on (``SAGITTAL_MIN_YAW_DEG``), so a knee is read flat only
  then, or when the leg looks straight.

The estimate with the smaller doubt is kept. The other angles (shoulder and hip
flexion and abduction, trunk angles) are measured in the body's own planes, which
already takes the picture's x and y where the plane faces the camera; their doubt is
the change when the moving joint's depth moves by ``DEPTH_DOUBT_90``.

The 90% interval's half-width combines that depth doubt with the picture's own
noise (``PICTURE_NOISE_M`` at the body's scale, at least ``PICTURE_NOISE_PX`` pixels,
divided by the joints' visibility, through the segments' picture lengths: a small
child far away gets a wider interval) and is scaled per camera view
(``VIEW_SCALE``). ``DEPTH_DOUBT_90``, ``TILT_DOUBT_DEG``, ``PICTURE_NOISE_M`` and
``VIEW_SCALE`` are fitted on the Pose2Sim reference clips (cam01, cam03) so that the
interval holds the reference angle in 90% of frames per view;
``benchmarks/accuracy_pose2sim.py`` prints the coverage and docs/angles.md has the
figures. An angle whose interval is wider than ``ROM_MAX_PM_DEG`` says nothing a
therapist could use and is withheld, like a joint the camera cannot see.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.angles import (
    ANGLES,
    angles_from_points,
    body_points,
    pixels_per_metre,
    rom_angles,
)
from posecapture.kinematics.quality import body_yaw_deg, detect_view
from posecapture.kinematics.segments import SEGMENTS, LongestLengths, segment_of
from posecapture.kinematics.visibility import VISIBILITY_MIN, seen
from posecapture.landmarks import INDEX, FloatArray

# The normal distribution's 95th percentile: a two-sided 90% interval is +-1.645 sigma.
Z90 = 1.645
# The picture's noise per point: a share of the body's scale (metres of MediaPipe's
# body), with a floor in pixels (no point is placed better than about a pixel of the
# model's own input). PICTURE_NOISE_M is fitted (module docstring).
PICTURE_NOISE_M = 0.01
PICTURE_NOISE_PX = 2.0
# MediaPipe's depth error as a share of a segment's length: the typical size, used to
# choose between the estimates, and the 90% bound, used for the interval (fitted). The
# Pose2Sim comparison found 0.05-0.49 of the length, segment by segment (docs/angles.md).
DEPTH_DOUBT = 0.3
DEPTH_DOUBT_90 = 0.4
# How much further a segment may turn out of the picture than its cues say (degrees;
# fitted): foreshortening cannot tell a segment 15 degrees out of the picture from one
# lying in it, since it is then only 3% shorter.
TILT_DOUBT_DEG = 15.0
# A hinge that bends in the body's sagittal plane (the knee) is read flat only where the
# body is turned at least this far from facing the camera (halfway to side-on), or where
# both of its segments lie within STRAIGHT_TILT_DEG of the picture (a straight leg).
SAGITTAL_MIN_YAW_DEG = 45.0
STRAIGHT_TILT_DEG = 15.0
# Scale of the half-width per camera view: fitted where the reference has that view
# (front, oblique), the widest of those where it has none (side, unknown).
VIEW_SCALE = {"front": 1.1, "oblique": 0.85, "side": 1.1, "unknown": 1.1}
# Past this half-width a range-of-motion angle is withheld (the value could be anything
# from a normal range to a severe limitation).
ROM_MAX_PM_DEG = 60.0
# Past this turn out of the picture a segment's depth is taken as unbounded.
_MAX_TILT_DEG = 85.0
_DOWN = np.array([0.0, 1.0, 0.0])


@dataclass(frozen=True)
class RomMeasurement:
    """Range-of-motion angles (degrees), their 90% half-widths, and which were read flat.

    One (F,) array per angle id in each; ``angles`` and ``pm`` are NaN together where the
    angle is not measured or withheld; ``picture`` is True where the flat picture angle
    was kept.
    """

    angles: dict[str, FloatArray]
    pm: dict[str, FloatArray]
    picture: dict[str, NDArray[np.bool_]]


def measure_rom(
    image: FloatArray,
    world: FloatArray,
    views: NDArray[np.str_] | None = None,
    longest: dict[str, FloatArray] | None = None,
) -> RomMeasurement:
    """Every range-of-motion angle of ``image`` (F, 33, 4) and ``world`` (F, 33, 3).

    ``views`` (F,) from ``detect_view`` (computed when not given); ``longest`` the
    running longest picture length of each segment (``segments.LongestLengths``; when
    not given, it runs over these frames from the first).
    """
    if views is None:
        views = detect_view(image, world)
    if longest is None:
        longest = LongestLengths()(image, world)
    three_d = rom_angles(image, world, views)
    p = body_points(image, world)
    vis = seen(image)
    scale = pixels_per_metre(image, world)
    longest_px = {k: v * scale for k, v in longest.items()}
    noise = np.hypot(PICTURE_NOISE_PX, PICTURE_NOISE_M * scale)
    yaw = body_yaw_deg(image, world)
    view_scale = np.array([VIEW_SCALE.get(str(v), 1.0) for v in views])

    with np.errstate(invalid="ignore", divide="ignore"):
        values, widths, flats = _two_segments(image, p, vis, longest_px, yaw, noise)
        plane_widths = _body_planes(image, p, vis, longest_px, noise)
    rows = {t.id: a for a, t in enumerate(_TWO)}
    plane_rows = {d.id: a for a, d in enumerate(_PLANES)}
    angles: dict[str, FloatArray] = {}
    pm: dict[str, FloatArray] = {}
    picture: dict[str, NDArray[np.bool_]] = {}
    for d in ANGLES:
        if d.id in rows:
            a = rows[d.id]
            value, width, flat = values[a], widths[a] * view_scale, flats[a]
        else:
            value, flat = three_d[d.id], np.zeros(len(p), dtype=bool)
            width = plane_widths[plane_rows[d.id]] * view_scale
        with np.errstate(invalid="ignore"):
            keep = np.isfinite(three_d[d.id]) & (width <= ROM_MAX_PM_DEG)
        angles[d.id] = np.where(keep, value, np.nan)
        pm[d.id] = np.where(keep, width, np.nan)
        picture[d.id] = flat & keep
    return RomMeasurement(angles, pm, picture)


class _Two(NamedTuple):
    """An angle between two segments: a flexion's vertex is its middle point, an
    elevation's its first; ``sagittal`` for a hinge in the body's sagittal plane."""

    id: str
    flexion: bool
    vertex: str
    ends: tuple[str, str]
    sagittal: bool


_TWO = tuple(
    _Two(d.id, True, d.points[1], (d.points[0], d.points[2]), d.plane == "sagittal")
    if d.kind == "flexion"
    else _Two(d.id, False, d.points[0], (d.points[1], d.points[2]), False)
    for d in ANGLES
    if d.kind in ("flexion", "elevation")
)
_VERTEX = [INDEX[t.vertex] for t in _TWO]
_ENDS = [[INDEX[t.ends[k]] for t in _TWO] for k in (0, 1)]
_SEGMENT_NAMES = [[segment_of(t.vertex, t.ends[k]) for t in _TWO] for k in (0, 1)]
_FLEXION = np.array([t.flexion for t in _TWO])[:, None]
_SAGITTAL = np.array([t.sagittal for t in _TWO])[:, None]
_ELEVATION = ~_FLEXION
_FLAT = np.array([1.0, 1.0, 0.0])
_SIGNS = np.array(list(itertools.product((-1.0, 1.0), repeat=2)))  # (4, 2)


def _between(u: FloatArray, v: FloatArray) -> FloatArray:
    """The two-segment angles (..., A, F) from segment vectors u, v (..., A, F, 3)."""
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    angle = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    out: FloatArray = np.where(_FLEXION, 180.0 - angle, angle)
    return out


def _spread(u: FloatArray, v: FloatArray, du: FloatArray, dv: FloatArray) -> FloatArray:
    """The largest change of each angle (A, F) when u's depth moves by +-du and v's by +-dv."""
    uu = np.repeat(u[None], 4, axis=0)
    vv = np.repeat(v[None], 4, axis=0)
    uu[..., 2] += _SIGNS[:, 0, None, None] * du
    vv[..., 2] += _SIGNS[:, 1, None, None] * dv
    out: FloatArray = np.max(np.abs(_between(uu, vv) - _between(u, v)), axis=0)
    return out


def _two_segments(
    image: FloatArray,
    p: FloatArray,
    vis: NDArray[np.bool_],
    longest_px: dict[str, FloatArray],
    yaw: FloatArray,
    noise: FloatArray,
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """(values, half-widths before the view's scale, read flat?) of every angle of ``_TWO``,
    each (A, F); run under ``np.errstate`` (missing points give NaN)."""
    vectors, pictures, trues, tilts, fores = [], [], [], [], []
    for k in (0, 1):
        vec = np.moveaxis(p[:, _ENDS[k]] - p[:, _VERTEX], 0, 1)  # (A, F, 3)
        picture = np.linalg.norm(vec[..., :2], axis=-1)
        longest = np.stack([np.nan_to_num(longest_px[n]) for n in _SEGMENT_NAMES[k]])
        true = np.fmax(longest, picture)
        foreshortened = np.arccos(np.clip(picture / true, 0.0, 1.0))
        by_depth = np.arctan2(np.abs(vec[..., 2]), picture)
        vectors.append(vec)
        pictures.append(picture)
        trues.append(true)
        tilts.append(np.fmax(foreshortened, by_depth))
        fores.append(foreshortened)
    # Without the hip, an elevation's reference is the picture's downward vertical: no
    # depth and no doubt (as in ``angles.rom_angles``).
    no_hip = _ELEVATION & ~np.moveaxis(vis[:, _ENDS[1]], 0, 1)
    down = _DOWN * np.fmax(pictures[0], 1.0)[..., None]
    vectors[1] = np.where(no_hip[..., None], down, vectors[1])
    pictures[1] = np.where(no_hip, down[..., 1], pictures[1])
    trues[1] = np.where(no_hip, down[..., 1], trues[1])
    tilts[1] = np.where(no_hip, 0.0, tilts[1])
    fores[1] = np.where(no_hip, 0.0, fores[1])

    (u, v), (lu, lv), (tu, tv), (au, av) = vectors, pictures, trues, tilts
    flat_u, flat_v = u * _FLAT, v * _FLAT

    def turned(picture: FloatArray, tilt: FloatArray) -> FloatArray:
        out: FloatArray = picture * np.tan(np.clip(tilt, 0.0, np.radians(_MAX_TILT_DEG)))
        return out

    flat = _spread(flat_u, flat_v, turned(lu, au), turned(lv, av)) < _spread(
        u, v, DEPTH_DOUBT * tu, DEPTH_DOUBT * tv
    )
    straight = np.fmax(au, av) <= np.radians(STRAIGHT_TILT_DEG)
    flat &= ~_SAGITTAL | (yaw >= SAGITTAL_MIN_YAW_DEG) | straight
    margin = np.radians(TILT_DOUBT_DEG)
    doubt = np.where(
        flat,
        _spread(flat_u, flat_v, turned(lu, fores[0] + margin), turned(lv, fores[1] + margin)),
        _spread(u, v, DEPTH_DOUBT_90 * tu, DEPTH_DOUBT_90 * tv),
    )
    least = np.fmin(np.fmin(image[:, _ENDS[0], 3], image[:, _ENDS[1], 3]), image[:, _VERTEX, 3])
    confidence = np.clip(np.nan_to_num(least.T, nan=VISIBILITY_MIN), VISIBILITY_MIN, 1.0)
    picture_doubt = Z90 * np.degrees(noise / confidence * np.sqrt(2.0 / lu**2 + 2.0 / lv**2))
    value = np.where(flat, _between(flat_u, flat_v), _between(u, v))
    return value, np.hypot(picture_doubt, doubt), flat


# The angles measured in the body's own planes, and for each the joints whose depth it
# rests on (moved together: the limb's far end, or both shoulders for the trunk), the
# segment whose length sets how far, and the two ends of its segment in the picture.
_PLANES = tuple(d for d in ANGLES if d.kind in ("limb_plane", "trunk_plane"))
_PLANE_IDS = frozenset(d.id for d in _PLANES)
_MOVERS: dict[str, tuple[tuple[str, ...], str]] = {
    **{
        f"{side}_{joint}": ((f"{side}_{joint}",), segment_of(f"{side}_{root}", f"{side}_{joint}"))
        for side in ("left", "right")
        for joint, root in (("elbow", "shoulder"), ("knee", "hip"))
    },
    "shoulders": (("left_shoulder", "right_shoulder"), "left_trunk_side"),
}
_MOVER_ROW = [
    1 + 2 * list(_MOVERS).index("shoulders" if d.kind == "trunk_plane" else d.points[1])
    for d in _PLANES
]
# Each angle's points, padded to four by repeating its first (for the least visibility).
_PLANE_POINTS = np.array([[INDEX[n] for n in (*d.points, *d.points)][:4] for d in _PLANES])
_LIMB = np.array([d.kind == "limb_plane" for d in _PLANES])
_LIMB_ENDS = [[INDEX[d.points[k]] for d in _PLANES if d.kind == "limb_plane"] for k in (0, 1)]


def _body_planes(
    image: FloatArray,
    p: FloatArray,
    vis: NDArray[np.bool_],
    longest_px: dict[str, FloatArray],
    noise: FloatArray,
) -> FloatArray:
    """Half-widths (before the view's scale) of the body-plane angles ``_PLANES`` (P, F).

    The depth doubt: each angle's largest change when its moving joints' depth moves by
    ``DEPTH_DOUBT_90`` of their segment's length, either way. The picture doubt: the
    noise of both ends of its segment (the limb, or mid-hip to mid-shoulder), divided by
    the least visibility of its points. Run under ``np.errstate``.
    """
    frames = len(p)
    copies = [p]
    for joints, segment in _MOVERS.values():
        a, b = SEGMENTS[segment]
        picture = np.linalg.norm(p[:, a, :2] - p[:, b, :2], axis=-1)
        step = DEPTH_DOUBT_90 * np.fmax(np.nan_to_num(longest_px[segment]), picture)
        for sign in (-1.0, 1.0):
            q = p.copy()
            q[:, [INDEX[j] for j in joints], 2] += sign * step[:, None]
            copies.append(q)
    moved = angles_from_points(
        np.concatenate(copies), np.tile(vis, (len(copies), 1)), gate=False, only=_PLANE_IDS
    )
    v = np.stack([moved[d.id].reshape(len(copies), frames) for d in _PLANES])  # (P, C, F)
    rows = np.array(_MOVER_ROW)[:, None]
    change = np.take_along_axis(v, np.stack([rows, rows + 1], axis=1), axis=1) - v[:, :1]
    depth = np.max(np.abs((change + 180.0) % 360.0 - 180.0), axis=1)  # across the seam

    trunk = np.linalg.norm(
        (p[:, INDEX["left_shoulder"], :2] + p[:, INDEX["right_shoulder"], :2]) / 2
        - (p[:, INDEX["left_hip"], :2] + p[:, INDEX["right_hip"], :2]) / 2,
        axis=-1,
    )
    length = np.broadcast_to(trunk, (len(_PLANES), frames)).copy()
    length[_LIMB] = np.linalg.norm(p[:, _LIMB_ENDS[1], :2] - p[:, _LIMB_ENDS[0], :2], axis=-1).T
    least = np.min(image[:, _PLANE_POINTS, 3], axis=-1).T  # (P, F)
    confidence = np.clip(np.nan_to_num(least, nan=VISIBILITY_MIN), VISIBILITY_MIN, 1.0)
    picture_doubt = Z90 * np.degrees(noise / confidence * np.sqrt(2.0) / length)
    out: FloatArray = np.hypot(picture_doubt, depth)
    return out
