"""The 90% intervals of the angles: propagated from picture and depth noise."""

from __future__ import annotations

import numpy as np
import pytest

import rom_body
from posecapture.kinematics.angles import rom_angles
from posecapture.kinematics.quality import detect_view
from posecapture.kinematics.uncertainty import (
    DEPTH_NOISE_M,
    PICTURE_NOISE_M,
    PICTURE_NOISE_PX,
    Z90,
    angle_uncertainty,
    rom_uncertainty,
)
from posecapture.landmarks import INDEX


def pm_of(image: np.ndarray, world: np.ndarray, angle_id: str) -> float:
    return float(rom_uncertainty(image[None], world[None])[angle_id][0])


def shrunk(image: np.ndarray, factor: float) -> np.ndarray:
    small = image.copy()
    small[:, :3] *= factor
    return small


def test_an_elbow_bent_in_the_picture_gets_the_interval_of_its_picture_noise_alone():
    # Abducted arm bent in the frontal plane: no depth in the bend, so only the picture
    # noise of the three points counts.
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=90.0)
    a = rom_body.UPPER_ARM * rom_body.PX_PER_M
    f = rom_body.FOREARM * rom_body.PX_PER_M
    noise = np.hypot(PICTURE_NOISE_PX, PICTURE_NOISE_M * rom_body.PX_PER_M)
    # d(angle): 1/a for the shoulder, 1/f for the wrist, and |(1/a, 1/f)| for the elbow
    # (perpendicular moves); the depth slope of a right angle in the picture is zero.
    expected = Z90 * np.degrees(noise * np.sqrt(2 / a**2 + 2 / f**2))
    assert pm_of(image, world, "left_elbow_flexion") == pytest.approx(expected, rel=0.02)


def test_depth_noise_widens_only_angles_that_rest_on_depth(monkeypatch):
    across = rom_body.body(shoulder_abduction=90.0, elbow_flexion=90.0)
    towards = rom_body.body(shoulder_flexion=90.0, elbow_flexion=60.0)
    before = pm_of(*across, "left_elbow_flexion"), pm_of(*towards, "left_elbow_flexion")
    monkeypatch.setattr("posecapture.kinematics.uncertainty.DEPTH_NOISE_M", 4 * DEPTH_NOISE_M)
    after = pm_of(*across, "left_elbow_flexion"), pm_of(*towards, "left_elbow_flexion")
    assert after[0] == pytest.approx(before[0], rel=1e-3)
    assert after[1] > before[1] * 1.2


def test_a_child_further_away_gets_a_wider_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    near = pm_of(image, world, "left_elbow_flexion")
    # A tenth of the size: the body fills about 50 pixels, and the pixel floor shows.
    far = pm_of(shrunk(image, 0.1), world, "left_elbow_flexion")
    assert far > near * 1.1


def test_a_doubtful_joint_widens_the_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    doubtful = image.copy()
    doubtful[INDEX["left_wrist"], 3] = 0.55
    assert pm_of(doubtful, world, "left_elbow_flexion") > pm_of(image, world, "left_elbow_flexion")


def test_moving_the_body_in_the_picture_does_not_change_the_interval():
    image, world = rom_body.body(shoulder_flexion=40.0, elbow_flexion=30.0, knee_flexion=20.0)
    moved = image.copy()
    moved[:, :2] += np.array([150.0, -40.0])
    here = rom_uncertainty(image[None], world[None])
    there = rom_uncertainty(moved[None], world[None])
    for angle_id in here:
        assert there[angle_id] == pytest.approx(here[angle_id], rel=1e-6, nan_ok=True)


def test_an_angle_without_a_value_has_no_interval():
    image, world = rom_body.body(shoulder_abduction=90.0, elbow_flexion=45.0)
    hidden = image.copy()
    hidden[INDEX["left_wrist"], 3] = 0.1
    views = detect_view(hidden[None], world[None])
    angles = rom_angles(hidden[None], world[None], views)
    pm = angle_uncertainty(hidden[None], world[None], views, angles, 720)
    assert np.isnan(angles["left_elbow_flexion"][0]) and np.isnan(pm["left_elbow_flexion"][0])
    assert np.isfinite(pm["right_elbow_flexion"][0]) and pm["right_elbow_flexion"][0] > 0


def test_an_angle_whose_interval_is_wider_than_the_limit_is_withheld_with_it() -> None:
    from posecapture.kinematics.uncertainty import ROM_MAX_PM_DEG, withhold_unsure

    angles = {"left_elbow_flexion": np.array([40.0, 170.0, np.nan])}
    pm = {"left_elbow_flexion": np.array([12.0, ROM_MAX_PM_DEG + 1.0, np.nan])}
    kept, kept_pm = withhold_unsure(angles, pm)
    assert kept["left_elbow_flexion"][0] == 40.0 and kept_pm["left_elbow_flexion"][0] == 12.0
    assert np.isnan(kept["left_elbow_flexion"][1:]).all()
    assert np.isnan(kept_pm["left_elbow_flexion"][1:]).all()
