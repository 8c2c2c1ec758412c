"""Every word of the review (report, tables, charts, sentences) in English and Spanish.

A Spanish-speaking family gets the same report with the same numbers in its own
language (``posecapture report --lang es``, or the app's language setting). The
pattern follows ``posecapture.ui.i18n``: one table, both languages side by side
so a missing translation shows in review and in ``tests/test_review_words.py``.
This module is plain data with no Kivy, because the printed report uses it too.

Numbers keep the decimal point in both languages (it is what Spanish-speaking
families in the US and Mexico use) and dates follow ``format_day``.
"""

from __future__ import annotations

from datetime import date

from posecapture.languages import DEFAULT_LANGUAGE, LANGUAGES, lookup

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}

# Spanish joint names with their grammatical gender, so the side agrees with the
# joint: "codo derecho" but "rodilla derecha".
_JOINTS_ES: dict[str, tuple[str, str]] = {
    "shoulder_elevation": ("Elevación del hombro", "m"),
    "shoulder_flexion": ("Flexión del hombro", "m"),
    "shoulder_abduction": ("Abducción del hombro", "m"),
    "elbow_flexion": ("Flexión del codo", "m"),
    "hip_flexion": ("Flexión de la cadera", "f"),
    "hip_abduction": ("Abducción de la cadera", "f"),
    "knee_flexion": ("Flexión de la rodilla", "f"),
    "trunk_flexion": ("Flexión del tronco", "m"),
    "trunk_lateral_flexion": ("Flexión lateral del tronco", "m"),
    "head_tilt": ("Inclinación de la cabeza", "f"),
    "head_rotation": ("Giro de la cabeza", "f"),
    "head_flexion": ("Flexión de la cabeza", "f"),
    "head_lateral_shift": ("Desplazamiento lateral de la cabeza", "f"),
    "shoulder_elevation_asymmetry": ("Diferencia de altura de los hombros", "f"),
    "trunk_lean_lateral": ("Inclinación lateral del tronco", "m"),
    "trunk_lean_forward": ("Inclinación del tronco hacia delante", "m"),
    "pelvic_obliquity": ("Oblicuidad de la pelvis", "f"),
    "head": ("Cabeza", "f"),
    "wrist": ("Muñeca", "f"),
}
_SIDES_ES = {
    ("left", "m"): "izquierdo",
    ("left", "f"): "izquierda",
    ("right", "m"): "derecho",
    ("right", "f"): "derecha",
}

