"""Every word the app shows or speaks, in English and Spanish, in one place.

The child may not read yet, so the text on the child's screens is short and is
also spoken; a parent reads the rest. Keep both languages side by side so a
missing translation shows up in review (and in ``tests/ui/test_i18n.py``).
Exercise titles and instructions come from the exercise files themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from posecapture.languages import DEFAULT_LANGUAGE, lookup

STRINGS: dict[str, dict[str, str]] = {
    # Who is exercising today
    "who_today": {"en": "Who is exercising today?", "es": "¿Quién hace ejercicio hoy?"},
    "add_child": {"en": "Add a child", "es": "Añadir un niño o niña"},
    "child_name": {"en": "Name", "es": "Nombre"},
    "pick_picture": {"en": "Pick a picture", "es": "Elige un dibujo"},
    "save": {"en": "Save", "es": "Guardar"},
    "cancel": {"en": "Cancel", "es": "Cancelar"},
    "name_needed": {
        "en": "Type the child's name first.",
        "es": "Escribe primero el nombre.",
    },
    # Today's routine
    "hello": {"en": "Hi {name}!", "es": "¡Hola, {name}!"},
    "todays_exercises": {"en": "Today's exercises", "es": "Los ejercicios de hoy"},
    "start": {"en": "Start", "es": "Empezar"},
    "no_routine": {
        "en": "No routine is set. A grown-up can choose one in Settings.",
        "es": "No hay rutina. Un adulto puede elegir una en Ajustes.",
    },
    # Instruction
    "listen_again": {"en": "Listen", "es": "Escuchar"},
    "ready": {"en": "I'm ready!", "es": "¡Estoy listo!"},
    "side_left": {"en": "Left side", "es": "Lado izquierdo"},
    "side_right": {"en": "Right side", "es": "Lado derecho"},
    # Camera setup check (the hints themselves are the engine's SETUP_HINTS)
    "get_ready": {"en": "Let's get ready", "es": "Vamos a prepararnos"},
    "setup_ok": {"en": "Great, I can see you!", "es": "¡Genial, te veo!"},
    # Live exercise
    "countdown": {"en": "Get ready…", "es": "Prepárate…"},
    "go": {"en": "Go!", "es": "¡Ya!"},
    "rep_of": {"en": "{rep} of {reps}", "es": "{rep} de {reps}"},
    "reach": {"en": "Reach for the target!", "es": "¡Llega a la meta!"},
    "hold_it": {"en": "Hold it… you've got it!", "es": "¡Aguanta… lo tienes!"},
    "almost": {"en": "Almost there!", "es": "¡Casi!"},
    "rep_done": {"en": "Yes! Well done!", "es": "¡Sí! ¡Muy bien!"},
    "keep_going": {"en": "Nice and slow, keep going.", "es": "Despacito, sigue así."},
    "skip": {"en": "Skip", "es": "Saltar"},
    # Pause, camera lost
    "paused": {"en": "Paused", "es": "En pausa"},
    "camera_lost": {
        "en": "The camera stopped. Check that it is plugged in; we will carry on when it is back.",
        "es": "La cámara se ha parado. Comprueba que está conectada; seguiremos cuando vuelva.",
    },
    # Rest and reward
    "rest": {"en": "Rest time", "es": "Descanso"},
    "rest_hint": {
        "en": "Shake your arms and take a big breath.",
        "es": "Mueve los brazos y respira hondo.",
    },
    "star_earned": {"en": "You earned a star!", "es": "¡Has ganado una estrella!"},
    "stars_total": {"en": "{n} stars in your collection", "es": "{n} estrellas en tu colección"},
    "stars_one": {"en": "1 star in your collection", "es": "1 estrella en tu colección"},
    "next": {"en": "Next", "es": "Siguiente"},
    # Self-report
    "how_feel": {"en": "How did that feel?", "es": "¿Cómo te has sentido?"},
    "did_it_hurt": {"en": "Did it hurt?", "es": "¿Te ha dolido?"},
    "how_hard": {"en": "How hard was it?", "es": "¿Ha sido difícil?"},
    "tell_more": {"en": "Tell us more", "es": "Cuéntanos más"},
    "previous_page": {"en": "Back", "es": "Atrás"},
    "effort_0": {"en": "Easy", "es": "Fácil"},
    "effort_2": {"en": "OK", "es": "Bien"},
    "effort_4": {"en": "A bit hard", "es": "Algo difícil"},
    "effort_6": {"en": "Hard", "es": "Difícil"},
    "effort_8": {"en": "Very hard", "es": "Muy difícil"},
    "effort_10": {"en": "Too hard", "es": "Demasiado"},
    "face_0": {"en": "Great", "es": "Genial"},
    "face_2": {"en": "Good", "es": "Bien"},
    "face_4": {"en": "A little sore", "es": "Un poco de dolor"},
    "face_6": {"en": "Sore", "es": "Dolor"},
    "face_8": {"en": "Very sore", "es": "Mucho dolor"},
    "face_10": {"en": "Too much", "es": "Demasiado"},
    "what_helped": {"en": "What helped?", "es": "¿Qué te ayudó?"},
    "what_hurt": {"en": "What hurt?", "es": "¿Qué te dolió?"},
    "want_more": {"en": "What do you want more of?", "es": "¿Qué quieres más?"},
    "typed_note": {
        "en": "A grown-up can type more here",
        "es": "Un adulto puede escribir más aquí",
    },
    "done": {"en": "Done", "es": "Listo"},
    "skip_questions": {"en": "Not now", "es": "Ahora no"},
    "pick_arms": {"en": "Arms", "es": "Brazos"},
    "pick_legs": {"en": "Legs", "es": "Piernas"},
    "pick_back": {"en": "Back", "es": "Espalda"},
    "pick_neck": {"en": "Neck", "es": "Cuello"},
    "pick_music": {"en": "Music", "es": "Música"},
    "pick_rest": {"en": "Resting", "es": "Descansar"},
    "pick_help": {"en": "A grown-up helping", "es": "Ayuda de un adulto"},
    "pick_games": {"en": "Games", "es": "Juegos"},
    "pick_stretch": {"en": "Stretching", "es": "Estirar"},
    "pick_nothing": {"en": "Nothing", "es": "Nada"},
    # The end
    "thanks": {"en": "All done! Thank you, {name}!", "es": "¡Terminado! ¡Gracias, {name}!"},
    "see_you": {"en": "See you next time.", "es": "Hasta la próxima."},
    "again": {"en": "Back to the start", "es": "Volver al principio"},
    "saved_incomplete": {
        "en": "Saved what was done; the routine was not finished.",
        "es": "Se ha guardado lo hecho; la rutina no se terminó.",
    },
    # Grown-ups' area
    "grown_ups": {"en": "Grown-ups only", "es": "Solo para adultos"},
    "enter_pin": {"en": "Enter the PIN", "es": "Escribe el PIN"},
    "wrong_pin": {"en": "That PIN is not right. Try again.", "es": "El PIN no es correcto."},
    "settings": {"en": "Settings", "es": "Ajustes"},
    "review": {"en": "Progress and notes", "es": "Progreso y notas"},
    "recording": {
        "en": "Keep a video of the next session",
        "es": "Guardar un vídeo de la próxima sesión",
    },
    "recording_on": {
        "en": "Video will be kept beside the next session on this tablet only.",
        "es": "Se guardará el vídeo junto a la próxima sesión, solo en esta tableta.",
    },
    "recording_off": {
        "en": "No video is kept: only the measurements.",
        "es": "No se guarda vídeo: solo las medidas.",
    },
    "sessions": {"en": "Sessions", "es": "Sesiones"},
    "delete": {"en": "Delete", "es": "Borrar"},
    "confirm_delete": {"en": "Tap again to delete", "es": "Toca otra vez para borrar"},
    "back_to_child": {"en": "Back to the child", "es": "Volver con el niño"},
    "end_session": {"en": "End this session", "es": "Terminar esta sesión"},
    "change_child": {"en": "Change child", "es": "Cambiar de niño"},
    "quit": {"en": "Close the app", "es": "Cerrar la app"},
    "no_sessions": {"en": "No sessions yet.", "es": "Todavía no hay sesiones."},
    "status_complete": {"en": "complete", "es": "completa"},
    "status_incomplete": {"en": "not finished", "es": "sin terminar"},
    "status_running": {"en": "running", "es": "en curso"},
    # Settings panel
    "setting_on": {"en": "On", "es": "Sí"},
    "setting_off": {"en": "Off", "es": "No"},
    "set_language": {"en": "Language", "es": "Idioma"},
    "set_language_desc": {
        "en": "The language of the screens and the voice.",
        "es": "El idioma de las pantallas y de la voz.",
    },
    "set_voice": {"en": "Voice", "es": "Voz"},
    "set_voice_desc": {
        "en": "Say the instructions and the encouragement out loud.",
        "es": "Decir en voz alta las instrucciones y los ánimos.",
    },
    "set_pin": {"en": "Grown-ups' PIN", "es": "PIN de adultos"},
    "set_pin_desc": {
        "en": "Four digits that open the grown-ups' area.",
        "es": "Cuatro cifras que abren la zona de adultos.",
    },
    "set_routine": {"en": "Routine", "es": "Rutina"},
    "set_routine_desc": {
        "en": "The routine the child does each day.",
        "es": "La rutina que hace cada día.",
    },
}

# The faces scales: values stored as the child's pain rating (0 no hurt .. 10 worst)
# and difficulty rating (0 easy .. 10 too hard).
FACE_VALUES: tuple[int, ...] = (0, 2, 4, 6, 8, 10)

# Picture choices in the self-report; the stored text is the English word so the
# care team's records read the same whatever the family's language.
HELPED_CHOICES: tuple[str, ...] = ("music", "rest", "help", "games", "stretch", "nothing")
HURT_CHOICES: tuple[str, ...] = ("arms", "legs", "back", "neck", "nothing")
MORE_CHOICES: tuple[str, ...] = ("games", "music", "stretch", "rest")


def text(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string ``key`` in ``language`` (English if the language is unknown)."""
    return lookup(STRINGS, key, language, **values)


def pick(translations: Mapping[str, str], language: str) -> str:
    """One language out of an exercise's ``{en: ..., es: ...}`` text."""
    return translations.get(language) or translations.get(DEFAULT_LANGUAGE, "")


def english(key: str) -> str:
    """The English text of ``key``, as stored for the care team."""
    return STRINGS[key][DEFAULT_LANGUAGE]
