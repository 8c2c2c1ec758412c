"""Starting the app: everything that can fail in plain words is checked before Kivy loads.

Kivy opens a window as soon as it is imported, so a missing video or a damaged
database is reported here, as one sentence on the command line, before any
window appears.
"""

from __future__ import annotations

import os
from pathlib import Path

# Kivy smooths edges by drawing every pixel twice (multisampling) unless told not to.
# Without a GPU that doubled the cost of each frame, and the camera picture fell behind
# (benchmarks/app_rate_latency.py on a 2-core machine: 27% of frames dropped with it,
# 1-18% without, depending on what else was running);
# the app's big round shapes look the same either way.
MULTISAMPLES = "0"
# On a desktop (demos, the therapist's laptop) open at a 10-inch tablet's size rather
# than Kivy's 800x600; on a tablet the window is the screen whatever this says.
TABLET_SIZE = ("1280", "800")


def run_app(
    *, video: str | Path | None = None, camera: int = 0, db_path: str | Path | None = None
) -> None:
    """Check the video and open the store (``UserError`` if unusable), then run the app."""
    from posecapture.live import VideoCamera
    from posecapture.store import Store, default_db_path

    if video is not None:
        VideoCamera(video, paced=False).close()
    path = Path(db_path) if db_path is not None else default_db_path()
    store = Store.open(path)
    # Kivy's own arguments and console log would clash with the command line's; in
    # PYTHON mode it logs through the logging module and leaves stderr alone.
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KCFG_GRAPHICS_MULTISAMPLES", MULTISAMPLES)
    os.environ.setdefault("KCFG_GRAPHICS_WIDTH", TABLET_SIZE[0])
    os.environ.setdefault("KCFG_GRAPHICS_HEIGHT", TABLET_SIZE[1])
    from posecapture.ui.app import PoseCaptureApp

    PoseCaptureApp(video=video, camera=camera, db_path=path, store=store).run()
