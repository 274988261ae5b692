"""Holds are holds: a stretch is counted in holds of so many seconds, never in reps."""

from __future__ import annotations

from .conftest import invoke, make_console


def test_a_stretch_is_worded_as_holds_in_the_summary_the_plain_lines_and_the_dry_run(env):
    env.catalog_path = None  # the built-in stretch: 2 holds of 30 s a side
    env.console = make_console(terminal=True)
    out = invoke(env, "workout", "-e", "lying-hamstring-stretch", "--plain", "--no-bell",
                 "--no-log").output
    assert "Lying hamstring stretch: 4 holds of 30 s (left leg raised 2" in out
    assert "Last hold.\nLying hamstring stretch · Hold 2/2" in out
    assert "reps" not in out.split("Workout complete")[1].splitlines()[1]
    assert "Last rep" not in out
    preview = invoke(env, "workout", "-e", "lying-hamstring-stretch", "--dry-run").output
    assert "Lying hamstring stretch  2 holds of 30 s · Set 1/1" in preview
    assert "Rep 1-2" not in preview


def test_a_stopped_stretch_says_how_many_holds_of_how_many(env):
    from heelcli.engine.catalog import load
    from heelcli.engine.records import Done, Summary
    from heelcli.engine.timeline import Options, compile_timeline, resolve
    from heelcli.screen.view import summary

    chosen = resolve(load(), routine=None, exercise_ids=["lying-hamstring-stretch"],
                     challenge=False)
    plan = compile_timeline(chosen, Options())
    stopped = Summary((Done("Lying hamstring stretch", "lying-hamstring-stretch", 1, 4, 0),),
                      26.0, False)
    shown = summary(stopped, plan=plan).plain  # type: ignore[union-attr]
    assert "Workout stopped · 26 s" in shown
    assert "Lying hamstring stretch: 1/4 holds of 30 s" in shown


def test_the_chair_stand_is_a_timed_count_not_a_hold_on_screen_or_in_the_voice():
    """Thirty seconds of standing up and sitting down: nobody holds anything, so neither
    the screen nor the voice may say "hold" or "release"; the bridge hold still does."""
    from heelcli.engine.selftest import BRIDGE_HOLD, CHAIR_STAND
    from heelcli.text import selftests, steps, voice_script

    count, hold = selftests.timeline(CHAIR_STAND), selftests.timeline(BRIDGE_HOLD)
    assert count is not None and hold is not None
    said = " ".join(line.words for line in voice_script.script(count)).lower()
    assert not steps.is_hold(count.exercises[0]) and "hold" not in said
    assert "release" not in said
    assert steps.is_hold(hold.exercises[0])
    assert "release" in " ".join(line.words for line in voice_script.script(hold)).lower()
