"""The faces scales the child taps to say how the exercises felt (0 great .. 10 too much).

Two scales of six drawn faces, each face with a word underneath for the parent:
"pain" goes from a broad smile to tears, "effort" (how hard it was) from a
relaxed smile to a face squeezing with effort, sweat drops and all. The child
answers with one tap and the choice is shown by a thick ring, so a wrong tap
can be changed.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.i18n import FACE_VALUES, text
from posecapture.ui.widgets.shapes import curve

FACE_COLOURS = ("#7BC67B", "#B5D66B", "#F6D55C", "#F7B155", "#F08A5D", "#E05A5A")
# How hard it was: cool blues to a deep purple, so it does not read as a second pain scale.
EFFORT_COLOURS = ("#8ED1E8", "#7EB8E8", "#8C9EEA", "#9A88E0", "#A071D0", "#9B59B6")
# The word under each face, by kind: i18n keys "face_<value>" and "effort_<value>".
LABEL_PREFIX = {"pain": "face", "effort": "effort"}


class Face(ButtonBehavior, Widget):
    value = NumericProperty(0)
    selected = BooleanProperty(False)
    kind = StringProperty("pain")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(
            pos=self._draw, size=self._draw, selected=self._draw, value=self._draw, kind=self._draw
        )
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        r = min(self.width, self.height) / 2 * 0.86
        cx, cy = self.x + self.width / 2, self.y + self.height / 2
        level = self.value / 10.0  # 0 happiest .. 1 saddest
        colours = EFFORT_COLOURS if self.kind == "effort" else FACE_COLOURS
        with self.canvas:
            if self.selected:
                Color(*theme.INK)
                Line(circle=(cx, cy, r * 1.1), width=max(2.0, r * 0.08))
            Color(*theme.hex_rgba(colours[FACE_VALUES.index(int(self.value))]))
            Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r))
            Color(*theme.INK)
            if self.kind == "effort":
                self._draw_effort(cx, cy, r, level)
                return
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

    def _draw_effort(self, cx: float, cy: float, r: float, level: float) -> None:
        """Open eyes and a smile when easy; eyes squeezed shut, a tight mouth and sweat
        drops as it gets harder."""
        line = max(1.5, r * 0.06)
        eye = r * 0.1
        for side in (-1, 1):
            ex, ey = cx + side * 0.35 * r, cy + 0.2 * r
            if level < 0.5:
                Ellipse(pos=(ex - eye, ey - eye), size=(2 * eye, 2 * eye))
            else:
                # Squeezed shut: a ">" and a "<" pointing at the nose.
                w, h = 0.14 * r, 0.09 * r
                Line(
                    points=[ex - side * w, ey + h, ex + side * w, ey, ex - side * w, ey - h],
                    width=line,
                )
        mouth_y = cy - 0.35 * r
        if level < 0.5:
            bend = (0.3 - 0.5 * level) * r
            Line(points=curve(cx, mouth_y - bend / 2, 0.42 * r, bend), width=line)
        else:
            # Teeth clenched with effort: a wide rounded bar, taller the harder it was.
            h = (0.08 + 0.16 * level) * r
            Line(rounded_rectangle=(cx - 0.4 * r, mouth_y - h / 2, 0.8 * r, h, h / 2), width=line)
            Line(points=[cx - 0.38 * r, mouth_y, cx + 0.38 * r, mouth_y], width=line * 0.6)
        if level >= 0.6:
            Color(*theme.hex_rgba("#4FA3E0"))
            drops = 1 if level < 0.8 else 2
            for i in range(drops):
                # On the forehead and the cheek, clear of the squeezed eyes.
                dx = r * (0.5 + 0.22 * i)
                dy = r * (0.55 - 0.5 * i)
                Ellipse(pos=(cx + dx, cy + dy), size=(0.2 * r, 0.28 * r))


class FacesScale(BoxLayout):
    """A row of faces; ``value`` is the tapped face (0..10), or -1 before any tap.

    ``kind`` is "pain" (did it hurt?) or "effort" (how hard was it?)."""

    value = NumericProperty(-1)
    language = "en"

    def __init__(self, language: str = "en", kind: str = "pain", **kwargs: object) -> None:
        super().__init__(orientation="horizontal", spacing=8, **kwargs)
        self.language = language
        self.kind = kind
        self.faces: list[Face] = []
        for v in FACE_VALUES:
            column = BoxLayout(orientation="vertical", spacing=4)
            face = Face(value=v, kind=kind)
            face.bind(on_release=self._tapped)
            self.faces.append(face)
            column.add_widget(face)
            column.add_widget(
                Label(
                    text=text(f"{LABEL_PREFIX[kind]}_{v}", language),
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
