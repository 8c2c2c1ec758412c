"""The landmark series of one exercise as a compact blob, and back.

Every exercise result keeps the landmarks it was measured from so that history
can be recomputed when the metrics improve. A tablet keeps years of daily
sessions, so the series are stored quantized, delta-encoded along time and
zlib-compressed: about a fifth of the float32 ``np.savez_compressed`` archive
the first version wrote (``benchmarks/landmark_storage.py`` measures it).

Precision kept (the largest round-trip error is half a step):

* image landmarks (x, y, z): 0.1 pixel, so at most 0.05 px off;
* visibility: 1/255, at most 0.002 off;
* world landmarks: 1 mm, at most 0.5 mm off;
* timestamps: exact (float64).

That is far below MediaPipe's own noise: its landmarks of a child standing still
move by about a pixel from frame to frame and its world landmarks by about a
centimetre, so a recomputed angle differs by hundredths of a degree at most.

A value that was not seen (NaN) comes back as NaN, exactly: each array carries
the map of its NaN values. Arrays that cannot be quantized faithfully (an
infinity, a value beyond the integer range, an unexpected shape) are stored in
the first format instead, never approximated. Both formats stay readable: a new
blob starts with ``MAGIC``, an old one is a zip (``np.savez_compressed``) archive.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from posecapture.errors import UserError
from posecapture.landmarks import FloatArray

SERIES_KEYS = ("timestamps_s", "landmarks_px", "raw_px", "world_m")

# "posecapture landmark series", then the format version (one byte).
MAGIC = b"PCLS"
VERSION = 2
_HEADER_LENGTH = struct.Struct("<I")

_PIXEL = 0.1
_VISIBILITY = 1.0 / 255.0
_MILLIMETRE = 0.001
# Quantization step of each channel (the last axis) of the landmark arrays.
STEPS: dict[str, tuple[float, ...]] = {
    "landmarks_px": (_PIXEL, _PIXEL, _PIXEL, _VISIBILITY),
    "raw_px": (_PIXEL, _PIXEL, _PIXEL, _VISIBILITY),
    "world_m": (_MILLIMETRE, _MILLIMETRE, _MILLIMETRE),
}
_INT32 = np.iinfo(np.int32)
_INT16 = np.iinfo(np.int16)


def encode_series(
    timestamps_s: FloatArray, landmarks_px: FloatArray, raw_px: FloatArray, world_m: FloatArray
) -> bytes:
    """The landmark series of one exercise as one blob (compact when it can be exact enough)."""
    arrays = {
        "landmarks_px": np.asarray(landmarks_px, dtype=np.float64),
        "raw_px": np.asarray(raw_px, dtype=np.float64),
        "world_m": np.asarray(world_m, dtype=np.float64),
    }
    times = np.asarray(timestamps_s, dtype=np.float64)
    if not all(_quantizable(arrays[key], STEPS[key], len(times)) for key in arrays):
        return encode_float32(times, arrays)
    specs: dict[str, dict[str, object]] = {}
    body = [_shuffled(times)]
    for key, values in arrays.items():
        dtype, parts = _quantized(values, STEPS[key])
        specs[key] = {"shape": values.shape, "dtype": dtype}
        body += parts
    head = json.dumps({"frames": len(times), "arrays": specs}).encode("ascii")
    return (
        MAGIC
        + bytes([VERSION])
        + _HEADER_LENGTH.pack(len(head))
        + head
        + zlib.compress(b"".join(body), 9)
    )


def decode_series(blob: bytes) -> dict[str, FloatArray]:
    """The arrays of ``encode_series`` (either format) as float64, NaN where nobody was seen."""
    if blob[: len(MAGIC)] != MAGIC:
        return decode_float32(blob)
    if blob[len(MAGIC)] != VERSION:
        raise UserError(
            "These landmarks were stored by a newer version of posecapture. "
            "Update posecapture to read them."
        )
    start = len(MAGIC) + 1
    (length,) = _HEADER_LENGTH.unpack_from(blob, start)
    start += _HEADER_LENGTH.size
    header = json.loads(blob[start : start + length])
    body = memoryview(zlib.decompress(blob[start + length :]))
    frames = int(header["frames"])
    times = _unshuffled(body[: frames * 8], np.dtype(np.float64), (frames,))
    series: dict[str, FloatArray] = {"timestamps_s": times.astype(np.float64)}
    offset = frames * 8
    for key, spec in header["arrays"].items():
        shape = tuple(int(n) for n in spec["shape"])
        values, offset = _dequantized(body, offset, shape, np.dtype(spec["dtype"]), STEPS[key])
        series[key] = values
    return series


def encode_float32(times: FloatArray, arrays: Mapping[str, NDArray[np.float64]]) -> bytes:
    """The first format: an ``np.savez_compressed`` archive of float32 landmarks."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        timestamps_s=times,
        **{key: np.asarray(values, dtype=np.float32) for key, values in arrays.items()},
    )
    return buffer.getvalue()


