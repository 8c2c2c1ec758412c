"""What every review screen shares: where the data comes from, tables, charts, messages."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.image import Image
from kivy.uix.screenmanager import Screen

from posecapture.errors import UserError
from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review.tables import Table
from posecapture.review.words import language_of
from posecapture.ui.review.strings import tr

# DejaVu Sans (shipped inside matplotlib, so always present) has the arrows, minus
# signs and accents that care-team notes use; Kivy's Roboto lacks some of them.
FONT = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
FONT_BOLD = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf")


class ReviewScreen(Screen):
    """A screen that reads the store for the current child; errors become a message line."""

    message = StringProperty("")
    busy = BooleanProperty(False)
    # The app's language setting, read each time the screen is shown; .kv rules pass it
    # to ``tr`` so every label follows it.
    language = StringProperty(DEFAULT_LANGUAGE)
    store: Any = None
    back_to = "grownups"

    def get_child_id(self) -> int | None:  # replaced by add_review_screens
        return None

    def on_pre_enter(self, *_: object) -> None:
        self.message = ""
        self.language = language_of(getattr(App.get_running_app(), "language", None))
        child_id = self.get_child_id()
        if child_id is None:
            self.message = tr("choose_child", self.language)
            return
        try:
            self.refresh(int(child_id))
        except UserError as exc:
            self.message = str(exc)

    def refresh(self, child_id: int) -> None:
        raise NotImplementedError

    def go(self, name: str) -> None:
        if self.manager is not None:
            self.manager.current = name

    def in_background(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run slow pure work (drawing charts) off the Kivy thread, then ``done`` on it."""
        self.busy = True

        def run() -> None:
            result = work()
            Clock.schedule_once(lambda _dt: self._finish(done, result))

        threading.Thread(target=run, daemon=True).start()

    def _finish(self, done: Callable[[Any], None], result: Any) -> None:
        done(result)
        self.busy = False


def chart_image(png: bytes, width: float) -> Image:
    """A PNG chart as a Kivy image, ``width`` pixels wide with its own aspect ratio."""
    texture = CoreImage(io.BytesIO(png), ext="png").texture
    return Image(
        texture=texture,
        size_hint=(None, None),
        width=width,
        height=width * texture.height / texture.width,
        fit_mode="contain",
    )


def fill_table(grid: Any, table: Table, *, empty: str = "") -> None:
    """Fill a GridLayout with a ``review.tables.Table``: headings, then rows of text."""
    grid.clear_widgets()
    grid.cols = len(table.headers)
    total = sum(table.widths)
    if not table.rows:
        grid.cols = 1
        grid.add_widget(Factory.TableCell(text=empty))
        return
    for heading, weight in zip(table.headers, table.widths, strict=True):
        grid.add_widget(Factory.TableHead(text=heading, size_hint_x=weight / total))
    for row in table.rows:
        for value, weight in zip(row, table.widths, strict=True):
            grid.add_widget(Factory.TableCell(text=value, size_hint_x=weight / total))
