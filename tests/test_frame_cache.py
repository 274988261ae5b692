"""The mat view lays a step out once and then remakes only the seconds, the figure and the
progress: the frames must stay exactly what the whole layout gives, never a stale line."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from heelcli.engine.catalog import load
from heelcli.engine.runner import Tick
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import frame, live

from .conftest import DATA, FakeClock, ScriptedKeys, drawn_session

BENCH = DATA.parent.parent / "bench" / "sixty.yaml"  # 10 reps of a moving figure
KEYS = [(14.2, " "), (16.0, " "), (30.0, "?"), (31.0, "?"), (33.0, "m"), (40.0, "+"),
        (44.0, "m")]


def ticks(path, routine: str, size: tuple[int, int], keys=()) -> list[Tick]:
    """Every tick of a whole session on a fake clock, as the live screen saw them."""
    plan = compile_timeline(resolve(load(path), routine=routine, exercise_ids=(),
                                    challenge=False), Options())
    console = Console(file=io.StringIO(), width=size[0], height=size[1], force_terminal=True,
                      color_system="standard", legacy_windows=False)
    seen: list[Tick] = []
    clock = FakeClock()
    live.run(plan, console=console, clock=clock, keys=ScriptedKeys(clock, list(keys)),
             mode=live.LIVE, watch=seen.append)
    return seen


def written_frames(width: int, height: int) -> list[tuple[Tick, list[str], str]]:
    """A session of the mat routine on an emulated colour terminal: after each frame, the
    tick it drew, the screen's lines and what was written for it."""
    return drawn_session(width, height)[1]


def shown(lines: list[Text]) -> list[tuple[object, ...]]:
    """What a terminal would show of each line: its characters and every style in it."""
    return [(line.plain, str(line.style), line.end,
             tuple((span.start, span.end, str(span.style)) for span in line.spans))
            for line in lines]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize(("path", "routine"), [(DATA / "mat.yaml", "mat"), (BENCH, "bench")])
@pytest.mark.parametrize("figure", [True, False])
def test_every_cached_frame_is_the_whole_layout(size, path, routine, figure):
    seen = ticks(path, routine, size, KEYS)
    assert len(seen) > 50  # a tick a second, and the keys' own
    assert {tick.index for tick in seen} == set(range(len(seen[0].plan.steps)))
    for tick in seen:  # every tick in order, as a session asks: the cache carries over
        assert shown(frame.frame(tick, *size, figure=figure)) == shown(
            frame.layout(tick, *size, figure=figure)), (
            f"step {tick.index}, {tick.remaining:.2f} s left, paused {tick.paused}, "
            f"help {tick.help}, muted {tick.muted}, added {tick.added}")


def test_a_resize_and_a_new_state_lay_the_step_out_again():
    seen = [tick for tick in ticks(BENCH, "bench", (80, 24)) if tick.index == 1]
    first, later = seen[0], seen[-1]
    frame.frame(first, 80, 24)
    for size in ((80, 24), (100, 30), (80, 24)):
        assert shown(frame.frame(later, *size)) == shown(frame.layout(later, *size))
    muted = Tick(later.plan, later.index, later.remaining, muted=True, added=10.0)
    assert shown(frame.frame(muted, 80, 24)) == shown(frame.layout(muted, 80, 24))
    assert "m unmute" in frame.frame(muted, 80, 24)[-1].plain  # not the last step's keys


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_within_a_step_the_layout_is_done_once(monkeypatch, size):
    laid: list[tuple[int, float]] = []
    whole: list[int] = []
    real_laid_out, real_layout = frame._laid_out, frame.layout

    def laid_out(tick: Tick, *args, **kwargs):
        laid.append((tick.index, tick.remaining))
        return real_laid_out(tick, *args, **kwargs)

    def layout(tick: Tick, *args, **kwargs):
        whole.append(tick.index)
        return real_layout(tick, *args, **kwargs)

    monkeypatch.setattr(frame, "_laid_out", laid_out)
    monkeypatch.setattr(frame, "layout", layout)
    drawn: list[int] = []
    real_frame = frame.frame

    def counted(tick: Tick, *args, **kwargs):
        drawn.append(tick.index)
        return real_frame(tick, *args, **kwargs)

    monkeypatch.setattr(frame, "frame", counted)
    seen = ticks(BENCH, "bench", size)
    steps = len(seen[0].plan.steps)
    assert len(drawn) >= 2 * steps  # a frame for each second shown, three or so a step
    assert sorted(index for index, _ in laid) == list(range(steps))  # once a step
    assert whole == []  # no step was laid out whole again


def test_lines_rewritten_alone_keep_their_colours(monkeypatch):
    from itertools import pairwise

    from rich.color import ColorSystem
    from rich.style import Style

    def sgr(style: str) -> str:  # how a terminal is told to start drawing in `style`
        return Style.parse(style).render("x", color_system=ColorSystem.STANDARD).split("x")[0]

    monkeypatch.delenv("NO_COLOR")  # a terminal in colour
    after = written_frames(80, 24)
    new_steps = seconds = 0
    for (_, shown_before, _), (tick, lines, written) in pairwise(after):
        if lines[0] != shown_before[0]:  # a new phase word's band, in its colour
            new_steps += 1
            assert sgr(frame.band_style(tick.step.kind)) in written, f"step {tick.index}"
        elif not tick.paused:  # the big seconds, bold
            seconds += 1
            assert sgr("bold") in written, f"step {tick.index}, {tick.remaining:.2f} s"
    assert new_steps > 5 and seconds > 5


@pytest.mark.parametrize("phrase", [
    "Tick · set 1 of 2 · rep 3 of 10", "a" * 30, "a" * 31, "ends in blanks   ", "",
    "\u28ff\u2588\u2500 braille, blocks, box", "宽字符 take two cells each", "a\tb", "a\nb",
    "a word longer than the line goes on and on"])
def test_a_line_is_shown_as_rich_would_wrap_its_phrases(phrase):
    wrapped = [line for part in frame._phrases(phrase, 30)
               for line in Text(part, style="bold").wrap(Console(width=1000), 30,
                                                        overflow="fold")]
    assert shown(frame._wrap([phrase], 30, "bold")) == shown(wrapped)


def test_a_long_session_keeps_no_more_lines_than_a_short_one():
    # Each second's lines (the digits, the figure, the bar, the words) are new: kept in a
    # cache, a 20-minute session at 200 columns held 2 MiB of lines shown once.
    from rich.cells import cached_cell_len

    kept = []
    for reps in (10, 40):
        plan = compile_timeline(resolve(load(BENCH), routine="bench", exercise_ids=(),
                                        challenge=False), Options(reps=reps))
        console = Console(file=io.StringIO(), width=200, height=60, force_terminal=True,
                          color_system="standard", legacy_windows=False)
        cached_cell_len.cache_clear()
        clock = FakeClock()
        live.run(plan, console=console, clock=clock, keys=ScriptedKeys(clock), mode=live.LIVE)
        kept.append(cached_cell_len.cache_info().currsize)
    assert kept[1] <= kept[0] + 5, kept


def test_every_character_counted_as_one_cell_is_one_cell_to_rich():
    from rich.cells import cell_len

    chars = [chr(c) for c in (*range(0x20, 0x7F), 0xB7, *range(0x2500, 0x25A0),
                              *range(0x2800, 0x2900))]
    assert all(frame._ONE_CELL.fullmatch(c) for c in chars)
    assert [c for c in chars if cell_len(c) != 1] == []
    assert frame._cells("宽 x") == cell_len("宽 x") == 4  # anything else: rich counts it