WORDS: dict[str, dict[str, str]] = {
    # Units and small words
    "n_a": {"en": "n/a", "es": "n/d"},
    "none": {"en": "none", "es": "ninguna"},
    "to": {"en": "to", "es": "a"},
    "unit_degrees": {"en": "degrees (°)", "es": "grados (°)"},
    "unit_torso": {"en": "% of torso length", "es": "% del largo del tronco"},
    "session_one": {"en": "{n} session", "es": "{n} sesión"},
    "session_many": {"en": "{n} sessions", "es": "{n} sesiones"},
    "week_one": {"en": "{n} week", "es": "{n} semana"},
    "week_many": {"en": "{n} weeks", "es": "{n} semanas"},
    "answer_one": {"en": "{n} answer", "es": "{n} respuesta"},
    "answer_many": {"en": "{n} answers", "es": "{n} respuestas"},
    "during_exercises": {"en": "{label} during exercises", "es": "{label} durante los ejercicios"},
    "tremor_label": {
        "en": "{part}: tremor-band movement",
        "es": "{part}: movimiento en la banda del temblor",
    },
    "left": {"en": "Left", "es": "Lado izquierdo"},
    "right": {"en": "Right", "es": "Lado derecho"},
    # Care events
    "event_medication_start": {"en": "medication started", "es": "inicio de medicación"},
    "event_medication_stop": {"en": "medication stopped", "es": "fin de medicación"},
    "event_medication_change": {"en": "medication change", "es": "cambio de medicación"},
    "event_botulinum_toxin": {"en": "botulinum toxin", "es": "toxina botulínica"},
    "event_surgery": {"en": "surgery", "es": "cirugía"},
    "event_therapy_change": {"en": "therapy change", "es": "cambio de terapia"},
    "event_illness": {"en": "illness", "es": "enfermedad"},
    "event_other": {"en": "event", "es": "evento"},
    "role_parent": {"en": "parent", "es": "madre o padre"},
    "role_therapist": {"en": "therapist", "es": "terapeuta"},
    "role_doctor": {"en": "doctor", "es": "médico"},
    "status_complete": {"en": "complete", "es": "completa"},
    "status_incomplete": {"en": "not finished", "es": "sin terminar"},
    "status_running": {"en": "running", "es": "en curso"},
    "status_skipped": {"en": "skipped", "es": "saltado"},
    "status_done": {"en": "done", "es": "hecho"},
    "status_stopped": {"en": "stopped", "es": "parado"},
    # Sentences of the summary
    "no_usable_recent": {
        "en": "no usable session in the last {weeks} weeks.",
        "es": "ninguna sesión utilizable en las últimas {weeks} semanas.",
    },
    "typically": {
        "en": "typically {value} in the last {weeks} weeks{best}.",
        "es": "normalmente {value} en las últimas {weeks} semanas{best}.",
    },
    "best_paren": {"en": " (best {value})", "es": " (la mejor {value})"},
    "single_session": {
        "en": "{value} in its only session so far ({day}){best}: one session is not yet a "
        "typical value.",
        "es": "{value} en su única sesión hasta ahora ({day}){best}: una sola sesión aún no "
        "es un valor típico.",
    },
    "left_out_one": {
        "en": "{bad} of {sessions} had low-quality data and was left out.",
        "es": "{bad} de {sessions} tenía datos de poca calidad y se dejó fuera.",
    },
    "left_out": {
        "en": "{bad} of {sessions} had low-quality data and were left out.",
        "es": "{bad} de {sessions} tenían datos de poca calidad y se dejaron fuera.",
    },
    "event_phrase": {"en": "the {label} on {day}", "es": "el {day} ({label})"},
    "event_phrase_detail": {
        "en": "the {label} on {day} ({detail})",
        "es": "el {day} ({label}: {detail})",
    },
    "too_few_since": {
        "en": "Too few sessions to tell whether anything changed since {since}: {reason}.",
        "es": "Pocas sesiones para saber si algo cambió desde {since}: {reason}.",
    },
    "too_few_windows": {
        "en": "{nb} before and {na} after (at least {need} in each {days}-day window are needed)",
        "es": "{nb} antes y {na} después (hacen falta al menos {need} en cada periodo de "
        "{days} días)",
    },
    "too_few_mdc": {
        "en": "{n} session-to-session differences to learn how much this measurement varies "
        "by itself (at least {need} are needed)",
        "es": "{n} diferencias entre sesiones seguidas para saber cuánto varía esta medida "
        "por sí sola (hacen falta al menos {need})",
    },
    "interval": {
        "en": "95% interval {low} to {high}",
        "es": "intervalo del 95 % de {low} a {high}",
    },
    "no_clear_change": {
        "en": "No clear change since {since}: {change}, {interval}.",
        "es": "Sin cambio claro desde {since}: {change}, {interval}.",
    },
    "up": {"en": "Up {value}", "es": "Sube {value}"},
    "down": {"en": "Down {value}", "es": "Baja {value}"},
    "changed_by": {"en": "Changed by {value}", "es": "Cambia {value}"},
    "small_change": {
        "en": "{moved} since {since}: {interval}, but that is within the {mdc} this "
        "measurement can vary by itself.",
        "es": "{moved} desde {since}: {interval}, pero está dentro de los {mdc} que esta "
        "medida puede variar por sí sola.",
    },
    "changed": {
        "en": "{moved} since {since}: {interval}, more than the {mdc} this measurement can "
        "vary by itself.",
        "es": "{moved} desde {since}: {interval}, más que los {mdc} que esta medida puede "
        "variar por sí sola.",
    },
    "goal": {"en": "Goal {target}{by}", "es": "Meta {target}{by}"},
    "by_day": {"en": " by {day}", "es": " para el {day}"},
    "goal_reached": {"en": "{goal}: reached.", "es": "{goal}: alcanzada."},
    "goal_to_go": {"en": "{goal}: {gap} to go.", "es": "{goal}: faltan {gap}."},
    "no_sessions_period": {
        "en": "No sessions in this period.",
        "es": "No hay sesiones en este periodo.",
    },
    "adherence": {
        "en": "{sessions} in {weeks} ({per_week} per week); last session {day}.",
        "es": "{sessions} en {weeks} ({per_week} por semana); última sesión el {day}.",
    },
    "stopped_early": {
        "en": " {sessions} stopped before the end.",
        "es": " {sessions} se pararon antes del final.",
    },
    "no_answers": {
        "en": "The child gave no 'how did it feel' answers in this period.",
        "es": "El niño o la niña no respondió a «¿cómo te has sentido?» en este periodo.",
    },
    "always": {"en": "always {value}", "es": "siempre {value}"},
    "from_to": {"en": "from {low} to {high}", "es": "de {low} a {high}"},
    "score_pain": {
        "en": "pain typically {median} of 10 ({spread}, {answers})",
        "es": "dolor normalmente {median} de 10 ({spread}, {answers})",
    },
    "score_difficulty": {
        "en": "difficulty typically {median} of 10 ({spread}, {answers})",
        "es": "dificultad normalmente {median} de 10 ({spread}, {answers})",
    },
    "own_answers": {
        "en": "The child's own answers: {parts}.",
        "es": "Sus propias respuestas: {parts}.",
    },
    "no_scores": {"en": "no scores", "es": "sin puntuaciones"},
    "hurt_count": {
        "en": " Something hurt in {hurt} of {total} answers (see the table).",
        "es": " Algo dolió en {hurt} de {total} respuestas (ver la tabla).",
    },
    # Tremor in words
    "tremor_sentence": {
        "en": "{part}: tremor found in {found} of {measured} measured sessions{detail}.",
        "es": "{part}: temblor encontrado en {found} de {measured} sesiones medidas{detail}.",
    },
    "tremor_detail": {
        "en": " (typically {hz} Hz, {amplitude} of torso length from centre to peak)",
        "es": " (normalmente {hz} Hz, {amplitude} del largo del tronco del centro al pico)",
    },
    "tremor_none": {
        "en": "{part}: no tremor above the noise threshold in {measured}.",
        "es": "{part}: ningún temblor por encima del umbral de ruido en {measured}.",
    },
    "tremor_unmeasured": {
        "en": " Not measurable in {n}: {reasons}",
        "es": " No se pudo medir en {n}: {reasons}",
    },
    "never_measured": {
        "en": "Not measurable in any session: {items}.",
        "es": "No se pudo medir en ninguna sesión: {items}.",
    },
    "tremor_before_after": {
        "en": " Around {since}: tremor in {fb} of {nb} sessions before, {fa} of {na} after.",
        "es": " Alrededor de {since}: temblor en {fb} de {nb} sesiones antes, {fa} de {na} "
        "después.",
    },
    "band_movement": {"en": "Tremor-band movement", "es": "Movimiento en la banda del temblor"},
    "tremor_found": {"en": "tremor {hz} Hz, {amplitude}", "es": "temblor {hz} Hz, {amplitude}"},
    "not_measurable": {"en": "not measurable", "es": "no se pudo medir"},
    # Report
    "report_title": {"en": "Progress report: {name}", "es": "Informe de progreso: {name}"},
    "period": {"en": "{start} to {end}", "es": "del {start} al {end}"},
    "prepared": {"en": "prepared {day}", "es": "preparado el {day}"},
    "where_things_stand": {"en": "Where things stand", "es": "Cómo va"},
    "before_after_headline": {
        "en": "Before and after {event}: {days} days each side.",
        "es": "Antes y después de {event}: {days} días a cada lado.",
    },
    "too_few_all": {
        "en": "Too few sessions to tell whether anything changed: {reason}.",
        "es": "Pocas sesiones para saber si algo cambió: {reason}.",
    },
    "posture_line": {
        "en": "Posture during exercises, typical value in the last {weeks} weeks (sessions it "
        "rests on): {items}.",
        "es": "Postura durante los ejercicios, valor típico de las últimas {weeks} "
        "semanas (sesiones en que se basa): {items}.",
    },
    "posture_line_one": {
        "en": "Posture during exercises in the only session so far ({day}), not yet typical "
        "values: {items}.",
        "es": "Postura durante los ejercicios en la única sesión hasta ahora ({day}), aún no "
        "son valores típicos: {items}.",
    },
    "posture_item": {
        "en": "{label} {value} ({n} sessions)",
        "es": "{label} {value} ({n} sesiones)",
    },
    "posture_item_one": {
        "en": "{label} {value} (1 session only)",
        "es": "{label} {value} (una sola sesión)",
    },
    "posture_item_none": {
        "en": "{label}: no usable session in the last {weeks} weeks",
        "es": "{label}: ninguna sesión utilizable en las últimas {weeks} semanas",
    },
    "t_feel_words_note": {
        "en": "Only the answers given in words; every pain and difficulty score is on the "
        "chart 'How did it feel?'.",
        "es": "Solo las respuestas con palabras; todas las puntuaciones de dolor y dificultad "
        "están en el gráfico «¿Cómo te has sentido?».",
    },
    "tremor_group": {"en": "Tremor ({parts}): {text}", "es": "Temblor ({parts}): {text}"},
    "no_sessions_report": {
        "en": "{name} has no sessions in this period, so there is nothing to measure or "
        "compare yet: the charts and before/after results appear once sessions are done "
        "with posecapture.",
        "es": "{name} no tiene sesiones en este periodo, así que aún no hay nada que medir "
        "ni comparar: los gráficos y el antes y después aparecen cuando se hagan sesiones "
        "con posecapture.",
    },
    "no_measurements": {
        "en": "No measurements in this period.",
        "es": "No hay medidas en este periodo.",
    },
    "practice": {"en": "Practice: {text}", "es": "Práctica: {text}"},
    "recent_footnote": {
        "en": "'Last {weeks} weeks' ends on the report's last day. How the numbers are worked "
        "out, and their limits, is explained on the last page.",
        "es": "«Últimas {weeks} semanas» termina el último día del informe. Cómo se calculan "
        "los números, y sus límites, se explica en la última página.",
    },
    "charts": {"en": "Charts", "es": "Gráficos"},
    "nothing_recorded": {
        "en": "Nothing recorded in this period: {items}.",
        "es": "Nada anotado en este periodo: {items}.",
    },
    "before_after_sessions": {
        "en": "Before and after, session by session",
        "es": "Antes y después, sesión por sesión",
    },
    "how_to_read": {"en": "How to read this report", "es": "Cómo leer este informe"},
    "none_in_period": {"en": "None in this period.", "es": "Ninguno en este periodo."},
    "page_of": {"en": "page {n} of {total}", "es": "página {n} de {total}"},
    "how_1": {
        "en": "Each session gives one value per measurement: the median of that session's "
        "repetitions (the child's typical reach that day). The best single repetition is "
        "shown separately.",
        "es": "Cada sesión da un valor por medida: la mediana de las repeticiones de esa "
        "sesión (lo que el niño o la niña alcanza normalmente ese día). La mejor repetición "
        "se muestra aparte.",
    },
    "how_2": {
        "en": "Camera measurements wobble from session to session even when nothing changes. "
        "'Can vary by itself' is the minimal detectable change (MDC95 = 1.96 × √2 × SEM, "
        "where SEM is the standard error of measurement), worked out from this child's own "
        "consecutive sessions. A difference smaller than it could be that wobble alone.",
        "es": "Las medidas con cámara varían un poco de una sesión a otra aunque nada cambie. "
        "«Puede variar por sí sola» es el cambio mínimo detectable (MDC95 = 1.96 × √2 × SEM, "
        "donde SEM es el error estándar de la medida), calculado con las sesiones seguidas "
        "de este niño o niña. Una diferencia más pequeña podría ser solo esa variación.",
    },
    "how_3": {
        "en": "Before and after compares the sessions in the {days} days before a care event "
        "with the {days} days after it (the day itself is in neither). The change is the "
        "median of all after-minus-before differences, with an exact 95% interval. It is "
        "called a change only if the interval excludes zero and the change is larger than "
        "the MDC. With fewer than {need} sessions on either side the report says 'too few "
        "sessions to tell'.",
        "es": "Antes y después compara las sesiones de los {days} días antes de un evento de "
        "cuidado con los {days} días después (el día mismo no cuenta en ninguno). El cambio "
        "es la mediana de todas las diferencias después-menos-antes, con un intervalo exacto "
        "del 95 %. Solo se llama cambio si el intervalo no incluye el cero y el cambio es "
        "mayor que el MDC. Con menos de {need} sesiones en un lado el informe dice «pocas "
        "sesiones para saber».",
    },
    "how_4": {
        "en": "Sessions where the joint was seen in less than half the frames, or where no "
        "repetition was completed, are drawn hollow and left out of every figure.",
        "es": "Las sesiones en que la articulación se vio en menos de la mitad de las imágenes, "
        "o en que no se completó ninguna repetición, se dibujan huecas y no cuentan en "
        "ninguna cifra.",
    },
    "how_5": {
        "en": "Tremor is looked for in the head and each wrist during every exercise: a "
        "rhythmic shake between 3 and 12 Hz (times per second). When one stands out above "
        "the camera's own noise, its frequency and its size (centre to peak, in % of the "
        "child's torso length) are given; otherwise the report says 'no tremor above the "
        "noise threshold'. 'Tremor-band movement' is all movement in that band, tremor or "
        "noise: lower means less shaking. A part the camera could not follow is left out, "
        "with the reason.",
        "es": "El temblor se busca en la cabeza y en cada muñeca durante cada ejercicio: una "
        "sacudida rítmica de 3 a 12 Hz (veces por segundo). Cuando destaca por encima del "
        "ruido propio de la cámara se da su frecuencia y su tamaño (del centro al pico, en % "
        "del largo del tronco); si no, el informe dice «ningún temblor por encima del umbral "
        "de ruido». «Movimiento en la banda del temblor» es todo el movimiento en esa banda, "
        "temblor o ruido: más bajo significa menos sacudida. Una parte que la cámara no pudo "
        "seguir se deja fuera, con el motivo.",
    },
    "how_6": {
        "en": "A change after an event does not prove the event caused it: growth, practice, "
        "illness, mood and camera placement also move these numbers.",
        "es": "Un cambio después de un evento no prueba que el evento lo causara: el "
        "crecimiento, la práctica, una enfermedad, el ánimo y dónde se pone la cámara también "
        "mueven estos números.",
    },
    # Charts
    "charts_one": {
        "en": "One session so far ({day}): charts start after the second session.",
        "es": "Por ahora hay una sola sesión ({day}): los gráficos empiezan después de la segunda.",
    },
    "charts_none": {
        "en": "No sessions in this period: charts need at least {need}.",
        "es": "No hay sesiones en este periodo: los gráficos necesitan al menos {need}.",
    },
    "charts_uncharted": {
        "en": "Measured in one session only, so not charted yet: {items}.",
        "es": "Medido en una sola sesión, así que aún sin gráfico: {items}.",
    },
    "chart_goal": {"en": "goal {value}", "es": "meta {value}"},
    "chart_low_quality": {
        "en": "{name}: low-quality session",
        "es": "{name}: sesión de poca calidad",
    },
    "chart_interval": {"en": "90% interval", "es": "intervalo del 90%"},
    "chart_sessions": {"en": "sessions", "es": "sesiones"},
    "chart_sessions_per_week": {"en": "Sessions per week", "es": "Sesiones por semana"},
    "chart_faces": {"en": "0-10 faces scale", "es": "escala de caras 0-10"},
    "chart_how_feel": {
        "en": "How did it feel? (the child's answers)",
        "es": "¿Cómo te has sentido? (sus respuestas)",
    },
    "chart_pain": {"en": "pain", "es": "dolor"},
    "chart_difficulty": {"en": "difficulty", "es": "dificultad"},
    "chart_mdc": {"en": "± MDC ({value})", "es": "± MDC ({value})"},
    "chart_days_before": {"en": "{days} days\nbefore", "es": "{days} días\nantes"},
    "chart_days_after": {"en": "{days} days\nafter", "es": "{days} días\ndespués"},
    "chart_around": {"en": "{label}\naround {day}", "es": "{label}\nalrededor del {day}"},
    # Tables
    "verdict_changed": {"en": "Changed, beyond noise", "es": "Cambió, más allá del ruido"},
    "verdict_small_change": {"en": "Within the noise", "es": "Dentro del ruido"},
    "verdict_no_clear_change": {"en": "No clear change", "es": "Sin cambio claro"},
    "verdict_too_few_sessions": {
        "en": "Too few sessions to tell",
        "es": "Pocas sesiones para saber",
    },
    "t_measurement": {"en": "Measurement", "es": "Medida"},
    "t_days_before": {"en": "{days} days before", "es": "{days} días antes"},
    "t_days_after": {"en": "{days} days after", "es": "{days} días después"},
    "t_change": {"en": "Change (95% interval)", "es": "Cambio (intervalo del 95 %)"},
    "t_can_vary": {"en": "Can vary by itself", "es": "Puede variar por sí sola"},
    "t_verdict": {"en": "Verdict", "es": "Conclusión"},
    "t_before_after_title": {
        "en": "Before and after: {label}, {day}",
        "es": "Antes y después: {label}, {day}",
    },
    "t_before_after_note": {
        "en": "Medians of the session values, with the number of sessions (n). The change is "
        "the median of all after-minus-before differences. 'Can vary by itself' is the "
        "minimal detectable change (MDC95) from this child's session-to-session variation. "
        "The day of the event itself is in neither window.",
        "es": "Medianas de los valores de las sesiones, con el número de sesiones (n). El "
        "cambio es la mediana de todas las diferencias después-menos-antes. «Puede variar "
        "por sí sola» es el cambio mínimo detectable (MDC95) según la variación de este niño "
        "o niña entre sesiones. El día del evento no cuenta en ningún periodo.",
    },
    "t_over_period": {"en": "Measurements over the period", "es": "Medidas en el periodo"},
    "t_usable": {"en": "Usable sessions", "es": "Sesiones utilizables"},
    "t_first_weeks": {"en": "First 4 weeks", "es": "Primeras 4 semanas"},
    "t_last_weeks": {"en": "Last 4 weeks", "es": "Últimas 4 semanas"},
    "t_best_rep": {"en": "Best rep", "es": "Mejor repetición"},
    "t_goal": {"en": "Goal", "es": "Meta"},
    "t_n_of_m": {"en": "{n} of {m}", "es": "{n} de {m}"},
    "t_over_period_note": {
        "en": "Typical (median) session values. A session is usable when the joint was seen "
        "well enough and at least one rep was completed.",
        "es": "Valores típicos (mediana) de las sesiones. Una sesión es utilizable si la "
        "articulación se vio bien y se completó al menos una repetición.",
    },
    "t_sessions": {"en": "Sessions", "es": "Sesiones"},
    "t_date": {"en": "Date", "es": "Fecha"},
    "t_routine": {"en": "Routine", "es": "Rutina"},
    "t_status": {"en": "Status", "es": "Estado"},
    "t_values": {
        "en": "Values (typical of the reps)",
        "es": "Valores (típico de las repeticiones)",
    },
    "t_reps": {"en": ", {done}/{planned} reps", "es": ", {done}/{planned} repeticiones"},
    "t_no_tremor": {"en": "no tremor", "es": "sin temblor"},
    "t_sessions_note": {
        "en": "'No tremor': none above the noise threshold. A value followed by [...] was left "
        "out of every figure, for the reason in brackets.",
        "es": "«Sin temblor»: ninguno por encima del umbral de ruido. Un valor seguido de [...] "
        "no cuenta en ninguna cifra, por el motivo entre corchetes.",
    },
    "t_low_quality": {"en": "low quality", "es": "poca calidad"},
    "t_no_measurement": {"en": "no measurement", "es": "sin medidas"},
    "t_feel_title": {
        "en": "How did it feel? The child's answers",
        "es": "¿Cómo te has sentido? Sus respuestas",
    },
    "t_pain": {"en": "Pain", "es": "Dolor"},
    "t_difficulty": {"en": "Difficulty", "es": "Dificultad"},
    "t_helped": {"en": "What helped", "es": "Qué ayudó"},
    "t_hurt": {"en": "What hurt", "es": "Qué dolió"},
    "t_wants_more": {"en": "Wants more of", "es": "Quiere más"},
    "t_notebook": {"en": "Notebook", "es": "Cuaderno"},
    "t_who": {"en": "Who", "es": "Quién"},
    "t_note": {"en": "Note", "es": "Nota"},
    "t_care_events": {"en": "Care events", "es": "Eventos de cuidado"},
    "t_number": {"en": "No.", "es": "N.º"},
    "t_event": {"en": "Event", "es": "Evento"},
    "t_details": {"en": "Details", "es": "Detalles"},
    "t_muscles": {"en": "Muscles", "es": "Músculos"},
    "t_dose": {"en": "Dose", "es": "Dosis"},
    "t_events_note": {
        "en": "Use a number with 'posecapture report --event NUMBER' to compare around that event.",
        "es": "Use un número con «posecapture report --event NÚMERO» para comparar alrededor "
        "de ese evento.",
    },
    "t_goals": {"en": "Goals", "es": "Metas"},
    "t_target": {"en": "Target", "es": "Objetivo"},
    "t_by": {"en": "By", "es": "Para el"},
    "t_tremor_title": {"en": "Tremor, per body part", "es": "Temblor, por parte del cuerpo"},
    "t_part": {"en": "Body part", "es": "Parte del cuerpo"},
    "t_measured": {"en": "Sessions measured", "es": "Sesiones medidas"},
    "t_tremor_found": {"en": "Tremor found", "es": "Con temblor"},
    "t_frequency": {"en": "Frequency", "es": "Frecuencia"},
    "t_size": {"en": "Size (centre to peak)", "es": "Tamaño (centro a pico)"},
    "t_not_measurable": {"en": "Not measurable, why", "es": "No se pudo medir, por qué"},
    "t_tremor_note": {
        "en": "Frequency and size are medians over the sessions where a tremor stood out "
        "above the noise; size is in % of the child's torso length. Sessions without a "
        "tremor above the noise threshold count as measured.",
        "es": "Frecuencia y tamaño son medianas de las sesiones en que un temblor destacó "
        "por encima del ruido; el tamaño está en % del largo del tronco. Las sesiones sin "
        "temblor por encima del umbral de ruido cuentan como medidas.",
    },
}


