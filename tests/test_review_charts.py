"""Charts that read well on paper: distinct date ticks, a sensible value axis, and no
chart at all before there is a second session to draw a trend with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

import review_fakes as fakes
from posecapture.review.charts import (
    MAX_DATE_TICKS,
    MIN_Y_SPAN,
    date_ticks,
    metric_groups,
    value_limits,
)
from posecapture.review.history import ChildHistory, SessionInfo, TremorPoint, load_history
from posecapture.review.report import (
    Report,
    build_report,
    headline,
    headline_lines,
    render_html,
)
from posecapture.review.summary import summarize

LAST = date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("charts") / "posecapture.db", movement=True)
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def one_session(built: fakes.Built) -> ChildHistory:
    """The fakes' last session alone: what a report looks like after the first session."""
    return load_history(built.store, fakes.CHILD, start=LAST, end=LAST)


@pytest.fixture(scope="module")
def one_session_report(one_session: ChildHistory) -> Report:
    return build_report(one_session)


@pytest.mark.parametrize("days", [0, 1, 2, 6, 9, 13, 20, 30, 55, 56, 90, 120, 200, 365, 800])
def test_date_ticks_carry_distinct_labels_inside_the_period(days: int) -> None:
    start = date(2026, 3, 17)
    end = start + timedelta(days=days)
    ticks = date_ticks(start, end)
    labels = [label for _, label in ticks]
    assert len(set(labels)) == len(labels)
    assert 1 <= len(ticks) <= MAX_DATE_TICKS
    assert all(start <= day <= end for day, _ in ticks)


def test_two_day_span_ticks_each_day_once() -> None:
    ticks = date_ticks(date(2026, 11, 20), date(2026, 11, 22))
    assert [label for _, label in ticks] == ["20 Nov", "21 Nov", "22 Nov"]


def test_eight_weeks_tick_on_mondays() -> None:
    ticks = date_ticks(date(2026, 10, 5), LAST)
    assert {day.weekday() for day, _ in ticks} == {0}
    assert ticks[0][1] == "5 Oct"


def test_a_year_ticks_months_with_their_year() -> None:
    ticks = date_ticks(date(2025, 11, 27), LAST, "es")
    assert all(day.day == 1 for day, _ in ticks)
    assert ticks[-1][1] == "nov 2026"


def test_a_single_angle_gets_ten_degrees_centred_on_it() -> None:
    low, high = value_limits([1.53], "°")
    assert high - low == pytest.approx(MIN_Y_SPAN["°"])
    assert (low + high) / 2 == pytest.approx(1.53)


def test_a_small_wobble_is_not_stretched_over_the_whole_axis() -> None:
    low, high = value_limits([6.0, 8.0, 7.0], "°")
    assert high - low == pytest.approx(10.0)
    assert low < 6.0 and high > 8.0


def test_a_wide_spread_keeps_every_value_inside_with_a_margin() -> None:
    low, high = value_limits([90.0, 130.0, float("nan")], "°")
    assert (low, high) == pytest.approx((90.0 - 3.2, 130.0 + 3.2))


def test_a_tremor_level_axis_never_goes_below_zero() -> None:
    low, high = value_limits([0.3, 0.4], "%")
    assert low == 0.0
    assert high - low == pytest.approx(MIN_Y_SPAN["%"])


def test_one_session_draws_no_chart_and_says_when_they_start(one_session_report: Report) -> None:
    report = one_session_report
    assert report.metric_charts == []
    assert report.adherence_chart is None and report.self_report_chart is None
    assert report.chart_note == (
        "One session so far (27 Nov 2026): charts start after the second session."
    )


def test_one_session_value_says_it_rests_on_that_session(one_session_report: Report) -> None:
    right = next(
        line for line in headline(one_session_report) if line.startswith("Right elbow flexion")
    )
    value = round(fakes.RIGHT[LAST])
    assert f"{value}° ±6° in its only session so far (27 Nov 2026)" in right
    assert "typically" not in right


