"""Tremor per body part in the review, against the known sessions of tests/review_fakes.py.

The right wrist shakes at about 5 Hz up to the 2 Nov medication change and in
only two sessions after it; the head never rises above the noise; the left
wrist could not be measured in two sessions.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator

import pytest

import review_fakes as fakes
from posecapture.review.history import ChildHistory, load_history
from posecapture.review.report import build_report, headline
from posecapture.review.summary import Summary, TremorSummary, summarize
from posecapture.review.tables import sessions_table, tremor_table


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("tremor") / "posecapture.db", movement=True)
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def history(built: fakes.Built) -> ChildHistory:
    return load_history(built.store, fakes.CHILD)


@pytest.fixture(scope="module")
def summary(history: ChildHistory) -> Summary:
    return summarize(history)


def _part(summary: Summary, part: str) -> TremorSummary:
    return next(t for t in summary.tremor if t.part == part)


def test_tremor_found_counts_every_session_with_a_tremor(summary: Summary) -> None:
    right = _part(summary, "right_wrist")
    before_or_on = [d for d in fakes.RIGHT if d <= fakes.EVENT_DAY]
    assert right.found == len(before_or_on) + len(fakes.RIGHT_WRIST_TREMOR_AFTER)
    assert len(right.measured) == len(fakes.RIGHT)


def test_frequency_is_the_median_of_the_sessions_with_a_tremor(
    history: ChildHistory, summary: Summary
) -> None:
    hz = [p.dominant_hz for p in history.tremor["right_wrist"] if p.detected]
    assert _part(summary, "right_wrist").median_hz == statistics.median(hz)


def test_windows_count_tremor_before_and_after_the_change(summary: Summary) -> None:
    right = _part(summary, "right_wrist")
    assert sum(bool(p.detected) for p in right.before) == len(right.before) == 6
    assert (sum(bool(p.detected) for p in right.after), len(right.after)) == (1, 6)
    assert "tremor in 6 of 6 sessions before, 1 of 6 after" in right.sentence


def test_part_without_tremor_says_so_and_gives_no_numbers(summary: Summary) -> None:
    head = _part(summary, "head")
    assert head.found == 0
    assert head.sentence == "Head: no tremor above the noise threshold in 24 sessions."
    row = next(r for r in tremor_table(summary).rows if r[0] == "Head")
    assert row[3:5] == ("–", "–")


def test_unmeasurable_sessions_are_left_out_with_their_reason(summary: Summary) -> None:
    left = _part(summary, "left_wrist")
    assert len(left.measured) == len(fakes.RIGHT) - len(fakes.LEFT_WRIST_UNSEEN)
    assert {p.day for p in left.unmeasured} == fakes.LEFT_WRIST_UNSEEN
    assert f"Not measurable in 2 sessions: {fakes.UNSEEN_REASON}" in left.sentence


def test_session_table_says_per_session_what_the_tremor_was(history: ChildHistory) -> None:
    rows = {r[0]: r[3] for r in sessions_table(history).rows}
    assert "Right wrist: tremor 5.2 Hz, 1.8%" in rows["5 Oct 2026"]  # 5 Hz + noise 0.2
    assert "Left wrist: not measurable" in rows["7 Oct 2026"]
    assert "Right wrist: no tremor" in rows["4 Nov 2026"]


def test_posture_and_tremor_values_carry_no_rep_counts(history: ChildHistory) -> None:
    rows = {r[0]: r[3] for r in sessions_table(history).rows}
    assert "Head tilt during exercises 6°;" in rows["12 Oct 2026"]


def test_first_page_gives_one_line_per_part_with_its_band_change(history: ChildHistory) -> None:
    lines = headline(build_report(history))
    right = next(line for line in lines if line.startswith("Right wrist:"))
    assert "Tremor-band movement: changed by −" in right
    assert not any(line.startswith("Right wrist: tremor-band movement") for line in lines)


def test_spanish_tremor_sentence_translates_the_reason(history: ChildHistory) -> None:
    left = _part(summarize(history, language="es"), "left_wrist")
    assert left.sentence.startswith("Muñeca izquierda: ningún temblor por encima del umbral")
    assert "Menos de 2 s viendo bien esta parte del cuerpo" in left.sentence


def test_posture_not_measurable_in_a_session_says_how_often_and_why(summary: Summary) -> None:
    tilt = next(m for m in summary.metrics if m.metric_id == "head_tilt_during_exercises")
    assert (tilt.n_usable, tilt.n_sessions) == (len(fakes.RIGHT) - 1, len(fakes.RIGHT))
    assert tilt.sentence.endswith(f"Not measurable in 1 session: {fakes.HEAD_REASON}")
    assert "low-quality" not in tilt.sentence


def test_posture_never_measured_gets_one_line_and_no_chart(history: ChildHistory) -> None:
    report = build_report(history)
    lines = headline(report)
    reason = fakes.TURN_REASON.removesuffix(".")
    never = f"Not measurable in any session: Head rotation during exercises ({reason})."
    assert never in lines
    assert not any(line.startswith("Head rotation") for line in lines)
    assert "Head rotation" not in [label for label, _ in report.metric_charts]
