"""Drawing what was measured on a picture: the skeleton and the angle values (OpenCV only).

Used by ``posecapture analyze --annotate`` so a therapist can check, frame by
frame, which points the numbers came from. Only landmarks that were seen are
drawn; a limb that is not drawn was not measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import cv2
import numpy as np
from numpy.typing import NDArray

from posecapture.landmarks import INDEX, SKELETON

LEFT_BGR = (255, 160, 0)  # the child's left in blue
RIGHT_BGR = (0, 140, 255)  # the child's right in orange
MIDLINE_BGR = (230, 230, 230)

# Where each angle's label is written: next to the joint it belongs to.
_LABEL_AT: dict[str, str] = {
    "left_shoulder_elevation": "left_shoulder",
    "right_shoulder_elevation": "right_shoulder",
    "left_elbow_flexion": "left_elbow",
    "right_elbow_flexion": "right_elbow",
    "left_hip_flexion": "left_hip",
    "right_hip_flexion": "right_hip",
    "left_knee_flexion": "left_knee",
    "right_knee_flexion": "right_knee",
}
DEFAULT_LABELS: tuple[str, ...] = tuple(_LABEL_AT)


def _colour(name: str) -> tuple[int, int, int]:
    if name.startswith("left"):
        return LEFT_BGR
    if name.startswith("right"):
        return RIGHT_BGR
    return MIDLINE_BGR


def draw_pose(
    bgr: NDArray[np.uint8],
    landmarks_px: NDArray[np.float64] | None,
    angles: Mapping[str, float] | None = None,
    *,
    labels: Iterable[str] = DEFAULT_LABELS,
    caption: str | None = None,
) -> NDArray[np.uint8]:
    """A copy of ``bgr`` with the skeleton of ``landmarks_px`` (33, 4; NaN = not seen) drawn,
    the values of ``angles`` listed in ``labels`` written by their joints, and an optional
    ``caption`` (e.g. the time and the camera view) in the top-left corner."""
    out = bgr.copy()
    height, width = out.shape[:2]
    thick = max(2, round(min(width, height) / 240))
    font = max(0.4, min(width, height) / 900)
    if landmarks_px is not None:
        pts = landmarks_px[:, :2]
        for a, b in SKELETON:
            pa, pb = pts[INDEX[a]], pts[INDEX[b]]
            if np.isfinite(pa).all() and np.isfinite(pb).all():
                colour = _colour(a) if a.split("_")[0] == b.split("_")[0] else MIDLINE_BGR
                cv2.line(out, _xy(pa), _xy(pb), colour, thick, cv2.LINE_AA)
        for name, i in INDEX.items():
            if np.isfinite(pts[i]).all():
                cv2.circle(out, _xy(pts[i]), thick + 1, _colour(name), -1, cv2.LINE_AA)
        if angles is not None:
            for angle_id in labels:
                value = angles.get(angle_id, np.nan)
                at = pts[INDEX[_LABEL_AT.get(angle_id, "nose")]]
                if np.isfinite(value) and np.isfinite(at).all():
                    x, y = _xy(at)
                    _text(out, f"{value:.0f}", (x + 8, y - 8), font, _colour(angle_id))
    if caption:
        _text(out, caption, (10, int(30 * font / 0.6)), font, MIDLINE_BGR)
    return out


def _xy(p: NDArray[np.float64]) -> tuple[int, int]:
    return round(float(p[0])), round(float(p[1]))


def _text(
    img: NDArray[np.uint8],
    text: str,
    org: tuple[int, int],
    scale: float,
    colour: tuple[int, int, int],
) -> None:
    """Text with a dark outline, readable on any background."""
    weight = max(1, round(scale * 2))
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), weight + 3, cv2.LINE_AA)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, weight, cv2.LINE_AA)
