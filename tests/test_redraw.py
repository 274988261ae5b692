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


BENCH = DATA.parent.parent / "bench" / "sixty.yaml"  # 10 reps of a moving figure


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_each_second_is_drawn_before_it_comes_and_only_written_when_it_does(monkeypatch,
                                                                              size):
    plan = compile_timeline(resolve(load(BENCH), routine="bench", exercise_ids=(),
                                    challenge=False), Options())
    drawn = 0  # frames made (laid out, the figure drawn) so far
    made = []

    def counted(*args, **kwargs):
        nonlocal drawn
        drawn += 1
        return made_frame(*args, **kwargs)

    made_frame = frame.frame
    monkeypatch.setattr(frame, "frame", counted)
    monkeypatch.setattr(frame, "layout", lambda *a, **k: made.append(a) or [])
    woke_at = [0]
    drawn_since_wake: list[int] = []  # at each write: frames made since the runner woke
    screen = Emulator(*size)

    class Terminal(Emulator):
        def write(self, text: str) -> int:
            drawn_since_wake.append(drawn - woke_at[0])
            return screen.write(text)

    class Keys(ScriptedKeys):
        def wait(self, timeout: float) -> str | None:
            key = super().wait(timeout)
            woke_at[0] = drawn
            return key

    console = Console(file=Terminal(*size), width=size[0], height=size[1], force_terminal=True,
                      color_system="standard", legacy_windows=False)
    clock = FakeClock()
    live.run(plan, console=console, clock=clock, keys=Keys(clock), mode=live.LIVE)
    # A frame a second shown (the session is 60 s; its phases are 2.5 s: three a phase).
    assert len(drawn_since_wake) > 60
    assert drawn_since_wake[0] == 1  # the first frame: nothing was on the screen to follow
    assert drawn_since_wake[1:-1] == [0] * (len(drawn_since_wake) - 2), \
        "a frame was laid out after its second had come"
    assert not made  # never the uncached whole layout either
    # And what was written ahead is what the screen shows now: the frame of that second.
    assert screen.lines() == [line.plain.rstrip() for line in made_frame(
        Tick(plan, len(plan.steps) - 1, 1.0), *size)]


def test_a_key_pressed_after_the_next_second_was_drawn_ahead_shows_at_once():
    _, after = drawn_session(80, 24, keys=[(12.0, " "), (15.0, " ")])
    at = next(i for i, (tick, _, _) in enumerate(after) if tick.paused)
    before, (tick, lines, _) = after[at - 1][0], after[at]
    assert not before.paused and tick.index == before.index  # the frame right after the key
    assert lines == [line.plain.rstrip() for line in frame.frame(tick, 80, 24)]
    assert "PAUSED" in " ".join(lines) or any("█" in line for line in lines[:12])
