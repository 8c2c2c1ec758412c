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
from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from numpy.typing import NDArray

from posecapture.review.history import (
    CareEvent,
    ChildHistory,
    SelfReport,
    metric_label,
    metric_unit,
)
from posecapture.review.stats import Comparison
from posecapture.review.summary import amount
from posecapture.review.words import DEFAULT_LANGUAGE, format_day, say, short_day

SIDE_STYLE: dict[str | None, tuple[str, str]] = {
    "left": ("#0072B2", "o"),
    "right": ("#D55E00", "s"),
    None: ("#009E73", "D"),
}
EVENT_COLOUR = "#555555"
DPI = 150


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


def _date_axis(ax: Axes, start: date, end: date, language: str) -> None:
    span = max((end - start).days, 1)
    pad = timedelta(days=max(1, round(span * 0.03)))
    ax.set_xlim(_x(start - pad), _x(end + pad))
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: short_day(num2date(x).date(), language))  # type: ignore[no-untyped-call]
    )
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


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
    sessions with low-quality data, shown but left out of every statistic.
    A goal is a dotted line at its target in the side's colour.
    """
    fig = _figure(width_in, height_in)
    ax = fig.add_subplot()
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
    ax.set_ylabel(_unit_label(metric_ids[0], language))
    ax.set_title(title or metric_label(metric_ids[0], language), loc="left", fontsize=10)
    # One series needs no legend: the title already names it.
    if len([line for line in ax.lines if not str(line.get_label()).startswith("_")]) > 1:
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


def metric_groups(
    history: ChildHistory, language: str = DEFAULT_LANGUAGE
) -> list[tuple[str, list[str]]]:
    """Chart groups: both sides of a joint together, unsided metrics alone, in a stable order."""
    groups: dict[str, list[str]] = {}
    for metric_id in history.metric_ids():
        if all(math.isnan(p.value) for p in history.series[metric_id].points):
            continue  # never measured: an empty chart would say nothing
        side = _series_side(metric_id)
        joint = metric_id[len(side) + 1 :] if side else metric_id
        groups.setdefault(joint, []).append(metric_id)
    return [(metric_label(joint, language), ids) for joint, ids in groups.items()]
