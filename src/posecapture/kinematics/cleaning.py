"""Cleaning landmarks before measuring: visibility gating and left/right swap repair.

MediaPipe sometimes labels the left limb as the right one for a few frames (most
often in side and back views, and when the legs cross). An angle computed across
such a swap jumps to the other side's value, which is the costliest error it
makes. A swap shows as a jump: the "left" points land where the "right" points
just were. ``SwapRepairer`` compares each frame with the previous repaired one
and swaps a limb's labels back when the swapped labelling explains the new
positions much better (``SWAP_RATIO``) than the labelling given. It only looks at
the past, so the live app and the batch analysis agree.

Limits: a swap present from the very first frame cannot be seen this way, nor
can one in a pure side view, where the two legs (or arms) overlap in the picture
and both labellings fit equally well; such frames are measured as MediaPipe
labelled them.
"""

from __future__ import annotations

import numpy as np

from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, MIRROR, FloatArray

# Limbs whose labels are checked (and swapped) together: MediaPipe swaps a whole
# arm or leg, and checking points together is more robust than one at a time.
SWAP_GROUPS: dict[str, tuple[int, ...]] = {
    "arms": tuple(INDEX[f"left_{p}"] for p in ("elbow", "wrist", "pinky", "index", "thumb")),
    "legs": tuple(INDEX[f"left_{p}"] for p in ("knee", "ankle", "heel", "foot_index")),
}
# MediaPipe's flips seen on real clips last a few frames; a "swap" lasting longer than
# this is more likely a repair gone wrong than a flip (see SwapRepairer).
MAX_SWAP_S = 1.0
# The swapped labelling must fit at least twice as well as the given one: between two
# frames a limb moves a little; a swap moves both labels by the distance between limbs.
SWAP_RATIO = 0.5


def gate(image: FloatArray) -> FloatArray:
    """A copy of ``image`` (..., 33, 4) with landmarks not seen set to NaN (visibility kept)."""
    out = np.array(image, dtype=np.float64, copy=True)
    hidden = ~seen(out)
    out[..., :3][hidden] = np.nan
    return out


def gate_world(world: FloatArray, image: FloatArray) -> FloatArray:
    """A copy of ``world`` (..., 33, 3) with the landmarks ``image`` did not see set to NaN."""
    out = np.array(world, dtype=np.float64, copy=True)
    out[~seen(image)] = np.nan
    return out


def swap_sides(points: FloatArray, indices: tuple[int, ...]) -> FloatArray:
    """A copy of ``points`` (33, C) with the left points ``indices`` and their mirrors exchanged."""
    out = points.copy()
    left = list(indices)
    right = [MIRROR[i] for i in indices]
    out[left], out[right] = points[right], points[left]
    return out


class SwapRepairer:
    """Causal left/right swap repair, one frame at a time (image and world together).

    MediaPipe's own flips last a few frames. A limb that would stay swapped for
    longer than ``MAX_SWAP_S`` more likely means the repair itself went wrong (a
    fast movement mistaken for a swap), so MediaPipe's labels are trusted again.
    """

    def __init__(self) -> None:
        self._previous: FloatArray | None = None
        self._swapped_since: dict[str, float] = {}

    def reset(self) -> None:
        self._previous = None
        self._swapped_since = {}

    def __call__(
        self, image: FloatArray, world: FloatArray, t_s: float
    ) -> tuple[FloatArray, FloatArray, list[str]]:
        """Return ``image`` (33, 4) and ``world`` (33, 3) repaired, and the groups swapped."""
        swapped: list[str] = []
        if not np.isfinite(image[:, 0]).any():
            self.reset()
            return image.copy(), world.copy(), swapped
        previous = self._previous
        if previous is not None:
            for name, indices in SWAP_GROUPS.items():
                if not _swapped(image, previous, indices):
                    self._swapped_since.pop(name, None)
                    continue
                since = self._swapped_since.setdefault(name, t_s)
                if t_s - since > MAX_SWAP_S:
                    continue
                image = swap_sides(image, indices)
                world = swap_sides(world, indices)
                swapped.append(name)
        self._previous = image.copy()
        return image.copy(), world.copy(), swapped


def _swapped(image: FloatArray, previous: FloatArray, indices: tuple[int, ...]) -> bool:
    left = list(indices)
    right = [MIRROR[i] for i in indices]
    both = seen(image[left]) & seen(image[right]) & seen(previous[left]) & seen(previous[right])
    if not both.any():
        return False
    now_l, now_r = image[left][both, :2], image[right][both, :2]
    was_l, was_r = previous[left][both, :2], previous[right][both, :2]
    kept = np.linalg.norm(now_l - was_l, axis=1).sum() + np.linalg.norm(now_r - was_r, axis=1).sum()
    crossed = (
        np.linalg.norm(now_l - was_r, axis=1).sum() + np.linalg.norm(now_r - was_l, axis=1).sum()
    )
    return bool(crossed < SWAP_RATIO * kept)


def repair_swaps(
    image: FloatArray, world: FloatArray, timestamps_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Repair a whole clip (F, 33, 4) / (F, 33, 3) frame by frame, as the live path does."""
    repairer = SwapRepairer()
    out_i = np.empty_like(image)
    out_w = np.empty_like(world)
    for k in range(len(image)):
        out_i[k], out_w[k], _ = repairer(image[k], world[k], float(timestamps_s[k]))
    return out_i, out_w
