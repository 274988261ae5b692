"""Everything the CLI takes from the outside world, in one object that tests can replace."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.console import Console

from heelcli.runner import Clock, Keys


@dataclass
class Environment:
    clock: Clock = time.monotonic
    keys: Keys | None = None  # None: the real keyboard and signals (heelcli.terminal)
    stdin_isatty: bool = field(default_factory=lambda: sys.stdin.isatty())
    catalog_path: Path | None = None  # None: the built-in exercise file
    console: Console = field(default_factory=lambda: Console(highlight=False))
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    home: Callable[[], Path] = field(default=lambda: _default_home())

    def open_keys(self) -> AbstractContextManager[Keys]:
        if self.keys is not None:
            return nullcontext(self.keys)
        from heelcli.terminal import TerminalInput

        return TerminalInput(sys.stdin.fileno() if self.stdin_isatty else None)


def _default_home() -> Path:
    from heelcli.history import default_home

    return default_home()
