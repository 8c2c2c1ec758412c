"""Movement quality: smoothness of reaching, overflow to the other arm, postural sway.

Dystonia makes a reach jerky (it breaks into sub-movements), spreads effort to
limbs that should stay at rest (overflow), and unsettles quiet standing. These
work on the filtered landmarks (``MeasurementFrame.landmarks_px``): they are about
slow movement, and the filter removes the camera's jitter that would otherwise
read as roughness. Positions are taken relative to the trunk and in torso lengths,
so the distance to the camera does not matter (docs/metrics.md).

* Smoothness: SPARC, the spectral arc length of the hand's speed profile
  (Balasubramanian et al. 2015), per movement; closer to 0 is smoother, a smooth
  reach of a healthy adult reads about -1.5, a broken one -2 to -4.
* Overflow: while one wrist makes a movement, how far the other wrist moves, as a
  share of the working wrist's excursion.
* Sway: the hip centre's horizontal travel over the ankles while the feet stay
  planted and the knees straight, as an angle of the inverted pendulum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, FloatArray

# A wrist is moving faster than this (torso lengths per second): slow enough to catch
# the effortful movements of a child with dystonia, well above landmark jitter.
MOVING_SPEED = 0.3
# A movement shorter than this, or covering less of a torso length, is a twitch, not a reach.
MIN_MOVEMENT_S = 0.4
MIN_MOVEMENT_EXTENT = 0.3
# SPARC's parameters as published: cut-off 10 Hz, amplitude threshold 5 %, 4 zero pads.
SPARC_CUTOFF_HZ = 10.0
SPARC_AMPLITUDE_THRESHOLD = 0.05
SPARC_PADDING = 4
# SPARC needs the speed profile up to its cut-off: below this frame rate it says too little.
SMOOTHNESS_MIN_FPS = 20.0
# Quiet standing: ankles within this share of the leg length of where they stand, knees
# straighter than this, for at least this long.
PLANTED_TOLERANCE = 0.05
STRAIGHT_KNEE_DEG = 160.0
MIN_QUIET_S = 3.0


@dataclass(frozen=True)
class Movement:
    """One movement of a wrist: frames [start, stop) and its SPARC smoothness."""

    start: int
    stop: int
    extent: float
    sparc: float


@dataclass(frozen=True)
class TrunkFrame:
    """The trunk reference of a clip: the mid-shoulder point per frame and the torso length.

    ``origin`` (frames, 2) is NaN where it cannot be the same point as in most frames;
    ``torso`` is the median mid-shoulder to mid-hip length, NaN if the hips were never seen.
    """

    origin: FloatArray
    torso: float

    def relative(self, xy: FloatArray, name: str) -> FloatArray:
        """A landmark's position from the mid-shoulder point, in torso lengths (frames, 2)."""
        result: FloatArray = (xy[:, INDEX[name]] - self.origin) / self.torso
        return result


