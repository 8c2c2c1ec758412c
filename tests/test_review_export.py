"""Tidy CSV and OpenSim exports, read back and checked against what was stored."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import review_fakes as fakes
from posecapture.cli import main
from posecapture.errors import UserError
from posecapture.landmarks import NAMES
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.export import ExportResult, export_child, mot_text, trc_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("export") / "posecapture.db")
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def exported(built: fakes.Built, tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    return export_child(built.store, fakes.CHILD, tmp_path_factory.mktemp("out") / "csv")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_trc(path: Path) -> tuple[list[str], dict[str, str], list[str], np.ndarray]:
    """Header lines, the header fields by name, marker names, and the data as floats."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = dict(zip(lines[1].split("\t"), lines[2].split("\t"), strict=True))
    markers = [m for m in lines[3].split("\t")[2:] if m]
    data = np.array([[float(c) if c else math.nan for c in line.split("\t")] for line in lines[5:]])
    return lines[:5], fields, markers, data


def read_mot(path: Path) -> tuple[dict[str, str], list[str], np.ndarray]:
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("endheader")
    header = dict(line.split("=", 1) for line in lines[:end] if "=" in line)
    columns = lines[end + 1].split("\t")
    data = np.array([[float(c) for c in line.split("\t")] for line in lines[end + 2 :]])
    return header, columns, data


def test_metrics_csv_has_one_row_per_session_and_metric(exported: ExportResult) -> None:
    rows = _rows(exported.directory / "metrics.csv")
    assert len(rows) == 2 * len(fakes.RIGHT)


def test_metrics_csv_values_are_the_stored_session_values(exported: ExportResult) -> None:
    rows = [
        r for r in _rows(exported.directory / "metrics.csv") if r["metric"] == "right_elbow_flexion"
    ]
    assert [(r["day"], float(r["value"])) for r in rows] == [
        (d.isoformat(), v) for d, v in fakes.RIGHT.items()
    ]


def test_metrics_csv_marks_the_low_quality_session(exported: ExportResult) -> None:
    rows = _rows(exported.directory / "metrics.csv")
    flagged = [r["day"] for r in rows if r["low_quality"] == "yes"]
    assert flagged == [fakes.LOW_QUALITY_DAY.isoformat()]


def test_care_events_csv_keeps_the_text_with_its_arrow(exported: ExportResult) -> None:
    rows = _rows(exported.directory / "care_events.csv")
    assert ("medication_change", "baclofen 5 mg → 10 mg") in [(r["kind"], r["text"]) for r in rows]


def test_notes_csv_keeps_accents(exported: ExportResult) -> None:
    rows = _rows(exported.directory / "notes.csv")
    assert rows[0]["author_name"] == "Mamá"


def test_one_trc_and_one_mot_per_exercise_result(exported: ExportResult) -> None:
    suffixes = sorted(p.suffix for p in exported.opensim_files)
    assert suffixes == [".mot"] * 48 + [".trc"] * 48


def test_trc_header_is_laid_out_as_pose2sim_writes_it(exported: ExportResult) -> None:
    trc = next(p for p in exported.opensim_files if p.suffix == ".trc")
    head, fields, markers, _data = read_trc(trc)
    assert head[0] == f"PathFileType\t4\t(X/Y/Z)\t{trc.name}"
    assert head[1].split("\t") == [
        "DataRate", "CameraRate", "NumFrames", "NumMarkers", "Units", "OrigDataRate",
        "OrigDataStartFrame", "OrigNumFrames",
    ]  # fmt: skip
    assert (fields["NumFrames"], fields["NumMarkers"], fields["Units"]) == ("6", "33", "m")
    assert markers == list(NAMES)


def test_trc_frame_rate_comes_from_the_timestamps(exported: ExportResult) -> None:
    trc = next(p for p in exported.opensim_files if p.suffix == ".trc")
    assert float(read_trc(trc)[1]["DataRate"]) == pytest.approx(30.0)


