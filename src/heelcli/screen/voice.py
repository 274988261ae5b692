"""Speak cues through the system's speech command, in the background.

Speech never blocks the timer: each cue starts a process and returns at once. A cue still
being spoken when the next one arrives is cut short, because the screen has moved on.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Callable
from typing import Protocol

from heelcli.engine.errors import HeelError

COMMANDS = ("espeak-ng", "espeak", "spd-say", "say")
CLOSE_WAIT = 5.0  # seconds the last cue may take to finish once the session is over


class Speech(Protocol):
    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


def _spawn(argv: list[str]) -> Speech:
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def find_command(command: str | None) -> list[str]:
    """The speech command to run: `command` (split like a shell would) or the first found."""
    if command is not None:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise HeelError(f"--voice-cmd {command!r}: {exc}") from None
        if not argv:
            raise HeelError("--voice-cmd is empty")
        if shutil.which(argv[0]) is None:
            raise HeelError(f"speech command not found: {argv[0]}")
        return argv
    for name in COMMANDS:
        if shutil.which(name):
            return [name]
    raise HeelError(f"--voice needs a speech command; none of {', '.join(COMMANDS)} "
                    "was found (install espeak-ng, or name one with --voice-cmd)")


class Voice:
    def __init__(self, argv: list[str], spawn: Callable[[list[str]], Speech] = _spawn) -> None:
        self.argv = argv
        self._spawn = spawn
        self._speaking: Speech | None = None

    def say(self, text: str) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
            self._speaking.wait()
        # The text is one argument, never parsed by a shell; a leading dash is not an option.
        self._speaking = self._spawn([*self.argv, text.lstrip("- ")])

    def close(self, *, finish: bool = True) -> None:
        """Let the last cue finish (briefly) unless told not to, then stop speaking."""
        if self._speaking is not None:
            try:
                self._speaking.wait(timeout=CLOSE_WAIT if finish else 0)
            except subprocess.TimeoutExpired:
                self._speaking.terminate()
                self._speaking.wait()
            self._speaking = None
