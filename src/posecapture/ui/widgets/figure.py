"""The friendly target figure, posed from the exercise's own target angles."""

from __future__ import annotations

import math

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import DictProperty, ListProperty, StringProperty
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.target_pose import HEAD_R, pose_figure
from posecapture.ui.widgets.shapes import curve


class TargetFigure(Widget):
    """``angles``: degrees by angle id; ``view``: "front" or "side"; ``metrics``: the
    measured angle ids, whose limbs are coloured."""

    angles = DictProperty({})
    view = StringProperty("front")
    metrics = ListProperty([])

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(
            pos=self._draw, size=self._draw, angles=self._draw, view=self._draw, metrics=self._draw
        )
        self._draw()

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        pose = pose_figure(dict(self.angles), self.view, tuple(self.metrics))
        # Figure units: x in about -0.55..0.55 (arms overhead or out), y 0..1.05.
        scale = min(self.width / 1.2, self.height / 1.12)
        ox = self.x + self.width / 2
        oy = (self.y + self.height / 2) - scale * 0.52

        def at(p: tuple[float, float]) -> tuple[float, float]:
            return (ox + p[0] * scale, oy + p[1] * scale)

        # Kivy's Line width is half the drawn thickness.
        limb = scale * 0.028
        bones = pose.bones()
        # Back to front: resting limbs, the body, the limbs the exercise moves, then the
        # face, which a raised arm must never hide.
        behind = [b for b in bones if b[0] != "trunk" and b[0] not in pose.highlight]
        trunk = [b for b in bones if b[0] == "trunk"]
        moving = [b for b in bones if b[0] in pose.highlight and b[0] != "trunk"]
        with self.canvas:
            Color(*theme.hex_rgba("#000000", 0.08))
            Ellipse(pos=(ox - scale * 0.25, oy - scale * 0.035), size=(scale * 0.5, scale * 0.07))
            side_view = self.view == "side"
            for _name, start, end in behind:
                Color(*(theme.hex_rgba("#8FCFC6") if side_view else theme.TEAL))
                Line(points=[*at(start), *at(end)], width=limb, cap="round")
            for name, start, end in trunk:
                Color(*(theme.CORAL if name in pose.highlight else theme.TEAL_DARK))
                Line(
                    points=[*at(start), *at(end)],
                    width=limb * (1.7 if side_view else 2.3),
                    cap="round",
                )
            for _name, start, end in moving:
                Color(*theme.CORAL)
                Line(points=[*at(start), *at(end)], width=limb, cap="round")
            head_x, head_y = at(pose.head)
            r = HEAD_R * scale
            Color(*(theme.CORAL if "head" in pose.highlight else theme.SUN))
            Ellipse(pos=(head_x - r, head_y - r), size=(2 * r, 2 * r))
            Color(*theme.INK)
            eye = r * 0.13
            # A turned head shows its face off-centre, the way the child would see it.
            turn = math.sin(math.radians(pose.face_turn_deg)) * 0.45
            spots = ((0.45, 0.15),) if side_view else ((-0.35 + turn, 0.15), (0.35 + turn, 0.15))
            for dx, dy in spots:
                Ellipse(pos=(head_x + dx * r - eye, head_y + dy * r - eye), size=(2 * eye, 2 * eye))
            mouth_x = head_x + (0.35 * r if side_view else turn * r)
            Line(
                points=curve(mouth_x, head_y - 0.3 * r, 0.32 * r, 0.16 * r),
                width=max(1.2, r * 0.07),
            )
