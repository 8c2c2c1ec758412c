"""The printable check-in report, as a self-contained HTML page or a PDF.

Order follows a team meeting: first page "where the child stands" in plain
words, then the charts, then the tables, then the child's own answers and the
notebook, and last how to read the numbers. ``build_report`` gathers everything
(pure); ``render_html`` and ``render_pdf`` only lay it out, so both show the
same figures.

The PDF uses DejaVu Sans, which matplotlib ships with itself (so it is always
there): it has the degree sign, the minus sign and the accents of Spanish names
that the PDF core fonts lack.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, cast

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from posecapture import __version__
from posecapture.errors import UserError
from posecapture.languages import DEFAULT_LANGUAGE, LANGUAGES
from posecapture.review import charts
from posecapture.review.history import (
    DURING_EXERCISES,
    TREMOR,
    ChildHistory,
    StoreReader,
    load_history,
    metric_label,
    part_label,
)
from posecapture.review.stats import DEFAULT_WINDOW_DAYS, MIN_SESSIONS_PER_WINDOW
from posecapture.review.summary import (
    RECENT_DAYS,
    MetricSummary,
    Summary,
    TremorSummary,
    amount,
    change_sentence,
    event_phrase,
    summarize,
)
from posecapture.review.tables import (
    Table,
    before_after_table,
    events_table,
    goals_table,
    metrics_table,
    notes_table,
    self_reports_table,
    sessions_table,
    tremor_table,
)
from posecapture.review.words import (
    counted,
    format_day,
    reason_words,
    say,
)

Paper = Literal["A4", "Letter"]
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def how_to_read(language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The last page's paragraphs: how the numbers are worked out, and their limits."""
    return [
        say("how_1", language),
        say("how_2", language),
        say("how_3", language, days=DEFAULT_WINDOW_DAYS, need=MIN_SESSIONS_PER_WINDOW),
        say("how_4", language),
        say("how_5", language),
        say("how_6", language),
    ]


@dataclass
class Report:
    """Everything a report shows, computed once."""

    history: ChildHistory
    summary: Summary
    metric_charts: list[tuple[str, bytes]]
    comparison_charts: list[tuple[str, bytes]]
    # None with fewer than 2 sessions (or answers): one dot is not a trend.
    adherence_chart: bytes | None
    self_report_chart: bytes | None
    before_after: Table | None
    tables: list[Table]
    appendix: list[Table]
    # Said under "Charts": why there are none, or which measurements are not charted.
    chart_note: str = ""
    # Titles of the lists with nothing in this period, named in one line, not as tables.
    empty: list[str] = field(default_factory=list)
    generated: date = field(default_factory=date.today)
    language: str = DEFAULT_LANGUAGE

    @property
    def title(self) -> str:
        return say("report_title", self.language, name=self.history.child_name)

    @property
    def period(self) -> str:
        h, lang = self.history, self.language
        return say("period", lang, start=format_day(h.start, lang), end=format_day(h.end, lang))

    @property
    def prepared(self) -> str:
        return say("prepared", self.language, day=format_day(self.generated, self.language))


