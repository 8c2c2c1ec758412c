"""A grown-up adds a child: a name and a picture to find themselves by."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from posecapture.errors import UserError
from posecapture.ui.theme import AVATARS


class AddChildScreen(Screen):
    avatar = StringProperty(AVATARS[0])
    problem = StringProperty("")

    def refresh(self) -> None:
        self.ids.name.text = ""
        self.problem = ""
        self.avatar = AVATARS[0]

    def save(self) -> None:
        app = App.get_running_app()
        name = self.ids.name.text.strip()
        if not name:
            self.problem = app.tr("name_needed")
            return
        try:
            app.add_child(name, self.avatar)
        except UserError as exc:
            self.problem = str(exc)
            return
        app.go("profiles")
