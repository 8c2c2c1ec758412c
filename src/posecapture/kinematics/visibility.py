"""When a landmark counts as seen: one threshold shared by gating and quality.

MediaPipe's ``visibility`` is its estimate of the chance that the point is in the
picture and not hidden. Below 0.5 the point is more likely hidden than seen, and
the position it reports is the model's guess from the rest of the body; a
measurement built on a guess is the "silent wrong number" posecapture must not
give, so such points are treated as missing.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from posecapture.landmarks import FloatArray

VISIBILITY_MIN = 0.5


def seen(image: FloatArray) -> NDArray[np.bool_]:
    """True where a landmark of ``image`` (..., 33, 4) has coordinates and enough visibility."""
    finite: NDArray[np.bool_] = np.isfinite(image[..., :2]).all(axis=-1)
    with np.errstate(invalid="ignore"):
        enough: NDArray[np.bool_] = image[..., 3] >= VISIBILITY_MIN
    return finite & enough
