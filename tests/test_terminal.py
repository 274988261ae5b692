"""heel workout in a real pseudo-terminal: keys, Ctrl-C, SIGTERM, Ctrl-Z and resizing.

Each test drives the session by keys (the get-ready countdown is 10 s and never runs out
here), so none waits on the plan's clock.
"""

from __future__ import annotations

import signal
import sys

import pytest

from tests.conftest import MINI

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

from tests.ptyterm import HIDE_CURSOR, SHOW_CURSOR, Finished, Terminal


@pytest.fixture
def term(tmp_path):
    started: list[Terminal] = []

    def start(*args: str, cols: int = 80) -> Terminal:
        t = Terminal("workout", "--yes", "--no-bell", "--no-checkin", "-e", "lift", *args,
                     cols=cols,
                     env={"HEEL_EXERCISES": str(MINI), "HEEL_HOME": str(tmp_path)})
        started.append(t)
        return t

    yield start
    for t in started:
        t.close()


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
    (lambda t: t.kill(signal.SIGTERM), 143),
], ids=["ctrl-c", "sigterm"])
def test_a_signal_mid_rep_prints_the_summary_restores_and_exits_128_plus_it(term, stop,
                                                                           code):
    t = term()
    t.expect(rb"space pause")
    t.send(b"n")
    t.expect(rb"rep 1 of 3")
    stop(t)
    done = t.finish()
    assert done.status == code
    assert b"Workout stopped" in done.output
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
