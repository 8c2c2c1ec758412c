"""Loading a child's history from a real store with known numbers (tests/review_fakes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

import review_fakes as fakes
from posecapture.errors import UserError
from posecapture.review.history import ChildHistory, load_history, metric_kind


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


def test_sessions_per_week_shows_empty_weeks_as_zero(built: fakes.Built) -> None:
    part = load_history(built.store, fakes.CHILD, start=date(2026, 9, 28), end=date(2026, 10, 11))
    assert [n for _monday, n in part.sessions_per_week()] == [0, 3]


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
