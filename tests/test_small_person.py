"""A small child across the room, made from the shared clips: found, placed right, kept.

The clips are shrunk on the fly into a larger grey picture (as
``benchmarks/small_person.py`` does at more sizes), so that the person fills a
fifth of its height: beyond the reach of MediaPipe's detector on the whole
picture, within the reach of the zoomed search (``posecapture.pose.zoom``).
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from conftest import shared_file
from posecapture.kinematics.quality import person_jumps
from posecapture.landmarks import INDEX
from posecapture.pose import PoseDetection, open_backend
from posecapture.sources import VideoSource

pytestmark = pytest.mark.slow

GREY = 110
_TRUNK = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]


def frames(clip: str, count: int, start: int = 0) -> Iterator[tuple[float, np.ndarray]]:
    source = VideoSource(shared_file(f"videos/{clip}"))
    try:
        for frame in source.frames(start):
            if frame.index >= start + count:
                return
            yield frame.t_s, frame.bgr
    finally:
        source.close()


def place(bgr: np.ndarray, scale: float, centre: tuple[float, float], size: tuple[int, int]):
    """The picture shrunk by ``scale`` with source point ``centre`` in the canvas's middle."""
    small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ox = round(size[0] / 2 - centre[0] * scale)
    oy = round(size[1] / 2 - centre[1] * scale)
    matrix = np.array([[1.0, 0.0, ox], [0.0, 1.0, oy]])
    canvas = cv2.warpAffine(small, matrix, size, borderValue=(GREY, GREY, GREY))
    return canvas, np.array([ox, oy], dtype=float)


def detect_all(backend, pictures: list[tuple[float, np.ndarray]]) -> list[PoseDetection | None]:
    try:
        return [backend.detect(cv2.cvtColor(p, cv2.COLOR_BGR2RGB), t) for t, p in pictures]
    finally:
        backend.close()


def trunk(found: PoseDetection) -> tuple[np.ndarray, float]:
    points = found.image[_TRUNK, :2]
    length = np.linalg.norm(points[:2].mean(axis=0) - points[2:].mean(axis=0))
    return points.mean(axis=0), float(length)


def test_a_child_a_fifth_of_the_picture_tall_is_found_and_placed_right() -> None:
    clip, count, size = "tfjs_pose_squats.mp4", 20, (640, 480)
    full = detect_all(open_backend(zoom=False), list(frames(clip, count)))
    assert all(f is not None for f in full)
    heights = [np.ptp(f.image[:, 1]) for f in full if f is not None]
    centres = [f.image[:, :2].mean(axis=0) for f in full if f is not None]
    scale = 0.2 * size[1] / float(np.median(heights))
    centre = tuple(float(v) for v in np.median(centres, axis=0))
    shrunk, offsets = [], []
    for t, bgr in frames(clip, count):
        picture, offset = place(bgr, scale, centre, size)
        shrunk.append((t, picture))
        offsets.append(offset)

    plain = detect_all(open_backend(zoom=False), shrunk)
    zoomed = detect_all(open_backend(), shrunk)

    # Beyond the whole-picture detector's reach, so this tests the zoomed search:
    assert sum(f is not None for f in plain) <= 0.2 * count
    assert sum(f is not None for f in zoomed) >= 0.9 * count
    for small, big, offset in zip(zoomed, full, offsets, strict=True):
        if small is None or big is None:
            continue
        small_centre, _ = trunk(small)
        big_centre, big_trunk = trunk(big)
        # Back in the full-size clip's pixels, the trunk is where it is at full size.
        moved = np.linalg.norm((small_centre - offset) / scale - big_centre)
        assert moved < 0.25 * big_trunk
        # Depth in the same pixels as x: the body's depth range shrinks with it.
        depth_ratio = np.ptp(small.image[:, 2]) / np.ptp(big.image[:, 2])
        assert 0.5 * scale < depth_ratio < 2.0 * scale


def test_two_small_people_the_crop_stays_on_the_one_it_found() -> None:
    """sports2d: a man on a box and a woman walking past, both small in the picture."""
    clip, start, count, size = "sports2d_demo.mp4", 50, 60, (1280, 720)
    pictures = []
    for t, bgr in frames(clip, count, start):
        picture, _ = place(bgr, 0.42, (bgr.shape[1] / 2, bgr.shape[0] / 2), size)
        pictures.append((t, picture))
    zoomed = detect_all(open_backend(), pictures)
    assert sum(f is not None for f in zoomed) >= 0.8 * count
    points = np.full((count, 33, 2), np.nan)
    for k, found in enumerate(zoomed):
        if found is not None:
            points[k] = found.image[:, :2]
    assert person_jumps(points, np.array([t for t, _ in pictures])) == []
