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
from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS
from posecapture.review.history import (
    CARE_EVENT_KINDS,
    care_event_label,
    load_history,
    metric_label,
)
from posecapture.review.tables import events_table, goals_table, notes_table, role_words
from posecapture.ui.review.base import ReviewScreen, fill_table
from posecapture.ui.review.strings import tr

ROLES = ("parent", "therapist", "doctor")


def role_options(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Spinner text -> stored role; the store keeps the English word whatever the language."""
    return {role_words(role, language): role for role in ROLES}


def event_kind_options(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Spinner text -> stored kind, in the order a parent meets them most."""
    return {care_event_label(kind, language): kind for kind in CARE_EVENT_KINDS}


def goal_metric_options(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    return {metric_label(m, language): m for m in (*ROM_ANGLE_IDS, *POSTURE_ANGLE_IDS)}


class NotebookScreen(ReviewScreen):
    roles = ListProperty(list(role_options()))
    event_kinds = ListProperty(list(event_kind_options()))
    goal_metrics = ListProperty(list(goal_metric_options()))
    saved = BooleanProperty(False)

    def refresh(self, child_id: int) -> None:
        lang = self.language
        history = load_history(self.store, child_id)
        fill_table(self.ids.notes, notes_table(history, lang), empty=tr("no_notes", lang))
        fill_table(self.ids.events, events_table(history, lang), empty=tr("no_events", lang))
        fill_table(self.ids.goals, goals_table(history, lang), empty=tr("no_goals", lang))
        # The choices follow the language; a choice shown in the other language is reset.
        self.roles = list(role_options(lang))
        self.event_kinds = list(event_kind_options(lang))
        self.goal_metrics = list(goal_metric_options(lang))
        for spinner, choices in (
            ("note_role", self.roles),
            ("event_kind", self.event_kinds),
            ("goal_metric", self.goal_metrics),
        ):
            if self.ids[spinner].text not in choices:
                self.ids[spinner].text = choices[0]
        if not self.ids.event_date.text:
            self.ids.event_date.text = date.today().isoformat()

    def _save(self, write: object, done: str) -> None:
        """Run one store write; a refusal becomes the message, a success clears the form."""
        child_id = self.get_child_id()
        if child_id is None:
            self.message = tr("choose_child_short", self.language)
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
                author_role=role_options(self.language).get(ids.note_role.text, "parent"),
                author_name=ids.note_name.text.strip() or None,
                text=ids.note_text.text,
            )
            ids.note_text.text = ""

        self._save(write, tr("note_added", self.language))

    def add_event(self) -> None:
        ids = self.ids

        def write(child_id: int) -> None:
            kind = event_kind_options(self.language).get(ids.event_kind.text)
            if kind is None:
                raise UserError(tr("choose_kind", self.language))
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

        self._save(write, tr("event_added", self.language))

    def add_goal(self) -> None:
        ids = self.ids

        def write(child_id: int) -> None:
            metric = goal_metric_options(self.language).get(ids.goal_metric.text)
            if metric is None:
                raise UserError(tr("choose_metric", self.language))
            try:
                target = float(ids.goal_target.text.replace("°", "").strip())
            except ValueError:
                raise UserError(tr("target_number", self.language)) from None
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

        self._save(write, tr("goal_added", self.language))
