"""Colours and sizes of the app in one place.

Warm and calm rather than clinical: a cream background, a teal that means "go",
a sunny yellow for rewards. Text sizes are chosen to be read at arm's length on
a 10-inch tablet and the countdown from two metres; touch targets are at least
the size of a child's palm (Kivy ``dp`` units).
"""

from __future__ import annotations

RGBA = tuple[float, float, float, float]


def hex_rgba(code: str, alpha: float = 1.0) -> RGBA:
    code = code.lstrip("#")
    r, g, b = (int(code[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


BACKGROUND = hex_rgba("#FFF6E9")
CARD = hex_rgba("#FFFFFF")
INK = hex_rgba("#2B3A55")
SOFT_INK = hex_rgba("#6B7A90")
TEAL = hex_rgba("#2A9D8F")
TEAL_DARK = hex_rgba("#1F7A6F")
SUN = hex_rgba("#F6C445")
CORAL = hex_rgba("#EF8354")
SKY = hex_rgba("#7EC8E3")
LILAC = hex_rgba("#B39DDB")
LEAF = hex_rgba("#8BC34A")
GREY = hex_rgba("#D9DEE5")

# One colour per avatar/animal, and the stickers cycle through them.
AVATAR_COLOURS: dict[str, RGBA] = {
    "cat": CORAL,
    "bear": hex_rgba("#C68B59"),
    "frog": LEAF,
    "bunny": LILAC,
    "owl": SKY,
    "lion": SUN,
}
AVATARS: tuple[str, ...] = tuple(AVATAR_COLOURS)

FONT = "Roboto"
FONT_BOLD = "Roboto-Bold.ttf"

# Sizes in dp / sp.
TOUCH = 96
TITLE_SP = 46
BODY_SP = 30
SMALL_SP = 22
COUNTDOWN_SP = 260