def decode_float32(blob: bytes) -> dict[str, FloatArray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
        return {key: np.asarray(archive[key], dtype=np.float64) for key in SERIES_KEYS}


def _quantizable(values: FloatArray, steps: tuple[float, ...], frames: int) -> bool:
    """Whether ``values`` is a (frames, ..., channels) array whose numbers fit the integers."""
    if values.ndim < 2 or values.shape[0] != frames or values.shape[-1] != len(steps):
        return False
    if np.isinf(values).any():
        return False
    with np.errstate(invalid="ignore"):
        scaled = np.abs(values / np.asarray(steps))
    # Deltas between two values are at most twice the largest value.
    return not (scaled > _INT32.max / 2 - 1).any()


def _quantized(values: FloatArray, steps: tuple[float, ...]) -> tuple[str, list[bytes]]:
    """Integer steps, delta-encoded along time; NaN kept in a bit map, its delta 0.

    Channels go first (time last) and the bytes of each number are grouped by
    significance ("shuffled"), which lets zlib find the long runs of small deltas.
    """
    missing = np.isnan(values)
    steps_array = np.asarray(steps)
    counts = np.rint(np.where(missing, 0.0, values) / steps_array).astype(np.int64)
    # Channel-major, time last: every x, then every y... (a NaN repeats the last seen
    # value, so its delta is 0).
    frames, channels = values.shape[0], int(np.prod(values.shape[1:]))
    by_channel = counts.T.reshape(channels, frames)
    gone = missing.T.reshape(channels, frames)
    last_seen = np.where(gone, 0, np.arange(frames))
    np.maximum.accumulate(last_seen, axis=1, out=last_seen)
    filled = np.take_along_axis(by_channel, last_seen, axis=1)
    deltas = np.diff(filled, axis=1, prepend=0)
    small = deltas.size == 0 or (_INT16.min <= deltas.min() and deltas.max() <= _INT16.max)
    dtype = np.dtype(np.int16 if small else np.int32)
    return dtype.str, [np.packbits(missing).tobytes(), _shuffled(deltas.astype(dtype))]


def _dequantized(
    body: memoryview,
    offset: int,
    shape: tuple[int, ...],
    dtype: np.dtype[np.generic],
    steps: tuple[float, ...],
) -> tuple[FloatArray, int]:
    size = int(np.prod(shape))
    mask_bytes = (size + 7) // 8
    missing = np.unpackbits(np.frombuffer(body[offset : offset + mask_bytes], np.uint8))
    offset += mask_bytes
    frames = shape[0]
    data_bytes = size * dtype.itemsize
    channels = int(np.prod(shape[1:]))
    deltas = _unshuffled(body[offset : offset + data_bytes], dtype, (channels, frames))
    offset += data_bytes
    counts = np.cumsum(deltas.astype(np.int64), axis=1).reshape(shape[::-1]).T
    values = counts * np.asarray(steps)
    values[missing[:size].reshape(shape).astype(bool)] = np.nan
    return values, offset


def _shuffled(values: NDArray[np.generic]) -> bytes:
    """The bytes of ``values``, all first bytes, then all second bytes, and so on."""
    raw = np.frombuffer(np.ascontiguousarray(values).tobytes(), np.uint8)
    return raw.reshape(-1, values.dtype.itemsize).T.tobytes()


def _unshuffled(
    data: memoryview, dtype: np.dtype[np.generic], shape: tuple[int, ...]
) -> NDArray[np.generic]:
    raw = np.frombuffer(data, np.uint8).reshape(dtype.itemsize, -1).T
    return np.frombuffer(np.ascontiguousarray(raw).tobytes(), dtype).reshape(shape)
