"""The session store's API: children, sessions, results, the care team's records."""

from __future__ import annotations

import math
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from posecapture.errors import UserError
from posecapture.exercises import Target
from posecapture.store import Store, default_db_path
from store_fakes import exercise_result, rep


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "posecapture.db") as opened:
        yield opened


@pytest.fixture
def child_id(store: Store) -> int:
    return store.add_child("Ana", birth_date="2019-04-02")


@pytest.fixture
def session_id(store: Store, child_id: int) -> int:
    return store.start_session(
        child_id, plan_id="first_week", plan_kind="routine", source="clip.mp4", metric_version="1"
    )


def test_child_is_found_by_name_in_any_case(store: Store, child_id: int) -> None:
    assert store.child("aNA")["id"] == child_id


def test_child_is_found_by_id(store: Store, child_id: int) -> None:
    assert store.child(child_id)["name"] == "Ana"


def test_unknown_child_says_how_to_add_one(store: Store) -> None:
    with pytest.raises(
        UserError, match=r"No child named Zoe\. Add one with: posecapture child add"
    ):
        store.child("Zoe")


def test_second_child_with_the_same_name_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="already a child named Ana"):
        store.add_child(" ana ")


def test_bad_birth_date_is_a_plain_error(store: Store) -> None:
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        store.add_child("Leo", birth_date="02/04/2019")


def test_list_children_counts_sessions(store: Store, child_id: int, session_id: int) -> None:
    store.add_child("Leo")
    counts = {c["name"]: c["session_count"] for c in store.list_children()}
    assert counts == {"Ana": 1, "Leo": 0}


def test_child_target_replaces_the_previous_one(store: Store, child_id: int) -> None:
    store.set_target(child_id, "reach_to_the_sky", 150.0)
    store.set_target(child_id, "reach_to_the_sky", 140.0, 120.0, 170.0)
    assert store.targets(child_id) == {"reach_to_the_sky": Target(140.0, 120.0, 170.0)}


def test_empty_target_window_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="window"):
        store.set_target(child_id, "reach_to_the_sky", 150.0, 160.0, 140.0)


def test_new_session_is_running(store: Store, session_id: int) -> None:
    assert store.session(session_id)["status"] == "running"


def test_session_start_time_is_stored_in_utc(store: Store, child_id: int) -> None:
    local = datetime(2026, 11, 2, 18, 30).astimezone()
    sid = store.start_session(
        child_id,
        plan_id="x",
        plan_kind="exercise",
        source="s",
        metric_version="1",
        started_at=local,
    )
    stored = datetime.fromisoformat(store.session(sid)["started_at"])
    assert stored.utcoffset() == timedelta(0) and stored == local


def test_rep_round_trips(store: Store, session_id: int) -> None:
    store.add_rep_result(session_id, rep(1, peak=151.25))
    (row,) = store.rep_results(session_id)
    assert (row["rep"], row["peak_deg"], row["completed"], row["quality"]["ended"]) == (
        1,
        151.25,
        True,
        "held",
    )


def test_unmeasurable_peak_is_stored_as_null(store: Store, session_id: int) -> None:
    store.add_rep_result(session_id, rep(1, peak=float("nan")))
    assert store.rep_results(session_id)[0]["peak_deg"] is None


def test_exercise_result_nan_in_json_becomes_null(store: Store, session_id: int) -> None:
    store.add_exercise_result(session_id, exercise_result())
    (row,) = store.exercise_results(session_id)
    assert row["rom"] == {"max_deg": 155.0, "min_deg": None}


def test_exercise_result_keeps_best_and_median(store: Store, session_id: int) -> None:
    store.add_exercise_result(session_id, exercise_result(best=152.5, median=148.0))
    (row,) = store.exercise_results(session_id)
    assert (row["best_deg"], row["median_deg"], row["reps_done"]) == (152.5, 148.0, 2)


def test_landmark_series_round_trips_with_nan_frames(store: Store, session_id: int) -> None:
    result = exercise_result(frames=20)
    result_id = store.add_exercise_result(session_id, result)
    series = store.landmark_series(result_id)
    assert np.isnan(series["landmarks_px"][0]).all()
    # Stored to the tenth of a pixel (see landmark_codec): at most half of that off.
    np.testing.assert_allclose(
        series["landmarks_px"][1:, :, :3], result.landmarks_px[1:, :, :3], atol=0.05 + 1e-9
    )
    np.testing.assert_array_equal(series["timestamps_s"], result.timestamps_s)


