"""Rest between reps and exercises: the child's own animal resting, a breathing circle,
and the seconds left in big numbers a child can read from across the room.

The seconds are counted here from the exercise's rest time, starting when the
session engine enters the rest (the reward may be on screen for the first few
seconds of it), and they stand still while the session is paused, as the
engine's own timer does.
"""

from __future__ import annotations

import math
import time

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.exercises import Exercise

# How often the seconds are checked: often enough that each second shows on time.
TICK_S = 0.2


class RestScreen(Screen):
    breath = NumericProperty(0.6)
    title = StringProperty("")
    seconds_left = NumericProperty(0)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._ends_at: float | None = None
        self._frozen_left: float | None = None
        self._ticking = Clock.create_trigger(self._tick, TICK_S, interval=True)

    def prepare(self, exercise: Exercise | None) -> None:
        app = App.get_running_app()
        self.title = app.pick(exercise.title) if exercise is not None else ""

    def start_timer(self, seconds: float) -> None:
        """The engine has just entered a rest of ``seconds``."""
        self._ends_at = time.monotonic() + seconds
        self._frozen_left = None
        self._tick()
        self._ticking()

    def freeze(self) -> None:
        """The session paused: the seconds stand still."""
        if self._ends_at is not None and self._frozen_left is None:
            self._frozen_left = self._ends_at - time.monotonic()

    def thaw(self) -> None:
        if self._frozen_left is not None:
            self._ends_at = time.monotonic() + self._frozen_left
            self._frozen_left = None

    def _tick(self, *_: object) -> None:
        if self._ends_at is None or self._frozen_left is not None:
            return
        left = self._ends_at - time.monotonic()
        # Never 0 on screen: the engine moves on as that second ends.
        self.seconds_left = max(1, math.ceil(left))
        if left <= 0:
            self._ticking.cancel()

    def on_enter(self, *_: object) -> None:
        # Slow in-and-out, about six breaths a minute: calming, and nothing to read.
        self._breathing = Animation(breath=1.0, duration=4.5, t="in_out_sine") + Animation(
            breath=0.6, duration=4.5, t="in_out_sine"
        )
        self._breathing.repeat = True
        self._breathing.start(self)

    def on_leave(self, *_: object) -> None:
        Animation.cancel_all(self)
