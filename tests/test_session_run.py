"""``session run``: a clip through the engine into the store.

The runner's own behaviour is tested on synthetic measured frames (fast); one
real clip checks the whole chain, and that the stored range of motion is the one
``posecapture analyze`` measures on the same frames.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from click.testing import CliRunner, Result

from conftest import shared_file
from posecapture.cli import main
from posecapture.errors import CameraLost, UserError
from posecapture.measurement import FrameQuality, MeasurementFrame
from posecapture.session import runner
from posecapture.sources import CameraSource, Frame
from posecapture.store import Store

FPS = 10.0
SEEN_FROM_THE_SIDE = FrameQuality(
    person_found=True,
    visible_fraction=1.0,
    in_frame=True,
    view="side",
    body_height_frac=0.7,
    brightness=120.0,
)
# A one-rep, one-side exercise so a short synthetic clip can finish it.
ONE_REP = """
id = "one_reach"
kind = "hold_at_target"
view = "side"
body = "upper"
metrics = ["shoulder_flexion"]
sides = ["left"]
reps = 1
hold_s = 1
rest_s = 0
target_deg = 150
window_low_deg = 140
window_high_deg = 180
[title]
en = "Reach"
es = "Alcanza"
[instruction]
en = "Reach up."
es = "Sube."
[speech]
en = "Reach up!"
es = "¡Sube!"
"""


NOBODY = replace(SEEN_FROM_THE_SIDE, person_found=False, visible_fraction=0.0)


def _frame(
    index: int, angle: float | None, t_s: float | None = None, pm: float | None = None
) -> MeasurementFrame:
    """A measured frame; ``angle`` None means nobody is in the picture; ``pm`` the angle's
    90% half-width (none by default)."""
    landmarks = np.full((33, 4), 100.0)
    landmarks[:, 0] = np.arange(33.0)
    return MeasurementFrame(
        index=index,
        t_s=index / FPS if t_s is None else t_s,
        angles={"left_shoulder_flexion": np.nan if angle is None else angle},
        quality=SEEN_FROM_THE_SIDE if angle is not None else NOBODY,
        landmarks_px=landmarks,
        raw_px=landmarks,
        world_m=np.zeros((33, 3)),
        uncertainty={} if pm is None or angle is None else {"left_shoulder_flexion": pm},
    )


class FakeClip:
    """Stands in for the video, MediaPipe and the measurer: yields prepared frames."""

    angles: ClassVar[list[float | None]] = []
    pm: ClassVar[float | None] = None

    def __init__(self, source: object) -> None:
        self.name = "fake.mp4"
        self.live = False

    def measured(self) -> Iterator[MeasurementFrame]:
        for index, angle in enumerate(self.angles):
            yield _frame(index, angle, pm=self.pm)

    def close(self) -> None:
        pass


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "one_reach.toml").write_text(ONE_REP, encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "posecapture.db") as opened:
        opened.add_child("Ana")
        yield opened


def _run(
    store: Store,
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    angles: list[float | None],
    lines: list[str] | None = None,
) -> runner.SessionSummary:
    monkeypatch.setattr(FakeClip, "angles", angles)
    monkeypatch.setattr(runner, "_Frames", FakeClip)
    return runner.run_session(
        store,
        child="Ana",
        routine_id=None,
        exercise_id="one_reach",
        source="fake.mp4",
        exercises_dir=library,
        progress=None if lines is None else lines.append,
    )


# Setup needs a steady second, then the arm goes up and is held for 2 s.
WHOLE_REP = [20.0] * 15 + [152.0] * 20 + [20.0] * 5
CUT_SHORT = [20.0] * 15 + [152.0] * 5


def test_clip_that_covers_the_plan_is_stored_complete(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, WHOLE_REP)
    assert store.session(summary.session_id)["status"] == "complete"


def test_completed_rep_is_stored_with_its_peak(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, WHOLE_REP)
    (stored,) = store.rep_results(summary.session_id)
    assert (stored["peak_deg"], stored["completed"]) == (152.0, True)


def test_clip_that_ends_early_is_stored_incomplete(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, CUT_SHORT)
    assert store.session(summary.session_id)["status"] == "incomplete"


def test_clip_that_ends_early_keeps_the_exercise_as_stopped(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, CUT_SHORT)
    assert [(e.exercise_id, e.status) for e in summary.exercises] == [("one_reach", "stopped")]


def test_summary_says_the_clip_ended_before_the_plan(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, CUT_SHORT)
    assert summary.message.startswith("The video ended before the plan did: 0 of 1")


def test_headless_run_stores_no_self_report(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(store, library, monkeypatch, WHOLE_REP)
    assert store.self_reports(store.child("Ana")["id"]) == []


def test_childs_own_target_decides_what_counts_as_holding(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.set_target(store.child("Ana")["id"], "one_reach", 100.0, 90.0, 110.0)
    summary = _run(store, library, monkeypatch, [20.0] * 15 + [100.0] * 20 + [20.0] * 5)
    (stored,) = store.rep_results(summary.session_id)
    assert (stored["target_deg"], stored["completed"]) == (100.0, True)


# Nobody in the picture, then the child steps in: the setup check first asks for
# the child, then reports nothing left to fix ("hold still") before it passes.
STEPS_IN = [None] * 5 + WHOLE_REP


def test_setup_problem_is_printed_in_plain_words(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    _run(store, library, monkeypatch, STEPS_IN, lines)
    assert any("setup:" in line and "camera" in line.lower() for line in lines), lines


def test_setup_with_nothing_left_to_fix_prints_no_empty_line(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    _run(store, library, monkeypatch, STEPS_IN, lines)
    assert [line for line in lines if line.rstrip().endswith("setup:")] == []


# -- a live camera that is lost and comes back -------------------------------------

LOST = "lost"
GAP_S = 5.0  # how long the camera is gone, on its own clock


class FakeCamera(CameraSource):
    """A camera that plays ``script`` (angles, and LOST where it stops sending pictures);
    ``reopen`` fails ``fails_before_back`` times, then succeeds (never when negative)."""

    script: ClassVar[list[float | str]] = []
    fails_before_back: ClassVar[int] = 0

    def __init__(self, index: int) -> None:
        self.index = index
        self.name = f"camera {index}"
        self.width, self.height, self.fps, self.frame_count = 64, 48, FPS, None
        self.position = 0
        self.gaps = 0
        self.reopen_calls = 0

    def read(self) -> Frame:
        while self.position < len(self.script) and self.script[self.position] == LOST:
            self.position += 1
            self.gaps += 1
            raise CameraLost(f"Camera {self.index} stopped sending pictures.")
        if self.position >= len(self.script):
            raise CameraLost(f"Camera {self.index} stopped sending pictures.")
        t_s = self.position / FPS + self.gaps * GAP_S
        self.position += 1
        return Frame(self.position - 1, t_s, np.zeros((4, 4, 3), np.uint8))

    def reopen(self) -> bool:
        self.reopen_calls += 1
        return 0 <= self.fails_before_back < self.reopen_calls

    def close(self) -> None:
        pass


class FakeBackend:
    def detect(self, rgb: np.ndarray, t_s: float) -> None:
        return None

    def close(self) -> None:
        pass


class FakeMeasurer:
    """Gives each camera picture the angle its script holds; counts its resets."""

    resets: ClassVar[int] = 0

    def __init__(self, width: int, height: int, fps: float) -> None:
        FakeMeasurer.resets = 0

    def push(self, frame: Frame, detection: None) -> MeasurementFrame:
        angle = FakeCamera.script[frame.index]
        assert isinstance(angle, float)
        return _frame(frame.index, angle, frame.t_s)

    def reset(self) -> None:
        FakeMeasurer.resets += 1


# A live run: 4 s of instruction, a steady second of setup, the 3-2-1, then the
# arm goes up; the camera is lost half-way through the hold.
LIVE_REP: list[float | str] = [20.0] * 90 + [152.0] * 5 + [LOST] + [152.0] * 20 + [20.0] * 5


def _run_camera(
    store: Store,
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    fails_before_back: int,
    lines: list[str] | None = None,
) -> runner.SessionSummary:
    import posecapture.analysis
    import posecapture.pose
    import posecapture.sources

    monkeypatch.setattr(FakeCamera, "script", LIVE_REP)
    monkeypatch.setattr(FakeCamera, "fails_before_back", fails_before_back)
    monkeypatch.setattr(posecapture.sources, "open_source", FakeCamera)
    monkeypatch.setattr(posecapture.pose, "open_backend", FakeBackend)
    monkeypatch.setattr(posecapture.analysis, "LiveMeasurer", FakeMeasurer)
    monkeypatch.setattr(runner, "CAMERA_RETRY_S", 0.0)
    monkeypatch.setattr(runner, "CAMERA_WAIT_S", 0.2)
    return runner.run_session(
        store,
        child="Ana",
        routine_id=None,
        exercise_id="one_reach",
        source=0,
        exercises_dir=library,
        progress=None if lines is None else lines.append,
    )


def test_camera_that_comes_back_lets_the_session_complete(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run_camera(store, library, monkeypatch, fails_before_back=2)
    assert store.session(summary.session_id)["status"] == "complete"


def test_camera_that_comes_back_keeps_the_rep_held_after_it(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run_camera(store, library, monkeypatch, fails_before_back=2)
    (stored,) = store.rep_results(summary.session_id)
    assert (stored["completed"], stored["peak_deg"]) == (True, 152.0)


def test_camera_that_comes_back_restarts_the_smoothing(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Landmarks from before the gap must not be filtered into those after it."""
    _run_camera(store, library, monkeypatch, fails_before_back=2)
    assert FakeMeasurer.resets == 1


