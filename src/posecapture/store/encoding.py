"""How results are turned into column values and back.

Two rules: a value that could not be measured (NaN) is stored as NULL (JSON
``null``), never as a number; and the landmark series are stored compressed as
one ``np.savez_compressed`` blob per exercise result.

Landmarks are kept as float32: that is a tenth of a thousandth of a pixel on a
2000-pixel picture, far below MediaPipe's own noise, at half the size of float64
(a tablet keeps years of sessions). Timestamps stay float64.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from posecapture.landmarks import FloatArray

SERIES_KEYS = ("timestamps_s", "landmarks_px", "raw_px", "world_m")


def plain(value: Any) -> Any:
    """``value`` with NumPy types made plain Python and NaN/inf made None, recursively."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def to_json(value: Mapping[str, Any] | None) -> str:
    """A mapping as JSON text, NaN as null (strict JSON, readable by any tool)."""
    return json.dumps(plain(value or {}), allow_nan=False, sort_keys=True)


def from_json(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    decoded = json.loads(text)
    if not isinstance(decoded, dict):
        raise ValueError(f"expected a JSON object in the store, got {type(decoded).__name__}")
    return decoded


def number(value: float | None) -> float | None:
    """A float for a REAL column: None where it was not measurable."""
    if value is None:
        return None
    as_float = float(value)
    return as_float if math.isfinite(as_float) else None


def encode_series(
    timestamps_s: FloatArray, landmarks_px: FloatArray, raw_px: FloatArray, world_m: FloatArray
) -> bytes:
    """The landmark series of one exercise as a compressed ``.npz`` blob."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        timestamps_s=np.asarray(timestamps_s, dtype=np.float64),
        landmarks_px=np.asarray(landmarks_px, dtype=np.float32),
        raw_px=np.asarray(raw_px, dtype=np.float32),
        world_m=np.asarray(world_m, dtype=np.float32),
    )
    return buffer.getvalue()


def decode_series(blob: bytes) -> dict[str, FloatArray]:
    """The arrays of ``encode_series`` back as float64 (NaN where nobody was seen)."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
        return {key: np.asarray(archive[key], dtype=np.float64) for key in SERIES_KEYS}
