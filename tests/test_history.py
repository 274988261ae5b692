"""The workout log: what gets recorded, and what survives crashes, races and bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from heelcli.engine.errors import sanitise
from heelcli.engine.records import Part, Session
from heelcli.flows.environment import Environment
from heelcli.store.history import FILE_NAME, MIGRATIONS, SCHEMA_VERSION, Store

from .conftest import DATA, LONDON, NEW_YORK, SqliteSteps, fix_now, invoke, make_console
from .histories import build, in_program

QUICK = DATA / "quick.yaml"
NOW = datetime(2026, 11, 25, 18, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def home(tmp_path: Path, env, monkeypatch) -> Path:
    monkeypatch.setenv("HEEL_HOME", str(tmp_path / "heel"))
    env.now = lambda: NOW
    return tmp_path / "heel"


def sessions(home: Path) -> list[dict]:
    result = invoke(None, "history", "--json", "--limit", "100")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["sessions"]


def results(home: Path, session_id: int) -> list[tuple]:
    db = sqlite3.connect(home / FILE_NAME)
    rows = db.execute("SELECT exercise, side, sets_done, reps_done, seconds FROM results "
                      "WHERE session_id = ? ORDER BY block, side", (session_id,)).fetchall()
    db.close()
    return rows


def test_a_completed_workout_is_recorded_per_exercise_and_side(env, home):
    result = invoke(env, "workout", "-e", "lift", "-e", "curl")
    assert result.exit_code == 0, result.output
    [row] = sessions(home)
    assert (row["status"], row["reps_done"], row["exercises"], row["routine"]) == (
        "completed", 10, ["lift", "curl"], None)
    assert row["started_at"] == "2026-11-25T17:30:00+00:00"
    assert results(home, row["id"]) == [("lift", "", 2, 6, 18.0), ("curl", "left", 1, 2, 3.0),
                                        ("curl", "right", 1, 2, 3.0)]


def test_a_workout_stopped_with_q_is_recorded_as_stopped_with_what_was_done(env, home):
    from .conftest import ScriptedKeys

    env.keys = ScriptedKeys(env.clock, [(15.0, "q")])  # 10 s ready, then ~2 reps
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    [row] = sessions(home)
    assert row["status"] == "stopped" and row["reps_done"] == 1
    assert row["routine"] is None


def test_no_log_records_nothing(env, home):
    assert invoke(env, "workout", "-e", "lift", "--no-log").exit_code == 0
    assert not (home / FILE_NAME).exists()


def test_history_on_a_fresh_machine_says_how_to_start(home):
    result = invoke(None, "history")
    assert (result.exit_code, result.output) == (
        0, "No workouts recorded yet. Start one with: heel workout\n")


def spawn(*args: str, home: Path):
    from .ptyterm import Terminal

    return Terminal("workout", "--yes", "--no-bell", "--no-checkin", "-e", "tap", *args,
                    env={"HEEL_EXERCISES": str(QUICK), "HEEL_HOME": str(home)})


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(("how", "status", "code"), [
    ("SIGKILL", "interrupted", -9), ("Ctrl-C", "stopped", 130)])
def test_a_session_killed_or_interrupted_keeps_the_sets_done(home, how, status, code):
    t = spawn(home=home)
    try:
        t.expect(rb"space pause")
        t.send(b"n")  # skip the countdown; each set is one half-second rep
        t.expect(rb"set 2 of 3")  # the first set is done
        t.expect(rb"\x1b\[\d+;\d+H")  # a later frame: the set was written after that one
        if how == "SIGKILL":
            t.kill(signal.SIGKILL)
        else:
            t.send(b"\x03")
        assert t.finish().status == code
    finally:
        t.close()
    [row] = sessions(home)
    assert row["status"] == status and row["seconds"] > 0  # as long as the sets written
    [(exercise, _, sets_done, reps_done, _)] = results(home, row["id"])
    assert exercise == "tap" and 1 <= sets_done < 3 and reps_done == sets_done


WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from heelcli.store.history import Store
from heelcli.engine.records import Part
# A tight loop of 80 writes, unlike a workout's one a set: on a loaded machine one writer
# can win the lock again and again past the usual 10 s wait, so this one waits longer.
store = Store(Path(sys.argv[1]), busy_timeout=120)
sys.stdin.readline()  # both start writing at the same moment
for n in range(40):
    start = datetime(2026, 11, 25, tzinfo=timezone.utc) + timedelta(minutes=n)
    sid = store.start(started_at=start, routine=None, exercises=["tap"])
    store.update(sid, [Part(0, "tap", "Tap", "", 1, 1, 0.5)], 0.5, "completed")
"""


