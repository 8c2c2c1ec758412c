"""Schema migrations: a new database, and upgrading one made by the previous schema."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from posecapture.errors import UserError
from posecapture.store import Store
from posecapture.store.schema import MIGRATIONS, STEP_NAMES
from store_fakes import exercise_result

TABLES = {
    "children",
    "sessions",
    "exercise_results",
    "rep_results",
    "self_reports",
    "care_events",
    "notes",
    "goals",
    "child_targets",
    "landmark_series",
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def previous_schema_db(tmp_path: Path) -> Path:
    """A database as the first release left it: m001 only, with a child and a session."""
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m002_targets_and_landmarks")
    db["children"].insert(
        {"uuid": "c-1", "name": "Ana", "language": "es", "created_at": "2026-01-05T10:00:00+00:00"}
    )
    db["sessions"].insert(
        {
            "uuid": "s-1",
            "child_id": 1,
            "plan_kind": "routine",
            "plan_id": "first_week",
            "source": "camera 0",
            "metric_version": "1",
            "started_at": "2026-01-05T10:05:00+00:00",
            "status": "running",
        }
    )
    db.close()
    return path


def test_empty_database_gets_every_migration_in_order(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        applied = [m.name for m in MIGRATIONS.applied(store.db)]
    assert applied == ["m001_base", "m002_targets_and_landmarks"]


def test_empty_database_has_every_table(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        assert set(store.db.table_names()) >= TABLES


def test_every_registered_step_is_known_to_the_newer_version_check() -> None:
    assert [m.name for m in MIGRATIONS.pending(Database(memory=True))] == STEP_NAMES


def test_reopening_applies_nothing_again(tmp_path: Path) -> None:
    Store.open(tmp_path / "new.db").close()
    with Store.open(tmp_path / "new.db") as store:
        assert MIGRATIONS.pending(store.db) == []


def test_upgrade_keeps_the_children(previous_schema_db: Path) -> None:
    with Store.open(previous_schema_db) as store:
        assert store.child("Ana")["uuid"] == "c-1"


def test_upgrade_adds_the_new_tables(previous_schema_db: Path) -> None:
    with Store.open(previous_schema_db) as store:
        assert {"child_targets", "landmark_series"} <= set(store.db.table_names())


def test_upgraded_database_stores_landmarks_for_old_sessions(previous_schema_db: Path) -> None:
    with Store.open(previous_schema_db) as store:
        result_id = store.add_exercise_result(1, exercise_result(frames=5))
        assert store.landmark_series(result_id)["landmarks_px"].shape == (5, 33, 4)


def test_upgrade_marks_a_session_left_running_as_incomplete(previous_schema_db: Path) -> None:
    with Store.open(previous_schema_db) as store:
        assert store.session(1)["status"] == "incomplete"


def test_failed_migration_leaves_the_previous_schema(previous_schema_db: Path) -> None:
    """m002 creates two tables, then adds ``sessions.owner_pid``; a column already there
    makes that last statement fail, and the tables created before it must go too."""
    db = Database(previous_schema_db)
    db.execute("ALTER TABLE sessions ADD COLUMN owner_pid INTEGER")
    db.close()
    with pytest.raises(sqlite3.OperationalError, match="duplicate column"):
        Store.open(previous_schema_db)
    db = Database(previous_schema_db)
    assert "child_targets" not in db.table_names() and "landmark_series" not in db.table_names()
    db.close()


def test_database_from_a_newer_posecapture_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(path).close()
    db = Database(path)
    db[MIGRATIONS.migrations_table].insert(
        {"migration_set": "posecapture", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    db.close()
    before = _digest(path)
    with pytest.raises(UserError, match="newer version of posecapture"):
        Store.open(path)
    assert _digest(path) == before


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    db = Database(path)
    db["albums"].insert({"name": "Holiday"})
    db.close()
    before = _digest(path)
    with pytest.raises(UserError, match="not a posecapture one"):
        Store.open(path)
    assert _digest(path) == before
