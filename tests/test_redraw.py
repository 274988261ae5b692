"""The live screen rewrites only what changed: checked on a small terminal emulator that
applies heel's output, so a missed line would show as a screen that differs from the frame."""

from __future__ import annotations

import io
from itertools import pairwise

import pytest
from rich.console import Console

from heelcli.engine.catalog import load
from heelcli.engine.runner import Tick
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import frame, live

from .conftest import DATA, FakeClock, ScriptedKeys, drawn_session
from .ptyterm import Emulator


@pytest.mark.parametrize("size", [(80, 24), (200, 60), (45, 15)])
def test_after_every_partial_write_the_screen_is_the_whole_frame(size):
    _, after = drawn_session(*size, keys=[(14.2, " "), (16.0, " "), (30.0, "?"), (31.0, "x")])
    assert len(after) > 50
    for tick, lines, _ in after:
        drawn = [line.plain.rstrip() for line in frame.frame(tick, *size)]
        assert lines == drawn, f"step {tick.index}, {tick.remaining:.2f} s left"


def test_a_second_within_a_step_rewrites_only_the_lines_that_changed():
    _, after = drawn_session(80, 24)
    first = after[0][2]
    assert "\x1b[H" in first  # the first frame covers the screen from its top left
    same_step = [written for (before, _, _), (tick, _, written) in pairwise(after)
                 if tick.index == before.index and tick.step.exercise.poses is None]
    assert len(same_step) > 5
    # Within a step (without a moving figure) a second costs the changed digits, the time
    # left and the bar: a fraction of the screen, never the words that stay.
    assert max(map(len, same_step)) < len(first) / 3
    assert not any("space pause" in w or "\x1b[H" in w for w in same_step)


def test_a_resize_redraws_the_whole_screen():
    plan = compile_timeline(resolve(load(DATA / "mat.yaml"), routine="mat", exercise_ids=(),
                                    challenge=False), Options())
    screen = Emulator(80, 24)
    console = Console(file=screen, width=80, height=24, force_terminal=True,
                      color_system="standard", legacy_windows=False)
    drawn = live._Screen(console)
    for remaining, size in ((9.5, (80, 24)), (8.5, (80, 24)), (7.5, (100, 30))):
        if size != console.size:
            console.size = size
            screen.resize(*size)  # a resized terminal: what it showed is gone
        tick = Tick(plan, 0, remaining)
        drawn.show((remaining, size), lambda w, h, tick=tick: frame.frame(tick, w, h))
        assert screen.lines() == [line.plain.rstrip() for line in frame.frame(tick, *size)]
    assert "\x1b[H" in screen.writes[-1] and "space pause" in screen.writes[-1]


def test_a_sets_record_is_written_after_the_next_steps_first_frame():
    plan = compile_timeline(resolve(load(DATA / "mat.yaml"), routine="mat", exercise_ids=(),
                                    challenge=False), Options())
    events: list[tuple[str, int]] = []
    watched: list[Tick] = []

    class Screen(io.StringIO):
        def write(self, text: str) -> int:
            events.append(("frame", watched[-1].index))
            return len(text)

    console = Console(file=Screen(), width=80, height=24, force_terminal=True,
                      color_system="standard", legacy_windows=False)
    clock = FakeClock()
    live.run(plan, console=console, clock=clock, keys=ScriptedKeys(clock), mode=live.LIVE,
             watch=watched.append, on_set=lambda parts: events.append(("set", watched[-1].index)))
    sets = [i for i, (what, _) in enumerate(events) if what == "set"]
    assert len(sets) >= 2
    for i in sets[:-1]:  # the last set ends the session: no frame follows it
        index = events[i][1]
        ended = plan.steps[index - 1]
        assert ended.ends_rep and ended.rep == ended.reps, "written before the set ended"
        assert events[i - 1] == ("frame", index), "written before the next step was shown"
