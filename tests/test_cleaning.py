"""Visibility gating and left/right swap repair."""

from __future__ import annotations

import numpy as np

from posecapture.kinematics.cleaning import (
    SwapRepairer,
    gate,
    gate_world,
    repair_swaps,
    swap_sides,
)
from posecapture.landmarks import INDEX, MIRROR
from rom_body import body

LEGS = tuple(INDEX[f"left_{p}"] for p in ("knee", "ankle", "heel", "foot_index"))
T = np.arange(60) / 30.0


def walking(frames: int = 10) -> tuple[np.ndarray, np.ndarray]:
    poses = [
        body(hip_flexion=20.0 * np.sin(k / 3), knee_flexion=30.0, yaw=20.0) for k in range(frames)
    ]
    return np.stack([p[0] for p in poses]), np.stack([p[1] for p in poses])


def test_gate_hides_points_not_seen_and_keeps_visibility() -> None:
    image, _ = body()
    image[INDEX["left_wrist"], 3] = 0.3
    out = gate(image)
    assert np.isnan(out[INDEX["left_wrist"], :3]).all()
    assert out[INDEX["left_wrist"], 3] == 0.3
    assert np.isfinite(out[INDEX["right_wrist"], :3]).all()


def test_gate_world_follows_the_image_visibility() -> None:
    image, world = body()
    image[INDEX["left_knee"], 3] = 0.1
    assert np.isnan(gate_world(world, image)[INDEX["left_knee"]]).all()


def test_mirror_swap_twice_is_identity() -> None:
    image, _ = body(knee_flexion=30.0)
    np.testing.assert_array_equal(swap_sides(swap_sides(image, LEGS), LEGS), image)


def test_legs_labelled_the_wrong_way_for_a_few_frames_are_swapped_back() -> None:
    image, world = walking()
    broken_i, broken_w = image.copy(), world.copy()
    for k in (4, 5, 6):
        broken_i[k] = swap_sides(image[k], LEGS)
        broken_w[k] = swap_sides(world[k], LEGS)
    fixed_i, fixed_w = repair_swaps(broken_i, broken_w, T)
    np.testing.assert_allclose(fixed_i, image)
    np.testing.assert_allclose(fixed_w, world)


def test_ordinary_movement_is_not_swapped() -> None:
    image, world = walking()
    fixed_i, _ = repair_swaps(image, world, T)
    np.testing.assert_array_equal(fixed_i, image)


def test_repairer_reports_which_limbs_it_swapped() -> None:
    image, world = walking(3)
    repairer = SwapRepairer()
    repairer(image[0], world[0], 0.0)
    _, _, swapped = repairer(swap_sides(image[1], LEGS), swap_sides(world[1], LEGS), 1 / 30)
    assert swapped == ["legs"]


def test_mirror_table_pairs_left_with_right() -> None:
    assert MIRROR[INDEX["left_knee"]] == INDEX["right_knee"]
    assert MIRROR[INDEX["nose"]] == INDEX["nose"]


def test_a_swap_lasting_longer_than_mediapipe_flips_is_left_as_labelled() -> None:
    image, world = walking(60)
    broken_i, broken_w = image.copy(), world.copy()
    for k in range(10, 60):  # from 0.33 s to the end: far longer than MAX_SWAP_S
        broken_i[k] = swap_sides(image[k], LEGS)
        broken_w[k] = swap_sides(world[k], LEGS)
    fixed_i, _ = repair_swaps(broken_i, broken_w, T)
    np.testing.assert_allclose(fixed_i[10:40], image[10:40])  # repaired for the first second
    np.testing.assert_allclose(fixed_i[45:], broken_i[45:])  # then MediaPipe is trusted again
