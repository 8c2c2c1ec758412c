"""Joint-angle math on hand-built bodies whose angles are known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecapture.kinematics.angles import ANGLES, rom_angles
from posecapture.measurement import ROM_ANGLE_IDS
from rom_body import clip


def angles_of(**pose: float) -> dict[str, float]:
    image, world = clip(1, **pose)
    return {k: float(v[0]) for k, v in rom_angles(image, world).items()}


def test_every_rom_angle_id_is_defined_once() -> None:
    assert sorted(d.id for d in ANGLES) == sorted(ROM_ANGLE_IDS)


@pytest.mark.parametrize("flexion", [0.0, 45.0, 90.0, 130.0])
def test_elbow_flexion_matches_the_built_bend(flexion: float) -> None:
    a = angles_of(shoulder_flexion=30.0, elbow_flexion=flexion, yaw=45.0)
    assert a["left_elbow_flexion"] == pytest.approx(flexion, abs=0.5)
    assert a["right_elbow_flexion"] == pytest.approx(flexion, abs=0.5)


@pytest.mark.parametrize("flexion", [0.0, 60.0, 110.0])
def test_knee_flexion_matches_the_built_bend(flexion: float) -> None:
    a = angles_of(knee_flexion=flexion, yaw=80.0)
    assert a["left_knee_flexion"] == pytest.approx(flexion, abs=0.5)


@pytest.mark.parametrize("flexion", [45.0, 90.0, 170.0])
def test_shoulder_flexion_read_from_the_side(flexion: float) -> None:
    a = angles_of(shoulder_flexion=flexion, yaw=90.0)
    assert a["left_shoulder_flexion"] == pytest.approx(flexion, abs=0.5)


def test_shoulder_flexion_is_not_given_from_the_front() -> None:
    assert np.isnan(angles_of(shoulder_flexion=90.0)["left_shoulder_flexion"])


def test_shoulder_abduction_read_from_the_front_and_from_behind() -> None:
    assert angles_of(shoulder_abduction=90.0)["right_shoulder_abduction"] == pytest.approx(90.0)
    behind = angles_of(shoulder_abduction=90.0, yaw=180.0)
    assert behind["right_shoulder_abduction"] == pytest.approx(90.0)


def test_abduction_from_the_side_is_not_given() -> None:
    assert np.isnan(angles_of(shoulder_abduction=90.0, yaw=90.0)["left_shoulder_abduction"])


def test_hip_flexion_is_positive_forward() -> None:
    assert angles_of(hip_flexion=60.0, yaw=-90.0)["left_hip_flexion"] == pytest.approx(60.0)


def test_trunk_lateral_flexion_is_positive_towards_the_left() -> None:
    assert angles_of(trunk_lateral=20.0)["trunk_lateral_flexion"] == pytest.approx(20.0)
    assert angles_of(trunk_lateral=-15.0)["trunk_lateral_flexion"] == pytest.approx(-15.0)


def test_trunk_lateral_flexion_is_measured_against_the_pelvis_not_the_vertical() -> None:
    # An upright trunk over a pelvis whose left side is raised 10 degrees is bent 10
    # degrees towards the left relative to the pelvis; a trunk perpendicular to a
    # tilted pelvis is not bent at all.
    assert angles_of(pelvis_tilt=10.0)["trunk_lateral_flexion"] == pytest.approx(10.0)
    perpendicular = angles_of(pelvis_tilt=12.0, trunk_lateral=-12.0)
    assert perpendicular["trunk_lateral_flexion"] == pytest.approx(0.0, abs=1e-6)


def test_trunk_flexion_ignores_a_sideways_pelvic_tilt() -> None:
    tilted = angles_of(pelvis_tilt=10.0, yaw=-45.0)["trunk_flexion"]
    assert tilted == pytest.approx(angles_of(yaw=-45.0)["trunk_flexion"], abs=1.0)


def test_shoulder_elevation_of_an_arm_held_forward_is_90() -> None:
    assert angles_of(shoulder_flexion=90.0, yaw=60.0)["left_shoulder_elevation"] == pytest.approx(
        90.0, abs=10.0
    )


def test_an_arm_beyond_overhead_does_not_wrap_to_negative() -> None:
    assert angles_of(shoulder_flexion=200.0, yaw=90.0)["left_shoulder_flexion"] == pytest.approx(
        200.0
    )


def test_a_hidden_elbow_gives_no_elbow_or_shoulder_angle() -> None:
    image, world = clip(1, elbow_flexion=60.0, yaw=60.0)
    image[0, 13, 3] = 0.2  # left elbow barely visible
    a = rom_angles(image, world)
    assert np.isnan(a["left_elbow_flexion"][0])
    assert np.isnan(a["left_shoulder_elevation"][0])
    assert a["right_elbow_flexion"][0] == pytest.approx(60.0, abs=0.5)


def test_no_person_gives_nan_everywhere() -> None:
    image = np.full((3, 33, 4), np.nan)
    world = np.full((3, 33, 3), np.nan)
    assert all(np.isnan(v).all() for v in rom_angles(image, world).values())


@settings(max_examples=40, deadline=None)
@given(
    dx=st.floats(-500, 500),
    dy=st.floats(-500, 500),
    scale=st.floats(0.3, 3.0),
    roll=st.floats(-40, 40),
)
def test_joint_angles_do_not_change_when_the_picture_moves_scales_or_rolls(
    dx: float, dy: float, scale: float, roll: float
) -> None:
    image, world = clip(1, shoulder_flexion=50.0, elbow_flexion=70.0, knee_flexion=40.0, yaw=45.0)
    before = rom_angles(image, world)
    r = np.radians(roll)
    rot = np.array([[np.cos(r), -np.sin(r)], [np.sin(r), np.cos(r)]])
    moved = image.copy()
    moved[..., :2] = (image[..., :2] @ rot.T) * scale + np.array([dx, dy])
    moved[..., 2] = image[..., 2] * scale
    world_moved = world.copy()
    world_moved[..., :2] = world[..., :2] @ rot.T
    after = rom_angles(moved, world_moved)
    for k in ("left_elbow_flexion", "right_knee_flexion", "left_shoulder_elevation"):
        assert after[k][0] == pytest.approx(before[k][0], abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(yaw=st.floats(-89, 89))
def test_elbow_flexion_does_not_depend_on_the_way_the_child_faces(yaw: float) -> None:
    assert angles_of(elbow_flexion=80.0, shoulder_flexion=40.0, yaw=yaw)[
        "left_elbow_flexion"
    ] == pytest.approx(80.0, abs=0.5)
