"""The real key source on a pseudo-terminal, in-process: cbreak, key order, signals."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from heelcli import terminal
from heelcli.errors import HeelError

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
