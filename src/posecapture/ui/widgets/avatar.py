"""Profile pictures drawn as friendly animal faces: nothing to download or store."""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.widgets.shapes import curve, polygon


class Avatar(Widget):
    kind = StringProperty("cat")
    # Eyes closed, resting (the rest screen).
    sleepy = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, kind=self._draw, sleepy=self._draw)
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        kind = self.kind if self.kind in theme.AVATAR_COLOURS else "cat"
        colour = theme.AVATAR_COLOURS[kind]
        darker = (*(c * 0.8 for c in colour[:3]), 1.0)
        r = min(self.width, self.height) / 2 * 0.72
        cx, cy = (self.x + self.width / 2), (self.y + self.height / 2) - r * 0.08
        with self.canvas:
            Color(*darker)
            if kind == "lion":
                Ellipse(pos=(cx - r * 1.3, cy - r * 1.3), size=(r * 2.6, r * 2.6))
            elif kind == "cat":
                for s in (-1, 1):
                    polygon(
                        [
                            (cx + s * r * 0.9, cy + r * 0.25),
                            (cx + s * r * 0.8, cy + r * 1.3),
                            (cx + s * r * 0.2, cy + r * 0.85),
                        ]
                    )
            elif kind == "bear":
                for s in (-1, 1):
                    Ellipse(
                        pos=(cx + s * r * 0.72 - r * 0.35, cy + r * 0.55), size=(r * 0.7, r * 0.7)
                    )
            elif kind == "bunny":
                for s in (-1, 1):
                    Ellipse(
                        pos=(cx + s * r * 0.42 - r * 0.2, cy + r * 0.5), size=(r * 0.4, r * 1.1)
                    )
            elif kind == "owl":
                for s in (-1, 1):
                    polygon(
                        [
                            (cx + s * r * 0.95, cy + r * 0.4),
                            (cx + s * r * 0.85, cy + r * 1.2),
                            (cx + s * r * 0.4, cy + r * 0.85),
                        ]
                    )
            Color(*colour)
            Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r))
            eye_y = cy + r * 0.2
            if kind in ("frog", "owl"):
                Color(1, 1, 1, 1)
                lift = r * 0.55 if kind == "frog" else 0.0
                for s in (-1, 1):
                    Ellipse(
                        pos=(cx + s * r * 0.42 - r * 0.3, eye_y + lift - r * 0.3),
                        size=(r * 0.6, r * 0.6),
                    )
                eye_y += lift
            Color(*theme.INK)
            e = r * 0.11
            for s in (-1, 1):
                if self.sleepy:
                    # Closed eyes: two small smiles.
                    Line(
                        points=curve(cx + s * r * 0.42, eye_y, e * 1.3, e * 0.8),
                        width=max(1.2, r * 0.05),
                    )
                else:
                    Ellipse(pos=(cx + s * r * 0.42 - e, eye_y - e), size=(2 * e, 2 * e))
            Color(*theme.hex_rgba("#FF9AA2", 0.7))
            for s in (-1, 1):
                Ellipse(pos=(cx + s * r * 0.6 - r * 0.14, cy - r * 0.22), size=(r * 0.28, r * 0.18))
            Color(*theme.INK)
            if kind != "frog":
                polygon(
                    [
                        (cx - r * 0.1, cy - r * 0.02),
                        (cx + r * 0.1, cy - r * 0.02),
                        (cx, cy - r * 0.14),
                    ]
                )
            Line(points=curve(cx, cy - r * 0.3, r * 0.25, r * 0.12), width=max(1.2, r * 0.05))