def build_report(
    history: ChildHistory,
    *,
    event_id: int | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    generated: date | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Report:
    """Summaries, charts and tables of one child's history (no I/O), in ``language``."""
    lang = language
    event = None
    if event_id is not None:
        event = history.event(event_id)
        if event is None:
            known = "; ".join(f"{e.id} = {e.label} on {format_day(e.day)}" for e in history.events)
            raise UserError(
                f"{history.child_name} has no care event number {event_id}; "
                + (f"the care events are: {known}." if known else "no care event is recorded yet.")
            )
    summary = summarize(history, event=event, window_days=window_days, language=lang)
    comparison_charts = [
        (m.label, charts.comparison_chart(m.comparison, m.metric_id, language=lang))
        for m in summary.metrics
        if m.comparison is not None and m.comparison.verdict != "too_few_sessions"
    ]
    tables = [metrics_table(history, summary)]
    if any(t.measured for t in summary.tremor):
        # A tremor table of zeros says less than page 1's one line on why it was not measured.
        tables.append(tremor_table(summary))
    drawn = charts.worth_charting(history)
    answers = sum(r.pain is not None or r.difficulty is not None for r in history.self_reports)
    scores_charted = drawn and answers >= charts.MIN_CHART_SESSIONS
    # With the scores on a chart, the table keeps only the answers given in words.
    feel = self_reports_table(history, lang, words_only=scores_charted)
    listed = [
        feel,
        notes_table(history, lang),
        events_table(history, lang),
        goals_table(history, lang),
        sessions_table(history, lang),
    ]
    return Report(
        history=history,
        summary=summary,
        metric_charts=[
            (label, charts.metric_chart(history, ids, title=label, language=lang))
            for label, ids in charts.metric_groups(history, lang)
        ]
        if drawn
        else [],
        comparison_charts=comparison_charts,
        adherence_chart=charts.adherence_chart(history, language=lang) if drawn else None,
        self_report_chart=(
            charts.self_report_chart(history, language=lang) if scores_charted else None
        ),
        # Every row "too few sessions" says no more than page 1's one line.
        before_after=None if summary.too_few else before_after_table(summary),
        tables=tables,
        appendix=[t for t in listed if t.rows],
        chart_note=(
            charts.uncharted_sentence(history, lang)
            if drawn
            else charts.no_chart_sentence(history, lang)
        ),
        # Answers without words are not "nothing recorded": their scores are charted.
        empty=[t.title for t in listed if not t.rows and not (t is feel and scores_charted)],
        generated=generated or date.today(),
        language=lang,
    )


def write_report(
    store: StoreReader,
    child: str | int,
    output: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    event_id: int | None = None,
    paper: Paper = "A4",
    language: str = DEFAULT_LANGUAGE,
) -> Path:
    """Write the report as HTML or PDF, chosen by the file's ending; returns the path."""
    if language not in LANGUAGES:
        raise UserError(f"Choose the report's language from {', '.join(LANGUAGES)}.")
    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UserError(f"Name the report file ending in .html or .pdf (got '{output.name}').")
    if start and end and start > end:
        raise UserError("The --from date is after the --to date; swap them.")
    history = load_history(store, child, start=start, end=end)
    report = build_report(history, event_id=event_id, language=language)
    if not output.parent.exists():
        raise UserError(f"The folder {output.parent} does not exist; create it or pick another.")
    if suffix == ".pdf":
        output.write_bytes(render_pdf(report, paper=paper))
    else:
        output.write_text(render_html(report), encoding="utf-8")
    return output


def empty_line(report: Report) -> str:
    """ "Nothing recorded in this period: Goals; Notebook." for the lists left out."""
    return say("nothing_recorded", report.language, items="; ".join(report.empty))


def headline(report: Report) -> list[str]:
    """The first page's plain sentences, in reading order."""
    if not report.history.sessions:
        # Nothing measured: one plain sentence, not a list of empty figures.
        return [say("no_sessions_report", report.language, name=report.history.child_name)]
    return headline_lines(report.summary)


def headline_lines(s: Summary) -> list[str]:
    """Where the child stands in plain sentences: the report's first page and the dashboard.

    Ordered by what the care team asks about: the event compared around, range of
    motion (measurements with a goal first), posture that changed beyond the noise,
    tremor; then the rest of posture as one line with how many sessions each value
    rests on, what could never be measured (one line per reason), practice and the
    child's own answers.
    """
    lang = s.language
    lines = []
    if s.event is not None:
        event = event_phrase(s.event, language=lang)
        line = say("before_after_headline", lang, event=event, days=s.window_days)
        if s.too_few:
            line += " " + say("too_few_all", lang, reason=s.too_few)
        lines.append(line)
    rom = [m for m in s.metrics if m.kind == "rom"]
    lines.extend(m.sentence for m in sorted(rom, key=lambda m: m.goal is None))
    posture = [m for m in s.metrics if m.kind == "posture" and not m.never_measured]
    changed = [m for m in posture if m.comparison is not None and m.comparison.verdict == "changed"]
    lines.extend(m.sentence for m in changed)
    lines.extend(_tremor_lines(s))
    parts = {t.part + TREMOR for t in s.tremor}
    lines.extend(m.sentence for m in s.metrics if m.kind == "movement" and m.metric_id not in parts)
    rest = [m for m in posture if m not in changed]
    only_days = {d for m in rest for d in m.recent_days}
    if rest and len(only_days) == 1 and all(len(m.recent_days) == 1 for m in rest):
        # Every value comes from the same single session: say it once, up front.
        items = "; ".join(
            f"{_posture_name(m)} {amount(m.recent_median, m.metric_id, language=lang)}"
            for m in rest
        )
        day = format_day(only_days.pop(), lang)
        lines.append(say("posture_line_one", lang, items=items, day=day))
    elif rest:
        items = "; ".join(_posture_item(m) for m in rest)
        lines.append(say("posture_line", lang, items=items, weeks=RECENT_DAYS // 7))
    lines.extend(_never_measured_lines(s))
    if not s.metrics:
        lines.append(say("no_measurements", lang))
    lines.append(say("practice", lang, text=s.adherence))
    lines.append(s.self_reports)
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _posture_name(m: MetricSummary) -> str:
    """ "head tilt": the posture's name inside the posture line (which says "during exercises")."""
    return _lower_first(metric_label(m.metric_id.removesuffix(DURING_EXERCISES), m.language))


def _posture_item(m: MetricSummary) -> str:
    """ "head tilt 6° (23 sessions)", "pelvic obliquity 8° (1 session only)"."""
    lang = m.language
    label = _posture_name(m)
    n = len(m.recent_days)
    if n == 0:
        return say("posture_item_none", lang, label=label, weeks=RECENT_DAYS // 7)
    value = amount(m.recent_median, m.metric_id, language=lang)
    key = "posture_item_one" if n == 1 else "posture_item"
    return say(key, lang, label=label, value=value, n=n)


def _never_measured_lines(s: Summary) -> list[str]:
    """Metrics never measurable in the period, one line per shared reason."""
    by_reason: dict[str, list[str]] = {}
    for m in s.metrics:
        if m.never_measured:
            reasons = " ".join(dict.fromkeys(reason_words(r, s.language) for r in m.unmeasured))
            by_reason.setdefault(reasons.rstrip("."), []).append(m.label)
    return [
        say("never_measured", s.language, items=f"{', '.join(labels)} ({reason})")
        for reason, labels in by_reason.items()
    ]


def _tremor_lines(s: Summary) -> list[str]:
    """One line per body part whose tremor was measured; the parts never measurable
    share one line per identical reason ("Head, Left wrist, Right wrist: ...")."""
    lines = []
    unmeasurable: dict[str, list[str]] = {}
    for t in s.tremor:
        if t.measured:
            lines.append(_tremor_line(s, t))
            continue
        reasons = " ".join(
            dict.fromkeys(reason_words(p.reason, s.language) for p in t.unmeasured if p.reason)
        )
        key = say(
            "tremor_unmeasured",
            s.language,
            n=counted(len(t.unmeasured), "session", s.language),
            reasons=reasons or say("not_measurable", s.language) + ".",
        ).strip()
        unmeasurable.setdefault(key, []).append(_lower_first(part_label(t.part, s.language)))
    lines.extend(
        say("tremor_group", s.language, parts=", ".join(parts), text=_lower_first(text))
        for text, parts in unmeasurable.items()
    )
    return lines


def _tremor_line(summary: Summary, tremor: TremorSummary) -> str:
    """A body part's tremor sentence, then how its tremor-band movement changed around the
    event: one line per part keeps the first page short."""
    band = next((m for m in summary.metrics if m.metric_id == tremor.part + TREMOR), None)
    if band is None or band.comparison is None or summary.event is None or summary.too_few:
        return tremor.sentence
    lang = summary.language
    change = change_sentence(band.comparison, summary.event, band.metric_id, lang)
    return f"{tremor.sentence} {say('band_movement', lang)}: {change[0].lower()}{change[1:]}"


# ---- HTML ------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; max-width: 190mm;
       margin: 1em auto; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 17pt; margin-bottom: 0; } h2 { font-size: 13pt; margin-top: 1.4em;
     border-bottom: 1px solid #999; } .sub { color: #555; margin-top: .2em; }
ul.summary li { margin-bottom: .45em; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .4em 0; }
th { text-align: left; background: #e8eef4; } th, td { padding: 3px 5px;
     border-bottom: 1px solid #ccc; vertical-align: top; }
img { width: 100%; } .pair img { width: 49%; } .note { color: #555; font-size: 8.5pt; }
@page { size: A4; margin: 14mm; }
@media print { h2 { break-after: avoid; } .page { break-before: page; }
               img { break-inside: avoid; } }
"""


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def _html_table(table: Table, language: str) -> str:
    if not table.rows:
        empty = html.escape(say("none_in_period", language))
        return f"<h2>{html.escape(table.title)}</h2><p class='note'>{empty}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    note = f"<p class='note'>{html.escape(table.note)}</p>" if table.note else ""
    return (
        f"<h2>{html.escape(table.title)}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{note}"
    )


def render_html(report: Report) -> str:
    """A single self-contained page (charts embedded), printable from any browser."""
    e, lang = html.escape, report.language
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f"<p class='sub'>{e(report.period)} · {e(report.prepared)}"
        f" · posecapture {e(__version__)}</p>",
        f"<h2>{e(say('where_things_stand', lang))}</h2><ul class='summary'>",
        *(f"<li>{e(line)}</li>" for line in headline(report)),
        "</ul>",
        _html_table(report.before_after, lang) if report.before_after else "",
        "<section class='page'>",
    ]
    if report.history.sessions:
        parts.append(f"<h2>{e(say('charts', lang))}</h2>")
        parts.extend(_img(png, label) for label, png in report.metric_charts)
        if report.adherence_chart is not None:
            parts.append(_img(report.adherence_chart, say("chart_sessions_per_week", lang)))
        if report.self_report_chart is not None:
            parts.append(_img(report.self_report_chart, say("chart_how_feel", lang)))
        if report.chart_note:
            parts.append(f"<p class='note'>{e(report.chart_note)}</p>")
    if report.comparison_charts:
        parts.append(f"<h2>{e(say('before_after_sessions', lang))}</h2><div class='pair'>")
        parts.extend(_img(png, label) for label, png in report.comparison_charts)
        parts.append("</div>")
    parts.append("</section><section class='page'>")
    parts.extend(_html_table(t, lang) for t in report.tables)
    parts.append("</section><section class='page'>")
    parts.extend(_html_table(t, lang) for t in report.appendix)
    if report.empty:
        parts.append(f"<p class='note'>{e(empty_line(report))}</p>")
    parts.append(f"<h2>{e(say('how_to_read', lang))}</h2><ul>")
    parts.extend(f"<li>{e(p)}</li>" for p in how_to_read(lang))
    parts.append("</ul></section></body></html>")
    return "\n".join(parts)


# ---- PDF -------------------------------------------------------------------------------


class _Pdf(FPDF):
    """An FPDF page with the child's name on top and page numbers at the bottom."""

    running_head = ""
    language = DEFAULT_LANGUAGE

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", size=8)
        self.set_text_color(110)
        self.cell(0, 5, self.running_head, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(110)
        page = say("page_of", self.language, n=self.page_no(), total="{nb}")
        self.cell(0, 5, f"{page} · posecapture {__version__}", align="R")
        self.set_text_color(0)


def _pdf_heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(150)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_font("DejaVu", size=9.5)


def _png_height(png: bytes, width: float) -> float:
    """Height of a PNG drawn ``width`` wide: its pixel size is in the IHDR chunk."""
    px_w = int.from_bytes(png[16:20], "big")
    px_h = int.from_bytes(png[20:24], "big")
    return width * px_h / px_w


def _pdf_images(pdf: FPDF, pngs: list[bytes], width: float, gap: float = 4.0) -> None:
    """Charts side by side in one row, on a new page when the row would not fit."""
    height = max(_png_height(png, width) for png in pngs)
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    y = pdf.get_y()
    for i, png in enumerate(pngs):
        pdf.image(io.BytesIO(png), x=pdf.l_margin + i * (width + gap), y=y, w=width)
    pdf.set_y(y + height + 2)


# A table this short is moved whole to the next page rather than split across two.
KEEP_TOGETHER_ROWS = 12


def _pdf_table(pdf: FPDF, table: Table, language: str) -> None:
    if len(table.rows) <= KEEP_TOGETHER_ROWS:
        with pdf.offset_rendering() as trial:
            # The recorder forwards every FPDF call, so the body lays out as on paper.
            _pdf_table_body(cast(FPDF, trial), table, language)
        if trial.page_break_triggered:
            pdf.add_page()
    _pdf_table_body(pdf, table, language)


def _pdf_table_body(pdf: FPDF, table: Table, language: str) -> None:
    _pdf_heading(pdf, table.title)
    if not table.rows:
        pdf.set_text_color(90)
        pdf.cell(0, 6, say("none_in_period", language), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        return
    pdf.set_font("DejaVu", size=8)
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    total = sum(table.widths)
    with pdf.table(
        col_widths=tuple(usable * w / total for w in table.widths),
        width=usable,
        line_height=4.2,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 244)),
        padding=1,
    ) as pdf_table:
        heading = pdf_table.row()
        for h in table.headers:
            heading.cell(h)
        for row in table.rows:
            cells = pdf_table.row()
            for value in row:
                cells.cell(value)
    if table.note:
        pdf.ln(1)
        pdf.set_font("DejaVu", size=7.5)
        pdf.set_text_color(90)
        pdf.multi_cell(0, 3.6, table.note, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    pdf.set_font("DejaVu", size=9.5)


def _pdf_note(pdf: FPDF, text: str) -> None:
    pdf.ln(1)
    pdf.set_font("DejaVu", size=9)
    pdf.set_text_color(70)
    pdf.multi_cell(0, 4.4, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font("DejaVu", size=9.5)


def render_pdf(report: Report, *, paper: Paper = "A4") -> bytes:
    """The report laid out for paper (A4 or US Letter), 15 mm margins."""
    pdf = _Pdf(format=paper.lower() if paper == "A4" else "letter", unit="mm")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(report.title)
    pdf.set_creator(f"posecapture {__version__}")
    pdf.running_head = f"{report.title} · {report.period}"
    pdf.language = lang = report.language
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9.5)
    pdf.set_text_color(90)
    pdf.cell(0, 6, f"{report.period} · {report.prepared}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    _pdf_heading(pdf, say("where_things_stand", lang))
    pdf.set_font("DejaVu", size=10)
    for line in headline(report):
        pdf.set_x(pdf.l_margin)
        pdf.cell(5, 5.4, "•")
        pdf.multi_cell(width - 5, 5.4, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.6)
    pdf.set_font("DejaVu", size=8)
    pdf.set_text_color(90)
    pdf.multi_cell(
        0,
        3.8,
        say("recent_footnote", lang, weeks=RECENT_DAYS // 7),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0)
    if report.before_after is not None:
        _pdf_table(pdf, report.before_after, lang)

    if report.history.sessions:
        if report.metric_charts and pdf.get_y() > pdf.h / 2:
            pdf.add_page()  # charts start on a fresh page unless this one is half empty
        _pdf_heading(pdf, say("charts", lang))
        for _label, png in report.metric_charts:
            _pdf_images(pdf, [png], width)
        for extra in (report.adherence_chart, report.self_report_chart):
            if extra is not None:
                _pdf_images(pdf, [extra], width)
        if report.chart_note:
            _pdf_note(pdf, report.chart_note)
    if report.comparison_charts:
        _pdf_heading(pdf, say("before_after_sessions", lang))
        pngs = [png for _label, png in report.comparison_charts]
        for i in range(0, len(pngs), 2):
            _pdf_images(pdf, pngs[i : i + 2], (width - 4) / 2)

    if report.metric_charts:
        pdf.add_page()  # the tables start on their own page after a page of charts
    for table in report.tables:
        _pdf_table(pdf, table, lang)
    for table in report.appendix:
        _pdf_table(pdf, table, lang)
    if report.empty:
        _pdf_note(pdf, empty_line(report))
    with pdf.offset_rendering() as trial:
        _pdf_how_to_read(cast(FPDF, trial), lang)
    if trial.page_break_triggered:
        pdf.add_page()  # kept whole: a last paragraph alone on a page reads as an accident
    _pdf_how_to_read(pdf, lang)
    return bytes(pdf.output())


def _pdf_how_to_read(pdf: FPDF, language: str) -> None:
    _pdf_heading(pdf, say("how_to_read", language))
    for paragraph in how_to_read(language):
        pdf.multi_cell(0, 4.6, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
