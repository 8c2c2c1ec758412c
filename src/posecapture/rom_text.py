"""The range-of-motion summary of a clip as a short table for the terminal.

A therapist who runs ``posecapture analyze`` should see what was measured without
opening the result file, and should see first the number worth comparing across
weeks: the peak held for 0.3 s. A maximum reached only for a moment is marked,
because one wrong frame looks exactly like that; angles with no value are named
once at the end instead of filling the table with blanks. Each number carries its
90% interval (``±``, from ``kinematics.uncertainty``) so that a ±25 number is not
read like a ±5 one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from posecapture.kinematics.rom import BRIEF_MARGIN_DEG, HOLD_S

_NAME_WIDTH = 26
_LINE_WIDTH = 88


def angle_words(angle_id: str) -> str:
    """``right_shoulder_flexion`` -> "Right shoulder flexion"."""
    return angle_id.replace("_", " ").capitalize()


def _deg(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _deg_pm(value: float | None, pm: float | None) -> str:
    """``"92 ±12"``; the number alone when its half-width is unknown."""
    if value is None or pm is None:
        return _deg(value)
    return f"{value:.0f} ±{pm:.0f}"


def rom_lines(summary: Mapping[str, Mapping[str, Any]], frames: int) -> list[str]:
    """Lines of text: one row per measured angle, then the angles never measured.

    ``summary`` is ``AnalysisResult.summary`` (per angle id: min, max, peak_sustained,
    max_brief, valid_frames, and where known min_pm, max_pm, peak_sustained_pm);
    ``frames`` the number of frames read. Empty when no angle has a value (the
    warnings already say why).
    """
    measured = {k: v for k, v in summary.items() if v["valid_frames"]}
    missing = [angle_words(k).lower() for k, v in summary.items() if not v["valid_frames"]]
    if not measured:
        return []
    if frames == 1:
        lines = ["Angles in this photo (degrees):"]
        for key, v in measured.items():
            shown = _deg_pm(v["max"], v.get("max_pm"))
            lines.append(f"  {angle_words(key):<{_NAME_WIDTH}} {shown:>8}")
    else:
        lines = [
            f"Range of motion (degrees). Compare 'held': the highest angle kept for {HOLD_S:g} s.",
            f"  {'angle':<{_NAME_WIDTH}} {'frames':>6} {'lowest':>9} {'highest':>9}  {'held':>9}",
        ]
        for key, v in measured.items():
            share = f"{100 * v['valid_frames'] / frames:.0f}%"
            mark = "*" if v["max_brief"] else " "
            low = _deg_pm(v["min"], v.get("min_pm"))
            high = _deg_pm(v["max"], v.get("max_pm"))
            held = _deg_pm(v["peak_sustained"], v.get("peak_sustained_pm"))
            lines.append(
                f"  {angle_words(key):<{_NAME_WIDTH}} {share:>6} {low:>9} {high:>9}{mark} {held:>9}"
            )
        if any(v["max_brief"] for v in measured.values()):
            lines += _wrapped(
                f"* reached only for a moment (over {BRIEF_MARGIN_DEG:g} degrees above anything "
                f"held for {HOLD_S:g} s): possibly a tracking error; check it with --annotate.",
                indent="  ",
            )
    if any(v.get("max_pm") is not None for v in measured.values()):
        like = "pictures like this one" if frames == 1 else "frames like these"
        lines += _wrapped(
            f"± is each number's 90% interval: the true angle lies that close in 9 of 10 "
            f"{like}. A change between sessions smaller than that may be measurement noise.",
            indent="  ",
        )
    if missing:
        lines += _wrapped(
            "Not measured (hidden, outside the picture, or not valid from this camera view): "
            + ", ".join(missing)
            + "."
        )
    return lines


def _wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, _LINE_WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")
