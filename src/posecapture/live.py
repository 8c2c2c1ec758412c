"""The live path of the app: a capture thread and an inference worker.

The camera is read in its own thread so that it is never kept waiting; pose
inference runs in a second thread; the app's drawing thread only receives
finished results. Between the two threads there is ONE slot holding the newest
picture: when inference falls behind, an older picture still in the slot is
replaced and counted as dropped. Nothing queues, so what the child sees never
lags further and further behind what they do.

A camera that stops delivering pictures (unplugged, taken by another app) is
reported as lost; the capture thread keeps trying to get it back and reports it
when it returns, so a session can pause and resume instead of ending.

A third thread, ``LiveSession``, runs the session engine and writes its results
to the store, so the drawing thread never waits for either.

This module imports no UI toolkit: it is plain threading, testable with fake
cameras, measurers, engines and recorders.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import cv2
import numpy as np

from posecapture.errors import CameraLost, SourceError
from posecapture.measurement import MeasurementFrame
from posecapture.sources import CameraSource, Frame, VideoSource

T = TypeVar("T")
E = TypeVar("E", bound="Engine")
R = TypeVar("R", bound="Recorder")

# How long the capture thread waits between attempts to get a lost camera back.
RETRY_S = 1.0
# How long stop() waits for each thread: a camera driver can block in read().
JOIN_TIMEOUT_S = 2.0
# How long LiveSession.stop() waits for the session thread to store the exercise under way.
SESSION_STOP_TIMEOUT_S = 10.0


class Camera(Protocol):
    """What the pipeline needs from a camera (``CameraSource`` and ``VideoCamera`` fit)."""

    fps: float
    width: int
    height: int
    name: str

    def read(self) -> Frame: ...

    def reopen(self) -> bool: ...

    def close(self) -> None: ...


class VideoCamera:
    """A video file that behaves like a camera, for demos, tests and benchmarks.

    Frames are released at their own timestamps (``paced``), as a camera would
    deliver them, and the clip starts again when it ends (a camera never runs
    out). Timestamps keep increasing across loops. Opening checks the file at
    once, so a missing or damaged video is reported before anything starts.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        paced: bool = True,
        loop: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.path = Path(path)
        self._source = VideoSource(self.path)
        self.fps = self._source.fps
        self.width = self._source.width
        self.height = self._source.height
        self.name = self._source.name
        self._paced = paced
        self._loop = loop
        self._clock = clock
        self._frames = iter(self._source)
        self._offset_s = 0.0
        self._last_t = 0.0
        self._index = 0
        self._start: float | None = None

    def read(self) -> Frame:
        frame = next(self._frames, None)
        if frame is None:
            if not self._loop:
                raise CameraLost(f"The video {self.name} has ended.")
            self._restart()
            frame = next(self._frames, None)
            if frame is None:
                raise CameraLost(f"The video {self.name} could not be read again.")
        t = self._offset_s + frame.t_s
        self._last_t = t
        out = Frame(self._index, t, frame.bgr)
        self._index += 1
        if self._paced:
            if self._start is None:
                self._start = self._clock() - t
            wait = self._start + t - self._clock()
            if wait > 0:
                time.sleep(wait)
        return out

    def _restart(self) -> None:
        self._source.close()
        self._offset_s = self._last_t + 1.0 / self.fps
        self._source = VideoSource(self.path)
        self._frames = iter(self._source)

    def reopen(self) -> bool:
        return True

    def close(self) -> None:
        self._source.close()


def open_camera(video: str | Path | None = None, camera: int = 0) -> Camera:
    """The app's camera: a video file used as a camera when given, else camera ``camera``."""
    if video is not None:
        return VideoCamera(video)
    return CameraSource(camera)


@dataclass(frozen=True)
class LiveResult(Generic[T]):
    """One measured picture. Times are ``perf_counter`` seconds, for latency figures."""

    frame: Frame
    value: T
    captured_at: float
    measured_at: float


@dataclass
class LiveStats:
    """Counts since start: what the camera gave, what was measured, what was dropped."""

    captured: int = 0
    measured: int = 0
    dropped: int = 0
    camera_losses: int = 0

    @property
    def dropped_share(self) -> float:
        return self.dropped / self.captured if self.captured else 0.0


