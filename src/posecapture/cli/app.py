"""``posecapture app``: the tablet app, with a camera or a video used as the camera."""

from __future__ import annotations

import click

from posecapture.cli.options import db_option


@click.command("app")
@click.option(
    "--video",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use this video as the camera (for demos and tests); it plays in a loop.",
)
@click.option("--camera", type=int, default=0, show_default=True, help="Which camera to use.")
@db_option
def app_command(video: str | None, camera: int, db_path: str | None) -> None:
    """Open the app for the child's guided session (and the grown-ups' area, behind a PIN)."""
    from posecapture.ui.launch import run_app

    run_app(video=video, camera=camera, db_path=db_path)


COMMANDS: list[click.Command] = [app_command]
