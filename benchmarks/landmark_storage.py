"""Storage of the landmark series: the compact format against the first (float32 npz).

Both formats encode the same landmark series in this process, so the size ratio
holds on any machine. The series is MediaPipe's on a real clip when the shared
data is there (else a synthetic series that moves and jitters like one). Goal:
the compact format at most a quarter of the float32 archive, with every value
within half a quantization step and NaN kept exactly.

    .venv/bin/python benchmarks/landmark_storage.py [CLIP ...]

CLIP defaults to the shared clips in $POSECAPTURE_SHARED_DATA or ../shared/data.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from posecapture.kinematics.angles import rom_angles
from posecapture.store.landmark_codec import decode_series, encode_float32, encode_series

DEFAULT_CLIPS = ("mediapose_shoulder_flexion_side.mp4", "tfjs_pose_squats.mp4")
ROUNDS = 20


def clips() -> list[Path]:
    if len(sys.argv) > 1:
        return [Path(arg) for arg in sys.argv[1:]]
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    videos = Path(os.environ.get("POSECAPTURE_SHARED_DATA", default)) / "videos"
    return [videos / name for name in DEFAULT_CLIPS if (videos / name).exists()]


def measured(path: Path) -> tuple[dict[str, Any], float]:
    """The series ``session run`` would store for the whole clip, and the clip's fps."""
    from posecapture.analysis import analyze

    result = analyze(path)
    series = {
        "timestamps_s": result.timestamps_s,
        "landmarks_px": result.landmarks_px,
        "raw_px": result.raw_px,
        "world_m": result.world_m,
    }
    return series, result.fps


def synthetic(frames: int = 1800) -> dict[str, Any]:
    """A minute at 30 fps of landmarks that wander, with MediaPipe-like 1 px / 1 cm jitter."""
    rng = np.random.default_rng(0)
    path = np.cumsum(rng.normal(0, 1.5, (frames, 33, 3)), axis=0) + 300.0
    image = np.concatenate([path, rng.uniform(0.5, 1.0, (frames, 33, 1))], axis=2)
    world = np.cumsum(rng.normal(0, 0.003, (frames, 33, 3)), axis=0)
    world = world + rng.normal(0, 0.01, world.shape)
    return {
        "timestamps_s": np.arange(frames) / 30.0,
        "landmarks_px": image,
        "raw_px": image
        + np.concatenate([rng.normal(0, 1.0, path.shape), np.zeros_like(image[..., :1])], axis=2),
        "world_m": world,
    }


def best_time(work: Callable[[], object]) -> float:
    took = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        took = min(took, time.perf_counter() - start)
    return took


def _error(back: np.ndarray, original: np.ndarray) -> float:
    return float(np.nanmax(np.abs(back - original), initial=0.0))


def jitter_px(series: dict[str, Any]) -> float:
    """Median frame-to-frame move of a raw landmark, in pixels: MediaPipe's jitter on a
    person standing still (pose2sim_static_tpose_cam01.mp4: 1.8 px), more when moving."""
    moves = np.linalg.norm(np.diff(series["raw_px"][..., :2], axis=0), axis=2)
    return float(np.nanmedian(moves))


def report(name: str, series: dict[str, Any], fps: float) -> None:
    frames = len(series["timestamps_s"])
    arrays = {k: v for k, v in series.items() if k != "timestamps_s"}
    old = encode_float32(series["timestamps_s"], arrays)
    new = encode_series(**series)
    back = decode_series(new)
    seen = int(np.isfinite(series["landmarks_px"][..., 0]).any(axis=1).sum())
    print(f"{name}: {frames} frames at {fps:.0f} fps, a person seen in {seen}")
    for label, blob in (("float32 npz (first format)", old), ("compact (quantized)", new)):
        per_frame = len(blob) / frames
        print(
            f"  {label:27}: {per_frame:7.1f} bytes/frame, {per_frame * fps * 60 / 1e6:5.2f} MB/min"
        )
    ratio = len(new) / len(old)
    print(f"  size ratio compact/float32: {ratio:.3f} ({1 / ratio:.1f}x smaller)")
    encode_s = best_time(lambda: encode_series(**series))
    decode_s = best_time(lambda: decode_series(new))
    old_encode_s = best_time(lambda: encode_float32(series["timestamps_s"], arrays))
    print(
        f"  time per minute of landmarks: encode {encode_s * 60 * fps / frames * 1000:.1f} ms "
        f"(float32 npz: {old_encode_s * 60 * fps / frames * 1000:.1f} ms), "
        f"decode {decode_s * 60 * fps / frames * 1000:.1f} ms"
    )
    nan_kept = all(np.array_equal(np.isnan(back[k]), np.isnan(v)) for k, v in arrays.items())
    pixels = max(_error(back[k][..., :3], v[..., :3]) for k, v in arrays.items() if k != "world_m")
    visibility = max(
        _error(back[k][..., 3], v[..., 3]) for k, v in arrays.items() if k != "world_m"
    )
    times = _error(back["timestamps_s"], series["timestamps_s"])
    print(
        f"  max round-trip error: x/y/z {pixels:.4f} px, visibility {visibility:.4f}, "
        f"world {1000 * _error(back['world_m'], series['world_m']):.3f} mm, "
        f"timestamps {times:.0e} s, NaN kept exactly: {nan_kept}"
    )
    if name == "synthetic":
        return  # random points are not a body: their angles say nothing
    before = rom_angles(series["landmarks_px"], series["world_m"])
    after = rom_angles(back["landmarks_px"], back["world_m"])
    change = max(
        (float(np.nanmax(np.abs(after[k] - before[k]), initial=0.0)) for k in before), default=0.0
    )
    print(
        f"  largest change of any angle recomputed from the stored landmarks: {change:.3f}°; "
        f"raw landmarks move {jitter_px(series):.2f} px between frames (median: "
        "MediaPipe's jitter plus the person's movement)"
    )


def main() -> None:
    found = clips()
    if not found:
        print("no shared clip found: using a synthetic minute of landmarks")
        report("synthetic", synthetic(), 30.0)
    for path in found:
        series, fps = measured(path)
        report(path.name, series, fps)


if __name__ == "__main__":
    main()
