"""Exercises and routines as data: load and check ``exercises/*.toml`` and
``exercises/routines/*.toml``.

A therapist changes a routine as the child grows by editing these files, not
code (docs/exercises.md explains every field). So the loader is forgiving in
one way and strict in another: a bad file never stops the others from loading,
and every mistake is reported as a ``Problem`` naming the file, the field and
what is allowed, so ``posecapture exercises check`` can list them all at once.

Where the files are found: ``load_library()`` without a directory reads the
folder named by the ``POSECAPTURE_EXERCISES`` environment variable, else the
``exercises/`` folder of the source tree this package was installed from
(the editable install used for development and the app), else the copy an
ordinary install puts under ``<prefix>/share/posecapture/`` (``data_folders``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, cast

from posecapture.data_folders import data_folder
from posecapture.errors import UserError
from posecapture.kinematics.angles import ANGLES
from posecapture.kinematics.posture import NEEDS_VIEW
from posecapture.languages import LANGUAGES
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: same parser, published as tomli
    import tomli as tomllib  # type: ignore[no-redef]

Kind = Literal["hold_at_target", "hold_still"]
ExerciseView = Literal["front", "side"]
Body = Literal["whole", "upper"]
KINDS: tuple[str, ...] = ("hold_at_target", "hold_still")
VIEWS: tuple[str, ...] = ("front", "side")
# "whole": head to feet must be inside the picture; "upper": only the joints of the
# timed angle must be seen, so arm and neck exercises work sitting or close up.
BODIES: tuple[str, ...] = ("whole", "upper")
SIDES: tuple[str, ...] = ("left", "right", "both")

# Joints measured on each side: a metric named without its side ("shoulder_flexion")
# is resolved to "left_shoulder_flexion" / "right_shoulder_flexion" per side.
SIDED_METRICS: tuple[str, ...] = tuple(
    sorted({a.removeprefix("left_") for a in ROM_ANGLE_IDS if a.startswith("left_")})
)
UNSIDED_METRICS: tuple[str, ...] = tuple(
    a for a in (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS) if not a.startswith(("left_", "right_"))
)
# Unsided metrics whose sign says a direction, and the side of the person (their own
# left or right) toward which each is positive, as documented in docs/angles.md and
# docs/metrics.md. A stretch done to one side of these ("tilt your head to the left")
# is measured with the sign turned so that positive always means "toward the side
# being stretched".
DIRECTIONAL_METRICS: dict[str, str] = {
    "trunk_lateral_flexion": "left",
    "head_tilt": "right",
    "head_rotation": "right",
    "trunk_lean_lateral": "right",
}
ALL_ANGLE_IDS: tuple[str, ...] = (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS)


def metric_views(metric: str) -> frozenset[str]:
    """The camera views the measurement core reads ``metric`` from (docs/angles.md,
    docs/metrics.md): an exercise asking for another view could never measure it."""
    angle_id = f"left_{metric}" if metric in SIDED_METRICS else metric
    for definition in ANGLES:
        if definition.id == angle_id:
            return frozenset(definition.views) - {"unknown", "oblique"}
    if angle_id in NEEDS_VIEW:
        return frozenset({NEEDS_VIEW[angle_id]})
    return frozenset(VIEWS)


_LIMITS = {"reps": (1, 20), "hold_s": (0.5, 120.0), "rest_s": (0.0, 300.0)}
_ANGLE_RANGE = (-180.0, 180.0)
_TEXT_FIELDS = ("title", "instruction", "speech")
_EXERCISE_FIELDS = (
    "id",
    "kind",
    "view",
    "body",
    "metrics",
    "sides",
    "reps",
    "hold_s",
    "rest_s",
    "target_deg",
    "window_low_deg",
    "window_high_deg",
    "tolerance_deg",
    "title",
    "instruction",
    "speech",
    "pose",
)
_OVERRIDE_FIELDS = (
    "reps",
    "hold_s",
    "rest_s",
    "sides",
    "target_deg",
    "window_low_deg",
    "window_high_deg",
    "tolerance_deg",
)
_ROUTINE_FIELDS = ("id", "title", "exercises", "overrides")


@dataclass(frozen=True)
class Problem:
    """One mistake in one file: ``field`` is "" when the whole file is unreadable."""

    file: Path
    field: str
    message: str

    def __str__(self) -> str:
        name = self.file.name
        if self.file.parent.name == "routines":
            name = f"routines/{name}"
        where = f"{name}: {self.field}" if self.field else name
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Target:
    """The angle to reach and the window that counts as holding, in degrees.

    A window edge left as None is placed by ``apply_target`` from the exercise's
    own window.
    """

    target_deg: float
    window_low: float | None = None
    window_high: float | None = None


@dataclass(frozen=True)
class MeasuredMetric:
    """An angle id as measured for one side, and the sign that orients it toward that side."""

    angle_id: str
    sign: float = 1.0


@dataclass(frozen=True)
class Exercise:
    """One exercise as the therapist wrote it (docs/exercises.md).

    ``metrics`` are as written: a sided joint without its side
    ("shoulder_flexion"), an unsided angle id ("head_tilt") or a full id
    ("left_knee_flexion"). The first drives the hold; ``metric_ids(side)``
    gives the angle ids actually measured on a side. ``pose`` maps angle ids
    (sided joints without a side mean "the side being exercised") to degrees:
    the app draws a stick figure at those angles, others at 0 (standing).
    """

    id: str
    title: Mapping[str, str]
    instruction: Mapping[str, str]
    speech: Mapping[str, str]
    metrics: tuple[str, ...]
    view: ExerciseView
    sides: tuple[str, ...]
    reps: int
    hold_s: float
    rest_s: float
    target_deg: float
    window_low: float
    window_high: float
    kind: Kind = "hold_at_target"
    body: Body = "whole"
    pose: Mapping[str, float] = field(default_factory=dict)
    source: Path | None = None

    @property
    def target(self) -> Target:
        return Target(self.target_deg, self.window_low, self.window_high)

    def measured(self, side: str) -> tuple[MeasuredMetric, ...]:
        """The angles measured on ``side``, each with the sign that orients it."""
        return tuple(_resolve_metric(m, side) for m in self.metrics)

    def metric_ids(self, side: str) -> tuple[str, ...]:
        """The angle ids measured on ``side`` ("left", "right" or "both")."""
        return tuple(m.angle_id for m in self.measured(side))

    def pose_for(self, side: str) -> dict[str, float]:
        """The target pose with every angle id spelled out for ``side``.

        Directional angles (a head tilt) are written toward the side being
        stretched, so on the other side their sign turns to the measurement's
        convention (``DIRECTIONAL_METRICS``).
        """
        out: dict[str, float] = {}
        for key, value in self.pose.items():
            if key in SIDED_METRICS:
                for s in ("left", "right") if side == "both" else (side,):
                    out[f"{s}_{key}"] = value
            else:
                out[key] = value * _resolve_metric(key, side).sign
        return out


@dataclass(frozen=True)
class Routine:
    """An ordered list of exercises, with per-exercise changes (reps, hold, target...)."""

    id: str
    title: Mapping[str, str]
    exercises: tuple[str, ...]
    overrides: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    source: Path | None = None


@dataclass
class Library:
    """Everything that loaded, and everything wrong with what did not."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    directory: Path | None = None

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise, or a ``UserError`` listing the ones there are."""
        if exercise_id not in self.exercises:
            known = ", ".join(sorted(self.exercises)) or "none"
            raise UserError(f"No exercise called '{exercise_id}'. Known exercises: {known}.")
        return self.exercises[exercise_id]

    def plan(self, routine_id: str) -> list[Exercise]:
        """The routine's exercises in order, with the routine's overrides applied."""
        if routine_id not in self.routines:
            known = ", ".join(sorted(self.routines)) or "none"
            raise UserError(f"No routine called '{routine_id}'. Known routines: {known}.")
        routine = self.routines[routine_id]
        return [
            _apply_override(self.exercises[e], routine.overrides.get(e, {}))
            for e in routine.exercises
        ]


def _resolve_metric(metric: str, side: str) -> MeasuredMetric:
    if metric in SIDED_METRICS:
        if side not in ("left", "right"):
            raise ValueError(f"{metric} is measured per side; side must be left or right")
        return MeasuredMetric(f"{side}_{metric}")
    if metric in DIRECTIONAL_METRICS and side in ("left", "right"):
        return MeasuredMetric(metric, 1.0 if side == DIRECTIONAL_METRICS[metric] else -1.0)
    return MeasuredMetric(metric)


def apply_target(exercise: Exercise, target: Target) -> Exercise:
    """The exercise with a child's own target.

    A window edge the target leaves as None keeps its distance from the target
    (a 15-degree margin below stays 15 degrees below). For a stretch the upper
    edge never comes down: reaching further than the target still counts.
    """
    lowest, highest = _ANGLE_RANGE
    values = (target.target_deg, target.window_low, target.window_high)
    if not all(v is None or (math.isfinite(v) and lowest <= v <= highest) for v in values):
        raise UserError(
            f"The target for {exercise.id} and its window must be angles from "
            f"{lowest:g}° to {highest:g}°."
        )
    low = target.window_low
    high = target.window_high
    shift = target.target_deg - exercise.target_deg
    if low is None:
        low = exercise.window_low + shift
    if high is None:
        high = exercise.window_high + shift
        if exercise.kind == "hold_at_target":
            high = max(high, exercise.window_high)
    if not low <= target.target_deg <= high:
        raise UserError(
            f"The target for {exercise.id} ({target.target_deg:g}°) must lie inside its window "
            f"({low:g}° to {high:g}°)."
        )
    return replace(exercise, target_deg=target.target_deg, window_low=low, window_high=high)


def check_target(exercise_id: str, target: Target, directory: Path | None = None) -> Exercise:
    """The exercise as it will be with a child's own ``target``, so a target is checked
    against the exercise before it is stored (a bad one would stop every later session).

    A ``UserError`` says what is wrong: no such exercise, or a target outside its window.
    """
    return apply_target(load_library(directory).exercise(exercise_id), target)


def apply_targets(plan: Sequence[Exercise], targets: Mapping[str, Target]) -> list[Exercise]:
    """Each exercise of ``plan`` with the child's target for it, where there is one."""
    return [apply_target(e, targets[e.id]) if e.id in targets else e for e in plan]


