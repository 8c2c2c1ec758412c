"""Where the child stands, in plain words: the sentences of the dashboard and the report.

Pure functions of a ``ChildHistory``. Every sentence is built from numbers
computed here, and every number is one a reader can check in the tables:
"recent" means the last ``RECENT_DAYS`` days of the period; changes come from
``posecapture.review.stats`` and are only called changes when they pass its
rules. When data are too few or of low quality, the sentence says so instead
of giving a number.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace
from datetime import timedelta

from posecapture.review.history import (
    CareEvent,
    ChildHistory,
    Goal,
    MetricKind,
    format_day,
    metric_kind,
    metric_label,
    metric_unit,
)
from posecapture.review.stats import (
    DEFAULT_WINDOW_DAYS,
    Comparison,
    Variability,
    compare_around,
    session_variability,
    too_few_reason,
)

RECENT_DAYS = 28


def degrees(value: float, *, signed: bool = False) -> str:
    """A whole number of degrees with the ° sign ("n/a" for NaN), e.g. "112°" or "+9°"."""
    if math.isnan(value):
        return "n/a"
    rounded = round(value)
    if signed and rounded > 0:
        return f"+{rounded}°"
    return f"{rounded}°".replace("-", "−")


def amount(value: float, metric_id: str, *, signed: bool = False) -> str:
    """A value in its metric's unit: "112°" for angles, "1.4%" of torso length for tremor."""
    if metric_unit(metric_id) == "°":
        return degrees(value, signed=signed)
    if math.isnan(value):
        return "n/a"
    sign = "+" if signed and round(value, 1) > 0 else ""
    return f"{sign}{value:.1f}%".replace("-", "−")


def count(n: int, noun: str) -> str:
    """ "1 session", "3 sessions"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class MetricSummary:
    """The figures of one metric over the period, and its sentence."""

    metric_id: str
    kind: MetricKind
    n_sessions: int
    n_usable: int
    recent_median: float
    recent_best: float
    variability: Variability
    comparison: Comparison | None
    goal: Goal | None
    sentence: str

    @property
    def label(self) -> str:
        return metric_label(self.metric_id)

    @property
    def n_low_quality(self) -> int:
        return self.n_sessions - self.n_usable


@dataclass(frozen=True)
class Summary:
    """The report's first page: one sentence per metric plus adherence and self-reports."""

    event: CareEvent | None
    window_days: int
    metrics: list[MetricSummary]
    adherence: str
    self_reports: str


def default_event(history: ChildHistory) -> CareEvent | None:
    """The most recent care event inside the period: the one a check-in usually asks about."""
    inside = [e for e in history.events if history.start <= e.day <= history.end]
    return inside[-1] if inside else None


