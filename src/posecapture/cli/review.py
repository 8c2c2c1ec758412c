"""Commands for the care team: ``report``, ``export`` and ``import``.

``report`` writes the printable check-in report (HTML or PDF by the file's ending);
``export`` writes tidy CSV and OpenSim files, or a share bundle; ``import`` reads
a share bundle into this database (importing the same bundle twice adds nothing).
Each is a thin layer over one function of ``posecapture.review``; matplotlib and
fpdf2 are imported only when a command runs.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from posecapture.cli.options import db_option
from posecapture.cli.store import opened
from posecapture.languages import LANGUAGES

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@click.command("report")
@click.option("--child", required=True, help="The child's name.")
@click.option("--from", "start", type=_DATE, help="First day (YYYY-MM-DD); default: first session.")
@click.option("--to", "end", type=_DATE, help="Last day (YYYY-MM-DD); default: last session.")
@click.option(
    "--event",
    "event_id",
    type=int,
    help="Care event number to compare before/after (default: the latest in the period).",
)
@click.option(
    "--paper",
    type=click.Choice(["A4", "Letter"], case_sensitive=False),
    default="A4",
    show_default=True,
    help="Paper size of a PDF.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(list(LANGUAGES), case_sensitive=False),
    default="en",
    show_default=True,
    help="Language of the report: en (English) or es (Spanish); the numbers are the same.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="report.pdf or report.html",
)
@db_option
def report_command(
    child: str,
    start: datetime | None,
    end: datetime | None,
    event_id: int | None,
    paper: str,
    language: str,
    output: Path,
    db_path: str | None,
) -> None:
    """A printable progress report for a team check-in (PDF or HTML)."""
    from posecapture.review.report import write_report

    replacing = output.is_file()
    with opened(db_path) as store:
        path = write_report(
            store,
            child,
            output,
            start=_day(start),
            end=_day(end),
            event_id=event_id,
            paper="Letter" if paper.lower() == "letter" else "A4",
            language=language.lower(),
        )
    click.echo(f"Report written to {path}" + (" (replaced the old file)." if replacing else ""))


@click.command("export")
@click.option("--child", required=True, help="The child's name.")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for tidy CSV files and OpenSim .trc/.mot files.",
)
@click.option(
    "--bundle",
    "bundle_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Share bundle file to hand to the clinic (import it with: posecapture import FILE).",
)
@click.option("--no-opensim", is_flag=True, help="With --csv: skip the OpenSim files.")
@db_option
def export_command(
    child: str,
    csv_dir: Path | None,
    bundle_path: Path | None,
    no_opensim: bool,
    db_path: str | None,
) -> None:
    """Export a child's data as CSV and OpenSim files (--csv DIR) or a share bundle (--bundle)."""
    if (csv_dir is None) == (bundle_path is None):
        raise click.UsageError("Give either --csv FOLDER or --bundle FILE.")
    with opened(db_path) as store:
        if bundle_path is not None:
            from posecapture.review.bundle import export_bundle

            click.echo(f"Share bundle written to {export_bundle(store, child, bundle_path)}")
            return
        from posecapture.review.export import export_child

        assert csv_dir is not None
        result = export_child(store, child, csv_dir, opensim=not no_opensim)
    click.echo(
        f"Wrote {len(result.csv_files)} CSV files and {len(result.opensim_files)} OpenSim "
        f"files to {result.directory}"
    )


@click.command("import")
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def import_command(bundle: Path, db_path: str | None) -> None:
    """Add a share bundle made by another posecapture to this database."""
    from posecapture.review.bundle import import_bundle

    with opened(db_path) as store:
        result = import_bundle(store, bundle)
    if result.new_rows == 0:
        click.echo(f"Nothing new for {result.child_name}: this database already had all of it.")
        return
    parts = ", ".join(f"{t.replace('_', ' ')} {n}" for t, n in result.added.items() if n)
    click.echo(f"Imported {result.child_name}. New rows: {parts}.")


COMMANDS: list[click.Command] = [report_command, export_command, import_command]
