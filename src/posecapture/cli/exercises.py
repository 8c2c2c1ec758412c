"""``posecapture exercises``: check and list the exercise library a therapist edits."""

from __future__ import annotations

from pathlib import Path

import click

from posecapture.languages import LANGUAGES

_DIR = click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@click.group("exercises")
def exercises_group() -> None:
    """The exercise and routine files (see docs/exercises.md)."""


@exercises_group.command("check")
@_DIR
def check_command(directory: Path | None) -> None:
    """Check every exercise and routine file in DIRECTORY (default: the app's library).

    Lists each mistake with its file and field; exits with status 1 if there is any.
    """
    from posecapture.exercises import load_library

    library = load_library(directory)
    for problem in library.problems:
        click.echo(str(problem))
    files = len({p.file for p in library.problems})
    summary = (
        f"{library.directory}: {_count(len(library.exercises), 'exercise')} and "
        f"{_count(len(library.routines), 'routine')} loaded"
    )
    if library.problems:
        click.echo(
            f"{summary}; {_count(len(library.problems), 'problem')} in {_count(files, 'file')}."
        )
        raise click.exceptions.Exit(1)
    click.echo(f"{summary}, no problems.")


@exercises_group.command("list")
@_DIR
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    default="en",
    show_default=True,
    help="Language of the titles.",
)
def list_command(directory: Path | None, language: str) -> None:
    """List the exercises and routines in DIRECTORY (default: the app's library)."""
    from posecapture.exercises import load_library

    library = load_library(directory)
    rows = [("id", "title", "view", "sides", "reps x hold", "target (window)")]
    for e in library.exercises.values():
        rows.append(
            (
                e.id,
                e.title[language],
                e.view,
                "+".join(e.sides),
                f"{e.reps} x {e.hold_s:g} s",
                f"{e.target_deg:g}° ({e.window_low:g}° to {e.window_high:g}°)",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    click.echo("")
    for r in library.routines.values():
        click.echo(f"routine {r.id}: {r.title[language]} — {', '.join(r.exercises)}")
    if library.problems:
        click.echo(f"({_count(len(library.problems), 'problem')}: run posecapture exercises check)")


COMMANDS: list[click.Command] = [exercises_group]
