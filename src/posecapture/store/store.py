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

``Store`` is one class per area, each in its own module: ``children``,
``sessions``, ``care`` (the care team's records) and ``sharing`` (backups and
share bundles), on ``base.StoreBase``. This module opens, checks and closes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from posecapture.store.base import (
    StoreBase,
    StoreError,
    damaged,
    explain,
    local_day,
    parse_day,
)
from posecapture.store.care import CARE_EVENT_ALIASES, CareTeamStore
from posecapture.store.children import ChildStore
from posecapture.store.location import default_db_path, prepare_file
from posecapture.store.schema import MIGRATIONS, STEP_NAMES
from posecapture.store.sessions import SessionStore
from posecapture.store.sharing import SharingStore

# Long enough to wait out another window's short write, short enough that a
# person is not left staring at a frozen command.
BUSY_TIMEOUT_S = 3.0


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


class Store(ChildStore, SessionStore, CareTeamStore, SharingStore):
    """posecapture's database of children, sessions, results and the care team's notes."""

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (or create) the store at ``path``, by default ``default_db_path()``.

        Checks the file before writing anything, brings its schema up to date,
        and marks sessions whose recording process has died as "incomplete".
        ``create=False`` is for commands that only read: a mistyped ``--db`` then
        says there is no database there, instead of making an empty one and
        answering "no children yet".
        """
        db_path = Path(path).expanduser() if path is not None else default_db_path()
        if not create and not db_path.exists():
            raise StoreError(
                f"There is no posecapture database at {db_path}. Check the --db path, "
                "or add a child first with: posecapture child add NAME"
            )
        created = prepare_file(db_path)
        try:
            conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise explain(exc, db_path) or exc from None
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
            raise damaged(self.path)
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


__all__ = [
    "CARE_EVENT_ALIASES",
    "Store",
    "StoreBase",
    "StoreError",
    "default_db_path",
    "local_day",
    "parse_day",
]
