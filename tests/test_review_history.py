"""Loading a child's history from a real store with known numbers (tests/review_fakes.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import review_fakes as fakes
from posecapture.errors import UserError
from posecapture.review.history import (
    DURING_EXERCISES,
    TREMOR,
    ChildHistory,
    SessionInfo,
    load_history,
    metric_kind,
    metric_unit,
)
from posecapture.review.stats import compare_around
from posecapture.store import Store
from store_fakes import exercise_result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("history") / "posecapture.db")
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def history(built: fakes.Built) -> ChildHistory:
    return load_history(built.store, fakes.CHILD)


def test_every_session_is_loaded_in_date_order(history: ChildHistory) -> None:
    assert [s.day for s in history.sessions] == list(fakes.RIGHT)


def test_period_defaults_to_first_and_last_session(history: ChildHistory) -> None:
    assert (history.start, history.end) == (date(2026, 10, 5), date(2026, 11, 27))


def test_session_value_is_the_stored_median_of_the_reps(history: ChildHistory) -> None:
    series = history.series["right_elbow_flexion"]
    assert series.values(usable_only=False) == list(fakes.RIGHT.values())


def test_best_rep_is_kept_beside_the_session_value(history: ChildHistory) -> None:
    point = history.series["right_elbow_flexion"].points[0]
    assert point.best == fakes.RIGHT[point.day] + 4.0


def test_session_where_the_joint_was_barely_seen_is_flagged(history: ChildHistory) -> None:
    flagged = [p for p in history.series["right_elbow_flexion"].points if not p.usable]
    assert [p.day for p in flagged] == [fakes.LOW_QUALITY_DAY]
    assert "20%" in flagged[0].quality_note


def test_flagged_session_is_nan_in_the_values_used_for_statistics(
    history: ChildHistory,
) -> None:
    series = history.series["right_elbow_flexion"]
    position = series.days.index(fakes.LOW_QUALITY_DAY)
    assert series.values()[position] != series.values()[position]  # NaN


def test_period_limits_select_sessions_by_local_day(built: fakes.Built) -> None:
    part = load_history(built.store, fakes.CHILD, start=date(2026, 11, 1), end=date(2026, 11, 8))
    assert [s.day for s in part.sessions] == [
        date(2026, 11, 2),
        date(2026, 11, 4),
        date(2026, 11, 6),
    ]


def test_sessions_per_week_counts_monday_to_sunday(history: ChildHistory) -> None:
    assert [n for _monday, n in history.sessions_per_week()] == [3] * 8


def test_weeks_before_the_first_session_are_not_counted(built: fakes.Built) -> None:
    part = load_history(built.store, fakes.CHILD, start=date(2026, 9, 1), end=date(2026, 10, 11))
    assert part.sessions_per_week() == [(date(2026, 10, 5), 3)]


def test_week_without_a_session_counts_as_zero() -> None:
    monday = date(2026, 10, 5)
    sessions = [
        SessionInfo(i, day, datetime(day.year, day.month, day.day), "complete", "r")
        for i, day in enumerate((monday, monday + timedelta(days=15)))
    ]
    history = ChildHistory(1, "Ana", monday, monday + timedelta(days=20), sessions=sessions)
    assert [n for _monday, n in history.sessions_per_week()] == [1, 0, 1]


def test_goal_given_as_joint_and_side_lines_up_with_the_series(history: ChildHistory) -> None:
    assert [(g.metric_id, g.target_deg) for g in history.goals] == [("right_elbow_flexion", 115.0)]


def test_care_events_are_in_date_order_with_the_alias_resolved(history: ChildHistory) -> None:
    assert [(e.day, e.kind) for e in history.events] == [
        (date(2026, 9, 20), "illness"),
        (fakes.EVENT_DAY, "medication_change"),
    ]


def test_self_reports_carry_their_session_day(history: ChildHistory) -> None:
    assert [r.day for r in history.self_reports] == list(fakes.RIGHT)


def test_notes_keep_author_role_and_accents(history: ChildHistory) -> None:
    assert [(n.author_role, n.author_name) for n in history.notes] == [
        ("parent", "Mamá"),
        ("therapist", ""),
    ]


def test_unknown_child_is_a_plain_error(built: fakes.Built) -> None:
    with pytest.raises(UserError, match="No child named Nadie"):
        load_history(built.store, "Nadie")


def test_posture_metrics_are_told_apart_from_range_of_motion() -> None:
    assert metric_kind("right_elbow_flexion") == "rom"
    assert metric_kind("head_tilt") == "posture"
    assert metric_kind("left_head_tilt") == "posture"


def test_posture_of_every_exercise_is_its_own_series(tmp_path: Path) -> None:
    with Store.open(tmp_path / "posecapture.db") as store:
        child_id = store.add_child("Ana")
        session_id = store.start_session(
            child_id, plan_id="p", plan_kind="routine", source="camera", metric_version="1"
        )
        store.add_exercise_result(session_id, exercise_result())  # head tilt 4.0 in posture
        history = load_history(store, "Ana")
    series = history.series["head_tilt" + DURING_EXERCISES]
    assert [p.value for p in series.points] == [4.0]
    assert series.kind == "posture"


def test_child_without_sessions_has_an_empty_history(tmp_path: Path) -> None:
    with Store.open(tmp_path / "posecapture.db") as store:
        store.add_child("Ana")
        history = load_history(store, "Ana")
    assert (history.sessions, history.series) == ([], {})


def test_tremor_level_is_followed_in_percent_of_torso(tmp_path: Path) -> None:
    tremor = {"tremor": {"right_wrist": {"band_rms_pct_torso": 1.5, "detected": False}}}
    with Store.open(tmp_path / "posecapture.db") as store:
        child_id = store.add_child("Ana")
        session_id = store.start_session(
            child_id, plan_id="p", plan_kind="routine", source="camera", metric_version="1"
        )
        store.add_exercise_result(session_id, replace(exercise_result(), movement=tremor))
        history = load_history(store, "Ana")
    series = history.series["right_wrist" + TREMOR]
    assert [p.value for p in series.points] == [1.5]
    assert (series.kind, metric_unit(series.metric_id)) == ("movement", "%")


@pytest.fixture
def in_mexico_city(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock set to Mexico City (UTC-6): 23:30 there is 05:30 UTC next day."""
    monkeypatch.setenv("TZ", "America/Mexico_City")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_late_evening_session_counts_on_its_local_day(in_mexico_city: None, tmp_path: Path) -> None:
    with Store.open(tmp_path / "late.db") as store:
        child_id = store.add_child("Ana")
        store.add_care_event(child_id, kind="medication", date="2026-11-02", text="baclofen")
        # Sunday 1 Nov at 23:30 local: the evening before the change, in Sunday's week.
        late = store.start_session(
            child_id,
            plan_id="arms",
            plan_kind="routine",
            source="camera",
            metric_version="1",
            started_at=datetime(2026, 11, 1, 23, 30),
        )
        store.add_exercise_result(late, exercise_result())
        store.finish_session(late)
        history = load_history(store, "Ana")
    assert [s.day for s in history.sessions] == [date(2026, 11, 1)]
    assert history.sessions_per_week() == [(date(2026, 10, 26), 1)]
    days = history.series["right_shoulder_flexion"].days
    comparison = compare_around(days, [100.0], date(2026, 11, 2))
    assert (len(comparison.before), len(comparison.after)) == (1, 0)


