"""The engine on a real clip: a man raising one arm, then the other, seen from the side.

MediaPipe runs once for the module; the engine then replays the measured frames.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from conftest import shared_file
from posecapture.analysis import LiveMeasurer
from posecapture.exercises import load_library
from posecapture.measurement import MeasurementFrame
from posecapture.pose import open_backend
from posecapture.session.engine import EngineSettings, SessionEngine
from posecapture.session.events import Event, ExerciseCompleted, RepCompleted, SetupStatus
from posecapture.sources import open_source

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def measured() -> list[MeasurementFrame]:
    source = open_source(shared_file("videos/mediapose_shoulder_flexion_side.mp4"))
    backend = open_backend()
    measurer = LiveMeasurer(source.width, source.height, source.fps)
    try:
        return [
            measurer.push(f, backend.detect(cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB), f.t_s))
            for f in source
        ]
    finally:
        backend.close()
        source.close()


def replay(frames: list[MeasurementFrame]) -> list[Event]:
    """reach_to_the_sky on the left arm only, as ``session run`` drives it."""
    reach = replace(load_library().exercises["reach_to_the_sky"], sides=("left",))
    now = [0.0]
    engine = SessionEngine([reach], clock=lambda: now[0], settings=EngineSettings.for_recording())
    events = engine.start()
    for frame in frames:
        now[0] = frame.t_s
        events += engine.feed(frame)
    return events + engine.stop()


def test_setup_passes_on_a_real_side_view_clip(measured: list[MeasurementFrame]) -> None:
    statuses = [e for e in replay(measured) if isinstance(e, SetupStatus)]
    assert SetupStatus(True, ()) in statuses


def test_rep_peak_is_the_highest_angle_measured_during_the_rep(
    measured: list[MeasurementFrame],
) -> None:
    rep = next(e.result for e in replay(measured) if isinstance(e, RepCompleted))
    during = [
        f.angle("left_shoulder_flexion") for f in measured if rep.started_s <= f.t_s <= rep.ended_s
    ]
    assert rep.peak_deg == pytest.approx(np.nanmax(during))
    assert rep.peak_deg < 140.0 and not rep.completed  # the arm stops short of the window


def test_exercise_range_matches_the_frames_it_kept(measured: list[MeasurementFrame]) -> None:
    result = next(e.result for e in replay(measured) if isinstance(e, ExerciseCompleted))
    kept = [f for f in measured if f.t_s in set(result.timestamps_s.tolist())]
    values = np.array([f.angle("left_shoulder_flexion") for f in kept])
    assert result.rom["max"] == pytest.approx(np.nanmax(values))
    assert result.rom["valid_frames"] == int(np.isfinite(values).sum())
