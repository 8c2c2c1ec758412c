"""One session in full: every rep's values and quality flags, and each exercise's target.

Nothing here is averaged away: a rep that was not measurable says so, and a rep
that timed out shows the peak it did reach with "not held".
"""

from __future__ import annotations

import math
from typing import Any

from kivy.properties import NumericProperty, StringProperty

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review.history import metric_label, to_day
from posecapture.review.summary import degrees
from posecapture.review.tables import Table, status_words
from posecapture.review.words import format_day
from posecapture.ui.review.base import ReviewScreen, fill_table
from posecapture.ui.review.strings import tr


def _deg(value: Any, missing: str) -> str:
    return missing if value is None else degrees(float(value))


def _deg_pm(value: Any, rom: Any, key: str, missing: str) -> str:
    """ "92° ±12°": the session value with its 90% half-width (stored in ``rom[key]``)."""
    shown = _deg(value, missing)
    pm = rom.get(key) if isinstance(rom, dict) else None
    if value is None or pm is None:
        return shown
    return f"{shown} ±{degrees(float(pm))}"


def _share(quality: Any) -> str:
    if not isinstance(quality, dict):
        return ""
    share = quality.get("valid_share", quality.get("measurable_fraction"))
    return "" if share is None or math.isnan(float(share)) else f"{float(share):.0%}"


def _result(rep: dict[str, Any], language: str) -> str:
    """ "held", or how the rep ended ("time ran out" for the engine's "timeout")."""
    if rep["completed"]:
        return tr("held", language)
    ended = (rep.get("quality") or {}).get("ended")
    if ended == "timeout":
        return tr("timeout", language)
    return str(ended) if ended else tr("not_held", language)


def reps_table(reps: list[dict[str, Any]], language: str = DEFAULT_LANGUAGE) -> Table:
    unmeasured, none = tr("not_measurable", language), tr("none", language)
    rows = [
        (
            str(r["exercise_id"]),
            metric_label(str(r["metric_id"]), language),
            str(r["rep"]),
            _deg(r["peak_deg"], unmeasured),
            f"{float(r['time_held_s']):.1f} s",
            _deg(r["target_deg"], none),
            _result(r, language),
            _share(r.get("quality")),
        )
        for r in reps
    ]
    keys = ("exercise", "measurement", "rep", "peak", "held", "target", "result", "seen")
    return Table(
        title="",
        headers=tuple(tr(f"h_{k}", language) for k in keys),
        rows=rows,
        widths=(2.0, 2.4, 0.6, 1.3, 1.1, 1.1, 1.5, 0.8),
    )


def exercises_table(results: list[dict[str, Any]], language: str = DEFAULT_LANGUAGE) -> Table:
    unmeasured, none = tr("not_measurable", language), tr("none", language)
    rows = [
        (
            str(r["exercise_id"]),
            metric_label(str(r["metric_id"]), language),
            tr("n_of_m", language, n=r["reps_done"], m=r["reps_planned"]),
            _deg_pm(r["median_deg"], r.get("rom"), "median_pm", unmeasured),
            _deg_pm(r["best_deg"], r.get("rom"), "best_pm", unmeasured),
            _deg(r["target_deg"], none),
            status_words(str(r.get("status", "")), language),
            _share(r.get("quality")),
        )
        for r in results
    ]
    keys = ("exercise", "measurement", "reps", "typical", "best", "target", "status", "seen")
    return Table(
        title="",
        headers=tuple(tr(f"h_{k}", language) for k in keys),
        rows=rows,
        widths=(2.0, 2.4, 1.0, 1.4, 1.4, 1.0, 1.0, 0.8),
    )


class SessionDetailScreen(ReviewScreen):
    session_id = NumericProperty(0)
    title = StringProperty("")
    back_to = "review_sessions"

    def refresh(self, child_id: int) -> None:
        lang = self.language
        session = self.store.session(int(self.session_id))
        self.title = tr(
            "session_title",
            lang,
            day=format_day(to_day(session["date"]), lang),
            plan=session["plan_id"],
            status=status_words(str(session["status"]), lang),
        )
        results = self.store.exercise_results(session["id"])
        fill_table(self.ids.exercises, exercises_table(results, lang))
        fill_table(self.ids.reps, reps_table(self.store.rep_results(session["id"]), lang))
