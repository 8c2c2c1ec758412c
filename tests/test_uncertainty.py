"""Range-of-motion angles from the estimate one camera supports best, with 90% intervals.

The bodies are hand-built (``rom_body``); MediaPipe's depth errors are made by hand
in the world landmarks, so each test knows the true angle and the picture's angle.
"""

from __future__ import annotations

import numpy as np
import pytest

import rom_body
from posecapture.kinematics.angles import rom_angles
from posecapture.kinematics.quality import detect_view
from posecapture.kinematics.uncertainty import (
    PICTURE_NOISE_M,
    PICTURE_NOISE_PX,
    ROM_MAX_PM_DEG,
    VIEW_SCALE,
    Z90,
    measure_rom,
)
from posecapture.landmarks import INDEX


def measured(image: np.ndarray, world: np.ndarray, angle_id: str) -> tuple[float, float, bool]:
    """(value, half-width, read flat?) of one angle in the last of the frames given."""
    if image.ndim == 2:
        image, world = image[None], world[None]
    m = measure_rom(image, world)
    return float(m.angles[angle_id][-1]), float(m.pm[angle_id][-1]), bool(m.picture[angle_id][-1])


def picture_angle(image: np.ndarray, a: str, vertex: str, b: str) -> float:
    """The flat angle at ``vertex`` in the picture, from the landmarks' x and y."""
    u = image[INDEX[a], :2] - image[INDEX[vertex], :2]
    v = image[INDEX[b], :2] - image[INDEX[vertex], :2]
    return float(np.degrees(np.arccos(u @ v / np.linalg.norm(u) / np.linalg.norm(v))))


def with_depth(world: np.ndarray, names: tuple[str, ...], dz: float) -> np.ndarray:
    """``world`` with MediaPipe's depth of these landmarks off by ``dz`` metres."""
    wrong = world.copy()
    wrong[[INDEX[n] for n in names], 2] += dz
    return wrong


def test_an_arm_straight_overhead_from_the_front_reads_its_picture_angle_despite_wrong_depth():
    # The arm is raised to 170 degrees in the frontal plane, facing the camera; MediaPipe
    # puts the elbow and hand 12 and 24 cm in front of the body, which turns the 3D angle
    # down by about 20 degrees (as seen on real clips: 150 instead of 166).
    image, world = rom_body.body(shoulder_abduction=170.0)
    wrong = with_depth(with_depth(world, ("left_elbow",), -0.12), ("left_wrist",), -0.12)
    in_picture = picture_angle(image, "left_elbow", "left_shoulder", "left_hip")
    three_d = float(rom_angles(image[None], wrong[None])["left_shoulder_elevation"][0])
    value, pm, flat = measured(image, wrong, "left_shoulder_elevation")
    assert in_picture - three_d > 10  # the depth error is real...
    assert flat and value == pytest.approx(in_picture, abs=5.0)  # ...and does not reach the number
    assert abs(value - 170.0) <= pm < ROM_MAX_PM_DEG


def test_an_elbow_bent_across_the_picture_is_read_flat_with_a_narrow_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=90.0)
    wrong = with_depth(world, ("left_wrist",), 0.08)  # 8 cm of invented depth
    value, pm, flat = measured(image, wrong, "left_elbow_flexion")
    assert flat and value == pytest.approx(90.0, abs=0.01)
    towards = rom_body.body(shoulder_flexion=60.0, elbow_flexion=90.0)  # bends at the camera
    assert pm < measured(*towards, "left_elbow_flexion")[1] / 2


def test_a_bend_towards_the_camera_keeps_the_3d_angle():
    # Upper arm pointing at the camera: the picture shows a short stub and no angle.
    image, world = rom_body.body(shoulder_flexion=80.0, elbow_flexion=60.0)
    value, _, flat = measured(image, world, "left_elbow_flexion")
    assert not flat and value == pytest.approx(60.0, abs=0.5)


def test_foreshortening_against_earlier_frames_catches_depth_that_mediapipe_missed(monkeypatch):
    # First the arm lies across the picture (its whole length is seen), then it swings
    # towards the camera with the elbow bent while MediaPipe's depth stays flat: only the
    # shorter picture length gives the turn away.
    across = rom_body.body(shoulder_abduction=90.0, elbow_flexion=0.0)
    forward = rom_body.body(shoulder_flexion=60.0, elbow_flexion=70.0)
    flat_world = forward[1].copy()
    flat_world[:, 2] = 0.0
    image = np.stack([across[0], forward[0]])
    world = np.stack([across[1], flat_world])
    alone = measured(forward[0], flat_world, "left_elbow_flexion")
    assert alone[2]  # with nothing to compare against, both cues say "flat"...
    monkeypatch.setattr("posecapture.kinematics.uncertainty.ROM_MAX_PM_DEG", 1e9)
    _, pm, flat = measured(image, world, "left_elbow_flexion")
    assert not flat and pm > alone[1]  # ...but the arm was seen longer before
    monkeypatch.undo()
    # With depth that MediaPipe got wrong and nothing else to go on, no number at all.
    assert np.isnan(measured(image, world, "left_elbow_flexion")[0])


