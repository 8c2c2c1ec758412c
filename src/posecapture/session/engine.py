"""The session engine: a state machine that runs a routine over measurement frames.

For each exercise and side (a "block") it goes instruction -> setup -> countdown
-> active (reps, with a rest between them) -> rest, then the next block, and
after the last one asks the child how it felt (self_report) -> done. It is fed
``MeasurementFrame``s (``feed``) and told the time by an injectable clock
(``tick`` advances timers without a frame), and it answers with events
(``posecapture.session.events``) that the app turns into screens and speech and
the recorder turns into rows. It does no I/O and knows nothing of Kivy, so the
same engine runs the tablet app, ``posecapture session run`` and the tests.
docs/session-engine.md describes the states, the events and the hold rule.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from posecapture.exercises import Exercise, Target, apply_targets
from posecapture.languages import LANGUAGES
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
    SelfReportRequested,
    SelfReportSubmitted,
    SessionCompleted,
    SetupStatus,
    Step,
    StepChanged,
    setup_hint,
)
from posecapture.session.rep_counter import HoldRules, RepCounter
from posecapture.session.results import RepResult
from posecapture.session.setup_check import SetupThresholds, check_setup, joints_for
from posecapture.session.summary import summarize_exercise

# Setup problems that mean the measured body is not in the picture: during a rep
# they stop the rep's clock (the child is not failing, they are away).
OUT_OF_PICTURE: frozenset[str] = frozenset(
    {"no_person", "body_not_in_frame", "step_back", "show_other_side"}
)
_BLOCK_STEPS: frozenset[str] = frozenset({"instruction", "setup", "countdown", "active", "rest"})


@dataclass(frozen=True)
class EngineSettings:
    """How long each step lasts and the limits of the checks: one place for them all.

    ``instruction_s``: time for the spoken instruction before the setup check
    (the app may cut it short with ``SessionEngine.proceed``). ``countdown_s``:
    the 3-2-1 before the reps. A recorded clip has no one to instruct:
    ``EngineSettings.for_recording()`` drops the instruction and the countdown
    so the child's first movements in the clip are measured.
    """

    instruction_s: float = 4.0
    countdown_s: int = 3
    setup: SetupThresholds = field(default_factory=SetupThresholds)
    hold: HoldRules = field(default_factory=HoldRules)

    @classmethod
    def for_recording(cls) -> EngineSettings:
        return cls(instruction_s=0.0, countdown_s=0)


class SessionEngine:
    """Runs ``plan`` (exercises in order; each of its sides in turn) for one child.

    ``targets`` are the child's own targets by exercise id (they replace the
    exercise's default target and window). ``clock`` returns seconds; the
    default is ``time.monotonic``, a recorded clip passes its frame timestamps.
    ``language`` ("en" or "es") is the language of the setup hints.
    Call ``start()`` (or just ``feed``/``tick``, which start it) to begin.
    """

    def __init__(
        self,
        plan: Sequence[Exercise],
        *,
        targets: Mapping[str, Target] | None = None,
        clock: Callable[[], float] = time.monotonic,
        language: str = "en",
        settings: EngineSettings | None = None,
    ) -> None:
        if not plan:
            raise ValueError("a session needs at least one exercise")
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.plan = apply_targets(plan, targets or {})
        self.blocks: tuple[tuple[Exercise, str], ...] = tuple(
            (exercise, side) for exercise in self.plan for side in exercise.sides
        )
        self.clock = clock
        self.language = language
        self.settings = settings or EngineSettings()
        self._started = False
        self._step: Step = "instruction"
        self._step_started = 0.0
        self._index = 0
        self._rep = 0
        self._counter: RepCounter | None = None
        self._frames: list[MeasurementFrame] = []
        self._reps: list[RepResult] = []
        self._block_begun = False
        self._rest_then_block = False
        self._problems: tuple[str, ...] | None = None
        self._steady_since: float | None = None
        self._countdown_shown = 0
        self._paused_at: float | None = None

    # -- what the app reads -------------------------------------------------------
    @property
    def state(self) -> Step:
        """The current step; "paused" while paused."""
        return "paused" if self._paused_at is not None else self._step

    @property
    def done(self) -> bool:
        return self._step == "done"

    @property
    def exercise(self) -> Exercise | None:
        """The exercise of the current block (None at the self-report and after)."""
        return self.blocks[self._index][0] if self._step in _BLOCK_STEPS else None

    @property
    def side(self) -> str | None:
        return self.blocks[self._index][1] if self._step in _BLOCK_STEPS else None

    @property
    def rep(self) -> int | None:
        """The rep under way or just finished (1-based), None before the first."""
        return self._rep if self._step in _BLOCK_STEPS and self._rep > 0 else None

    # -- what drives it ---------------------------------------------------------
    def start(self) -> list[Event]:
        """Begin the first exercise (idempotent)."""
        if self._started:
            return []
        self._started = True
        events: list[Event] = []
        self._start_block(0, self.clock(), events)
        return events

    def feed(self, frame: MeasurementFrame) -> list[Event]:
        """Take one measured frame; ignored while paused or after the end."""
        events = self.start()
        if self.done or self._paused_at is not None:
            return events
        now = self.clock()
        self._advance(now, events)
        if self._step == "setup":
            self._setup_frame(frame, now, events)
        elif self._step == "active":
            self._active_frame(frame, now, events)
        elif self._step == "rest" and not self._rest_then_block:
            self._frames.append(frame)
        self._advance(now, events)
        return events

    def tick(self) -> list[Event]:
        """Advance the timers with no frame (no camera picture arrived)."""
        events = self.start()
        if self.done or self._paused_at is not None:
            return events
        now = self.clock()
        if self._counter is not None:
            self._counter.no_frame(now)
        self._advance(now, events)
        return events

    def proceed(self) -> list[Event]:
        """End the instruction early (the child is ready); no effect in other steps."""
        events = self.start()
        if self._step == "instruction" and self._paused_at is None:
            self._enter_setup(self.clock(), events)
        return events

    def pause(self, reason: str) -> list[Event]:
        """Freeze every timer (camera lost, a parent pressed pause); a rep's hold restarts."""
        events = self.start()
        if self.done or self._paused_at is not None:
            return events
        self._paused_at = self.clock()
        if self._counter is not None:
            self._counter.interrupt()
        events += [Paused(reason), self._step_event("paused")]
        return events

    def resume(self) -> list[Event]:
        """Carry on from the step the session was paused in."""
        if self._paused_at is None:
            return []
        events: list[Event] = []
        self._resume(events)
        events.append(self._step_event(self._step))
        return events

    def skip(self) -> list[Event]:
        """Skip the rest of the current exercise side (or the rest, or the self-report)."""
        events = self.start()
        if self.done:
            return events
        if self._paused_at is not None:
            self._resume(events)
        now = self.clock()
        if self._step == "self_report":
            return events + self.skip_self_report()
        if self._step == "rest" and self._rest_then_block:
            self._start_block(self._index + 1, now, events)
        else:
            self._close_block("skipped", now, events)
        self._advance(now, events)
        return events

    def submit_self_report(
        self,
        pain: int | None = None,
        difficulty: int | None = None,
        helped: str = "",
        hurt: str = "",
        wants_more: str = "",
    ) -> list[Event]:
        """The child's answers (0-10 faces scale, None where not answered); ends the session."""
        if self._step != "self_report":
            raise RuntimeError(f"no self-report was asked for (the session is at {self._step})")
        for name, value in (("pain", pain), ("difficulty", difficulty)):
            if value is not None and not 0 <= value <= 10:
                raise ValueError(f"{name} must be 0 to 10 on the faces scale, not {value}")
        report = SelfReportSubmitted(
            pain, difficulty, helped.strip(), hurt.strip(), wants_more.strip()
        )
        return [report, *self._finish(complete=True)]

    def skip_self_report(self) -> list[Event]:
        """No answers (nobody there to give them, or the child did not want to)."""
        if self._step != "self_report":
            raise RuntimeError(f"no self-report was asked for (the session is at {self._step})")
        return self._finish(complete=True)

    def stop(self) -> list[Event]:
        """End the session now (the clip ended, the app closed): keep what was done.

        The exercise under way is reported with ``status="stopped"`` if its reps had
        begun; the session is complete only if the reps were all over already.
        """
        events = self.start()
        if self.done:
            return events
        self._paused_at = None
        if self._step == "self_report":
            return events + self._finish(complete=True)
        between_blocks = self._step == "rest" and self._rest_then_block
        if self._step in _BLOCK_STEPS and not between_blocks and self._block_begun:
            self._close_block("stopped", self.clock(), events)
        return events + self._finish(complete=False)

    # -- the machine --------------------------------------------------------------
    def _step_event(self, step: Step) -> StepChanged:
        in_block = self._step in _BLOCK_STEPS
        exercise, side = self.blocks[self._index] if in_block else (None, None)
        return StepChanged(
            step,
            exercise.id if exercise else None,
            side,
            self._rep if in_block and self._rep > 0 else None,
        )

    def _enter(self, step: Step, now: float, events: list[Event]) -> None:
        self._step = step
        self._step_started = now
        events.append(self._step_event(step))

    def _start_block(self, index: int, now: float, events: list[Event]) -> None:
        self._index = index
        self._rep = 0
        self._counter = None
        self._frames = []
        self._reps = []
        self._block_begun = False
        self._rest_then_block = False
        if index >= len(self.blocks):
            self._index = len(self.blocks) - 1
            self._enter("self_report", now, events)
            events.append(SelfReportRequested())
            return
        exercise, side = self.blocks[index]
        self._enter("instruction", now, events)
        events.append(
            Instruction(exercise.id, dict(exercise.instruction), dict(exercise.speech), side=side)
        )

    def _enter_setup(self, now: float, events: list[Event]) -> None:
        self._problems = None
        self._steady_since = None
        self._enter("setup", now, events)

    def _start_rep(self, now: float, events: list[Event]) -> None:
        exercise, side = self.blocks[self._index]
        self._rep += 1
        self._block_begun = True
        self._problems = ()
        self._counter = RepCounter(
            exercise_id=exercise.id,
            side=side,
            rep=self._rep,
            metric_id=exercise.metric_ids(side)[0],
            kind=exercise.kind,
            hold_s=exercise.hold_s,
            target_deg=exercise.target_deg,
            window_low=exercise.window_low,
            window_high=exercise.window_high,
            rules=self.settings.hold,
            started_now=now,
        )
        self._enter("active", now, events)

    def _advance(self, now: float, events: list[Event]) -> None:
        """Move on every timer that has run out, as many steps as are due."""
        while True:
            elapsed = now - self._step_started
            if self._step == "instruction" and elapsed >= self.settings.instruction_s:
                self._enter_setup(now, events)
            elif self._step == "countdown":
                left = math.ceil(self.settings.countdown_s - elapsed - 1e-9)
                if left <= 0:
                    self._start_rep(now, events)
                elif left < self._countdown_shown:
                    self._countdown_shown = left
                    events.append(CountdownTick(left))
                    return
                else:
                    return
            elif (
                self._step == "active"
                and self._counter is not None
                and self._counter.timed_out(now)
            ):
                self._end_rep("timeout", now, events)
            elif self._step == "rest" and elapsed >= self.blocks[self._index][0].rest_s:
                if self._rest_then_block:
                    self._start_block(self._index + 1, now, events)
                else:
                    self._start_rep(now, events)
            else:
                return

    def _hints(self, problems: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(setup_hint(p, self.language) for p in problems)

    def _check(self, frame: MeasurementFrame) -> tuple[str, ...]:
        exercise, side = self.blocks[self._index]
        return check_setup(
            frame,
            view=exercise.view,
            body=exercise.body,
            side=side,
            joints=joints_for(exercise.metric_ids(side)[0]),
            thresholds=self.settings.setup,
        )

    def _setup_frame(self, frame: MeasurementFrame, now: float, events: list[Event]) -> None:
        problems = self._check(frame)
        if problems != self._problems:
            self._problems = problems
            events.append(SetupStatus(False, problems, self._hints(problems)))
        if problems:
            self._steady_since = None
            return
        if self._steady_since is None:
            self._steady_since = now
        if now - self._steady_since >= self.settings.setup.steady_s:
            events.append(SetupStatus(True, ()))
            self._countdown_shown = self.settings.countdown_s
            self._enter("countdown", now, events)
            if self.settings.countdown_s > 0:
                events.append(CountdownTick(self.settings.countdown_s))

    def _active_frame(self, frame: MeasurementFrame, now: float, events: list[Event]) -> None:
        exercise, side = self.blocks[self._index]
        counter = self._counter
        assert counter is not None
        self._frames.append(frame)
        problems = self._check(frame)
        away = tuple(p for p in problems if p in OUT_OF_PICTURE)
        if away != self._problems:
            self._problems = away
            events.append(SetupStatus(not away, away, self._hints(away)))
        metric = exercise.measured(side)[0]
        value = frame.angle(metric.angle_id) * metric.sign
        inside = counter.feed(value, now, frame.t_s, in_frame=not away)
        events.append(
            HoldProgress(
                exercise.id, side, counter.rep, value, inside, counter.held_s, exercise.hold_s
            )
        )
        if counter.held:
            self._end_rep("held", now, events)

    def _end_rep(self, ended: str, now: float, events: list[Event]) -> None:
        """Report the rep under way; after "held" or "timeout" go on to the next one."""
        counter = self._counter
        assert counter is not None
        self._counter = None
        if counter.frames or ended in ("held", "timeout"):
            result = counter.result(ended)
            self._reps.append(result)
            events.append(RepCompleted(result))
        if ended not in ("held", "timeout"):
            return
        exercise, _ = self.blocks[self._index]
        if self._rep < exercise.reps:
            if exercise.rest_s > 0:
                self._enter("rest", now, events)
            else:
                self._start_rep(now, events)
        else:
            self._close_block("done", now, events)

    def _close_block(self, status: str, now: float, events: list[Event]) -> None:
        """Report the current block (``status``: done, skipped, stopped) and move on."""
        if self._counter is not None:
            self._end_rep(status, now, events)
        exercise, side = self.blocks[self._index]
        result = summarize_exercise(exercise, side, self._frames, self._reps, status=status)
        events.append(ExerciseCompleted(result))
        if status == "stopped":
            return
        last = self._index + 1 >= len(self.blocks)
        if status == "done" and exercise.rest_s > 0 and not last:
            self._rest_then_block = True
            self._counter = None
            self._enter("rest", now, events)
        else:
            self._start_block(self._index + 1, now, events)

    def _resume(self, events: list[Event]) -> None:
        assert self._paused_at is not None
        paused_for = self.clock() - self._paused_at
        self._paused_at = None
        self._step_started += paused_for
        if self._counter is not None:
            self._counter.shift(paused_for)
        self._steady_since = None  # setup must be steady again after a pause
        events.append(Resumed())

    def _finish(self, *, complete: bool) -> list[Event]:
        self._counter = None
        self._step = "done"
        return [SessionCompleted(complete), StepChanged("done")]
