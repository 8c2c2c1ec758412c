"""One guided session in the app: camera -> pose -> engine -> screens, speech and the store.

Three threads do the work and this one, Kivy's, only draws (``posecapture.live``):
the capture thread reads the camera, the pose worker measures the newest
picture, and the session thread feeds each measured frame to the session engine
and writes its results through ``SessionRecorder`` with its own store connection
(a rep is committed the moment it ends, so closing or killing the app loses at
most the rep in progress). The engine's events and the newest picture are handed
to this thread through two small inboxes and taken out at every frame Kivy
draws: events are all kept (each one changes what the child sees), pictures are
not (only the newest is drawn; an older one not yet drawn is simply replaced).

What the family does (ready, skip, a grown-up stepping in, the answers) is
posted to the session thread as requests, so the engine is only ever touched
there.
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from functools import partial
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from posecapture.exercises import Exercise, apply_targets
from posecapture.live import (
    ClipWriter,
    LivePipeline,
    LiveResult,
    LiveSession,
    PoseMeasurer,
    open_camera,
)
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
from posecapture.store import Store

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


class SessionController:
    """Drives one session; the app calls ``start``, ``pause``/``resume``, ``stop`` and ``close``."""

    def __init__(self, app: PoseCaptureApp, plan: list[Exercise], child_id: int) -> None:
        assert app.store is not None
        self.app = app
        self.child_id = child_id
        self.plan = apply_targets(plan, app.store.targets(child_id))
        self.exercises = {e.id: e for e in self.plan}
        self.exercise: Exercise | None = None
        self.side: str | None = None
        self.step = "instruction"
        self.finished = False
        self.complete = False
        # Filled by the session thread (every event list) and the pose worker (the newest
        # picture only: maxlen=1 replaces one not drawn yet), emptied here at each frame.
        self._events: collections.deque[list[Event]] = collections.deque()
        self._latest: collections.deque[LiveResult[MeasurementFrame]] = collections.deque(maxlen=1)
        self._errors: collections.deque[BaseException] = collections.deque()
        self._drawn_captured_at: float | None = None
        self._reward_pending = False
        self._showing_reward = False
        self._last_hint: tuple[tuple[str, ...], float] = ((), -1e9)
        self._pump_event: Any = None
        self.pipeline: LivePipeline[MeasurementFrame] | None = None
        self.session: LiveSession[Any, SessionRecorder] | None = None
        self.recorder: SessionRecorder | None = None
        self._measurer: PoseMeasurer | None = None
        self._closed = threading.Event()

    # -- starting and stopping ------------------------------------------------------

    def start(self) -> None:
        """Open the camera (a plain ``UserError`` if it cannot), start the session and threads."""
        camera = open_camera(self.app.video, self.app.camera_index)
        try:
            self._measurer = PoseMeasurer(camera.width, camera.height, camera.fps)
            self.session = LiveSession(
                self._make_engine,
                partial(self._open_recorder, camera.name),
                self._events.append,
                on_error=self._errors.append,
            )
            self.recorder = self.session.start()
        except BaseException:
            camera.close()
            if self._measurer is not None:
                self._measurer.close()
            raise
        clip = None
        if self.app.recording_wanted():
            clip = ClipWriter(
                self.app.clip_path(self.recorder.session_id),
                camera.width,
                camera.height,
                camera.fps,
            )
            self.app.recording_done()
        self.pipeline = LivePipeline(
            camera,
            self._measurer,
            self._measured,
            on_camera=self.session.camera,
            on_error=self._errors.append,
            clip=clip,
        )
        self.pipeline.start()
        self._pump_event = Clock.schedule_interval(self._pump, 0)

    def _make_engine(self, clock: Any) -> Any:
        """The session engine (in the session thread), timed by ``clock``: camera time."""
        from posecapture.session.engine import SessionEngine

        return SessionEngine(self.plan, clock=clock, language=self.app.language)

    def _open_recorder(self, source: str, stack: contextlib.ExitStack[Any]) -> SessionRecorder:
        """The session's own store connection and its row (in the session thread)."""
        from posecapture.kinematics import METRIC_VERSION

        store = stack.enter_context(Store.open(self.app.db_path))
        session_id = store.start_session(
            self.child_id,
            plan_id=self.app.routine_id(),
            plan_kind="routine",
            source=source,
            metric_version=METRIC_VERSION,
        )
        return SessionRecorder(store, session_id)

    def _measured(self, result: LiveResult[MeasurementFrame]) -> None:
        """In the pose worker: the engine gets every frame, the screen only the newest."""
        assert self.session is not None
        self.session.feed(result.value)
        self._latest.append(result)

    @property
    def session_id(self) -> int | None:
        return self.recorder.session_id if self.recorder else None

    @property
    def state(self) -> str:
        """The engine's step as the session thread last left it ("paused" while paused)."""
        return self.session.state if self.session is not None else "instruction"

    def _request(self, action: Any) -> None:
        if self.session is not None and not self.finished:
            self.session.request(action)

    def pause(self, reason: str) -> None:
        """A grown-up stepped in: freeze the session until ``resume``."""
        if self.session is not None and not self.finished:
            self.session.grownup(True)

    def resume(self) -> None:
        if self.session is None or self.finished:
            return
        self.session.grownup(False)
        if not self.session.camera_ok:
            self.app.go("paused")

    def proceed(self) -> None:
        """The child is ready before the instruction time is up."""
        self._request(lambda engine: engine.proceed())

    def skip(self) -> None:
        """Skip the current exercise side (the grown-ups' area offers it)."""
        self._request(lambda engine: engine.skip())

    def submit_self_report(
        self,
        pain: int | None,
        difficulty: int | None,
        helped: str,
        hurt: str,
        wants_more: str,
    ) -> None:
        self._request(
            lambda engine: engine.submit_self_report(
                pain=pain, difficulty=difficulty, helped=helped, hurt=hurt, wants_more=wants_more
            )
        )

    def skip_self_report(self) -> None:
        self._request(lambda engine: engine.skip_self_report())

    def stop(self) -> None:
        """End early: the engine closes what was going on, the session is stored incomplete."""
        self.close()

    def close(self) -> None:
        """Release the camera and the pose model, end the session thread (storing what was
        done, "incomplete" unless it had finished), stop drawing. Safe to call twice."""
        if self._closed.is_set():
            return
        self._closed.set()
        if self._pump_event is not None:
            self._pump_event.cancel()
        if self.pipeline is not None:
            self.pipeline.stop()
        if self.session is not None:
            self.session.stop()
        if self._measurer is not None:
            self._measurer.close()

    # -- the drawing thread's work ----------------------------------------------------

    def _pump(self, _dt: float) -> None:
        if self._errors:
            raise self._errors.popleft()
        while self._events and not self._closed.is_set():
            for event in self._events.popleft():
                self._show(event)
        if self._latest and not self._closed.is_set():
            self._draw(self._latest.popleft())

    def _draw(self, result: LiveResult[MeasurementFrame]) -> None:
        screen = self.app.manager.current_screen if self.app.manager else None
        view = getattr(screen, "camera_view", None)
        if view is None:
            return
        view.show(result.frame.bgr, result.value.landmarks_px)
        self._drawn_captured_at = result.captured_at

    # -- events -> screens, speech and the store --------------------------------------

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
            app.screen("rest").freeze()
            app.screen("paused").show_reason(event.reason)
            if app.current != "grownups":
                app.go("paused")
        elif isinstance(event, Resumed):
            app.screen("rest").thaw()
            if not self._showing_reward:
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
        entering_rest = event.step == "rest" and self.step != "rest"
        self.step = event.step
        if event.exercise_id:
            self.exercise = self.exercises.get(event.exercise_id, self.exercise)
            self.side = event.side
        if entering_rest and self.exercise is not None:
            # From now, even while the reward is still on screen: the engine's rest has begun.
            app.screen("rest").start_timer(self.exercise.rest_s)
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
        now = time.monotonic()
        if status.problems == last and now - when < REPEAT_HINT_S:
            return
        self._last_hint = (status.problems, now)
        if status.hints:
            self.app.say(status.hints[0])

    # -- figures for the benchmark ----------------------------------------------------

    def take_drawn(self) -> float | None:
        """When (``perf_counter``) the camera took the picture drawn since the last call, if
        one was: a loop that has just let Kivy draw and swap buffers gets its latency."""
        captured_at, self._drawn_captured_at = self._drawn_captured_at, None
        return captured_at
