"""Errors a user can cause, and failures of the world around heel. The CLI prints each in
one line and exits with its code: 2 for bad usage or a bad input file, 1 for the rest."""

from __future__ import annotations

from collections.abc import Iterable

from heelcli.engine.typedtuple import TypedTuple

# Text from a file must never steer the terminal: C0 controls (but tab and newline),
# DEL, C1 controls, and the bidirectional overrides and isolates. A translate table rather
# than a regex: compiling that character class took 0.7 ms of every start.
_ESCAPES = {c: repr(chr(c))[1:-1] for c in (*range(0x00, 0x09), *range(0x0b, 0x20),
                                            *range(0x7f, 0xa0), *range(0x202a, 0x202f),
                                            *range(0x2066, 0x206a))}


def sanitise(text: str) -> str:
    """Show control characters as escapes, so a message quoting a file stays plain text."""
    return text.translate(_ESCAPES)


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in _ESCAPES}


def json_text(text: str) -> str:
    """JSON from json.dumps(ensure_ascii=False) with the controls it leaves raw (DEL, C1,
    bidi) escaped too: still valid JSON that reads back the same, but plain on a terminal."""
    return text.translate(_JSON_ESCAPES)


def first_control(text: str) -> str | None:
    """The first character sanitise would escape, if any."""
    if text.translate(_ESCAPES) == text:
        return None
    return next(ch for ch in text if ord(ch) in _ESCAPES)


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name a mistyped one most likely meant, or None when none is close (difflib's
    ratio under 0.6). Of equally close names, the one sharing the first letter: mun is mon,
    not sun. Every lookup by id or name uses this, so all suggest alike."""
    import difflib  # only for a mistake: it costs every start otherwise

    best: tuple[float, bool, str] | None = None
    for name in sorted(set(known)):
        ratio = difflib.SequenceMatcher(None, word, name).ratio()
        if ratio >= 0.6 and (best is None or (ratio, name[:1] == word[:1]) > best[:2]):
            best = (ratio, name[:1] == word[:1], name)
    return None if best is None else best[2]


def did_you_mean(name: str | None) -> str:
    """The one wording of a suggestion, to follow what was not found: " (did you mean
    'bridge'?)", or '' for no suggestion."""
    return f" (did you mean {name!r}?)" if name else ""


class Problem(TypedTuple):
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
    """A mistake in the user's input or options; shown without a traceback, exit code 2."""


class RuntimeFailure(HeelError):
    """Not the user's mistake: a busy or unwritable file. Shown the same way, exit code 1."""


class CatalogError(HeelError):
    """An exercise file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self.problems[0]) if self.problems else "invalid file")
