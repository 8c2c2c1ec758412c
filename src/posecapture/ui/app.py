"""The tablet app: who is exercising, today's routine, the guided session, the grown-ups' area.

``posecapture app`` runs it through ``ui.launch.run_app()``. The app is a ScreenManager whose
screens are built the first time they are shown (each a ``screen.py`` + ``screen.kv``
pair under ``ui/screens/``), so start-up stays quick on a tablet. The guided
session itself is driven by ``SessionController`` (``ui/session_controller.py``):
the camera and pose inference run in their own threads (``posecapture.live``),
and this thread only draws.

Where things are kept: the database is ``--db`` if given, else the store's
default (``POSECAPTURE_DB``, else the user data folder shared with the command
line); on Android and iOS it is the app's private ``user_data_dir``. The
preferences file (language, voice, PIN, routine, recording) and any recorded
clips sit beside the database, readable by this user only.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.screenmanager import FadeTransition, ScreenManager
from kivy.utils import platform

from posecapture import languages
from posecapture.data_folders import data_folder
from posecapture.errors import UserError
from posecapture.exercises import Exercise, Library, load_library
from posecapture.store import Store, default_db_path
from posecapture.ui import i18n, theme
from posecapture.ui.settings import KV_FILE as SETTINGS_KV
from posecapture.ui.settings import FamilySettings
from posecapture.ui.speech import Speaker, open_speaker

SCREENS_DIR = Path(__file__).parent / "screens"
# Screen name -> class name in ui/screens/<name>.py (with its <name>.kv).
SCREENS: dict[str, str] = {
    "profiles": "ProfilesScreen",
    "add_child": "AddChildScreen",
    "routine": "RoutineScreen",
    "instruction": "InstructionScreen",
    "setup": "SetupScreen",
    "live": "LiveScreen",
    "rest": "RestScreen",
    "reward": "RewardScreen",
    "paused": "PausedScreen",
    "feelings": "FeelingsScreen",
    "thanks": "ThanksScreen",
    "grownups": "GrownupsScreen",
}

SECTION = "posecapture"
DEFAULT_PIN = "1234"
DEFAULT_ROUTINE = "first_week"


class PoseCaptureApp(App):
    """The Kivy application; ``video``/``camera`` pick the camera, ``db_path`` the store."""

    title = "posecapture"
    language = StringProperty(languages.DEFAULT_LANGUAGE)
    muted = BooleanProperty(False)
    child = DictProperty({})
    stars = NumericProperty(0)
    plan = ListProperty([])
    message = StringProperty("")
    controller = ObjectProperty(None, allownone=True)

    def __init__(
        self,
        *,
        video: str | Path | None = None,
        camera: int = 0,
        db_path: str | Path | None = None,
        exercises_dir: Path | None = None,
        speaker: Speaker | None = None,
        store: Store | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.video = video
        self.camera_index = camera
        if db_path is not None:
            self.db_path = Path(db_path)
        elif platform in ("android", "ios"):
            # platformdirs does not know the app's sandbox; Kivy's user_data_dir does.
            self.db_path = Path(self.user_data_dir) / "posecapture.db"
        else:
            self.db_path = default_db_path()
        self.exercises_dir = exercises_dir
        self.store: Store | None = store
        self.library: Library | None = None
        self.speaker = speaker
        self.manager: ScreenManager | None = None
        self._return_to = "profiles"
        self._review_added = False

    # -- Kivy plumbing -------------------------------------------------------------

    def get_application_config(self, defaultpath: str = "") -> str:
        # Beside the database, never in the package folder (Kivy's default on desktop).
        return str(self.db_path.parent / "posecapture.ini")

    def build_config(self, config: Any) -> None:
        config.setdefaults(
            SECTION,
            {
                "language": languages.DEFAULT_LANGUAGE,
                "mute": "0",
                "pin": DEFAULT_PIN,
                "routine": DEFAULT_ROUTINE,
                "recording": "0",
            },
        )

    def build_settings(self, settings: Any) -> None:
        """The grown-ups' panel (``ui/settings.py``) in the current language: choices show
        words (a language's own name, a routine's title) while the file keeps the codes."""
        routines = self.library.routines if self.library else {}
        routine_titles = {rid: self.pick(routine.title) for rid, routine in routines.items()}
        on_off = {"text_on": self.tr("setting_on"), "text_off": self.tr("setting_off")}
        settings.interface.title = self.tr("settings")
        settings.interface.close_text = self.tr("done")
        panel = [
            {
                "type": "choice",
                "title": self.tr("set_language"),
                "desc": self.tr("set_language_desc"),
                "section": SECTION,
                "key": "language",
                "options": list(languages.LANGUAGES),
                "labels": languages.LANGUAGE_NAMES,
            },
            {
                "type": "switch",
                **on_off,
                "title": self.tr("set_voice"),
                "desc": self.tr("set_voice_desc"),
                # Stored as "mute" (1 = silent) but shown as the voice being on or off.
                "values": ["1", "0"],
                "section": SECTION,
                "key": "mute",
            },
            {
                "type": "pin",
                "title": self.tr("set_pin"),
                "desc": self.tr("set_pin_desc"),
                "section": SECTION,
                "key": "pin",
            },
            {
                "type": "choice",
                "title": self.tr("set_routine"),
                "desc": self.tr("set_routine_desc"),
                "section": SECTION,
                "key": "routine",
                "options": sorted(routine_titles, key=routine_titles.__getitem__)
                or [DEFAULT_ROUTINE],
                "labels": routine_titles,
            },
            {
                "type": "switch",
                **on_off,
                "title": self.tr("recording"),
                "desc": self.tr("recording_off"),
                "section": SECTION,
                "key": "recording",
            },
        ]
        settings.add_json_panel(self.tr("settings"), self.config, data=json.dumps(panel))

    def on_config_change(self, config: Any, section: str, key: str, value: str) -> None:
        if section != SECTION:
            return
        if key == "language":
            self.language = value if value in languages.LANGUAGES else languages.DEFAULT_LANGUAGE
            # The panel's words were chosen when it was built: build it again in the new
            # language (once the choice's popup has closed).
            Clock.schedule_once(self._rebuild_settings)
        elif key == "mute":
            self.set_muted(value == "1")
        elif key == "pin" and value.isdigit() and len(value) == 4:
            self._pin = value
        elif key == "pin":
            # A PIN the pad cannot type would lock the grown-ups out: keep the old one.
            config.set(SECTION, "pin", self._pin)
            config.write()
            self.show_message(self.tr("set_pin_desc"))

    def close_settings(self, *largs: Any) -> bool | None:
        # Built afresh at each opening, so it shows what was changed elsewhere meanwhile
        # (the mute button on the instruction screen, a routine added to the library).
        closed: bool | None = super().close_settings(*largs)
        self.destroy_settings()
        return closed

    def _rebuild_settings(self, _dt: float = 0.0) -> None:
        shown = self._app_settings is not None and self._app_settings.parent is not None
        self.close_settings()
        if shown:
            self.open_settings()

    def build(self) -> ScreenManager:
        Window.clearcolor = theme.BACKGROUND
        if self.store is None:
            self.store = Store.open(self.db_path)
        self.library = load_library(self.exercises_dir)
        settings_file = Path(self.get_application_config())
        if settings_file.exists():
            settings_file.chmod(0o600)  # it holds the grown-ups' PIN
        self.language = self.config.get(SECTION, "language")
        self._pin = self.config.get(SECTION, "pin")
        self.muted = self.config.get(SECTION, "mute") == "1"
        if self.speaker is None:
            self.speaker = open_speaker(self.muted)
        self.speaker.muted = self.muted
        assets = data_folder("assets")
        if assets is not None and (assets / "icon.png").is_file():
            self.icon = str(assets / "icon.png")
        self.use_kivy_settings = False
        self.settings_cls = FamilySettings
        # Importing the widget modules registers their classes for the .kv rules.
        for widget_module in (
            "avatar",
            "buttons",
            "camera",
            "faces",
            "figure",
            "icons",
            "pinpad",
            "ring",
            "star",
        ):
            importlib.import_module(f"posecapture.ui.widgets.{widget_module}")
        Builder.load_file(str(SCREENS_DIR / "common.kv"))
        Builder.load_file(SETTINGS_KV)
        self.manager = ScreenManager(transition=FadeTransition(duration=0.15))
        self.go("profiles")
        return self.manager

    def on_stop(self) -> None:
        # Closing the app mid-session ends it as "incomplete", keeping every rep done and
        # the frames of the exercise under way.
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
        if self.speaker is not None:
            self.speaker.stop()
        if self.store is not None:
            self.store.close()

    # -- what screens use ----------------------------------------------------------

    def tr(self, key: str, *_bound: object, **values: object) -> str:
        """Text in the current language. In .kv files pass ``app.language`` as a second
        argument so the text changes when the language does."""
        return i18n.text(key, self.language, **values)

    def pick(self, translations: Any, *_bound: object) -> str:
        return i18n.pick(translations, self.language)

    def say(self, sentence: str) -> None:
        if self.speaker is not None and sentence:
            self.speaker.say(sentence, self.language)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if self.speaker is not None:
            self.speaker.muted = muted
            if muted:
                self.speaker.stop()
        self.config.set(SECTION, "mute", "1" if muted else "0")
        self.config.write()

    def check_pin(self, pin: str) -> bool:
        return pin == self._pin

    def screen(self, name: str) -> Any:
        """The screen called ``name``, built (with its .kv rules) the first time it is asked for."""
        assert self.manager is not None
        if not self.manager.has_screen(name):
            module = importlib.import_module(f"posecapture.ui.screens.{name}")
            Builder.load_file(str(SCREENS_DIR / f"{name}.kv"))
            self.manager.add_widget(getattr(module, SCREENS[name])(name=name))
        return self.manager.get_screen(name)

    @property
    def current(self) -> str:
        """The name of the screen on show."""
        return str(self.manager.current) if self.manager is not None else ""

    def go(self, name: str) -> None:
        screen = self.screen(name)
        assert self.manager is not None
        if self.manager.current != name:
            self.manager.current = name
        if hasattr(screen, "refresh"):
            screen.refresh()

    def show_message(self, text: str) -> None:
        """A plain sentence for the family (a camera that cannot open, a name already used)."""
        self.message = text
        Clock.schedule_once(lambda _dt: setattr(self, "message", ""), 8)

    # -- children, routine, stars ------------------------------------------------------

    def children(self) -> list[dict[str, Any]]:
        assert self.store is not None
        return self.store.list_children()

    def add_child(self, name: str, avatar: str) -> None:
        assert self.store is not None
        self.store.add_child(name, avatar=avatar, language=self.language)

    def choose_child(self, child_id: int) -> None:
        assert self.store is not None
        self.child = self.store.child(child_id)
        self.stars = self.count_stars(child_id)
        self.plan = self.todays_plan()
        self.go("routine")

    def routine_id(self) -> str:
        return str(self.config.get(SECTION, "routine"))

    def todays_plan(self) -> list[Exercise]:
        assert self.library is not None
        routine = self.routine_id()
        if routine not in self.library.routines:
            return []
        return self.library.plan(routine)

    def count_stars(self, child_id: int) -> int:
        """One star for every exercise side the child has done with at least one rep, ever:
        the collection is read back from the stored results, so it survives reinstalling
        the app with the same database and cannot disagree with the care team's records."""
        assert self.store is not None
        return sum(
            1
            for session in self.store.sessions(child_id)
            for result in self.store.exercise_results(int(session["id"]))
            if (result.get("reps_done") or 0) > 0
        )

    def recording_wanted(self) -> bool:
        return bool(self.config.get(SECTION, "recording") == "1")

    def recording_done(self) -> None:
        """Recording is for one session: it switches itself off so it is never left on."""
        self.config.set(SECTION, "recording", "0")
        self.config.write()

    def clip_path(self, session_id: int) -> Path:
        return self.db_path.parent / "recordings" / f"session_{session_id}.mp4"

    # -- the session -------------------------------------------------------------------

    def start_session(self) -> None:
        from posecapture.ui.session_controller import SessionController

        if not self.plan or not self.child:
            self.show_message(self.tr("no_routine"))
            return
        assert self.store is not None
        try:
            self.controller = SessionController(self, list(self.plan), int(self.child["id"]))
            self.controller.start()
        except UserError as exc:
            self.controller = None
            self.show_message(str(exc))

    def open_grownups(self) -> None:
        """The PIN-guarded area; a session in progress is paused while a grown-up is there."""
        assert self.manager is not None
        self._return_to = self.manager.current
        self.go("grownups")
        if self.controller is not None:
            self.controller.pause("parent")

    def back_to_child(self) -> None:
        if self.controller is not None and not self.controller.finished:
            self.controller.resume()
        else:
            self.go(self._return_to if self._return_to != "grownups" else "profiles")

    def end_session(self) -> None:
        """Stop the session early; everything done so far is already stored."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
        self.go("routine" if self.child else "profiles")

    def session_over(self, controller: Any = None) -> None:
        """A session ended: release its camera, count the stars again. ``controller`` names
        the session that ended, so a late call never closes a newer session."""
        ended = controller if controller is not None else self.controller
        if ended is not None:
            ended.close()
        if ended is self.controller:
            self.controller = None
        if self.child:
            self.stars = self.count_stars(int(self.child["id"]))

    def delete_session(self, session_id: int) -> None:
        assert self.store is not None
        self.store.delete_session(session_id)
        clip = self.clip_path(session_id)
        if clip.exists():
            clip.unlink()

    def open_review(self) -> bool:
        """The review engineer's screens, when that package is installed; False if not."""
        try:
            review = importlib.import_module("posecapture.ui.review")
        except ModuleNotFoundError:
            return False
        adder = getattr(review, "add_review_screens", None)
        if adder is None or self.manager is None:
            return False
        if not self._review_added:
            adder(self.manager, self.store, lambda: self.child.get("id"))
            self._review_added = True
        entry = getattr(review, "ENTRY_SCREEN", "dashboard")
        if self.manager.has_screen(entry):
            self.manager.current = entry
            return True
        return False
