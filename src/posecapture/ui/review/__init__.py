"""The care team's review screens in the app: dashboard, before/after, sessions, notebook.

The app engineer's grown-ups area (behind the PIN) calls ``add_review_screens``
the first time an adult opens "Progress"; the screens are then built once and
refreshed each time they are shown. Each screen is a ``name.py`` + ``name.kv``
pair in this folder and reads the store through ``posecapture.review``, so the
app shows exactly the figures of the printed report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.uix.screenmanager import ScreenManager

HERE = Path(__file__).parent
ENTRY_SCREEN = "review_dashboard"
# Screen name -> (module in this folder, class name).
SCREENS: dict[str, tuple[str, str]] = {
    "review_dashboard": ("dashboard", "DashboardScreen"),
    "review_before_after": ("before_after", "BeforeAfterScreen"),
    "review_sessions": ("sessions", "SessionsScreen"),
    "review_session": ("session_detail", "SessionDetailScreen"),
    "review_notebook": ("notebook", "NotebookScreen"),
}
_loaded: set[str] = set()


def _load_kv(name: str) -> None:
    if name not in _loaded:
        Builder.load_file(str(HERE / f"{name}.kv"))
        _loaded.add(name)


def add_review_screens(
    screen_manager: ScreenManager,
    store: Any,
    get_child_id: Callable[[], int | None],
    *,
    back_to: str = "grownups",
) -> None:
    """Add the review screens to ``screen_manager``; they read ``store`` for the child
    ``get_child_id()`` returns, and "Back" on the dashboard goes to ``back_to``."""
    _load_kv("common")
    for name, (module_name, class_name) in SCREENS.items():
        if screen_manager.has_screen(name):
            continue
        module = importlib.import_module(f"posecapture.ui.review.{module_name}")
        _load_kv(module_name)
        screen = getattr(module, class_name)(name=name)
        screen.store = store
        screen.get_child_id = get_child_id
        if name != "review_session":  # the session detail goes back to the list
            screen.back_to = back_to
        screen_manager.add_widget(screen)
