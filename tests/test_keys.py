"""The real key source on a pseudo-terminal, in-process: cbreak, key order, signals."""

from __future__ import annotations

import io
import itertools
import os
import signal
import sys

import pytest

from heelcli.engine.errors import HeelError
from heelcli.screen import terminal

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

import termios


@pytest.fixture
def pty():
    master, slave = os.openpty()
    yield master, slave
    os.close(master)
    os.close(slave)


def test_cbreak_while_open_and_the_settings_restored_after(pty):
    _, slave = pty
    before = termios.tcgetattr(slave)
    with terminal.TerminalInput(slave):
        lflag = termios.tcgetattr(slave)[3]
        assert not lflag & termios.ICANON and not lflag & termios.ECHO
        assert lflag & termios.ISIG  # Ctrl-C still signals
    assert termios.tcgetattr(slave) == before


def test_keys_typed_together_come_one_at_a_time_and_arrow_keys_mean_nothing(pty):
    master, slave = pty
    with terminal.TerminalInput(slave) as keys:
        os.write(master, b"Pn")
        assert [keys.wait(1), keys.wait(0)] == ["p", "n"]
        os.write(master, b"\x1b[A")
        assert keys.wait(1) is None


def test_a_signal_while_waiting_stops_the_session_and_handlers_are_put_back():
    before = signal.getsignal(signal.SIGTERM)
    with terminal.TerminalInput(None) as keys:
        os.kill(os.getpid(), signal.SIGTERM)
        assert keys.wait(5) == "q"
        assert keys.signal == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_without_termios_a_keyboard_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(terminal, "termios", None)
    with pytest.raises(HeelError, match="keys need a POSIX terminal"):
        terminal.TerminalInput(0)


def test_a_terminal_that_hangs_up_ends_the_keys_not_the_session():
    master, slave = os.openpty()
    try:
        with terminal.TerminalInput(slave) as keys:
            os.close(master)  # the window is closed: reads now fail with EIO
            assert keys.wait(0) is None
            assert keys.wait(0) is None  # and it no longer reads the dead terminal
    finally:
        os.close(slave)


def test_nohup_keeps_sighup_ignored():
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with terminal.TerminalInput(None):
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_an_error_inside_a_live_session_still_restores_cursor_and_terminal(pty, monkeypatch):
    from rich.console import Console

    from heelcli.engine.catalog import load
    from heelcli.engine.timeline import Options, compile_timeline, resolve
    from heelcli.screen import frame, live

    from .conftest import MINI

    _, slave = pty
    before = termios.tcgetattr(slave)
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system=None)
    catalog = load(MINI)
    plan = compile_timeline(resolve(catalog, routine=None, exercise_ids=["lift"], challenge=False),
                        Options())

    drawn = []
    real_frame = frame.frame

    def broken_frame(tick, width, height, **options):
        if drawn:  # the screen is up, the cursor hidden: then a bug
            raise RuntimeError("a bug while drawing")
        drawn.append(tick)
        return real_frame(tick, width, height)

    monkeypatch.setattr(frame, "frame", broken_frame)
    with pytest.raises(RuntimeError), terminal.TerminalInput(slave) as keys:
        ticks = itertools.count(1000.0)  # a second a look: the next frame differs at once
        live.run(plan, console=console, clock=lambda: next(ticks), keys=keys,
                    mode=live.LIVE)
    assert out.getvalue().rfind("\x1b[?25h") > out.getvalue().rfind("\x1b[?25l") >= 0
    assert out.getvalue().rfind("\x1b[?1049l") > out.getvalue().rfind("\x1b[?1049h") >= 0
    assert termios.tcgetattr(slave) == before


class _FakeSelect:
    """select.select and time.monotonic on a fake clock: each wait takes its timeout plus
    the 0.1 % Linux adds to it, and records that timeout."""

    def __init__(self) -> None:
        self.now, self.timeouts = 100.0, []

    def select(self, readable, writable, special, timeout):
        self.timeouts.append(timeout)
        self.now += timeout * 1.001
        return [], [], []

    def monotonic(self) -> float:
        return self.now


def test_a_seconds_wait_ends_within_the_timer_slack_not_a_millisecond_late(pty, monkeypatch):
    # A frame is drawn when the wait ends: Linux ends a select() late by 0.1 % of its
    # timeout, so a one-second wait in one piece put every frame a millisecond late.
    _, slave = pty
    fake = _FakeSelect()
    monkeypatch.setattr(terminal.select, "select", fake.select)
    monkeypatch.setattr(terminal.time, "monotonic", fake.monotonic)
    with terminal.TerminalInput(slave) as keys:
        assert keys.wait(1.0) is None
    late = fake.now - 101.0
    assert 0 <= late < 0.00005 and fake.timeouts[-1] < 0.005
    fake.timeouts.clear()
    with terminal.TerminalInput(slave) as keys:
        assert keys.wait(0.002) is None  # a short wait is one select
    assert fake.timeouts == [0.002]
