"""Tremor: the dominant frequency and amplitude of a rhythmic oscillation in 3-12 Hz.

Dystonic, essential and rest tremors of children lie in 3-12 Hz; voluntary movement
and postural sway lie mostly below 3 Hz. The signal is a body part's position
relative to the trunk (the mid-shoulder point), so camera shake and whole-body sway
cancel out, in torso lengths, so the amplitude does not depend on the distance to
the camera. It must come from landmarks nobody smoothed (``MeasurementFrame.raw_px``):
any low-pass filter, MediaPipe's or ours, damps exactly the frequencies measured here.

Method (docs/metrics.md, "Tremor"):

1. Resample onto a uniform clock at the clip's median frame rate (phone clips have
   variable frame timing); gaps of up to ``MAX_GAP_S`` are bridged linearly, longer
   gaps split the series into separate stretches.
2. Welch's method: ``WINDOW_S`` Hann windows, half overlapping, each with a cubic
   trend removed (slow voluntary movement would otherwise leak into the band),
   zero-padded 8 times, x and y power added. Windows of every stretch at least
   ``WINDOW_S`` long are averaged; fewer than ``WINDOW_S`` seconds in all is too
   little to tell.
3. A tremor is reported only when BOTH hold:
   * the band's highest spectral peak is a true peak (not the band's edge, where the
     slope of slow voluntary movement ends) and at least ``PEAK_TO_BACKGROUND`` times
     the band's median power. For noise alone one window's x+y periodogram bin is
     chi-square with 4 degrees of freedom; over the band's ~18 independent bins the
     chance that one exceeds 10 times the median is below 0.1 %, and averaging more
     windows lowers it further.
   * its amplitude (zero to peak, from a sinusoid at that frequency fitted by least
     squares to the frames really seen, so bridged gaps do not damp it) is at least
     ``MIN_AMPLITUDE`` torso lengths: 1 % of the torso is about 3 mm on a child, the
     order of a single camera's landmark jitter, so a smaller peak could be the
     detector's own noise even when it stands out.
   Otherwise the result says no tremor was found and gives the band's RMS as the
   noise level. A clip filmed below ``MIN_FPS`` cannot show the band at all.

The frequency is read from the zero-padded spectrum with a parabola through the peak
and its neighbours; at 30 frames per second a 2 s window gives it within ~0.1 Hz.
A tremor faster than half the frame rate folds onto a lower frequency (aliasing);
nothing in the picture can undo that, so the band's top is kept below that limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from posecapture.landmarks import FloatArray

TREMOR_BAND_HZ = (3.0, 12.0)
WINDOW_S = 2.0
MAX_GAP_S = 0.15
PEAK_TO_BACKGROUND = 10.0
MIN_AMPLITUDE = 0.01
# The band's top stays below this share of the Nyquist frequency, where the camera's
# frame integration and any resampling already damp the signal.
NYQUIST_SHARE = 0.85
# The band must reach at least this high to be worth measuring (about 14 frames/s).
MIN_BAND_TOP_HZ = 6.0
MIN_FPS = 2 * MIN_BAND_TOP_HZ / NYQUIST_SHARE
_ZERO_PAD = 8
_EDGE_HZ = 0.25
# Over a 2 s window a cubic follows movements slower than about 1 Hz yet takes out
# almost nothing at 3 Hz and above (six cycles or more in the window).
_TREND_DEGREE = 3


@dataclass(frozen=True)
class Tremor:
    """The tremor of one body part; numbers are None where they cannot be given.

    ``amplitude`` is zero to peak in the input's units (torso lengths for
    ``measure_tremor``'s callers); ``band_rms`` the RMS of all motion in the band,
    the noise level when no tremor is found. ``reason`` says, in plain words, why
    ``detected`` is False or why numbers are missing.
    """

    detected: bool
    dominant_hz: float | None
    amplitude: float | None
    band_rms: float | None
    peak_to_background: float | None
    band_hz: tuple[float, float] | None
    duration_s: float
    interpolated_share: float
    reason: str | None


def _stretches(t: FloatArray, valid: NDArray[np.bool_], max_gap: float) -> list[tuple[int, int]]:
    """(first, last) indices of runs of valid samples with no gap longer than ``max_gap``."""
    idx = np.flatnonzero(valid)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(t[idx]) > max_gap)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [idx.size - 1]])
    return [(int(idx[s]), int(idx[e])) for s, e in zip(starts, ends, strict=True)]


def _welch(segments: list[FloatArray], fs: float) -> tuple[FloatArray, FloatArray, int]:
    """One-sided power spectral density (units²/Hz, dimensions added) averaged over windows."""
    n = round(WINDOW_S * fs)
    step = max(n // 2, 1)
    nfft = 1 << int(np.ceil(np.log2(n * _ZERO_PAD)))
    window = np.hanning(n)
    trend = _trend_basis(np.linspace(-1.0, 1.0, n))
    total = np.zeros(nfft // 2 + 1)
    count = 0
    for seg in segments:
        for start in range(0, seg.shape[0] - n + 1, step):
            chunk = seg[start : start + n]
            # Slow movement (reaching, sway, drift) leaves the band with a cubic trend.
            detrended = chunk - trend @ np.linalg.lstsq(trend, chunk, rcond=None)[0]
            spectrum = np.fft.rfft(detrended * window[:, None], n=nfft, axis=0)
            total += (np.abs(spectrum) ** 2).sum(axis=1)
            count += 1
    psd = total / max(count, 1) / (fs * (window**2).sum())
    psd[1:-1] *= 2
    return np.fft.rfftfreq(nfft, 1 / fs), psd, count


def _trend_basis(u: FloatArray) -> FloatArray:
    """Polynomials up to cubic of ``u`` in [-1, 1]: what a window's slow movement looks like."""
    basis: FloatArray = np.stack([u**k for k in range(_TREND_DEGREE + 1)], axis=1)
    return basis


