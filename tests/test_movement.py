"""Smoothness, overflow, sway, asymmetry and the clip summary on synthetic movement."""

from __future__ import annotations

import numpy as np
import pytest

import synthetic_body as sb
from posecapture.kinematics import movement as mv
from posecapture.kinematics.asymmetry import asymmetry
from posecapture.kinematics.dystonia import summarize_clip
from posecapture.kinematics.posture import NOSE_DEPTH_PER_HALF_EAR_SPAN, posture_angles
from posecapture.kinematics.quality import detect_view
from posecapture.landmarks import INDEX
from posecapture.measurement import POSTURE_ANGLE_IDS

FPS = 30.0


def minimum_jerk(t: np.ndarray, start: float, duration: float) -> np.ndarray:
    """Position 0 -> 1 along a minimum-jerk path (Flash & Hogan 1985)."""
    tau = np.clip((t - start) / duration, 0, 1)
    return 10 * tau**3 - 15 * tau**4 + 6 * tau**5


def speed_of(position: np.ndarray) -> np.ndarray:
    return np.abs(np.gradient(position, 1 / FPS))


def test_sparc_of_a_minimum_jerk_reach_is_about_minus_1_4():
    # Balasubramanian et al. 2015 report about -1.4 for a minimum-jerk speed profile.
    t = np.arange(0, 2, 1 / FPS)
    assert mv.sparc(speed_of(minimum_jerk(t, 0.5, 1.0)), FPS) == pytest.approx(-1.4, abs=0.15)


def test_sparc_is_lower_for_a_reach_broken_into_submovements():
    t = np.arange(0, 3, 1 / FPS)
    smooth = minimum_jerk(t, 0.5, 1.5)
    broken = sum(minimum_jerk(t, 0.5 + 0.5 * k, 0.5) / 3 for k in range(3))
    assert mv.sparc(speed_of(broken), FPS) < mv.sparc(speed_of(smooth), FPS) - 0.5


def test_sparc_does_not_depend_on_how_far_the_hand_goes():
    t = np.arange(0, 2, 1 / FPS)
    reach = minimum_jerk(t, 0.5, 1.0)
    assert mv.sparc(speed_of(3 * reach), FPS) == pytest.approx(mv.sparc(speed_of(reach), FPS))


def reaching_clip(seconds: float = 4.0, other_share: float = 0.0):
    """Standing body raising its right wrist 0.3 m forward-up; the left follows by a share."""
    t = np.arange(0, seconds, 1 / FPS)
    world = np.repeat(sb.standing_world()[None], t.size, axis=0)
    lift = minimum_jerk(t, 1.0, 1.2)
    world[:, INDEX["right_wrist"], 1] -= 0.3 * lift
    world[:, INDEX["left_wrist"], 1] -= 0.3 * other_share * lift
    return t, sb.to_image(world), world


def test_find_movements_finds_one_reach_with_a_smooth_sparc():
    t, image, _ = reaching_clip()
    xy = mv.seen_xy(image)
    _, path, fs = mv.uniform(t, mv.trunk_frame(xy).relative(xy, "right_wrist"))
    moves = mv.find_movements(path, fs)
    assert len(moves) == 1
    assert moves[0].extent == pytest.approx(0.3 / 0.5, rel=0.05)
    assert moves[0].sparc > -2.0


def test_still_arm_has_no_movements():
    t, image, _ = reaching_clip()
    xy = mv.seen_xy(image)
    _, path, fs = mv.uniform(t, mv.trunk_frame(xy).relative(xy, "left_wrist"))
    assert mv.find_movements(path, fs) == []


@pytest.mark.parametrize("share", [0.0, 0.25, 0.5])
def test_overflow_is_the_other_wrists_share_of_the_movement(share):
    t, image, world = reaching_clip(other_share=share)
    _, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, list(detect_view(image, world))
    )
    overflow = movement["overflow"]["right_arm_working"]
    assert overflow["movements"] == 1
    assert overflow["median_pct"] == pytest.approx(100 * share, abs=2.0)


def standing_clip(seconds: float, sway_deg: float, knee_bend: bool = False):
    """Quiet standing with the body swaying side to side as an inverted pendulum at 0.3 Hz."""
    t = np.arange(0, seconds, 1 / FPS)
    base = sb.standing_world()
    ankles = sb.mid(base, "ankle")
    angle = sway_deg * np.sqrt(2) * np.sin(2 * np.pi * 0.3 * t)
    joints = [i for i in range(33) if "ankle" not in sb.NAMES[i] and "heel" not in sb.NAMES[i]]
    joints = [i for i in joints if "foot" not in sb.NAMES[i]]
    world = np.stack([sb.rotate(base, joints, "z", a, ankles) for a in angle])
    if knee_bend:
        world[:, [INDEX["left_knee"], INDEX["right_knee"]], 0] += 0.15
    return t, sb.to_image(world), world


