"""The camera check: plain guidance ("take a step back") until the body is in the picture."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.screenmanager import Screen

from posecapture.exercises import Exercise
from posecapture.session.events import SetupStatus, setup_hint
from posecapture.session.setup_check import SetupThresholds


class SetupScreen(Screen):
    hint = StringProperty("")
    ok = BooleanProperty(False)
    view = StringProperty("front")
    angles = DictProperty({})
    metrics = ListProperty([])
    # The outline over the camera picture: the body the exercise needs in the picture,
    # at the size the setup check is happiest with.
    body = StringProperty("whole")
    outline_height = NumericProperty(SetupThresholds().target_body_height)

    @property
    def camera_view(self):
        return self.ids.camera

    def prepare(self, exercise: Exercise | None, side: str | None) -> None:
        if exercise is None:
            return
        on = side if side in ("left", "right") else exercise.sides[0]
        self.view = exercise.view
        self.body = exercise.body
        self.angles = exercise.pose_for(on)
        self.metrics = list(exercise.metric_ids(on))

    def show_status(self, status: SetupStatus) -> None:
        app = App.get_running_app()
        self.ok = status.ok
        if status.ok:
            self.hint = app.tr("setup_ok")
        elif status.problems:
            self.hint = setup_hint(status.problems[0], app.language)
