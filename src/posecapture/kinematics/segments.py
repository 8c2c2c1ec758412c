"""Limb segments and how long each really is: the cue for how far it points at the camera.

A segment that lies across the picture shows its whole length; one that points
towards or away from the camera looks shorter (foreshortening). One camera cannot
measure a segment's true length, but a child moves: the longest the segment has
looked so far (in MediaPipe's body scale, so that stepping closer does not count)
is a lower bound on its true length that grows to the true length as soon as the
segment has once lain across the picture. Against it, the segment's picture length
now says how far it turns out of the picture (``kinematics.uncertainty`` uses this
to decide whether an angle can be read flat from the picture).

The lengths are causal, a running maximum over the frames seen so far, so the live
app and ``analyze`` agree frame by frame; ``LongestLengths`` keeps the running value
between the frames the live measurer hands it one at a time.
"""

from __future__ import annotations

import numpy as np

from posecapture.kinematics.angles import pixels_per_metre
from posecapture.kinematics.visibility import seen
from posecapture.landmarks import INDEX, FloatArray

# segment name -> (proximal joint, distal joint), per side.
_PAIRS: dict[str, tuple[str, str]] = {
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "trunk_side": ("shoulder", "hip"),
    "thigh": ("hip", "knee"),
    "shank": ("knee", "ankle"),
}
SEGMENTS: dict[str, tuple[int, int]] = {
    f"{side}_{name}": (INDEX[f"{side}_{a}"], INDEX[f"{side}_{b}"])
    for side in ("left", "right")
    for name, (a, b) in _PAIRS.items()
}


def segment_of(a: str, b: str) -> str:
    """The name of the segment between landmarks ``a`` and ``b`` (either order)."""
    pair = {INDEX[a], INDEX[b]}
    for name, ends in SEGMENTS.items():
        if set(ends) == pair:
            return name
    raise KeyError(f"no segment between {a} and {b}")


def picture_lengths(image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
    """Each segment's length in the picture, in metres of MediaPipe's body (F,) per segment.

    The picture length in pixels divided by the frame's pixels per metre
    (``angles.pixels_per_metre``), so that a child walking towards the camera keeps
    the same lengths. NaN unless both ends were seen.
    """
    scale = pixels_per_metre(image, world)
    vis = seen(image)
    out: dict[str, FloatArray] = {}
    for name, (a, b) in SEGMENTS.items():
        length = np.linalg.norm(image[:, a, :2] - image[:, b, :2], axis=-1)
        with np.errstate(invalid="ignore"):
            out[name] = np.where(vis[:, a] & vis[:, b], length / scale, np.nan)
    return out


class LongestLengths:
    """The longest each segment has looked so far, frame by frame (metres, MediaPipe's scale).

    ``__call__(image, world)`` takes the next frames (F, 33, 4) and (F, 33, 3) and
    returns, per segment, the running maximum of ``picture_lengths`` up to and
    including each frame (NaN until the segment has been seen). ``reset`` forgets the
    past, as the live measurer does when it loses the child.
    """

    def __init__(self) -> None:
        self._longest: dict[str, float] = {}

    def reset(self) -> None:
        self._longest.clear()

    def __call__(self, image: FloatArray, world: FloatArray) -> dict[str, FloatArray]:
        out: dict[str, FloatArray] = {}
        for name, lengths in picture_lengths(image, world).items():
            start = self._longest.get(name, np.nan)
            running: FloatArray = np.fmax.accumulate(np.concatenate([[start], lengths]))[1:]
            out[name] = running
            if np.isfinite(running[-1]):
                self._longest[name] = float(running[-1])
        return out
