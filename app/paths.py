"""Where Presence keeps its database, computed as Qt's QStandardPaths.AppDataLocation does.

Computed without Qt so that command-line paths start fast; a GUI test checks that the two
agree on this platform.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME
from app.storage.errors import StorageError

DB_FILENAME = "presence.db"


def app_data_dir() -> Path:
    """The per-user data folder for Presence (AppDataLocation, no organisation name)."""
    if sys.platform != "win32" and not os.environ.get("HOME", "x").strip():
        # Path.home() would be "/": a database under /.local/share, for every user alike.
        raise StorageError("HOME is empty, so Presence cannot find your data folder; "
                           "give --db FILE or set PRESENCE_DB")
    home = Path.home()
    if not home.is_absolute():
        raise StorageError(f"HOME is {str(home)!r}, not an absolute folder; "
                           "give --db FILE or set PRESENCE_DB")
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_NAME


def default_db_path() -> Path:
    """`PRESENCE_DB` if set, else presence.db in the app data folder."""
    env = os.environ.get("PRESENCE_DB")
    if env:
        return Path(env)
    return app_data_dir() / DB_FILENAME
