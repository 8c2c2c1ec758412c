"""Drawn widgets of the child's screens: no image files, everything scales to any screen."""
