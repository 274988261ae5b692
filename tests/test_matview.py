"""The live session screen at every size, sides in words, encouragement, keys m and +,
and the voice script: what a person on the mat sees and hears."""

from __future__ import annotations

from pathlib import Path

import pytest

from heelcli.engine.catalog import load
from heelcli.engine.keymap import KEYMAP
from heelcli.engine.runner import Runner, Tick
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import frame, glyphs, view
from heelcli.screen.live import can_redraw
from heelcli.text import words
from heelcli.text.replies import STOP_ON_PAIN

from .conftest import (
    DATA,
    FakeClock,
    ScriptedKeys,
    invoke,
    make_console,
    on_terminal,
    record_speech,
    visible,
)

MAT = DATA / "mat.yaml"
README = Path(__file__).resolve().parents[1] / "README.md"


def mat_plan(*ids: str, **options):
    chosen = resolve(load(MAT), routine="mat" if not ids else None, exercise_ids=ids,
                     challenge=False)
    return compile_timeline(chosen, Options(**options))


def ticks(plan, keys=()) -> list[Tick]:
    """Every tick of a whole session on a fake clock."""
    seen: list[Tick] = []
    clock = FakeClock()
    Runner(plan, clock=clock, keys=ScriptedKeys(clock, list(keys)),
           on_tick=seen.append).run()
    return seen


def a_tick(plan, kind: str, *, rep: int = 0, side: str | None = None, **flags) -> Tick:
    """A tick a third into the first step of `kind` (and rep, side)."""
    index = next(i for i, s in enumerate(plan.steps) if s.kind == kind
                 and (not rep or s.rep == rep) and (side is None or s.side == side))
    step = plan.steps[index]
    return Tick(plan, index, step.seconds * 2 / 3, **flags)


def big_at(lines: list[str], text: str) -> int:
    """The scale at which `text` is drawn in big glyphs in `lines` (0: it is not)."""
    for scale in range(20, 0, -1):
        rows = glyphs.big(text, scale)
        for top in range(len(lines) - len(rows) + 1):
            col = lines[top].find(rows[0])
            while col >= 0:
                if all(lines[top + k][col:col + len(row)] == row
                       for k, row in enumerate(rows)):
                    return scale
                col = lines[top].find(rows[0], col + 1)
    return 0


def flat(lines: list[str]) -> str:
    """The words on the screen, however they were wrapped."""
    return " ".join(" ".join(lines).split())
    return 0


def shown(tick: Tick, width: int, height: int) -> list[str]:
    lines = [line.plain for line in frame.frame(tick, width, height)]
    assert len(lines) == height
    assert all(len(line) <= width for line in lines), "a line is wider than the terminal"
    assert not any("..." in line or "…" in line for line in lines), "a line is cropped"
    return lines


# (width, height), the least glyph rows, and whether the whole-session progress fits too.
SIZES = [((200, 60), 12, True), ((120, 40), 8, True), ((80, 24), 5, True),
         ((60, 20), 5, True), ((45, 15), 3, True), ((40, 12), 3, True),
         ((70, 10), 3, False), ((30, 10), 0, True)]


@pytest.mark.parametrize(("size", "least", "progress"), SIZES,
                         ids=[f"{w}x{h}" for (w, h), _, _ in SIZES])
def test_a_rep_shows_what_to_do_for_how_long_which_rep_and_leg_at_every_size(size, least,
                                                                          progress):
    plan = mat_plan()
    tick = a_tick(plan, "phase", rep=3, side="left")  # Lower, 2 s: 2 left at one third
    lines = shown(tick, *size)
    text = flat(lines)
    if least:
        seconds = big_at(lines, "2")
        assert glyphs.rows(seconds) >= least
        assert big_at(lines, "3") == seconds  # the rep number, as big as the seconds
        assert "LOWER" in text or big_at(lines, "LOWER")
    else:  # the compact layout: phase word and seconds on one line
        assert lines[0].startswith("LOWER  2 s")
    assert "rep 3 of 4 · halfway" in text
    # Narrow, a line breaks at its separator, never inside a phrase.
    assert "Split squat · left foot forward" in text or (
        {"Split squat", "left foot forward"} <= {line.strip() for line in lines})
    assert "Sink straight down." in text
    # 40.3 s left in all: rounded up like the big clock, as every time on screen is
    assert ("exercise 1 of 2 · 0:41 left" in text) is progress
    if progress:
        bar = next(line for line in lines if line.startswith(frame.DONE_BAR))
        assert bar.rstrip().endswith(frame.LEFT_BAR) and len(bar.rstrip()) >= size[0] - 1


