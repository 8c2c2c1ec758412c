"""The landmark series of one exercise as a compact blob, and back.

Every exercise result keeps the landmarks it was measured from so that history
can be recomputed when the metrics improve. A tablet keeps years of daily
sessions, so the series are stored quantized, delta-encoded along time and
zlib-compressed: about a quarter of the float32 ``np.savez_compressed`` archive
the first version wrote (``benchmarks/landmark_storage.py`` measures it).

Precision kept (the largest round-trip error is half a step):

* image landmarks (x, y, z): 0.1 pixel, so at most 0.05 px off;
* visibility: 1/255, at most 0.002 off;
* world landmarks: 0.1 mm, at most 0.05 mm off;
* timestamps: exact (float64).

That is far below MediaPipe's own noise: the raw landmarks of a person standing
still move by about 1.8 px from frame to frame in a real clip. An angle recomputed
from the stored landmarks differs by less than a tenth of a degree. World
landmarks are kept to 0.1 mm rather than 1 mm because at 1 mm a forearm's angle
could move by 0.3 degrees, for only a tenth more bytes.

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

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

SERIES_KEYS = ("timestamps_s", "landmarks_px", "raw_px", "world_m")

# "posecapture landmark series", then the format version (one byte; the first
# format, the npz archive, counts as 1).
MAGIC = b"PCLS"
VERSION = 2
_HEADER_LENGTH = struct.Struct("<I")

_PIXEL = 0.1
_VISIBILITY = 1.0 / 255.0
_TENTH_MM = 0.0001
# Quantization step of each channel (the last axis) of the landmark arrays. Each blob
# records the steps it was written with, so changing them keeps old blobs readable.
STEPS: dict[str, tuple[float, ...]] = {
    "landmarks_px": (_PIXEL, _PIXEL, _PIXEL, _VISIBILITY),
    "raw_px": (_PIXEL, _PIXEL, _PIXEL, _VISIBILITY),
    "world_m": (_TENTH_MM, _TENTH_MM, _TENTH_MM),
}
# raw_px is stored as its difference from landmarks_px (the same points before the
# filter): that difference is MediaPipe's jitter, and the visibility is the same.
_RELATIVE_TO = {"raw_px": "landmarks_px"}
# zlib's default level: level 9 is 1% smaller and six times slower, and the series is
# encoded while the child waits for the next exercise.
_ZLIB_LEVEL = 6
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
    filled: dict[str, IntArray] = {}
    for key, values in arrays.items():
        steps = STEPS[key]
        filled[key], missing = _counts(values, steps)
        base = _RELATIVE_TO.get(key)
        if base is not None and arrays[base].shape == values.shape and STEPS[base] == steps:
            coded = np.where(missing, 0, filled[key] - filled[base])
        else:
            base = None
            coded = np.diff(filled[key], axis=1, prepend=0)
        fits_16_bits = coded.size == 0 or (_INT16.min <= coded.min() and coded.max() <= _INT16.max)
        dtype = np.dtype(np.int16 if fits_16_bits else np.int32)
        specs[key] = {"shape": values.shape, "dtype": dtype.str, "steps": steps, "base": base}
        body += [np.packbits(missing).tobytes(), _shuffled(coded.astype(dtype))]
    head = json.dumps({"frames": len(times), "arrays": specs}).encode("ascii")
    return (
        MAGIC
        + bytes([VERSION])
        + _HEADER_LENGTH.pack(len(head))
        + head
        + zlib.compress(b"".join(body), _ZLIB_LEVEL)
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
    filled: dict[str, IntArray] = {}
    for key, spec in header["arrays"].items():
        shape = tuple(int(n) for n in spec["shape"])
        missing, coded, offset = _read(body, offset, shape, np.dtype(spec["dtype"]))
        base = spec["base"]
        filled[key] = coded + filled[base] if base else np.cumsum(coded, axis=1)
        # Back from channel-major (channels, time) to the (frames, ..., channels) array.
        steps = np.asarray([float(step) for step in spec["steps"]])
        values = filled[key].reshape(shape[::-1]).T * steps
        values[missing.reshape(shape[::-1]).T] = np.nan
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


def _counts(values: FloatArray, steps: tuple[float, ...]) -> tuple[IntArray, BoolArray]:
    """``values`` in whole steps, channel-major ((channels, time)), and where they are NaN.

    A NaN repeats the last value seen before it, so that its delta is 0; the map of
    NaN values says where they were. Channels go first (every x, then every y...)
    so that each row is one value over time: the deltas along it are small, and
    with the bytes grouped by significance ("shuffled") zlib finds long runs.
    """
    frames, channels = values.shape[0], int(np.prod(values.shape[1:]))
    missing = np.isnan(values)
    counts = np.rint(np.where(missing, 0.0, values) / np.asarray(steps)).astype(np.int64)
    by_channel = counts.T.reshape(channels, frames)
    gone = missing.T.reshape(channels, frames)
    last_seen = np.where(gone, 0, np.arange(frames))
    np.maximum.accumulate(last_seen, axis=1, out=last_seen)
    return np.take_along_axis(by_channel, last_seen, axis=1), gone


def _read(
    body: memoryview, offset: int, shape: tuple[int, ...], dtype: np.dtype[np.generic]
) -> tuple[BoolArray, IntArray, int]:
    """The NaN map and the coded integers of one array, channel-major, and the next offset."""
    size = int(np.prod(shape))
    frames, channels = shape[0], int(np.prod(shape[1:]))
    mask_bytes = (size + 7) // 8
    bits = np.unpackbits(np.frombuffer(body[offset : offset + mask_bytes], np.uint8))
    missing = bits[:size].astype(bool).reshape(channels, frames)
    offset += mask_bytes
    data_bytes = size * dtype.itemsize
    coded = _unshuffled(body[offset : offset + data_bytes], dtype, (channels, frames))
    return missing, coded.astype(np.int64), offset + data_bytes


def _shuffled(values: NDArray[np.generic]) -> bytes:
    """The bytes of ``values``, all first bytes, then all second bytes, and so on."""
    raw = np.frombuffer(np.ascontiguousarray(values).tobytes(), np.uint8)
    return raw.reshape(-1, values.dtype.itemsize).T.tobytes()


def _unshuffled(
    data: memoryview, dtype: np.dtype[np.generic], shape: tuple[int, ...]
) -> NDArray[np.generic]:
    raw = np.frombuffer(data, np.uint8).reshape(dtype.itemsize, -1).T
    return np.frombuffer(np.ascontiguousarray(raw).tobytes(), dtype).reshape(shape)
