"""``posecapture analyze``: measure a video, a photo or a camera and write the result file."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click


@click.command("analyze")
@click.argument("source")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Result file to write (JSON; see docs/result-json.md).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the angles of every frame as a spreadsheet (CSV).",
)
@click.option(
    "--annotate",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the clip with the skeleton and the angles drawn (.mp4, or .png for a photo).",
)
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A MediaPipe pose .task model file (lite, full or heavy) instead of the built-in model.",
)
def analyze_command(
    source: str, output: Path, csv_path: Path | None, annotate: Path | None, model: Path | None
) -> None:
    """Measure range of motion in SOURCE (a video file, a photo, or a camera number)."""
    from posecapture.analysis import analyze
    from posecapture.errors import UserError
    from posecapture.rom_text import rom_lines

    # Checked before measuring: a long clip must not be measured only to fail at the end.
    for target in (output, csv_path, annotate):
        if target is not None:
            _check_writable(target)
    if source.isdigit():
        click.echo(f"Measuring camera {source}: press Ctrl+C to stop.", err=True)
    # The bar appears with the first measured frame, so that a file that cannot be
    # opened gives its one-line error alone, not after a half-drawn bar.
    with ExitStack() as stack:
        bars: list[Any] = []  # click's ProgressBar, once the first frame is measured

        def progress(done: int, total: int | None) -> None:
            if not bars:
                bar = click.progressbar(length=total or 0, label="Measuring", show_pos=True)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        try:
            result = analyze(source, model=model, annotate=annotate, progress=progress)
        except KeyboardInterrupt:
            # 130 is the shell's code for "stopped by Ctrl+C"; click would say only "Aborted!".
            click.echo("\nStopped before the end of the clip: nothing was written.", err=True)
            raise SystemExit(130) from None
    try:
        output.write_text(json.dumps(result.to_json(), indent=1), encoding="utf-8")
        if csv_path is not None:
            result.write_csv(csv_path)
    except OSError as exc:
        raise UserError(
            f"Cannot write {exc.filename}: {exc.strerror}. Choose another file."
        ) from exc
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for line in rom_lines(result.summary, result.frames):
        click.echo(line)
    click.echo(f"{result.frames_with_pose} of {result.frames} frames measured; wrote {output}")


def _check_writable(target: Path) -> None:
    """One plain sentence when ``target`` cannot be written (missing or read-only folder,
    read-only file)."""
    import os

    from posecapture.errors import UserError

    folder = target.parent
    if not folder.exists():
        raise UserError(f"Folder {folder} does not exist: create it or choose another.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"Cannot write in folder {folder} (read-only): choose another folder.")
    if target.exists() and not os.access(target, os.W_OK):
        raise UserError(f"Cannot replace {target} (read-only): choose another file name.")


COMMANDS: list[click.Command] = [analyze_command]
