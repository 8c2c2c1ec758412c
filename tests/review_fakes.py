"""A child's eight-week history with known numbers, written into a real store.

Sessions on Monday, Wednesday and Friday from Monday 2026-10-05 to Friday 2026-11-27
(24 sessions). A baclofen change on Monday 2026-11-02 lifts right elbow flexion by
10° (about 100° before, about 110° after, with small known noise); the left elbow
stays near 120°. The session of 2026-10-16 saw the right elbow in only 20% of its
frames and carries a wrong-looking 90°: it must be left out of every figure.

``build(path, movement=True)`` adds what a real session also stores: the head's
tilt during the exercise (posture) and tremor of the head and both wrists. The
right wrist shakes at about 5 Hz in every session up to the medication change
and in only ``RIGHT_WRIST_TREMOR_AFTER`` after it; the head never shows a tremor
above the noise; the left wrist could not be measured on ``LEFT_WRIST_UNSEEN``, the
head's tilt not on ``HEAD_UNSEEN``, and the head's turn (front view only) never.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import numpy as np

from posecapture.session.results import ExerciseResult, RepResult
from posecapture.store import Store

CHILD = "Sofía Núñez"
EVENT_DAY = date(2026, 11, 2)
LOW_QUALITY_DAY = date(2026, 10, 16)

RIGHT = {
    date(2026, 10, 5): 101.0, date(2026, 10, 7): 99.0, date(2026, 10, 9): 100.0,
    date(2026, 10, 12): 102.0, date(2026, 10, 14): 98.0, date(2026, 10, 16): 90.0,
    date(2026, 10, 19): 99.0, date(2026, 10, 21): 101.0, date(2026, 10, 23): 100.0,
    date(2026, 10, 26): 98.0, date(2026, 10, 28): 102.0, date(2026, 10, 30): 100.0,
    date(2026, 11, 2): 105.0,
    date(2026, 11, 4): 110.0, date(2026, 11, 6): 109.0, date(2026, 11, 9): 111.0,
    date(2026, 11, 11): 110.0, date(2026, 11, 13): 112.0, date(2026, 11, 16): 108.0,
    date(2026, 11, 18): 110.0, date(2026, 11, 20): 111.0, date(2026, 11, 23): 109.0,
    date(2026, 11, 25): 110.0, date(2026, 11, 27): 112.0,
}  # fmt: skip
LEFT_NOISE = (0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 1.5)
PAIN = (2, 1, 3, 2)
RIGHT_WRIST_TREMOR_AFTER = {date(2026, 11, 9), date(2026, 11, 20)}
LEFT_WRIST_UNSEEN = {date(2026, 10, 7), date(2026, 11, 11)}
UNSEEN_REASON = "Less than 2 s of steady view of this body part; hold still longer."
BELOW_NOISE = "No rhythmic movement above the noise in the tremor band."
HEAD_UNSEEN = date(2026, 10, 21)
HEAD_REASON = "Needs the head seen clearly in the picture."
TURN_REASON = "Needs a side view; a front view cannot show it."


@dataclass(frozen=True)
class Built:
    store: Store
    child_id: int
    event_id: int
    session_ids: dict[date, int]


def world_frames(frames: int) -> np.ndarray:
    """World landmarks whose every value is known: landmark i at (i, -i, 2i) cm plus frame."""
    base = np.stack([np.arange(33), -np.arange(33), 2 * np.arange(33)], axis=1) / 100.0
    world = np.repeat(base[None], frames, axis=0) + np.arange(frames)[:, None, None] / 1000.0
    world[0] = np.nan  # nobody in the first frame
    return world


def tremor_entry(
    detected: bool, *, hz: float = 5.0, amplitude: float = 1.8, band: float | None = 0.5
) -> dict[str, object]:
    """One body part of a ``movement["tremor"]`` section, laid out as the measurement does."""
    return {
        "detected": detected,
        "dominant_hz": hz if detected else None,
        "amplitude_pct_torso": amplitude if detected else None,
        "band_rms_pct_torso": band,
        "reason": None if detected else (BELOW_NOISE if band is not None else UNSEEN_REASON),
    }


def movement_of(day: date, i: int) -> tuple[dict[str, object], dict[str, object]]:
    """The posture and movement sections of the right elbow exercise on ``day``."""
    noise = LEFT_NOISE[(i + 3) % len(LEFT_NOISE)]
    right_wrist = (
        tremor_entry(True, hz=5.0 + noise / 10, band=2.0 + noise / 10)
        if day <= EVENT_DAY
        else tremor_entry(True, hz=5.2, amplitude=0.9, band=1.0)
        if day in RIGHT_WRIST_TREMOR_AFTER
        else tremor_entry(False, band=0.8 + noise / 10)
    )
    left_wrist = (
        tremor_entry(False, band=None)
        if day in LEFT_WRIST_UNSEEN
        else tremor_entry(False, band=0.5 - noise / 20)
    )
    tilt = 6.0 + noise if day != HEAD_UNSEEN else None
    posture = {
        "head_tilt": {"median_deg": tilt, "reason": None if tilt else HEAD_REASON},
        "head_rotation": {"median_deg": None, "reason": TURN_REASON},
    }
    tremor = {"head": tremor_entry(False, band=0.4 + noise / 20), "left_wrist": left_wrist}
    return posture, {"tremor": {**tremor, "right_wrist": right_wrist}}


def result(metric_id: str, side: str, value: float, *, share: float = 0.9) -> ExerciseResult:
    frames = 6
    image = np.full((frames, 33, 4), 300.0)
    image[..., 3] = 0.9
    image[0] = np.nan
    return ExerciseResult(
        exercise_id="elbow_bend",
        side=side,
        metric_id=metric_id,
        reps_planned=3,
        reps_done=3,
        best_deg=value + 4.0,
        median_deg=value,
        rom={"median_pm": 6.0, "best_pm": 7.0},
        posture={},
        movement={},
        quality={"measurable_fraction": share},
        timestamps_s=np.arange(frames) / 30.0,
        landmarks_px=image,
        raw_px=image,
        world_m=world_frames(frames),
    )


def rep(number: int, peak: float, share: float) -> RepResult:
    """One rep of the right elbow exercise; the third rep of each session times out."""
    return RepResult(
        exercise_id="elbow_bend",
        side="right",
        rep=number,
        metric_id="right_elbow_flexion",
        peak_deg=peak,
        time_held_s=5.0 if number < 3 else 2.5,
        target_deg=115.0,
        completed=number < 3,
        quality={"valid_share": share, "ended": "held" if number < 3 else "timeout"},
        started_s=10.0 * number,
        ended_s=10.0 * number + 6.0,
    )


def build(path: Path, *, movement: bool = False) -> Built:
    store = Store.open(path)
    child_id = store.add_child(CHILD, language="es")
    event_id = store.add_care_event(
        child_id, kind="medication", date=EVENT_DAY, text="baclofen 5 mg → 10 mg"
    )
    store.add_care_event(child_id, kind="illness", date="2026-09-20", text="cold")
    store.add_goal(
        child_id, metric_id="elbow_flexion", side="right", target_deg=115, by_date="2026-12-31"
    )
    store.add_note(
        child_id,
        author_role="parent",
        author_name="Mamá",
        text="Menos rígida por la tarde desde el cambio.",
        date="2026-11-05",
    )
    store.add_note(child_id, author_role="therapist", text="Good right elbow.", date="2026-11-20")
    session_ids = {}
    for i, (day, right) in enumerate(RIGHT.items()):
        sid = store.start_session(
            child_id,
            plan_id="arms_routine",
            plan_kind="routine",
            source="camera",
            metric_version="1",
            started_at=datetime(day.year, day.month, day.day, 17, 0),
        )
        share = 0.2 if day == LOW_QUALITY_DAY else 0.9
        elbow = result("right_elbow_flexion", "right", right, share=share)
        if movement:
            posture, moves = movement_of(day, i)
            elbow = replace(elbow, posture=posture, movement=moves)
        store.add_exercise_result(sid, elbow)
        for number, peak in enumerate((right - 2.0, right, right + 4.0), start=1):
            store.add_rep_result(sid, rep(number, peak, share))
        left = 120.0 + LEFT_NOISE[i % len(LEFT_NOISE)]
        store.add_exercise_result(sid, result("left_elbow_flexion", "left", left))
        store.add_self_report(
            sid, pain=PAIN[i % len(PAIN)], difficulty=3, hurt="el brazo" if i == 3 else ""
        )
        store.finish_session(sid)
        session_ids[day] = sid
    return Built(store, child_id, event_id, session_ids)
