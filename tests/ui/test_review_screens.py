"""The review screens in a real Kivy window (under Xvfb), on a store with known numbers.

Screenshots go to test-artifacts/review/ for a person to look at after the run.
Kivy's environment (no argument parsing, a throw-away KIVY_HOME) is set by
tests/ui/conftest.py before Kivy is first imported.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import review_fakes as fakes

pytestmark = pytest.mark.ui

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "review"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fakes.Built]:
    made = fakes.build(tmp_path_factory.mktemp("ui") / "posecapture.db", movement=True)
    yield made
    made.store.close()


@pytest.fixture(scope="module")
def app(built: fakes.Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.properties import StringProperty
    from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

    from posecapture.ui.review import ENTRY_SCREEN, add_review_screens

    settings = tmp_path_factory.mktemp("kivy-app") / "review.ini"

    class ReviewApp(App):
        language = StringProperty("en")  # as the real app's language setting

        def get_application_config(self, defaultpath: str = "") -> str:
            # Kivy's default is beside this test file, inside the repository.
            return str(settings)

        def build(self) -> ScreenManager:
            manager = ScreenManager(transition=NoTransition())
            manager.add_widget(Screen(name="grownups"))
            add_review_screens(manager, built.store, lambda: built.child_id)
            return manager

    # Callbacks another UI test module left scheduled (its app is gone, its store
    # closed) must not run inside these tests: start from a quiet clock.
    for event in Clock.get_events():
        event.cancel()
    Window.size = (1280, 800)
    running = ReviewApp()
    running._run_prepare()
    running.root.current = ENTRY_SCREEN
    yield running
    running.stop()


def pump(until: Callable[[], bool] = lambda: True, timeout_s: float = 20.0) -> None:
    """Run the Kivy loop until ``until()`` holds (and a few frames more) or time runs out."""
    from kivy.base import EventLoop

    end = time.monotonic() + timeout_s
    while time.monotonic() < end and not until():
        EventLoop.idle()
    for _ in range(5):
        EventLoop.idle()


def show(app: Any, name: str) -> Any:
    screen = app.root.get_screen(name)
    if app.root.current == name:
        screen.on_pre_enter()  # shown again, as when an adult comes back to it
    app.root.current = name
    pump(lambda: not screen.busy)
    return screen


def shot(app: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    app.root.export_to_png(str(path))
    return path


def texts(widget: Any) -> list[str]:
    found = [widget.text] if hasattr(widget, "text") and isinstance(widget.text, str) else []
    for child in widget.children:
        found.extend(texts(child))
    return found


def test_dashboard_says_where_the_child_stands(app: Any) -> None:
    screen = show(app, "review_dashboard")
    joined = " ".join(texts(screen.ids.summary))
    assert "Up 10° since the medication change on 2 Nov 2026" in joined
    assert screen.title == f"Progress: {fakes.CHILD}"


def test_dashboard_draws_joint_weeks_and_answers_charts(app: Any) -> None:
    screen = show(app, "review_dashboard")
    # Elbow, head tilt, head and wrist tremor-band movement, sessions per week, answers.
    assert len(screen.ids.charts.children) == 6
    assert shot(app, "dashboard").stat().st_size > 10_000


def test_dashboard_period_of_four_weeks_narrows_the_history(app: Any) -> None:
    screen = show(app, "review_dashboard")
    screen.set_period(28)
    pump(lambda: not screen.busy)
    joined = " ".join(texts(screen.ids.summary))
    assert "12 sessions in" in joined
    screen.set_period(91)
    pump(lambda: not screen.busy)


def test_before_after_lists_each_metric_with_its_verdict(app: Any) -> None:
    screen = show(app, "review_before_after")
    cells = texts(screen.ids.table)
    assert "Changed, beyond noise" in cells
    assert "100° (n=6)" in cells
    # Both elbows, head tilt, and the tremor-band movement of the head and both wrists.
    assert len(screen.ids.charts.children) == 6
    shot(app, "before_after")


def test_before_after_window_can_be_widened(app: Any) -> None:
    screen = show(app, "review_before_after")
    screen.choose_window("28 days each side")
    pump(lambda: not screen.busy)
    assert "100° (n=11)" in texts(screen.ids.table)
    screen.choose_window("14 days each side")
    pump(lambda: not screen.busy)


def test_session_list_has_every_session(app: Any) -> None:
    screen = show(app, "review_sessions")
    assert len(screen.ids.listing.children) == len(fakes.RIGHT)
    shot(app, "sessions")


def test_session_detail_shows_every_rep_and_timeouts(app: Any, built: fakes.Built) -> None:
    sessions = app.root.get_screen("review_sessions")
    sessions.open(built.session_ids[fakes.EVENT_DAY])
    detail = app.root.get_screen("review_session")
    pump()
    cells = texts(detail.ids.reps)
    assert cells.count("elbow_bend") == 3
    assert "time ran out" in cells
    assert "109°" in cells  # third rep of 2 Nov: 105 + 4
    # Each session value with its 90% half-width (the fakes store ±6 and ±7).
    exercises = texts(detail.ids.exercises)
    assert any(c.endswith("° ±6°") for c in exercises)
    assert any(c.endswith("° ±7°") for c in exercises)
    shot(app, "session_detail")


def test_notebook_adds_a_note_to_the_store(app: Any, built: fakes.Built) -> None:
    screen = show(app, "review_notebook")
    screen.ids.note_role.text = "therapist"
    screen.ids.note_text.text = "Rodilla derecha más suelta."
    screen.add_note()
    pump()
    assert screen.message == "Note added."
    assert "Rodilla derecha más suelta." in [n["text"] for n in built.store.notes(built.child_id)]
    shot(app, "notebook")


def test_notebook_refuses_an_empty_note_in_plain_words(app: Any, built: fakes.Built) -> None:
    screen = show(app, "review_notebook")
    before = len(built.store.notes(built.child_id))
    screen.ids.note_text.text = "   "
    screen.add_note()
    assert screen.message.startswith("The note is empty.")
    assert len(built.store.notes(built.child_id)) == before


def test_notebook_refuses_a_date_it_cannot_read(app: Any, built: fakes.Built) -> None:
    screen = show(app, "review_notebook")
    before = len(built.store.care_events(built.child_id))
    screen.ids.event_date.text = "next tuesday"
    screen.ids.event_text.text = "baclofen 10 mg"
    screen.add_event()
    assert "is not a date" in screen.message
    assert len(built.store.care_events(built.child_id)) == before


def test_notebook_goal_target_must_be_a_number(app: Any) -> None:
    screen = show(app, "review_notebook")
    screen.ids.goal_target.text = "a lot"
    screen.add_goal()
    assert screen.message.startswith("Write the goal's target as a number of degrees")


@pytest.fixture
def spanish(app: Any) -> Iterator[Any]:
    """The app switched to Spanish in its settings, switched back afterwards."""
    app.language = "es"
    yield app
    app.language = "en"


def test_dashboard_follows_the_spanish_setting(spanish: Any) -> None:
    screen = show(spanish, "review_dashboard")
    joined = " ".join(texts(screen.ids.summary))
    assert "Sube 10° desde el 2 nov 2026 (cambio de medicación)" in joined
    assert screen.title == f"Progreso: {fakes.CHILD}"
    assert "Progreso" in texts(screen)  # the bar of screens too
    shot(spanish, "dashboard_es")


def test_dashboard_says_which_tremor_stood_out_above_the_noise(app: Any) -> None:
    screen = show(app, "review_dashboard")
    joined = " ".join(texts(screen.ids.summary))
    assert "Head: no tremor above the noise threshold in 24 sessions." in joined
    assert "tremor in 6 of 6 sessions before, 1 of 6 after" in joined


def test_notebook_in_spanish_stores_the_english_kind(spanish: Any, built: fakes.Built) -> None:
    screen = show(spanish, "review_notebook")
    assert screen.ids.event_kind.text == "cambio de medicación"
    screen.ids.event_kind.text = "toxina botulínica"
    screen.ids.event_date.text = "2026-11-25"
    screen.ids.event_text.text = "bíceps derecho"
    screen.add_event()
    pump()
    assert screen.message == "Evento añadido: ya aparece en los gráficos."
    kinds = {e["text"]: e["kind"] for e in built.store.care_events(built.child_id)}
    assert kinds["bíceps derecho"] == "botulinum_toxin"
    shot(spanish, "notebook_es")


def test_dashboard_with_one_session_says_charts_start_after_the_second(
    app: Any, built: fakes.Built
) -> None:
    maya = built.store.add_child("Maya")
    sid = built.store.start_session(
        maya, plan_id="arms_routine", plan_kind="routine", source="camera", metric_version="1"
    )
    built.store.add_exercise_result(sid, fakes.result("right_elbow_flexion", "right", 95.0))
    built.store.finish_session(sid)
    screen = app.root.get_screen("review_dashboard")
    screen.get_child_id = lambda: maya
    try:
        show(app, "review_dashboard")
        charts = texts(screen.ids.charts)
        shot(app, "dashboard_one_session")
    finally:
        screen.get_child_id = lambda: built.child_id
        show(app, "review_dashboard")
    assert len(charts) == 1
    assert charts[0].startswith("One session so far (")
    assert charts[0].endswith("): charts start after the second session.")
