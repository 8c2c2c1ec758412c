"""The ``posture`` and ``movement`` sections of a result: dystonia metrics over a clip.

``summarize_clip`` is called by ``analysis.analyze`` on a whole clip and by the
session engine on the frames of one exercise. It turns per-frame posture angles and
landmark series into JSON-ready numbers, each with how much valid data it had and,
where it gives no number (None, null in JSON), a plain ``reason``.

The TWSTRS bands and the "head held in neutral" time are estimates for the clinical
team to look at beside their own examination, not a diagnosis or a TWSTRS score:
the scale is rated by a clinician watching the patient, from all angles, with
sensory tricks and effort taken into account. A head turned further from the camera
than one camera can measure gives a rotation band marked as a lower bound ("at least
..."), never a confident band that may be too low. docs/metrics.md has every definition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics import movement as mv
from posecapture.kinematics.asymmetry import asymmetry
from posecapture.kinematics.posture import (
    DEPTH_DOUBT_REASON,
    HEAD_TURN_RELIABLE_MAX_DEG,
    NEEDS_PARTS,
    NEEDS_VIEW,
    head_pose,
    parts_seen,
)
from posecapture.kinematics.tremor import Tremor, measure_tremor
from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, FloatArray
from posecapture.measurement import POSTURE_ANGLE_IDS

ESTIMATE_NOTE = (
    "Estimates from one camera for the clinical team, not a diagnosis: TWSTRS-style bands "
    "and times are rated here from landmarks, not by a clinician's examination."
)
# TWSTRS (Consky & Lang 1994) maximal-excursion bands, upper bounds in whole degrees.
TWSTRS_ROTATION_BANDS: tuple[tuple[int, str], ...] = (
    (0, "none"),
    (22, "slight (1-22 degrees)"),
    (45, "mild (23-45 degrees)"),
    (67, "moderate (46-67 degrees)"),
    (10_000, "severe (68-90 degrees)"),
)
TWSTRS_TILT_BANDS: tuple[tuple[int, str], ...] = (
    (0, "none"),
    (15, "mild (1-15 degrees)"),
    (35, "moderate (16-35 degrees)"),
    (10_000, "severe (over 35 degrees)"),
)
# One camera's landmarks put a head or trunk angle within a few degrees at best (image
# angles differ from a multi-camera reference by 5-8 degrees, docs/metrics.md): an
# excursion smaller than this cannot be told from none, so it does not score "slight".
BAND_FLOOR_DEG = 5.0
TWSTRS_BANDS = {"head_rotation": TWSTRS_ROTATION_BANDS, "head_tilt": TWSTRS_TILT_BANDS}
# TWSTRS "time the head is held within 10 degrees of neutral", up to 60 s: lower
# bounds in seconds of each score, 0 (over 60 s) to 4 (under 15 s).
NEUTRAL_DEG = 10.0
NEUTRAL_CAP_S = 60.0
TWSTRS_TIME_BANDS: tuple[tuple[float, int], ...] = ((60.0, 0), (46.0, 1), (31.0, 2), (15.0, 3))
# A gap in the head's measurement shorter than this does not end a neutral hold.
NEUTRAL_MAX_GAP_S = 0.25
# The excursion a band is read from must be held this long: a twitch is not a posture.
SUSTAIN_S = 1.0
BASIS_ALL = "all frames (no holds known: a whole clip)"
BASIS_HOLDS = "hold frames (inside the target window during a rep)"
NO_HOLD = "The position was never held inside the target window, so there is no posture to read."
TREMOR_PARTS = {"head": "nose", "left_wrist": "left_wrist", "right_wrist": "right_wrist"}
NO_TRUNK = "The trunk (shoulders and hips) was not seen, so there is no reference."
_VIEW_WORDS = {"front": "a front or back view", "side": "a side view"}
BEYOND_RANGE_NOTE = (
    f"The head was turned more than {HEAD_TURN_RELIABLE_MAX_DEG:.0f} degrees from the camera "
    "and held there. One camera cannot measure turns that large (the far ear is hidden "
    "and its place guessed, which makes the turn read smaller): the rotation and its band "
    "are lower bounds, the true turn may be larger."
)
TILT_BEYOND_RANGE = (
    f"The head was turned more than {HEAD_TURN_RELIABLE_MAX_DEG:.0f} degrees from the camera, "
    "so its tilt cannot be read from the ears' line."
)


def _band(
    degrees: float, bands: tuple[tuple[int, str], ...], lower_bound: bool = False
) -> dict[str, object]:
    """The band of an excursion; with ``lower_bound`` the band it is at least."""
    if abs(degrees) < BAND_FLOOR_DEG and not lower_bound:
        return {"score": 0, "label": f"none (under {BAND_FLOOR_DEG:.0f} degrees)"}
    whole = round(abs(degrees))
    for score, (upper, label) in enumerate(bands):
        if whole <= upper:
            if lower_bound:
                return {"score": score, "label": f"at least {label}", "lower_bound": True}
            return {"score": score, "label": label}
    raise AssertionError("the last band is open-ended")


def _sustained_max_abs(values: FloatArray, t: FloatArray) -> float:
    """Largest median |angle| over any ``SUSTAIN_S`` window (the whole clip if shorter)."""
    ok = np.isfinite(values)
    v, times = np.abs(values[ok]), t[ok]
    if times[-1] - times[0] < SUSTAIN_S:
        return float(np.median(v))
    ends = np.searchsorted(times, times + SUSTAIN_S)
    whole = times + SUSTAIN_S <= times[-1] + 1e-9
    return max(float(np.median(v[i:end])) for i, end in enumerate(ends) if whole[i])


def _posture_metric(
    angle_id: str,
    values: FloatArray,
    t: FloatArray,
    views: NDArray[np.str_],
    seen_parts: NDArray[np.bool_],
) -> dict[str, object]:
    needs = NEEDS_VIEW[angle_id]
    valid = np.isfinite(values)
    entry: dict[str, object] = {
        "median_deg": None,
        "max_abs_deg": None,
        "sustained_max_abs_deg": None,
        "valid_frames": int(valid.sum()),
        "frames": int(values.size),
        "needs_view": needs,
        "view_frames": int((views == needs).sum()),
        "reason": None,
    }
    if not valid.any():
        if entry["view_frames"] == 0:
            seen = Counter(str(v) for v in views if v != "unknown").most_common(1)
            if seen:
                entry["reason"] = f"Needs {_VIEW_WORDS[needs]}; the camera saw {seen[0][0]} views."
            else:
                entry["reason"] = "No person was seen clearly enough to tell the camera view."
        elif (seen_parts & (views == needs)).any():
            # Seen in the right view, yet no angle: posture_angles withheld it as depth-bound.
            entry["reason"] = DEPTH_DOUBT_REASON
        else:
            entry["reason"] = f"Needs {NEEDS_PARTS[angle_id]} seen clearly in the picture."
        return entry
    entry["median_deg"] = float(np.median(values[valid]))
    entry["max_abs_deg"] = float(np.max(np.abs(values[valid])))
    sustained = _sustained_max_abs(values, t)
    entry["sustained_max_abs_deg"] = sustained
    if angle_id in TWSTRS_BANDS:
        entry["twstrs_band"] = _band(sustained, TWSTRS_BANDS[angle_id])
    return entry


def _rotation_range(
    entry: dict[str, object], at_least: FloatArray, beyond: NDArray[np.bool_], t: FloatArray
) -> None:
    """Mark the rotation as a lower bound where the head was held beyond the reliable range.

    ``at_least`` holds the rotation's signed lower bound in the frames ``beyond`` the
    range (``posture.HeadPose``). Held there for ``SUSTAIN_S``, the band read from the
    largest sustained lower bound is the band the turn is at least in.
    """
    entry["beyond_range_frames"] = int(beyond.sum())
    entry["reliable_max_deg"] = HEAD_TURN_RELIABLE_MAX_DEG
    entry["lower_bound"] = False
    if not beyond.any():
        return
    held = np.where(beyond, 1.0, 0.0)
    if _sustained_max_abs(held, t) < 0.5:
        return
    bound = np.where(beyond, np.abs(at_least), np.nan)
    sustained = _sustained_max_abs(np.where(np.isfinite(bound), bound, 0.0), t)
    entry["lower_bound"] = True
    entry["range_note"] = BEYOND_RANGE_NOTE
    entry["twstrs_band"] = _band(sustained, TWSTRS_ROTATION_BANDS, lower_bound=True)


def _neutral_hold(
    angles: Mapping[str, FloatArray], rotation_at_least: FloatArray, t: FloatArray
) -> dict[str, object]:
    """Longest time the head stayed within ``NEUTRAL_DEG`` of neutral in every angle measured.

    ``rotation_at_least`` stands in for the rotation where an ear was hidden: the head
    turned that far at least is measured, and out of neutral when that is past the limit.
    """
    parts = ["head_tilt", "head_rotation", "head_flexion"]
    stack = np.stack([angles[a] for a in parts])
    stack[1] = np.where(np.isnan(stack[1]), rotation_at_least, stack[1])
    measured = np.isfinite(stack).any(axis=0)
    used = [a for a, row in zip(parts, stack, strict=True) if np.isfinite(row).any()]
    entry: dict[str, object] = {
        "longest_s": None,
        "cap_s": NEUTRAL_CAP_S,
        "still_neutral_at_end": None,
        "angles_used": used,
        "within_deg": NEUTRAL_DEG,
        "twstrs_time_score": None,
        "reason": None,
    }
    if measured.sum() < 2:
        entry["reason"] = "The head's position was not measured in enough frames of a video."
        return entry
    with np.errstate(invalid="ignore"):
        neutral = measured & ~(np.abs(stack) > NEUTRAL_DEG).any(axis=0)
    # Each stretch in neutral: (seconds, censored). A stretch is censored when it ends
    # because the head was lost from view (a gap longer than NEUTRAL_MAX_GAP_S) or the
    # video ended, not because the head left neutral: it may have lasted longer.
    stretches: list[tuple[float, bool]] = []
    start: int | None = None
    last = 0
    for i in range(t.size):
        lost = start is not None and t[i] - t[last] > NEUTRAL_MAX_GAP_S
        if start is not None and (lost or (measured[i] and not neutral[i])):
            stretches.append((float(t[last] - t[start]), lost))
            start = None
        if neutral[i]:
            start = i if start is None else start
            last = i
    if start is not None:
        stretches.append((float(t[last] - t[start]), True))
    longest, censored = max(stretches, default=(0.0, False))
    entry["longest_s"] = min(longest, NEUTRAL_CAP_S)
    entry["still_neutral_at_end"] = bool(censored and longest < NEUTRAL_CAP_S)
    if entry["still_neutral_at_end"]:
        entry["reason"] = (
            "The head was still in neutral when the video ended or it went out of view: "
            "no time score."
        )
    else:
        entry["twstrs_time_score"] = next(
            (score for floor, score in TWSTRS_TIME_BANDS if longest >= floor), 4
        )
    return entry


def _wrist_bend(xy: FloatArray, side: str) -> FloatArray:
    """Angle between forearm and hand in the picture, 0 straight (BlazePose's coarse hand)."""
    forearm = xy[:, INDEX[f"{side}_wrist"]] - xy[:, INDEX[f"{side}_elbow"]]
    hand = (xy[:, INDEX[f"{side}_index"]] + xy[:, INDEX[f"{side}_pinky"]]) / 2 - xy[
        :, INDEX[f"{side}_wrist"]
    ]
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.einsum("ij,ij->i", forearm, hand) / (
            np.linalg.norm(forearm, axis=1) * np.linalg.norm(hand, axis=1)
        )
    result: FloatArray = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    return result


def _limbs_at_rest(
    angles: Mapping[str, FloatArray], xy: FloatArray, quiet: NDArray[np.bool_]
) -> dict[str, object]:
    series: dict[str, FloatArray] = {}
    for side in ("left", "right"):
        for joint in ("elbow_flexion", "knee_flexion"):
            if f"{side}_{joint}" in angles:
                series[f"{side}_{joint}"] = np.asarray(angles[f"{side}_{joint}"], dtype=np.float64)
        series[f"{side}_wrist_bend"] = _wrist_bend(xy, side)
    out: dict[str, object] = {"standing_still_frames": int(quiet.sum())}
    for name, values in series.items():
        v = values[quiet & np.isfinite(values)]
        out[name] = {
            "median_deg": float(np.median(v)) if v.size else None,
            "valid_frames": int(v.size),
            "reason": None
            if v.size
            else "No frames of standing still (feet planted, knees straight) with this joint seen.",
        }
    return out


def _tremor_entry(result: Tremor, cm_per_torso: float) -> dict[str, object]:
    def pct(value: float | None) -> float | None:
        return None if value is None else 100.0 * value

    amplitude_cm = None
    if result.amplitude is not None and np.isfinite(cm_per_torso):
        amplitude_cm = result.amplitude * cm_per_torso
    return {
        "detected": result.detected,
        "dominant_hz": result.dominant_hz,
        "amplitude_pct_torso": pct(result.amplitude),
        "amplitude_cm_approx": amplitude_cm,
        "band_rms_pct_torso": pct(result.band_rms),
        "peak_to_background": result.peak_to_background
        if result.peak_to_background is not None and np.isfinite(result.peak_to_background)
        else None,
        "band_hz": list(result.band_hz) if result.band_hz else None,
        "duration_s": result.duration_s,
        "interpolated_share": result.interpolated_share,
        "reason": result.reason,
    }


def _tremor(raw_image: FloatArray, world: FloatArray, t: FloatArray) -> dict[str, object]:
    """Tremor of head and wrists against the mid-shoulder point, on unfiltered landmarks."""
    xy = mv.seen_xy(raw_image)
    trunk = mv.trunk_frame(xy)
    world_torso = np.linalg.norm(
        (world[:, INDEX["left_shoulder"]] + world[:, INDEX["right_shoulder"]]) / 2
        - (world[:, INDEX["left_hip"]] + world[:, INDEX["right_hip"]]) / 2,
        axis=1,
    )
    world_torso = world_torso[np.isfinite(world_torso)]
    cm_per_torso = 100.0 * float(np.median(world_torso)) if world_torso.size else np.nan
    # From behind MediaPipe still places a nose, guessed from the head's outline (often
    # with high visibility): a head tremor must not follow a guess. Facing away, the
    # nose lies deeper than the ears.
    with np.errstate(invalid="ignore"):
        facing_away = (
            world[:, INDEX["nose"], 2]
            > (world[:, INDEX["left_ear"], 2] + world[:, INDEX["right_ear"], 2]) / 2
        )
    out: dict[str, object] = {}
    for part, landmark in TREMOR_PARTS.items():
        if not np.isfinite(trunk.torso):
            result = _no_reference(NO_TRUNK)
        else:
            offset = trunk.relative(xy, landmark)
            if part == "head":
                offset[facing_away] = np.nan
            facing = np.isfinite(offset).all(axis=1).sum()
            if part == "head" and facing_away.sum() > facing:
                result = _no_reference(
                    "The face was not seen: the child had their back to the camera."
                )
            else:
                result = measure_tremor(t, offset)
        out[part] = _tremor_entry(result, cm_per_torso)
    return out


def _no_reference(reason: str) -> Tremor:
    return Tremor(
        detected=False,
        dominant_hz=None,
        amplitude=None,
        band_rms=None,
        peak_to_background=None,
        band_hz=None,
        duration_s=0.0,
        interpolated_share=0.0,
        reason=reason,
    )


def _smoothness_and_overflow(
    xy: FloatArray, t: FloatArray
) -> tuple[dict[str, object], dict[str, object]]:
    """SPARC of each wrist's movements, and the other wrist's overflow during them."""
    trunk = mv.trunk_frame(xy)
    smooth: dict[str, object] = {}
    overflow: dict[str, object] = {}
    fs = 1.0 / float(np.median(np.diff(t))) if t.size > 1 else 0.0
    reason = None
    if t.size < 2 or fs < mv.SMOOTHNESS_MIN_FPS:
        reason = f"Needs a video of at least {mv.SMOOTHNESS_MIN_FPS:.0f} frames per second."
    elif not np.isfinite(trunk.torso):
        reason = NO_TRUNK
    if reason is not None:
        for side in ("left", "right"):
            smooth[f"{side}_wrist"] = {"sparc_median": None, "movements": 0, "reason": reason}
            overflow[f"{side}_arm_working"] = {
                "median_pct": None,
                "movements": 0,
                "reason": reason,
            }
        return smooth, overflow
    paths = {}
    for side in ("left", "right"):
        _, paths[side], fs = mv.uniform(t, trunk.relative(xy, f"{side}_wrist"))
    for side, other in (("left", "right"), ("right", "left")):
        moves = mv.find_movements(paths[side], fs)
        values = [m.sparc for m in moves]
        smooth[f"{side}_wrist"] = {
            "sparc_median": float(np.median(values)) if values else None,
            "movements": len(values),
            "reason": None if values else "No reaching or raising movement of this arm was found.",
        }
        ratios = [mv.overflow_ratio(paths[other], m) for m in moves]
        ratios = [r for r in ratios if np.isfinite(r)]
        overflow[f"{side}_arm_working"] = {
            "median_pct": 100.0 * float(np.median(ratios)) if ratios else None,
            "movements": len(ratios),
            "reason": None
            if ratios
            else "No movement of this arm with the other wrist seen throughout.",
        }
    return smooth, overflow


def _sway(xy: FloatArray, t: FloatArray, views: NDArray[np.str_]) -> dict[str, object]:
    """Sway of the hip centre over the ankles during the longest stretch of quiet standing."""
    quiet = mv.quiet_standing(xy)
    start, stop = mv.longest_run(quiet)
    entry: dict[str, object] = {
        "direction": None,
        "rms_deg": None,
        "mean_speed_deg_s": None,
        "duration_s": float(t[stop - 1] - t[start]) if stop > start else 0.0,
        "reason": None,
    }
    if stop - start < 2 or t[stop - 1] - t[start] < mv.MIN_QUIET_S:
        entry["reason"] = (
            f"No {mv.MIN_QUIET_S:.0f} s of quiet standing (whole body seen, feet planted, "
            "knees straight)."
        )
        return entry
    view = Counter(str(v) for v in views[start:stop]).most_common(1)[0][0]
    if view not in ("front", "side"):
        entry["reason"] = "Needs a front, back or side view, not a turned one."
        return entry
    angles = mv.sway_angles(xy[start:stop])
    times = t[start:stop]
    entry["direction"] = "side to side" if view == "front" else "forward and back"
    entry["rms_deg"] = float(np.sqrt(np.mean((angles - angles.mean()) ** 2)))
    entry["mean_speed_deg_s"] = float(np.abs(np.diff(angles)).sum() / (times[-1] - times[0]))
    return entry


def summarize_clip(
    angles: Mapping[str, FloatArray],
    raw_image: FloatArray,
    image: FloatArray,
    world: FloatArray,
    timestamps_s: FloatArray,
    views: Sequence[str],
    *,
    hold_mask: NDArray[np.bool_] | None = None,
) -> tuple[dict[str, object], dict[str, object]]:
    """The ``posture`` and ``movement`` sections for the frames given.

    ``angles`` maps angle ids (posture and range-of-motion) to (frames,) degrees;
    ``raw_image`` holds the gated but unfiltered landmarks (tremor needs them),
    ``image`` the filtered ones, ``world`` the world landmarks, all in the layout of
    ``posecapture.landmarks``; ``views`` the camera view of each frame.

    ``hold_mask`` (frames,) marks the frames in which the child was holding still (a
    rep's hold inside the target window): posture is defined from a still stance or a
    hold and tremor during holds, so the posture angles and tremor use only those
    frames, while smoothness and overflow (movements), sway, limbs at rest (their own
    still-standing test), the head's neutral hold (a span of time) and the asymmetry
    (range of motion) use every frame. None (a whole clip with no holds known) uses
    every frame for all, and the posture section's ``basis`` says which was used.
    """
    t = np.asarray(timestamps_s, dtype=np.float64)
    view_array = np.asarray([str(v) for v in views], dtype="<U7")
    frames = t.size
    holding = np.ones(frames, dtype=bool) if hold_mask is None else np.asarray(hold_mask, bool)
    posture: dict[str, object] = {
        "note": ESTIMATE_NOTE,
        "frames": frames,
        "basis": BASIS_ALL if hold_mask is None else BASIS_HOLDS,
        "hold_frames": int(holding.sum()),
        "views": dict(Counter(str(v) for v in view_array)),
    }
    series = {
        angle_id: np.asarray(angles.get(angle_id, np.full(frames, np.nan)), dtype=np.float64)
        for angle_id in POSTURE_ANGLE_IDS
    }
    seen_parts = parts_seen(seen(image))
    entries = {
        angle_id: _posture_metric(
            angle_id,
            values[holding],
            t[holding],
            view_array[holding],
            seen_parts[angle_id][holding],
        )
        for angle_id, values in series.items()
    }
    if not holding.any():
        for entry in entries.values():
            entry["reason"] = NO_HOLD
    head = head_pose(image, world)
    beyond = head.beyond_range & (view_array == NEEDS_VIEW["head_rotation"]) & holding
    at_least = np.where(beyond, head.rotation_at_least, np.nan)
    _rotation_range(entries["head_rotation"], at_least, beyond, t)
    if entries["head_tilt"]["median_deg"] is None and beyond.any():
        entries["head_tilt"]["reason"] = TILT_BEYOND_RANGE
    posture.update(entries)
    posture["head_neutral_hold"] = _neutral_hold(series, at_least, t)
    xy = mv.seen_xy(image)
    posture["limbs_at_rest"] = _limbs_at_rest(angles, xy, mv.quiet_standing(xy))
    posture["asymmetry"] = asymmetry(angles)

    smooth, overflow = _smoothness_and_overflow(xy, t)
    movement: dict[str, object] = {
        "note": ESTIMATE_NOTE,
        "tremor": _tremor(np.where(holding[:, None, None], raw_image, np.nan), world, t),
        "smoothness": smooth,
        "overflow": overflow,
        "sway": _sway(xy, t, view_array),
    }
    return posture, movement
