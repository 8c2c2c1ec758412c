"""``posecapture analyze`` on real clips and on bad input (runs MediaPipe once per clip)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import shared_file
from posecapture.analysis import AnalysisResult, analyze
from posecapture.cli import main
from posecapture.measurement import ROM_ANGLE_IDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shoulder_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, Path]:
    clip = shared_file("videos/mediapose_shoulder_flexion_side.mp4")
    out = tmp_path_factory.mktemp("shoulder")
    args = [
        "analyze",
        str(clip),
        "-o",
        str(out / "r.json"),
        "--csv",
        str(out / "a.csv"),
        "--annotate",
        str(out / "a.mp4"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "r.json").read_text()), out / "a.csv", out / "a.mp4"


@pytest.fixture(scope="module")
def squats() -> AnalysisResult:
    return analyze(shared_file("videos/tfjs_pose_squats.mp4"))


def values(result: dict, angle_id: str) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in result["angles_deg"][angle_id]])


def test_result_has_one_timestamp_and_one_value_per_frame(shoulder_run) -> None:
    result, _, _ = shoulder_run
    assert result["frames"] == len(result["timestamps_s"]) == 185
    assert all(len(result["angles_deg"][k]) == 185 for k in ROM_ANGLE_IDS)
    assert set(result["summary"]) == set(ROM_ANGLE_IDS)


def test_side_view_arm_raise_reaches_near_overhead(shoulder_run) -> None:
    result, _, _ = shoulder_run
    best = max(result["summary"][f"{s}_shoulder_elevation"]["max"] for s in ("left", "right"))
    assert best >= 150.0


def test_side_view_first_raise_to_horizontal_is_held_near_90(shoulder_run) -> None:
    result, _, _ = shoulder_run
    assert 75.0 <= result["summary"]["left_shoulder_elevation"]["peak_sustained"] <= 110.0


def test_legs_out_of_the_picture_are_null_not_guessed(shoulder_run) -> None:
    result, _, _ = shoulder_run
    assert result["summary"]["left_knee_flexion"]["valid_frames"] == 0
    assert all(v is None for v in result["angles_deg"]["left_knee_flexion"])


def test_csv_has_a_row_per_frame(shoulder_run) -> None:
    _, csv_path, _ = shoulder_run
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("frame,t_s,view,left_shoulder_elevation")
    assert len(lines) == 186


def test_annotated_video_has_every_frame(shoulder_run) -> None:
    import cv2

    _, _, video = shoulder_run
    cap = cv2.VideoCapture(str(video))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 185
    cap.release()


def test_squats_have_a_large_knee_flexion_range(squats: AnalysisResult) -> None:
    for side in ("left", "right"):
        assert squats.summary[f"{side}_knee_flexion"]["range"] >= 60.0


def test_squats_is_seen_from_the_front(squats: AnalysisResult) -> None:
    assert squats.views.count("front") > 0.8 * squats.frames


def test_portrait_clip_keeps_its_orientation(squats: AnalysisResult) -> None:
    assert (squats.width, squats.height) == (720, 1280)


def test_empty_room_is_a_valid_result_with_a_warning(tmp_path: Path) -> None:
    clip = shared_file("videos/mediapose_empty_room_no_person.mp4")
    result = CliRunner().invoke(main, ["analyze", str(clip), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["frames_with_pose"] == 0
    assert data["frames"] == 78
    assert "No person" in result.output


def _fails_with_one_line(args: list[str]) -> str:
    result = CliRunner().invoke(main, ["analyze", *args])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1
    return lines[0]


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    assert "no such file" in _fails_with_one_line(
        [str(tmp_path / "x.mp4"), "-o", str(tmp_path / "r.json")]
    )


def test_folder_is_one_line(tmp_path: Path) -> None:
    assert "folder" in _fails_with_one_line([str(tmp_path), "-o", str(tmp_path / "r.json")])


def test_text_file_is_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("this is not a video\n" * 100)
    assert "video" in _fails_with_one_line([str(fake), "-o", str(tmp_path / "r.json")])


def test_truncated_video_is_one_line(tmp_path: Path) -> None:
    data = shared_file("videos/mediapose_shoulder_flexion_side.mp4").read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    message = _fails_with_one_line([str(cut), "-o", str(tmp_path / "r.json")])
    assert "damaged" in message
    assert not (tmp_path / "r.json").exists()


def test_missing_model_file_is_one_line(tmp_path: Path) -> None:
    clip = shared_file("videos/mediapose_empty_room_no_person.mp4")
    message = _fails_with_one_line(
        [str(clip), "-o", str(tmp_path / "r.json"), "--model", str(tmp_path / "no.task")]
    )
    assert "not found" in message
