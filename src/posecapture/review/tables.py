"""The review's tables as rows of text, shared by the HTML report, the PDF and the app.

Each builder returns a ``Table``: a title, column headings, rows of strings and
relative column widths. Building the text once keeps the PDF, the web page and
the app showing exactly the same figures.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review.history import (
    TREMOR,
    ChildHistory,
    TremorPoint,
    care_event_label,
    metric_label,
    part_label,
)
from posecapture.review.stats import Comparison
from posecapture.review.summary import (
    RECENT_DAYS,
    MetricSummary,
    Summary,
    TremorSummary,
    amount,
    degrees,
    with_pm,
)
from posecapture.review.words import (
    WORDS,
    counted,
    format_day,
    reason_words,
    say,
)


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[float, ...]
    note: str = ""


def verdict_words(verdict: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A before/after verdict in plain words ("Changed, beyond noise")."""
    return say(f"verdict_{verdict}", language)


def _median_n(values: tuple[float, ...], metric_id: str, language: str) -> str:
    if not values:
        return say("none", language)
    return f"{amount(statistics.median(values), metric_id, language=language)} (n={len(values)})"


def _change(c: Comparison, metric_id: str, language: str) -> str:
    if c.verdict == "too_few_sessions":
        return say("n_a", language)

    def show(value: float) -> str:
        return amount(value, metric_id, signed=True, language=language)

    to = say("to", language)
    return f"{show(c.change)} ({show(c.ci_low)} {to} {show(c.ci_high)})"


def before_after_table(summary: Summary) -> Table | None:
    """One row per metric: medians before and after, the change with its interval, the MDC."""
    if summary.event is None:
        return None
    lang = summary.language
    rows = []
    for m in summary.metrics:
        c = m.comparison
        if c is None or m.n_usable == 0:
            continue
        rows.append(
            (
                m.label,
                _median_n(c.before, m.metric_id, lang),
                _median_n(c.after, m.metric_id, lang),
                _change(c, m.metric_id, lang),
                amount(c.variability.mdc95, m.metric_id, language=lang),
                verdict_words(c.verdict, lang),
            )
        )
    event = summary.event
    days = summary.window_days
    return Table(
        title=say(
            "t_before_after_title",
            lang,
            label=event.label_in(lang),
            day=format_day(event.day, lang),
        ),
        headers=(
            say("t_measurement", lang),
            say("t_days_before", lang, days=days),
            say("t_days_after", lang, days=days),
            say("t_change", lang),
            say("t_can_vary", lang),
            say("t_verdict", lang),
        ),
        rows=rows,
        widths=(3.0, 1.9, 1.9, 2.7, 1.6, 2.3),
        note=say("t_before_after_note", lang),
    )


def metrics_table(history: ChildHistory, summary: Summary) -> Table:
    """Per metric: sessions, the first and last four weeks, the best, the MDC, the goal.

    Columns that could only say "n/a" are left out: the first four weeks when the
    period is shorter than that (they would repeat the last four), the MDC when no
    metric has enough sessions to estimate it, the goal when there is none. So are
    metrics never measured at all (page 1 says why, once).
    """
    lang = summary.language
    first_end = history.start + timedelta(days=RECENT_DAYS - 1)
    metrics = [m for m in summary.metrics if m.n_sessions > len(m.unmeasured)]
    columns: list[tuple[str, float, Callable[[MetricSummary], str]]] = [
        (say("t_measurement", lang), 3.0, lambda m: m.label),
        (say("t_usable", lang), 1.6, lambda m: say("t_n_of_m", lang, n=m.n_usable, m=m.n_sessions)),
    ]
    if (history.end - history.start).days >= RECENT_DAYS:

        def first(m: MetricSummary) -> str:
            series = history.series[m.metric_id]
            values = [p.value for p in series.points if p.usable and p.day <= first_end]
            if not values:
                return say("n_a", lang)
            return amount(statistics.median(values), m.metric_id, language=lang)

        columns.append((say("t_first_weeks", lang), 1.5, first))
    columns.append(
        (
            say("t_last_weeks", lang),
            1.5,
            lambda m: with_pm(m, lang),
        )
    )
    if any(m.kind == "rom" for m in metrics):
        columns.append(
            (
                say("t_best_rep", lang),
                1.5,
                lambda m: degrees(m.recent_best, language=lang) if m.kind == "rom" else "",
            )
        )
    if any(not math.isnan(m.variability.mdc95) for m in metrics):
        columns.append(
            (
                say("t_can_vary", lang),
                1.6,
                lambda m: amount(m.variability.mdc95, m.metric_id, language=lang),
            )
        )
    if any(m.goal is not None for m in metrics):
        columns.append((say("t_goal", lang), 2.4, lambda m: _goal_cell(m, lang)))
    return Table(
        title=say("t_over_period", lang),
        headers=tuple(title for title, _, _ in columns),
        rows=[tuple(cell(m) for _, _, cell in columns) for m in metrics],
        widths=tuple(width for _, width, _ in columns),
        note=say("t_over_period_note", lang),
    )


