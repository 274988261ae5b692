"""Where heel keeps its files. os.path only: a command that just asks whether there is a
history (a dry run with no program) should not pay for pathlib, sqlite3 or the store."""

from __future__ import annotations

from collections.abc import Mapping

FILE_NAME = "history.sqlite3"


def home_dir(environ: Mapping[str, str]) -> str:
    """$HEEL_HOME, else the user data directory (~/.local/share/heel on Linux). `environ`
    is the environment's (heelcli.flows.environment), the one reader of the variables."""
    if environ.get("HEEL_HOME"):
        return environ["HEEL_HOME"]
    import platformdirs

    return str(platformdirs.user_data_dir("heel", appauthor=False))
