"""Where frames come from: a video file, a live camera or a still image.

Every source yields ``Frame`` objects with a true timestamp in seconds. Video
timestamps come from the container (variable-frame-rate phone clips are common),
frames are rotated upright according to the clip's rotation metadata, and a
file that cannot be decoded raises ``SourceError`` with a sentence a parent can
act on. A camera that stops delivering frames raises ``CameraLost`` so that a
session can pause and wait for it rather than end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

# OpenCV and FFmpeg print their own warnings ("moov atom not found", "can't open
# camera by index") ahead of our one-line message; a parent can act on ours only.
# FFmpeg reads its level when the first video opens, so this must precede that.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
import cv2

if not os.environ.get("POSECAPTURE_NATIVE_LOGS"):
    cv2.setLogLevel(0)  # 0 = silent
import numpy as np
from numpy.typing import NDArray

from posecapture.errors import CameraLost, SourceError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}

# A decoder that gives up before this share of the frames the header promises is
# reading a damaged or truncated file; fewer frames than promised by a few is
# normal (headers often overcount by one or two).
_TRUNCATION_SHARE = 0.9


@dataclass(frozen=True)
class Frame:
    """One picture: ``bgr`` is an HxWx3 uint8 array as OpenCV gives it."""

    index: int
    t_s: float
    bgr: NDArray[np.uint8]


class FrameSource(Protocol):
    """Anything that yields timestamped frames."""

    fps: float
    width: int
    height: int
    frame_count: int | None
    name: str

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


def _check_file(path: Path, what: str) -> None:
    if not path.exists():
        raise SourceError(f"{path}: no such file. Check the name and the folder of the {what}.")
    if path.is_dir():
        raise SourceError(
            f"{path} is a folder, not a {what} file. Give the path of the file itself."
        )
    if not os.access(path, os.R_OK):
        raise SourceError(f"{path}: cannot read this file (permission denied).")
    if path.stat().st_size == 0:
        raise SourceError(f"{path} is empty (0 bytes). Copy the {what} again.")


class VideoSource:
    """Frames of a video file with their presentation timestamps."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        _check_file(self.path, "video")
        cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not cap.isOpened():
            raise SourceError(
                f"{self.path} could not be opened as a video: "
                "it is not a video file, or it is damaged."
            )
        # OpenCV applies the rotation metadata by default; say so explicitly so a
        # portrait phone clip is upright whatever the build's default.
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        ok, first = cap.read()
        if not ok or first is None:
            cap.release()
            raise SourceError(
                f"{self.path} has no picture that can be decoded: "
                "it is not a video, or it is damaged."
            )
        self._cap = cap
        # OpenCV decodes 8-bit BGR; its type stubs only say "some ndarray".
        self._first: NDArray[np.uint8] | None = cast(NDArray[np.uint8], first)
        self.height, self.width = int(first.shape[0]), int(first.shape[1])
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 0.5 < fps < 1000 else 30.0
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self.frame_count: int | None = count if count > 0 else None
        self.frames_read = 0
        self.truncated = False

    def __iter__(self) -> Iterator[Frame]:
        return self.frames()

    def frames(
        self, start: int = 0, cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[Frame]:
        """The frames from index ``start`` on (a source can be iterated only once).

        Frames before ``start`` are decoded without being converted to pictures
        (OpenCV's ``grab``: seeking is not frame-exact in every container), so the
        indexes and timestamps are exactly those of a pass from the first frame.
        Skipping ends early, yielding nothing, once ``cancelled()`` is true.
        """
        cap = self._cap
        index = 0
        last_t = -1.0
        frame = self._first
        self._first = None
        if frame is None:
            raise RuntimeError("a VideoSource can be iterated only once")
        present = True
        while present:
            # The container's timestamp of the frame just read; index / fps where
            # it gives none, and never going backwards.
            t_ms = cap.get(cv2.CAP_PROP_POS_MSEC)
            t = t_ms / 1000.0 if np.isfinite(t_ms) and t_ms >= 0 else index / self.fps
            if index > 0 and t <= last_t:
                t = last_t + 1.0 / self.fps
            last_t = t
            if index >= start and frame is not None:
                yield Frame(index, t, frame)
            index += 1
            self.frames_read = index
            if index < start:
                present, frame = bool(cap.grab()) and not cancelled(), None
            else:
                ok, nxt = cap.read()
                present, frame = bool(ok), (cast(NDArray[np.uint8], nxt) if ok else None)
        if self.frame_count and self.frames_read < _TRUNCATION_SHARE * self.frame_count:
            self.truncated = True

    def close(self) -> None:
        self._cap.release()


class ImageSource:
    """A still photograph as a one-frame source."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        _check_file(self.path, "image")
        data = np.fromfile(str(self.path), dtype=np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
        if image is None:
            raise SourceError(
                f"{self.path} could not be read as a picture: it is damaged or not an image."
            )
        self._image: NDArray[np.uint8] = cast(NDArray[np.uint8], image)
        self.height, self.width = int(image.shape[0]), int(image.shape[1])
        self.fps = 1.0
        self.frame_count: int | None = 1

    def __iter__(self) -> Iterator[Frame]:
        yield Frame(0, 0.0, self._image)

    def close(self) -> None:
        pass


class CameraSource:
    """A live camera by OpenCV index. Timestamps are seconds since opening.

    ``read()`` returns the next frame or raises ``CameraLost``; ``reopen()`` tries
    to get the camera back, so a session can pause instead of ending when a
    camera is unplugged or taken by another app.
    """

    def __init__(self, index: int, width: int = 640, height: int = 480) -> None:
        self.index = index
        self.name = f"camera {index}"
        self._want = (width, height)
        self._cap = self._open()
        ok, first = self._cap.read()
        if not ok or first is None:
            self._cap.release()
            raise SourceError(
                f"Camera {index} opened but gives no picture. "
                "Close other apps using it and try again."
            )
        self.height, self.width = int(first.shape[0]), int(first.shape[1])
        fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 0.5 < fps < 1000 else 30.0
        self.frame_count: int | None = None
        self._t0 = cv2.getTickCount()
        self._index = 0

    def _open(self) -> cv2.VideoCapture:
        # V4L2 directly on Linux: letting OpenCV try every backend makes the Orbbec
        # depth-camera backend report "Camera index out of range" for an ordinary webcam.
        backend = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        cap = cv2.VideoCapture(self.index, backend)
        if not cap.isOpened():
            raise SourceError(
                f"No camera found at index {self.index}. Check that the camera is connected, "
                "or try another camera number."
            )
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._want[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._want[1])
        return cap

    def read(self) -> Frame:
        ok, frame = self._cap.read()
        if not ok or frame is None:
            raise CameraLost(f"Camera {self.index} stopped sending pictures.")
        t = (cv2.getTickCount() - self._t0) / cv2.getTickFrequency()
        out = Frame(self._index, float(t), cast(NDArray[np.uint8], frame))
        self._index += 1
        return out

    def reopen(self) -> bool:
        """Try once to get the camera back; True when it delivers a frame again."""
        self._cap.release()
        try:
            self._cap = self._open()
        except SourceError:
            return False
        ok, _ = self._cap.read()
        return bool(ok)

    def __iter__(self) -> Iterator[Frame]:
        while True:
            yield self.read()

    def close(self) -> None:
        self._cap.release()


def open_source(spec: str | Path | int) -> VideoSource | ImageSource | CameraSource:
    """Open a camera (an int, or a string of digits), an image or a video file."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit()):
        return CameraSource(int(spec))
    path = Path(spec)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource(path)
    return VideoSource(path)
