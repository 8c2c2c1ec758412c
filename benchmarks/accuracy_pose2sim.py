"""Accuracy of posecapture's angles against the Pose2Sim multi-camera 3D reference.

Runs ``posecapture.analysis.analyze`` (the product path: swap repair, filtering,
gating, the choice between the picture's angle and the 3D one, intervals) on the
two Pose2Sim balancing clips and prints, per angle and camera, the median absolute
error against the reference's 3D angles and the share of frames measured; for
comparison the 3D-only estimate (``angles.rom_angles``: the picture's x and y with
MediaPipe's depth, what posecapture measured before metric version 5) and the naive
method (three-point angles straight from MediaPipe's world landmarks) on the same
frames, and how often posecapture kept the flat picture angle.

Two more columns describe each case (docs/angles.md uses them): "picture" is
the error of the same angle measured flat in the picture from posecapture's
landmarks against the reference projected into that camera: MediaPipe's placement
of the points, the two models' different point definitions, and the reference's
own reprojection error (about 14 px in cam01 and 21 px in cam03); "depth" is how
far the reference's own projection is from its 3D angle, i.e. how much of the angle
lies out of the picture's plane.

Then the same errors by obliquity band: how far the plane of the bend (the
reference's three points) is turned from the picture's plane, frame by frame, from
``pose2sim_bend_planes.csv`` beside this file. It was derived from the reference's
own 3D keypoints and calibration in the Pose2Sim repository (commit a948c205:
``S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc`` and
``S00_Calibration/Calib_qualisys.toml``; the calibration's world is the .trc's
(Z, X, Y), and the CSV's frame k is the .trc's frame k+1), which reproduce the
reference CSV's 3D and projected angles within 0.005 degrees: obliquity is the angle
between the normal of the three points' plane, in the camera's frame, and the
camera's optical axis (0: the bend lies in the picture; 90: seen edge-on). In the
band within 40 degrees of the picture the issue's goal is a median error of at most
4 degrees.

Last, the 90% intervals (``kinematics.uncertainty``): the share of measured frames
whose interval holds the reference angle ("covered", goal 85-95%) and the median
half-width, per camera, per detected view, per obliquity band and per estimate.

    .venv/bin/python benchmarks/accuracy_pose2sim.py [DATA_FOLDER]

DATA_FOLDER defaults to $POSECAPTURE_SHARED_DATA or ../shared/data beside the repository.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from posecapture.analysis import analyze
from posecapture.kinematics.angles import rom_angles
from posecapture.landmarks import INDEX, FloatArray

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


def reference(folder: Path) -> dict[str, FloatArray]:
    path = folder / "ground_truth" / "pose2sim_balancing_reference_angles_cam01_cam03.csv"
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


class CaseResult(NamedTuple):
    """Median absolute errors (degrees) of one angle on one camera, over the frames measured."""

    error: float
    measured: float  # share of frames with a value
    three_d: float  # the 3D-only estimate (angles.rom_angles), as before metric version 5
    naive: float  # three-point angle from MediaPipe's world landmarks
    picture: float  # flat picture angle of our landmarks vs the reference's projection
    depth: float  # reference's projection vs reference's 3D: the out-of-plane part
    flat: float  # share of measured frames where the flat picture angle was kept
    covered: float  # share of measured frames whose 90% interval holds the reference
    width: float  # median half-width of the 90% interval


class Frames(NamedTuple):
    """Every measured frame of every case, flattened, for the band and interval tables."""

    camera: list[str]
    view: list[str]
    obliquity: list[float]
    error: list[float]
    three_d: list[float]
    flat_error: list[float]
    projection: list[float]  # the reference's own projection against its 3D angle
    flat: list[bool]
    pm: list[float]


COVERAGE_GOAL = (0.85, 0.95)
IN_PLANE_GOAL_DEG = 4.0
BANDS = ((0.0, 40.0), (40.0, 60.0), (60.0, 90.0))


def three_point(points: FloatArray, stem: str, side: str) -> FloatArray:
    """The interior angle at the middle point of ``_NAIVE_POINTS[stem]`` (any dimension)."""
    a, b, c = (points[:, INDEX[f"{side}_{p}"]] for p in _NAIVE_POINTS[stem])
    u, v = a - b, c - b
    cos = (u * v).sum(-1) / np.linalg.norm(u, axis=-1) / np.linalg.norm(v, axis=-1)
    angle: FloatArray = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    return angle


def _median(values: FloatArray) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else float("nan")


def bend_planes() -> dict[tuple[str, str, str], FloatArray]:
    """(camera, stem, side) -> obliquity of the reference's bend plane per frame (degrees)."""
    path = Path(__file__).with_name("pose2sim_bend_planes.csv")
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    frames = 1 + max(int(r["frame"]) for r in rows)
    out: dict[tuple[str, str, str], FloatArray] = {}
    for r in rows:
        key = (r["camera"], r["joint"], r["side"])
        out.setdefault(key, np.full(frames, np.nan))[int(r["frame"])] = float(r["obliquity_deg"])
    return out


