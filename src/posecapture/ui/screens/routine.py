"""Today's routine: a picture of each exercise in order, the child's stars, and Start."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen

from posecapture.ui.screens import make


class RoutineScreen(Screen):
    def refresh(self) -> None:
        app = App.get_running_app()
        row = self.ids.exercises
        row.clear_widgets()
        for exercise in app.plan:
            side = exercise.sides[0]
            row.add_widget(
                make(
                    "ExerciseCard",
                    title=app.pick(exercise.title),
                    angles=exercise.pose_for(side),
                    view=exercise.view,
                    metrics=list(exercise.metric_ids(side)),
                )
            )
