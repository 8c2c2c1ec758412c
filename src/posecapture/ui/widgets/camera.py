"""The camera picture, mirrored like a mirror, with the skeleton drawn over it.

The child sees themself as in a mirror (raising their right arm moves the arm on
the right of the screen), which is what children expect; only the picture is
flipped (by the texture's coordinates, not by copying the picture), the
measurements keep the child's own left and right. The skeleton is drawn with Kivy
lines over the texture rather than painted into the picture; its lines and dots
are created once and only moved at each frame, and the texture is created once
and refilled, so a frame costs the drawing thread one upload and a few dozen
coordinates. A hidden bone has no points; a hidden dot is made transparent, not
shrunk: Kivy does not rebuild an Ellipse resized to nothing, so a shrunk dot went on
being drawn where its joint was last seen (stray dots on the wall). Nothing is
painted behind the picture (the screen's own background shows around it): without
a GPU every pixel painted twice costs the pose worker time on the same cores.

The setup screen also draws the outline of a child to fill (``outline_body``,
``posecapture.ui.outline``): made once and placed only when the picture's place
or size changes, white until the setup check passes, then teal.
"""

from __future__ import annotations

import time

import numpy as np
from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.graphics.texture import Texture
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget
from numpy.typing import NDArray

from posecapture.landmarks import INDEX, SKELETON
from posecapture.ui import theme
from posecapture.ui.outline import body_outline

# Landmarks drawn at or above this visibility; below it a joint is not drawn
# rather than drawn somewhere it was guessed.
MIN_VISIBILITY = 0.5
_BODY_BONES = tuple((INDEX[a], INDEX[b]) for a, b in SKELETON if "eye" not in a and "ear" not in a)
# Dots where the bones meet (shoulders to ankles): a dot with no bone (the fingers)
# reads as a stray mark, not as part of the child.
_JOINTS = tuple(sorted({joint for bone in _BODY_BONES for joint in bone}))
# A body this many line widths tall or shorter gets thinner lines.
BODY_PER_LINE = 50.0