def test_two_processes_writing_at_once_both_land(tmp_path):
    path = tmp_path / FILE_NAME
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, err = w.communicate(timeout=60)
        assert w.returncode == 0, err
    rows = list(Store(path).sessions())
    assert len(rows) == 80 and {r.status for r in rows} == {"completed"}


@pytest.mark.parametrize("content", [b"this is not a database\n" * 40,
                                     b"SQLite format 3\x00" + b"\xff" * 2000])
def test_a_corrupt_log_is_an_error_and_its_bytes_are_untouched(env, home, content,
                                                               sqlite_codes):
    home.mkdir(parents=True)
    (home / FILE_NAME).write_bytes(content)
    for args in (("workout", "-e", "lift"), ("history",)):
        result = invoke(env, *args)
        assert result.exit_code == 2
        assert result.output.startswith(f"heel: {home / FILE_NAME}: not a heel history ")
        assert "Get ready" not in result.output and "Traceback" not in result.output
    assert (home / FILE_NAME).read_bytes() == content
    assert os.listdir(home) == [FILE_NAME]


def test_another_programs_database_is_not_taken_over(env, home):
    home.mkdir(parents=True)
    db = sqlite3.connect(home / FILE_NAME)
    db.execute("CREATE TABLE notes (text)")
    db.commit()
    db.close()
    before = (home / FILE_NAME).read_bytes()
    assert invoke(env, "workout", "-e", "lift").exit_code == 2
    assert (home / FILE_NAME).read_bytes() == before


