"""What a session produces: one ``RepResult`` per rep and one ``ExerciseResult`` per
exercise and side.

These are the numbers the therapy team reads, so they say honestly what was
seen: an angle that was never measurable is NaN (null in the store), a rep that
timed out says so (``completed=False``) and keeps its true peak, and every
result carries the share of frames that could be measured.

Times (``started_s``, ``ended_s``, ``timestamps_s``) are the frames' own
timestamps, so a rep can be located in the stored landmark series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from posecapture.landmarks import FloatArray


@dataclass(frozen=True)
class RepResult:
    """One attempt at the exercise: how far the child got and how long they held it.

    ``peak_deg``: for a stretch (``hold_at_target``) the largest angle reached;
    for a still hold (``hold_still``) the angle farthest from the target. Angles
    of sided exercises done toward one side of an unsided metric (a neck tilt to
    the left) are oriented so that positive means toward that side.
    ``completed``: held inside the window for the exercise's hold time; False
    when the rep timed out or was cut short, with the peak still recorded.
    ``quality``: ``valid_share`` (share of frames with a measurable angle),
    ``frames``, ``out_of_frame_s``, ``ended`` ("held", "timeout", "skipped",
    "stopped").
    """

    exercise_id: str
    side: str
    rep: int
    metric_id: str
    peak_deg: float
    time_held_s: float
    target_deg: float
    completed: bool
    quality: Mapping[str, float | str]
    started_s: float
    ended_s: float


@dataclass(frozen=True, eq=False)
class ExerciseResult:
    """All reps of one exercise on one side, with the frames they were measured on.

    ``best_deg`` / ``median_deg``: best and median of the reps' peaks (for a
    still hold "best" is the peak closest to the target). ``rom``: the
    measurement core's ``summarize_rom`` over the metric across the exercise's
    frames, with the 90% half-widths ``min_pm``, ``max_pm``, ``peak_sustained_pm``
    and those of the session values, ``best_pm`` and ``median_pm`` (the median of
    the reps' half-widths at their peaks); None where unknown.
    ``posture`` / ``movement``: ``summarize_clip`` over the same frames.
    ``landmarks_px`` (F, 33, 4) cleaned, ``raw_px`` (F, 33, 4) unfiltered and
    ``world_m`` (F, 33, 3) are kept so the history can be recomputed when the
    metrics improve; frames without a person are NaN.
    ``status``: "done", "skipped" (the child or parent skipped it) or "stopped"
    (the session ended before it finished).
    """

    exercise_id: str
    side: str
    metric_id: str
    reps_planned: int
    reps_done: int
    best_deg: float
    median_deg: float
    rom: dict[str, object]
    posture: dict[str, object]
    movement: dict[str, object]
    quality: dict[str, object]
    timestamps_s: FloatArray
    landmarks_px: FloatArray
    raw_px: FloatArray
    world_m: FloatArray
    target_deg: float = float("nan")
    window_low: float = float("nan")
    window_high: float = float("nan")
    status: str = "done"
    reps: tuple[RepResult, ...] = field(default_factory=tuple)

    @property
    def frames(self) -> int:
        return int(np.asarray(self.timestamps_s).shape[0])