def _mean_seen(xy: FloatArray, name: str) -> tuple[FloatArray, NDArray[np.int_]]:
    """Mean of the left and right landmark seen, and which were seen (2 left, 1 right, 3 both)."""
    pair = xy[:, [INDEX[f"left_{name}"], INDEX[f"right_{name}"]]]
    which = np.isfinite(pair).all(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: FloatArray = np.nansum(pair, axis=1) / which.sum(axis=1, keepdims=True)
    codes: NDArray[np.int_] = which[:, 0] * 2 + which[:, 1]
    return mean, codes


def steady_mid(xy: FloatArray, name: str) -> FloatArray:
    """Midpoint of a left/right pair (frames, 2) that stays the same point through the clip.

    From the side the far shoulder, hip or ankle is often hidden, so the midpoint is
    the mean of the pair's landmarks seen. A landmark flickering in and out would make
    it jump, so frames seeing another set of the pair than most frames do are NaN.
    """
    mean, codes = _mean_seen(xy, name)
    counts = np.bincount(codes, minlength=4)[1:]
    usual = int(np.argmax(counts)) + 1 if counts.any() else -1
    result: FloatArray = np.where((codes == usual)[:, None], mean, np.nan)
    return result


def trunk_frame(xy: FloatArray) -> TrunkFrame:
    """The mid-shoulder reference and torso length of ``xy`` (frames, 33, 2; NaN unseen)."""
    origin = steady_mid(xy, "shoulder")
    lengths = np.linalg.norm(origin - steady_mid(xy, "hip"), axis=1)
    lengths = lengths[np.isfinite(lengths) & (lengths > 0)]
    return TrunkFrame(origin, float(np.median(lengths)) if lengths.size else float("nan"))


def seen_xy(image: FloatArray) -> FloatArray:
    """Image x, y (frames, 33, 2) with the landmarks not seen set to NaN."""
    result: FloatArray = np.where(seen(image)[..., None], image[..., :2], np.nan)
    return result


def sparc(speed: FloatArray, fs: float) -> float:
    """Spectral arc length of a speed profile sampled at ``fs`` Hz (Balasubramanian 2015).

    The arc length of the normalised magnitude spectrum up to the cut-off (or up to
    where the spectrum last exceeds the threshold, if sooner): a smooth bell-shaped
    profile has a short, simple spectrum; sub-movements add ripples that lengthen it.
    """
    nfft = 1 << int(np.ceil(np.log2(speed.size)) + SPARC_PADDING)
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    magnitude = np.abs(np.fft.rfft(speed, nfft))
    magnitude = magnitude / magnitude.max()
    keep = freqs <= SPARC_CUTOFF_HZ
    freqs, magnitude = freqs[keep], magnitude[keep]
    above = np.flatnonzero(magnitude >= SPARC_AMPLITUDE_THRESHOLD)
    freqs = freqs[above[0] : above[-1] + 1]
    magnitude = magnitude[above[0] : above[-1] + 1]
    span = freqs[-1] - freqs[0]
    if span <= 0:
        return 0.0
    return -float(np.sum(np.hypot(np.diff(freqs) / span, np.diff(magnitude))))


def uniform(timestamps_s: FloatArray, values: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """Values (frames, dims) resampled to the median frame interval; NaN runs stay NaN."""
    fs = 1.0 / float(np.median(np.diff(timestamps_s)))
    grid = np.arange(timestamps_s[0], timestamps_s[-1] + 0.5 / fs, 1 / fs)
    nearest = np.clip(np.searchsorted(timestamps_s, grid), 0, len(timestamps_s) - 1)
    gap = ~np.isfinite(values).all(axis=1)[nearest]
    out = np.full((grid.size, values.shape[1]), np.nan)
    ok = np.isfinite(values).all(axis=1)
    if ok.sum() >= 2:
        for d in range(values.shape[1]):
            out[:, d] = np.interp(grid, timestamps_s[ok], values[ok, d])
    out[gap] = np.nan
    return grid, out, fs


def find_movements(position: FloatArray, fs: float) -> list[Movement]:
    """Movements of one wrist (position in torso lengths, uniform at ``fs``), with SPARC."""
    speed = np.linalg.norm(np.gradient(position, 1 / fs, axis=0), axis=1)
    with np.errstate(invalid="ignore"):
        moving = speed > MOVING_SPEED
    edges = np.diff(np.concatenate([[0], moving.astype(np.int8), [0]]))
    movements: list[Movement] = []
    for start, stop in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if (stop - start) / fs < MIN_MOVEMENT_S:
            continue
        # Widen to the speed minima either side: SPARC expects a profile from rest to
        # rest, and the slow start and end belong to the movement's extent.
        lo, hi = int(start), int(stop)
        while lo > 0 and speed[lo - 1] < speed[lo]:
            lo -= 1
        while hi < speed.size and speed[hi] < speed[hi - 1]:
            hi += 1
        path = position[lo:hi]
        extent = float(np.max(np.linalg.norm(path - path[0], axis=1)))
        if extent < MIN_MOVEMENT_EXTENT or not np.isfinite(speed[lo:hi]).all():
            continue
        movements.append(Movement(lo, hi, extent, sparc(speed[lo:hi], fs)))
    return movements


def overflow_ratio(other: FloatArray, movement: Movement) -> float:
    """How far the other wrist strayed during ``movement``, as a share of its extent."""
    path = other[movement.start : movement.stop]
    if not np.isfinite(path).all():
        return float("nan")
    return float(np.max(np.linalg.norm(path - path[0], axis=1)) / movement.extent)


def quiet_standing(xy: FloatArray) -> NDArray[np.bool_]:
    """Frames of quiet standing: the ankles planted where they mostly stand, knees straight.

    A knee counts when it is seen; at least one must be, and be straight.
    """
    ankles = steady_mid(xy, "ankle")
    hips = steady_mid(xy, "hip")
    leg = np.linalg.norm(hips - ankles, axis=1)
    both = np.isfinite(ankles).all(axis=1) & np.isfinite(leg)
    if not both.any():
        return np.zeros(len(xy), dtype=bool)
    stance = np.median(ankles[both], axis=0)
    with np.errstate(invalid="ignore"):
        planted = np.linalg.norm(ankles - stance, axis=1) <= PLANTED_TOLERANCE * np.median(
            leg[both]
        )
    bent = np.zeros(len(xy), dtype=bool)
    knees_seen = np.zeros(len(xy), dtype=bool)
    for side in ("left", "right"):
        thigh = xy[:, INDEX[f"{side}_hip"]] - xy[:, INDEX[f"{side}_knee"]]
        shank = xy[:, INDEX[f"{side}_ankle"]] - xy[:, INDEX[f"{side}_knee"]]
        with np.errstate(invalid="ignore", divide="ignore"):
            cos = np.einsum("ij,ij->i", thigh, shank) / (
                np.linalg.norm(thigh, axis=1) * np.linalg.norm(shank, axis=1)
            )
            knee = np.degrees(np.arccos(np.clip(cos, -1, 1)))
            bent |= knee < STRAIGHT_KNEE_DEG
        knees_seen |= np.isfinite(knee)
    straight = knees_seen & ~bent
    result: NDArray[np.bool_] = planted & straight
    return result


def sway_angles(xy: FloatArray) -> FloatArray:
    """Horizontal lean of the hip centre over the ankle centre, degrees, per frame."""
    ankles = steady_mid(xy, "ankle")
    hips = steady_mid(xy, "hip")
    up = ankles - hips
    result: FloatArray = np.degrees(np.arctan2(hips[:, 0] - ankles[:, 0], up[:, 1]))
    return result


def longest_run(mask: NDArray[np.bool_]) -> tuple[int, int]:
    """[start, stop) of the longest run of True in ``mask`` ((0, 0) if none)."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return 0, 0
    best = int(np.argmax(stops - starts))
    return int(starts[best]), int(stops[best])
