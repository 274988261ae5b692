"""The real keyboard and signals: cbreak input, select-based waiting, clean exits.

Everything here touches the process's terminal; nothing else in heel does. The runner
sees only a key source whose wait() returns a key, None, or a stop.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from heelcli.engine.errors import HeelError
from heelcli.engine.keymap import QUIT_KEY
from heelcli.engine.runner import SUSPENDED

if TYPE_CHECKING:
    from typing import TypeAlias

    _Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

try:  # POSIX only; on Windows a session without a keyboard still runs
    import termios
    import tty
except ImportError:  # pragma: no cover - exercised on Windows only
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]

# Each stops the session as `q` does and the exit code is 128 + it: Ctrl-C, kill, the
# terminal window closed (SIGHUP) and Ctrl-\ (SIGQUIT). Windows has only the first two.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                 if hasattr(signal, name))
_PRECISE_WAIT = 0.005  # a select() shorter than this ends within the timer slack


def _select(sources: list[int], timeout: float) -> list[int]:
    """The sources ready within `timeout` seconds. Linux lets a select() end late by 0.1 %
    of its timeout (1 ms of a second's wait, which made every frame that late), so a
    long wait ends early by 0.2 % of it, and a short one then reaches the moment itself,
    late by the timer slack (50 µs) at most."""
    if timeout < _PRECISE_WAIT:
        return select.select(sources, [], [], timeout)[0]
    deadline = time.monotonic() + timeout
    ready = select.select(sources, [], [], timeout * 0.998)[0]
    if ready:
        return ready
    return select.select(sources, [], [], max(0.0, deadline - time.monotonic()))[0]


class TerminalInput:
    """Keys from stdin (when it is a terminal) and signals, as one key source.

    Use as a context manager: it saves the terminal settings, switches to cbreak (keys
    arrive one at a time, output keeps its line endings, Ctrl-C still signals) and
    restores the settings exactly on the way out, whatever happens.
    """

    def __init__(self, fd: int | None) -> None:
        if fd is not None and termios is None:
            raise HeelError("keys need a POSIX terminal here; run with stdin redirected "
                            "(heel workout --yes < NUL) to go without them")
        self.fd = fd
        self.on_suspend: Callable[[], None] = lambda: None  # the screen lets go of the terminal
        self.signal: int | None = None  # the signal that stopped the session, if any
        self._saved: list[Any] | None = None
        self._old_handlers: dict[int, _Handler] = {}
        self._suspend_asked = False
        self._pending: list[str] = []
        self._reading = fd is not None
        self._wake_r, self._wake_w = os.pipe()
        if termios is not None:  # Windows has no select on pipes; it sleeps instead
            os.set_blocking(self._wake_w, False)

    def __enter__(self) -> TerminalInput:
        if self.fd is not None:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd, termios.TCSANOW)
        for signum in _SIGNALS:
            if signal.getsignal(signum) != signal.SIG_IGN:  # `nohup heel` stays deaf to SIGHUP
                self._old_handlers[signum] = signal.signal(signum, self._stop)
        if hasattr(signal, "SIGTSTP") and self.fd is not None:
            self._old_handlers[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self._suspend)
        if hasattr(signal, "SIGWINCH"):  # a resize: wake up and redraw at the new size now
            self._old_handlers[signal.SIGWINCH] = signal.signal(
                signal.SIGWINCH, lambda signum, frame: self._wake())
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            for signum, handler in self._old_handlers.items():
                signal.signal(signum, handler)
            self.restore()
        finally:
            os.close(self._wake_r)
            os.close(self._wake_w)

    def restore(self) -> None:
        """Put the terminal back as we found it, dropping keys typed but not read."""
        if self.fd is not None and self._saved is not None:
            # A terminal that was closed (SIGHUP) has nothing left to restore.
            with contextlib.suppress(termios.error, OSError):
                termios.tcflush(self.fd, termios.TCIFLUSH)
                termios.tcsetattr(self.fd, termios.TCSAFLUSH, self._saved)

    def wait(self, timeout: float) -> str | None:
        if self.signal is None and termios is None:  # pragma: no cover - Windows: no select
            time.sleep(max(0.0, timeout))
        if (news := self._news()) is not None:
            return news
        if self._pending:  # typed together, taken one at a time
            return self._pending.pop(0)
        if termios is None:  # pragma: no cover
            return None
        sources = [self.fd, self._wake_r] if self.fd is not None and self._reading \
            else [self._wake_r]
        try:
            ready = _select(sources, max(0.0, timeout))
        except InterruptedError:  # pragma: no cover - PEP 475 retries select for us
            ready = []
        if self._wake_r in ready:
            os.read(self._wake_r, 64)
        if (news := self._news()) is not None:
            return news
        if self.fd is not None and self.fd in ready:
            try:
                data = os.read(self.fd, 64)
            except OSError:  # EIO: the terminal hung up
                data = b""
            if not data:  # no keys will come: stop watching, or select would spin
                self._reading = False
            self._pending.extend(_keys(data))
        return self._pending.pop(0) if self._pending else None

    def _news(self) -> str | None:
        """What a signal handler noted: a stop (as the quit key) or a Ctrl-Z to act on."""
        if self.signal is not None:
            return QUIT_KEY
        if self._suspend_asked:
            return self._suspend_now()
        return None

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError):  # the pipe is full: already awake
            os.write(self._wake_w, b"!")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signum
        self._wake()

    def _suspend(self, signum: int, frame: FrameType | None) -> None:
        # Only note it here: the screen is handed back from wait(), between two frames.
        self._suspend_asked = True
        self._wake()

    def _suspend_now(self) -> str:
        self._suspend_asked = False
        self.on_suspend()
        self.restore()
        # SIGSTOP, not SIGTSTP: it stops us even when no shell is watching the job.
        os.kill(os.getpid(), signal.SIGSTOP)
        # Here after `fg` (SIGCONT): take the keyboard back; the runner pauses and redraws.
        if self.fd is not None and self._saved is not None:
            tty.setcbreak(self.fd, termios.TCSANOW)
        return SUSPENDED


def _keys(data: bytes) -> list[str]:
    """The keys in what was read; an escape sequence (an arrow key) ends it, meaning nothing."""
    keys = data.split(b"\x1b", 1)[0].decode("ascii", "replace").lower()
    return list(keys)
