"""Everything the CLI takes from the outside world, in one object that tests can replace."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from heelcli.runner import Clock, Keys


class SleepKeys:
    """No keyboard (stdin is not a terminal): waiting is plain sleeping."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._sleep = sleep

    def wait(self, timeout: float) -> str | None:
        if timeout > 0:
            self._sleep(timeout)
        return None


@dataclass
class Environment:
    clock: Clock = time.monotonic
    keys: Keys = field(default_factory=SleepKeys)
    stdin_isatty: bool = field(default_factory=lambda: sys.stdin.isatty())
    catalog_path: Path | None = None  # None: the built-in exercise file
    console: Console = field(default_factory=lambda: Console(highlight=False))