def _number(data: Mapping[str, object], key: str, default: float) -> float:
    value = data.get(key)
    return float(value) if isinstance(value, int | float) else default


def _apply_override(exercise: Exercise, override: Mapping[str, object]) -> Exercise:
    """The exercise with a routine's changes; values were checked when the routine loaded."""
    if not override:
        return exercise
    sides = override.get("sides")
    changed = replace(
        exercise,
        reps=int(_number(override, "reps", exercise.reps)),
        hold_s=_number(override, "hold_s", exercise.hold_s),
        rest_s=_number(override, "rest_s", exercise.rest_s),
        sides=tuple(str(s) for s in sides) if isinstance(sides, list) else exercise.sides,
    )
    target_keys = ("target_deg", "window_low_deg", "window_high_deg", "tolerance_deg")
    if any(key in override for key in target_keys):
        target_deg = _number(override, "target_deg", exercise.target_deg)
        low, high = _window_from(override, target_deg)
        changed = apply_target(changed, Target(target_deg, low, high))
    return changed


def _window_from(
    data: Mapping[str, object], target_deg: float
) -> tuple[float | None, float | None]:
    tol = data.get("tolerance_deg")
    low = data.get("window_low_deg")
    high = data.get("window_high_deg")
    if isinstance(tol, int | float):
        low = target_deg - tol if low is None else low
        high = target_deg + tol if high is None else high
    return (
        float(low) if isinstance(low, int | float) else None,
        float(high) if isinstance(high, int | float) else None,
    )


