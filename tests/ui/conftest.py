"""Running the app in a real Kivy window under Xvfb (pytest-xvfb starts the display).

Kivy reads its environment when first imported, so it is set here, before any
test module imports Kivy: no command-line parsing, no console log, a throw-away
KIVY_HOME so tests never touch ~/.kivy, and Mesa's software OpenGL.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
# As the app runs it (posecapture.ui.launch): Kivy logs through the logging module and
# leaves sys.stderr alone (the pose backend filters MediaPipe's native noise from it).
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.setdefault("KIVY_WINDOW", "sdl2")
os.environ.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")
# As the app runs it (posecapture.ui.launch.MULTISAMPLES).
os.environ.setdefault("KCFG_GRAPHICS_MULTISAMPLES", "0")
