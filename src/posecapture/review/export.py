"""Exports for other tools: tidy CSV tables, and OpenSim ``.trc``/``.mot`` files per exercise.

CSV: one file per kind of record, one row per observation, one column per
variable, ISO dates, empty cells where a value could not be measured (never a
made-up number). Spreadsheet, R and pandas users can read them directly.

OpenSim (the formats Pose2Sim and Sports2D write, so their tools and OpenSim's
read them):

* ``.trc`` - marker trajectories: the 33 BlazePose world landmarks in metres,
  hip-centred, turned into OpenSim's axes (X forward out of the child's chest,
  Y up, Z to the child's right). From MediaPipe's world axes (x to the picture's
  right, y down, z away from the camera) for a child facing the camera that is
  X = -z, Y = -y, Z = -x (a proper rotation). A frame without a person has
  empty cells, the TRC convention for a missing marker.
* ``.mot`` - joint angles over time in degrees (``inDegrees=yes``): the range
  of motion and posture angles recomputed from the stored cleaned landmarks
  with this version of posecapture. Not measurable is ``NaN``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from posecapture.errors import UserError
from posecapture.kinematics import METRIC_VERSION
from posecapture.kinematics.posture import posture_angles
from posecapture.kinematics.uncertainty import measure_rom
from posecapture.landmarks import NAMES, FloatArray
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.history import (
    CareEvent,
    Goal,
    Note,
    SelfReport,
    SessionInfo,
    SessionPoint,
    StoreReader,
    load_history,
    metric_kind,
)
from posecapture.review.words import format_day

# MediaPipe world (x right, y down, z away from the camera) -> OpenSim (X forward, Y up,
# Z right) for a person facing the camera: rows are OpenSim axes in MediaPipe terms.
REP_COLUMNS = (
    "exercise_id",
    "side",
    "rep",
    "metric_id",
    "peak_deg",
    "time_held_s",
    "target_deg",
    "completed",
)
MEDIAPIPE_TO_OPENSIM = np.array([[0.0, 0.0, -1.0], [0.0, -1.0, 0.0], [-1.0, 0.0, 0.0]])


class ExportStore(StoreReader, Protocol):
    def rep_results(self, session_id: int) -> list[dict[str, Any]]: ...
    def landmark_series(self, exercise_result_id: int) -> dict[str, Any]: ...


@dataclass
class ExportResult:
    """What was written, for the command line to list."""

    directory: Path
    csv_files: list[Path] = field(default_factory=list)
    opensim_files: list[Path] = field(default_factory=list)


def _cell(value: object) -> object:
    """A CSV cell: None and NaN empty, floats to 3 decimals, dates ISO, booleans yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if math.isnan(value) else round(value, 3)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return path


