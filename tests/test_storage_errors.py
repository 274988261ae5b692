"""Storage failures told as they are, on every path: a full disk (an injected SQLITE_FULL,
which SQLite answers by rolling the transaction back itself), a file held by another
process (a real `BEGIN IMMEDIATE` and a tiny injected busy timeout). One line on stderr,
a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.store.history import FILE_NAME, Store, Unwritable

from .conftest import EASY_BACK, ScriptedKeys, World

SQLITE_FULL = 13


def invoke(env, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=env, input=input)


def history_path() -> Path:
    return Path(os.environ["HEEL_HOME"]) / FILE_NAME


class FullDisk(sqlite3.Connection):
    """A connection on a full disk: every change fails as SQLite fails it, the transaction
    already rolled back by SQLite itself."""

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            super().execute("ROLLBACK")
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = SQLITE_FULL  # as Python 3.11+ sets it
            raise error
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        return self.execute(sql)


@pytest.fixture
def full_disk(monkeypatch) -> Iterator[None]:
    Store(history_path()).close()  # made and migrated while there was room
    real = sqlite3.connect

    def connect(*args, **kwargs):
        return real(*args, **{**kwargs, "factory": FullDisk})

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield


def test_a_full_disk_is_told_not_hidden_by_the_failed_rollback(full_disk):
    store = Store(history_path())
    with pytest.raises(Unwritable) as caught:
        store.add_measures(datetime(2027, 3, 1, tzinfo=timezone.utc), [("chair-stands", 9)])
    store.close()
    assert "the disk is full" in str(caught.value)
    assert "rollback" not in str(caught.value)


@pytest.mark.parametrize("args", [["test", "--about", "--sex", "male"],
                                  ["test", "--age-band", "65-69"]])
def test_a_full_disk_at_heel_test_about_is_one_line_exit_1(env, full_disk, args):
    result = invoke(env, *args)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, sqlite3.Error)
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("heel: ") and "the disk is full" in last
    assert "rollback" not in result.output


def test_a_full_disk_after_heel_test_shows_the_results_and_exits_1(env, full_disk):
    env.keys = ScriptedKeys(env.clock)
    result = invoke(env, "test", "--only", "chair-stand", input="12\n")
    assert result.exit_code == 1, result.output
    assert "Chair stands: 12" in result.output  # shown, so it can be written down
    assert "Saved." not in result.output
    assert "heel: results not saved: cannot write" in result.output
    assert "the disk is full" in result.output


def test_a_full_disk_mid_workout_warns_once_with_the_reason(env, full_disk):
    result = invoke(env, "workout", "--yes", "-e", "lift")
    assert "history not saved" in result.output and "the disk is full" in result.output
    assert "rollback" not in result.output


@pytest.fixture
def held() -> Iterator[sqlite3.Connection]:
    """Another process in the middle of a write: it holds the write lock."""
    Store(history_path()).close()
    other = sqlite3.connect(history_path(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.parametrize("args", [["test", "--about", "--sex", "male"],
                                  ["program", "start"]])
def test_a_busy_history_waits_the_timeout_then_says_so_in_one_line(env, held, args):
    env.history_timeout = 0.01
    env.catalog_path = None
    result = invoke(env, *args)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, sqlite3.Error)
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("heel: ") and "in use by another heel" in last


# --- Reads outside any write transaction meet the lock too ---------------------------------

DAY = datetime(2027, 3, 1, tzinfo=timezone.utc)
READS = {
    "active_program": (), "level_changes": (1,), "current_levels": (1,),
    "program_entries": (1,), "program_entries_between": (1, DAY, DAY),
    "program_times": (1,), "facts": (DAY.date(),),
    "workouts_between": (DAY, DAY), "levels_since": (1, "bridge", DAY),
    "measures_between": (("chair-stands",), DAY, DAY), "last_measured": (("chair-stands",),),
    "sessions": (5,), "as_json": (5,), "as_csv": (5,), "timeline": (), "measures": (),
    "about": ()}


@pytest.fixture
def locked_out() -> Iterator[Store]:
    """heel's store, open, when another process takes the file whole (EXCLUSIVE: readers
    wait too), with a tiny busy timeout."""
    store = Store(history_path(), busy_timeout=0.01)
    other = sqlite3.connect(history_path(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield store
    other.execute("ROLLBACK")
    other.close()
    store.close()


@pytest.mark.parametrize("name", list(READS))
def test_every_read_of_an_open_store_tells_a_held_lock_as_busy(locked_out, name):
    from heelcli.store.history import Busy

    with pytest.raises(Busy, match="in use by another heel"):
        found = getattr(locked_out, name)(*READS[name])
        list(found) if hasattr(found, "__next__") else found


def test_the_reads_checked_are_every_query_of_the_store():
    queries = {name for name, value in vars(Store).items() if callable(value)
               and not name.startswith("_") and name not in ("close", "translated")}
    writes = {"start", "update", "check_in", "answer", "compared", "resume_program",
              "start_program", "stop_program", "set_level",
              "morning_pain", "morning_stiffness", "add_measures", "set_about",
              "program_week_streak"}  # takes a Program: read through facts' own path
    assert queries - writes == set(READS)


def test_a_lock_taken_after_heel_opened_the_history_is_one_line_at_the_next_morning(
        monkeypatch):
    world = World()
    world.run("program", "start")
    world.workout(EASY_BACK + "0\n")  # Monday's session: Tuesday morning heel asks
    world.day(2)
    env = world.env()  # a terminal: heel opens the history to keep the answers
    env.history_timeout = 0.01
    opened = env.open_store
    lockers: list[sqlite3.Connection] = []

    def open_then_locked() -> Store:  # another heel takes the file just after
        store = opened()
        other = sqlite3.connect(history_path(), isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        lockers.append(other)
        return store

    monkeypatch.setattr(env, "open_store", open_then_locked)
    result = invoke(env, "program")
    for other in lockers:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, sqlite3.Error)
    (line,) = result.stderr.splitlines()
    assert line.startswith("heel: ") and "in use by another heel" in line
