"""Where the exercise library and the pictures are found: env var, source tree, installed copy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from posecapture import data_folders
from posecapture.data_folders import data_folder

REPO = Path(__file__).resolve().parents[1]


def test_source_tree_folders_are_found_in_a_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSECAPTURE_EXERCISES", raising=False)
    assert data_folder("exercises", "POSECAPTURE_EXERCISES") == REPO / "exercises"
    assert data_folder("assets") == REPO / "assets"


def test_environment_variable_wins_even_when_the_folder_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("POSECAPTURE_EXERCISES", str(missing))
    assert data_folder("exercises", "POSECAPTURE_EXERCISES") == missing


def test_installed_copy_under_the_prefix_is_used_without_a_source_tree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed = tmp_path / "prefix" / "share" / "posecapture" / "exercises"
    installed.mkdir(parents=True)
    monkeypatch.setattr(data_folders, "_SOURCE_TREE", tmp_path / "site-packages")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert data_folder("exercises") == installed
    assert data_folder("assets") is None


def test_the_app_icon_is_a_square_png() -> None:
    icon = REPO / "assets" / "icon.png"
    header = icon.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(header[16:20], "big")
    height = int.from_bytes(header[20:24], "big")
    assert width == height >= 128