def default_exercises_dir() -> Path:
    """Where the exercise files are read from when no folder is given (module docstring)."""
    folder = data_folder("exercises", "POSECAPTURE_EXERCISES")
    if folder is not None:
        return folder
    raise UserError(
        "The exercise library was not found. Set POSECAPTURE_EXERCISES to the folder "
        "that holds the exercise files."
    )


def load_library(directory: Path | None = None) -> Library:
    """Read every exercise in ``directory`` and every routine in ``directory/routines``.

    Never raises for a bad file: its problems go to ``Library.problems`` and the
    rest load. A folder that does not exist is a ``UserError``.
    """
    folder = Path(directory) if directory is not None else default_exercises_dir()
    if not folder.is_dir():
        from_env = directory is None and os.environ.get("POSECAPTURE_EXERCISES")
        where = f"POSECAPTURE_EXERCISES names {folder}, which" if from_env else str(folder)
        raise UserError(f"{where} is not a folder. Give the folder that holds the exercise files.")
    library = Library(directory=folder)
    if not any(folder.glob("*.toml")):
        # An empty library is almost always the wrong folder: say so rather than
        # report "no problems" over nothing.
        library.problems.append(
            Problem(
                folder,
                "",
                "has no exercise files (*.toml). Give the folder that holds the exercise files",
            )
        )
    for path in sorted(folder.glob("*.toml")):
        exercise = _load_exercise(path, library.problems)
        if exercise is None:
            continue
        if exercise.id in library.exercises:
            other = library.exercises[exercise.id].source
            library.problems.append(
                Problem(
                    path, "id", f"'{exercise.id}' is already used by {other}; ids must be unique"
                )
            )
            continue
        library.exercises[exercise.id] = exercise
    routines = folder / "routines"
    for path in sorted(routines.glob("*.toml")) if routines.is_dir() else []:
        routine = _load_routine(path, library.exercises, library.problems)
        if routine is not None and routine.id in library.routines:
            other = library.routines[routine.id].source
            library.problems.append(
                Problem(
                    path, "id", f"'{routine.id}' is already used by {other}; ids must be unique"
                )
            )
        elif routine is not None:
            library.routines[routine.id] = routine
    return library


