"""The compact format of the landmark series: what it keeps, what it gives back exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posecapture.errors import UserError
from posecapture.store import Store
from posecapture.store.landmark_codec import (
    MAGIC,
    decode_series,
    encode_float32,
    encode_series,
)
from store_fakes import exercise_result

FRAMES = 300
HALF_PIXEL_STEP = 0.05 + 1e-9
HALF_TENTH_MM = 0.00005 + 1e-9
HALF_VISIBILITY_STEP = 0.5 / 255 + 1e-9


def _series(frames: int = FRAMES) -> dict[str, np.ndarray]:
    """Landmarks that wander like a moving child, with MediaPipe-like 1 px jitter."""
    rng = np.random.default_rng(3)
    path = np.cumsum(rng.normal(0, 2.0, size=(frames, 33, 3)), axis=0) + 400.0
    image = np.concatenate(
        [path + rng.normal(0, 1.0, path.shape), rng.uniform(0, 1, (frames, 33, 1))], axis=2
    )
    world = np.cumsum(rng.normal(0, 0.004, size=(frames, 33, 3)), axis=0)
    image[10:20] = np.nan  # the child left the picture
    image[30:, 15, :] = np.nan  # a hidden wrist, landmark by landmark
    world[10:20] = np.nan
    return {
        "timestamps_s": np.arange(frames) / 29.97 + 0.013,
        "landmarks_px": image,
        "raw_px": image + rng.normal(0, 0.5, image.shape),
        "world_m": world,
    }


def _round_trip(series: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return decode_series(encode_series(**series))


def test_compact_format_is_used_for_ordinary_landmarks() -> None:
    assert encode_series(**_series()).startswith(MAGIC)


def test_pixels_come_back_within_half_a_tenth_of_a_pixel() -> None:
    series = _series()
    back = _round_trip(series)
    error = np.nanmax(np.abs(back["landmarks_px"][..., :3] - series["landmarks_px"][..., :3]))
    assert error <= HALF_PIXEL_STEP


def test_visibility_comes_back_within_half_a_step_of_1_255() -> None:
    series = _series()
    back = _round_trip(series)
    error = np.nanmax(np.abs(back["raw_px"][..., 3] - series["raw_px"][..., 3]))
    assert error <= HALF_VISIBILITY_STEP


def test_world_landmarks_come_back_within_half_a_tenth_of_a_millimetre() -> None:
    series = _series()
    back = _round_trip(series)
    assert np.nanmax(np.abs(back["world_m"] - series["world_m"])) <= HALF_TENTH_MM


def test_not_seen_comes_back_as_nan_exactly_where_it_was() -> None:
    series = _series()
    back = _round_trip(series)
    for key in ("landmarks_px", "raw_px", "world_m"):
        np.testing.assert_array_equal(np.isnan(back[key]), np.isnan(series[key]))


def test_raw_landmarks_seen_where_the_cleaned_ones_are_not_come_back() -> None:
    """raw_px is stored relative to landmarks_px: it must not depend on the cleaned
    value being there."""
    series = _series()
    series["landmarks_px"][50:60, 5] = np.nan
    back = _round_trip(series)
    error = np.max(np.abs(back["raw_px"][50:60, 5, :3] - series["raw_px"][50:60, 5, :3]))
    assert error <= HALF_PIXEL_STEP


def test_timestamps_come_back_exactly() -> None:
    series = _series()
    np.testing.assert_array_equal(_round_trip(series)["timestamps_s"], series["timestamps_s"])


def test_compact_format_is_under_a_third_of_the_float32_archive() -> None:
    series = _series()
    old = encode_float32(
        series["timestamps_s"], {k: v for k, v in series.items() if k != "timestamps_s"}
    )
    assert len(encode_series(**series)) < len(old) / 3


def test_jumps_too_big_for_16_bits_are_kept_to_the_step() -> None:
    series = _series(40)
    series["landmarks_px"][::2, :, 0] += 5000.0  # 50,000 tenths of a pixel between frames
    back = _round_trip(series)
    error = np.nanmax(np.abs(back["landmarks_px"] - series["landmarks_px"]))
    assert error <= HALF_PIXEL_STEP


def test_an_empty_series_round_trips() -> None:
    empty = {
        "timestamps_s": np.zeros(0),
        "landmarks_px": np.zeros((0, 33, 4)),
        "raw_px": np.zeros((0, 33, 4)),
        "world_m": np.zeros((0, 33, 3)),
    }
    assert _round_trip(empty)["world_m"].shape == (0, 33, 3)


def test_an_infinite_value_is_kept_exactly_in_the_float32_format() -> None:
    series = _series(20)
    series["world_m"][5, 3, 1] = np.inf
    blob = encode_series(**series)
    assert (blob[:2], decode_series(blob)["world_m"][5, 3, 1]) == (b"PK", np.inf)


def test_series_stored_by_the_first_version_are_still_read(tmp_path: Path) -> None:
    result = exercise_result(frames=6)
    with Store.open(tmp_path / "posecapture.db") as store:
        child = store.add_child("Ana")
        session = store.start_session(
            child, plan_id="r", plan_kind="routine", source="s", metric_version="1"
        )
        result_id = store.add_exercise_result(session, result)
        old_blob = encode_float32(
            result.timestamps_s,
            {
                "landmarks_px": result.landmarks_px,
                "raw_px": result.raw_px,
                "world_m": result.world_m,
            },
        )
        store.db.execute(
            "UPDATE landmark_series SET npz = ? WHERE exercise_result_id = ?", [old_blob, result_id]
        )
        series = store.landmark_series(result_id)
    np.testing.assert_allclose(series["world_m"], result.world_m, rtol=1e-6)


def test_a_newer_format_is_refused_in_plain_words() -> None:
    blob = bytearray(encode_series(**_series(5)))
    blob[len(MAGIC)] += 1
    with pytest.raises(UserError, match="newer version of posecapture"):
        decode_series(bytes(blob))
