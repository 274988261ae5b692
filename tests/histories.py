"""Long workout histories made in one transaction, for the scale tests and bench/history.py.

The pattern is a keen user's: two sessions a day but Sundays, and a rest week (Monday to
Sunday) in every ten (or as asked, or none), going back from `newest` for as long as
`count` sessions take. So the streaks end within ten weeks, as a person's do, however long
the history is.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from heelcli.store.history import FILE_NAME, Store


def build(home: Path, count: int, newest: datetime, *, rest_every: int | None = 10,
          sundays: bool = False) -> Path:
    """A history of `count` completed sessions in `home`; its path. A rest week in every
    `rest_every`; with None, none: the streak of weeks runs back to the first session.
    With `sundays`, Sundays too (and without rest weeks, the streak of days does)."""
    home.mkdir(parents=True, exist_ok=True)
    store = Store(home / FILE_NAME)
    sessions, results = [], []
    day = 0
    while len(sessions) < count:
        moment = newest - timedelta(days=day)
        weeks = (moment.toordinal() - 1) // 7  # ISO weeks since 1 January of year 1, a Monday
        if (sundays or moment.weekday() != 6) and (rest_every is None
                                                   or weeks % rest_every != 0):
            for hours in (0, 10)[:count - len(sessions)]:
                n = len(sessions) + 1
                start = (moment - timedelta(hours=hours)).astimezone(timezone.utc)
                sessions.append((n, start.isoformat(timespec="seconds"), 540.0, "completed",
                                 "heel-basics", "bridge", 30))
                results.append((n, 0, "bridge", "Bridge", "", 3, 30, 540.0))
        day += 1
    store.db.execute("BEGIN")
    # The results first: their trigger finds no session to sum for yet, and each session
    # comes with the reps it would sum to, so a big history is made in one pass.
    store.db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", results)
    store.db.executemany("INSERT INTO sessions (id, started_at, seconds, status, routine, "
                         "exercises, reps) VALUES (?, ?, ?, ?, ?, ?, ?)", sessions)
    store.db.execute("COMMIT")
    store.close()
    return home / FILE_NAME


def in_program(path: Path, days: tuple[int, ...] = (0, 2, 4),
               started_at: datetime | None = None) -> int:
    """Make every session of the history at `path` one of a program running since the
    first of them (or `started_at`); the program's id."""
    store = Store(path)
    (first,) = store.db.execute("SELECT min(started_at) FROM sessions").fetchone()
    pid = store.start_program(started_at=started_at or datetime.fromisoformat(first),
                              days=days, pain_limit=5, levels={})
    store.db.execute("UPDATE sessions SET program_id = ?", (pid,))
    store.close()
    return pid


# What schema 8 added (sessions.reps, the done table, their triggers), undone in order.
UNDO_REPS = ("DROP TRIGGER reps_on_insert", "DROP TRIGGER reps_on_update",
             "DROP TRIGGER reps_on_delete", "DROP TRIGGER done_on_insert",
             "DROP TRIGGER done_on_update", "DROP TRIGGER done_on_delete",
             "DROP TABLE done", "ALTER TABLE sessions DROP COLUMN reps")


def before_reps(db: sqlite3.Connection) -> None:
    """Take the history open in `db` back to schema 7, as a heel before sessions.reps left
    it (its sessions and results as they are)."""
    for statement in UNDO_REPS:
        db.execute(statement)
    db.execute("PRAGMA user_version = 7")
