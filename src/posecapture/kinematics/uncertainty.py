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
    AngleDef,
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
    plane_doubt = _plane_depth_doubt(p, vis, longest_px)

    with np.errstate(invalid="ignore", divide="ignore"):
        values, widths, flats = _two_segments(image, p, vis, longest_px, yaw, noise)
    two = {t.id: (values[a], widths[a], flats[a]) for a, t in enumerate(_TWO)}
    angles: dict[str, FloatArray] = {}
    pm: dict[str, FloatArray] = {}
    picture: dict[str, NDArray[np.bool_]] = {}
    for d in ANGLES:
        if d.id in two:
            value, width, flat = two[d.id]
        else:
            value, flat = three_d[d.id], np.zeros(len(p), dtype=bool)
            picture_doubt = _plane_picture_doubt(d, p, noise / _confidence(image, d))
            width = np.hypot(picture_doubt, plane_doubt[d.id])
        width = width * view_scale
        with np.errstate(invalid="ignore"):
            keep = np.isfinite(three_d[d.id]) & (width <= ROM_MAX_PM_DEG)
        angles[d.id] = np.where(keep, value, np.nan)
        pm[d.id] = np.where(keep, width, np.nan)
        picture[d.id] = flat & keep
    return RomMeasurement(angles, pm, picture)


def _confidence(image: FloatArray, d: AngleDef) -> FloatArray:
    """The least visibility among the angle's points (F,): a doubtful joint is placed less well."""
    points = [INDEX[n] for n in d.points]
    with np.errstate(invalid="ignore"):
        least = np.min(image[:, points, 3], axis=1)
    out: FloatArray = np.clip(np.nan_to_num(least, nan=VISIBILITY_MIN), VISIBILITY_MIN, 1.0)
    return out


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


def _plane_picture_doubt(d: AngleDef, p: FloatArray, noise: FloatArray) -> FloatArray:
    """The picture noise's share of a body-plane angle: both ends of its segment (F,)."""
    if d.kind == "limb_plane":
        a, b = (p[:, INDEX[n], :2] for n in d.points[:2])
    else:
        a = (p[:, INDEX["left_shoulder"], :2] + p[:, INDEX["right_shoulder"], :2]) / 2
        b = (p[:, INDEX["left_hip"], :2] + p[:, INDEX["right_hip"], :2]) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = Z90 * np.degrees(noise * np.sqrt(2.0) / np.linalg.norm(b - a, axis=-1))
    return out


# The joints whose depth a body-plane angle rests on, moved together, and the segment
# whose length sets how far.
_PLANE_MOVERS: dict[str, tuple[tuple[str, ...], str]] = {
    **{
        f"{side}_{joint}": ((f"{side}_{joint}",), segment_of(f"{side}_{root}", f"{side}_{joint}"))
        for side in ("left", "right")
        for joint, root in (("elbow", "shoulder"), ("knee", "hip"))
    },
    "shoulders": (("left_shoulder", "right_shoulder"), "left_trunk_side"),
}


def _mover_of(d: AngleDef) -> str:
    return "shoulders" if d.kind == "trunk_plane" else d.points[1]


def _plane_depth_doubt(
    p: FloatArray, vis: NDArray[np.bool_], longest_px: dict[str, FloatArray]
) -> dict[str, FloatArray]:
    """For each body-plane angle, its largest change when its moving joint's depth moves
    by ``DEPTH_DOUBT_90`` of its segment's length, either way (F,)."""
    frames = len(p)
    copies = [p]
    for joints, segment in _PLANE_MOVERS.values():
        a, b = SEGMENTS[segment]
        picture = np.linalg.norm(p[:, a, :2] - p[:, b, :2], axis=-1)
        step = DEPTH_DOUBT_90 * np.fmax(np.nan_to_num(longest_px[segment]), picture)
        for sign in (-1.0, 1.0):
            q = p.copy()
            q[:, [INDEX[j] for j in joints], 2] += sign * step[:, None]
            copies.append(q)
    measured = angles_from_points(
        np.concatenate(copies), np.tile(vis, (len(copies), 1)), gate=False
    )
    movers = list(_PLANE_MOVERS)
    out: dict[str, FloatArray] = {}
    for d in ANGLES:
        if d.kind not in ("limb_plane", "trunk_plane"):
            continue
        v = measured[d.id].reshape(len(copies), frames)
        k = 1 + 2 * movers.index(_mover_of(d))
        change = (v[k : k + 2] - v[0] + 180.0) % 360.0 - 180.0  # across the -180/180 seam
        out[d.id] = np.max(np.abs(change), axis=0)
    return out
