"""Share bundles: a family's data reaches the clinic whole, once, or not at all."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import review_fakes as fakes
from posecapture.cli import main
from posecapture.errors import UserError
from posecapture.review.bundle import export_bundle, import_bundle
from posecapture.store import Store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("family") / "posecapture.db")
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def bundle(built: fakes.Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_bundle(
        built.store, fakes.CHILD, tmp_path_factory.mktemp("bundle") / "sofia.posecapture"
    )


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "clinic.db")
    yield store
    store.close()


def _counts(store: Store) -> dict[str, int]:
    return {t: store.db[t].count for t in store.db.table_names() if not t.startswith("_")}


def test_import_brings_every_session(bundle: Path, clinic: Store) -> None:
    import_bundle(clinic, bundle)
    child = clinic.child(fakes.CHILD)
    assert len(clinic.sessions(int(child["id"]))) == len(fakes.RIGHT)


def test_imported_values_match_the_family_copy(
    built: fakes.Built, bundle: Path, clinic: Store
) -> None:
    import_bundle(clinic, bundle)
    child_id = int(clinic.child(fakes.CHILD)["id"])
    history = [
        (r["date"], r["median_deg"]) for r in clinic.metric_history(child_id, "right_elbow_flexion")
    ]
    assert history == [(d.isoformat(), v) for d, v in fakes.RIGHT.items()]


def test_imported_landmarks_are_the_same_arrays(
    built: fakes.Built, bundle: Path, clinic: Store
) -> None:
    import_bundle(clinic, bundle)
    child_id = int(clinic.child(fakes.CHILD)["id"])
    result_id = clinic.metric_history(child_id, "right_elbow_flexion")[0]["exercise_result_id"]
    original_id = built.store.metric_history(built.child_id, "right_elbow_flexion")[0][
        "exercise_result_id"
    ]
    np.testing.assert_array_equal(
        clinic.landmark_series(result_id)["world_m"],
        built.store.landmark_series(original_id)["world_m"],
    )


def test_importing_twice_changes_nothing(bundle: Path, clinic: Store) -> None:
    import_bundle(clinic, bundle)
    before = _counts(clinic)
    again = import_bundle(clinic, bundle)
    assert again.new_rows == 0
    assert _counts(clinic) == before


def test_import_reports_what_was_new(bundle: Path, clinic: Store) -> None:
    result = import_bundle(clinic, bundle)
    assert result.added["sessions"] == len(fakes.RIGHT)
    assert result.added["landmark_series"] == 2 * len(fakes.RIGHT)


def test_later_bundle_adds_only_the_new_session(
    built: fakes.Built, bundle: Path, clinic: Store, tmp_path: Path
) -> None:
    import_bundle(clinic, bundle)
    extra = built.store.start_session(
        built.child_id, plan_id="arms_routine", plan_kind="routine", source="camera",
        metric_version="1",
    )  # fmt: skip
    try:
        built.store.finish_session(extra)
        later = export_bundle(built.store, fakes.CHILD, tmp_path / "later.posecapture")
        assert import_bundle(clinic, later).added == {
            **dict.fromkeys(import_bundle(clinic, bundle).total, 0),
            "sessions": 1,
        }
    finally:
        built.store.delete_session(extra)


def _rewrite(source: Path, dest: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a bundle with some members replaced (bytes) or removed (None)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for name in src.namelist():
            if name in change:
                if change[name] is not None:
                    out.writestr(name, change[name])
            else:
                out.writestr(name, src.read(name))
    return dest


def test_corrupted_member_imports_nothing(bundle: Path, clinic: Store, tmp_path: Path) -> None:
    damaged = _rewrite(bundle, tmp_path / "bad.posecapture", {"tables/sessions.json": b"[]"})
    with pytest.raises(
        UserError, match=r"\(tables/sessions\.json is corrupted\); nothing was imported"
    ):
        import_bundle(clinic, damaged)
    assert clinic.list_children() == []


def test_missing_landmarks_import_nothing(bundle: Path, clinic: Store, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as z:
        blob = next(n for n in z.namelist() if n.startswith("landmarks/"))
    damaged = _rewrite(bundle, tmp_path / "bad.posecapture", {blob: None})
    with pytest.raises(UserError, match="is missing"):
        import_bundle(clinic, damaged)
    assert clinic.list_children() == []


def test_truncated_file_is_a_plain_error(bundle: Path, clinic: Store, tmp_path: Path) -> None:
    cut = tmp_path / "cut.posecapture"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    with pytest.raises(UserError, match="not a complete posecapture share bundle"):
        import_bundle(clinic, cut)


def test_bundle_from_a_newer_posecapture_is_refused(
    bundle: Path, clinic: Store, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest["version"] = 99
    newer = _rewrite(
        bundle, tmp_path / "newer.posecapture", {"manifest.json": json.dumps(manifest).encode()}
    )
    with pytest.raises(UserError, match="newer posecapture"):
        import_bundle(clinic, newer)


def test_failure_half_way_leaves_the_database_as_it_was(bundle: Path, clinic: Store) -> None:
    # The clinic already knows another child by the same name: the import must stop
    # with nothing written, not after the sessions went in.
    clinic.add_child(fakes.CHILD)
    before = _counts(clinic)
    with pytest.raises(UserError, match="already has a different child named"):
        import_bundle(clinic, bundle)
    assert _counts(clinic) == before


def test_export_never_overwrites_a_file(built: fakes.Built, bundle: Path) -> None:
    with pytest.raises(UserError, match="already exists"):
        export_bundle(built.store, fakes.CHILD, bundle)


def test_import_command_says_when_nothing_is_new(bundle: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "clinic.db")
    first = CliRunner().invoke(main, ["import", str(bundle), "--db", db])
    second = CliRunner().invoke(main, ["import", str(bundle), "--db", db])
    assert first.exit_code == 0, first.output
    assert first.output.startswith(f"Imported {fakes.CHILD}. New rows: children 1, sessions 24")
    assert second.output.strip() == (
        f"Nothing new for {fakes.CHILD}: this database already had all of it."
    )


def test_manifest_without_a_version_is_damaged_not_newer(
    bundle: Path, clinic: Store, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
    del manifest["version"]
    broken = _rewrite(
        bundle, tmp_path / "broken.posecapture", {"manifest.json": json.dumps(manifest).encode()}
    )
    with pytest.raises(UserError, match="not a complete posecapture share bundle"):
        import_bundle(clinic, broken)
