"""The safety notes: shown before the first session on a machine, and with --safety.

The text is the `safety` topic of the exercise file (the built-in one when a file has
none), so `heel why safety` and the screen before a session never disagree. That it has
been shown is remembered by a small file in heel's home, written whether or not the
session is logged: --no-log should not bring the screen back every time.
"""

from __future__ import annotations

import os

from heelcli.engine import catalog as catalogs
from heelcli.engine.catalog import Catalog, Topic
from heelcli.engine.errors import HeelError

TOPIC = "safety"
MARKER = "safety-shown"
_NOTE = ("heel has shown its safety notes on this machine. Delete this file to see them "
         "again before the next session, or run: heel why safety\n")


def find(catalog: Catalog, topic_id: str) -> Topic | None:
    """A topic of the file; for `safety`, the built-in one when the file has none."""
    found = catalog.topic(topic_id)
    built_in = catalogs.default_path()
    if found is None and topic_id == TOPIC and catalog.source != built_in:
        found = catalogs.load(built_in).topic(TOPIC)
    return found


def topic(catalog: Catalog) -> Topic:
    found = find(catalog, TOPIC)
    if found is None:  # only if the built-in file lost it, which a test guards against
        raise HeelError("the built-in exercise file has no safety topic")
    return found


# The home as text: a session loads no pathlib (0.7 MiB, 3 ms) for one file's existence.
def due(home: str | os.PathLike[str]) -> bool:
    """True until the notes have been shown once on this machine (in this heel home)."""
    return not os.path.exists(os.path.join(home, MARKER))


def remember(home: str | os.PathLike[str]) -> None:
    try:
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, MARKER), "w", encoding="utf-8") as marker:
            marker.write(_NOTE)
    except OSError:
        pass  # not remembered: the notes show again next time, the safe way to fail
