"""The workout log: SQLite through the standard library, one file in the user's data dir.

A session row is written when a workout starts and updated after every set, each in its
own short BEGIN IMMEDIATE transaction, so a killed process keeps what it did and two
processes finishing at once both land (the second waits for the first: busy timeout).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from heelcli.errors import HeelError
from heelcli.runner import Part

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 10_000
IN_PROGRESS, COMPLETED, STOPPED = "in_progress", "completed", "stopped"

# Each entry moves the schema one version forward; PRAGMA user_version says where a file is.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,              -- UTC, ISO 8601
        seconds REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        routine TEXT,
        exercises TEXT NOT NULL                -- exercise ids, comma separated, in order
    );
    CREATE TABLE results (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        block INTEGER NOT NULL,                -- position of the exercise in the session
        exercise TEXT NOT NULL,
        name TEXT NOT NULL,
        side TEXT NOT NULL,                    -- '' when both legs work together
        sets_done INTEGER NOT NULL,
        reps_done INTEGER NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (session_id, block, side)
    );
    """,
    """
    ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'workout';
    ALTER TABLE sessions ADD COLUMN felt TEXT;
    ALTER TABLE sessions ADD COLUMN effort TEXT;
    CREATE TABLE comparisons (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        variant TEXT NOT NULL,                 -- 'without' or 'with' the heel
        felt TEXT,
        PRIMARY KEY (session_id, variant)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(HeelError):
    """The log cannot be used: a file that is not ours, or one from a newer heel."""


class Unwritable(HeelError):
    """The log's directory cannot be written: warn, and run the workout anyway."""


@dataclass(frozen=True)
class Session:
    id: int
    started_at: datetime  # aware, UTC
    seconds: float
    status: str
    routine: str | None
    exercises: tuple[str, ...]
    kind: str
    felt: str | None
    effort: str | None
    reps_done: int
    comparison: dict[str, str | None]  # variant -> where it was felt (compare drills)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "started_at": self.started_at.isoformat(),
            "seconds": round(self.seconds, 3), "status": self.status,
            "routine": self.routine, "exercises": list(self.exercises), "kind": self.kind,
            "reps_done": self.reps_done, "felt": self.felt, "effort": self.effort,
            "comparison": self.comparison or None,
        }


def default_home() -> Path:
    if os.environ.get("HEEL_HOME"):
        return Path(os.environ["HEEL_HOME"])
    import platformdirs

    return Path(platformdirs.user_data_dir("heel", appauthor=False))


