"""The database schema, as a history of migrations (sqlite-utils ``Migrations``).

A migration that has shipped is never edited: a change to the schema is a new
step at the end, so a tablet that has kept its database for a year upgrades in
place. Each step runs in one transaction with the record of it being applied.

The tables are plain SQL so that the constraints a therapist relies on (a pain
score is 0-10, a care event has a known kind, deleting a session takes its reps
with it) are enforced by SQLite itself, whoever writes the rows.

Every row a family shares with the clinic carries a ``uuid`` (assigned once, at
insert) so that importing the same share bundle twice adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("posecapture")
# The names of the registered steps, in order: a database that has applied a step
# not in this list was made by a newer posecapture (sqlite-utils lists none publicly).
STEP_NAMES: list[str] = []

SESSION_STATUSES = ("running", "complete", "incomplete")
CARE_EVENT_KINDS = (
    "medication_start",
    "medication_stop",
    "medication_change",
    "botulinum_toxin",
    "surgery",
    "therapy_change",
    "illness",
    "other",
)
AUTHOR_ROLES = ("parent", "therapist", "doctor")
SIDES = ("left", "right", "both")

# Tables whose rows carry a uuid, parents before children (the order an import needs),
# with the column that points at the parent row and the parent table.
UUID_TABLES: dict[str, tuple[str, str] | None] = {
    "children": None,
    "sessions": ("child_id", "children"),
    "exercise_results": ("session_id", "sessions"),
    "rep_results": ("session_id", "sessions"),
    "self_reports": ("session_id", "sessions"),
    "care_events": ("child_id", "children"),
    "notes": ("child_id", "children"),
    "goals": ("child_id", "children"),
    "child_targets": ("child_id", "children"),
    "landmark_series": ("exercise_result_id", "exercise_results"),
}


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _step(migration: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``migration`` as the next step, under its function name."""
    MIGRATIONS(name=migration.__name__)(migration)
    STEP_NAMES.append(migration.__name__)
    return migration


@_step
def m001_base(db: Database) -> None:
    """Children, sessions and their results, self-reports, and the care team's records."""
    statements = [
        """CREATE TABLE children (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            birth_date TEXT,
            avatar TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            created_at TEXT NOT NULL
        )""",
        f"""CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
            plan_kind TEXT NOT NULL CHECK (plan_kind IN ('routine', 'exercise')),
            plan_id TEXT NOT NULL,
            source TEXT NOT NULL,
            metric_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running' CHECK (status IN {_in(SESSION_STATUSES)})
        )""",
        "CREATE INDEX idx_sessions_child ON sessions(child_id, started_at)",
        f"""CREATE TABLE exercise_results (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN {_in(SIDES)}),
            metric_id TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('done', 'skipped', 'stopped')),
            reps_planned INTEGER NOT NULL,
            reps_done INTEGER NOT NULL,
            best_deg REAL,
            median_deg REAL,
            target_deg REAL,
            window_low REAL,
            window_high REAL,
            rom TEXT NOT NULL DEFAULT '{{}}',
            posture TEXT NOT NULL DEFAULT '{{}}',
            movement TEXT NOT NULL DEFAULT '{{}}',
            quality TEXT NOT NULL DEFAULT '{{}}',
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_exercise_results_session ON exercise_results(session_id)",
        "CREATE INDEX idx_exercise_results_metric ON exercise_results(metric_id)",
        f"""CREATE TABLE rep_results (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN {_in(SIDES)}),
            rep INTEGER NOT NULL,
            metric_id TEXT NOT NULL,
            peak_deg REAL,
            time_held_s REAL NOT NULL,
            target_deg REAL,
            completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
            quality TEXT NOT NULL DEFAULT '{{}}',
            started_s REAL NOT NULL,
            ended_s REAL NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_rep_results_session ON rep_results(session_id)",
        """CREATE TABLE self_reports (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            exercise_id TEXT,
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            difficulty INTEGER CHECK (difficulty BETWEEN 0 AND 10),
            helped TEXT NOT NULL DEFAULT '',
            hurt TEXT NOT NULL DEFAULT '',
            wants_more TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_self_reports_session ON self_reports(session_id)",
        f"""CREATE TABLE care_events (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN {_in(CARE_EVENT_KINDS)}),
            date TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            muscles TEXT,
            dose TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_care_events_child ON care_events(child_id, date)",
        f"""CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
            author_role TEXT NOT NULL CHECK (author_role IN {_in(AUTHOR_ROLES)}),
            author_name TEXT,
            date TEXT NOT NULL,
            text TEXT NOT NULL CHECK (trim(text) <> ''),
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_notes_child ON notes(child_id, date)",
        f"""CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
            metric_id TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN {_in(SIDES)}),
            target_deg REAL NOT NULL,
            by_date TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_goals_child ON goals(child_id)",
    ]
    for sql in statements:
        db.execute(sql)


@_step
def m002_targets_and_landmarks(db: Database) -> None:
    """Per-child targets, the landmark series behind each result, and who runs a session.

    ``landmark_series`` keeps the cleaned and raw landmarks of every exercise with the
    version of the metric code that measured them, so history can be recomputed when
    the metrics improve. ``sessions.owner_pid`` lets a second window opening the store
    tell a session still being recorded from one whose process died.
    """
    statements = [
        """CREATE TABLE child_targets (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            target_deg REAL NOT NULL,
            window_low REAL,
            window_high REAL,
            recorded_at TEXT NOT NULL,
            UNIQUE (child_id, exercise_id)
        )""",
        """CREATE TABLE landmark_series (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            exercise_result_id INTEGER NOT NULL UNIQUE
                REFERENCES exercise_results(id) ON DELETE CASCADE,
            metric_version TEXT NOT NULL,
            frames INTEGER NOT NULL,
            npz BLOB NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "ALTER TABLE sessions ADD COLUMN owner_pid INTEGER",
    ]
    for sql in statements:
        db.execute(sql)
