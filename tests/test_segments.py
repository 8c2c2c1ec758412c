"""Segment lengths in the picture and the longest each has looked (the foreshortening cue)."""

from __future__ import annotations

import numpy as np
import pytest

import rom_body
from posecapture.kinematics.segments import LongestLengths, picture_lengths, segment_of
from posecapture.landmarks import INDEX


def test_a_segment_across_the_picture_shows_its_length_in_metres():
    image, world = rom_body.body(shoulder_abduction=90.0)
    lengths = picture_lengths(image[None], world[None])
    assert lengths["left_upper_arm"][0] == pytest.approx(rom_body.UPPER_ARM, rel=1e-6)
    assert lengths["right_forearm"][0] == pytest.approx(rom_body.FOREARM, rel=1e-6)


def test_stepping_closer_to_the_camera_does_not_change_the_lengths():
    image, world = rom_body.body(shoulder_abduction=45.0, knee_flexion=30.0)
    closer = image.copy()
    closer[:, :3] *= 2.5
    far = picture_lengths(image[None], world[None])
    near = picture_lengths(closer[None], world[None])
    for name in far:
        assert near[name][0] == pytest.approx(far[name][0], rel=1e-6)


def test_a_segment_pointing_at_the_camera_looks_shorter():
    across = picture_lengths(*(a[None] for a in rom_body.body(shoulder_abduction=90.0)))
    forward = picture_lengths(*(a[None] for a in rom_body.body(shoulder_flexion=60.0)))
    expected = rom_body.UPPER_ARM * np.cos(np.radians(60.0))
    assert forward["left_upper_arm"][0] == pytest.approx(expected, rel=1e-6)
    assert across["left_upper_arm"][0] > forward["left_upper_arm"][0]


def test_an_unseen_end_gives_no_length():
    image, world = rom_body.body()
    image[INDEX["left_wrist"], 3] = 0.2
    lengths = picture_lengths(image[None], world[None])
    assert np.isnan(lengths["left_forearm"][0]) and np.isfinite(lengths["right_forearm"][0])


def test_the_longest_length_only_grows_and_carries_over_between_calls():
    across = rom_body.body(shoulder_abduction=90.0)
    forward = rom_body.body(shoulder_flexion=60.0)
    hidden = rom_body.body(shoulder_abduction=90.0)
    hidden[0][INDEX["left_elbow"], 3] = 0.1
    longest = LongestLengths()
    first = longest(np.stack([forward[0], across[0]]), np.stack([forward[1], across[1]]))
    arm = first["left_upper_arm"]
    assert arm[0] == pytest.approx(rom_body.UPPER_ARM / 2, rel=1e-6)
    assert arm[1] == pytest.approx(rom_body.UPPER_ARM, rel=1e-6)
    later = longest(np.stack([forward[0], hidden[0]]), np.stack([forward[1], hidden[1]]))
    assert later["left_upper_arm"] == pytest.approx([rom_body.UPPER_ARM] * 2, rel=1e-6)
    longest.reset()
    again = longest(forward[0][None], forward[1][None])
    assert again["left_upper_arm"][0] == pytest.approx(rom_body.UPPER_ARM / 2, rel=1e-6)


def test_nothing_seen_yet_gives_no_longest_length():
    image, world = rom_body.body()
    image[:, 3] = 0.0
    assert all(np.isnan(v).all() for v in LongestLengths()(image[None], world[None]).values())


def test_segments_are_named_by_their_ends_in_either_order():
    assert (
        segment_of("left_knee", "left_hip") == segment_of("left_hip", "left_knee") == "left_thigh"
    )
    with pytest.raises(KeyError):
        segment_of("left_hip", "right_knee")
