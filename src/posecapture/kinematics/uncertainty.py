"""How far each angle of a frame can be trusted: the half-width of a 90% interval.

Placeholder interface (issue 10): every measured angle gets a constant half-width
until the calibrated model lands. Callers use only ``angle_uncertainty``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from posecapture.landmarks import FloatArray

PLACEHOLDER_DEG = 10.0


def angle_uncertainty(
    image: FloatArray,
    world: FloatArray,
    views: NDArray[np.str_],
    angles: dict[str, FloatArray],
    height_px: int,
) -> dict[str, FloatArray]:
    """Half-width (degrees) of the 90% interval of each angle in ``angles``, per frame (F,).

    NaN exactly where the angle itself is NaN. ``image`` (F, 33, 4), ``world`` (F, 33, 3),
    ``views`` (F,) from ``detect_view``; ``height_px`` the picture's height (person size).
    """
    return {k: np.where(np.isfinite(v), PLACEHOLDER_DEG, np.nan) for k, v in angles.items()}
