"""Charts of a child's history as PNG bytes, for the app, the HTML report and the PDF.

Matplotlib's object API with the Agg canvas: no pyplot, no global figure state,
no window, so the same function serves a headless report and the Kivy app.
Colours are the Okabe-Ito palette (safe for colour-blind readers) and every
series also differs by marker shape, so the charts survive a grey printer.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator
from numpy.typing import NDArray

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review.history import (
    CareEvent,
    ChildHistory,
    SelfReport,
    metric_label,
    metric_unit,
)
from posecapture.review.stats import Comparison
from posecapture.review.summary import amount
from posecapture.review.words import (
    format_day,
    month_year,
    say,
    short_day,
)

SIDE_STYLE: dict[str | None, tuple[str, str]] = {
    "left": ("#0072B2", "o"),
    "right": ("#D55E00", "s"),
    None: ("#009E73", "D"),
}
EVENT_COLOUR = "#555555"
DPI = 150

# A chart needs at least this many sessions with a value: one dot shows no trend,
# and matplotlib would pad it with a meaningless axis (1.45 to 1.60 degrees).
MIN_CHART_SESSIONS = 2

# The smallest value axis a chart gets, centred on the data: a 2° wobble must not
# fill the whole height and look like a big change. 10° (±5°) is about the size of
# the MDC of camera angles, so a change the MDC calls real is clearly visible while
# noise stays small; tremor-band levels (% of torso length) get 1 point (±0.5).
MIN_Y_SPAN = {"°": 10.0, "%": 1.0}

# Date ticks: at most this many, one per distinct label.
MAX_DATE_TICKS = 8


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _days(days: Sequence[date]) -> NDArray[np.datetime64]:
    """Dates as the datetime64 array matplotlib plots on a date axis."""
    return np.array(days, dtype="datetime64[D]")


def _x(day: date) -> float:
    """One date as a matplotlib date number (days since 1970-01-01)."""
    return float((np.datetime64(day, "D") - np.datetime64("1970-01-01", "D")).astype(int))


def _figure(width_in: float, height_in: float) -> Figure:
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    fig.set_facecolor("white")
    return fig


def _months_between(start: date, end: date, step: int) -> list[date]:
    """The 1st of every ``step``-th month (January-aligned) from ``start`` to ``end``."""
    month = (start.year * 12 + start.month - 1 + step - 1) // step * step
    if date(month // 12, month % 12 + 1, 1) < start:
        month += step
    out = []
    while (day := date(month // 12, month % 12 + 1, 1)) <= end:
        out.append(day)
        month += step
    return out


def date_ticks(start: date, end: date, language: str = DEFAULT_LANGUAGE) -> list[tuple[date, str]]:
    """Tick days and labels for a date axis from ``start`` to ``end`` (inclusive).

    The step is the finest of: every day, every 2 or 3 days, every Monday, every other
    Monday, the 1st of each month, of every 2nd, 3rd or 6th month, that gives at most
    ``MAX_DATE_TICKS`` ticks; day steps are labelled "2 Nov", month steps "Nov 2026".
    Ticks are whole days, so no two ticks ever carry the same label (matplotlib's own
    locator ticks every 12 hours on a short span, and a day format then repeats).
    """
    span = (end - start).days
    candidates: list[list[date]] = [
        [start + timedelta(days=d) for d in range(0, span + 1, step)] for step in (1, 2, 3)
    ]
    monday = start + timedelta(days=-start.weekday() % 7)
    for step in (7, 14):
        candidates.append(
            [monday + timedelta(days=d) for d in range(0, (end - monday).days + 1, step)]
        )
    for day_ticks in candidates:
        if 2 <= len(day_ticks) <= MAX_DATE_TICKS or (span < 2 and day_ticks):
            return [(d, short_day(d, language)) for d in day_ticks]
    for step in (1, 2, 3, 6, 12):
        months = _months_between(start, end, step)
        if len(months) <= MAX_DATE_TICKS:
            return [(d, month_year(d, language)) for d in months]
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    return [(d, str(d.year)) for d in years[:: math.ceil(len(years) / MAX_DATE_TICKS)]]


def _date_axis(ax: Axes, start: date, end: date, language: str) -> None:
    span = max((end - start).days, 1)
    pad = timedelta(days=max(1, round(span * 0.03)))
    ax.set_xlim(_x(start - pad), _x(end + pad))
    ticks = date_ticks(start, end, language)
    ax.xaxis.set_major_locator(FixedLocator([_x(d) for d, _ in ticks]))
    ax.set_xticklabels([label for _, label in ticks])
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def value_limits(values: Sequence[float], unit: str) -> tuple[float, float]:
    """The value axis for ``values``: the data plus 8% each side, never narrower than
    ``MIN_Y_SPAN[unit]`` (centred on the data), and never below 0 for a tremor level."""
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        return 0.0, MIN_Y_SPAN[unit]
    low, high = min(finite), max(finite)
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    missing = MIN_Y_SPAN[unit] - (high - low)
    if missing > 0:
        low, high = low - missing / 2, high + missing / 2
    if unit == "%" and low < 0:
        low, high = 0.0, high - low
    return low, high


def _draw_events(
    ax: Axes, events: Sequence[CareEvent], start: date, end: date, language: str
) -> None:
    """Care events as dashed vertical lines, labelled along the top edge."""
    for event in events:
        if not start <= event.day <= end:
            continue
        # Drawn under the data (zorder 1): a label must never hide a session's marker.
        ax.axvline(_x(event.day), color=EVENT_COLOUR, linestyle="--", linewidth=1.0, zorder=1)
        ax.annotate(
            f"{event.label_in(language)} {short_day(event.day, language)}",
            xy=(_x(event.day), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -2),
            textcoords="offset points",
            rotation=90,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.5},
            zorder=1,
            va="top",
            ha="left",
            fontsize=7,
            color=EVENT_COLOUR,
        )


def _unit_label(metric_id: str, language: str) -> str:
    return say("unit_degrees" if metric_unit(metric_id) == "°" else "unit_torso", language)


def _series_side(metric_id: str) -> str | None:
    for side in ("left", "right"):
        if metric_id.startswith(side + "_"):
            return side
    return None


def metric_chart(
    history: ChildHistory,
    metric_ids: Sequence[str],
    *,
    title: str | None = None,
    width_in: float = 7.2,
    height_in: float = 2.7,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """Session values of one joint (both sides on one chart) with events and goals.

    Filled markers are usable sessions joined by a line; hollow markers are
    sessions with low-quality data, shown but left out of every statistic. A thin
    bar through a marker is the value's 90% interval, where it is known.
    A goal is a dotted line at its target in the side's colour.
    """
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    labelled = False
    for metric_id in metric_ids:
        series = history.series.get(metric_id)
        if series is None:
            continue
        colour, marker = SIDE_STYLE[_series_side(metric_id)]
        side = _series_side(metric_id)
        name = say(side, language) if side else metric_label(metric_id, language)
        bad = [p for p in series.points if not p.usable and not math.isnan(p.value)]
        # Every session on the line, NaN where it is left out: the line breaks there
        # rather than join its neighbours as if a value had been measured in between.
        ax.plot(
            _days(series.days),
            series.values(),
            color=colour,
            marker=marker,
            markersize=4,
            linewidth=1.2,
            label=name,
        )
        # Each session's 90% interval as a thin bar: a value known to +-15 degrees is not
        # drawn like one known to +-4.
        sure = [p for p in series.points if p.usable and not math.isnan(p.pm)]
        if sure:
            ax.errorbar(
                _days([p.day for p in sure]),
                [p.value for p in sure],
                yerr=[p.pm for p in sure],
                fmt="none",
                ecolor=colour,
                elinewidth=0.8,
                alpha=0.45,
                capsize=1.5,
                # One legend entry for all the bars, on the first series that has them.
                label="_" if labelled else say("chart_interval", language),
            )
            labelled = True
        if bad:
            ax.plot(
                _days([p.day for p in bad]),
                [p.value for p in bad],
                linestyle="none",
                marker=marker,
                markersize=5,
                markerfacecolor="none",
                markeredgecolor=colour,
                label=say("chart_low_quality", language, name=name),
            )
        for goal in history.goals:
            if goal.metric_id == metric_id:
                ax.axhline(goal.target_deg, color=colour, linestyle=":", linewidth=1.2)
                ax.annotate(
                    say("chart_goal", language, value=f"{goal.target_deg:.0f}°"),
                    xy=(1.0, goal.target_deg),
                    xycoords=("axes fraction", "data"),
                    xytext=(-2, 2),
                    textcoords="offset points",
                    ha="right",
                    fontsize=7,
                    color=colour,
                )
    _draw_events(ax, history.events, history.start, history.end, language)
    _date_axis(ax, history.start, history.end, language)
    points = [p for m in metric_ids if m in history.series for p in history.series[m].points]
    shown = [p.value for p in points] + [
        g.target_deg for g in history.goals if g.metric_id in metric_ids
    ]
    shown += [
        p.value + s * p.pm for p in points if p.usable and not math.isnan(p.pm) for s in (-1, 1)
    ]
    ax.set_ylim(*value_limits(shown, metric_unit(metric_ids[0])))
    ax.set_ylabel(_unit_label(metric_ids[0], language))
    ax.set_title(title or metric_label(metric_ids[0], language), loc="left", fontsize=10)
    # One series without intervals needs no legend: the title already names it.
    if len(ax.get_legend_handles_labels()[1]) > 1:
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False, ncol=4)
    return _png(fig)


def adherence_chart(
    history: ChildHistory,
    *,
    width_in: float = 7.2,
    height_in: float = 1.9,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """Sessions per week as bars (Monday-to-Sunday weeks), with care events."""
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    weeks = history.sessions_per_week()
    ax.bar(
        _days([w + timedelta(days=3) for w, _ in weeks]),
        [n for _, n in weeks],
        width=5,
        color="#56B4E9",
        edgecolor="#0072B2",
    )
    _draw_events(ax, history.events, history.start, history.end, language)
    _date_axis(ax, history.start, history.end, language)
    ax.set_ylabel(say("chart_sessions", language))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(say("chart_sessions_per_week", language), loc="left", fontsize=10)
    return _png(fig)


def self_report_chart(
    history: ChildHistory,
    reports: Sequence[SelfReport] | None = None,
    *,
    width_in: float = 7.2,
    height_in: float = 1.9,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The child's own pain and difficulty answers over time."""
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    rows = history.self_reports if reports is None else reports
    for attr, colour, marker in (("pain", "#CC79A7", "v"), ("difficulty", "#E69F00", "^")):
        points = [(r.day, getattr(r, attr)) for r in rows if getattr(r, attr) is not None]
        if points:
            ax.plot(
                _days([d for d, _ in points]),
                [v for _, v in points],
                linestyle="none",
                marker=marker,
                color=colour,
                label=say(f"chart_{attr}", language),
            )
    _draw_events(ax, history.events, history.start, history.end, language)
    _date_axis(ax, history.start, history.end, language)
    ax.set_ylim(-0.5, 10.5)
    ax.set_ylabel(say("chart_faces", language))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(say("chart_how_feel", language), loc="left", fontsize=10)
    if ax.lines:
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False, ncol=2)
    return _png(fig)


