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
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review.history import (
    CareEvent,
    ChildHistory,
    Goal,
    MetricKind,
    TremorPoint,
    metric_kind,
    metric_label,
    metric_unit,
    part_label,
)
from posecapture.review.stats import (
    DEFAULT_WINDOW_DAYS,
    MIN_DIFFERENCES_FOR_MDC,
    MIN_SESSIONS_PER_WINDOW,
    Comparison,
    Variability,
    compare_around,
    session_variability,
)
from posecapture.review.words import counted, format_day, reason_words, say

RECENT_DAYS = 28


def degrees(value: float, *, signed: bool = False, language: str = DEFAULT_LANGUAGE) -> str:
    """A whole number of degrees with the ° sign ("n/a" for NaN), e.g. "112°" or "+9°"."""
    if math.isnan(value):
        return say("n_a", language)
    rounded = round(value)
    if signed and rounded > 0:
        return f"+{rounded}°"
    return f"{rounded}°".replace("-", "−")


def amount(
    value: float, metric_id: str, *, signed: bool = False, language: str = DEFAULT_LANGUAGE
) -> str:
    """A value in its metric's unit: "112°" for angles, "1.4%" of torso length for tremor."""
    if metric_unit(metric_id) == "°":
        return degrees(value, signed=signed, language=language)
    if math.isnan(value):
        return say("n_a", language)
    sign = "+" if signed and round(value, 1) > 0 else ""
    return f"{sign}{value:.1f}%".replace("-", "−")


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
    language: str = DEFAULT_LANGUAGE
    # The measurement's reason for each session where a posture could not be measured.
    unmeasured: tuple[str, ...] = ()
    # The usable sessions of the last RECENT_DAYS the typical value rests on.
    recent_days: tuple[date, ...] = ()
    # The median 90% half-width of those sessions' values (NaN where not known).
    recent_pm: float = math.nan

    @property
    def label(self) -> str:
        return metric_label(self.metric_id, self.language)

    @property
    def n_low_quality(self) -> int:
        """Sessions with a value too poorly seen to count (not those with no value at all)."""
        return self.n_sessions - self.n_usable - len(self.unmeasured)

    @property
    def never_measured(self) -> bool:
        return len(self.unmeasured) == self.n_sessions


@dataclass(frozen=True)
class TremorSummary:
    """Tremor of one body part over the period: how often it stood out, how fast, how big.

    ``before``/``after`` are the sessions of the comparison windows around the
    chosen event that measured the part (empty without an event).
    """

    part: str
    measured: tuple[TremorPoint, ...]
    unmeasured: tuple[TremorPoint, ...]
    median_hz: float
    median_amplitude_pct: float
    before: tuple[TremorPoint, ...]
    after: tuple[TremorPoint, ...]
    sentence: str

    @property
    def found(self) -> int:
        return sum(bool(p.detected) for p in self.measured)


@dataclass(frozen=True)
class Summary:
    """The report's first page: one sentence per metric plus adherence and self-reports."""

    event: CareEvent | None
    window_days: int
    metrics: list[MetricSummary]
    adherence: str
    self_reports: str
    tremor: list[TremorSummary] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    # When no metric has enough sessions around the event, the one shared reason (said
    # once on the event's line rather than once per metric); "" otherwise.
    too_few: str = ""


def default_event(history: ChildHistory) -> CareEvent | None:
    """The most recent care event inside the period: the one a check-in usually asks about."""
    inside = [e for e in history.events if history.start <= e.day <= history.end]
    return inside[-1] if inside else None


def summarize(
    history: ChildHistory,
    *,
    event: CareEvent | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    language: str = DEFAULT_LANGUAGE,
) -> Summary:
    """Summaries of every metric, comparing around ``event`` (default: the latest in the period)."""
    chosen = event or default_event(history)
    metrics = [
        summarize_metric(history, m, chosen, window_days, language) for m in history.metric_ids()
    ]
    too_few = _shared_too_few(metrics, language)
    if too_few:
        metrics = [replace(m, sentence=metric_sentence(m, None, language)) for m in metrics]
    return Summary(
        event=chosen,
        window_days=window_days,
        too_few=too_few,
        metrics=metrics,
        adherence=adherence_sentence(history, language),
        self_reports=self_report_sentence(history, language),
        tremor=[
            summarize_tremor(part, points, chosen, window_days, language)
            for part, points in sorted(history.tremor.items())
        ],
        language=language,
    )


def _shared_too_few(metrics: list[MetricSummary], language: str) -> str:
    """The one reason when every metric has too few sessions around the event, else ""."""
    compared = [m.comparison for m in metrics if m.comparison is not None]
    if not compared or any(c.verdict != "too_few_sessions" for c in compared):
        return ""
    reasons = {too_few_reason(c, language) for c in compared}
    return reasons.pop() if len(reasons) == 1 else ""