def export_child(
    store: ExportStore,
    child: str | int,
    directory: Path,
    *,
    opensim: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> ExportResult:
    """Write every metric of one child as tidy CSV (and OpenSim files) into ``directory``."""
    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory} is a file; give a folder for the CSV files.")
    if not directory.parent.exists():
        raise UserError(f"The folder {directory.parent} does not exist; create it first.")
    if directory.is_dir() and any(directory.iterdir()):
        # Writing into an earlier export (perhaps another child's) would mix its leftover
        # files with this one's, and replace files without asking.
        raise UserError(f"The folder {directory} is not empty; give a new or empty folder.")
    history = load_history(store, child, start=start, end=end)
    directory.mkdir(exist_ok=True)
    out = ExportResult(directory)
    name = history.child_name

    def write(file: str, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
        out.csv_files.append(
            write_csv(directory / file, ["child", *columns], ({"child": name, **r} for r in rows))
        )

    write("sessions.csv", _fields(SessionInfo), (asdict(s) for s in history.sessions))
    write(
        "metrics.csv",
        ["metric", "kind", *_fields(SessionPoint)],
        (
            {"metric": m, "kind": metric_kind(m), **asdict(p)}
            for m in history.metric_ids()
            for p in history.series[m].points
        ),
    )
    write(
        "reps.csv",
        ["session_id", "day", *REP_COLUMNS, "valid_share", "ended"],
        (
            {
                "session_id": s.id,
                "day": s.day,
                **{c: r.get(c) for c in REP_COLUMNS},
                "valid_share": _quality(r, "valid_share"),
                "ended": _quality(r, "ended"),
            }
            for s in history.sessions
            for r in store.rep_results(s.id)
        ),
    )
    write("care_events.csv", _fields(CareEvent), (asdict(e) for e in history.events))
    write("goals.csv", _fields(Goal), (asdict(g) for g in history.goals))
    write("notes.csv", _fields(Note), (asdict(n) for n in history.notes))
    write("self_reports.csv", _fields(SelfReport), (asdict(r) for r in history.self_reports))
    if opensim:
        folder = directory / "opensim"
        folder.mkdir(exist_ok=True)
        for s in history.sessions:
            for result in store.exercise_results(s.id):
                series = store.landmark_series(int(result["id"]))
                if len(series["timestamps_s"]) == 0:
                    continue  # a skipped exercise: an empty .trc with rate 0 breaks OpenSim
                stem = f"{s.day.isoformat()}_session{s.id}_{result['exercise_id']}_{result['side']}"
                out.opensim_files.extend(
                    write_opensim_pair(
                        folder / stem,
                        series,
                        note=f"{name}, {format_day(s.day)}, {result['exercise_id']}",
                    )
                )
    return out


def _fields(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def _quality(rep: Mapping[str, Any], key: str) -> object:
    quality = rep.get("quality")
    return quality.get(key) if isinstance(quality, Mapping) else None


def write_opensim_pair(stem: Path, series: Mapping[str, Any], *, note: str = "") -> list[Path]:
    """``stem.trc`` (world landmarks) and ``stem.mot`` (angles) of one stored landmark series."""
    t = np.asarray(series["timestamps_s"], dtype=np.float64)
    world = np.asarray(series["world_m"], dtype=np.float64)
    image = np.asarray(series["landmarks_px"], dtype=np.float64)
    trc = stem.with_suffix(".trc")
    mot = stem.with_suffix(".mot")
    trc.write_text(trc_text(trc.name, t, world), encoding="utf-8")
    angles = {**measure_rom(image, world).angles, **posture_angles(image, world)}
    ordered = {k: angles[k] for k in (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS) if k in angles}
    version = str(series.get("metric_version", ""))
    header_note = (
        f"{note}. Angles recomputed from the stored landmarks by posecapture metrics "
        f"version {METRIC_VERSION} (landmarks stored by version {version})."
    )
    mot.write_text(mot_text(t, ordered, note=header_note), encoding="utf-8")
    return [trc, mot]


def _rate(t: FloatArray) -> float:
    """Average frame rate of (possibly variable-rate) timestamps, as Sports2D reports it."""
    if t.size < 2 or t[-1] <= t[0]:
        return 0.0
    return float((t.size - 1) / (t[-1] - t[0]))


def _number(value: float, *, blank_nan: bool) -> str:
    if math.isnan(value):
        return "" if blank_nan else "NaN"
    return f"{value:.6f}"


def trc_text(file_name: str, timestamps_s: FloatArray, world_m: FloatArray) -> str:
    """An OpenSim marker file with the header layout Pose2Sim and Sports2D write."""
    t = timestamps_s - timestamps_s[0] if timestamps_s.size else timestamps_s
    rate = round(_rate(timestamps_s), 3)
    frames, markers = world_m.shape[0], world_m.shape[1]
    xyz = world_m @ MEDIAPIPE_TO_OPENSIM.T
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{file_name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame"
        "\tOrigNumFrames",
        "\t".join(map(str, [rate, rate, frames, markers, "m", rate, 0, frames])),
        "Frame#\tTime\t" + "\t\t\t".join(NAMES[:markers]) + "\t\t",
        "\t\t" + "\t".join(f"X{i + 1}\tY{i + 1}\tZ{i + 1}" for i in range(markers)),
    ]
    for i in range(frames):
        cells = [_number(v, blank_nan=True) for v in xyz[i].ravel()]
        lines.append("\t".join([str(i + 1), f"{t[i]:.6f}", *cells]))
    return "\n".join(lines) + "\n"


def mot_text(timestamps_s: FloatArray, angles: Mapping[str, FloatArray], *, note: str = "") -> str:
    """An OpenSim motion file of angles in degrees (header as OpenSim and Sports2D write it).

    ``nColumns`` counts the time column, as OpenSim's own Storage files do.
    """
    t = timestamps_s - timestamps_s[0] if timestamps_s.size else timestamps_s
    names = list(angles)
    lines = [
        "Coordinates",
        "version=1",
        f"nRows={t.size}",
        f"nColumns={len(names) + 1}",
        "inDegrees=yes",
        "",
        "Units are S.I. units (second, meters, Newtons, ...)",
        "Angles are in degrees. NaN: not measurable in that frame.",
    ]
    if note:
        lines.append(note)
    lines += ["", "endheader", "time\t" + "\t".join(names)]
    columns = [np.asarray(angles[n], dtype=np.float64) for n in names]
    for i in range(t.size):
        row = [f"{t[i]:.6f}", *(_number(float(c[i]), blank_nan=False) for c in columns)]
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"
