"""Camera view detection and per-frame quality."""

from __future__ import annotations

import numpy as np
import pytest

from posecapture.kinematics.quality import body_yaw_deg, detect_view, frame_quality
from posecapture.landmarks import INDEX
from rom_body import clip


@pytest.mark.parametrize(
    ("yaw", "view"),
    [(0, "front"), (180, "front"), (15, "front"), (45, "oblique"), (90, "side"), (-80, "side")],
)
def test_view_follows_the_way_the_body_faces(yaw: float, view: str) -> None:
    image, world = clip(1, yaw=yaw)
    assert detect_view(image, world)[0] == view


def test_yaw_grows_as_the_child_turns_away_from_the_camera() -> None:
    yaws = [body_yaw_deg(*clip(1, yaw=y))[0] for y in (0.0, 20.0, 40.0, 70.0, 90.0)]
    assert np.all(np.diff(yaws) > 0)


def test_no_person_is_unknown_view() -> None:
    assert detect_view(np.full((2, 33, 4), np.nan), np.full((2, 33, 3), np.nan)).tolist() == [
        "unknown",
        "unknown",
    ]


def test_quality_of_a_whole_visible_body() -> None:
    image, _ = clip(1)
    q = frame_quality(image[0], "front", 640, 720, 120.0)
    assert q.person_found and q.in_frame
    assert q.visible_fraction == 1.0
    assert q.view == "front"
    assert 0.5 < q.body_height_frac < 1.0


def test_feet_below_the_picture_are_not_in_frame() -> None:
    image, _ = clip(1)
    q = frame_quality(image[0], "front", 640, 480, 120.0)
    assert not q.in_frame


def test_hidden_joints_lower_the_visible_fraction() -> None:
    image, _ = clip(1)
    image[0, [INDEX["left_ankle"], INDEX["right_ankle"], INDEX["left_knee"]], 3] = 0.1
    assert frame_quality(image[0], "front", 640, 720, 120.0).visible_fraction == pytest.approx(
        9 / 12
    )


def test_no_person_quality() -> None:
    q = frame_quality(np.full((33, 4), np.nan), "unknown", 640, 480, 30.0)
    assert not q.person_found and q.visible_fraction == 0.0 and q.brightness == 30.0
