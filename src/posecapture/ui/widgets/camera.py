"""The camera picture, mirrored like a mirror, with the skeleton drawn over it.

The child sees themself as in a mirror (raising their right arm moves the arm on
the right of the screen), which is what children expect; only the picture is
flipped, the measurements keep the child's own left and right. The skeleton is
drawn with Kivy lines over the texture rather than painted into the picture, so
drawing costs the drawing thread almost nothing.
"""

from __future__ import annotations

import math
import time

import numpy as np
from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import ListProperty
from kivy.uix.widget import Widget
from numpy.typing import NDArray

from posecapture.landmarks import INDEX, SKELETON
from posecapture.ui import theme

# Landmarks drawn at or above this visibility; below it a joint is not drawn
# rather than drawn somewhere it was guessed.
MIN_VISIBILITY = 0.5
_BODY_BONES = tuple((INDEX[a], INDEX[b]) for a, b in SKELETON if "eye" not in a and "ear" not in a)


class CameraView(Widget):
    """``show()`` a BGR picture and its landmarks; ``highlight`` lists landmark names to colour."""

    highlight = ListProperty([])

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._texture: Texture | None = None
        self._landmarks: NDArray[np.float64] | None = None
        self.drawn_at = 0.0
        with self.canvas.before:
            Color(*theme.INK)
            self._backdrop = Rectangle()
        with self.canvas:
            Color(1, 1, 1, 1)
            self._picture = Rectangle()
        self.bind(pos=self._layout, size=self._layout)

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
        self._texture.blit_buffer(
            np.ascontiguousarray(bgr).tobytes(), colorfmt="bgr", bufferfmt="ubyte"
        )
        self._landmarks = landmarks_px
        self._layout()
        self.drawn_at = time.perf_counter()

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
        self._backdrop.pos, self._backdrop.size = self.pos, self.size
        scale, ox, oy = self._fit()
        if self._texture is not None:
            tw, th = self._texture.size
            self._picture.pos = (ox, oy)
            self._picture.size = (tw * scale, th * scale)
        self.canvas.after.clear()
        if self._landmarks is None or self._texture is None:
            return
        tw, th = self._texture.size
        lm = self._landmarks
        seen = (lm[:, 3] >= MIN_VISIBILITY) & np.isfinite(lm[:, 0]) & np.isfinite(lm[:, 1])
        # Mirrored: x runs from the right edge.
        xs = ox + (tw - lm[:, 0]) * scale
        ys = oy + (th - lm[:, 1]) * scale
        width = max(2.0, scale * 5)
        marked = {INDEX[name] for name in self.highlight if name in INDEX}
        with self.canvas.after:
            for a, b in _BODY_BONES:
                if not (seen[a] and seen[b]):
                    continue
                bright = a in marked and b in marked
                Color(*(theme.SUN if bright else (1, 1, 1, 0.9)))
                Line(
                    points=[xs[a], ys[a], xs[b], ys[b]],
                    width=width * (1.6 if bright else 1.0),
                    cap="round",
                )
            Color(*theme.TEAL)
            r = width * 1.3
            for i in range(lm.shape[0]):
                if seen[i] and 11 <= i <= 28 and math.isfinite(xs[i]):
                    Ellipse(pos=(xs[i] - r, ys[i] - r), size=(2 * r, 2 * r))
