"""Pose estimation behind one small interface.

Only ``posecapture.pose.mediapipe_backend`` imports mediapipe, and only when a
backend is opened (nothing heavy happens at import time). Everything it returns
is plain NumPy in the layout of ``posecapture.landmarks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from posecapture.errors import UserError


@dataclass(frozen=True)
class PoseDetection:
    """One detected person: ``image`` (33, 4) x_px, y_px, z_px, visibility; ``world`` (33, 3) m."""

    image: NDArray[np.float64]
    world: NDArray[np.float64]


class PoseBackend(Protocol):
    """Turns an RGB frame into landmarks of the most prominent person, or None."""

    name: str

    def detect(self, rgb: NDArray[np.uint8], timestamp_s: float) -> PoseDetection | None: ...

    def close(self) -> None: ...


def open_backend(
    model: str | Path | None = None, *, still_image: bool = False, zoom: bool = True
) -> PoseBackend:
    """Open the pose estimator.

    With no ``model``, MediaPipe's built-in BlazePose "full" model (carried inside
    the mediapipe 0.10.21 wheel, so no download). With a path to a MediaPipe
    Tasks ``.task`` file (lite, full or heavy), that model. ``still_image`` turns
    off tracking between frames, for photographs.

    ``zoom`` (the default) looks closer when the whole picture shows nobody, and
    follows a child found that way in a crop (``posecapture.pose.zoom``), so a small
    child far from the camera is found and measured. ``zoom=False`` is the plain
    model on the whole picture (for comparisons).

    Landmark smoothing inside MediaPipe is always off: it damps tremor, and
    posecapture filters the landmarks itself (see ``kinematics.filtering``).
    """
    from posecapture.pose import mediapipe_backend
    from posecapture.pose.zoom import ZoomingBackend

    backend: PoseBackend
    if model is None:
        backend = mediapipe_backend.SolutionsBackend(still_image=still_image)
    else:
        path = Path(model)
        if not path.is_file():
            raise UserError(
                f"Pose model {path} not found. Give the path of a MediaPipe .task file."
            )
        backend = mediapipe_backend.TasksBackend(path, still_image=still_image)
    return ZoomingBackend(backend) if zoom else backend