class Store:
    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (and when `create`, make) the log at `path`, migrating it forward."""
        self.path = path
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise Unwritable(f"cannot keep history in {path.parent} "
                                 f"({exc.strerror or exc})") from None
        try:
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000,
                                      isolation_level=None)
        except sqlite3.Error as exc:
            raise Unwritable(f"cannot open {path} ({exc})") from None
        try:
            self._migrate()
        except HistoryError:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if isinstance(exc, sqlite3.OperationalError) and _cannot_write(exc):
                raise Unwritable(f"cannot write {path} ({exc})") from None
            raise HistoryError(f"{path}: not a heel history database ({exc}); move it "
                               "away to start a new one, or use --no-log") from None

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        while (version := self._version()) < SCHEMA_VERSION:
            with self._write():  # under the write lock: another heel may have migrated
                version = self._version()
                if version == 0 and self._has_tables():
                    raise sqlite3.DatabaseError("it has tables of its own")
                if version < SCHEMA_VERSION:
                    for statement in _statements(MIGRATIONS[version]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")

    def _version(self) -> int:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{self.path} was written by a newer heel (schema "
                               f"{version}, this one knows {SCHEMA_VERSION}); upgrade heel")
        return version

    def _has_tables(self) -> bool:
        return self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _write(self) -> _Transaction:
        return _Transaction(self.db)

    def start(self, *, started_at: datetime, routine: str | None, exercises: Sequence[str],
              kind: str = "workout") -> int:
        with self._write():
            cursor = self.db.execute(
                "INSERT INTO sessions (started_at, status, routine, exercises, kind) "
                "VALUES (?, ?, ?, ?, ?)",
                (_utc(started_at), IN_PROGRESS, routine, ",".join(exercises), kind))
        return int(cursor.lastrowid)

    def update(self, session_id: int, parts: Iterable[Part], seconds: float,
               status: str = IN_PROGRESS) -> None:
        with self._write():
            self.db.execute("UPDATE sessions SET seconds = ?, status = ? WHERE id = ?",
                            (seconds, status, session_id))
            self.db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(session_id, p.block, p.exercise_id, p.name, p.side, p.sets_done, p.reps_done,
                  p.seconds) for p in parts])

    def check_in(self, session_id: int, *, felt: str | None, effort: str | None,
                 comparison: dict[str, str] | None = None) -> None:
        with self._write():
            self.db.execute("UPDATE sessions SET felt = ?, effort = ? WHERE id = ?",
                            (felt, effort, session_id))
            for variant, where in (comparison or {}).items():
                self.db.execute("INSERT OR REPLACE INTO comparisons VALUES (?, ?, ?)",
                                (session_id, variant, where))

    def sessions(self, limit: int | None = None) -> list[Session]:
        """Sessions, newest first."""
        rows = self.db.execute(
            "SELECT s.id, s.started_at, s.seconds, s.status, s.routine, s.exercises, s.kind,"
            " s.felt, s.effort, (SELECT coalesce(sum(reps_done), 0) FROM results r"
            " WHERE r.session_id = s.id) FROM sessions s ORDER BY s.started_at DESC, s.id DESC"
            + (" LIMIT ?" if limit is not None else ""),
            (limit,) if limit is not None else ()).fetchall()
        compared: dict[int, dict[str, str | None]] = {}
        for session_id, variant, felt in self.db.execute("SELECT * FROM comparisons"):
            compared.setdefault(session_id, {})[variant] = felt
        return [Session(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4],
                        tuple(filter(None, row[5].split(","))), row[6], row[7], row[8],
                        row[9], compared.get(row[0], {})) for row in rows]

    def results(self, session_id: int) -> list[Part]:
        rows = self.db.execute(
            "SELECT block, exercise, name, side, sets_done, reps_done, seconds FROM results "
            "WHERE session_id = ? ORDER BY block, side", (session_id,))
        return [Part(*row) for row in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front, so waiting is done by
    the busy timeout, never by a deadlock between two readers both wanting to write."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.db.execute("COMMIT" if error is None else "ROLLBACK")


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "readonly" in text or "unable to open" in text or "disk I/O" in text


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


class Recorder:
    """One session's record, kept going whatever the disk does.

    A write that fails mid-workout (disk full, a lock held too long) warns once and stops
    recording; the workout itself goes on.
    """

    def __init__(self, store: Store | None, warn: Callable[[str], None]) -> None:
        self.store = store
        self.warn = warn
        self.session_id: int | None = None

    def _try(self, write: Callable[[Store], object]) -> None:
        if self.store is None:
            return
        try:
            write(self.store)
        except sqlite3.Error as exc:
            self.warn(f"history not saved: {exc}")
            self.store.close()
            self.store = None

    def start(self, **session: Any) -> None:
        def begin(store: Store) -> None:
            self.session_id = store.start(**session)

        self._try(begin)

    def progress(self, parts: Iterable[Part], seconds: float, status: str = IN_PROGRESS) -> None:
        if self.session_id is not None:
            sid = self.session_id
            self._try(lambda store: store.update(sid, tuple(parts), seconds, status))

    def check_in(self, **answers: Any) -> None:
        if self.session_id is not None:
            sid = self.session_id
            self._try(lambda store: store.check_in(sid, **answers))

    def recent(self, limit: int = 10) -> list[Session]:
        return self.store.sessions(limit) if self.store is not None else []

    def last_reps(self) -> int | None:
        """Reps done in the latest earlier session of the same workout (routine, or the
        same exercises), counting only sessions with reps done; None if there is none."""
        if self.store is None or self.session_id is None:
            return None
        row = self.store.db.execute(
            "SELECT r FROM (SELECT s.id, s.started_at, (SELECT coalesce(sum(reps_done), 0)"
            " FROM results WHERE session_id = s.id) AS r FROM sessions s, sessions me"
            " WHERE me.id = ? AND s.id != me.id AND s.kind = me.kind"
            " AND s.routine IS me.routine AND s.exercises = me.exercises)"
            " WHERE r > 0 ORDER BY started_at DESC, id DESC LIMIT 1",
            (self.session_id,)).fetchone()
        return None if row is None else int(row[0])
