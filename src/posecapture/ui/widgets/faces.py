"""The faces scale the child taps to say how the exercises felt (0 great .. 10 too much).

Six drawn faces from a broad smile to tears, each with a word underneath for
the parent; the child answers with one tap and the choice is shown by a thick
ring, so a wrong tap can be changed.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.i18n import FACE_VALUES, text
from posecapture.ui.widgets.shapes import curve

FACE_COLOURS = ("#7BC67B", "#B5D66B", "#F6D55C", "#F7B155", "#F08A5D", "#E05A5A")


class Face(ButtonBehavior, Widget):
    value = NumericProperty(0)
    selected = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, selected=self._draw, value=self._draw)
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        r = min(self.width, self.height) / 2 * 0.86
        cx, cy = self.x + self.width / 2, self.y + self.height / 2
        level = self.value / 10.0  # 0 happiest .. 1 saddest
        with self.canvas:
            if self.selected:
                Color(*theme.INK)
                Line(circle=(cx, cy, r * 1.1), width=max(2.0, r * 0.08))
            Color(*theme.hex_rgba(FACE_COLOURS[FACE_VALUES.index(int(self.value))]))
            Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r))
            Color(*theme.INK)
            eye = r * 0.1
            for dx in (-0.35, 0.35):
                Ellipse(pos=(cx + dx * r - eye, cy + 0.2 * r - eye), size=(2 * eye, 2 * eye))
            # From a broad smile (level 0) to a deep frown (level 1).
            bend = (0.3 - 0.6 * level) * r
            Line(
                points=curve(cx, cy - 0.3 * r - bend / 2, 0.42 * r, bend), width=max(1.5, r * 0.06)
            )
            if level >= 0.8:
                Color(*theme.hex_rgba("#4FA3E0"))
                Ellipse(pos=(cx - 0.42 * r, cy - 0.1 * r), size=(0.14 * r, 0.22 * r))


class FacesScale(BoxLayout):
    """A row of faces; ``value`` is the tapped face (0..10), or -1 before any tap."""

    value = NumericProperty(-1)
    language = "en"

    def __init__(self, language: str = "en", **kwargs: object) -> None:
        super().__init__(orientation="horizontal", spacing=8, **kwargs)
        self.language = language
        self.faces: list[Face] = []
        for v in FACE_VALUES:
            column = BoxLayout(orientation="vertical", spacing=4)
            face = Face(value=v)
            face.bind(on_release=self._tapped)
            self.faces.append(face)
            column.add_widget(face)
            column.add_widget(
                Label(
                    text=text(f"face_{v}", language),
                    color=theme.INK,
                    font_size="20sp",
                    size_hint_y=0.25,
                    halign="center",
                )
            )
            self.add_widget(column)

    def _tapped(self, face: Face) -> None:
        self.value = int(face.value)
        for f in self.faces:
            f.selected = f is face
