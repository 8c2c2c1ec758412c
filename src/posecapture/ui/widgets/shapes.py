"""Small drawing helpers shared by the drawn widgets (filled polygons, stars, arcs)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from kivy.graphics import Mesh


def polygon(points: Sequence[tuple[float, float]]) -> Mesh:
    """A filled convex polygon (a triangle fan around its first point)."""
    vertices: list[float] = []
    for x, y in points:
        vertices += [x, y, 0.0, 0.0]
    return Mesh(vertices=vertices, indices=list(range(len(points))), mode="triangle_fan")


def star_points(
    cx: float, cy: float, outer: float, inner_share: float = 0.45
) -> list[tuple[float, float]]:
    """A five-pointed star, point up, starting and ending at its centre (for a triangle fan)."""
    points = [(cx, cy)]
    for i in range(11):
        r = outer if i % 2 == 0 else outer * inner_share
        a = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def curve(cx: float, cy: float, half_width: float, bend: float, steps: int = 12) -> list[float]:
    """A smile (``bend`` > 0) or a frown (``bend`` < 0) as a flat list of line points."""
    out: list[float] = []
    for i in range(steps + 1):
        u = -1 + 2 * i / steps
        out += [cx + u * half_width, cy - bend * (1 - u * u)]
    return out
