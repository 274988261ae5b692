"""The history file: whose it is, who may change it, and what each failure tells the user."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from heelcli.store.history import (
    APPLICATION_ID,
    FILE_NAME,
    SCHEMA_VERSION,
    Store,
    _damaged,
    _locked,
    error_code,
)

from .conftest import invoke
from .histories import build, in_program

NOW = datetime(2026, 11, 25, 18, 30, tzinfo=timezone(timedelta(hours=1)))

# The schema as heel 0.x wrote it, frozen here: files like these are on users' disks, with
# no application_id, and must keep working whatever becomes of MIGRATIONS.
OLD_HEEL = (
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


@pytest.fixture
def home(tmp_path: Path, env, monkeypatch) -> Path:
    monkeypatch.setenv("HEEL_HOME", str(tmp_path / "heel"))
    env.now = lambda: NOW
    return tmp_path / "heel"


def old_heel_file(home: Path, version: int) -> Path:
    """A history as an older heel left it: two sessions, one rated."""
    home.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(home / FILE_NAME)
    for script in OLD_HEEL[:version]:
        db.executescript(script)
    db.execute("INSERT INTO sessions (started_at, seconds, status, routine, exercises) VALUES"
               " ('2026-11-24T07:00:00+00:00', 600, 'completed', 'heel-basics', 'bridge'),"
               " ('2026-11-25T07:00:00+00:00', 300, 'stopped', NULL, 'bridge')")
    db.execute("INSERT INTO results VALUES (1, 0, 'bridge', 'Bridge', '', 3, 30, 600),"
               " (2, 0, 'bridge', 'Bridge', '', 1, 10, 300)")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    return home / FILE_NAME


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def test_a_locked_history_is_busy_not_broken(env, home, sqlite_codes):
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    path = home / FILE_NAME
    before = snapshot(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another heel, mid-write for longer than we wait
    env.history_timeout = 0.01
    try:
        for args in (("history",), ("history", "--json"), ("history", "--csv"),
                     ("workout", "-e", "lift")):
            result = invoke(env, *args)
            assert (result.exit_code, result.output) == (
                1, f"heel: the history is in use by another heel ({path}); try again\n"), args
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert snapshot(path) == before  # a healthy file: nothing moved, nothing changed
    assert invoke(env, "history", "--json").exit_code == 0


@pytest.mark.skipif(sys.version_info < (3, 11), reason="sqlite3 errors carry codes from 3.11")
def test_sqlite_errors_are_told_apart_by_code_not_by_message(tmp_path):
    path = tmp_path / FILE_NAME
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError) as busy:
        sqlite3.connect(path, timeout=0).execute("SELECT * FROM sessions")
    other.execute("ROLLBACK")
    assert error_code(busy.value) == "SQLITE_BUSY"
    busy.value.args = ("a message that says nothing",)  # the code decides
    assert error_code(busy.value) == "SQLITE_BUSY"


def test_without_codes_the_type_tells_damage_and_sqlites_own_text_a_lock():
    # As Python 3.10 raises them: no code on the exception.
    assert error_code(sqlite3.OperationalError("database is locked")) is None
    assert _locked(sqlite3.OperationalError("database is locked"))
    assert not _locked(sqlite3.OperationalError("no table: database is locked"))  # whole
    assert _damaged(sqlite3.DatabaseError("file is not a database"))
    assert not _damaged(sqlite3.OperationalError("file is not a database"))  # the type decides


@pytest.mark.parametrize("version", [1, 2])
def test_another_apps_sessions_and_results_are_refused_untouched(env, home, version):
    home.mkdir(parents=True)
    db = sqlite3.connect(home / FILE_NAME)
    db.executescript("CREATE TABLE sessions (id INTEGER PRIMARY KEY, token TEXT, expires REAL);"
                     "CREATE TABLE results (id INTEGER PRIMARY KEY, query TEXT, rows BLOB);"
                     "INSERT INTO sessions (token, expires) VALUES ('s3cr3t', 1.5e9);")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    before = snapshot(home / FILE_NAME)
    for args in (("workout", "-e", "lift"), ("history",), ("history", "--csv")):
        result = invoke(env, *args)
        assert result.exit_code == 2, args
        assert result.output.startswith(f"heel: {home / FILE_NAME}: not a heel history ")
        assert "move it" not in result.output and "Get ready" not in result.output
    assert snapshot(home / FILE_NAME) == before


def test_a_file_marked_as_another_apps_is_refused_even_with_heels_tables(env, home):
    old_heel_file(home, 2)
    db = sqlite3.connect(home / FILE_NAME)
    db.execute("PRAGMA application_id = 1337")
    db.close()
    before = snapshot(home / FILE_NAME)
    assert invoke(env, "workout", "-e", "lift").exit_code == 2
    assert snapshot(home / FILE_NAME) == before


@pytest.mark.parametrize("version", [1, 2])
def test_history_reads_an_older_heels_file_without_changing_a_byte(env, home, version):
    path = old_heel_file(home, version)
    before = snapshot(path)
    for args in ((), ("--json",), ("--csv",)):
        result = invoke(env, "history", *args)
        assert result.exit_code == 0, result.output
    data = json.loads(invoke(env, "history", "--json").output)
    assert [(s["reps_done"], s["status"], s["kind"]) for s in data["sessions"]] == [
        (10, "stopped", "workout"), (30, "completed", "workout")]
    assert data["streak_days"] == 2
    assert snapshot(path) == before  # no migration, no journal, not even the mtime


@pytest.mark.parametrize("version", [1, 2])
def test_a_workout_takes_an_older_heels_file_forward_and_keeps_its_sessions(env, home,
                                                                           version):
    path = old_heel_file(home, version)
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    data = json.loads(invoke(env, "history", "--json").output)
    assert [s["reps_done"] for s in data["sessions"]] == [6, 10, 30]
    db = sqlite3.connect(path)
    assert [db.execute(f"PRAGMA {name}").fetchone()[0] for name in (
        "user_version", "application_id")] == [SCHEMA_VERSION, APPLICATION_ID]
    db.close()


def test_a_new_history_is_marked_as_heels(env, home):
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    db = sqlite3.connect(home / FILE_NAME)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


def test_history_never_writes_even_an_empty_file(env, home):
    assert invoke(env, "history").output == (
        "No workouts recorded yet. Start one with: heel workout\n")
    assert not home.exists()  # nothing made for a read
    home.mkdir()
    Store(home / FILE_NAME).close()  # made by a workout that was stopped before it logged
    before = snapshot(home / FILE_NAME)
    assert invoke(env, "history").output.startswith("No workouts recorded yet.")
    assert json.loads(invoke(env, "history", "--json").output)["sessions"] == []
    assert snapshot(home / FILE_NAME) == before


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_history_in_an_unusable_place_says_so(env, tmp_path, monkeypatch, where):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a directory\n")
    home = a_file if where == "a file" else a_file / "heel"
    monkeypatch.setenv("HEEL_HOME", str(home))
    for args in ((), ("--json",), ("--csv",)):
        result = invoke(env, "history", *args)
        assert (result.exit_code, result.output) == (
            1, f"heel: the history location {home} is unusable (Not a directory); "
               "set HEEL_HOME to a directory\n")
    assert a_file.read_text() == "not a directory\n"


def test_queries_go_through_the_index_on_the_start_time(tmp_path, monkeypatch):
    """No query the page, the export or the check-in runs scans or sorts all sessions."""
    monkeypatch.setattr("heelcli.store.history.BATCH", 20)
    path = build(tmp_path, 50, NOW)
    store = Store(path, read_only=True)
    queries: list[str] = []
    store.db.set_trace_callback(queries.append)
    assert len(list(store.sessions(10))) == 10
    assert sum(1 for _ in store.timeline()) == 50  # in three batches
    assert [s.id for s in store.sessions()] == list(range(1, 51))  # and here
    store.db.set_trace_callback(None)
    assert len(queries) == 1 + 3 + 3
    for query in queries:
        plan = " / ".join(row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {query}"))
        assert "USING INDEX sessions_by_start" in plan and "TEMP B-TREE" not in plan, plan
    store.close()


def cut_short(home: Path) -> Path:
    """A copy of a 500-session history as a kill -9 mid-write would leave it."""
    path = build(home, 500, NOW)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA cache_size = 1")  # so the change reaches the file before COMMIT
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE sessions SET seconds = 0")
    cut = home.parent / "cut"
    cut.mkdir()
    for name in os.listdir(home):  # the files as a kill -9 would leave them
        (cut / name).write_bytes((home / name).read_bytes())
    writer.execute("ROLLBACK")
    writer.close()
    assert (cut / f"{FILE_NAME}-journal").read_bytes()[:1] not in (b"", b"\0")
    return cut


def test_a_write_cut_short_is_rolled_back_by_the_next_reader(env, home, sqlite_codes):
    """`heel history` right after a kill shows every committed session, not an error."""
    cut = cut_short(home)
    env.home = lambda: cut
    result = invoke(env, "history", "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["sessions"]
    assert len(data) == 500 and {s["seconds"] for s in data} == {540.0}  # rolled back
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    assert len(json.loads(invoke(env, "history", "--json").output)["sessions"]) == 501


def test_a_write_cut_short_that_cannot_be_repaired_says_so(env, home, sqlite_codes,
                                                           monkeypatch):
    """On a read-only disk the journal stays: one line, the file untouched."""
    from heelcli.store import history as store_module

    cut = cut_short(home)
    env.home = lambda: cut
    monkeypatch.setattr(store_module, "_rolled_back", lambda path, timeout: False)
    before = snapshot(cut / FILE_NAME)
    result = invoke(env, "history")
    assert (result.exit_code, result.output) == (
        1, f"heel: the history {cut / FILE_NAME} was left mid-write by a heel that stopped, "
           "and cannot be repaired here (read-only)\n")
    assert snapshot(cut / FILE_NAME) == before


def test_an_export_waiting_on_its_reader_does_not_stop_a_workout_saving(tmp_path):
    """`heel history --csv | less`, the pager not reading, while a workout runs."""
    path = build(tmp_path, 1200, NOW)
    store = Store(path, read_only=True)
    export, walk = store.sessions(), store.timeline()
    next(export)  # the first rows are out; the pipe is full, the export waits
    next(walk)  # a walk left where the streaks ended
    workout = Store(path, busy_timeout=0.01)
    workout.start(started_at=NOW, routine=None, exercises=["lift"])  # saved at once
    assert sum(1 for _ in export) == 1199  # and the export goes on, as it began


def test_the_comparison_with_last_time_reads_the_same_for_a_history_ten_times_longer(
        tmp_path, monkeypatch):
    """The summary's "than last time" finds the latest session of the same workout through
    an index: a workout never done before costs the same in a history of 500 sessions of
    another workout as in one of 5,000, instead of a read of every row."""
    from datetime import datetime, timezone

    from heelcli.store.history import Recorder

    from .conftest import SqliteSteps
    from .histories import build

    sql = SqliteSteps(monkeypatch, every=10)
    now = datetime(2026, 3, 2, 18, tzinfo=timezone.utc)
    cost, found = {}, {}
    for count in (500, 5000):
        path = build(tmp_path / str(count), count, now)
        with sql.counting():
            recorder = Recorder(Store(path), warn=lambda line: None)
            for exercises, routine in ((("split-squat",), None), (("bridge",), "heel-basics")):
                recorder.start(started_at=now, routine=routine, exercises=exercises)
                found[count, exercises] = recorder.last_reps()
        cost[count] = sql.steps
    assert found[500, ("split-squat",)] is None  # never done before
    assert found[500, ("bridge",)] == found[5000, ("bridge",)] == 30  # the latest of many
    assert cost[5000] < 1.2 * cost[500]


@pytest.mark.skipif(os.name != "posix", reason="elsewhere heel names files with pathlib")
@pytest.mark.parametrize("given", ["{home}/", "{home}//", "{home}/./", "//{home}", "{rel}/."])
def test_a_home_given_oddly_is_named_as_pathlib_names_it(env, tmp_path, monkeypatch, given):
    """heel reads the history without pathlib; its messages name the place as before."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a directory\n")
    monkeypatch.chdir(tmp_path)
    home = given.format(home=a_file, rel="notes.txt")
    monkeypatch.setenv("HEEL_HOME", home)
    result = invoke(env, "history")
    assert (result.exit_code, result.output) == (
        1, f"heel: the history location {Path(home)} is unusable (Not a directory); "
           "set HEEL_HOME to a directory\n")


