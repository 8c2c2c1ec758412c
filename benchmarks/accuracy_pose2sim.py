"""Accuracy of posecapture's angles against the Pose2Sim multi-camera 3D reference.

Runs ``posecapture.analysis.analyze`` (the product path: swap repair, filtering,
gating, angles) on the two Pose2Sim balancing clips and prints, per angle and
camera, the median absolute error against the reference's 3D angles, the share
of frames measured, and for comparison the naive method (three-point angles
straight from MediaPipe's world landmarks) on the same frames.

    .venv/bin/python benchmarks/accuracy_pose2sim.py [DATA_FOLDER]

DATA_FOLDER defaults to $POSECAPTURE_SHARED_DATA or ../shared/data beside the repository.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import numpy as np

from posecapture.analysis import analyze
from posecapture.landmarks import INDEX

GOAL_DEG = 9.0
CAMERAS = ("cam01", "cam03")
# reference column stem -> (posecapture id stem, reference is an interior angle?)
ANGLES = {
    "elbow": ("elbow_flexion", True),
    "knee": ("knee_flexion", True),
    "shoulder": ("shoulder_elevation", False),
}
_NAIVE_POINTS = {
    "elbow": ("shoulder", "elbow", "wrist"),
    "knee": ("hip", "knee", "ankle"),
    "shoulder": ("hip", "shoulder", "elbow"),
}


def data_folder() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    return Path(os.environ.get("POSECAPTURE_SHARED_DATA", default))


def reference(folder: Path) -> dict[str, np.ndarray]:
    path = folder / "ground_truth" / "pose2sim_balancing_reference_angles_cam01_cam03.csv"
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def naive(world: np.ndarray, stem: str, side: str) -> np.ndarray:
    a, b, c = (world[:, INDEX[f"{side}_{p}"]] for p in _NAIVE_POINTS[stem])
    u, v = a - b, c - b
    cos = (u * v).sum(-1) / np.linalg.norm(u, axis=-1) / np.linalg.norm(v, axis=-1)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def evaluate(folder: Path) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    """(camera, stem, side) -> (median error, share of frames measured, naive median error)."""
    ref = reference(folder)
    out = {}
    for cam in CAMERAS:
        result = analyze(folder / "videos" / f"pose2sim_balancing_{cam}.mp4")
        n = min(result.frames, len(ref["frame"]))
        for stem, (angle_stem, interior) in ANGLES.items():
            for side, letter in (("left", "L"), ("right", "R")):
                truth = ref[f"3d_{stem}_{letter}_deg"][:n]
                truth = 180.0 - truth if interior else truth
                ours = result.angles[f"{side}_{angle_stem}"][:n]
                world_naive = naive(result.world_m[:n], stem, side)
                world_naive = 180.0 - world_naive if interior else world_naive
                measured = np.isfinite(ours)
                err = np.abs(ours - truth)[measured]
                naive_err = np.abs(world_naive - truth)[measured]
                out[(cam, stem, side)] = (
                    float(np.median(err)) if err.size else float("nan"),
                    float(measured.mean()),
                    float(np.nanmedian(naive_err)) if err.size else float("nan"),
                )
    return out


def main() -> None:
    folder = data_folder()
    results = evaluate(folder)
    print(f"Median absolute error against the Pose2Sim 3D reference (goal <= {GOAL_DEG:.0f} deg)")
    print(f"{'camera':7} {'angle':22} {'posecapture':>11} {'measured':>9} {'naive world':>12}")
    misses = 0
    for (cam, stem, side), (err, share, naive_err) in results.items():
        name = f"{side}_{ANGLES[stem][0]}"
        flag = "" if err <= GOAL_DEG else "  above goal"
        misses += err > GOAL_DEG
        print(f"{cam:7} {name:22} {err:9.1f}   {share:8.0%} {naive_err:10.1f}{flag}")
    print(f"{len(results) - misses} of {len(results)} within the goal.")


if __name__ == "__main__":
    main()