def test_one_session_posture_is_one_line_naming_the_session(one_session_report: Report) -> None:
    lines = [line for line in headline(one_session_report) if "Posture" in line]
    tilt = 6.0 + fakes.LEFT_NOISE[(len(fakes.RIGHT) - 1 + 3) % len(fakes.LEFT_NOISE)]
    assert lines == [
        "Posture during exercises in the only session so far (27 Nov 2026), not yet typical "
        f"values: head tilt {tilt:.0f}°."
    ]


def test_empty_lists_are_named_in_one_line_not_drawn_as_tables(
    one_session: ChildHistory,
) -> None:
    report = build_report(replace(one_session, goals=[], notes=[]))
    assert report.empty == ["Notebook", "Goals"]
    assert all(t.rows for t in report.appendix)
    assert "Nothing recorded in this period: Notebook; Goals." in render_html(report)


def test_posture_over_weeks_says_how_many_sessions_each_value_rests_on(
    built: fakes.Built,
) -> None:
    history = load_history(built.store, fakes.CHILD)
    line = next(line for line in headline(build_report(history)) if "Posture" in line)
    recent = [d for d in fakes.RIGHT if d > LAST - timedelta(days=28) and d != fakes.HEAD_UNSEEN]
    assert f"head tilt 6° ({len(recent)} sessions)" in line


def test_a_joint_seen_in_one_session_only_is_not_charted(built: fakes.Built) -> None:
    history = load_history(built.store, fakes.CHILD, start=date(2026, 11, 20), end=LAST)
    only = history.series["right_elbow_flexion"]
    history.series["right_elbow_flexion"] = type(only)(only.metric_id, only.points[-1:])
    history.series.pop("left_elbow_flexion")
    assert "Elbow flexion" not in [label for label, _ in metric_groups(history)]
    assert build_report(history).chart_note == (
        "Measured in one session only, so not charted yet: Elbow flexion."
    )


def test_parts_not_measurable_for_the_same_reason_share_one_line() -> None:
    reason = "The video has 5 frames per second; tremor needs at least 14."
    history = ChildHistory(
        child_id=1,
        child_name="Maya",
        start=LAST,
        end=LAST,
        sessions=[SessionInfo(1, LAST, fakes.datetime(2026, 11, 27, 17), "complete", "x")],
        tremor={
            part: [TremorPoint(1, LAST, None, reason=reason)]
            for part in ("head", "left_wrist", "right_wrist")
        },
    )
    tremor = [line for line in headline_lines(summarize(history)) if reason in line]
    assert tremor == [
        f"Tremor (head, left wrist, right wrist): not measurable in 1 session: {reason}"
    ]


def _drawn(monkeypatch: pytest.MonkeyPatch, history: ChildHistory, metric_id: str):
    """The matplotlib figure ``metric_chart`` draws (instead of its PNG)."""
    import posecapture.review.charts as charts

    drawn = []
    monkeypatch.setattr(charts, "_png", lambda fig: drawn.append(fig) or b"")
    charts.metric_chart(history, [metric_id])
    return drawn[0].axes[0]


def _with_pm(history: ChildHistory, metric_id: str, pm: float) -> ChildHistory:
    series = history.series[metric_id]
    points = tuple(replace(p, pm=pm) for p in series.points)
    return replace(history, series={**history.series, metric_id: replace(series, points=points)})


def test_each_usable_session_value_is_drawn_with_its_90_percent_interval(
    built: fakes.Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.container import ErrorbarContainer

    history = load_history(built.store, fakes.CHILD)
    metric_id = next(k for k, s in history.series.items() if s.kind == "rom")
    ax = _drawn(monkeypatch, _with_pm(history, metric_id, 6.0), metric_id)
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    usable = [p for p in history.series[metric_id].points if p.usable]
    assert len(bars) == 1
    segments = bars[0].lines[2][0].get_segments()
    assert len(segments) == len(usable)
    assert all(abs(s[1][1] - s[0][1] - 12.0) < 1e-9 for s in segments)
    assert "90% interval" in ax.get_legend_handles_labels()[1]


def test_values_without_an_interval_are_drawn_without_bars(
    built: fakes.Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.container import ErrorbarContainer

    history = load_history(built.store, fakes.CHILD)
    metric_id = next(k for k, s in history.series.items() if s.kind == "rom")
    ax = _drawn(monkeypatch, _with_pm(history, metric_id, float("nan")), metric_id)
    assert not [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
