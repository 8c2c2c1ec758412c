"""The care team's records: care events, the shared notebook, goals, self-reports."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from posecapture.errors import UserError
from posecapture.kinematics.angles import ANGLES
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.store.base import StoreBase, parse_day
from posecapture.store.schema import AUTHOR_ROLES, CARE_EVENT_KINDS

# Friendly names a parent may type for a care event kind.
CARE_EVENT_ALIASES = {"medication": "medication_change", "botox": "botulinum_toxin"}

_MEASURED_IDS = frozenset(ROM_ANGLE_IDS) | frozenset(POSTURE_ANGLE_IDS)
# Angles that are never negative (a joint's bend, an arm's elevation); the others
# are signed by direction (docs/angles.md), so a negative goal can make sense.
_UNSIGNED_IDS = frozenset(a.id for a in ANGLES if a.kind in ("flexion", "elevation"))


class CareTeamStore(StoreBase):
    """What parents, therapists and doctors record about a child beside the sessions."""

    def add_care_event(
        self,
        child_id: int,
        *,
        kind: str,
        date: str | date | None,
        text: str,
        muscles: str | None = None,
        dose: str | None = None,
    ) -> int:
        """Record a medication change, injection, surgery, illness... on the child's timeline."""
        self.child(child_id)
        kind_id = CARE_EVENT_ALIASES.get(kind.strip().lower(), kind.strip().lower())
        if kind_id not in CARE_EVENT_KINDS:
            raise UserError(
                f"Unknown kind of care event '{kind}'. Use one of: "
                + ", ".join(CARE_EVENT_KINDS)
                + " (or 'medication' for a medication change)."
            )
        if not text.strip() and not muscles and not dose:
            raise UserError("Say what happened, for example the medicine and the dose.")
        return self._insert(
            "care_events",
            {
                "child_id": child_id,
                "kind": kind_id,
                "date": parse_day(date, "Date"),
                "text": text.strip(),
                "muscles": muscles,
                "dose": dose,
            },
        )

    def care_events(self, child_id: int) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT * FROM care_events WHERE child_id = ? ORDER BY date, id", [child_id]
        )

    def add_note(
        self,
        child_id: int,
        *,
        author_role: str,
        text: str,
        author_name: str | None = None,
        date: str | date | None = None,
    ) -> int:
        """Add to the shared notebook of parents, therapists and doctors."""
        self.child(child_id)
        role = author_role.strip().lower()
        if role not in AUTHOR_ROLES:
            raise UserError(
                f"A note is written by a {', '.join(AUTHOR_ROLES[:-1])} or {AUTHOR_ROLES[-1]}, "
                f"not '{author_role}'."
            )
        if not text.strip():
            raise UserError("The note is empty. Write what you want the care team to read.")
        return self._insert(
            "notes",
            {
                "child_id": child_id,
                "author_role": role,
                "author_name": author_name,
                "date": parse_day(date, "Date"),
                "text": text.strip(),
            },
        )

    def notes(self, child_id: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM notes WHERE child_id = ? ORDER BY date, id", [child_id])

    def add_goal(
        self,
        child_id: int,
        *,
        metric_id: str,
        side: str | None,
        target_deg: float,
        by_date: str | date,
        text: str = "",
    ) -> int:
        """A goal such as "right shoulder flexion 150° by 2027-03-01".

        ``metric_id`` may be the measured id (``right_shoulder_flexion``) or the joint
        plus a side (``shoulder_flexion``, ``right``); it is stored as the measured id,
        the same id exercise results carry, so goals and history line up.
        """
        self.child(child_id)
        measured, goal_side = _measured_id(metric_id.strip(), side)
        low = 0.0 if measured in _UNSIGNED_IDS else -180.0
        if not np.isfinite(target_deg) or not low <= target_deg <= 180.0:
            raise UserError(
                f"The goal's target for {measured} must be a number of degrees from {low:g} to 180."
            )
        return self._insert(
            "goals",
            {
                "child_id": child_id,
                "metric_id": measured,
                "side": goal_side,
                "target_deg": float(target_deg),
                "by_date": parse_day(by_date, "Goal date"),
                "text": text.strip(),
            },
        )

    def goals(self, child_id: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM goals WHERE child_id = ? ORDER BY by_date, id", [child_id])

    def self_reports(self, child_id: int) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT r.* FROM self_reports r JOIN sessions s ON s.id = r.session_id"
            " WHERE s.child_id = ? ORDER BY s.started_at, r.id",
            [child_id],
        )


def _measured_id(metric_id: str, side: str | None) -> tuple[str, str]:
    for prefix in ("left", "right"):
        if metric_id.startswith(prefix + "_"):
            if side not in (None, prefix):
                raise UserError(f"The metric {metric_id} is on the {prefix} side, not {side}.")
            measured, goal_side = metric_id, prefix
            break
    else:
        if f"left_{metric_id}" in _MEASURED_IDS and side not in ("left", "right"):
            raise UserError(
                f"{metric_id} is measured on each side: add --side left or --side right."
            )
        if metric_id in _MEASURED_IDS and side in ("left", "right"):
            raise UserError(f"{metric_id} has no left or right side: leave out --side.")
        goal_side = side or "both"
        measured = f"{goal_side}_{metric_id}" if goal_side in ("left", "right") else metric_id
    if measured not in _MEASURED_IDS:
        raise UserError(
            f"Unknown metric '{measured}'. Use one of: " + ", ".join(sorted(_MEASURED_IDS)) + "."
        )
    return measured, goal_side
