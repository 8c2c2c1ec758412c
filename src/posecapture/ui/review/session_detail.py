"""One session in full: every rep's values and quality flags, and each exercise's target.

Nothing here is averaged away: a rep that was not measurable says so, and a rep
that timed out shows the peak it did reach with "not held".
"""

from __future__ import annotations

import math
from typing import Any

from kivy.properties import NumericProperty, StringProperty

from posecapture.review.history import format_day, metric_label, to_day
from posecapture.review.summary import degrees
from posecapture.review.tables import Table
from posecapture.ui.review.base import ReviewScreen, fill_table


def _deg(value: Any, missing: str = "not measurable") -> str:
    return missing if value is None else degrees(float(value))


def _share(quality: Any) -> str:
    if not isinstance(quality, dict):
        return ""
    share = quality.get("valid_share", quality.get("measurable_fraction"))
    return "" if share is None or math.isnan(float(share)) else f"{float(share):.0%}"


def reps_table(reps: list[dict[str, Any]]) -> Table:
    rows = [
        (
            str(r["exercise_id"]),
            metric_label(str(r["metric_id"])),
            str(r["rep"]),
            _deg(r["peak_deg"]),
            f"{float(r['time_held_s']):.1f} s",
            _deg(r["target_deg"], "none"),
            "held" if r["completed"] else str((r.get("quality") or {}).get("ended", "not held")),
            _share(r.get("quality")),
        )
        for r in reps
    ]
    return Table(
        title="Reps",
        headers=("Exercise", "Measurement", "Rep", "Peak", "Held", "Target", "Result", "Seen"),
        rows=rows,
        widths=(2.0, 2.4, 0.6, 1.3, 0.9, 1.1, 1.1, 0.8),
    )


def exercises_table(results: list[dict[str, Any]]) -> Table:
    rows = [
        (
            str(r["exercise_id"]),
            metric_label(str(r["metric_id"])),
            f"{r['reps_done']} of {r['reps_planned']}",
            _deg(r["median_deg"]),
            _deg(r["best_deg"]),
            _deg(r["target_deg"], "none"),
            str(r.get("status", "")),
            _share(r.get("quality")),
        )
        for r in results
    ]
    return Table(
        title="Exercises",
        headers=("Exercise", "Measurement", "Reps", "Typical", "Best", "Target", "Status", "Seen"),
        rows=rows,
        widths=(2.0, 2.4, 0.9, 1.1, 1.1, 1.1, 1.0, 0.8),
    )


class SessionDetailScreen(ReviewScreen):
    session_id = NumericProperty(0)
    title = StringProperty("")
    back_to = "review_sessions"

    def refresh(self, child_id: int) -> None:
        session = self.store.session(int(self.session_id))
        self.title = (
            f"Session of {format_day(to_day(session['date']))}: "
            f"{session['plan_id']}, {session['status']}"
        )
        fill_table(self.ids.exercises, exercises_table(self.store.exercise_results(session["id"])))
        fill_table(self.ids.reps, reps_table(self.store.rep_results(session["id"])))
