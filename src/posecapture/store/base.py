"""What every area of the store shares: the connection, short committed writes,
plain-words errors, and finding a child or a session.

The ``Store`` class (``store.py``) is assembled from one class per area
(children, sessions, the care team, sharing), each built on ``StoreBase``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from posecapture.errors import UserError


class StoreError(UserError):
    """The database file cannot be used as it is (damaged, locked, not ours, unwritable)."""


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def utc_text(moment: datetime) -> str:
    """A datetime as ISO UTC text; a naive one is taken as this computer's local time."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_day(stamp: str) -> date:
    """The calendar day, on this computer's clock, of a stored UTC timestamp."""
    return datetime.fromisoformat(stamp).astimezone().date()


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


def clean_name(name: str) -> str:
    """A name as typed, tidied: one composed form of each accent, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def name_key(name: str) -> str:
    """What makes two names the same child: case, accents' encoding and spacing aside."""
    return clean_name(name).casefold()


def damaged(path: Path) -> StoreError:
    return StoreError(
        f"The database {path} is damaged or is not a database; it was left untouched. "
        "Restore a backup (posecapture db backup makes one) or choose another file with --db."
    )


def explain(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """A plain sentence for the SQLite errors a person can meet; None for a bug."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The database {path} is in use by another posecapture window. "
            "Close the other window (or wait for it to finish) and try again."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return damaged(path)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The database {path} cannot be written to. "
            "Check that the file and its folder are writable, or choose another file with --db."
        )
    if "unable to open" in text:
        return StoreError(
            f"The database {path} cannot be opened. Check that the file and its folder "
            "exist and can be written to, or choose another file with --db."
        )
    if "full" in text or "disk i/o" in text:
        return StoreError(
            f"The database {path} could not be written: the storage is full or failing. "
            "Free some space and try again."
        )
    return None


class StoreBase:
    """The connection and the helpers every area of the store writes and reads with."""

    def __init__(self, db: Database, path: Path) -> None:
        """Use ``Store.open``: it checks, migrates and recovers the file first."""
        self.db = db
        self.path = path

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the SQLite errors a person can meet into one plain sentence."""
        try:
            yield
        except sqlite3.Error as exc:
            explained = explain(exc, self.path)
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
        stamp = {} if table == "sessions" else {"recorded_at": now_text()}
        row = {"uuid": str(uuid.uuid4()), **stamp, **row}
        with self._write():
            inserted = self._table(table).insert(row)
        assert inserted.last_pk is not None
        return int(inserted.last_pk)

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with self._errors():
            return list(self.db.query(sql, params))

    def _find_child(self, name_or_id: str | int) -> dict[str, Any] | None:
        if isinstance(name_or_id, int):
            rows = self._rows("SELECT * FROM children WHERE id = ?", [name_or_id])
            return rows[0] if rows else None
        # Matched in Python: SQLite's NOCASE folds only A-Z, so "ÁLVARO" would miss
        # "Álvaro". A family has a handful of children; reading them all costs nothing.
        wanted = name_key(name_or_id)
        for row in self._rows("SELECT * FROM children ORDER BY id", []):
            if name_key(str(row["name"])) == wanted:
                return row
        return None

    def child(self, name_or_id: str | int) -> dict[str, Any]:
        """One child by name (any case) or id."""
        found = self._find_child(name_or_id)
        if found is None:
            raise UserError(
                f"No child named {name_or_id}. Add one with: posecapture child add {name_or_id}"
            )
        return found

    def session(self, session_id: int) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", [session_id])
        if not rows:
            raise UserError(
                f"There is no session {session_id}. List them with: posecapture session list"
            )
        return {**rows[0], "date": local_day(rows[0]["started_at"]).isoformat()}