@pytest.mark.skipif(os.name != "posix", reason="elsewhere heel names files with pathlib")
def test_a_history_under_an_odd_name_is_read(env, tmp_path, monkeypatch):
    """The read-only open takes a URI heel builds itself: spaces, %, ? and # in the path."""
    home = tmp_path / "my heel %20 ?#é"
    build(home, 3, datetime(2027, 3, 20, 9, 0, tzinfo=timezone.utc))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEEL_HOME", home.name)  # relative, as a user may give it
    result = invoke(env, "history", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["sessions"]) == 3


# --- Streaks: what SQLite counts, and what it costs ------------------------------------

def _random_history(path: Path, seed: int, rest: float, zone: Any) -> tuple[
        list[tuple[datetime, int, float]], list[datetime], datetime]:
    """A year of sessions around both of `zone`'s clock changes, many near local
    midnight and at the ends of weeks, some with no rep done and some outside the program;
    a week at random is a rest week with probability `rest`. The sessions as (start, reps,
    seconds), the program's starts with a rep done, and when the program started."""
    rng = random.Random(seed)
    first = datetime(2026, 1, 5, tzinfo=zone)  # a Monday
    started = first + timedelta(days=rng.randrange(60, 120), hours=rng.randrange(24))
    sessions, program = [], []
    rows, results = [], []
    for week in range(52):
        if rng.random() < rest:
            continue
        for _ in range(rng.randrange(1, 9)):
            day = first + timedelta(weeks=week, days=rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 6]))
            minute = rng.choice([rng.randrange(24 * 60), rng.randrange(60),
                                 23 * 60 + rng.randrange(60)])
            local = datetime.combine(day.date(), datetime.min.time(), zone) + timedelta(
                minutes=minute)
            reps = rng.choice([0, 5, 12, 30, 30])
            in_program = local >= started and rng.random() < 0.8
            n = len(rows) + 1
            rows.append((n, local.astimezone(timezone.utc).isoformat(timespec="seconds"),
                         60.0, "completed", "bridge", None))
            if reps:
                results.append((n, 0, "bridge", "Bridge", "", 1, reps, 60.0))
            sessions.append((local, reps, 60.0))
            if in_program:
                rows[-1] = (*rows[-1][:5], "program")
                if reps:
                    program.append(local)
    store = Store(path)
    pid = store.start_program(started_at=started, days=(0, 2, 4), pain_limit=5, levels={})
    store.db.execute("BEGIN")
    store.db.executemany(
        "INSERT INTO sessions (id, started_at, seconds, status, exercises, program_id) "
        "VALUES (?, ?, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL ELSE ? END)",
        [(*row[:5], row[5], pid) for row in rows])
    store.db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", results)
    store.db.execute("COMMIT")
    store.close()
    return sessions, program, started


