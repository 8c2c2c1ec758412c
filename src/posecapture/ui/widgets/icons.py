"""Simple drawn icons for buttons a child may not be able to read: speaker, lock, play..."""

from __future__ import annotations

from kivy.graphics import Color, Line, Rectangle
from kivy.properties import ListProperty, StringProperty
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.widgets.shapes import polygon, star_points


class Icon(Widget):
    """``kind``: speaker, mute, lock, play, skip, star or check."""

    kind = StringProperty("play")
    colour = ListProperty(list(theme.INK))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, kind=self._draw, colour=self._draw)
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        s = min(self.width, self.height)
        x0, y0 = (self.x + self.width / 2) - s / 2, (self.y + self.height / 2) - s / 2
        w = max(1.5, s * 0.07)
        with self.canvas:
            Color(*self.colour)
            if self.kind in ("speaker", "mute"):
                Rectangle(pos=(x0 + s * 0.12, y0 + s * 0.36), size=(s * 0.18, s * 0.28))
                polygon(
                    [
                        (x0 + s * 0.28, y0 + s * 0.36),
                        (x0 + s * 0.28, y0 + s * 0.64),
                        (x0 + s * 0.52, y0 + s * 0.84),
                        (x0 + s * 0.52, y0 + s * 0.16),
                    ]
                )
                if self.kind == "speaker":
                    for k in (0.18, 0.32):
                        Line(circle=(x0 + s * 0.52, y0 + s * 0.5, s * k, 50, 130), width=w)
                else:
                    Line(
                        points=[x0 + s * 0.62, y0 + s * 0.35, x0 + s * 0.88, y0 + s * 0.65], width=w
                    )
                    Line(
                        points=[x0 + s * 0.62, y0 + s * 0.65, x0 + s * 0.88, y0 + s * 0.35], width=w
                    )
            elif self.kind == "lock":
                Rectangle(pos=(x0 + s * 0.22, y0 + s * 0.12), size=(s * 0.56, s * 0.42))
                Line(
                    circle=((self.x + self.width / 2), y0 + s * 0.56, s * 0.19, -90, 90),
                    width=w * 1.3,
                )
            elif self.kind == "play":
                polygon(
                    [
                        (x0 + s * 0.3, y0 + s * 0.18),
                        (x0 + s * 0.3, y0 + s * 0.82),
                        (x0 + s * 0.82, y0 + s * 0.5),
                    ]
                )
            elif self.kind == "skip":
                polygon(
                    [
                        (x0 + s * 0.15, y0 + s * 0.22),
                        (x0 + s * 0.15, y0 + s * 0.78),
                        (x0 + s * 0.55, y0 + s * 0.5),
                    ]
                )
                Rectangle(pos=(x0 + s * 0.62, y0 + s * 0.22), size=(s * 0.14, s * 0.56))
            elif self.kind == "star":
                polygon(
                    star_points((self.x + self.width / 2), (self.y + self.height / 2), s * 0.45)
                )
            elif self.kind == "check":
                Line(
                    points=[
                        x0 + s * 0.18,
                        y0 + s * 0.5,
                        x0 + s * 0.42,
                        y0 + s * 0.25,
                        x0 + s * 0.84,
                        y0 + s * 0.75,
                    ],
                    width=w * 1.5,
                    cap="round",
                    joint="round",
                )
