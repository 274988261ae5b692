"""Where heel keeps its files. os.path only: a command that just asks whether there is a
history (a dry run with no program) should not pay for pathlib, sqlite3 or the store."""

from __future__ import annotations

import os
from collections.abc import Mapping

FILE_NAME = "history.sqlite3"


def home_dir(environ: Mapping[str, str]) -> str:
    """$HEEL_HOME, else the user data directory (~/.local/share/heel on Linux). `environ`
    is the environment's (heelcli.flows.environment), the one reader of the variables."""
    if environ.get("HEEL_HOME"):
        return environ["HEEL_HOME"]
    import platformdirs

    return str(platformdirs.user_data_dir("heel", appauthor=False))


def history_file(home: str | os.PathLike[str]) -> str:
    """The history's path in `home`, named as pathlib would name it (messages show it)."""
    return named(os.path.join(home, FILE_NAME))


def named(path: str) -> str:
    """`str(Path(path))` (the name heel's messages show) without importing pathlib, which
    costs 3 ms with urllib.parse and ipaddress on every command that reads the history."""
    if os.name != "posix":  # drives and backslashes: pathlib's rules, not these
        from pathlib import Path

        return str(Path(path))
    if path.startswith("//") and not path.startswith("///"):
        lead = "//"  # POSIX leaves the meaning of exactly two to the system, as pathlib does
    else:
        lead = "/" if path.startswith("/") else ""
    return lead + "/".join(part for part in path.split("/") if part and part != ".") or "."


def file_uri(path: str) -> str:
    """`Path(path).absolute().as_uri()`, for SQLite's read-only open, without pathlib."""
    if os.name != "posix":
        from pathlib import Path

        return Path(path).absolute().as_uri()
    absolute = named(path if path.startswith("/") else os.path.join(os.getcwd(), path))
    return "file://" + "".join(chr(byte) if byte in _URI_SAFE else f"%{byte:02X}"
                               for byte in os.fsencode(absolute))


# What urllib.parse.quote_from_bytes leaves as it is in a path (safe="/").
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")
