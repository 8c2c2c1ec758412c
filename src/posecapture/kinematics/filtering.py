"""Causal smoothing of landmark positions: the One Euro filter (Casiez et al., CHI 2012).

MediaPipe's landmarks jitter by a few pixels from frame to frame even when the
child holds still, and that jitter would inflate every maximum. A fixed low-pass
filter removes it but lags behind real movement; the One Euro filter adapts its
cut-off to the speed of each point: slow points (a hold) are smoothed hard, fast
points (a reach) are followed closely. It only looks at the past, so the live
app and the batch analysis give the same numbers.

Parameters, chosen from the movements measured rather than fitted to any clip:

* ``MIN_CUTOFF_HZ = 1.0``: the cut-off while still. Holds last at least 0.3 s
  and stretching movements take a second or more, so 1 Hz keeps them and
  removes the frame-to-frame jitter.
* ``BETA = 5.0`` per (trunk length per second): speed is measured in the child's
  own trunk lengths (mid-hip to mid-shoulder), so the filter behaves the same
  whether the child stands near the camera or far from it. A limb moving at one
  trunk length per second (a slow stretch) is filtered at 6 Hz, the cut-off
  commonly used for human movement in biomechanics (Winter, 2009); faster
  movements are followed more closely still.
* ``D_CUTOFF_HZ = 1.0``: smoothing of the speed estimate itself (paper default).

Tremor analysis must not use the filtered series (it removes tremor on
purpose); ``MeasurementFrame.raw_px`` keeps the unfiltered landmarks for it.
"""

from __future__ import annotations

import numpy as np

from posecapture.landmarks import FloatArray

MIN_CUTOFF_HZ = 1.0
BETA = 5.0
D_CUTOFF_HZ = 1.0
# A gap longer than this (the person left the picture, frames were dropped) restarts
# the filter rather than smoothing across two unrelated poses.
MAX_GAP_S = 0.5


def _alpha(cutoff_hz: FloatArray | float, dt: float) -> FloatArray:
    tau = 1.0 / (2.0 * np.pi * np.asarray(cutoff_hz, dtype=np.float64))
    return np.asarray(1.0 / (1.0 + tau / dt), dtype=np.float64)


class OneEuroFilter:
    """One Euro filter over an array of points (any shape), one sample per call.

    ``scale`` is the length that counts as "one" for ``beta`` (the trunk length, in
    the coordinates' units); each call may give the current one. NaN samples pass
    through as NaN and restart the filter for those elements.
    """

    def __init__(
        self,
        scale: float,
        *,
        min_cutoff_hz: float = MIN_CUTOFF_HZ,
        beta: float = BETA,
        d_cutoff_hz: float = D_CUTOFF_HZ,
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.d_cutoff_hz = d_cutoff_hz
        self._x: FloatArray | None = None
        self._dx: FloatArray | None = None
        self._t: float | None = None

    def reset(self) -> None:
        self._x = self._dx = None
        self._t = None

    def __call__(self, x: FloatArray, t_s: float, scale: float | None = None) -> FloatArray:
        if scale is not None and scale > 0:
            self.scale = scale
        x = np.asarray(x, dtype=np.float64)
        if self._x is None or self._dx is None or self._t is None or x.shape != self._x.shape:
            return self._start(x, t_s)
        dt = t_s - self._t
        if dt <= 0 or dt > MAX_GAP_S:
            return self._start(x, t_s)
        fresh = np.isnan(self._x) & ~np.isnan(x)
        dx = (x - self._x) / dt / self.scale
        dx[fresh] = 0.0
        a_d = _alpha(self.d_cutoff_hz, dt)
        dx_hat = a_d * dx + (1.0 - a_d) * self._dx
        a = _alpha(self.min_cutoff_hz + self.beta * np.abs(dx_hat), dt)
        out = a * x + (1.0 - a) * self._x
        out[fresh] = x[fresh]
        out[np.isnan(x)] = np.nan
        self._x = out
        self._dx = np.where(np.isnan(out), 0.0, dx_hat)
        self._t = t_s
        return out.copy()

    def _start(self, x: FloatArray, t_s: float) -> FloatArray:
        self._x = x.copy()
        self._dx = np.zeros_like(x)
        self._t = t_s
        return x.copy()


def one_euro_series(values: FloatArray, timestamps_s: FloatArray, scale: float) -> FloatArray:
    """Filter a whole series (frames first) with a fresh ``OneEuroFilter``, as live use would."""
    filt = OneEuroFilter(scale)
    return np.stack([filt(v, float(t)) for v, t in zip(values, timestamps_s, strict=True)])
