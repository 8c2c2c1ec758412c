"""Rest between exercises: a calm screen with a breathing circle and what comes next."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.exercises import Exercise


class RestScreen(Screen):
    breath = NumericProperty(0.6)
    title = StringProperty("")

    def prepare(self, exercise: Exercise | None) -> None:
        app = App.get_running_app()
        self.title = app.pick(exercise.title) if exercise is not None else ""

    def on_enter(self, *_: object) -> None:
        # Slow in-and-out, about six breaths a minute: calming, and nothing to read.
        self._breathing = Animation(breath=1.0, duration=4.5, t="in_out_sine") + Animation(
            breath=0.6, duration=4.5, t="in_out_sine"
        )
        self._breathing.repeat = True
        self._breathing.start(self)

    def on_leave(self, *_: object) -> None:
        Animation.cancel_all(self)
