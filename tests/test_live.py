"""The live pipeline: frames dropped rather than queued, camera lost and found, errors surfaced."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from typing import Any

import cv2
import numpy as np
import pytest

from conftest import shared_file
from posecapture.errors import CameraLost, SourceError
from posecapture.live import ClipWriter, LivePipeline, LiveResult, LiveSession, VideoCamera
from posecapture.measurement import FrameQuality, MeasurementFrame
from posecapture.sources import Frame

PICTURE = np.zeros((4, 4, 3), dtype=np.uint8)


class FakeCamera:
    """Delivers ``count`` frames every ``interval_s``; frames in ``lost`` raise CameraLost."""

    fps = 100.0
    width = 4
    height = 4
    name = "fake"

    def __init__(self, count: int, interval_s: float = 0.0, lost: range = range(0)) -> None:
        self.count = count
        self.interval_s = interval_s
        self.lost = lost
        self.index = 0
        self.reopens = 0
        self.closed = False
        self.finished = threading.Event()

    def read(self) -> Frame:
        if self.index >= self.count:
            self.finished.set()
            time.sleep(0.01)
            raise CameraLost("no more frames")
        i = self.index
        self.index += 1
        if i in self.lost:
            raise CameraLost("unplugged")
        time.sleep(self.interval_s)
        return Frame(i, i / self.fps, PICTURE)

    def reopen(self) -> bool:
        self.reopens += 1
        return True

    def close(self) -> None:
        self.closed = True


def run(pipeline: LivePipeline[int], camera: FakeCamera) -> None:
    pipeline.start()
    assert camera.finished.wait(5)
    time.sleep(0.2)
    pipeline.stop()


def test_every_frame_is_measured_when_inference_keeps_up() -> None:
    # A frame every 30 ms, measured in no time: even a busy machine keeps up.
    camera = FakeCamera(15, interval_s=0.03)
    results: list[LiveResult[int]] = []
    pipeline = LivePipeline(camera, lambda f: f.index, results.append, retry_s=0.01)
    run(pipeline, camera)
    assert [r.value for r in results] == list(range(15))
    assert pipeline.stats.dropped == 0


def test_frames_are_dropped_not_queued_when_inference_is_slow() -> None:
    camera = FakeCamera(40, interval_s=0.002)
    results: list[LiveResult[int]] = []

    def slow(frame: Frame) -> int:
        time.sleep(0.02)
        return frame.index

    pipeline = LivePipeline(camera, slow, results.append, retry_s=0.01)
    run(pipeline, camera)
    assert pipeline.stats.dropped > 10
    assert pipeline.stats.measured + pipeline.stats.dropped == pipeline.stats.captured


def test_measured_frames_arrive_in_camera_order() -> None:
    camera = FakeCamera(40, interval_s=0.001)
    results: list[LiveResult[int]] = []
    pipeline = LivePipeline(camera, lambda f: f.index, results.append, retry_s=0.01)
    run(pipeline, camera)
    values = [r.value for r in results]
    assert values == sorted(values)


def test_result_carries_capture_and_measure_times_in_order() -> None:
    camera = FakeCamera(5, interval_s=0.001)
    results: list[LiveResult[int]] = []

    def slowish(frame: Frame) -> int:
        time.sleep(0.005)
        return frame.index

    pipeline = LivePipeline(camera, slowish, results.append, retry_s=0.01)
    run(pipeline, camera)
    assert results
    assert all(r.measured_at - r.captured_at >= 0.004 for r in results)


def test_lost_camera_is_reported_then_reported_back() -> None:
    camera = FakeCamera(20, interval_s=0.001, lost=range(5, 6))
    changes: list[bool] = []
    pipeline = LivePipeline(
        camera, lambda f: f.index, lambda r: None, on_camera=changes.append, retry_s=0.01
    )
    run(pipeline, camera)
    assert changes[:2] == [False, True]
    assert camera.reopens >= 1


def test_frames_keep_coming_after_the_camera_returns() -> None:
    camera = FakeCamera(20, interval_s=0.001, lost=range(5, 6))
    results: list[LiveResult[int]] = []
    pipeline = LivePipeline(camera, lambda f: f.index, results.append, retry_s=0.01)
    run(pipeline, camera)
    assert max(r.value for r in results) == 19


def test_error_in_measurement_reaches_the_app_and_stops_the_pipeline() -> None:
    camera = FakeCamera(1000, interval_s=0.001)
    errors: list[BaseException] = []

    def broken(frame: Frame) -> int:
        raise ZeroDivisionError("bug")

    pipeline = LivePipeline(camera, broken, lambda r: None, on_error=errors.append)
    pipeline.start()
    deadline = time.monotonic() + 5
    while not errors and time.monotonic() < deadline:
        time.sleep(0.01)
    pipeline.stop()
    assert isinstance(errors[0], ZeroDivisionError)
    assert not pipeline.running


def test_stop_releases_the_camera() -> None:
    camera = FakeCamera(3)
    pipeline = LivePipeline(camera, lambda f: f.index, lambda r: None, retry_s=0.01)
    run(pipeline, camera)
    assert camera.closed


def test_missing_video_is_a_plain_error() -> None:
    with pytest.raises(SourceError, match="no such file"):
        VideoCamera("no/such/clip.mp4")


def test_video_camera_loops_with_increasing_timestamps() -> None:
    camera = VideoCamera(shared_file("videos/pose2sim_static_tpose_cam01.mp4"), paced=False)
    times = [camera.read().t_s for _ in range(25)]  # the clip has 11 frames
    camera.close()
    assert all(b > a for a, b in itertools.pairwise(times))


def test_video_camera_never_releases_frames_before_their_timestamps() -> None:
    camera = VideoCamera(shared_file("videos/mediapose_shoulder_flexion_side.mp4"))
    start = time.perf_counter()
    frames = [camera.read() for _ in range(15)]
    elapsed = time.perf_counter() - start
    camera.close()
    # Never faster than a camera would deliver them (a busy machine may be slower).
    assert elapsed >= frames[-1].t_s - frames[0].t_s - 0.005


def test_recording_keeps_every_camera_picture_in_a_private_file(tmp_path) -> None:
    clip = ClipWriter(tmp_path / "clips" / "session_1.mp4", 64, 48, 10.0)
    camera = FakeCamera(12, interval_s=0.001)
    camera.width, camera.height = 64, 48
    picture = np.full((48, 64, 3), 120, dtype=np.uint8)
    camera_read = camera.read
    camera.read = lambda: Frame(camera_read().index, 0.0, picture)  # type: ignore[method-assign]
    pipeline = LivePipeline(camera, lambda f: f.index, lambda r: None, clip=clip, retry_s=0.01)
    run(pipeline, camera)
    reader = cv2.VideoCapture(str(clip.path))
    count = int(reader.get(cv2.CAP_PROP_FRAME_COUNT))
    reader.release()
    assert count == 12
    assert clip.path.stat().st_mode & 0o077 == 0


# -- the session thread: engine and recorder off the drawing thread ------------------


class FakeEngine:
    """Records the thread of every call; one "rep" event per frame fed."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.threads: list[str] = []
        self.times: list[float] = []
        self._paused = False
        self.done = False

    @property
    def state(self) -> str:
        return "paused" if self._paused else "active"

    def _called(self) -> None:
        self.threads.append(threading.current_thread().name)

    def start(self) -> list[Any]:
        self._called()
        return []

    def feed(self, frame: MeasurementFrame) -> list[Any]:
        self._called()
        self.times.append(self.clock())
        return [("rep", frame.index)]

    def pause(self, reason: str) -> list[Any]:
        self._called()
        self._paused = True
        return [("paused", reason)]

    def resume(self) -> list[Any]:
        self._called()
        self._paused = False
        return [("resumed",)]

    def stop(self) -> list[Any]:
        self._called()
        self.done = True
        return [("stopped",)]


