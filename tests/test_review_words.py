"""The review's words: every text in both languages, and the Spanish report's numbers."""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import review_fakes as fakes
from posecapture.cli import main
from posecapture.languages import LANGUAGES
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.history import ChildHistory, load_history, metric_label
from posecapture.review.report import build_report, headline
from posecapture.review.words import WORDS, format_day, joint_label_es, say


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_both_languages_with_the_same_blanks() -> None:
    for key, entry in WORDS.items():
        assert set(entry) == set(LANGUAGES), key
        assert _fields(entry["en"]) == _fields(entry["es"]), key


def test_every_measured_angle_has_a_spanish_name() -> None:
    for metric_id in (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS):
        assert metric_label(metric_id, "es") != metric_label(metric_id, "en"), metric_id


def test_spanish_side_agrees_with_the_joint() -> None:
    assert joint_label_es("elbow_flexion", "right") == "Flexión del codo derecho"
    assert joint_label_es("knee_flexion", "right") == "Flexión de la rodilla derecha"


def test_spanish_dates_use_spanish_months() -> None:
    assert format_day(date(2026, 11, 2), "es") == "2 nov 2026"
    assert format_day(date(2026, 1, 15), "es") == "15 ene 2026"


def test_spanish_contracts_de_el() -> None:
    assert say("before_after_headline", "es", event="el 2 nov 2026", days=14).startswith(
        "Antes y después del 2 nov 2026"
    )


def test_unknown_language_falls_back_to_english() -> None:
    assert say("charts", "fr") == "Charts"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("words") / "posecapture.db", movement=True)
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def history(built: fakes.Built) -> ChildHistory:
    return load_history(built.store, fakes.CHILD)


def test_spanish_report_gives_the_same_change_and_mdc(history: ChildHistory) -> None:
    english = build_report(history, generated=date(2026, 11, 28))
    spanish = build_report(history, generated=date(2026, 11, 28), language="es")
    right = next(m for m in english.summary.metrics if m.metric_id == "right_elbow_flexion")
    line = next(x for x in headline(spanish) if x.startswith("Flexión del codo derecho"))
    mdc = round(right.variability.mdc95)
    assert "Sube 10° desde el 2 nov 2026 (cambio de medicación)" in line
    assert f"más que los {mdc}° que esta medida puede variar por sí sola" in line
    # First and last four weeks, best rep and MDC of every measurement: the same figures
    # ("n/d", no disponible, is Spanish for "n/a").
    figures = [tuple(c.replace("n/d", "n/a") for c in r[2:6]) for r in spanish.tables[0].rows]
    assert figures == [r[2:6] for r in english.tables[0].rows]


def test_spanish_report_headings_are_spanish(history: ChildHistory) -> None:
    spanish = build_report(history, language="es")
    assert spanish.title == f"Informe de progreso: {fakes.CHILD}"
    assert [t.title for t in spanish.appendix][:2] == [
        "¿Cómo te has sentido? Sus respuestas",
        "Cuaderno",
    ]


def test_report_command_writes_a_spanish_report(built: fakes.Built, tmp_path: Path) -> None:
    out = tmp_path / "informe.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--child",
            fakes.CHILD,
            "--lang",
            "es",
            "-o",
            str(out),
            "--db",
            str(built.store.path),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<html lang='es'>" in page
    assert "Informe de progreso: Sofía Núñez" in page


def test_every_screen_text_has_both_languages_with_the_same_blanks() -> None:
    from posecapture.ui.review.strings import STRINGS

    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGUAGES), key
        assert _fields(entry["en"]) == _fields(entry["es"]), key
