"""One guided session in the app: camera -> pose -> engine -> screens, speech and the store.

The camera and pose inference run in ``posecapture.live``'s threads; their
results are handed to this (the drawing) thread through a small inbox and
taken out at every frame Kivy draws. Feeding a measured frame to the session
engine costs microseconds; the store is written here too because its SQLite
connection belongs to this thread, and a rep is one small committed row.

The engine's clock is the camera's own timestamps (as in ``session run``), so a
hold is timed by what the camera saw, not by how fast this thread drew.

Every rep is written as soon as the engine reports it (``SessionRecorder``), so
closing or killing the app loses at most the rep in progress.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from kivy.clock import Clock

from posecapture.exercises import Exercise, apply_targets
from posecapture.live import ClipWriter, LivePipeline, LiveResult, PoseMeasurer, open_camera
from posecapture.measurement import MeasurementFrame
from posecapture.session.events import (
    CountdownTick,
    Event,
    ExerciseCompleted,
    HoldProgress,
    Instruction,
    Paused,
    RepCompleted,
    Resumed,
    SessionCompleted,
    SetupStatus,
    StepChanged,
)
from posecapture.session.recorder import SessionRecorder

if TYPE_CHECKING:
    from posecapture.ui.app import PoseCaptureApp

# Engine step -> the screen that shows it.
STEP_SCREENS: dict[str, str] = {
    "instruction": "instruction",
    "setup": "setup",
    "countdown": "live",
    "active": "live",
    "rest": "rest",
    "self_report": "feelings",
    "paused": "paused",
    "done": "thanks",
}
# How long the reward stays up before the rest screen (a tap moves on sooner).
REWARD_S = 3.5
# The same setup hint is not spoken again within this many seconds.
REPEAT_HINT_S = 6.0
# Latency figures kept for the benchmark (the newest ones).
LATENCY_SAMPLES = 5000


class SessionController:
    """Drives one session; the app calls ``start``, ``pause``/``resume``, ``stop`` and ``close``."""

    def __init__(self, app: PoseCaptureApp, plan: list[Exercise], child_id: int) -> None:
        assert app.store is not None
        self.app = app
        self.store = app.store
        self.child_id = child_id
        self.plan = apply_targets(plan, self.store.targets(child_id))
        self.exercises = {e.id: e for e in self.plan}
        self.exercise: Exercise | None = None
        self.side: str | None = None
        self.step = "instruction"
        self.finished = False
        self.complete = False
        self.latencies_s: collections.deque[float] = collections.deque(maxlen=LATENCY_SAMPLES)
        self._inbox: collections.deque[tuple[str, Any]] = collections.deque()
        self._on_screen_since: float | None = None
        self._now = 0.0
        # The engine's clock: camera time with any gap while the camera was lost taken out,
        # so a rep's hold is not cut short by the minutes the camera was unplugged.
        self._clock_offset = 0.0
        self._last_t: float | None = None
        self._rebase = False
        self._camera_ok = True
        self._parent_here = False
        self._reward_pending = False
        self._showing_reward = False
        self._last_hint: tuple[tuple[str, ...], float] = ((), -1e9)
        self._pump_event: Any = None
        self.pipeline: LivePipeline[MeasurementFrame] | None = None
        self.recorder: SessionRecorder | None = None
        self.engine: Any = None
        self._measurer: PoseMeasurer | None = None
        self._closed = threading.Event()

    # -- starting and stopping ------------------------------------------------------

    def start(self) -> None:
        """Open the camera (a plain ``UserError`` if it cannot), start the session and threads."""
        from posecapture.kinematics import METRIC_VERSION
        from posecapture.session.engine import SessionEngine

        camera = open_camera(self.app.video, self.app.camera_index)
        try:
            self._measurer = PoseMeasurer(camera.width, camera.height, camera.fps)
        except BaseException:
            camera.close()
            raise
        routine = self.app.routine_id()
        session_id = self.store.start_session(
            self.child_id,
            plan_id=routine,
            plan_kind="routine",
            source=camera.name,
            metric_version=METRIC_VERSION,
        )
        self.recorder = SessionRecorder(self.store, session_id)
        clip = None
        if self.app.recording_wanted():
            clip = ClipWriter(
                self.app.clip_path(session_id), camera.width, camera.height, camera.fps
            )
            self.app.recording_done()
        self.engine = SessionEngine(self.plan, clock=lambda: self._now, language=self.app.language)
        self.pipeline = LivePipeline(
            camera,
            self._measurer,
            lambda result: self._inbox.append(("frame", result)),
            on_camera=lambda present: self._inbox.append(("camera", present)),
            on_error=lambda exc: self._inbox.append(("error", exc)),
            clip=clip,
        )
        self._react(self.engine.start())
        self.pipeline.start()
        self._pump_event = Clock.schedule_interval(self._pump, 0)

    @property
    def session_id(self) -> int | None:
        return self.recorder.session_id if self.recorder else None

    def pause(self, reason: str) -> None:
        """A grown-up stepped in (``reason`` "parent"): freeze the session until ``resume``."""
        self._parent_here = True
        self._sync_pause(reason)

    def resume(self) -> None:
        self._parent_here = False
        self._sync_pause("camera lost")
        if not self._camera_ok:
            self.app.go("paused")

    def proceed(self) -> None:
        """The child is ready before the instruction time is up."""
        if self.engine is not None and not self.finished:
            self._react(self.engine.proceed())

    def _sync_pause(self, reason: str) -> None:
        """Paused while a grown-up is in their area or the camera is lost; running otherwise."""
        if self.engine is None or self.finished:
            return
        want_paused = self._parent_here or not self._camera_ok
        if want_paused and self.engine.state != "paused":
            self._react(self.engine.pause(reason))
        elif not want_paused and self.engine.state == "paused":
            self._react(self.engine.resume())

    def skip(self) -> None:
        """Skip the current exercise side (the grown-ups' area offers it)."""
        if self.engine is not None and not self.finished:
            self._react(self.engine.skip())

    def submit_self_report(self, pain: int | None, helped: str, hurt: str, wants_more: str) -> None:
        self._react(
            self.engine.submit_self_report(
                pain=pain, difficulty=None, helped=helped, hurt=hurt, wants_more=wants_more
            )
        )

    def skip_self_report(self) -> None:
        self._react(self.engine.skip_self_report())

    def stop(self) -> None:
        """End early: the engine closes what was going on, the session is stored incomplete."""
        if self.engine is not None and not self.finished:
            self._react(self.engine.stop())
        if self.recorder is not None:
            self.recorder.finish("complete" if self.complete else "incomplete")
        self.close()

    def close(self) -> None:
        """Release the camera, the pose model and the drawing callback. Safe to call twice."""
        if self._closed.is_set():
            return
        self._closed.set()
        if self._pump_event is not None:
            self._pump_event.cancel()
        if self.pipeline is not None:
            self.pipeline.stop()
        if self._measurer is not None:
            self._measurer.close()

    # -- the drawing thread's work ----------------------------------------------------

    def _pump(self, _dt: float) -> None:
        if self._on_screen_since is not None:
            # The picture drawn last time has been through a full draw and buffer swap
            # by now: that is when the child saw it.
            self.latencies_s.append(time.perf_counter() - self._on_screen_since)
            self._on_screen_since = None
        latest: LiveResult[MeasurementFrame] | None = None
        while self._inbox and not self._closed.is_set():
            kind, value = self._inbox.popleft()
            if kind == "frame":
                latest = value
                self._set_clock(float(value.value.t_s))
                self._react(self.engine.feed(value.value))
            elif kind == "camera":
                self._camera_ok = bool(value)
                self._rebase = self._rebase or not value
                self._sync_pause("camera lost")
            else:
                raise value
        if latest is not None and not self._closed.is_set():
            self._draw(latest)

    def _set_clock(self, t_s: float) -> None:
        if self._rebase and self._last_t is not None:
            self._clock_offset += t_s - self._last_t
            self._rebase = False
        self._last_t = t_s
        self._now = t_s - self._clock_offset

    def _draw(self, result: LiveResult[MeasurementFrame]) -> None:
        screen = self.app.manager.current_screen if self.app.manager else None
        view = getattr(screen, "camera_view", None)
        if view is None:
            return
        view.show(result.frame.bgr, result.value.landmarks_px)
        self._on_screen_since = result.captured_at

    # -- events -> screens, speech and the store --------------------------------------

    def _react(self, events: list[Event]) -> None:
        if not events:
            return
        assert self.recorder is not None
        self.recorder.handle(events)
        for event in events:
            self._show(event)

    def _show(self, event: Event) -> None:
        app = self.app
        if isinstance(event, StepChanged):
            self._step(event)
        elif isinstance(event, Instruction):
            self.exercise = self.exercises.get(event.exercise_id)
            self.side = event.side
            app.screen("instruction").show(self.exercise, event.side, event.text)
            app.say(event.speech.get(app.language, ""))
        elif isinstance(event, SetupStatus):
            app.screen("setup").show_status(event)
            self._speak_hint(event)
        elif isinstance(event, CountdownTick):
            app.screen("live").countdown(event.seconds_left)
            if event.seconds_left > 0:
                app.say(str(event.seconds_left))
        elif isinstance(event, HoldProgress):
            app.screen("live").progress(event, self.exercise)
        elif isinstance(event, RepCompleted):
            app.screen("live").rep_done(event.result)
            if event.result.completed:
                app.say(app.tr("rep_done"))
        elif isinstance(event, ExerciseCompleted):
            if event.result.reps_done > 0:
                app.stars += 1
                self._reward_pending = True
        elif isinstance(event, Paused):
            app.screen("paused").show_reason(event.reason)
            if app.current != "grownups":
                app.go("paused")
        elif isinstance(event, Resumed) and not self._showing_reward:
            app.go(STEP_SCREENS.get(self.step, "live"))
        elif isinstance(event, SessionCompleted):
            self.finished = True
            self.complete = event.complete
            app.go("thanks")
            app.screen("thanks").show_end(event.complete)
            app.say(app.tr("thanks", name=app.child.get("name", "")))
            # Release the camera after this frame's events are handled.
            Clock.schedule_once(lambda _dt: app.session_over(self), 0)

    def _step(self, event: StepChanged) -> None:
        app = self.app
        if event.step == "paused":
            return  # the Paused event carries the reason and shows the screen
        self.step = event.step
        if event.exercise_id:
            self.exercise = self.exercises.get(event.exercise_id, self.exercise)
            self.side = event.side
        if app.current == "grownups" or self.finished:
            return
        if event.step in ("rest", "self_report") and self._reward_pending:
            self._reward_pending = False
            self._show_reward()
            return
        if self._showing_reward:
            return  # reward_seen() shows whatever step the engine has reached
        if event.step in ("countdown", "active", "setup"):
            app.screen("live").prepare(self.exercise, self.side, event.step)
            app.screen("setup").prepare(self.exercise, self.side)
        if event.step == "rest":
            app.screen("rest").prepare(self.exercise)
        app.go(STEP_SCREENS[event.step])

    def _show_reward(self) -> None:
        self._showing_reward = True
        self.app.screen("reward").prepare(self.exercise)
        self.app.go("reward")
        self.app.say(self.app.tr("star_earned"))
        Clock.schedule_once(lambda _dt: self.reward_seen(), REWARD_S)

    def reward_seen(self) -> None:
        """After the reward: whatever step the engine is in now (rest, or the next exercise)."""
        if not self._showing_reward:
            return
        self._showing_reward = False
        if self.finished or self.app.current != "reward":
            return
        if self.step == "rest":
            self.app.screen("rest").prepare(self.exercise)
        if self.step in ("countdown", "active", "setup"):
            self.app.screen("live").prepare(self.exercise, self.side, self.step)
            self.app.screen("setup").prepare(self.exercise, self.side)
        self.app.go(STEP_SCREENS.get(self.step, "rest"))

    def _speak_hint(self, status: SetupStatus) -> None:
        if status.ok:
            self.app.say(self.app.tr("setup_ok"))
            return
        last, when = self._last_hint
        if status.problems == last and self._now - when < REPEAT_HINT_S:
            return
        self._last_hint = (status.problems, self._now)
        if status.hints:
            self.app.say(status.hints[0])

    # -- figures for the benchmark ----------------------------------------------------

    def latency_ms(self) -> tuple[float, float]:
        """Median and 95th percentile of the time from a picture leaving the camera to the
        end of the first frame drawn with it and its skeleton, in milliseconds."""
        if not self.latencies_s:
            return float("nan"), float("nan")
        values = np.asarray(self.latencies_s) * 1000.0
        return float(np.median(values)), float(np.percentile(values, 95))
