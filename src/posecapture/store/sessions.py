"""Sessions and what they measured: reps, exercise results with their landmarks,
self-reports."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from posecapture.errors import UserError
from posecapture.store.base import StoreBase, local_day, now_text, utc_text
from posecapture.store.encoding import from_json, number, to_json
from posecapture.store.landmark_codec import decode_series, encode_series
from posecapture.store.schema import SIDES

if TYPE_CHECKING:
    from posecapture.session.results import ExerciseResult, RepResult

_JSON_COLUMNS = ("rom", "posture", "movement", "quality")


class SessionStore(StoreBase):
    """Recording a session as it happens, and reading sessions and results back."""

    def start_session(
        self,
        child_id: int,
        *,
        plan_id: str,
        plan_kind: str,
        source: str,
        metric_version: str,
        started_at: datetime | None = None,
    ) -> int:
        """Begin recording a session; it stays "running" until ``finish_session``."""
        self.child(child_id)
        if plan_kind not in ("routine", "exercise"):
            raise ValueError(f"plan_kind must be 'routine' or 'exercise', not {plan_kind!r}")
        return self._insert(
            "sessions",
            {
                "child_id": child_id,
                "plan_kind": plan_kind,
                "plan_id": plan_id,
                "source": source,
                "metric_version": metric_version,
                "started_at": utc_text(started_at) if started_at else now_text(),
                "status": "running",
                "owner_pid": os.getpid(),
            },
        )

    def add_rep_result(self, session_id: int, rep: RepResult) -> int:
        """Record one rep, committed at once so a crash a moment later keeps it."""
        return self._insert(
            "rep_results",
            {
                "session_id": session_id,
                "exercise_id": rep.exercise_id,
                "side": _side(rep.side),
                "rep": int(rep.rep),
                "metric_id": rep.metric_id,
                "peak_deg": number(rep.peak_deg),
                "time_held_s": float(rep.time_held_s),
                "target_deg": number(rep.target_deg),
                "completed": int(bool(rep.completed)),
                "quality": to_json(rep.quality),
                "started_s": float(rep.started_s),
                "ended_s": float(rep.ended_s),
            },
        )

    def add_exercise_result(
        self, session_id: int, result: ExerciseResult, *, metric_version: str | None = None
    ) -> int:
        """Record one exercise on one side, with its landmark series (compressed).

        The series is stored with the session's metric version unless another is
        given, so a later version can recompute the history from the landmarks.
        """
        version = metric_version or str(self.session(session_id)["metric_version"])
        row = {
            "uuid": str(uuid.uuid4()),
            "session_id": session_id,
            "exercise_id": result.exercise_id,
            "side": _side(result.side),
            "metric_id": result.metric_id,
            "status": result.status,
            "reps_planned": int(result.reps_planned),
            "reps_done": int(result.reps_done),
            "best_deg": number(result.best_deg),
            "median_deg": number(result.median_deg),
            "target_deg": number(result.target_deg),
            "window_low": number(result.window_low),
            "window_high": number(result.window_high),
            **{name: to_json(getattr(result, name)) for name in _JSON_COLUMNS},
            "recorded_at": now_text(),
        }
        blob = encode_series(
            result.timestamps_s, result.landmarks_px, result.raw_px, result.world_m
        )
        with self._write():
            inserted = self._table("exercise_results").insert(row)
            assert inserted.last_pk is not None
            result_id = int(inserted.last_pk)
            self._table("landmark_series").insert(
                {
                    "uuid": str(uuid.uuid4()),
                    "exercise_result_id": result_id,
                    "metric_version": version,
                    "frames": int(np.asarray(result.timestamps_s).shape[0]),
                    "npz": blob,
                    "recorded_at": now_text(),
                }
            )
        return result_id

    def add_self_report(
        self,
        session_id: int,
        *,
        pain: int | None,
        difficulty: int | None,
        helped: str = "",
        hurt: str = "",
        wants_more: str = "",
        exercise_id: str | None = None,
    ) -> int:
        """How the session felt to the child: pain and difficulty on the 0-10 faces scale."""
        self.session(session_id)
        for label, score in (("Pain", pain), ("Difficulty", difficulty)):
            if score is not None and not 0 <= score <= 10:
                raise UserError(
                    f"{label} must be between 0 and 10 on the faces scale, not {score}."
                )
        return self._insert(
            "self_reports",
            {
                "session_id": session_id,
                "exercise_id": exercise_id,
                "pain": pain,
                "difficulty": difficulty,
                "helped": helped,
                "hurt": hurt,
                "wants_more": wants_more,
            },
        )

    def finish_session(self, session_id: int, status: str = "complete") -> None:
        """Close a session as "complete" or "incomplete" (ended early, clip too short)."""
        if status not in ("complete", "incomplete"):
            raise ValueError(f"a session finishes 'complete' or 'incomplete', not {status!r}")
        self.session(session_id)
        with self._write():
            self._table("sessions").update(
                session_id, {"status": status, "ended_at": now_text(), "owner_pid": None}
            )

    def sessions(
        self, child_id: int, *, start: date | None = None, end: date | None = None
    ) -> list[dict[str, Any]]:
        """A child's sessions, oldest first, between ``start`` and ``end`` (local days, inclusive).

        Each row has ``date``: the local calendar day it started, as YYYY-MM-DD.
        """
        rows = self._rows(
            "SELECT s.*, (SELECT count(*) FROM rep_results r WHERE r.session_id = s.id)"
            " AS rep_count FROM sessions s WHERE s.child_id = ? ORDER BY s.started_at, s.id",
            [child_id],
        )
        kept = []
        for row in rows:
            day = local_day(row["started_at"])
            if (start is None or day >= start) and (end is None or day <= end):
                kept.append({**row, "date": day.isoformat()})
        return kept

    def exercise_results(self, session_id: int) -> list[dict[str, Any]]:
        """A session's per-exercise results, JSON decoded, None where not measurable."""
        rows = self._rows(
            "SELECT * FROM exercise_results WHERE session_id = ? ORDER BY id", [session_id]
        )
        return [_decoded(r) for r in rows]

    def rep_results(self, session_id: int) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT * FROM rep_results WHERE session_id = ? ORDER BY id", [session_id]
        )
        return [{**_decoded(r), "completed": bool(r["completed"])} for r in rows]

    def metric_history(self, child_id: int, metric_id: str) -> list[dict[str, Any]]:
        """One row per exercise result measuring ``metric_id``, oldest first, with its session."""
        rows = self._rows(
            "SELECT e.*, e.id AS exercise_result_id, s.started_at, s.status AS session_status,"
            " s.plan_id, s.metric_version FROM exercise_results e"
            " JOIN sessions s ON s.id = e.session_id"
            " WHERE s.child_id = ? AND e.metric_id = ? ORDER BY s.started_at, e.id",
            [child_id, metric_id],
        )
        return [{**_decoded(r), "date": local_day(r["started_at"]).isoformat()} for r in rows]

    def landmark_series(self, exercise_result_id: int) -> dict[str, Any]:
        """The stored landmarks of one exercise result, float64, with ``metric_version``."""
        rows = self._rows(
            "SELECT metric_version, frames, npz FROM landmark_series WHERE exercise_result_id = ?",
            [exercise_result_id],
        )
        if not rows:
            raise UserError(f"No landmarks are stored for exercise result {exercise_result_id}.")
        series: dict[str, Any] = dict(decode_series(rows[0]["npz"]))
        series["metric_version"] = rows[0]["metric_version"]
        return series

    def delete_session(self, session_id: int) -> None:
        """Delete a session with all its reps, results, landmarks and self-reports."""
        self.session(session_id)
        with self._write():
            self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def _side(side: str | None) -> str:
    """The side column: "left", "right", or "both" for unsided metrics."""
    value = side or "both"
    if value not in SIDES:
        raise ValueError(f"side must be one of {SIDES} or None, not {side!r}")
    return value


def _decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: from_json(v) if k in _JSON_COLUMNS else v for k, v in row.items()}
