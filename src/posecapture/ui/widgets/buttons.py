"""Big, rounded, high-contrast buttons: a picture first, a word second.

A child with dystonia may land a tap a few centimetres off and hold it a moment
too long; the buttons are large (at least ``theme.TOUCH`` dp), act on release,
and darken while pressed so the child sees the tap was taken.
"""

from __future__ import annotations

from kivy.graphics import Color, RoundedRectangle
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from posecapture.ui import theme
from posecapture.ui.widgets.icons import Icon


class BigButton(ButtonBehavior, BoxLayout):
    """``text`` with an optional drawn ``icon`` (see ``Icon.kind``) on a rounded ``tint``."""

    text = StringProperty("")
    icon = StringProperty("")
    tint = ListProperty(list(theme.TEAL))
    ink = ListProperty([1, 1, 1, 1])
    font_size = NumericProperty(dp(30))
    chosen = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("padding", (dp(18), dp(10)))
        kwargs.setdefault("spacing", dp(12))
        super().__init__(**kwargs)
        self._icon = Icon(size_hint=(None, 1), width=dp(56), colour=self.ink)
        self._label = Label(
            text=self.text,
            color=self.ink,
            font_size=self.font_size,
            font_name=theme.FONT_BOLD,
            halign="center",
            valign="middle",
        )
        self._label.bind(size=lambda lbl, size: setattr(lbl, "text_size", size))
        self.add_widget(self._label)
        self.bind(
            pos=self._draw,
            size=self._draw,
            state=self._draw,
            tint=self._draw,
            chosen=self._draw,
            text=self._relabel,
            icon=self._relabel,
            ink=self._relabel,
            font_size=self._relabel,
        )
        self._relabel()
        self._draw()

    def _relabel(self, *_: object) -> None:
        self._label.text = self.text
        self._label.color = self.ink
        # A greyed-out button (opacity) still shows what it would do.
        self._label.disabled_color = self.ink
        self._label.font_size = self.font_size
        self._icon.colour = self.ink
        if self.icon:
            self._icon.kind = self.icon
            if self._icon.parent is None:
                self.add_widget(self._icon, index=len(self.children))
            self._icon.width = dp(56) if self.text else self.width
        elif self._icon.parent is not None:
            self.remove_widget(self._icon)

    def _draw(self, *_: object) -> None:
        self.canvas.before.clear()
        pressed = self.state == "down"
        tint = [c * (0.8 if pressed else 1.0) for c in self.tint[:3]] + [self.tint[3]]
        with self.canvas.before:
            if self.chosen:
                Color(*theme.INK)
                RoundedRectangle(
                    pos=(self.x - dp(5), self.y - dp(5)),
                    size=(self.width + dp(10), self.height + dp(10)),
                    radius=[dp(28)],
                )
            Color(*tint)
            RoundedRectangle(pos=self.pos, size=self.size, radius=[dp(24)])
