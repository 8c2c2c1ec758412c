"""A child's history as plain data: what the dashboard, the report and the exports read.

The store holds rows; the review code wants one tidy series per metric with a
date, a value and a quality flag. Loading happens once here, so charts, the
statistics and the report are pure functions of a ``ChildHistory`` and can be
tested with hand-built data.

One value per session and metric: the **session value** is the median of that
session's rep peaks (``median_deg``), a child's typical reach that day, which
one lucky or unlucky rep does not move. The session's **best** rep is kept too,
because therapists also ask "what is the most she managed".
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.words import (
    joint_label_es,
    say,
)

MetricKind = Literal["rom", "posture", "movement"]

# A session's value for a metric is flagged "low quality" (left out of the
# statistics, drawn hollow) when the joint was measurable in less than this share
# of the exercise's frames, or when no rep was completed.
MIN_MEASURABLE_FRACTION = 0.5
# ... or when its 90% interval is wider than this (degrees): such a value could be a
# normal range or a severe limitation, and averaging it with sure sessions would
# hide that. Wide because one camera's depth makes most intervals 15-30 degrees.
MAX_SESSION_PM_DEG = 35.0

# Posture read from every exercise's ``posture`` section is kept apart from the
# value of an exercise that targets that posture itself (a hold-still exercise
# reports its own peak), so two definitions are never mixed in one series.
DURING_EXERCISES = "_during_exercises"
# Tremor series: the RMS of the tremor-band motion of a body part ("head",
# "left_wrist"...) in % of torso length, from the ``movement`` section. It is a
# level even when no tremor is detected (then it is the background), so it can be
# followed across sessions: lower means less shaking.
TREMOR = "_tremor"


def metric_label(metric_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A metric id in plain words: ``right_elbow_flexion`` -> "Right elbow flexion"."""
    if metric_id.endswith(TREMOR):
        part = part_label(metric_id.removesuffix(TREMOR), language)
        return say("tremor_label", language, part=part)
    if metric_id.endswith(DURING_EXERCISES):
        inner = metric_label(metric_id.removesuffix(DURING_EXERCISES), language)
        return say("during_exercises", language, label=inner)
    if language == "es":
        spanish = joint_label_es(*joint_of(metric_id))
        if spanish is not None:
            return spanish
    return metric_id.replace("_", " ").capitalize()


