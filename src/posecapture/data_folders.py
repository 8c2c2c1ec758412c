"""Where the data folders beside the code (``exercises/``, ``assets/``) are found.

They live at the top of the source tree, where a therapist edits the exercise
files and a developer finds the pictures. The scripts install the package in
editable mode, so the source tree is found from this file; an ordinary install
(a wheel) carries copies under ``<prefix>/share/posecapture/`` (pyproject's
``data-files``). An environment variable, when given, wins over both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parents[2]


def data_folder(name: str, env_var: str | None = None) -> Path | None:
    """The folder ``name`` (``"exercises"`` or ``"assets"``), or None when there is none.

    Order: the folder named by ``env_var`` (returned even if missing, so the caller
    can say that it is), the source tree's, then the installed copy.
    """
    named = os.environ.get(env_var) if env_var else None
    if named:
        return Path(named)
    for candidate in (_SOURCE_TREE / name, Path(sys.prefix) / "share" / "posecapture" / name):
        if candidate.is_dir():
            return candidate
    return None
