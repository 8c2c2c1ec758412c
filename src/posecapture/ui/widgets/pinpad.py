"""The grown-ups' PIN pad: four digits keep a child from leaving the session by accident.

Not a security barrier against adults (the tablet's own lock is that); it stops
a stray tap from ending a session or deleting data.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.metrics import dp
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from posecapture.ui import theme
from posecapture.ui.widgets.buttons import BigButton

PIN_LENGTH = 4


class PinDots(Widget):
    filled = NumericProperty(0)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, filled=self._draw)

    def _draw(self, *_: object) -> None:
        self.canvas.clear()
        r = min(self.height * 0.3, dp(14))
        gap = r * 3.2
        x0 = (self.x + self.width / 2) - gap * (PIN_LENGTH - 1) / 2
        with self.canvas:
            for i in range(PIN_LENGTH):
                Color(*theme.INK)
                cx = x0 + i * gap
                if i < self.filled:
                    Ellipse(pos=(cx - r, (self.y + self.height / 2) - r), size=(2 * r, 2 * r))
                else:
                    Line(circle=(cx, (self.y + self.height / 2), r), width=dp(2))


class PinPad(BoxLayout):
    """Dispatches ``on_pin(pin)`` when four digits have been typed, then clears itself."""

    entered = StringProperty("")

    __events__ = ("on_pin",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(orientation="vertical", spacing=dp(10), **kwargs)
        self.dots = PinDots(size_hint_y=0.16)
        self.add_widget(self.dots)
        grid = GridLayout(cols=3, spacing=dp(10))
        for key in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "<"):
            if not key:
                grid.add_widget(Widget())
                continue
            button = BigButton(text=key, tint=theme.CARD, ink=theme.INK, font_size=dp(34))
            button.bind(on_release=lambda _b, k=key: self.press(k))
            grid.add_widget(button)
        self.add_widget(grid)
        self.bind(entered=lambda *_: setattr(self.dots, "filled", len(self.entered)))

    def press(self, key: str) -> None:
        if key == "<":
            self.entered = self.entered[:-1]
            return
        self.entered += key
        if len(self.entered) >= PIN_LENGTH:
            pin, self.entered = self.entered, ""
            self.dispatch("on_pin", pin)

    def on_pin(self, pin: str) -> None:
        """Default handler (Kivy requires one for each declared event)."""
