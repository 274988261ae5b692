"""Nothing a person types is lost: each answer is in the history the moment it is given,
so a run killed, hung up or stopped at the next question keeps it, and the next run does
not ask it again."""

from __future__ import annotations

import builtins
import signal
import sys
from datetime import datetime

import pytest

from heelcli.engine.selftest import BRIDGE_HOLD, CHAIR_STAND
from heelcli.store.history import FILE_NAME, Store
from heelcli.text import rules, words

from .conftest import DATA, LONDON, ScriptedKeys, fix_now, invoke

QUICK = DATA / "quick.yaml"

pty = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def stop_at(t, how: str) -> set[int]:
    """Stop heel as a person might at a question: the exit statuses that may follow (at
    a question heel dies by the signal, or exits 128 + it)."""
    if how == "close":
        t.hangup()
        return {-signal.SIGHUP, 128 + signal.SIGHUP}
    signum = {"SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}[how]
    t.kill(signum)
    return {-signum, 128 + signum}


def _sessions(home) -> list[dict]:
    store = Store(home / FILE_NAME, read_only=True)
    try:
        return [s.to_dict() for s in store.sessions()]
    finally:
        store.close()


@pty
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL", "close"])
def test_where_it_was_felt_is_kept_when_heel_dies_at_how_hard(tmp_path, how):
    from .ptyterm import Terminal

    t = Terminal("workout", "--yes", "--no-bell", "-e", "tap", "--sets", "1",
                 env={"HEEL_EXERCISES": str(QUICK), "HEEL_HOME": str(tmp_path)})
    try:
        t.expect(rb"space pause")
        t.send(b"n")  # skip the countdown; the one half-second rep runs
        t.expect(words.WHERE_QUESTION.encode())
        t.send(b"2\n")  # the front of the thighs
        t.expect(words.HOW_HARD_QUESTION.encode())
        code = stop_at(t, how)
        assert t.finish().status in code
    finally:
        t.close()
    [row] = _sessions(tmp_path)
    assert (row["felt"], row["effort"], row["reps_done"]) == ("front", None, 1)


@pty
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL", "close"])
def test_the_knee_rating_is_kept_when_heel_dies_at_the_low_back_rating(tmp_path, how):
    from .ptyterm import Terminal

    t = Terminal("test", "--only", "pain-today", env={"HEEL_HOME": str(tmp_path)})
    try:
        t.expect(rb"Knee pain, 0 to 10")
        t.send(b"4\n")
        t.expect(rb"Low back pain, 0 to 10")
        code = stop_at(t, how)
        assert t.finish().status in code
    finally:
        t.close()
    store = Store(tmp_path / FILE_NAME, read_only=True)
    kept = [(m.measure, m.value) for m in store.measures()]
    store.close()
    assert kept == [("pain-knee", 4)]


class KeysThatLook(ScriptedKeys):
    """Scripted keys that, at a given moment, look at the history as another process
    would: what a kill at that moment would leave."""

    def __init__(self, clock, script, at: float, look) -> None:
        super().__init__(clock, script)
        self.look_at = clock.now + at
        self.look = look
        self.seen: object = None

    def wait(self, timeout: float) -> str | None:
        if self.seen is None and self.clock.now >= self.look_at:
            self.seen = self.look()
        return super().wait(timeout)


def test_the_chair_stand_count_is_in_the_history_during_the_bridge_hold(env, clock):
    def stored() -> list[tuple[str, int]]:
        store = Store(env.home() / FILE_NAME, read_only=True)
        try:
            return [(m.measure, m.value) for m in store.measures()]
        finally:
            store.close()

    # The chair stand: 10 s to get ready and 30 s; the bridge hold's left leg from 50 s.
    env.keys = KeysThatLook(clock, [(60.0, "n"), (130.0, "n")], at=55.0, look=stored)
    result = invoke(env, "test", "--only", CHAIR_STAND.id, "--only", BRIDGE_HOLD.id,
                    "--yes", input="12\n")
    assert result.exit_code == 0, result.output
    assert env.keys.seen == [("chair-stands", 12)]  # a kill mid-hold would keep it
    assert [m for m, _ in stored()] == ["chair-stands", "bridge-left", "bridge-right"]


class Killed(BaseException):
    """What SIGKILL does at a question, in this process: nothing after it runs (no
    `finally`, no `except Exception`, as CliRunner passes it through)."""


def typing(monkeypatch, answers: list[str]) -> list[str]:
    """The keyboard types `answers`, one per question, then heel is killed at the next
    one; the questions' prompts, as asked."""
    prompts: list[str] = []

    def fake_input() -> str:
        prompts.append("asked")
        if answers:
            return answers.pop(0)
        raise Killed

    monkeypatch.setattr(builtins, "input", fake_input)
    return prompts


@pytest.fixture
def program(env):
    env.catalog_path = None  # the built-in exercises: the program's ladders
    assert invoke(env, "program", "start").exit_code == 0
    env.stdin_isatty = True
    return env


def test_a_program_check_in_keeps_both_answers_when_killed_at_the_pain_question(
        program, monkeypatch):
    typing(monkeypatch, ["1", "3"])  # back of the legs, hard; killed at pain
    with pytest.raises(Killed):
        invoke(program, "workout", "--yes")
    [row] = _sessions(program.home())
    assert (row["felt"], row["effort"]) == ("back", "hard")


def test_the_morning_pain_is_kept_when_killed_at_stiffness_and_not_asked_again(
        program, monkeypatch):
    assert invoke(program, "workout", "--yes", input="1\n2\n2\n").exit_code == 0
    fix_now(monkeypatch, LONDON, datetime(2027, 3, 29, 8, 0))  # the next morning
    keyboard = builtins.input
    typing(monkeypatch, ["3"])  # pain 3; killed at the stiffness question
    with pytest.raises(Killed):
        invoke(program, "program")
    monkeypatch.setattr(builtins, "input", keyboard)
    fix_now(monkeypatch, LONDON, datetime(2027, 3, 29, 9, 0))
    again = invoke(program, "program", input="5\n")
    assert again.exit_code == 0, again.output
    assert rules.MORNING_PAIN not in again.output  # answered: not asked again
    assert rules.MORNING_STIFFNESS in again.output
    store = Store(program.home() / FILE_NAME, read_only=True)
    try:
        program_id = store.active_program().id
        entry = store.program_entries(program_id)[-1]
    finally:
        store.close()
    assert (entry.morning_pain, entry.morning_stiffness) == (3, 5)
    assert invoke(program, "program", input="").output.count("This morning") == 0
