"""The one module that imports mediapipe.

Two backends: the legacy ``mp.solutions.pose`` graph, whose "full" model ships
inside the pinned wheel (the default: works offline on a tablet), and the Tasks
``PoseLandmarker`` for a ``.task`` model file the user supplies.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from posecapture.errors import UserError
from posecapture.landmarks import N_LANDMARKS
from posecapture.pose import PoseDetection

# MediaPipe's C++ logging floods stderr with lines no user can act on.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


# Lines that MediaPipe, absl and TensorFlow Lite write straight to file descriptor 2,
# none of which a parent or therapist can act on.
_NATIVE_NOISE = (
    b"INFO: Created TensorFlow Lite",
    b"WARNING: All log messages before absl::InitializeLog()",
    b"W0000 00:00:",
    b"I0000 00:00:",
)
_filter_lock = threading.Lock()
_filter_installed = False


def _filter_native_stderr() -> None:
    """Route file descriptor 2 through a filter that drops ``_NATIVE_NOISE`` lines.

    MediaPipe 0.10.21 logs through absl before absl is initialised and TensorFlow Lite
    through its own logger, both from the graph's worker threads, so neither the
    environment variables above nor a temporary redirect around ``process()`` catch
    every line. Everything else written to stderr (our messages, a traceback) passes
    through unchanged; at exit the filter is drained and the real stream put back, so
    the last lines are never lost. Done once per process; POSECAPTURE_NATIVE_LOGS=1
    leaves stderr alone (for debugging).
    """
    global _filter_installed
    with _filter_lock:
        if _filter_installed or os.environ.get("POSECAPTURE_NATIVE_LOGS"):
            return
        _filter_installed = True
        sys.stderr.flush()
        real = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)
        os.close(write_end)

        def pump() -> None:
            with os.fdopen(read_end, "rb") as native:
                for line in native:
                    if not line.startswith(_NATIVE_NOISE):
                        os.write(real, line)

        pumping = threading.Thread(target=pump, name="posecapture-native-stderr", daemon=True)
        pumping.start()

        def drain() -> None:
            sys.stderr.flush()
            os.dup2(real, 2)  # closes the pipe's last write end: the pump reads to its end
            pumping.join(timeout=2)

        atexit.register(drain)


_filter_native_stderr()
import mediapipe as mp  # noqa: E402 - after the filter, which must catch its first lines


def _to_arrays(landmarks: Any, world: Any, width: int, height: int) -> PoseDetection:
    image = np.array(
        [[p.x * width, p.y * height, p.z * width, _visibility(p)] for p in landmarks],
        dtype=np.float64,
    )
    world_arr = np.array([[p.x, p.y, p.z] for p in world], dtype=np.float64)
    if image.shape != (N_LANDMARKS, 4) or world_arr.shape != (N_LANDMARKS, 3):
        raise RuntimeError(f"unexpected landmark count {image.shape} from MediaPipe")
    # MediaPipe places joints beyond the picture's edge (a wrist below a head-to-hips
    # framing) and may still rate them 0.7 "visible": such a point is the model's guess,
    # so it gets no visibility and every later stage treats it as unseen.
    outside = (image[:, 0] < 0) | (image[:, 0] > width) | (image[:, 1] < 0) | (image[:, 1] > height)
    image[outside, 3] = 0.0
    return PoseDetection(image=image, world=world_arr)


# Tracking is dropped by giving the model a picture with nobody in it: about one
# inference, where the graph's own reset() costs 50-100 ms and slows the next frame.
_BLANK = np.zeros((16, 16, 3), np.uint8)


def _visibility(p: Any) -> float:
    vis = getattr(p, "visibility", None)
    return float(vis) if vis is not None else 1.0


class SolutionsBackend:
    """BlazePose "full" (model_complexity=1) through ``mp.solutions.pose``."""

    name = "mediapipe-solutions-full"

    def __init__(self, *, still_image: bool = False) -> None:
        self._pose = mp.solutions.pose.Pose(
            static_image_mode=still_image,
            model_complexity=1,
            smooth_landmarks=False,
            enable_segmentation=False,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )

    def detect(self, rgb: NDArray[np.uint8], timestamp_s: float) -> PoseDetection | None:
        height, width = rgb.shape[:2]
        result = self._pose.process(rgb)
        if result.pose_landmarks is None or result.pose_world_landmarks is None:
            return None
        return _to_arrays(
            result.pose_landmarks.landmark, result.pose_world_landmarks.landmark, width, height
        )

    def forget(self) -> None:
        """Drop the person tracked, so that the next picture is searched afresh."""
        self._pose.process(_BLANK)

    def close(self) -> None:
        self._pose.close()


class TasksBackend:
    """A MediaPipe Tasks ``PoseLandmarker`` from a ``.task`` model file."""

    def __init__(self, model_path: Path, *, still_image: bool = False) -> None:
        from mediapipe.tasks.python import BaseOptions, vision

        self.name = f"mediapipe-tasks:{model_path.name}"
        mode = vision.RunningMode.IMAGE if still_image else vision.RunningMode.VIDEO
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=mode,
            num_poses=1,
        )
        try:
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as exc:
            raise UserError(
                f"{model_path} is not a valid MediaPipe pose model (.task file): {exc}".split("\n")[
                    0
                ]
            ) from exc
        self._video = not still_image
        self._last_ms = -1

    def detect(self, rgb: NDArray[np.uint8], timestamp_s: float) -> PoseDetection | None:
        height, width = rgb.shape[:2]
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        if self._video:
            # The Tasks API requires strictly increasing integer milliseconds.
            ms = max(round(timestamp_s * 1000), self._last_ms + 1)
            self._last_ms = ms
            result = self._landmarker.detect_for_video(image, ms)
        else:
            result = self._landmarker.detect(image)
        if not result.pose_landmarks:
            return None
        return _to_arrays(result.pose_landmarks[0], result.pose_world_landmarks[0], width, height)

    def forget(self) -> None:
        """Drop the person tracked, so that the next picture is searched afresh."""
        if self._video:
            self.detect(_BLANK, (self._last_ms + 1) / 1000)

    def close(self) -> None:
        self._landmarker.close()
