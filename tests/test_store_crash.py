"""A session whose process is killed mid-way keeps its reps and is marked incomplete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from posecapture.store import Store

REPS = 4

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and os.kill(pid, 0) are POSIX")

# Records REPS reps through the recorder, says "ready", then waits to be killed.
RECORDING_CHILD = f"""
import sys, time
from store_fakes import rep
from posecapture.session.events import RepCompleted
from posecapture.session.recorder import SessionRecorder
from posecapture.store import Store

store = Store.open(sys.argv[1])
child = store.add_child("Ana")
session = store.start_session(
    child, plan_id="first_week", plan_kind="routine", source="camera 0", metric_version="1"
)
SessionRecorder(store, session).handle([RepCompleted(rep(i)) for i in range(1, {REPS} + 1)])
print("ready", flush=True)
time.sleep(120)
"""


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A process in the middle of recording a session, and its database."""
    path = tmp_path / "posecapture.db"
    tests = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-c", RECORDING_CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield process, path
    if process.poll() is None:
        process.kill()
    process.wait()
    process.stdout.close()


def test_killed_session_keeps_every_recorded_rep(
    recording: tuple[subprocess.Popen[str], Path],
) -> None:
    process, path = recording
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store.open(path) as store:
        assert len(store.rep_results(1)) == REPS


def test_killed_session_is_marked_incomplete(
    recording: tuple[subprocess.Popen[str], Path],
) -> None:
    process, path = recording
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store.open(path) as store:
        assert store.session(1)["status"] == "incomplete"


def test_session_of_a_live_window_is_left_running(
    recording: tuple[subprocess.Popen[str], Path],
) -> None:
    _process, path = recording
    with Store.open(path) as store:
        assert store.session(1)["status"] == "running"