def evaluate(folder: Path) -> tuple[dict[tuple[str, str, str], CaseResult], Frames]:
    """(camera, stem, side) -> the errors of that case (see ``CaseResult``), and the frames."""
    ref = reference(folder)
    planes = bend_planes()
    out = {}
    frames = Frames([], [], [], [], [], [], [], [], [])
    for cam in CAMERAS:
        result = analyze(folder / "videos" / f"pose2sim_balancing_{cam}.mp4")
        n = min(result.frames, len(ref["frame"]))
        three_d = rom_angles(result.landmarks_px[:n], result.world_m[:n])
        for stem, (angle_stem, interior) in ANGLES.items():
            for side, letter in (("left", "L"), ("right", "R")):

                def clinical(interior_angle: FloatArray, interior: bool = interior) -> FloatArray:
                    return 180.0 - interior_angle if interior else interior_angle

                truth = clinical(ref[f"3d_{stem}_{letter}_deg"][:n])
                projected = clinical(ref[f"{cam}_2d_{stem}_{letter}_deg"][:n])
                ours = result.angles[f"{side}_{angle_stem}"][:n]
                old = three_d[f"{side}_{angle_stem}"]
                world_naive = clinical(three_point(result.world_m[:n], stem, side))
                flat = clinical(three_point(result.landmarks_px[:n, :, :2], stem, side))
                pm = result.uncertainty[f"{side}_{angle_stem}"][:n]
                measured = np.isfinite(ours) & np.isfinite(truth)
                error = np.abs(ours - truth)
                # The flat picture angle was kept where ours is exactly it.
                kept_flat = np.abs(ours - flat) < 1e-6
                out[(cam, stem, side)] = CaseResult(
                    error=_median(error[measured]),
                    measured=float(np.isfinite(ours).mean()),
                    three_d=_median(np.abs(old - truth)[measured]),
                    naive=_median(np.abs(world_naive - truth)[measured]),
                    picture=_median(np.abs(flat - projected)[measured]),
                    depth=_median(np.abs(projected - truth)[measured]),
                    flat=float(kept_flat[measured].mean()),
                    covered=float((error[measured] <= pm[measured]).mean()),
                    width=_median(pm[measured]),
                )
                obliquity = planes[(cam, stem, side)]
                for k in np.flatnonzero(measured):
                    frames.camera.append(cam)
                    frames.view.append(result.views[k])
                    frames.obliquity.append(float(obliquity[k]))
                    frames.error.append(float(error[k]))
                    frames.three_d.append(float(abs(old[k] - truth[k])))
                    frames.flat_error.append(float(abs(flat[k] - truth[k])))
                    frames.projection.append(float(abs(projected[k] - truth[k])))
                    frames.flat.append(bool(kept_flat[k]))
                    frames.pm.append(float(pm[k]))
    return out, frames


def in_band(frames: Frames, low: float, high: float) -> NDArray[np.bool_]:
    obliquity = np.array(frames.obliquity)
    mask: NDArray[np.bool_] = (obliquity >= low) & (obliquity < high if high < 90 else True)
    return mask


