"""Clip-level posture and involuntary-movement summaries (placeholder: being written).

Contract: ``summarize_clip(angles, raw_image, image, world, timestamps_s, views)``
returns the ``posture`` and ``movement`` sections of an analysis result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from posecapture.landmarks import FloatArray


def summarize_clip(
    angles: Mapping[str, FloatArray],
    raw_image: FloatArray,
    image: FloatArray,
    world: FloatArray,
    timestamps_s: FloatArray,
    views: Sequence[str],
) -> tuple[dict[str, object], dict[str, object]]:
    return {}, {}