def test_trc_markers_are_in_opensim_axes(exported: ExportResult) -> None:
    trc = next(p for p in exported.opensim_files if p.suffix == ".trc")
    data = read_trc(trc)[3]
    world = fakes.world_frames(6)
    # OpenSim X = -z, Y = -y, Z = -x of MediaPipe's world landmarks; frame 3, landmark 5:
    x, y, z = world[3, 5]
    assert data[3, 2 + 3 * 5 : 2 + 3 * 5 + 3] == pytest.approx([-z, -y, -x], abs=1e-6)


def test_trc_frame_without_a_person_has_empty_cells(exported: ExportResult) -> None:
    trc = next(p for p in exported.opensim_files if p.suffix == ".trc")
    data = read_trc(trc)[3]
    assert np.isnan(data[0, 2:]).all()
    assert list(data[:, 0]) == [1, 2, 3, 4, 5, 6]


def test_mot_header_is_what_opensim_expects(exported: ExportResult) -> None:
    mot = next(p for p in exported.opensim_files if p.suffix == ".mot")
    header, columns, data = read_mot(mot)
    assert header["version"] == "1"
    assert header["inDegrees"] == "yes"
    assert int(header["nRows"]) == data.shape[0] == 6
    assert int(header["nColumns"]) == len(columns) == data.shape[1]
    assert columns == ["time", *ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS]


def test_mot_text_writes_angles_and_nan_as_given() -> None:
    t = np.array([10.0, 10.5])
    text = mot_text(t, {"right_elbow_flexion": np.array([90.0, math.nan])})
    assert text.splitlines()[-2:] == ["0.000000\t90.000000", "0.500000\tNaN"]


def test_trc_text_of_a_right_angle_pose_keeps_distances() -> None:
    world = np.zeros((2, 33, 3))
    world[:, 1] = [0.3, 0.0, 0.0]
    world[:, 2] = [0.0, 0.4, 0.0]
    lines = trc_text("x.trc", np.array([0.0, 0.1]), world).splitlines()
    cells = np.array([float(c) for c in lines[5].split("\t")[2:]]).reshape(33, 3)
    assert np.linalg.norm(cells[1] - cells[2]) == pytest.approx(0.5)


def test_export_into_a_file_path_is_a_plain_error(built: fakes.Built, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("")
    with pytest.raises(UserError, match="is a file"):
        export_child(built.store, fakes.CHILD, blocker)


def test_export_command_without_a_target_asks_for_one(built: fakes.Built) -> None:
    result = CliRunner().invoke(
        main, ["export", "--child", fakes.CHILD, "--db", str(built.store.path)]
    )
    assert result.exit_code == 2
    assert "Give either --csv FOLDER or --bundle FILE." in result.output


def test_export_command_writes_csv_only_when_asked(built: fakes.Built, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "export", "--child", fakes.CHILD, "--csv", str(tmp_path / "out"), "--no-opensim",
            "--db", str(built.store.path),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Wrote 7 CSV files and 0 OpenSim files" in result.output


def test_export_into_a_folder_with_files_is_refused(built: fakes.Built, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "sessions.csv").write_text("child\nsomeone else\n")
    with pytest.raises(UserError, match="not empty"):
        export_child(built.store, fakes.CHILD, earlier)
    assert (earlier / "sessions.csv").read_text() == "child\nsomeone else\n"


def test_exercise_without_frames_writes_no_opensim_files(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import datetime

    from posecapture.store import Store

    with Store.open(tmp_path / "p.db") as store:
        child_id = store.add_child("Leo")
        session_id = store.start_session(
            child_id, plan_id="arms_routine", plan_kind="routine", source="camera",
            metric_version="1", started_at=datetime(2026, 11, 18, 17, 0),
        )  # fmt: skip
        skipped = replace(
            fakes.result("right_elbow_flexion", "right", math.nan),
            reps_done=0,
            timestamps_s=np.zeros(0),
            landmarks_px=np.zeros((0, 33, 4)),
            raw_px=np.zeros((0, 33, 4)),
            world_m=np.zeros((0, 33, 3)),
        )
        store.add_exercise_result(session_id, skipped)
        store.finish_session(session_id, "incomplete")
        result = export_child(store, "Leo", tmp_path / "out")
    assert result.opensim_files == []
