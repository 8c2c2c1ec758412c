"""Children and their own exercise targets."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from posecapture.errors import UserError
from posecapture.store.base import StoreBase, clean_name, now_text, parse_day

if TYPE_CHECKING:
    from posecapture.exercises import Target


# Long enough for any first name with a family name; short enough for a table or a button.
MAX_NAME_LENGTH = 60


class ChildStore(StoreBase):
    """Adding and listing children, and each child's targets per exercise."""

    def add_child(
        self,
        name: str,
        *,
        birth_date: str | date | None = None,
        avatar: str | None = None,
        language: str = "en",
    ) -> int:
        """Add a child; names are unique (ignoring case) because commands find children by name."""
        clean = clean_name(name)
        if not clean:
            raise UserError(
                "A child needs a name. Give one, for example: posecapture child add Ana"
            )
        if len(clean) > MAX_NAME_LENGTH or not clean.isprintable():
            raise UserError(
                f"A child's name must be one line of at most {MAX_NAME_LENGTH} letters; "
                "a first name or a nickname is enough."
            )
        same = self._find_child(clean)
        if same is not None:
            raise UserError(f"There is already a child named {same['name']}. Choose another name.")
        born = parse_day(birth_date, "Birth date") if birth_date is not None else None
        if born is not None and born > date.today().isoformat():
            raise UserError(
                f"The birth date {born} is in the future. Write it as YYYY-MM-DD, "
                "for example 2019-04-02."
            )
        row = {
            "uuid": str(uuid.uuid4()),
            "name": clean,
            "birth_date": born,
            "avatar": avatar,
            "language": language,
            "created_at": now_text(),
        }
        with self._write():
            inserted = self._table("children").insert(row)
        assert inserted.last_pk is not None
        return int(inserted.last_pk)

    def list_children(self) -> list[dict[str, Any]]:
        """All children, with how many sessions each has and when the last one started."""
        return self._rows(
            "SELECT c.*, count(s.id) AS session_count, max(s.started_at) AS last_session_at"
            " FROM children c LEFT JOIN sessions s ON s.child_id = c.id"
            " GROUP BY c.id ORDER BY c.name",
            [],
        )

    def set_target(
        self,
        child_id: int,
        exercise_id: str,
        target_deg: float,
        window_low: float | None = None,
        window_high: float | None = None,
    ) -> None:
        """Set (or replace) this child's own target for one exercise."""
        self.child(child_id)
        if not np.isfinite(target_deg):
            raise UserError("The target angle must be a number of degrees.")
        if window_low is not None and window_high is not None and window_low >= window_high:
            raise UserError(
                f"The holding window {window_low:g}-{window_high:g} is empty: "
                "give the lower angle first."
            )
        with self._write():
            self.db.execute(
                "INSERT INTO child_targets (uuid, child_id, exercise_id, target_deg, window_low,"
                " window_high, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (child_id, exercise_id) DO UPDATE SET"
                " target_deg = excluded.target_deg, window_low = excluded.window_low,"
                " window_high = excluded.window_high,"
                " recorded_at = excluded.recorded_at",
                [
                    str(uuid.uuid4()),
                    child_id,
                    exercise_id,
                    float(target_deg),
                    window_low,
                    window_high,
                    now_text(),
                ],
            )

    def targets(self, child_id: int) -> dict[str, Target]:
        """This child's targets by exercise id, to override the exercises' defaults."""
        from posecapture.exercises import Target

        rows = self._rows("SELECT * FROM child_targets WHERE child_id = ?", [child_id])
        return {
            r["exercise_id"]: Target(r["target_deg"], r["window_low"], r["window_high"])
            for r in rows
        }
