"""The terminal table of ``posecapture analyze``: held peaks first, brief maxima marked."""

from __future__ import annotations

from typing import Any

from posecapture.rom_text import rom_lines


def _entry(low: float, high: float, held: float | None, brief: bool | None, valid: int) -> dict:
    return {
        "min": low,
        "max": high,
        "range": high - low,
        "peak_sustained": held,
        "max_brief": brief,
        "valid_frames": valid,
    }


NONE: dict[str, Any] = {
    "min": None,
    "max": None,
    "range": None,
    "peak_sustained": None,
    "max_brief": None,
    "valid_frames": 0,
}


def test_a_brief_maximum_is_starred_and_explained() -> None:
    lines = rom_lines(
        {
            "left_knee_flexion": _entry(5.0, 95.4, 93.2, False, 90),
            "right_knee_flexion": _entry(4.0, 151.0, 60.0, True, 45),
        },
        frames=100,
    )
    left = next(line for line in lines if "Left knee flexion" in line)
    right = next(line for line in lines if "Right knee flexion" in line)
    assert left.split()[-4:] == ["90%", "5", "95", "93"]
    assert right.split()[-4:] == ["45%", "4", "151*", "60"]
    assert any(line.strip().startswith("* reached only for a moment") for line in lines)


def test_no_footnote_when_every_maximum_was_held() -> None:
    lines = rom_lines({"left_elbow_flexion": _entry(0.0, 80.0, 78.0, False, 10)}, frames=10)
    assert "*" not in "".join(lines)


def test_unmeasured_angles_are_named_once_not_tabled() -> None:
    lines = rom_lines(
        {"left_elbow_flexion": _entry(0.0, 80.0, 78.0, False, 10), "trunk_flexion": NONE},
        frames=10,
    )
    assert not any(line.startswith("  Trunk flexion") for line in lines)
    assert " ".join(" ".join(lines).split()).endswith("camera view): trunk flexion.")


def test_a_photo_lists_single_values() -> None:
    lines = rom_lines({"left_elbow_flexion": _entry(42.4, 42.4, None, None, 1)}, frames=1)
    assert lines[0] == "Angles in this photo (degrees):"
    assert lines[1].split()[-1] == "42"


def test_nothing_measured_prints_nothing() -> None:
    assert rom_lines({"left_elbow_flexion": NONE}, frames=30) == []


def test_each_number_carries_its_interval_and_the_footnote_says_what_it_means() -> None:
    entry = _entry(5.0, 95.4, 93.2, False, 90) | {
        "min_pm": 4.2,
        "max_pm": 11.6,
        "peak_sustained_pm": 14.0,
    }
    lines = rom_lines({"left_knee_flexion": entry}, frames=100)
    row = next(line for line in lines if "Left knee flexion" in line)
    assert row.split()[-7:] == ["90%", "5", "±4", "95", "±12", "93", "±14"]
    assert any(line.strip().startswith("± is each number's 90% interval") for line in lines)


def test_a_photo_shows_its_interval() -> None:
    entry = _entry(42.4, 42.4, None, None, 1) | {"min_pm": 6.4, "max_pm": 6.4}
    lines = rom_lines({"left_elbow_flexion": entry}, frames=1)
    assert lines[1].split()[-2:] == ["42", "±6"]
    footnote = " ".join(" ".join(lines).split())
    assert "pictures like this one" in footnote and "frames like these" not in footnote


def test_without_intervals_there_is_no_plus_minus_footnote() -> None:
    lines = rom_lines({"left_elbow_flexion": _entry(0.0, 80.0, 78.0, False, 10)}, frames=10)
    assert "±" not in "".join(lines)
