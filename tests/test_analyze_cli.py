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
def shoulder_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, Path, str]:
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
    return json.loads((out / "r.json").read_text()), out / "a.csv", out / "a.mp4", result.stdout


@pytest.fixture(scope="module")
def squats() -> AnalysisResult:
    return analyze(shared_file("videos/tfjs_pose_squats.mp4"))


def values(result: dict, angle_id: str) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in result["angles_deg"][angle_id]])


def test_result_has_one_timestamp_and_one_value_per_frame(shoulder_run) -> None:
    result, _, _, _ = shoulder_run
    assert result["frames"] == len(result["timestamps_s"]) == 185
    assert all(len(result["angles_deg"][k]) == 185 for k in ROM_ANGLE_IDS)
    assert set(result["summary"]) == set(ROM_ANGLE_IDS)


def test_side_view_arm_raise_reaches_near_overhead(shoulder_run) -> None:
    result, _, _, _ = shoulder_run
    best = max(result["summary"][f"{s}_shoulder_elevation"]["max"] for s in ("left", "right"))
    assert best >= 150.0


def test_side_view_first_raise_to_horizontal_is_held_near_90(shoulder_run) -> None:
    result, _, _, _ = shoulder_run
    assert 75.0 <= result["summary"]["left_shoulder_elevation"]["peak_sustained"] <= 110.0


def test_legs_out_of_the_picture_are_null_not_guessed(shoulder_run) -> None:
    result, _, _, _ = shoulder_run
    assert result["summary"]["left_knee_flexion"]["valid_frames"] == 0
    assert all(v is None for v in result["angles_deg"]["left_knee_flexion"])


def test_terminal_shows_each_measured_angle_with_its_held_peak(shoulder_run) -> None:
    result, _, _, stdout = shoulder_run
    rows = {line[2:28].strip(): line for line in stdout.splitlines() if line.startswith("  ")}
    for key, summary in result["summary"].items():
        name = key.replace("_", " ").capitalize()
        if summary["valid_frames"]:
            held, pm = summary["peak_sustained"], summary["peak_sustained_pm"]
            shown = "-" if held is None else f"{held:.0f}"
            if pm is not None:
                shown += f" ±{pm:.0f}"
            assert rows[name].endswith(" " + shown)
            assert ("*" in rows[name]) == bool(summary["max_brief"])
        else:
            assert name not in rows
            assert name.lower() in " ".join(stdout.split())


def test_csv_has_a_row_per_frame(shoulder_run) -> None:
    _, csv_path, _, _ = shoulder_run
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("frame,t_s,view,left_shoulder_elevation")
    assert len(lines) == 186


def test_every_measured_angle_has_its_interval_and_no_other(shoulder_run) -> None:
    result, csv_path, _, _ = shoulder_run
    for key, values in result["angles_deg"].items():
        pms = result["uncertainty_deg"][key]
        assert [v is None for v in values] == [p is None for p in pms], key
        assert all(p > 0 for p in pms if p is not None)
    header = csv_path.read_text().splitlines()[0].split(",")
    assert "left_shoulder_elevation_pm" in header


def test_annotated_video_has_every_frame(shoulder_run) -> None:
    import cv2

    _, _, video, _ = shoulder_run
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


def _tiny_clip(path: Path, frames: int = 6) -> Path:
    """A few grey frames: enough to open as a video, nothing for MediaPipe to find."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (64, 48))
    for _ in range(frames):
        writer.write(np.full((48, 64, 3), 128, np.uint8))
    writer.release()
    return path


def _grey_photo(path: Path) -> Path:
    import cv2

    cv2.imwrite(str(path), np.full((48, 64, 3), 128, np.uint8))
    return path


def test_picture_name_for_a_video_annotation_is_refused(tmp_path: Path) -> None:
    clip = _tiny_clip(tmp_path / "clip.mp4")
    message = _fails_with_one_line(
        [str(clip), "-o", str(tmp_path / "r.json"), "--annotate", str(tmp_path / "a.png")]
    )
    assert ".mp4" in message
    assert not (tmp_path / "a.png").exists()


def test_video_name_for_a_photo_annotation_is_refused(tmp_path: Path) -> None:
    photo = _grey_photo(tmp_path / "photo.png")
    message = _fails_with_one_line(
        [str(photo), "-o", str(tmp_path / "r.json"), "--annotate", str(tmp_path / "a.mp4")]
    )
    assert ".png" in message


def test_read_only_output_folder_is_refused_before_measuring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    monkeypatch.setattr("posecapture.analysis.analyze", _must_not_run)
    message = _fails_with_one_line(
        [
            str(_tiny_clip(tmp_path / "c.mp4")),
            "-o",
            str(tmp_path / "r.json"),
            "--csv",
            str(locked / "a.csv"),
        ]
    )
    assert "read-only" in message


def _must_not_run(*args: object, **kwargs: object) -> None:
    raise AssertionError("measured although the output could not be written")


def test_ctrl_c_says_nothing_was_written_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("posecapture.analysis.analyze", interrupted)
    result = CliRunner().invoke(main, ["analyze", "clip.mp4", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 130
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output


class _InterruptedBackend:
    """Finds nobody, and is stopped by Ctrl+C on the third frame."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> None:
        self.calls += 1
        if self.calls == 3:
            raise KeyboardInterrupt

    def close(self) -> None:
        pass


def test_interrupted_run_leaves_no_half_annotated_video(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("posecapture.pose.open_backend", lambda *a, **k: _InterruptedBackend())
    drawn = tmp_path / "drawn.mp4"
    with pytest.raises(KeyboardInterrupt):
        analyze(_tiny_clip(tmp_path / "clip.mp4"), annotate=drawn)
    assert not drawn.exists()


def _walking_trunk(centres_x: list[float], fps: float) -> tuple[np.ndarray, np.ndarray]:
    """Trunk points (100 px from mid-shoulder to mid-hip) centred at each x; NaN for None."""
    from posecapture.landmarks import INDEX

    points = np.full((len(centres_x), 33, 2), np.nan)
    for k, x in enumerate(centres_x):
        if x is None:
            continue
        points[k, INDEX["left_shoulder"]] = (x + 20, 150)
        points[k, INDEX["right_shoulder"]] = (x - 20, 150)
        points[k, INDEX["left_hip"]] = (x + 15, 250)
        points[k, INDEX["right_hip"]] = (x - 15, 250)
    return points, np.arange(len(centres_x)) / fps


def test_someone_else_picked_up_after_a_lost_frame_is_a_person_jump() -> None:
    from posecapture.kinematics.quality import person_jumps

    xs = [300.0 + 5 * k for k in range(10)] + [None] + [900.0 + 5 * k for k in range(5)]
    points, t = _walking_trunk(xs, fps=30.0)
    assert person_jumps(points, t) == [pytest.approx(t[11])]


def test_fast_movement_of_one_person_is_not_a_person_jump() -> None:
    from posecapture.kinematics.quality import person_jumps

    points, t = _walking_trunk([300.0 + 60 * k for k in range(10)], fps=5.0)
    assert person_jumps(points, t) == []