# The measurement's own reasons (``posecapture.kinematics``) are English sentences;
# the fixed ones are translated here, any other is shown as written.
REASONS_ES: dict[str, str] = {
    "Too few frames to look for tremor.": "Muy pocas imágenes para buscar temblor.",
    "Less than 2 s of steady view of this body part; hold still longer.": (
        "Menos de 2 s viendo bien esta parte del cuerpo; hay que quedarse quieto más tiempo."
    ),
    "No rhythmic movement found in the tremor band.": (
        "No se encontró movimiento rítmico en la banda del temblor."
    ),
    "No rhythmic movement above the noise in the tremor band.": (
        "Ningún movimiento rítmico por encima del ruido en la banda del temblor."
    ),
    "The trunk (shoulders and hips) was not seen, so there is no reference.": (
        "No se vio el tronco (hombros y caderas), así que no hay referencia."
    ),
    "The face was not seen: the child had their back to the camera.": (
        "No se vio la cara: estaba de espaldas a la cámara."
    ),
}


def reason_words(reason: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A measurement's reason in ``language`` when a translation is known."""
    return REASONS_ES.get(reason, reason) if language == "es" else reason


def say(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text ``key`` in ``language`` (English if the language is unknown), filled in."""
    filled = lookup(WORDS, key, language, **values)
    if language == "es":
        # Spanish contracts "de el" and "a el" once a phrase starting "el ..." is filled in.
        filled = filled.replace(" de el ", " del ").replace(" a el ", " al ")
    return filled


def counted(n: int, noun: str, language: str = DEFAULT_LANGUAGE) -> str:
    """ "1 session", "3 sesiones": ``noun`` is one of session, week, answer."""
    return say(f"{noun}_one" if n == 1 else f"{noun}_many", language, n=n)


def language_of(value: str | None) -> str:
    """A known language code, English for anything else (an old setting, a typo)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def format_day(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """The one date style of the review pages: "2 Nov 2026" / "2 nov 2026"."""
    months = MONTHS[language_of(language)]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def month_year(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A month for long chart axes: "Nov 2026"."""
    return f"{MONTHS[language_of(language)][day.month - 1]} {day.year}"


def short_day(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """The same style without the year, for chart axes: "2 Nov"."""
    return f"{day.day} {MONTHS[language_of(language)][day.month - 1]}"


def joint_label_es(joint: str, side: str | None) -> str | None:
    """The Spanish name of a joint metric, the side agreeing in gender; None if unknown."""
    known = _JOINTS_ES.get(joint)
    if known is None:
        return None
    name, gender = known
    return f"{name} {_SIDES_ES[side, gender]}" if side in ("left", "right") else name
