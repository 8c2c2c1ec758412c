"""The BlazePose landmark set and the array layout every later stage shares.

Everything after the pose backend works on plain NumPy arrays:

* ``image``: shape (frames, 33, 4) holding ``x_px, y_px, z_px, visibility``.
  x and y are pixels of the (rotation-corrected) frame, origin top-left, y down.
  z is MediaPipe's relative depth, scaled by the frame width as x is (so it is in
  roughly the same units, but far noisier); smaller is nearer the camera.
  Visibility is MediaPipe's 0..1 likelihood that the point is visible.
* ``world``: shape (frames, 33, 3), metres, origin between the hips, y down,
  as MediaPipe's ``pose_world_landmarks``.

A frame without a detected person is all NaN in both arrays. Left and right are
the person's own (``LEFT_SHOULDER`` is on the right of the image when the person
faces the camera), as MediaPipe reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
N_LANDMARKS = len(NAMES)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}

# Landmark i and MIRROR[i] are the same body point on the other side (nose maps to itself).
# Used to repair left/right swaps.
MIRROR: tuple[int, ...] = tuple(
    INDEX[n.replace("left", "@").replace("right", "left").replace("@", "right")] for n in NAMES
)

# Bones drawn on the skeleton overlay: pairs of landmark names.
SKELETON: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"),
    ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"),
    ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("left_ear", "left_eye"),
    ("right_ear", "right_eye"),
    ("left_eye", "nose"),
    ("right_eye", "nose"),
)


@dataclass
class PoseSeries:
    """Landmarks of one clip, frame by frame, as the pose backend returned them.

    ``image`` and ``world`` follow the module docstring; ``timestamps_s`` holds the
    true presentation time of each frame (not ``index / fps``: phone clips have
    variable frame rates).
    """

    image: FloatArray
    world: FloatArray
    timestamps_s: FloatArray
    width: int
    height: int
    fps: float
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.timestamps_s)
        if self.image.shape != (n, N_LANDMARKS, 4):
            raise ValueError(f"image landmarks must be ({n}, 33, 4), got {self.image.shape}")
        if self.world.shape != (n, N_LANDMARKS, 3):
            raise ValueError(f"world landmarks must be ({n}, 33, 3), got {self.world.shape}")

    @property
    def frames(self) -> int:
        return len(self.timestamps_s)

    @property
    def has_pose(self) -> NDArray[np.bool_]:
        """True for frames where a person was detected."""
        found: NDArray[np.bool_] = ~np.isnan(self.image[:, :, 0]).all(axis=1)
        return found

    @classmethod
    def empty(cls, width: int, height: int, fps: float) -> PoseSeries:
        return cls(
            image=np.empty((0, N_LANDMARKS, 4)),
            world=np.empty((0, N_LANDMARKS, 3)),
            timestamps_s=np.empty(0),
            width=width,
            height=height,
            fps=fps,
        )


def nan_frame() -> tuple[FloatArray, FloatArray]:
    """The image and world arrays of one frame in which nobody was found."""
    return np.full((N_LANDMARKS, 4), np.nan), np.full((N_LANDMARKS, 3), np.nan)
