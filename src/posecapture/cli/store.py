"""Commands for the session store: children, care events, notes, goals and backups.

Every command takes ``--db PATH`` (or ``POSECAPTURE_DB``) and is a thin layer over
one ``posecapture.store.Store`` method. Output is for a therapist or a parent:
plain column headers, dates as YYYY-MM-DD, degrees with one decimal and the unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from posecapture.cli.options import db_option
from posecapture.languages import LANGUAGES

if TYPE_CHECKING:
    from posecapture.store import Store


@contextmanager
def opened(db_path: str | None, *, create: bool = True) -> Iterator[Store]:
    """The store at ``--db`` (or the default one), closed when the command ends.

    Commands that only read pass ``create=False`` (see ``Store.open``).
    """
    from posecapture.store import Store

    with Store.open(db_path, create=create) as store:
        yield store


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Rows under plain headers, columns aligned; the last column may run long."""
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for number, row in enumerate(cells):
        line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        click.echo(line)
        if number == 0:
            click.echo("  ".join("-" * w for w in widths))


def degrees(value: float | None) -> str:
    """One decimal and the unit; a value that was not measurable says so."""
    if value is None or value != value:
        return "not measurable"
    return f"{value:.1f}°"


def local_date(utc_text: str | None) -> str:
    """A stored UTC timestamp as the YYYY-MM-DD it was on this computer's clock."""
    from posecapture.store.store import local_day

    return local_day(utc_text).isoformat() if utc_text else ""


def _child_id(store: Store, name: str) -> int:
    return int(store.child(name)["id"])


# -- children --------------------------------------------------------------------


@click.group("child")
def child_group() -> None:
    """Add and list the children whose sessions are stored."""


@child_group.command("add")
@click.argument("name")
@click.option("--birth-date", default=None, help="YYYY-MM-DD (optional).")
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    default="en",
    show_default=True,
    help="Language of the instructions the child hears and reads.",
)
@db_option
def child_add(name: str, birth_date: str | None, language: str, db_path: str | None) -> None:
    """Add a child called NAME."""
    with opened(db_path) as store:
        child_id = store.add_child(name, birth_date=birth_date, language=language)
        stored = store.child(child_id)["name"]
    click.echo(f"Added {stored}.")


@child_group.command("list")
@db_option
def child_list(db_path: str | None) -> None:
    """List the children, with how many sessions each has."""
    with opened(db_path, create=False) as store:
        children = store.list_children()
    if not children:
        click.echo("No children yet. Add one with: posecapture child add NAME")
        return
    print_table(
        ["Name", "Born", "Language", "Sessions", "Last session"],
        [
            [
                c["name"],
                c["birth_date"],
                c["language"],
                c["session_count"],
                local_date(c["last_session_at"]),
            ]
            for c in children
        ],
    )


@child_group.command("target")
@click.argument("name")
@click.argument("exercise_id")
@click.option("--target", "target_deg", type=float, required=True, help="Target angle, degrees.")
@click.option("--low", type=float, default=None, help="Lowest angle that counts as holding.")
@click.option("--high", type=float, default=None, help="Highest angle that counts as holding.")
@db_option
def child_target(
    name: str,
    exercise_id: str,
    target_deg: float,
    low: float | None,
    high: float | None,
    db_path: str | None,
) -> None:
    """Set NAME's own target angle for EXERCISE_ID (overrides the exercise's default)."""
    from posecapture.exercises import Target, check_target

    exercise = check_target(exercise_id, Target(target_deg, low, high))
    with opened(db_path) as store:
        child = store.child(name)
        store.set_target(int(child["id"]), exercise_id, target_deg, low, high)
    click.echo(
        f"{child['name']}'s target for {exercise_id} is now {degrees(exercise.target_deg)}; "
        f"holding counts from {degrees(exercise.window_low)} to {degrees(exercise.window_high)}."
    )


# -- care events -------------------------------------------------------------------


@click.group("event")
def event_group() -> None:
    """Record medication changes, injections, surgery, illness: what may explain a change."""


@event_group.command("add")
@click.option("--child", "child_name", required=True, help="The child's name.")
@click.option(
    "--kind",
    required=True,
    help="medication_start, medication_stop, medication_change (or just 'medication'), "
    "botulinum_toxin (or 'botox'), surgery, therapy_change, illness, other.",
)
@click.option("--date", "when", required=True, help="YYYY-MM-DD.")
@click.option("--text", required=True, help="What happened, in your words.")
@click.option("--muscles", default=None, help="Muscles injected (botulinum toxin).")
@click.option("--dose", default=None, help="Dose, as written on the prescription.")
@db_option
def event_add(
    child_name: str,
    kind: str,
    when: str,
    text: str,
    muscles: str | None,
    dose: str | None,
    db_path: str | None,
) -> None:
    """Add a care event to a child's timeline."""
    with opened(db_path) as store:
        child = store.child(child_name)
        store.add_care_event(
            int(child["id"]),
            kind=kind,
            date=when,
            text=text,
            muscles=muscles,
            dose=dose,
        )
    click.echo(f"Added the event for {child['name']}.")