def summarize(
    history: ChildHistory,
    *,
    event: CareEvent | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Summary:
    """Summaries of every metric, comparing around ``event`` (default: the latest in the period)."""
    chosen = event or default_event(history)
    return Summary(
        event=chosen,
        window_days=window_days,
        metrics=[summarize_metric(history, m, chosen, window_days) for m in history.metric_ids()],
        adherence=adherence_sentence(history),
        self_reports=self_report_sentence(history),
    )


def summarize_metric(
    history: ChildHistory,
    metric_id: str,
    event: CareEvent | None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> MetricSummary:
    series = history.series[metric_id]
    days, values = series.days, series.values()
    breaks = [e.day for e in history.events]
    recent_from = history.end - timedelta(days=RECENT_DAYS - 1)
    recent = [p for p in series.points if p.usable and p.day >= recent_from]
    recent_median = statistics.median(p.value for p in recent) if recent else math.nan
    recent_best = max((p.best for p in recent if not math.isnan(p.best)), default=math.nan)
    comparison = (
        compare_around(days, values, event.day, window_days=window_days, breaks=breaks)
        if event
        else None
    )
    goal = next((g for g in history.goals if g.metric_id == metric_id), None)
    n_usable = sum(p.usable for p in series.points)
    summary = MetricSummary(
        metric_id=metric_id,
        kind=series.kind,
        n_sessions=len(series.points),
        n_usable=n_usable,
        recent_median=recent_median,
        recent_best=recent_best,
        variability=session_variability(days, values, breaks),
        comparison=comparison,
        goal=goal,
        sentence="",
    )
    return replace(summary, sentence=metric_sentence(summary, event))


def metric_sentence(summary: MetricSummary, event: CareEvent | None) -> str:
    """E.g. "Right elbow flexion: typically 108° in the last 4 weeks (best 112°); up 9° ..."."""
    parts = [f"{summary.label}:"]
    if math.isnan(summary.recent_median):
        parts.append(f"no usable session in the last {RECENT_DAYS // 7} weeks.")
    else:
        best = f" (best {degrees(summary.recent_best)})" if summary.kind == "rom" else ""
        typical = amount(summary.recent_median, summary.metric_id)
        parts.append(f"typically {typical} in the last {RECENT_DAYS // 7} weeks{best}.")
    if summary.comparison is not None and event is not None:
        parts.append(change_sentence(summary.comparison, event, summary.metric_id))
    if summary.goal is not None:
        parts.append(goal_sentence(summary.goal, summary.recent_median))
    if summary.n_low_quality:
        parts.append(
            f"{summary.n_low_quality} of {count(summary.n_sessions, 'session')} had "
            "low-quality data and were left out."
        )
    return " ".join(parts)


def event_phrase(event: CareEvent, *, detail: bool = True) -> str:
    """ "the medication change on 2 Nov 2026 (baclofen 10 mg)"; ``detail=False`` drops the text."""
    text = f" ({event.text})" if event.text and detail else ""
    return f"the {event.label} on {format_day(event.day)}{text}"


def change_sentence(comparison: Comparison, event: CareEvent, metric_id: str) -> str:
    """The before/after verdict in one sentence, honest about noise and small samples."""
    since = event_phrase(event, detail=False)
    if comparison.verdict == "too_few_sessions":
        return (
            f"Too few sessions to tell whether anything changed since {since}: "
            f"{too_few_reason(comparison)}."
        )
    change = comparison.change
    mdc = amount(comparison.variability.mdc95, metric_id)
    interval = (
        f"95% interval {amount(comparison.ci_low, metric_id, signed=True)} to "
        f"{amount(comparison.ci_high, metric_id, signed=True)}"
    )
    if comparison.verdict == "no_clear_change":
        signed = amount(change, metric_id, signed=True)
        return f"No clear change since {since}: {signed}, {interval}."
    if metric_kind(metric_id) == "rom":
        moved = f"{'Up' if change > 0 else 'Down'} {amount(abs(change), metric_id)}"
    else:
        moved = f"Changed by {amount(change, metric_id, signed=True)}"
    if comparison.verdict == "small_change":
        return (
            f"{moved} since {since}: {interval}, but that is "
            f"within the {mdc} this measurement can vary by itself."
        )
    return (
        f"{moved} since {since}: {interval}, more than the "
        f"{mdc} this measurement can vary by itself."
    )


def goal_sentence(goal: Goal, recent_median: float) -> str:
    by = f" by {format_day(goal.by_day)}" if goal.by_day else ""
    target = f"Goal {degrees(goal.target_deg)}{by}"
    if math.isnan(recent_median):
        return f"{target}."
    gap = goal.target_deg - recent_median
    if gap <= 0:
        return f"{target}: reached."
    return f"{target}: {degrees(gap)} to go."


def adherence_sentence(history: ChildHistory) -> str:
    weeks = history.sessions_per_week()
    n = len(history.sessions)
    if n == 0:
        return "No sessions in this period."
    incomplete = sum(s.status != "complete" for s in history.sessions)
    per_week = n / max(len(weeks), 1)
    text = (
        f"{count(n, 'session')} in {count(len(weeks), 'week')} ({per_week:.1f} per week); "
        f"last session {format_day(history.sessions[-1].day)}."
    )
    if incomplete:
        text += f" {count(incomplete, 'session')} stopped before the end."
    return text


def self_report_sentence(history: ChildHistory) -> str:
    reports = history.self_reports
    if not reports:
        return "The child gave no 'how did it feel' answers in this period."
    parts = []
    for attr in ("pain", "difficulty"):
        values = [getattr(r, attr) for r in reports if getattr(r, attr) is not None]
        if values:
            spread = (
                f"always {values[0]}"
                if min(values) == max(values)
                else f"from {min(values)} to {max(values)}"
            )
            parts.append(
                f"{attr} typically {statistics.median(values):g} of 10 "
                f"({spread}, {count(len(values), 'answer')})"
            )
    hurt = sum(bool(r.hurt) for r in reports)
    text = "The child's own answers: " + ("; ".join(parts) if parts else "no scores") + "."
    if hurt:
        text += f" Something hurt in {hurt} of {len(reports)} answers (see the table)."
    return text
