"""The languages posecapture speaks, and looking up a text in a table of them.

One list of languages for the exercise files, the engine's spoken text, the app,
the review screens and the report, so adding a language is one change here plus
its words in each table. Tables are plain ``{key: {"en": ..., "es": ...}}`` dicts
kept beside the code that shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
# Each language named in itself, as language pickers do, so a parent finds theirs
# whichever language the screen is in.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}


def lookup(
    table: Mapping[str, Mapping[str, str]],
    key: str,
    language: str = DEFAULT_LANGUAGE,
    **values: object,
) -> str:
    """The text ``key`` of ``table`` in ``language`` (English if it has none), filled in."""
    entry = table[key]
    template = entry.get(language, entry[DEFAULT_LANGUAGE])
    return template.format(**values) if values else template
