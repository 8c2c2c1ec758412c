"""The check-in report: its figures against hand calculation, and its pages on paper.

The PDF pages are rendered with pdftoppm into test-artifacts/review/ for a person
to look at after the run.
"""

from __future__ import annotations

import itertools
import math
import shutil
import statistics
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import review_fakes as fakes
from posecapture.cli import main
from posecapture.errors import UserError
from posecapture.review.history import ChildHistory, load_history
from posecapture.review.report import (
    Report,
    build_report,
    headline,
    headline_lines,
    render_html,
    render_pdf,
    write_report,
)
from posecapture.review.summary import MetricSummary, Summary, summarize

# The windows around 2 Nov 2026 hold these sessions (tests/review_fakes.py):
BEFORE = [99.0, 101.0, 100.0, 98.0, 102.0, 100.0]  # 19 Oct .. 30 Oct
AFTER = [110.0, 109.0, 111.0, 110.0, 112.0, 108.0]  # 4 Nov .. 16 Nov


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("report") / "posecapture.db")
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def history(built: fakes.Built) -> ChildHistory:
    return load_history(built.store, fakes.CHILD)


@pytest.fixture(scope="module")
def summary(history: ChildHistory) -> Summary:
    return summarize(history)


def _right(summary: Summary) -> MetricSummary:
    return next(m for m in summary.metrics if m.metric_id == "right_elbow_flexion")


def _hand_mdc() -> float:
    """Successive differences of usable sessions, none touching 2 Nov, as RMS * 1.96."""
    usable = [(d, v) for d, v in fakes.RIGHT.items() if d != fakes.LOW_QUALITY_DAY]
    diffs = [
        v1 - v0
        for (d0, v0), (d1, v1) in itertools.pairwise(usable)
        if not d0 <= fakes.EVENT_DAY <= d1
    ]
    sem = math.sqrt(sum(d * d for d in diffs) / len(diffs) / 2)
    return 1.96 * math.sqrt(2) * sem


def test_default_event_is_the_latest_care_event_in_the_period(summary: Summary) -> None:
    assert summary.event is not None
    assert summary.event.day == fakes.EVENT_DAY


def test_windows_hold_the_sessions_counted_by_hand(summary: Summary) -> None:
    comparison = _right(summary).comparison
    assert sorted(comparison.before) == sorted(BEFORE)
    assert sorted(comparison.after) == sorted(AFTER)


def test_change_is_the_median_of_all_pairwise_differences(summary: Summary) -> None:
    diffs = [a - b for a in AFTER for b in BEFORE]
    assert _right(summary).comparison.change == pytest.approx(statistics.median(diffs))


def test_interval_is_the_sixth_smallest_to_sixth_largest_difference(summary: Summary) -> None:
    diffs = sorted(a - b for a in AFTER for b in BEFORE)
    comparison = _right(summary).comparison
    assert (comparison.ci_low, comparison.ci_high) == (diffs[5], diffs[-6])


def test_mdc_comes_from_consecutive_sessions_not_across_the_event(summary: Summary) -> None:
    assert _right(summary).comparison.variability.mdc95 == pytest.approx(_hand_mdc())


def test_right_elbow_is_reported_as_changed(summary: Summary) -> None:
    assert _right(summary).comparison.verdict == "changed"


def test_left_elbow_is_reported_as_unchanged(summary: Summary) -> None:
    left = next(m for m in summary.metrics if m.metric_id == "left_elbow_flexion")
    assert left.comparison.verdict == "no_clear_change"


def test_recent_figures_use_the_last_four_weeks(summary: Summary) -> None:
    recent = [v for d, v in fakes.RIGHT.items() if d >= date(2026, 10, 31)]
    right = _right(summary)
    assert right.recent_median == statistics.median(recent)
    assert right.recent_best == max(recent) + 4.0


def test_sentence_gives_the_change_and_the_mdc_in_plain_words(summary: Summary) -> None:
    sentence = _right(summary).sentence
    assert "Up 10° since the medication change on 2 Nov 2026" in sentence
    assert f"more than the {round(_hand_mdc())}° this measurement can vary by itself" in sentence


def test_sentence_counts_the_distance_to_the_goal(summary: Summary) -> None:
    assert "Goal 115° by 31 Dec 2026: 5° to go." in _right(summary).sentence


def test_sentence_says_how_many_sessions_were_left_out(summary: Summary) -> None:
    assert "1 of 24 sessions had low-quality data" in _right(summary).sentence


def test_adherence_counts_sessions_per_week(summary: Summary) -> None:
    assert summary.adherence.startswith("24 sessions in 8 weeks (3.0 per week)")