def test_the_glyphs_scale_by_whole_factors_and_half_blocks_keep_them_square():
    assert [glyphs.rows(s) for s in (1, 2, 3, 5)] == [3, 5, 8, 13]
    assert glyphs.big("1", 1) == ["▄█ ", " █ ", "▀▀▀"]
    two = glyphs.big("10", 2)
    assert len(two) == 5 and {len(row) for row in two} == {glyphs.width("10", 2)} == {14}
    assert all(glyphs.drawable(w) for w in ("GET READY", "SWITCH", "REST", "PAUSED", "1:30"))
    assert not glyphs.drawable("Ü")


def test_a_phase_word_outside_the_font_is_shown_as_text_not_dropped(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(MAT.read_text().replace("name: Lower", "name: Über"))
    plan = compile_timeline(resolve(load(path), routine="mat", exercise_ids=(),
                                challenge=False), Options())
    lines = shown(a_tick(plan, "phase", rep=1), 80, 24)
    assert lines[0].strip() == "ÜBER"


@pytest.mark.parametrize("size", [(80, 24), (45, 15), (30, 10)])
def test_paused_shows_paused_instead_of_frozen_digits_and_the_footer_says_resume(size):
    plan = mat_plan()
    lines = shown(a_tick(plan, "phase", rep=3, paused=True), *size)
    text = flat(lines)
    assert "paused with 2 s left · rep 3 of 4" in text or (
        {"paused with 2 s left", "rep 3 of 4 · halfway"} <= {line.strip() for line in lines})
    if size[0] >= 40:
        assert big_at(lines, "PAUSED") and not big_at(lines, "2")
        assert "space resume" in lines[-1]
    else:
        assert lines[0].startswith("PAUSED · LOWER")


def test_the_help_lists_every_key_of_the_one_key_map():
    lines = shown(a_tick(mat_plan(), "rest", paused=True, help=True), 80, 24)
    text = "\n".join(lines)
    assert all(f"{b.label:>9}  {b.help}" in text for b in KEYMAP)
    assert lines[0].startswith("PAUSED")


@pytest.mark.parametrize("size", [(45, 15), (40, 12), (30, 10)])
def test_the_help_lists_the_keys_in_a_small_window_too(size):
    lines = shown(a_tick(mat_plan(), "phase", rep=3, paused=True, help=True), *size)
    text = " ".join(lines)
    assert all(f"{b.label.split(' / ')[0]} " in text for b in KEYMAP)
    assert "quit" in text and "mute" in text and "next" in text
    assert all(line.strip() == "" or line.strip() in text for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (45, 15), (40, 12), (30, 10)])
@pytest.mark.parametrize("help", [False, True])
def test_muted_is_on_screen_at_every_size_and_no_status_line_ends_mid_phrase(size, help):
    plan = mat_plan()
    for tick in (a_tick(plan, "phase", rep=3, side="left", muted=True, paused=True),
                 a_tick(plan, "phase", rep=3, side="left", muted=True, help=help)):
        lines = [line.rstrip() for line in shown(tick, *size)]
        assert any("muted" in line for line in lines), lines
        assert not [line for line in lines if line.endswith((" of", " set", " rep"))], lines


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (45, 15), (40, 12)])
def test_rep_seconds_are_never_smaller_than_rest_or_switch_seconds(size):
    plan = mat_plan()
    rep = big_at(shown(a_tick(plan, "phase", rep=3, side="left"), *size), "2")
    for kind in ("rest", "switch"):
        tick = a_tick(plan, kind)
        seconds = words.countdown(tick.remaining)
        assert big_at(shown(tick, *size), seconds) <= rep, kind


def test_each_kind_of_step_has_its_own_colour_and_its_word():
    plan = mat_plan()
    styles = {kind: frame.band_style(kind) for kind in ("phase", "ready", "rest", "switch")}
    assert len(set(styles.values())) == 4
    assert all(" on " in style for style in styles.values())  # a band: fore and background
    words = {kind: shown(a_tick(plan, kind), 30, 10)[0].split("  ")[0]
             for kind in ("ready", "rest", "switch")}
    assert words == {"ready": "GET READY", "rest": "REST", "switch": "SWITCH"}


def test_the_switch_and_get_ready_screens_name_the_leg_in_the_files_words():
    plan = mat_plan()
    ready = "\n".join(shown(a_tick(plan, "ready"), 80, 24))
    assert "Split squat · start: left foot forward" in ready
    assert "1. Stand with one foot forward." in ready
    switch = "\n".join(shown(a_tick(plan, "switch"), 80, 24))
    assert "switch sides: right foot forward" in switch
    assert "next: Lower, rep 1 of 4" in switch


def test_a_rest_after_an_exercise_says_it_is_done_and_what_comes_next():
    text = "\n".join(shown(a_tick(mat_plan(), "rest"), 80, 24))
    assert "Split squat done: well done" in text
    assert "next: Bridge" in text


