"""The session store: one SQLite file that keeps everything a child's care team shares.

Why it is built the way it is:

* Nothing is lost. The file is in WAL mode with full sync, and every write is its
  own short transaction, so a rep is on disk the moment it is recorded. A session
  whose process died (battery, crash, killed) stays "running" in the file; the
  next ``Store.open`` marks it "incomplete" and keeps every rep it has.
* A bad file is never made worse. Before anything is written, the file is checked
  (is it SQLite, is it intact, is it ours, is it from a newer posecapture); if not,
  ``UserError`` says so in plain words and the file is left byte for byte as it was.
* Health data stays private: a new folder is 0700 and a new file 0600.
* A value that could not be measured is NULL, never a number (see ``encoding``).

Only this package writes SQL (docs/architecture.md). All times are ISO 8601 UTC
text; dates a person gives (care events, goals, notes) are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlite_utils import Database
from sqlite_utils.db import Table

from posecapture.errors import UserError
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.store.encoding import from_json, number, to_json
from posecapture.store.landmark_codec import decode_series, encode_series
from posecapture.store.location import default_db_path, prepare_file
from posecapture.store.schema import (
    AUTHOR_ROLES,
    CARE_EVENT_KINDS,
    MIGRATIONS,
    SIDES,
    STEP_NAMES,
    UUID_TABLES,
)

if TYPE_CHECKING:
    from posecapture.exercises import Target
    from posecapture.session.results import ExerciseResult, RepResult

# Long enough to wait out another window's short write, short enough that a
# person is not left staring at a frozen command.
BUSY_TIMEOUT_S = 3.0

# Friendly names a parent may type for a care event kind.
CARE_EVENT_ALIASES = {"medication": "medication_change", "botox": "botulinum_toxin"}

_JSON_COLUMNS = ("rom", "posture", "movement", "quality")
_MEASURED_IDS = frozenset(ROM_ANGLE_IDS) | frozenset(POSTURE_ANGLE_IDS)


class StoreError(UserError):
    """The database file cannot be used as it is (damaged, locked, not ours, unwritable)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _utc_text(moment: datetime) -> str:
    """A datetime as ISO UTC text; a naive one is taken as this computer's local time."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def local_day(utc_text: str) -> date:
    """The calendar day, on this computer's clock, of a stored UTC timestamp."""
    return datetime.fromisoformat(utc_text).astimezone().date()


def parse_day(value: str | date | None, field: str) -> str:
    """A date given by a person as ``YYYY-MM-DD`` text (None means today)."""
    if value is None:
        return date.today().isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UserError(
            f"{field} '{value}' is not a date. Write it as YYYY-MM-DD, for example 2026-11-02."
        ) from None


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this computer.

    Where that cannot be asked safely (Windows, where ``os.kill`` terminates), a
    session is treated as abandoned: it is marked "incomplete", and the window still
    recording it sets the right status when it finishes.
    """
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _damaged(path: Path) -> StoreError:
    return StoreError(
        f"The database {path} is damaged or is not a database; it was left untouched. "
        "Restore a backup (posecapture db backup makes one) or choose another file with --db."
    )


def _explain(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """A plain sentence for the SQLite errors a person can meet; None for a bug."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The database {path} is in use by another posecapture window. "
            "Close the other window (or wait for it to finish) and try again."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _damaged(path)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The database {path} cannot be written to. "
            "Check that the file and its folder are writable, or choose another file with --db."
        )
    if "unable to open" in text:
        return StoreError(
            f"The database {path} cannot be opened. Check that its folder exists and is "
            "readable, or choose another file with --db."
        )
    if "full" in text or "disk i/o" in text:
        return StoreError(
            f"The database {path} could not be written: the storage is full or failing. "
            "Free some space and try again."
        )
    return None