def test_lost_camera_pauses_with_a_plain_reason_and_resumes(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    _run_camera(store, library, monkeypatch, fails_before_back=2, lines=lines)
    paused = next(i for i, line in enumerate(lines) if "paused:" in line)
    assert "Camera 0 stopped sending pictures. Waiting up to" in lines[paused]
    assert lines[paused + 1].strip().endswith("resumed")


def test_camera_that_does_not_come_back_leaves_the_session_incomplete(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run_camera(store, library, monkeypatch, fails_before_back=-1)
    assert store.session(summary.session_id)["status"] == "incomplete"


def test_camera_that_does_not_come_back_is_named_in_the_summary(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run_camera(store, library, monkeypatch, fails_before_back=-1)
    assert summary.message.startswith("Camera 0 stopped sending pictures and did not come back")


def test_routine_and_exercise_together_are_refused(store: Store) -> None:
    with pytest.raises(UserError, match="either a routine"):
        runner.run_session(
            store, child="Ana", routine_id="first_week", exercise_id="statue", source="x.mp4"
        )


def test_unknown_exercise_is_refused_before_anything_is_stored(store: Store, library: Path) -> None:
    with pytest.raises(UserError, match="No exercise called 'flying'"):
        runner.run_session(
            store,
            child="Ana",
            routine_id=None,
            exercise_id="flying",
            source="x.mp4",
            exercises_dir=library,
        )
    assert store.sessions(store.child("Ana")["id"]) == []


def test_missing_video_is_refused_before_anything_is_stored(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        runner.run_session(
            store,
            child="Ana",
            routine_id=None,
            exercise_id="statue",
            source=str(tmp_path / "missing.mp4"),
        )
    assert store.sessions(store.child("Ana")["id"]) == []


# -- one real clip, end to end -------------------------------------------------------

CLIP = "videos/tfjs_pose_squats.mp4"  # front view, whole body, arms moving: airplane_arms
EXERCISE = "airplane_arms"


class RealRun:
    def __init__(self, db: Path, output: Result, analysis: dict, session_id: int) -> None:
        self.db = db
        self.output = output
        self.analysis = analysis
        self.session_id = session_id


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> RealRun:
    """``session run`` and ``analyze`` on the same clip, each run once for the module."""
    clip = shared_file(CLIP)
    folder = tmp_path_factory.mktemp("session_run")
    db = folder / "posecapture.db"
    cli = CliRunner()
    cli.invoke(main, ["child", "add", "Ana", "--db", str(db)], catch_exceptions=False)
    output = cli.invoke(
        main,
        [
            "session",
            "run",
            "--child",
            "Ana",
            "--exercise",
            EXERCISE,
            "--video",
            str(clip),
            "--db",
            str(db),
        ],
        catch_exceptions=False,
    )
    analysis_file = folder / "analysis.json"
    cli.invoke(main, ["analyze", str(clip), "-o", str(analysis_file)], catch_exceptions=False)
    with Store.open(db) as store:
        (session,) = store.sessions(store.child("Ana")["id"])
    return RealRun(db, output, json.loads(analysis_file.read_text()), int(session["id"]))


def _stored_result(run: RealRun) -> tuple[dict, dict]:
    with Store.open(run.db) as store:
        result = store.exercise_results(run.session_id)[0]
        series = store.landmark_series(result["id"])
    return result, series


@pytest.mark.slow
def test_real_clip_run_succeeds(real_run: RealRun) -> None:
    assert real_run.output.exit_code == 0, real_run.output.output


@pytest.mark.slow
def test_real_clip_shorter_than_the_plan_is_stored_incomplete(real_run: RealRun) -> None:
    with Store.open(real_run.db) as store:
        assert store.session(real_run.session_id)["status"] == "incomplete"


@pytest.mark.slow
def test_real_clip_summary_table_has_the_exercise(real_run: RealRun) -> None:
    lines = real_run.output.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Exercise"))
    assert lines[header + 2].split()[:2] == [EXERCISE, "left"]


@pytest.mark.slow
def test_real_clip_measured_some_frames_of_the_exercise(real_run: RealRun) -> None:
    result, _ = _stored_result(real_run)
    assert result["rom"]["valid_frames"] > 0


@pytest.mark.slow
def test_stored_rom_matches_analyze_on_the_same_frames(real_run: RealRun) -> None:
    """Both run the same LiveMeasurer from the clip's first frame, so the angles are the
    same; 0.05° allows for analyze's JSON rounding to 0.01° and MediaPipe's float noise."""
    result, series = _stored_result(real_run)
    times = np.array(real_run.analysis["timestamps_s"])
    frames = [int(np.argmin(np.abs(times - t))) for t in series["timestamps_s"]]
    angles = real_run.analysis["angles_deg"][result["metric_id"]]
    values = np.array([np.nan if angles[i] is None else angles[i] for i in frames])
    stored = result["rom"]
    assert (stored["max"], stored["min"], stored["valid_frames"]) == (
        pytest.approx(np.nanmax(values), abs=0.05),
        pytest.approx(np.nanmin(values), abs=0.05),
        int(np.isfinite(values).sum()),
    )


@pytest.mark.slow
def test_stored_frames_are_frames_of_the_clip(real_run: RealRun) -> None:
    _, series = _stored_result(real_run)
    times = np.array(real_run.analysis["timestamps_s"])
    gaps = [np.min(np.abs(times - t)) for t in series["timestamps_s"]]
    assert max(gaps) < 1e-5


# -- how a run ends, as the command line reports it --------------------------------


class InterruptedClip(FakeClip):
    """A clip during which someone presses Ctrl+C after the frames of ``angles``."""

    def measured(self) -> Iterator[MeasurementFrame]:
        yield from super().measured()
        raise KeyboardInterrupt


def _cli_run(
    db: Path, library: Path, monkeypatch: pytest.MonkeyPatch, clip: type[FakeClip]
) -> Result:
    monkeypatch.setattr(runner, "_Frames", clip)
    monkeypatch.setenv("POSECAPTURE_EXERCISES", str(library))
    args = ["session", "run", "--child", "Ana", "--exercise", "one_reach", "--video", "fake.mp4"]
    return CliRunner().invoke(main, [*args, "--db", str(db)])


@pytest.fixture
def two_reps(tmp_path: Path) -> Path:
    """A library whose exercise has two reps, so one rep done leaves it unfinished."""
    folder = tmp_path / "two_reps"
    folder.mkdir()
    (folder / "one_reach.toml").write_text(ONE_REP.replace("reps = 1", "reps = 2"), "utf-8")
    return folder


@pytest.fixture
def ana_db(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    with Store.open(db) as opened:
        opened.add_child("Ana")
    return db


def test_ctrl_c_keeps_the_completed_rep_in_an_incomplete_session(
    store: Store, two_reps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(InterruptedClip, "angles", [20.0] * 15 + [152.0] * 20)
    monkeypatch.setattr(runner, "_Frames", InterruptedClip)
    summary = runner.run_session(
        store,
        child="Ana",
        routine_id=None,
        exercise_id="one_reach",
        source="fake.mp4",
        exercises_dir=two_reps,
    )
    status = store.session(summary.session_id)["status"]
    completed = [r["completed"] for r in store.rep_results(summary.session_id)]
    assert (status, completed[0]) == ("incomplete", True)


def test_ctrl_c_ends_the_command_with_status_130_without_a_traceback(
    ana_db: Path, two_reps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(InterruptedClip, "angles", [20.0] * 15 + [152.0] * 20)
    result = _cli_run(ana_db, two_reps, monkeypatch, InterruptedClip)
    assert result.exit_code == 130 and "Stopped with Ctrl+C" in result.output
    assert "Traceback" not in result.output


def test_run_that_measured_nothing_exits_with_status_1(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", [None] * 30)
    result = _cli_run(ana_db, library, monkeypatch, FakeClip)
    assert result.exit_code == 1 and "No exercise was measured." in result.output


def test_run_that_measured_an_exercise_exits_with_status_0(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", WHOLE_REP)
    assert _cli_run(ana_db, library, monkeypatch, FakeClip).exit_code == 0


def test_the_same_setup_advice_is_not_printed_twice_in_a_row(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child steps in, out again, then in for good: the engine reports
    # "nothing to fix yet" in between, which must not repeat the advice.
    lines: list[str] = []
    _run(store, library, monkeypatch, [None] * 5 + [20.0] * 3 + [None] * 5 + WHOLE_REP, lines)
    setup = [line.split(None, 1)[1] for line in lines if "setup:" in line]
    assert all(a != b for a, b in itertools.pairwise(setup)), setup


def test_a_single_picture_is_named_as_not_a_video(
    store: Store, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _run(store, library, monkeypatch, [20.0])
    assert summary.message.startswith("The file holds a single picture, not a video")


def _table(output: str) -> tuple[list[str], list[str]]:
    """The summary table's header line and its first row, as printed."""
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Exercise"))
    return lines[header], lines[header + 2]


def test_summary_names_a_stretchs_number_its_peak(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", WHOLE_REP)
    header, _ = _table(_cli_run(ana_db, library, monkeypatch, FakeClip).output)
    assert header.split()[5:7] == ["Peak", "Median"] and "Best" not in header


@pytest.fixture
def still_hold(tmp_path: Path) -> Path:
    """A library whose exercise is a still hold around 20 degrees."""
    folder = tmp_path / "still"
    folder.mkdir()
    still = ONE_REP.replace('"hold_at_target"', '"hold_still"').replace(
        "target_deg = 150\nwindow_low_deg = 140\nwindow_high_deg = 180",
        "target_deg = 20\ntolerance_deg = 8",
    )
    (folder / "one_reach.toml").write_text(still, "utf-8")
    return folder


def test_summary_names_a_still_holds_number_its_largest_drift(
    ana_db: Path, still_hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", [23.0] * 40)
    header, _ = _table(_cli_run(ana_db, still_hold, monkeypatch, FakeClip).output)
    assert "Largest drift" in header and "Peak" not in header


def test_summary_shows_a_still_holds_drift_from_its_target(
    ana_db: Path, still_hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", [23.0] * 40)
    _, row = _table(_cli_run(ana_db, still_hold, monkeypatch, FakeClip).output)
    assert "3.0° from 20°" in row and "23.0°" not in row


def test_summary_row_without_a_completed_rep_says_so_beside_its_peak(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", CUT_SHORT)
    _, row = _table(_cli_run(ana_db, library, monkeypatch, FakeClip).output)
    assert "0 of 1" in row and "152.0° (no rep completed)" in row


def test_summary_row_with_a_completed_rep_shows_its_peak_alone(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", WHOLE_REP)
    _, row = _table(_cli_run(ana_db, library, monkeypatch, FakeClip).output)
    assert "1 of 1" in row and "152.0°" in row and "no rep completed" not in row


def test_summary_row_shows_each_number_with_its_90_percent_interval(
    ana_db: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", WHOLE_REP)
    monkeypatch.setattr(FakeClip, "pm", 7.0)
    _, row = _table(_cli_run(ana_db, library, monkeypatch, FakeClip).output)
    assert row.count("152.0° ±7°") == 2  # the peak and the median


def test_a_still_holds_drift_carries_its_interval_too(
    ana_db: Path, still_hold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeClip, "angles", [23.0] * 40)
    monkeypatch.setattr(FakeClip, "pm", 4.0)
    _, row = _table(_cli_run(ana_db, still_hold, monkeypatch, FakeClip).output)
    assert "3.0° ±4° from 20°" in row