def comparison_chart(
    comparison: Comparison,
    metric_id: str,
    *,
    width_in: float = 3.4,
    height_in: float = 2.4,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """Each session before and after an event as a dot, medians as bars, MDC as a band."""
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
    colour, marker = SIDE_STYLE[_series_side(metric_id)]
    for x, values, median in (
        (0, comparison.before, comparison.median_before),
        (1, comparison.after, comparison.median_after),
    ):
        n = len(values)
        jitter = [x + (i - (n - 1) / 2) * 0.04 for i in range(n)]
        ax.plot(jitter, values, linestyle="none", marker=marker, color=colour, markersize=4)
        if not math.isnan(median):
            ax.hlines(median, x - 0.25, x + 0.25, color="black", linewidth=1.6)
    mdc = comparison.variability.mdc95
    if not math.isnan(mdc) and not math.isnan(comparison.median_before):
        ax.axhspan(
            comparison.median_before - mdc,
            comparison.median_before + mdc,
            color="#cccccc",
            alpha=0.4,
            linewidth=0,
            label=say("chart_mdc", language, value=amount(mdc, metric_id, language=language)),
        )
        ax.legend(loc="best", fontsize=7, frameon=False)
    shown = [*comparison.before, *comparison.after]
    if not math.isnan(mdc) and not math.isnan(comparison.median_before):
        shown += [comparison.median_before - mdc, comparison.median_before + mdc]
    ax.set_ylim(*value_limits(shown, metric_unit(metric_id)))
    ax.set_xticks([0, 1])
    days = comparison.window_days
    ax.set_xticklabels(
        [
            say("chart_days_before", language, days=days),
            say("chart_days_after", language, days=days),
        ]
    )
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylabel(_unit_label(metric_id, language))
    around = format_day(comparison.event_date, language)
    # Long names (Spanish ones above all) wrap rather than run off a half-width chart.
    label = "\n".join(textwrap.wrap(metric_label(metric_id, language), 38))
    ax.set_title(say("chart_around", language, label=label, day=around), fontsize=8)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    return _png(fig)


def sessions_with_value(history: ChildHistory, metric_ids: Sequence[str]) -> int:
    """How many sessions have a value (usable or not) for any of ``metric_ids``."""
    return len(
        {
            p.session_id
            for m in metric_ids
            if m in history.series
            for p in history.series[m].points
            if not math.isnan(p.value)
        }
    )


def worth_charting(history: ChildHistory) -> bool:
    """Whether the period has enough sessions for any chart to show a trend."""
    return len(history.sessions) >= MIN_CHART_SESSIONS


def no_chart_sentence(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> str:
    """What to print instead of charts when there are too few sessions to draw them."""
    if not history.sessions:
        return say("charts_none", language, need=MIN_CHART_SESSIONS)
    return say("charts_one", language, day=format_day(history.sessions[0].day, language))


def metric_groups(
    history: ChildHistory, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, list[str]]]:
    """Chart groups: both sides of a joint together, unsided metrics alone, in a stable order.

    A group with fewer than ``MIN_CHART_SESSIONS`` sessions with a value is left out
    (see ``uncharted``): a single dot says nothing a table does not.
    """
    return [
        (label, ids)
        for label, ids in _joint_groups(history, language)
        if sessions_with_value(history, ids) >= MIN_CHART_SESSIONS
    ]


def uncharted(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Labels of measured groups left out of the charts because only one session has them."""
    return [
        label
        for label, ids in _joint_groups(history, language)
        if 0 < sessions_with_value(history, ids) < MIN_CHART_SESSIONS
    ]


def uncharted_sentence(history: ChildHistory, language: str = DEFAULT_LANGUAGE) -> str:
    """ "Not charted, measured in 1 session only: ..." or "" when every group is charted."""
    labels = uncharted(history, language)
    if not labels or not worth_charting(history):
        return ""
    return say("charts_uncharted", language, items="; ".join(labels))


def _joint_groups(history: ChildHistory, language: str) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for metric_id in history.metric_ids():
        if all(math.isnan(p.value) for p in history.series[metric_id].points):
            continue  # never measured: an empty chart would say nothing
        side = _series_side(metric_id)
        joint = metric_id[len(side) + 1 :] if side else metric_id
        groups.setdefault(joint, []).append(metric_id)
    return [(metric_label(joint, language), ids) for joint, ids in groups.items()]
