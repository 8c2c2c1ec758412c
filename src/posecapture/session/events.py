"""Events the session engine emits: the app turns them into screens and speech,
the recorder turns them into rows.

Every event is a small frozen dataclass; ``Event`` is their union. The engine
returns them in the order they happened from each call (``feed``, ``tick``,
``skip``, ``pause``, ``resume``, ``submit_self_report``, ``stop``).

The setup problems are short codes so the app can pick a picture and a phrase;
``SETUP_HINTS`` holds the plain English and Spanish sentence for each, in one
place for the app, the command line and the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from posecapture.session.results import ExerciseResult, RepResult

Step = Literal[
    "setup", "instruction", "countdown", "active", "rest", "self_report", "paused", "done"
]
STEPS: tuple[Step, ...] = (
    "setup",
    "instruction",
    "countdown",
    "active",
    "rest",
    "self_report",
    "paused",
    "done",
)

# What to fix before (or while) measuring, in the words a parent or child hears.
SETUP_HINTS: dict[str, dict[str, str]] = {
    "no_person": {
        "en": "We can't see you. Come and stand in front of the camera.",
        "es": "No te vemos. Ponte delante de la cámara.",
    },
    "step_back": {
        "en": "Take a step back so we can see all of you.",
        "es": "Da un paso hacia atrás para que te veamos entero.",
    },
    "come_closer": {
        "en": "Come a little closer to the camera.",
        "es": "Acércate un poco a la cámara.",
    },
    "turn_sideways": {
        "en": "Turn sideways, so the camera sees your side.",
        "es": "Ponte de lado, para que la cámara vea tu costado.",
    },
    "face_camera": {
        "en": "Turn to face the camera.",
        "es": "Ponte de frente a la cámara.",
    },
    "more_light": {
        "en": "It's too dark. Turn on a light or open the curtains.",
        "es": "Está muy oscuro. Enciende una luz o abre las cortinas.",
    },
    "show_other_side": {
        "en": "Turn the other way, so the camera sees the side you are stretching.",
        "es": "Gírate hacia el otro lado, para que la cámara vea el lado que estiras.",
    },
    "body_not_in_frame": {
        "en": "Move to the middle of the picture so your whole body fits.",
        "es": "Muévete al centro de la imagen para que se vea todo tu cuerpo.",
    },
}
SETUP_PROBLEMS: tuple[str, ...] = tuple(SETUP_HINTS)


def setup_hint(code: str, language: str = "en") -> str:
    """The sentence that tells a family how to fix setup problem ``code``."""
    return SETUP_HINTS[code][language]


@dataclass(frozen=True)
class StepChanged:
    """The engine moved to ``step`` (for ``exercise_id``/``side``/``rep`` where they apply)."""

    step: Step
    exercise_id: str | None = None
    side: str | None = None
    rep: int | None = None


@dataclass(frozen=True)
class SetupStatus:
    """Whether the camera sees what the exercise needs, and what to fix if not.

    Emitted when the list of problems changes, and once with ``ok=True`` when
    setup passes. During a rep it reports the child leaving the picture (counting
    pauses) and coming back. ``hints`` are the sentences of ``problems`` in the
    engine's language.
    """

    ok: bool
    problems: tuple[str, ...]
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instruction:
    """What to tell the child before the exercise: on-screen ``text`` and spoken ``speech``
    by language code ("en", "es")."""

    exercise_id: str
    text: Mapping[str, str]
    speech: Mapping[str, str]
    side: str | None = None


@dataclass(frozen=True)
class CountdownTick:
    """Seconds left before the reps start (3, 2, 1)."""

    seconds_left: int


@dataclass(frozen=True)
class HoldProgress:
    """The live state of a rep, once per measured frame: draws the hold ring."""

    exercise_id: str
    side: str
    rep: int
    angle_deg: float
    inside: bool
    held_s: float
    hold_s: float


@dataclass(frozen=True)
class RepCompleted:
    """A rep ended (held, timed out or cut short): store it now."""

    result: RepResult


@dataclass(frozen=True)
class ExerciseCompleted:
    """An exercise ended on one side: store it now."""

    result: ExerciseResult


@dataclass(frozen=True)
class SelfReportRequested:
    """Ask the child how it felt (faces scale, what helped, what hurt, what they want more of)."""


@dataclass(frozen=True)
class SelfReportSubmitted:
    """The child's answers: pain and difficulty on a 0-10 faces scale (None: not answered)."""

    pain: int | None
    difficulty: int | None
    helped: str = ""
    hurt: str = ""
    wants_more: str = ""


@dataclass(frozen=True)
class SessionCompleted:
    """The session is over; ``complete`` is False when it was stopped before the end."""

    complete: bool


@dataclass(frozen=True)
class Paused:
    """The session is paused (``reason``: "camera lost", "parent", ...); timers are frozen."""

    reason: str


@dataclass(frozen=True)
class Resumed:
    """The session carries on from the step it was paused in."""


Event = (
    StepChanged
    | SetupStatus
    | Instruction
    | CountdownTick
    | HoldProgress
    | RepCompleted
    | ExerciseCompleted
    | SelfReportRequested
    | SelfReportSubmitted
    | SessionCompleted
    | Paused
    | Resumed
)
