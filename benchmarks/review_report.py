"""How long does a check-in report take for a child with a year of sessions?

Builds two stores with synthetic histories (three sessions a week, six measurements
a session, a care event every two months) in a temporary folder, then times the
three steps a therapist waits for: reading the history, computing the figures and
charts, laying out the PDF.

* reference: 8 weeks of sessions;
* year: 52 weeks.

Figures are printed in seconds and as ratios against the reference run, so a slower
or faster machine shows as the same ratios. Goal: the year's PDF within 10 times the
reference (charts and tables grow with the sessions, the layout should not explode).

    .venv/bin/python benchmarks/review_report.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from posecapture.review.history import load_history
from posecapture.review.report import build_report, render_pdf
from posecapture.session.results import ExerciseResult
from posecapture.store import Store

METRICS = (
    "left_elbow_flexion",
    "right_elbow_flexion",
    "left_shoulder_flexion",
    "right_shoulder_flexion",
    "left_knee_flexion",
    "right_knee_flexion",
)
GOAL_RATIO = 10.0


def _result(metric_id: str, value: float) -> ExerciseResult:
    frames = 4
    image = np.full((frames, 33, 4), 300.0)
    return ExerciseResult(
        exercise_id="bench",
        side=metric_id.split("_")[0],
        metric_id=metric_id,
        reps_planned=3,
        reps_done=3,
        best_deg=value + 3,
        median_deg=value,
        rom={},
        posture={},
        movement={},
        quality={"valid_share": 0.9},
        timestamps_s=np.arange(frames) / 30.0,
        landmarks_px=image,
        raw_px=image,
        world_m=np.zeros((frames, 33, 3)),
    )


def build(path: Path, weeks: int) -> Store:
    rng = np.random.default_rng(1)
    store = Store.open(path)
    child = store.add_child("Bench")
    start = date(2025, 1, 6)
    for week in range(weeks):
        if week % 8 == 4:
            day = start + timedelta(weeks=week)
            store.add_care_event(child, kind="medication", date=day, text="dose change")
        for weekday in (0, 2, 4):
            day = start + timedelta(weeks=week, days=weekday)
            sid = store.start_session(
                child,
                plan_id="bench",
                plan_kind="routine",
                source="synthetic",
                metric_version="1",
                started_at=datetime(day.year, day.month, day.day, 17),
            )
            for i, metric in enumerate(METRICS):
                store.add_exercise_result(sid, _result(metric, 90 + 5 * i + rng.normal(0, 2)))
            store.add_self_report(sid, pain=int(rng.integers(0, 4)), difficulty=3)
            store.finish_session(sid)
    return store


def timed(store: Store) -> dict[str, float]:
    t0 = time.perf_counter()
    history = load_history(store, "Bench")
    t1 = time.perf_counter()
    report = build_report(history)
    t2 = time.perf_counter()
    render_pdf(report)
    t3 = time.perf_counter()
    return {"read": t1 - t0, "figures and charts": t2 - t1, "PDF layout": t3 - t2, "total": t3 - t0}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        runs = {}
        for name, weeks in (("reference (8 weeks)", 8), ("year (52 weeks)", 52)):
            store = build(Path(folder) / f"{weeks}.db", weeks)
            runs[name] = timed(store)
            store.close()
    reference, year = runs.values()
    print(f"{'step':<20}{'8 weeks s':>12}{'52 weeks s':>12}{'ratio':>8}")
    for step in reference:
        ratio = year[step] / reference[step]
        print(f"{step:<20}{reference[step]:>12.2f}{year[step]:>12.2f}{ratio:>8.1f}")
    total_ratio = year["total"] / reference["total"]
    verdict = "meets" if total_ratio <= GOAL_RATIO else "MISSES"
    print(f"year / reference = {total_ratio:.1f} ({verdict} the goal of {GOAL_RATIO:.0f})")


if __name__ == "__main__":
    main()