@event_group.command("list")
@click.option("--child", "child_name", required=True, help="The child's name.")
@db_option
def event_list(child_name: str, db_path: str | None) -> None:
    """List a child's care events, oldest first."""
    with opened(db_path, create=False) as store:
        events = store.care_events(_child_id(store, child_name))
    if not events:
        click.echo(f"No care events for {child_name} yet.")
        return
    print_table(
        ["Date", "Kind", "What happened"],
        [
            [
                e["date"],
                e["kind"].replace("_", " "),
                "; ".join(
                    part
                    for part in (
                        e["text"],
                        f"muscles: {e['muscles']}" if e["muscles"] else "",
                        f"dose: {e['dose']}" if e["dose"] else "",
                    )
                    if part
                ),
            ]
            for e in events
        ],
    )


# -- the shared notebook -----------------------------------------------------------


@click.group("note")
def note_group() -> None:
    """The notebook parents, therapists and doctors share about a child."""


@note_group.command("add")
@click.option("--child", "child_name", required=True, help="The child's name.")
@click.option(
    "--role",
    type=click.Choice(["parent", "therapist", "doctor"], case_sensitive=False),
    required=True,
    help="Who is writing.",
)
@click.option("--text", required=True, help="The note.")
@click.option("--author", default=None, help="Your name (optional).")
@click.option("--date", "when", default=None, help="YYYY-MM-DD (default: today).")
@db_option
def note_add(
    child_name: str, role: str, text: str, author: str | None, when: str | None, db_path: str | None
) -> None:
    """Add a note about a child."""
    with opened(db_path) as store:
        child = store.child(child_name)
        store.add_note(int(child["id"]), author_role=role, text=text, author_name=author, date=when)
    click.echo(f"Added the note for {child['name']}.")


@note_group.command("list")
@click.option("--child", "child_name", required=True, help="The child's name.")
@db_option
def note_list(child_name: str, db_path: str | None) -> None:
    """List the notes about a child, oldest first."""
    with opened(db_path, create=False) as store:
        notes = store.notes(_child_id(store, child_name))
    if not notes:
        click.echo(f"No notes for {child_name} yet.")
        return
    print_table(
        ["Date", "Written by", "Note"],
        [
            [
                n["date"],
                n["author_role"] + (f" ({n['author_name']})" if n["author_name"] else ""),
                n["text"],
            ]
            for n in notes
        ],
    )


# -- goals -------------------------------------------------------------------------


@click.group("goal")
def goal_group() -> None:
    """Goals the care team sets, such as "right shoulder flexion 150° by March"."""


@goal_group.command("add")
@click.option("--child", "child_name", required=True, help="The child's name.")
@click.option("--metric", required=True, help="e.g. shoulder_flexion, or right_shoulder_flexion.")
@click.option("--side", type=click.Choice(["left", "right", "both"]), default=None)
@click.option("--target", "target_deg", type=float, required=True, help="Degrees.")
@click.option("--by", "by_date", required=True, help="YYYY-MM-DD.")
@click.option("--text", default="", help="What the goal means for the child (optional).")
@db_option
def goal_add(
    child_name: str,
    metric: str,
    side: str | None,
    target_deg: float,
    by_date: str,
    text: str,
    db_path: str | None,
) -> None:
    """Add a goal for a child."""
    with opened(db_path) as store:
        child = store.child(child_name)
        store.add_goal(
            int(child["id"]),
            metric_id=metric,
            side=side,
            target_deg=target_deg,
            by_date=by_date,
            text=text,
        )
    click.echo(f"Added the goal for {child['name']}.")


@goal_group.command("list")
@click.option("--child", "child_name", required=True, help="The child's name.")
@db_option
def goal_list(child_name: str, db_path: str | None) -> None:
    """List a child's goals, soonest first."""
    with opened(db_path, create=False) as store:
        goals = store.goals(_child_id(store, child_name))
    if not goals:
        click.echo(f"No goals for {child_name} yet.")
        return
    print_table(
        ["By", "Metric", "Target", "Note"],
        [
            [g["by_date"], g["metric_id"].replace("_", " "), degrees(g["target_deg"]), g["text"]]
            for g in goals
        ],
    )


# -- the database file -------------------------------------------------------------


@click.group("db")
def db_group() -> None:
    """Where the database is, and backing it up."""


@db_group.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@db_option
def db_backup(dest: Path, db_path: str | None) -> None:
    """Copy the whole database to DEST (a new file, or a folder), safely even mid-session."""
    with opened(db_path, create=False) as store:
        written = store.backup(dest)
    click.echo(f"Backed up to {written}.")


@db_group.command("path")
@db_option
def db_path_command(db_path: str | None) -> None:
    """Print where the database file is."""
    from posecapture.store import default_db_path

    click.echo(str(Path(db_path) if db_path else default_db_path()))


COMMANDS: list[click.Command] = [child_group, event_group, note_group, goal_group, db_group]
