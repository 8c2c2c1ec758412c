"""The hold ring: fills while the child holds inside the target window.

Big and simple enough to follow from across the room: a grey track, an arc
that grows with the seconds held, coral while outside the window and teal
inside it, gold when the hold is complete.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

from posecapture.ui import theme


class HoldRing(Widget):
    progress = NumericProperty(0.0)
    inside = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, progress=self._draw, inside=self._draw)
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        r = min(self.width, self.height) / 2
        thickness = max(4.0, r * 0.16)
        inner = r - thickness / 2
        done = self.progress >= 1.0
        with self.canvas:
            Color(1, 1, 1, 0.85)
            Ellipse(
                pos=((self.x + self.width / 2) - r, (self.y + self.height / 2) - r),
                size=(2 * r, 2 * r),
            )
            Color(*theme.GREY)
            Line(
                circle=((self.x + self.width / 2), (self.y + self.height / 2), inner),
                width=thickness / 2,
            )
            if self.progress > 0:
                Color(*(theme.SUN if done else theme.TEAL if self.inside else theme.CORAL))
                Line(
                    circle=(
                        (self.x + self.width / 2),
                        (self.y + self.height / 2),
                        inner,
                        0,
                        360 * min(self.progress, 1.0),
                    ),
                    width=thickness / 2,
                    cap="round",
                )
