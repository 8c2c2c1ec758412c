"""Speed of ``analyze`` against the naive loop (decode a frame, run MediaPipe, repeat).

Both run on the same clip in this process; the figures are ratios, so they hold
on any machine. Goal: ``analyze`` at least as fast as the naive loop (ratio >= 1.0,
decoding overlapped with inference) and at least 2x real time on 640x480 30 fps.
``analyze`` gives a clip of 120 frames or more two pose trackers, one per half
(``posecapture.second_half``); it is also timed with one, for comparison. Peak
memory is measured for each in a fresh process, since a process never gives
memory back to the system.

    .venv/bin/python benchmarks/speed_analyze.py [CLIP]

CLIP defaults to the 640x480 30 fps shoulder clip in $POSECAPTURE_SHARED_DATA or ../shared/data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import cv2

from posecapture import analysis
from posecapture.analysis import analyze
from posecapture.pose import open_backend


def clip_path() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    data = Path(os.environ.get("POSECAPTURE_SHARED_DATA", default))
    return data / "videos" / "mediapose_shoulder_flexion_side.mp4"


def naive(path: Path) -> tuple[float, int, float]:
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS)
    # The plain model on the whole picture: what analyze's zoomed search must not slow.
    backend = open_backend(zoom=False)
    frames = 0
    start = time.perf_counter()
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        backend.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), frames / fps)
        frames += 1
    elapsed = time.perf_counter() - start
    backend.close()
    cap.release()
    return elapsed, frames, fps


def one_tracker(path: Path) -> None:
    """``analyze`` as it measured before the clip was split between two trackers."""
    split_at = analysis._SPLIT_MIN_FRAMES
    analysis._SPLIT_MIN_FRAMES = sys.maxsize
    try:
        analyze(path)
    finally:
        analysis._SPLIT_MIN_FRAMES = split_at


def peak_mib(path: Path, how: str) -> float:
    """Peak resident memory of one ``analyze`` run in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--peak", how, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.split()[-1])


def main(path: Path, rounds: int = 3) -> None:
    analyze(path)  # warm-up: loads the model files into the page cache
    # Interleaved rounds, best of each: other work on the machine slows single runs.
    best = {"naive loop": float("inf"), "analyze, 1 tracker": float("inf"), "analyze": float("inf")}
    for _ in range(rounds):
        took, frames, fps = naive(path)
        best["naive loop"] = min(best["naive loop"], took)
        for label, run in (("analyze, 1 tracker", one_tracker), ("analyze", analyze)):
            start = time.perf_counter()
            run(path)
            best[label] = min(best[label], time.perf_counter() - start)
    clip_s = frames / fps
    cap = cv2.VideoCapture(str(path))
    width, height = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    cap.release()
    print(f"clip: {path.name}, {frames} frames, {width}x{height}, {fps:.0f} fps")
    print(f"best of {rounds} interleaved rounds each")
    for label, took in best.items():
        per_frame = 1000 * took / frames
        print(f"{label:18}: {per_frame:6.1f} ms/frame, {clip_s / took:4.2f}x real time")
    naive_s = best["naive loop"]
    print(f"speed ratio analyze/naive: {naive_s / best['analyze']:.2f} (goal >= 1.0)")
    print(f"  with one tracker: {naive_s / best['analyze, 1 tracker']:.2f}")
    one, two = peak_mib(path, "one"), peak_mib(path, "two")
    print(f"peak memory of analyze (resident, fresh process): {two:.0f} MiB; one tracker {one:.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--peak":
        (one_tracker if sys.argv[2] == "one" else analyze)(Path(sys.argv[3]))
        # VmHWM, not getrusage: a child's ru_maxrss starts at its parent's peak on Linux.
        status = Path("/proc/self/status").read_text()
        print(int(status.split("VmHWM:")[1].split()[0]) / 1024)  # KiB
    else:
        main(clip_path())
