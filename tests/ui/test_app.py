"""The app end to end in a real Kivy window: a family adds a child, does a routine in front
of a "camera" (a shared clip), answers the faces scale, and the results are in the store.

The routine is one exercise on one side, with one short rep, whose target the clip
really reaches (the man in the clip raises his right arm past 90 degrees). The whole
routine is driven once (module fixture); each test then checks one thing it left
behind. Every screen is saved under test-artifacts/screens/ for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_file
from ui.driving import button, find, pump, screenshot, tap

pytestmark = [pytest.mark.ui, pytest.mark.slow]

ROUTINE = """
id = "test_reach"
exercises = ["reach_to_the_sky"]

[title]
en = "Test reach"
es = "Prueba"

[overrides.reach_to_the_sky]
sides = ["right"]
reps = 1
hold_s = 1
rest_s = 2
target_deg = 90
window_low_deg = 60
window_high_deg = 180
"""


class RecordingSpeaker:
    """Keeps what the app would have said, instead of saying it."""

    def __init__(self) -> None:
        self.muted = False
        self.said: list[tuple[str, str]] = []

    def say(self, sentence: str, language: str) -> None:
        if not self.muted:
            self.said.append((sentence, language))

    def stop(self) -> None:
        return None


@dataclass
class Run:
    """What driving the routine left behind."""

    app: Any
    speaker: RecordingSpeaker
    screens: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)


@pytest.fixture(scope="module")
def exercises_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from posecapture.exercises import default_exercises_dir

    folder = tmp_path_factory.mktemp("exercises")
    shutil.copy(default_exercises_dir() / "reach_to_the_sky.toml", folder)
    (folder / "routines").mkdir()
    (folder / "routines" / "test_reach.toml").write_text(ROUTINE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, exercises_dir: Path) -> Iterator[Any]:
    from kivy.core.window import Window

    from posecapture.ui.app import PoseCaptureApp

    clip = shared_file("videos/mediapose_shoulder_flexion_side.mp4")
    Window.size = (1280, 800)
    speaker = RecordingSpeaker()
    running = PoseCaptureApp(
        video=clip,
        db_path=tmp_path_factory.mktemp("store") / "posecapture.db",
        exercises_dir=exercises_dir,
        speaker=speaker,
    )
    running._run_prepare()
    running.config.set("posecapture", "routine", "test_reach")
    pump(timeout_s=0.3)
    yield running
    running.stop()


def on(app: Any, name: str, timeout_s: float = 10.0) -> bool:
    """Wait until screen ``name`` is shown and its fade-in is over (taps are ignored during it)."""
    manager = app.manager
    return pump(lambda: manager.current == name and not manager.transition.is_active, timeout_s)


@pytest.fixture(scope="module")
def run(app: Any) -> Run:
    """Drive the whole routine the way a family would, by tapping."""
    result = Run(app, app.speaker)

    def arrived(name: str, timeout_s: float = 10.0) -> None:
        assert on(app, name, timeout_s), f"stuck on {app.manager.current}, waiting for {name}"
        result.screens.append(name)
        result.shots.append(screenshot(name))

    arrived("profiles")
    tap(button(app.manager.current_screen, app.tr("add_child")))
    arrived("add_child")
    screen = app.manager.current_screen
    screen.ids.name.text = "Ana"
    tap(find(screen, lambda w: getattr(w, "kind", None) == "bunny" and hasattr(w, "chosen")))
    result.shots.append(screenshot("add_child_filled"))
    tap(screen.ids.save)
    arrived("profiles")
    result.shots.append(screenshot("profiles_with_child"))
    tap(button(app.manager.current_screen, "Ana"))
    arrived("routine")
    tap(button(app.manager.current_screen, app.tr("start")))
    arrived("instruction")
    tap(button(app.manager.current_screen, app.tr("ready")))
    arrived("setup", 20)
    arrived("live", 45)
    pump(lambda: app.screen("live").counting, 5)
    result.shots.append(screenshot("live_countdown"))
    pump(lambda: app.controller is not None and app.controller.step == "active", 10)
    pump(lambda: app.screen("live").held > 0.3, 15)
    result.shots.append(screenshot("live_holding"))
    arrived("reward", 60)
    tap(button(app.manager.current_screen, app.tr("next")))
    arrived("feelings", 10)
    screen = app.manager.current_screen
    tap(screen.faces.faces[2])  # the third face: "a little sore", 4 on the 0-10 scale
    tap(screen.effort.faces[4])  # the fifth face: "very hard", 8 on the 0-10 scale
    result.shots.append(screenshot("feelings_faces_answered"))
    tap(screen.ids.next)
    pump(lambda: screen.page == 1, 5)
    tap(button(screen.ids.helped_row, app.tr("pick_music")))
    tap(button(screen.ids.hurt_row, app.tr("pick_arms")))
    screen.ids.more_text.text = "the robot game"
    result.shots.append(screenshot("feelings_answered"))
    tap(screen.ids.done)
    arrived("thanks", 10)
    return result


def stored(app: Any) -> dict[str, Any]:
    store = app.store
    child = store.child("Ana")
    sessions = store.sessions(int(child["id"]))
    session_id = int(sessions[-1]["id"])
    return {
        "child": child,
        "sessions": sessions,
        "reps": store.rep_results(session_id),
        "results": store.exercise_results(session_id),
        "reports": store.self_reports(int(child["id"])),
    }


def test_the_window_carries_the_app_icon(app: Any) -> None:
    assert Path(app.icon).name == "icon.png" and Path(app.icon).is_file()


def test_the_family_passes_through_every_screen_of_the_routine(run: Run) -> None:
    for name in ("instruction", "setup", "live", "reward", "feelings", "thanks"):
        assert name in run.screens


def test_the_new_child_is_stored_with_the_chosen_picture(run: Run) -> None:
    assert stored(run.app)["child"]["avatar"] == "bunny"


def test_the_session_is_stored_complete(run: Run) -> None:
    sessions = stored(run.app)["sessions"]
    assert [s["status"] for s in sessions] == ["complete"]


def test_the_held_rep_is_stored_with_a_peak_inside_the_window(run: Run) -> None:
    reps = stored(run.app)["reps"]
    assert len(reps) == 1
    assert reps[0]["completed"]
    assert 60 <= reps[0]["peak_deg"] <= 180
    assert reps[0]["metric_id"] == "right_shoulder_flexion"


def test_the_exercise_result_keeps_its_landmarks(run: Run) -> None:
    results = stored(run.app)["results"]
    assert len(results) == 1
    series = run.app.store.landmark_series(int(results[0]["id"]))
    assert series["landmarks_px"].shape[1:] == (33, 4)


def test_both_faces_scales_and_picked_pictures_land_in_the_store(run: Run) -> None:
    report = stored(run.app)["reports"][-1]
    answers = (report["pain"], report["difficulty"], report["helped"], report["hurt"])
    assert answers == (4, 8, "music", "arms")


def test_what_a_grown_up_typed_is_kept_as_typed(run: Run) -> None:
    assert stored(run.app)["reports"][-1]["wants_more"] == "the robot game"


def test_the_instruction_is_spoken_in_the_apps_language(run: Run) -> None:
    speech = run.app.library.exercise("reach_to_the_sky").speech["en"]
    assert (speech, "en") in run.speaker.said


def test_the_child_earns_a_star_that_is_counted_from_the_store(run: Run) -> None:
    assert run.app.stars == 1
    assert run.app.count_stars(int(stored(run.app)["child"]["id"])) == 1


def test_the_camera_is_released_when_the_session_ends(run: Run) -> None:
    assert run.app.controller is None


def test_every_screenshot_shows_a_picture_not_a_blank_window(run: Run) -> None:
    import cv2

    for path in run.shots:
        image = cv2.imread(str(path))
        assert image is not None and image.std() > 10, path.name


# -- the grown-ups' area (after the routine, on the same app) -----------------------


@pytest.fixture
def grownups(run: Run) -> Any:
    run.app.open_grownups()
    assert on(run.app, "grownups")
    return run.app.manager.current_screen


def type_pin(screen: Any, pin: str) -> None:
    for digit in pin:
        tap(button(screen.ids.pinpad, digit))


def test_a_wrong_pin_keeps_the_grown_ups_area_locked(grownups: Any) -> None:
    type_pin(grownups, "0000")
    assert grownups.pin_problem
    assert not grownups.unlocked
    screenshot("grownups_pin")


def test_the_right_pin_opens_the_grown_ups_area(grownups: Any) -> None:
    type_pin(grownups, "1234")
    assert grownups.unlocked
    screenshot("grownups_open")


def test_deleting_a_session_takes_two_taps(grownups: Any, run: Run) -> None:
    type_pin(grownups, "1234")
    line = find(grownups.ids.sessions, lambda w: hasattr(w, "session_id"))
    delete = find(line, lambda w: hasattr(w, "trigger_action"))
    tap(delete)
    assert len(stored(run.app)["sessions"]) == 1
    tap(delete)
    child_id = int(run.app.store.child("Ana")["id"])
    assert run.app.store.sessions(child_id) == []


def test_spanish_changes_the_words_on_screen(run: Run) -> None:
    app = run.app
    app.language = "es"
    app.go("profiles")
    pump(timeout_s=0.3)
    words = [getattr(w, "text", "") for w in app.manager.current_screen.walk()]
    screenshot("profiles_es")
    app.language = "en"
    assert "¿Quién hace ejercicio hoy?" in words


def test_screens_not_reached_by_the_short_routine_still_draw(run: Run) -> None:
    app = run.app
    app.screen("rest").start_timer(12)
    for name in ("rest", "paused"):
        app.go(name)
        assert on(app, name)
        path = screenshot(name)
        assert path.exists()


def test_the_rest_screen_counts_the_seconds_down(run: Run) -> None:
    rest = run.app.screen("rest")
    rest.start_timer(3)
    assert rest.seconds_left == 3
    pump(timeout_s=1.2)
    assert rest.seconds_left < 3


def test_the_rest_seconds_stand_still_while_the_session_is_paused(run: Run) -> None:
    rest = run.app.screen("rest")
    rest.start_timer(5)
    rest.freeze()
    pump(timeout_s=1.2)
    rest.thaw()
    pump(timeout_s=0.05)
    assert rest.seconds_left == 5


# -- a camera that disappears mid-session ---------------------------------------------


class FlakyCamera:
    """A camera that works, goes away while ``lost`` is set, and comes back."""

    fps = 30.0
    width = 64
    height = 48
    name = "flaky camera"

    def __init__(self) -> None:
        import threading

        self.lost = threading.Event()
        self.index = 0

    def read(self) -> Any:
        import time

        import numpy as np

        from posecapture.errors import CameraLost
        from posecapture.sources import Frame

        time.sleep(1 / self.fps)
        if self.lost.is_set():
            raise CameraLost("unplugged")
        self.index += 1
        return Frame(self.index, self.index / self.fps, np.zeros((48, 64, 3), np.uint8))

    def reopen(self) -> bool:
        return not self.lost.is_set()

    def close(self) -> None:
        return None


class NobodyMeasurer:
    """Measures every picture as "nobody there": the session waits at the setup check."""

    def __init__(self, width: int, height: int, fps: float) -> None:
        return None

    def __call__(self, frame: Any) -> Any:
        from posecapture.measurement import FrameQuality, MeasurementFrame

        quality = FrameQuality(False, 0.0, False, "unknown", 0.0, 120.0)
        return MeasurementFrame(frame.index, frame.t_s, {}, quality)

    def close(self) -> None:
        return None


@pytest.fixture
def flaky_session(run: Run, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlakyCamera]:
    from posecapture.ui import session_controller

    camera = FlakyCamera()
    monkeypatch.setattr(session_controller, "open_camera", lambda video, index: camera)
    monkeypatch.setattr(session_controller, "PoseMeasurer", NobodyMeasurer)
    app = run.app
    app.go("routine")
    app.start_session()
    app.controller.proceed()
    assert on(app, "setup")
    yield camera
    app.end_session()


def test_a_lost_camera_pauses_the_session_with_a_message(
    run: Run, flaky_session: FlakyCamera
) -> None:
    flaky_session.lost.set()
    assert on(run.app, "paused", 5)
    assert run.app.screen("paused").reason_text == run.app.tr("camera_lost")
    screenshot("paused_camera_lost")


def test_the_session_carries_on_when_the_camera_returns(
    run: Run, flaky_session: FlakyCamera
) -> None:
    flaky_session.lost.set()
    assert on(run.app, "paused", 5)
    flaky_session.lost.clear()
    assert on(run.app, "setup", 5)
    assert run.app.controller.state == "setup"


def test_a_child_added_without_a_picture_rests_as_a_cat(run: Run) -> None:
    # `posecapture child add NAME` stores no picture: the rest screen (built, too, when a
    # grown-up pauses the session) used to fail on it and close the app.
    app = run.app
    before = dict(app.child)
    try:
        app.child = {**before, "avatar": None}
        avatar = find(app.screen("rest"), lambda w: w.__class__.__name__ == "Avatar")
        assert avatar.kind == "cat"
    finally:
        app.child = before


def setting_row(app: Any, key: str) -> Any:
    """The row of the open settings panel that sets ``key``."""
    return find(app._app_settings, lambda w: getattr(w, "key", None) == key)


def shown_words(row: Any) -> list[str]:
    """The words a settings row shows on its right (what it is set to)."""
    from posecapture.ui.settings import SettingValue

    return [w.text for w in row.walk(restrict=True) if isinstance(w, SettingValue)]


@pytest.fixture
def settings_open(run: Run) -> Iterator[Any]:
    app = run.app
    app.open_settings()
    pump(timeout_s=0.5)
    yield app
    app.close_settings()
    app.set_muted(False)
    if app.language != "en":
        app.config.set("posecapture", "language", "en")
        app.on_config_change(app.config, "posecapture", "language", "en")
        pump(timeout_s=0.3)


def test_the_settings_panel_shows_words_not_codes(settings_open: Any) -> None:
    app = settings_open
    assert app._app_settings is not None and app._app_settings.parent is not None
    screenshot("settings")
    (language,) = shown_words(setting_row(app, "language"))
    (routine,) = shown_words(setting_row(app, "routine"))
    assert language.startswith("English") and routine.startswith("Test reach")


def test_tapping_the_voice_row_turns_the_voice_off(settings_open: Any) -> None:
    app = settings_open
    assert shown_words(setting_row(app, "mute")) == [app.tr("setting_on")]
    tap(setting_row(app, "mute"))
    assert (app.config.get("posecapture", "mute"), app.muted) == ("1", True)
    assert shown_words(setting_row(app, "mute")) == [app.tr("setting_off")]


def test_choosing_espanol_in_settings_stores_es_and_speaks_spanish(settings_open: Any) -> None:
    from kivy.core.window import Window

    app = settings_open
    tap(setting_row(app, "language"))
    assert pump(lambda: any(w.__class__.__name__ == "Popup" for w in Window.children), 2)
    popup = next(w for w in Window.children if w.__class__.__name__ == "Popup")
    screenshot("settings_language")
    tap(button(popup, "Español"))
    pump(lambda: setting_row(app, "language").title == "Idioma", timeout_s=2)
    screenshot("settings_es")
    stored = app.config.get("posecapture", "language")
    assert (stored, app.language, app.tr("settings")) == ("es", "es", "Ajustes")
    assert setting_row(app, "language").title == "Idioma"


def fits(widget: Any, width: int, height: int) -> bool:
    """Whether ``widget`` lies inside a window of that size (in window coordinates)."""
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    return left >= -1 and bottom >= -1 and right <= width + 1 and top <= height + 1


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("routine", 0),
        ("instruction", 0),
        ("live", 0),
        ("rest", 0),
        ("feelings", 0),
        ("feelings", 1),
        ("grownups", 0),
    ],
)
def test_screens_fit_a_tablet_held_upright(run: Run, name: str, page: int) -> None:
    from kivy.core.window import Window

    app = run.app
    Window.size = (800, 1280)
    pump(lambda: tuple(Window.size) == (800, 1280), 5)
    pump(timeout_s=0.5)  # the X server resizes the window's buffers a moment later
    try:
        app.go(name)
        assert on(app, name)
        if page:
            app.manager.current_screen.show_page(page)
            pump(timeout_s=0.3)
        outside = [
            type(w).__name__
            for w in app.manager.current_screen.walk()
            if w.opacity > 0 and w.width > 0 and w.height > 0 and not fits(w, 800, 1280)
        ]
        assert outside == []
        screenshot(f"{name}_portrait" + (f"_page{page + 1}" if page else ""))
    finally:
        Window.size = (1280, 800)
        pump(timeout_s=0.3)


@pytest.fixture
def recorded_session(run: Run, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A short session with "keep a video" switched on by a grown-up."""
    from posecapture.ui import session_controller

    camera = FlakyCamera()
    monkeypatch.setattr(session_controller, "open_camera", lambda video, index: camera)
    monkeypatch.setattr(session_controller, "PoseMeasurer", NobodyMeasurer)
    app = run.app
    app.config.set("posecapture", "recording", "1")
    app.go("routine")
    app.start_session()
    session_id = app.controller.session_id
    pump(lambda: camera.index > 10, 5)
    app.end_session()
    yield session_id


