"""Finding a small child far from the camera: zoomed crops around the pose model.

MediaPipe's pose detector looks for a face in a 224-pixel view of the whole
picture, and finds nobody whose height is under about 18% of the picture's long
side: on 1280x720, a person under about 30% of the picture's height; on
640x480, under about 22% (``benchmarks/small_person.py``). A child standing back
so that the whole body fits is at that edge. Once the detector has found
someone, MediaPipe's tracker follows them from their own landmarks, whatever
their size; so what a small child needs is a closer look when nobody is found.

``ZoomingBackend`` wraps any ``PoseBackend`` (MediaPipe, or a fake in tests):

1. It first looks at the whole picture, as before: a person found there is
   tracked there exactly as before (same numbers, no cost).
2. When the whole picture shows nobody, it also tries one zoomed window per frame
   (two thirds of the picture's short side, square, overlapping by half, so any
   body up to a third of the short side fits whole in one of them), starting in
   the middle, where the child was asked to stand, and going outwards (from where
   the child was last seen, after losing them). On the first frame it tries them
   all, so a photo, or the second tracker of a long clip, finds the child at once.
3. Once found in a window, the child is measured on a crop that follows them:
   twice the body's size, moved only as far as needed to keep the body a margin
   inside it, grown or shrunk a little per frame when the child comes closer or
   goes back. MediaPipe tracks in the coordinates of the picture it is given, so
   the crop never jumps while it tracks; it moves with the child, which the
   tracker takes for the child's own movement.
4. A person found who cannot be the child followed until now (too far from where
   the child was, for the time since, or of another size: a parent stepping in)
   is not taken: the model is made to forget them, and the crop stays with the
   child. Nor is a "person" found by zooming whose body is not seen (a face-like
   bag or patch of wall, magnified: ``looks_like_a_body``). While a child tracked
   in a crop is lost, the search stays in crops (the whole picture cannot find
   that child, but would find a parent close by) for ``RECALL_S``.

Points come back in whole-picture pixels (the layout of ``posecapture.landmarks``):
x and y are shifted by the crop's corner; z is MediaPipe's depth times the width
of the picture it was given, and the crop is given at full resolution, so z is in
the same pixels as x either way. A point outside the crop was not in the pixels
the model saw: it is the model's guess and gets visibility 0, like a point
outside the picture. World landmarks (metres, hip-centred) do not depend on the
crop.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from posecapture.landmarks import INDEX
from posecapture.pose import PoseBackend, PoseDetection

# The detector finds a person at least this share of the long side of the picture it
# is given (on the whole picture: 30% of 1280x720's height, 22% of 640x480's).
DETECTOR_REACH = 0.18
# A search window's side as a share of the picture's short side. Windows overlap by
# half a window, so any body up to a third of the short side lies whole inside one;
# a larger body is found on the whole picture. The zoomed search then reaches a body
# of DETECTOR_REACH * WINDOW_SHARE = 12% of the short side.
WINDOW_SHARE = 2.0 / 3.0
# The crop that follows a child is this many times the body's extent (its larger
# side), so half a body of room on each side for a raised arm or a step; it is
# resized only when it leaves the band below, by at most ``RESIZE_STEP`` a frame.
FOLLOW_SCALE = 2.0
FOLLOW_BAND = (1.5, 3.0)
RESIZE_STEP = 1.25
# The body is kept at least this share of its extent inside the crop's edges: the
# pose model's own crop is about 1.25 times the body, so 0.2 keeps it in the pixels.
FOLLOW_MARGIN = 0.2
# The smallest crop, in pixels: below this the body is a few dozen pixels tall.
MIN_SIDE = 64
# Another person, not the child: the trunk centre moved further than one trunk length
# plus a sprint (8 trunk lengths a second, as ``kinematics.quality.person_jumps``), or,
# within ``RECALL_S``, the trunk changed size by more than ``SIZE_RATIO`` (a parent's
# trunk is half as long again as a young child's at the same distance).
# A person newly found by zooming is taken only when some of their body is seen: a
# shoulder and at least MIN_BODY_SEEN of the main joints (shoulders to ankles), with
# visibility from SEEN (kinematics.visibility.VISIBILITY_MIN). Magnified, a bag or a
# patch of wall can pass for a face: on the empty-room clip 27 of 546 window searches
# found such a "person", with at most one main joint seen and never both shoulders;
# real people first found in a window (689, the benchmark's clips at 15-25%) have a
# shoulder seen in 99.7% and at least two main joints in 99.6%.
SEEN = 0.5
MIN_BODY_SEEN = 3
JUMP_TRUNKS = 1.0
SPRINT_TRUNKS_PER_S = 8.0
SIZE_RATIO = 1.5
RECALL_S = 2.0

_TRUNK = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
_MAIN = [
    INDEX[f"{side}_{joint}"]
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
    for side in ("left", "right")
]
_LS, _RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
_LH, _RH = INDEX["left_hip"], INDEX["right_hip"]


@dataclass(frozen=True)
class Region:
    """A rectangle of the picture, in whole pixels: ``x0, y0`` its top-left corner."""

    x0: int
    y0: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[float, float]:
        return self.x0 + self.width / 2, self.y0 + self.height / 2

    def covers(self, width: int, height: int) -> bool:
        """Whether this is the whole of a ``width`` x ``height`` picture."""
        return (self.x0, self.y0, self.width, self.height) == (0, 0, width, height)

    def cut(self, rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
        """This part of the picture, as a contiguous copy (the whole picture as it is)."""
        if self.covers(rgb.shape[1], rgb.shape[0]):
            return rgb
        part = rgb[self.y0 : self.y0 + self.height, self.x0 : self.x0 + self.width]
        return np.ascontiguousarray(part)


def square_around(cx: float, cy: float, side: float, width: int, height: int) -> Region:
    """A square of ``side`` centred on (cx, cy), cut to the picture's size and moved inside it.

    Where the picture is narrower than ``side`` the region is the picture's whole width
    (or height): a body that large is measured on all of it.
    """
    w = round(min(max(side, MIN_SIDE), width))
    h = round(min(max(side, MIN_SIDE), height))
    x0 = round(min(max(cx - w / 2, 0.0), width - w))
    y0 = round(min(max(cy - h / 2, 0.0), height - h))
    return Region(x0, y0, w, h)


def search_windows(
    width: int, height: int, anchor: tuple[float, float] | None = None
) -> list[Region]:
    """The zoomed windows to search, nearest to ``anchor`` first (default: the middle).

    Squares of ``WINDOW_SHARE`` of the short side on a grid whose step is at most half a
    window, plus one centred on the anchor itself.
    """
    side = max(round(WINDOW_SHARE * min(width, height)), MIN_SIDE)
    if side >= min(width, height):
        return []
    ax, ay = anchor if anchor is not None else (width / 2, height / 2)

    def starts(extent: int) -> list[int]:
        room = extent - side
        if room <= 0:
            return [0]
        n = math.ceil(room / (side / 2)) + 1
        return sorted({round(room * k / (n - 1)) for k in range(n)})

    grid = [Region(x, y, side, side) for y in starts(height) for x in starts(width)]
    first = square_around(ax, ay, side, width, height)
    rest = sorted(
        (r for r in grid if r != first),
        key=lambda r: (r.centre[0] - ax) ** 2 + (r.centre[1] - ay) ** 2,
    )
    return [first, *rest]


def body_box(image: NDArray[np.float64], width: int, height: int) -> tuple[float, ...]:
    """(x0, y0, x1, y1) of every point the model placed, cut to the picture.

    Hidden points count: the model places them where it thinks the body is, and the
    crop must hold them for the model to see them next time.
    """
    xy = image[:, :2][np.isfinite(image[:, :2]).all(axis=1)]
    x = np.clip(xy[:, 0], 0, width)
    y = np.clip(xy[:, 1], 0, height)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def follow(region: Region, box: tuple[float, ...], width: int, height: int) -> Region:
    """The crop for the next frame: ``region`` moved and resized only as far as needed.

    It keeps its size while it is ``FOLLOW_BAND`` times the body's extent, otherwise
    it steps (by at most ``RESIZE_STEP``) towards ``FOLLOW_SCALE`` times it. It keeps
    its place while the body stays ``FOLLOW_MARGIN`` of its extent inside it,
    otherwise it moves just enough to bring it back, so it moves only as the child
    does.
    """
    x0, y0, x1, y1 = box
    extent = max(x1 - x0, y1 - y0, 1.0)
    side = float(max(region.width, region.height))
    low, high = FOLLOW_BAND
    if not low * extent <= side <= high * extent:
        goal = FOLLOW_SCALE * extent
        side = min(max(goal, side / RESIZE_STEP), side * RESIZE_STEP)
    cx, cy = region.centre
    margin = FOLLOW_MARGIN * extent
    w, h = min(max(side, MIN_SIDE), width), min(max(side, MIN_SIDE), height)
    cx = _keep_inside(cx, w, x0 - margin, x1 + margin)
    cy = _keep_inside(cy, h, y0 - margin, y1 + margin)
    return square_around(cx, cy, side, width, height)


def _keep_inside(centre: float, size: float, low: float, high: float) -> float:
    """Move ``centre`` of a span of ``size`` the least so that [low, high] lies inside it."""
    if high - low >= size:
        return (low + high) / 2
    if low < centre - size / 2:
        return low + size / 2
    if high > centre + size / 2:
        return high - size / 2
    return centre


@dataclass(frozen=True)
class Seen:
    """Where the child followed was last seen: trunk centre and length (pixels), time."""

    centre: tuple[float, float]
    trunk: float
    box: tuple[float, ...]
    t_s: float

    @classmethod
    def of(cls, image: NDArray[np.float64], t_s: float, width: int, height: int) -> Seen:
        trunk = image[_TRUNK, :2]
        mid_shoulder = (image[_LS, :2] + image[_RS, :2]) / 2
        mid_hip = (image[_LH, :2] + image[_RH, :2]) / 2
        centre = trunk.mean(axis=0)
        return cls(
            centre=(float(centre[0]), float(centre[1])),
            trunk=max(float(np.linalg.norm(mid_shoulder - mid_hip)), 1.0),
            box=body_box(image, width, height),
            t_s=t_s,
        )

    def same_person(self, other: Seen) -> bool:
        """Whether ``other`` can be this person a moment later (see ``JUMP_TRUNKS``)."""
        dt = max(other.t_s - self.t_s, 0.0)
        moved = math.dist(self.centre, other.centre)
        if moved > self.trunk * (JUMP_TRUNKS + SPRINT_TRUNKS_PER_S * dt):
            return False
        ratio = max(other.trunk / self.trunk, self.trunk / other.trunk)
        return dt > RECALL_S or ratio <= SIZE_RATIO


class ZoomingBackend:
    """A ``PoseBackend`` that looks closer when nobody is found (see the module's text)."""

    def __init__(self, inner: PoseBackend) -> None:
        self.inner = inner
        self.name = inner.name
        # Where the person followed is tracked (None: searching), and whether that place
        # follows them (a crop) or is the whole picture, where they are tracked as before.
        self.region: Region | None = None
        self.zoomed = False
        # The child followed in a crop: where last seen, and whether they were lost from
        # a crop (then, for RECALL_S, only someone who can be them is taken).
        self.seen: Seen | None = None
        self._lost_zoomed = False
        self._windows: Iterator[Region] | None = None
        self._windows_recall = False
        self._size: tuple[int, int] | None = None
        # Detections the model was asked for on the last frame (tests, the benchmark).
        self.tries = 0

    def detect(self, rgb: NDArray[np.uint8], timestamp_s: float) -> PoseDetection | None:
        height, width = rgb.shape[:2]
        self.tries = 0
        first = self._size != (width, height)
        if first:
            self._size = (width, height)
            self.region, self.seen, self._windows, self._lost_zoomed = None, None, None, False
        if self.region is not None:
            found = self._try(rgb, self.region, timestamp_s, guard=self.zoomed)
            if found is not None:
                if self.zoomed and self.seen is not None:
                    self.region = follow(self.region, self.seen.box, width, height)
                return found
            # Lost: MediaPipe's own tracker reports nobody on this frame too, and searches
            # from the next one; so does this.
            self._lost_zoomed = self.zoomed
            self.region, self._windows = None, None
            return None
        recalling = self._recalling(timestamp_s)
        for region in self._plan(width, height, recalling, everywhere=first):
            zoomed = not region.covers(width, height)
            found = self._try(rgb, region, timestamp_s, guard=recalling, new=zoomed)
            if found is not None:
                self.zoomed = zoomed
                self.region = region
                if self.zoomed and self.seen is not None:
                    self.region = follow(region, self.seen.box, width, height)
                self._windows, self._lost_zoomed = None, False
                return found
        return None

    def _recalling(self, t_s: float) -> bool:
        return self._lost_zoomed and self.seen is not None and t_s - self.seen.t_s <= RECALL_S

    def _plan(self, width: int, height: int, recalling: bool, *, everywhere: bool) -> list[Region]:
        """The regions to try on this frame.

        The whole picture (as before) and the next zoomed window; on a first frame every
        window; while recalling a child lost from a crop, only crops, nearest first.
        """
        whole = Region(0, 0, width, height)
        if everywhere:
            return [whole, *search_windows(width, height)]
        if self._windows is None or self._windows_recall != recalling:
            self._windows, self._windows_recall = self._cycle(width, height, recalling), recalling
        window = next(self._windows, None)
        if window is None:  # a whole round found nobody: start it again
            self._windows = self._cycle(width, height, recalling)
            window = next(self._windows, None)
        tries = [] if recalling else [whole]
        return [*tries, window] if window is not None else tries

    def _cycle(self, width: int, height: int, recalling: bool) -> Iterator[Region]:
        if recalling and self.seen is not None:
            x0, y0, x1, y1 = self.seen.box
            extent = max(x1 - x0, y1 - y0, 1.0)
            around = square_around(*self.seen.centre, FOLLOW_SCALE * extent, width, height)
            windows = search_windows(width, height, anchor=self.seen.centre)
            return iter([around, *(w for w in windows if w != around)])
        return iter(search_windows(width, height))

    def _try(
        self,
        rgb: NDArray[np.uint8],
        region: Region,
        t_s: float,
        *,
        guard: bool,
        new: bool = False,
    ) -> PoseDetection | None:
        """Detect in ``region``, in whole-picture pixels; None for nobody or someone else.

        With ``guard``, a person who cannot be the child followed (``Seen.same_person``)
        is refused; with ``new`` (a person found by zooming), one whose body is not
        seen (``looks_like_a_body``). The model is then made to forget them.
        """
        height, width = rgb.shape[:2]
        self.tries += 1
        found = self.inner.detect(region.cut(rgb), t_s)
        if found is None:
            return None
        found = to_picture(found, region)
        seen = Seen.of(found.image, t_s, width, height)
        refused = new and not looks_like_a_body(found.image)
        if refused or (guard and self.seen is not None and not self.seen.same_person(seen)):
            self._forget()
            return None
        self.seen = seen
        return found

    def _forget(self) -> None:
        """Make the model drop the person it now tracks, so that it searches again."""
        forget = getattr(self.inner, "forget", None)
        if forget is not None:
            forget()

    def close(self) -> None:
        self.inner.close()


def looks_like_a_body(image: NDArray[np.float64]) -> bool:
    """Whether a detection (33, 4) shows some of a body: a shoulder and ``MIN_BODY_SEEN``
    main joints seen (see ``SEEN``), not just something face-like."""
    with np.errstate(invalid="ignore"):
        seen = image[:, 3] >= SEEN
    return bool(seen[_LS] or seen[_RS]) and int(seen[_MAIN].sum()) >= MIN_BODY_SEEN


def to_picture(found: PoseDetection, region: Region) -> PoseDetection:
    """A detection made on ``region`` of a picture, in that picture's pixels.

    x and y move by the region's corner; z (depth times the width of the picture the
    model was given, which is the region at full resolution) is already in the same
    pixels. A point outside the region was never in view: visibility 0.
    """
    image = found.image.copy()
    image[:, 0] += region.x0
    image[:, 1] += region.y0
    x, y = image[:, 0], image[:, 1]
    with np.errstate(invalid="ignore"):
        outside = (
            (x < region.x0)
            | (x > region.x0 + region.width)
            | (y < region.y0)
            | (y > region.y0 + region.height)
        )
    image[outside, 3] = 0.0
    return PoseDetection(image=image, world=found.world)