class FakeRecorder:
    """Records the thread of every write, and what was written."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.written: list[Any] = []
        self.status: str | None = None
        self.closed = False

    def handle(self, events: Any) -> None:
        self.threads.append(threading.current_thread().name)
        self.written += list(events)

    def finish(self, status: str) -> None:
        self.threads.append(threading.current_thread().name)
        self.status = self.status or status


def measured(index: int, t_s: float) -> MeasurementFrame:
    return MeasurementFrame(index, t_s, {}, FrameQuality(True, 1.0, True, "front", 1.0, 120.0))


def open_session(
    recorder: FakeRecorder, published: list[Any]
) -> tuple[LiveSession[Any, Any], list[FakeEngine]]:
    engines: list[FakeEngine] = []

    def make_engine(clock: Any) -> FakeEngine:
        engines.append(FakeEngine(clock))
        return engines[-1]

    def open_recorder(stack: contextlib.ExitStack[Any]) -> FakeRecorder:
        stack.callback(setattr, recorder, "closed", True)
        return recorder

    session: LiveSession[Any, Any] = LiveSession(make_engine, open_recorder, published.extend)
    session.start()
    return session, engines


def test_the_engine_and_the_recorder_never_run_on_the_calling_thread() -> None:
    recorder = FakeRecorder()
    session, engines = open_session(recorder, [])
    for i in range(5):
        session.feed(measured(i, i / 30))
    session.grownup(True)
    session.grownup(False)
    session.request(lambda engine: engine.feed(measured(9, 0.5)))
    session.stop()
    calls = engines[0].threads + recorder.threads
    assert len(engines[0].threads) == 10  # start, 5 frames, pause, resume, request, stop
    assert set(calls) == {"posecapture-session"}
    assert threading.current_thread().name not in calls


def test_every_event_is_recorded_before_it_is_published() -> None:
    recorder = FakeRecorder()
    published: list[Any] = []

    def publish(events: list[Any]) -> None:
        assert all(event in recorder.written for event in events)
        published.extend(events)

    session: LiveSession[Any, Any] = LiveSession(FakeEngine, lambda stack: recorder, publish)
    session.start()
    for i in range(3):
        session.feed(measured(i, i / 30))
    session.stop()
    assert published[:3] == [("rep", 0), ("rep", 1), ("rep", 2)]


def test_stopping_stores_the_session_as_incomplete_and_closes_the_store() -> None:
    recorder = FakeRecorder()
    session, engines = open_session(recorder, [])
    session.feed(measured(0, 0.0))
    session.stop()
    assert engines[0].done
    assert (recorder.status, recorder.closed) == ("incomplete", True)


def test_the_engine_clock_leaves_out_the_time_the_camera_was_lost() -> None:
    session, engines = open_session(FakeRecorder(), [])
    session.feed(measured(0, 1.0))
    session.camera(False)
    session.camera(True)
    session.feed(measured(1, 61.0))  # a minute without a camera
    session.feed(measured(2, 61.5))
    session.stop()
    assert engines[0].times == [1.0, 1.0, 1.5]


def test_a_grown_up_or_a_lost_camera_pauses_the_engine_until_both_are_back() -> None:
    published: list[Any] = []
    session, _ = open_session(FakeRecorder(), published)
    session.camera(False)
    session.grownup(True)
    session.camera(True)  # the grown-up is still there: stays paused
    session.grownup(False)
    session.stop()
    assert published == [("paused", "camera lost"), ("resumed",), ("stopped",)]


def test_a_store_that_cannot_be_opened_is_reported_by_start() -> None:
    def broken(stack: contextlib.ExitStack[Any]) -> FakeRecorder:
        raise SourceError("The database is damaged.")

    session: LiveSession[Any, Any] = LiveSession(FakeEngine, broken, lambda events: None)
    with pytest.raises(SourceError, match="damaged"):
        session.start()
    assert not session.running
