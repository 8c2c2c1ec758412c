"""Who is exercising today: one big card per child, with their animal picture."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen

from posecapture.ui.screens import make


class ProfilesScreen(Screen):
    def refresh(self) -> None:
        app = App.get_running_app()
        grid = self.ids.grid
        grid.clear_widgets()
        for child in app.children():
            card = make("ProfileCard", name=child["name"], avatar=child.get("avatar") or "cat")
            card.bind(on_release=lambda _c, cid=int(child["id"]): app.choose_child(cid))
            grid.add_widget(card)
        add = make("ProfileCard", name=app.tr("add_child"), avatar="", adding=True)
        add.bind(on_release=lambda _c: app.go("add_child"))
        grid.add_widget(add)