class CameraView(Widget):
    """``show()`` a BGR picture and its landmarks; ``highlight`` lists landmark names to colour.

    ``outline_body`` ("whole" or "upper"; "" for none) draws the outline of a child
    ``outline_height`` picture heights tall over the picture, teal when ``outline_ok``.
    """

    highlight = ListProperty([])
    outline_body = StringProperty("")
    outline_height = NumericProperty(0.6)
    outline_ok = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._texture: Texture | None = None
        self._landmarks: NDArray[np.float64] | None = None
        self.drawn_at = 0.0
        with self.canvas:
            Color(1, 1, 1, 1)
            self._picture = Rectangle()
        # One coloured line per bone and one dot per joint, made once; a hidden bone has
        # no points and a hidden dot no colour, rather than being removed.
        self._bones: list[tuple[Color, Line]] = []
        self._joints: list[tuple[Color, Ellipse]] = []
        with self.canvas.after:
            for _ in _BODY_BONES:
                self._bones.append((Color(1, 1, 1, 0.9), Line(points=[], cap="round")))
            for _ in _JOINTS:
                self._joints.append((Color(*theme.TEAL[:3], 0), Ellipse()))
            # The outline to fill: a dark edge under a light line, readable on any wall.
            self._outline_shadow = Color(0, 0, 0, 0)
            self._outline_edge = [Line(close=True), Line()]
            self._outline_colour = Color(1, 1, 1, 0)
            self._outline_lines = [Line(close=True), Line()]
        self._outline_at: tuple[object, ...] = ()
        self.bind(pos=self._layout, size=self._layout, highlight=self._layout)
        self.bind(
            outline_body=self._place_outline,
            outline_height=self._place_outline,
            outline_ok=self._place_outline,
        )

    def show(self, bgr: NDArray[np.uint8], landmarks_px: NDArray[np.float64] | None) -> None:
        height, width = bgr.shape[:2]
        if self._texture is None or self._texture.size != (width, height):
            self._texture = Texture.create(size=(width, height), colorfmt="bgr")
            # OpenCV rows run top to bottom; the mirror flips left and right.
            self._texture.flip_vertical()
            self._texture.flip_horizontal()
            # Nearest-pixel enlarging: the camera picture is only ~1.7x enlarged, and on a
            # device without a GPU (software OpenGL) smooth filtering made every frame
            # ~50% slower to draw (benchmarks/app_rate_latency.py).
            self._texture.mag_filter = "nearest"
            self._picture.texture = self._texture
        # The array itself is the buffer (a flat view of it): no copy of the picture here.
        flat = np.ascontiguousarray(bgr).reshape(-1)
        self._texture.blit_buffer(flat, colorfmt="bgr", bufferfmt="ubyte")
        self._landmarks = landmarks_px
        self._layout()
        self.drawn_at = time.perf_counter()

    def _place_outline(self, *_: object) -> None:
        """Put the outline over the picture where it is now (only when that changed)."""
        scale, ox, oy = self._fit()
        if self._texture is None or not self.outline_body:
            self._outline_shadow.a = self._outline_colour.a = 0
            self._outline_at = ()
            return
        tw, th = self._texture.size
        at = (scale, ox, oy, tw, th, self.outline_height, self.outline_body, self.outline_ok)
        if at == self._outline_at:
            return
        self._outline_at = at
        shape = body_outline(self.outline_body, self.outline_height)
        tall = th * scale
        middle_x, top_y = ox + tw * scale / 2, oy + tall

        def screen(x: float, y: float) -> tuple[float, float]:
            return middle_x + x * tall, top_y - y * tall

        points = [c for p in shape.body for c in screen(*p)]
        hx, hy, hr = shape.head
        circle = (*screen(hx, hy), hr * tall)
        width = max(1.5, dp(3))
        for lines, extra in ((self._outline_edge, dp(2)), (self._outline_lines, 0.0)):
            lines[0].points = points
            lines[0].width = width + extra
            lines[1].circle = circle
            lines[1].width = width + extra
        self._outline_shadow.rgba = (0, 0, 0, 0.35)
        self._outline_colour.rgba = (*theme.TEAL[:3], 1) if self.outline_ok else (1, 1, 1, 0.9)

    def clear(self) -> None:
        self._landmarks = None
        self._layout()

    def _fit(self) -> tuple[float, float, float]:
        """Scale and origin of the picture letter-boxed in the widget."""
        if self._texture is None:
            return 1.0, self.x, self.y
        tw, th = self._texture.size
        scale = min(self.width / tw, self.height / th)
        return (
            scale,
            (self.x + self.width / 2) - tw * scale / 2,
            (self.y + self.height / 2) - th * scale / 2,
        )

    def _layout(self, *_: object) -> None:
        scale, ox, oy = self._fit()
        self._place_outline()
        if self._texture is not None:
            tw, th = self._texture.size
            self._picture.pos = (ox, oy)
            self._picture.size = (tw * scale, th * scale)
        if self._landmarks is None or self._texture is None:
            self._hide_skeleton()
            return
        tw, th = self._texture.size
        lm = self._landmarks
        seen = (lm[:, 3] >= MIN_VISIBILITY) & np.isfinite(lm[:, 0]) & np.isfinite(lm[:, 1])
        # A joint the model places beyond the picture's edge is not drawn on the background.
        seen &= (lm[:, 0] >= 0) & (lm[:, 0] <= tw) & (lm[:, 1] >= 0) & (lm[:, 1] <= th)
        # Mirrored: x runs from the right edge.
        xs = ox + (tw - lm[:, 0]) * scale
        ys = oy + (th - lm[:, 1]) * scale
        # Lines and dots as thick as for a child near the camera, thinner for a child far
        # away (``posecapture.pose.zoom`` finds them), whose body they would cover.
        seen_y = lm[seen, 1]
        body_px = float(np.ptp(seen_y)) * scale if seen_y.size else 0.0
        width = max(2.0, min(scale * 5, body_px / BODY_PER_LINE))
        marked = {INDEX[name] for name in self.highlight if name in INDEX}
        for (a, b), (colour, line) in zip(_BODY_BONES, self._bones, strict=True):
            if not (seen[a] and seen[b]):
                line.points = []
                continue
            bright = a in marked and b in marked
            colour.rgba = theme.SUN if bright else (1, 1, 1, 0.9)
            line.width = width * (1.6 if bright else 1.0)
            line.points = [float(xs[a]), float(ys[a]), float(xs[b]), float(ys[b])]
        r = width * 1.3
        for i, (colour, dot) in zip(_JOINTS, self._joints, strict=True):
            if seen[i]:
                dot.pos = (float(xs[i]) - r, float(ys[i]) - r)
                dot.size = (2 * r, 2 * r)
                colour.a = theme.TEAL[3]
            else:
                colour.a = 0

    def _hide_skeleton(self) -> None:
        for _colour, line in self._bones:
            line.points = []
        for colour, _dot in self._joints:
            colour.a = 0
