"""The session: exercises run as a state machine over measurement frames.

``engine.SessionEngine`` runs a routine and emits ``events``; ``results`` holds
what a session produces; the recorder and the headless runner store and drive
it. No UI and no I/O in the engine: the app and the command line sit on top.
"""
