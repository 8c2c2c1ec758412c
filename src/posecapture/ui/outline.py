"""The outline of a child that the setup screen draws over the camera picture (no Kivy).

It shows where to stand and how big to be: a child who fills it is in the middle of
the picture and between the setup check's size limits (``SetupThresholds``:
``target_body_height``), so "come closer" and "take a step back" have something to
point at. An exercise of the whole body gets a standing child from head to feet;
an upper-body one (which may be done sitting at a table) head to hips, larger.

Coordinates are in picture heights: x from the picture's middle (the shape is
symmetric, so the mirror does not change it), y down from the picture's top.
"""

from __future__ import annotations

from dataclasses import dataclass

# One side of a standing child, 1 tall, head top at 0: neck, shoulder, outer arm,
# hand, inner arm, armpit, waist, hip, outer leg, foot, inner leg; x from the middle.
_SIDE = (
    (0.035, 0.17),
    (0.09, 0.19),
    (0.15, 0.22),
    (0.175, 0.33),
    (0.19, 0.48),
    (0.185, 0.53),
    (0.155, 0.535),
    (0.145, 0.47),
    (0.125, 0.33),
    (0.115, 0.42),
    (0.12, 0.53),
    (0.11, 0.75),
    (0.10, 0.96),
    (0.10, 1.0),
    (0.025, 1.0),
    (0.03, 0.75),
    (0.015, 0.58),
)
_HIPS_Y = 0.56  # where an upper-body outline ends
_HEAD = (0.0, 0.085, 0.085)  # centre x, centre y, radius: crown at 0, chin at the neck


@dataclass(frozen=True)
class Outline:
    """A closed body line and a head circle, in picture heights (see the module text)."""

    body: tuple[tuple[float, float], ...]
    head: tuple[float, float, float]


def body_outline(body: str, height: float) -> Outline:
    """The outline for an exercise's ``body`` ("whole" or "upper"), ``height`` picture
    heights tall, centred in the picture."""
    if body == "upper":
        side = [p for p in _SIDE if p[1] <= _HIPS_Y] + [(0.12, _HIPS_Y)]
        tall = _HIPS_Y
    else:
        side = list(_SIDE)
        tall = 1.0
    # The right side then the left, mirrored and in reverse, closes the line.
    shape = [*side, *((-x, y) for x, y in reversed(side))]
    scale = height / tall
    top = 0.5 - height / 2
    hx, hy, hr = _HEAD
    return Outline(
        body=tuple((x * scale, top + y * scale) for x, y in shape),
        head=(hx * scale, top + hy * scale, hr * scale),
    )
