"""Tremor frequency and amplitude from noisy, gappy synthetic motion; stillness reads as none."""

from __future__ import annotations

import numpy as np
import pytest

import synthetic_body as sb
from posecapture.kinematics.dystonia import summarize_clip
from posecapture.kinematics.posture import posture_angles
from posecapture.kinematics.quality import detect_view
from posecapture.kinematics.tremor import MIN_AMPLITUDE, measure_tremor
from posecapture.landmarks import INDEX

FPS = 30.0
AMPLITUDE = 0.03  # torso lengths, zero to peak: about 1 cm on a child
JITTER = 0.005  # landmark noise per coordinate, torso lengths


def hold(seconds: float = 8.0, fps: float = FPS, seed: int = 0) -> np.ndarray:
    """Frame times of a phone clip: slightly irregular around the nominal rate."""
    rng = np.random.default_rng(seed)
    t = np.arange(0, seconds, 1 / fps)
    return t + rng.uniform(-0.15, 0.15, t.size) / fps


def with_noise_and_drops(t: np.ndarray, signal: np.ndarray, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = signal + rng.normal(0, JITTER, signal.shape)
    out[rng.random(t.size) < 0.05] = np.nan  # scattered dropped frames
    out[40:44] = np.nan  # and a short run of them
    return out


def oscillation(t: np.ndarray, hz: float, amplitude: float = AMPLITUDE) -> np.ndarray:
    wave = amplitude * np.sin(2 * np.pi * hz * t + 0.3)
    return np.stack([0.8 * wave, 0.6 * wave], axis=1)


@pytest.mark.parametrize("hz", [3.0, 5.0, 8.0, 11.0])
def test_frequency_recovered_within_0_3_hz_despite_noise_and_dropped_frames(hz):
    t = hold()
    result = measure_tremor(t, with_noise_and_drops(t, oscillation(t, hz)))
    assert result.detected
    assert result.dominant_hz == pytest.approx(hz, abs=0.3)


@pytest.mark.parametrize("hz", [4.0, 9.0])
def test_amplitude_recovered_within_15_percent(hz):
    t = hold()
    result = measure_tremor(t, with_noise_and_drops(t, oscillation(t, hz)))
    assert result.amplitude == pytest.approx(AMPLITUDE, rel=0.15)


def test_dropped_frames_are_reported_as_interpolated_share():
    t = hold()
    result = measure_tremor(t, with_noise_and_drops(t, oscillation(t, 5.0)))
    assert 0.03 < result.interpolated_share < 0.12


@pytest.mark.parametrize("seed", range(5))
def test_still_person_with_jitter_and_sway_reads_no_tremor(seed):
    rng = np.random.default_rng(seed)
    t = hold(seed=seed)
    sway = np.cumsum(rng.normal(0, 0.002, (t.size, 2)), axis=0)
    jitter = rng.normal(0, 2 * JITTER, (t.size, 2))
    result = measure_tremor(t, sway + jitter)
    assert not result.detected
    assert result.dominant_hz is None
    assert result.band_rms is not None and result.band_rms > 0


def test_clear_rhythm_below_the_amplitude_floor_is_not_called_tremor():
    t = np.arange(0, 8, 1 / FPS)
    result = measure_tremor(t, oscillation(t, 6.0, amplitude=MIN_AMPLITUDE / 3))
    assert not result.detected
    assert result.peak_to_background is not None and result.peak_to_background > 10


@pytest.mark.parametrize("hz", [0.3, 0.5, 1.0])
def test_slow_voluntary_movement_alone_is_not_tremor(hz):
    t = hold()
    reach = 0.4 * np.sin(2 * np.pi * hz * t)
    rng = np.random.default_rng(1)
    motion = np.stack([reach, reach / 2], axis=1) + rng.normal(0, JITTER, (t.size, 2))
    result = measure_tremor(t, motion)
    assert not result.detected


def test_tremor_found_on_top_of_slow_voluntary_movement():
    t = hold()
    reach = 0.4 * np.sin(2 * np.pi * 0.5 * t)
    motion = oscillation(t, 6.0) + np.stack([reach, reach / 2], axis=1)
    result = measure_tremor(t, with_noise_and_drops(t, motion))
    assert result.dominant_hz == pytest.approx(6.0, abs=0.3)


def test_low_frame_rate_gives_no_number_and_says_why():
    t = np.arange(0, 10, 1 / 5)
    result = measure_tremor(t, oscillation(t, 2.0))
    assert result.dominant_hz is None
    assert "frames per second" in result.reason


def test_too_short_a_hold_gives_no_number_and_says_why():
    t = np.arange(0, 1.5, 1 / FPS)
    result = measure_tremor(t, oscillation(t, 5.0))
    assert result.dominant_hz is None
    assert "hold still longer" in result.reason


def test_long_gap_splits_the_hold_and_is_not_counted_as_time():
    t = np.arange(0, 7, 1 / FPS)
    motion = oscillation(t, 7.0)
    motion[(t > 3) & (t < 4)] = np.nan
    result = measure_tremor(t, motion)
    assert result.dominant_hz == pytest.approx(7.0, abs=0.3)
    assert result.duration_s == pytest.approx(6.0, abs=0.2)


def body_clip(t: np.ndarray, move) -> tuple[np.ndarray, np.ndarray]:
    """Image and world landmarks of the standing body, ``move(image, t)`` applied per frame."""
    world = np.repeat(sb.standing_world()[None], t.size, axis=0)
    image = sb.to_image(world)
    move(image, t)
    return image, world


def movement_of(image: np.ndarray, world: np.ndarray, t: np.ndarray) -> dict:
    angles = posture_angles(image, world)
    _, movement = summarize_clip(angles, image, image, world, t, list(detect_view(image, world)))
    return movement["tremor"]


def test_whole_body_shake_does_not_count_as_tremor():
    t = np.arange(0, 6, 1 / FPS)

    def shake(image, t):  # camera shake: every landmark moves together at 5 Hz
        image[:, :, 0] += 8.0 * np.sin(2 * np.pi * 5 * t)[:, None]

    tremor = movement_of(*body_clip(t, shake), t)
    assert not any(part["detected"] for part in tremor.values())


def test_tremor_of_one_wrist_is_found_on_that_wrist_only():
    t = np.arange(0, 6, 1 / FPS)

    def wrist_tremor(image, t):
        image[:, INDEX["left_wrist"], 1] += 6.0 * np.sin(2 * np.pi * 6 * t)

    tremor = movement_of(*body_clip(t, wrist_tremor), t)
    assert tremor["left_wrist"]["dominant_hz"] == pytest.approx(6.0, abs=0.3)
    torso_px = 0.5 * sb.PX_PER_M
    assert tremor["left_wrist"]["amplitude_pct_torso"] == pytest.approx(
        100 * 6.0 / torso_px, rel=0.1
    )
    assert not tremor["right_wrist"]["detected"]
    assert not tremor["head"]["detected"]


def test_head_tremor_is_not_measured_on_a_child_with_their_back_to_the_camera():
    t = np.arange(0, 6, 1 / FPS)
    world = np.repeat(sb.turn_body(sb.standing_world(), 180)[None], t.size, axis=0)
    image = sb.to_image(world)
    image[:, INDEX["nose"], 1] += 6.0 * np.sin(2 * np.pi * 6 * t)
    tremor = movement_of(image, world, t)
    assert tremor["head"]["dominant_hz"] is None
    assert "back to the camera" in tremor["head"]["reason"]
