"""The target figure is posed from the exercise's own angles (geometry only, no window)."""

from __future__ import annotations

import math

import pytest

from posecapture.exercises import load_library
from posecapture.ui.target_pose import highlighted, pose_figure


def direction(start: tuple[float, float], end: tuple[float, float]) -> float:
    """Angle of a limb in degrees: 0 straight down, 90 toward +x, 180 straight up."""
    return math.degrees(math.atan2(end[0] - start[0], start[1] - end[1]))


def test_neutral_figure_has_arms_hanging_down() -> None:
    pose = pose_figure({}, "front")
    for side in ("left", "right"):
        assert direction(pose.shoulders[side], pose.elbows[side]) == pytest.approx(0, abs=1e-9)


def test_side_view_shoulder_flexion_of_90_points_the_arm_forward() -> None:
    pose = pose_figure({"right_shoulder_flexion": 90}, "side")
    assert direction(pose.shoulders["right"], pose.elbows["right"]) == pytest.approx(90)


def test_side_view_shoulder_flexion_of_150_points_the_arm_up_and_forward() -> None:
    pose = pose_figure({"left_shoulder_flexion": 150}, "side")
    assert direction(pose.shoulders["left"], pose.wrists["left"]) == pytest.approx(150)


def test_front_view_abduction_raises_each_arm_to_its_own_side_of_the_mirror() -> None:
    pose = pose_figure({"left_shoulder_abduction": 90, "right_shoulder_abduction": 90}, "front")
    # Mirror view: the child's left arm goes to the screen's left.
    assert direction(pose.shoulders["left"], pose.elbows["left"]) == pytest.approx(-90)
    assert direction(pose.shoulders["right"], pose.elbows["right"]) == pytest.approx(90)


def test_elbow_flexion_bends_the_forearm_away_from_the_upper_arm() -> None:
    pose = pose_figure({"right_shoulder_flexion": 30, "right_elbow_flexion": 90}, "side")
    assert direction(pose.elbows["right"], pose.wrists["right"]) == pytest.approx(120)


def test_positive_head_tilt_moves_the_head_toward_the_childs_right() -> None:
    pose = pose_figure({"head_tilt": 25}, "front")
    assert pose.head[0] > pose.neck[0]


def test_standing_side_view_shows_the_arms_apart_from_the_body() -> None:
    pose = pose_figure({}, "side")
    assert pose.wrists["left"][0] != pose.wrists["right"][0]


def test_knee_flexion_in_side_view_swings_the_shank_backward() -> None:
    pose = pose_figure({"right_hip_flexion": 90, "right_knee_flexion": 90}, "side")
    assert direction(pose.knees["right"], pose.ankles["right"]) == pytest.approx(0, abs=1e-9)


def test_highlight_names_the_limb_of_each_metric() -> None:
    assert highlighted(["right_shoulder_flexion", "head_tilt"]) == {"right_arm", "head"}


def test_unsided_joint_metric_highlights_both_limbs() -> None:
    assert highlighted(["knee_flexion"]) == {"left_leg", "right_leg"}


def test_every_shipped_exercise_poses_without_error_and_differs_from_standing() -> None:
    library = load_library()
    standing = pose_figure({}, "front")
    for exercise in library.exercises.values():
        side = exercise.sides[0]
        pose = pose_figure(exercise.pose_for(side), exercise.view, exercise.metric_ids(side))
        if exercise.kind == "hold_at_target":
            assert (pose.bones(), pose.head, pose.face_turn_deg) != (
                standing.bones(),
                standing.head,
                standing.face_turn_deg,
            ), exercise.id


def test_figure_stands_on_the_ground_when_squatting() -> None:
    pose = pose_figure({"left_knee_flexion": 45, "right_knee_flexion": 45}, "side")
    assert min(p[1] for p in pose.ankles.values()) == pytest.approx(0)
    assert pose.neck[1] < pose_figure({}, "side").neck[1]
