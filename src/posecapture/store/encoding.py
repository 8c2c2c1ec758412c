"""How results are turned into column values and back.

The rule: a value that could not be measured (NaN) is stored as NULL (JSON
``null``), never as a number. The landmark series have their own compact format
(``landmark_codec``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


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