def test_a_session_value_keeps_its_interval_and_a_too_unsure_one_is_left_out(
    tmp_path: Path,
) -> None:
    from posecapture.review.history import MAX_SESSION_PM_DEG
    from posecapture.review.summary import summarize

    with Store.open(tmp_path / "posecapture.db") as store:
        child_id = store.add_child("Ana")
        for day, pm in ((2, 8.0), (3, 12.0), (4, MAX_SESSION_PM_DEG + 5.0)):
            sid = store.start_session(
                child_id,
                plan_id="p",
                plan_kind="routine",
                source="camera",
                metric_version="5",
                started_at=datetime(2026, 11, day, 17, 0),
            )
            result = exercise_result()
            store.add_exercise_result(sid, replace(result, rom={**result.rom, "median_pm": pm}))
            store.finish_session(sid)
        history = load_history(store, "Ana")
    points = history.series["right_shoulder_flexion"].points
    assert [p.pm for p in points] == [8.0, 12.0, MAX_SESSION_PM_DEG + 5.0]
    assert [p.usable for p in points] == [True, True, False]
    assert "too unsure" in points[2].quality_note
    sentence = next(
        m.sentence for m in summarize(history).metrics if m.metric_id == "right_shoulder_flexion"
    )
    assert "148° ±10°" in sentence  # the median of the two sure sessions' ±8 and ±12
