"""The one module that imports mediapipe.

Two backends: the legacy ``mp.solutions.pose`` graph, whose "full" model ships
inside the pinned wheel (the default: works offline on a tablet), and the Tasks
``PoseLandmarker`` for a ``.task`` model file the user supplies.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

import mediapipe as mp


@contextmanager
def _quiet_native_logs(active: bool) -> Iterator[None]:
    """Point file descriptor 2 at /dev/null while ``active``.

    MediaPipe 0.10.21 logs through absl before absl is initialised, which the
    variables above do not reach: half a dozen lines no user can act on, printed
    when the graph first runs and when it first finds a person. The backends stay
    quiet until then; POSECAPTURE_NATIVE_LOGS=1 shows the lines (for debugging).
    """
    if not active or os.environ.get("POSECAPTURE_NATIVE_LOGS"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _to_arrays(landmarks: Any, world: Any, width: int, height: int) -> PoseDetection:
    image = np.array(
        [[p.x * width, p.y * height, p.z * width, _visibility(p)] for p in landmarks],
        dtype=np.float64,
    )
    world_arr = np.array([[p.x, p.y, p.z] for p in world], dtype=np.float64)
    if image.shape != (N_LANDMARKS, 4) or world_arr.shape != (N_LANDMARKS, 3):
        raise RuntimeError(f"unexpected landmark count {image.shape} from MediaPipe")
    return PoseDetection(image=image, world=world_arr)


def _visibility(p: Any) -> float:
    vis = getattr(p, "visibility", None)
    return float(vis) if vis is not None else 1.0


class SolutionsBackend:
    """BlazePose "full" (model_complexity=1) through ``mp.solutions.pose``."""

    name = "mediapipe-solutions-full"

    def __init__(self, *, still_image: bool = False) -> None:
        self._quiet = True  # until the first person is found: see _quiet_native_logs
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
        with _quiet_native_logs(self._quiet):
            result = self._pose.process(rgb)
        if result.pose_landmarks is None or result.pose_world_landmarks is None:
            return None
        self._quiet = False
        return _to_arrays(
            result.pose_landmarks.landmark, result.pose_world_landmarks.landmark, width, height
        )

    def close(self) -> None:
        with _quiet_native_logs(self._quiet):
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
        self._quiet = True  # until the first person is found: see _quiet_native_logs
        try:
            with _quiet_native_logs(True):
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
        with _quiet_native_logs(self._quiet):
            if self._video:
                # The Tasks API requires strictly increasing integer milliseconds.
                ms = max(round(timestamp_s * 1000), self._last_ms + 1)
                self._last_ms = ms
                result = self._landmarker.detect_for_video(image, ms)
            else:
                result = self._landmarker.detect(image)
        if not result.pose_landmarks:
            return None
        self._quiet = False
        return _to_arrays(result.pose_landmarks[0], result.pose_world_landmarks[0], width, height)

    def close(self) -> None:
        with _quiet_native_logs(self._quiet):
            self._landmarker.close()