def summarize_metric(
    history: ChildHistory,
    metric_id: str,
    event: CareEvent | None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    language: str = DEFAULT_LANGUAGE,
) -> MetricSummary:
    series = history.series[metric_id]
    days, values = series.days, series.values()
    breaks = [e.day for e in history.events]
    recent_from = history.end - timedelta(days=RECENT_DAYS - 1)
    recent = [p for p in series.points if p.usable and p.day >= recent_from]
    recent_days = tuple(p.day for p in recent)
    recent_median = statistics.median(p.value for p in recent) if recent else math.nan
    recent_best = max((p.best for p in recent if not math.isnan(p.best)), default=math.nan)
    widths = [p.pm for p in recent if not math.isnan(p.pm)]
    recent_pm = statistics.median(widths) if widths else math.nan
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
        language=language,
        unmeasured=tuple(
            p.quality_note
            for p in series.points
            if series.kind != "rom" and math.isnan(p.value) and p.quality_note
        ),
        recent_days=recent_days,
        recent_pm=recent_pm,
    )
    return replace(summary, sentence=metric_sentence(summary, event, language))


def with_pm(summary: MetricSummary, language: str) -> str:
    """The recent typical value with its 90% half-width where known: "108° ±12°"."""
    value = amount(summary.recent_median, summary.metric_id, language=language)
    if math.isnan(summary.recent_pm):
        return value
    return f"{value} ±{degrees(summary.recent_pm, language=language)}"


def metric_sentence(
    summary: MetricSummary, event: CareEvent | None, language: str = DEFAULT_LANGUAGE
) -> str:
    """E.g. "Right elbow flexion: typically 108° in the last 4 weeks (best 112°); up 9° ..."."""
    weeks = RECENT_DAYS // 7
    parts = [f"{metric_label(summary.metric_id, language)}:"]
    if math.isnan(summary.recent_median):
        parts.append(say("no_usable_recent", language, weeks=weeks))
    elif len(summary.recent_days) == 1:
        # One session is a snapshot, not a typical value: say so, with its day.
        best = (
            say("best_paren", language, value=degrees(summary.recent_best, language=language))
            if summary.kind == "rom"
            else ""
        )
        value = with_pm(summary, language)
        day = format_day(summary.recent_days[0], language)
        parts.append(say("single_session", language, value=value, day=day, best=best))
    else:
        best = (
            say("best_paren", language, value=degrees(summary.recent_best, language=language))
            if summary.kind == "rom"
            else ""
        )
        typical = with_pm(summary, language)
        parts.append(say("typically", language, value=typical, weeks=weeks, best=best))
    if summary.comparison is not None and event is not None:
        parts.append(change_sentence(summary.comparison, event, summary.metric_id, language))
    if summary.goal is not None:
        parts.append(goal_sentence(summary.goal, summary.recent_median, language))
    if summary.n_low_quality:
        sessions = counted(summary.n_sessions, "session", language)
        key = "left_out_one" if summary.n_low_quality == 1 else "left_out"
        parts.append(say(key, language, bad=summary.n_low_quality, sessions=sessions))
    if summary.unmeasured:
        reasons = " ".join(dict.fromkeys(reason_words(r, language) for r in summary.unmeasured))
        n = counted(len(summary.unmeasured), "session", language)
        parts.append(say("tremor_unmeasured", language, n=n, reasons=reasons).strip())
    return " ".join(parts)


def event_phrase(event: CareEvent, *, detail: bool = True, language: str = DEFAULT_LANGUAGE) -> str:
    """ "the medication change on 2 Nov 2026 (baclofen 10 mg)"; ``detail=False`` drops the text."""
    label, day = event.label_in(language), format_day(event.day, language)
    if event.text and detail:
        return say("event_phrase_detail", language, label=label, day=day, detail=event.text)
    return say("event_phrase", language, label=label, day=day)


def too_few_reason(comparison: Comparison, language: str = DEFAULT_LANGUAGE) -> str:
    """Why no verdict is given (only for too_few_sessions), e.g. "2 before and 5 after (...)"."""
    nb, na = len(comparison.before), len(comparison.after)
    need = MIN_SESSIONS_PER_WINDOW
    if nb < need or na < need:
        return say(
            "too_few_windows", language, nb=nb, na=na, need=need, days=comparison.window_days
        )
    return say(
        "too_few_mdc",
        language,
        n=comparison.variability.n_differences,
        need=MIN_DIFFERENCES_FOR_MDC,
    )


def change_sentence(
    comparison: Comparison, event: CareEvent, metric_id: str, language: str = DEFAULT_LANGUAGE
) -> str:
    """The before/after verdict in one sentence, honest about noise and small samples."""
    since = event_phrase(event, detail=False, language=language)
    if comparison.verdict == "too_few_sessions":
        reason = too_few_reason(comparison, language)
        return say("too_few_since", language, since=since, reason=reason)

    def show(value: float, signed: bool = True) -> str:
        return amount(value, metric_id, signed=signed, language=language)

    change = comparison.change
    mdc = show(comparison.variability.mdc95, signed=False)
    interval = say("interval", language, low=show(comparison.ci_low), high=show(comparison.ci_high))
    if comparison.verdict == "no_clear_change":
        return say("no_clear_change", language, since=since, change=show(change), interval=interval)
    if metric_kind(metric_id) == "rom":
        moved = say("up" if change > 0 else "down", language, value=show(abs(change), False))
    else:
        moved = say("changed_by", language, value=show(change))
    key = "small_change" if comparison.verdict == "small_change" else "changed"
    return say(key, language, moved=moved, since=since, interval=interval, mdc=mdc)


