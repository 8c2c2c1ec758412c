"""The hold rule: how one rep is timed and when it ends.

A rep's hold time grows only over intervals whose both ends are measured frames
with the angle inside the target window, so a frame that could not be measured
(NaN) never counts as held time. A short interruption keeps what was held so
far: a NaN gap up to ``HoldRules.nan_gap_s`` (the camera lost a wrist for a
moment) or a dip out of the window up to ``HoldRules.outside_gap_s`` (a jerk of
dystonia); a longer one starts the hold again from zero. The rep completes when
the hold reaches the exercise's hold time, and ends unfinished after
``hold_s + HoldRules.reach_s`` of time in the picture, so a child who cannot
reach the target moves on; its peak is kept either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from posecapture.session.results import RepResult


@dataclass(frozen=True)
class HoldRules:
    """Tolerances of the hold rule in seconds (docs/session-engine.md)."""

    nan_gap_s: float = 0.5
    outside_gap_s: float = 1.0
    reach_s: float = 20.0


@dataclass
class RepCounter:
    """One rep in progress. ``feed`` it each frame's oriented angle; times are the
    engine's clock, ``t_s`` the frame's own timestamp."""

    exercise_id: str
    side: str
    rep: int
    metric_id: str
    kind: str
    hold_s: float
    target_deg: float
    window_low: float
    window_high: float
    rules: HoldRules
    started_now: float
    held_s: float = 0.0
    best_held_s: float = 0.0
    peak_deg: float = math.nan
    frames: int = 0
    valid_frames: int = 0
    out_of_frame_s: float = 0.0
    started_s: float = math.nan
    ended_s: float = math.nan
    _last_now: float | None = None
    _prev_inside: bool = False
    _last_inside_now: float | None = None

    def inside(self, value: float) -> bool:
        return math.isfinite(value) and self.window_low <= value <= self.window_high

    def feed(self, value: float, now: float, t_s: float, *, in_frame: bool) -> bool:
        """Count one frame; True when it is inside the window."""
        dt = 0.0 if self._last_now is None else max(0.0, now - self._last_now)
        self._last_now = now
        if dt > self.rules.nan_gap_s:
            # No frame at all for longer than a NaN gap (a stalled camera): nothing
            # was seen in between, so none of it is held time.
            self.held_s = 0.0
            self._prev_inside = False
        if math.isnan(self.started_s):
            self.started_s = t_s
        self.ended_s = t_s
        self.frames += 1
        if not in_frame:
            self.out_of_frame_s += dt
        inside = self.inside(value)
        if math.isfinite(value):
            self.valid_frames += 1
            self._update_peak(value)
        if inside:
            if self._prev_inside:
                self.held_s += dt
                self.best_held_s = max(self.best_held_s, self.held_s)
            self._last_inside_now = now
        else:
            self._interrupted(now, nan=not math.isfinite(value))
        self._prev_inside = inside
        return inside

    def no_frame(self, now: float) -> None:
        """Time passed with no frame at all: longer than a NaN gap, the hold starts again."""
        if self._last_now is not None and now - self._last_now > self.rules.nan_gap_s:
            self.held_s = 0.0
            self._prev_inside = False

    def interrupt(self) -> None:
        """The hold was broken from outside (a pause): start it again from zero."""
        self.held_s = 0.0
        self._prev_inside = False
        self._last_inside_now = None
        self._last_now = None

    def _interrupted(self, now: float, *, nan: bool) -> None:
        limit = self.rules.nan_gap_s if nan else self.rules.outside_gap_s
        if self._last_inside_now is None or now - self._last_inside_now > limit:
            self.held_s = 0.0

    def _update_peak(self, value: float) -> None:
        if math.isnan(self.peak_deg):
            self.peak_deg = value
        elif self.kind == "hold_still":
            if abs(value - self.target_deg) > abs(self.peak_deg - self.target_deg):
                self.peak_deg = value
        elif value > self.peak_deg:
            self.peak_deg = value

    @property
    def held(self) -> bool:
        return self.held_s >= self.hold_s - 1e-9

    def timed_out(self, now: float) -> bool:
        return now - self.started_now - self.out_of_frame_s >= self.hold_s + self.rules.reach_s

    def shift(self, seconds: float) -> None:
        """Move the rep's clock on by a pause's length, so the pause does not count."""
        self.started_now += seconds

    def result(self, ended: str) -> RepResult:
        """The rep as stored; ``ended`` is "held", "timeout", "skipped" or "stopped"."""
        return RepResult(
            exercise_id=self.exercise_id,
            side=self.side,
            rep=self.rep,
            metric_id=self.metric_id,
            peak_deg=self.peak_deg,
            time_held_s=self.best_held_s,
            target_deg=self.target_deg,
            completed=ended == "held",
            quality={
                "valid_share": self.valid_frames / self.frames if self.frames else 0.0,
                "frames": float(self.frames),
                "out_of_frame_s": self.out_of_frame_s,
                "ended": ended,
            },
            started_s=self.started_s,
            ended_s=self.ended_s,
        )
