"""The setup check: what the family is told to fix before the reps start."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from posecapture.landmarks import INDEX
from posecapture.measurement import FrameQuality, MeasurementFrame
from posecapture.session.events import SETUP_HINTS, setup_hint
from posecapture.session.setup_check import SetupThresholds, check_setup, joints_for

GOOD = FrameQuality(
    person_found=True,
    visible_fraction=1.0,
    in_frame=True,
    view="front",
    body_height_frac=0.7,
    brightness=120.0,
)
LIMITS = SetupThresholds()


def frame(quality: FrameQuality = GOOD, hidden: tuple[str, ...] = ()) -> MeasurementFrame:
    image = np.full((33, 4), 100.0)
    image[:, 3] = 0.99
    for name in hidden:
        image[INDEX[name], 3] = 0.1
    return MeasurementFrame(0, 0.0, {}, quality, landmarks_px=image)


def problems(
    f: MeasurementFrame,
    view: str = "front",
    body: str = "whole",
    side: str = "left",
    metric: str = "left_shoulder_flexion",
) -> tuple[str, ...]:
    joints = joints_for(metric)
    return check_setup(f, view=view, body=body, side=side, joints=joints, thresholds=LIMITS)


def test_a_well_placed_child_has_nothing_to_fix() -> None:
    assert problems(frame()) == ()


def test_nobody_in_the_picture_is_the_only_problem_reported() -> None:
    nobody = replace(GOOD, person_found=False, visible_fraction=0.0, in_frame=False)
    assert problems(frame(nobody)) == ("no_person",)


def test_a_dark_room_asks_for_more_light() -> None:
    assert problems(frame(replace(GOOD, brightness=25.0))) == ("more_light",)


def test_a_side_exercise_seen_from_the_front_asks_to_turn_sideways() -> None:
    assert problems(frame(), view="side", body="upper") == ("turn_sideways",)


def test_a_front_exercise_seen_from_the_side_asks_to_face_the_camera() -> None:
    assert problems(frame(replace(GOOD, view="side")), view="front") == ("face_camera",)


@pytest.mark.parametrize("view", ["front", "side"])
def test_an_oblique_view_serves_both_planes_as_the_angles_do(view: str) -> None:
    assert problems(frame(replace(GOOD, view="oblique")), view=view, body="upper") == ()


def test_an_undecided_view_is_not_held_against_the_child() -> None:
    assert problems(frame(replace(GOOD, view="unknown"))) == ()


def test_a_large_body_cut_off_by_the_picture_asks_to_step_back() -> None:
    close = replace(GOOD, in_frame=False, body_height_frac=1.1)
    assert problems(frame(close)) == ("step_back",)


def test_a_small_body_cut_off_by_the_picture_asks_to_move_into_it() -> None:
    aside = replace(GOOD, in_frame=False, body_height_frac=0.6)
    assert problems(frame(aside)) == ("body_not_in_frame",)


def test_a_tiny_figure_far_away_asks_to_come_closer() -> None:
    assert problems(frame(replace(GOOD, body_height_frac=0.2))) == ("come_closer",)


def test_a_far_child_whose_arm_is_not_made_out_hears_come_closer_not_move() -> None:
    far = replace(GOOD, body_height_frac=0.18)
    assert problems(frame(far, hidden=("left_elbow",))) == ("come_closer",)


def test_a_far_child_is_asked_to_come_closer_before_turning() -> None:
    far = replace(GOOD, body_height_frac=0.18)
    assert problems(frame(far), view="side", body="upper") == ("come_closer",)


def test_a_far_child_at_the_edge_of_the_picture_is_asked_to_move_into_it() -> None:
    cut = replace(GOOD, body_height_frac=0.18, in_frame=False)
    assert problems(frame(cut, hidden=("left_ankle",)))[0] == "body_not_in_frame"


def test_a_child_asked_to_come_closer_can_be_found_by_the_zoomed_search() -> None:
    from posecapture.pose.zoom import DETECTOR_REACH, WINDOW_SHARE

    # Below the search's reach nobody is found and the family would hear "we can't see
    # you"; "come closer" must start well above it.
    assert LIMITS.min_body_height >= 2 * DETECTOR_REACH * WINDOW_SHARE


def test_a_child_filling_the_setup_outline_passes_the_size_checks() -> None:
    assert LIMITS.min_body_height < LIMITS.target_body_height < LIMITS.max_body_height
    filled = replace(GOOD, body_height_frac=LIMITS.target_body_height)
    assert problems(frame(filled)) == ()


def test_upper_body_exercise_accepts_legs_out_of_the_picture() -> None:
    legs_cut = replace(GOOD, in_frame=False, view="side")
    hidden = ("left_knee", "right_knee", "left_ankle", "right_ankle")
    assert problems(frame(legs_cut, hidden), view="side", body="upper") == ()


def test_a_raised_arm_may_leave_the_picture_for_a_shoulder_angle() -> None:
    side_on = replace(GOOD, view="side")
    assert problems(frame(side_on, ("left_wrist",)), view="side", body="upper") == ()


def test_an_elbow_angle_needs_the_wrist_in_the_picture() -> None:
    side_on = replace(GOOD, view="side")
    hands_out = frame(side_on, ("left_wrist", "right_wrist"))
    found = problems(hands_out, "side", "upper", metric="left_elbow_flexion")
    assert found == ("body_not_in_frame",)


def test_side_exercise_showing_the_wrong_side_asks_to_turn_around() -> None:
    side_on = replace(GOOD, view="side")
    far_left = ("left_shoulder", "left_elbow", "left_hip", "left_knee", "left_ankle")
    assert problems(frame(side_on, far_left), view="side", side="left") == ("show_other_side",)


def test_front_exercise_needs_both_sides_seen() -> None:
    assert problems(frame(hidden=("right_elbow",)), body="upper") == ("body_not_in_frame",)


@pytest.mark.parametrize("code", sorted(SETUP_HINTS))
def test_every_setup_problem_has_an_english_and_a_spanish_hint(code: str) -> None:
    assert setup_hint(code, "en") and setup_hint(code, "es")
    assert setup_hint(code, "en") != setup_hint(code, "es")