def _goal_cell(m: MetricSummary, language: str) -> str:
    if m.goal is None:
        return ""
    by = say("by_day", language, day=format_day(m.goal.by_day, language)) if m.goal.by_day else ""
    return f"{degrees(m.goal.target_deg, language=language)}{by}"


def tremor_table(summary: Summary) -> Table:
    """Per body part: sessions measured, how many showed a tremor, its frequency and size."""
    lang = summary.language
    return Table(
        title=say("t_tremor_title", lang),
        headers=(
            say("t_part", lang),
            say("t_measured", lang),
            say("t_tremor_found", lang),
            say("t_frequency", lang),
            say("t_size", lang),
            say("t_not_measurable", lang),
        ),
        rows=[_tremor_row(t, lang) for t in summary.tremor],
        widths=(1.8, 1.4, 1.3, 1.3, 1.6, 4.6),
        note=say("t_tremor_note", lang),
    )


def _tremor_row(t: TremorSummary, language: str) -> tuple[str, ...]:
    nothing = "" if t.found else "–"
    reasons = " ".join(
        dict.fromkeys(reason_words(p.reason, language) for p in t.unmeasured if p.reason)
    )
    sessions = counted(len(t.unmeasured), "session", language)
    unmeasured = f"{sessions}: {reasons}" if t.unmeasured else ""
    return (
        part_label(t.part, language),
        str(len(t.measured)),
        say("t_n_of_m", language, n=t.found, m=len(t.measured)),
        f"{t.median_hz:.1f} Hz" if not math.isnan(t.median_hz) else nothing,
        f"{t.median_amplitude_pct:.1f}%" if not math.isnan(t.median_amplitude_pct) else nothing,
        unmeasured,
    )


