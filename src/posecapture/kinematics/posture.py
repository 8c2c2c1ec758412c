"""Posture angles of the head, shoulders, trunk and pelvis, frame by frame.

Dystonia twists the body into postures that range of motion alone misses: a head
tilted or turned, one shoulder pulled up, the trunk leaning. These angles measure
them from BlazePose landmarks (docs/metrics.md has each definition, sign and limit).

BlazePose has no neck or head-centre landmark, so the head is built from what it has:

* the ear line (left ear minus right ear) gives the head's roll and, with the nose
  and a head model, its turn (``head_pose``);
* the mid-ear point stands for the head's centre (it lies on the axis the head turns
  about), and the line from the mid-shoulder point to it stands for the neck.

Two references, chosen per angle as clinicians measure them:

* against the body (head on the shoulders or trunk): unchanged when the camera is
  rolled or the child leans, which is what a neck posture should be;
* against gravity (trunk lean, shoulder and pelvis levels): the picture's vertical,
  so the camera must be level. A rolled camera reads as a lean; docs/metrics.md says so.
  These are measured in 3D in the body's own frame (``_body_angles``): seen at a
  slant, a forward bend slants the trunk sideways in the picture, and only the body's
  own frontal plane tells the two apart. Where MediaPipe's coarse depth decides the
  answer (``_depth_doubt``), there is no number.

Every angle is NaN where the camera view cannot show it (frontal-plane angles need
a front or back view, sagittal ones a side view, from ``quality.detect_view``) or a
landmark it needs was not seen. Left and right are the person's own whether they
face the camera or turn their back to it. All functions take whole clips and are
vectorised, so one frame (as ``LiveMeasurer`` calls it) is as cheap as a clip.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.angles import body_points
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

# The head model (docs/metrics.md, "How head rotation is measured"). Seen from above,
# the ears sit on the head's transverse axis and the nose tip lies this many half ear
# spans in front of it. Anthropometric norms (Farkas 1994) give a bitragion breadth of
# about 13 cm in school-age children and 14.5 cm in adults, and a tragion to nose-tip
# depth of 9.5 to 11 cm in front of the ear line: 1.45 to 1.5 half-spans at every age.
# A head whose true ratio differs by 15% reads a 45 degree turn about 4 degrees off;
# turns of 0 and 90 degrees are unaffected.
NOSE_DEPTH_PER_HALF_EAR_SPAN = 1.5
# Beyond this turn from the camera the far ear is behind the head (the pinna stands out
# from the skull by about 30 degrees): MediaPipe then places it from the head's shape,
# closer to the face than it is, and the turn reads too small. A larger reading is a
# lower bound, and the ear line's slope in the picture no longer gives the tilt.
HEAD_TURN_RELIABLE_MAX_DEG = 45.0
# MediaPipe's depth of a segment can hold as little as about half of its true depth
# (docs/angles.md: the knees' bend out of the picture), and its scale is fitted per
# frame: how far depth off by this factor either way moves an angle measured in 3D is
# the depth part of its interval. Square to the camera, or upright, depth hardly
# matters; turned from the camera while bending forward, it decides the angle.
DEPTH_DOUBT_FACTOR = 2.0
# The 90% interval of a posture angle (``measure_posture``): the depth doubt above
# beside a picture floor (the shoulder and hip lines are placed to a few pixels over a
# trunk of a hundred or more), and the widest interval still worth a number: past it
# the reading cannot tell a lean a therapist acts on (10 degrees and more) from none.
POSTURE_PICTURE_PM_DEG = 3.0
POSTURE_MAX_PM_DEG = 10.0
DEPTH_DOUBT_REASON = (
    "The body was turned from the camera while bending or leaning, and one camera cannot "
    "tell a forward bend from a sideways one then; film square to the camera, standing upright."
)
# Fixed-point steps for the tilt's sideways swing of the nose (``head_pose``): each
# step cuts the error about tenfold for tilts up to 35 degrees, 3 reach 0.1 degree.
_TILT_NOSE_ITERATIONS = 3


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


def _wrap(degrees: FloatArray, half_turn: float) -> FloatArray:
    """Angles folded into [-half_turn, half_turn)."""
    result: FloatArray = (degrees + half_turn) % (2 * half_turn) - half_turn
    return result


def _yaw_from_square_on(world: FloatArray, name: str) -> FloatArray:
    """Yaw of a left-right pair's line from square-on to the camera, -90..90 degrees (world).

    Positive when the pair's left point is nearer the camera than for a square-on
    line: the body part is turned toward the person's right. The same holds from
    behind, so front and back views share one sign.
    """
    across = world[:, INDEX[f"left_{name}"]] - world[:, INDEX[f"right_{name}"]]
    return _wrap(_deg(-across[:, 2], across[:, 0]), 90.0)


@dataclass(frozen=True)
class HeadPose:
    """The head's tilt and turn in each frame (degrees; positive toward the person's right).

    ``yaw_to_camera``: the head's turn away from square-on to the camera, the quantity
    the picture measures. ``rotation``: the same turn against the shoulder line (the
    torticollis angle). ``tilt``: the ear line's roll against the shoulder line,
    corrected for the turn; NaN beyond the reliable range. ``roll_to_level``: the ear
    line's roll against the picture's horizontal (the camera assumed level), corrected
    for the turn the same way, positive with the right ear lower; NaN beyond the
    reliable range. ``shift``: the head centre's
    sideways displacement over the shoulders. ``beyond_range``: the head was turned
    more than ``HEAD_TURN_RELIABLE_MAX_DEG`` from the camera, or so far that one ear
    was hidden; ``rotation`` is then a lower bound (NaN with an ear hidden), and
    ``rotation_at_least`` is the signed lower bound in every such frame (with an ear
    hidden: a head at the reliable limit from the camera, against the shoulders).
    """

    yaw_to_camera: FloatArray
    rotation: FloatArray
    tilt: FloatArray
    roll_to_level: FloatArray
    shift: FloatArray
    beyond_range: NDArray[np.bool_]
    rotation_at_least: FloatArray


def head_pose(image: FloatArray, world: FloatArray) -> HeadPose:
    """The head's pose from the face and ears in the picture, or from depth from behind.

    Facing the camera, the turn and tilt come from the picture alone (x and y are
    MediaPipe's precise coordinates; its depth is coarse): in the frame of the
    shoulder line, the ear line's components ``A`` (along it) and ``B`` (across it)
    and the nose's offset from the mid-ear point ``n`` (along it) follow from the
    head model for a head of apparent ear span ``s``, turned by ``t`` and tilted
    by ``r``: ``A = s cos r cos t``, ``B = s sin r`` and ``C = -k n = s sin t``,
    ``k = 2 / NOSE_DEPTH_PER_HALF_EAR_SPAN``. Solved for ``cos t``, this is a quadratic
    in ``cos^2 t`` (``_turn_cosine``). With the back to the camera the nose is hidden,
    and the turn comes from the ear line's direction in MediaPipe's depth instead.
    """
    mask = seen(image)
    xy = np.where(mask[..., None], image[..., :2], np.nan)
    world_seen = np.where(mask[..., None], world, np.nan)

    across = _unit(_point(xy, "left_shoulder") - _point(xy, "right_shoulder"))
    neck = _mid(xy, "ear") - _mid(xy, "shoulder")
    up = np.stack([-across[:, 1], across[:, 0]], axis=-1)
    with np.errstate(invalid="ignore"):
        up = np.where((_dot(up, neck) < 0)[:, None], -up, up)
    ears = _point(xy, "left_ear") - _point(xy, "right_ear")
    along, upward = _dot(ears, across), _dot(ears, up)
    # Head centre displaced toward the person's right (against the x axis): positive.
    shift = _deg(-_dot(neck, across), _dot(neck, up))

    # The picture's right is the person's left when they face the camera.
    with np.errstate(invalid="ignore"):
        facing_camera = across[:, 0] > 0
    nose = _point(xy, "nose") - _mid(xy, "ear")
    nose_along, nose_up = _dot(nose, across), _dot(nose, up)
    cos_turn = np.ones_like(along)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(_TILT_NOSE_ITERATIONS):
            # The nose tip lies below the ear line, so a tilt swings it sideways by
            # nose_up * tan(tilt) * cos(turn), with tan(tilt) = B cos(turn) / A.
            swing = nose_up * upward * cos_turn**2 / along
            turn_sine = -2.0 / NOSE_DEPTH_PER_HALF_EAR_SPAN * (nose_along + swing)
            cos_turn = _turn_cosine(along, upward, turn_sine)
    face_yaw = np.degrees(np.arccos(cos_turn)) * np.sign(turn_sine)
    depth_yaw = _yaw_from_square_on(world_seen, "ear")
    from_face = facing_camera & np.isfinite(face_yaw)
    yaw = np.where(from_face, face_yaw, depth_yaw)
    shoulder_yaw = _yaw_from_square_on(world_seen, "shoulder")
    rotation = _wrap(yaw - shoulder_yaw, 180.0)

    # tan(seen tilt) = tan(tilt) / cos(turn): the turn foreshortens the ear line.
    with np.errstate(invalid="ignore"):
        cos_yaw = np.where(from_face, cos_turn, np.abs(np.cos(np.radians(yaw))))
        tilt = _deg(upward * cos_yaw, along)
        # The same roll against the picture's horizontal, the x axis pointed to the left.
        roll = _deg(-ears[:, 1] * cos_yaw, ears[:, 0] * np.sign(across[:, 0]))
        far = np.abs(yaw) > HEAD_TURN_RELIABLE_MAX_DEG
    one_ear = _one_ear_hidden(mask) & facing_camera & mask[:, INDEX["nose"]]
    beyond = far | one_ear
    # With one ear hidden, the seen one is on the side turned toward the camera.
    ear_side = np.where(mask[:, INDEX["left_ear"]], 1.0, -1.0)
    at_limit = ear_side * HEAD_TURN_RELIABLE_MAX_DEG - shoulder_yaw
    at_least = np.where(one_ear & np.isnan(rotation), at_limit, rotation)
    return HeadPose(
        yaw_to_camera=yaw,
        rotation=rotation,
        tilt=np.where(beyond, np.nan, tilt),
        roll_to_level=np.where(beyond, np.nan, roll),
        shift=shift,
        beyond_range=beyond,
        rotation_at_least=np.where(beyond, at_least, np.nan),
    )


def _turn_cosine(along: FloatArray, upward: FloatArray, turn_sine: FloatArray) -> FloatArray:
    """cos(turn) from the ear line's components and the nose's scaled offset (``head_pose``).

    ``u = cos^2 t`` solves ``B^2 u^2 + (C^2 + A^2 - B^2) u - A^2 = 0``. Of the two ways
    to write its root, each is taken where it does not cancel (the first stays exact
    as the tilt ``B`` goes to 0, where ``tan t = C / A``). ``A < 0``, the ears crossed
    over in the picture, is a head turned to profile or past it: cos 0.
    """
    a2, b2, c2 = along**2, upward**2, turn_sine**2
    p = c2 + a2 - b2
    root = np.sqrt(p**2 + 4.0 * a2 * b2)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = np.where(p >= 0, 2.0 * a2 / (p + root), (root - p) / (2.0 * b2))
        u = np.where(a2 == 0, 0.0, u)
        cosine: FloatArray = np.where(along < 0, 0.0, np.sqrt(np.clip(u, 0.0, 1.0)))
    return cosine


def _one_ear_hidden(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Frames with exactly one ear seen and both shoulders: the head turned toward it."""
    left, right = mask[:, INDEX["left_ear"]], mask[:, INDEX["right_ear"]]
    shoulders = mask[:, INDEX["left_shoulder"]] & mask[:, INDEX["right_shoulder"]]
    result: NDArray[np.bool_] = (left != right) & shoulders
    return result


_UP = np.array([0.0, -1.0, 0.0])
_LS, _RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
_LH, _RH = INDEX["left_hip"], INDEX["right_hip"]


def _elevation(line: FloatArray) -> FloatArray:
    """A left-minus-right line's elevation from the horizontal in 3D, + with its right end higher.

    The vertical component (y points down) against the horizontal length: turning the
    body about the vertical (yaw) changes neither, so a turned body reads no slope.
    """
    return _deg(line[:, 1], np.hypot(line[:, 0], line[:, 2]))


def _body_angles(p: FloatArray, facing: FloatArray) -> dict[str, FloatArray]:
    """Trunk leans and line levels in the body's own frame, from 3D points ``p`` (F, 33, 3).

    The frontal plane is spanned by the vertical (the picture's, the camera being level)
    and the body's left-right direction made horizontal (shoulder line plus hip line,
    depth included); the sagittal plane by the vertical and the horizontal forward
    direction across it. A trunk pitched forward then adds nothing to its sideways lean,
    however the body is turned. Forward points where the person faces: from the side
    MediaPipe's depth order of the two sides is less sure than the nose and toes
    (``facing``), which decide the sign there.
    """
    across = (p[:, _LS] - p[:, _RS]) + (p[:, _LH] - p[:, _RH])
    left = _unit(across * np.array([1.0, 0.0, 1.0]))
    forward = np.cross(left, _UP)
    with np.errstate(invalid="ignore"):
        flip = (np.abs(forward[:, 0]) > 0.5) & (forward[:, 0] * facing < 0)
    forward = np.where(flip[:, None], -forward, forward)
    trunk = (p[:, _LS] + p[:, _RS]) / 2 - (p[:, _LH] + p[:, _RH]) / 2
    height = _dot(trunk, _UP)
    return {
        "trunk_lean_lateral": _deg(-_dot(trunk, left), height),
        "trunk_lean_forward": _deg(_dot(trunk, forward), height),
        "shoulder_elevation_asymmetry": _elevation(p[:, _LS] - p[:, _RS]),
        "pelvic_obliquity": _elevation(p[:, _LH] - p[:, _RH]),
    }


def _depth_doubt(p: FloatArray, facing: FloatArray) -> dict[str, FloatArray]:
    """How far each body-frame angle moves if MediaPipe's depth were off by ``DEPTH_DOUBT_FACTOR``.

    The largest change, in degrees, over depth scaled up and down by the factor. It is
    near 0 for a body square to the camera or standing upright, and large for a body
    turned while bending, where depth alone separates a forward bend from a side lean.
    """
    measured = _body_angles(p, facing)
    doubt = {k: np.zeros_like(v) for k, v in measured.items()}
    for factor in (DEPTH_DOUBT_FACTOR, 1.0 / DEPTH_DOUBT_FACTOR):
        scaled = p * np.array([1.0, 1.0, factor])
        for k, v in _body_angles(scaled, facing).items():
            doubt[k] = np.fmax(doubt[k], np.abs(v - measured[k]))
    return doubt


def parts_seen(mask: NDArray[np.bool_]) -> dict[str, NDArray[np.bool_]]:
    """Per posture angle, the frames in which the landmarks it measures were seen (``NEEDS_PARTS``).

    ``mask`` is ``visibility.seen(image)`` (F, 33). Head rotation and lateral shift are
    gated inside ``head_pose`` and head flexion by NaN points, so they are all True here.
    """

    def both(name: str) -> NDArray[np.bool_]:
        result: NDArray[np.bool_] = mask[:, INDEX[f"left_{name}"]] & mask[:, INDEX[f"right_{name}"]]
        return result

    def either(name: str) -> NDArray[np.bool_]:
        result: NDArray[np.bool_] = mask[:, INDEX[f"left_{name}"]] | mask[:, INDEX[f"right_{name}"]]
        return result

    anything = np.ones(mask.shape[0], dtype=bool)
    return {
        "head_tilt": both("ear") & both("shoulder"),
        "head_rotation": anything,
        "head_flexion": anything,
        "head_lateral_shift": anything,
        "shoulder_elevation_asymmetry": both("shoulder"),
        "trunk_lean_lateral": both("shoulder") & both("hip"),
        "trunk_lean_forward": either("shoulder") & either("hip"),
        "pelvic_obliquity": both("hip"),
    }


def _sagittal_from_vertical(v: FloatArray, facing: FloatArray) -> FloatArray:
    """An upward picture vector's angle from the vertical, + toward where the person faces."""
    return _deg(v[:, 0] * facing, -v[:, 1])


def posture_angles(image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
    """Posture angles in degrees, one (frames,) series per id of ``POSTURE_ANGLE_IDS``;
    ``_posture`` has the details."""
    return _posture(image, world)[0]


def measure_posture(
    image: FloatArray, world: FloatArray
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Posture angles and the half-widths of their 90% intervals (frames,) per id, NaN
    where the angle is: the depth doubt with a picture floor (``POSTURE_PICTURE_PM_DEG``).
    The intervals are not calibrated against a reference (none holds posture angles);
    docs/metrics.md says so."""
    return _posture(image, world)


def _posture(
    image: FloatArray, world: FloatArray
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Posture angles and their 90% half-widths, one (frames,) series per id.

    ``image`` is (frames, 33, 4) and ``world`` (frames, 33, 3) as in
    ``posecapture.landmarks``. NaN where the view or the landmarks cannot support
    the angle (docs/metrics.md). Signs: tilt, lateral shift, rotation and lateral
    lean are positive toward the person's right; shoulder elevation asymmetry and
    pelvic obliquity positive when the right side is higher; flexion and forward
    lean positive forward.

    Trunk leans, shoulder and pelvis levels and the head's tilt are measured in 3D
    (``angles.body_points``: the picture's x and y, MediaPipe's depth) in the body's
    own frame, so a body turned from the camera while bending forward reads no
    sideways lean. Their interval is as wide as a depth error by ``DEPTH_DOUBT_FACTOR``
    would move them (with a picture floor), and they are NaN where that passes
    ``POSTURE_MAX_PM_DEG``: one camera cannot tell then.
    """
    frames = image.shape[0]
    views = detect_view(image, world)
    front = views == "front"
    side = views == "side"
    mask = seen(image)
    xy = np.where(mask[..., None], image[..., :2], np.nan)

    torso = _mid_seen(xy, "shoulder") - _mid_seen(xy, "hip")
    torso_len = np.linalg.norm(torso, axis=-1)
    facing = _facing_sign(xy, torso_len)

    head = head_pose(image, world)
    neck = _mid_seen(xy, "ear") - _mid_seen(xy, "shoulder")
    # The trunk's axes may use MediaPipe's placement of a hidden far shoulder or hip (from
    # the side one of each is always hidden), as ``angles.rom_angles`` does; the angles
    # themselves need the landmarks they measure seen.
    with np.errstate(invalid="ignore", divide="ignore"):
        points = body_points(image, world)
        body = _body_angles(points, facing)
        doubt = _depth_doubt(points, facing)
    # The head's roll against the level comes from the picture and the face (precise,
    # ``head_pose``); the shoulder line's from 3D: their sum is the tilt on the shoulders.
    tilt = head.roll_to_level + body["shoulder_elevation_asymmetry"]

    parts = parts_seen(mask)
    with np.errstate(invalid="ignore"):
        pm = {k: np.hypot(POSTURE_PICTURE_PM_DEG, v) for k, v in doubt.items()}
        certain = {k: v <= POSTURE_MAX_PM_DEG for k, v in pm.items()}
    pm["head_tilt"] = pm["shoulder_elevation_asymmetry"]
    certain["head_tilt"] = certain["shoulder_elevation_asymmetry"] & ~head.beyond_range
    angles = {
        "head_tilt": tilt,
        "head_rotation": head.rotation,
        "head_flexion": _sagittal_from_vertical(neck, facing)
        - _sagittal_from_vertical(torso, facing),
        "head_lateral_shift": head.shift,
        "shoulder_elevation_asymmetry": body["shoulder_elevation_asymmetry"],
        "trunk_lean_lateral": body["trunk_lean_lateral"],
        "trunk_lean_forward": body["trunk_lean_forward"],
        "pelvic_obliquity": body["pelvic_obliquity"],
    }
    supported: dict[str, NDArray[np.bool_]] = {"front": front, "side": side}
    out: dict[str, FloatArray] = {}
    out_pm: dict[str, FloatArray] = {}
    floor = np.full(frames, POSTURE_PICTURE_PM_DEG)
    for angle_id in POSTURE_ANGLE_IDS:
        ok = supported[NEEDS_VIEW[angle_id]] & parts[angle_id] & certain.get(angle_id, True)
        out[angle_id] = np.where(ok, angles[angle_id], np.nan).reshape(frames)
        out_pm[angle_id] = np.where(
            np.isfinite(out[angle_id]), pm.get(angle_id, floor), np.nan
        ).reshape(frames)
    return out, out_pm
