"""Driving the app like a person: pumping the Kivy loop, tapping, taking screenshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"


def pump(until: Callable[[], bool] = lambda: False, timeout_s: float = 10.0) -> bool:
    """Run the Kivy loop until ``until()`` holds (then a few frames more); False on timeout."""
    from kivy.base import EventLoop

    end = time.monotonic() + timeout_s
    while time.monotonic() < end and not until():
        EventLoop.idle()
    for _ in range(3):
        EventLoop.idle()
    return bool(until())


def tap(widget: Any) -> None:
    """A finger press and release in the middle of ``widget``, through the window's touch
    dispatch (so a button hidden under another widget, or off screen, would not be hit)."""
    from kivy.tests.common import UnitTestTouch

    x, y = widget.to_window(widget.x + widget.width / 2, widget.y + widget.height / 2)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    pump(timeout_s=0.05)
    touch.touch_up()
    pump(timeout_s=0.05)


def screenshot(name: str) -> Path:
    """Save the window as test-artifacts/screens/<name>.png for a person to look at."""
    from kivy.core.window import Window

    pump(timeout_s=0.3)
    SCREENS.mkdir(parents=True, exist_ok=True)
    written = Path(Window.screenshot(str(SCREENS / f"{name}.png")))
    # Kivy numbers screenshots (name0001.png); keep one stable name per screen.
    target = SCREENS / f"{name}.png"
    written.replace(target)
    return target


def find(root: Any, predicate: Callable[[Any], bool]) -> Any:
    """The first widget under ``root`` (depth first) for which ``predicate`` holds."""
    for widget in root.walk():
        if predicate(widget):
            return widget
    raise LookupError("no such widget on screen")


def button(root: Any, text: str) -> Any:
    """The visible button (or card, or picture) under ``root`` showing the words ``text``."""
    return find(
        root,
        lambda w: (
            text in (getattr(w, "text", None), getattr(w, "name", None), getattr(w, "label", None))
            and hasattr(w, "trigger_action")
            and w.opacity > 0
        ),
    )