def test_a_heel_cue_that_says_what_the_phase_cue_says_is_shown_once():
    plan = mat_plan()
    rise = "\n".join(shown(a_tick(plan, "phase", rep=1, side="left").__class__(
        plan, 2, 0.5), 80, 24))
    assert plan.steps[2].title == "Rise"
    assert rise.count("Drive up through the front heel") == 1
    lower = "\n".join(shown(Tick(plan, 1, 1.5), 80, 24))
    assert "Heel: Drive up through the front heel" in lower


def test_the_progress_counts_time_left_in_the_whole_plan_and_moves_on_a_skip():
    plan = mat_plan()
    assert plan.total_seconds == 10 + 12 + 4 + 12 + 5 + 10 + 4
    all_ticks = ticks(plan, [(2.0, "s")])  # skip the split squat in its get-ready
    after = next(t for t in all_ticks if t.step.exercise.id == "bridge")
    assert after.left_in_plan == pytest.approx(14)
    assert view.progress_words(plan, after.index, after.left_in_plan) == \
        "exercise 2 of 2 · 0:14 left"


def test_help_pauses_while_shown_and_resumes_where_it_was():
    plan = mat_plan("bridge")
    clock = FakeClock()
    seen: list[Tick] = []
    keys = ScriptedKeys(clock, [(2.0, "?"), (30.0, "?")])
    summary = Runner(plan, clock=clock, keys=keys, on_tick=seen.append).run()
    helping = [t for t in seen if t.help]
    assert helping and all(t.paused for t in helping)
    assert {round(t.remaining, 3) for t in helping} == {8.0}  # frozen where it was
    assert summary.seconds == pytest.approx(plan.total_seconds + 28)
    assert not seen[-1].paused


def test_plus_adds_10_s_to_a_get_ready_or_rest_and_not_to_a_rep(env):
    env.keys = ScriptedKeys(env.clock, [(1.0, "+"), (21.0, "+")])  # ready, then in a rep
    env.catalog_path = MAT
    result = invoke(env, "workout", "-e", "bridge", "--no-log")
    assert result.exit_code == 0, result.output
    assert result.output.count("Get ready +10 s.") == 1
    assert "Workout complete · 24 s" in result.output  # 10 + 10 ready, 2 reps of 2 s


def test_m_mutes_the_bell_and_voice_and_says_so_in_plain_lines(env, monkeypatch):
    said = record_speech(monkeypatch)
    env.catalog_path = MAT
    env.keys = ScriptedKeys(env.clock, [(0.5, "m"), (10.5, "m")])
    result = invoke(env, "workout", "-e", "bridge", "--voice-cmd", "true", "--no-log")
    assert "Muted.\n" in result.output and "Unmuted.\n" in result.output
    assert said == ["Get ready: Bridge. Lie on your back.", "Two, last rep. Lift.",
                    "Workout complete. Bridge: 2 reps."]


def test_the_voice_script_follows_the_whole_session_for_someone_who_cannot_see(env,
                                                                              monkeypatch):
    said = record_speech(monkeypatch)
    env.catalog_path = MAT
    result = invoke(env, "workout", "--routine", "mat", "--voice-cmd", "true", "--no-log")
    assert result.exit_code == 0, result.output
    count = ["3", "2", "1"]
    # Every rep counted; the heel named on reps 1 and 4, the exercise's cues in turn.
    side = ["One. Lower. Drive up through the front heel.", "Rise.", "Two. Lower.", "Rise.",
            "Three, halfway. Lower.", "Rise.", "Four, last rep. Lower. Knee behind the toes.",
            "Rise."]
    assert said == [
        # The set-up before the first rep, said once: no 3-2-1 to cut it short.
        "Get ready: Split squat, left foot forward. Stand with one foot forward. "
        "Hold a chair if you like.",
        *side,
        "Switch sides: right foot forward.", *count,
        *side,
        "Rest. Next: Bridge.", *count,
        "Get ready: Bridge. Lie on your back.",
        "One. Lift. Heels heavy.", "Two, last rep. Lift.",
        "Workout complete. Split squat: 8 reps. Bridge: 2 reps.",
    ]


def test_plain_lines_name_the_leg_cheer_and_mark_a_finished_exercise(env):
    env.catalog_path = MAT
    env.console = make_console(terminal=True)
    out = invoke(env, "workout", "--plain", "--no-bell", "--no-log").output
    assert "Switch sides (4s): right foot forward" in out
    assert "Halfway.\nSplit squat · Rep 3/4 · Set 1/1 · left foot forward | Lower" in out
    assert "Last rep.\nBridge · Rep 2/2" in out
    assert "Split squat done: well done.\nRest (5s)" in out
    assert "Split squat: 8/8 reps (left foot forward 4, right foot forward 4)" in out