def test_sway_rms_angle_recovered_in_quiet_standing():
    t, image, world = standing_clip(6.0, sway_deg=1.5)
    _, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, list(detect_view(image, world))
    )
    sway = movement["sway"]
    assert sway["direction"] == "side to side"
    assert sway["rms_deg"] == pytest.approx(1.5, rel=0.1)
    assert sway["mean_speed_deg_s"] > 0


def test_no_sway_without_quiet_standing_and_says_why():
    t, image, world = standing_clip(6.0, sway_deg=1.5, knee_bend=True)
    _, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, list(detect_view(image, world))
    )
    assert movement["sway"]["rms_deg"] is None
    assert "quiet standing" in movement["sway"]["reason"]


def test_asymmetry_index_is_positive_when_the_right_side_reaches_further():
    angles = {
        "left_shoulder_flexion": np.array([0, 20, 45, 40.0]),
        "right_shoulder_flexion": np.array([0, 60, 90, 80.0]),
    }
    entry = asymmetry(angles)["shoulder_flexion"]
    assert entry["left_peak_deg"] == 45
    assert entry["index_pct"] == pytest.approx(50.0)


def test_asymmetry_of_two_still_sides_is_not_given():
    angles = {
        "left_knee_flexion": np.array([2, 3, 4.0]),
        "right_knee_flexion": np.array([1, 2, 8.0]),
    }
    entry = asymmetry(angles)["knee_flexion"]
    assert entry["index_pct"] is None
    assert "too little" in entry["reason"]


def test_asymmetry_with_one_side_unmeasured_says_why():
    angles = {
        "left_elbow_flexion": np.array([10, 50, 90.0]),
        "right_elbow_flexion": np.full(3, np.nan),
    }
    entry = asymmetry(angles)["elbow_flexion"]
    assert entry["index_pct"] is None
    assert entry["right_valid_frames"] == 0


def held_head(seconds: float, tilt_deg: np.ndarray | float, fps: float = 10.0):
    t = np.arange(0, seconds, 1 / fps)
    angles = {k: np.zeros(t.size) for k in POSTURE_ANGLE_IDS}
    angles["head_flexion"][:] = np.nan
    angles["trunk_lean_forward"][:] = np.nan
    angles["head_tilt"] = np.broadcast_to(tilt_deg, t.shape).astype(float)
    return t, angles


def summarize_angles(t: np.ndarray, angles: dict) -> tuple[dict, dict]:
    blank = np.full((t.size, 33, 4), np.nan)
    return summarize_clip(angles, blank, blank, blank[..., :3], t, ["front"] * t.size)


@pytest.mark.parametrize(
    ("tilt", "score"), [(0.2, 0), (4.9, 0), (12.0, 1), (15.4, 1), (16.0, 2), (35.0, 2), (36.0, 3)]
)
def test_head_tilt_maps_to_twstrs_bands(tilt, score):
    posture, _ = summarize_angles(*held_head(5.0, tilt))
    assert posture["head_tilt"]["twstrs_band"]["score"] == score


@pytest.mark.parametrize(("rotation", "score"), [(22.0, 1), (23.0, 2), (46.0, 3), (80.0, 4)])
def test_head_rotation_maps_to_twstrs_bands(rotation, score):
    t, angles = held_head(5.0, 0.0)
    angles["head_rotation"] = np.full(t.size, -rotation)
    posture, _ = summarize_angles(t, angles)
    assert posture["head_rotation"]["twstrs_band"]["score"] == score


def test_a_brief_jerk_of_the_head_does_not_set_the_band():
    t, angles = held_head(5.0, 3.0)
    angles["head_tilt"][20:22] = 40.0  # 0.2 s
    posture, _ = summarize_angles(t, angles)
    assert posture["head_tilt"]["max_abs_deg"] == 40.0
    assert posture["head_tilt"]["twstrs_band"]["score"] == 0


def test_time_in_neutral_is_the_longest_stretch_within_10_degrees():
    tilt = np.where((np.arange(0, 70, 0.1) > 10) & (np.arange(0, 70, 0.1) < 30.0), 2.0, 25.0)
    posture, _ = summarize_angles(*held_head(70.0, tilt))
    hold = posture["head_neutral_hold"]
    assert hold["longest_s"] == pytest.approx(20.0, abs=0.2)
    assert hold["twstrs_time_score"] == 3


def test_time_in_neutral_is_capped_at_60_seconds():
    posture, _ = summarize_angles(*held_head(90.0, 1.0))
    hold = posture["head_neutral_hold"]
    assert hold["longest_s"] == 60.0
    assert hold["twstrs_time_score"] == 0


def test_clip_ending_in_neutral_before_60_s_gives_no_time_score():
    posture, _ = summarize_angles(*held_head(20.0, 1.0))
    hold = posture["head_neutral_hold"]
    assert hold["still_neutral_at_end"] is True
    assert hold["twstrs_time_score"] is None
    assert hold["reason"]


