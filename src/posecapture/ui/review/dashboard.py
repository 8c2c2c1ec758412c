"""A child's progress at a glance: plain-words summary, then one chart per joint.

Charts show each session's value for both sides, care events as dashed lines and
goals as dotted lines, sessions per week, and the child's own answers; drawing
them (matplotlib) runs off the Kivy thread. The period buttons choose how far
back to look, counted from the child's last session.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty, StringProperty

from posecapture.review import charts
from posecapture.review.history import ChildHistory, load_history
from posecapture.review.report import headline_lines
from posecapture.review.summary import summarize
from posecapture.ui.review.base import ReviewScreen, chart_image
from posecapture.ui.review.strings import tr

# Period buttons: label key -> days back from the last session (0: everything).
PERIODS: dict[str, int] = {"period_4w": 28, "period_3m": 91, "period_all": 0}


class DashboardScreen(ReviewScreen):
    title = StringProperty("")
    period_days = NumericProperty(91)
    chart_note = StringProperty("")

    def set_period(self, days: int) -> None:
        self.period_days = days
        self.on_pre_enter()

    def refresh(self, child_id: int) -> None:
        history = load_history(self.store, child_id)
        if self.period_days and history.sessions:
            start = history.end - timedelta(days=int(self.period_days) - 1)
            history = load_history(self.store, child_id, start=start, end=history.end)
        lang = self.language
        self.title = tr("progress_title", lang, name=history.child_name)
        summary = summarize(history, language=lang)
        box = self.ids.summary
        box.clear_widgets()
        for line in headline_lines(summary):
            box.add_widget(Factory.Paragraph(text="•  " + line))
        self.ids.charts.clear_widgets()
        # The same rule as the report: no chart before the second session, and a line
        # naming what is measured once only, rather than charts of a single dot.
        self.chart_note = (
            charts.uncharted_sentence(history, lang)
            if charts.worth_charting(history)
            else charts.no_chart_sentence(history, lang)
        )
        if charts.worth_charting(history):
            self.in_background(lambda: self._draw(history, lang), self._show)
        else:
            self._show([])

    @staticmethod
    def _draw(history: ChildHistory, lang: str) -> list[bytes]:
        pngs = [
            charts.metric_chart(history, ids, title=label, language=lang)
            for label, ids in charts.metric_groups(history, lang)
        ]
        pngs.append(charts.adherence_chart(history, language=lang))
        answers = sum(r.pain is not None or r.difficulty is not None for r in history.self_reports)
        if answers >= charts.MIN_CHART_SESSIONS:
            pngs.append(charts.self_report_chart(history, language=lang))
        return pngs

    def _show(self, pngs: Any) -> None:
        grid = self.ids.charts
        grid.clear_widgets()
        for png in pngs:
            grid.add_widget(chart_image(png, grid.width))
        if self.chart_note:
            grid.add_widget(Factory.Paragraph(text=self.chart_note))
