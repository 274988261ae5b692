"""Errors a user can cause. The CLI prints them in one line each and exits with code 2."""

from __future__ import annotations

import re
from typing import NamedTuple

# Text from a file must never steer the terminal: C0 controls (but tab and newline),
# DEL, C1 controls, and the bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitise(text: str) -> str:
    """Show control characters as escapes, so a message quoting a file stays plain text."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class Problem(NamedTuple):
    """One thing wrong in a file, at a place a text editor can jump to."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        path, message = sanitise(self.path), sanitise(self.message)
        if self.line <= 0:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column}: {message}"


class HeelError(Exception):
    """A mistake in the user's input or options; shown without a traceback."""


class CatalogError(HeelError):
    """An exercise file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self.problems[0]) if self.problems else "invalid file")
