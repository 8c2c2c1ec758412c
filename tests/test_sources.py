"""Frame sources: video timestamps and orientation, still images, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import shared_file
from posecapture.errors import SourceError
from posecapture.sources import ImageSource, VideoSource, open_source


def test_video_timestamps_are_true_and_increasing() -> None:
    src = VideoSource(shared_file("videos/tfjs_pose_squats.mp4"))
    times = np.array([f.t_s for f in src])
    src.close()
    assert len(times) == 65
    assert (np.diff(times) > 0).all()
    assert times[-1] == pytest.approx(12.8, abs=0.05)  # 5 fps: frame 64 at 12.8 s


def test_portrait_video_is_upright() -> None:
    src = VideoSource(shared_file("videos/tfjs_pose_squats.mp4"))
    first = next(iter(src))
    src.close()
    assert first.bgr.shape[:2] == (1280, 720)


def test_image_is_a_one_frame_source() -> None:
    src = open_source(shared_file("images/mediapipe_pose_yoga_warrior2.jpg"))
    assert isinstance(src, ImageSource)
    frames = list(src)
    assert len(frames) == 1
    assert frames[0].bgr.shape == (667, 1000, 3)


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "missing.mp4")


def test_empty_file_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.touch()
    with pytest.raises(SourceError, match="empty"):
        open_source(empty)


def test_damaged_image_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(SourceError, match="picture"):
        open_source(bad)
