"""Exercises and routines as data: the starter library, validation and targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from posecapture.cli import main
from posecapture.errors import UserError
from posecapture.exercises import (
    ALL_ANGLE_IDS,
    SIDED_METRICS,
    Target,
    apply_target,
    default_exercises_dir,
    load_library,
)

VALID = """\
id = "{id}"
kind = "hold_at_target"
view = "side"
body = "upper"
metrics = ["shoulder_flexion"]
sides = ["left", "right"]
reps = 3
hold_s = 5
rest_s = 5
target_deg = 150
window_low_deg = 140
window_high_deg = 180
{extra}
[title]
en = "Reach to the sky!"
es = "¡Toca el cielo!"

[instruction]
en = "Lift your arm up high."
es = "Sube el brazo bien alto."

[speech]
en = "Reach up!"
es = "¡Arriba!"

[pose]
shoulder_flexion = 150
"""

ROUTINE = """\
id = "{id}"
exercises = {exercises}

[title]
en = "Morning"
es = "Mañana"
{extra}
"""


def write_exercise(folder: Path, ident: str, extra: str = "", text: str | None = None) -> Path:
    path = folder / f"{ident}.toml"
    path.write_text(text if text is not None else VALID.format(id=ident, extra=extra), "utf-8")
    return path


def write_routine(folder: Path, ident: str, exercises: list[str], extra: str = "") -> Path:
    routines = folder / "routines"
    routines.mkdir(exist_ok=True)
    path = routines / f"{ident}.toml"
    text = ROUTINE.format(id=ident, exercises=str(exercises).replace("'", '"'), extra=extra)
    path.write_text(text, "utf-8")
    return path


def replaced(line: str, new: str) -> str:
    """The valid exercise text with one line replaced."""
    assert line in VALID
    return VALID.replace(line, new).format(id="reach", extra="")


@pytest.fixture(scope="module")
def starter():
    return load_library()


def test_starter_library_loads_without_problems(starter) -> None:
    assert starter.problems == []


def test_starter_library_has_ten_exercises_and_two_routines(starter) -> None:
    assert len(starter.exercises) >= 10
    assert len(starter.routines) >= 2


@pytest.mark.parametrize(
    ("ident", "metric", "view"),
    [
        ("reach_to_the_sky", "shoulder_flexion", "side"),
        ("airplane_arms", "shoulder_abduction", "front"),
        ("statue", "head_tilt", "front"),
    ],
)
def test_starter_library_has_the_named_exercises(
    starter, ident: str, metric: str, view: str
) -> None:
    exercise = starter.exercises[ident]
    assert (exercise.metrics[0], exercise.view) == (metric, view)


def test_statue_holds_the_head_around_neutral(starter) -> None:
    statue = starter.exercises["statue"]
    assert statue.kind == "hold_still"
    assert statue.window_low < 0 == statue.target_deg < statue.window_high


def test_every_starter_routine_plan_resolves(starter) -> None:
    for routine_id in starter.routines:
        assert starter.plan(routine_id)


def test_every_starter_pose_names_angles_the_figure_knows(starter) -> None:
    for exercise in starter.exercises.values():
        for side in exercise.sides:
            assert set(exercise.pose_for(side)) <= set(ALL_ANGLE_IDS)


def test_a_sided_metric_is_resolved_per_side(starter) -> None:
    reach = starter.exercises["reach_to_the_sky"]
    assert reach.metric_ids("left") == ("left_shoulder_flexion",)
    assert reach.metric_ids("right") == ("right_shoulder_flexion",)


def test_a_directional_metric_is_oriented_toward_the_side_stretched(starter) -> None:
    tilt = starter.exercises["neck_side_tilt"]
    signs = {side: tilt.measured(side)[0].sign for side in ("left", "right")}
    assert signs["left"] == -signs["right"]
    assert tilt.metric_ids("left") == ("head_tilt",)


def test_pose_of_one_side_names_that_side(starter) -> None:
    assert starter.exercises["reach_to_the_sky"].pose_for("left") == {
        "left_shoulder_flexion": 150.0
    }


def test_pose_of_a_directional_angle_turns_with_the_side(starter) -> None:
    tilt = starter.exercises["neck_side_tilt"]
    assert tilt.pose_for("left")["head_tilt"] == -tilt.pose_for("right")["head_tilt"]


def test_a_bad_file_does_not_stop_the_others_from_loading(tmp_path: Path) -> None:
    write_exercise(tmp_path, "good")
    write_exercise(tmp_path, "reach", text=replaced("reps = 3", "reps = 0"))
    library = load_library(tmp_path)
    assert list(library.exercises) == ["good"]
    assert [(p.file.name, p.field) for p in library.problems] == [("reach.toml", "reps")]


def test_an_out_of_range_number_says_what_is_allowed(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced("hold_s = 5", "hold_s = 500"))
    (problem,) = load_library(tmp_path).problems
    assert str(problem) == "reach.toml: hold_s: 500 is out of range; allowed: 0.5 to 120"


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text='id = "reach\n')
    (problem,) = load_library(tmp_path).problems
    assert (problem.file.name, problem.field) == ("reach.toml", "")
    assert "not valid TOML" in problem.message


def test_a_misspelt_field_is_reported(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", extra="hold_seconds = 5")
    (problem,) = load_library(tmp_path).problems
    assert problem.field == "hold_seconds"
    assert "allowed fields" in problem.message


def test_an_unknown_metric_lists_the_metrics(tmp_path: Path) -> None:
    text = replaced('metrics = ["shoulder_flexion"]', 'metrics = ["shoulder_twist"]')
    write_exercise(tmp_path, "reach", text=text)
    (problem,) = load_library(tmp_path).problems
    assert problem.field == "metrics" and "shoulder_flexion" in problem.message


def test_a_view_other_than_front_or_side_is_refused(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced('view = "side"', 'view = "top"'))
    (problem,) = load_library(tmp_path).problems
    assert problem.field == "view" and "front, side" in problem.message


def test_a_view_that_cannot_show_the_metric_is_refused(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced('view = "side"', 'view = "front"'))
    (problem,) = load_library(tmp_path).problems
    assert str(problem) == (
        'reach.toml: view: shoulder_flexion cannot be measured from the front; use view = "side"'
    )


def test_a_sided_metric_cannot_be_done_on_both_sides_at_once(tmp_path: Path) -> None:
    text = replaced('sides = ["left", "right"]', 'sides = ["both"]')
    write_exercise(tmp_path, "reach", text=text)
    assert [p.field for p in load_library(tmp_path).problems] == ["sides"]


def test_a_missing_spanish_text_is_reported(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced('es = "¡Arriba!"\n', ""))
    assert [p.field for p in load_library(tmp_path).problems] == ["speech.es"]


def test_the_target_must_lie_inside_its_window(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced("target_deg = 150", "target_deg = 100"))
    assert [p.field for p in load_library(tmp_path).problems] == ["target_deg"]


def test_a_tolerance_sets_a_window_around_the_target(tmp_path: Path) -> None:
    text = replaced("window_low_deg = 140\nwindow_high_deg = 180", "tolerance_deg = 10")
    write_exercise(tmp_path, "reach", text=text)
    reach = load_library(tmp_path).exercises["reach"]
    assert (reach.window_low, reach.window_high) == (140.0, 160.0)


def test_the_id_must_match_the_file_name(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=VALID.format(id="reach_up", extra=""))
    (problem,) = load_library(tmp_path).problems
    assert (
        problem.field == "id" and "reach_up" in problem.message and "reach.toml" in problem.message
    )


def test_a_routine_naming_a_missing_exercise_is_not_loaded(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach")
    write_routine(tmp_path, "morning", ["reach", "fly"])
    library = load_library(tmp_path)
    assert library.routines == {}
    assert [(p.file.name, p.field) for p in library.problems] == [("morning.toml", "exercises")]


def test_routine_overrides_change_only_that_routine(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach")
    write_routine(tmp_path, "gentle", ["reach"], "[overrides.reach]\nreps = 1\ntarget_deg = 120\n")
    library = load_library(tmp_path)
    (planned,) = library.plan("gentle")
    assert (planned.reps, planned.target_deg, planned.window_low) == (1, 120.0, 110.0)
    assert library.exercises["reach"].reps == 3


def test_a_bad_override_value_is_reported_with_its_path(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach")
    write_routine(tmp_path, "gentle", ["reach"], "[overrides.reach]\nhold_s = -1\n")
    assert [p.field for p in load_library(tmp_path).problems] == ["overrides.reach.hold_s"]


def test_a_child_target_moves_the_window_with_it(starter) -> None:
    reach = starter.exercises["reach_to_the_sky"]
    mine = apply_target(reach, Target(120.0))
    assert (mine.target_deg, mine.window_low) == (120.0, 110.0)


def test_a_child_target_never_lowers_a_stretch_ceiling(starter) -> None:
    reach = starter.exercises["reach_to_the_sky"]
    assert apply_target(reach, Target(120.0)).window_high == reach.window_high


def test_a_child_target_outside_its_own_window_is_refused(starter) -> None:
    with pytest.raises(UserError, match="inside its window"):
        apply_target(starter.exercises["reach_to_the_sky"], Target(120.0, 130.0, 170.0))


def test_unknown_routine_names_the_known_ones(starter) -> None:
    with pytest.raises(UserError, match="first_week"):
        starter.plan("evening")


def test_the_library_folder_can_be_set_by_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("POSECAPTURE_EXERCISES", str(tmp_path))
    assert default_exercises_dir() == tmp_path


def test_a_missing_library_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a folder"):
        load_library(tmp_path / "nowhere")


def test_sided_metrics_are_the_measurement_core_joints() -> None:
    assert "shoulder_flexion" in SIDED_METRICS and "head_tilt" not in SIDED_METRICS


def test_exercises_check_passes_the_starter_library() -> None:
    result = CliRunner().invoke(main, ["exercises", "check"])
    assert result.exit_code == 0
    assert "no problems" in result.output


def test_exercises_check_lists_each_problem_and_fails(tmp_path: Path) -> None:
    write_exercise(tmp_path, "good")
    write_exercise(tmp_path, "reach", text=replaced("reps = 3", "reps = 0"))
    result = CliRunner().invoke(main, ["exercises", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "reach.toml: reps: 0 is out of range; allowed: 1 to 20" in result.output
    assert "1 exercise and 0 routines loaded; 1 problem in 1 file." in result.output


def test_exercises_check_of_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["exercises", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "not a folder" in result.output


def test_exercises_list_shows_titles_in_the_language_asked() -> None:
    result = CliRunner().invoke(main, ["exercises", "list", "--language", "es"])
    assert result.exit_code == 0
    assert "¡Toca el cielo!" in result.output and "150° (140° to 180°)" in result.output


def test_an_empty_library_folder_is_reported_as_a_problem(tmp_path: Path) -> None:
    (problem,) = load_library(tmp_path).problems
    assert "has no exercise files" in problem.message


def test_exercises_check_of_an_empty_folder_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["exercises", "check", str(tmp_path)])
    assert result.exit_code == 1 and "has no exercise files" in result.output


def test_a_bad_library_folder_from_the_environment_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECAPTURE_EXERCISES", str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match=r"^POSECAPTURE_EXERCISES names"):
        load_library()


def test_a_target_that_is_not_a_number_is_reported_once(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced("target_deg = 150", "target_deg = inf"))
    fields = [p.field for p in load_library(tmp_path).problems]
    assert fields == ["target_deg"]


def test_a_routine_exercises_field_that_is_not_a_list_shows_exercise_ids(tmp_path: Path) -> None:
    write_exercise(tmp_path, "good")
    write_routine(tmp_path, "morning", ["good"])
    path = tmp_path / "routines" / "morning.toml"
    path.write_text(path.read_text("utf-8").replace('["good"]', '"good"'), "utf-8")
    (problem,) = load_library(tmp_path).problems
    assert "reach_to_the_sky" in problem.message and '"left"' not in problem.message


def test_exercises_list_counts_one_problem_in_the_singular(tmp_path: Path) -> None:
    write_exercise(tmp_path, "reach", text=replaced("reps = 3", "reps = 0"))
    result = CliRunner().invoke(main, ["exercises", "list", str(tmp_path)])
    assert "(1 problem: run posecapture exercises check)" in result.output


def test_a_childs_target_beyond_180_degrees_is_refused(starter) -> None:
    with pytest.raises(UserError, match="from -180° to 180°"):
        apply_target(starter.exercises["reach_to_the_sky"], Target(500.0))


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = write_exercise(tmp_path, "good")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "good" in load_library(tmp_path).exercises


def test_a_full_sided_metric_timed_on_the_other_side_is_reported(tmp_path: Path) -> None:
    text = replaced('metrics = ["shoulder_flexion"]', 'metrics = ["left_shoulder_flexion"]')
    write_exercise(tmp_path, "reach", text=text.replace('["left", "right"]', '["right"]'))
    (problem,) = load_library(tmp_path).problems
    assert (problem.field, "wrong limb" in problem.message) == ("sides", True)
