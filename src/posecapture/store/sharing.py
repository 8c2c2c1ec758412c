"""Backups, and moving a family's rows to the clinic's copy without duplicates."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from posecapture.errors import UserError
from posecapture.store.base import StoreBase
from posecapture.store.location import prepare_file
from posecapture.store.schema import UUID_TABLES


class SharingStore(StoreBase):
    """A consistent copy of the whole file, and rows matched by uuid between databases."""

    def backup(self, dest: Path) -> Path:
        """A consistent copy of the whole database (safe while a session records).

        ``dest`` is a new file, or a folder to hold ``posecapture-backup-<time>.db``.
        An existing file is never overwritten.
        """
        if not str(dest).strip():
            raise UserError("Give the file or the folder to write the backup to.")
        dest = Path(dest).expanduser()
        if dest.is_dir():
            dest = _new_backup_name(dest)
        if dest.exists():
            raise UserError(f"{dest} already exists. Choose a new file name for the backup.")
        if not dest.parent.is_dir():
            raise UserError(f"The folder {dest.parent} does not exist. Create it first.")
        try:
            prepare_file(dest)
        except UserError:
            raise UserError(
                f"The backup {dest} cannot be written there. Choose a folder you can write to."
            ) from None
        target = sqlite3.connect(str(dest))
        try:
            with self._errors():
                self.db.conn.backup(target)
        except BaseException:
            # A half-written copy would look like a backup and restore as a damaged one.
            target.close()
            dest.unlink(missing_ok=True)
            raise
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


def _shared(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as it travels to another database: without ids local to this one."""
    return {
        k: v
        for k, v in row.items()
        if k not in ("id", "owner_pid", "session_count", "last_session_at")
    }


def _new_backup_name(folder: Path) -> Path:
    """A file name in ``folder`` for a backup made now, never one that exists already."""
    stem = f"posecapture-backup-{datetime.now():%Y%m%d-%H%M%S}"
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate


def _check_uuid_table(table: str) -> tuple[str, str] | None:
    if table not in UUID_TABLES:
        raise ValueError(f"{table!r} is not a table whose rows carry a uuid")
    return UUID_TABLES[table]
