"""The review's tables as rows of text, shared by the HTML report, the PDF and the app.

Each builder returns a ``Table``: a title, column headings, rows of strings and
relative column widths. Building the text once keeps the PDF, the web page and
the app showing exactly the same figures.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from posecapture.review.history import ChildHistory, format_day, metric_label
from posecapture.review.stats import Comparison
from posecapture.review.summary import RECENT_DAYS, MetricSummary, Summary, amount, degrees

VERDICT_WORDS = {
    "changed": "Changed, beyond noise",
    "small_change": "Within the noise",
    "no_clear_change": "No clear change",
    "too_few_sessions": "Too few sessions to tell",
}


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[float, ...]
    note: str = ""


def _median_n(values: tuple[float, ...], metric_id: str) -> str:
    if not values:
        return "none"
    return f"{amount(statistics.median(values), metric_id)} (n={len(values)})"


def _change(c: Comparison, metric_id: str) -> str:
    if c.verdict == "too_few_sessions":
        return "n/a"
    return (
        f"{amount(c.change, metric_id, signed=True)} "
        f"({amount(c.ci_low, metric_id, signed=True)} to "
        f"{amount(c.ci_high, metric_id, signed=True)})"
    )


def before_after_table(summary: Summary) -> Table | None:
    """One row per metric: medians before and after, the change with its interval, the MDC."""
    if summary.event is None:
        return None
    rows = []
    for m in summary.metrics:
        c = m.comparison
        if c is None:
            continue
        rows.append(
            (
                m.label,
                _median_n(c.before, m.metric_id),
                _median_n(c.after, m.metric_id),
                _change(c, m.metric_id),
                amount(c.variability.mdc95, m.metric_id),
                VERDICT_WORDS[c.verdict],
            )
        )
    event = summary.event
    return Table(
        title=f"Before and after: {event.label}, {format_day(event.day)}",
        headers=(
            "Measurement",
            f"{summary.window_days} days before",
            f"{summary.window_days} days after",
            "Change (95% interval)",
            "Can vary by itself",
            "Verdict",
        ),
        rows=rows,
        widths=(3.0, 2.0, 2.0, 2.6, 1.6, 2.4),
        note=(
            "Medians of the session values, with the number of sessions. The change is the "
            "median of all after-minus-before differences. 'Can vary by itself' is the "
            "minimal detectable change (MDC95) from this child's session-to-session "
            "variation. The day of the event itself is in neither window."
        ),
    )


def metrics_table(history: ChildHistory, summary: Summary) -> Table:
    """Per metric: sessions, the first and last four weeks, the best, the MDC."""
    first_end = history.start + timedelta(days=RECENT_DAYS - 1)
    rows = []
    for m in summary.metrics:
        series = history.series[m.metric_id]
        first = [p.value for p in series.points if p.usable and p.day <= first_end]
        rows.append(
            (
                m.label,
                f"{m.n_usable} of {m.n_sessions}",
                amount(statistics.median(first), m.metric_id) if first else "n/a",
                amount(m.recent_median, m.metric_id),
                degrees(m.recent_best) if m.kind == "rom" else "",
                amount(m.variability.mdc95, m.metric_id),
                _goal_cell(m),
            )
        )
    return Table(
        title="Measurements over the period",
        headers=(
            "Measurement",
            "Usable sessions",
            "First 4 weeks",
            "Last 4 weeks",
            "Best rep",
            "Can vary by itself",
            "Goal",
        ),
        rows=rows,
        widths=(3.0, 1.6, 1.5, 1.5, 1.3, 1.6, 2.6),
        note=(
            "Typical (median) session values. A session is usable when the joint was seen "
            "well enough and at least one rep was completed."
        ),
    )


def _goal_cell(m: MetricSummary) -> str:
    if m.goal is None:
        return ""
    by = f" by {format_day(m.goal.by_day)}" if m.goal.by_day else ""
    return f"{degrees(m.goal.target_deg)}{by}"


def sessions_table(history: ChildHistory) -> Table:
    """Every session with its values per measurement and its quality flags."""
    rows = []
    by_session: dict[int, list[str]] = {}
    for metric_id in history.metric_ids():
        for p in history.series[metric_id].points:
            value = amount(p.value, metric_id)
            flag = f" [{p.quality_note or 'low quality'}]" if not p.usable else ""
            reps = f", {p.reps_done}/{p.reps_planned} reps" if p.reps_planned else ""
            by_session.setdefault(p.session_id, []).append(
                f"{metric_label(metric_id)} {value}{reps}{flag}"
            )
    for s in history.sessions:
        rows.append(
            (
                format_day(s.day),
                s.plan_id,
                s.status,
                "; ".join(by_session.get(s.id, [])) or "no measurement",
            )
        )
    return Table(
        title="Sessions",
        headers=("Date", "Routine", "Status", "Values (typical of the reps)"),
        rows=rows,
        widths=(1.6, 1.8, 1.4, 8.0),
    )


def self_reports_table(history: ChildHistory) -> Table:
    rows = [
        (
            format_day(r.day),
            "" if r.pain is None else str(r.pain),
            "" if r.difficulty is None else str(r.difficulty),
            r.helped,
            r.hurt,
            r.wants_more,
        )
        for r in history.self_reports
    ]
    return Table(
        title="How did it feel? The child's answers",
        headers=("Date", "Pain", "Difficulty", "What helped", "What hurt", "Wants more of"),
        rows=rows,
        widths=(1.6, 0.9, 1.2, 2.8, 2.8, 2.4),
    )


def notes_table(history: ChildHistory) -> Table:
    rows = [
        (
            format_day(n.day),
            f"{n.author_role} ({n.author_name})" if n.author_name else n.author_role,
            n.text,
        )
        for n in history.notes
    ]
    return Table(
        title="Notebook", headers=("Date", "Who", "Note"), rows=rows, widths=(1.6, 2.2, 8.4)
    )


def events_table(history: ChildHistory) -> Table:
    rows = [
        (str(e.id), format_day(e.day), e.label, e.text, e.muscles, e.dose) for e in history.events
    ]
    return Table(
        title="Care events",
        headers=("Id", "Date", "Event", "Details", "Muscles", "Dose"),
        rows=rows,
        widths=(0.6, 1.6, 2.0, 4.0, 2.0, 1.6),
        note="Use an id with 'posecapture report --event ID' to compare around that event.",
    )


def goals_table(history: ChildHistory) -> Table:
    rows = [
        (
            metric_label(g.metric_id),
            degrees(g.target_deg),
            format_day(g.by_day) if g.by_day else "",
            g.text,
        )
        for g in history.goals
    ]
    return Table(
        title="Goals",
        headers=("Measurement", "Target", "By", "Note"),
        rows=rows,
        widths=(3.0, 1.2, 1.8, 6.0),
    )
