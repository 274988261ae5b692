"""heel workout in a real pseudo-terminal: keys, Ctrl-C, SIGTERM, Ctrl-Z and resizing.

Each test drives the session by keys (the get-ready countdown is 10 s and never runs out
here), so none waits on the plan's clock.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from tests.conftest import MINI

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

from tests.ptyterm import HIDE_CURSOR, SHOW_CURSOR, Finished, Terminal


@pytest.fixture
def term(tmp_path):
    started: list[Terminal] = []

    def start(*args: str, cols: int = 80, ask: bool = False,
              env: dict[str, str] | None = None) -> Terminal:
        t = Terminal("workout", *([] if ask else ["--yes"]), "--no-bell", "--no-checkin",
                     "-e", "lift", *args, cols=cols,
                     env={"HEEL_EXERCISES": str(MINI), "HEEL_HOME": str(tmp_path), **(env or {})})
        started.append(t)
        return t

    yield start
    for t in started:
        t.close()


def last_session(home) -> dict:
    """The newest session in the history at `home`, as `heel history --json` shows it."""
    result = CliRunner().invoke(cli, ["history", "--json"], env={"HEEL_HOME": str(home)})
    return json.loads(result.stdout)["sessions"][0]


def assert_left_clean(t: Terminal, done: Finished) -> None:
    assert done.output.rfind(SHOW_CURSOR) > done.output.rfind(HIDE_CURSOR), "cursor hidden"
    assert t.attrs() == t.before, "terminal settings not restored"
    assert b"Traceback" not in done.output


def test_space_pauses_and_resumes_and_q_stops_with_a_summary(term):
    t = term()
    t.expect(rb"space pause")
    assert t.attrs() != t.before  # cbreak while the session runs
    t.send(b" ")
    t.expect(rb"space resume")
    t.send(b" ")
    t.send(b"n")  # skip the get-ready countdown
    t.expect(rb"rep 1 of 3")
    t.send(b"q")
    done = t.finish()
    assert done.status == 0
    assert b"Workout stopped" in done.output
    assert_left_clean(t, done)


@pytest.mark.parametrize(("stop", "code"), [
    (lambda t: t.send(b"\x03"), 130),  # Ctrl-C, through the terminal as a person presses it
    (lambda t: t.send(b"\x1c"), 131),  # Ctrl-\ (SIGQUIT)
    (lambda t: t.kill(signal.SIGTERM), 143),
    (lambda t: t.kill(signal.SIGHUP), 129),  # a hangup while the terminal is still there
], ids=["ctrl-c", "ctrl-backslash", "sigterm", "sighup"])
def test_a_signal_mid_rep_prints_the_summary_restores_and_exits_128_plus_it(term, tmp_path,
                                                                           stop, code):
    t = term()
    t.expect(rb"space pause")
    t.send(b"n")
    t.expect(rb"rep 1 of 3")
    stop(t)
    done = t.finish()
    assert done.status == code
    assert b"Workout stopped" in done.output
    assert_left_clean(t, done)
    assert last_session(tmp_path)["status"] == "stopped"


def test_closing_the_terminal_window_records_the_session_as_stopped(term, tmp_path):
    t = term()
    t.expect(rb"space pause")
    t.send(b"n")
    t.expect(rb"rep 1 of 3")
    t.hangup()  # the window is gone: SIGHUP, then every write fails
    done = t.finish()
    assert done.status == 129  # not 1 from a failed write, not a traceback
    assert last_session(tmp_path)["status"] == "stopped"


def test_ctrl_c_at_the_start_prompt_exits_130_quietly(term, tmp_path):
    t = term(ask=True)
    t.expect(rb"Press Enter to start")
    t.wait_reading()
    t.send(b"\x03")
    done = t.finish()
    assert done.status == 130
    assert b"Aborted" not in done.output and b"Traceback" not in done.output
    assert t.attrs() == t.before
    history = CliRunner().invoke(cli, ["history", "--json"], env={"HEEL_HOME": str(tmp_path)})
    assert json.loads(history.stdout)["sessions"] == []  # no workout was started


def test_a_live_session_in_an_ascii_locale_draws_ascii_and_leaves_clean(term):
    t = term(env={"PYTHONIOENCODING": "ascii"})
    t.expect(rb"##")  # the big digits, in ASCII blocks
    # On the screen, not in the bytes: the footer's words are written between styles.
    t.expect_shown("space pause - n next")
    t.send(b"n")
    t.expect_shown("rep 1 of 3 - set 1 of 2")
    t.send(b"q")
    done = t.finish()
    assert done.status == 0
    assert b"Workout stopped" in done.output
    assert max(done.output) < 0x80  # every byte ASCII
    assert_left_clean(t, done)


def test_ctrl_z_restores_the_terminal_and_fg_comes_back_paused(term):
    t = term()
    t.expect(rb"space pause")
    t.send(b"\x1a")  # Ctrl-Z
    t.wait_stopped()
    assert t.attrs() == t.before  # usable by the shell while stopped
    t.kill(signal.SIGCONT)  # what `fg` does
    t.expect(rb"space resume")
    t.send(b"q")
    done = t.finish()
    assert done.status == 0
    assert_left_clean(t, done)


def test_whether_a_terminal_moves_its_cursor_is_read_from_terminfo_as_curses_reads_it():
    import os

    from heelcli.screen import live

    names = sorted({name for place in ("/lib/terminfo", "/usr/share/terminfo")
                    if os.path.isdir(place) for sub in os.listdir(place)
                    for name in os.listdir(os.path.join(place, sub))})
    if not names:
        pytest.skip("no terminfo entries on this machine")
    # curses reads one entry a process (setupterm sets up the first terminal only).
    ask = ("import curses, os, sys\nfor name in sys.argv[1:]:\n"
           "    try:\n        curses.setupterm(name, os.open(os.devnull, os.O_WRONLY))\n"
           "        print(curses.tigetstr('cup') is not None)\n"
           "    except curses.error:\n        print(True)\n    break\n")
    told = {name: subprocess.run([sys.executable, "-c", ask, name], capture_output=True,
                                 text=True, env={"HOME": "/nonexistent"}).stdout.strip()
            == "True" for name in names}
    environ = {"HOME": "/nonexistent"}
    # TERM=dumb is refused before any entry is read: its entry, read alone, says the same.
    dumb = told.pop("dumb", None)
    assert {name: live.can_redraw({**environ, "TERM": name}) for name in told} == told
    if dumb is not None:
        assert dumb is False
        assert live._has_cursor_address(live._terminfo("dumb", environ)) is False
    assert live.can_redraw({**environ, "TERM": "no-such-terminal"})
    assert not live.can_redraw({**environ, "TERM": "dumb"})