def _fitted_amplitude(
    t: FloatArray,
    x: FloatArray,
    valid: NDArray[np.bool_],
    stretches: list[tuple[int, int]],
    hz: float,
) -> float:
    """Zero-to-peak amplitude at ``hz``, least-squares fitted to the frames really seen.

    The spectrum finds the frequency, but its amplitude would be damped by the
    bridged gaps (a straight line across a dropped frame flattens a fast
    oscillation), so the amplitude comes from a sinusoid plus a straight line fitted
    to each ``WINDOW_S`` window of measured frames only; windows are power-averaged.
    """
    powers: list[float] = []
    for first, last in stretches:
        edges = np.arange(t[first], t[last] - WINDOW_S / 2, WINDOW_S)
        for start in edges:
            inside = valid & (t >= start) & (t < start + WINDOW_S)
            times = t[inside] - start
            if times.size < 8:
                continue
            phase = 2 * np.pi * hz * times
            design = np.stack([np.ones_like(times), times, np.cos(phase), np.sin(phase)], axis=1)
            coef = np.linalg.lstsq(design, x[inside], rcond=None)[0]
            powers.append(float((coef[2:] ** 2).sum()))
    return float(np.sqrt(np.mean(powers))) if powers else 0.0


def _no_tremor(
    reason: str,
    *,
    band_rms: float | None = None,
    peak_to_background: float | None = None,
    band_hz: tuple[float, float] | None = None,
    duration_s: float = 0.0,
    interpolated_share: float = 0.0,
) -> Tremor:
    return Tremor(
        detected=False,
        dominant_hz=None,
        amplitude=None,
        band_rms=band_rms,
        peak_to_background=peak_to_background,
        band_hz=band_hz,
        duration_s=duration_s,
        interpolated_share=interpolated_share,
        reason=reason,
    )


