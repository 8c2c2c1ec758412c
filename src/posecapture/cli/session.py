"""``posecapture session run`` and ``session list``: measure a routine from a clip or a
camera with nobody at the screen, and see what was stored.

``session run`` is one call to ``posecapture.session.runner.run_session``; it prints
a line per step as the clip plays and a summary table a therapist can read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from posecapture.cli.options import db_option
from posecapture.cli.store import degrees, opened, print_table

if TYPE_CHECKING:
    from posecapture.session.runner import ExerciseSummary, SessionSummary


@click.group("session")
def session_group() -> None:
    """Run a routine from a video or camera without the app, and list stored sessions."""


@session_group.command("run")
@click.option("--child", "child_name", required=True, help="The child's name.")
@click.option("--routine", "routine_id", default=None, help="Routine id (exercises/routines/).")
@click.option("--exercise", "exercise_id", default=None, help="A single exercise id instead.")
@click.option(
    "--video",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Video file of the child doing the routine.",
)
@click.option("--camera", type=int, default=None, help="Camera number instead of a video.")
@db_option
def session_run(
    child_name: str,
    routine_id: str | None,
    exercise_id: str | None,
    video: Path | None,
    camera: int | None,
    db_path: str | None,
) -> None:
    """Measure a routine (or one exercise) and store it as a session of the child."""
    from posecapture.errors import UserError
    from posecapture.session.runner import run_session

    if (video is None) == (camera is None):
        raise UserError("Give either a video file (--video) or a camera number (--camera).")
    source: str | int = str(video) if video is not None else int(camera)  # type: ignore[arg-type]
    with opened(db_path) as store:
        summary = run_session(
            store,
            child=child_name,
            routine_id=routine_id,
            exercise_id=exercise_id,
            source=source,
            progress=click.echo,
        )
    click.echo("")
    click.echo(
        f"Session {summary.session_id} for {summary.child}: {summary.plan_kind} "
        f"{summary.plan_id}, {summary.status}, {summary.duration_s:.0f} s of video, "
        f"{summary.reps_recorded} rep{'' if summary.reps_recorded == 1 else 's'} stored."
    )
    if not summary.exercises:
        click.echo("No exercise was measured.")
    else:
        _print_exercises(summary)
    # What was measured is stored either way; the status tells a script (or a
    # therapist's batch of clips) that this run needs a look.
    if summary.ended_by == "interrupted":
        raise click.exceptions.Exit(130)
    if summary.ended_by == "source_error" or not summary.exercises:
        raise click.exceptions.Exit(1)


def _print_exercises(summary: SessionSummary) -> None:
    """One row per exercise side. A stretch's number is its highest peak; a still hold's
    is its largest drift from its target (smaller is better), so each has its own column
    (only the columns the plan needs are printed) and Median is over the same number.
    A number from reps none of which was completed is shown, as it is real data, but
    says so."""
    from posecapture.session.runner import VALUE_NAMES

    kinds = [kind for kind in VALUE_NAMES if any(e.kind == kind for e in summary.exercises)]
    print_table(
        [
            "Exercise",
            "Side",
            "Angle",
            "Reps done",
            *(VALUE_NAMES[kind].capitalize() for kind in kinds),
            "Median",
            "Joint seen",
            "Status",
        ],
        [
            [
                e.exercise_id,
                e.side,
                e.metric_id.replace("_", " "),
                f"{e.reps_done} of {e.reps_planned}",
                *(_headline(e) if e.kind == kind else "-" for kind in kinds),
                _with_pm(
                    degrees(e.median_drift_deg if e.kind == "hold_still" else e.median_deg),
                    e.median_pm,
                ),
                f"{e.measurable_share:.0%}"
                if e.measurable_share == e.measurable_share
                else "unknown",
                e.status,
            ]
            for e in summary.exercises
        ],
    )


def _with_pm(shown: str, pm: float) -> str:
    """``"92.0° ±12°"``: a number with its 90% half-width, where it is known."""
    return shown if pm != pm or shown == degrees(float("nan")) else f"{shown} ±{pm:.0f}°"


def _headline(exercise: ExerciseSummary) -> str:
    if exercise.best_deg != exercise.best_deg:
        return degrees(exercise.best_deg)
    if exercise.kind == "hold_still":
        drift = _with_pm(degrees(exercise.drift_deg), exercise.best_pm)
        value = f"{drift} from {exercise.target_deg:g}°"
    else:
        value = _with_pm(degrees(exercise.best_deg), exercise.best_pm)
    return f"{value} (no rep completed)" if exercise.reps_done == 0 else value


@session_group.command("list")
@click.option("--child", "child_name", required=True, help="The child's name.")
@db_option
def session_list(child_name: str, db_path: str | None) -> None:
    """List a child's sessions, oldest first."""
    with opened(db_path, create=False) as store:
        child_id = int(store.child(child_name)["id"])
        sessions = store.sessions(child_id)
    if not sessions:
        click.echo(f"No sessions for {child_name} yet.")
        return
    print_table(
        ["Session", "Date", "Plan", "Status", "Reps", "Source"],
        [
            [s["id"], s["date"], s["plan_id"], s["status"], s["rep_count"], s["source"]]
            for s in sessions
        ],
    )


COMMANDS: list[click.Command] = [session_group]