def test_a_recorded_session_keeps_a_private_clip_beside_the_database(
    run: Run, recorded_session: int
) -> None:
    clip = run.app.clip_path(recorded_session)
    assert clip.stat().st_size > 0
    assert clip.stat().st_mode & 0o077 == 0


def test_recording_switches_itself_off_after_one_session(run: Run, recorded_session: int) -> None:
    assert not run.app.recording_wanted()


def test_deleting_a_recorded_session_deletes_its_clip(run: Run, recorded_session: int) -> None:
    run.app.delete_session(recorded_session)
    assert not run.app.clip_path(recorded_session).exists()


def test_progress_and_notes_opens_the_review_screens(grownups: Any, run: Run) -> None:
    from posecapture.ui.review import ENTRY_SCREEN

    type_pin(grownups, "1234")
    tap(button(grownups, run.app.tr("review")))
    assert on(run.app, ENTRY_SCREEN)
    screenshot("review_from_grownups")


def test_coming_back_from_the_review_screens_keeps_the_area_open(grownups: Any, run: Run) -> None:
    type_pin(grownups, "1234")
    tap(button(grownups, run.app.tr("review")))
    on(run.app, "review_dashboard")
    run.app.manager.current = "grownups"
    assert on(run.app, "grownups")
    assert grownups.unlocked


# -- keep last: it closes the app's store ---------------------------------------------


def test_closing_the_app_mid_session_keeps_it_as_incomplete(
    run: Run, flaky_session: FlakyCamera
) -> None:
    from posecapture.store import Store

    app = run.app
    session_id = app.controller.session_id
    app.on_stop()  # what Kivy calls when the window is closed
    with Store.open(app.db_path) as store:
        assert store.session(session_id)["status"] == "incomplete"
