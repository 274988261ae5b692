"""heel in a real pseudo-terminal, driven as a person would: keys in, screen out, signals.

Used by the end-to-end tests and by the benchmarks in bench/.
"""

from __future__ import annotations

import codecs
import fcntl
import io
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

HEEL = str(Path(sys.executable).parent / "heel")
_CODE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])")
SHOW_CURSOR = b"\x1b[?25h"
HIDE_CURSOR = b"\x1b[?25l"


@dataclass
class Finished:
    wall: float  # seconds from spawn to exit
    first_output: float  # seconds from spawn to the first byte on the screen
    cpu: float  # user + system CPU seconds of the child
    max_rss_kib: int
    status: int  # exit code, or -N when killed by signal N
    output: bytes
    cpu_at_first_output: float = 0.0  # CPU seconds the child had used by its first byte
    chunks: tuple[tuple[float, int], ...] = ()  # (seconds from spawn, bytes) of each read


class Emulator(io.StringIO):
    """A terminal that keeps the characters on its screen: cursor moves, erase to the end
    of the line, new lines and text; colours and modes are ignored. A write past the right
    edge fails, as a line wider than the terminal would wrap."""

    def __init__(self, width: int, height: int, *, strict: bool = True) -> None:
        super().__init__()
        self.strict = strict  # False: wrap past the right edge and scroll, as a terminal
        self.resize(width, height)
        self.writes: list[str] = []
        self.shown: list[list[str]] = []  # the screen as each frame began (see frames)
        self.row = self.col = 0

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]

    def write(self, text: str) -> int:
        self.writes.append(text)
        at = 0
        for match in _CODE.finditer(text):
            self._put(text[at:match.start()])
            args, op = match.groups()
            if op == "H":
                row, _, col = args.partition(";")
                if int(row or 1) - 1 <= self.row:  # back up: a new frame begins
                    self.shown.append(self.lines())
                self.row, self.col = int(row or 1) - 1, int(col or 1) - 1
            elif op == "K":
                self.cells[self.row][self.col:] = [" "] * (self.width - self.col)
            at = match.end()
        self._put(text[at:])
        return len(text)

    def _put(self, text: str) -> None:
        for ch in text:
            if ch == "\n" or (self.col >= self.width and not self.strict and ch not in "\a\r"):
                self.row, self.col = self.row + 1, 0
                if self.row >= self.height:  # scroll up a line
                    self.cells = [*self.cells[1:], [" "] * self.width]
                    self.row = self.height - 1
            if ch == "\r":
                self.col = 0
            elif ch not in "\a\n":
                assert self.col < self.width, f"row {self.row} runs past the right edge"
                self.cells[self.row][self.col] = ch
                self.col += 1

    def lines(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]


def frames(output: str, width: int, height: int) -> list[list[str]]:
    """The screens a whole session's `output` showed, frame by frame (heel writes each
    frame's lines top to bottom, so a frame begins where the cursor goes back up)."""
    screen = Emulator(width, height)
    screen.write(output)
    return [*screen.shown[1:], screen.lines()]


