"""The workout log: SQLite through the standard library, one file in the user's data dir.

A session row is written when a workout starts and updated after every set, each in its
own short BEGIN IMMEDIATE transaction, so a killed process keeps what it did and two
processes finishing at once both land (the second waits for the first: busy timeout).

Only a workout writes (and migrates) the file; a reader only rolls back what a killed heel
left half-written, as SQLite does on any open. `heel history` opens it read-only, and
reads no more rows than it shows: recent sessions by an index on the start time, and the
streaks from the newest rows back to where they end.
"""

from __future__ import annotations

import functools
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta, timezone, tzinfo
from types import FunctionType
from typing import TYPE_CHECKING, Any, get_args

from heelcli.engine import numbers
from heelcli.engine.errors import HeelError, RuntimeFailure
from heelcli.engine.records import (
    About,
    Answered,
    LevelChange,
    Measured,
    Program,
    ProgramEntry,
    Session,
)
from heelcli.engine.streaks import (
    STREAK_DAYS_COUNTED,
    STREAK_WEEKS_COUNTED,
    WEEKS_CHARTED,
    Facts,
    WeekTotals,
    summarise,
)
from heelcli.store.places import FILE_NAME as FILE_NAME  # re-exported: the store names its file
from heelcli.store.places import file_uri, history_file, named

if TYPE_CHECKING:
    from os import PathLike

    from heelcli.engine.records import Part

BUSY_TIMEOUT = 10.0  # seconds to wait for another heel's write to finish
PROGRAM_SESSIONS = 12  # program sessions the rules read back: more than any rule needs
BATCH = 500  # sessions read at once: an export's memory, and the streaks' usual need
APPLICATION_ID = 0x6865656C  # "heel": PRAGMA application_id, so the file says whose it is
IN_PROGRESS, COMPLETED, STOPPED = "in_progress", "completed", "stopped"
# How `in_progress` reads back: the heel that wrote it sets the final status itself, so a
# row still in progress when it is read is one whose heel was killed or crashed.
INTERRUPTED = "interrupted"

# A stored start as Unix seconds; NULL for anything but a date and time (a 'now' in a
# file would read the clock inside a trigger).
_AT = ("(CASE WHEN {0} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' "
       "THEN CAST(strftime('%s', {0}) AS INTEGER) END)")

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
    """
    CREATE INDEX sessions_by_start ON sessions (started_at);
    """,
    # The program (issue 14): its own entry, so another migration merges beside it.
    """
    CREATE TABLE programs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,              -- UTC, ISO 8601
        stopped_at TEXT,                       -- UTC, ISO 8601; NULL while it runs
        days TEXT NOT NULL,                    -- planned weekdays, 0 Monday, comma separated
        pain_limit INTEGER NOT NULL            -- 0 to 10
    );
    CREATE TABLE levels (
        program_id INTEGER NOT NULL REFERENCES programs(id),
        exercise TEXT NOT NULL,                -- the ladder's exercise id
        level INTEGER NOT NULL,                -- 1-based
        at TEXT NOT NULL,                      -- UTC, ISO 8601
        reason TEXT NOT NULL,                  -- 'start' or the rule that moved it
        line TEXT NOT NULL                     -- the explanation as shown
    );
    CREATE INDEX levels_by_program ON levels (program_id, exercise);
    ALTER TABLE sessions ADD COLUMN program_id INTEGER REFERENCES programs(id);
    ALTER TABLE sessions ADD COLUMN pain INTEGER;
    ALTER TABLE sessions ADD COLUMN settled INTEGER;
    ALTER TABLE sessions ADD COLUMN flare INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE session_levels (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        block INTEGER NOT NULL,                -- position in the session, as in results
        exercise TEXT NOT NULL,                -- the ladder's exercise id
        level INTEGER NOT NULL,                -- its program level that day
        prescribed_level INTEGER NOT NULL,     -- the level run (lower on a flare day)
        reps_prescribed INTEGER NOT NULL,      -- reps x sets x sides
        PRIMARY KEY (session_id, block)
    );
    CREATE INDEX sessions_by_program ON sessions (program_id, started_at);
    """,
    # heel test: one row per measure taken (heelcli.engine.selftest), and what the user told heel
    # about themselves for the chair-stand norms, each optional.
    """
    CREATE TABLE self_tests (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,                -- UTC, ISO 8601; the test's day is its local date
        measure TEXT NOT NULL,                 -- an engine.selftest Measure id: 'chair-stands'
        value INTEGER NOT NULL                 -- a count, whole seconds, or a 0-10 rating
    );
    CREATE INDEX self_tests_by_measure ON self_tests (measure, taken_at);
    CREATE TABLE about_you (
        id INTEGER PRIMARY KEY CHECK (id = 1), -- one row at most
        age_band TEXT,                         -- a CDC STEADI band: '60-64' to '90-94'; NULL
        sex TEXT,                              -- 'female' or 'male'; NULL: not told
        asked_at TEXT NOT NULL                 -- UTC, ISO 8601: heel asked (once) or was told
    );
    """,
    # The next morning as numbers (issue 19): pain and stiffness 0-10 the morning after a
    # program session, and when a program paused by two flares was resumed.
    """
    ALTER TABLE sessions ADD COLUMN morning_pain INTEGER;
    ALTER TABLE sessions ADD COLUMN morning_stiffness INTEGER;
    ALTER TABLE sessions ADD COLUMN morning_at TEXT;
    ALTER TABLE programs ADD COLUMN resumed_at TEXT;
    """,
    # The summary's "than last time" (issue 22): the latest session of the same workout,
    # found through this index however many sessions of other workouts there are.
    """
    CREATE INDEX IF NOT EXISTS sessions_by_workout
        ON sessions (exercises, routine, kind, started_at);
    """,
    # Each session's reps done beside it (issue 22), kept the sum of its results by
    # triggers whoever writes them; and `done`, the sessions with a rep done by their start
    # in Unix seconds, kept by triggers on `sessions`. A streak of years asks each week
    # "a rep done?" of `done` alone: a row of a dozen bytes where an index entry on the
    # start text takes three times that, and no read of `results`.
    """
    ALTER TABLE sessions ADD COLUMN reps INTEGER NOT NULL DEFAULT 0;  -- sum of reps_done
    UPDATE sessions SET reps = (SELECT coalesce(sum(reps_done), 0) FROM results
                                WHERE session_id = sessions.id);
    CREATE TRIGGER reps_on_insert AFTER INSERT ON results BEGIN
        UPDATE sessions SET reps = (SELECT coalesce(sum(reps_done), 0) FROM results
                                    WHERE session_id = NEW.session_id)
        WHERE id = NEW.session_id;
    END;
    CREATE TRIGGER reps_on_update AFTER UPDATE OF session_id, reps_done ON results BEGIN
        UPDATE sessions SET reps = (SELECT coalesce(sum(reps_done), 0) FROM results
                                    WHERE session_id = sessions.id)
        WHERE id IN (OLD.session_id, NEW.session_id);
    END;
    CREATE TRIGGER reps_on_delete AFTER DELETE ON results BEGIN
        UPDATE sessions SET reps = (SELECT coalesce(sum(reps_done), 0) FROM results
                                    WHERE session_id = OLD.session_id)
        WHERE id = OLD.session_id;
    END;
    CREATE TABLE done (
        at INTEGER NOT NULL,                   -- sessions.started_at, Unix seconds
        session_id INTEGER NOT NULL,
        program_id INTEGER,
        PRIMARY KEY (at, session_id)
    ) WITHOUT ROWID;
    CREATE INDEX done_by_program ON done (program_id, at);
    INSERT INTO done SELECT {at}, id, program_id FROM sessions
        WHERE reps > 0 AND {at} IS NOT NULL;
    CREATE TRIGGER done_on_insert AFTER INSERT ON sessions BEGIN
        INSERT OR REPLACE INTO done SELECT {new_at}, NEW.id, NEW.program_id
        WHERE NEW.reps > 0 AND {new_at} IS NOT NULL;
    END;
    CREATE TRIGGER done_on_update AFTER UPDATE OF reps, started_at, program_id ON sessions
    BEGIN
        DELETE FROM done WHERE at = {old_at} AND session_id = OLD.id;
        INSERT OR REPLACE INTO done SELECT {new_at}, NEW.id, NEW.program_id
        WHERE NEW.reps > 0 AND {new_at} IS NOT NULL;
    END;
    CREATE TRIGGER done_on_delete AFTER DELETE ON sessions BEGIN
        DELETE FROM done WHERE at = {old_at} AND session_id = OLD.id;
    END;
    """.format(at=_AT.format("started_at"), new_at=_AT.format("NEW.started_at"),
               old_at=_AT.format("OLD.started_at")),
)
CHECK_IN_COLUMNS = ("felt", "effort", "pain")  # the answers after a session, one by one
PROGRAM_VERSION = 4  # the first schema with programs
SELF_TEST_VERSION = 5  # the first with self_tests and about_you
MORNING_VERSION = 6  # the first with the next morning's pain and stiffness
REPS_VERSION = 8  # the first with sessions.reps and done
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(HeelError):
    """The file cannot be used: not a heel history, or one from a newer heel (exit 2).
    `skippable`: a command that can run without the history (`--no-log`) says so."""

    def __init__(self, message: str, *, skippable: bool = False) -> None:
        super().__init__(message)
        self.skippable = skippable


