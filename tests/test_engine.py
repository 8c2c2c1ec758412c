"""The session engine on scripted angle sequences with a fake clock."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
import pytest

from posecapture.exercises import Exercise, Target
from posecapture.kinematics.dystonia import BASIS_HOLDS, NO_HOLD
from posecapture.measurement import FrameQuality, MeasurementFrame
from posecapture.session.engine import EngineSettings, SessionEngine
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
    StepChanged,
)
from posecapture.session.summary import summarize_exercise

FPS = 10.0
DT = 1.0 / FPS
SETTINGS = EngineSettings(instruction_s=2.0, countdown_s=3)


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def exercise(**changes: object) -> Exercise:
    base = Exercise(
        id="reach",
        title={"en": "Reach", "es": "Alcanza"},
        instruction={"en": "Reach up.", "es": "Sube."},
        speech={"en": "Reach up!", "es": "¡Sube!"},
        metrics=("shoulder_flexion",),
        view="side",
        sides=("left",),
        reps=2,
        hold_s=2.0,
        rest_s=3.0,
        target_deg=150.0,
        window_low=140.0,
        window_high=180.0,
        body="upper",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


GOOD = FrameQuality(
    person_found=True,
    visible_fraction=1.0,
    in_frame=True,
    view="side",
    body_height_frac=0.7,
    brightness=120.0,
)
NOBODY = FrameQuality(
    person_found=False,
    visible_fraction=0.0,
    in_frame=False,
    view="unknown",
    body_height_frac=0.0,
    brightness=120.0,
)


def frame(t: float, angles: dict[str, float], quality: FrameQuality = GOOD) -> MeasurementFrame:
    seen = quality.person_found
    image = np.full((33, 4), 100.0) if seen else None
    if image is not None:
        image[:, 0] = np.arange(33.0)  # distinct points
    world = np.zeros((33, 3)) if seen else None
    return MeasurementFrame(
        index=round(t * FPS),
        t_s=t,
        angles=angles,
        quality=quality,
        landmarks_px=image,
        raw_px=image,
        world_m=world,
    )


class Script:
    """Drives an engine frame by frame at FPS on a fake clock, keeping every event."""

    def __init__(self, plan: Sequence[Exercise], **kwargs: object) -> None:
        self.clock = FakeClock()
        kwargs.setdefault("settings", SETTINGS)
        self.engine = SessionEngine(plan, clock=self.clock, **kwargs)  # type: ignore[arg-type]
        self.events: list[Event] = list(self.engine.start())

    def feed(
        self, angle_id: str, values: Iterable[float], quality: FrameQuality = GOOD
    ) -> list[Event]:
        new: list[Event] = []
        for value in values:
            self.clock.t = round(self.clock.t + DT, 9)
            new += self.engine.feed(frame(self.clock.t, {angle_id: value}, quality))
        self.events += new
        return new

    def hold(
        self, angle_id: str, value: float, seconds: float, quality: FrameQuality = GOOD
    ) -> list[Event]:
        return self.feed(angle_id, [value] * round(seconds * FPS), quality)

    def until(
        self,
        step: str,
        angle_id: str = "left_shoulder_flexion",
        quality: FrameQuality = GOOD,
    ) -> None:
        """Feed neutral frames until the engine reaches ``step`` (fails after 60 s)."""
        for _ in range(int(60 * FPS)):
            if self.engine.state == step:
                return
            self.feed(angle_id, [0.0], quality)
        raise AssertionError(f"never reached {step}; at {self.engine.state}")

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


LEFT = "left_shoulder_flexion"


def test_session_starts_with_the_instruction_of_the_first_exercise() -> None:
    s = Script([exercise()])
    assert s.events[0] == StepChanged("instruction", "reach", "left", None)
    assert s.of(Instruction)[0].speech["es"] == "¡Sube!"


def test_instruction_gives_way_to_setup_after_its_time() -> None:
    s = Script([exercise()])
    s.hold(LEFT, 0.0, 1.9)
    assert s.engine.state == "instruction"
    s.hold(LEFT, 0.0, 0.2)
    assert s.engine.state == "setup"


def test_proceed_cuts_the_instruction_short() -> None:
    s = Script([exercise()])
    s.engine.proceed()
    assert s.engine.state == "setup"


def test_setup_blocks_while_nobody_is_in_the_picture() -> None:
    s = Script([exercise()])
    s.until("setup")
    s.hold(LEFT, math.nan, 10.0, NOBODY)
    assert s.engine.state == "setup"
    assert s.of(SetupStatus)[-1].problems == ("no_person",)
    assert "camera" in s.of(SetupStatus)[-1].hints[0]


def test_setup_passes_once_fixed_and_steady() -> None:
    s = Script([exercise()])
    s.until("setup")
    s.hold(LEFT, math.nan, 2.0, NOBODY)
    s.hold(LEFT, 0.0, 0.9)
    assert s.engine.state == "setup"
    s.hold(LEFT, 0.0, 0.2)
    assert s.engine.state == "countdown"
    assert s.of(SetupStatus)[-1] == SetupStatus(True, ())


def test_setup_restarts_its_steady_time_after_a_problem() -> None:
    s = Script([exercise()])
    s.until("setup")
    s.hold(LEFT, 0.0, 0.8)
    s.hold(LEFT, math.nan, 0.1, NOBODY)
    s.hold(LEFT, 0.0, 0.8)
    assert s.engine.state == "setup"


def test_setup_hints_follow_the_engine_language() -> None:
    s = Script([exercise()], language="es")
    s.until("setup")
    s.hold(LEFT, math.nan, 0.5, NOBODY)
    assert s.of(SetupStatus)[-1].hints == ("No te vemos. Ponte delante de la cámara.",)


def test_countdown_ticks_three_two_one_then_starts_the_first_rep() -> None:
    s = Script([exercise()])
    s.until("countdown")
    s.until("active")
    assert [t.seconds_left for t in s.of(CountdownTick)] == [3, 2, 1]
    assert s.of(StepChanged)[-1] == StepChanged("active", "reach", "left", 1)


def test_hold_inside_the_window_completes_the_rep() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    rep = s.of(RepCompleted)[0].result
    assert rep.completed
    assert rep.time_held_s == pytest.approx(2.0, abs=DT)
    assert rep.peak_deg == 150.0


def test_angle_outside_the_window_never_counts_as_held() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 130.0, 10.0)
    assert not s.of(RepCompleted)
    assert all(not p.inside and p.held_s == 0.0 for p in s.of(HoldProgress))


def test_short_nan_gap_keeps_the_hold_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.0)
    held_before = s.of(HoldProgress)[-1].held_s
    s.hold(LEFT, math.nan, 0.3)
    assert s.of(HoldProgress)[-1].held_s == pytest.approx(held_before)


def test_nan_frames_never_add_hold_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.0)
    s.hold(LEFT, math.nan, 0.3)
    s.hold(LEFT, 150.0, 1.1)
    # two runs of inside frames 1.0 s and 1.1 s long hold 0.9 s + 1.0 s: the gap adds nothing
    assert not s.of(RepCompleted)
    assert s.of(HoldProgress)[-1].held_s == pytest.approx(1.9, abs=1e-6)


def test_long_nan_gap_resets_the_hold_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.5)
    s.hold(LEFT, math.nan, 1.0)
    assert s.of(HoldProgress)[-1].held_s == 0.0


def test_time_without_frames_longer_than_a_nan_gap_resets_the_hold() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.5)
    s.clock.t += 0.6
    s.engine.tick()
    s.hold(LEFT, 150.0, 0.5)
    assert s.of(HoldProgress)[-1].held_s == pytest.approx(0.4)


def test_a_stalled_camera_gap_between_inside_frames_is_not_held_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.5)
    s.clock.t += 3.0
    s.hold(LEFT, 150.0, 0.5)
    assert not s.of(RepCompleted)
    assert s.of(HoldProgress)[-1].held_s == pytest.approx(0.4)


def test_brief_dip_out_of_the_window_keeps_the_hold_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.0)
    s.hold(LEFT, 120.0, 0.5)
    s.hold(LEFT, 150.0, 1.2)
    assert s.of(RepCompleted)[0].result.completed


def test_long_dip_out_of_the_window_resets_the_hold_time() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, 150.0, 1.5)
    s.hold(LEFT, 120.0, 1.5)
    assert s.of(HoldProgress)[-1].held_s == 0.0


def test_a_rep_that_never_reaches_the_target_times_out_with_its_true_peak() -> None:
    s = Script([exercise()])
    s.until("active")
    s.feed(LEFT, np.linspace(20.0, 131.0, 50))
    s.hold(LEFT, 125.0, 30.0)
    rep = s.of(RepCompleted)[0].result
    assert not rep.completed
    assert rep.peak_deg == pytest.approx(131.0)
    assert rep.quality["ended"] == "timeout"
    assert rep.ended_s - rep.started_s == pytest.approx(2.0 + 20.0, abs=2 * DT)


def test_time_out_of_the_picture_does_not_count_toward_the_rep_timeout() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, math.nan, 30.0, NOBODY)
    assert not s.of(RepCompleted)
    assert s.engine.state == "active"


def test_walking_out_of_the_picture_during_a_rep_says_so() -> None:
    s = Script([exercise()])
    s.until("active")
    s.hold(LEFT, math.nan, 0.5, NOBODY)
    s.hold(LEFT, 100.0, 0.5)
    statuses = s.of(SetupStatus)[-2:]
    assert statuses[0].problems == ("no_person",) and not statuses[0].ok
    assert statuses[1] == SetupStatus(True, (), ())


def test_rep_quality_records_the_share_of_measurable_frames() -> None:
    s = Script([exercise(hold_s=1.0)])
    s.until("active")
    s.feed(LEFT, [math.nan] * 5 + [150.0] * 15)
    # the frame that started the rep (0 degrees), 5 NaN, then 11 inside frames hold 1.0 s
    assert s.of(RepCompleted)[0].result.quality["valid_share"] == pytest.approx(12 / 17)


def test_rest_between_reps_lasts_the_exercise_rest_time() -> None:
    s = Script([exercise(rest_s=3.0)])
    s.until("active")
    while not s.of(RepCompleted):
        s.feed(LEFT, [150.0])
    rest_started = s.clock.t
    assert s.engine.state == "rest"
    s.until("active")
    assert s.clock.t - rest_started == pytest.approx(3.0, abs=DT / 2)
    assert s.of(StepChanged)[-1] == StepChanged("active", "reach", "left", 2)


def test_rest_is_not_cut_short_by_frames() -> None:
    s = Script([exercise(rest_s=3.0)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    s.hold(LEFT, 150.0, 2.8)
    assert s.engine.state == "rest"
    s.hold(LEFT, 150.0, 0.3)
    assert s.engine.state == "active"


def test_last_rep_reports_the_exercise_then_asks_how_it_felt() -> None:
    s = Script([exercise(reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    kinds = [type(e) for e in s.events[-4:]]
    assert kinds == [RepCompleted, ExerciseCompleted, StepChanged, SelfReportRequested]
    assert s.engine.state == "self_report"


def test_exercise_result_gives_best_and_median_of_the_reps_peaks() -> None:
    s = Script([exercise(reps=3, hold_s=1.0, rest_s=1.0)])
    for peak in (150.0, 170.0, 155.0):
        s.until("active")
        s.hold(LEFT, peak, 1.2)
    result = s.of(ExerciseCompleted)[0].result
    assert (result.best_deg, result.median_deg) == (170.0, 155.0)
    assert result.reps_done == 3 and result.reps_planned == 3


def test_still_hold_best_is_the_peak_nearest_the_target() -> None:
    still = exercise(
        id="statue",
        kind="hold_still",
        metrics=("head_tilt",),
        sides=("both",),
        view="front",
        target_deg=0.0,
        window_low=-8.0,
        window_high=8.0,
        reps=2,
        hold_s=1.0,
        rest_s=1.0,
    )
    s = Script([still])
    front = replace(GOOD, view="front")
    for wobble in (6.0, -3.0):
        s.until("active", "head_tilt", front)
        s.feed("head_tilt", [0.0, wobble, 0.0] * 4, front)
    reps = [r.result for r in s.of(RepCompleted)]
    assert [r.peak_deg for r in reps] == [6.0, -3.0]
    assert s.of(ExerciseCompleted)[0].result.best_deg == -3.0


def test_exercise_result_keeps_the_frames_of_its_reps() -> None:
    s = Script([exercise(reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    result = s.of(ExerciseCompleted)[0].result
    n = len(s.of(HoldProgress))
    assert result.landmarks_px.shape == (n, 33, 4)
    assert result.world_m.shape == (n, 33, 3)
    assert result.rom["max"] == 150.0
    assert result.timestamps_s[0] == pytest.approx(s.of(RepCompleted)[0].result.started_s)


def test_both_sides_run_one_after_the_other_with_their_own_metric() -> None:
    s = Script([exercise(sides=("left", "right"), reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    s.until("active", "right_shoulder_flexion")
    s.hold("right_shoulder_flexion", 160.0, 2.2)
    results = [e.result for e in s.of(ExerciseCompleted)]
    assert [(r.side, r.metric_id, r.best_deg) for r in results] == [
        ("left", "left_shoulder_flexion", 150.0),
        ("right", "right_shoulder_flexion", 160.0),
    ]


def test_a_stretch_to_the_left_of_a_directional_metric_counts_toward_the_left() -> None:
    tilt = exercise(
        id="tilt",
        metrics=("head_tilt",),
        view="front",
        sides=("left",),
        target_deg=25.0,
        window_low=18.0,
        window_high=60.0,
        reps=1,
    )
    s = Script([tilt])
    front = replace(GOOD, view="front")
    s.until("active", "head_tilt", front)
    s.hold("head_tilt", 25.0, 3.0, front)  # toward the right: the wrong way
    assert not s.of(RepCompleted)
    s.hold("head_tilt", -25.0, 2.2, front)
    assert s.of(RepCompleted)[0].result.peak_deg == 25.0


def test_routine_runs_its_exercises_in_order() -> None:
    plan = [exercise(id="one", reps=1, rest_s=1.0), exercise(id="two", reps=1)]
    s = Script(plan)
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    assert [e.result.exercise_id for e in s.of(ExerciseCompleted)] == ["one", "two"]
    assert [e.exercise_id for e in s.of(Instruction)] == ["one", "two"]
    assert s.engine.state == "self_report"


def test_skip_moves_to_the_next_exercise_and_reports_the_skipped_one() -> None:
    plan = [exercise(id="one"), exercise(id="two")]
    s = Script(plan)
    s.until("active")
    s.hold(LEFT, 100.0, 1.0)
    s.events += s.engine.skip()
    skipped = s.of(ExerciseCompleted)[0].result
    assert (skipped.exercise_id, skipped.status, skipped.reps_done) == ("one", "skipped", 0)
    assert s.of(RepCompleted)[0].result.quality["ended"] == "skipped"
    assert s.of(StepChanged)[-1] == StepChanged("instruction", "two", "left", None)


def test_pause_freezes_the_timers_and_ignores_frames() -> None:
    s = Script([exercise()])
    s.until("countdown")
    s.events += s.engine.pause("camera lost")
    assert s.engine.state == "paused"
    s.hold(LEFT, 150.0, 10.0)
    assert s.engine.state == "paused"
    assert s.of(Paused) == [Paused("camera lost")]
    s.events += s.engine.resume()
    assert s.engine.state == "countdown"
    assert s.of(Resumed)


def test_pause_during_a_rep_restarts_its_hold() -> None:
    s = Script([exercise(hold_s=3.0)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.0)
    s.engine.pause("parent")
    s.clock.t += 5.0
    s.engine.resume()
    s.hold(LEFT, 150.0, 2.0)
    assert not s.of(RepCompleted)
    assert s.of(HoldProgress)[-1].held_s == pytest.approx(1.9)


def test_tick_without_frames_runs_out_the_instruction() -> None:
    s = Script([exercise()])
    s.clock.t = 2.5
    assert s.engine.tick() == [StepChanged("setup", "reach", "left", None)]


def test_self_report_answers_end_the_session_complete() -> None:
    s = Script([exercise(reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    events = s.engine.submit_self_report(pain=2, difficulty=6, helped="music")
    assert events[:2] == [SelfReportSubmitted(2, 6, "music", "", ""), SessionCompleted(True)]
    assert s.engine.done


def test_skipping_the_self_report_still_completes_the_session() -> None:
    s = Script([exercise(reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    assert s.engine.skip_self_report()[0] == SessionCompleted(True)


def test_self_report_rejects_a_score_off_the_faces_scale() -> None:
    s = Script([exercise(reps=1)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    with pytest.raises(ValueError, match="0 to 10"):
        s.engine.submit_self_report(pain=11)


def test_stop_mid_rep_keeps_what_was_done_and_ends_incomplete() -> None:
    s = Script([exercise(reps=3)])
    s.until("active")
    s.hold(LEFT, 150.0, 2.2)
    s.until("active")
    s.hold(LEFT, 145.0, 1.0)
    events = s.engine.stop()
    reps = [e.result for e in events if isinstance(e, RepCompleted)]
    result = next(e.result for e in events if isinstance(e, ExerciseCompleted))
    assert reps[0].quality["ended"] == "stopped" and not reps[0].completed
    assert (result.status, result.reps_done) == ("stopped", 1)
    assert SessionCompleted(False) in events


def test_stop_before_any_rep_stores_no_exercise() -> None:
    s = Script([exercise()])
    events = s.engine.stop()
    assert not any(isinstance(e, ExerciseCompleted) for e in events)
    assert SessionCompleted(False) in events


def test_child_target_replaces_the_default_window() -> None:
    s = Script([exercise(reps=1)], targets={"reach": Target(110.0, 100.0, 180.0)})
    s.until("active")
    s.hold(LEFT, 115.0, 2.2)
    rep = s.of(RepCompleted)[0].result
    assert rep.completed and rep.target_deg == 110.0


def test_for_recording_starts_measuring_once_setup_passes() -> None:
    s = Script([exercise()], settings=EngineSettings.for_recording())
    s.hold(LEFT, 0.0, 1.1)
    assert s.engine.state == "active"


def reach_then_hold(moving_lean: float, held_lean: float) -> list[MeasurementFrame]:
    """3 s raising the arm (leaning ``moving_lean``), 3 s holding at 150 (``held_lean``), 30 fps."""
    front = replace(GOOD, view="front")
    rise = [
        frame(k / 30.0, {LEFT: 1.5 * k, "trunk_lean_lateral": moving_lean}, front)
        for k in range(90)
    ]
    hold = [
        frame((90 + k) / 30.0, {LEFT: 150.0, "trunk_lean_lateral": held_lean}, front)
        for k in range(90)
    ]
    return rise + hold


def test_posture_of_an_exercise_is_read_from_its_hold_frames_only() -> None:
    result = summarize_exercise(exercise(), "left", reach_then_hold(25.0, 2.0), [], status="done")
    lean = result.posture["trunk_lean_lateral"]
    assert lean["median_deg"] == 2.0
    assert lean["valid_frames"] == 90
    assert result.posture["basis"] == BASIS_HOLDS
    assert result.posture["hold_frames"] == 90


def test_tremor_of_an_exercise_is_looked_for_in_its_hold_frames_only() -> None:
    result = summarize_exercise(exercise(), "left", reach_then_hold(25.0, 2.0), [], status="done")
    assert result.movement["tremor"]["left_wrist"]["duration_s"] <= 3.0


def test_exercise_never_held_in_the_window_gives_no_posture_and_says_why() -> None:
    never = [f for f in reach_then_hold(25.0, 2.0) if f.angle(LEFT) < 140.0]
    result = summarize_exercise(exercise(), "left", never, [], status="done")
    assert result.posture["trunk_lean_lateral"]["median_deg"] is None
    assert result.posture["trunk_lean_lateral"]["reason"] == NO_HOLD
