"""The store's commands, read the way a therapist or a parent reads them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from posecapture.cli import main


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "posecapture.db")


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--db", db])


@pytest.fixture
def ana(db: str) -> str:
    assert run(db, "child", "add", "Ana", "--birth-date", "2019-04-02").exit_code == 0
    return db


def test_child_add_confirms(db: str) -> None:
    result = run(db, "child", "add", "Ana")
    assert (result.exit_code, result.output) == (0, "Added Ana.\n")


def test_child_list_shows_plain_columns(ana: str) -> None:
    lines = run(ana, "child", "list").output.splitlines()
    assert lines[0].split() == ["Name", "Born", "Language", "Sessions", "Last", "session"]
    assert lines[2].split() == ["Ana", "2019-04-02", "en", "0"]


def test_child_list_when_empty_says_how_to_add(db: str) -> None:
    assert "posecapture child add NAME" in run(db, "child", "list").output


def test_duplicate_child_is_one_line_and_exit_1(ana: str) -> None:
    result = run(ana, "child", "add", "ana")
    assert (result.exit_code, result.output) == (
        1,
        "Error: There is already a child named Ana. Choose another name.\n",
    )


def test_event_with_kind_medication_is_listed_as_a_medication_change(ana: str) -> None:
    run(
        ana,
        "event",
        "add",
        "--child",
        "Ana",
        "--kind",
        "medication",
        "--date",
        "2026-11-02",
        "--text",
        "Trihexyphenidyl raised to 2 mg",
        "--dose",
        "2 mg twice a day",
    )
    row = run(ana, "event", "list", "--child", "Ana").output.splitlines()[2]
    assert row.startswith("2026-11-02  medication change  Trihexyphenidyl raised to 2 mg")


def test_event_with_a_bad_date_is_a_plain_error(ana: str) -> None:
    result = run(
        ana,
        "event",
        "add",
        "--child",
        "Ana",
        "--kind",
        "illness",
        "--date",
        "02/11/2026",
        "--text",
        "flu",
    )
    assert result.exit_code == 1 and "Write it as YYYY-MM-DD" in result.output


def test_event_for_an_unknown_child_says_how_to_add_one(ana: str) -> None:
    result = run(
        ana,
        "event",
        "add",
        "--child",
        "Zoe",
        "--kind",
        "illness",
        "--date",
        "2026-11-02",
        "--text",
        "flu",
    )
    assert result.output == "Error: No child named Zoe. Add one with: posecapture child add Zoe\n"


def test_note_list_shows_who_wrote_it(ana: str) -> None:
    run(
        ana,
        "note",
        "add",
        "--child",
        "Ana",
        "--role",
        "therapist",
        "--author",
        "M. Ruiz",
        "--date",
        "2026-11-03",
        "--text",
        "Right arm tighter after the cold.",
    )
    row = run(ana, "note", "list", "--child", "Ana").output.splitlines()[2]
    assert row == "2026-11-03  therapist (M. Ruiz)  Right arm tighter after the cold."


def test_goal_list_shows_degrees_with_one_decimal_and_the_unit(ana: str) -> None:
    run(
        ana,
        "goal",
        "add",
        "--child",
        "Ana",
        "--metric",
        "shoulder_flexion",
        "--side",
        "right",
        "--target",
        "150",
        "--by",
        "2027-03-01",
    )
    row = run(ana, "goal", "list", "--child", "Ana").output.splitlines()[2]
    assert row.split("  ")[:3] == ["2027-03-01", "right shoulder flexion", "150.0°"]


def test_child_target_is_used_by_later_sessions(ana: str) -> None:
    from posecapture.exercises import Target
    from posecapture.store import Store

    run(ana, "child", "target", "Ana", "reach_to_the_sky", "--target", "130")
    with Store.open(ana) as store:
        assert store.targets(store.child("Ana")["id"]) == {"reach_to_the_sky": Target(130.0)}


def test_backup_writes_a_copy(ana: str, tmp_path: Path) -> None:
    result = run(ana, "db", "backup", str(tmp_path / "copy.db"))
    assert result.output == f"Backed up to {tmp_path / 'copy.db'}.\n"
    assert (tmp_path / "copy.db").stat().st_size > 0


def test_damaged_database_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    result = run(str(bad), "child", "list")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "damaged or is not a database; it was left untouched" in result.output


def test_db_option_falls_back_to_the_environment(tmp_path: Path) -> None:
    env_db = tmp_path / "from-env.db"
    result = CliRunner().invoke(main, ["db", "path"], env={"POSECAPTURE_DB": str(env_db)})
    assert result.output == f"{env_db}\n"


def test_session_list_shows_stored_sessions(ana: str) -> None:
    from posecapture.store import Store

    with Store.open(ana) as store:
        store.start_session(
            store.child("Ana")["id"],
            plan_id="first_week",
            plan_kind="routine",
            source="clip.mp4",
            metric_version="1",
        )
    row = run(ana, "session", "list", "--child", "Ana").output.splitlines()[2].split()
    assert (row[0], row[2], row[3], row[5]) == ("1", "first_week", "running", "clip.mp4")


def test_session_run_needs_a_video_or_a_camera(ana: str) -> None:
    result = run(ana, "session", "run", "--child", "Ana", "--exercise", "statue")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Give either a video file (--video) or a camera number (--camera).\n",
    )


def test_child_list_of_a_mistyped_db_path_says_so_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    result = run(str(typo), "child", "list")
    assert result.exit_code == 1 and "There is no posecapture database" in result.output
    assert not typo.exists()


def test_note_role_is_accepted_in_any_case(ana: str) -> None:
    result = run(ana, "note", "add", "--child", "Ana", "--role", "Parent", "--text", "Slept well")
    assert result.exit_code == 0, result.output


def test_event_confirmation_uses_the_childs_stored_name(ana: str) -> None:
    result = run(
        ana,
        "event",
        "add",
        "--child",
        "ana",
        "--kind",
        "illness",
        "--date",
        "2026-11-02",
        "--text",
        "cold",
    )
    assert result.output == "Added the event for Ana.\n"


def test_child_add_confirms_the_name_as_stored(db: str) -> None:
    assert run(db, "child", "add", "  Ana   Maria ").output == "Added Ana Maria.\n"


def test_target_for_an_unknown_exercise_is_refused(ana: str) -> None:
    result = run(ana, "child", "target", "Ana", "reach_to_the_moon", "--target", "100")
    assert result.exit_code == 1 and "No exercise called 'reach_to_the_moon'" in result.output


def test_target_outside_its_window_is_not_stored(ana: str) -> None:
    from posecapture.store import Store

    run(ana, "child", "target", "Ana", "reach_to_the_sky", "--target", "100", "--low", "120")
    with Store.open(ana) as store:
        assert store.targets(store.child("Ana")["id"]) == {}


def test_target_confirmation_shows_the_holding_window(ana: str) -> None:
    result = run(ana, "child", "target", "Ana", "reach_to_the_sky", "--target", "130")
    assert "holding counts from 120.0° to 180.0°" in result.output
