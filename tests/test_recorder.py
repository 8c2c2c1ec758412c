"""The recorder writes each result event into the store as it arrives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from posecapture.session.events import (
    ExerciseCompleted,
    HoldProgress,
    RepCompleted,
    SelfReportSubmitted,
    SessionCompleted,
    StepChanged,
)
from posecapture.session.recorder import SessionRecorder
from posecapture.store import Store
from store_fakes import exercise_result, rep


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "posecapture.db") as opened:
        yield opened


@pytest.fixture
def recorder(store: Store) -> SessionRecorder:
    child = store.add_child("Ana")
    session = store.start_session(
        child, plan_id="first_week", plan_kind="routine", source="camera 0", metric_version="1"
    )
    return SessionRecorder(store, session)


def test_rep_is_in_the_store_as_soon_as_it_is_handled(
    recorder: SessionRecorder, tmp_path: Path
) -> None:
    recorder.handle([RepCompleted(rep(1, peak=147.5))])
    # Read through a second connection: the rep is committed, not just pending.
    with Store.open(tmp_path / "posecapture.db") as other:
        assert [r["peak_deg"] for r in other.rep_results(recorder.session_id)] == [147.5]


def test_exercise_result_is_stored_with_its_landmarks(
    recorder: SessionRecorder, store: Store
) -> None:
    recorder.handle([ExerciseCompleted(exercise_result(frames=8))])
    (stored_id,) = recorder.exercise_result_ids
    assert store.landmark_series(stored_id)["world_m"].shape == (8, 33, 3)


def test_events_for_the_screen_write_nothing(recorder: SessionRecorder, store: Store) -> None:
    recorder.handle(
        [
            StepChanged("active", "reach_to_the_sky", "right", 1),
            HoldProgress("reach_to_the_sky", "right", 1, 120.0, False, 0.0, 5.0),
        ]
    )
    assert store.rep_results(recorder.session_id) == []


def test_self_report_is_stored_for_the_session(recorder: SessionRecorder, store: Store) -> None:
    recorder.handle([SelfReportSubmitted(pain=3, difficulty=7, helped="counting out loud")])
    (report,) = store.self_reports(store.child("Ana")["id"])
    assert (report["session_id"], report["pain"], report["helped"]) == (
        recorder.session_id,
        3,
        "counting out loud",
    )


def test_completed_session_is_finished_complete(recorder: SessionRecorder, store: Store) -> None:
    recorder.handle([SessionCompleted(complete=True)])
    assert store.session(recorder.session_id)["status"] == "complete"


def test_stopped_session_is_finished_incomplete(recorder: SessionRecorder, store: Store) -> None:
    recorder.handle([SessionCompleted(complete=False)])
    assert store.session(recorder.session_id)["status"] == "incomplete"


def test_first_finish_wins(recorder: SessionRecorder, store: Store) -> None:
    recorder.handle([SessionCompleted(complete=True)])
    recorder.finish("incomplete")
    assert store.session(recorder.session_id)["status"] == "complete"


def test_reps_are_counted(recorder: SessionRecorder) -> None:
    recorder.handle([RepCompleted(rep(1)), RepCompleted(rep(2))])
    assert recorder.reps_recorded == 2