class Unusable(RuntimeFailure):
    """The place or the file cannot be read or written (exit 1)."""


class LeftMidWrite(Unusable):
    """A heel killed mid-write left a journal that only a writer may roll back."""


class Unwritable(Unusable):
    """The log cannot be written: a workout warns, and runs anyway."""


class Busy(RuntimeFailure):
    """Another heel held the file longer than the busy timeout (exit 1)."""


class Store:
    def __init__(self, path: str | PathLike[str], *, read_only: bool = False,
                 busy_timeout: float | None = None, zone: tzinfo | None = None) -> None:
        """Open the log at `path`. Writing, make it (and its directory) and migrate it
        forward; read-only, take it as it is and never change a byte. `zone`: where the
        user is, for the local day a program started (None: the process's, for tests;
        heel passes the environment's)."""
        self.path = path
        self.zone = zone
        self.read_only = read_only
        if not read_only:
            parent = named(os.path.dirname(named(os.fspath(path))))  # as pathlib names it
            try:
                os.makedirs(parent, exist_ok=True)
            except OSError as exc:
                raise Unwritable(f"cannot keep history in {parent} "
                                 f"({exc.strerror or exc})") from None
        timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        with self.translated():
            if read_only:
                self.db = sqlite3.connect(file_uri(os.fspath(path)) + "?mode=ro", uri=True,
                                          timeout=timeout, isolation_level=None)
            else:
                self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            self.db.text_factory = _decoded
            # Day bounds for SQL (streaks, weeks) in the user's zone. The process's zone is
            # SQLite's own 'utc' modifier, in C; any other goes through Python, about 20 us
            # a bound (a streak of years probes thousands of them).
            self._utc_of = _PROCESS_UTC_OF if zone is None else _UTC_OF
            self._utc_seconds_of = _PROCESS_UTC_SECONDS_OF if zone is None else _UTC_SECONDS_OF
            self._day_of = _PROCESS_DAY_OF if zone is None else _DAY_OF
            self._day_at = _PROCESS_DAY_AT if zone is None else _DAY_AT
            self.db.create_function("heel_utc", 1, self._utc_midnight_text, deterministic=True)
            self.db.create_function("heel_utc_seconds", 1, self._utc_midnight_seconds,
                                    deterministic=True)
            self.db.create_function("heel_day", 1, self._local_day_text, deterministic=True)
            self.db.create_function("heel_day_at", 1, self._local_day_at, deterministic=True)
            try:
                self.version = self._identify() if read_only else self._migrate()
            except BaseException:
                self.db.close()
                raise
        # "A rep was done" of a session `s`: its `reps` since schema 8, else its results
        # summed.
        self._done = "s.reps > 0" if self.version >= REPS_VERSION else f"{_REPS} > 0"

    def close(self) -> None:
        self.db.close()

    def _midnight(self, day: date) -> datetime:
        """When `day` starts where the user is."""
        midnight = datetime.combine(day, datetime.min.time())
        # No zone given (tests that build a Store by hand): the naive time is the process's.
        return midnight.replace(tzinfo=self.zone) if self.zone is not None \
            else midnight.astimezone(timezone.utc)

    def _utc_midnight(self, day: date) -> str:
        """When `day` starts where the user is, as the store writes times."""
        return _utc(self._midnight(day))

    def _utc_midnight_text(self, day: object) -> str | None:
        """heel_utc() in SQL: an ISO date's start in the user's zone; NULL for anything else."""
        try:
            return self._utc_midnight(date.fromisoformat(str(day)))
        except ValueError:
            return None

    def _utc_midnight_seconds(self, day: object) -> int | None:
        """heel_utc_seconds() in SQL: heel_utc() as `done.at` (Unix seconds)."""
        try:
            return int(self._midnight(date.fromisoformat(str(day))).timestamp())
        except ValueError:
            return None

    def _local_day_text(self, moment: object) -> str | None:
        """heel_day() in SQL: the local day, in the user's zone, of a stored time; NULL
        for anything that is not one."""
        when = _time(moment)
        return None if when is None else when.astimezone(self.zone).date().isoformat()

    def _local_day_at(self, seconds: object) -> str | None:
        """heel_day_at() in SQL: the local day, in the user's zone, of `done.at`; NULL for
        anything that is not a time."""
        if type(seconds) is not int:
            return None
        try:
            return datetime.fromtimestamp(seconds, self.zone).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Turn SQLite's errors into what they mean for the user, by their codes."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._failure(exc) from None

    def _failure(self, exc: sqlite3.Error) -> HeelError:
        if _locked(exc):
            return Busy(f"the history is in use by another heel ({self.path}); try again")
        if _damaged(exc):
            return HistoryError(f"{self.path}: not a heel history database ({exc}); move it "
                                "away to start a new one", skippable=True)
        if self.read_only and self._left_mid_write(exc):
            # A heel killed mid-write left a journal to roll back: a reader must not.
            return LeftMidWrite(f"the history {self.path} was left mid-write by a heel "
                                "that stopped, and cannot be repaired here (read-only)")
        reason = _REASONS.get(error_code(exc) or "", str(exc))
        if self.read_only:
            return Unusable(f"cannot read the history {self.path} ({reason})")
        return Unwritable(f"cannot write {self.path} ({reason})")

    def _left_mid_write(self, exc: sqlite3.Error) -> bool:
        """Whether a read was refused for a journal that only a writer may roll back
        (SQLITE_READONLY_ROLLBACK)."""
        name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
        if name is not None:
            return bool(name == "SQLITE_READONLY_ROLLBACK")
        # Python 3.10 carries no code: look at the file as SQLite does. A journal that is
        # not empty and starts with a non-zero byte is hot (a live writer's lock would have
        # been SQLITE_BUSY, told before this).
        return isinstance(exc, sqlite3.OperationalError) and _hot_journal(self.path)

    def _identify(self) -> int:
        """The schema version of a file that is heel's (or empty); refuse any other."""
        app_id = int(self.db.execute("PRAGMA application_id").fetchone()[0])
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if app_id not in (0, APPLICATION_ID):
            raise self._foreign()
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{self.path} was written by a newer heel (schema "
                               f"{version}, this one knows {SCHEMA_VERSION}); upgrade heel")
        # Before application_id, heel's files are told by their exact tables and columns:
        # another program's `sessions` and `results` at user_version 1 are not taken over.
        if app_id == 0 and _shape(self.db) != _shape_of_version(version):
            raise self._foreign()
        return version

    def _foreign(self) -> HistoryError:
        return HistoryError(f"{self.path}: not a heel history database (another program's, "
                            "left as it is); set HEEL_HOME to another directory",
                            skippable=True)

    def _migrate(self) -> int:
        if self._identify() < SCHEMA_VERSION or self._app_id() != APPLICATION_ID:
            with self._write():  # under the write lock: another heel may have migrated
                for script in MIGRATIONS[self._identify():]:
                    for statement in _statements(script):
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        return SCHEMA_VERSION

    def _app_id(self) -> int:
        return int(self.db.execute("PRAGMA application_id").fetchone()[0])

    def _write(self) -> _Transaction:
        return _Transaction(self)

    def start(self, *, started_at: datetime, routine: str | None, exercises: Sequence[str],
              kind: str = "workout", program_id: int | None = None, flare: bool = False,
              levels: Sequence[tuple[str, int, int, int]] = ()) -> int:
        """A new session; in a program, `levels` holds (ladder id, program level, level
        run, reps prescribed) for each block in order."""
        with self._write():
            cursor = self.db.execute(
                "INSERT INTO sessions (started_at, status, routine, exercises, kind, "
                "program_id, flare) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_utc(started_at), IN_PROGRESS, routine, ",".join(exercises), kind,
                 program_id, int(flare)))
            session_id = int(cursor.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO session_levels VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, block, *row) for block, row in enumerate(levels)])
        return session_id

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
                 comparison: dict[str, str] | None = None, pain: int | None = None) -> None:
        with self._write():
            self.db.execute("UPDATE sessions SET felt = ?, effort = ?, pain = ? WHERE id = ?",
                            (felt, effort, pain, session_id))
            for variant, where in (comparison or {}).items():
                self.db.execute("INSERT OR REPLACE INTO comparisons VALUES (?, ?, ?)",
                                (session_id, variant, where))

    def answer(self, session_id: int, question: str, value: str | int) -> None:
        """One check-in answer (`felt`, `effort` or `pain`), kept the moment it is given:
        a run stopped at the next question keeps it."""
        if question not in CHECK_IN_COLUMNS:
            raise ValueError(f"not a check-in answer: {question}")
        with self._write():
            self.db.execute(f"UPDATE sessions SET {question} = ? WHERE id = ?",
                            (value, session_id))

    def compared(self, session_id: int, variant: str, felt: str) -> None:
        """Where one set of a comparison was felt, kept as it is answered; the set through
        the heel is the session's own answer too."""
        from heelcli.engine.timeline import WITH_HEEL

        with self._write():
            self.db.execute("INSERT OR REPLACE INTO comparisons VALUES (?, ?, ?)",
                            (session_id, variant, felt))
            if variant == WITH_HEEL:
                self.db.execute("UPDATE sessions SET felt = ? WHERE id = ?",
                                (felt, session_id))

    # The program. Reads work on a read-only store too; before schema 4 there is none.

    def active_program(self) -> Program | None:
        """The program running now (the newest one not stopped), if any."""
        if self.version < PROGRAM_VERSION:
            return None
        row = self.db.execute(
            "SELECT id, started_at, days, pain_limit, "
            + ("resumed_at" if self.version >= MORNING_VERSION else "NULL")
            + " FROM programs WHERE stopped_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
        started = _time(row[1]) if row else None
        if row is None or started is None:
            return None
        days = _weekdays(row[2])
        if days is None:  # heel acts on the days (the week, the calendar): never guessed
            raise HistoryError(f"{self.path}: program {row[0]} has planned days "
                               f"{str(row[2])!r}, not weekday numbers 0 to 6; "
                               "heel program start --restart sets them again")
        # A limit over 5 set by an older heel reads as 5: the model allows no more.
        limit = min(row[3], 5) if isinstance(row[3], int) and 0 <= row[3] <= 10 else 5
        return Program(id=_count(row[0]), started_at=started,
                       started=started.astimezone(self.zone).date(), days=days, pain_limit=limit,
                       resumed_at=_time(row[4]))

    def resume_program(self, program_id: int, *, at: datetime) -> None:
        """Resume a program paused by two flares: flares before `at` no longer pause it."""
        with self._write():
            self.db.execute("UPDATE programs SET resumed_at = ? WHERE id = ?",
                            (_utc(at), program_id))

    def start_program(self, *, started_at: datetime, days: Sequence[int], pain_limit: int,
                      levels: dict[str, int]) -> int:
        """A new program, stopping any that runs, with each exercise's first level."""
        with self._write():
            self.db.execute("UPDATE programs SET stopped_at = ? WHERE stopped_at IS NULL",
                            (_utc(started_at),))
            cursor = self.db.execute(
                "INSERT INTO programs (started_at, days, pain_limit) VALUES (?, ?, ?)",
                (_utc(started_at), ",".join(map(str, days)), pain_limit))
            program_id = int(cursor.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO levels VALUES (?, ?, ?, ?, 'start', '')",
                [(program_id, exercise, level, _utc(started_at))
                 for exercise, level in levels.items()])
        return program_id

    def stop_program(self, *, at: datetime) -> Program | None:
        """Stop the running program; the one stopped, or None if none ran."""
        program = self.active_program()
        if program is not None:
            with self._write():
                self.db.execute("UPDATE programs SET stopped_at = ? WHERE id = ?",
                                (_utc(at), program.id))
        return program

    def set_level(self, program_id: int, change: LevelChange, *, at: datetime) -> None:
        with self._write():
            self.db.execute("INSERT INTO levels VALUES (?, ?, ?, ?, ?, ?)",
                            (program_id, change.exercise, change.level,
                             _utc(change.at or at), change.reason,
                             change.line))

    def level_changes(self, program_id: int, limit: int = 50) -> list[LevelChange]:
        """The levels set in a program, newest first."""
        if self.version < PROGRAM_VERSION:
            return []
        rows = self.db.execute(
            "SELECT exercise, level, at, reason, line FROM levels WHERE program_id = ? "
            "ORDER BY rowid DESC LIMIT ?", (program_id, limit))
        return [LevelChange(str(e), _count(lv), _time(at), str(reason), str(line))
                for e, lv, at, reason, line in rows]

    def current_levels(self, program_id: int) -> dict[str, int]:
        """Each exercise's level now: the newest set for it."""
        if self.version < PROGRAM_VERSION:
            return {}
        rows = self.db.execute(
            "SELECT exercise, level FROM levels l WHERE program_id = ? AND rowid = "
            "(SELECT max(rowid) FROM levels WHERE program_id = l.program_id "
            "AND exercise = l.exercise)", (program_id,))
        return {str(e): max(1, _count(lv)) for e, lv in rows}

    def program_entries(self, program_id: int, limit: int = PROGRAM_SESSIONS
                        ) -> list[ProgramEntry]:
        """Each exercise of the newest `limit` sessions of a program, oldest first."""
        return self._entries("SELECT * FROM sessions WHERE program_id = ? "
                             "ORDER BY started_at DESC, id DESC LIMIT ?", (program_id, limit))

    def program_entries_between(self, program_id: int, since: datetime,
                                until: datetime) -> list[ProgramEntry]:
        """Each exercise of a program's sessions started from `since` to before `until`,
        oldest first: what `heel report` reads of the mornings and the flare days."""
        return self._entries("SELECT * FROM sessions WHERE program_id = ? "
                             "AND started_at >= ? AND started_at < ?",
                             (program_id, _utc(since), _utc(until)))

    def _entries(self, sessions: str, args: tuple[object, ...]) -> list[ProgramEntry]:
        if self.version < PROGRAM_VERSION:
            return []
        morning = "s.morning_pain, s.morning_stiffness, s.morning_at" \
            if self.version >= MORNING_VERSION else "NULL, NULL, NULL"
        rows = self.db.execute(
            "SELECT s.id, s.started_at, l.exercise, l.level, l.prescribed_level, "
            "l.reps_prescribed, (SELECT coalesce(sum(r.reps_done), 0) FROM results r "
            "WHERE r.session_id = s.id AND r.block = l.block), s.effort, s.felt, s.pain, "
            f"s.settled, s.flare, {morning} FROM ({sessions}) s "
            "JOIN session_levels l ON l.session_id = s.id "
            "ORDER BY s.started_at, s.id, l.block", args).fetchall()
        return [ProgramEntry(
            session_id=_count(r[0]), started_at=_time(r[1]), exercise=str(r[2]),
            level=max(1, _count(r[3])), prescribed_level=max(1, _count(r[4])),
            reps_prescribed=_count(r[5]), reps_done=_count(r[6]), effort=_text(r[7]),
            felt=_text(r[8]), pain=_rating(r[9]),
            settled=None if r[10] is None else bool(r[10]), flare=bool(r[11]),
            morning_pain=_rating(r[12]), morning_stiffness=_rating(r[13]),
            morning_at=_time(r[14]) if r[14] is not None else None)
            for r in rows]

    def program_times(self, program_id: int, since: datetime | None = None) -> list[datetime]:
        """When each session of a program with a rep done started, newest first; from
        `since` on only (through the index), or all of them."""
        if self.version < PROGRAM_VERSION:
            return []
        rows = self.db.execute(
            f"SELECT s.started_at FROM sessions s WHERE s.program_id = ? AND {self._done} "
            "AND s.started_at >= ? ORDER BY s.started_at DESC",
            (program_id, "" if since is None else _utc(since)))
        return [t for (value,) in rows if (t := _time(value)) is not None]

    def _with_reps(self, lo: str, hi: str, *, program: str | None = None,
                   days: bool = False, run_bounds: bool = False) -> str:
        """SQL of the sessions with a rep done started from `lo` to before `hi` (SQL of
        UTC times in the store's form; with `run_bounds`, of `_run`'s bounds, as `_bound`
        gives them), of the program `program` (SQL) or any: `1` for each, or with `days`,
        their distinct local days. From `done` since schema 8; before, from `sessions`
        and the sums of their results."""
        if self.version >= REPS_VERSION:
            what = self._day_at.format("d.at") if days else "1"
            which = f"d.program_id = {program} AND " if program else ""
            if not run_bounds:
                lo, hi = _SECONDS.format(lo), _SECONDS.format(hi)
            return (f"SELECT {'DISTINCT ' if days else ''}{what} FROM done d WHERE {which}"
                    f"d.at >= {lo} AND d.at < {hi}")
        what = self._day_of.format("s.started_at") if days else "1"
        which = f"s.program_id = {program} AND " if program else ""
        return (f"SELECT {'DISTINCT ' if days else ''}{what} FROM sessions s WHERE {which}"
                f"s.started_at >= {lo} AND s.started_at < {hi} AND {self._done}")

    def _bound(self, day: date) -> str | int:
        """When `day` starts where the user is, as `_run` bounds its periods: Unix seconds
        since schema 8 (as `done.at`), the store's UTC text before."""
        return int(self._midnight(day).timestamp()) if self.version >= REPS_VERSION \
            else self._utc_midnight(day)

    def program_week_streak(self, program: Program, today: date) -> int:
        """Weeks in a row, up to this week or the one before, in which the program's
        planned number of sessions was done on distinct days (as `schedule.streak` counts
        them, where the user is): one bounded probe per week of the streak, in SQLite."""
        return self._program_run(program, today)[0]

    def _program_run(self, program: Program, today: date) -> tuple[int, date]:
        """The program's streak of weeks, and the Monday of its newest week."""
        if self.version < PROGRAM_VERSION or not program.days:
            return 0, _monday(today)
        first = _monday(program.started)
        first_due = sum(1 for n in program.days if first + timedelta(days=n) >= program.started)
        # A week is met when it holds `due` distinct local days: LIMIT stops reading its
        # sessions as soon as it does.
        days = self._with_reps("max(run.lo, :since)", "min(run.hi, :until)", program=":pid",
                               days=True, run_bounds=True)
        met = (f"run.day >= :first AND (SELECT count(*) FROM ({days} LIMIT :due)) "
               ">= CASE WHEN run.day = :first "
               "THEN max(:first_due, 1) ELSE :due END")
        args = {"pid": program.id, "due": len(program.days), "first": first.isoformat(),
                "first_due": first_due, "since": self._bound(program.started),
                "until": self._bound(today + timedelta(days=1))}
        return self._run(met, args, _monday(today), 7)

    def _run(self, holds: str, args: dict[str, object], latest: date, step: int, *,
             bounds: bool = True) -> tuple[int, date]:
        """Periods of `step` days in a row for which `holds` (SQL of `run.day`, the
        period's first local day, and with `bounds`, `run.lo`, `run.hi`, the bounds of
        the period as `_bound` gives them) is true, ending at the one starting `latest`
        or at the one before it: a streak is not lost until a whole period has passed
        without. Its length, and the first day of its newest period.

        One probe a period, each an index range: the cost follows the streak's length, up
        to the ten years shown exactly, whatever the history's. With `bounds`, each step
        back converts one local midnight to UTC; without, `holds` converts what it needs
        itself, and `args` may name periods known to hold: from `:newest` back to `:unmet`
        (not included), `:held` of them, stepped over at once."""
        # Since schema 8 the bounds are Unix seconds (`_bound`), compared to `done.at` as
        # they are.
        utc_of = self._utc_seconds_of if self.version >= REPS_VERSION else self._utc_of
        # Counted up to what is shown exactly (engine.streaks): past it, "or more".
        counted = STREAK_DAYS_COUNTED if step == 1 else STREAK_WEEKS_COUNTED
        if bounds:
            sql = (f"WITH RECURSIVE run(day, lo, hi, n) AS (SELECT :latest, "
                   f"{utc_of.format(':latest')}, {utc_of.format(':latest, :ahead')}, 0 "
                   f"UNION ALL SELECT date(run.day, :back), {utc_of.format('run.day, :back')}, "
                   f"run.lo, run.n + 1 FROM run WHERE run.n < :counted AND ({holds})) "
                   "SELECT min(max(n), :counted) FROM run")
        else:
            args = {"newest": None, "unmet": None, "held": 0, **args}
            sql = ("WITH RECURSIVE run(day, n) AS (SELECT :latest, 0 UNION ALL SELECT "
                   "CASE WHEN run.day = :newest THEN :unmet ELSE date(run.day, :back) END, "
                   "run.n + CASE WHEN run.day = :newest THEN :held ELSE 1 END "
                   f"FROM run WHERE run.n < :counted AND (run.day = :newest OR {holds})) "
                   "SELECT min(max(n), :counted) FROM run")
        for start in (latest, latest - timedelta(days=step)):
            (length,) = self.db.execute(sql, {**args, "latest": start.isoformat(),
                                              "counted": counted, "back": f"-{step} days",
                                              "ahead": f"+{step} days"}).fetchone()
            if length:
                return int(length), start
        return 0, latest

    def facts(self, today: date, weeks: int = WEEKS_CHARTED, *,
              program: Program | None = None) -> Facts:
        """What `progress.summarise` makes of the whole timeline, where the user is (the
        store's zone), computed in SQLite: the streaks probe one day (week) at a time
        back to their first gap, and the weeks charted are counted by SQLite. With the
        running `program`, its streak of weeks too (`program_weeks`); each of its weeks
        holds a session, so the streak of weeks steps over them without a probe. The days
        in a row are not counted then (0): a program rests between sessions, and its
        weeks are shown instead (engine.streaks.Facts)."""
        with_reps = f"EXISTS ({self._with_reps('run.lo', 'run.hi', run_bounds=True)})"
        days = 0 if program is not None else self._run(with_reps, {}, today, 1)[0]
        program_weeks, newest = (0, today) if program is None else \
            self._program_run(program, today)
        # A week holds a session if one starts from its Tuesday to its Saturday in UTC,
        # which lie inside it whatever the zone's offset (less than a day): no conversion.
        # Only a week without one there is probed from its own local bounds.
        inside = self._with_reps("date(run.day, '+1 day')", "date(run.day, '+6 days')")
        local = self._with_reps(self._utc_of.format("run.day"),
                                self._utc_of.format(_WEEK_ON.format("run.day")))
        a_week = f"EXISTS ({inside}) OR EXISTS ({local})"
        program_run = {"newest": newest.isoformat(), "held": program_weeks, "unmet": (
            newest - timedelta(weeks=program_weeks)).isoformat()} if program_weeks else {}
        streak_weeks, _ = self._run(a_week, program_run, _monday(today), 7, bounds=False)
        this_week = _monday(today)
        # Each week's sessions through the index on the start time, by its own range.
        rows = self.db.execute(
            f"WITH RECURSIVE w(day, k) AS (SELECT :oldest, 1 UNION ALL "
            f"SELECT date(day, '+7 days'), k + 1 FROM w WHERE k < :weeks) "
            f"SELECT w.day, count(s.id), coalesce(sum({_REPS}), 0), coalesce(sum(CASE WHEN "
            f"s.seconds BETWEEN 0 AND 1e308 THEN s.seconds ELSE 0 END), 0) FROM w "
            f"LEFT JOIN sessions s ON s.started_at >= {self._utc_of.format('w.day')} AND "
            f"s.started_at < {self._utc_of.format(_WEEK_ON.format('w.day'))} AND {self._done} "
            "GROUP BY w.day ORDER BY w.day",
            {"oldest": (this_week - timedelta(weeks=weeks - 1)).isoformat(),
             "weeks": weeks}).fetchall()
        counts = tuple((date.fromisoformat(day), int(n)) for day, n, _, _ in rows)
        _, done, reps, seconds = rows[-1]
        return Facts(days, streak_weeks, WeekTotals(int(done), int(reps), float(seconds)),
                     counts, program_weeks=program_weeks)

    # heel report: what some weeks hold, each read through an index from where those weeks
    # start, so its cost follows the weeks shown, not the length of the log.

    def workouts_between(self, since: datetime, until: datetime,
                         program_id: int | None = None) -> list[Answered]:
        """Workouts started from `since` to before `until`, with their answers, oldest
        first: those of one program, or all of them."""
        if self.version < 2 or (program_id is not None and self.version < PROGRAM_VERSION):
            return []
        answers = "s.pain, s.settled, s.flare" if self.version >= PROGRAM_VERSION else \
            "NULL, NULL, 0"
        which, args = ("s.program_id = ? AND ", (program_id,)) if program_id is not None \
            else ("", ())
        rows = self.db.execute(
            f"SELECT s.started_at, {_REPS}, s.felt, {answers} FROM sessions s "
            f"WHERE {which}s.started_at >= ? AND s.started_at < ? AND s.kind = 'workout' "
            "ORDER BY s.started_at, s.id", (*args, _utc(since), _utc(until)))
        return [Answered(started, _count(reps), _text(felt),
                         pain if isinstance(pain, int) and 0 <= pain <= 10 else None,
                         None if settled is None else bool(settled), bool(flare))
                for at, reps, felt, pain, settled, flare in rows
                if (started := _time(at)) is not None]

    def levels_since(self, program_id: int, exercise: str,
                     since: datetime) -> list[LevelChange]:
        """An exercise's levels set in a program from `since` on, after the one in force
        at `since`; oldest first."""
        if self.version < PROGRAM_VERSION:
            return []
        rows = self.db.execute(
            "SELECT exercise, level, at, reason, line FROM levels "
            "WHERE program_id = ? AND exercise = ? ORDER BY rowid DESC", (program_id, exercise))
        out = []
        for e, lv, at, reason, line in rows:  # newest first: stop at the one in force
            change = LevelChange(str(e), _count(lv), _time(at), str(reason), str(line))
            out.append(change)
            if change.at is None or change.at < since:
                break
        return out[::-1]

    def measures_between(self, measures: Sequence[str], since: datetime,
                         until: datetime) -> list[Measured]:
        """Self-test results of `measures` taken from `since` to before `until`, oldest
        first."""
        if self.version < SELF_TEST_VERSION or not measures:
            return []
        marks = ", ".join("?" * len(measures))
        rows = self.db.execute(
            f"SELECT taken_at, measure, value FROM self_tests WHERE measure IN ({marks}) "
            "AND taken_at >= ? AND taken_at < ? ORDER BY taken_at, id",
            (*measures, _utc(since), _utc(until)))
        return [Measured(moment, name, value) for taken_at, name, value in rows
                if (moment := _time(taken_at)) is not None and isinstance(name, str)
                and isinstance(value, int)]

    def last_measured(self, measures: Sequence[str]) -> datetime | None:
        """When the newest result of any of `measures` was taken; None before the first."""
        if self.version < SELF_TEST_VERSION:
            return None
        found = [moment for m in measures
                 for (value,) in self.db.execute(
                     "SELECT max(taken_at) FROM self_tests WHERE measure = ?", (m,))
                 if (moment := _time(value)) is not None]
        return max(found, default=None)

    def morning_pain(self, session_id: int, *, pain: int, at: datetime,
                     settled: bool) -> None:
        """The first half of the next-morning answer, kept before stiffness is asked."""
        with self._write():
            self.db.execute(
                "UPDATE sessions SET morning_pain = ?, morning_at = ?, settled = ? "
                "WHERE id = ?", (pain, _utc(at), int(settled), session_id))

    def morning_stiffness(self, session_id: int, stiffness: int) -> None:
        """The second half of the next-morning answer."""
        with self._write():
            self.db.execute("UPDATE sessions SET morning_stiffness = ? WHERE id = ?",
                            (stiffness, session_id))

    def sessions(self, limit: int | None = None) -> Iterator[Session]:
        """Sessions, newest first, read as they are iterated."""
        later = "s.kind, s.felt, s.effort" if self.version >= 2 else "'workout', NULL, NULL"
        for row in self._newest_first(
                f"s.id, s.started_at, s.seconds, s.status, s.routine, s.exercises, {later},"
                f" {_REPS}", limit):
            compared = self._comparison(row[0]) if row[6] == "compare" else {}
            yield _session(row, compared)

    def as_json(self, limit: int | None) -> Iterator[Session | str]:
        """Sessions, newest first, for `--json`: a row heel wrote as it writes them comes
        as the JSON object SQLite makes of it (`Session.to_dict`'s keys, compact); any
        other row (in progress, a comparison, a hand-made value) as a `Session`."""
        for row in self._exported(limit, f"CASE WHEN {_PLAIN} THEN {_JSON_OBJECT} END"):
            yield row if isinstance(row, Session) else str(row[0])

    def as_csv(self, limit: int | None) -> Iterator[Session | tuple[Any, ...]]:
        """Sessions, newest first, for `--csv`: a plain row as its cells, as `as_json`."""
        yield from self._exported(limit, _CSV_CELLS)

    def _exported(self, limit: int | None, cells: str) -> Iterator[Session | tuple[Any, ...]]:
        if self.version < 2:
            yield from self.sessions(limit)
            return
        for row in self._newest_first(
                f"s.id, s.started_at, s.seconds, s.status, s.routine, s.exercises, s.kind, "
                f"s.felt, s.effort, {_REPS}, {_PLAIN}, {cells}", limit):
            if row[10]:
                yield tuple(row[11:])
            else:
                yield _session(row, self._comparison(row[0]) if row[6] == "compare" else {})

    def timeline(self) -> Iterator[tuple[datetime | None, int, float | None]]:
        """(start, reps done, seconds) of each session, newest first, read as they are
        iterated: the streaks stop reading where they end."""
        for _, started_at, reps, seconds in self._newest_first(
                f"s.id, s.started_at, {_REPS}, s.seconds", None):
            yield _time(started_at), _count(reps), _seconds(seconds)

    def _newest_first(self, columns: str, limit: int | None) -> Iterator[Sequence[Any]]:
        """Rows of `columns` (s.id and s.started_at first), a batch at a time.

        Each batch is read whole before any of it is handed out: an export blocked on a
        pipe nobody reads (`heel history --csv | less`) must not hold the file's read
        lock, or a workout in another terminal could not save its sets.
        """
        select = f"SELECT {columns} FROM sessions s"
        order = " ORDER BY s.started_at DESC, s.id DESC LIMIT ?"
        after: tuple[object, object] | None = None  # (started_at, id) of the last row out
        left = limit
        while left is None or left > 0:
            size = BATCH if left is None else min(BATCH, left)
            if after is None:
                rows = self.db.execute(select + order, (size,)).fetchall()
            else:  # where the last batch ended, through the index
                rows = self.db.execute(select + " WHERE (s.started_at, s.id) < (?, ?)" + order,
                                       (*after, size)).fetchall()
            yield from rows
            if len(rows) < size:
                return
            after = (rows[-1][1], rows[-1][0])
            left = None if left is None else left - len(rows)

    def _comparison(self, session_id: int) -> dict[str, str | None]:
        if self.version < 2:
            return {}
        rows = self.db.execute("SELECT variant, felt FROM comparisons WHERE session_id = ?",
                               (session_id,))
        return {str(variant): _text(felt) for variant, felt in rows}


    # --- heel test: self-test results and what the user told heel about themselves ---------

    def add_measures(self, taken_at: datetime, values: Sequence[tuple[str, int]]) -> None:
        with self._write():
            self.db.executemany(
                "INSERT INTO self_tests (taken_at, measure, value) VALUES (?, ?, ?)",
                [(_utc(taken_at), measure, value) for measure, value in values])

    def measures(self, measure: str | None = None) -> list[Measured]:
        """Self-test results, oldest first; of one measure, or all."""
        if self.version < SELF_TEST_VERSION:
            return []
        where, args = ("WHERE measure = ?", (measure,)) if measure else ("", ())
        rows = self.db.execute(f"SELECT taken_at, measure, value FROM self_tests {where} "
                               "ORDER BY taken_at, id", args)
        out = []
        for taken_at, name, value in rows:
            moment = _time(taken_at)
            if moment is not None and isinstance(name, str) and isinstance(value, int):
                out.append(Measured(moment, name, value))
        return out

    def about(self) -> About:
        if self.version < SELF_TEST_VERSION:
            return About()
        row = self.db.execute("SELECT age_band, sex FROM about_you WHERE id = 1").fetchone()
        if row is None:
            return About()
        from heelcli.engine.selftest import AGE_BANDS, Sex  # not on every open: it loads runner

        band, sex = _text(row[0]), _text(row[1])  # a hand-edited value is not told
        return About(band if band in AGE_BANDS else None, sex if sex in get_args(Sex) else None,
                     asked=True)

    def set_about(self, about: About, now: datetime) -> None:
        with self._write():
            self.db.execute("INSERT OR REPLACE INTO about_you VALUES (1, ?, ?, ?)",
                            (about.age_band, about.sex, _utc(now)))


def _translating(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method` with SQLite's errors told as what they mean (Store.translated), also for
    a read outside any write transaction and for rows read as a generator is iterated."""
    if method.__code__.co_flags & _GENERATOR:
        @functools.wraps(method)
        def rows(self: Store, *args: Any, **kwargs: Any) -> Iterator[Any]:
            with self.translated():
                yield from method(self, *args, **kwargs)

        return rows

    @functools.wraps(method)
    def call(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self.translated():
            return method(self, *args, **kwargs)

    return call


_GENERATOR = 0x20  # CO_GENERATOR: what inspect.isgeneratorfunction reads, without inspect
# Every public query of the store: a read may meet another heel's lock as a write does.
for _name, _method in list(vars(Store).items()):
    if isinstance(_method, FunctionType) and not _name.startswith("_") \
            and _name not in ("close", "translated"):
        setattr(Store, _name, _translating(_method))


_REPS = "(SELECT coalesce(sum(r.reps_done), 0) FROM results r WHERE r.session_id = s.id)"
# A row as heel writes it, that reads back the same through SQLite's functions as through
# `_session`: its start in the store's own form (a valid date), finite seconds, a final
# status, text where text is expected, exercise ids without odd characters or empty items.
_PLAIN = (
    "s.started_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', s.started_at) "
    "AND s.started_at >= '0002' AND s.started_at < '9999' "
    "AND typeof(s.seconds) IN ('integer', 'real') AND s.seconds BETWEEN 0 AND 1e308 "
    "AND typeof(s.status) = 'text' AND s.status != 'in_progress' "
    "AND typeof(s.kind) = 'text' AND s.kind NOT IN ('', 'compare') "
    "AND typeof(s.routine) IN ('text', 'null') AND typeof(s.felt) IN ('text', 'null') "
    "AND typeof(s.effort) IN ('text', 'null') AND typeof(s.exercises) = 'text' "
    "AND s.exercises != '' AND s.exercises NOT GLOB '*[^a-z0-9_.,-]*' "
    "AND s.exercises NOT GLOB ',*' AND s.exercises NOT GLOB '*,' "
    "AND s.exercises NOT GLOB '*,,*'")
_REPS_DONE = ("(SELECT CASE WHEN typeof(t) = 'integer' THEN max(t, 0) ELSE 0 END FROM "
              "(SELECT coalesce(sum(r.reps_done), 0) AS t FROM results r "
              "WHERE r.session_id = s.id))")
_JSON_OBJECT = (
    "json_object('id', s.id, 'started_at', s.started_at, 'seconds', round(s.seconds, 3), "
    "'status', s.status, 'routine', s.routine, 'exercises', "
    "json('[\"' || replace(s.exercises, ',', '\",\"') || '\"]'), 'kind', s.kind, "
    f"'reps_done', {_REPS_DONE}, 'felt', s.felt, 'effort', s.effort, 'comparison', NULL)")
# The CSV's cells of a plain row, in the order of history_page.CSV_FIELDS.
_CSV_CELLS = (f"s.id, s.started_at, round(s.seconds, 3), s.status, s.kind, s.routine, "
              f"replace(s.exercises, ',', ' '), {_REPS_DONE}, s.felt, s.effort")
# The UTC instant, in the store's text form, at which a local day (SQL date text, with
# optional modifiers) starts in the store's zone: the bound of an index range.
_UTC_OF = "heel_utc(date({}))"
_PROCESS_UTC_OF = "strftime('%Y-%m-%dT%H:%M:%S+00:00', {}, 'utc')"  # zone=None
# The local day (SQL date text) of a stored time, in the store's zone.
_DAY_OF = "heel_day({})"
_PROCESS_DAY_OF = "date({}, 'localtime')"  # zone=None
_WEEK_ON = "{}, '+7 days'"
# The local day of `done.at` (Unix seconds), as _DAY_OF of a stored time.
_DAY_AT = "heel_day_at({})"
_PROCESS_DAY_AT = "date({}, 'unixepoch', 'localtime')"  # zone=None
_SECONDS = "CAST(strftime('%s', {}) AS INTEGER)"  # a UTC time (SQL) as `done.at`
# _UTC_OF and _PROCESS_UTC_OF as `done.at`.
_UTC_SECONDS_OF = "heel_utc_seconds(date({}))"
_PROCESS_UTC_SECONDS_OF = "CAST(strftime('%s', {}, 'utc') AS INTEGER)"  # zone=None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class NoHistory:
    """What `reading` gives before the first workout: a log with nothing in it."""

    def sessions(self, limit: int | None = None) -> Iterator[Session]:
        return iter(())

    def as_json(self, limit: int | None) -> Iterator[Session | str]:
        return iter(())

    def as_csv(self, limit: int | None) -> Iterator[Session | tuple[Any, ...]]:
        return iter(())

    def timeline(self) -> Iterator[tuple[datetime | None, int, float | None]]:
        return iter(())

    def facts(self, today: date, weeks: int = WEEKS_CHARTED, *,
              program: Program | None = None) -> Facts:
        return summarise((), today, timezone.utc, weeks=weeks)  # nothing to place in a zone

    def program_week_streak(self, program: Program, today: date) -> int:
        return 0

    def measures(self, measure: str | None = None) -> list[Measured]:
        return []

    def about(self) -> About:
        return About()

    def active_program(self) -> Program | None:
        return None

    def current_levels(self, program_id: int) -> dict[str, int]:
        return {}

    def level_changes(self, program_id: int, limit: int = 50) -> list[LevelChange]:
        return []

    def program_entries(self, program_id: int, limit: int = PROGRAM_SESSIONS
                        ) -> list[ProgramEntry]:
        return []

    def program_entries_between(self, program_id: int, since: datetime,
                                until: datetime) -> list[ProgramEntry]:
        return []

    def program_times(self, program_id: int, since: datetime | None = None) -> list[datetime]:
        return []

    def workouts_between(self, since: datetime, until: datetime,
                         program_id: int | None = None) -> list[Answered]:
        return []

    def levels_since(self, program_id: int, exercise: str,
                     since: datetime) -> list[LevelChange]:
        return []

    def measures_between(self, measures: Sequence[str], since: datetime,
                         until: datetime) -> list[Measured]:
        return []

    def last_measured(self, measures: Sequence[str]) -> datetime | None:
        return None


@contextmanager
def reading(home: str | PathLike[str], *, busy_timeout: float | None = None,
            zone: tzinfo | None = None) -> Iterator[Store | NoHistory]:
    """The log in `home` opened read-only; an empty one when there is none yet. A home
    that cannot hold one (a file, or under a file) is an error, not an empty history."""
    path = history_file(home)
    try:
        os.stat(path)
    except FileNotFoundError:
        yield NoHistory()
        return
    except OSError as exc:
        raise Unusable(f"the history location {named(os.fspath(home))} is unusable "
                       f"({exc.strerror or exc}); set HEEL_HOME to a directory") from None
    try:
        store = Store(path, read_only=True, busy_timeout=busy_timeout, zone=zone)
    except LeftMidWrite:
        # What a killed heel left half-written is undone the way any writer would undo it
        # (SQLite rolls the journal back on open): every committed set stays, and the
        # history reads as it stood before that last write.
        if not _rolled_back(path, busy_timeout):
            raise
        store = Store(path, read_only=True, busy_timeout=busy_timeout, zone=zone)
    try:
        with store.translated():
            yield store if store.version > 0 else NoHistory()  # made, no workout written
    finally:
        store.close()


def error_code(exc: sqlite3.Error) -> str | None:
    """SQLite's name for the primary error code, e.g. "SQLITE_BUSY"; None on Python 3.10,
    whose errors carry no code."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return _PRIMARY.get(code & 0xFF, "SQLITE_ERROR")
    return None


def _locked(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock this one needed (SQLITE_BUSY, SQLITE_LOCKED)."""
    code = error_code(exc)
    if code is not None:
        return code in ("SQLITE_BUSY", "SQLITE_LOCKED")
    # Python 3.10: the type (OperationalError) is shared with a full disk or a read-only
    # file, and probing for the lock would mean taking it. The message, though, is SQLite's
    # fixed sqlite3_errstr() text for these codes, never translated: compared whole.
    return isinstance(exc, sqlite3.OperationalError) and str(exc) in _LOCKED_TEXT


def _damaged(exc: sqlite3.Error) -> bool:
    """The file is not an SQLite database, or a damaged one (SQLITE_NOTADB,
    SQLITE_CORRUPT)."""
    code = error_code(exc)
    if code is not None:
        return code in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    # Python 3.10: the sqlite3 module raises DatabaseError itself, and not one of its
    # subclasses, only for these two (and codes SQLite no longer returns).
    return type(exc) is sqlite3.DatabaseError


def _rolled_back(path: str | PathLike[str], busy_timeout: float | None) -> bool:
    """Open `path` for writing just long enough for SQLite to roll back a hot journal;
    False where it cannot be written."""
    timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    try:
        repair = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        repair.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.Error:
        return False
    finally:
        repair.close()


def _hot_journal(path: str | PathLike[str]) -> bool:
    """A rollback journal beside `path` that SQLite would roll back before reading."""
    try:
        with open(f"{path}-journal", "rb") as journal:
            return journal.read(1) not in (b"", b"\0")
    except OSError:
        return False


# What a primary code means for the user, in the words of a one-line error.
_REASONS = {"SQLITE_FULL": "the disk is full", "SQLITE_READONLY": "the file is read-only",
            "SQLITE_PERM": "permission denied", "SQLITE_CANTOPEN": "it cannot be opened",
            "SQLITE_IOERR": "a disk I/O error"}
_PRIMARY = {3: "SQLITE_PERM", 5: "SQLITE_BUSY", 6: "SQLITE_LOCKED", 8: "SQLITE_READONLY",
            10: "SQLITE_IOERR", 11: "SQLITE_CORRUPT", 13: "SQLITE_FULL",
            14: "SQLITE_CANTOPEN", 26: "SQLITE_NOTADB"}
_LOCKED_TEXT = ("database is locked", "database table is locked")


def _shape(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table's columns: name, type, not null, default, key."""
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: [tuple(column[1:]) for column in
                   db.execute("SELECT * FROM pragma_table_info(?)", (name,))]
            for name in tables}


def _shape_of_version(version: int) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            db.executescript(script)
        return _shape(db)
    finally:
        db.close()


def _session(row: Sequence[Any], comparison: dict[str, str | None]) -> Session:
    status = _text(row[3]) or ""
    seconds = _seconds(row[2])
    if status == IN_PROGRESS:
        status = INTERRUPTED
        seconds = seconds or None  # killed before its first set was written: unknown
    return Session(
        id=_count(row[0]), started_at=_time(row[1]), seconds=seconds, status=status,
        routine=_text(row[4]), exercises=tuple(filter(None, (_text(row[5]) or "").split(","))),
        kind=_text(row[6]) or "workout", felt=_text(row[7]), effort=_text(row[8]),
        reps_done=_count(row[9]), comparison=comparison)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:  # heel writes UTC; a hand-made row without an offset too
        moment = moment.replace(tzinfo=timezone.utc)
    if not 1 < moment.year < 9999:  # no zone could show it: its day would be out of range
        return None
    return moment


def _weekdays(value: object) -> tuple[int, ...] | None:
    """Planned days as stored ("0,2,4"); None unless each is a weekday 0 to 6, and one at
    least: an empty week would make every "next planned day" search run forever."""
    days = tuple(numbers.whole(part) for part in str(value).split(","))
    if not days or any(d is None or d > 6 for d in days):
        return None
    return tuple(sorted({d for d in days if d is not None}))


def _decoded(raw: bytes) -> str:
    """Stored text, as SQLite hands it over. A byte that is not UTF-8 (a file edited by
    hand) shows as U+FFFD: text is shown, never acted on, so a damaged word must not stop
    the command that shows it."""
    return raw.decode("utf-8", errors="replace")


def _rating(value: object) -> int | None:
    """A 0-10 rating as stored; anything else is unknown."""
    return value if isinstance(value, int) and 0 <= value <= 10 else None


def _seconds(value: object) -> float | None:
    if isinstance(value, (int, float)) and math.isfinite(value) and value >= 0:
        return float(value)
    return None


def _count(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front, so waiting is done by
    the busy timeout, never by a deadlock between two readers both wanting to write.

    Its failures come out as what they mean (Busy, Unwritable, ...), whoever called.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.store._failure(exc) from None

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error as exc:
                error = exc
        # SQLite rolls back by itself on some errors (SQLITE_FULL): a second ROLLBACK would
        # fail with "no transaction is active" and hide why the write failed.
        if self.db.in_transaction:
            with suppress(sqlite3.Error):  # the first error is the one to tell
                self.db.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise self.store._failure(error) from None


def _statements(script: str) -> list[str]:
    """A migration's statements, one by one (executescript would commit midway); a
    trigger's body keeps its own semicolons."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    statements, pending = [], ""
    for piece in "\n".join(lines).split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


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
        except (sqlite3.Error, HeelError) as exc:  # HeelError: a failure already told
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

    def answer(self, question: str, value: str | int) -> None:
        """One check-in answer, kept at once."""
        if self.session_id is not None:
            sid = self.session_id
            self._try(lambda store: store.answer(sid, question, value))

    def compared(self, variant: str, felt: str) -> None:
        if self.session_id is not None:
            sid = self.session_id
            self._try(lambda store: store.compared(sid, variant, felt))

    def recent(self, limit: int = 10) -> list[Session]:
        """The last `limit` sessions: read through the index, whatever the log's size."""
        if self.store is None:
            return []
        try:
            return list(self.store.sessions(limit))
        except (sqlite3.Error, HeelError):
            return []  # only feeds a suggestion: not worth a second warning

    def last_reps(self) -> int | None:
        """Reps done in the latest earlier session of the same workout (routine, or the
        same exercises), counting only sessions with reps done; None if there is none."""
        if self.store is None or self.session_id is None:
            return None
        try:
            with self.store.translated():
                return self._last_reps(self.store, self.session_id)
        except HeelError:
            return None  # only feeds the summary's comparison: the session is kept

    @staticmethod
    def _last_reps(store: Store, session_id: int) -> int | None:
        db = store.db
        me = db.execute("SELECT kind, exercises, routine FROM sessions WHERE id = ?",
                        (session_id,)).fetchone()
        if me is None:
            return None
        # Newest first through sessions_by_workout: the first with reps done ends the read.
        row = db.execute(
            "SELECT (SELECT sum(reps_done) FROM results WHERE session_id = s.id) AS r"
            " FROM sessions s WHERE s.kind = ? AND s.exercises = ? AND s.routine IS ?"
            " AND s.id != ? AND r > 0 ORDER BY s.started_at DESC, s.id DESC LIMIT 1",
            (*me, session_id)).fetchone()
        return None if row is None else int(row[0])
