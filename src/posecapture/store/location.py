"""Where the database file lives, and creating it private to its owner.

The store holds health information about a child, so a new database folder is
created readable by its owner only (0700) and a new database file 0600. SQLite
creates the ``-wal`` and ``-shm`` files beside it with the database file's own
permissions, so they are private too.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from posecapture.errors import UserError

ENV_VAR = "POSECAPTURE_DB"
FILE_NAME = "posecapture.db"


def default_db_path() -> Path:
    """``POSECAPTURE_DB`` if set, else ``posecapture.db`` in the platform's user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("posecapture", appauthor=False)) / FILE_NAME


def prepare_file(path: Path) -> bool:
    """Make sure ``path`` can hold a database; True when a new, empty file was created.

    An existing file is left exactly as it is (not even its permissions change):
    whether it is a usable database is checked by the store, read-only, first.
    Only an empty (0-byte) file is taken over as a new one.
    """
    if path.is_dir():
        raise UserError(
            f"{path} is a folder. Give the path of a database file, such as {FILE_NAME}."
        )
    if path.exists():
        if path.stat().st_size > 0:
            return False
        # An empty file (made with touch, or by an earlier open that failed) holds
        # nothing to keep: it becomes a new database, private like one made here.
        try:
            path.chmod(0o600)
        except OSError as exc:
            raise UserError(
                f"Cannot use the database {path} ({exc.strerror}). "
                "Choose a folder you can write to with --db."
            ) from exc
        return True
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UserError(
            f"Part of {path.parent} is a file, not a folder. Choose another place with --db."
        ) from None
    except OSError as exc:
        raise UserError(
            f"Cannot make the folder {path.parent} for the database ({exc.strerror}). "
            "Choose a folder you can write to with --db."
        ) from exc
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise UserError(
            f"Cannot create the database {path} ({exc.strerror}). "
            "Choose a folder you can write to with --db."
        ) from exc
    os.close(descriptor)
    return True
