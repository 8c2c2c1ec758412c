"""LiveMeasurer: the frame-by-frame path that the app, ``session run`` and ``analyze`` share."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import posecapture.pose
from conftest import shared_file
from posecapture.analysis import ANGLE_IDS, LiveMeasurer, analyze
from posecapture.landmarks import INDEX
from posecapture.pose import PoseDetection
from posecapture.sources import Frame
from rom_body import body

BLACK = np.zeros((480, 640, 3), np.uint8)


def detection(**pose: float) -> PoseDetection:
    image, world = body(**pose)
    return PoseDetection(image=image, world=world)


def test_no_person_gives_every_angle_nan_and_no_landmarks() -> None:
    m = LiveMeasurer(640, 480, 30.0).push(Frame(0, 0.0, BLACK), None)
    assert set(m.angles) == set(ANGLE_IDS)
    assert all(math.isnan(v) for v in m.angles.values())
    assert not m.quality.person_found
    assert m.landmarks_px is None and m.raw_px is None and m.world_m is None


def test_a_held_pose_is_measured_with_its_known_angles_and_their_intervals() -> None:
    # Arms out to the sides, elbows bent in the picture's plane, seen from the front.
    measurer = LiveMeasurer(640, 720, 30.0)
    for k in range(10):
        pose = detection(shoulder_abduction=80.0, elbow_flexion=60.0, yaw=10.0)
        m = measurer.push(Frame(k, k / 30, BLACK), pose)
    assert m.angle("left_elbow_flexion") == pytest.approx(60.0, abs=1.0)
    assert m.angle("left_shoulder_abduction") == pytest.approx(80.0, abs=1.0)
    assert m.quality.view == "front"
    assert 0 < m.pm("left_elbow_flexion") < 20
    assert set(m.uncertainty) == set(ANGLE_IDS)


def test_a_turned_body_is_seen_obliquely() -> None:
    measurer = LiveMeasurer(640, 720, 30.0)
    m = measurer.push(Frame(0, 0.0, BLACK), detection(elbow_flexion=60.0, yaw=45.0))
    assert m.quality.view == "oblique"


def test_hidden_landmarks_are_nan_in_the_published_arrays() -> None:
    det = detection()
    det.image[INDEX["left_wrist"], 3] = 0.1
    m = LiveMeasurer(640, 720, 30.0).push(Frame(0, 0.0, BLACK), det)
    assert m.landmarks_px is not None and m.raw_px is not None and m.world_m is not None
    assert np.isnan(m.landmarks_px[INDEX["left_wrist"], :3]).all()
    assert np.isnan(m.raw_px[INDEX["left_wrist"], :3]).all()
    assert np.isnan(m.world_m[INDEX["left_wrist"]]).all()


def test_raw_landmarks_are_not_smoothed() -> None:
    measurer = LiveMeasurer(640, 720, 30.0)
    measurer.push(Frame(0, 0.0, BLACK), detection())
    moved = detection()
    moved.image[:, 0] += 40.0
    m = measurer.push(Frame(1, 1 / 30, BLACK), moved)
    assert m.raw_px is not None and m.landmarks_px is not None
    np.testing.assert_allclose(m.raw_px[:, :2], moved.image[:, :2])
    assert (m.landmarks_px[:, 0] < moved.image[:, 0]).all()  # the smoothed points lag behind


class _FakeBackend:
    """Stands in for MediaPipe: a body that bends its elbow a little more every frame."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection | None:
        self.calls += 1
        if self.calls % 7 == 0:
            return None
        return detection(elbow_flexion=float(self.calls), shoulder_flexion=30.0, yaw=50.0)

    def close(self) -> None:
        pass


def test_analyze_gives_exactly_what_the_live_path_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    clip: Path = shared_file("videos/mediapose_empty_room_no_person.mp4")
    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: _FakeBackend())
    result = analyze(clip)

    fake = _FakeBackend()
    live = LiveMeasurer(result.width, result.height, result.fps)
    expected = [
        live.push(Frame(k, float(t), BLACK), fake.detect(BLACK, float(t)))
        for k, t in enumerate(result.timestamps_s)
    ]
    for angle_id in ("left_elbow_flexion", "right_shoulder_elevation", "left_shoulder_flexion"):
        np.testing.assert_array_equal(
            result.angles[angle_id], np.array([m.angle(angle_id) for m in expected])
        )
    assert result.frames_with_pose == sum(m.quality.person_found for m in expected)