def test_landmark_series_carries_the_metric_version(store: Store, session_id: int) -> None:
    result_id = store.add_exercise_result(session_id, exercise_result(), metric_version="7")
    assert store.landmark_series(result_id)["metric_version"] == "7"


def test_finished_session_has_status_and_end(store: Store, session_id: int) -> None:
    store.finish_session(session_id, "incomplete")
    row = store.session(session_id)
    assert row["status"] == "incomplete" and row["ended_at"] is not None


def test_sessions_are_filtered_by_local_day(store: Store, child_id: int) -> None:
    for day in (1, 5, 9):
        store.start_session(
            child_id,
            plan_id=f"d{day}",
            plan_kind="routine",
            source="s",
            metric_version="1",
            started_at=datetime(2026, 11, day, 12, 0).astimezone(),
        )
    rows = store.sessions(child_id, start=date(2026, 11, 2), end=date(2026, 11, 9))
    assert [r["plan_id"] for r in rows] == ["d5", "d9"]


def test_metric_history_lists_results_oldest_first(store: Store, child_id: int) -> None:
    for day, best in ((3, 140.0), (1, 130.0)):
        sid = store.start_session(
            child_id,
            plan_id="r",
            plan_kind="routine",
            source="s",
            metric_version="1",
            started_at=datetime(2026, 11, day, 12, 0).astimezone(),
        )
        store.add_exercise_result(sid, exercise_result(best=best))
    history = store.metric_history(child_id, "right_shoulder_flexion")
    assert [(h["date"], h["best_deg"]) for h in history] == [
        ("2026-11-01", 130.0),
        ("2026-11-03", 140.0),
    ]


def test_delete_session_removes_its_reps_and_landmarks(store: Store, session_id: int) -> None:
    store.add_rep_result(session_id, rep(1))
    result_id = store.add_exercise_result(session_id, exercise_result())
    store.delete_session(session_id)
    with pytest.raises(UserError):
        store.landmark_series(result_id)
    assert store.db.execute("SELECT count(*) FROM rep_results").fetchone()[0] == 0


def test_self_report_is_listed_for_the_child(store: Store, child_id: int, session_id: int) -> None:
    store.add_self_report(session_id, pain=2, difficulty=6, helped="music", wants_more="airplane")
    (row,) = store.self_reports(child_id)
    assert (row["pain"], row["difficulty"], row["helped"]) == (2, 6, "music")


def test_pain_outside_the_faces_scale_is_refused(store: Store, session_id: int) -> None:
    with pytest.raises(UserError, match="between 0 and 10"):
        store.add_self_report(session_id, pain=11, difficulty=None)


def test_medication_is_an_alias_for_a_medication_change(store: Store, child_id: int) -> None:
    store.add_care_event(child_id, kind="medication", date="2026-11-02", text="Baclofen 5 mg")
    assert store.care_events(child_id)[0]["kind"] == "medication_change"


def test_unknown_care_event_kind_lists_the_allowed_ones(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="botulinum_toxin"):
        store.add_care_event(child_id, kind="holiday", date="2026-11-02", text="x")


def test_care_event_with_a_bad_date_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="'2026-11-31' is not a date"):
        store.add_care_event(child_id, kind="illness", date="2026-11-31", text="flu")


def test_care_events_are_in_date_order(store: Store, child_id: int) -> None:
    store.add_care_event(child_id, kind="illness", date="2026-11-02", text="flu")
    store.add_care_event(
        child_id, kind="botulinum_toxin", date="2026-10-01", text="", muscles="biceps"
    )
    assert [e["date"] for e in store.care_events(child_id)] == ["2026-10-01", "2026-11-02"]


def test_note_from_an_unknown_role_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="parent, therapist or doctor"):
        store.add_note(child_id, author_role="nurse", text="x")


def test_note_without_a_date_is_dated_today(store: Store, child_id: int) -> None:
    store.add_note(child_id, author_role="parent", text="Slept badly")
    assert store.notes(child_id)[0]["date"] == date.today().isoformat()


def test_goal_given_as_joint_and_side_is_stored_as_the_measured_id(
    store: Store, child_id: int
) -> None:
    store.add_goal(
        child_id, metric_id="shoulder_flexion", side="right", target_deg=150, by_date="2027-03-01"
    )
    (goal,) = store.goals(child_id)
    assert (goal["metric_id"], goal["side"]) == ("right_shoulder_flexion", "right")


