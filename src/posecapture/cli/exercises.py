"""Commands of this area: see the module docstring once written."""

import click

COMMANDS: list[click.Command] = []
