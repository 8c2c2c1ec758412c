"""The grown-ups' area, behind the PIN: settings, progress, sessions (and deleting them),
recording, ending or leaving the child's session.

Entering it pauses a session in progress; leaving it ("Back to the child") resumes it.
The PIN is asked every time: the area locks itself again when left.
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.ui.screens import make


class GrownupsScreen(Screen):
    unlocked = BooleanProperty(False)
    pin_problem = StringProperty("")
    recording_text = StringProperty("")
    in_session = BooleanProperty(False)

    def refresh(self) -> None:
        self.unlocked = False
        self.pin_problem = ""
        self.ids.pinpad.entered = ""

    def on_leave(self, *_: object) -> None:
        # Lock again when the grown-up leaves, except to look at the progress screens
        # (their "Back" returns here).
        if not App.get_running_app().manager.current.startswith("review_"):
            self.unlocked = False

    def on_enter(self, *_: object) -> None:
        if self.unlocked:
            self.fill()

    def pin_typed(self, pin: str) -> None:
        app = App.get_running_app()
        if not app.check_pin(pin):
            self.pin_problem = app.tr("wrong_pin")
            return
        self.pin_problem = ""
        self.unlocked = True
        self.fill()

    def fill(self) -> None:
        app = App.get_running_app()
        self.in_session = app.controller is not None and not app.controller.finished
        self.ids.recording.active = app.recording_wanted()
        self.recording_text = app.tr("recording_on" if app.recording_wanted() else "recording_off")
        listing = self.ids.sessions
        listing.clear_widgets()
        if not app.child:
            return
        rows = list(reversed(app.store.sessions(int(app.child["id"]))))
        if not rows:
            listing.add_widget(make("BodyLabel", text=app.tr("no_sessions")))
        for row in rows:
            status = (
                app.tr(f"status_{row['status']}")
                if row["status"] in ("complete", "incomplete", "running")
                else row["status"]
            )
            line = make(
                "SessionLine",
                session_id=int(row["id"]),
                summary="   ".join(
                    (
                        row["date"],
                        self._plan_title(row["plan_id"]),
                        _reps(int(row["rep_count"])),
                        status,
                    )
                ),
                deletable=row["status"] != "running",
            )
            listing.add_widget(line)

    def _plan_title(self, plan_id: str) -> str:
        """The routine's (or exercise's) title in the app's language; its id if it is gone."""
        app = App.get_running_app()
        library = app.library
        plan = None
        if library is not None:
            plan = library.routines.get(plan_id) or library.exercises.get(plan_id)
        return app.pick(plan.title) if plan is not None else plan_id

    def delete(self, line: object) -> None:
        """First tap arms the button, the second deletes: no data goes on one stray tap."""
        if not line.armed:  # type: ignore[attr-defined]
            line.armed = True  # type: ignore[attr-defined]
            return
        App.get_running_app().delete_session(line.session_id)  # type: ignore[attr-defined]
        self.fill()

    def set_recording(self, active: bool) -> None:
        app = App.get_running_app()
        app.config.set("posecapture", "recording", "1" if active else "0")
        app.config.write()
        self.recording_text = app.tr("recording_on" if active else "recording_off")

    def settings(self) -> None:
        App.get_running_app().open_settings()

    def review(self) -> None:
        app = App.get_running_app()
        if not app.open_review():
            app.show_message("The progress screens are not installed in this version.")

    def skip_exercise(self) -> None:
        app = App.get_running_app()
        if app.controller is not None:
            app.controller.skip()
            app.back_to_child()

    def change_child(self) -> None:
        app = App.get_running_app()
        app.end_session()
        app.child = {}
        app.go("profiles")


def _reps(count: int) -> str:
    return "1 rep" if count == 1 else f"{count} reps"
