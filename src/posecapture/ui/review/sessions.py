"""Every session of the child, newest first; tapping one opens its detail."""

from __future__ import annotations

from kivy.factory import Factory

from posecapture.review.history import to_day
from posecapture.review.tables import status_words
from posecapture.review.words import format_day
from posecapture.ui.review.base import ReviewScreen
from posecapture.ui.review.strings import tr


class SessionsScreen(ReviewScreen):
    def refresh(self, child_id: int) -> None:
        rows = list(reversed(self.store.sessions(child_id)))
        lang = self.language
        listing = self.ids.listing
        listing.clear_widgets()
        if not rows:
            listing.add_widget(Factory.Paragraph(text=tr("no_sessions", lang)))
        for row in rows:
            line = Factory.SessionRow()
            line.session_id = int(row["id"])
            line.text = (
                f"{format_day(to_day(row['date']), lang)}    {row['plan_id']}    "
                f"{tr('reps_count', lang, n=row['rep_count'])}    "
                f"{status_words(str(row['status']), lang)}"
            )
            line.bind(on_release=lambda widget: self.open(widget.session_id))
            listing.add_widget(line)

    def open(self, session_id: int) -> None:
        if self.manager is None:
            return
        detail = self.manager.get_screen("review_session")
        detail.session_id = session_id
        self.go("review_session")
