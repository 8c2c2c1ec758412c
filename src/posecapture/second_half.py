"""A second pose tracker for the second half of a video file, run beside the first.

MediaPipe's tracker runs on one core and follows the body from one frame to the
next, so the frames of a clip cannot simply be shared out. What can be shared is
the clip: ``analyze`` measures the first half with its own tracker while a
``SecondHalf`` tracks the second half in a thread, with a second model and a
second decoder of the same file. On two cores that nearly halves the time
(``benchmarks/speed_analyze.py``). The measurement itself (swap repair,
filtering, angles) still runs over every frame in order, so it is unchanged.

The difference from a single tracker is that the second starts by finding the
body afresh at the split, as a tracker does whenever it loses the body. Where
MediaPipe's tracker starts moves its points for the rest of a clip: on the
side-view shoulder clip, starting one frame later moves them by 3.0 pixels
(median; 95th percentile 34, on the half-hidden far arm), and the split by 3.3
(36), so the split adds nothing beyond the model's own sensitivity to its
history. In a clip with several people the second tracker might pick someone
else, so ``analyze`` takes the second half only when it starts on the same
person the first tracker saw last (``agrees_with``); otherwise the first tracks
on by itself, as if there were no split.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from posecapture.errors import UserError
from posecapture.kinematics.quality import person_jumps
from posecapture.pose import PoseBackend, PoseDetection
from posecapture.sources import VideoSource

# Failures that leave the clip measurable by the first tracker alone (a second
# model that cannot start, memory, the file read a second time): the caller
# falls back to it. Anything else is a bug and is raised in the caller.
_RECOVERABLE = (UserError, RuntimeError, OSError, MemoryError)


class Unavailable(Exception):
    """The second tracker has no detection for a frame: the caller detects it itself."""


class SecondHalf:
    """Detections of frames ``start`` onwards of ``path``, made in a thread as they are needed.

    ``detection(index)`` waits for that frame's detection (None: nobody found) and
    raises ``Unavailable`` when the second tracker stopped, failed or was told to
    ``stop``. ``made`` counts the frames it has detected so far, for a progress bar.
    """

    def __init__(self, path: Path, start: int, open_backend: Callable[[], PoseBackend]) -> None:
        self.start = start
        self.made = 0
        self._found: dict[int, PoseDetection | None] = {}
        self._ended = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._work,
            args=(path, open_backend),
            name="posecapture-second-half",
            daemon=True,
        )
        self._thread.start()

    def _work(self, path: Path, open_backend: Callable[[], PoseBackend]) -> None:
        try:
            source = VideoSource(path)
            try:
                backend = open_backend()
                try:
                    for frame in source.frames(self.start, self._stop.is_set):
                        if self._stop.is_set():
                            return
                        rgb = cast(NDArray[np.uint8], cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB))
                        found = backend.detect(rgb, frame.t_s)
                        with self._changed:
                            self._found[frame.index] = found
                            self.made += 1
                            self._changed.notify_all()
                finally:
                    backend.close()
            finally:
                source.close()
        except _RECOVERABLE:
            pass  # detection() says Unavailable and the first tracker carries on
        except BaseException as exc:  # a bug: raised in the caller by detection()
            self._error = exc
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def detection(self, index: int) -> PoseDetection | None:
        with self._changed:
            self._changed.wait_for(lambda: index in self._found or self._ended)
            if index in self._found:
                return self._found.pop(index)
        if self._error is not None:
            raise self._error
        raise Unavailable(index)

    def stop(self) -> None:
        """Stop tracking (after the current frame) and wait for the thread to end."""
        self._stop.set()
        self._thread.join(timeout=10)


def agrees_with(
    last: PoseDetection | None, last_t: float, first: PoseDetection | None, first_t: float
) -> bool:
    """Whether the second tracker's first detection continues what the first tracker saw.

    ``last`` is the first tracker's detection of the frame before the split. When it
    saw nobody there it would itself have searched the picture afresh, so the second
    tracker's fresh start is what it would have done. When it saw someone, the second
    tracker must have found a body too, and the same one (no jump: ``person_jumps``).
    """
    if last is None:
        return True
    if first is None:
        return False
    points = np.stack([last.image[:, :2], first.image[:, :2]])
    return not person_jumps(points, np.array([last_t, first_t]))