def measure_tremor(timestamps_s: FloatArray, displacement: FloatArray) -> Tremor:
    """Dominant 3-12 Hz oscillation of ``displacement`` (frames, dims), NaN rows missing.

    ``timestamps_s`` are the frames' true times (any spacing). Units of amplitude are
    those of ``displacement``, which must be torso lengths for ``MIN_AMPLITUDE`` to hold.
    """
    t = np.asarray(timestamps_s, dtype=np.float64)
    x = np.asarray(displacement, dtype=np.float64).reshape(len(t), -1)
    if len(t) < 2:
        return _no_tremor("Too few frames to look for tremor.")
    fs = 1.0 / float(np.median(np.diff(t)))
    if fs < MIN_FPS:
        return _no_tremor(
            f"The video has {fs:.0f} frames per second; tremor needs at least {MIN_FPS:.0f}."
        )
    lo, hi = TREMOR_BAND_HZ[0], min(TREMOR_BAND_HZ[1], NYQUIST_SHARE * fs / 2)
    valid = np.isfinite(x).all(axis=1)
    segments: list[FloatArray] = []
    measured = 0
    grid_points = 0
    stretches = [
        (first, last)
        for first, last in _stretches(t, valid, MAX_GAP_S + 0.5 / fs)
        if t[last] - t[first] >= WINDOW_S
    ]
    for first, last in stretches:
        grid = np.arange(t[first], t[last], 1 / fs)
        keep = valid[first : last + 1]
        times = t[first : last + 1][keep]
        values = x[first : last + 1][keep]
        segments.append(np.stack([np.interp(grid, times, v) for v in values.T], axis=1))
        measured += int(keep.sum())
        grid_points += grid.size
    duration = grid_points / fs
    interpolated = max(0.0, 1.0 - measured / grid_points) if grid_points else 0.0
    if duration < WINDOW_S or not segments:
        return _no_tremor(
            f"Less than {WINDOW_S:.0f} s of steady view of this body part; hold still longer.",
            duration_s=duration,
        )
    freqs, psd, _ = _welch(segments, fs)
    df = freqs[1] - freqs[0]
    band = np.flatnonzero((freqs >= lo) & (freqs <= hi))
    band_psd = psd[band]
    band_rms = float(np.sqrt(band_psd.sum() * df))
    background = float(np.median(band_psd))
    band_hz = (lo, round(hi, 2))
    # True peaks only: the top of the slope of slow voluntary movement at the band's
    # lower edge is not a rhythm. The edges give by _EDGE_HZ, well below the resolution.
    inner = np.arange(1, psd.size - 1)
    is_peak = (psd[inner] >= psd[inner - 1]) & (psd[inner] > psd[inner + 1])
    near_band = (freqs[inner] >= lo - _EDGE_HZ) & (freqs[inner] <= hi + _EDGE_HZ)
    peaks = inner[is_peak & near_band]
    if peaks.size == 0:
        return _no_tremor(
            "No rhythmic movement found in the tremor band.",
            band_rms=band_rms,
            band_hz=band_hz,
            duration_s=duration,
            interpolated_share=interpolated,
        )
    k = int(peaks[np.argmax(psd[peaks])])
    ratio = float(psd[k] / background) if background > 0 else float("inf")
    left, mid, right = psd[k - 1 : k + 2]
    curvature = left - 2 * mid + right
    offset = 0.5 * (left - right) / curvature if curvature < 0 else 0.0
    hz = float(freqs[k] + offset * df)
    amplitude = _fitted_amplitude(t, x, valid, stretches, hz)
    if ratio < PEAK_TO_BACKGROUND or amplitude < MIN_AMPLITUDE:
        return _no_tremor(
            "No rhythmic movement above the noise in the tremor band.",
            band_rms=band_rms,
            peak_to_background=ratio,
            band_hz=band_hz,
            duration_s=duration,
            interpolated_share=interpolated,
        )
    return Tremor(
        detected=True,
        dominant_hz=hz,
        amplitude=amplitude,
        band_rms=band_rms,
        peak_to_background=ratio,
        band_hz=band_hz,
        duration_s=duration,
        interpolated_share=interpolated,
        reason=None,
    )
