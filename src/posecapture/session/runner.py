"""Run a session with nobody at the screen: a clip (or a camera) through the engine
into the store.

This is ``posecapture session run``: it lets a therapist or a developer measure a
recorded routine exactly as the app would, with the same ``LiveMeasurer``, the
same engine and the same recorder, so its numbers match ``posecapture analyze``
on the same clip and the app on the same movement.

The engine's clock is the clip's own timestamps, not the wall clock: a 60-second
clip measures 60 seconds of holding however fast the computer runs it. Nobody is
there to answer the self-report, so it is skipped. A clip that ends before the
plan does leaves the session "incomplete" with everything done so far, and the
summary says so.

A live camera that stops sending pictures (unplugged, taken by another app)
pauses the session: the runner tries to reopen it for ``CAMERA_WAIT_S`` and
resumes where the child was; only a camera that does not come back ends the
session as "incomplete".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from posecapture.errors import CameraLost, SourceError, UserError
from posecapture.measurement import MeasurementFrame
from posecapture.session.events import (
    Event,
    ExerciseCompleted,
    Instruction,
    Paused,
    RepCompleted,
    Resumed,
    SelfReportRequested,
    SetupStatus,
)
from posecapture.session.recorder import SessionRecorder
from posecapture.store import Store

if TYPE_CHECKING:
    from posecapture.exercises import Exercise
    from posecapture.session.engine import SessionEngine

Progress = Callable[[str], None]

# How long a lost camera is waited for, and how often it is tried again meanwhile:
# long enough to plug a cable back in or close the app that took the camera.
CAMERA_WAIT_S = 30.0
CAMERA_RETRY_S = 1.0
# What an exercise side's headline number is, by the exercise's kind: a stretch's
# highest peak, a still hold's largest drift from its target (smaller is better).
VALUE_NAMES: dict[str, str] = {"hold_at_target": "peak", "hold_still": "largest drift"}


@dataclass(frozen=True)
class ExerciseSummary:
    """One line of the summary table: an exercise on one side, as stored.

    ``best_deg`` / ``median_deg`` are as stored (the reps' peak angles). ``kind`` says
    which number a therapist reads: for "hold_at_target" the highest peak reached; for
    "hold_still" the drift, how far the angle strayed from ``target_deg`` (the neutral
    or the pose held; smaller is better): ``drift_deg`` is the largest drift of the
    steadiest rep, ``median_drift_deg`` the median over the reps (NaN for stretches).
    With ``reps_done`` 0 the numbers come from reps that were not completed: real
    data, but no rep was held. ``best_pm`` / ``median_pm``: the 90% half-widths of the
    best and median numbers (NaN where not stored: sessions before metric version 5).
    """

    exercise_id: str
    side: str
    metric_id: str
    kind: str
    target_deg: float
    reps_done: int
    reps_planned: int
    best_deg: float
    median_deg: float
    measurable_share: float
    status: str
    drift_deg: float
    median_drift_deg: float
    best_pm: float = float("nan")
    median_pm: float = float("nan")


@dataclass(frozen=True)
class SessionSummary:
    """What a headless run stored, in the words and numbers a therapist reads."""

    session_id: int
    child: str
    plan_kind: str
    plan_id: str
    status: str
    frames: int
    duration_s: float
    reps_recorded: int
    exercises: tuple[ExerciseSummary, ...]
    message: str
    # Why the run stopped: "plan" (all done), "source_end" (the clip ran out),
    # "source_error" (a damaged video, a camera that did not come back) or
    # "interrupted" (Ctrl+C). The command line turns the last two into an exit status.
    ended_by: str = "plan"


def run_session(
    store: Store,
    *,
    child: str,
    routine_id: str | None,
    exercise_id: str | None,
    source: str | int | Path,
    progress: Progress | None = None,
    exercises_dir: Path | None = None,
    language: str = "en",
) -> SessionSummary:
    """Measure one routine (or one exercise) from ``source`` and store it for ``child``."""
    from posecapture.exercises import apply_targets, load_library
    from posecapture.kinematics import METRIC_VERSION

    if (routine_id is None) == (exercise_id is None):
        raise UserError("Give either a routine (--routine) or a single exercise (--exercise).")
    child_row = store.child(child)
    library = load_library(exercises_dir)
    if routine_id is not None:
        plan, plan_kind, plan_id = library.plan(routine_id), "routine", routine_id
    else:
        assert exercise_id is not None
        plan, plan_kind, plan_id = [library.exercise(exercise_id)], "exercise", exercise_id
    # The child's own targets, checked against the exercises before anything is stored.
    plan = apply_targets(plan, store.targets(int(child_row["id"])))

    say = progress or (lambda _line: None)
    frames = _Frames(source)
    try:
        session_id = store.start_session(
            int(child_row["id"]),
            plan_id=plan_id,
            plan_kind=plan_kind,
            source=frames.name,
            metric_version=METRIC_VERSION,
        )
        recorder = SessionRecorder(store, session_id)
        run = _Run(plan, recorder, say, language, frames.live)
        ended_early = run.through(frames)
    finally:
        frames.close()
    message = _message(run, ended_early)
    say(message)
    return _summary(store, recorder, run, str(child_row["name"]), message)


class _Frames:
    """A video file or camera with the pose model and the measurer that go with it.

    Both are opened before the session row is written, so a missing video or a
    model that will not load stores nothing.
    """

    def __init__(self, source: str | int | Path) -> None:
        from posecapture.analysis import LiveMeasurer
        from posecapture.pose import open_backend
        from posecapture.sources import CameraSource, open_source

        self._source = open_source(source if not isinstance(source, Path) else str(source))
        try:
            self._backend = open_backend()
        except BaseException:
            self._source.close()
            raise
        self._measurer = LiveMeasurer(self._source.width, self._source.height, self._source.fps)
        self.name = self._source.name
        self.live = isinstance(self._source, CameraSource)

    def measured(self) -> Iterator[MeasurementFrame]:
        from posecapture.sources import VideoSource

        src = self._source
        for frame in src:
            rgb = np.ascontiguousarray(frame.bgr[:, :, ::-1])
            yield self._measurer.push(frame, self._backend.detect(rgb, frame.t_s))
        if isinstance(src, VideoSource) and src.truncated:
            raise SourceError(
                f"The video is damaged or incomplete (only {src.frames_read} of its "
                f"{src.frame_count} frames could be read)"
            )

    def reconnect(self) -> bool:
        """Try to get a lost camera back for ``CAMERA_WAIT_S``; True when it sends pictures."""
        from posecapture.sources import CameraSource

        camera = self._source
        if not isinstance(camera, CameraSource):
            return False
        deadline = time.monotonic() + CAMERA_WAIT_S
        while not camera.reopen():
            if time.monotonic() >= deadline:
                return False
            time.sleep(CAMERA_RETRY_S)
        # The pictures before the gap say nothing about the child's position now.
        self._measurer.reset()
        return True

    def close(self) -> None:
        self._backend.close()
        self._source.close()


class _Run:
    """The engine driven by measured frames, its events recorded and narrated."""

    def __init__(
        self,
        plan: Sequence[Exercise],
        recorder: SessionRecorder,
        say: Progress,
        language: str,
        live: bool,
    ) -> None:
        from posecapture.session.engine import EngineSettings, SessionEngine

        self.now = 0.0
        self.frames = 0
        self.first_t: float | None = None
        self.planned = sum(len(e.sides) for e in plan)
        self.exercises: dict[str, Exercise] = {e.id: e for e in plan}
        self.exercises_done = 0
        self.lost_reason = ""
        self.ended_by = "plan"
        self.recorder = recorder
        self.say = say
        self.engine: SessionEngine = SessionEngine(
            plan,
            clock=lambda: self.now,
            language=language,
            # A recorded clip has nobody to instruct or count down for: its first
            # movements are measured. A live camera keeps the child's countdown.
            settings=EngineSettings() if live else EngineSettings.for_recording(),
        )
        self._last_setup: str | None = None
        # The camera came back: resume at its first picture, so the pause lasts until then.
        self._resume_at_next_frame = False
        # What the setup check still asked for when the source ended, if it had not passed.
        self.unresolved_setup: tuple[str, ...] = ()

    def through(self, frames: _Frames) -> bool:
        """Feed every frame; True when the source ended (or failed) before the plan did."""
        try:
            while True:
                try:
                    for measured in frames.measured():
                        self._feed(measured)
                        if self.engine.done:
                            return False
                    self.ended_by = "source_end"
                    break
                except CameraLost as exc:
                    if not self._wait_for_camera(frames, exc):
                        self.ended_by = "source_error"
                        break
        except SourceError as exc:
            self.lost_reason, self.ended_by = str(exc), "source_error"
        except KeyboardInterrupt:
            self.lost_reason, self.ended_by = "Stopped with Ctrl+C", "interrupted"
        self._handle(self.engine.stop())
        self.recorder.finish("incomplete")
        return True

    def _feed(self, measured: MeasurementFrame) -> None:
        self.now = float(measured.t_s)
        if self.first_t is None:
            self.first_t = self.now
        if self._resume_at_next_frame:
            self._resume_at_next_frame = False
            self._handle(self.engine.resume())
        self.frames += 1
        self._handle(self.engine.feed(measured))

    def _wait_for_camera(self, frames: _Frames, lost: CameraLost) -> bool:
        """Pause while the camera is gone; True when it came back in time."""
        what = str(lost).rstrip(".")
        self._handle(
            self.engine.pause(f"{what}. Waiting up to {CAMERA_WAIT_S:.0f} s for it to come back.")
        )
        if frames.reconnect():
            self._resume_at_next_frame = True
            return True
        self.lost_reason = f"{what} and did not come back within {CAMERA_WAIT_S:.0f} s"
        return False

    def _handle(self, events: list[Event]) -> None:
        if any(isinstance(e, SelfReportRequested) for e in events):
            # Nobody is at the screen to answer: skipping is recorded as no answer.
            events = [*events, *self.engine.skip_self_report()]
        self.recorder.handle(events)
        for event in events:
            self._narrate(event)

    def _narrate(self, event: Event) -> None:
        if isinstance(event, Instruction):
            self._last_setup = None
            side = f", {event.side} side" if event.side and event.side != "both" else ""
            self.say(f"{_time(self.now)}  {event.exercise_id}{side}")
        elif isinstance(event, SetupStatus):
            self.unresolved_setup = () if event.ok else event.hints or event.problems
            # Two statuses can differ in their codes yet read the same: print the words
            # only when they change, so the log is not the same line over and over.
            if event.ok:
                line = "camera set up: measuring"
            elif event.problems:
                line = f"setup: {' '.join(event.hints or event.problems)}"
            else:
                return
            if line != self._last_setup:
                self._last_setup = line
                self.say(f"{_time(self.now)}    {line}")
        elif isinstance(event, RepCompleted):
            rep = event.result
            held = "held" if rep.completed else str(rep.quality.get("ended", "not held"))
            kind = self.exercises[rep.exercise_id].kind
            self.say(
                f"{_time(self.now)}    rep {rep.rep}: {VALUE_NAMES[kind]} "
                f"{self._value(rep.exercise_id, rep.peak_deg)}, "
                f"held {rep.time_held_s:.1f} s ({held})"
            )
        elif isinstance(event, ExerciseCompleted):
            result = event.result
            self.exercises_done += result.status == "done"
            kind = self.exercises[result.exercise_id].kind
            unheld = " (no rep completed)" if result.reps_done == 0 else ""
            self.say(
                f"{_time(self.now)}    {result.reps_done} of {result.reps_planned} reps, "
                f"{VALUE_NAMES[kind]} {self._value(result.exercise_id, result.best_deg)}{unheld}"
            )
        elif isinstance(event, Paused):
            self.say(f"{_time(self.now)}    paused: {event.reason}")
        elif isinstance(event, Resumed):
            self.say(f"{_time(self.now)}    resumed")

    def _value(self, exercise_id: str, peak_deg: float) -> str:
        """A peak as a therapist reads it: the angle for a stretch, the drift from the
        target for a still hold."""
        exercise = self.exercises[exercise_id]
        if exercise.kind != "hold_still" or not np.isfinite(peak_deg):
            return _deg(peak_deg)
        return f"{_deg(abs(peak_deg - exercise.target_deg))} from {exercise.target_deg:g}°"


def _message(run: _Run, ended_early: bool) -> str:
    if not ended_early:
        return "Session complete: every exercise of the plan was done."
    if run.frames == 0:
        return "The video had no pictures to measure; the session is stored as incomplete."
    if run.frames == 1 and run.ended_by == "source_end":
        return (
            "The file holds a single picture, not a video: record the exercise as a video "
            "and run it again. The session is stored as incomplete."
        )
    why = run.lost_reason or "The video ended before the plan did"
    nothing_measured = not run.recorder.reps_recorded and not run.recorder.exercise_result_ids
    setup = (
        f" The camera setup never passed: {' '.join(run.unresolved_setup)}"
        if nothing_measured and run.unresolved_setup
        else ""
    )
    return (
        f"{why.rstrip('.')}: {run.exercises_done} of {run.planned} exercise sides finished. "
        f"The session is stored as incomplete, with everything measured so far.{setup}"
    )


def _summary(
    store: Store, recorder: SessionRecorder, run: _Run, child: str, message: str
) -> SessionSummary:
    session = store.session(recorder.session_id)
    rows = store.exercise_results(recorder.session_id)
    reps = store.rep_results(recorder.session_id)
    return SessionSummary(
        session_id=recorder.session_id,
        child=child,
        plan_kind=str(session["plan_kind"]),
        plan_id=str(session["plan_id"]),
        status=str(session["status"]),
        frames=run.frames,
        duration_s=run.now - run.first_t if run.first_t is not None else 0.0,
        reps_recorded=recorder.reps_recorded,
        exercises=tuple(
            _exercise_summary(
                row,
                run.exercises[str(row["exercise_id"])],
                [
                    _float(rep["peak_deg"])
                    for rep in reps
                    if (rep["exercise_id"], rep["side"]) == (row["exercise_id"], row["side"])
                ],
            )
            for row in rows
        ),
        message=message,
        ended_by=run.ended_by,
    )


def _exercise_summary(
    row: dict[str, object], exercise: Exercise, peaks: list[float]
) -> ExerciseSummary:
    quality = row["quality"]
    share = quality.get("valid_share") if isinstance(quality, dict) else None
    best = _float(row["best_deg"])
    still = exercise.kind == "hold_still"
    drifts = [abs(p - exercise.target_deg) for p in peaks if np.isfinite(p)]
    rom = row.get("rom")
    widths = rom if isinstance(rom, dict) else {}
    return ExerciseSummary(
        exercise_id=str(row["exercise_id"]),
        side=str(row["side"]),
        metric_id=str(row["metric_id"]),
        kind=exercise.kind,
        target_deg=exercise.target_deg,
        reps_done=int(row["reps_done"]),  # type: ignore[call-overload]
        reps_planned=int(row["reps_planned"]),  # type: ignore[call-overload]
        best_deg=best,
        median_deg=_float(row["median_deg"]),
        measurable_share=_float(share),
        status=str(row["status"]),
        drift_deg=abs(best - exercise.target_deg) if still else float("nan"),
        median_drift_deg=float(np.median(drifts)) if still and drifts else float("nan"),
        best_pm=_float(widths.get("best_pm")),
        median_pm=_float(widths.get("median_pm")),
    )


def _float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else float("nan")


def _deg(value: float) -> str:
    return "not measurable" if not np.isfinite(value) else f"{value:.1f}°"


def _time(t_s: float) -> str:
    minutes, seconds = divmod(max(t_s, 0.0), 60.0)
    return f"{int(minutes):02d}:{seconds:04.1f}"