def test_the_summary_compares_with_the_last_session_of_the_same_workout(env):
    env.catalog_path = MAT
    first = invoke(env, "workout", "-e", "bridge").output
    assert "Reps done: 2\nFirst time: well done." + "\n" + STOP_ON_PAIN in first
    same = invoke(env, "workout", "-e", "bridge").output
    assert "The same as last time: 2 reps." + "\n" + STOP_ON_PAIN in same
    more = invoke(env, "workout", "-e", "bridge", "--reps", "4").output
    assert "2 more reps than last time." + "\n" + STOP_ON_PAIN in more
    other = invoke(env, "workout", "-e", "split-squat", "--reps", "1").output
    assert "First time: well done." + "\n" + STOP_ON_PAIN in other  # another workout
    unlogged = invoke(env, "workout", "-e", "bridge", "--no-log").output
    assert "Reps done: 2" + "\n" + STOP_ON_PAIN in unlogged  # no history: no comparison


@pytest.mark.parametrize(("term", "redraws"), [(None, False), ("dumb", False),
                                               ("unknown", False), ("xterm", True),
                                               ("no-such-terminal-here", True)])
def test_only_a_terminal_that_moves_its_cursor_gets_the_redrawn_screen(term, redraws):
    assert can_redraw({} if term is None else {"TERM": term}) is redraws


def test_term_dumb_gets_one_line_per_step_never_a_blank_screen(env, monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    on_terminal(env)
    out = invoke(env, "workout", "-e", "lift").output
    assert "\x1b[?1049h" not in out
    assert "Get ready (10s): Lift" in out and "Lift · Rep 3/3" in out


def test_the_live_screen_runs_on_the_alternate_screen_and_leaves_it(env, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    on_terminal(env)
    out = invoke(env, "workout", "-e", "lift").output
    enter, leave = out.index("\x1b[?1049h"), out.rindex("\x1b[?1049l")
    assert out.count("\x1b[?1049h") == 1
    assert enter < leave < out.index("Workout complete")
    assert "0:32 left" in visible(out[enter:leave])  # one exercise: time left, no count


# The README shows real frames; this renders them again and compares.
FRAMES = {(80, 24): ("phase", 3, "left"), (45, 15): ("ready", 0, None),
          (120, 40): ("phase", 3, "left")}


def readme_frame(width: int, height: int) -> str:
    kind, rep, side = FRAMES[(width, height)]
    tick = a_tick(mat_plan(), kind, rep=rep, side=side)
    return "\n".join(line.plain.rstrip() for line in frame.frame(tick, width, height))


@pytest.mark.parametrize("size", list(FRAMES), ids=[f"{w}x{h}" for w, h in FRAMES])
def test_the_readme_frames_are_what_heel_draws(size):
    marker = f"<!-- frame {size[0]}x{size[1]} -->\n```\n"
    text = README.read_text()
    assert marker in text
    start = text.index(marker) + len(marker)
    shown_in_readme = text[start:text.index("\n```", start)]
    assert shown_in_readme == readme_frame(*size), (
        "README frame is stale; print it with: python -m tests.test_matview")


def test_the_readme_key_table_is_the_key_map():
    assert view.keys_table() in README.read_text()




def test_an_error_mid_session_still_brings_the_normal_screen_and_the_cursor_back():
    import io

    from rich.console import Console

    from heelcli.screen import live

    class Broken:
        signal = None

        def wait(self, timeout: float) -> str | None:
            raise RuntimeError("a bug")

    console = Console(file=io.StringIO(), width=80, height=24, force_terminal=True,
                      color_system=None)
    with pytest.raises(RuntimeError):
        live.run(mat_plan(), console=console, clock=FakeClock(), keys=Broken(),
                    mode=live.LIVE)
    out = console.file.getvalue()
    assert out.index("\x1b[?1049h") < out.rindex("\x1b[?25h") < out.rindex("\x1b[?1049l")
    assert out.endswith("\x1b[?1049l")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_each_big_number_says_what_it_counts(size):
    from heelcli.engine.timeline import PHASE

    lines = [line.plain for line in frame.frame(a_tick(mat_plan(), PHASE, rep=3), *size)]
    [caption] = [line for line in lines if "rep 3 of" in line]
    assert caption.lstrip().startswith("seconds")
    assert caption.index("seconds") < caption.index("rep")
    paused = [line.plain for line in frame.frame(a_tick(mat_plan(), PHASE, rep=3, paused=True),
                                                 *size)]
    assert not any(line.lstrip().startswith("seconds") for line in paused)  # PAUSED instead


if __name__ == "__main__":  # print the README's frames and key table
    for w, h in FRAMES:
        print(f"<!-- frame {w}x{h} -->\n```\n{readme_frame(w, h)}\n```\n")
    print(view.keys_table())
