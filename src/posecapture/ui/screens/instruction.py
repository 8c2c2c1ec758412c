"""Before each exercise: a picture of the target pose, its name, and the spoken instruction."""

from __future__ import annotations

from collections.abc import Mapping

from kivy.app import App
from kivy.properties import DictProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.exercises import Exercise


class InstructionScreen(Screen):
    title = StringProperty("")
    words = StringProperty("")
    side_text = StringProperty("")
    view = StringProperty("front")
    angles = DictProperty({})
    metrics = ListProperty([])
    speech = DictProperty({})

    def show(self, exercise: Exercise | None, side: str | None, text: Mapping[str, str]) -> None:
        app = App.get_running_app()
        if exercise is None:
            return
        on = side if side in ("left", "right") else exercise.sides[0]
        self.title = app.pick(exercise.title)
        self.words = app.pick(text) or app.pick(exercise.instruction)
        self.side_text = app.tr(f"side_{side}") if side in ("left", "right") else ""
        self.view = exercise.view
        self.angles = exercise.pose_for(on)
        self.metrics = list(exercise.metric_ids(on))
        self.speech = dict(exercise.speech)

    def listen(self) -> None:
        app = App.get_running_app()
        app.say(app.pick(self.speech))
