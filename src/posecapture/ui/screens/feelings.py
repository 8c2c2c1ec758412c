"""How did that feel? Two faces scales the child taps (did it hurt? how hard was it?),
then, on a second page, what helped, what hurt and what they want more of, picked
from pictures or typed by a grown-up. Two pages keep each one uncluttered and its
touch targets big, in landscape and upright.

Picked choices are stored as English words (``i18n.HELPED_CHOICES``...) so the care
team's records read the same whatever the family's language; typed text is
stored as typed.
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from posecapture.ui.i18n import HELPED_CHOICES, HURT_CHOICES, MORE_CHOICES
from posecapture.ui.screens import make
from posecapture.ui.widgets.faces import FacesScale

# What each picture choice shows: a body part lit on the figure, or a symbol.
PICTURES: dict[str, tuple[str, str]] = {
    "arms": ("figure", "left_shoulder_abduction"),
    "legs": ("figure", "left_knee_flexion"),
    "back": ("figure", "trunk_flexion"),
    "neck": ("figure", "head_tilt"),
    "stretch": ("figure", "left_shoulder_elevation"),
    "music": ("symbol", "♫"),
    "rest": ("symbol", "☾"),
    "help": ("symbol", "♥"),
    "games": ("symbol", "★"),
    "nothing": ("symbol", "–"),
}


class FeelingsScreen(Screen):
    page = NumericProperty(0)

    def on_kv_post(self, base_widget: object) -> None:
        # Both pages are built from the .kv file; only the one on show is in the window.
        self.pages = [self.ids.faces_page, self.ids.more_page]
        self.show_page(0)

    def show_page(self, page: int) -> None:
        holder = self.ids.holder
        holder.clear_widgets()
        holder.add_widget(self.pages[page])
        self.page = page

    def refresh(self) -> None:
        app = App.get_running_app()
        self.show_page(0)
        self.faces = FacesScale(language=app.language, kind="pain")
        self.effort = FacesScale(language=app.language, kind="effort")
        for holder, scale in (
            (self.ids.pain_holder, self.faces),
            (self.ids.effort_holder, self.effort),
        ):
            holder.clear_widgets()
            holder.add_widget(scale)
        self.chosen: dict[str, set[str]] = {"helped": set(), "hurt": set(), "more": set()}
        for group, choices in (
            ("helped", HELPED_CHOICES),
            ("hurt", HURT_CHOICES),
            ("more", MORE_CHOICES),
        ):
            row = self.ids[f"{group}_row"]
            row.clear_widgets()
            for choice in choices:
                kind, what = PICTURES[choice]
                chip = make(
                    "PictureChip",
                    label=app.tr(f"pick_{choice}"),
                    symbol=what if kind == "symbol" else "",
                    metric=what if kind == "figure" else "",
                )
                chip.bind(on_release=lambda c, g=group, k=choice: self.toggle(c, g, k))
                row.add_widget(chip)
            self.ids[f"{group}_text"].text = ""

    def toggle(self, chip: object, group: str, choice: str) -> None:
        picked = self.chosen[group]
        if choice in picked:
            picked.discard(choice)
        else:
            picked.add(choice)
        chip.chosen = choice in picked  # type: ignore[attr-defined]

    def answers(self) -> dict[str, object]:
        """What goes to the store: the tapped faces (None if none) and the picked words."""

        def words(group: str, order: tuple[str, ...]) -> str:
            picked = ", ".join(c for c in order if c in self.chosen[group])
            typed = self.ids[f"{group}_text"].text.strip()
            return "; ".join(part for part in (picked, typed) if part)

        return {
            "pain": int(self.faces.value) if self.faces.value >= 0 else None,
            "difficulty": int(self.effort.value) if self.effort.value >= 0 else None,
            "helped": words("helped", HELPED_CHOICES),
            "hurt": words("hurt", HURT_CHOICES),
            "wants_more": words("more", MORE_CHOICES),
        }

    def done(self) -> None:
        app = App.get_running_app()
        if app.controller is not None:
            app.controller.submit_self_report(**self.answers())

    def not_now(self) -> None:
        app = App.get_running_app()
        if app.controller is not None:
            app.controller.skip_self_report()
