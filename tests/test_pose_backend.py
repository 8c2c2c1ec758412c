"""The MediaPipe backend: landmarks in the right place, clear errors for bad model files."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from conftest import shared_file
from posecapture.errors import UserError
from posecapture.pose import open_backend


@pytest.mark.slow
def test_yoga_image_matches_mediapipe_expected_landmarks() -> None:
    image = cv2.imread(str(shared_file("images/mediapipe_pose_yoga_warrior2.jpg")))
    expected = json.loads(
        shared_file("ground_truth/mediapipe_pose_yoga_warrior2.expected.json").read_text()
    )
    backend = open_backend(still_image=True)
    try:
        found = backend.detect(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), 0.0)
    finally:
        backend.close()
    assert found is not None
    # MediaPipe's own test tolerances: 15 px per coordinate, 0.2 m in world landmarks.
    assert np.abs(found.image[:, :2] - np.array(expected["landmarks_px"])).max() <= 15.0
    assert np.abs(found.world - np.array(expected["world_landmarks_m"])).max() <= 0.2


def test_missing_task_model_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        open_backend(tmp_path / "pose_landmarker_heavy.task")


def test_invalid_task_model_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.task"
    bad.write_bytes(b"not a model" * 100)
    with pytest.raises(UserError, match="not a valid MediaPipe pose model"):
        open_backend(bad)


def test_points_outside_the_picture_count_as_unseen() -> None:
    from types import SimpleNamespace

    from posecapture.pose.mediapipe_backend import _to_arrays

    inside = SimpleNamespace(x=0.5, y=0.5, z=0.0, visibility=0.9)
    below = SimpleNamespace(x=0.5, y=1.1, z=0.0, visibility=0.73)  # a wrist under the frame
    landmarks = [inside] * 15 + [below] + [inside] * 17
    world = [SimpleNamespace(x=0.0, y=0.0, z=0.0)] * 33
    detection = _to_arrays(landmarks, world, 640, 480)
    assert detection.image[15, 3] == 0.0
    assert detection.image[14, 3] == 0.9
    assert detection.image[15, 1] == pytest.approx(1.1 * 480)  # the position itself is kept
