from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from heelcli.environment import Environment, HeelConsole

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class ScriptedKeys:
    """Keys 'pressed' at given seconds after creation; waiting advances the fake clock."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]] = ()) -> None:
        self.clock = clock
        self.script = sorted((clock.now + at, key) for at, key in script)
        self.waits: list[float] = []

    def wait(self, timeout: float) -> str | None:
        self.waits.append(timeout)
        if self.script and self.script[0][0] <= self.clock.now + timeout:
            at, key = self.script.pop(0)
            self.clock.now = max(self.clock.now, at)
            return key
        self.clock.now += timeout
        return None


def make_console(*, terminal: bool, width: int = 80) -> Console:
    # No file: rich writes to sys.stdout at print time, which CliRunner captures.
    return HeelConsole(width=width, force_terminal=terminal,
                   color_system=None, highlight=False, legacy_windows=False)


def on_terminal(env: Environment, width: int = 80) -> Environment:
    """A person watching stdout on a terminal `width` columns wide."""
    env.console = make_console(terminal=True, width=width)
    env.stdout_isatty = True
    return env


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def visible(text: str) -> str:
    """Terminal output without cursor movement and colour codes."""
    return _ANSI.sub("", text)


@pytest.fixture(autouse=True)
def _plain_world(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    monkeypatch.setenv("HEEL_HOME", str(tmp_path_factory.mktemp("home")))  # never ~/.local
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def env(clock: FakeClock) -> Environment:
    """A world with a fake clock, no keyboard and a non-terminal console."""
    return Environment(clock=clock, keys=ScriptedKeys(clock), stdin_isatty=False,
                       stdout_isatty=False,
                       console=make_console(terminal=False), catalog_path=MINI)