class Store:
    """posecapture's database of children, sessions, results and the care team's notes."""

    def __init__(self, db: Database, path: Path) -> None:
        """Use ``Store.open``: it checks, migrates and recovers the file first."""
        self.db = db
        self.path = path

    # -- opening and closing ------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None) -> Store:
        """Open (or create) the store at ``path``, by default ``default_db_path()``.

        Checks the file before writing anything, brings its schema up to date,
        and marks sessions whose recording process has died as "incomplete".
        """
        db_path = Path(path).expanduser() if path is not None else default_db_path()
        created = prepare_file(db_path)
        try:
            conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise _explain(exc, db_path) or exc from None
        store = cls(Database(conn), db_path)
        try:
            with store._errors():
                store._check_readable(created)
                store._prepare()
        except BaseException:
            conn.close()
            raise
        return store

    def _check_readable(self, created: bool) -> None:
        """Refuse, before any write, a file that is not an intact posecapture database."""
        checked = self.db.execute("PRAGMA quick_check").fetchall()
        if [tuple(row) for row in checked] != [("ok",)]:
            raise _damaged(self.path)
        tables = set(self.db.table_names())
        if created or not tables:
            return
        if MIGRATIONS.migrations_table not in tables or not MIGRATIONS.applied(self.db):
            raise StoreError(
                f"{self.path} is a database, but not a posecapture one; it was left untouched. "
                "Choose another file with --db."
            )
        if any(m.name not in STEP_NAMES for m in MIGRATIONS.applied(self.db)):
            raise StoreError(
                f"{self.path} was made by a newer version of posecapture. "
                "Update posecapture to open it; the file was left untouched."
            )

    def _prepare(self) -> None:
        self.db.enable_wal()
        # FULL sync in WAL mode: a committed rep survives a power cut, not only a crash.
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")
        # Taking the write lock now means a file held by another window fails here,
        # in plain words, rather than at the child's first rep.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS.apply(self.db)
            self._mark_abandoned_sessions()
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def _mark_abandoned_sessions(self) -> None:
        running = self.db.execute(
            "SELECT id, owner_pid, started_at FROM sessions WHERE status = 'running'"
        ).fetchall()
        for session_id, pid, started_at in running:
            if pid is not None and _pid_alive(int(pid)):
                continue
            last = self.db.execute(
                "SELECT max(recorded_at) FROM ("
                " SELECT recorded_at FROM rep_results WHERE session_id = ?"
                " UNION ALL SELECT recorded_at FROM exercise_results WHERE session_id = ?)",
                [session_id, session_id],
            ).fetchone()[0]
            with self.db.atomic():
                self._table("sessions").update(
                    session_id,
                    {"status": "incomplete", "ended_at": last or started_at, "owner_pid": None},
                )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the SQLite errors a person can meet into one plain sentence."""
        try:
            yield
        except sqlite3.Error as exc:
            explained = _explain(exc, self.path)
            if explained is None:
                raise
            raise explained from exc

    @contextlib.contextmanager
    def _write(self) -> Iterator[Database]:
        """One committed transaction, with plain errors."""
        with self._errors(), self.db.atomic() as db:
            yield db

    def _table(self, name: str) -> Table:
        table = self.db[name]
        assert isinstance(table, Table)
        return table

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row with a new uuid (and the time it was recorded), committed."""
        stamp = {} if table == "sessions" else {"recorded_at": _now()}
        row = {"uuid": str(uuid.uuid4()), **stamp, **row}
        with self._write():
            inserted = self._table(table).insert(row)
        assert inserted.last_pk is not None
        return int(inserted.last_pk)

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with self._errors():
            return list(self.db.query(sql, params))

    # -- children and their targets ------------------------------------------------

    def add_child(
        self,
        name: str,
        *,
        birth_date: str | date | None = None,
        avatar: str | None = None,
        language: str = "en",
    ) -> int:
        """Add a child; names are unique (ignoring case) because commands find children by name."""
        clean = name.strip()
        if not clean:
            raise UserError(
                "A child needs a name. Give one, for example: posecapture child add Ana"
            )
        same = self._find_child(clean)
        if same is not None:
            raise UserError(f"There is already a child named {same['name']}. Choose another name.")
        born = parse_day(birth_date, "Birth date") if birth_date is not None else None
        row = {
            "uuid": str(uuid.uuid4()),
            "name": clean,
            "birth_date": born,
            "avatar": avatar,
            "language": language,
            "created_at": _now(),
        }
        with self._write():
            inserted = self._table("children").insert(row)
        assert inserted.last_pk is not None
        return int(inserted.last_pk)

    def _find_child(self, name_or_id: str | int) -> dict[str, Any] | None:
        if isinstance(name_or_id, int):
            rows = self._rows("SELECT * FROM children WHERE id = ?", [name_or_id])
        else:
            rows = self._rows("SELECT * FROM children WHERE name = ?", [name_or_id.strip()])
        return rows[0] if rows else None

    def child(self, name_or_id: str | int) -> dict[str, Any]:
        """One child by name (any case) or id."""
        found = self._find_child(name_or_id)
        if found is None:
            raise UserError(
                f"No child named {name_or_id}. Add one with: posecapture child add {name_or_id}"
            )
        return found

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
                    _now(),
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

    # -- sessions and their results ----------------------------------------------

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
                "started_at": _utc_text(started_at) if started_at else _now(),
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
            "recorded_at": _now(),
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
                    "recorded_at": _now(),
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
                session_id, {"status": status, "ended_at": _now(), "owner_pid": None}
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

    def session(self, session_id: int) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", [session_id])
        if not rows:
            raise UserError(
                f"There is no session {session_id}. List them with: posecapture session list"
            )
        return {**rows[0], "date": local_day(rows[0]["started_at"]).isoformat()}

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

    # -- the care team's records ---------------------------------------------------

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
        if not np.isfinite(target_deg):
            raise UserError("The goal's target must be a number of degrees.")
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

    # -- backup and sharing --------------------------------------------------------

    def backup(self, dest: Path) -> Path:
        """A consistent copy of the whole database (safe while a session records).

        ``dest`` is a new file, or a folder to hold ``posecapture-backup-<time>.db``.
        An existing file is never overwritten.
        """
        dest = Path(dest).expanduser()
        if dest.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = dest / f"posecapture-backup-{stamp}.db"
        if dest.exists():
            raise UserError(f"{dest} already exists. Choose a new file name for the backup.")
        if dest.resolve() == self.path.resolve():
            raise UserError("The backup must go to another file than the database itself.")
        if not dest.parent.is_dir():
            raise UserError(f"The folder {dest.parent} does not exist. Create it first.")
        prepare_file(dest)
        target = sqlite3.connect(str(dest))
        try:
            with self._errors():
                self.db.conn.backup(target)
        finally:
            target.close()
        return dest

    def id_for_uuid(self, table: str, row_uuid: str) -> int | None:
        """The local id of the row with this uuid, None when this database lacks it."""
        _check_uuid_table(table)
        rows = self._rows(f"SELECT id FROM [{table}] WHERE uuid = ?", [row_uuid])
        return int(rows[0]["id"]) if rows else None

    def rows_for_child(self, child_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about one child, by table, in the form ``upsert_rows`` takes.

        Local ids are left out: each row points at its parent by ``parent_uuid``.
        """
        child = self.child(child_id)
        out: dict[str, list[dict[str, Any]]] = {"children": [_shared(child)]}
        wanted = {"children": [int(child["id"])]}
        for table, link in UUID_TABLES.items():
            if link is None:
                continue
            column, parent = link
            parent_ids = wanted.get(parent, [])
            marks = ",".join("?" * len(parent_ids))
            rows = (
                self._rows(
                    f"SELECT t.*, p.uuid AS parent_uuid FROM [{table}] t"
                    f" JOIN [{parent}] p ON p.id = t.[{column}] WHERE t.[{column}] IN ({marks})",
                    list(parent_ids),
                )
                if parent_ids
                else []
            )
            wanted[table] = [int(r["id"]) for r in rows]
            out[table] = [{k: v for k, v in _shared(r).items() if k != column} for r in rows]
        return out

    def upsert_rows(self, table: str, rows: list[dict[str, Any]]) -> int:
        """Insert rows from another posecapture database, or update those already here.

        Rows are matched by ``uuid``, so importing the same data twice adds nothing
        twice; ``parent_uuid`` is mapped to this database's id of the parent. Import
        the tables in the order of ``schema.UUID_TABLES``. Returns how many rows were new.
        """
        link = _check_uuid_table(table)
        added = 0
        with self._write():
            for incoming in rows:
                row = {k: v for k, v in incoming.items() if k not in ("id", "parent_uuid")}
                if link is not None:
                    column, parent = link
                    parent_id = self.id_for_uuid(parent, str(incoming.get("parent_uuid")))
                    if parent_id is None:
                        raise UserError(
                            f"A {table} row refers to a {parent} row that is not in this "
                            "database. Import the whole bundle, not part of it."
                        )
                    row[column] = parent_id
                if table == "children":
                    same_name = self._find_child(str(row["name"]))
                    if same_name is not None and same_name["uuid"] != row["uuid"]:
                        raise UserError(
                            f"This database already has a different child named {row['name']}. "
                            "Import into another database with --db, or ask for help."
                        )
                existing = self.id_for_uuid(table, str(row["uuid"]))
                if existing is None:
                    self._table(table).insert(row)
                    added += 1
                else:
                    self._table(table).update(existing, row)
        return added

    def import_rows(self, tables: Mapping[str, list[dict[str, Any]]]) -> dict[str, int]:
        """``upsert_rows`` for several tables in ONE transaction: all of it or none of it.

        A share bundle that fails half-way (a bad row, a name clash) must leave the
        database as it was, so the tables are written in ``UUID_TABLES`` order inside
        a single transaction. Returns how many rows were new, per table.
        """
        added: dict[str, int] = {}
        with self._write():
            for table in UUID_TABLES:
                if tables.get(table):
                    added[table] = self.upsert_rows(table, tables[table])
        return added


def _side(side: str | None) -> str:
    """The side column: "left", "right", or "both" for unsided metrics."""
    value = side or "both"
    if value not in SIDES:
        raise ValueError(f"side must be one of {SIDES} or None, not {side!r}")
    return value


def _measured_id(metric_id: str, side: str | None) -> tuple[str, str]:
    for prefix in ("left", "right"):
        if metric_id.startswith(prefix + "_"):
            if side not in (None, prefix):
                raise UserError(f"The metric {metric_id} is on the {prefix} side, not {side}.")
            measured, goal_side = metric_id, prefix
            break
    else:
        goal_side = side or "both"
        measured = f"{goal_side}_{metric_id}" if goal_side in ("left", "right") else metric_id
    if measured not in _MEASURED_IDS:
        raise UserError(
            f"Unknown metric '{measured}'. Use one of: " + ", ".join(sorted(_MEASURED_IDS)) + "."
        )
    return measured, goal_side


def _decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: from_json(v) if k in _JSON_COLUMNS else v for k, v in row.items()}


def _shared(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as it travels to another database: without ids local to this one."""
    return {
        k: v
        for k, v in row.items()
        if k not in ("id", "owner_pid", "session_count", "last_session_at")
    }


def _check_uuid_table(table: str) -> tuple[str, str] | None:
    if table not in UUID_TABLES:
        raise ValueError(f"{table!r} is not a table whose rows carry a uuid")
    return UUID_TABLES[table]


__all__ = ["Store", "StoreError", "default_db_path", "local_day", "parse_day"]