def sessions_table(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> Table:
    """Every session with its values per measurement and its quality flags."""
    rows = []
    by_session: dict[int, list[str]] = {}
    # Tremor levels are left out here (the tremor words below say more per session), and
    # so are measurements never measured at all (page 1 says so once, with the reason).
    for metric_id in history.metric_ids():
        values = history.series[metric_id].points
        if metric_id.endswith(TREMOR) or all(math.isnan(p.value) for p in values):
            continue
        for p in values:
            value = amount(p.value, metric_id, language=language)
            flag = f" [{p.quality_note or say('t_low_quality', language)}]" if not p.usable else ""
            reps = (
                say("t_reps", language, done=p.reps_done, planned=p.reps_planned)
                if p.reps_planned
                else ""
            )
            by_session.setdefault(p.session_id, []).append(
                f"{metric_label(metric_id, language)} {value}{reps}{flag}"
            )
    for part, points in sorted(history.tremor.items()):
        for t in points:
            by_session.setdefault(t.session_id, []).append(
                f"{part_label(part, language)}: {tremor_words(t, language)}"
            )
    for s in history.sessions:
        rows.append(
            (
                format_day(s.day, language),
                s.plan_id,
                status_words(s.status, language),
                "; ".join(by_session.get(s.id, [])) or say("t_no_measurement", language),
            )
        )
    return Table(
        title=say("t_sessions", language),
        headers=(
            say("t_date", language),
            say("t_routine", language),
            say("t_status", language),
            say("t_values", language),
        ),
        rows=rows,
        widths=(1.6, 1.8, 1.4, 8.0),
        note=say("t_sessions_note", language),
    )


def tremor_words(point: TremorPoint, language: str = DEFAULT_LANGUAGE) -> str:
    """One session's tremor of one part, short for the sessions table: "tremor 5.2 Hz, 1.1%",
    "no tremor" (none above the noise threshold; the table's note says so once)."""
    if point.detected is None:
        return say("not_measurable", language)
    if not point.detected:
        return say("t_no_tremor", language)
    hz = f"{point.dominant_hz:.1f}" if point.dominant_hz is not None else "?"
    size = f"{point.amplitude_pct:.1f}%" if point.amplitude_pct is not None else "?"
    return say("tremor_found", language, hz=hz, amplitude=size)


def status_words(status: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A session or exercise status in plain words ("not finished" for "incomplete")."""
    key = f"status_{status}"
    return say(key, language) if key in WORDS else status


def self_reports_table(
    history: ChildHistory, language: str = DEFAULT_LANGUAGE, *, words_only: bool = False
) -> Table:
    """The child's answers; ``words_only`` keeps those with something said in words (the
    report does so when every score is already on a chart)."""
    reports = [
        r for r in history.self_reports if not words_only or r.helped or r.hurt or r.wants_more
    ]
    rows = [
        (
            format_day(r.day, language),
            "" if r.pain is None else str(r.pain),
            "" if r.difficulty is None else str(r.difficulty),
            r.helped,
            r.hurt,
            r.wants_more,
        )
        for r in reports
    ]
    return Table(
        title=say("t_feel_title", language),
        headers=(
            say("t_date", language),
            say("t_pain", language),
            say("t_difficulty", language),
            say("t_helped", language),
            say("t_hurt", language),
            say("t_wants_more", language),
        ),
        rows=rows,
        widths=(1.6, 0.9, 1.3, 2.8, 2.8, 2.3),
        note=say("t_feel_words_note", language) if words_only else "",
    )


def role_words(role: str, language: str = DEFAULT_LANGUAGE) -> str:
    key = f"role_{role}"
    return say(key, language) if key in WORDS else role


def notes_table(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> Table:
    rows = [
        (
            format_day(n.day, language),
            f"{role_words(n.author_role, language)} ({n.author_name})"
            if n.author_name
            else role_words(n.author_role, language),
            n.text,
        )
        for n in history.notes
    ]
    return Table(
        title=say("t_notebook", language),
        headers=(say("t_date", language), say("t_who", language), say("t_note", language)),
        rows=rows,
        widths=(1.6, 2.2, 8.4),
    )


def events_table(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> Table:
    rows = [
        (
            str(e.id),
            format_day(e.day, language),
            care_event_label(e.kind, language),
            e.text,
            e.muscles,
            e.dose,
        )
        for e in history.events
    ]
    return Table(
        title=say("t_care_events", language),
        headers=(
            say("t_number", language),
            say("t_date", language),
            say("t_event", language),
            say("t_details", language),
            say("t_muscles", language),
            say("t_dose", language),
        ),
        rows=rows,
        widths=(0.6, 1.6, 2.2, 4.0, 2.0, 1.4),
        note=say("t_events_note", language),
    )


def goals_table(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> Table:
    rows = [
        (
            metric_label(g.metric_id, language),
            degrees(g.target_deg, language=language),
            format_day(g.by_day, language) if g.by_day else "",
            g.text,
        )
        for g in history.goals
    ]
    return Table(
        title=say("t_goals", language),
        headers=(
            say("t_measurement", language),
            say("t_target", language),
            say("t_by", language),
            say("t_note", language),
        ),
        rows=rows,
        widths=(3.0, 1.2, 1.8, 6.0),
    )
