"""The bell, the voice and --plain: what a person hears, or reads with a screen reader."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from heelcli.engine.alerts import SET_END, SET_START, Announcer
from heelcli.engine.catalog import load
from heelcli.engine.runner import Runner
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen.voice import Voice

from .conftest import MINI, FakeClock, ScriptedKeys, invoke, on_terminal


def plan_of(*ids: str, **opts):
    chosen = resolve(load(MINI), routine=None, exercise_ids=ids, challenge=False)
    return compile_timeline(chosen, Options(**opts))


def test_announcer_marks_set_starts_and_ends_and_counts_down_the_last_3_seconds():
    plan = plan_of("lift")  # get ready, 3 reps, rest 4 s, 3 reps
    announcer = Announcer(plan)
    events: list[tuple[str, object]] = []

    def step(tick):
        events.extend((e, tick.step.kind) for e in announcer.enter(tick.index))

    def tick(t):
        events.extend(("count", n) for n in announcer.counts(t) if t.step.kind == "rest")

    clock = FakeClock()
    summary = Runner(plan, clock=clock, keys=ScriptedKeys(clock), on_step=step,
                     on_tick=tick).run()
    events.extend((e, None) for e in announcer.finish(summary.completed))
    assert events == [(SET_START, "phase"), (SET_END, "rest"), ("count", 3), ("count", 2),
                      ("count", 1), (SET_START, "phase"), (SET_END, None)]


def test_each_side_is_announced_like_a_set_and_a_stopped_run_ends_no_set():
    plan = plan_of("curl")  # each side: left reps, switch, right reps
    announcer = Announcer(plan)
    names = [announcer.enter(i) for i in range(len(plan.steps))]
    assert [n for n in names if n] == [[SET_START], [SET_END], [SET_START]]
    assert announcer.finish(completed=False) == []


def bells(env, *args: str) -> int:
    result = invoke(env, "workout", "-e", "lift", *args)
    assert result.exit_code == 0, result.output
    return result.output.count("\a")


def test_the_bell_rings_at_set_start_end_and_the_last_3_seconds_of_rest(env):
    on_terminal(env)
    assert bells(env) == 7  # 2 set starts, 2 set ends, 3-2-1 in the one rest
    assert bells(env, "--no-bell") == 0


def test_the_bell_is_off_by_default_in_a_pipe(env):
    assert bells(env) == 0


def test_plain_mode_announces_each_step_and_3_2_1_with_no_escape_codes(env):
    on_terminal(env)
    result = invoke(env, "workout", "-e", "lift", "--plain", "--no-bell")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "\x1b" not in result.output and "█" not in result.output
    ready = next(i for i, line in enumerate(lines) if line.startswith("Get ready (10s)"))
    assert lines[ready + 3: ready + 6] == ["3", "2", "1"]  # after the two setup lines
    assert sum(line.startswith("Lift · Rep") for line in lines) == 12  # 6 reps x 2 phases
    assert lines.count("3") == 2  # get ready (10 s) and rest (4 s); phases are too short


def test_plain_mode_says_when_it_pauses_and_resumes(env):
    on_terminal(env)
    env.keys = ScriptedKeys(env.clock, [(1.0, " "), (2.0, " "), (2.1, "q")])
    result = invoke(env, "workout", "-e", "lift", "--plain")
    assert "Paused. Press space to resume.\nResumed.\n" in result.output


class FakeSpeech:
    def __init__(self, argv: list[str], log: list[str]) -> None:
        self.argv, self.log, self.running = argv, log, True
        log.append(f"say {argv[-1]}")

    def poll(self):
        return None if self.running else 0

    def terminate(self) -> None:
        self.log.append(f"cut {self.argv[-1]}")
        self.running = False

    def wait(self, timeout=None) -> int:
        return 0


def test_a_cue_still_speaking_is_cut_short_by_the_next_one():
    log: list[str] = []
    voice = Voice(["espeak"], spawn=lambda argv: FakeSpeech(argv, log))
    voice.say("Lift.")
    voice.say("--Lower.")
    voice.close()
    assert log == ["say Lift.", "cut Lift.", "say Lower."]


@pytest.fixture
def stand_in(tmp_path: Path) -> tuple[Path, Path]:
    """A speech command that records each thing it is asked to say, one per line."""
    record = tmp_path / "said.txt"
    script = tmp_path / "fake-say"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{record}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in")
def test_voice_cmd_speaks_the_step_cues_in_order_and_finishes_the_last(env, stand_in):
    script, record = stand_in
    result = invoke(env, "workout", "-e", "curl", "--voice-cmd", str(script))
    assert result.exit_code == 0, result.output
    expected = ["Get ready: Curl, Left side. Lie on your side.", "One. Out. Heel first.",
                "Two, last rep. Out.", "Switch sides: Right side.", "3", "2", "1",
                "One. Out. Heel first.", "Two, last rep. Out.",
                "Workout complete. Curl: 4 reps."]
    said = record.read_text().splitlines()
    # The fake clock runs the session in milliseconds, so cues overtaken by the next one
    # may be cut before they are recorded; what was said is in order and ends with the last.
    assert said and said[-1] == expected[-1]
    remaining = iter(expected)
    assert all(line in remaining for line in said)


def test_voice_lets_a_cue_finish_when_nothing_follows(stand_in):
    script, record = stand_in
    voice = Voice([str(script)])
    voice.say("Get ready: Bridge. Lie on your back.")
    voice.close()
    assert record.read_text() == "Get ready: Bridge. Lie on your back.\n"


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in")
def test_voice_uses_the_first_speech_command_on_the_path(env, stand_in, monkeypatch):
    script, record = stand_in
    (script.parent / "spd-say").symlink_to(script)
    monkeypatch.setenv("PATH", str(script.parent))
    result = invoke(env, "workout", "-e", "stretch", "--voice")
    assert result.exit_code == 0, result.output
    assert record.read_text().splitlines()[-1] == \
        "Release. Workout complete. Stretch: 2 holds of 3 seconds."


def test_a_missing_speech_command_is_an_error_before_the_session(env, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = invoke(env, "workout", "-e", "lift", "--voice")
    assert result.exit_code == 2
    assert result.output.startswith("heel: --voice needs a speech command; none of espeak-ng")
    assert "Get ready" not in result.output
    result = invoke(env, "workout", "-e", "lift", "--voice-cmd", "no-such-speaker -v en")
    assert (result.exit_code, result.output) == (
        2, "heel: speech command not found: no-such-speaker\n")
    assert os.environ["PATH"] == str(tmp_path)
