"""Tests that run the app in a real Kivy window (under Xvfb)."""