class _Checker:
    """Collects the problems of one file while reading its fields."""

    def __init__(self, path: Path, data: Mapping[str, object], problems: list[Problem]) -> None:
        self.path = path
        self.data = data
        self.problems = problems
        self.count = 0

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, name, message))
        self.count += 1

    def unknown_fields(
        self, allowed: Sequence[str], data: Mapping[str, object], prefix: str = ""
    ) -> None:
        for key in data:
            if key not in allowed:
                self.problem(prefix + key, f"unknown field; allowed fields: {', '.join(allowed)}")

    def required(self, name: str) -> object:
        if name not in self.data:
            self.problem(name, "is missing")
        return self.data.get(name)

    def ident(self) -> str:
        value = self.required("id")
        if value is None:
            return self.path.stem
        if not isinstance(value, str) or not value.isidentifier() or not value.islower():
            self.problem("id", "must be lower-case letters, digits and _ (like reach_to_the_sky)")
            return self.path.stem
        if value != self.path.stem:
            self.problem(
                "id", f"'{value}' differs from the file name {self.path.name}: make them the same"
            )
        return value

    def texts(self, name: str) -> dict[str, str]:
        value = self.required(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(name, "must be a table with 'en' and 'es' texts")
            return {}
        out: dict[str, str] = {}
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(
                    f"{name}.{lang}", "is missing or empty; give the text in this language"
                )
            else:
                out[lang] = text.strip()
        self.unknown_fields(LANGUAGES, value, prefix=f"{name}.")
        return out

    def choice(self, name: str, allowed: Sequence[str], default: str | None = None) -> str:
        value = self.data.get(name, default) if default is not None else self.required(name)
        if value is None:
            return allowed[0]
        if value not in allowed:
            self.problem(name, f"{value!r} is not allowed; use one of: {', '.join(allowed)}")
            return allowed[0]
        return str(value)

    def number(self, name: str, low: float, high: float, *, integer: bool = False) -> float:
        return self.number_in(self.data, name, low, high, integer=integer, required=True) or 0.0

    def number_in(
        self,
        data: Mapping[str, object],
        name: str,
        low: float,
        high: float,
        *,
        integer: bool = False,
        required: bool = False,
        label: str | None = None,
    ) -> float | None:
        label = label or name
        if name not in data:
            if required:
                self.problem(label, "is missing")
            return None
        value = data[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (integer and not isinstance(value, int))
            or not math.isfinite(value)
        ):
            what = "a whole number" if integer else "a number"
            self.problem(label, f"{value!r} must be {what} from {low:g} to {high:g}")
            return None
        number = float(value)
        if not low <= number <= high:
            self.problem(label, f"{number:g} is out of range; allowed: {low:g} to {high:g}")
            return None
        return number

    def string_list(
        self, name: str, value: object, example: str = '["left", "right"]'
    ) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.problem(name, f"must be a non-empty list of names in quotes, like {example}")
            return ()
        return tuple(value)


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, object] | None:
    try:
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte-order mark,
        # which TOML does not allow but a therapist cannot see.
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(
            Problem(
                path,
                "",
                f"is not valid TOML: {exc}. Fix that line (quotes, brackets, a name given twice)",
            )
        )
    except UnicodeDecodeError:
        problems.append(Problem(path, "", "is not a UTF-8 text file; save it as UTF-8 text"))
    except OSError as exc:
        problems.append(Problem(path, "", f"cannot be read ({exc.strerror})"))
    return None


