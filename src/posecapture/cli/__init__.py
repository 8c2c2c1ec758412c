"""The ``posecapture`` command line: a thin click layer over the library.

Each command lives in the module of its area and calls one library function.
Errors a user can meet (``UserError``) print as one line and exit 1; nothing
heavy (MediaPipe, Kivy, the camera) is imported until a command needs it.
"""

from __future__ import annotations

import click

from posecapture import __version__
from posecapture.cli import analyze, app, exercises, review, session, store
from posecapture.errors import UserError


class _Group(click.Group):
    """A group that turns a ``UserError`` from any command into a one-line message."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posecapture")
def main() -> None:
    """Measure range of motion and posture from a camera or a video, for children with dystonia."""


for _module in (analyze, exercises, session, store, app, review):
    for _command in _module.COMMANDS:
        main.add_command(_command)
