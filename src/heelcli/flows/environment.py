"""Everything the CLI takes from the outside world, in one object that tests can replace."""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from rich.console import Console  # every command that takes an Environment prints with it

if TYPE_CHECKING:  # the engine is not needed to list or explain exercises
    from os import PathLike
    from pathlib import Path

    from heelcli.engine.runner import Clock, Keys

MIN_WIDTH = 20  # narrower (COLUMNS=0 or 1) would leave pages blank or a letter a line


class Environment:
    """The clock, keyboard, terminal, time zone and data home a command works with."""

    def __init__(self, *, clock: Clock = time.monotonic, keys: Keys | None = None,
                 stdin_isatty: bool | None = None, stdout_isatty: bool | None = None,
                 catalog_path: str | PathLike[str] | None = None,
                 console: Console | None = None, err_console: Console | None = None,
                 now: Callable[[], datetime] | None = None,
                 home: Callable[[], Path] | None = None,
                 history_timeout: float | None = None) -> None:
        self.clock = clock
        self.keys = keys  # None: the real keyboard and signals (heelcli.screen.terminal)
        self.stdin_isatty = _isatty(sys.stdin) if stdin_isatty is None else stdin_isatty
        # Whether a person watches stdout: that, not rich's colour decision (FORCE_COLOR),
        # chooses a live screen over a line per step.
        self.stdout_isatty = _isatty(sys.stdout) if stdout_isatty is None else stdout_isatty
        self.catalog_path = catalog_path  # None: the built-in exercise file
        self.console = _console() if console is None else console
        self._err_console = err_console
        self.now = now or _now
        self.home = home or _default_home
        # Seconds to wait for another heel's write; None: heelcli.store.history.BUSY_TIMEOUT.
        self.history_timeout = history_timeout

    def has_history(self) -> bool:
        """Whether a history file exists; for the default home, without importing pathlib
        or the store (a dry run with no history reads nothing)."""
        from heelcli.store.places import FILE_NAME, home_dir

        home = home_dir() if self.home is _default_home else os.fspath(self.home())
        return os.path.exists(os.path.join(home, FILE_NAME))

    @property
    def err_console(self) -> Console:
        """A console on stderr, for a session whose stdout carries JSON."""
        if self._err_console is None:
            self._err_console = _console(stderr=True)
        return self._err_console

    def open_keys(self) -> AbstractContextManager[Keys]:
        if self.keys is not None:
            return nullcontext(self.keys)
        from heelcli.screen.terminal import TerminalInput

        return TerminalInput(sys.stdin.fileno() if self.stdin_isatty else None)


def print_json(data: object) -> None:
    """The one JSON printer: indented, exact even where stdout cannot hold every character."""
    import json

    from heelcli.engine.errors import json_text
    from heelcli.screen.charset import unicode_ok

    stream = sys.stdout
    if stream is None:
        return
    # Where stdout cannot hold every character (LC_ALL=C), \u escapes keep the JSON exact.
    # json_text: C1 and bidi escaped too, as `heel history --json` does.
    stream.write(json_text(json.dumps(data, indent=2,
                                      ensure_ascii=not unicode_ok(stream.encoding))) + "\n")
    stream.flush()


def local_now() -> datetime:
    """The wall clock where the user is: the one place heel reads today's date (tests
    replace it, so none of them depends on the day it runs)."""
    return datetime.now().astimezone()


def _now() -> datetime:
    return local_now()  # looked up at each call, so replacing local_now reaches every user


def _isatty(stream: TextIO | None) -> bool:
    """Whether a standard stream is a terminal; False when it is closed (`0<&-`) or fake."""
    if stream is None:
        return False
    try:
        return os.isatty(stream.fileno())
    except (ValueError, OSError):  # io.UnsupportedOperation is both
        return False


class HeelConsole(Console):
    """rich's Console, but a closed pipe is a failed write like any other. rich itself
    would exit on the spot, before a workout could record that it stopped."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def _console(*, stderr: bool = False) -> Console:
    # Plain strings print as they are: no markup or :emoji: codes to interpret (nor to
    # import the modules that would), so text from a file can never style the terminal.
    console = HeelConsole(highlight=False, markup=False, emoji=False, stderr=stderr)
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    return console


def _default_home() -> Path:
    from pathlib import Path

    from heelcli.store.places import home_dir

    return Path(home_dir())
