"""The session store: children, sessions, results and the care team's records in SQLite.

See docs/store.md for the tables, where the file lives, backups and privacy.
"""

from posecapture.store.location import default_db_path
from posecapture.store.store import Store, StoreError

__all__ = ["Store", "StoreError", "default_db_path"]
