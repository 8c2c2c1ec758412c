"""Looking closer for a small child (posecapture.pose.zoom), with a stand-in for MediaPipe.

The pictures are grey with each person painted as a solid block of their own
colour, so the stand-in model can see, in whatever part of the picture it is
given, who is there and how big. It behaves as MediaPipe's pose solution does in
the ways that matter here: its detector finds the largest person whose height is
at least 18% of the long side of the picture it is given (the face-based
detector's reach), its tracker follows the person found for as long as they are
in the picture it is given, and it returns x, y and z in the pixels of that
picture (z is depth times that picture's width, as MediaPipe's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from posecapture.landmarks import INDEX
from posecapture.pose import PoseDetection
from posecapture.pose.zoom import (
    FOLLOW_MARGIN,
    RECALL_S,
    RESIZE_STEP,
    WINDOW_SHARE,
    Region,
    ZoomingBackend,
    follow,
    search_windows,
    to_picture,
)
from synthetic_body import standing_world

W, H = 1280, 720
FPS = 30.0
GREY = 100
DETECTOR_REACH = 0.18  # of the long side of the picture the detector is given
DEPTH_PX = 37.0  # every point's true depth, in picture pixels
_TEMPLATE = standing_world()
_T_MIN = _TEMPLATE[:, :2].min(axis=0)
_T_SIZE = _TEMPLATE[:, :2].max(axis=0) - _T_MIN


@dataclass(frozen=True)
class Person:
    """A person painted as a block: ``colour`` (red channel), box in picture pixels."""

    colour: int
    x0: int
    y0: int
    width: int
    height: int

    def moved(self, dx: int = 0, dy: int = 0) -> Person:
        return replace(self, x0=self.x0 + dx, y0=self.y0 + dy)

    @property
    def centre(self) -> tuple[float, float]:
        return self.x0 + self.width / 2, self.y0 + self.height / 2


CHILD = 200
PARENT = 40
# A face-like thing (a bag, a patch of wall) the detector takes for a person: the stand-in
# sees its face points and none of a body.
PHANTOM = 120


def picture(*people: Person) -> np.ndarray:
    rgb = np.full((H, W, 3), GREY, np.uint8)
    for p in people:
        rgb[p.y0 : p.y0 + p.height, p.x0 : p.x0 + p.width] = (p.colour, 0, 0)
    return rgb


def child(share: float, cx: float = W / 2, cy: float = H / 2) -> Person:
    height = int(share * H)
    width = height // 3
    return Person(CHILD, int(cx - width / 2), int(cy - height / 2), width, height)


class FakeModel:
    """The stand-in for MediaPipe described at the top of this file."""

    name = "fake-model"

    def __init__(self) -> None:
        self.tracked: int | None = None
        self.calls: list[tuple[int, int]] = []  # the size of every picture it was given
        self.forgotten = 0

    def _blocks(self, rgb: np.ndarray) -> dict[int, tuple[int, int, int, int]]:
        found = {}
        red = rgb[:, :, 0]
        height, width = red.shape
        for colour in np.unique(red[rgb[:, :, 1] == 0]):
            ys, xs = np.nonzero((red == colour) & (rgb[:, :, 1] == 0))
            box = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
            if box[0] > 0 and box[1] > 0 and box[2] < width and box[3] < height:
                found[int(colour)] = box
        return found

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> PoseDetection | None:
        from posecapture.pose.mediapipe_backend import _to_arrays

        height, width = rgb.shape[:2]
        self.calls.append((width, height))
        blocks = self._blocks(rgb)
        if self.tracked is not None and self.tracked not in blocks:
            self.tracked = None
            return None  # lost, as MediaPipe reports it: nobody on this frame
        if self.tracked is None:
            big = {
                c: b
                for c, b in blocks.items()
                if b[3] - b[1] >= DETECTOR_REACH * max(rgb.shape[:2])
            }
            if not big:
                return None
            self.tracked = max(big, key=lambda c: big[c][3] - big[c][1])
        x0, y0, x1, y1 = blocks[self.tracked]
        # The template body stretched over the block, in MediaPipe's normalised form.
        xy = (_TEMPLATE[:, :2] - _T_MIN) / _T_SIZE * [x1 - x0, y1 - y0] + [x0, y0]
        face = 11  # nose, eyes, ears and mouth come first in BlazePose's order
        points = [
            SimpleNamespace(
                x=x / width,
                y=y / height,
                z=DEPTH_PX / width,
                visibility=0.9 if self.tracked != PHANTOM or k < face else 0.1,
            )
            for k, (x, y) in enumerate(xy)
        ]
        world = [SimpleNamespace(x=x, y=y, z=z) for x, y, z in _TEMPLATE]
        return _to_arrays(points, world, width, height)

    def forget(self) -> None:
        self.forgotten += 1
        self.tracked = None

    def close(self) -> None:
        pass


def run(backend: ZoomingBackend, scenes: list[tuple[Person, ...]]) -> list[PoseDetection | None]:
    return [backend.detect(picture(*people), k / FPS) for k, people in enumerate(scenes)]


def trunk_centre(found: PoseDetection) -> np.ndarray:
    trunk = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
    return found.image[trunk, :2].mean(axis=0)


def expected_centre(p: Person) -> np.ndarray:
    trunk = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
    xy = (_TEMPLATE[trunk, :2] - _T_MIN) / _T_SIZE * [p.width, p.height] + [p.x0, p.y0]
    return xy.mean(axis=0)


# -- the geometry ---------------------------------------------------------------------


def test_the_search_starts_in_the_middle() -> None:
    first = search_windows(W, H)[0]
    assert first.centre == pytest.approx((W / 2, H / 2), abs=1)
    assert first.width == first.height == round(WINDOW_SHARE * H)


@pytest.mark.parametrize("size", [(1280, 720), (640, 480), (720, 1280), (1768, 994)])
def test_windows_lie_inside_the_picture(size: tuple[int, int]) -> None:
    width, height = size
    for r in search_windows(width, height):
        assert r.x0 >= 0 and r.x0 + r.width <= width
        assert r.y0 >= 0 and r.y0 + r.height <= height


@given(
    st.sampled_from([(1280, 720), (640, 480), (720, 1280)]),
    st.floats(0.05, 1.0 / 3.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.2, 1.0),
)
def test_every_body_up_to_a_third_of_the_picture_fits_whole_in_a_window(
    size: tuple[int, int], share: float, across: float, down: float, aspect: float
) -> None:
    width, height = size
    short = min(width, height)
    h = share * short
    w = h * aspect
    x0, y0 = across * (width - w), down * (height - h)
    assert any(
        r.x0 <= x0 and x0 + w <= r.x0 + r.width and r.y0 <= y0 and y0 + h <= r.y0 + r.height
        for r in search_windows(width, height)
    )


def test_the_crop_stays_put_while_the_body_moves_inside_it() -> None:
    crop = Region(400, 200, 300, 300)
    box = (500.0, 280.0, 550.0, 430.0)  # 150 px tall: the crop is twice that
    assert follow(crop, box, W, H) == crop
    nudged = (510.0, 285.0, 560.0, 435.0)
    assert follow(crop, nudged, W, H) == crop


def test_the_crop_moves_only_as_far_as_the_body_went_past_its_margin() -> None:
    crop = Region(400, 200, 300, 300)
    # The body's right edge is now 20 px from the crop's; it must be 0.2 * 150 = 30 px in.
    box = (610.0, 280.0, 680.0, 430.0)
    moved = follow(crop, box, W, H)
    assert (moved.width, moved.height) == (300, 300)
    assert moved.x0 + moved.width == pytest.approx(680 + FOLLOW_MARGIN * 150, abs=1)
    assert moved.y0 == crop.y0


def test_the_crop_grows_step_by_step_when_the_child_comes_closer() -> None:
    crop = Region(500, 300, 100, 100)
    box = (450.0, 100.0, 550.0, 500.0)  # 400 px tall: far more than the crop
    sides = []
    for _ in range(12):
        crop = follow(crop, box, W, H)
        sides.append(crop.height)
    ratios = np.array(sides[1:]) / np.array(sides[:-1])
    assert ratios.max() <= RESIZE_STEP + 0.01
    assert sides[-1] == H  # twice the body is more than the picture: all of its height


def test_the_crop_never_leaves_the_picture() -> None:
    crop = follow(Region(0, 0, 200, 200), (-50.0, 600.0, 30.0, 740.0), W, H)
    assert crop.x0 >= 0 and crop.y0 >= 0
    assert crop.x0 + crop.width <= W and crop.y0 + crop.height <= H


def test_points_come_back_in_picture_pixels_and_unseen_outside_the_crop() -> None:
    image = np.zeros((33, 4))
    image[:, :2] = [50.0, 60.0]
    image[:, 2] = 12.0
    image[:, 3] = 0.9
    image[5, :2] = [130.0, 60.0]  # beyond the crop's right edge (a crop 100 wide)
    mapped = to_picture(PoseDetection(image, np.zeros((33, 3))), Region(300, 200, 100, 100))
    assert mapped.image[0, :2] == pytest.approx([350.0, 260.0])
    assert mapped.image[0, 2] == 12.0  # depth: already in picture pixels
    assert mapped.image[0, 3] == 0.9
    assert mapped.image[5, 0] == 430.0 and mapped.image[5, 3] == 0.0


# -- the backend with the stand-in model ------------------------------------------------


def test_a_big_person_is_measured_on_the_whole_picture_as_before() -> None:
    model = FakeModel()
    backend = ZoomingBackend(model)
    big = child(0.6)
    found = run(backend, [(big,)] * 5)
    assert all(f is not None for f in found)
    # Found on the whole picture on the first try: never a crop, one model call a frame.
    assert set(model.calls) == {(W, H)}
    assert len(model.calls) == 5
    plain = FakeModel().detect(picture(big), 0.0)
    assert plain is not None and found[-1] is not None
    np.testing.assert_array_equal(found[-1].image, plain.image)


def test_a_small_child_in_the_middle_is_found_on_the_first_frame() -> None:
    small = child(0.15)
    assert FakeModel().detect(picture(small), 0.0) is None  # the whole picture is not enough
    backend = ZoomingBackend(FakeModel())
    found = run(backend, [(small,)] * 10)
    assert all(f is not None for f in found)
    assert backend.zoomed
    for f in found:
        assert f is not None
        np.testing.assert_allclose(trunk_centre(f), expected_centre(small), atol=1.0)
        assert np.all(f.image[:, 3] == 0.9)  # the whole body is inside the crop: all seen
    assert backend.tries == 1  # tracked in the crop: one model call a frame


def test_depth_is_in_the_same_pixels_in_a_crop_as_on_the_whole_picture() -> None:
    backend = ZoomingBackend(FakeModel())
    found = run(backend, [(child(0.15),)] * 3)
    assert found[-1] is not None and backend.zoomed
    assert found[-1].image[:, 2] == pytest.approx(DEPTH_PX)
    big = run(ZoomingBackend(FakeModel()), [(child(0.6),)])[0]
    assert big is not None and big.image[:, 2] == pytest.approx(DEPTH_PX)


def test_a_small_child_off_to_one_side_is_found_within_one_round_of_windows() -> None:
    backend = ZoomingBackend(FakeModel())
    backend.detect(picture(), 0.0)  # the first frame (every window) sees an empty room
    small = child(0.15, cx=0.1 * W, cy=0.7 * H)
    rounds = len(search_windows(W, H))
    found = run_from(backend, [(small,)] * rounds, start=1)
    assert any(f is not None for f in found)
    first = next(k for k, f in enumerate(found) if f is not None)
    assert all(f is not None for f in found[first:])


def run_from(
    backend: ZoomingBackend, scenes: list[tuple[Person, ...]], start: int
) -> list[PoseDetection | None]:
    return [backend.detect(picture(*people), (start + k) / FPS) for k, people in enumerate(scenes)]


def test_searching_an_empty_room_costs_two_model_calls_a_frame() -> None:
    model = FakeModel()
    backend = ZoomingBackend(model)
    run(backend, [()] * 20)
    assert backend.tries == 2
    # The first frame looks everywhere once (the whole picture and every window).
    assert len(model.calls) == 1 + len(search_windows(W, H)) + 19 * 2


def test_the_crop_follows_a_child_walking_across_the_room() -> None:
    backend = ZoomingBackend(FakeModel())
    start = child(0.15, cx=0.3 * W)
    # 3 m/s would be ~10 px a frame for a 110 cm child at this size: walk at 8.
    scenes = [(start.moved(dx=8 * k),) for k in range(60)]
    found = run(backend, scenes)
    assert all(f is not None for f in found)
    for f, (p,) in zip(found, scenes, strict=True):
        assert f is not None
        np.testing.assert_allclose(trunk_centre(f), expected_centre(p), atol=1.0)
    assert backend.region is not None and backend.region.centre[0] > 0.5 * W


def test_a_parent_stepping_in_does_not_steal_the_crop() -> None:
    model = FakeModel()
    backend = ZoomingBackend(model)
    kid = child(0.2)
    # A parent, twice the child's size, right beside them (inside the child's crop).
    parent = Person(PARENT, kid.x0 + kid.width + 10, kid.y0 - kid.height // 2, 60, 2 * kid.height)
    scenes: list[tuple[Person, ...]] = [(kid,)] * 5
    scenes += [(kid, parent)] * 3
    scenes += [(parent,)] * 4  # the child hidden behind the parent for a moment
    scenes += [(kid, parent)] * 10
    found = run(backend, scenes)
    for f, _people in zip(found, scenes, strict=True):
        if f is not None:  # whenever someone is measured, it is the child
            np.testing.assert_allclose(trunk_centre(f), expected_centre(kid), atol=1.0)
    assert all(f is None for f in found[8:12])  # nobody measured while the child is hidden
    assert model.forgotten >= 1  # the parent was found, refused and forgotten
    assert all(f is not None for f in found[-5:])  # and the child is measured again after


def test_after_losing_a_child_from_a_crop_the_whole_picture_waits() -> None:
    model = FakeModel()
    backend = ZoomingBackend(model)
    run(backend, [(child(0.15),)] * 3)
    assert backend.zoomed
    frames_lost = int(RECALL_S * FPS) - 5
    model.calls.clear()
    run_from(backend, [()] * frames_lost, start=3)
    # While recalling, only crops are searched: a parent near the camera would be found
    # on the whole picture, and the child could not.
    assert (W, H) not in model.calls
    run_from(backend, [()] * 15, start=3 + frames_lost + 10)
    assert (W, H) in model.calls


def test_a_person_far_from_where_the_child_was_is_taken_once_recall_is_over() -> None:
    backend = ZoomingBackend(FakeModel())
    run(backend, [(child(0.15, cx=0.3 * W),)] * 3)
    later = math.ceil((RECALL_S + 0.5) * FPS)
    other = child(0.15, cx=0.8 * W)
    found = run_from(backend, [(other,)] * 30, start=later)
    assert found[-1] is not None
    np.testing.assert_allclose(trunk_centre(found[-1]), expected_centre(other), atol=1.0)


def test_something_face_like_found_by_zooming_is_not_taken_for_a_child() -> None:
    model = FakeModel()
    backend = ZoomingBackend(model)
    bag = replace(child(0.15), colour=PHANTOM)
    found = run(backend, [(bag,)] * 10)
    assert all(f is None for f in found)
    assert model.forgotten >= 1  # and the model does not go on tracking it


def test_something_face_like_on_the_whole_picture_is_returned_as_before() -> None:
    # Found without zooming, the model's answer is passed on unchanged; its unseen
    # joints give no number downstream.
    big = replace(child(0.6), colour=PHANTOM)
    found = run(ZoomingBackend(FakeModel()), [(big,)])[0]
    assert found is not None and found.image[INDEX["left_shoulder"], 3] == pytest.approx(0.1)


def test_a_point_counts_as_seen_from_the_same_visibility_as_in_the_measurement() -> None:
    from posecapture.kinematics.visibility import VISIBILITY_MIN
    from posecapture.pose.zoom import SEEN

    assert SEEN == VISIBILITY_MIN