class ClipWriter:
    """Keeps the camera picture of one session as a video, only when a parent asked for it.

    The file is created readable by this user only: it shows the child. Frames
    are written as the camera delivers them (before any are dropped for
    inference), so the clip plays at the camera's speed.
    """

    def __init__(self, path: Path, width: int, height: int, fps: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        fourcc = cv2.VideoWriter.fourcc(*"mp4v")
        self._writer = cv2.VideoWriter(str(path), fourcc, fps, (width, height))
        if not self._writer.isOpened():
            raise SourceError(f"The video {path} could not be created. Check the free space.")
        path.chmod(0o600)

    def write(self, frame: Frame) -> None:
        self._writer.write(frame.bgr)

    def close(self) -> None:
        self._writer.release()


class LivePipeline(Generic[T]):
    """Camera -> newest-picture slot -> measurer, each in its own thread.

    ``measure`` turns a frame into whatever the app needs (landmarks and
    angles); it runs in the worker thread. ``on_result`` receives every
    measured picture in the worker thread: the app hands it over to its own
    drawing thread. ``clip``, when given, keeps every camera picture.
    ``on_camera`` receives False when the camera is lost and True when it is
    back, in the capture thread. ``on_error`` receives an
    exception raised by ``measure`` (a bug): the pipeline stops.
    """

    def __init__(
        self,
        camera: Camera,
        measure: Callable[[Frame], T],
        on_result: Callable[[LiveResult[T]], None],
        *,
        on_camera: Callable[[bool], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        clip: ClipWriter | None = None,
        retry_s: float = RETRY_S,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.camera = camera
        self._measure = measure
        self._on_result = on_result
        self._on_camera = on_camera
        self._on_error = on_error
        self._clip = clip
        self._retry_s = retry_s
        self._clock = clock
        self.stats = LiveStats()
        self._slot: tuple[Frame, float] | None = None
        self._ready = threading.Condition()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if self._threads:
            raise RuntimeError("a LivePipeline can be started only once")
        self._threads = [
            threading.Thread(target=self._capture_loop, name="posecapture-capture", daemon=True),
            threading.Thread(target=self._measure_loop, name="posecapture-measure", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop both threads and release the camera. Safe to call twice."""
        self._stopping.set()
        with self._ready:
            self._ready.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(JOIN_TIMEOUT_S)
        self.camera.close()
        if self._clip is not None:
            self._clip.close()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads) and not self._stopping.is_set()

    def _capture_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                frame = self.camera.read()
            except CameraLost:
                self._wait_for_camera()
                continue
            if self._clip is not None:
                self._clip.write(frame)
            with self._ready:
                if self._slot is not None:
                    self.stats.dropped += 1
                self._slot = (frame, self._clock())
                self.stats.captured += 1
                self._ready.notify()

    def _wait_for_camera(self) -> None:
        self.stats.camera_losses += 1
        if self._on_camera is not None:
            self._on_camera(False)
        while not self._stopping.wait(self._retry_s):
            if self.camera.reopen():
                if self._on_camera is not None:
                    self._on_camera(True)
                return

    def _measure_loop(self) -> None:
        while True:
            with self._ready:
                while self._slot is None and not self._stopping.is_set():
                    self._ready.wait()
                if self._stopping.is_set():
                    return
                assert self._slot is not None
                frame, captured_at = self._slot
                self._slot = None
            try:
                value = self._measure(frame)
            except Exception as exc:  # a bug in measurement: report it, stop, never hide it
                self._stopping.set()
                if self._on_error is None:
                    raise
                self._on_error(exc)
                return
            self.stats.measured += 1
            self._on_result(LiveResult(frame, value, captured_at, self._clock()))


class PoseMeasurer:
    """Detect the pose in one frame and measure it; runs in the worker thread.

    The MediaPipe graph is created here, when a session starts, never at import.
    """

    def __init__(self, width: int, height: int, fps: float) -> None:
        from posecapture.analysis import LiveMeasurer
        from posecapture.pose import open_backend

        self._backend = open_backend()
        self._measurer = LiveMeasurer(width, height, fps)

    def __call__(self, frame: Frame) -> MeasurementFrame:
        rgb = np.ascontiguousarray(frame.bgr[:, :, ::-1])
        measured: MeasurementFrame = self._measurer.push(
            frame, self._backend.detect(rgb, frame.t_s)
        )
        return measured

    def close(self) -> None:
        self._backend.close()


class Engine(Protocol):
    """What ``LiveSession`` needs from the session engine (``SessionEngine`` fits)."""

    @property
    def state(self) -> str: ...

    @property
    def done(self) -> bool: ...

    def start(self) -> Sequence[Any]: ...

    def feed(self, frame: MeasurementFrame) -> Sequence[Any]: ...

    def pause(self, reason: str) -> Sequence[Any]: ...

    def resume(self) -> Sequence[Any]: ...

    def stop(self) -> Sequence[Any]: ...


class Recorder(Protocol):
    """What ``LiveSession`` needs from the recorder (``SessionRecorder`` fits)."""

    def handle(self, events: Iterable[Any]) -> None: ...

    def finish(self, status: str) -> None: ...


class LiveSession(Generic[E, R]):
    """The session engine and its recorder, in a thread of their own.

    Everything a session does besides drawing happens in this thread: each measured
    frame is fed to the engine, the engine's events go to the recorder (a rep is one
    committed SQLite row, written the moment it ends) and then to ``publish``, which
    the app uses to hand them to its drawing thread. The app's own requests (the
    child is ready, skip, the child's answers) are posted with ``request`` and run
    here too, in order with the frames, so the engine and the recorder are only
    ever touched by this one thread. sqlite3 connections belong to the thread that
    opened them, so ``open_recorder`` runs here and opens its own connection (the
    store is in WAL mode: the app's connection keeps reading meanwhile); whatever it
    puts on the ``ExitStack`` it receives is closed when the session thread ends.

    Every measured frame is fed: the engine times holds from them, and feeding one
    costs far less than measuring it, so they never pile up. (The picture the app
    draws is handed over separately, newest only.)

    The engine's clock is the camera's own timestamps with the time the camera was
    lost taken out, so a hold is timed by what the camera saw. The engine is paused
    while the camera is lost or a grown-up is in their area, and resumed when
    neither holds.
    """

    def __init__(
        self,
        make_engine: Callable[[Callable[[], float]], E],
        open_recorder: Callable[[contextlib.ExitStack[bool | None]], R],
        publish: Callable[[list[Any]], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._make_engine = make_engine
        self._open_recorder = open_recorder
        self._publish = publish
        self._on_error = on_error
        self._commands: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._opened = threading.Event()
        self._failure: BaseException | None = None
        self.recorder: R | None = None
        self.engine: E | None = None
        # The engine's step as of the last command, for the app to read.
        self.state = "instruction"
        self.camera_ok = True
        self._grownup_here = False
        self._now = 0.0
        self._clock_offset = 0.0
        self._last_t: float | None = None
        self._rebase = False

    def start(self) -> R:
        """Open the recorder and start the engine in the session thread; returns the recorder.

        Waits until the recorder is open, so a store that cannot be written is
        reported here, to the caller, before any camera picture is taken.
        """
        if self._thread is not None:
            raise RuntimeError("a LiveSession can be started only once")
        self._thread = threading.Thread(target=self._run, name="posecapture-session", daemon=True)
        self._thread.start()
        self._opened.wait()
        if self._failure is not None:
            self._thread.join(JOIN_TIMEOUT_S)
            raise self._failure
        assert self.recorder is not None
        return self.recorder

    def feed(self, frame: MeasurementFrame) -> None:
        """A measured frame (from the pose worker)."""
        self._commands.put(("frame", frame))

    def camera(self, present: bool) -> None:
        """The camera was lost (False) or is back (True)."""
        self._commands.put(("camera", present))

    def grownup(self, present: bool) -> None:
        """A grown-up entered (True) or left (False) their area."""
        self._commands.put(("grownup", present))

    def request(self, action: Callable[[E], Sequence[Any]]) -> None:
        """Run ``action(engine)`` in the session thread; its events are recorded and published."""
        self._commands.put(("request", action))

    def stop(self, timeout_s: float = SESSION_STOP_TIMEOUT_S) -> None:
        """End the session (what was done is stored; "incomplete" unless it had finished)
        and wait for the thread. Safe to call twice."""
        if self._thread is None:
            return
        self._commands.put(("stop", None))
        if self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        with contextlib.ExitStack() as stack:
            try:
                self.recorder = self._open_recorder(stack)
                self.engine = self._make_engine(lambda: self._now)
            except BaseException as exc:  # reported to start()'s caller, in its thread
                self._failure = exc
                self._opened.set()
                return
            self._opened.set()
            try:
                self._serve(self.engine, self.recorder)
            except Exception as exc:  # a bug, or a store that failed: report it, never hide it
                self.recorder.finish("incomplete")
                if self._on_error is None:
                    raise
                self._on_error(exc)

    def _serve(self, engine: E, recorder: R) -> None:
        self._handle(engine, recorder, engine.start())
        while True:
            kind, value = self._commands.get()
            if kind == "stop":
                if not engine.done:
                    self._handle(engine, recorder, engine.stop())
                recorder.finish("incomplete")  # no effect if the session had finished
                return
            if kind == "frame":
                self._set_clock(float(value.t_s))
                events = engine.feed(value)
            elif kind == "camera":
                self.camera_ok = bool(value)
                self._rebase = self._rebase or not value
                events = self._sync_pause(engine, "camera lost")
            elif kind == "grownup":
                self._grownup_here = bool(value)
                events = self._sync_pause(engine, "parent" if value else "camera lost")
            else:
                events = value(engine) if not engine.done else []
            self._handle(engine, recorder, events)

    def _handle(self, engine: E, recorder: R, events: Sequence[Any]) -> None:
        self.state = engine.state
        if events:
            recorder.handle(events)
            self._publish(list(events))

    def _sync_pause(self, engine: E, reason: str) -> Sequence[Any]:
        want_paused = self._grownup_here or not self.camera_ok
        if want_paused and engine.state != "paused":
            return engine.pause(reason)
        if not want_paused and engine.state == "paused":
            return engine.resume()
        return []

    def _set_clock(self, t_s: float) -> None:
        if self._rebase and self._last_t is not None:
            self._clock_offset += t_s - self._last_t
            self._rebase = False
        self._last_t = t_s
        self._now = t_s - self._clock_offset
