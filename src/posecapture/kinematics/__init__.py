"""Pure NumPy measurement over landmark arrays: cleaning, angles, ROM, quality, posture.

Nothing here does I/O or keeps global state; every function takes the arrays of
``posecapture.landmarks`` and returns arrays or plain values.
"""

# Bumped whenever a change to this package changes the numbers it produces, so that a
# stored session or result file says which version of the measurements made it.
METRIC_VERSION = "5"
