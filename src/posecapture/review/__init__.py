"""Progress review for the care team: history, before/after statistics, charts, reports,
exports and share bundles (docs/review.md).

``history.load_history`` is the one place that reads the store; everything after it
is a pure function of plain data. Nothing heavy is imported here: matplotlib and
fpdf2 load only when ``charts`` or ``report`` is imported.
"""
