"""Before and after a care event: did anything change beyond the measurement's own noise?

The adult picks an event (medication change, injection, surgery...) and a window
(default 14 days each side). Each metric gets the median change with its 95%
interval, the minimal detectable change, and a verdict in plain words, including
"too few sessions to tell" when that is the honest answer.
"""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import ListProperty, NumericProperty, StringProperty

from posecapture.languages import DEFAULT_LANGUAGE
from posecapture.review import charts
from posecapture.review.history import CareEvent, ChildHistory, load_history
from posecapture.review.report import headline_lines
from posecapture.review.stats import DEFAULT_WINDOW_DAYS
from posecapture.review.summary import Summary, default_event, summarize
from posecapture.review.tables import before_after_table
from posecapture.review.words import format_day
from posecapture.ui.review.base import ReviewScreen, chart_image, fill_table
from posecapture.ui.review.strings import tr

WINDOWS = (7, 14, 28)


def event_choice(event: CareEvent, language: str = DEFAULT_LANGUAGE) -> str:
    return f"{event.id}: {event.label_in(language)}, {format_day(event.day, language)}"


class BeforeAfterScreen(ReviewScreen):
    events = ListProperty([])
    chosen = StringProperty("")
    window_days = NumericProperty(DEFAULT_WINDOW_DAYS)

    def refresh(self, child_id: int) -> None:
        history = load_history(self.store, child_id)
        lang = self.language
        self.events = [event_choice(e, lang) for e in history.events]
        known = {event_choice(e, lang): e for e in history.events}
        if self.chosen not in known:
            latest = default_event(history) or (history.events[-1] if history.events else None)
            self.chosen = event_choice(latest, lang) if latest else ""
        self.show(history, known.get(self.chosen))

    def choose(self, text: str) -> None:
        self.chosen = text
        self.on_pre_enter()

    def choose_window(self, text: str) -> None:
        self.window_days = int(text.split()[0])
        self.on_pre_enter()

    def show(self, history: ChildHistory, event: CareEvent | None) -> None:
        sentences = self.ids.sentences
        sentences.clear_widgets()
        self.ids.table.clear_widgets()
        self.ids.charts.clear_widgets()
        if event is None:
            sentences.add_widget(Factory.Paragraph(text=tr("no_event_help", self.language)))
            return
        summary = summarize(
            history, event=event, window_days=int(self.window_days), language=self.language
        )
        table = before_after_table(summary)
        if table is not None:
            fill_table(self.ids.table, table)
        # The dashboard's sentences minus practice and answers: all about this event. The
        # first (the event and its window) is kept only when it says why nothing can be told.
        lines = headline_lines(summary)[:-2]
        for line in lines if summary.too_few else lines[1:]:
            sentences.add_widget(Factory.Paragraph(text="•  " + line))
        self.in_background(lambda: self._draw(summary), self._show)

    @staticmethod
    def _draw(summary: Summary) -> list[bytes]:
        return [
            charts.comparison_chart(m.comparison, m.metric_id, language=summary.language)
            for m in summary.metrics
            if m.comparison is not None and m.comparison.verdict != "too_few_sessions"
        ]

    def _show(self, pngs: Any) -> None:
        grid = self.ids.charts
        grid.clear_widgets()
        for png in pngs:
            grid.add_widget(chart_image(png, (grid.width - 10) / 2))
