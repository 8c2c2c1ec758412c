"""The words of the review screens themselves, in English and Spanish.

The same pattern as ``posecapture.ui.i18n`` (one table, both languages side by
side); the screens follow the app's language setting (``App.language``). What
the screens share with the printed report (sentences, table headings, event
kinds, dates) comes from ``posecapture.review.words``, so both read the same.
"""

from __future__ import annotations

from posecapture.languages import DEFAULT_LANGUAGE, lookup

STRINGS: dict[str, dict[str, str]] = {
    # The bar of screens
    "progress": {"en": "Progress", "es": "Progreso"},
    "before_after": {"en": "Before / after", "es": "Antes / después"},
    "sessions": {"en": "Sessions", "es": "Sesiones"},
    "notebook": {"en": "Notebook", "es": "Cuaderno"},
    "back": {"en": "Back", "es": "Volver"},
    "choose_child": {
        "en": "Choose a child first: the progress screens show one child at a time.",
        "es": "Elija primero un niño o niña: estas pantallas muestran uno cada vez.",
    },
    # Dashboard
    "progress_title": {"en": "Progress: {name}", "es": "Progreso: {name}"},
    "period_4w": {"en": "4 weeks", "es": "4 semanas"},
    "period_3m": {"en": "3 months", "es": "3 meses"},
    "period_all": {"en": "All", "es": "Todo"},
    "drawing": {"en": "Drawing the charts...", "es": "Dibujando los gráficos..."},
    # Before and after
    "before_after_title": {"en": "Before and after", "es": "Antes y después"},
    "no_event_yet": {"en": "No care event yet", "es": "Aún no hay eventos"},
    "days_each_side": {"en": "{days} days each side", "es": "{days} días a cada lado"},
    "ba_explain": {
        "en": "The day of the event is in neither window. A change is only called a change "
        "when its 95% interval excludes zero and it is larger than what the measurement can "
        "vary by itself (MDC, the minimal detectable change).",
        "es": "El día del evento no cuenta en ningún periodo. Solo se habla de cambio cuando "
        "su intervalo del 95 % no incluye el cero y es mayor que lo que la medida puede "
        "variar por sí sola (MDC, el cambio mínimo detectable).",
    },
    "no_event_help": {
        "en": "No care event is recorded yet. Add medication changes, injections or surgery "
        "in the Notebook, then compare before and after here.",
        "es": "Aún no hay ningún evento de cuidado. Añada cambios de medicación, inyecciones o "
        "cirugías en el Cuaderno y compare aquí el antes y el después.",
    },
    # Sessions
    "sessions_title": {
        "en": "Sessions (tap one for every rep)",
        "es": "Sesiones (toque una para ver cada repetición)",
    },
    "no_sessions": {"en": "No sessions yet.", "es": "Todavía no hay sesiones."},
    "reps_count": {"en": "{n} reps", "es": "{n} repeticiones"},
    "session_title": {
        "en": "Session of {day}: {plan}, {status}",
        "es": "Sesión del {day}: {plan}, {status}",
    },
    "exercises_heading": {
        "en": "Exercises (typical = median of the reps' peaks)",
        "es": "Ejercicios (típico = mediana de los picos de las repeticiones)",
    },
    "reps_heading": {
        "en": "Every rep ('Seen' = share of frames where the joint could be measured)",
        "es": "Cada repetición («Visto» = parte de las imágenes en que se pudo medir)",
    },
    "h_exercise": {"en": "Exercise", "es": "Ejercicio"},
    "h_measurement": {"en": "Measurement", "es": "Medida"},
    "h_rep": {"en": "Rep", "es": "Rep."},
    "h_reps": {"en": "Reps", "es": "Repeticiones"},
    "h_peak": {"en": "Peak", "es": "Pico"},
    "h_held": {"en": "Held", "es": "Aguantado"},
    "h_target": {"en": "Target", "es": "Objetivo"},
    "h_result": {"en": "Result", "es": "Resultado"},
    "h_seen": {"en": "Seen", "es": "Visto"},
    "h_typical": {"en": "Typical", "es": "Típico"},
    "h_best": {"en": "Best", "es": "Mejor"},
    "h_status": {"en": "Status", "es": "Estado"},
    "held": {"en": "held", "es": "aguantado"},
    "not_held": {"en": "not held", "es": "no aguantado"},
    "timeout": {"en": "time ran out", "es": "se acabó el tiempo"},
    "none": {"en": "none", "es": "ninguno"},
    "not_measurable": {"en": "not measurable", "es": "no se pudo medir"},
    "n_of_m": {"en": "{n} of {m}", "es": "{n} de {m}"},
    # Notebook
    "notes": {"en": "Notes", "es": "Notas"},
    "care_events": {"en": "Care events", "es": "Eventos de cuidado"},
    "goals": {"en": "Goals", "es": "Metas"},
    "add_note": {"en": "Add a note", "es": "Añadir una nota"},
    "your_name": {"en": "your name (optional)", "es": "su nombre (opcional)"},
    "note_hint": {"en": "what the care team should know", "es": "lo que el equipo debe saber"},
    "add_note_button": {"en": "Add note", "es": "Añadir nota"},
    "add_event": {"en": "Add a care event", "es": "Añadir un evento de cuidado"},
    "date_hint": {"en": "YYYY-MM-DD", "es": "AAAA-MM-DD"},
    "event_hint": {
        "en": "what happened, e.g. baclofen 5 mg to 10 mg",
        "es": "qué pasó, p. ej. baclofeno de 5 mg a 10 mg",
    },
    "dose_hint": {"en": "dose (optional)", "es": "dosis (opcional)"},
    "muscles_hint": {"en": "muscles injected (optional)", "es": "músculos inyectados (opcional)"},
    "add_event_button": {"en": "Add event", "es": "Añadir evento"},
    "add_goal": {"en": "Add a goal", "es": "Añadir una meta"},
    "goal_target_hint": {"en": "target in degrees", "es": "objetivo en grados"},
    "goal_by_hint": {"en": "by YYYY-MM-DD", "es": "para AAAA-MM-DD"},
    "goal_text_hint": {"en": "in words (optional)", "es": "en palabras (opcional)"},
    "add_goal_button": {"en": "Add goal", "es": "Añadir meta"},
    "no_notes": {"en": "No notes yet.", "es": "Aún no hay notas."},
    "no_events": {"en": "No care events yet.", "es": "Aún no hay eventos de cuidado."},
    "no_goals": {"en": "No goals yet.", "es": "Aún no hay metas."},
    "choose_child_short": {"en": "Choose a child first.", "es": "Elija primero un niño o niña."},
    "note_added": {"en": "Note added.", "es": "Nota añadida."},
    "event_added": {
        "en": "Care event added: it now shows on the charts.",
        "es": "Evento añadido: ya aparece en los gráficos.",
    },
    "goal_added": {
        "en": "Goal added: it shows as a dotted line on its chart.",
        "es": "Meta añadida: aparece como una línea de puntos en su gráfico.",
    },
    "choose_kind": {
        "en": "Choose what kind of event it was.",
        "es": "Elija qué tipo de evento fue.",
    },
    "choose_metric": {
        "en": "Choose the measurement the goal is about.",
        "es": "Elija la medida de la meta.",
    },
    "target_number": {
        "en": "Write the goal's target as a number of degrees, for example 120.",
        "es": "Escriba el objetivo como un número de grados, por ejemplo 120.",
    },
}


def tr(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The screen text ``key`` in ``language`` (English if the language is unknown)."""
    return lookup(STRINGS, key, language, **values)
