"""How small can the child be in the picture? Found share and angle error per person size.

Each shared clip is shrunk into a larger grey picture (1280x720 and 640x480, the
person's median height at full size scaled to a share of the picture's height,
placed in the middle or, with --off-centre, with the body centred a fifth of the
width from the left edge), and measured twice through the same
``LiveMeasurer``: with today's pipeline (``open_backend(zoom=False)``: MediaPipe on
the whole picture) and with the new one (``open_backend()``: zoomed crops when the
whole picture shows nobody, ``posecapture.pose.zoom``). Both are compared with
today's pipeline on the clip at its own size.

Per size it prints:
  found   frames with a person, as a share of the frames with one at full size
  other   frames where the person measured is not the one measured at full size
          (trunk centre more than one trunk length away): the two-person clip
  |d|     median absolute difference of every angle measured in both, degrees
  p90     its 90th percentile
  kept    share of the angle values given at full size that are still given
  time    time per frame, new / today, the two run one after the other in one process

Goal (issue 11): found in at least 90% of frames and |d| within 2 degrees down to
20% of the picture's height.

    .venv/bin/python benchmarks/small_person.py [--quick] [--off-centre] [--jobs N]

--quick measures every clip's first 60 frames at four sizes (a minute or two);
the full run takes about 10 minutes with two jobs on two cores.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

DATA = Path(
    os.environ.get(
        "POSECAPTURE_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)
CLIPS = (
    "tfjs_pose_squats.mp4",
    "mediapose_shoulder_flexion_side.mp4",
    "pose2sim_balancing_cam01.mp4",
    "pose2sim_balancing_cam03.mp4",
    "sports2d_demo.mp4",
)
CANVASES = ((1280, 720), (640, 480))
SIZES = (0.8, 0.5, 0.35, 0.3, 0.25, 0.2, 0.15, 0.12)
QUICK_SIZES = (0.5, 0.25, 0.2, 0.15)
QUICK_FRAMES = 60
GREY = 110
_TRUNK = (11, 12, 23, 24)  # shoulders and hips


@dataclass
class Run:
    """One pipeline over one clip: per frame, whether found, trunk centre and length, angles."""

    found: NDArray[np.bool_]
    centre: NDArray[np.float64]  # (F, 2) in the source clip's pixels, NaN where not found
    trunk: NDArray[np.float64]
    angles: NDArray[np.float64]  # (F, A)
    seconds: float


def frames(clip: str, limit: int | None) -> Iterator[tuple[float, NDArray[np.uint8]]]:
    from posecapture.sources import VideoSource

    source = VideoSource(DATA / "videos" / clip)
    try:
        for k, frame in enumerate(source):
            if limit is not None and k >= limit:
                return
            yield frame.t_s, frame.bgr
    finally:
        source.close()


def clip_info(clip: str) -> tuple[int, int, float]:
    from posecapture.sources import VideoSource

    source = VideoSource(DATA / "videos" / clip)
    source.close()
    return source.width, source.height, source.fps


@dataclass(frozen=True)
class Placement:
    """Source pixels -> canvas pixels: canvas = source * scale + (ox, oy)."""

    scale: float
    ox: float
    oy: float
    width: int
    height: int

    @classmethod
    def of(
        cls, box: tuple[float, ...], share: float, width: int, height: int, across: float
    ) -> Placement:
        x0, y0, x1, y1 = box
        scale = share * height / (y1 - y0)
        ox = across * width - (x0 + x1) / 2 * scale
        oy = height / 2 - (y0 + y1) / 2 * scale
        return cls(scale, ox, oy, width, height)

    def apply(self, bgr: NDArray[np.uint8]) -> NDArray[np.uint8]:
        matrix = np.array([[self.scale, 0, self.ox], [0, self.scale, self.oy]], dtype=np.float64)
        if self.scale < 1:
            # Area averaging, as a camera's sensor does for a far-away child: shrink first,
            # then place with a whole-pixel shift.
            small = cv2.resize(
                bgr, None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_AREA
            )
            matrix = np.array([[1, 0, self.ox], [0, 1, self.oy]], dtype=np.float64)
            bgr = small
        return cv2.warpAffine(
            bgr,
            matrix,
            (self.width, self.height),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(GREY, GREY, GREY),
        )

    def back(self, points: NDArray[np.float64]) -> NDArray[np.float64]:
        return (points - np.array([self.ox, self.oy])) / self.scale


def measure(clip: str, zoom: bool, limit: int | None, placement: Placement | None = None) -> Run:
    from posecapture.analysis import LiveMeasurer
    from posecapture.measurement import ROM_ANGLE_IDS
    from posecapture.pose import open_backend
    from posecapture.sources import Frame

    width, height, fps = clip_info(clip)
    if placement is not None:
        width, height = placement.width, placement.height
    backend = open_backend(zoom=zoom)
    measurer = LiveMeasurer(width, height, fps)
    found, centre, trunk, angles = [], [], [], []
    took = 0.0
    try:
        for k, (t_s, bgr) in enumerate(frames(clip, limit)):
            picture = placement.apply(bgr) if placement is not None else bgr
            rgb = cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)
            start = time.perf_counter()
            detection = backend.detect(rgb, t_s)
            took += time.perf_counter() - start
            m = measurer.push(Frame(k, t_s, picture), detection)
            found.append(detection is not None)
            angles.append([m.angle(a) for a in ROM_ANGLE_IDS])
            if detection is None:
                centre.append([np.nan, np.nan])
                trunk.append(np.nan)
                continue
            points = detection.image[list(_TRUNK), :2]
            if placement is not None:
                points = placement.back(points)
            centre.append(points.mean(axis=0))
            trunk.append(
                float(np.linalg.norm((points[0] + points[1]) / 2 - (points[2] + points[3]) / 2))
            )
    finally:
        backend.close()
    return Run(
        np.array(found), np.array(centre), np.array(trunk), np.array(angles, dtype=float), took
    )


def person_box(clip: str, limit: int | None) -> tuple[float, ...]:
    """Median box of the person at full size (points cut to the picture), source pixels."""
    from posecapture.pose import open_backend

    width, height, _ = clip_info(clip)
    backend = open_backend(zoom=False)
    boxes = []
    try:
        for t_s, bgr in frames(clip, limit):
            found = backend.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), t_s)
            if found is not None:
                x = np.clip(found.image[:, 0], 0, width)
                y = np.clip(found.image[:, 1], 0, height)
                boxes.append((x.min(), y.min(), x.max(), y.max()))
    finally:
        backend.close()
    return tuple(float(v) for v in np.median(np.array(boxes), axis=0))


def reference(clip: str, limit: int | None) -> tuple[Run, tuple[float, ...]]:
    return measure(clip, zoom=False, limit=limit), person_box(clip, limit)


def shrunk(
    clip: str,
    box: tuple[float, ...],
    canvas: tuple[int, int],
    share: float,
    across: float,
    limit: int | None,
) -> tuple[Run, Run]:
    placement = Placement.of(box, share, canvas[0], canvas[1], across)
    return (
        measure(clip, zoom=False, limit=limit, placement=placement),
        measure(clip, zoom=True, limit=limit, placement=placement),
    )


@dataclass
class Tally:
    """Pooled over clips: counts and angle differences."""

    frames: int = 0
    found: int = 0
    other: int = 0
    kept: int = 0
    given: int = 0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.diffs: list[NDArray[np.float64]] = []

    def add(self, full: Run, run: Run) -> None:
        person = full.found
        self.frames += int(person.sum())
        self.found += int((run.found & person).sum())
        both = run.found & person
        moved = np.linalg.norm(run.centre[both] - full.centre[both], axis=1)
        self.other += int((moved > full.trunk[both]).sum())
        given = np.isfinite(full.angles)
        self.given += int(given.sum())
        self.kept += int((given & np.isfinite(run.angles)).sum())
        measured = given & np.isfinite(run.angles)
        self.diffs.append(np.abs(run.angles[measured] - full.angles[measured]))
        self.seconds += run.seconds

    def row(self) -> str:
        diffs = np.concatenate(self.diffs) if self.diffs else np.array([])
        med = f"{np.median(diffs):5.1f}" if diffs.size else "    -"
        p90 = f"{np.percentile(diffs, 90):5.1f}" if diffs.size else "    -"
        found = 100 * self.found / max(self.frames, 1)
        kept = 100 * self.kept / max(self.given, 1)
        return f"{found:5.0f}% {self.other:5d} {med} {p90} {kept:4.0f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="60 frames a clip, four sizes")
    parser.add_argument("--off-centre", action="store_true", help="a fifth from the left")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--clips", nargs="*", default=list(CLIPS))
    args = parser.parse_args()
    limit = QUICK_FRAMES if args.quick else None
    sizes = QUICK_SIZES if args.quick else SIZES
    across = 0.2 if args.off_centre else 0.5
    clips = [c for c in args.clips if (DATA / "videos" / c).exists()]
    if not clips:
        raise SystemExit(f"No shared clips under {DATA / 'videos'}.")
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, mp_context=get_context("spawn")) as pool:
        refs = dict(zip(clips, pool.map(reference, clips, [limit] * len(clips)), strict=True))
        jobs = {
            (clip, canvas, share): pool.submit(
                shrunk, clip, refs[clip][1], canvas, share, across, limit
            )
            for canvas in CANVASES
            for share in sizes
            for clip in clips
        }
        results = {key: job.result() for key, job in jobs.items()}
    print(f"clips: {', '.join(clips)}" + (f" (first {limit} frames)" if limit else ""))
    for clip in clips:
        full, box = refs[clip]
        width, height, _ = clip_info(clip)
        print(
            f"  {clip}: {width}x{height}, person {(box[3] - box[1]) / height:.0%} of the height, "
            f"found in {full.found.sum()} of {len(full.found)} frames at full size"
        )
    place = "body centred a fifth from the left" if args.off_centre else "body in the middle"
    print(f"{place}; against today's pipeline at full size")
    header = "found other   |d|   p90  kept"
    for canvas in CANVASES:
        print(f"\n{canvas[0]}x{canvas[1]}   {'today':^29} | {'new (zoomed crops)':^29} | time")
        print(f"person   {header} | {header} | new/today")
        for share in sizes:
            today, new = Tally(), Tally()
            for clip in clips:
                old_run, new_run = results[(clip, canvas, share)]
                today.add(refs[clip][0], old_run)
                new.add(refs[clip][0], new_run)
            ratio = new.seconds / max(today.seconds, 1e-9)
            print(f"{share:5.0%}    {today.row()} | {new.row()} | {ratio:5.2f}")
    print("\nper clip, new pipeline (found, other person, |d|):")
    for canvas in CANVASES:
        for clip in clips:
            cells = []
            for share in sizes:
                tally = Tally()
                tally.add(refs[clip][0], results[(clip, canvas, share)][1])
                found, other, med = tally.row().split()[:3]
                cells.append(f"{share:.0%}: {found} {other} {med}°")
            print(f"  {canvas[0]}x{canvas[1]} {clip[:24]:24} " + "  ".join(cells))
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
