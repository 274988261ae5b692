"""Where heel keeps its files. os.path only: a command that just asks whether there is a
history (a dry run with no program) should not pay for pathlib, sqlite3 or the store."""

from __future__ import annotations

import os

FILE_NAME = "history.sqlite3"


def home_dir() -> str:
    """$HEEL_HOME, else the user data directory (~/.local/share/heel on Linux)."""
    if os.environ.get("HEEL_HOME"):
        return os.environ["HEEL_HOME"]
    import platformdirs

    return str(platformdirs.user_data_dir("heel", appauthor=False))
