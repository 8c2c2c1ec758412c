"""The reward after each exercise: a big star, and the collection growing week by week."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.app import App
from kivy.metrics import dp
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.exercises import Exercise
from posecapture.ui.theme import AVATAR_COLOURS
from posecapture.ui.widgets.star import Star

# The collection row shows the newest stars; older ones are in the count.
SHOWN_STARS = 12


class RewardScreen(Screen):
    grow = NumericProperty(0.2)
    title = StringProperty("")

    def prepare(self, exercise: Exercise | None) -> None:
        app = App.get_running_app()
        self.title = app.pick(exercise.title) if exercise is not None else ""
        row = self.ids.collection
        row.clear_widgets()
        colours = list(AVATAR_COLOURS.values())
        total = int(app.stars)
        for i in range(max(0, total - SHOWN_STARS), total):
            row.add_widget(
                Star(
                    colour=list(colours[i % len(colours)]),
                    size_hint=(None, None),
                    size=(dp(52), dp(52)),
                )
            )

    def on_enter(self, *_: object) -> None:
        self.grow = 0.2
        Animation(grow=1.0, duration=0.7, t="out_back").start(self)

    def next(self) -> None:
        App.get_running_app().controller.reward_seen()
