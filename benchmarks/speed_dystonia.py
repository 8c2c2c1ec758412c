"""Speed and memory of the dystonia metrics against the range-of-motion angles.

``posture_angles`` runs once per frame in ``LiveMeasurer`` next to ``rom_angles``, and
``summarize_clip`` once per clip or exercise. Both are timed on a synthetic 5-minute
30 fps clip (a standing body swaying, the head turning and tilting slowly, a 5 Hz
wrist tremor, landmark jitter and 5% of frames lost), against ``rom_angles`` on the
same arrays in this process; the figures are ratios, so they hold on any machine.

Goals: ``posture_angles`` per frame at most 2x ``rom_angles`` per frame (the live
loop's budget is shared by both); ``summarize_clip`` over the whole clip at most the
cost of ``rom_angles`` called per frame over that clip (it runs once, at the end,
while the child waits); peak memory of ``summarize_clip`` under twice the clip's
landmark arrays.

    .venv/bin/python benchmarks/speed_dystonia.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from posecapture.kinematics.angles import rom_angles
from posecapture.kinematics.dystonia import summarize_clip
from posecapture.kinematics.posture import posture_angles
from posecapture.kinematics.quality import detect_view
from posecapture.landmarks import INDEX

# The tests' hand-built body (tests/ is not a package): the same body the tests use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synthetic_body as sb

FPS = 30.0
SECONDS = 300.0


def synthetic_clip(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(image, world, timestamps) of a 5-minute clip of a standing body."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(SECONDS * FPS)) / FPS
    base = sb.standing_world()
    # Slow head movements (a full cycle every 20 s and 30 s): 2 500 distinct poses
    # are enough and keep the clip's construction short.
    poses = np.stack(
        [
            sb.turn_head_right(sb.tilt_head_right(base, 10 * np.sin(k / 13)), 30 * np.sin(k / 20))
            for k in range(2500)
        ]
    )
    world = poses[(t * 2500 / SECONDS).astype(int)].copy()
    world[:, INDEX["right_wrist"], 0] += 0.004 * np.sin(2 * np.pi * 5.0 * t)
    world += rng.normal(0.0, 0.002, world.shape)
    image = sb.to_image(world)
    lost = rng.random(t.size) < 0.05
    image[lost], world[lost] = np.nan, np.nan
    return image, world, t


def best_of(rounds: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def per_frame(fn: Callable[..., object], image: np.ndarray, world: np.ndarray) -> None:
    for k in range(image.shape[0]):
        fn(image[k : k + 1], world[k : k + 1])


def peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(rounds: int = 3) -> None:
    image, world, t = synthetic_clip()
    frames = t.size
    views = [str(v) for v in detect_view(image, world)]
    angles = {**rom_angles(image, world), **posture_angles(image, world)}

    def summarize() -> object:
        return summarize_clip(angles, image, image, world, t, views)

    live_rom = best_of(rounds, lambda: per_frame(rom_angles, image, world))
    live_posture = best_of(rounds, lambda: per_frame(posture_angles, image, world))
    clip_rom = best_of(rounds, lambda: rom_angles(image, world))
    clip_posture = best_of(rounds, lambda: posture_angles(image, world))
    clip_summary = best_of(rounds, summarize)

    print(f"synthetic clip: {frames} frames ({SECONDS / 60:.0f} min at {FPS:.0f} fps)")
    print(f"best of {rounds} rounds each; reference: rom_angles on the same arrays")
    print(
        f"per frame (as LiveMeasurer calls them): posture_angles / rom_angles = "
        f"{live_posture / live_rom:.2f} (goal <= 2.0); "
        f"rom_angles {1e6 * live_rom / frames:.0f} us/frame"
    )
    print(f"whole clip: posture_angles / rom_angles = {clip_posture / clip_rom:.2f}")
    print(
        f"summarize_clip (whole clip) / rom_angles per frame over the clip = "
        f"{clip_summary / live_rom:.2f} (goal <= 1.0); "
        f"/ rom_angles on the whole clip = {clip_summary / clip_rom:.1f}"
    )
    arrays_mib = (image.nbytes + world.nbytes) / 2**20
    summary_mib = peak_mib(summarize)
    posture_mib = peak_mib(lambda: posture_angles(image, world))
    rom_mib = peak_mib(lambda: rom_angles(image, world))
    print(f"landmark arrays: {arrays_mib:.1f} MiB; peak memory traced (tracemalloc):")
    print(f"  rom_angles {rom_mib:.1f} MiB, posture_angles {posture_mib:.1f} MiB")
    print(
        f"  summarize_clip {summary_mib:.1f} MiB = {summary_mib / arrays_mib:.1f}x the arrays "
        f"(goal <= 2), {summary_mib / rom_mib:.1f}x rom_angles"
    )


if __name__ == "__main__":
    main()
