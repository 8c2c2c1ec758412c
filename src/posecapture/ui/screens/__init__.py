"""One ``name.py`` + ``name.kv`` pair per screen; ``PoseCaptureApp.screen()`` builds them lazily."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory


def make(rule: str, **values: Any) -> Any:
    """A widget of a .kv dynamic class with its properties set (Kivy does not accept a
    dynamic class's own properties as constructor arguments)."""
    widget = getattr(Factory, rule)()
    for name, value in values.items():
        setattr(widget, name, value)
    return widget
