"""The exercise itself: the mirrored camera with the skeleton, the hold ring, the rep counter,
encouragement that follows what the child does, and a countdown readable from two metres."""

from __future__ import annotations

import math

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
from posecapture.session.events import HoldProgress
from posecapture.session.results import RepResult

# Within this many degrees below the window a stretch is "almost there".
ALMOST_DEG = 15.0


def _limb_landmarks(metric_ids: tuple[str, ...]) -> list[str]:
    """Landmark names of the limb a metric measures, to draw it brighter on the skeleton."""
    names: list[str] = []
    for metric in metric_ids:
        side = next((s for s in ("left", "right") if metric.startswith(s + "_")), None)
        sides = (side,) if side else ("left", "right")
        joint = metric.removeprefix(f"{side}_") if side else metric
        if joint.startswith(("shoulder", "elbow")):
            names += [f"{s}_{j}" for s in sides for j in ("shoulder", "elbow", "wrist")]
        elif joint.startswith(("hip", "knee")):
            names += [f"{s}_{j}" for s in sides for j in ("hip", "knee", "ankle")]
        elif joint.startswith(("trunk", "pelvic")):
            names += [f"{s}_{j}" for s in ("left", "right") for j in ("shoulder", "hip")]
    return names


class LiveScreen(Screen):
    cheer = StringProperty("")
    count = StringProperty("")
    counting = BooleanProperty(False)
    held = NumericProperty(0.0)
    inside = BooleanProperty(False)
    rep_text = StringProperty("")
    highlight = ListProperty([])
    view = StringProperty("front")
    angles = DictProperty({})
    metrics = ListProperty([])

    @property
    def camera_view(self):
        return self.ids.camera

    def prepare(self, exercise: Exercise | None, side: str | None, step: str) -> None:
        app = App.get_running_app()
        if exercise is None:
            return
        on = side if side in ("left", "right") else exercise.sides[0]
        ids = exercise.metric_ids(on)
        self.highlight = _limb_landmarks(ids)
        self.view = exercise.view
        self.angles = exercise.pose_for(on)
        self.metrics = list(ids)
        if step == "countdown":
            self.counting = True
            self.held = 0.0
            self.inside = False
            self.cheer = app.tr("countdown")
            self.rep_text = app.tr("rep_of", rep=1, reps=exercise.reps)
        elif step == "active":
            self.counting = False

    def countdown(self, seconds_left: int) -> None:
        app = App.get_running_app()
        self.counting = seconds_left > 0
        self.count = str(seconds_left) if seconds_left > 0 else app.tr("go")
        if seconds_left <= 0:
            self.cheer = app.tr("go")

    def progress(self, event: HoldProgress, exercise: Exercise | None) -> None:
        app = App.get_running_app()
        self.counting = False
        self.inside = event.inside
        self.held = event.held_s / event.hold_s if event.hold_s > 0 else 0.0
        reps = exercise.reps if exercise is not None else event.rep
        self.rep_text = app.tr("rep_of", rep=event.rep, reps=reps)
        if event.inside:
            self.cheer = app.tr("hold_it")
        elif exercise is not None and exercise.kind == "hold_still":
            self.cheer = app.tr("keep_going")
        elif (
            exercise is not None
            and math.isfinite(event.angle_deg)
            and exercise.window_low - ALMOST_DEG <= event.angle_deg < exercise.window_low
        ):
            self.cheer = app.tr("almost")
        else:
            self.cheer = app.tr("reach")

    def rep_done(self, rep: RepResult) -> None:
        app = App.get_running_app()
        self.held = 1.0 if rep.completed else self.held
        self.cheer = app.tr("rep_done") if rep.completed else app.tr("keep_going")
