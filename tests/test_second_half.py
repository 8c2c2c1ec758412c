"""Long clips are measured by two pose trackers at once, one per half (posecapture.second_half).

The fakes stand in for MediaPipe so that what each tracker returns is known: a
stateless one (both trackers give the same answer, so the split must not change
the result), and a tracking one that keeps the first person it finds, as
MediaPipe's tracker does, so a second tracker can pick up somebody else.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import cv2
import numpy as np
import pytest

import posecapture.pose
from posecapture.analysis import _SPLIT_MIN_FRAMES, LiveMeasurer, analyze
from posecapture.landmarks import INDEX
from posecapture.pose import PoseDetection
from posecapture.sources import Frame, VideoSource
from rom_body import body

FPS = 30.0
FRAMES = _SPLIT_MIN_FRAMES + 10
HALF = FRAMES // 2


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clip of numbered grey frames (the frame number is drawn, so every frame differs)."""
    path = tmp_path_factory.mktemp("clip") / "long.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, (320, 240))
    for k in range(FRAMES):
        picture = np.full((240, 320, 3), 90, np.uint8)
        cv2.putText(picture, str(k), (20, 150), cv2.FONT_HERSHEY_SIMPLEX, 3, (255, 255, 255), 5)
        writer.write(picture)
    writer.release()
    return path


def _person(t_s: float, shift_x: float = 0.0, tracker: int = 0) -> PoseDetection:
    """A body whose elbow bends with time; ``tracker`` is written into the nose's depth."""
    image, world = body(elbow_flexion=20.0 + 40.0 * t_s, shoulder_flexion=30.0, yaw=50.0)
    image = image.copy()
    image[:, 0] += shift_x
    image[INDEX["nose"], 2] = tracker
    return PoseDetection(image=image, world=world)


class _Stateless:
    """The same answer for the same moment, whichever tracker is asked."""

    name = "fake"

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection | None:
        return None if round(timestamp_s * FPS) % 11 == 0 else _person(timestamp_s)

    def close(self) -> None:
        pass


class _Tracking:
    """Keeps the first person it finds: the one on the left before the split, on the right after.

    Each tracker stamps its number into its detections, so a test can see which one
    measured a frame.
    """

    opened = itertools.count(1)

    def __init__(self) -> None:
        self.number = next(self.opened)
        self.shift: float | None = None

    name = "fake"

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection:
        if self.shift is None:
            self.shift = 0.0 if timestamp_s < HALF / FPS else 400.0
        return _person(timestamp_s, self.shift, self.number)

    def close(self) -> None:
        pass


def _trackers(result_raw_nose_z: np.ndarray) -> set[int]:
    return {int(z) for z in result_raw_nose_z if np.isfinite(z)}


def test_frames_from_a_start_index_are_exactly_those_of_a_full_pass(clip: Path) -> None:
    full = list(VideoSource(clip))
    later = list(VideoSource(clip).frames(HALF))
    assert [(f.index, f.t_s) for f in later] == [(f.index, f.t_s) for f in full[HALF:]]
    assert all(np.array_equal(a.bgr, b.bgr) for a, b in zip(later, full[HALF:], strict=True))


def test_skipping_to_a_start_index_stops_when_cancelled(clip: Path) -> None:
    calls = itertools.count(1)
    assert list(VideoSource(clip).frames(HALF, cancelled=lambda: next(calls) > 3)) == []


def test_split_clip_gives_exactly_what_one_tracker_gives(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: _Stateless())
    result = analyze(clip)

    live = LiveMeasurer(result.width, result.height, result.fps)
    one = _Stateless()
    expected = [
        live.push(Frame(k, float(t), np.zeros((240, 320, 3), np.uint8)), one.detect(None, t))
        for k, t in enumerate(result.timestamps_s)
    ]
    assert result.frames == FRAMES
    for angle_id in ("left_elbow_flexion", "right_shoulder_elevation"):
        np.testing.assert_array_equal(
            result.angles[angle_id], np.array([m.angle(angle_id) for m in expected])
        )


def test_second_tracker_measures_the_second_half_when_it_finds_the_same_person(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SamePerson(_Tracking):
        def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection:
            return _person(timestamp_s, 0.0, self.number)

    SamePerson.opened = itertools.count(1)
    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: SamePerson())
    result = analyze(clip)
    nose_z = result.raw_px[:, INDEX["nose"], 2]
    assert _trackers(nose_z[:HALF]) == {1}
    assert _trackers(nose_z[HALF:]) == {2}


def test_second_tracker_on_another_person_is_dropped_and_the_first_tracks_on(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _Tracking.opened = itertools.count(1)
    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: _Tracking())
    result = analyze(clip)
    assert _trackers(result.raw_px[:, INDEX["nose"], 2]) == {1}
    assert result.person_jumps_s == []
    assert result.frames_with_pose == FRAMES


def test_a_second_model_that_cannot_start_leaves_the_first_to_measure_everything(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = itertools.count(1)

    def open_backend(*args: object, **kwargs: object) -> _Stateless:
        if next(opened) > 1:
            raise RuntimeError("out of memory for a second model")
        return _Stateless()

    monkeypatch.setattr(posecapture.pose, "open_backend", open_backend)
    result = analyze(clip)
    assert result.frames == FRAMES
    assert result.frames_with_pose == sum(1 for k in range(FRAMES) if k % 11)


def test_progress_counts_both_trackers_and_never_goes_back(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    class SlowFirst(_Stateless):
        """The first tracker is slow, so the second finishes its half meanwhile."""

        def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection | None:
            if threading.current_thread() is threading.main_thread():
                time.sleep(0.01)
            return super().detect(rgb, timestamp_s)

    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: SlowFirst())
    seen: list[tuple[int, int | None]] = []
    analyze(clip, progress=lambda done, total: seen.append((done, total)))
    done = [d for d, _ in seen]
    assert len(done) == FRAMES  # one call per frame
    assert done == sorted(done)
    assert done[-1] == FRAMES
    assert {total for _, total in seen} == {FRAMES}
    # During the first half the bar also counts the second tracker's frames.
    assert any(shown > calls for calls, shown in enumerate(done[:HALF], start=1))


def test_ctrl_c_during_a_split_run_stops_both_trackers(
    clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    class Interrupted(_Stateless):
        """Ctrl+C on the first tracker's fifth frame; the second takes 50 ms a frame, so
        left alone it would still be working seconds later."""

        calls = 0

        def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection | None:
            if threading.current_thread() is threading.main_thread():
                Interrupted.calls += 1
                if Interrupted.calls == 5:
                    raise KeyboardInterrupt
            else:
                time.sleep(0.05)
            return super().detect(rgb, timestamp_s)

    monkeypatch.setattr(posecapture.pose, "open_backend", lambda *a, **k: Interrupted())
    with pytest.raises(KeyboardInterrupt):
        analyze(clip)
    assert not [t for t in threading.enumerate() if t.name == "posecapture-second-half"]
