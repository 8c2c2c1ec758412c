"""Range-of-motion summaries: min, max, range, the peak held for 0.3 s, valid frames."""

from __future__ import annotations

import numpy as np
import pytest

from posecapture.kinematics.rom import peak_sustained, summarize_rom

T30 = np.arange(60) / 30.0  # two seconds at 30 frames per second


def test_summary_of_a_ramp() -> None:
    values = np.linspace(10.0, 70.0, 60)
    s = summarize_rom(values, T30)
    assert s["min"] == pytest.approx(10.0)
    assert s["max"] == pytest.approx(70.0)
    assert s["range"] == pytest.approx(60.0)
    assert s["valid_frames"] == 60


def test_one_wrong_frame_cannot_make_the_sustained_peak() -> None:
    values = np.full(60, 40.0)
    values[30] = 170.0
    s = summarize_rom(values, T30)
    assert s["max"] == pytest.approx(170.0)
    assert s["peak_sustained"] == pytest.approx(40.0)


def test_a_maximum_from_one_wrong_frame_is_marked_brief() -> None:
    values = np.full(60, 40.0)
    values[30] = 170.0
    assert summarize_rom(values, T30)["max_brief"] is True


def test_a_held_maximum_is_not_brief_despite_jitter() -> None:
    rng = np.random.default_rng(0)
    values = np.r_[np.linspace(0.0, 120.0, 30), np.full(30, 120.0)] + rng.normal(0, 1.5, 60)
    s = summarize_rom(values, T30)
    assert s["max"] - s["peak_sustained"] < 10.0
    assert s["max_brief"] is False


def test_a_maximum_never_held_anywhere_is_brief() -> None:
    values = np.full(60, np.nan)
    values[::2] = np.linspace(0.0, 90.0, 30)  # every other frame missing: no hold at all
    s = summarize_rom(values, T30)
    assert s["peak_sustained"] is None
    assert s["max_brief"] is True


def test_a_photo_cannot_say_whether_its_value_was_held() -> None:
    s = summarize_rom(np.array([35.0]), np.array([0.0]))
    assert s["max"] == pytest.approx(35.0)
    assert s["max_brief"] is None


def test_a_hold_of_a_third_of_a_second_counts() -> None:
    values = np.full(60, 20.0)
    values[20:29] = 90.0  # 9 frames = 0.3 s at 30 fps
    assert peak_sustained(values, T30) == pytest.approx(90.0)


def test_a_hold_just_too_short_does_not_count() -> None:
    values = np.full(60, 20.0)
    values[20:28] = 90.0  # 8 frames = 0.27 s
    assert peak_sustained(values, T30) == pytest.approx(20.0)


def test_missing_frames_break_a_hold() -> None:
    values = np.full(60, np.nan)
    values[10:15] = 80.0
    values[16:21] = 80.0
    assert np.isnan(peak_sustained(values, T30))


def test_hold_uses_true_timestamps_not_frame_counts() -> None:
    t = np.array([0.0, 0.2, 0.4, 0.6])  # 5 fps: two frames already span 0.4 s
    values = np.array([10.0, 50.0, 50.0, 10.0])
    assert peak_sustained(values, t) == pytest.approx(50.0)


def test_no_valid_frame_gives_nulls() -> None:
    s = summarize_rom(np.full(5, np.nan), np.arange(5) / 30.0)
    assert s == {
        "min": None,
        "max": None,
        "range": None,
        "peak_sustained": None,
        "max_brief": None,
        "valid_frames": 0,
    }


def test_mismatched_lengths_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        summarize_rom(np.zeros(3), np.zeros(4))


def test_each_extreme_carries_the_half_width_of_the_frame_that_set_it() -> None:
    values = np.array([10.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 80.0])
    t = np.arange(len(values)) / 30.0
    pm = np.array([3.0, 5.0, 5.0, 5.0, 9.0, 5.0, 5.0, 5.0, 5.0, 5.0, 20.0])
    s = summarize_rom(values, t, pm=pm)
    assert s["min_pm"] == 3.0
    assert s["max_pm"] == 20.0
    # Held at 50 over frames 1-9 (0.3 s); the held level is as unsure as its worst frame.
    assert s["peak_sustained"] == pytest.approx(50.0)
    assert s["peak_sustained_pm"] == 9.0


def test_half_widths_are_none_where_unknown_and_must_match_the_series() -> None:
    values = np.array([10.0, 20.0, 30.0])
    s = summarize_rom(values, np.arange(3) / 30.0, pm=np.array([2.0, 2.0, np.nan]))
    assert s["max_pm"] is None and s["min_pm"] == 2.0 and s["peak_sustained_pm"] is None
    empty = summarize_rom(np.full(3, np.nan), np.arange(3) / 30.0, pm=np.full(3, np.nan))
    assert empty["min_pm"] is None and empty["peak_sustained_pm"] is None
    with pytest.raises(ValueError, match="half-widths"):
        summarize_rom(values, np.arange(3) / 30.0, pm=np.ones(2))