def test_self_report_line_gives_the_median_pain(summary: Summary) -> None:
    pains = [fakes.PAIN[i % len(fakes.PAIN)] for i in range(24)]
    assert f"pain typically {statistics.median(pains):g} of 10" in summary.self_reports


def test_too_few_sessions_after_a_late_event_is_said_plainly_once(built: fakes.Built) -> None:
    history = load_history(built.store, fakes.CHILD, end=date(2026, 11, 9))
    lines = headline_lines(summarize(history))
    reason = "6 before and 3 after (at least 4 in each 14-day window are needed)"
    assert "Too few sessions to tell whether anything changed: " + reason in lines[0]
    assert sum(reason in line for line in lines) == 1


def test_unknown_event_number_lists_the_known_ones(history: ChildHistory) -> None:
    with pytest.raises(UserError, match=r"no care event number 99.*medication change"):
        build_report(history, event_id=99)


def test_report_file_must_be_html_or_pdf(built: fakes.Built, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.html or \.pdf"):
        write_report(built.store, fakes.CHILD, tmp_path / "report.docx")


def test_html_report_holds_the_summary_and_every_chart(report: Report) -> None:
    page = render_html(report)
    assert "Progress report: Sofía Núñez" in page
    assert "Up 10° since the medication change" in page
    assert page.count("data:image/png;base64,") == 5  # elbow, weeks, answers, 2 x before/after


@pytest.fixture(scope="module")
def report(history: ChildHistory) -> Report:
    return build_report(history, generated=date(2026, 11, 28))


@pytest.fixture(scope="module")
def pdf_file(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdftoppm/pdftotext (poppler-utils) are not installed")
    pdf = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf.write_bytes(render_pdf(report))
    out = Path(__file__).resolve().parents[1] / "test-artifacts" / "review"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(out / "report-page")], check=True)
    return pdf


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_pdf_first_page_says_where_the_child_stands(pdf_file: Path) -> None:
    text = _page_text(pdf_file, 1)
    assert "Where things stand" in text
    assert "Before and after: medication change, 2 Nov 2026" in text


def test_pdf_charts_follow_the_summary(pdf_file: Path) -> None:
    assert "Charts" in _page_text(pdf_file, 2)


def test_pdf_keeps_accents_and_degree_signs(pdf_file: Path) -> None:
    text = _page_text(pdf_file, 1)
    assert "Sofía Núñez" in text
    assert "Up 10° since" in text


def test_pdf_pages_are_a4(pdf_file: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf_file)], check=True, capture_output=True, text=True)
    assert "595.28 x 841.89 pts (A4)" in info.stdout


def test_letter_paper_is_offered(report: Report, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_pdf(report, paper="Letter"))
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "612 x 792 pts (letter)" in info.stdout


def test_report_command_writes_a_pdf(built: fakes.Built, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        main,
        ["report", "--child", fakes.CHILD, "-o", str(out), "--db", str(built.store.path)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_report_command_unknown_child_is_one_line(built: fakes.Built, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--child",
            "Nadie",
            "-o",
            str(tmp_path / "r.pdf"),
            "--db",
            str(built.store.path),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: No child named Nadie. Add one with: posecapture child add Nadie"
    ]


def test_report_command_says_when_it_replaced_a_file(built: fakes.Built, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("last month's report")
    result = CliRunner().invoke(
        main,
        ["report", "--child", fakes.CHILD, "-o", str(out), "--db", str(built.store.path)],
    )
    assert result.exit_code == 0, result.output
    assert "replaced the old file" in result.output


def test_from_after_the_last_session_is_an_empty_period_not_an_inverted_one(
    built: fakes.Built,
) -> None:
    later = date.today() + timedelta(days=30)
    history = load_history(built.store, fakes.CHILD, start=later)
    assert (history.start, history.end) == (later, later)
    assert history.sessions == []


def test_from_after_the_last_session_runs_to_today(built: fakes.Built) -> None:
    after_last = max(fakes.RIGHT) + timedelta(days=1)
    history = load_history(built.store, fakes.CHILD, start=after_last)
    assert (history.start, history.end) == (after_last, max(after_last, date.today()))
    assert history.sessions == []


def test_child_without_sessions_gets_one_plain_sentence_and_no_charts(
    built: fakes.Built,
) -> None:
    if not any(c["name"] == "Mia" for c in built.store.list_children()):
        built.store.add_child("Mia")
    report = build_report(load_history(built.store, "Mia"))
    lines = headline(report)
    assert len(lines) == 1
    assert "Mia has no sessions in this period" in lines[0]
    assert report.adherence_chart is None
