"""The outline the setup screen asks the child to fill: its geometry (no window) and
what is really drawn over the camera picture (in a window, pixels read back)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from posecapture.session.setup_check import SetupThresholds
from posecapture.ui.outline import body_outline

WIDTH, HEIGHT = 320, 240


@pytest.mark.parametrize("body", ["whole", "upper"])
def test_the_outline_is_as_tall_as_asked_and_in_the_middle(body: str) -> None:
    shape = body_outline(body, 0.6)
    ys = [y for _, y in shape.body] + [shape.head[1] - shape.head[2]]
    assert min(ys) == pytest.approx(0.2)
    assert max(ys) == pytest.approx(0.8)
    xs = np.array([x for x, _ in shape.body])
    assert xs.min() == pytest.approx(-xs.max())  # symmetric: the mirror does not move it
    assert shape.head[0] == 0.0


def test_a_whole_body_outline_fills_the_size_the_setup_check_wants() -> None:
    limits = SetupThresholds()
    shape = body_outline("whole", limits.target_body_height)
    ys = [y for _, y in shape.body]
    eyes_to_feet = max(ys) - (shape.head[1])  # landmarks start at the eyes, not the crown
    assert limits.min_body_height < eyes_to_feet < limits.max_body_height


def test_an_upper_body_outline_is_larger_and_ends_at_the_hips() -> None:
    whole, upper = body_outline("whole", 0.6), body_outline("upper", 0.6)
    assert upper.head[2] > 1.5 * whole.head[2]
    widths = [abs(x) for x, _ in upper.body]
    bottom = max(y for _, y in upper.body)
    assert all(abs(x) < max(widths) for x, y in upper.body if y == bottom)


@pytest.fixture
def view() -> Any:
    from kivy.core.window import Window  # noqa: F401  (the GL context the drawing needs)

    from posecapture.ui.widgets.camera import CameraView

    return CameraView(pos=(0, 0), size=(WIDTH, HEIGHT))


def drawn(view: Any) -> np.ndarray:
    image = view.export_as_image()
    w, h = image.texture.size
    return np.frombuffer(image.texture.pixels, dtype=np.uint8).reshape(h, w, 4)[:, :, :3]


@pytest.mark.ui
def test_the_outline_is_drawn_around_the_middle_of_the_picture(view: Any) -> None:
    black = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    view.show(black, None)
    assert drawn(view).max() < 40  # no outline unless asked for
    view.outline_body = "whole"
    view.outline_height = 0.6
    ink = drawn(view).max(axis=2) > 120
    rows, cols = np.nonzero(ink)
    assert rows.min() == pytest.approx(0.2 * HEIGHT, abs=4)
    assert rows.max() == pytest.approx(0.8 * HEIGHT, abs=4)
    assert (cols.min() + cols.max()) / 2 == pytest.approx(WIDTH / 2, abs=3)
    # An outline, not a filled shape: the middle of the chest is left as the camera shows it.
    assert not ink[int(0.38 * HEIGHT), WIDTH // 2]


@pytest.mark.ui
def test_the_outline_turns_teal_when_the_setup_check_passes(view: Any) -> None:
    from posecapture.ui import theme

    view.show(np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8), None)
    view.outline_body = "whole"
    white = drawn(view)
    view.outline_ok = True
    teal = drawn(view)
    lit = white.max(axis=2) > 120
    assert lit.any()
    assert np.all(white[lit].min(axis=1) > 120)  # white: every channel bright
    colour = np.median(teal[teal.max(axis=2) > 60], axis=0) / 255
    assert colour == pytest.approx(np.array(theme.TEAL[:3]), abs=0.12)
