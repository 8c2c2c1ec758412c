"""A damaged or locked database: one plain message, and the file left byte for byte intact."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from posecapture.errors import UserError
from posecapture.store import Store
from posecapture.store import store as store_module
from store_fakes import exercise_result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def real_db(tmp_path: Path) -> Path:
    """A closed store holding a session with landmarks (so it spans many pages)."""
    path = tmp_path / "posecapture.db"
    with Store.open(path) as store:
        child = store.add_child("Ana")
        session = store.start_session(
            child, plan_id="r", plan_kind="routine", source="s", metric_version="1"
        )
        store.add_exercise_result(session, exercise_result(frames=300))
        store.finish_session(session)
    return path


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.2)


def test_random_bytes_are_refused_with_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "posecapture.db"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(UserError, match="damaged or is not a database; it was left untouched"):
        Store.open(path)


def test_random_bytes_file_is_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "posecapture.db"
    path.write_bytes(os.urandom(8192))
    before = _digest(path)
    with pytest.raises(UserError):
        Store.open(path)
    assert _digest(path) == before


def test_truncated_database_is_refused(real_db: Path) -> None:
    with real_db.open("r+b") as handle:
        handle.truncate(real_db.stat().st_size * 9 // 10)
    with pytest.raises(UserError, match="damaged"):
        Store.open(real_db)


def test_truncated_database_is_left_intact(real_db: Path) -> None:
    with real_db.open("r+b") as handle:
        handle.truncate(real_db.stat().st_size * 9 // 10)
    before = _digest(real_db)
    with pytest.raises(UserError):
        Store.open(real_db)
    assert _digest(real_db) == before


def test_damaged_page_inside_the_file_is_refused_untouched(real_db: Path) -> None:
    """A page in the middle (a landmark blob) is garbage: found before any write, not
    mid-session."""
    middle = real_db.stat().st_size // 2 // 4096 * 4096
    with real_db.open("r+b") as handle:
        handle.seek(middle)
        handle.write(os.urandom(4096))
    before = _digest(real_db)
    with pytest.raises(UserError, match="damaged"):
        Store.open(real_db)
    assert _digest(real_db) == before


def test_locked_database_says_another_window_uses_it(
    real_db: Path, short_busy_timeout: None
) -> None:
    other = sqlite3.connect(real_db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="in use by another posecapture window"):
            Store.open(real_db)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_locked_database_is_left_intact(real_db: Path, short_busy_timeout: None) -> None:
    before = _digest(real_db)
    other = sqlite3.connect(real_db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError):
            Store.open(real_db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _digest(real_db) == before


def test_write_while_another_window_holds_the_lock_is_a_plain_error(
    real_db: Path, short_busy_timeout: None
) -> None:
    with Store.open(real_db) as store:
        other = sqlite3.connect(real_db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(UserError, match="in use by another posecapture window"):
                store.add_child("Leo")
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_empty_file_becomes_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "posecapture.db"
    path.touch()
    with Store.open(path) as store:
        assert store.list_children() == []


def test_empty_file_taken_over_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "posecapture.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Store.open(path).close()
    assert path.stat().st_mode & 0o777 == 0o600


def test_opening_a_missing_file_only_to_read_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(UserError, match="There is no posecapture database"):
        Store.open(path, create=False)
    assert not path.exists()


def test_file_that_cannot_be_opened_asks_for_a_writable_place(tmp_path: Path) -> None:
    from posecapture.store.base import explain

    explained = explain(sqlite3.OperationalError("unable to open database file"), tmp_path)
    assert explained is not None and "can be written to" in str(explained)


def test_db_path_under_a_file_says_part_of_it_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UserError, match="is a file, not a folder"):
        Store.open(tmp_path / "notes.txt" / "posecapture.db")
