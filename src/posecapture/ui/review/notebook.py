"""The shared notebook: notes from parents, therapists and doctors, care events, goals.

Adding is the point here: a parent writes down the medication change on the day
it happens, the therapist sets a goal, and both show up on every chart and in
the report. Whatever the store refuses (an empty note, a date it cannot read)
comes back as one plain sentence in the message line, and nothing is saved.
"""

from __future__ import annotations

from datetime import date

from kivy.properties import BooleanProperty, ListProperty

from posecapture.errors import UserError
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.history import CARE_EVENT_LABELS, load_history, metric_label
from posecapture.review.tables import events_table, goals_table, notes_table
from posecapture.ui.review.base import ReviewScreen, fill_table

ROLES = ("parent", "therapist", "doctor")
# Spinner text -> stored kind, in the order a parent meets them most.
EVENT_KINDS: dict[str, str] = {label: kind for kind, label in CARE_EVENT_LABELS.items()}
GOAL_METRICS: dict[str, str] = {metric_label(m): m for m in (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS)}


class NotebookScreen(ReviewScreen):
    roles = ListProperty(list(ROLES))
    event_kinds = ListProperty(list(EVENT_KINDS))
    goal_metrics = ListProperty(list(GOAL_METRICS))
    saved = BooleanProperty(False)

    def refresh(self, child_id: int) -> None:
        history = load_history(self.store, child_id)
        fill_table(self.ids.notes, notes_table(history), empty="No notes yet.")
        fill_table(self.ids.events, events_table(history), empty="No care events yet.")
        fill_table(self.ids.goals, goals_table(history), empty="No goals yet.")
        if not self.ids.event_date.text:
            self.ids.event_date.text = date.today().isoformat()

    def _save(self, write: object, done: str) -> None:
        """Run one store write; a refusal becomes the message, a success clears the form."""
        child_id = self.get_child_id()
        if child_id is None:
            self.message = "Choose a child first."
            return
        try:
            write(int(child_id))  # type: ignore[operator]
        except UserError as exc:
            self.saved = False
            self.message = str(exc)
            return
        self.saved = True
        self.message = done
        self.refresh(int(child_id))

    def add_note(self) -> None:
        ids = self.ids

        def write(child_id: int) -> None:
            self.store.add_note(
                child_id,
                author_role=ids.note_role.text,
                author_name=ids.note_name.text.strip() or None,
                text=ids.note_text.text,
            )
            ids.note_text.text = ""

        self._save(write, "Note added.")

    def add_event(self) -> None:
        ids = self.ids

        def write(child_id: int) -> None:
            kind = EVENT_KINDS.get(ids.event_kind.text)
            if kind is None:
                raise UserError("Choose what kind of event it was.")
            self.store.add_care_event(
                child_id,
                kind=kind,
                date=ids.event_date.text,
                text=ids.event_text.text,
                dose=ids.event_dose.text.strip() or None,
                muscles=ids.event_muscles.text.strip() or None,
            )
            for name in ("event_text", "event_dose", "event_muscles"):
                ids[name].text = ""

        self._save(write, "Care event added: it now shows on the charts.")

    def add_goal(self) -> None:
        ids = self.ids

        def write(child_id: int) -> None:
            metric = GOAL_METRICS.get(ids.goal_metric.text)
            if metric is None:
                raise UserError("Choose the measurement the goal is about.")
            try:
                target = float(ids.goal_target.text.replace("°", "").strip())
            except ValueError:
                raise UserError(
                    "Write the goal's target as a number of degrees, for example 120."
                ) from None
            self.store.add_goal(
                child_id,
                metric_id=metric,
                side=None,
                target_deg=target,
                by_date=ids.goal_by.text,
                text=ids.goal_text.text,
            )
            for name in ("goal_target", "goal_text"):
                ids[name].text = ""

        self._save(write, "Goal added: it shows as a dotted line on its chart.")