def test_goal_on_an_unknown_metric_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="Unknown metric 'elbow'"):
        store.add_goal(child_id, metric_id="elbow", side=None, target_deg=90, by_date="2027-01-01")


def test_every_row_gets_its_own_uuid(store: Store, child_id: int, session_id: int) -> None:
    store.add_rep_result(session_id, rep(1))
    store.add_rep_result(session_id, rep(2))
    uuids = [r["uuid"] for r in store.rep_results(session_id)]
    assert len(set(uuids)) == 2 and store.id_for_uuid("rep_results", uuids[1]) is not None


def test_import_twice_adds_nothing_twice(store: Store, child_id: int, tmp_path: Path) -> None:
    sid = store.start_session(
        child_id, plan_id="r", plan_kind="routine", source="s", metric_version="1"
    )
    store.add_rep_result(sid, rep(1))
    store.add_exercise_result(sid, exercise_result())
    store.add_note(child_id, author_role="parent", text="Good day")
    exported = store.rows_for_child(child_id)
    with Store.open(tmp_path / "clinic.db") as clinic:
        for _ in range(2):
            for table, rows in exported.items():
                clinic.upsert_rows(table, rows)
        ana = clinic.child("Ana")["id"]
        (session,) = clinic.sessions(ana)
        assert (len(clinic.rep_results(session["id"])), len(clinic.notes(ana))) == (1, 1)


def test_failed_import_leaves_the_database_unchanged(
    store: Store, child_id: int, tmp_path: Path
) -> None:
    sid = store.start_session(
        child_id, plan_id="r", plan_kind="routine", source="s", metric_version="1"
    )
    store.add_rep_result(sid, rep(1))
    exported = store.rows_for_child(child_id)
    exported["rep_results"][0]["parent_uuid"] = "no-such-session"
    with Store.open(tmp_path / "clinic.db") as clinic:
        with pytest.raises(UserError, match="Import the whole bundle"):
            clinic.import_rows(exported)
        assert clinic.list_children() == []


def test_import_counts_new_rows_by_table(store: Store, child_id: int, tmp_path: Path) -> None:
    store.add_note(child_id, author_role="parent", text="Good day")
    with Store.open(tmp_path / "clinic.db") as clinic:
        first = clinic.import_rows(store.rows_for_child(child_id))
        again = clinic.import_rows(store.rows_for_child(child_id))
    assert (first["notes"], again["notes"], again["children"]) == (1, 0, 0)


def test_imported_landmarks_are_readable(store: Store, child_id: int, tmp_path: Path) -> None:
    sid = store.start_session(
        child_id, plan_id="r", plan_kind="routine", source="s", metric_version="1"
    )
    result = exercise_result()
    store.add_exercise_result(sid, result)
    with Store.open(tmp_path / "clinic.db") as clinic:
        for table, rows in store.rows_for_child(child_id).items():
            clinic.upsert_rows(table, rows)
        (session,) = clinic.sessions(clinic.child("Ana")["id"])
        (row,) = clinic.exercise_results(session["id"])
        series = clinic.landmark_series(row["id"])
    np.testing.assert_allclose(series["world_m"], result.world_m, atol=0.00005 + 1e-9)


def test_import_refuses_a_different_child_with_the_same_name(
    store: Store, child_id: int, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "clinic.db") as clinic:
        clinic.add_child("Ana")
        with pytest.raises(UserError, match="different child named Ana"):
            clinic.upsert_rows("children", store.rows_for_child(child_id)["children"])


def test_backup_is_a_store_with_the_same_rows(store: Store, child_id: int, tmp_path: Path) -> None:
    store.add_note(child_id, author_role="therapist", text="Right side tighter")
    copy = store.backup(tmp_path / "backup.db")
    with Store.open(copy) as restored:
        assert restored.notes(restored.child("Ana")["id"])[0]["text"] == "Right side tighter"