def _weeks_met(times: list[datetime], days: tuple[int, ...], started: date, today: date,
               zone: Any) -> int:
    """The program's streak counted by hand: weeks in a row, up to this week or the one
    before, holding as many distinct local days with a session as the week plans from the
    start on (the first week: at least one)."""
    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    held: dict[date, set[date]] = {}
    for moment in times:
        day = moment.astimezone(zone).date()
        if started <= day <= today:
            held.setdefault(monday(day), set()).add(day)

    def met(week: date) -> bool:
        due = sum(1 for n in days if week + timedelta(days=n) >= started)
        need = max(due, 1) if week == monday(started) else due
        return week >= monday(started) and len(held.get(week, ())) >= need

    week = monday(today) if met(monday(today)) else monday(today) - timedelta(weeks=1)
    count = 0
    while met(week):
        count, week = count + 1, week - timedelta(weeks=1)
    return count


@pytest.mark.parametrize("rest", [0.0, 0.15], ids=["no-gaps", "gaps"])
@pytest.mark.parametrize("process_zone", [False, True], ids=["given-zone", "process-zone"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_streaks_are_those_of_a_plain_count_over_every_session(tmp_path, rest, process_zone,
                                                               seed):
    """Random histories, with rest weeks and without, around both clock changes of New York:
    the streaks SQLite counts (days, weeks, the program's weeks) are those of a walk in
    Python over every session, in a zone the store is given while the process is in
    Tokyo, and in the process's own."""
    from zoneinfo import ZoneInfo

    from heelcli.engine.streaks import summarise

    from .conftest import NEW_YORK, in_zone

    user_zone = ZoneInfo("America/New_York")
    with in_zone(NEW_YORK if process_zone else "JST-9"):
        path = tmp_path / FILE_NAME
        sessions, program_times, started = _random_history(path, seed, rest, user_zone)
        store = Store(path, read_only=True, zone=None if process_zone else user_zone)
        program = store.active_program()
        assert program is not None and program.started == started.date()
        newest_first = sorted(sessions, key=lambda s: s[0], reverse=True)
        for today in (date(2026, 1, 5) + timedelta(days=d) for d in range(0, 370, 4)):
            expected = summarise(newest_first, today, user_zone)
            program_weeks = _weeks_met(program_times, program.days, program.started,
                                       today, user_zone)
            found = store.facts(today, program=program)
            assert (found.streak_days, found.streak_weeks, found.this_week,
                    found.per_week) == (0, expected.streak_weeks,  # no days in a program
                                        expected.this_week, expected.per_week), today
            assert found.program_weeks == program_weeks == store.program_week_streak(
                program, today), today
            assert store.facts(today) == expected, today
        store.close()


def _steps_of(monkeypatch: pytest.MonkeyPatch, path: Path, read: Any) -> int:
    """SQLite's virtual machine steps (every 10) of `read(store)` on the history at `path`."""
    from .conftest import SqliteSteps

    sql = SqliteSteps(monkeypatch, every=10)
    with sql.counting():
        store = Store(path, read_only=True)
        read(store)
        store.close()
    return sql.steps


def test_a_streak_without_a_gap_costs_its_weeks_and_the_programs_weeks_once(
        tmp_path, monkeypatch):
    """A streak back to the first session: 150 weeks more of it cost about the same with
    one session a week or twelve (the probe of a week stops at its first session), not
    twelve times; and with the program running, the weeks it met are not probed again
    for the streak of weeks."""
    today = NOW.date()
    paths = {}
    for per_week in (1, 12):
        for weeks in (150, 300):
            path = build(tmp_path / f"{per_week}x{weeks}", weeks * 12, NOW, rest_every=None)
            if per_week == 1:  # keep one session a week
                db = sqlite3.connect(path)
                db.execute("DELETE FROM sessions WHERE id NOT IN (SELECT min(id) FROM "
                           "sessions GROUP BY strftime('%Y%W', started_at))")
                db.commit()
                db.close()
            in_program(path)
            paths[per_week, weeks] = path
            found = Store(path, read_only=True).facts(today)
            assert weeks - 2 <= found.streak_weeks <= weeks + 1
    cost = {key: _steps_of(monkeypatch, path, lambda store: store.facts(today))
            for key, path in paths.items()}
    more = {n: cost[n, 300] - cost[n, 150] for n in (1, 12)}  # 150 weeks more of streak
    assert 0 < more[12] < 1.3 * more[1]

    def program_weeks(store: Store) -> None:
        program = store.active_program()
        assert program is not None and store.program_week_streak(program, today) > 140

    def both(store: Store) -> None:
        assert store.facts(today, program=store.active_program()).program_weeks > 140

    # The facts with the program's streak cost what that streak does, plus what does not
    # grow with the streak: its weeks are stepped over, not probed again.
    extra = {weeks: _steps_of(monkeypatch, paths[12, weeks], both)
             - _steps_of(monkeypatch, paths[12, weeks], program_weeks) for weeks in (150, 300)}
    assert extra[300] - extra[150] < 0.1 * more[12]


def test_the_programs_decision_reads_the_same_for_a_program_ten_times_longer(
        tmp_path, monkeypatch):
    """The rules after a session (`coach.decide`) and today's prescription read the
    program's last sessions and its levels: a program of 10,000 sessions without a gap
    costs what one of 1,000 does."""
    from heelcli.engine import coach
    from heelcli.engine.catalog import default_path, load

    catalog = load(default_path())
    at = NOW
    cost, decided = {}, {}
    for count in (1000, 10000):
        path = build(tmp_path / str(count), count, NOW, rest_every=None)
        in_program(path)

        def decide(store: Store, count: int = count) -> None:
            program = store.active_program()
            assert program is not None
            decided[count] = coach.decide(store, catalog, program, at=at, tz=timezone.utc)
            coach.plan_today(store, catalog, program, now=at, tz=timezone.utc)

        cost[count] = _steps_of(monkeypatch, path, decide)
    assert decided[1000] == decided[10000]
    assert cost[10000] < 1.1 * cost[1000]


def test_a_streak_past_ten_years_is_shown_as_ten_years_or_more_and_read_no_further(
        env, tmp_path, monkeypatch):
    """Each week of a streak is one read: past ten years (520 weeks) heel says "or more"
    and stops reading, so a streak of twenty years costs what one of eleven does."""
    from heelcli.engine.streaks import STREAK_WEEKS_COUNTED, summarise

    today = NOW.date()
    paths = {}
    for years in (11, 20):
        path = build(tmp_path / str(years), 2 * 6 * 53 * years, NOW, rest_every=None)
        paths[years] = path
        store = Store(path, read_only=True)
        found = store.facts(today)
        assert found.streak_weeks == STREAK_WEEKS_COUNTED == 520
        times = [(s.started_at, s.reps_done, s.seconds) for s in store.sessions()]
        assert summarise(times, today, timezone.utc).streak_weeks == 520  # the same count
        store.close()
    env.home = lambda: paths[20].parent
    env.now = lambda: NOW
    page = invoke(env, "history")
    assert page.exit_code == 0 and "520 weeks or more in a row" in page.output
    in_program(paths[20])
    assert "Streak: 520 weeks or more in a row on your program's days" in invoke(
        env, "history").output
    assert "Streak: 520 weeks or more on schedule" in invoke(env, "program").output

    def both(store: Store) -> None:
        program = store.active_program()
        found = store.facts(today, program=program)
        assert found.streak_weeks == 520 and (program is None or found.program_weeks == 520)

    in_program(paths[11])
    cost = {years: _steps_of(monkeypatch, path, both) for years, path in paths.items()}
    assert cost[20] < 1.05 * cost[11]


def _reps_beside(store: Store) -> dict[int, tuple[int, int]]:
    """Each session's `reps` and the sum of its results."""
    return {sid: (reps, summed) for sid, reps, summed in store.db.execute(
        "SELECT id, reps, (SELECT coalesce(sum(reps_done), 0) FROM results "
        "WHERE session_id = sessions.id) FROM sessions")}


def test_a_sessions_reps_follow_its_results_whoever_writes_them(tmp_path):
    """The streaks count a session by the reps kept beside it: heel's own writes, and a
    hand's in the file, keep them the sum of its results, so a session emptied by hand
    leaves the streak and one filled in joins it."""
    from heelcli.engine.records import Part

    store = Store(tmp_path / FILE_NAME, zone=timezone.utc)
    today = NOW.date()
    sid = store.start(started_at=NOW, routine=None, exercises=["bridge", "curl"])
    assert _reps_beside(store) == {sid: (0, 0)} and store.facts(today).streak_days == 0
    bridge, curl = Part(0, "bridge", "Bridge", "", 1, 10, 60.0), \
        Part(1, "curl", "Curl", "left", 1, 8, 40.0)
    store.update(sid, [bridge], 60.0)
    store.update(sid, [bridge._replace(sets_done=2, reps_done=20), curl], 160.0)
    assert _reps_beside(store) == {sid: (28, 28)} and store.facts(today).streak_days == 1
    store.db.execute("UPDATE results SET reps_done = 0 WHERE exercise = 'bridge'")
    assert _reps_beside(store) == {sid: (8, 8)}
    store.db.execute("DELETE FROM results")
    assert _reps_beside(store) == {sid: (0, 0)} and store.facts(today).streak_days == 0
    store.db.execute("INSERT INTO results VALUES (?, 0, 'bridge', 'Bridge', '', 1, 5, 9.0)",
                     (sid,))
    assert _reps_beside(store) == {sid: (5, 5)} and store.facts(today).streak_days == 1
    started = store.db.execute("SELECT started_at FROM sessions").fetchone()[0]
    for odd in ("now", "yesterday", "2026-13-45T00:00:00+00:00"):  # not a time: not counted
        store.db.execute("UPDATE sessions SET started_at = ?", (odd,))
        assert store.facts(today).streak_days == 0, odd
    store.db.execute("UPDATE sessions SET started_at = ?", (started,))
    assert store.facts(today).streak_days == 1
    store.db.execute("DELETE FROM sessions")
    assert store.facts(today).streak_days == 0
    assert store.db.execute("SELECT count(*) FROM done").fetchone() == (0,)
    store.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_a_history_from_before_reps_counts_the_same_read_as_it_is_and_taken_forward(
        tmp_path, seed):
    """A history written before sessions.reps: read as it is (read-only), its streaks come
    from the results; taken forward by a heel that writes, every session gets its reps
    and the streaks stay the same."""
    from zoneinfo import ZoneInfo

    from .histories import before_reps

    zone = ZoneInfo("America/New_York")
    path = tmp_path / FILE_NAME
    _random_history(path, seed, 0.15, zone)
    days = [date(2026, 1, 5) + timedelta(days=d) for d in range(0, 370, 23)]

    def streaks(store: Store) -> list[tuple[int, int, int]]:
        program = store.active_program()
        return [(f.streak_days, f.streak_weeks, f.program_weeks) for f in
                (store.facts(today, program=program) for today in days)]

    store = Store(path, zone=zone)
    expected = streaks(store)
    assert len(set(expected)) > 3  # streaks that change over the year
    before_reps(store.db)
    store.close()
    old = Store(path, read_only=True, zone=zone)
    assert old.version == 7 and streaks(old) == expected
    old.close()
    taken = Store(path, zone=zone)
    assert taken.version == SCHEMA_VERSION and streaks(taken) == expected
    reps = _reps_beside(taken)
    assert all(kept == summed for kept, summed in reps.values())
    assert {kept > 0 for kept, _ in reps.values()} == {True, False}
    taken.close()


def test_a_streaks_cost_does_not_follow_how_many_exercises_its_sessions_had(
        tmp_path, monkeypatch):
    """A streak asks each week whether it holds a session with a rep done, of an index:
    100 weeks more of it cost the same with sessions of six exercises as of one. (The
    weeks charted still add up each session's reps: what is shown.)"""
    today = NOW.date()
    cost = {}
    for blocks in (1, 6):
        for weeks in (100, 200):
            path = build(tmp_path / f"{blocks}x{weeks}", weeks * 12, NOW, rest_every=None)
            db = sqlite3.connect(path)
            db.executemany("INSERT INTO results SELECT session_id, ?, exercise, name, side, "
                           "sets_done, reps_done, seconds FROM results WHERE block = 0",
                           [(block,) for block in range(1, blocks)])
            db.commit()
            db.close()
            in_program(path)

            def both(store: Store, weeks: int = weeks) -> None:
                found = store.facts(today, program=store.active_program())
                assert found.streak_weeks >= weeks - 1 and found.program_weeks >= weeks - 1

            cost[blocks, weeks] = _steps_of(monkeypatch, path, both)
    more = {blocks: cost[blocks, 200] - cost[blocks, 100] for blocks in (1, 6)}
    assert 0 < more[6] < 1.1 * more[1]


def test_while_a_program_runs_the_days_in_a_row_are_not_read(tmp_path, monkeypatch):
    """A program rests between sessions: the page shows its weeks, not the days in a row,
    so a streak of days twice as long costs nothing more to a program's history, where
    without the program each day of it is a read."""
    today = NOW.date()
    cost = {}
    for days in (300, 600):
        path = build(tmp_path / str(days), 2 * days, NOW, rest_every=None, sundays=True)
        assert Store(path, read_only=True).facts(today).streak_days >= days - 1
        cost["alone", days] = _steps_of(monkeypatch, path, lambda store: store.facts(today))
        in_program(path)

        def program_days(store: Store, days: int = days) -> None:
            found = store.facts(today, program=store.active_program())
            assert found.streak_days == 0 and found.program_weeks >= days // 7 - 1

        def program_weeks(store: Store) -> None:
            program = store.active_program()
            assert program is not None and store.program_week_streak(program, today) > 0

        cost["program", days] = _steps_of(monkeypatch, path, program_days) - _steps_of(
            monkeypatch, path, program_weeks)
    more_days = cost["alone", 600] - cost["alone", 300]
    assert more_days > 0
    assert cost["program", 600] - cost["program", 300] < 0.1 * more_days

