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
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from heelcli.history import FILE_NAME, MIGRATIONS, SCHEMA_VERSION, Store
from heelcli.runner import Part

from .conftest import DATA, make_console
from .test_cli import invoke

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
    ("SIGKILL", "in_progress", -9), ("Ctrl-C", "stopped", 130)])
def test_a_session_killed_or_interrupted_keeps_the_sets_done(home, how, status, code):
    t = spawn(home=home)
    try:
        t.expect(rb"Get ready")
        t.send(b"n")  # skip the countdown; each set is one half-second rep
        t.expect(rb"Set 2/3")  # the first set is done, and written
        if how == "SIGKILL":
            t.kill(signal.SIGKILL)
        else:
            t.send(b"\x03")
        assert t.finish().status == code
    finally:
        t.close()
    [row] = sessions(home)
    assert row["status"] == status
    [(exercise, _, sets_done, reps_done, _)] = results(home, row["id"])
    assert exercise == "tap" and 1 <= sets_done < 3 and reps_done == sets_done


WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from heelcli.history import Store
from heelcli.runner import Part
store = Store(Path(sys.argv[1]))
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
    rows = Store(path).sessions()
    assert len(rows) == 80 and {r.status for r in rows} == {"completed"}


@pytest.mark.parametrize("content", [b"this is not a database\n" * 40,
                                     b"SQLite format 3\x00" + b"\xff" * 2000])
def test_a_corrupt_log_is_an_error_and_its_bytes_are_untouched(env, home, content):
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

    from heelcli.cli import cli

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
    assert store.sessions()[0].effort == "easy"
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
