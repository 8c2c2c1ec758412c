"""The One Euro filter: smooths a still point, follows a moving one, only looks back."""

from __future__ import annotations

import numpy as np

from posecapture.kinematics.filtering import MAX_GAP_S, OneEuroFilter, one_euro_series

T = np.arange(90) / 30.0


def test_jitter_of_a_still_point_is_reduced() -> None:
    rng = np.random.default_rng(1)
    noisy = 300.0 + rng.normal(0.0, 3.0, size=(90, 2))
    smooth = one_euro_series(noisy, T, scale=480.0)
    assert smooth[30:].std(axis=0).max() < 0.5 * noisy[30:].std(axis=0).min()


def test_a_fast_movement_is_followed_closely() -> None:
    moving = np.stack([np.linspace(0.0, 480.0, 90)] * 2, axis=1)  # a frame height in 3 s
    smooth = one_euro_series(moving, T, scale=480.0)
    assert np.abs(smooth[30:] - moving[30:]).max() < 15.0


def test_the_past_does_not_depend_on_the_future() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(0.0, 5.0, size=(90, 3))
    b = a.copy()
    b[60:] += 100.0
    fa, fb = one_euro_series(a, T, 480.0), one_euro_series(b, T, 480.0)
    np.testing.assert_array_equal(fa[:60], fb[:60])


def test_nan_passes_through_and_the_point_restarts_where_it_reappears() -> None:
    f = OneEuroFilter(scale=480.0)
    f(np.array([100.0]), 0.0)
    assert np.isnan(f(np.array([np.nan]), 1 / 30)[0])
    assert f(np.array([300.0]), 2 / 30)[0] == 300.0


def test_a_long_gap_restarts_the_filter() -> None:
    f = OneEuroFilter(scale=480.0)
    f(np.array([100.0]), 0.0)
    assert f(np.array([300.0]), MAX_GAP_S + 0.1)[0] == 300.0