def test_a_log_from_a_newer_heel_is_an_error(env, home):
    home.mkdir(parents=True)
    db = sqlite3.connect(home / FILE_NAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    result = invoke(env, "history")
    assert result.exit_code == 2 and "written by a newer heel" in result.output


def unwritable_homes(tmp_path: Path):
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    yield "under a file", a_file / "heel"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if not os.access(locked, os.W_OK):  # root writes anyway: then only the case above
        yield "read-only directory", locked / "heel"


def test_an_unwritable_home_is_a_warning_and_the_workout_still_runs(env, tmp_path,
                                                                   monkeypatch):
    from click.testing import CliRunner

    from heelcli.cli.group import cli

    for _, home in unwritable_homes(tmp_path):
        monkeypatch.setenv("HEEL_HOME", str(home))
        result = CliRunner().invoke(cli, ["workout", "-e", "lift"], obj=env)
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("heel: warning: cannot keep history in ")
        assert result.stderr.endswith("; this session is not recorded\n")
        assert "Workout complete" in result.stdout


def test_an_older_schema_is_migrated_forward_keeping_its_sessions(tmp_path):
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO sessions (started_at, seconds, status, routine, exercises) "
               "VALUES ('2026-01-31T22:00:00+00:00', 600, 'completed', 'heel-basics', "
               "'bridge,split-squat')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store(path)
    [old] = store.sessions()
    assert (old.routine, old.exercises, old.kind, old.felt) == (
        "heel-basics", ("bridge", "split-squat"), "workout", None)
    store.check_in(old.id, felt="back", effort="easy")  # the new columns work
    assert next(store.sessions()).effort == "easy"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_history_json_and_csv_parse_back_to_the_same_sessions(env, home):
    for _ in range(3):
        assert invoke(env, "workout", "-e", "lift").exit_code == 0
    data = json.loads(invoke(env, "history", "--json", "--limit", "2").output)
    assert [s["reps_done"] for s in data["sessions"]] == [6, 6]
    assert data["this_week"]["sessions"] == 3
    rows = list(csv.DictReader(io.StringIO(invoke(None, "history", "--csv").output)))
    assert len(rows) == 3 and rows[0]["status"] == "completed"
    assert [r["id"] for r in rows] == ["3", "2", "1"] and rows[0]["exercises"] == "lift"


def test_history_page_fits_80_columns_with_streaks_and_a_12_week_chart(env, home):
    store = Store(home / FILE_NAME)
    for days_ago in (0, 1, 2, 8, 40):
        sid = store.start(started_at=NOW - timedelta(days=days_ago), routine="heel-basics",
                          exercises=["lift"])
        store.update(sid, [Part(0, "lift", "Lift", "", 1, 3, 9.0)], 600.0, "completed")
    env.console = make_console(terminal=False)
    result = invoke(env, "history")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and max(len(line) for line in lines) <= 80
    assert "Streak: 3 days in a row, 2 weeks in a row" in result.output
    assert "This week: 3 sessions, 9 reps, 30 min" in result.output
    chart = lines[lines.index("Sessions per week") + 1:]
    assert len(chart) == 12 and chart[-1].endswith(" 3") and chart[-2].endswith(" 1")
    assert chart[-1].count("█") == 40 and chart[-2].count("█") == 13


def test_the_chart_fits_a_narrow_page_and_one_rep_is_one_rep(env, home):
    store = Store(home / FILE_NAME)
    for days_ago, reps in ((0, 1), (8, 3), (9, 3)):
        sid = store.start(started_at=NOW - timedelta(days=days_ago), routine="heel-basics",
                          exercises=["lift"])
        store.update(sid, [Part(0, "lift", "Lift", "", 1, reps, 9.0)], 60.0, "completed")
    env.console = make_console(terminal=False, width=40)
    out = invoke(env, "history").output
    lines = out.splitlines()
    chart = lines[lines.index("Sessions per week") + 1:]
    assert len(chart) == 12 and all(len(line) <= 40 for line in chart), chart
    assert chart[-2].endswith(" 2") and chart[-1].endswith(" 1")  # the bars still compare
    assert chart[-2].count("█") == 2 * chart[-1].count("█")
    assert "This week: 1 session, 1 rep, 1 min" in out


def test_the_live_session_is_written_in_progress_and_read_back_interrupted(home):
    """Only the reader says `interrupted`: the row a running heel keeps up to date (and
    finishes as completed or stopped) is never marked so."""
    store = Store(home / FILE_NAME)
    store.start(started_at=NOW, routine="heel-basics", exercises=["lift"])
    killed_later = store.start(started_at=NOW + timedelta(hours=1), routine=None,
                               exercises=["lift"])
    store.update(killed_later, [Part(0, "lift", "Lift", "", 1, 3, 9.0)], 95.0)
    store.close()
    env = Environment(now=lambda: NOW, console=make_console(terminal=False))
    page = invoke(env, "history").output
    later, at_once = page.splitlines()[1:3]
    assert later.split()[4:8] == ["2", "min", "lift", "3"] and "interrupted" in later
    assert at_once.split()[4:8] == ["?", "heel-basics", "0", "interrupted"]
    assert "This week: 1 session, 3 reps, 2 min" in page  # the one with reps done
    data = json.loads(invoke(env, "history", "--json").output)
    assert [(s["status"], s["seconds"]) for s in data["sessions"]] == [
        ("interrupted", 95.0), ("interrupted", None)]
    assert (data["streak_days"], data["this_week"]["sessions"]) == (1, 1)
    rows = list(csv.DictReader(io.StringIO(invoke(env, "history", "--csv").output)))
    assert [(r["status"], r["seconds"]) for r in rows] == [
        ("interrupted", "95.0"), ("interrupted", "")]
    db = sqlite3.connect(home / FILE_NAME)
    assert {s for (s,) in db.execute("SELECT status FROM sessions")} == {"in_progress"}
    db.close()


# Sessions logged at these wall-clock times before today's midnight, newest first, with
# the reps done and the status: a gap three days back filled only by a session quit
# before its first rep, which must not bridge it.
LOGGED = ((timedelta(minutes=5), 10, "completed"),  # today 00:05
          (timedelta(minutes=-5), 10, "completed"),  # yesterday 23:55
          (timedelta(hours=-12), 10, "in_progress"),  # yesterday noon, then killed
          (timedelta(days=-2, minutes=5), 10, "completed"),
          (timedelta(days=-3, hours=12), 0, "stopped"),  # quit before a rep: not a day
          (timedelta(days=-4, hours=12), 10, "completed"))


@pytest.mark.parametrize(("zone", "wall_clock", "this_week", "weeks"), [
    pytest.param(LONDON, datetime(2026, 11, 30, 7, 15), 1, 2, id="a Monday"),
    pytest.param(LONDON, datetime(2026, 11, 29, 23, 45), 5, 1, id="a Sunday"),
    pytest.param(NEW_YORK, datetime(2028, 2, 29, 12, 0), 3, 2, id="29 February"),
    pytest.param(LONDON, datetime(2026, 12, 31, 23, 30), 4, 2, id="31 December"),
    pytest.param(LONDON, datetime(2026, 10, 25, 9, 0), 5, 1, id="clocks go back"),
    pytest.param(NEW_YORK, datetime(2027, 3, 14, 8, 0), 5, 1, id="clocks go forward"),
])
def test_streaks_and_this_week_on_any_today(home, monkeypatch, zone, wall_clock, this_week,
                                            weeks):
    """The page and JSON at several todays, each in a zone with daylight saving. The
    times were logged in summer or winter time: each is shown, and counted on the day,
    at the wall-clock time it had then, not shifted by today's offset."""
    fix_now(monkeypatch, zone, wall_clock)
    midnight = wall_clock.replace(hour=0, minute=0)
    store = Store(home / FILE_NAME)
    for offset, reps, status in LOGGED:
        sid = store.start(started_at=(midnight + offset).astimezone(), routine=None,
                          exercises=["lift"])
        store.update(sid, [Part(0, "lift", "Lift", "", 1, reps, 60.0)] if reps else [],
                     60.0, status)
    store.close()
    data = json.loads(invoke(None, "history", "--json").output)
    assert (data["streak_days"], data["streak_weeks"]) == (3, weeks)
    assert data["this_week"] == {"sessions": this_week, "reps": 10 * this_week,
                                 "seconds": 60.0 * this_week}
    monday = midnight.date() - timedelta(days=midnight.weekday())
    assert data["per_week"][-1] == {"week_of": monday.isoformat(), "sessions": this_week}
    assert sum(week["sessions"] for week in data["per_week"]) == 5
    page = invoke(None, "history").output.splitlines()
    assert [line[:16] for line in page[1:7]] == [
        (midnight + offset).strftime("%a %d %b %H:%M") for offset, _, _ in LOGGED]
    assert f"This week: {this_week} session" in "\n".join(page)


def test_untrusted_rows_are_shown_escaped_and_a_bad_date_as_unknown(home):
    store = Store(home / FILE_NAME)
    store.db.execute(
        "INSERT INTO sessions (started_at, seconds, status, routine, exercises, kind, felt,"
        " effort) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (42, 60, 'completed', NULL, 'lift',"
        " 'workout', NULL, NULL), ('0001-01-01T00:00:00+00:00', 60, 'completed', NULL,"
        " 'lift', 'workout', NULL, NULL), ('9999-12-31T23:59:59-05:00', 60, 'completed',"
        " NULL, 'lift', 'workout', NULL, NULL)",
        ("last tuesday", "abc", "\x1b]0;owned\x07", "\x1b[2J", "\x9b31m,\u202elift", "\x7f",
         "\x1b[5m", "\x1b[1m"))
    store.close()
    env = Environment(now=lambda: NOW, console=make_console(terminal=False))
    outputs = {args: invoke(env, "history", *args) for args in ((), ("--json",), ("--csv",))}
    for result in outputs.values():
        assert result.exit_code == 0 and "Traceback" not in result.output
        assert not [ch for ch in result.output if ch != "\n" and (
            ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 or 0x202a <= ord(ch) <= 0x2069)]
    page = outputs[()].output
    assert page.count("unknown") == 4 and "\\x1b[2J" in page and "\\x1b]0;owned" in page
    data = json.loads(outputs[("--json",)].output)["sessions"]
    assert [s["started_at"] for s in data] == [None] * 4  # shown as unknown, not a crash
    bad = next(s for s in data if s["routine"])
    assert (bad["routine"], bad["exercises"], bad["status"], bad["seconds"]) == (
        "\x1b[2J", ["\x9b31m", "\u202elift"], "\x1b]0;owned\x07", None)  # reads back whole
    [row] = [r for r in csv.DictReader(io.StringIO(outputs[("--csv",)].output)) if r["routine"]]
    assert (row["routine"], row["felt"]) == ("\\x1b[2J", "\\x1b[5m")


def test_exports_hold_every_session_unless_limited(env, home):
    build(home, 25, NOW)
    for args, count in (((), 25), (("--limit", "3"), 3)):
        rows = list(csv.DictReader(io.StringIO(invoke(env, "history", "--csv", *args).output)))
        assert [int(r["id"]) for r in rows] == list(range(1, count + 1))
        out = invoke(env, "history", "--json", *args).output
        assert len(json.loads(out)["sessions"]) == count
        lines = out.splitlines()
        assert [json.loads(line.rstrip(","))["id"] for line in lines[2:2 + count]] == list(
            range(1, count + 1))  # a session a line
        assert lines[2 + count:2 + count + 2] == ["  ],", '  "streak_days": 3,']
    page = invoke(env, "history").output.splitlines()
    assert page.index("") == 1 + 10  # the page shows the last 10


@pytest.mark.parametrize("export", ["csv", "json"])
def test_exports_write_the_sessions_out_as_they_read_them(export, monkeypatch):
    from heelcli.engine.streaks import summarise
    from heelcli.screen import history_page

    monkeypatch.setattr(history_page, "CHUNK", 3)
    out = io.StringIO()
    found = summarise((), NOW.date(), timezone.utc)

    def read() -> Iterator[Session]:
        for n in range(1, 11):
            written = out.getvalue().count("lift")
            assert written >= n - 1 - 3  # never more than a chunk held back
            yield Session(n, NOW, 60.0, "completed", None, ("lift",), "workout", None, None,
                          6, {})

    if export == "csv":
        history_page.write_csv(read(), out)
    else:
        history_page.write_json(read(), found, out)
    assert out.getvalue().count("lift") == 10


def test_history_reads_about_the_same_rows_for_a_history_ten_times_longer(
        env, tmp_path, monkeypatch):
    """What `heel history` asks of SQLite, in its virtual machine's steps (counted, not
    timed): a history of 5,000 sessions costs what one of 500 does."""
    sql = SqliteSteps(monkeypatch, every=100)
    cost = {}
    for n in (500, 5000):
        monkeypatch.setenv("HEEL_HOME", str(build(tmp_path / str(n), n, NOW).parent))
        with sql.counting():
            for args in ((), ("--json", "--limit", "10")):
                assert invoke(env, "history", *args).exit_code == 0
        cost[n] = sql.steps
    assert cost[5000] < 1.1 * cost[500]


@pytest.mark.parametrize("program", [False, True], ids=["no-program", "program"])
def test_a_streak_of_weeks_reads_the_same_for_a_history_ten_times_longer(
        env, tmp_path, monkeypatch, program):
    """What `heel history` and `heel program` ask of SQLite, in its virtual machine's steps
    (counted, not timed): with a streak of months, 10,000 sessions before its gap cost
    what 1,000 do, with every session in the running program or none."""
    sql = SqliteSteps(monkeypatch, every=100)
    env.now = lambda: NOW
    cost, streaks = {}, set()
    for n in (1000, 10000):
        path = build(tmp_path / str(n), n, NOW, rest_every=30)
        if program:
            in_program(path)
        monkeypatch.setenv("HEEL_HOME", str(path.parent))
        with sql.counting():
            for args in ((), ("--json", "--limit", "10")):
                result = invoke(env, "history", *args)
                assert result.exit_code == 0, result.output
            facts = json.loads(result.output)
            if program:
                assert invoke(env, "program").exit_code == 0
        streaks.add((facts["streak_weeks"], (facts["program"] or {}).get("streak_weeks")))
        cost[n] = sql.steps
    [(weeks, program_weeks)] = streaks
    assert weeks > 10 and program_weeks == (weeks if program else None)
    assert cost[10000] < 1.1 * cost[1000]


def test_a_streak_costs_its_weeks_not_its_sessions(env, tmp_path, monkeypatch):
    """Without a gap, the streak runs back to the first session: the steps follow the weeks
    it covers (a probe each), not the sessions in them. Twice the sessions over the same
    100 weeks cost far less than twice: only the weeks charted are read whole, and a
    program's week only until its planned number of days is found."""
    sql = SqliteSteps(monkeypatch, every=10)
    env.now = lambda: NOW
    cost = {}
    for n in (600, 1200):  # one and two sessions a day, the same 100 weeks
        path = build(tmp_path / str(n), 1200, NOW, rest_every=None)
        if n == 600:  # one a day: keep the evening session
            db = sqlite3.connect(path)
            db.execute("DELETE FROM results WHERE session_id % 2 = 0")
            db.execute("DELETE FROM sessions WHERE id % 2 = 0")
            db.commit()
            db.close()
        in_program(path)
        monkeypatch.setenv("HEEL_HOME", str(path.parent))
        with sql.counting():
            found = json.loads(invoke(env, "history", "--json", "--limit", "1").output)
            assert invoke(env, "program").exit_code == 0
        cost[n] = sql.steps
        assert found["streak_weeks"] == found["program"]["streak_weeks"] > 40
    assert cost[1200] < 1.4 * cost[600]


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
@pytest.mark.parametrize("rest_every", [2, 10, None])
def test_what_sqlite_counts_is_what_walking_every_session_gives(tmp_path, monkeypatch, zone,
                                                                rest_every):
    """The streaks and weekly counts SQLite computes are those of the pure walk over every
    session (`progress.summarise`, `schedule.streak`), on days around both clock changes,
    in a history of a year, with a program started mid-week."""
    from zoneinfo import ZoneInfo

    from heelcli.engine.schedule import Schedule, streak
    from heelcli.engine.streaks import summarise

    fix_now(monkeypatch, zone, datetime(2027, 3, 28, 0, 30))
    # The user's zone, as the environment hands it to the store (the process has the same
    # rules here, so the history is built where the user is).
    user_zone = ZoneInfo("Europe/London" if zone == LONDON else "America/New_York")
    newest = datetime(2026, 11, 5, 21, 0).astimezone()
    path = build(tmp_path, 620, newest, rest_every=rest_every)
    starts = {"days": (0, 2, 4)}, {"days": (1, 2, 3, 4, 5)}, {"days": (5, 6)}
    for n, program in enumerate(starts):
        sid = in_program(path, started_at=newest - timedelta(days=200 + 30 * n), **program)
        # The store bounds days by the zone it is given, or by SQLite's own conversion in
        # the process's zone (None, every other program): both count what the walk counts.
        store = Store(path, read_only=True, zone=user_zone if n % 2 == 0 else None)
        found = store.active_program()
        assert found is not None and found.id == sid
        times = store.program_times(sid)
        first = newest.date() - timedelta(days=230)
        for today in (first + timedelta(days=d) for d in range(0, 240, 3)):
            assert store.facts(today) == summarise(store.timeline(), today, user_zone), today
            assert store.program_week_streak(found, today) == streak(
                Schedule(found.days), times, today=today, tz=user_zone,
                started=found.started), (today, program)
        store.close()


def test_exports_made_by_sqlite_read_back_as_every_session_does(env, tmp_path, monkeypatch):
    """`--json` and `--csv` take a plain row as SQLite makes it, and any other row the
    usual way: both give what each session's own `to_dict` says, for plain rows and odd
    ones alike (in progress, a comparison, hand-made values, controls in the text)."""
    path = build(tmp_path, 40, NOW)
    db = sqlite3.connect(path)
    odd = [("2026-11-20T08:00:00+00:00", "in_progress", "workout", "a,b", 12.5, None),
           ("2026-11-20T09:00:00+00:00", "completed", "compare", "a,a", 30, None),
           ("2026-11-20 10:00:00", "completed", "workout", "a", 1e400, "back"),
           ("2026-02-30T11:00:00+00:00", "stopped", "workout", "a,,b", -1, "\x9b2J"),
           ("2026-11-20T12:00:00+00:00", "completed", "", 'x"y', 7, "front\u202e"),
           ("2026-11-20T13:00:00+00:00", "completed", "workout", "lift", 61.23456, "\x1b]0;")]
    for n, (at, status, kind, exercises, seconds, felt) in enumerate(odd, 100):
        db.execute("INSERT INTO sessions (id, started_at, seconds, status, routine, exercises,"
                   " kind, felt) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)",
                   (n, at, seconds, status, exercises, kind, felt))
        db.execute("INSERT INTO results VALUES (?, 0, 'a', 'A', '', 1, ?, 1.0)", (n, n - 103))
    db.execute("INSERT INTO comparisons VALUES (101, 'with', 'back')")
    db.commit()
    db.close()
    monkeypatch.setenv("HEEL_HOME", str(tmp_path))
    store = Store(path, read_only=True)
    expected = [s.to_dict() for s in store.sessions()]
    store.close()
    data = invoke(env, "history", "--json").output
    assert "\x9b" not in data and "\x1b" not in data and "\u202e" not in data
    assert json.loads(data)["sessions"] == expected
    rows = list(csv.DictReader(io.StringIO(invoke(env, "history", "--csv").output)))
    assert [row["id"] for row in rows] == [str(s["id"]) for s in expected]
    for row, session in zip(rows, expected, strict=True):
        assert row["exercises"] == " ".join(session["exercises"])
        assert row["seconds"] == ("" if session["seconds"] is None else str(session["seconds"]))
        assert row["started_at"] == (session["started_at"] or "")
        assert row["felt"] == sanitise(session["felt"] or "")


def test_a_session_from_last_year_carries_its_year_in_the_table_and_the_chart(
        env, home, monkeypatch):
    now = fix_now(monkeypatch, LONDON, datetime(2027, 1, 5, 9, 0))  # a Tuesday in January
    env.now = lambda: now
    store = Store(home / FILE_NAME)
    for days_ago in (0, 1, 7):  # Tue 5 Jan, Mon 4 Jan, and Tue 29 Dec 2026
        sid = store.start(started_at=now - timedelta(days=days_ago), routine=None,
                          exercises=["lift"])
        store.update(sid, [Part(0, "lift", "Lift", "", 1, 3, 9.0)], 600.0, "completed")
    store.close()
    lines = invoke(env, "history").output.splitlines()
    assert any(line.startswith("Tue 29 Dec 2026 09:00 ") for line in lines)
    assert any(line.startswith("Mon 04 Jan 09:00 ") for line in lines)
    chart = lines[lines.index("Sessions per week") + 1:]
    assert chart[-2].startswith("28 Dec 2026  █") and chart[-1].startswith("04 Jan       █")
    assert max(len(line) for line in lines) <= 80
