"""The skeleton over the camera picture, checked on the pixels Kivy really draws.

Kivy keeps the last shape of a canvas instruction until it is rebuilt, so what the
widget believes it hides and what is on screen can differ: these tests read the drawn
pixels back (a black picture, so every painted pixel belongs to the skeleton) and
compare them with the landmarks of the frame on show, mapped through the mirror.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from posecapture.landmarks import INDEX, SKELETON

pytestmark = pytest.mark.ui

WIDTH, HEIGHT = 320, 240
# A painted pixel this far from every drawn joint and bone (in picture pixels, scale 1)
# belongs to no part of the frame on show; dots and lines are under 10 px in radius here.
SLACK_PX = 14.0
# The body's bones; the face is left undrawn over a child's face.
BONES = [(INDEX[a], INDEX[b]) for a, b in SKELETON if not {"eye", "ear"} & {*a.split("_")}]


def standing(shift_x: float = 0.0) -> NDArray[np.float64]:
    """A whole body facing the camera, every landmark seen, in picture pixels."""
    lm = np.zeros((33, 4))
    lm[:, 3] = 1.0
    spots = {
        "shoulder": (40, 60),
        "elbow": (60, 100),
        "wrist": (70, 140),
        "hip": (30, 140),
        "knee": (32, 180),
        "ankle": (34, 225),
    }
    for joint, (dx, y) in spots.items():
        lm[INDEX[f"left_{joint}"], :2] = (160 + dx + shift_x, y)
        lm[INDEX[f"right_{joint}"], :2] = (160 - dx + shift_x, y)
    for hand in ("pinky", "index", "thumb"):
        for side, sign in (("left", 1), ("right", -1)):
            lm[INDEX[f"{side}_{hand}"], :2] = (160 + sign * 85 + shift_x, 160)
    lm[:11, :2] = (160 + shift_x, 30)
    return lm


def drawn(view: Any) -> NDArray[np.uint8]:
    """The widget's pixels as the GPU drew them, rows from the top, RGB."""
    image = view.export_as_image()
    w, h = image.texture.size
    # An exported texture's pixels come top row first, as a picture's do.
    rgba = np.frombuffer(image.texture.pixels, dtype=np.uint8).reshape(h, w, 4)
    return rgba[:, :, :3]


def distances_to_skeleton(
    points: NDArray[np.float64], lm: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Distance of each (x, y) screen point to the nearest seen joint or bone between seen
    joints of ``lm``, after the mirror (x runs from the picture's right edge)."""
    from posecapture.ui.widgets.camera import MIN_VISIBILITY

    screen = np.column_stack([WIDTH - lm[:, 0], lm[:, 1]])
    seen = lm[:, 3] >= MIN_VISIBILITY
    best = np.full(len(points), np.inf)
    for a, b in BONES:
        if not (seen[a] and seen[b]):
            continue
        start, end = screen[a], screen[b]
        along = np.clip(((points - start) @ (end - start)) / np.sum((end - start) ** 2), 0, 1)
        nearest = start + along[:, None] * (end - start)
        best = np.minimum(best, np.hypot(*(points - nearest).T))
    for joint in np.flatnonzero(seen):
        best = np.minimum(best, np.hypot(*(points - screen[joint]).T))
    return best


@pytest.fixture
def view() -> Any:
    from kivy.core.window import Window  # noqa: F401  (the GL context the drawing needs)

    from posecapture.ui.widgets.camera import CameraView

    return CameraView(pos=(0, 0), size=(WIDTH, HEIGHT))


def test_joints_hidden_in_the_next_frame_leave_no_dots_behind(view: Any) -> None:
    black = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    view.show(black, standing())
    drawn(view)  # the whole body is drawn once
    upper_only = standing(shift_x=-50)
    for name in ("hip", "knee", "ankle", "wrist", "pinky", "index", "thumb"):
        for side in ("left", "right"):
            upper_only[INDEX[f"{side}_{name}"], 3] = 0.0
    view.show(black, upper_only)
    ink = drawn(view).max(axis=2) > 40
    for name in ("shoulder", "elbow"):
        for side in ("left", "right"):
            x, y = upper_only[INDEX[f"{side}_{name}"], :2]
            assert ink[int(y), int(WIDTH - x)], f"the seen {side} {name} is not drawn"
    rows, cols = np.nonzero(ink)
    painted = np.column_stack([cols, rows]).astype(float)
    strays = painted[distances_to_skeleton(painted, upper_only) > SLACK_PX]
    assert len(strays) == 0, f"{len(strays)} painted pixels on no joint, e.g. {strays[:3]}"


def test_no_dot_is_drawn_on_the_fingers(view: Any) -> None:
    # The fingers have no bones: a dot there would float beside the hand.
    lm = standing()
    view.show(np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8), lm)
    ink = drawn(view).max(axis=2) > 40
    for side in ("left", "right"):
        x, y = lm[INDEX[f"{side}_index"], :2]
        assert not ink[int(y), int(WIDTH - x)], f"a dot is drawn on the {side} fingers"
        x, y = lm[INDEX[f"{side}_wrist"], :2]
        assert ink[int(y), int(WIDTH - x)], f"the {side} wrist is not drawn"


def test_a_far_childs_skeleton_leaves_the_child_visible(view: Any) -> None:
    # A child a quarter of the picture tall (found far away by the zoomed search): lines
    # and dots drawn as thick as for a near child would cover all of them.
    small = standing()
    small[:, :2] = (small[:, :2] - (160, 120)) * 0.25 + (160, 120)
    view.show(np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8), small)
    ink = drawn(view).max(axis=2) > 40
    x0, y0 = WIDTH - small[:, 0].max(), small[:, 1].min()
    x1, y1 = WIDTH - small[:, 0].min(), small[:, 1].max()
    box = ink[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1]
    assert box.any()
    # Painted share of the body's box: 0.43 with near-child lines, 0.18 with thinner ones.
    assert box.mean() < 0.3