def test_a_knee_is_read_flat_from_the_side_and_not_from_the_front():
    # The knee bends in the leg's own (sagittal) plane: across the picture from the side,
    # towards the camera from the front. MediaPipe's depth is 10 cm off at the ankle.
    side, side_world = rom_body.body(hip_flexion=50.0, knee_flexion=70.0, yaw=80.0)
    front, front_world = rom_body.body(hip_flexion=20.0, knee_flexion=40.0, yaw=25.0)
    value, _, flat = measured(
        side, with_depth(side_world, ("left_ankle",), 0.1), "left_knee_flexion"
    )
    assert flat and value == pytest.approx(70.0, abs=3.0)
    assert detect_view(front[None], front_world[None])[0] == "front"
    assert not measured(front, front_world, "left_knee_flexion")[2]


def test_without_the_hip_the_arm_is_measured_against_the_pictures_vertical():
    image, world = rom_body.body(shoulder_abduction=120.0)
    for side in ("left", "right"):
        image[INDEX[f"{side}_hip"], 3] = 0.1
    value, pm, _ = measured(image, world, "left_shoulder_elevation")
    up = image[INDEX["left_elbow"], :2] - image[INDEX["left_shoulder"], :2]
    assert value == pytest.approx(np.degrees(np.arctan2(abs(up[0]), up[1])), abs=0.01)
    assert np.isfinite(pm)


def test_the_picture_noise_alone_sets_the_interval_of_a_flat_right_angle():
    # A right angle across the picture with no depth anywhere: turning either segment out
    # of the picture changes a right angle only a little, so the picture noise dominates.
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=90.0)
    a = rom_body.UPPER_ARM * rom_body.PX_PER_M
    f = rom_body.FOREARM * rom_body.PX_PER_M
    noise = np.hypot(PICTURE_NOISE_PX, PICTURE_NOISE_M * rom_body.PX_PER_M)
    picture_part = Z90 * np.degrees(noise * np.sqrt(2 / a**2 + 2 / f**2)) * VIEW_SCALE["front"]
    _, pm, _ = measured(image, world, "left_elbow_flexion")
    assert picture_part <= pm < picture_part * 1.5


def test_a_child_further_away_gets_a_wider_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    far = image.copy()
    far[:, :3] *= 0.1  # the body fills about 50 pixels: the pixel floor shows
    assert (
        measured(far, world, "left_elbow_flexion")[1]
        > measured(image, world, "left_elbow_flexion")[1] * 1.1
    )


def test_a_doubtful_joint_widens_the_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    doubtful = image.copy()
    doubtful[INDEX["left_wrist"], 3] = 0.55
    assert (
        measured(doubtful, world, "left_elbow_flexion")[1]
        > measured(image, world, "left_elbow_flexion")[1]
    )


def test_moving_the_body_in_the_picture_changes_neither_angles_nor_intervals():
    image, world = rom_body.body(shoulder_flexion=40.0, elbow_flexion=30.0, knee_flexion=20.0)
    moved = image.copy()
    moved[:, :2] += np.array([150.0, -40.0])
    here = measure_rom(image[None], world[None])
    there = measure_rom(moved[None], world[None])
    for angle_id in here.angles:
        assert there.angles[angle_id] == pytest.approx(here.angles[angle_id], abs=1e-6, nan_ok=True)
        assert there.pm[angle_id] == pytest.approx(here.pm[angle_id], rel=1e-6, nan_ok=True)


def test_an_angle_without_a_value_has_no_interval_and_the_others_keep_theirs():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    hidden = image.copy()
    hidden[INDEX["left_wrist"], 3] = 0.1
    m = measure_rom(hidden[None], world[None])
    assert np.isnan(m.angles["left_elbow_flexion"][0]) and np.isnan(m.pm["left_elbow_flexion"][0])
    assert np.isfinite(m.pm["right_elbow_flexion"][0]) and m.pm["right_elbow_flexion"][0] > 0


def test_an_angle_too_unsure_to_use_is_withheld_with_its_interval():
    # A body a few pixels tall: no angle can be told within ROM_MAX_PM_DEG.
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    tiny = image.copy()
    tiny[:, :3] *= 0.01
    m = measure_rom(tiny[None], world[None])
    assert np.isfinite(measure_rom(image[None], world[None]).angles["left_elbow_flexion"][0])
    assert np.isnan(m.angles["left_elbow_flexion"][0]) and np.isnan(m.pm["left_elbow_flexion"][0])
    assert all(not (pm > ROM_MAX_PM_DEG) for pm in m.pm.values())


def test_the_views_scale_is_applied(monkeypatch):
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    before = measured(image, world, "left_elbow_flexion")[1]
    monkeypatch.setitem(VIEW_SCALE, "front", 2 * VIEW_SCALE["front"])
    assert measured(image, world, "left_elbow_flexion")[1] == pytest.approx(2 * before)
