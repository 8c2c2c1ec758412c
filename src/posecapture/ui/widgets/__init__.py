"""Drawn widgets of the child's screens: no image files, everything scales to any screen.

The drawing code takes a widget's middle from ``x + width / 2`` rather than from
``center_x``: inside a ``pos`` callback Kivy's cached ``center`` alias may still
hold the old position, which drew rings and icons where the widget used to be.
"""