def _check_sides(c: _Checker, name: str, sides: tuple[str, ...], metrics: Sequence[str]) -> None:
    for side in sides:
        if side not in SIDES:
            c.problem(name, f"{side!r} is not allowed; use left, right or both")
    if len(set(sides)) != len(sides):
        c.problem(name, "lists a side twice")
    if "both" in sides and len(sides) > 1:
        c.problem(name, "'both' cannot be combined with left or right")
    for metric in metrics:
        if metric in SIDED_METRICS and "both" in sides:
            c.problem(
                name, f'{metric} is measured on each side: use ["left", "right"] or one of them'
            )
        if (
            metric in UNSIDED_METRICS
            and metric not in DIRECTIONAL_METRICS
            and any(s != "both" for s in sides)
        ):
            c.problem(name, f'{metric} has no left or right: use ["both"]')


def _load_exercise(path: Path, problems: list[Problem]) -> Exercise | None:
    data = _read_toml(path, problems)
    if data is None:
        return None
    c = _Checker(path, data, problems)
    c.unknown_fields(_EXERCISE_FIELDS, data)
    ident = c.ident()
    texts = {name: c.texts(name) for name in _TEXT_FIELDS}
    kind = c.choice("kind", KINDS)
    view = c.choice("view", VIEWS)
    body = c.choice("body", BODIES, default="whole")
    metrics: tuple[str, ...] = ()
    raw_metrics = c.required("metrics")
    if raw_metrics is not None:
        metrics = c.string_list("metrics", raw_metrics, '["shoulder_flexion"]')
    for metric in metrics:
        if metric not in SIDED_METRICS and metric not in ALL_ANGLE_IDS:
            names = ", ".join((*SIDED_METRICS, *UNSIDED_METRICS))
            c.problem(
                "metrics",
                f"{metric!r} is not a metric; use one of: {names}"
                " (or a sided id like left_knee_flexion)",
            )
    timed = metrics[0] if metrics else None
    # The timed metric must be readable from the view asked for (a valid view only:
    # an invalid one is already reported).
    if timed in (*SIDED_METRICS, *ALL_ANGLE_IDS) and view == data.get("view"):
        views = metric_views(timed)
        if view not in views:
            allowed = " or ".join(f'"{v}"' for v in sorted(views))
            c.problem("view", f"{timed} cannot be measured from the {view}; use view = {allowed}")
    sides: tuple[str, ...] = ("both",)
    if "sides" in data:
        sides = c.string_list("sides", data["sides"])
    elif any(m in SIDED_METRICS for m in metrics):
        sides = ("left", "right")
    _check_sides(c, "sides", sides, metrics)
    if timed in ALL_ANGLE_IDS and timed.startswith(("left_", "right_")):
        # The timed angle decides what counts as holding: a block of the other side
        # would time one arm while the child is told to move the other.
        own = timed.split("_", 1)[0]
        other = "right" if own == "left" else "left"
        if other in sides:
            joint = timed.removeprefix(f"{own}_")
            c.problem(
                "sides",
                f"{timed} is always the {own} side, so a {other} block would time the wrong "
                f'limb; write {joint} to measure each side, or sides = ["{own}"]',
            )
    reps = c.number("reps", *_LIMITS["reps"], integer=True)
    hold_s = c.number("hold_s", *_LIMITS["hold_s"])
    rest_s = c.number("rest_s", *_LIMITS["rest_s"])
    target = c.number_in(data, "target_deg", *_ANGLE_RANGE, required=True)
    target_deg = 0.0 if target is None else target
    for name in ("window_low_deg", "window_high_deg"):
        c.number_in(data, name, *_ANGLE_RANGE)
    c.number_in(data, "tolerance_deg", 0.0, 180.0)
    low, high = _window_from(data, target_deg)
    if low is None or high is None:
        c.problem(
            "window_low_deg",
            "give the window that counts as holding: window_low_deg and window_high_deg, "
            "or tolerance_deg",
        )
    elif target is not None and not low <= target_deg <= high:
        c.problem("target_deg", f"{target_deg:g} must lie inside the window {low:g} to {high:g}")
    pose: dict[str, float] = {}
    raw_pose = data.get("pose", {})
    if not isinstance(raw_pose, dict):
        c.problem("pose", "must be a table of angle = degrees")
    else:
        for key in raw_pose:
            if key not in SIDED_METRICS and key not in ALL_ANGLE_IDS:
                c.problem(
                    f"pose.{key}", "is not an angle the figure can show; use the metric names"
                )
                continue
            value = c.number_in(raw_pose, key, *_ANGLE_RANGE, label=f"pose.{key}")
            if value is not None:
                pose[key] = value
    if c.count:
        return None
    assert low is not None and high is not None
    return Exercise(
        id=ident,
        title=texts["title"],
        instruction=texts["instruction"],
        speech=texts["speech"],
        metrics=metrics,
        view=cast(ExerciseView, view),
        sides=sides,
        reps=int(reps),
        hold_s=hold_s,
        rest_s=rest_s,
        target_deg=target_deg,
        window_low=low,
        window_high=high,
        kind=cast(Kind, kind),
        body=cast(Body, body),
        pose=pose,
        source=path,
    )