def test_posture_entry_without_the_needed_view_says_which_view():
    posture, _ = summarize_angles(*held_head(5.0, 1.0))
    entry = posture["trunk_lean_forward"]
    assert entry["median_deg"] is None
    assert "side view" in entry["reason"]


def test_summary_of_an_empty_clip_gives_reasons_not_errors():
    t = np.empty(0)
    posture, movement = summarize_clip(
        {}, np.empty((0, 33, 4)), np.empty((0, 33, 4)), np.empty((0, 33, 3)), t, []
    )
    assert posture["head_tilt"]["median_deg"] is None
    assert posture["head_neutral_hold"]["reason"]
    assert movement["tremor"]["head"]["reason"]
    assert movement["sway"]["reason"]


def test_summary_is_json_ready():
    import json

    t, image, world = reaching_clip()
    posture, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, list(detect_view(image, world))
    )
    text = json.dumps({"posture": posture, "movement": movement}, allow_nan=False)
    assert "head_tilt" in text


def test_summary_of_a_clip_with_nobody_gives_reasons_not_errors():
    t = np.arange(0, 5, 1 / FPS)
    image, world = np.full((t.size, 33, 4), np.nan), np.full((t.size, 33, 3), np.nan)
    posture, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, ["unknown"] * t.size
    )
    assert posture["head_tilt"]["valid_frames"] == 0
    assert posture["head_tilt"]["reason"].startswith("No person was seen")
    assert "trunk" in movement["tremor"]["left_wrist"]["reason"]
    assert movement["smoothness"]["left_wrist"]["sparc_median"] is None


def test_losing_sight_of_the_head_in_neutral_gives_no_time_score():
    t, angles = held_head(40.0, 2.0)
    angles["head_tilt"][t > 20] = 30.0
    angles["head_tilt"][(t > 20) & (t < 22)] = np.nan
    angles["head_rotation"][(t > 20) & (t < 22)] = np.nan
    hold = summarize_angles(t, angles)[0]["head_neutral_hold"]
    assert hold["longest_s"] == pytest.approx(20.0, abs=0.2)
    assert hold["still_neutral_at_end"] is True
    assert hold["twstrs_time_score"] is None


def test_a_short_gap_in_the_measurement_does_not_end_the_neutral_stretch():
    t, angles = held_head(40.0, 2.0)
    angles["head_tilt"][t > 35] = 30.0
    angles["head_tilt"][(t > 10) & (t < 10.2)] = np.nan
    angles["head_rotation"][(t > 10) & (t < 10.2)] = np.nan
    hold = summarize_angles(t, angles)[0]["head_neutral_hold"]
    assert hold["longest_s"] == pytest.approx(35.0, abs=0.2)
    assert hold["twstrs_time_score"] == 2


def test_reach_seen_from_the_side_with_the_far_shoulder_hidden_is_measured():
    t = np.arange(0, 4, 1 / FPS)
    base = sb.turn_body(sb.standing_world(), 90)
    world = np.repeat(base[None], t.size, axis=0)
    world[:, INDEX["left_wrist"], 0] -= 0.3 * minimum_jerk(t, 1.0, 1.2)  # forward, toward -x
    image = np.stack([sb.side_view_image(w) for w in world])
    xy = mv.seen_xy(image)
    assert np.isnan(xy[:, INDEX["right_shoulder"]]).all()
    _, movement = summarize_clip(
        posture_angles(image, world), image, image, world, t, list(detect_view(image, world))
    )
    assert movement["smoothness"]["left_wrist"]["movements"] == 1


def summarize_turned_head(degrees: float, seconds: float = 3.0, fps: float = 30.0) -> dict:
    """The posture section of a still body holding its head turned by ``degrees``."""
    world = sb.turn_head_right(
        sb.head_with_proportions(sb.standing_world(), NOSE_DEPTH_PER_HALF_EAR_SPAN), degrees
    )
    frames = int(seconds * fps)
    worlds = np.repeat(world[None], frames, axis=0)
    images = sb.to_image(worlds)
    t = np.arange(frames) / fps
    posture, _ = summarize_clip(
        posture_angles(images, worlds), images, images, worlds, t, ["front"] * frames
    )
    return posture


def test_head_held_past_the_reliable_range_gives_a_lower_bound_band():
    rotation = summarize_turned_head(-60.0)["head_rotation"]
    assert rotation["lower_bound"] is True
    assert rotation["beyond_range_frames"] == rotation["frames"]
    assert rotation["twstrs_band"] == {
        "score": 3,
        "label": "at least moderate (46-67 degrees)",
        "lower_bound": True,
    }
    assert "lower bounds" in rotation["range_note"]


def test_head_held_within_the_reliable_range_gives_a_plain_band():
    rotation = summarize_turned_head(30.0)["head_rotation"]
    assert rotation["lower_bound"] is False
    assert rotation["beyond_range_frames"] == 0
    assert rotation["twstrs_band"] == {"score": 2, "label": "mild (23-45 degrees)"}