def part_label(part: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A tremor body part ("head", "left_wrist") in plain words."""
    if language == "es":
        joint, side = joint_of(part)
        spanish = joint_label_es(joint, side)
        if spanish is not None:
            return spanish
    return part.replace("_", " ").capitalize()


def metric_unit(metric_id: str) -> str:
    """ "°" for angles; "%" (of the child's torso length) for tremor amplitudes."""
    return "%" if metric_id.endswith(TREMOR) else "°"


def metric_kind(metric_id: str) -> MetricKind:
    """Whether a metric is a range of motion, a resting posture or an involuntary movement."""
    if metric_id in ROM_ANGLE_IDS:
        return "rom"
    if joint_of(metric_id.removesuffix(DURING_EXERCISES))[0] in POSTURE_ANGLE_IDS:
        return "posture"
    return "movement"


def joint_of(metric_id: str) -> tuple[str, str | None]:
    """Split ``right_elbow_flexion`` into ("elbow_flexion", "right"); unsided -> (id, None)."""
    for side in ("left", "right"):
        if metric_id.startswith(side + "_"):
            return metric_id[len(side) + 1 :], side
    return metric_id, None


def sided_metric_id(metric_id: str, side: str | None) -> str:
    """The measured id of a goal or target given as a metric plus a side."""
    if side in ("left", "right") and not metric_id.startswith(f"{side}_"):
        return f"{side}_{metric_id}"
    return metric_id


@dataclass(frozen=True)
class SessionPoint:
    """One session's value of one metric."""

    session_id: int
    day: date
    value: float
    best: float
    exercise_id: str
    reps_done: int
    reps_planned: int
    low_quality: bool = False
    quality_note: str = ""
    # Half-width (degrees) of the value's 90% interval; NaN where not known (posture,
    # tremor, sessions stored before metric version 5).
    pm: float = math.nan

    @property
    def usable(self) -> bool:
        return not self.low_quality and not math.isnan(self.value)


@dataclass(frozen=True)
class MetricSeries:
    """A metric's session values in time order."""

    metric_id: str
    points: tuple[SessionPoint, ...]

    @property
    def label(self) -> str:
        return metric_label(self.metric_id)

    @property
    def kind(self) -> MetricKind:
        return metric_kind(self.metric_id)

    @property
    def days(self) -> list[date]:
        return [p.day for p in self.points]

    def values(self, *, usable_only: bool = True) -> list[float]:
        """Session values; unusable ones are NaN so that positions still match ``days``."""
        return [p.value if (p.usable or not usable_only) else math.nan for p in self.points]


@dataclass(frozen=True)
class TremorPoint:
    """What one session says about the tremor of one body part.

    ``detected`` is True when a rhythmic shake stood out above the noise (then
    ``dominant_hz`` and ``amplitude_pct`` are set), False when the part was
    measured and no tremor rose above the noise threshold, None when the part
    could not be measured at all (``reason`` says why, in the measurement's words).
    """

    session_id: int
    day: date
    detected: bool | None
    dominant_hz: float | None = None
    amplitude_pct: float | None = None
    reason: str = ""

    @property
    def measured(self) -> bool:
        return self.detected is not None


@dataclass(frozen=True)
class CareEvent:
    id: int
    day: date
    kind: str
    text: str
    muscles: str = ""
    dose: str = ""

    @property
    def label(self) -> str:
        return self.label_in(DEFAULT_LANGUAGE)

    def label_in(self, language: str) -> str:
        return care_event_label(self.kind, language)


CARE_EVENT_KINDS: tuple[str, ...] = (
    "medication_change",
    "medication_start",
    "medication_stop",
    "botulinum_toxin",
    "surgery",
    "therapy_change",
    "illness",
    "other",
)


def care_event_label(kind: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A care event's kind in plain words ("medication change", "toxina botulínica")."""
    if kind in CARE_EVENT_KINDS:
        return say(f"event_{kind}", language)
    return kind.replace("_", " ")


@dataclass(frozen=True)
class Goal:
    id: int
    metric_id: str
    target_deg: float
    by_day: date | None
    text: str = ""


@dataclass(frozen=True)
class Note:
    id: int
    day: date
    author_role: str
    author_name: str
    text: str


@dataclass(frozen=True)
class SelfReport:
    session_id: int
    day: date
    pain: int | None
    difficulty: int | None
    helped: str = ""
    hurt: str = ""
    wants_more: str = ""
    exercise_id: str | None = None


@dataclass(frozen=True)
class SessionInfo:
    id: int
    day: date
    started_at: datetime
    status: str
    plan_id: str


@dataclass
class ChildHistory:
    """Everything the review shows about one child between ``start`` and ``end``."""

    child_id: int
    child_name: str
    start: date
    end: date
    sessions: list[SessionInfo] = field(default_factory=list)
    series: dict[str, MetricSeries] = field(default_factory=dict)
    events: list[CareEvent] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    self_reports: list[SelfReport] = field(default_factory=list)
    # Body part ("head", "left_wrist"...) -> one point per session that looked for tremor.
    tremor: dict[str, list[TremorPoint]] = field(default_factory=dict)

    def sessions_per_week(self) -> list[tuple[date, int]]:
        """(Monday, number of sessions) for every week up to ``end``, weeks without any included.

        Weeks start at ``start`` or at the first session, whichever is later: the weeks
        before a child's first session are not weeks they missed.
        """
        counts = Counter(s.day - timedelta(days=s.day.weekday()) for s in self.sessions)
        first = max(self.start, self.sessions[0].day) if self.sessions else self.start
        monday = first - timedelta(days=first.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append((monday, counts.get(monday, 0)))
            monday += timedelta(days=7)
        return weeks

    def event(self, event_id: int) -> CareEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    def metric_ids(self) -> list[str]:
        """Metrics with at least one value, ROM first in the measurement's own order."""
        order = {m: i for i, m in enumerate((*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS))}
        return sorted(self.series, key=lambda m: (order.get(m, len(order)), m))


class StoreReader(Protocol):
    """The part of ``posecapture.store.Store`` the review reads."""

    def child(self, name_or_id: str | int) -> dict[str, Any]: ...
    def sessions(
        self, child_id: int, *, start: date | None = None, end: date | None = None
    ) -> list[dict[str, Any]]: ...
    def exercise_results(self, session_id: int) -> list[dict[str, Any]]: ...
    def care_events(self, child_id: int) -> list[dict[str, Any]]: ...
    def goals(self, child_id: int) -> list[dict[str, Any]]: ...
    def notes(self, child_id: int) -> list[dict[str, Any]]: ...
    def self_reports(self, child_id: int) -> list[dict[str, Any]]: ...


def to_day(value: object) -> date:
    """A stored date or timestamp (ISO text, date or datetime) as a calendar day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def session_day(row: Mapping[str, Any]) -> date:
    """The local calendar day of a session row: the store's ``date`` field.

    ``started_at`` is UTC, so its own date is the next day for a session at 23:30
    in the Americas; only when a row lacks ``date`` (an older reader) is the UTC
    stamp converted to this computer's local day, as the store does.
    """
    if row.get("date"):
        return to_day(row["date"])
    stamp = to_datetime(row["started_at"])
    return (stamp.astimezone() if stamp.tzinfo else stamp).date()


def to_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def load_history(
    store: StoreReader,
    child: str | int,
    *,
    start: date | None = None,
    end: date | None = None,
) -> ChildHistory:
    """Read one child's sessions, care events, goals, notes and self-reports from the store.

    ``start``/``end`` default to the first and last session (or today when there
    are none). Care events, goals and notes are kept whatever their date: the
    charts only draw those inside the period, but the report lists them all.
    """
    info = store.child(child)
    child_id = int(info["id"])
    rows = store.sessions(child_id, start=start, end=end)
    sessions = [
        SessionInfo(
            id=int(r["id"]),
            day=session_day(r),
            started_at=to_datetime(r["started_at"]),
            status=str(r.get("status") or ""),
            plan_id=str(r.get("plan_id") or ""),
        )
        for r in rows
    ]
    sessions.sort(key=lambda s: s.started_at)
    by_metric: dict[str, dict[int, list[SessionPoint]]] = {}
    tremor: dict[str, dict[int, list[TremorPoint]]] = {}
    for s in sessions:
        for result in store.exercise_results(s.id):
            for metric_id, point in _points_of(s, result):
                by_metric.setdefault(metric_id, {}).setdefault(s.id, []).append(point)
            for part, found in _tremor_points(s, _json(result.get("movement"))):
                tremor.setdefault(part, {}).setdefault(s.id, []).append(found)
    days = [s.day for s in sessions]
    today = date.today()
    first = start or (min(days) if days else today)
    last = end or (max(days) if days else today)
    # A --from after every session (or a --to before them) is an empty period starting
    # (or ending) on that day, never one that ends before it starts.
    if start is None:
        first = min(first, last)
    if end is None:
        last = max(first, last)
    history = ChildHistory(
        child_id=child_id,
        child_name=str(info["name"]),
        start=first,
        end=last,
        sessions=sessions,
        series={
            m: MetricSeries(m, tuple(_merge(pts) for pts in per_session.values()))
            for m, per_session in by_metric.items()
        },
        tremor={
            part: [_merge_tremor(found) for found in per_session.values()]
            for part, per_session in tremor.items()
        },
    )
    history.events = sorted(
        (_care_event(r) for r in store.care_events(child_id)), key=lambda e: e.day
    )
    history.goals = [_goal(r) for r in store.goals(child_id)]
    history.notes = sorted((_note(r) for r in store.notes(child_id)), key=lambda n: n.day)
    in_period = {s.id: s.day for s in sessions}
    history.self_reports = [
        _self_report(r, in_period[int(r["session_id"])])
        for r in store.self_reports(child_id)
        if int(r["session_id"]) in in_period
    ]
    return history


def _json(value: object) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str) and value:
        loaded = json.loads(value)
        return loaded if isinstance(loaded, Mapping) else {}
    return {}


def _float(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def _points_of(
    session: SessionInfo, result: Mapping[str, Any]
) -> Iterable[tuple[str, SessionPoint]]:
    """The exercise's own metric, then the posture angles measured during it."""
    quality = _json(result.get("quality"))
    measurable = _float(quality.get("measurable_fraction", quality.get("valid_share")))
    reps_done = int(result.get("reps_done") or 0)
    low, note = False, ""
    if result.get("status") == "skipped":
        low, note = True, "skipped"
    elif reps_done == 0:
        low, note = True, "no rep done"
    elif not math.isnan(measurable) and measurable < MIN_MEASURABLE_FRACTION:
        low, note = True, f"joint seen in only {measurable:.0%} of frames"
    pm = _float(_json(result.get("rom")).get("median_pm"))
    if not low and pm > MAX_SESSION_PM_DEG:
        low, note = True, f"too unsure to count (±{pm:.0f}°)"
    side = result.get("side")
    point = SessionPoint(
        session_id=session.id,
        day=session.day,
        value=_float(result.get("median_deg")),
        best=_float(result.get("best_deg")),
        exercise_id=str(result.get("exercise_id") or ""),
        reps_done=reps_done,
        reps_planned=int(result.get("reps_planned") or 0),
        low_quality=low,
        quality_note=note,
        pm=pm,
    )
    yield sided_metric_id(str(result["metric_id"]), side), point
    extras = [
        *(
            (name + DURING_EXERCISES, v, reason)
            for name, v, reason in _posture_values(_json(result.get("posture")))
        ),
        *((part + TREMOR, v, "") for part, v in _tremor_values(_json(result.get("movement")))),
    ]
    for name, value, reason in extras:
        # Posture and tremor are read over the whole exercise, not per rep: no rep counts.
        # A posture the camera could not measure is kept as NaN with the measurement's
        # reason, so the review can say how often and why, never as a number.
        yield (
            name,
            replace(
                point,
                value=value,
                best=value,
                reps_done=0,
                reps_planned=0,
                pm=math.nan,
                low_quality=bool(reason),
                quality_note=reason,
            ),
        )


def _posture_values(section: Mapping[str, Any]) -> list[tuple[str, float, str]]:
    """Posture angles in a result's ``posture`` section: (id, degrees, "") for a number or
    ``{"median_deg": x}``; (id, NaN, reason) for ``{"median_deg": None, "reason": ...}``.

    Only ids of ``POSTURE_ANGLE_IDS`` (optionally ending in ``_deg``) are read, so a
    count or a frame number in the same section never becomes a chart in degrees.
    """
    out = []
    for key, value in section.items():
        name = key.removesuffix("_deg")
        if name not in POSTURE_ANGLE_IDS:
            continue
        reason = ""
        if isinstance(value, Mapping):
            reason = str(value.get("reason") or "")
            value = value.get("median_deg", value.get("median"))
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((name, float(value), ""))
        elif value is None and reason:
            out.append((name, math.nan, reason))
    return out


def _tremor_values(section: Mapping[str, Any]) -> list[tuple[str, float]]:
    """``movement["tremor"][part]["band_rms_pct_torso"]`` of each part that was measured."""
    tremor = section.get("tremor")
    if not isinstance(tremor, Mapping):
        return []
    out = []
    for part, entry in tremor.items():
        value = entry.get("band_rms_pct_torso") if isinstance(entry, Mapping) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((str(part), float(value)))
    return out


def _tremor_points(
    session: SessionInfo, section: Mapping[str, Any]
) -> Iterable[tuple[str, TremorPoint]]:
    """One ``TremorPoint`` per body part of a result's ``movement["tremor"]``.

    The tremor band's level (``band_rms_pct_torso``) is what tells "measured, no
    tremor above the noise" from "not measurable": the measurement gives it
    whenever the part was followed long enough, and None otherwise.
    """
    tremor = section.get("tremor")
    if not isinstance(tremor, Mapping):
        return
    for part, entry in tremor.items():
        if not isinstance(entry, Mapping):
            continue
        detected: bool | None = bool(entry.get("detected"))
        if not detected and entry.get("band_rms_pct_torso") is None:
            detected = None
        hz, amplitude = entry.get("dominant_hz"), entry.get("amplitude_pct_torso")
        yield (
            str(part),
            TremorPoint(
                session_id=session.id,
                day=session.day,
                detected=detected,
                dominant_hz=float(hz) if detected and hz is not None else None,
                amplitude_pct=float(amplitude) if detected and amplitude is not None else None,
                reason=str(entry.get("reason") or "") if detected is None else "",
            ),
        )


def _merge_tremor(points: Sequence[TremorPoint]) -> TremorPoint:
    """One point per session: a tremor seen in any exercise counts (median Hz and size of
    those that saw it); else measured without tremor if any exercise measured the part."""
    found = [p for p in points if p.detected]
    if found:
        hz = [p.dominant_hz for p in found if p.dominant_hz is not None]
        size = [p.amplitude_pct for p in found if p.amplitude_pct is not None]
        return replace(
            found[0],
            dominant_hz=statistics.median(hz) if hz else None,
            amplitude_pct=statistics.median(size) if size else None,
        )
    measured = [p for p in points if p.measured]
    if measured:
        return measured[0]
    reasons = dict.fromkeys(p.reason for p in points if p.reason)
    return replace(points[0], reason=" ".join(reasons))


def _merge(points: Sequence[SessionPoint]) -> SessionPoint:
    """One point per session: several exercises of a session measuring the same thing.

    The session value is the median of the usable values (of all, if none is usable),
    its half-width the median of theirs; the best is the best of them; reps add up.
    """
    if len(points) == 1:
        return points[0]
    usable = [p for p in points if p.usable] or list(points)
    values = [p.value for p in usable if not math.isnan(p.value)]
    bests = [p.best for p in usable if not math.isnan(p.best)]
    widths = [p.pm for p in usable if not math.isnan(p.value) and not math.isnan(p.pm)]
    return replace(
        usable[0],
        value=statistics.median(values) if values else math.nan,
        pm=statistics.median(widths) if widths else math.nan,
        best=max(bests) if bests else math.nan,
        exercise_id=", ".join(dict.fromkeys(p.exercise_id for p in points)),
        reps_done=sum(p.reps_done for p in points),
        reps_planned=sum(p.reps_planned for p in points),
    )


def _care_event(r: Mapping[str, Any]) -> CareEvent:
    return CareEvent(
        id=int(r["id"]),
        day=to_day(r["date"]),
        kind=str(r["kind"]),
        text=str(r.get("text") or ""),
        muscles=str(r.get("muscles") or ""),
        dose=str(r.get("dose") or ""),
    )


def _goal(r: Mapping[str, Any]) -> Goal:
    by = r.get("by_date")
    return Goal(
        id=int(r["id"]),
        metric_id=sided_metric_id(str(r["metric_id"]), r.get("side")),
        target_deg=float(r["target_deg"]),
        by_day=to_day(by) if by else None,
        text=str(r.get("text") or ""),
    )


def _note(r: Mapping[str, Any]) -> Note:
    return Note(
        id=int(r["id"]),
        day=to_day(r.get("date") or r.get("created_at")),
        author_role=str(r.get("author_role") or ""),
        author_name=str(r.get("author_name") or ""),
        text=str(r.get("text") or ""),
    )


def _self_report(r: Mapping[str, Any], day: date) -> SelfReport:
    def _int(v: object) -> int | None:
        return None if v is None else int(v)  # type: ignore[call-overload]

    return SelfReport(
        session_id=int(r["session_id"]),
        day=day,
        pain=_int(r.get("pain")),
        difficulty=_int(r.get("difficulty")),
        helped=str(r.get("helped") or ""),
        hurt=str(r.get("hurt") or ""),
        wants_more=str(r.get("wants_more") or ""),
        exercise_id=r.get("exercise_id"),
    )
