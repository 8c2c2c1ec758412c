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
