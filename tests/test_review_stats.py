"""Before/after statistics against hand calculation and published tables."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from posecapture.review.stats import (
    MIN_SESSIONS_PER_WINDOW,
    compare_around,
    hodges_lehmann,
    mann_whitney_counts,
    session_variability,
    successive_differences,
)
from posecapture.review.summary import too_few_reason

EVENT = date(2026, 11, 2)


def _days(offsets: list[int]) -> list[date]:
    return [EVENT + timedelta(days=o) for o in offsets]


def test_mann_whitney_counts_cover_every_ordering() -> None:
    assert sum(mann_whitney_counts(6, 6)) == math.comb(12, 6)


def test_mann_whitney_counts_of_two_and_two_match_enumeration() -> None:
    # The 6 orderings of {a1,a2} among {b1,b2} give U = 0,1,2,2,3,4.
    assert mann_whitney_counts(2, 2) == [1, 1, 2, 1, 1]


def test_hodges_lehmann_estimate_is_the_median_pairwise_difference() -> None:
    before, after = [1.0, 2.0, 4.0, 7.0], [10.0, 11.0, 15.0, 20.0]
    diffs = sorted(a - b for a in after for b in before)
    shift = hodges_lehmann(before, after)
    assert shift is not None
    assert shift.estimate == pytest.approx((diffs[7] + diffs[8]) / 2)


def test_interval_of_six_and_six_uses_the_tabled_critical_value() -> None:
    # Published two-sided 5% critical value of Mann-Whitney U for n1 = n2 = 6 is 5,
    # so the interval runs from the 6th smallest to the 6th largest difference.
    before = [99.0, 101.0, 100.0, 98.0, 102.0, 100.5]
    after = [110.0, 109.0, 111.0, 110.5, 112.0, 108.0]
    diffs = sorted(a - b for a in after for b in before)
    shift = hodges_lehmann(before, after)
    assert shift is not None
    assert (shift.low, shift.high) == (diffs[5], diffs[-6])


def test_interval_of_six_and_six_covers_at_least_95_percent() -> None:
    shift = hodges_lehmann([1.0, 2, 3, 4, 5, 6], [7.0, 8, 9, 10, 11, 12])
    assert shift is not None
    # P(U <= 5) = (1 + 1 + 2 + 3 + 5 + 7) / 924 for 6 and 6 (partitions of 0..5).
    assert shift.confidence == pytest.approx(1 - 2 * 19 / 924)


def test_no_interval_exists_for_three_against_three() -> None:
    assert hodges_lehmann([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) is None


def test_successive_differences_skip_pairs_around_a_care_event() -> None:
    days = _days([-4, -2, 0, 2, 4])
    diffs = successive_differences(days, [10.0, 12.0, 50.0, 20.0, 21.0], breaks=[EVENT])
    assert list(diffs) == [2.0, 1.0]


def test_successive_differences_drop_unmeasurable_sessions() -> None:
    diffs = successive_differences(_days([1, 2, 3]), [10.0, math.nan, 13.0])
    assert list(diffs) == [3.0]


def test_mdc_is_1_96_root_2_times_sem_from_successive_differences() -> None:
    values = [100.0, 102.0, 101.0, 103.0, 100.0, 101.0]
    diffs = [2.0, -1.0, 2.0, -3.0, 1.0]
    sem = math.sqrt(sum(d * d for d in diffs) / len(diffs) / 2)
    variability = session_variability(_days([1, 2, 3, 4, 5, 6]), values)
    assert variability.sem == pytest.approx(sem)
    assert variability.mdc95 == pytest.approx(1.96 * math.sqrt(2) * sem)


def test_mdc_is_unknown_with_too_few_differences() -> None:
    variability = session_variability(_days([1, 2, 3]), [1.0, 2.0, 3.0])
    assert math.isnan(variability.mdc95)
    assert not variability.known


def _series(before: list[float], after: list[float]) -> tuple[list[date], list[float]]:
    days = _days([-2 * (len(before) - i) for i in range(len(before))])
    days += _days([2 * (i + 1) for i in range(len(after))])
    return days, before + after


def test_clear_step_larger_than_the_mdc_is_a_change() -> None:
    days, values = _series([100, 101, 99, 100, 102, 100], [110, 109, 111, 110, 112, 108])
    comparison = compare_around(days, values, EVENT)
    assert comparison.verdict == "changed"
    assert comparison.change == pytest.approx(10.0)


def test_change_inside_the_noise_is_not_called_a_change() -> None:
    days, values = _series([100, 110, 95, 108, 96, 104], [103, 112, 98, 111, 99, 107])
    comparison = compare_around(days, values, EVENT)
    assert comparison.verdict in ("no_clear_change", "small_change")


def test_small_but_consistent_shift_below_the_mdc_is_a_small_change() -> None:
    # Daily sessions alternating 100/104 (MDC 1.96 * 4 = 7.8°), then 103/107: every
    # window holds 14 sessions, so a steady +3° is certain but smaller than the MDC.
    before = [100.0, 104.0] * 7
    days = _days(list(range(-14, 0))) + _days(list(range(1, 15)))
    comparison = compare_around(days, before + [v + 3.0 for v in before], EVENT)
    assert comparison.ci_low > 0
    assert comparison.variability.mdc95 == pytest.approx(1.96 * 4.0)
    assert comparison.verdict == "small_change"


def test_too_few_sessions_before_gives_no_numbers() -> None:
    days, values = _series([100.0, 101.0, 99.0], [110.0, 109.0, 111.0, 110.0, 112.0])
    comparison = compare_around(days, values, EVENT)
    assert comparison.verdict == "too_few_sessions"
    assert math.isnan(comparison.change)


def test_too_few_reason_states_the_counts_and_the_rule() -> None:
    days, values = _series([100.0, 101.0], [110.0, 109.0, 111.0, 110.0])
    reason = too_few_reason(compare_around(days, values, EVENT))
    assert "2 before and 4 after" in reason
    assert f"at least {MIN_SESSIONS_PER_WINDOW} in each 14-day window" in reason


def test_session_on_the_event_day_is_in_neither_window() -> None:
    days, values = _series([100.0] * 4, [110.0] * 4)
    comparison = compare_around([*days, EVENT], [*values, 500.0], EVENT)
    assert 500.0 not in comparison.before + comparison.after


def test_sessions_outside_the_window_are_ignored() -> None:
    days, values = _series([100.0] * 4, [110.0] * 4)
    comparison = compare_around([*days, EVENT + timedelta(days=15)], [*values, 0.0], EVENT)
    assert len(comparison.after) == 4
