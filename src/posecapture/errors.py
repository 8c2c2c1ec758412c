"""Errors a user can meet.

A ``UserError`` carries one plain sentence that says what went wrong and what to do.
The command line and the app show its message as it is, with no traceback; any
other exception is a programming error and is allowed to raise.
"""


class UserError(Exception):
    """A problem with the user's input or environment, explained in plain words."""


class SourceError(UserError):
    """A video, camera or image could not be opened or read."""


class CameraLost(SourceError):
    """A live camera stopped delivering frames (unplugged, taken by another app)."""
