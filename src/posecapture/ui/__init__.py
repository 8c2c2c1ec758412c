"""The Kivy tablet app (``app.py``), its screens, widgets, words and voice. See docs/app.md."""
