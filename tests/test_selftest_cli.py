"""`heel test` run whole: a fake clock, scripted keys and typed answers, results stored in
the history and compared with the previous ones, the STEADI context only when known."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.engine.selftest import BRIDGE_HOLD, CHAIR_STAND
from heelcli.flows.environment import Environment
from heelcli.store.history import FILE_NAME, SELF_TEST_VERSION, Store, reading
from heelcli.text.selftests import timeline

from .conftest import LONDON, FakeClock, ScriptedKeys, fix_now, on_terminal, visible
from .histories import before_reps

# The session timeline: chair stand 10 s get ready + 30 s; then the bridge hold: 10 s get
# ready, the left hold (up to 60 s), 10 s to switch, the right hold (up to 60 s).
CHAIR_END = 40.0


def keys_for(clock: FakeClock, left: float | None, right: float, pause: float = 0.0,
             start: float = CHAIR_END) -> ScriptedKeys:
    """n when the hips drop after `left` (None: no key, it stops at 60 s) and `right`
    seconds; a pause of `pause` seconds in the right hold. The bridge hold starts at
    `start`: after the chair stand, or at once with --only bridge-hold."""
    left_end = start + 10.0 + (60.0 if left is None else left)
    right_start = left_end + 10.0
    script = [] if left is None else [(left_end, "n")]
    if pause:
        script += [(right_start + 5.0, " "), (right_start + 5.0 + pause, " ")]
    script.append((right_start + right + pause, "n"))
    return ScriptedKeys(clock, script)


def run(env: Environment, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["test", *args], obj=env, input=input)


def results(out: str) -> list[str]:
    """The lines from 'Self-tests, <day>' on."""
    lines = out.splitlines()
    return [line.strip() for line in lines[lines.index(next(
        line for line in lines if line.startswith("Self-tests, "))):]]


def test_the_whole_test_stores_and_later_compares_each_result(env, clock, monkeypatch):
    env.keys = keys_for(clock, left=23.0, right=31.0, pause=12.0)
    result = run(env, input="12\n3\n1\n")
    assert result.exit_code == 0, result.output
    assert "How many times did you stand up fully?" in result.output
    assert results(result.output) == [
        "Self-tests, 28 March 2027",
        "Chair stands: 12 (first test)",
        "Bridge hold, left leg: 23 s (first test)",
        "Bridge hold, right leg: 31 s (first test)",  # the 12 s paused do not count
        "Knee pain: 3/10 (first test)",
        "Low back pain: 1/10 (first test)",
        "Pain that lasts more than a week, is sharp, or keeps you from moving as usual is",
        "a reason to see a physiotherapist or a doctor. Ease off the exercises that bring",
        "it on.",
        "Saved. Take the tests again in about four weeks to see the change."]
    # No age band or sex told: no norms
    assert "STEADI" not in result.output

    fix_now(monkeypatch, LONDON, datetime(2027, 4, 25, 18, 0))  # four weeks on
    env.keys = keys_for(clock, left=None, right=40.0)  # the left hold stops itself at 60 s
    result = run(env, input="14\n1\n1\n")
    assert results(result.output)[:6] == [
        "Self-tests, 25 April 2027",
        "Chair stands: 14 (was 12 four weeks ago)",
        "Bridge hold, left leg: 60 s (was 23 s four weeks ago)",
        "Bridge hold, right leg: 40 s (was 31 s four weeks ago)",
        "Knee pain: 1/10 (was 3/10 four weeks ago)",
        "Low back pain: 1/10 (was 1/10 four weeks ago)"]
    store = Store(env.home() / FILE_NAME, read_only=True)
    stored = [(m.measure, m.value) for m in store.measures("chair-stands")]
    store.close()
    assert stored == [("chair-stands", 12), ("chair-stands", 14)]


def test_the_test_runs_on_the_workout_session_screen(env, clock):
    env.keys = keys_for(clock, left=5.0, right=5.0, start=0.0)
    out = run(env, "--only", "bridge-hold").output
    # the plain lines of the session (stdout is not a terminal), the hold's key in its cue
    assert "Get ready (10s): Single-leg bridge hold" in out
    assert "Single-leg bridge hold · Hold 1/1 · Set 1/1 · left leg | Hold 60s: Hips up and " \
           "level. Press n when they drop." in out
    assert "Switch sides (10s): right leg" in out


def test_steadi_context_only_when_age_band_and_sex_are_known(env, clock):
    def chair(count: str) -> str:
        env.keys = ScriptedKeys(clock)
        return run(env, "--only", "chair-stand", input=f"{count}\n").output

    assert "STEADI" not in chair("9")
    assert run(env, "--about", "--age-band", "70-74").exit_code == 0
    assert "STEADI" not in chair("9")  # the sex is not known: no norm
    about = run(env, "--about", "--sex", "female").output
    assert about.startswith("Age band: 70-74\nSex: female\n")
    shown = results(chair("9"))
    assert shown[1] == "Chair stands: 9 (was 9 earlier today)"
    assert all(len(line) <= 80 for line in shown)
    assert " ".join(shown[2:]).startswith(  # wrapped to 80 columns
        "For women aged 70-74, fewer than 10 stands is below average. Your 9 is below that. "
        'Source: CDC STEADI, "Assessment: 30-Second Chair Stand" (2017). This is a '
        "screening figure, not a diagnosis; a physiotherapist or doctor can say what it "
        "means for you. Saved.")
    assert run(env, "--about", "--age-band", "none", "--sex", "none").exit_code == 0
    assert "STEADI" not in chair("9")


def test_age_band_and_sex_are_asked_once_and_optional(env, clock):
    env.stdin_isatty = True  # a person at the keyboard: asked, and Enter starts each test
    env.keys = ScriptedKeys(clock)
    first = run(env, "--only", "chair-stand", input="\n\n\n11\n").output
    assert "Your age band (60-64, " in first and "Press Enter to start" in first
    assert "STEADI" not in results(first)[1:]
    env.keys = ScriptedKeys(clock)
    again = run(env, "--only", "chair-stand", input="\n11\n").output
    assert "Your age band" not in again  # skipped once is asked once
    assert results(again)[1] == "Chair stands: 11 (was 11 earlier today)"


def test_quitting_or_cutting_the_count_short_keeps_nothing(env, clock):
    env.keys = ScriptedKeys(clock, [(20.0, "n")])  # 10 s into the 30
    out = run(env, "--only", "chair-stand", input="12\n").output
    assert "The 30 seconds were cut short, so there is no count to keep." in out
    assert "How many times" not in out
    env.keys = ScriptedKeys(clock, [(5.0, "q")])
    result = run(env, input="12\n")
    assert result.exit_code == 0
    assert "30-second chair stand: stopped, not saved." in result.output
    assert "Pain today" not in result.output  # the rest are not taken
    with reading(env.home()) as log:
        assert log.measures() == []


@pytest.mark.parametrize(("args", "said"), [
    (["--only", "plank"], "heel: --only 'plank': use one of chair-stand, bridge-hold, "
                          "pain-today"),
    (["--age-band", "40-44"], "heel: --age-band '40-44': use one of 60-64, 65-69, 70-74, "
                              "75-79, 80-84, 85-89, 90-94, none"),
])
def test_bad_options_are_one_line_and_exit_2(env, args, said):
    result = run(env, *args)
    assert (result.exit_code, result.stderr) == (2, said + "\n")


def test_an_answer_out_of_range_is_asked_again(env, clock):
    env.keys = ScriptedKeys(clock)
    out = run(env, "--only", "pain-today", input="11\nx\n4\n\n").output
    assert out.count("Please type a whole number from 0 to 10.") == 2
    shown = results(out)[1:]
    assert shown[0] == "Knee pain: 4/10 (first test)"  # 11 and x were asked again
    assert shown[-1] == "Saved. Take the tests again in about four weeks to see the change."


MORNING_COLUMNS = [("sessions", "morning_pain"), ("sessions", "morning_stiffness"),
                   ("sessions", "morning_at"), ("programs", "resumed_at")]


def test_the_history_from_before_self_tests_migrates_and_reads(env, tmp_path):
    path = env.home() / FILE_NAME
    store = Store(path)
    store.start(started_at=datetime(2027, 3, 1, 9, 0).astimezone(), routine=None,
                exercises=["bridge"])
    store.db.execute("DROP TABLE self_tests")
    store.db.execute("DROP TABLE about_you")
    before_reps(store.db)  # the migrations after self-tests, undone too
    for table, column in MORNING_COLUMNS:
        store.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    store.db.execute(f"PRAGMA user_version = {SELF_TEST_VERSION - 1}")
    store.close()
    with reading(env.home()) as log:  # read-only: nothing to read, nothing written
        assert log.measures() == [] and not log.about().asked
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == \
        SELF_TEST_VERSION - 1
    env.keys = ScriptedKeys(FakeClock())
    assert run(env, "--only", "pain-today", input="2\n2\n").exit_code == 0
    with reading(env.home()) as log:
        assert len(list(log.sessions())) == 1 and len(log.measures()) == 2


def test_timelines_time_the_count_and_each_side_of_the_hold():
    chair = timeline(CHAIR_STAND)
    assert chair is not None
    assert [(s.kind, s.seconds) for s in chair.steps] == [("ready", 10.0), ("phase", 30.0)]
    bridge = timeline(BRIDGE_HOLD)
    assert bridge is not None
    assert [(s.kind, s.seconds, s.side) for s in bridge.steps] == [
        ("ready", 10.0, None), ("phase", 60.0, "left"), ("switch", 10.0, "right"),
        ("phase", 60.0, "right")]
    assert timedelta(seconds=bridge.total_seconds) == timedelta(minutes=2, seconds=20)


def test_on_a_terminal_the_hold_is_the_live_screen_with_its_key(env, clock):
    on_terminal(env)
    env.keys = keys_for(clock, left=5.0, right=7.0, start=0.0)
    result = run(env, "--only", "bridge-hold")
    assert result.exit_code == 0
    screen = visible(result.output)
    assert "Press n when they drop." in screen and "n next" in screen  # cue and footer
    assert "\x1b[?1049h" in result.output  # the workout's alternate screen
    assert "Bridge hold, left leg: 5 s (first test)" in screen
    assert "Bridge hold, right leg: 7 s (first test)" in screen


def test_pain_today_points_to_a_physiotherapist_or_doctor_and_none_says_nothing(env):
    out = run(env, "--only", "pain-today", input="9\n10\n").output
    assert "physiotherapist or a doctor" in " ".join(out.split())
    calm = run(env, "--only", "pain-today", input="0\n0\n").output
    assert "physiotherapist" not in calm and "Saved." in calm


def test_a_closed_stdin_is_no_answer_not_a_traceback():
    import os
    import subprocess
    import sys

    def close_stdin() -> None:  # as `heel test 0<&-` runs it
        os.close(0)

    done = subprocess.run([sys.executable, "-m", "heelcli", "test", "--only", "pain-today"],
                          capture_output=True, text=True, check=False, preexec_fn=close_stdin)
    assert "Traceback" not in done.stderr and done.returncode == 0
    assert "nothing was saved" in done.stdout