def _take_terminal() -> None:
    # In the child, after setsid: make the pty our controlling terminal, as a shell would,
    # so Ctrl-C, Ctrl-Z and window-size changes reach us from the terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _cpu_so_far(pid: int) -> float:
    """User + system CPU seconds a running process has used (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when `pid` exits: Linux 5.3 and newer only."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


class Terminal:
    """A pty of `cols` x `rows` running `heel ARGS...`."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, cols: int = 80,
                 rows: int = 24, heel: str = HEEL) -> None:
        self.master: int | None
        self.master, self.slave = os.openpty()
        self.resize(cols, rows)
        self.before = termios.tcgetattr(self.slave)
        child_env = {k: v for k, v in os.environ.items()
                     if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
        child_env.update({"TERM": "xterm-256color", **(env or {})})
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [heel, *args], stdin=self.slave, stdout=self.slave, stderr=self.slave,
            env=child_env, start_new_session=True, preexec_fn=_take_terminal)
        self.output = bytearray()
        self.screen = Emulator(cols, rows, strict=False)  # what a person sees, as it changes
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self.first_output: float | None = None
        self.cpu_at_first_output = 0.0
        self.chunks: list[tuple[float, int]] = []

    def attrs(self) -> list:
        return termios.tcgetattr(self.slave)

    def resize(self, cols: int, rows: int) -> None:
        """Like dragging the window edge: the kernel sends SIGWINCH to the foreground job."""
        self.cols, self.rows = cols, rows
        if (screen := getattr(self, "screen", None)) is not None:
            screen.resize(cols, rows)  # the terminal redraws: what it showed is gone
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read(self, timeout: float) -> bytes:
        if self.master is None:  # hung up: nothing more to see
            time.sleep(timeout)  # real-time: stands in for the wait on the pty
            return b""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        if chunk and self.first_output is None:
            self.first_output = time.monotonic() - self.started
            self.cpu_at_first_output = _cpu_so_far(self.proc.pid)
        if chunk:
            self.chunks.append((time.monotonic() - self.started, len(chunk)))
        self.output += chunk
        text = self._pending + self._decoder.decode(chunk)
        cut = re.search(r"\x1b(\[[0-9;?]*)?$", text)  # a sequence the next read completes
        self._pending = text[cut.start():] if cut else ""
        self.screen.write(text[:cut.start()] if cut else text)
        return chunk

    def expect(self, pattern: bytes, timeout: float = 10.0) -> float:
        """Seconds until `pattern` (a regex) appears in what is printed from now on."""
        start = time.monotonic()
        seen = bytearray()
        while time.monotonic() - start < timeout:
            seen += self.read(0.02)
            if re.search(pattern, seen):
                return time.monotonic() - start
        raise AssertionError(f"{pattern!r} not on screen after {timeout} s; "
                             f"last output: {bytes(self.output[-600:])!r}")

    def expect_shown(self, pattern: str, timeout: float = 10.0) -> None:
        """Wait until `pattern` (a regex) is on the screen, as a person would see it: a
        line heel drew once and left there counts (heel rewrites only what changes)."""
        start = time.monotonic()
        seen = len(self.screen.shown)
        while True:
            screens = [*self.screen.shown[seen:], self.screen.lines()]
            if any(re.search(pattern, "\n".join(lines)) for lines in screens):
                return
            seen = len(self.screen.shown)
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{pattern!r} not on screen after {timeout} s")
            self.read(0.02)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def hangup(self) -> None:
        """Like closing the terminal window: the kernel hangs up the terminal (SIGHUP to
        the process, and its writes fail from then on)."""
        os.close(self.master)
        self.master = None

    def kill(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def wait_stopped(self, timeout: float = 10.0) -> None:
        """Wait until the process is stopped (as after Ctrl-Z)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.proc.pid, os.WUNTRACED | os.WNOHANG)
            if pid and os.WIFSTOPPED(status):
                return
            self.read(0.02)
        raise AssertionError("the process did not stop")

    def wait_reading(self, timeout: float = 10.0) -> None:
        """Wait until the process sleeps in a read of its terminal (a prompt is printed a
        moment before input() starts: a key sent in between races the prompt)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(f"/proc/{self.proc.pid}/wchan", encoding="ascii") as wchan:
                if wchan.read().strip() in ("wait_woken", "n_tty_read"):
                    return
            self.read(0.02)
        raise AssertionError("the process is not reading its terminal")

    def finish(self, timeout: float = 20.0) -> Finished:
        """Read until the process exits (killing it after `timeout`); what it did."""
        deadline = time.monotonic() + timeout
        killed = False
        pidfd = _pidfd(self.proc.pid)
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 and not killed:
                    os.kill(self.proc.pid, signal.SIGKILL)
                    killed = True
                if self._exited(pidfd, max(left, 0.01)):
                    break
        finally:
            wall = time.monotonic() - self.started
            if pidfd is not None:
                os.close(pidfd)
        _, status, usage = os.wait4(self.proc.pid, 0)
        while self.read(0.01):
            pass
        code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = code  # reaped by wait4: keep Popen from waiting again
        return Finished(wall, self.first_output or wall, usage.ru_utime + usage.ru_stime,
                        usage.ru_maxrss, code, bytes(self.output), self.cpu_at_first_output,
                        tuple(self.chunks))

    def _exited(self, pidfd: int | None, timeout: float) -> bool:
        """Read what comes within `timeout`; whether the process has exited (not reaped).

        A pidfd beside the pty shows the exit the moment it happens; without one a 1 ms
        poll does, a little later (that error would land in the drift figure).
        """
        if pidfd is not None:
            watched = [pidfd] if self.master is None else [self.master, pidfd]
            ready, _, _ = select.select(watched, [], [], timeout)
            if self.master is not None and self.master in ready:
                self.read(0)
            return pidfd in ready
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                return True
            self.read(0.001)
        return False

    def close(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
            self.proc.wait()
        if self.master is not None:
            os.close(self.master)
        os.close(self.slave)
