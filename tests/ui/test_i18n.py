"""Every word of the app exists in English and Spanish (no window needed)."""

from __future__ import annotations

import string

import pytest

from posecapture.languages import LANGUAGES
from posecapture.ui.i18n import FACE_VALUES, STRINGS, english, pick, text


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_is_translated(key: str) -> None:
    assert all(STRINGS[key].get(language, "").strip() for language in LANGUAGES)


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_take_the_same_placeholders(key: str) -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert fields(STRINGS[key]["en"]) == fields(STRINGS[key]["es"])


def test_text_fills_in_the_childs_name() -> None:
    assert text("hello", "es", name="Ana") == "¡Hola, Ana!"


def test_an_unknown_language_falls_back_to_english() -> None:
    assert text("start", "fr") == "Start"


def test_every_face_has_a_word_under_it() -> None:
    assert all(f"face_{value}" in STRINGS for value in FACE_VALUES)


def test_exercise_text_is_picked_in_the_language_with_english_as_fallback() -> None:
    assert pick({"en": "Reach!", "es": "¡Sube!"}, "es") == "¡Sube!"
    assert pick({"en": "Reach!"}, "es") == "Reach!"


def test_answers_are_stored_in_english_whatever_the_language() -> None:
    assert english("pick_music") == "Music"
