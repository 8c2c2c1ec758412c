"""The grown-ups' settings panel: Kivy's settings panel in the app's light theme.

Kivy's panel is dark, with small rows and the raw stored values ("es",
"first_week"). A parent should read words ("Español", the routine's title in the
current language) and hit rows with a thumb, so each row is a white card the
whole of which is the touch target, and choices show a label per stored code
while the preferences file keeps the codes. The rows' look lives in
``settings.kv``; ``PoseCaptureApp.build_settings`` fills the panel.

Setting types this panel adds to Kivy's JSON format: ``choice`` (``options`` are
the stored codes, ``labels`` maps each code to the words shown), ``switch`` (on or
off, the whole row toggles it) and ``pin`` (a text value edited in Kivy's popup).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.metrics import dp, sp
from kivy.properties import DictProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.popup import Popup
from kivy.uix.settings import (
    SettingBoolean,
    SettingItem,
    SettingOptions,
    Settings,
    SettingString,
)
from kivy.uix.textinput import TextInput

from posecapture.ui import theme
from posecapture.ui.widgets.buttons import BigButton

KV_FILE = str(Path(__file__).with_suffix(".kv"))


def lighten(popup: Popup) -> None:
    """Kivy's popups are dark grey: give one the app's white card and ink."""
    popup.background = ""
    popup.background_color = list(theme.CARD)
    popup.title_color = list(theme.INK)
    popup.title_size = sp(26)
    popup.separator_color = list(theme.TEAL)
    popup.overlay_color = [0, 0, 0, 0.35]


class SettingValue(AnchorLayout):
    """What a row is set to, as a pill on the right of the row."""

    text = StringProperty("")
    tint = ListProperty(list(theme.hex_rgba("#E3F4F1")))
    ink = ListProperty(list(theme.TEAL_DARK))


class SettingsRow(SettingItem):
    """A row of the panel; its rule in settings.kv replaces Kivy's dark one."""


class SettingChoice(SettingsRow, SettingOptions):
    """One of ``options`` (stored codes), each shown as its words in ``labels``."""

    labels = DictProperty({})

    def label(self, code: str, *_bound: object) -> str:
        """The words for ``code``; in .kv pass ``root.labels`` too so the text follows it."""
        return str(self.labels.get(code, code))

    def _set_choice(self, code: str) -> None:
        self.value = code
        if self.popup is not None:
            self.popup.dismiss()

    def _create_popup(self, instance: Any) -> None:
        app = App.get_running_app()
        content = BoxLayout(orientation="vertical", spacing=dp(12), padding=(0, dp(12)))
        self.popup = popup = Popup(
            content=content,
            title=self.title,
            size_hint=(None, None),
            width=min(0.9 * app.root_window.width if app else dp(560), dp(560)),
            height=(len(self.options) + 1) * dp(96) + dp(110),
        )
        lighten(popup)
        for code in self.options:
            chosen = code == self.value
            button = BigButton(
                text=self.label(code),
                size_hint_y=None,
                height=dp(84),
                font_size=sp(26),
                tint=list(theme.TEAL if chosen else theme.hex_rgba("#EEF2F6")),
                ink=[1, 1, 1, 1] if chosen else list(theme.INK),
            )
            button.bind(on_release=lambda _button, code=code: self._set_choice(code))
            content.add_widget(button)
        cancel = BigButton(
            text=app.tr("cancel") if app else "Cancel",
            size_hint_y=None,
            height=dp(84),
            font_size=sp(24),
            tint=list(theme.CARD),
            ink=list(theme.SOFT_INK),
        )
        cancel.bind(on_release=popup.dismiss)
        content.add_widget(cancel)
        popup.open()


class SettingSwitch(SettingsRow, SettingBoolean):
    """On or off; a tap anywhere on the row flips it (Kivy's switch is a small target)."""

    text_on = StringProperty("On")
    text_off = StringProperty("Off")

    def on_release(self) -> None:
        off, on = self.values
        self.value = off if self.value == on else on  # type: ignore[has-type]


class SettingPin(SettingsRow, SettingString):
    """The PIN, typed as digits in a big field; Kivy's string row keeps checking and storing."""

    def _create_popup(self, instance: Any) -> None:
        app = App.get_running_app()
        content = BoxLayout(orientation="vertical", spacing=dp(16), padding=(0, dp(16)))
        self.popup = popup = Popup(
            content=content,
            title=self.title,
            size_hint=(None, None),
            width=min(0.9 * app.root_window.width if app else dp(560), dp(560)),
            height=dp(330),
        )
        lighten(popup)
        self.textinput = field = TextInput(
            text=str(self.value or ""),
            multiline=False,
            input_filter="int",
            font_size=sp(36),
            size_hint_y=None,
            height=dp(76),
            padding=(dp(20), dp(14)),
            background_normal="",
            background_active="",
            background_color=list(theme.hex_rgba("#EEF2F6")),
            foreground_color=list(theme.INK),
            cursor_color=list(theme.TEAL),
        )
        field.bind(on_text_validate=self._validate)
        buttons = BoxLayout(spacing=dp(12), size_hint_y=None, height=dp(84))
        cancel = BigButton(
            text=app.tr("cancel") if app else "Cancel",
            font_size=sp(24),
            tint=list(theme.hex_rgba("#EEF2F6")),
            ink=list(theme.SOFT_INK),
        )
        cancel.bind(on_release=self._dismiss)
        done = BigButton(text=app.tr("done") if app else "Done", font_size=sp(26))
        done.bind(on_release=self._validate)
        buttons.add_widget(cancel)
        buttons.add_widget(done)
        content.add_widget(field)
        content.add_widget(buttons)
        popup.open()
        field.focus = True


class FamilySettingsInterface(BoxLayout):
    """A header with the panel's title and a big Done button over the one panel."""

    __events__ = ("on_close",)
    title = StringProperty("")
    close_text = StringProperty("")
    content = ObjectProperty(None)

    def add_panel(self, panel: Any, name: str, uid: int) -> None:
        self.content.add_panel(panel, name, uid)

    def on_close(self, *_args: object) -> None:
        return None


class FamilySettings(Settings):
    """The settings panel with the family's row types; the app sets its words."""

    def __init__(self, **kwargs: Any) -> None:
        self.interface_cls = FamilySettingsInterface
        super().__init__(**kwargs)
        self.register_type("choice", SettingChoice)
        self.register_type("switch", SettingSwitch)
        self.register_type("pin", SettingPin)