def _load_routine(
    path: Path, exercises: Mapping[str, Exercise], problems: list[Problem]
) -> Routine | None:
    data = _read_toml(path, problems)
    if data is None:
        return None
    c = _Checker(path, data, problems)
    c.unknown_fields(_ROUTINE_FIELDS, data)
    ident = c.ident()
    title = c.texts("title")
    ids: tuple[str, ...] = ()
    raw = c.required("exercises")
    if raw is not None:
        ids = c.string_list("exercises", raw, '["statue", "reach_to_the_sky"]')
    for exercise_id in ids:
        if exercise_id not in exercises:
            c.problem(
                "exercises",
                f"'{exercise_id}' is not a loaded exercise (missing, or its file has problems)",
            )
    overrides: dict[str, dict[str, object]] = {}
    raw_overrides = data.get("overrides", {})
    if not isinstance(raw_overrides, dict):
        c.problem("overrides", "must be tables like [overrides.reach_to_the_sky]")
        raw_overrides = {}
    for exercise_id, override in raw_overrides.items():
        label = f"overrides.{exercise_id}"
        if exercise_id not in ids:
            c.problem(label, "names an exercise that is not in this routine's exercises")
            continue
        if not isinstance(override, dict):
            c.problem(label, "must be a table of fields to change")
            continue
        c.unknown_fields(_OVERRIDE_FIELDS, override, prefix=f"{label}.")
        if exercise_id in exercises:
            _check_override(c, label, exercises[exercise_id], override)
        overrides[exercise_id] = dict(override)
    if c.count:
        return None
    return Routine(id=ident, title=title, exercises=ids, overrides=overrides, source=path)


def _check_override(
    c: _Checker, label: str, exercise: Exercise, override: Mapping[str, object]
) -> None:
    c.number_in(override, "reps", *_LIMITS["reps"], integer=True, label=f"{label}.reps")
    for key in ("hold_s", "rest_s"):
        c.number_in(override, key, *_LIMITS[key], label=f"{label}.{key}")
    for key in ("target_deg", "window_low_deg", "window_high_deg"):
        c.number_in(override, key, *_ANGLE_RANGE, label=f"{label}.{key}")
    c.number_in(override, "tolerance_deg", 0.0, 180.0, label=f"{label}.tolerance_deg")
    if "sides" in override:
        sides = c.string_list(f"{label}.sides", override["sides"])
        _check_sides(c, f"{label}.sides", sides, exercise.metrics)
    if c.count:
        return
    target = _number(override, "target_deg", exercise.target_deg)
    low, high = _window_from(override, target)
    try:
        apply_target(exercise, Target(target, low, high))
    except UserError as exc:
        c.problem(f"{label}.target_deg", str(exc))
