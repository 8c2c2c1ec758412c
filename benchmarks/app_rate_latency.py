"""Does the app keep up with the camera? Dropped frames, frame-to-overlay latency, peak memory.

Run under a display (on a desktop as it is; headless under Xvfb):

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python benchmarks/app_rate_latency.py CLIP.mp4

CLIP is a 640x480 30 fps video, released frame by frame at its own timestamps as a
camera would (``posecapture.live.VideoCamera``). Two runs in this process:

* reference: the capture thread and the pose worker alone, no window;
* app: the real app (a session on the live screen), the same camera, the same worker.

Goals (issue 5): at most 2% of the camera's frames dropped, and under 60 ms from a
frame leaving the camera to its skeleton being drawn. Figures are printed as they
are and as ratios against the reference run, so a slower or faster machine shows
as the same ratios.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
# As the app runs it (posecapture.ui.launch): Kivy logs through the logging module and
# leaves sys.stderr alone (the pose backend filters MediaPipe's native noise from it).
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
# As the app runs it (posecapture.ui.launch): see MULTISAMPLES there.
os.environ.setdefault("KCFG_GRAPHICS_MULTISAMPLES", "0")

import numpy as np

SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))


def reference(clip: Path) -> tuple[float, float, float]:
    """Dropped share and capture-to-measured latency (median, p95 ms) with no UI at all."""
    from posecapture.live import LivePipeline, PoseMeasurer, VideoCamera

    camera = VideoCamera(clip)
    measurer = PoseMeasurer(camera.width, camera.height, camera.fps)
    latencies: list[float] = []
    pipeline = LivePipeline(
        camera, measurer, lambda r: latencies.append(time.perf_counter() - r.captured_at)
    )
    pipeline.start()
    time.sleep(SECONDS)
    pipeline.stop()
    measurer.close()
    ms = np.asarray(latencies) * 1000
    return pipeline.stats.dropped_share, float(np.median(ms)), float(np.percentile(ms, 95))


@dataclass
class AppFigures:
    dropped_share: float
    median_ms: float
    p95_ms: float
    drawn: int
    # Drawing the window and swapping its buffers (OpenGL: Mesa's software renderer on a
    # machine without a GPU), per frame drawn with a new camera picture.
    draw_ms: float


def app_run(clip: Path) -> AppFigures:
    """The same through the real app, on the live screen, for SECONDS seconds."""
    from kivy.base import EventLoop
    from kivy.config import Config
    from kivy.core.window import Window

    Config.set("graphics", "width", "1280")
    Config.set("graphics", "height", "800")
    from posecapture.ui.app import PoseCaptureApp
    from posecapture.ui.speech import SilentSpeaker

    folder = Path(tempfile.mkdtemp(prefix="posecapture-bench-"))
    app = PoseCaptureApp(video=clip, db_path=folder / "bench.db", speaker=SilentSpeaker())
    app._run_prepare()
    app.add_child("Bench", "owl")
    app.choose_child(int(app.children()[0]["id"]))
    app.start_session()
    controller = app.controller
    assert controller is not None, app.message
    controller.proceed()
    latencies: list[float] = []
    swaps: list[float] = []
    drawn_at = [0.0]
    # Bound handlers run before the window's own: this one marks the start of the drawing.
    Window.bind(on_draw=lambda *_: drawn_at.__setitem__(0, time.perf_counter()))
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        EventLoop.idle()  # ends once the frame is drawn and the buffers swapped
        captured_at = controller.take_drawn()
        if captured_at is not None:
            now = time.perf_counter()
            latencies.append(now - captured_at)
            swaps.append(now - drawn_at[0])
    stats = controller.pipeline.stats
    app.stop()
    ms = np.asarray(latencies) * 1000
    return AppFigures(
        stats.dropped_share,
        float(np.median(ms)),
        float(np.percentile(ms, 95)),
        len(latencies),
        float(np.median(swaps) * 1000),
    )


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: app_rate_latency.py CLIP.mp4 (a 640x480 30 fps video)")
    clip = Path(sys.argv[1])
    # Other programs share the cores with the pose model and the software renderer:
    # the load average says how much, so figures from different runs can be compared.
    load_before = os.getloadavg()[0]
    ref_drop, ref_med, ref_p95 = reference(clip)
    app = app_run(clip)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"clip: {clip.name}, {SECONDS:.0f} s per run, {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(
        f"reference (camera + pose, no window): dropped {ref_drop:.1%}, "
        f"camera->measured median {ref_med:.1f} ms, p95 {ref_p95:.1f} ms"
    )
    print(
        f"app (live screen):                    dropped {app.dropped_share:.1%}, "
        f"camera->on screen median {app.median_ms:.1f} ms, p95 {app.p95_ms:.1f} ms, "
        f"{app.drawn} frames drawn"
    )
    print(f"  of which drawing the window and swapping buffers: median {app.draw_ms:.1f} ms/frame")
    drop_ratio = app.dropped_share / ref_drop if ref_drop else float("inf")
    print(
        f"app / reference: dropped share x{drop_ratio:.1f}, "
        f"median latency x{app.median_ms / ref_med:.2f}, p95 latency x{app.p95_ms / ref_p95:.2f}"
    )
    dropped_ok = "met" if app.dropped_share <= 0.02 else "NOT met"
    median_ok = "met" if app.median_ms < 60 else "NOT met"
    p95_ok = "met" if app.p95_ms < 60 else "NOT met"
    print(f"goals: dropped <= 2%: {dropped_ok}; latency < 60 ms: median {median_ok}, p95 {p95_ok}")
    print(f"peak memory (whole process, both runs): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