def test_backup_into_a_folder_gets_a_dated_name(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert store.backup(folder).name.startswith("posecapture-backup-")


def test_backup_never_overwrites_a_file(store: Store, tmp_path: Path) -> None:
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(UserError, match="already exists"):
        store.backup(existing)
    assert existing.read_bytes() == b"keep me"


def test_new_database_folder_and_file_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "posecapture.db"
    with Store.open(path) as opened:
        opened.add_child("Ana")
        wal = Path(f"{path}-wal")
        modes = {
            p.name: stat.S_IMODE(p.stat().st_mode) for p in (path.parent, path, wal) if p.exists()
        }
    assert modes == {"new": 0o700, "posecapture.db": 0o600, "posecapture.db-wal": 0o600}


def test_default_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECAPTURE_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"


def test_open_without_a_path_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECAPTURE_DB", str(tmp_path / "env.db"))
    with Store.open() as opened:
        opened.add_child("Ana")
    assert (tmp_path / "env.db").stat().st_size > 0


def test_database_path_that_is_a_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        Store.open(tmp_path)


def test_no_nan_reaches_the_file(store: Store, session_id: int) -> None:
    store.add_exercise_result(session_id, exercise_result(best=math.nan, median=math.nan))
    (row,) = store.exercise_results(session_id)
    assert (row["best_deg"], row["median_deg"]) == (None, None)


def test_child_name_differing_only_in_accented_capitals_is_refused(store: Store) -> None:
    store.add_child("Álvaro Núñez")
    with pytest.raises(UserError, match="already a child named Álvaro Núñez"):
        store.add_child("ÁLVARO NÚÑEZ")


def test_child_is_found_by_accented_capitals(store: Store) -> None:
    child_id = store.add_child("Sofía")
    assert store.child("SOFÍA")["id"] == child_id


def test_child_name_with_extra_spaces_inside_is_the_same_child(store: Store) -> None:
    store.add_child("Ana Maria")
    with pytest.raises(UserError, match="already a child named"):
        store.add_child("Ana   Maria")


def test_child_name_written_with_decomposed_accents_is_the_same_child(store: Store) -> None:
    store.add_child("Sofía")
    with pytest.raises(UserError, match="already a child named"):
        store.add_child("Sofi\u0301a")


def test_overlong_child_name_is_refused(store: Store) -> None:
    with pytest.raises(UserError, match="at most 60"):
        store.add_child("x" * 61)


def test_child_name_typed_on_two_lines_is_stored_on_one(store: Store) -> None:
    child_id = store.add_child("Ana\tMaria\nLopez")
    assert store.child(child_id)["name"] == "Ana Maria Lopez"


def test_child_name_with_a_control_character_is_refused(store: Store) -> None:
    with pytest.raises(UserError, match="one line"):
        store.add_child("\x1b[31mAna")


def test_birth_date_in_the_future_is_refused(store: Store) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(UserError, match="in the future"):
        store.add_child("Leo", birth_date=tomorrow.isoformat())


def test_care_event_that_says_nothing_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="Say what happened"):
        store.add_care_event(child_id, kind="medication", date="2026-11-02", text="  ")


def test_goal_for_a_sided_joint_without_a_side_asks_for_one(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="add --side left or --side right"):
        store.add_goal(
            child_id, metric_id="shoulder_flexion", side=None, target_deg=150, by_date="2027-03-01"
        )


def test_goal_with_a_side_for_a_midline_angle_says_to_leave_it_out(
    store: Store, child_id: int
) -> None:
    with pytest.raises(UserError, match="leave out --side"):
        store.add_goal(
            child_id, metric_id="head_tilt", side="left", target_deg=5, by_date="2027-03-01"
        )


def test_goal_beyond_180_degrees_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="from -180 to 180"):
        store.add_goal(
            child_id, metric_id="head_tilt", side=None, target_deg=500, by_date="2027-03-01"
        )


def test_negative_goal_for_a_joint_bend_is_refused(store: Store, child_id: int) -> None:
    with pytest.raises(UserError, match="from 0 to 180"):
        store.add_goal(
            child_id, metric_id="elbow_flexion", side="right", target_deg=-20, by_date="2027-03-01"
        )


def test_two_backups_to_one_folder_in_the_same_second_both_succeed(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    first, second = store.backup(folder), store.backup(folder)
    assert first != second and first.exists() and second.exists()


def test_backup_that_cannot_be_created_speaks_of_the_backup(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posecapture.store import sharing

    def refuse(path: Path) -> bool:
        raise UserError("Cannot create the database")

    monkeypatch.setattr(sharing, "prepare_file", refuse)
    with pytest.raises(UserError, match=r"^The backup .* cannot be written there"):
        store.backup(tmp_path / "copy.db")
