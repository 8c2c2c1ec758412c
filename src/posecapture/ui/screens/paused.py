"""Paused: the camera stopped (the session waits for it) or a grown-up stepped in."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen


class PausedScreen(Screen):
    reason_text = StringProperty("")

    def show_reason(self, reason: str) -> None:
        app = App.get_running_app()
        self.reason_text = app.tr("camera_lost") if reason == "camera lost" else ""
