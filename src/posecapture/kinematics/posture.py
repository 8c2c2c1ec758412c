"""Posture angles of the head, shoulders, trunk and pelvis (placeholder: being written).

Contract: ``posture_angles(image, world)`` returns one (frames,) array in degrees per
id of ``posecapture.measurement.POSTURE_ANGLE_IDS``, NaN where not measurable.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import FloatArray
from posecapture.measurement import POSTURE_ANGLE_IDS


def posture_angles(image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
    frames = image.shape[0]
    return {name: np.full(frames, np.nan) for name in POSTURE_ANGLE_IDS}
