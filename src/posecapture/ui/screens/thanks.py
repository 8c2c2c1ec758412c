"""The end: thank you, the stars of today, and back to the start."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen


class ThanksScreen(Screen):
    note = StringProperty("")

    def show_end(self, complete: bool) -> None:
        app = App.get_running_app()
        self.note = app.tr("see_you") if complete else app.tr("saved_incomplete")

    def again(self) -> None:
        app = App.get_running_app()
        app.session_over()
        app.go("profiles")
