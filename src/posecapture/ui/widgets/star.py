"""A reward star: gold when earned, a pale outline still to earn."""

from __future__ import annotations

from kivy.graphics import Color, Line
from kivy.properties import BooleanProperty, ListProperty
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.widgets.shapes import polygon, star_points


class Star(Widget):
    filled = BooleanProperty(True)
    colour = ListProperty(list(theme.SUN))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, filled=self._draw, colour=self._draw)
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        r = min(self.width, self.height) / 2 * 0.95
        pts = star_points((self.x + self.width / 2), (self.y + self.height / 2), r)
        with self.canvas:
            if self.filled:
                Color(*self.colour)
                polygon(pts)
                Color(*theme.hex_rgba("#D89B12"))
            else:
                Color(*theme.GREY)
            outline = [c for p in pts[1:] for c in p]
            Line(points=outline, width=max(1.5, r * 0.06), close=True, joint="round")
