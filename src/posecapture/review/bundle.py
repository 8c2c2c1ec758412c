"""Share bundles: one file that carries a child's whole record to another posecapture.

A family exports on the tablet, hands the file over, and the clinic imports it
into its own copy. Three promises:

* **Nothing lost**: every row about the child (sessions, reps, exercise results
  with their landmark series, self-reports, care events, notes, goals, targets).
* **Nothing duplicated**: rows travel with the ``uuid`` they got when first
  written; importing matches on it, so importing the same bundle twice (or a
  newer bundle from the same family) adds only what is new.
* **All or nothing**: the bundle is read and checked completely first, then
  written in one transaction; a damaged or foreign file changes nothing.

Format (``FORMAT`` / ``VERSION``): a zip file holding ``manifest.json``,
``tables/<table>.json`` (lists of rows as the store gives them, local ids left
out) and ``landmarks/<uuid>.npz`` (each landmark series as stored). ``VERSION``
must go up whenever a store migration adds a column to a shared table, so that an
older posecapture refuses a newer bundle in plain words instead of failing.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from posecapture import __version__
from posecapture.errors import UserError
from posecapture.store.schema import UUID_TABLES

FORMAT = "posecapture-share-bundle"
VERSION = 1


class BundleStore(Protocol):
    def child(self, name_or_id: str | int) -> dict[str, Any]: ...
    def rows_for_child(self, child_id: int) -> dict[str, list[dict[str, Any]]]: ...
    def import_rows(self, tables: Mapping[str, list[dict[str, Any]]]) -> dict[str, int]: ...


@dataclass(frozen=True)
class ImportResult:
    child_name: str
    added: dict[str, int]
    total: dict[str, int]

    @property
    def new_rows(self) -> int:
        return sum(self.added.values())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_bundle(store: BundleStore, child: str | int, path: Path) -> Path:
    """Write one child's whole record to ``path`` (never over an existing file)."""
    if path.exists():
        raise UserError(f"{path} already exists. Choose a new file name for the bundle.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Create it first.")
    info = store.child(child)
    tables = store.rows_for_child(int(info["id"]))
    blobs: dict[str, bytes] = {}
    for row in tables.get("landmark_series", []):
        blobs[str(row["uuid"])] = bytes(row.pop("npz"))
    files = {
        f"tables/{t}.json": json.dumps(rows, sort_keys=True).encode() for t, rows in tables.items()
    }
    files.update({f"landmarks/{u}.npz": data for u, data in blobs.items()})
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "posecapture": __version__,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "child": {"name": info["name"], "uuid": info["uuid"]},
        "counts": {t: len(rows) for t, rows in tables.items()},
        "sha256": {name: _digest(data) for name, data in files.items()},
    }
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
        for name, data in files.items():
            archive.writestr(name, data)
    # Written under another name first, so a cut-off export never looks like a bundle.
    partial.replace(path)
    return path


def _damaged(path: Path, detail: str) -> UserError:
    return UserError(
        f"{path.name} is not a complete posecapture share bundle ({detail}); nothing was "
        "imported. Ask for the bundle to be exported again."
    )


def read_bundle(path: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and the rows of a bundle, checked in full; ``UserError`` if anything is off."""
    if not path.is_file():
        raise UserError(f"There is no file {path}. Check the name and the folder.")
    try:
        with zipfile.ZipFile(path) as archive:
            contents = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise _damaged(path, f"the zip file cannot be read: {exc}") from None
    try:
        manifest = json.loads(contents["manifest.json"])
    except (KeyError, ValueError):
        raise _damaged(path, "its manifest is missing or unreadable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "it is not a posecapture share bundle")
    if not isinstance(manifest.get("version"), int):
        raise _damaged(path, "its manifest has no format version")
    if manifest["version"] > VERSION:
        raise UserError(
            f"{path.name} was made by a newer posecapture (bundle format {manifest['version']}; "
            f"this one reads up to {VERSION}). Update posecapture to import it; "
            "nothing was imported."
        )
    sums = manifest.get("sha256")
    if not isinstance(sums, dict):
        raise _damaged(path, "its manifest has no checksums")
    for name, expected in sums.items():
        if name not in contents:
            raise _damaged(path, f"{name} is missing")
        if _digest(contents[name]) != expected:
            raise _damaged(path, f"{name} is corrupted")
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in UUID_TABLES:
        name = f"tables/{table}.json"
        if name not in sums:
            continue
        rows = json.loads(contents[name])
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get("uuid"), str) for r in rows
        ):
            raise _damaged(path, f"{name} does not hold rows")
        tables[table] = rows
    for row in tables.get("landmark_series", []):
        blob = f"landmarks/{row['uuid']}.npz"
        if blob not in sums:
            raise _damaged(path, f"{blob} is missing")
        row["npz"] = contents[blob]
    if len(tables.get("children", [])) != 1:
        raise _damaged(path, "it must hold exactly one child")
    return manifest, tables


def import_bundle(store: BundleStore, path: Path) -> ImportResult:
    """Add a bundle's rows to ``store``: new rows are inserted, rows it already has (same
    uuid) are set to the bundle's copy, which for an unchanged row changes nothing."""
    _manifest, tables = read_bundle(path)
    added = store.import_rows(tables)
    return ImportResult(
        child_name=str(tables["children"][0]["name"]),
        added={t: added.get(t, 0) for t in tables},
        total={t: len(rows) for t, rows in tables.items()},
    )