def band_lines(frames: Frames) -> list[str]:
    """Median errors by how far the reference's bend plane is turned from the picture."""
    columns = {
        "posecapture": np.array(frames.error),
        "3D only": np.array(frames.three_d),
        "flat only": np.array(frames.flat_error),
        "reference's projection": np.array(frames.projection),
    }
    lines = [
        "Median error by obliquity of the bend (0: in the picture's plane, 90: edge-on);"
        f" goal <= {IN_PLANE_GOAL_DEG:g} within 40",
        f"  {'band':12} {'frames':>6} " + " ".join(f"{k:>22}" for k in columns) + "  read flat",
    ]
    for low, high in BANDS:
        mask = in_band(frames, low, high)
        if not mask.any():
            continue
        cells = " ".join(f"{np.median(v[mask]):22.1f}" for v in columns.values())
        flat = np.array(frames.flat)[mask].mean()
        lines.append(f"  {f'{low:g}-{high:g}':12} {int(mask.sum()):6d} {cells}  {flat:8.0%}")
    return lines


def interval_lines(frames: Frames) -> list[str]:
    """Coverage and median half-width of the 90% intervals by camera, view, band, estimate."""
    error, pm = np.array(frames.error), np.array(frames.pm)
    flat = np.array(frames.flat)
    groups: list[tuple[str, NDArray[np.bool_]]] = [
        (f"camera {cam}", np.array(frames.camera) == cam) for cam in CAMERAS
    ]
    groups += [(f"{view} view", np.array(frames.view) == view) for view in sorted(set(frames.view))]
    groups += [(f"obliquity {lo:g}-{hi:g}", in_band(frames, lo, hi)) for lo, hi in BANDS]
    groups += [("read flat", flat), ("read in 3D", ~flat)]
    low, high = COVERAGE_GOAL
    lines = [
        f"90% intervals (goal: cover the reference in {low:.0%}-{high:.0%} of frames)",
        f"  {'frames':34} {'count':>6} {'covered':>8} {'half-width':>11} {'median error':>13}",
    ]
    for name, mask in groups:
        if not mask.any():
            continue
        covered = float((error[mask] <= pm[mask]).mean())
        flag = "" if low <= covered <= high else "  outside the goal"
        lines.append(
            f"  {name:34} {int(mask.sum()):6d} {covered:8.0%} {np.median(pm[mask]):9.1f}"
            f"   {np.median(error[mask]):11.1f}{flag}"
        )
    return lines


def main() -> None:
    folder = data_folder()
    results, frames = evaluate(folder)
    print(f"Median absolute error against the Pose2Sim 3D reference (goal <= {GOAL_DEG:.0f} deg)")
    print(
        f"{'camera':7} {'angle':25} {'posecapture':>11} {'measured':>9} {'3D only':>8}"
        f" {'naive':>6} {'picture':>8} {'depth':>6} {'flat':>5} {'covered':>8} {'±':>4}"
    )
    misses = 0
    for (cam, stem, side), r in results.items():
        name = f"{side}_{ANGLES[stem][0]}"
        flag = "" if r.error <= GOAL_DEG else "  above goal"
        misses += r.error > GOAL_DEG
        print(
            f"{cam:7} {name:25} {r.error:9.1f}   {r.measured:8.0%} {r.three_d:8.1f}"
            f" {r.naive:6.1f} {r.picture:8.1f} {r.depth:6.1f} {r.flat:5.0%} {r.covered:8.0%}"
            f" {r.width:4.0f}{flag}"
        )
    mean = np.mean([r.error for r in results.values()])
    old_mean = np.mean([r.three_d for r in results.values()])
    naive_mean = np.mean([r.naive for r in results.values()])
    print(f"{len(results) - misses} of {len(results)} within the goal.")
    print(
        f"Mean of the medians: posecapture {mean:.2f}, 3D only {old_mean:.2f},"
        f" naive world {naive_mean:.2f}."
    )
    for cam in CAMERAS:
        errors = [r.error for (c, _, _), r in results.items() if c == cam]
        within = sum(e <= GOAL_DEG for e in errors)
        print(f"  {cam}: mean {np.mean(errors):.1f}, {within} of {len(errors)} within the goal.")
    print(
        "picture: flat picture angle of posecapture's landmarks vs the reference seen by that"
        " camera (point placement, with the reference's own reprojection error)."
        " depth: the reference's own out-of-plane part. flat: share of frames read flat."
    )
    print()
    for line in band_lines(frames):
        print(line)
    print()
    for line in interval_lines(frames):
        print(line)


if __name__ == "__main__":
    main()
