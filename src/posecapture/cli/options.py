"""Option sets shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """``--db PATH`` (or ``POSECAPTURE_DB``): the session store to use."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        envvar="POSECAPTURE_DB",
        default=None,
        help="Session database file (default: the user data folder; env POSECAPTURE_DB).",
    )(func)
