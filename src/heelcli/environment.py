"""Everything the CLI takes from the outside world, in one object that tests can replace."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine is not needed to list or explain exercises
    from os import PathLike
    from pathlib import Path

    from rich.console import Console

    from heelcli.runner import Clock, Keys


class Environment:
    """The clock, keyboard, terminal, time zone and data home a command works with."""

    def __init__(self, *, clock: Clock = time.monotonic, keys: Keys | None = None,
                 stdin_isatty: bool | None = None, catalog_path: str | PathLike[str] | None = None,
                 console: Console | None = None, now: Callable[[], datetime] | None = None,
                 home: Callable[[], Path] | None = None,
                 history_timeout: float | None = None) -> None:
        self.clock = clock
        self.keys = keys  # None: the real keyboard and signals (heelcli.terminal)
        self.stdin_isatty = sys.stdin.isatty() if stdin_isatty is None else stdin_isatty
        self.catalog_path = catalog_path  # None: the built-in exercise file
        self.console = _console() if console is None else console
        self.now = now or _now
        self.home = home or _default_home
        # Seconds to wait for another heel's write; None: heelcli.history.BUSY_TIMEOUT.
        self.history_timeout = history_timeout

    def open_keys(self) -> AbstractContextManager[Keys]:
        if self.keys is not None:
            return nullcontext(self.keys)
        from heelcli.terminal import TerminalInput

        return TerminalInput(sys.stdin.fileno() if self.stdin_isatty else None)


def local_now() -> datetime:
    """The wall clock where the user is: the one place heel reads today's date (tests
    replace it, so none of them depends on the day it runs)."""
    return datetime.now().astimezone()


def _now() -> datetime:
    return local_now()  # looked up at each call, so replacing local_now reaches every user


def _console() -> Console:
    from rich.console import Console

    # Plain strings print as they are: no markup or :emoji: codes to interpret (nor to
    # import the modules that would), so text from a file can never style the terminal.
    return Console(highlight=False, markup=False, emoji=False)


def _default_home() -> Path:
    from heelcli.history import default_home

    return default_home()
