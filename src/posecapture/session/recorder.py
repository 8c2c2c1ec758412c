"""Writes a session's events into the store the moment they happen.

The engine does no I/O; the recorder is the one place that turns its events into
rows. Each rep and each exercise is committed as its event arrives, not at the end,
so a session cut short by a flat battery or a crash keeps everything done so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from posecapture.session.events import (
    Event,
    ExerciseCompleted,
    RepCompleted,
    SelfReportSubmitted,
    SessionCompleted,
)
from posecapture.store import Store


@dataclass
class SessionRecorder:
    """Stores the results of one session (``session_id``, already started in ``store``)."""

    store: Store
    session_id: int
    reps_recorded: int = 0
    # Ids of the stored exercise results; the results themselves (with their landmark
    # series) are not kept in memory once written.
    exercise_result_ids: list[int] = field(default_factory=list)
    finished_status: str | None = None

    def handle(self, events: Iterable[Event]) -> None:
        """Write the events that carry results; the others are for the screen and speech."""
        for event in events:
            if isinstance(event, RepCompleted):
                self.store.add_rep_result(self.session_id, event.result)
                self.reps_recorded += 1
            elif isinstance(event, ExerciseCompleted):
                stored = self.store.add_exercise_result(self.session_id, event.result)
                self.exercise_result_ids.append(stored)
            elif isinstance(event, SelfReportSubmitted):
                self.store.add_self_report(
                    self.session_id,
                    pain=event.pain,
                    difficulty=event.difficulty,
                    helped=event.helped,
                    hurt=event.hurt,
                    wants_more=event.wants_more,
                )
            elif isinstance(event, SessionCompleted):
                self.finish("complete" if event.complete else "incomplete")

    def finish(self, status: str) -> None:
        """Close the session once; a second call (the engine said done, then the clip ended)
        keeps the first status."""
        if self.finished_status is None:
            self.store.finish_session(self.session_id, status)
            self.finished_status = status

    @property
    def finished(self) -> bool:
        return self.finished_status is not None