def goal_sentence(goal: Goal, recent_median: float, language: str = DEFAULT_LANGUAGE) -> str:
    by = say("by_day", language, day=format_day(goal.by_day, language)) if goal.by_day else ""
    target = say("goal", language, target=degrees(goal.target_deg, language=language), by=by)
    if math.isnan(recent_median):
        return f"{target}."
    gap = goal.target_deg - recent_median
    if gap <= 0:
        return say("goal_reached", language, goal=target)
    return say("goal_to_go", language, goal=target, gap=degrees(gap, language=language))


def summarize_tremor(
    part: str,
    points: list[TremorPoint],
    event: CareEvent | None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    language: str = DEFAULT_LANGUAGE,
) -> TremorSummary:
    """Counts, median frequency and size of one body part's tremor, with its sentence."""
    measured = tuple(p for p in points if p.measured)
    unmeasured = tuple(p for p in points if not p.measured)
    found = [p for p in measured if p.detected]
    hz = [p.dominant_hz for p in found if p.dominant_hz is not None]
    size = [p.amplitude_pct for p in found if p.amplitude_pct is not None]
    before: tuple[TremorPoint, ...] = ()
    after: tuple[TremorPoint, ...] = ()
    if event is not None:
        window = timedelta(days=window_days)
        before = tuple(p for p in measured if event.day - window <= p.day < event.day)
        after = tuple(p for p in measured if event.day < p.day <= event.day + window)
    summary = TremorSummary(
        part=part,
        measured=measured,
        unmeasured=unmeasured,
        median_hz=statistics.median(hz) if hz else math.nan,
        median_amplitude_pct=statistics.median(size) if size else math.nan,
        before=before,
        after=after,
        sentence="",
    )
    return replace(summary, sentence=tremor_sentence(summary, event, language))


def tremor_sentence(
    summary: TremorSummary, event: CareEvent | None, language: str = DEFAULT_LANGUAGE
) -> str:
    """E.g. "Head: tremor found in 5 of 12 measured sessions (typically 5.1 Hz, 1.2% ...)"."""
    part = part_label(summary.part, language)
    n = len(summary.measured)
    if n == 0:
        text = f"{part}:"
    elif summary.found == 0:
        text = say("tremor_none", language, part=part, measured=counted(n, "session", language))
    else:
        detail = ""
        if not math.isnan(summary.median_hz) and not math.isnan(summary.median_amplitude_pct):
            detail = say(
                "tremor_detail",
                language,
                hz=f"{summary.median_hz:.1f}",
                amplitude=f"{summary.median_amplitude_pct:.1f}%",
            )
        text = say(
            "tremor_sentence", language, part=part, found=summary.found, measured=n, detail=detail
        )
    if summary.unmeasured:
        reasons = " ".join(
            dict.fromkeys(reason_words(p.reason, language) for p in summary.unmeasured if p.reason)
        )
        text += say(
            "tremor_unmeasured",
            language,
            n=counted(len(summary.unmeasured), "session", language),
            reasons=reasons or say("not_measurable", language) + ".",
        )
    if event is not None and summary.before and summary.after and summary.found:
        text += say(
            "tremor_before_after",
            language,
            since=event_phrase(event, detail=False, language=language),
            fb=sum(bool(p.detected) for p in summary.before),
            nb=len(summary.before),
            fa=sum(bool(p.detected) for p in summary.after),
            na=len(summary.after),
        )
    return text


def adherence_sentence(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> str:
    weeks = history.sessions_per_week()
    n = len(history.sessions)
    if n == 0:
        return say("no_sessions_period", language)
    incomplete = sum(s.status != "complete" for s in history.sessions)
    per_week = n / max(len(weeks), 1)
    text = say(
        "adherence",
        language,
        sessions=counted(n, "session", language),
        weeks=counted(len(weeks), "week", language),
        per_week=f"{per_week:.1f}",
        day=format_day(history.sessions[-1].day, language),
    )
    if incomplete:
        text += say("stopped_early", language, sessions=counted(incomplete, "session", language))
    return text


def self_report_sentence(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> str:
    reports = history.self_reports
    if not reports:
        return say("no_answers", language)
    parts = []
    for attr in ("pain", "difficulty"):
        values = [getattr(r, attr) for r in reports if getattr(r, attr) is not None]
        if values:
            spread = (
                say("always", language, value=values[0])
                if min(values) == max(values)
                else say("from_to", language, low=min(values), high=max(values))
            )
            parts.append(
                say(
                    f"score_{attr}",
                    language,
                    median=f"{statistics.median(values):g}",
                    spread=spread,
                    answers=counted(len(values), "answer", language),
                )
            )
    text = say("own_answers", language, parts="; ".join(parts) or say("no_scores", language))
    hurt = sum(bool(r.hurt) for r in reports)
    if hurt:
        text += say("hurt_count", language, hurt=hurt, total=len(reports))
    return text
